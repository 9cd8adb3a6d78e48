"""Run one compiled model over whatever data a connection sees and turn its rows into alerts.

The same function serves every mode: review and backtest call it on the full store, node mode on
a case's context database with `focus` set to that case. The model's applicability (families,
type codes, causes) and the scope (court, since, focus case) are applied by one wrapper query
around the model's own SQL, so they cannot differ between modes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import hashlib
import json
import string
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa  # imported here: the first import takes ~0.3 s, not to be paid by a check

from courtqc.models import pyops
from courtqc.models.conditions import sql_literal
from courtqc.models.library import CompiledModel

_ENGINE_PREFIX = "__qc_"

#: Review and backtest run a model once over every case of their scope, not over one case's
#: context: the model's time_budget_ms covers this many cases, and the budget grows with the
#: cases beyond (a 2,000 ms model has 40 s over a million cases), up to REVIEW_BUDGET_CAP_MS.
REVIEW_CASES_PER_BUDGET = 50_000
REVIEW_BUDGET_CAP_MS = 600_000


@dataclass
class Scope:
    """Which cases alerts may be about (the data read is never narrowed)."""

    focus_case_id: int | None = None
    courts: Sequence[str] | None = None
    since: dt.date | None = None  # filing date on or after
    # (case_no, court_code) of the focus case where the caller has already found that the model
    # applies to it (node mode): the wrapper then only keeps the focus case's rows, no join.
    focus_case: tuple[Any, Any] | None = None
    cases: Sequence[int] | None = None  # alerts about these cases only (node mode in batches)


@dataclass
class Alert:
    model_id: str
    model_version: str
    category: str
    case_id: int
    case_no: str | None
    court_code: str | None
    party_id: int | None
    severity: str
    message: str
    evidence: list[dict[str, Any]]
    fingerprint: str
    node: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "model_id": self.model_id,
            "model_version": self.model_version,
            "category": self.category,
            "case_id": self.case_id,
            "case_no": self.case_no,
            "court_code": self.court_code,
            "party_id": self.party_id,
            "node": self.node,
            "severity": self.severity,
            "message": self.message,
            "evidence": self.evidence,
            "fingerprint": self.fingerprint,
        }


@dataclass
class ModelRun:
    model_id: str
    model_version: str
    status: str  # ok | error | timeout
    elapsed_ms: float
    alerts: list[Alert] = field(default_factory=list)
    error: str | None = None


def fingerprint(model_id: str, case_id: int, party_id: int | None, key: Any = None) -> str:
    """Stable across runs and modes: the same finding always has the same fingerprint."""
    raw = (
        f"{model_id}|{case_id}|{'' if party_id is None else party_id}|{'' if key is None else key}"
    )
    return hashlib.sha1(raw.encode()).hexdigest()[:24]


def jsonable(v: Any) -> Any:
    if isinstance(v, decimal.Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, list | tuple):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    return v


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _display(v: Any) -> Any:
    if isinstance(v, decimal.Decimal) and v == v.to_integral_value():
        return int(v)
    return "" if v is None else v


def render_message(template: str, row: dict[str, Any]) -> str:
    values = _Missing({k: _display(v) for k, v in row.items()})
    try:
        return string.Formatter().vformat(template, (), values)
    except (ValueError, TypeError):
        # A format spec that does not fit the value (e.g. {x:,.0f} on text): plain values.
        plain = _Missing({k: str(_display(v)) for k, v in row.items()})
        return template.format_map(plain)


def applies(cm: CompiledModel, family: Any, type_code: Any, cause_name: Any) -> bool:
    """Does the model apply to a case of this family, type code and cause? The same test as
    the wrapper's (_applicability): a model that does not apply to a case gives it no alert."""
    a = cm.model.applies_to
    return (
        (not a.families or family in a.families)
        and (not a.type_codes or type_code in a.type_codes)
        and (not a.causes or cause_name in a.causes)
    )


def _applicability(cm: CompiledModel, scope: Scope) -> list[str]:
    a = cm.model.applies_to
    where = []
    if a.families:
        where.append(f"c.family IN ({', '.join(sql_literal(x) for x in a.families)})")
    if a.type_codes:
        where.append(f"c.type_code IN ({', '.join(sql_literal(x) for x in a.type_codes)})")
    if a.causes:
        where.append(f"c.cause_name IN ({', '.join(sql_literal(x) for x in a.causes)})")
    if scope.courts:
        where.append(f"c.court_code IN ({', '.join(sql_literal(x) for x in scope.courts)})")
    if scope.since:
        where.append(f"c.filing_date >= {sql_literal(scope.since)}")
    if scope.focus_case_id is not None:
        where.append(f"m.case_id = {int(scope.focus_case_id)}")
    if scope.cases is not None:
        where.append(f"m.case_id IN ({', '.join(str(int(c)) for c in scope.cases) or 'NULL'})")
    return where


def wrapped_sql(cm: CompiledModel, scope: Scope, source: str | None = None) -> str:
    """The model's SQL (or a registered relation of Python-operator rows) inside the wrapper."""
    inner = source or cm.sql
    if scope.focus_case is not None and scope.focus_case_id is not None:
        if scope.courts or scope.since:
            raise ValueError("focus_case is for node mode, which has no court or date scope")
        # The join below would pick the one cases row of the focus case, which applies: the
        # same rows with the same two values, for one join less to plan.
        case_no, court = scope.focus_case
        return (
            f"SELECT m.*, {sql_literal(case_no)} AS {_ENGINE_PREFIX}case_no, "
            f"{sql_literal(court)} AS {_ENGINE_PREFIX}court FROM ({inner}) m "
            f"WHERE m.case_id = {int(scope.focus_case_id)}"
        )
    return _joined_to_cases(inner, _applicability(cm, scope))


def _joined_to_cases(inner: str, where: list[str]) -> str:
    """The model's rows with their case's number and court, kept where `where` holds."""
    return (
        f"SELECT m.*, c.case_no AS {_ENGINE_PREFIX}case_no, c.court_code AS {_ENGINE_PREFIX}court "
        f"FROM ({inner}) m JOIN cases c ON c.case_id = m.case_id"
        + (f" WHERE {' AND '.join(where)}" if where else "")
    )


def node_wrapper_sql(cm: CompiledModel, form: str) -> str:
    """The wrapper of wrapped_sql as node mode prepares it once per session: the cases it is
    about are read from the context's qc_focus ("focus": the one case node mode checks, which
    the model applies to) or qc_scope ("scope": the cases of a batch it answers for), so the
    same statement serves every event and keeps its plan. The same rows as wrapped_sql with
    Scope(focus_case_id=..., focus_case=...) or Scope(cases=...)."""
    if cm.sql is None:
        raise ValueError("a Python-operator model has no SQL to prepare")
    if form == "focus":
        return (
            f"SELECT m.*, f.case_no AS {_ENGINE_PREFIX}case_no, f.court_code AS {_ENGINE_PREFIX}court "
            f"FROM ({cm.sql}) m JOIN qc_focus f ON f.case_id = m.case_id"
        )
    return _joined_to_cases(
        cm.sql,
        [
            *_applicability(cm, Scope()),
            f"m.case_id IN (SELECT case_id FROM qc_scope WHERE model_id = {sql_literal(cm.id)})",
        ],
    )


def review_budget_ms(cm: CompiledModel, cases: int) -> float:
    """A model's time budget for one run over `cases` cases (review and backtest)."""
    scale = max(1.0, cases / REVIEW_CASES_PER_BUDGET)
    return min(cm.model.time_budget_ms * scale, float(REVIEW_BUDGET_CAP_MS))


_REPEAT_S = 0.05  # how often an overrun statement is interrupted again (Watchdog._loop)


class Watchdog:
    """One background thread that interrupts a connection whose query overruns its budget, so
    a slow model cannot hold up a node check or a review (cheaper than a timer thread per
    model). `close()` ends the thread (node mode keeps one for the checker's life)."""

    def __init__(self) -> None:
        self._cv = threading.Condition()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._deadline = 0.0
        self._wakes_at = float("inf")  # when the thread looks again by itself
        self._closed = False
        self.fired = False
        self._thread = threading.Thread(target=self._loop, name="courtqc-watchdog", daemon=True)
        self._thread.start()

    def arm(self, con: duckdb.DuckDBPyConnection, budget_s: float) -> None:
        with self._cv:
            self._con, self._deadline, self.fired = con, time.monotonic() + budget_s, False
            # Models run one after another with like budgets: the thread, still waiting for an
            # earlier deadline, looks again in time by itself — waking it costs a thread switch.
            if self._deadline < self._wakes_at:
                self._cv.notify()

    def disarm(self) -> None:
        with self._cv:
            self._con = None

    def close(self) -> None:
        with self._cv:
            self._con, self._closed = None, True
            self._cv.notify()

    def _loop(self) -> None:
        with self._cv:
            while not self._closed:
                if self._con is None:
                    if self._wakes_at < float("inf") and time.monotonic() < self._wakes_at:
                        self._cv.wait(self._wakes_at - time.monotonic())
                    else:
                        self._wakes_at = float("inf")
                        self._cv.wait()
                    continue
                left = self._deadline - time.monotonic()
                if left > 0:
                    self._wakes_at = self._deadline
                    self._cv.wait(left)
                    continue
                self.fired = True
                with contextlib.suppress(duckdb.Error):
                    self._con.interrupt()
                # An interrupt that lands before the statement has begun is lost (the thread
                # running the model was descheduled between arm() and execute(), as on a
                # starved machine), and the statement then runs without a budget: interrupt
                # again every _REPEAT_S until the run is disarmed.
                self._wakes_at = time.monotonic() + _REPEAT_S
                self._cv.wait(_REPEAT_S)


def _rows_from_python(con: duckdb.DuckDBPyConnection, cm: CompiledModel) -> list[dict[str, Any]]:
    py = cm.model.logic.python
    assert py is not None
    return pyops.get(py.operator)(con, dict(py.params))


def run_model(
    con: duckdb.DuckDBPyConnection,
    cm: CompiledModel,
    scope: Scope | None = None,
    *,
    node: str | None = None,
    watchdog: Watchdog | None = None,
    statement: Callable[[], str] | None = None,
    rows_on: duckdb.DuckDBPyConnection | None = None,
    budget_ms: float | None = None,
) -> ModelRun:
    """Run one model; never raises for a model's own failure (it is reported in the run).
    `watchdog`: interrupts the model past its budget (`budget_ms`, default the model's
    time_budget_ms); `statement`: gives the SQL to run instead of the wrapper (node mode's
    prepared one); `rows_on`: the session a Python-operator model's rows are wrapped on."""
    scope = scope or Scope()
    budget = cm.model.time_budget_ms if budget_ms is None else budget_ms
    t0 = time.perf_counter()
    try:
        if watchdog is not None:
            watchdog.arm(con, budget / 1000)
        try:
            if cm.sql is None:
                rows = _rows_from_python(con, cm)
                rel_name = f"{_ENGINE_PREFIX}pyrows"
                if not rows:
                    return ModelRun(cm.id, cm.version, "ok", (time.perf_counter() - t0) * 1000)
                on = rows_on if rows_on is not None else con
                on.register(rel_name, pa.Table.from_pylist(rows))
                try:
                    cur = on.execute(wrapped_sql(cm, scope, f"SELECT * FROM {rel_name}"))
                    names = [d[0] for d in cur.description]
                    result = cur.fetchall()
                finally:
                    on.unregister(rel_name)
            else:
                cur = con.execute(statement() if statement is not None else wrapped_sql(cm, scope))
                names = [d[0] for d in cur.description]
                result = cur.fetchall()
        finally:
            if watchdog is not None:
                watchdog.disarm()
    except duckdb.InterruptException:
        return ModelRun(
            cm.id, cm.version, "timeout", (time.perf_counter() - t0) * 1000,
            error=f"超出时间预算 {budget:.0f} ms，已中断 (over its time budget, interrupted)",
        )  # fmt: skip
    except Exception as e:  # a model's failure must never stop the others
        status = "timeout" if watchdog is not None and watchdog.fired else "error"
        return ModelRun(
            cm.id, cm.version, status, (time.perf_counter() - t0) * 1000,
            error=f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}",
        )  # fmt: skip
    alerts = alerts_from_rows(cm, names, result, node)
    return ModelRun(cm.id, cm.version, "ok", (time.perf_counter() - t0) * 1000, alerts)


def alerts_from_rows(
    cm: CompiledModel, names: list[str], rows: list[tuple], node: str | None
) -> list[Alert]:
    """Group rows by (case, party, alert_key) into alerts; the rows become the evidence. Rows
    are put in a canonical order first and the message is filled from the first, so the alert
    does not depend on the order a plan happened to return rows in."""
    m = cm.model
    groups: dict[str, list[tuple[str, dict[str, Any], dict[str, Any]]]] = {}
    for r in rows:
        row = dict(zip(names, r, strict=True))
        case_no = row.pop(f"{_ENGINE_PREFIX}case_no")
        court = row.pop(f"{_ENGINE_PREFIX}court")
        party_id = row.get("party_id")
        fp = fingerprint(
            m.id,
            int(row["case_id"]),
            None if party_id is None else int(party_id),
            row.get("alert_key"),
        )
        ev = {k: jsonable(v) for k, v in row.items()}
        key = json.dumps(ev, sort_keys=True, ensure_ascii=False)
        groups.setdefault(fp, []).append(
            (key, ev, {**row, "case_no": case_no, "court_code": court})
        )
    out = []
    for fp, items in groups.items():
        items.sort(key=lambda x: x[0])
        first = items[0][2]
        party_id = first.get("party_id")
        out.append(
            Alert(
                m.id,
                cm.version,
                m.category,
                int(first["case_id"]),
                first["case_no"],
                first["court_code"],
                None if party_id is None else int(party_id),
                m.severity,
                render_message(m.message, first),
                [ev for _, ev, _ in items],
                fp,
                node,
            )
        )
    out.sort(key=lambda a: (a.case_id, a.party_id or 0, a.fingerprint))
    return out
