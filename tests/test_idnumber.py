from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtqc.domain.idnumber import (
    IdNumberError,
    id_birth_date,
    id_check_digit,
    id_gender,
    make_id_number,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    validate_id_number,
)

divisions = st.sampled_from(["310101", "310115", "310151", "110105", "440305", "320102"])
births = st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31))
ids = st.builds(make_id_number, divisions, births, st.integers(0, 99), st.booleans())


def test_standard_example():
    # The worked example of GB 11643-1999.
    assert id_check_digit("11010519491231002") == "X"
    assert validate_id_number("11010519491231002X")
    assert id_birth_date("11010519491231002X") == date(1949, 12, 31)
    assert id_gender("11010519491231002X") == "female"


def test_court_record_variants_accepted():
    assert validate_id_number("11010519491231002x")
    assert validate_id_number(" １１０１０５１９４９１２３１００２ｘ ")
    assert normalize_id_number("110105 19491231 002x") == "11010519491231002X"


@given(divisions, births, st.integers(0, 99), st.booleans())
def test_make_round_trip(division, birth, seq, male):
    n = make_id_number(division, birth, seq, male)
    assert len(n) == 18 and validate_id_number(n)
    assert n[:6] == division
    assert n[14:16] == f"{seq:02d}"
    assert id_birth_date(n) == birth
    assert id_gender(n) == ("male" if male else "female")


def test_make_gives_200_distinct_numbers_per_day():
    nums = {
        make_id_number("310115", date(1980, 5, 1), s, m) for s in range(100) for m in (True, False)
    }
    assert len(nums) == 200


@settings(max_examples=60)
@given(ids)
def test_any_single_character_change_fails(n):
    for i in range(18):
        for c in "0123456789X":
            if c != n[i]:
                mutated = n[:i] + c + n[i + 1 :]
                assert not validate_id_number(mutated), (n, mutated)


@settings(max_examples=60)
@given(ids)
def test_adjacent_transposition_fails(n):
    for i in range(16):
        if n[i] != n[i + 1]:
            swapped = n[:i] + n[i + 1] + n[i] + n[i + 2 :]
            assert not validate_id_number(swapped)


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ("1101051949123100", "18位"),
        ("11010519491231002Y", "末位"),
        ("1101051949123100AX", "前17位"),
        ("110105194902300021", "出生日期"),
        ("110105194912310021", "校验位"),
    ],
)
def test_errors_say_what_is_wrong(bad, fragment):
    assert not validate_id_number(bad)
    with pytest.raises(IdNumberError, match=fragment):
        id_birth_date(bad)


def test_birth_date_without_checksum():
    assert id_birth_date("110105194912310021", checksum=False) == date(1949, 12, 31)


def test_make_rejects_bad_input():
    with pytest.raises(IdNumberError, match="seq"):
        make_id_number("310115", date(1990, 1, 1), 100, True)
    with pytest.raises(IdNumberError, match="行政区划"):
        make_id_number("31011", date(1990, 1, 1), 1, True)
    with pytest.raises(IdNumberError):
        id_check_digit("1234")


def test_masks():
    assert mask_id_number("11010519491231002x") == "110105********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138 1234 5678") == "138****5678"
    assert mask_phone("021-64381234") == "021-****1234"
    assert mask_phone("12345") == "***45"


@given(ids)
def test_mask_hides_birth_date(n):
    masked = mask_id_number(n)
    assert len(masked) == 18 and masked[6:14] == "*" * 8 and masked[:6] == n[:6]
