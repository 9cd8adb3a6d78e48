"""What the tests share that is not a fixture: small courts built by hand, rows in the CMS's
layout, the CDC tests' process helpers, an HTTPS receiver, and `wait_until` for state that a
background thread or process reaches. Fixtures live in the conftest.py files and import from
here."""
