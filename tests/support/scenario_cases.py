"""The report scenarios' cases (courtqc.synth.scenarios) written into a test court, with the
positive and near-miss cases of each scenario: what test_engine_builtin and test_scenarios use
to hold every report model to its planted truth."""

from __future__ import annotations

from courtqc.engine.testing import TinyCourt
from courtqc.synth.scenarios import SCENARIOS, build_specs, write_specs


def add_report_cases(t: TinyCourt, exp: dict[str, tuple[list[int], list[int]]]) -> None:
    """One instance of every report scenario into `t`; exp[model] = (positives, near misses)."""
    specs = build_specs(1, seed=11)
    planted, _ = write_specs(t.con, specs, seed=11)
    for s in SCENARIOS:
        pos = sorted({c for (sc, c, _p) in planted if sc == s})
        neg = sorted({sp.case_id for sp in specs if sp.scenario == s} - set(pos))
        exp[s] = (pos, neg)
