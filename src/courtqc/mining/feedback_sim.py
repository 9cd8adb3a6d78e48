"""SIMULATED judges' feedback on alerts, for demos and benchmarks of a synthetic court.

A fresh synthetic court has alerts (after a review) but no judge has answered any, so nothing
that learns from feedback — the miner's `helpful` target, the helpful-rate boards — has data.
This module plays the judges: for each alert it decides, with noise, whether the judge answers
and how, from the planted ground truth (truth_anomalies): an alert on a case that shows the
pattern its model is for (a true positive) is marked helpful with probability `tp_helpful`, any
other alert with `fp_helpful`; a share `unanswered` is never answered. Models without ground
truth count as false positives (nothing says their alerts were right).

The answers go through `courtqc.engine.store.add_feedback`, the function behind the web API's
`POST /api/alerts/{id}/feedback`, marked as simulated in `given_by` and `reason` so they can
never be taken for real judges' answers. Never run on a real court's store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb
import numpy as np

from courtqc.engine import store
from courtqc.engine.backtest import truth_cases
from courtqc.errors import InvalidInput
from courtqc.models.library import builtin_models

#: Written as `given_by` (with the presiding judge's name where the case has one).
SIMULATED_BY = "模拟反馈"
REASON_HELPFUL = "模拟反馈：提示有用 (simulated)"
REASON_UNHELPFUL = "模拟反馈：提示无用 (simulated)"


@dataclass(frozen=True)
class Rates:
    """How the simulated judges answer."""

    tp_helpful: float = 0.85  # an alert on a planted case of its model's pattern
    fp_helpful: float = 0.20  # any other alert
    unanswered: float = 0.40  # never answered


@dataclass
class Summary:
    alerts: int
    answered: int
    helpful: int
    true_positive_alerts: int
    reviewed_first: bool
    rates: dict

    def to_dict(self) -> dict:
        return asdict(self)


def simulate_feedback(
    con: duckdb.DuckDBPyConnection,
    rates: Rates = Rates(),
    *,
    seed: int = 0,
    review_first: bool = True,
) -> Summary:
    """Answer the store's unanswered alerts as simulated judges (see the module docstring).
    `review_first`: when the store has no alert yet, run the built-in library as a review
    (alerts stored) first. Refuses a store without ground truth: it is not a synthetic court."""
    for name, p in asdict(rates).items():
        if not 0.0 <= p <= 1.0:
            raise InvalidInput(f"{name} 应在 0 到 1 之间 (a probability): {p}")
    truth = truth_cases(con)
    if not truth:
        raise InvalidInput(
            "库中没有真值表 truth_anomalies，模拟反馈只用于合成法院 "
            "(no ground truth: simulated feedback is for synthetic courts only)"
        )
    store.ensure(con)
    reviewed = False
    if review_first and con.execute("SELECT count(*) FROM alerts").fetchone()[0] == 0:
        from courtqc.engine.review import review

        review(con, save=True)
        reviewed = True
    scenarios = {m.id: set(m.model.scenarios) for m in builtin_models()}
    rows = con.execute(
        """SELECT a.alert_id, a.model_id, a.case_id, coalesce(j.name, '')
           FROM alerts a LEFT JOIN cases c ON c.case_id = a.case_id
           LEFT JOIN judges j ON j.judge_id = c.presiding_judge_id
           WHERE a.alert_id NOT IN (SELECT alert_id FROM alert_feedback)
           ORDER BY a.alert_id"""
    ).fetchall()
    rng = np.random.default_rng(seed)
    answer = rng.random(len(rows)) >= rates.unanswered
    draw = rng.random(len(rows))
    answered = helpful = tps = 0
    for (alert_id, model_id, case_id, judge), ans, u in zip(rows, answer, draw, strict=True):
        want = set().union(*(truth.get(s, set()) for s in scenarios.get(model_id, ())))
        tp = case_id in want
        tps += tp
        if not ans:
            continue
        ok = bool(u < (rates.tp_helpful if tp else rates.fp_helpful))
        by = f"{SIMULATED_BY}（{judge}）" if judge else SIMULATED_BY
        store.add_feedback(con, alert_id, ok, by, REASON_HELPFUL if ok else REASON_UNHELPFUL)
        answered += 1
        helpful += ok
    return Summary(len(rows), answered, helpful, tps, reviewed, asdict(rates))
