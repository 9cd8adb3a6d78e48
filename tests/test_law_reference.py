"""DuckDB reference tables agree with the Python rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtqc.law.civil_procedure import late_interest_article
from courtqc.law.fines import fine_range
from courtqc.law.lpr import interest_cap_pct, lpr_1y_on
from courtqc.law.reference import REFERENCE_TABLES, install
from courtqc.law.time_limits import TIME_LIMITS, deadline


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    install(con)
    yield con
    con.close()


def one(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()[0]


def test_install_is_idempotent_and_complete(con):
    before = {t: one(con, f"SELECT count(*) FROM {t}")[0] for t in REFERENCE_TABLES}
    install(con)
    after = {t: one(con, f"SELECT count(*) FROM {t}")[0] for t in REFERENCE_TABLES}
    assert before == after and all(n > 0 for n in after.values())


def test_lpr_table(con):
    assert one(
        con, "SELECT rate_pct, cap_pct FROM ref_lpr_1y WHERE effective_date = ?", date(2020, 4, 20)
    ) == (
        D("3.850"),
        D("15.400"),
    )
    # periods tile the timeline without gaps or overlaps
    assert one(
        con,
        "SELECT count(*) FROM (SELECT valid_to, lead(effective_date) OVER (ORDER BY effective_date) AS nxt "
        "FROM ref_lpr_1y) WHERE nxt IS NOT NULL AND nxt <> valid_to + 1",
    ) == (0,)


DAYS = st.dates(date(2013, 1, 1), date(2035, 12, 31))


@settings(max_examples=50)
@given(DAYS)
def test_cap_and_article_joins_match_python(con, day):
    cap = one(
        con, "SELECT cap_pct FROM ref_interest_cap WHERE ? BETWEEN valid_from AND valid_to", day
    )[0]
    assert cap == interest_cap_pct(day)
    rows = con.execute(
        "SELECT rate_pct FROM ref_lpr_1y WHERE ? BETWEEN effective_date AND valid_to", [day]
    ).fetchall()
    assert [r[0] for r in rows] == ([] if lpr_1y_on(day) is None else [lpr_1y_on(day)])
    article = one(
        con,
        "SELECT article FROM ref_late_interest_article WHERE ? BETWEEN valid_from AND valid_to",
        day,
    )[0]
    assert article == late_interest_article(day)


DEADLINE_QUERY = """
SELECT trial_deadline(CAST(? AS DATE), t.limit_months, t.limit_days, ?, ?)
FROM ref_time_limits t
WHERE t.family = ? AND t.procedure = ?
  AND (t.trial_procedure IS NULL OR t.trial_procedure = COALESCE(?, 'ordinary'))
"""


@settings(max_examples=60)
@given(
    DAYS,
    st.sampled_from([*sorted(TIME_LIMITS, key=str), ("civil", "first", None)]),
    st.integers(0, 200),
    st.integers(0, 200),
)
def test_sql_deadline_matches_python(con, filed, key, ext, excl):
    family, procedure, trial = key
    rows = con.execute(DEADLINE_QUERY, [filed, ext, excl, family, procedure, trial]).fetchall()
    assert rows == [(deadline(filed, family, procedure, trial, ext, excl),)]


FINE_QUERY = """
WITH m AS (
  SELECT *, CASE WHEN $minor AND minor_min_yuan IS NOT NULL THEN minor_min_yuan ELSE min_yuan END AS floor
  FROM ref_fine_rules
  WHERE (charge = $charge OR (charge IS NULL AND NOT EXISTS (SELECT 1 FROM ref_fine_rules WHERE charge = $charge)))
    AND (penalty IS NULL OR penalty = $penalty)
    AND ($penalty <> 'fixed_term' OR ((term_min_months IS NULL OR $months >= term_min_months)
                                     AND (term_max_months IS NULL OR $months <= term_max_months)))
), c AS (
  SELECT floor, CASE WHEN max_times_amount IS NOT NULL THEN
           CASE WHEN $amount > 0 THEN greatest(floor, max_times_amount * $amount) ELSE max_yuan_without_amount END
         ELSE max_yuan END AS ceiling
  FROM m
)
SELECT min(floor), CASE WHEN count(*) = count(ceiling) THEN max(ceiling) END FROM c
"""


@settings(max_examples=80)
@given(
    st.sampled_from(["盗窃", "贪污", "受贿", "行贿", "诈骗", "theft"]),
    st.one_of(st.none(), st.decimals(D(1), D(10_000_000), places=2)),
    st.integers(1, 300),
    st.sampled_from(["fixed_term", "criminal_detention", "life", "fine_only"]),
    st.booleans(),
)
def test_fine_rules_match_python(con, charge, amount, months, penalty, minor):
    params = {
        "charge": charge,
        "amount": amount,
        "months": months,
        "penalty": penalty,
        "minor": minor,
    }
    low, high = con.execute(FINE_QUERY, params).fetchall()[0]
    assert (low, high) == fine_range(charge, amount, months, penalty, minor)
