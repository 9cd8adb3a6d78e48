"""Fine ranges (docs/DOMAIN.md §4.8)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtqc.law.fines import check_fine, fine_range


@pytest.mark.parametrize(
    ("charge", "amount", "months", "penalty", "minor", "expected"),
    [
        ("盗窃", D(5000), 8, "fixed_term", False, (D(1000), D(10000))),
        ("盗窃罪", None, 8, "fixed_term", False, (D(1000), D(100000))),
        ("theft", D(5000), None, "criminal_detention", True, (D(500), D(10000))),
        ("受贿罪", D(300000), 24, "fixed_term", False, (D(100000), D(500000))),
        ("受贿", D(300000), 36, "fixed_term", False, (D(100000), D(600000))),  # band edge: union
        ("贪污", D(1000000), 60, "fixed_term", False, (D(200000), D(2000000))),
        ("贪污", D(1000000), 120, "fixed_term", False, (D(200000), D(2000000))),  # edge: union
        ("贪污", D(5000000), 180, "fixed_term", False, (D(500000), D(10000000))),
        ("受贿", D(5000000), None, "life", False, (D(500000), D(10000000))),
        ("受贿", D(50000), None, "criminal_detention", False, (D(100000), D(500000))),
        ("受贿", None, 60, "fixed_term", False, (D(200000), None)),
        ("行贿", D(200000), 30, "fixed_term", False, (D(100000), D(400000))),
        ("诈骗", D(50000), 30, "fixed_term", False, (D(1000), None)),
        ("诈骗", None, 30, "fixed_term", True, (D(500), None)),
        ("盗窃", D(5000), None, "not_guilty", False, (D(0), D(0))),
    ],
)
def test_fine_range(charge, amount, months, penalty, minor, expected):
    assert fine_range(charge, amount, months, penalty, minor) == expected


def test_several_charges_rejected_by_range_skipped_by_check():
    with pytest.raises(ValueError, match="盗窃;诈骗"):
        fine_range("盗窃;诈骗", D(5000), 12, "fixed_term")
    assert check_fine("盗窃;诈骗", D(999999), D(5000), 12, "fixed_term") is None


def test_check_fine():
    assert check_fine("盗窃", D(8000), D(5000), 8, "fixed_term") is None
    assert check_fine("盗窃", None, D(5000), 8, "fixed_term") is None
    over = check_fine("盗窃", D(20000), D(5000), 8, "fixed_term")
    assert over is not None and over.code == "fine_out_of_range"
    assert over.evidence["max_yuan"] == "10000" and over.evidence["fine_yuan"] == "20000"
    assert "20,000元" in over.message_zh and "10,000元" in over.message_zh
    under = check_fine("诈骗", D(800), D(50000), 30, "fixed_term")
    assert under is not None and under.evidence["min_yuan"] == "1000"
    assert check_fine("诈骗", D(800), D(50000), 30, "fixed_term", minor=True) is None


@given(st.decimals(D(500), D(10_000_000), places=2), st.decimals(D(0), D(30_000_000), places=2))
def test_theft_rule(amount, fine):
    lawful = D(1000) <= fine <= 2 * amount
    assert (check_fine("盗窃", fine, amount, 12, "fixed_term") is None) == lawful


@given(st.decimals(D(1), D(10_000_000), places=2), st.integers(1, 300))
def test_range_well_formed(amount, months):
    for charge in ("盗窃", "贪污", "行贿", "诈骗"):
        low, high = fine_range(charge, amount, months, "fixed_term")
        assert low > 0 and (high is None or high >= low)
