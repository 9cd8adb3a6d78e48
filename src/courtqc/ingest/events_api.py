"""The CMS event API: a CMS that calls out says "case X reached node N" and gets the alerts back.

    POST /events
    X-API-Key: cqk_...                          (or Authorization: Bearer cqk_...)
    Idempotency-Key: <unique per event, required>
    {"case_no": "（2025）沪0115民初123号", "node": "0101" | "filing",
     "occurred_at": "2025-03-01T09:30:00", "sequence": 17,
     "case": {"tb_ajxx": [{...}], "tb_dsr": [{...}, ...]}}      ← rows in the CMS's own layout

The contract (docs/INGEST.md, "Event API"):

- **Keys.** The caller is a CMS machine key of the platform (`courtqc apikey create`), the same
  keys `courtqc serve` takes; the key's court tree bounds what it may write.
- **Scope.** Every row must hang on the case the event names, in that tree; reference tables are
  never written (courtqc.ingest.event_scope). One offending row refuses the whole event (403,
  naming the rows) and nothing is written.
- **Order.** Per case, by `sequence` where the event and the last applied one both have it, else
  by `occurred_at` (one of the two is required): an event older than the last applied one for
  its case is stale — answered 409, stored under its key, not applied.
- **Values** are checked against the canonical column types before anything is written (422
  naming table, row and column; `field` gives the JSON path).
- **Limits.** Bodies over MAX_BODY_BYTES (413), JSON nested deeper than MAX_DEPTH (413), more
  than MAX_ROWS rows (413).
- **Idempotency.** The answer is stored under the key (per court) in the transaction of the
  check: the same key again gets the first answer (`Idempotent-Replayed: true`) and nothing runs;
  the same key with another body is refused (422).

`courtqc ingest serve` runs this service alone behind the platform's key check
(courtqc.web.events_app); the platform serves it at POST /api/events (courtqc.web.api.events).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import threading
import time
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import duckdb
import pydantic_core
from fastapi import Request
from pydantic import BaseModel, Field, ValidationError, model_validator

from courtqc.clock import utcnow
from courtqc.domain.caseno import CaseNumberError, parse_case_no
from courtqc.domain.nodes import NODES
from courtqc.errors import Conflict, CourtqcError, Forbidden, InvalidInput, NotFound, TooLarge
from courtqc.ingest import event_scope
from courtqc.ingest.alerts import NodeDispatcher
from courtqc.ingest.apply import Applier, Change
from courtqc.ingest.event_scope import MappedRow
from courtqc.ingest.mapping import Mapper, MapValueError, canonical_columns
from courtqc.transaction import transaction

MAX_BODY_BYTES = 8 * 1024 * 1024  # a case with its documents fits many times over
MAX_DEPTH = 32  # a valid event nests 4 deep: {case: {table: [{column: value}]}}
MAX_ROWS = 10_000
MAX_KEY_CHARS = 200
_EVENTS_DDL = files(__package__).joinpath("events.sql").read_text(encoding="utf-8")

# Integer ranges of the canonical column types (DuckDB names).
_INT_RANGE: dict[str, tuple[int, int]] = {
    "TINYINT": (-(2**7), 2**7 - 1),
    "SMALLINT": (-(2**15), 2**15 - 1),
    "INTEGER": (-(2**31), 2**31 - 1),
    "BIGINT": (-(2**63), 2**63 - 1),
    "HUGEINT": (-(2**127), 2**127 - 1),
    "UTINYINT": (0, 2**8 - 1),
    "USMALLINT": (0, 2**16 - 1),
    "UINTEGER": (0, 2**32 - 1),
    "UBIGINT": (0, 2**64 - 1),
}


class EventIn(BaseModel):
    case_no: str = Field(max_length=100, description="案号, e.g. （2025）沪0115民初123号")
    node: str = Field(
        max_length=100, description="node reached: the CMS's node code or a courtqc node id"
    )
    occurred_at: dt.datetime | None = Field(
        None, description="when the case reached the node (orders the case's events)"
    )
    sequence: int | None = Field(
        None,
        ge=0,
        le=2**63 - 1,
        description="the CMS's number of the event, rising per case (orders before occurred_at)",
    )
    case: dict[str, list[dict[str, Any]]] = Field(
        default_factory=dict, description="the case's rows in the CMS layout, by source table"
    )

    @model_validator(mode="after")
    def _orderable(self) -> EventIn:
        if self.occurred_at is None and self.sequence is None:
            raise ValueError(
                "occurred_at 或 sequence 必填，事件按其排序 (occurred_at or sequence is required: "
                "events are applied in their order)"
            )
        return self


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


@dataclass(frozen=True)
class EventScope:
    """Who posts: the court tree they may write (None: any court) and the namespace of their
    idempotency keys (their court), so one court's keys never replay another's answers."""

    courts: frozenset[str] | None = None
    namespace: str | None = None


@dataclass
class EventOutcome:
    """The answer to one event and what the audit records of it."""

    status: int
    answer: dict[str, Any]
    replayed: bool = False
    case_no: str | None = None
    node: str | None = None
    written: dict[str, list[Any]] = field(default_factory=dict)
    refused: list[dict[str, Any]] = field(default_factory=list)
    stale: bool = False

    def audit_detail(self, key: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "idempotency_key": key,
            "node": self.node,
            "alerts": len(self.answer.get("alerts", [])),
            "written": self.written,
        }
        if self.refused:
            out["refused"] = self.refused
        if self.stale:
            out["stale"] = True
        if self.replayed:
            out["replayed"] = True
        if self.status >= 400:
            out["error"] = self.answer.get("error")
        return out


# --------------------------------------------------------------------------- limits


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, refused (413) as soon as it passes `limit` bytes — before it is all
    held in memory."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(int(declared), limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(size, limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size: int, limit: int) -> TooLarge:
    return TooLarge(
        f"请求体超过 {limit} 字节 (body of {size}+ bytes is over the {limit}-byte limit)"
    )


def json_depth(doc: Any) -> int:
    """How deep a parsed JSON value nests (a scalar: 0), without recursion."""
    depth, stack = 0, [(doc, 1)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict | list):
            depth = max(depth, d)
            stack.extend((x, d + 1) for x in (v.values() if isinstance(v, dict) else v))
    return depth


def parse_body(body: bytes) -> Any:
    """The body as JSON, within the limits: size (413), nesting (413; pydantic-core's parser
    stops at 200 levels by itself, in linear time, where a recursive one would crash)."""
    if len(body) > MAX_BODY_BYTES:
        raise _too_large(len(body), MAX_BODY_BYTES)
    try:
        doc = pydantic_core.from_json(body)
        too_deep = json_depth(doc) > MAX_DEPTH
    except ValueError as e:
        if "recursion limit" not in str(e):
            raise InvalidInput(
                f"请求体不是有效的 JSON (the body is not valid JSON): {e}",
                details=[{"field": "(body)", "reason": str(e)}],
            ) from None
        too_deep = True
    if too_deep:
        raise TooLarge(
            f"JSON 嵌套超过 {MAX_DEPTH} 层 (JSON nested deeper than the limit of {MAX_DEPTH})"
        )
    return doc


def check_idempotency_key(key: str | None) -> str:
    """The Idempotency-Key header: required, not blank, at most MAX_KEY_CHARS printable chars."""
    if key is None or not key.strip():
        raise InvalidInput(
            "缺少 Idempotency-Key 请求头，或其为空 (the Idempotency-Key header is required and "
            "must not be empty)",
            details=[{"field": "Idempotency-Key", "reason": "required"}],
        )
    if len(key) > MAX_KEY_CHARS or not key.isprintable():
        raise InvalidInput(
            f"Idempotency-Key 须为不超过 {MAX_KEY_CHARS} 个可打印字符 (at most {MAX_KEY_CHARS} "
            "printable characters)",
            details=[{"field": "Idempotency-Key", "reason": "too long or not printable"}],
        )
    return key.strip()


def _request_hash(doc: Any) -> str:
    """Of the JSON's content, so the same event re-sent with other spacing or key order is
    recognised."""
    canon = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8", "surrogatepass")).hexdigest()


def _utc(t: dt.datetime | None) -> dt.datetime | None:
    if t is None or t.tzinfo is None:
        return t
    return t.astimezone(dt.UTC).replace(tzinfo=None)


def _json_key(key: tuple) -> Any:
    k = [v.isoformat() if isinstance(v, dt.date) else v for v in key]
    return k[0] if len(k) == 1 else k


# --------------------------------------------------------------------------- values


def _source_problems(mapper: Mapper, case: dict[str, list[dict[str, Any]]]) -> list[dict]:
    """Source values the mapping reads must be JSON scalars (finite numbers)."""
    out = []
    for table, rows in case.items():
        read = mapper.source_columns(table)
        for i, row in enumerate(rows):
            for col in read & set(row):
                v = row[col]
                bad = None
                if isinstance(v, dict | list):
                    bad = "须为单个值，不能是对象或数组 (must be a single value, not an object or array)"
                elif isinstance(v, float) and not math.isfinite(v):
                    bad = f"{v} 不是有限数值 (not a finite number)"
                elif isinstance(v, str) and not _utf8(v):
                    bad = "含无效字符 (invalid characters: lone surrogate)"
                if bad:
                    out.append(_problem(table, i, col, bad))
    return out


def _utf8(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _problem(table: str, i: int, column: str | None, reason: str) -> dict[str, Any]:
    return {
        "table": table,
        "row": i + 1,
        "column": column,
        "field": f"case.{table}[{i}]" + (f".{column}" if column else ""),
        "reason": reason,
    }


def _value_problems(rows: list[MappedRow]) -> list[dict]:
    """Mapped values out of their canonical column's range (99999999999 in an INTEGER)."""
    types = canonical_columns()
    out = []
    seen: set[tuple] = set()
    for r in rows:
        cols = types[r.target.table]
        for getter, v in zip(r.target.getters, r.values, strict=True):
            if v is None:
                continue
            ty = cols[getter.name].type.upper()
            reason = None
            if ty in _INT_RANGE and isinstance(v, int):
                lo, hi = _INT_RANGE[ty]
                if not lo <= v <= hi:
                    reason = f"{v} 超出 {ty} 范围 [{lo}, {hi}] (out of range for {ty})"
            elif isinstance(v, str) and not _utf8(v):
                reason = "含无效字符 (invalid characters)"
            where = (r.source_table, r.position, getter.source)
            if reason and where not in seen:  # a source column feeding two tables: once
                seen.add(where)
                p = _problem(r.source_table, r.position - 1, getter.source, reason)
                p["target"] = f"{r.target.table}.{getter.name}"
                out.append(p)
    return out


# --------------------------------------------------------------------------- the service


class EventService:
    """The work behind POST /events, on one store connection (calls are serialised)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, mapper: Mapper):
        self.con = con
        self.mapper = mapper
        self.applier = Applier(con, mapper)
        con.execute(_EVENTS_DDL)
        self.dispatcher = NodeDispatcher(con)
        self.lock = threading.Lock()

    def handle(self, body: bytes, key: str | None, scope: EventScope | None = None) -> EventOutcome:
        """One event, whole: refused, stale, or applied and checked."""
        try:
            doc = parse_body(body)
            key = check_idempotency_key(key)
        except CourtqcError as e:
            return EventOutcome(e.status, e.to_dict())
        scope = scope or EventScope()
        stored_key = f"{scope.namespace}/{key}" if scope.namespace else key
        sha = _request_hash(doc)
        with self.lock:
            row = self.con.execute(
                "SELECT request_sha256, status_code, response FROM ingest_event_requests "
                "WHERE idempotency_key = ?",
                [stored_key],
            ).fetchone()
            if row is not None:
                if row[0] != sha:
                    return EventOutcome(
                        422,
                        InvalidInput(
                            f"幂等键 {key!r} 已用于另一请求 (Idempotency-Key reused with a "
                            "different body)",
                            details=[{"field": "Idempotency-Key", "reason": "reused"}],
                        ).to_dict(),
                    )
                answer = json.loads(row[2])
                return EventOutcome(
                    row[1], answer, replayed=True, case_no=answer.get("case_no"),
                    node=answer.get("node"),
                )  # fmt: skip
            return self._run(body, stored_key, sha, scope)

    # ------------------------------------------------------------------ steps

    def _parse(self, body: bytes, scope: EventScope) -> tuple[EventIn, str, str]:
        try:
            event = EventIn.model_validate_json(body)
        except ValidationError as e:
            details = [
                {
                    "field": ".".join(map(str, x["loc"])) or "(body)",
                    "reason": x["msg"].removeprefix("Value error, "),
                }
                for x in e.errors(include_url=False, include_context=False, include_input=False)
            ]
            raise InvalidInput("请求格式错误 (invalid event)", details=details) from None
        node = self.mapper.node_of(event.node)
        if node is None:
            raise InvalidInput(
                f"未知节点 {event.node!r} (unknown node: neither a "
                f"{self.mapper.mapping.node_codes} code nor a node id of {', '.join(NODES)})",
                details=[{"field": "node", "reason": "unknown node"}],
            )
        try:
            case_no = str(parse_case_no(event.case_no))
        except CaseNumberError as e:
            raise InvalidInput(str(e), details=[{"field": "case_no", "reason": str(e)}]) from None
        court = parse_case_no(case_no).court_code
        if scope.courts is not None and court not in scope.courts:
            raise Forbidden(
                f"接口密钥所属法院 {scope.namespace} 不能报送 {court} 的案件 (case of another court)",
                details=[{"field": "case_no", "reason": "case of another court"}],
            )
        unknown = [t for t in event.case if t not in self.mapper.targets]
        if unknown:
            raise InvalidInput(
                f"映射 {self.mapper.name} 中没有源表 {unknown} (no such source tables)",
                details=[{"field": f"case.{t}", "reason": "unknown source table"} for t in unknown],
            )
        if sum(len(rows) for rows in event.case.values()) > MAX_ROWS:
            raise TooLarge(f"一个事件最多 {MAX_ROWS} 行 (at most {MAX_ROWS} rows per event)")
        return event, node, case_no

    def _map(self, event: EventIn) -> list[MappedRow]:
        """Every canonical row the event's source rows make; 422 for values that are not
        scalars, cannot be mapped, or are out of their column's range."""
        problems = _source_problems(self.mapper, event.case)
        rows: list[MappedRow] = []
        if not problems:
            for table, srows in event.case.items():
                pk = self.mapper.mapping.tables[table].primary_key
                for i, row in enumerate(srows):
                    try:
                        mapped = self.mapper.map_row(table, row)
                    except MapValueError as e:
                        problems.append(_problem(table, i, e.column, e.reason))
                        continue
                    skey = {c: row.get(c) for c in pk}
                    rows.extend(
                        MappedRow(table, i + 1, skey, tgt, key, values)
                        for tgt, key, values in mapped
                    )
            problems += _value_problems(rows)
        if problems:
            raise InvalidInput(
                "案件数据无法映射，未写入 (the case payload has bad rows; nothing was applied)",
                details=problems,
            )
        return rows

    def _stale(self, case_id: int, event: EventIn) -> dict[str, Any] | None:
        """The last applied event of the case when this one is older, else None."""
        row = self.con.execute(
            "SELECT occurred_at, sequence, node FROM ingest_event_clock WHERE case_id = ?",
            [case_id],
        ).fetchone()
        if row is None:
            return None
        last_at, last_seq, last_node = row
        at = _utc(event.occurred_at)
        if event.sequence is not None and last_seq is not None:
            older = event.sequence < last_seq
        elif at is not None and last_at is not None:
            older = at < last_at
        else:
            older = False
        if not older:
            return None
        return {
            "occurred_at": last_at.isoformat() if last_at else None,
            "sequence": last_seq,
            "node": last_node,
        }

    def _run(self, body: bytes, key: str, sha: str, scope: EventScope) -> EventOutcome:
        t0 = time.perf_counter()
        try:
            event, node, case_no = self._parse(body, scope)
            rows = self._map(event)
        except CourtqcError as e:
            return EventOutcome(e.status, e.to_dict())
        written: dict[str, list[Any]] = {}
        for r in rows:
            keys = written.setdefault(r.target.table, [])
            k = _json_key(r.key)
            if k not in keys:
                keys.append(k)
        outcome = EventOutcome(0, {}, case_no=case_no, node=node)

        # Checks and rows in one transaction: the store cannot change between them.
        try:
            with transaction(self.con):
                case = event_scope.resolve_case(self.con, case_no, rows)
                if case.case_id is None:
                    raise NotFound(
                        f"找不到案件 {case_no}，请在 case 中附上案件行 (no such case: send its row "
                        "in `case`)",
                        details=[{"field": "case_no", "reason": "no such case"}],
                    )
                if scope.courts is not None and case.stored_court not in (None, *scope.courts):
                    raise Forbidden(
                        f"案件 {case_no} 属 {case.stored_court}，不在本密钥法院范围 (case of "
                        "another court)",
                        details=[{"field": "case_no", "reason": "case of another court"}],
                    )
                offences = event_scope.check_rows(self.con, case, case_no, rows, scope.courts)
                if offences:
                    outcome.refused = [o.to_dict() for o in offences]
                    raise Forbidden(
                        f"事件只能写入所报案件 {case_no} 的数据，{len(offences)} 行越界，整件未写入 "
                        f"(an event writes only the rows of the case it names: {len(offences)} "
                        "rows refused, nothing applied)",
                        details=outcome.refused,
                    )
                last = self._stale(case.case_id, event)
                if last is not None:
                    # recorded under its key, not applied: a retry gets the same answer
                    outcome.status, outcome.stale = 409, True
                    outcome.answer = {
                        **Conflict(
                            f"过期事件：案件 {case_no} 已应用更晚的事件 ({last['node']})，本事件未"
                            "应用 (stale event: a later event of this case was applied; this one "
                            "was not)"
                        ).to_dict(),
                        "stale": True,
                        "case_id": case.case_id,
                        "case_no": case_no,
                        "node": node,
                        "last_applied": last,
                    }
                    self._store_answer(key, sha, outcome)
                    return outcome  # the block commits the stored answer
                changes = [
                    Change(table, "U", row, position=i + 1)
                    for table, srows in event.case.items()
                    for i, row in enumerate(srows)
                ]
                res = self.applier.apply(changes, source="api", quarantine=False)
                if res.rejected:
                    raise InvalidInput(
                        "案件数据无法写入，未写入 (the case payload has bad rows; nothing was applied)",
                        details=[
                            {"table": r.table, "row": r.position, "column": r.column,
                             "reason": r.reason}
                            for r in res.rejected
                        ],
                    )  # fmt: skip
                self.con.execute(
                    "INSERT OR REPLACE INTO ingest_event_clock VALUES (?, "
                    "coalesce(?, (SELECT occurred_at FROM ingest_event_clock WHERE case_id = ?)), "
                    "coalesce(?, (SELECT sequence FROM ingest_event_clock WHERE case_id = ?)), ?, ?, ?)",
                    [case.case_id, _utc(event.occurred_at), case.case_id, event.sequence,
                     case.case_id, node, key, utcnow()],
                )  # fmt: skip
            # The rows commit first (above): node mode reads the store from its own session.
        except CourtqcError as e:  # rolled back: nothing of the event is written
            outcome.status, outcome.answer = e.status, e.to_dict()
            return outcome
        outcome.written = written
        # Then the check, its alerts and the stored answer, together: a retry after a crash
        # in between re-applies the same rows (upserts) and checks again (same fingerprints).
        with transaction(self.con):
            t1 = time.perf_counter()
            check, _ = self.dispatcher.check_now(case.case_id, node, "api")
            outcome.status = 200
            outcome.answer = {
                "case_id": case.case_id,
                "case_no": case_no,
                "node": node,
                "node_name": NODES[node].name_zh,
                "alerts": check.alerts,
                "applied": res.upserted,
                "check_ms": round((time.perf_counter() - t1) * 1000, 3),
                "elapsed_ms": round((time.perf_counter() - t0) * 1000, 3),
            }
            self._store_answer(key, sha, outcome)
        return outcome

    def _store_answer(self, key: str, sha: str, outcome: EventOutcome) -> None:
        self.con.execute(
            "INSERT INTO ingest_event_requests (idempotency_key, request_sha256, status_code, "
            "response, created_at) VALUES (?, ?, ?, ?, ?)",
            [key, sha, outcome.status, json.dumps(outcome.answer, ensure_ascii=False, default=str),
             utcnow()],
        )  # fmt: skip
