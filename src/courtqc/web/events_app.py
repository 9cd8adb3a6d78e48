"""The CMS event API on its own (`courtqc ingest serve`): ingestion's EventService
(courtqc.ingest.events_api) behind the platform's CMS-key check, court tree and audit log.

The service is ingestion's; the key check, court tree and audit log are the platform's, a layer
above, so the app that joins them lives here. The platform itself serves the same service at
POST /api/events (courtqc.web.api.events).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from courtqc.errors import CourtqcError
from courtqc.ingest.events_api import EventIn, EventOut, EventScope, EventService, read_body
from courtqc.ingest.mapping import Mapper, load_mapping
from courtqc.web import audit
from courtqc.web.db import Cursors, ensure_platform
from courtqc.web.deps import client_of, require
from courtqc.web.security import Settings
from courtqc.web.visibility import CourtTree, Principal

log = logging.getLogger("courtqc.ingest.events")  # the name it has always logged under


def create_app(
    db: str | Path | duckdb.DuckDBPyConnection, mapping: str | Path | Mapper = "simcms"
) -> FastAPI:
    """The event API over a store (a path or an open connection) and a mapping. Callers
    authenticate with the platform's CMS keys (`courtqc apikey create`), as POST /api/events."""
    con = db if isinstance(db, duckdb.DuckDBPyConnection) else duckdb.connect(str(db))
    mapper = mapping if isinstance(mapping, Mapper) else load_mapping(mapping)
    ensure_platform(con)
    service = EventService(con, mapper)
    app = FastAPI(
        title="courtqc CMS event API",
        description="审判管理系统节点事件接口：案件到达节点即检查，同步返回预警 (case reached a node → "
        "alerts). 以办案系统接口密钥访问 (CMS keys: X-API-Key: cqk_...)",
        version="2",
    )
    app.state.service = service
    app.state.store = Cursors(con)
    app.state.tree = CourtTree.load(con)
    app.state.settings = Settings()
    keys = con.execute(
        "SELECT count(*) FROM api_keys WHERE role = 'cms' AND NOT revoked"
    ).fetchone()[0]
    if not keys:
        log.warning(
            "no CMS API key in this store: every event will be refused (401); create one with "
            "`courtqc apikey create --db STORE --court CODE --name NAME`"
        )

    @app.exception_handler(CourtqcError)
    async def deliberate(request: Request, exc: CourtqcError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.status)

    @app.post(
        "/events",
        response_model=EventOut,
        responses={
            401: {"description": "no or bad CMS key"},
            403: {"description": "case or rows outside the key's court tree or the named case"},
            404: {"description": "unknown case"},
            409: {"description": "stale event: a later one of the case was applied"},
            413: {"description": "body too large or nested too deep"},
            422: {"description": "bad event, payload or Idempotency-Key"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": EventIn.model_json_schema()}},
            }
        },
    )
    async def post_event(
        request: Request,
        idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
        p: Principal = Depends(require("events.post")),
    ) -> JSONResponse:
        """案件到达节点 — a case reached a node: apply its rows, run node mode, return the alerts."""
        body = await read_body(request)
        out = await run_in_threadpool(
            service.handle, body, idempotency_key, EventScope(p.courts, p.court_code)
        )
        with app.state.store.cursor() as cur:
            audit.record(
                cur, p, "cms_event", out.case_no, out.audit_detail(idempotency_key),
                client_of(request),
            )  # fmt: skip
        headers = {"Idempotent-Replayed": "true"} if out.replayed else {}
        return JSONResponse(out.answer, status_code=out.status, headers=headers)

    @app.get("/events/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "mapping": mapper.name, "pending_checks": service.dispatcher.pending()}

    return app
