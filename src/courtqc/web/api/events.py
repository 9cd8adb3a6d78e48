"""POST /api/events: the CMS reports "case X reached node N" (courtqc.ingest.events_api does the
work: apply the case's rows through the mapping, run node mode, answer with the alerts).

This module adds what the platform owes the CMS door: a machine key, and the court tree — a
court's CMS may report only cases whose case number names a court under its own.
"""

from __future__ import annotations

import json
import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from courtqc.web import audit
from courtqc.web.deps import client_of, require
from courtqc.web.visibility import Principal

router = APIRouter(tags=["events 办案系统接口"])
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


@router.post("/api/events")
async def post_event(
    request: Request,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
    p: Principal = Depends(require("events.post")),
) -> JSONResponse:
    """案件到达节点 — a case reached a node: its rows (in the CMS layout) are applied, the models
    bound to the node run, the alerts come back. Body: {case_no, node, occurred_at, case}."""
    from courtqc.domain.caseno import CaseNumberError, parse_case_no

    body = await request.body()
    try:
        case_no = json.loads(body).get("case_no", "")
        court = parse_case_no(case_no).court_code
    except (ValueError, AttributeError, CaseNumberError) as e:
        raise HTTPException(422, f"case_no 无法解析 (cannot parse case_no): {e}") from None
    if court not in p.courts:
        raise HTTPException(
            403, f"接口密钥所属法院 {p.court_code} 不能报送 {court} 的案件 (case of another court)"
        )
    service = _service(request)
    status, answer, replayed = await run_in_threadpool(service.handle, body, idempotency_key)
    with request.app.state.store.cursor() as con:
        audit.record(
            con,
            p,
            "cms_event",
            case_no,
            {"status": status, "node": answer.get("node"), "alerts": len(answer.get("alerts", []))},
            client_of(request),
        )
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    return JSONResponse(answer, status_code=status, headers=headers)
