"""Reference tables in DuckDB so model and indicator SQL can join the legal rules.

``install(con)`` creates (CREATE OR REPLACE, so it is idempotent) the tables in
``REFERENCE_TABLES`` and the macro ``trial_deadline``. Every row comes from the Python rules
of this package, so SQL and Python cannot drift apart. Open-ended validity ends 9999-12-31, so a
plain ``d BETWEEN valid_from AND valid_to`` join works.

Joins the tables are made for::

    -- cap in force for a loan (ANOMALIES.md interest_over_cap)
    JOIN ref_interest_cap r ON o.contract_date BETWEEN r.valid_from AND r.valid_to
    -- article the late-interest clause must cite
    JOIN ref_late_interest_article a ON d.issue_date BETWEEN a.valid_from AND a.valid_to
    -- 审限: a case with no trial procedure counts as ordinary
    JOIN ref_time_limits t ON t.family = c.family AND t.procedure = c.procedure
         AND (t.trial_procedure IS NULL OR t.trial_procedure = COALESCE(c.trial_procedure, 'ordinary'))
    ... trial_deadline(c.filing_date, t.limit_months, t.limit_days, c.extended_days, c.excluded_days)

``ref_time_limits``: a limit is ``limit_months`` months plus ``limit_days`` days (one of them is
0), extensions likewise (NULL: the law sets no fixed length). The law counts most limits in
calendar months, which no fixed number of days matches, so ``filing_date + limit_days`` alone is
wrong for month limits: use ``trial_deadline`` (= :func:`courtqc.law.time_limits.deadline`, the
equality is tested).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from courtqc.law import fines
from courtqc.law.civil_procedure import LATE_INTEREST_ARTICLES
from courtqc.law.lpr import LPR_1Y, LPR_5Y, LPR_CAP_MULTIPLE, LPR_START, OLD_CAP_PCT
from courtqc.law.time_limits import TIME_LIMITS

OPEN_END = date(9999, 12, 31)
#: The earliest date the 24 % cap row starts (any contract courtqc meets is later).
EARLIEST = date(1900, 1, 1)

REFERENCE_TABLES: tuple[str, ...] = (
    "ref_lpr_1y",
    "ref_lpr_5y",
    "ref_interest_cap",
    "ref_late_interest_article",
    "ref_time_limits",
    "ref_fine_rules",
)

#: The deadline of :func:`courtqc.law.time_limits.deadline`, as a DuckDB expression.
DEADLINE_SQL = (
    "CAST(filing_date + to_months(limit_months) AS DATE)"
    " + limit_days + extended_days + excluded_days"
)


def _periods(points: tuple[tuple[date, Any], ...]) -> list[tuple[date, date, Any]]:
    ends = [start - timedelta(days=1) for start, _ in points[1:]] + [OPEN_END]
    return [(start, end, value) for (start, value), end in zip(points, ends, strict=True)]


def _fine_rows() -> list[tuple[Any, ...]]:
    # Columns: charge (NULL = any charge without rows of its own), penalty (NULL = any),
    # term_min_months / term_max_months (fixed_term only; NULL = open), min_yuan, max_yuan,
    # max_times_amount, max_yuan_without_amount, minor_min_yuan, basis.
    # A fine is lawful where it lies within ANY matching row (the union reproduces
    # fines.fine_range at the 36- and 120-month band edges). Floor: minor_min_yuan for a minor
    # where set, else min_yuan. Ceiling: with max_times_amount, GREATEST(floor, times × amount)
    # if the amount is known and > 0, else max_yuan_without_amount (NULL = none); otherwise
    # max_yuan (NULL = none). not_guilty / exempt: no fine is lawful (no rows).
    theft = "法释〔2013〕8号第14条"
    corr = "法释〔2016〕9号第19条"
    rows: list[tuple[Any, ...]] = [
        (charge, None, None, None, 1000, None, 2, 100000, 500, theft)
        for charge in sorted(fines.THEFT)
    ]
    for charge in sorted(fines.EMBEZZLEMENT_BRIBERY):
        rows += [
            (charge, "fixed_term", 0, fines._LOW_MAX, 100000, 500000, None, None, None, corr),
            (
                charge,
                "fixed_term",
                fines._LOW_MAX,
                fines._HIGH_MIN,
                200000,
                None,
                2,
                None,
                None,
                corr,
            ),
            (charge, "fixed_term", fines._HIGH_MIN, None, 500000, None, 2, None, None, corr),
            *[
                (charge, p, None, None, 100000, 500000, None, None, None, corr)
                for p in ("criminal_detention", "public_surveillance", "fine_only")
            ],
            *[
                (charge, p, None, None, 500000, None, 2, None, None, corr)
                for p in ("life", "death")
            ],
        ]
    rows += [
        (charge, None, None, None, 100000, None, 2, None, None, corr + "第2款")
        for charge in sorted(fines.OTHER_CORRUPTION)
    ]
    rows.append((None, None, None, None, 1000, None, None, None, 500, "法释〔2000〕45号第2条"))
    return rows


def install(con: Any) -> None:
    """Create or replace the reference tables and the ``trial_deadline`` macro on ``con``."""
    con.execute(
        "CREATE OR REPLACE TABLE ref_lpr_1y (effective_date DATE PRIMARY KEY, "
        "rate_pct DECIMAL(6,3) NOT NULL, cap_pct DECIMAL(6,3) NOT NULL, valid_to DATE NOT NULL)"
    )
    con.executemany(
        "INSERT INTO ref_lpr_1y VALUES (?, ?, ?, ?)",
        [(s, r, LPR_CAP_MULTIPLE * r, e) for s, e, r in _periods(LPR_1Y)],
    )
    con.execute(
        "CREATE OR REPLACE TABLE ref_lpr_5y (effective_date DATE PRIMARY KEY, "
        "rate_pct DECIMAL(6,3) NOT NULL, valid_to DATE NOT NULL)"
    )
    con.executemany(
        "INSERT INTO ref_lpr_5y VALUES (?, ?, ?)", [(s, r, e) for s, e, r in _periods(LPR_5Y)]
    )
    con.execute(
        "CREATE OR REPLACE TABLE ref_interest_cap (valid_from DATE PRIMARY KEY, "
        "valid_to DATE NOT NULL, cap_pct DECIMAL(6,3) NOT NULL, basis VARCHAR NOT NULL)"
    )
    caps = [(EARLIEST, OLD_CAP_PCT)] + [(s, LPR_CAP_MULTIPLE * r) for s, r in LPR_1Y]
    con.executemany(
        "INSERT INTO ref_interest_cap VALUES (?, ?, ?, ?)",
        [
            (
                s,
                e,
                cap,
                "民间借贷规定（2015）第26条：24%"
                if s < LPR_START
                else "民间借贷规定（2020）第25条：合同成立时一年期LPR的四倍",
            )
            for s, e, cap in _periods(tuple(caps))
        ],
    )
    con.execute(
        "CREATE OR REPLACE TABLE ref_late_interest_article (valid_from DATE PRIMARY KEY, "
        "valid_to DATE NOT NULL, article INTEGER NOT NULL)"
    )
    con.executemany(
        "INSERT INTO ref_late_interest_article VALUES (?, ?, ?)",
        [(s, e or OPEN_END, a) for s, e, a in LATE_INTEREST_ARTICLES],
    )
    con.execute(
        "CREATE OR REPLACE TABLE ref_time_limits (family VARCHAR NOT NULL, "
        "procedure VARCHAR NOT NULL, trial_procedure VARCHAR, limit_days INTEGER NOT NULL, "
        "extension_days INTEGER, basis VARCHAR NOT NULL, limit_months INTEGER NOT NULL, "
        "extension_months INTEGER)"
    )
    con.executemany(
        "INSERT INTO ref_time_limits VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (f, p, t, v.days, v.extension_days, v.basis, v.months, v.extension_months)
            for (f, p, t), v in TIME_LIMITS.items()
        ],
    )
    con.execute(
        "CREATE OR REPLACE TABLE ref_fine_rules (charge VARCHAR, penalty VARCHAR, "
        "term_min_months INTEGER, term_max_months INTEGER, min_yuan DECIMAL(18,2) NOT NULL, "
        "max_yuan DECIMAL(18,2), max_times_amount INTEGER, max_yuan_without_amount DECIMAL(18,2), "
        "minor_min_yuan DECIMAL(18,2), basis VARCHAR NOT NULL)"
    )
    con.executemany(
        "INSERT INTO ref_fine_rules VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _fine_rows()
    )
    con.execute(
        "CREATE OR REPLACE MACRO trial_deadline(filing_date, limit_months, limit_days, "
        f"extended_days, excluded_days) AS {DEADLINE_SQL}"
    )
