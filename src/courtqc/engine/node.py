"""Node mode (嵌入式预警): a case reaches a workflow node; every live (and shadow) model bound to
that node runs for that one case, on the case's context, within a time budget per model.

A failing or overrunning model is isolated: the others still answer, the failure is recorded
in model_runs, and the check returns — the CMS is never blocked by a model.

A check costs mostly DuckDB planning its statements (a context holds a few dozen rows). So a
model that does not apply to the case (families, type codes, causes) is answered without
running; the context is built once on a long-lived scratch database (engine.context); the
models run on two sessions in parallel; and `check_many` answers a queue of events with one
context and one run of each model for all of them — the way to sustain hundreds of events/s.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from courtqc import operators
from courtqc.clock import court_today
from courtqc.domain.nodes import NODES
from courtqc.engine import name_thread, session, store
from courtqc.engine.context import PARTY_TABLES, ContextBuilder, Focus, ensure_indexes
from courtqc.engine.run import (
    Alert,
    ModelRun,
    Scope,
    Watchdog,
    applies,
    node_wrapper_sql,
    run_model,
)
from courtqc.errors import NotFound
from courtqc.models.conditions import sql_literal
from courtqc.models.library import CompiledModel, builtin_models
from courtqc.models.lifecycle import RUNS_IN, effective_states


class CaseNotFound(NotFound):
    """A case id or case number the store does not hold (node mode checks only stored cases)."""


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


def _linked(models: Iterable[CompiledModel]) -> frozenset[str]:
    """The tables these models read across the cases of the same people (ModelDef.context
    "linked"); the context gives every other table the near cases' rows only. A model that
    reads no party table has only origin links to reach other cases by, whatever it declares."""
    return frozenset().union(
        *(m.tables for m in models if m.model.context == "linked" and m.tables & PARTY_TABLES)
    )


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
    return court_today()


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
        parallel: bool = True,
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
        # One session looks contexts up in the store; another (`work`) materialises their
        # views and runs models on them.
        self.cur = session(con)
        operators.install(self.cur, self.as_of)
        self.work = session(con)
        operators.install(self.work, self.as_of, hubs_from=self.cur)
        self.ctx = ContextBuilder(self.cur, self.work, optimise=False)
        self.watchdog = Watchdog()
        self._statements: dict[tuple, tuple[str, int]] = {}  # see _prepared
        self._statement_names = itertools.count()
        # pyarrow's first table costs ~0.2 s (Python-operator models hand their rows over as
        # one): paid here, not by the first check that finds something.
        pa.Table.from_pylist([{"case_id": 0}])
        self._by_node: dict[str, list[CompiledModel]] = {}
        # A second session reading the same context, to run half of the models in parallel
        # (`parallel`): a check is mostly DuckDB planning its statements, and two sessions plan
        # on two cores. Each session has its own watchdog.
        self._lane: tuple[duckdb.DuckDBPyConnection, Watchdog, ThreadPoolExecutor] | None = None
        if parallel:
            cur2 = session(con)
            operators.install(cur2, self.as_of, hubs_from=self.cur)
            self.ctx.reader(cur2)
            self._lane = (
                cur2,
                Watchdog(),
                ThreadPoolExecutor(
                    1,
                    thread_name_prefix="courtqc-node",
                    initializer=name_thread,
                    initargs=("qc-node-lane",),
                ),
            )
        # Python-operator models hand their rows over as a registered relation, which changes
        # the session's catalog (and would make its prepared statements plan again): each model
        # session gets a plain one of its own for that.
        self._rows_on: dict[int, duckdb.DuckDBPyConnection] = {}
        for c in (self.work, *((self._lane[0],) if self._lane else ())):
            plain = con.cursor()
            plain.execute(f"USE {self.ctx.db}")
            self._rows_on[id(c)] = plain

    def refresh_hubs(self) -> bool:
        """Count the institutional litigants again (operators.fill_hubs) and hand them to every
        session that reads contexts, so that a long-running checker follows the store rather
        than the moment it started. Call between checks. True if the set changed."""
        operators.fill_hubs(self.cur)
        rows = self.cur.execute("SELECT identity_key, case_rows FROM temp.main.qc_hubs").fetchall()
        keys = {r[0] for r in rows}
        if keys == self.ctx.hubs:
            return False
        for c in (self.work, *((self._lane[0],) if self._lane else ())):
            c.execute("DELETE FROM temp.main.qc_hubs")
            if rows:
                c.execute(
                    "INSERT INTO temp.main.qc_hubs SELECT unnest($1::VARCHAR[]), unnest($2::BIGINT[])",
                    [[r[0] for r in rows], [r[1] for r in rows]],
                )
        self.ctx.hubs = keys
        return True

    def models_for(self, node: str) -> list[CompiledModel]:
        if node not in self._by_node:
            self._by_node[node] = [
                m
                for m in self.models
                if m.model.binds(node) and self.states.get(m.id) in RUNS_IN["node"]
            ]
        return self._by_node[node]

    def resolve_case(self, case: int | str) -> tuple[int, str]:
        """(case_id, case_no) of a case id or case number."""
        focus = self.ctx.focus(case)
        if focus is None:
            raise CaseNotFound(f"找不到案件 {case} (no such case)")
        return int(focus.row[0]), focus.row[1]

    def check(self, case: int | str, node: str) -> NodeResult:
        if node not in NODES:
            raise ValueError(f"未知节点 {node!r} (unknown node); known: {', '.join(NODES)}")
        t0 = time.perf_counter()
        focus = self.ctx.focus(case)
        if focus is None:
            raise CaseNotFound(f"找不到案件 {case} (no such case)")
        row = focus.row
        case_id, case_no = int(row[0]), row[1]
        runs, n_cases, t_ctx, errors = self._run(case_id, focus, self.models_for(node), node)
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
        return self._run(case_id, self.ctx.focus(int(case_id)), models, node)

    def _run(
        self, case_id: int, focus: Focus | None, models: list[CompiledModel], node: str | None
    ) -> tuple[list[ModelRun], int, float, list[dict[str, Any]]]:
        t0 = time.perf_counter()
        errors: list[dict[str, Any]] = []
        row = focus.row if focus is not None else None
        # A model that does not apply to the case (families, type codes, causes) can give it no
        # alert — the wrapper would filter every row out — so it is answered without running.
        active = [m for m in models if row is not None and applies(m, *row[2:5])]
        n_cases = 0
        if active:
            tables = frozenset().union(*(m.tables for m in active))
            reads = frozenset().union(*(m.reads for m in active))
            try:
                n_cases = self.ctx.build(
                    case_id, tables, "party_controller" in reads, reads,
                    defer_views=True, linked=_linked(active), focus=focus,
                ).cases  # fmt: skip
            except duckdb.Error as e:
                errors.append({"stage": "context", "error": str(e).splitlines()[0]})
                self.ctx.release()
                return [], 0, (time.perf_counter() - t0) * 1000, errors
        t_ctx = (time.perf_counter() - t0) * 1000
        try:
            scope = Scope(focus_case_id=case_id, focus_case=(row[1], row[5]) if row else None)
            done = self._run_each(active, lambda m: scope, node, "focus")
        except duckdb.Error as e:  # materialising the context's views failed
            errors.append({"stage": "context", "error": str(e).splitlines()[0]})
            return [], 0, (time.perf_counter() - t0) * 1000, errors
        finally:
            self.ctx.release()
        runs = [done.get(m.id) or ModelRun(m.id, m.version, "ok", 0.0) for m in models]
        for r in runs:
            if r.status != "ok":
                errors.append({"model_id": r.model_id, "status": r.status, "error": r.error})
        return runs, n_cases, t_ctx, errors

    def check_many(
        self,
        events: Sequence[tuple[int | str, str]],
        rows: dict[int | str, tuple] | None = None,
    ) -> list[NodeResult]:
        """Node mode for several (case, node) events at once — a queue drained together. One
        context holds all their cases (the union of their contexts) and each model bound to
        any of their nodes runs once over it, for the cases whose event it applies to.

        Each event gets node mode's own answer: a model's answer for a case depends on that
        case's context only (the engine's contract, held by the node/review equivalence test),
        and the union contains each case's context. What a batch saves is planning: the
        statements of one event are planned once for all. Every result carries the batch's
        time (the latency of each of its events). Unknown cases or nodes raise, as check().
        `rows`: case_rows() of the events' cases, if the caller has read them already."""
        for _, node in events:
            if node not in NODES:
                raise ValueError(f"未知节点 {node!r} (unknown node); known: {', '.join(NODES)}")
        t0 = time.perf_counter()
        if rows is None:
            rows = self.case_rows([c for c, _ in events])
        found: list[tuple[tuple, str, list[CompiledModel]]] = []
        for case, node in events:
            row = rows.get(case)
            if row is None:
                raise CaseNotFound(f"找不到案件 {case} (no such case)")
            models = self.models_for(node)
            found.append((row, node, [m for m in models if applies(m, *row[2:5])]))
        active = {m.id: m for _, _, ms in found for m in ms}
        cases_of: dict[str, set[int]] = {}
        for row, _, ms in found:
            for m in ms:
                cases_of.setdefault(m.id, set()).add(int(row[0]))
        n_cases, errors = 0, []
        if active:
            tables = frozenset().union(*(m.tables for m in active.values()))
            reads = frozenset().union(*(m.reads for m in active.values()))
            try:
                # Only the cases some linked model answers for need their parties followed
                # into other cases; the others' models read their near cases only.
                follow = {int(r[0]) for r, _, ms in found if _linked(ms)}
                n_cases = self.ctx.build(
                    {int(r[0]) for r, _, _ in found},
                    tables, "party_controller" in reads, reads,
                    defer_views=True, linked=_linked(active.values()), about=cases_of,
                    follow=follow,
                ).cases  # fmt: skip
            except duckdb.Error as e:
                errors.append({"stage": "context", "error": str(e).splitlines()[0]})
                self.ctx.release()
                active = {}
        t_ctx = (time.perf_counter() - t0) * 1000
        try:
            done = self._run_each(
                list(active.values()), lambda m: Scope(cases=sorted(cases_of[m.id])), None, "scope"
            )
        except duckdb.Error as e:  # materialising the context's views failed
            errors.append({"stage": "context", "error": str(e).splitlines()[0]})
            done = {}
        finally:
            self.ctx.release()
        by_case: dict[tuple[str, int], list[Alert]] = {}
        for r in done.values():
            for a in r.alerts:
                by_case.setdefault((r.model_id, a.case_id), []).append(a)
        t1 = time.perf_counter()
        out = []
        pushed: dict[str, Alert] = {}
        shadowed: dict[str, Alert] = {}
        failed: list[tuple[ModelRun, int, str]] = []
        for row, node, applicable in found:
            case_id = int(row[0])
            runs, live, shadow, errs = [], [], [], list(errors)
            ok = {m.id for m in applicable}
            for m in self.models_for(node):
                if errors:
                    continue  # no context: as check(), no run is reported
                r = done.get(m.id) if m.id in ok else None
                if r is None:
                    runs.append(ModelRun(m.id, m.version, "ok", 0.0))
                    continue
                alerts = [
                    dataclasses.replace(a, node=node) for a in by_case.get((m.id, case_id), [])
                ]
                runs.append(ModelRun(m.id, m.version, r.status, r.elapsed_ms, alerts, r.error))
                (live if self.states.get(m.id) == "live" else shadow).extend(alerts)
                if r.status != "ok":
                    errs.append({"model_id": m.id, "status": r.status, "error": r.error})
                    failed.append((runs[-1], case_id, node))
            for a in live:
                pushed.setdefault(a.fingerprint, a)
            for a in shadow:
                shadowed.setdefault(a.fingerprint, a)
            out.append(NodeResult(
                case_id, row[1], node, live, shadow, runs, n_cases,
                (t1 - t0) * 1000, t_ctx, errs,
            ))  # fmt: skip
        if self.record:
            self._record_all(list(pushed.values()), list(shadowed.values()), failed)
        return out

    def _prepared(self, cur: duckdb.DuckDBPyConnection, m: CompiledModel, form: str) -> str:
        """EXECUTE of the model's node-mode wrapper (run.node_wrapper_sql), prepared once per
        session: a statement planned once instead of per event (the scratch tables are refilled,
        never replaced, so the plan holds)."""
        key = (id(cur), m.id, m.version, form)
        name, epoch = self._statements.get(key, (None, -1))
        if epoch != self.ctx.epoch:  # new, or the scratch catalog changed since (compaction)
            name = name or f"qc_model_{next(self._statement_names)}"
            cur.execute(f"PREPARE {name} AS {node_wrapper_sql(m, form)}")
            self._statements[key] = (name, self.ctx.epoch)
        return f"EXECUTE {name}"

    def _run_each(
        self,
        models: list[CompiledModel],
        scope: Callable[[CompiledModel], Scope],
        node: str | None,
        form: str,
    ) -> dict[str, ModelRun]:
        """Run each model on the context built with defer_views, materialising its views.

        With the second session, the two share the work: this one materialises the views while
        the other runs the models that read none of them; then both take the rest, the models
        reading most operators (the costliest to plan) first. Raises duckdb.Error if the views
        cannot be materialised (the models that need them are then not run). `form`: how the
        models' prepared statements know their cases (run.node_wrapper_sql)."""

        def run(cur, m: CompiledModel, watchdog: Watchdog) -> ModelRun:
            statement = None if m.sql is None else lambda: self._prepared(cur, m, form)
            return run_model(
                cur, m, scope(m), node=node, watchdog=watchdog, statement=statement,
                rows_on=self._rows_on[id(cur)],
            )  # fmt: skip

        pending = set(self.ctx.pending)
        order = sorted(models, key=lambda m: -len(m.reads))
        if self._lane is None or not order:
            self.ctx.materialise()
            runs = [run(self.work, m, self.watchdog) for m in order]
            return {r.model_id: r for r in runs}
        early = deque(m for m in order if not (m.reads & pending))
        late = deque(m for m in order if m.reads & pending)
        lock, ready = threading.Lock(), threading.Event()
        failed: list[BaseException] = []

        def take(after_views: bool) -> CompiledModel | None:
            with lock:
                if after_views and late:
                    return late.popleft()
                return early.popleft() if early else None

        def drain(cur, watchdog, views_ready: bool) -> list[ModelRun]:
            out = []
            while True:
                m = take(views_ready)
                if m is None:
                    if views_ready or not late:
                        return out
                    ready.wait()
                    if failed:
                        return out
                    views_ready = True
                    continue
                out.append(run(cur, m, watchdog))

        cur2, watchdog2, pool = self._lane
        other = pool.submit(drain, cur2, watchdog2, False)
        try:
            self.ctx.materialise()
        except BaseException as e:
            failed.append(e)
        finally:
            ready.set()
        runs = [] if failed else drain(self.work, self.watchdog, True)
        runs += other.result()
        if failed:
            raise failed[0]
        return {r.model_id: r for r in runs}

    def case_rows(self, cases: Sequence[int | str]) -> dict[int | str, tuple]:
        """Focus.row of each case, in one query per kind of key (ids, case numbers)."""
        out: dict[int | str, tuple] = {}
        ids = ", ".join(sorted({str(int(c)) for c in cases if isinstance(c, int)}))
        nos = ", ".join(sorted({sql_literal(c) for c in cases if not isinstance(c, int)}))
        for col, keys in (("case_id", ids), ("case_no", nos)):
            if keys:
                for r in self.con.execute(
                    "SELECT case_id, case_no, family, type_code, cause_name, court_code "
                    f"FROM cases WHERE {col} IN ({keys})"
                ).fetchall():
                    out[r[0] if col == "case_id" else r[1]] = r
        return out

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

    def _record_all(
        self, live: list[Alert], shadow: list[Alert], failed: list[tuple[ModelRun, int, str]]
    ) -> None:
        try:
            store.save_alerts(self.con, live, mode="node", pushed=True)
            store.save_alerts(self.con, shadow, mode="node", pushed=False)
            for r, case_id, node in failed:
                store.record_run(self.con, r, mode="node", case_id=case_id, node=node)
        except duckdb.Error:
            pass

    def close(self) -> None:
        if self._lane is not None:
            self._lane[2].shutdown()
            self._lane[0].close()
        for c in self._rows_on.values():
            c.close()
        self.ctx.close()
        self.work.close()
        self.cur.close()
