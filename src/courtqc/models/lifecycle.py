"""The six-step lifecycle of a scenario model (docs/BRIEF.md §2.5), per version of its logic.

proposed (申报) → modelling (建模) → review_rollout (推广评查) → embedding_test (嵌入测试:
runs at nodes, records, pushes nothing) → live (上线: pushes) → retired (停用). Verification and
feedback happen while live; optimisation is a new version. State changes are stored per
version in the model_states table.

A version is a hash of the model's behaviour (ModelDef.logic_hash: logic, nodes, severity,
message, budget, applies_to and everything else a judge sees). Which state a version is in:

- a stored change for that version: the latest one;
- none, but the model has stored changes for other versions — it was changed after the
  lifecycle had it: modelling (建模), whatever its file declares and whatever state the old
  version was in. Only promotion puts it live again;
- no stored change for the model at all: the state its file declares (the built-in library
  ships its reviewed models live, and a store that never promoted anything runs them so).

Saving a version in the workshop (`begin_version`) also puts it in modelling when it had been
in another state before, e.g. a model switched back to an older, once-live definition.
"""

from __future__ import annotations

import json

import duckdb

from courtqc.clock import utcnow_s
from courtqc.errors import Conflict, InvalidInput, Where
from courtqc.models.definition import STATE_ZH, STATES
from courtqc.models.library import CompiledModel

#: The state every new version starts in.
NEW_VERSION_STATE = "modelling"

# Which states run in which mode.
RUNS_IN = {
    "node": ("embedding_test", "live"),
    "review": ("review_rollout", "embedding_test", "live"),
    "backtest": ("proposed", "modelling", "review_rollout", "embedding_test", "live"),
}


def allowed_next(state: str) -> tuple[str, ...]:
    """Forward one step; back to modelling to optimise; retire from anywhere."""
    i = STATES.index(state)
    nxt: list[str] = []
    if state == "retired":
        return ("modelling",)
    if i + 1 < len(STATES):
        nxt.append(STATES[i + 1])
    if state in ("review_rollout", "embedding_test", "live"):
        nxt.append("modelling")
    if "retired" not in nxt:
        nxt.append("retired")
    return tuple(nxt)


def _has_store(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'model_states' "
            "AND database_name = current_database()"
        ).fetchone()[0]
    )


def effective_states(
    con: duckdb.DuckDBPyConnection | None, models: list[CompiledModel] | tuple[CompiledModel, ...]
) -> dict[str, str]:
    """model id → state of its current version (stored change, else the file's state)."""
    states = {m.id: m.model.state for m in models}
    if con is None or not _has_store(con):
        return states
    rows = con.execute(
        """SELECT model_id, model_version, arg_max(state, change_id) FROM model_states
           GROUP BY model_id, model_version"""
    ).fetchall()
    stored = {(mid, ver): st for mid, ver, st in rows}
    managed = {mid for mid, _ in stored}
    for m in models:
        st = stored.get((m.id, m.version))
        if st is not None:
            states[m.id] = st
        elif m.id in managed:  # changed after the lifecycle had it: a new version
            states[m.id] = NEW_VERSION_STATE
    return states


def begin_version(
    con: duckdb.DuckDBPyConnection, cm: CompiledModel, by: str, note: str | None = None
) -> str | None:
    """Put a version that has just become the model's current one in modelling (建模), as
    every new version starts; returns the state it was in, or None when it already was in
    modelling. A definition that was live before, saved again after another version, is not
    live again until it is promoted."""
    from courtqc.engine import store

    store.ensure(con)
    current = effective_states(con, [cm])[cm.id]
    if current == NEW_VERSION_STATE:
        return None
    record_state(con, cm, NEW_VERSION_STATE, by, note or "新版本 (new version)")
    return current


def record_state(
    con: duckdb.DuckDBPyConnection, cm: CompiledModel, state: str, by: str, note: str | None
) -> None:
    """Store `state` for the model's current version, unchecked: for the lifecycle's own
    bookkeeping (a new version, a state kept across a cosmetic re-save); people use promote."""
    con.execute(
        "INSERT INTO model_states (model_id, model_version, state, changed_at, changed_by, note,"
        " definition) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            cm.id,
            cm.version,
            state,
            utcnow_s(),  # stored instants are naive UTC (courtqc.clock)
            by,
            note,
            json.dumps(cm.model.model_dump(mode="json", by_alias=True), ensure_ascii=False),
        ],
    )


def promote(
    con: duckdb.DuckDBPyConnection,
    cm: CompiledModel,
    to_state: str,
    by: str,
    note: str | None = None,
) -> str:
    """Move the model's current version to `to_state`; returns the state it was in. An unknown
    state is `InvalidInput`, a step the lifecycle does not allow from here `Conflict`."""
    from courtqc.engine import store

    if to_state not in STATES:
        raise InvalidInput(
            f"未知状态 {to_state!r}；可用: {', '.join(STATES)} (unknown state)",
            where=Where(field="to"),
        )
    store.ensure(con)
    current = effective_states(con, [cm])[cm.id]
    if to_state not in allowed_next(current):
        allowed = ", ".join(f"{s}({STATE_ZH[s]})" for s in allowed_next(current))
        raise Conflict(
            f"模型 {cm.id} 当前为 {current}({STATE_ZH[current]})，不能直接转为 {to_state}；"
            f"可转为: {allowed} (transition not allowed)"
        )
    record_state(con, cm, to_state, by, note)
    return current
