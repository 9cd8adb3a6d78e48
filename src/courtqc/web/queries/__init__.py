"""The API's SQL, one module per area of routes: functions taking the request's cursor (and
the caller's scope where it narrows the rows) and returning rows. Routers decide who may ask,
label, mask and audit; these modules only read."""
