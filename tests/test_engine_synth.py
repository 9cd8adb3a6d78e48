"""The built-in library on a small synthetic court: backtest against the planted truth, and node
mode against review mode on the generator's own data (hard variants, institutional litigants)."""

from __future__ import annotations

import random

import duckdb
import pytest

from courtqc import identity, synth
from courtqc.engine.backtest import backtest
from courtqc.engine.node import NodeChecker, latest_data_day
from courtqc.engine.review import review
from courtqc.engine.testing import by_context
from courtqc.models import builtin_models


@pytest.fixture(scope="module")
def court(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "court.duckdb"
    synth.generate(path, 3000, 5, progress=False)
    con = duckdb.connect(str(path))
    identity.resolve_parties(con)
    return con


def test_backtest_on_synthetic_court(court):
    scores = backtest(court)
    with_truth = [s for s in scores if s.scenarios and s.truth]
    assert len(with_truth) >= 15
    for s in with_truth:
        assert s.status == "ok", (s.model_id, s.error)
        assert s.precision is not None and s.precision >= 0.95, s.to_dict()
        assert s.recall is not None and s.recall >= 0.95, s.to_dict()


def test_node_mode_equals_review_mode_on_synthetic_court(court):
    models = list(builtin_models())
    as_of = latest_data_day(court)
    res = review(court, models, model_ids=[m.id for m in models], as_of=as_of, save=False)
    by_case: dict[int, list[dict]] = {}
    for a in res.alerts:
        by_case.setdefault(a.case_id, []).append(a.to_dict())
    truth = {r[0] for r in court.execute("SELECT DISTINCT case_id FROM truth_anomalies").fetchall()}
    others = [r[0] for r in court.execute("SELECT case_id FROM cases ORDER BY case_id").fetchall()]
    sample = sorted(set(by_case) | truth | set(random.Random(3).sample(others, 60)))
    checker = NodeChecker(
        court, models, as_of=as_of, record=False, states={m.id: "live" for m in models}
    )
    for cid in sample:
        runs = []
        for group in by_context(models):
            got, _, _, errors = checker.run_models(cid, group)
            assert not errors, (cid, errors)
            runs += got
        node = sorted((a.to_dict() for r in runs for a in r.alerts), key=lambda d: d["fingerprint"])
        want = sorted(by_case.get(cid, []), key=lambda d: d["fingerprint"])
        assert node == want, f"case {cid} differs"


def test_batched_node_checks_give_each_events_own_answer(court):
    """check_many (one context for a batch of events, each model run once over it) answers each
    event as check() does alone: with planted anomalies, institutional litigants and events
    of several nodes, in batches of different sizes."""
    as_of = latest_data_day(court)
    events = court.execute(
        """WITH planted AS (SELECT DISTINCT case_id FROM truth_anomalies WHERE case_id IS NOT NULL),
                passed AS (SELECT DISTINCT e.case_id, e.node, p.case_id IS NOT NULL AS planted
                           FROM events e LEFT JOIN planted p USING (case_id))
           (SELECT case_id, node FROM passed WHERE planted ORDER BY hash(case_id, node) LIMIT 150)
           UNION ALL
           (SELECT case_id, node FROM passed WHERE NOT planted ORDER BY hash(case_id, node) LIMIT 50)"""
    ).fetchall()
    checker = NodeChecker(court, as_of=as_of, record=False)

    def answer(r):
        return (
            sorted((a.fingerprint, a.message, a.node) for a in r.alerts),
            sorted((a.fingerprint, a.message, a.node) for a in r.shadow_alerts),
            [(x.model_id, x.status) for x in r.runs],
        )

    alone = {(c, n): answer(checker.check(c, n)) for c, n in events}
    assert sum(len(a[0]) for a in alone.values()) >= 20  # the planted anomalies fire
    for size in (1, 7, 64, len(events)):
        for i in range(0, len(events), size):
            chunk = events[i : i + size]
            results = checker.check_many(chunk)
            assert [(r.case_id, r.node) for r in results] == chunk
            for r in results:
                assert answer(r) == alone[(r.case_id, r.node)], (size, r.case_id, r.node)
    checker.close()
