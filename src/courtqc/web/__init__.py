"""The web platform: HTTP API, security for three court levels, and the boards' UI.

`courtqc serve --db D` runs it; `create_app(db)` builds the FastAPI app for other servers.
"""

from courtqc.web.app import create_app

__all__ = ["create_app"]
