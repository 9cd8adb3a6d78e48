"""The CMS event API: a CMS that calls out says "case X reached node N" and gets the alerts back.

    POST /events
    Idempotency-Key: <unique per event>
    {"case_no": "（2025）沪0115民初123号", "node": "0101" | "filing",
     "occurred_at": "2025-03-01T09:30:00",
     "case": {"tb_ajxx": [{...}], "tb_dsr": [{...}, ...]}}      ← rows in the CMS's own layout

The rows in `case` are applied through the mapping (upserts), node mode runs for the case at
that node, and the answer lists the alerts — synchronously. The answer is stored under the
idempotency key in the same transaction as the data and the alerts: a repeated key gets the
first answer back (header `Idempotent-Replayed: true`) and nothing runs again; the same key
with a different body is refused (422). Bad rows refuse the whole event (422), naming table,
row, column and reason, and nothing is applied.

`create_app(db, mapping)` returns the FastAPI app; the main server mounts it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import FastAPI, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from courtqc.domain.caseno import CaseNumberError, parse_case_no
from courtqc.domain.nodes import NODES
from courtqc.ingest.alerts import NodeDispatcher
from courtqc.ingest.apply import Applier, Change
from courtqc.ingest.mapping import Mapper, load_mapping


class EventIn(BaseModel):
    case_no: str = Field(description="案号, e.g. （2025）沪0115民初123号")
    node: str = Field(description="node reached: the CMS's node code or a courtqc node id")
    occurred_at: dt.datetime | None = Field(None, description="when the case reached the node")
    case: dict[str, list[dict[str, Any]]] = Field(
        default_factory=dict, description="the case's rows in the CMS layout, by source table"
    )


class AlertOut(BaseModel):
    model_id: str
    model_version: str
    category: str
    case_id: int
    case_no: str | None
    court_code: str | None
    party_id: int | None
    node: str | None
    node_name: str | None = None
    severity: str
    message: str
    evidence: list[dict[str, Any]]
    fingerprint: str


class EventOut(BaseModel):
    case_id: int
    case_no: str
    node: str
    node_name: str
    alerts: list[AlertOut]
    applied: dict[str, int]
    elapsed_ms: float
    check_ms: float


def _request_hash(body: bytes) -> str:
    """Of the JSON's content, so the same event re-sent with other spacing or key order is
    recognised; of the bytes when it is not JSON."""
    try:
        canon = json.dumps(
            json.loads(body), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ).encode()
    except ValueError:
        canon = body
    return hashlib.sha256(canon).hexdigest()


class EventService:
    """The work behind POST /events, on one store connection (calls are serialised)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, mapper: Mapper):
        self.con = con
        self.mapper = mapper
        self.applier = Applier(con, mapper)
        self.dispatcher = NodeDispatcher(con)
        self.lock = threading.Lock()

    def handle(self, body: bytes, key: str | None) -> tuple[int, dict[str, Any], bool]:
        """(status, answer, replayed)."""
        sha = _request_hash(body)
        with self.lock:
            if key:
                row = self.con.execute(
                    "SELECT request_sha256, status_code, response FROM ingest_event_requests WHERE idempotency_key = ?",
                    [key],
                ).fetchone()
                if row is not None:
                    if row[0] != sha:
                        return (
                            422,
                            {
                                "error": f"幂等键 {key!r} 已用于另一请求 (Idempotency-Key reused with a different body)",
                                "details": [],
                            },
                            False,
                        )
                    return row[1], json.loads(row[2]), True
            status, answer = self._run(body, key, sha)
            return status, answer, False

    def _run(self, body: bytes, key: str | None, sha: str) -> tuple[int, dict[str, Any]]:
        t0 = time.perf_counter()
        try:
            event = EventIn.model_validate_json(body)
        except ValueError as e:
            errs = getattr(e, "errors", lambda: [])()
            details = [{"field": ".".join(map(str, x["loc"])), "reason": x["msg"]} for x in errs]
            return 422, {"error": "请求格式错误 (invalid event)", "details": details}
        node = self.mapper.node_of(event.node)
        if node is None:
            return 422, {
                "error": f"未知节点 {event.node!r} (unknown node: neither a {self.mapper.mapping.node_codes} code "
                f"nor a node id of {', '.join(NODES)})",
                "details": [],
            }
        try:
            case_no = str(parse_case_no(event.case_no))
        except CaseNumberError as e:
            return 422, {"error": str(e), "details": [{"field": "case_no", "reason": str(e)}]}
        unknown = [t for t in event.case if t not in self.mapper.targets]
        if unknown:
            return 422, {
                "error": f"映射 {self.mapper.name} 中没有源表 {unknown} (no such source tables)",
                "details": [
                    {"field": f"case.{t}", "reason": "unknown source table"} for t in unknown
                ],
            }
        changes = [
            Change(table, "U", row, position=i + 1)
            for table, rows in event.case.items()
            for i, row in enumerate(rows)
        ]
        # The rows commit first: node mode reads the store from its own session.
        self.con.execute("BEGIN")
        try:
            res = self.applier.apply(changes, source="api", quarantine=False)
            if res.rejected:
                self.con.execute("ROLLBACK")
                return 422, {
                    "error": "案件数据无法映射，未写入 (the case payload has bad rows; nothing was applied)",
                    "details": [
                        {
                            "table": r.table,
                            "row": r.position,
                            "column": r.column,
                            "reason": r.reason,
                        }
                        for r in res.rejected
                    ],
                }
            row = self.con.execute(
                "SELECT case_id FROM cases WHERE case_no = ?", [case_no]
            ).fetchone()
            if row is None:
                self.con.execute("ROLLBACK")
                return 404, {
                    "error": f"找不到案件 {case_no}，请在 case 中附上案件行 (no such case: send its row in `case`)",
                    "details": [],
                }
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        # Then the check, its alerts and the stored answer, together: a retry after a crash
        # in between re-applies the same rows (upserts) and checks again (same fingerprints).
        self.con.execute("BEGIN")
        try:
            t1 = time.perf_counter()
            outcome, _ = self.dispatcher.check_now(int(row[0]), node, "api")
            answer = {
                "case_id": int(row[0]),
                "case_no": case_no,
                "node": node,
                "node_name": NODES[node].name_zh,
                "alerts": outcome.alerts,
                "applied": res.upserted,
                "check_ms": round((time.perf_counter() - t1) * 1000, 3),
                "elapsed_ms": round((time.perf_counter() - t0) * 1000, 3),
            }
            if key:
                self.con.execute(
                    "INSERT INTO ingest_event_requests (idempotency_key, request_sha256, status_code, response, "
                    "created_at) VALUES (?, ?, 200, ?, ?)",
                    [
                        key,
                        sha,
                        json.dumps(answer, ensure_ascii=False),
                        dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    ],
                )
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return 200, answer


def create_app(
    db: str | Path | duckdb.DuckDBPyConnection, mapping: str | Path | Mapper = "simcms"
) -> FastAPI:
    """The event API over a store (a path or an open connection) and a mapping."""
    con = db if isinstance(db, duckdb.DuckDBPyConnection) else duckdb.connect(str(db))
    mapper = mapping if isinstance(mapping, Mapper) else load_mapping(mapping)
    service = EventService(con, mapper)
    app = FastAPI(
        title="courtqc CMS event API",
        description="审判管理系统节点事件接口：案件到达节点即检查，同步返回预警 (case reached a node → alerts)",
        version="1",
    )
    app.state.service = service

    @app.post(
        "/events",
        response_model=EventOut,
        responses={
            422: {"description": "bad event or payload"},
            404: {"description": "unknown case"},
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
    ) -> JSONResponse:
        """案件到达节点 — a case reached a node: apply its rows, run node mode, return the alerts."""
        body = await request.body()  # hashed for the idempotency check, then validated
        status, answer, replayed = await run_in_threadpool(service.handle, body, idempotency_key)
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        return JSONResponse(answer, status_code=status, headers=headers)

    @app.get("/events/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "mapping": mapper.name, "pending_checks": service.dispatcher.pending()}

    return app
