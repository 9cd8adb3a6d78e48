"""审限 (docs/DOMAIN.md §4.9)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtqc.law.time_limits import TIME_LIMITS, deadline, time_limit


@pytest.mark.parametrize(
    ("filed", "family", "procedure", "trial", "end"),
    [
        (date(2024, 1, 10), "civil", "first", "ordinary", date(2024, 7, 10)),
        (date(2024, 1, 10), "civil", "first", None, date(2024, 7, 10)),  # None = ordinary
        (date(2024, 1, 10), "commercial", "first", "simple", date(2024, 4, 10)),
        (date(2024, 1, 10), "civil", "first", "small_claims", date(2024, 3, 10)),
        (date(2024, 8, 31), "civil", "first", "ordinary", date(2025, 2, 28)),  # month end
        (date(2024, 1, 10), "civil", "special", None, date(2024, 2, 9)),  # day 1 = 01-11
        (date(2024, 1, 10), "civil", "second", None, date(2024, 4, 10)),
        (date(2024, 1, 10), "criminal", "first", "fast_track", date(2024, 1, 20)),
        (date(2024, 1, 10), "criminal", "first", "simple", date(2024, 1, 30)),
        (date(2024, 1, 10), "criminal", "second", None, date(2024, 3, 10)),
        (date(2024, 1, 10), "administrative", "first", "simple", date(2024, 2, 24)),
        (date(2024, 1, 10), "enforcement", "enforcement", None, date(2024, 7, 10)),
    ],
)
def test_deadline(filed, family, procedure, trial, end):
    assert deadline(filed, family, procedure, trial) == end


def test_extension_and_excluded_days_add_up():
    assert deadline(date(2024, 1, 10), "civil", "first", "ordinary", 183, 30) == date(
        2024, 7, 10
    ) + timedelta(days=213)


def test_time_limit_fields():
    limit = time_limit("civil", "first", "simple")
    assert (limit.months, limit.days, limit.extension_months) == (3, 0, 1)
    assert "164" in limit.basis
    assert time_limit("criminal", "first", "fast_track").extension_days == 5


def test_uncovered_and_unknown_values_named():
    with pytest.raises(ValueError, match="family=bankruptcy"):
        time_limit("bankruptcy", "bankruptcy")
    with pytest.raises(ValueError, match="未知的family值“civl”"):
        time_limit("civl", "first")
    with pytest.raises(ValueError, match="trial_procedure"):
        time_limit("civil", "first", "summary")
    with pytest.raises(ValueError, match="extended_days=-1"):
        deadline(date(2024, 1, 1), "civil", "first", None, -1)


KEYS = sorted(TIME_LIMITS, key=str)


@given(st.dates(date(2000, 1, 1), date(2040, 12, 31)), st.sampled_from(KEYS), st.integers(0, 400))
def test_deadline_after_filing_and_monotone(filed, key, extra):
    family, procedure, trial = key
    end = deadline(filed, family, procedure, trial)
    assert end > filed
    assert deadline(filed, family, procedure, trial, extra) == end + timedelta(days=extra)
