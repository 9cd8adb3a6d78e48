"""The CDC daemon's memory stays flat: what a long run of batched node checks leaves behind is
bounded, not proportional to the checks made (issue 16; the soak in docs/BENCHMARKS.md).

The growth found: the node-mode scratch database (engine.context) empties and refills its
tables per build, and DuckDB reclaims an in-memory table's deleted rows only at a checkpoint —
which an in-memory database never reaches by itself. Batches of thousands of cases left every
context they built in memory (~70 MB a minute at 500 node changes/s). Counted here as rows the
scratch tables hold (DuckDB's estimated_size counts deleted rows that are not yet reclaimed)
against the rows the current context has.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import duckdb
import pytest

from courtqc.domain.nodes import NODES
from courtqc.engine import context
from courtqc.ingest.alerts import NodeDispatcher
from courtqc.ingest.apply import NodeChange, ensure_tables

BATCHES = 25
BATCH = 60


def _held_and_live(con: duckdb.DuckDBPyConnection, db: str) -> tuple[int, int]:
    """(rows the scratch tables hold, deleted ones included; rows they have now)."""
    tables = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [db]
        ).fetchall()
    ]
    held = con.execute(
        "SELECT coalesce(sum(estimated_size), 0) FROM duckdb_tables() WHERE database_name = ?",
        [db],
    ).fetchone()[0]
    live = sum(con.execute(f"SELECT count(*) FROM {db}.main.{t}").fetchone()[0] for t in tables)
    return int(held), int(live)


def test_scratch_tables_do_not_keep_every_context(
    cms_court: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a checkpoint once builds have held 300 cases (5,000 in production): the same path,
    # reached in a few dozen batches of a 500-case court instead of thousands
    monkeypatch.setattr(context, "_COMPACT_CASES", 300)
    store = tmp_path / "store.duckdb"
    shutil.copy(cms_court, store)
    con = duckdb.connect(str(store))
    ensure_tables(con)
    con.execute("SET threads = 1")  # as the daemon's check sessions run
    d = NodeDispatcher(con.cursor(), as_of=dt.date(2026, 6, 30))
    d.record_in_background()  # results stored on a thread of their own, as in the daemon
    nodes = [n for n in NODES if d.bound(n)]
    ids = [r[0] for r in con.execute("SELECT case_id FROM cases").fetchall()]
    rng = random.Random(16)
    db = d.checker.ctx.db
    held_max, live_max, answered = 0, 0, 0
    for _ in range(BATCHES):
        batch = [
            NodeChange(rng.choice(ids), rng.choice(nodes), committed_at=dt.datetime(2026, 6, 30))
            for _ in range(BATCH)
        ]
        con.execute("BEGIN")
        d.enqueue(con, batch, "test")
        con.execute("COMMIT")
        answered += len(d.run_pending())
        held, live = _held_and_live(con, db)
        held_max, live_max = max(held_max, held), max(live_max, live)
    d.wait_recorded()
    assert answered == BATCHES * BATCH
    assert live_max > 0
    # Without the checkpoint the tables hold every context built (here ~BATCHES x a context);
    # with it, at most the contexts since the last one (~300 cases, a few batches' worth).
    assert held_max <= 8 * live_max, (held_max, live_max)
    d.checker.close()
    con.close()
