"""Review mode (评查): run models over all matching cases of the store, one query per model,
each within its time budget (interrupted past it, reported as `timeout`, the others still run).

A user's request runs with a DataScope (courtqc.engine.scoped): the models then read only that
user's court tree, masked; the CLI, node mode and the demo read the whole store as it is.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from courtqc import operators
from courtqc.clock import utcnow_s
from courtqc.engine import session, store
from courtqc.engine.node import latest_data_day
from courtqc.engine.run import Alert, ModelRun, Scope, Watchdog, review_budget_ms, run_model
from courtqc.engine.scoped import DataScope, ScopeError, open_scoped, scoped_model
from courtqc.errors import NotFound
from courtqc.models.library import CompiledModel, builtin_models
from courtqc.models.lifecycle import RUNS_IN, effective_states


@dataclass
class ReviewResult:
    runs: list[ModelRun]
    new_alerts: int
    as_of: dt.date

    @property
    def alerts(self) -> list[Alert]:
        return [a for r in self.runs for a in r.alerts]

    def summary(self) -> list[dict[str, Any]]:
        return [
            {
                "model_id": r.model_id,
                "model_version": r.model_version,
                "status": r.status,
                "hits": len(r.alerts),
                "elapsed_ms": round(r.elapsed_ms, 1),
                "error": r.error,
            }
            for r in self.runs
        ]


def select_models(
    models: Sequence[CompiledModel],
    ids: Sequence[str] | None,
    states: dict[str, str],
    mode: str,
) -> list[CompiledModel]:
    """Named models run whatever their state (a modeller trying one out); otherwise those whose
    state runs in this mode."""
    if ids:
        known = {m.id: m for m in models}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise NotFound(f"未知模型 (unknown models): {', '.join(unknown)}")
        return [known[i] for i in ids]
    return [m for m in models if states.get(m.id) in RUNS_IN[mode]]


def review(
    con: duckdb.DuckDBPyConnection,
    models: Sequence[CompiledModel] | None = None,
    *,
    model_ids: Sequence[str] | None = None,
    courts: Sequence[str] | None = None,
    since: dt.date | None = None,
    as_of: dt.date | None = None,
    save: bool = True,
    mode: str = "review",
    on_model: Callable[[CompiledModel, ModelRun | None], None] | None = None,
    data_scope: DataScope | None = None,
) -> ReviewResult:
    """Run the models over the store; store their alerts (fingerprints dedupe) unless save=False.
    `data_scope`: what the models may read (a user's court tree, masked); None: everything."""
    all_models = list(models if models is not None else builtin_models())
    states = effective_states(con, all_models)
    chosen = select_models(all_models, model_ids, states, mode)
    as_of = as_of or latest_data_day(con)
    if data_scope is None:
        cur = session(con)
        operators.install(cur, as_of)
        share_views(cur, chosen)
    else:
        cur = open_scoped(con, data_scope, as_of)
    if save:
        store.ensure(con)
    scope = Scope(courts=courts, since=since)
    runs: list[ModelRun] = []
    new = 0
    watchdog = Watchdog()
    try:
        cases = cur.execute("SELECT count(*) FROM cases").fetchone()[0]
        for m in chosen:
            if on_model:
                on_model(m, None)
            started = utcnow_s()
            run = _run_one(cur, m, scope, watchdog, review_budget_ms(m, cases), data_scope)
            runs.append(run)
            if save:
                run_id = store.record_run(con, run, mode=mode, started_at=started)
                new += store.save_alerts(con, run.alerts, mode=mode, pushed=False, run_id=run_id)
            if on_model:
                on_model(m, run)
    finally:
        watchdog.close()
        cur.close()
    return ReviewResult(runs, new, as_of)


def share_views(cur: duckdb.DuckDBPyConnection, chosen: Sequence[CompiledModel]) -> list[str]:
    """Compute once, as TEMP tables of the review's session, the operator views that two or
    more of the chosen models read (directly or through other views), in definition order so
    that each is computed from those before it. A view is otherwise computed again inside every
    model that reads it: 24 of the library's models read party_identity and case_roles, four
    read party_controller. The store does not change during a review (its alerts go to other
    tables), so a model reads the same rows either way. A view that fails is left a view: each
    model reading it then fails on its own, as without sharing. Returns the views computed."""
    readers = Counter(v for m in chosen for v in m.reads)
    shared = []
    for v in operators.VIEWS:
        if readers[v] < 2:
            continue
        try:
            cur.execute(f"CREATE TEMP TABLE qc_shared_view AS SELECT * FROM {v}")
        except duckdb.Error:
            continue
        cur.execute(f"DROP VIEW {v}; ALTER TABLE qc_shared_view RENAME TO {v}")
        shared.append(v)
    return shared


def _run_one(
    cur: duckdb.DuckDBPyConnection,
    m: CompiledModel,
    scope: Scope,
    watchdog: Watchdog,
    budget_ms: float,
    data_scope: DataScope | None,
) -> ModelRun:
    """One model within its budget; on scoped data, its SQL qualified onto the scoped views."""
    if data_scope is not None:
        try:
            m = scoped_model(m)
        except ScopeError as e:
            return ModelRun(m.id, m.version, "error", 0.0, error=str(e))
    return run_model(cur, m, scope, watchdog=watchdog, budget_ms=budget_ms)
