from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtqc.domain.uscc import (
    USCC_CHARSET,
    UsccError,
    make_uscc,
    normalize_uscc,
    org_code_check_char,
    uscc_check_char,
    validate_uscc,
)

divisions = st.sampled_from(["310101", "310115", "310000", "440300", "110108"])
bodies = st.text(alphabet=USCC_CHARSET, min_size=8, max_size=8)
codes = st.builds(
    make_uscc, divisions, bodies, st.sampled_from(["9", "5", "1"]), st.sampled_from(["1", "2", "3"])
)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the example printed in GB 32100-2015
        "9144030071526726XG",  # a published code: organisation code 71526726-X
        "91310000132149237G",
    ],
)
def test_published_codes_validate(code):
    assert validate_uscc(code)
    assert uscc_check_char(code[:17]) == code[17]
    assert org_code_check_char(code[8:16]) == code[16]


def test_normalisation():
    assert normalize_uscc(" ９１３５０１００ｍ０００１００ｙ４３") == "91350100M000100Y43"
    assert validate_uscc("91350100m000100y43")


@given(divisions, bodies)
def test_make_validates_fully(division, body):
    code = make_uscc(division, body)
    assert len(code) == 18 and code[:2] == "91" and code[2:8] == division and code[8:16] == body
    assert validate_uscc(code) and validate_uscc(code, org_code=False)


@settings(max_examples=40)
@given(codes)
def test_any_single_character_change_fails(code):
    for i in range(18):
        for c in USCC_CHARSET:
            if c != code[i]:
                assert not validate_uscc(code[:i] + c + code[i + 1 :])


@settings(max_examples=40)
@given(codes)
def test_adjacent_transposition_fails(code):
    for i in range(16):
        if code[i] != code[i + 1]:
            assert not validate_uscc(
                code[:i] + code[i + 1] + code[i] + code[i + 2 :], org_code=False
            )


def test_invalid_inputs():
    assert not validate_uscc("")
    assert not validate_uscc("91350100M000100Y4")  # 17 characters
    assert not validate_uscc("91350100M000100Y4I")  # I is not in the alphabet
    assert not validate_uscc("9135010AM000100Y43")  # division code must be digits
    with pytest.raises(UsccError, match="不允许的字符"):
        uscc_check_char("91350100O000100Y4")
    with pytest.raises(UsccError, match="组织机构代码"):
        make_uscc("310115", "1234567")
    with pytest.raises(UsccError, match="行政区划"):
        make_uscc("31011X", "12345678")
