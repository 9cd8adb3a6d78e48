"""The node-check worker's stop: every check queued before the stop is answered.

`CheckWorker.stop()` promises "stop after the queue is empty and every result is stored", and
CDC's `run()` relies on it before it returns (tests/test_cdc.py asserts every check `done`).
On a busy machine a stop could arrive between the worker's empty read of the queue and its
look at the stop flag, leaving the last checks `queued`. This test puts the stop exactly
there, deterministically, instead of hoping a loaded machine does.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb

from courtqc.ingest.alerts import CheckWorker, NodeDispatcher
from courtqc.ingest.apply import NodeChange
from tests.support.waiting import wait_until


def test_a_stop_during_an_empty_read_still_answers_what_was_queued(
    cms_court: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store.duckdb"
    shutil.copy(cms_court, store)
    con = duckdb.connect(str(store))
    pairs = con.execute(
        "SELECT DISTINCT case_id, node FROM events ORDER BY hash(case_id, node) LIMIT 20"
    ).fetchall()
    dispatcher = NodeDispatcher(con, as_of=dt.date(2026, 6, 30))
    worker = CheckWorker(dispatcher)
    real_run_pending = dispatcher.run_pending
    queued: list[int] = []
    empty_reads = 0

    def run_pending_then_race(*a, **kw):  # type: ignore[no-untyped-def]
        """The first empty read of the queue is followed, before the worker looks at its stop
        flag, by a commit of new checks and a stop — what a busy machine may do."""
        nonlocal empty_reads
        out = real_run_pending(*a, **kw)
        if not out:
            empty_reads += 1
            if empty_reads == 1:
                writer = con.cursor()
                writer.execute("BEGIN")
                queued.append(
                    dispatcher.enqueue(writer, [NodeChange(c, n) for c, n in pairs], "race")
                )
                writer.execute("COMMIT")
                worker._stop.set()
        return out

    dispatcher.run_pending = run_pending_then_race  # type: ignore[method-assign]
    worker.start()
    wait_until(lambda: empty_reads >= 1, timeout=60, what="the worker's first read of the queue")
    worker.stop()
    assert worker.error is None, worker.error
    assert queued and queued[0] > 0
    left = con.execute(
        "SELECT count(*) FROM ingest_node_checks WHERE source = 'race' AND status = 'queued'"
    ).fetchone()[0]
    answered = con.execute(
        "SELECT count(*) FROM ingest_node_checks WHERE source = 'race' AND status <> 'queued'"
    ).fetchone()[0]
    assert (left, answered) == (0, queued[0])
    con.close()
