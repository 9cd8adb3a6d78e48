"""The API's SQL, one module per area of routes (cases, alerts, boards, reviews, manual_review,
models, admin, services, supervision, auth): functions taking the request's cursor (and the
caller's scope where it narrows the rows) and returning rows. Routers decide who may ask,
label, mask and audit; these modules read, and write only the rows their area keeps (review
batches, review tasks, a rehashed password)."""
