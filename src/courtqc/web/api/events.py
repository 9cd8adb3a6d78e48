"""POST /api/events: the CMS reports "case X reached node N" (courtqc.ingest.events_api does the
work: apply the case's rows through the mapping, run node mode, answer with the alerts).

This module adds what the platform owes the CMS door: a machine key, whose court tree bounds
the rows the event may write (the service checks every row, not only the case number), and the
audit entry of each event with the rows it wrote or the rows refused.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from courtqc.web import audit
from courtqc.web.deps import allowed, client_of
from courtqc.web.schemas.misc import EventAnswer

router = APIRouter(tags=["events 办案系统接口"])
EventsPostUser = allowed("events.post")
_lock = threading.Lock()


def _service(request: Request) -> Any:
    """The ingest package's event service on its own cursor (its transactions stay its own)."""
    app = request.app
    with _lock:
        if getattr(app.state, "event_service", None) is None:
            try:
                from courtqc.ingest.events_api import EventService
                from courtqc.ingest.mapping import load_mapping
            except ImportError as e:  # the ingest package is part of courtqc; kept defensive
                raise HTTPException(
                    503, f"事件接口不可用 (event intake unavailable): {e}"
                ) from None
            app.state.event_service = EventService(
                app.state.store.con.cursor(), load_mapping(app.state.mapping)
            )
        return app.state.event_service


@router.post("/api/events", response_model=EventAnswer)
async def post_event(
    request: Request,
    p: EventsPostUser,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> JSONResponse:
    """案件到达节点 — a case reached a node: its rows (in the CMS layout) are applied, the models
    bound to the node run, the alerts come back. Body: {case_no, node, occurred_at | sequence,
    case}; header Idempotency-Key (required). Every row must hang on the named case, in the
    key's court tree (docs/INGEST.md, "Event API")."""
    from courtqc.ingest.events_api import EventScope, read_body

    service = _service(request)
    body = await read_body(request)
    out = await run_in_threadpool(
        service.handle, body, idempotency_key, EventScope(p.courts, p.court_code)
    )
    with request.app.state.store.cursor() as con:
        audit.record(
            con, p, "cms_event", out.case_no, out.audit_detail(idempotency_key), client_of(request)
        )
    headers = {"Idempotent-Replayed": "true"} if out.replayed else {}
    return JSONResponse(out.answer, status_code=out.status, headers=headers)
