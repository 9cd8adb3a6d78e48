"""The FastAPI application: the HTTP API (OpenAPI at /api/openapi.json) and the built web UI.

from courtqc.web.app import create_app
app = create_app("demo.duckdb")        # then: uvicorn, or `courtqc serve --db demo.duckdb`
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

import duckdb
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from courtqc.errors import CourtqcError
from courtqc.web.api import (
    admin,
    alerts,
    auth,
    boards,
    cases,
    drafts,
    elements,
    events,
    identity_review,
    manual_review,
    mining,
    models,
    quality,
    reviews,
    services,
    supervision,
)
from courtqc.web.db import Store
from courtqc.web.limits import BodyLimits
from courtqc.web.registry import Registry
from courtqc.web.schemas.misc import Health
from courtqc.web.security import Settings
from courtqc.web.validation import HTTP_DEFAULTS_ZH, validation_body
from courtqc.web.visibility import CourtTree

log = logging.getLogger("courtqc.web")

STATIC_DIR = Path(str(files("courtqc.web").joinpath("static")))

_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; "
    "base-uri 'self'; form-action 'self'"
)
# /api/docs: Swagger UI from the UI bundle (static/swagger, scripts/build_web.sh) — court
# intranets reach no CDN — started by the one inline script FastAPI writes into the page.
_DOCS_CSP = _CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


def _probe_facts(con: duckdb.DuckDBPyConnection) -> None:
    """Compute the catalogue once: a fact table built by an older courtqc (same data, other
    columns) fails to bind and is rebuilt now rather than on a user's first dashboard."""
    from courtqc.indicators import Slice, compute, default_period
    from courtqc.indicators import facts as F

    try:
        compute(con, Slice(period=default_period(con)))
    except (duckdb.BinderException, duckdb.CatalogException):
        F.prepare(con)


def _install_error_handlers(app: FastAPI) -> None:
    """The one place the API turns errors into answers, each with a Chinese and English
    message and nothing of Python's insides:

    - a `CourtqcError` (courtqc.errors) → its status, `{"detail": message, "where": ...}`;
    - a request that fails validation → 422 with one message per bad field
      (courtqc.web.validation; the value sent and pydantic's wording are not echoed);
    - an `HTTPException` → as raised; Starlette's own English-only ones (unknown path,
      method not allowed) get a Chinese message first;
    - anything else → 500 with a reference id, the traceback only in the server's log.
    """

    @app.exception_handler(CourtqcError)
    async def courtqc_error(request: Request, exc: CourtqcError) -> JSONResponse:
        return JSONResponse({"detail": exc.message, **exc.to_dict()}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(validation_body(exc.errors()), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if isinstance(detail, str) and detail in HTTP_DEFAULTS_ZH:
            detail = HTTP_DEFAULTS_ZH[detail]
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        ref = uuid.uuid4().hex[:12]
        log.error("internal error %s on %s %s", ref, request.method, request.url.path, exc_info=exc)
        return JSONResponse(
            {
                "detail": f"服务器内部错误，参考编号 {ref} (internal error; reference {ref})",
                "reference": ref,
            },
            status_code=500,
        )


def create_app(
    db: str | Path,
    *,
    settings: Settings | None = None,
    models_dir: Path | None = None,
    static_dir: Path | None = None,
    prepare_facts: bool = True,
    mapping: str = "simcms",
) -> FastAPI:
    """The app serving one store. `prepare_facts` builds the indicator fact table now (if it
    is missing or stale) rather than on the first dashboard request."""
    from courtqc.engine.node import latest_data_day
    from courtqc.indicators import default_period
    from courtqc.indicators import facts as F

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        checker, _ = app.state.checker
        if checker is not None:
            checker.close()

    app = FastAPI(
        lifespan=lifespan,
        title="courtqc 审判监督管理平台 API",
        description=(
            "数助办案、数助监督、数助决策与模型工坊的接口。登录后以 Cookie（写操作须带 X-CSRF-Token）"
            "或 `Authorization: Bearer <token>` 访问；办案系统以接口密钥 `cqk_...` 访问。\n\n"
            "The API of the boards and the model workshop. Every answer is limited to the caller's "
            "court tree; reads of case data and model changes are audited."
        ),
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    store = Store(db)
    app.state.store = store
    app.state.settings = settings or Settings()
    app.state.registry = Registry(models_dir)
    app.state.checker = (None, -1)
    app.state.mapping = mapping  # CMS layout of POST /api/events payloads
    app.state.event_service = None
    with store.cursor() as con:
        app.state.tree = CourtTree.load(con)
        if prepare_facts:
            F.ensure(con, check=True)
            _probe_facts(con)
        app.state.default_period = default_period(con)
        app.state.data_day = latest_data_day(con)  # the data's "today"
        app.state.years = [  # filing years, newest first, for the period pickers
            r[0]
            for r in con.execute(
                "SELECT DISTINCT year(filing_date) FROM cases ORDER BY 1 DESC LIMIT 15"
            ).fetchall()
        ]

    for r in (auth, cases, alerts, models, reviews, supervision, boards, admin, events, services):
        app.include_router(r.router)
    app.include_router(mining.router)  # model mining (courtqc.mining)
    app.include_router(quality.router)  # data quality (courtqc.governance)
    app.include_router(identity_review.router)  # borderline identity pairs (courtqc.identity)
    app.include_router(drafts.router)  # drafts checked before signing (courtqc.drafts)
    app.include_router(elements.router)  # 要素式审判 (courtqc.elements)
    app.include_router(manual_review.router)  # 人工评查 (manual quality review)

    @app.get("/api/health", tags=["meta"], response_model=Health)
    def health() -> dict:
        return {"ok": True, "db": store.path.name}

    # The UI bundle and large JSON answers (drill-downs) compress 4-6x.
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    app.add_middleware(BodyLimits)  # body size and JSON depth caps (courtqc.web.limits)

    @app.middleware("http")
    async def headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        resp: Response = await call_next(request)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        path = request.url.path
        if path.startswith("/api/") and path != "/api/docs":
            resp.headers.setdefault("Cache-Control", "no-store")
        resp.headers.setdefault(
            "Content-Security-Policy", _DOCS_CSP if path == "/api/docs" else _CSP
        )
        return resp

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url,
            title="courtqc 接口文档 (API)",
            swagger_js_url="/swagger/swagger-ui-bundle.js",
            swagger_css_url="/swagger/swagger-ui.css",
            swagger_favicon_url="/swagger/favicon-32x32.png",
        )

    _install_error_handlers(app)

    static = static_dir or STATIC_DIR
    if (static / "index.html").is_file():
        app.mount("/", StaticFiles(directory=static, html=True), name="ui")
    else:
        log.warning(
            "web UI not built (%s missing): run scripts/build_web.sh", static / "index.html"
        )

        @app.get("/", include_in_schema=False)
        def no_ui() -> JSONResponse:
            return JSONResponse(
                {
                    "detail": "界面尚未构建：运行 scripts/build_web.sh (web UI not built); API: /api/docs"
                },
                status_code=503,
            )

    return app
