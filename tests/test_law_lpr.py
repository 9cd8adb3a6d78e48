"""LPR lookup and the private-lending cap (docs/DOMAIN.md §4.1–4.2)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtqc.law.lpr import (
    LPR_1Y,
    LPR_5Y,
    interest_cap_pct,
    interest_cap_periods,
    lpr_1y_on,
    lpr_5y_on,
)

DATES = st.dates(date(2010, 1, 1), date(2030, 12, 31))


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        (date(2019, 8, 19), None),  # before the first LPR
        (date(2019, 8, 20), D("4.25")),  # in force on its publication day
        (date(2019, 9, 19), D("4.25")),
        (date(2019, 9, 20), D("4.20")),
        (date(2021, 3, 1), D("3.85")),
        (date(2022, 5, 20), D("3.70")),  # a 5Y-only change leaves 1Y as it was
        (date(2024, 10, 20), D("3.35")),
        (date(2024, 10, 21), D("3.10")),
        (date(2030, 1, 1), D("3.00")),  # after the source ends: last value held
    ],
)
def test_lpr_1y_on(day, rate):
    assert lpr_1y_on(day) == rate


def test_lpr_5y_on():
    assert lpr_5y_on(date(2019, 8, 19)) is None
    assert lpr_5y_on(date(2022, 5, 19)) == D("4.60")
    assert lpr_5y_on(date(2022, 5, 20)) == D("4.45")
    assert lpr_5y_on(date(2024, 2, 20)) == D("3.95")


def test_tables_ordered_and_change_only():
    for table in (LPR_1Y, LPR_5Y):
        days = [d for d, _ in table]
        assert days == sorted(set(days))
        rates = [r for _, r in table]
        assert all(a != b for a, b in itertools.pairwise(rates))


@pytest.mark.parametrize(
    ("contract", "filing", "cap"),
    [
        (date(2021, 3, 1), None, D("15.40")),  # 4 × 3.85
        (date(2019, 8, 19), None, D("24")),  # 2015 rules
        (date(2019, 8, 20), None, D("17.00")),  # 4 × 4.25
        (date(2024, 10, 20), None, D("13.40")),
        (date(2024, 10, 21), None, D("12.40")),
        (date(2026, 1, 1), None, D("12.00")),  # held after 2025-05-20
        # transitional (2020-12-29 rules Art. 31): old contract, filed after 2020-08-20 →
        # 4 × LPR at filing for the interest running now
        (date(2018, 6, 1), date(2021, 3, 1), D("15.40")),
        (date(2020, 8, 19), date(2020, 8, 20), D("15.40")),
        # filed before the new rules: formation rule
        (date(2020, 1, 1), date(2020, 8, 19), D("16.60")),
        # contract under the new rules: filing date changes nothing
        (date(2021, 3, 1), date(2023, 1, 1), D("15.40")),
    ],
)
def test_interest_cap_pct(contract, filing, cap):
    assert interest_cap_pct(contract, filing) == cap


def test_interest_cap_periods():
    assert interest_cap_periods(date(2018, 6, 1), date(2021, 3, 1)) == (
        (date(2018, 6, 1), date(2020, 8, 19), D("24")),
        (date(2020, 8, 20), None, D("15.40")),
    )
    assert interest_cap_periods(date(2021, 3, 1), date(2022, 1, 1)) == (
        (date(2021, 3, 1), None, D("15.40")),
    )


@given(DATES)
def test_cap_is_four_times_lpr_or_24(d):
    lpr = lpr_1y_on(d)
    assert interest_cap_pct(d) == (D("24") if lpr is None else 4 * lpr)


@given(DATES, DATES)
def test_cap_monotone_in_lpr(a, b):
    la, lb = lpr_1y_on(a), lpr_1y_on(b)
    if la is not None and lb is not None and la <= lb:
        assert interest_cap_pct(a) <= interest_cap_pct(b)


@given(DATES)
def test_rate_constant_between_change_points(d):
    # The rate on a day equals the rate the day after unless the day after is a change point.
    nxt = d + timedelta(days=1)
    if nxt not in {p for p, _ in LPR_1Y}:
        assert lpr_1y_on(nxt) == lpr_1y_on(d)
