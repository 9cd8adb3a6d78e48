"""Node mode (嵌入式预警): a case reaches a workflow node; every live (and shadow) model bound to
that node runs for that one case, on the case's context, within a time budget per model.

A failing or overrunning model is isolated: the others still answer, the failure is recorded
in model_runs, and the check returns — the CMS is never blocked by a model.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

import duckdb

from courtqc import operators
from courtqc.domain.nodes import NODES
from courtqc.engine import session, store
from courtqc.engine.context import ContextBuilder, ensure_indexes
from courtqc.engine.run import Alert, ModelRun, Scope, Watchdog, applies, run_model
from courtqc.models.library import CompiledModel, builtin_models
from courtqc.models.lifecycle import RUNS_IN, effective_states


@dataclass
class NodeResult:
    case_id: int
    case_no: str
    node: str
    alerts: list[Alert]  # alerts of live models (pushed to the judge)
    shadow_alerts: list[Alert]  # alerts of embedding-test models (recorded, not pushed)
    runs: list[ModelRun]
    context_cases: int
    elapsed_ms: float
    context_ms: float
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "case_no": self.case_no,
            "node": self.node,
            "alerts": [a.to_dict() for a in self.alerts],
            "shadow_alerts": [a.to_dict() for a in self.shadow_alerts],
            "runs": [
                {
                    "model_id": r.model_id,
                    "model_version": r.model_version,
                    "status": r.status,
                    "elapsed_ms": round(r.elapsed_ms, 3),
                    "hits": len(r.alerts),
                    "error": r.error,
                }
                for r in self.runs
            ],
            "context_cases": self.context_cases,
            "context_ms": round(self.context_ms, 3),
            "elapsed_ms": round(self.elapsed_ms, 3),
            "errors": self.errors,
        }


def latest_data_day(con: duckdb.DuckDBPyConnection) -> dt.date:
    """The data's "today": the latest event, else the latest filing, else today."""
    for sql in (
        "SELECT CAST(max(occurred_at) AS DATE) FROM events",
        "SELECT max(filing_date) FROM cases",
    ):
        try:
            d = con.execute(sql).fetchone()[0]
        except duckdb.Error:
            d = None
        if d is not None:
            return d
    return dt.date.today()


class NodeChecker:
    """Holds a store connection and a scratch session; `check(case, node)` per event."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        models: list[CompiledModel] | tuple[CompiledModel, ...] | None = None,
        *,
        as_of: dt.date | None = None,
        record: bool = True,
        states: dict[str, str] | None = None,
        make_indexes: bool = True,
    ):
        self.con = con
        self.models = list(models if models is not None else builtin_models())
        self.record = record
        self.states = states or effective_states(con, self.models)
        self.as_of = as_of or latest_data_day(con)
        if make_indexes:
            # A read-only store cannot take indexes: lookups still work, by scanning.
            with contextlib.suppress(duckdb.Error):
                ensure_indexes(con)
        if record:
            store.ensure(con)
        self.cur = session(con)
        operators.install(self.cur, self.as_of)
        self.ctx = ContextBuilder(self.cur, optimise=False)
        self.watchdog = Watchdog()
        self._by_node: dict[str, list[CompiledModel]] = {}

    def models_for(self, node: str) -> list[CompiledModel]:
        if node not in self._by_node:
            self._by_node[node] = [
                m
                for m in self.models
                if m.model.binds(node) and self.states.get(m.id) in RUNS_IN["node"]
            ]
        return self._by_node[node]

    def _case_row(self, case: int | str) -> tuple | None:
        """(case_id, case_no, family, type_code, cause_name) of a case id or case number."""
        col = "case_id" if isinstance(case, int) else "case_no"
        return self.con.execute(
            f"SELECT case_id, case_no, family, type_code, cause_name FROM cases WHERE {col} = ?",
            [case],
        ).fetchone()

    def resolve_case(self, case: int | str) -> tuple[int, str]:
        row = self._case_row(case)
        if row is None:
            raise KeyError(f"找不到案件 {case} (no such case)")
        return int(row[0]), row[1]

    def check(self, case: int | str, node: str) -> NodeResult:
        if node not in NODES:
            raise ValueError(f"未知节点 {node!r} (unknown node); known: {', '.join(NODES)}")
        t0 = time.perf_counter()
        row = self._case_row(case)
        if row is None:
            raise KeyError(f"找不到案件 {case} (no such case)")
        case_id, case_no = int(row[0]), row[1]
        runs, n_cases, t_ctx, errors = self._run(case_id, row, self.models_for(node), node)
        live, shadow = [], []
        for r in runs:
            (live if self.states.get(r.model_id) == "live" else shadow).extend(r.alerts)
        if self.record:
            self._record(runs, case_id, node, live, shadow)
        t1 = time.perf_counter()
        return NodeResult(
            case_id, case_no, node, live, shadow, runs, n_cases,
            (t1 - t0) * 1000, t_ctx, errors,
        )  # fmt: skip

    def run_models(
        self, case_id: int, models: list[CompiledModel], node: str | None = None
    ) -> tuple[list[ModelRun], int, float, list[dict[str, Any]]]:
        """Build the case's context once and run `models` on it, each isolated.
        Returns (runs, cases in the context, ms spent on the context, errors)."""
        return self._run(case_id, self._case_row(int(case_id)), models, node)

    def _run(
        self, case_id: int, row: tuple | None, models: list[CompiledModel], node: str | None
    ) -> tuple[list[ModelRun], int, float, list[dict[str, Any]]]:
        t0 = time.perf_counter()
        errors: list[dict[str, Any]] = []
        # A model that does not apply to the case (families, type codes, causes) can give it no
        # alert — the wrapper would filter every row out — so it is answered without running.
        active = [m for m in models if row is not None and applies(m, *row[2:5])]
        n_cases = 0
        if active:
            tables = frozenset().union(*(m.tables for m in active))
            reads = frozenset().union(*(m.reads for m in active))
            try:
                n_cases = self.ctx.build(case_id, tables, "party_controller" in reads, reads).cases
            except duckdb.Error as e:
                errors.append({"stage": "context", "error": str(e).splitlines()[0]})
                self.ctx.release()
                return [], 0, (time.perf_counter() - t0) * 1000, errors
        t_ctx = (time.perf_counter() - t0) * 1000
        done: dict[str, ModelRun] = {}
        try:
            scope = Scope(focus_case_id=case_id)
            for m in active:
                done[m.id] = run_model(self.cur, m, scope, node=node, watchdog=self.watchdog)
        finally:
            self.ctx.release()
        runs = [done.get(m.id) or ModelRun(m.id, m.version, "ok", 0.0) for m in models]
        for r in runs:
            if r.status != "ok":
                errors.append({"model_id": r.model_id, "status": r.status, "error": r.error})
        return runs, n_cases, t_ctx, errors

    def _record(
        self, runs: list[ModelRun], case_id: int, node: str, live: list[Alert], shadow: list[Alert]
    ) -> None:
        # Recording must not block the answer either: a store error is reported, not raised.
        try:
            store.save_alerts(self.con, live, mode="node", pushed=True)
            store.save_alerts(self.con, shadow, mode="node", pushed=False)
            for r in runs:
                if r.status != "ok":
                    store.record_run(self.con, r, mode="node", case_id=case_id, node=node)
        except duckdb.Error:
            pass

    def close(self) -> None:
        self.ctx.close()
        self.cur.close()
