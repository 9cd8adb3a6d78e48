"""Demo preparation: what a running CMS would already have done to a store before anyone opens
the boards — each pending case reported at the node it last reached, so the embedded models
have pushed their warnings (数助办案 shows pushes by node). Nothing is invented: every alert
comes from running the models in node mode on the case, as POST /api/events would.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from courtqc.domain.nodes import NODES
from courtqc.engine.node import NodeChecker
from courtqc.models.library import CompiledModel


def has_pushes(con: duckdb.DuckDBPyConnection) -> bool:
    """Has any model pushed an alert at a node yet?"""
    try:
        return bool(con.execute("SELECT count(*) FROM alerts WHERE pushed").fetchone()[0])
    except duckdb.Error:
        return False


def replay_pending(
    con: duckdb.DuckDBPyConnection,
    models: list[CompiledModel] | None = None,
    *,
    limit: int = 2000,
    on_case: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Node-check the `limit` most recently filed pending cases at their current node.
    Returns (cases checked, alerts pushed)."""
    rows = con.execute(
        """SELECT case_id, current_node FROM cases WHERE status = 'pending'
           ORDER BY filing_date DESC, case_id DESC LIMIT ?""",
        [limit],
    ).fetchall()
    rows = [(cid, node) for cid, node in rows if node in NODES]
    checker = NodeChecker(con, models)
    pushed = 0
    try:
        for i, (cid, node) in enumerate(rows, 1):
            pushed += len(checker.check(int(cid), node).alerts)
            if on_case:
                on_case(i, len(rows))
    finally:
        checker.close()
    return len(rows), pushed


def replay_recent(
    con: duckdb.DuckDBPyConnection,
    models: list[CompiledModel] | None = None,
    *,
    days: int = 30,
    batch: int = 200,
    on_batch: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Replay the workflow events of the data's last `days` days through node mode, oldest
    first, as CDC would have delivered them: each (case, node) reached is checked by the models
    bound to that node, in queues of `batch` events (NodeChecker.check_many). Cases that have
    since closed are checked too — the closing, drafting and signing nodes are where most
    models sit, and the most recent pending cases (replay_pending) have mostly reached only
    filing or service, where few models hit. Returns (events replayed, alerts pushed)."""
    rows = con.execute(
        """SELECT case_id, node FROM events
           WHERE occurred_at > (SELECT max(occurred_at) FROM events) - to_days(CAST(? AS INTEGER))
           ORDER BY occurred_at, event_id""",
        [days],
    ).fetchall()
    events = [(int(cid), node) for cid, node in rows if node in NODES]
    before = _pushed(con)
    checker = NodeChecker(con, models)
    try:
        for i in range(0, len(events), batch):
            chunk = list(dict.fromkeys(events[i : i + batch]))  # one check per (case, node)
            checker.check_many(chunk)
            if on_batch:
                on_batch(min(i + batch, len(events)), len(events))
    finally:
        checker.close()
    return len(events), _pushed(con) - before


def _pushed(con: duckdb.DuckDBPyConnection) -> int:
    try:
        return int(con.execute("SELECT count(*) FROM alerts WHERE pushed").fetchone()[0])
    except duckdb.Error:
        return 0
