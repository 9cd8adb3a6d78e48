"""Legal rules behind the checks: pure functions plus small reference tables.

Every rule cites its source in docs/DOMAIN.md (section and source key).
Modules: :mod:`.lpr` (LPR, interest cap), :mod:`.civil_procedure` (late-interest clause, rate
wording), :mod:`.sentencing` (sentence end dates), :mod:`.fines` (罚金 ranges),
:mod:`.time_limits` (审限), :mod:`.reference` (DuckDB reference tables). Chinese numerals: :mod:`courtqc.domain.cnnum`.
"""

from courtqc.law.civil_procedure import (
    check_interest_wording,
    late_interest_article,
    late_interest_clause,
    parse_rate_text,
)
from courtqc.law.findings import Finding
from courtqc.law.fines import check_fine, fine_range
from courtqc.law.lpr import interest_cap_pct, lpr_1y_on
from courtqc.law.reference import REFERENCE_TABLES, install
from courtqc.law.sentencing import check_term_end, expected_term_end
from courtqc.law.time_limits import TimeLimit, deadline, time_limit

__all__ = [
    "REFERENCE_TABLES",
    "Finding",
    "TimeLimit",
    "check_fine",
    "check_interest_wording",
    "check_term_end",
    "deadline",
    "expected_term_end",
    "fine_range",
    "install",
    "interest_cap_pct",
    "late_interest_article",
    "late_interest_clause",
    "lpr_1y_on",
    "parse_rate_text",
    "time_limit",
]
