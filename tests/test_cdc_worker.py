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


def _nice(tid: int | None) -> int:
    """The nice value of this process's thread `tid` (/proc/self/task/TID/stat, field 19)."""
    assert tid is not None
    stat = Path(f"/proc/self/task/{tid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[16])


def test_checks_run_at_a_lower_priority_than_the_applier(cms_court: Path, tmp_path: Path) -> None:
    """CDC's policy (docs/INGEST.md "Back-pressure"): the applier keeps the CPU it needs, node
    checks run at `nice` more and so do the threads they start (the recorder); the thread that
    applies changes keeps its own priority."""
    if not Path("/proc/self/task").is_dir():
        import pytest

        pytest.skip("needs Linux /proc for per-thread priorities")
    store = tmp_path / "store.duckdb"
    shutil.copy(cms_court, store)
    con = duckdb.connect(str(store))
    pairs = con.execute(
        "SELECT DISTINCT case_id, node FROM events ORDER BY hash(case_id, node) LIMIT 5"
    ).fetchall()
    import os

    mine = os.getpriority(os.PRIO_PROCESS, 0)
    # as CDC sets it up: the checks on a session of their own, the models loaded first
    dispatcher = NodeDispatcher(con.cursor(), as_of=dt.date(2026, 6, 30))
    _ = dispatcher.checker
    writer = con.cursor()
    worker = CheckWorker(dispatcher, nice=7).start()
    writer.execute("BEGIN")
    dispatcher.enqueue(writer, [NodeChange(c, n) for c, n in pairs], "nice")
    writer.execute("COMMIT")
    worker.wake()
    wait_until(lambda: worker.checks >= len(pairs), timeout=120, what="the checks answered")
    assert _nice(worker._thread.native_id) == min(19, mine + 7)
    recorders = list(dispatcher._recorder._threads)  # the recording thread, started by checks
    assert recorders and all(_nice(t.native_id) == min(19, mine + 7) for t in recorders)
    assert os.getpriority(os.PRIO_PROCESS, 0) == mine  # this (the applying) thread: unchanged
    worker.stop()
    assert worker.error is None, worker.error
    con.close()
