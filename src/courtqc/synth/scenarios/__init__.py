"""The report's scenario kinds the main generator has no cases of (issue 17, docs/BRIEF.md §5):
e-commerce platform liability, trademark-crime probation, criminal reconciliation, unfair
competition, procedural idling (appraisal/audit, repeated remand, suspension), false sales
contracts, gifts disguised as sales, loans disguised as factoring, licence-plate rental,
fund-raising companies' mass lending suits, and the social-governance pushes.

Each scenario writes a few complete cases per instance — parties (valid ID numbers and credit
codes, registry rows), workflow events through the catalogue's side-step nodes (appraisal,
audit, remand, suspension, settlement review ...), judgments whose text carries what the model
reads — as planted positives *and* near misses that differ in the one fact the law turns on.
The ground truth is then computed from the written data by the definitions in ``TRUTH_SQL``
(docs/ANOMALIES.md), with the real identities (truth_identities), like courtqc.synth.truth.

The cases are written after the main court (``add_report_cases``): the generator reserves
``reserved(cases)`` of its case count for them, so the court still has exactly ``cases``
cases. Deterministic for a seed.

Layout of the package (each module imports only the ones above it): ``specs`` (Who, Spec,
Maker: the data the cases are written from), ``makers`` (one maker per scenario,
``build_specs``), ``definitions`` (``TRUTH_SQL``, ``compute_truth``) and ``writing``
(``write_specs``, ``add_report_cases``).
"""

from courtqc.synth.scenarios.definitions import TRUTH_SQL, compute_truth
from courtqc.synth.scenarios.makers import MAKERS, build_specs, reserved
from courtqc.synth.scenarios.specs import (
    AS_OF,
    FIRST_DAY,
    NEW_UCL,
    SCENARIOS,
    SUITS_PER_FUNDRAISER,
    UCL_2007,
    UCL_2022,
    Maker,
    Spec,
    Who,
    instances,
)
from courtqc.synth.scenarios.writing import add_report_cases, write_specs

__all__ = [
    "AS_OF",
    "FIRST_DAY",
    "MAKERS",
    "NEW_UCL",
    "SCENARIOS",
    "SUITS_PER_FUNDRAISER",
    "TRUTH_SQL",
    "UCL_2007",
    "UCL_2022",
    "Maker",
    "Spec",
    "Who",
    "add_report_cases",
    "build_specs",
    "compute_truth",
    "instances",
    "reserved",
    "write_specs",
]
