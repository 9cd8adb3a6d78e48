"""Node checks queued by ingestion run as a batch over the union of the cases' contexts; the
answers must be node mode's, case by case (the engine's contract: a model's answer for a case
depends on that case's context only)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from courtqc.engine.node import NodeChecker
from courtqc.ingest.alerts import NodeDispatcher
from courtqc.ingest.apply import NodeChange
from courtqc.models.library import builtin_models


def test_union_context_is_the_union_of_the_cases_contexts(cms_court: Path, tmp_path: Path) -> None:
    """Batched checks rest on this: the engine's context of several cases is the union of
    each case's own."""
    store = tmp_path / "store.duckdb"
    shutil.copy(cms_court, store)
    con = duckdb.connect(str(store))
    checker = NodeChecker(con, record=False)  # installs the operators the builder relies on
    one = union = checker.ctx
    cases = [
        r[0]
        for r in con.execute("SELECT case_id FROM cases ORDER BY hash(case_id) LIMIT 60").fetchall()
    ]
    for controllers in (False, True):
        parts = [one.gather(c, controllers) for c in cases]
        expected = tuple(set().union(*sets) for sets in zip(*parts, strict=True))
        assert union.gather(cases, controllers) == expected
        assert union.gather(cases[:1], controllers) == parts[0]
    checker.close()


@pytest.mark.parametrize(
    "only",
    [None, ("closed_over_time_limit", "time_limit_overdue", "sentence_end_date_wrong")],
    ids=["whole library", "models that read no party"],
)
def test_batched_checks_give_node_modes_answers(cms_court: Path, tmp_path: Path, only) -> None:
    store = tmp_path / "store.duckdb"
    shutil.copy(cms_court, store)
    con = duckdb.connect(str(store))
    as_of = dt.date(2026, 6, 30)
    # (case, node) pairs the cases really passed: mostly of cases with a planted anomaly, some clean
    pairs = con.execute(
        """WITH planted AS (SELECT DISTINCT case_id FROM truth_anomalies WHERE case_id IS NOT NULL),
                passed AS (SELECT DISTINCT e.case_id, e.node, p.case_id IS NOT NULL AS planted
                           FROM events e LEFT JOIN planted p USING (case_id))
           (SELECT case_id, node FROM passed WHERE planted ORDER BY hash(case_id, node) LIMIT 45)
           UNION ALL
           (SELECT case_id, node FROM passed WHERE NOT planted ORDER BY hash(case_id, node) LIMIT 15)"""
    ).fetchall()
    models = None if only is None else [m for m in builtin_models() if m.id in only]
    single = NodeChecker(con.cursor(), models, record=False, as_of=as_of)
    expected: dict[tuple[int, str], dict[str, str]] = {}
    for case_id, node in pairs:
        expected[(case_id, node)] = {
            a.fingerprint: a.message for a in single.check(case_id, node).alerts
        }
    single.close()

    dispatcher = NodeDispatcher(con, models=models, as_of=as_of)
    con.execute("BEGIN")
    queued = dispatcher.enqueue(con, [NodeChange(c, n) for c, n in pairs], "test")
    con.execute("COMMIT")
    assert queued == sum(1 for _, n in pairs if dispatcher.checker.models_for(n))
    outcomes = dispatcher.run_pending()
    assert len(outcomes) == queued and {o.status for o in outcomes} == {"done"}
    got = {
        (o.case_id, o.node): {a["fingerprint"]: a["message"] for a in o.alerts} for o in outcomes
    }
    for key, alerts in expected.items():
        assert got.get(key, {}) == alerts, key
    assert sum(len(a) for a in expected.values()) >= 1  # the planted anomalies fire
    # the alerts are stored once each, and the queue is empty
    fps = {f for a in expected.values() for f in a}
    stored = con.execute("SELECT fingerprint FROM alerts WHERE mode = 'node' AND pushed").fetchall()
    assert sorted(f for (f,) in stored) == sorted(fps)
    assert dispatcher.pending() == 0
    # a case that no longer exists is skipped, not an error
    con.execute("BEGIN")
    dispatcher.enqueue(con, [NodeChange(424242, "filing")], "test")
    con.execute("COMMIT")
    [o] = dispatcher.run_pending()
    assert o.status == "skipped" and "424242" in o.error


def test_results_recorded_in_background_are_not_checked_twice(
    cms_court: Path, tmp_path: Path
) -> None:
    """CDC stores a batch's results on a thread of its own while the next batch is checked:
    until they are committed their checks are still 'queued' in the store, and must not be
    taken again — not even by the periodic scan of the whole queue."""
    import threading

    store = tmp_path / "store.duckdb"
    shutil.copy(cms_court, store)
    con = duckdb.connect(str(store))
    pairs = con.execute(
        "SELECT DISTINCT case_id, node FROM events ORDER BY hash(case_id, node) LIMIT 30"
    ).fetchall()
    dispatcher = NodeDispatcher(con, as_of=dt.date(2026, 6, 30))
    dispatcher.record_in_background()
    con.execute("BEGIN")
    queued = dispatcher.enqueue(con, [NodeChange(c, n) for c, n in pairs], "test")
    con.execute("COMMIT")
    hold = threading.Event()
    dispatcher._recorder.submit(hold.wait, 60)  # the recording thread is busy until released
    try:
        first = dispatcher.run_pending()
        assert len(first) == queued
        assert dispatcher.pending() == queued  # answered, not yet stored
        dispatcher._scanned_all = float("-inf")  # force a scan of the whole queue
        again = dispatcher.run_pending()
    finally:
        hold.set()
    assert again == []
    dispatcher.wait_recorded()
    assert dispatcher.pending() == 0
    done = con.execute(
        "SELECT count(*), count(DISTINCT check_id) FROM ingest_node_checks WHERE status = 'done'"
    ).fetchone()
    assert done == (queued, queued)
    stored = con.execute("SELECT count(*), count(DISTINCT fingerprint) FROM alerts").fetchone()
    assert stored[0] == stored[1] == len({a["fingerprint"] for o in first for a in o.alerts})
    assert dispatcher.run_pending() == []


def test_load_shedding_answers_checks_past_the_bound_without_running_them(
    cms_court: Path, tmp_path: Path
) -> None:
    """--shed-after: once checks cannot keep up, those whose CMS commit is older than the
    bound are answered 'shed' (stored, counted in /metrics), not run, so the checks that do run
    are at most that old; fresher ones are checked as ever. Without the bound nothing is shed."""
    from courtqc.clock import utcnow
    from courtqc.ingest.metrics import CdcMetrics

    store = tmp_path / "store.duckdb"
    shutil.copy(cms_court, store)
    con = duckdb.connect(str(store))
    as_of = dt.date(2026, 6, 30)
    pairs = con.execute(
        "SELECT DISTINCT case_id, node FROM events WHERE node IN ('filing', 'closing') "
        "ORDER BY hash(case_id, node) LIMIT 20"
    ).fetchall()
    old, fresh = utcnow() - dt.timedelta(minutes=10), utcnow()
    metrics = CdcMetrics()
    dispatcher = NodeDispatcher(con, as_of=as_of, metrics=metrics, shed_after_seconds=120)
    con.execute("BEGIN")
    dispatcher.enqueue(con, [NodeChange(c, n, committed_at=old) for c, n in pairs[:10]], "test")
    dispatcher.enqueue(con, [NodeChange(c, n, committed_at=fresh) for c, n in pairs[10:]], "test")
    con.execute("COMMIT")
    outcomes = dispatcher.run_pending()
    status = {(o.case_id, o.node): o.status for o in outcomes}
    assert [status[p] for p in pairs[:10]] == ["shed"] * 10
    assert [status[p] for p in pairs[10:]] == ["done"] * 10
    assert all("shed" in o.error and o.alerts == [] for o in outcomes if o.status == "shed")
    stored = dict(
        con.execute("SELECT status, count(*) FROM ingest_node_checks GROUP BY 1").fetchall()
    )
    assert stored == {"shed": 10, "done": 10} and dispatcher.pending() == 0
    assert metrics.registry.get_sample_value("courtqc_cdc_checks_shed_total") == 10

    # the same old checks with no bound: all run
    plain = NodeDispatcher(con.cursor(), as_of=as_of)
    con.execute("BEGIN")
    plain.enqueue(con, [NodeChange(c, n, committed_at=old) for c, n in pairs[:10]], "test")
    con.execute("COMMIT")
    assert {o.status for o in plain.run_pending()} == {"done"}
