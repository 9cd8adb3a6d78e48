"""Sentence end dates (docs/DOMAIN.md §4.7)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtqc.law.sentencing import check_term_end, expected_term_end, term_end_from

STARTS = st.dates(date(2000, 1, 1), date(2040, 12, 31))


@pytest.mark.parametrize(
    ("start", "months", "penalty", "end"),
    [
        (date(2023, 1, 5), 12, "fixed_term", date(2024, 1, 4)),
        (date(2023, 3, 1), 1, "criminal_detention", date(2023, 3, 31)),
        (date(2023, 12, 15), 6, "criminal_detention", date(2024, 6, 14)),
        (date(2023, 1, 31), 1, "fixed_term", date(2023, 2, 28)),  # no 02-31
        (date(2024, 1, 31), 1, "fixed_term", date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, "fixed_term", date(2025, 2, 28)),
        (date(2020, 6, 10), 36, "fixed_term", date(2023, 6, 9)),
        # no 2016-02-30: the month's last day, as a real judgment states it
        (date(2013, 8, 30), 30, "fixed_term", date(2016, 2, 29)),
    ],
)
def test_expected_term_end(start, months, penalty, end):
    assert expected_term_end(start, months, penalty) == end


def test_bail_postpones_the_end():
    assert expected_term_end(date(2023, 1, 5), 12, "fixed_term", bail_days=10) == date(2024, 1, 14)


def test_public_surveillance_two_for_one():
    # executed 2023-04-01, 6 months → 2023-09-30; 10 days in custody count 20 days
    assert expected_term_end(
        date(2023, 3, 1), 6, "public_surveillance", custody_days=10, term_start=date(2023, 4, 1)
    ) == date(2023, 9, 10)
    # default execution day: the day after 10 days of custody, 2023-03-11 → 09-10 − 20 days
    assert expected_term_end(date(2023, 3, 1), 6, "public_surveillance", custody_days=10) == date(
        2023, 8, 21
    )


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="life"):
        expected_term_end(date(2023, 1, 5), 12, "life")
    with pytest.raises(ValueError, match="custody_days"):
        expected_term_end(date(2023, 1, 5), 12, "public_surveillance")
    with pytest.raises(ValueError, match="bail_days"):
        expected_term_end(date(2023, 1, 5), 12, "fixed_term", bail_days=-1)


def test_check_term_end():
    assert check_term_end(date(2023, 1, 5), 12, "fixed_term", date(2024, 1, 4)) is None
    finding = check_term_end(date(2023, 1, 5), 12, "fixed_term", date(2024, 1, 5))
    assert finding is not None and finding.code == "sentence_end_date_wrong"
    assert finding.evidence["expected_term_end"] == "2024-01-04"
    assert finding.evidence["days_off"] == 1
    assert "2024-01-04" in finding.message_zh and "2024-01-05" in finding.message_zh


@given(STARTS, st.integers(1, 300), st.sampled_from(["fixed_term", "criminal_detention"]))
def test_end_not_before_start_and_monotone(start, months, penalty):
    end = expected_term_end(start, months, penalty)
    assert end >= start
    assert expected_term_end(start, months + 1, penalty) > end


@given(STARTS, st.integers(1, 300), st.integers(0, 400))
def test_bail_adds_exactly(start, months, bail):
    base = expected_term_end(start, months, "fixed_term")
    assert expected_term_end(start, months, "fixed_term", bail) == base + timedelta(days=bail)


@given(STARTS, st.integers(1, 25))
def test_whole_years_end_the_day_before_the_anniversary(start, years):
    if (start.month, start.day) != (2, 29):
        anniversary = start.replace(year=start.year + years)
        assert term_end_from(start, 12 * years) == anniversary - timedelta(days=1)
