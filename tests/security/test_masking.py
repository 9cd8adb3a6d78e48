"""Free-text masking (issue 13: "masking misses landlines with area codes in any layout, spaced
or 15-digit ID numbers, and full-width digits"): property tests over the layouts people write,
in half-width and full-width characters, inside Chinese text; the text keeps its length so the
spans of extracted info points still point at the same characters.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courtqc.domain.idnumber import make_id_number
from courtqc.web.masking import mask_text

FULL = {ord(c): ord(c) + 0xFEE0 for c in "0123456789()-+X"}  # ASCII -> full-width
FULL[ord(" ")] = 0x3000

# Text around a number: Chinese, punctuation and letters, never a digit or a separator that
# could make the number part of a longer one.
_AROUND = st.text(
    alphabet=st.sampled_from(list("被告原告联系电话身份证号码住上海市浦东新区，。：；、 号码为")),
    max_size=12,
)
_SEPS = st.sampled_from(["", " ", "-"])


def _normal(s: str) -> str:
    """Half-width, without separators: what the assertions compare."""
    back = {v: k for k, v in FULL.items()}
    return s.translate(back).replace(" ", "").replace("-", "")


def _maybe_full(s: str, draw) -> str:  # type: ignore[no-untyped-def]
    """Each character full-width or not, independently: mixed layouts occur in OCRed text."""
    return "".join(c.translate(FULL) if draw(st.booleans()) else c for c in s)


@st.composite
def id18(draw):  # type: ignore[no-untyped-def]
    birth = draw(st.dates(dt.date(1900, 1, 1), dt.date(2020, 12, 31)))
    division = draw(st.sampled_from(["310115", "310104", "110101", "440305", "530102"]))
    n = make_id_number(division, birth, draw(st.integers(0, 99)), draw(st.booleans()))
    layout = draw(st.sampled_from(["6-8-4", "6-4-4-4", "6-8-3-1", "whole"]))
    sep = draw(st.sampled_from([" ", "-"]))
    groups = {
        "6-8-4": [n[:6], n[6:14], n[14:]],
        "6-4-4-4": [n[:6], n[6:10], n[10:14], n[14:]],
        "6-8-3-1": [n[:6], n[6:14], n[14:17], n[17:]],
        "whole": [n],
    }[layout]
    if draw(st.booleans()):
        groups[-1] = groups[-1].replace("X", "x")
    return n, _maybe_full(sep.join(groups), draw)


@st.composite
def id15(draw):  # type: ignore[no-untyped-def]
    birth = draw(st.dates(dt.date(1900, 1, 1), dt.date(1999, 12, 31)))
    n = "310115" + birth.strftime("%y%m%d") + f"{draw(st.integers(0, 999)):03d}"
    sep = draw(_SEPS)
    return n, _maybe_full(sep.join([n[:6], n[6:12], n[12:]]), draw)


@st.composite
def mobile(draw):  # type: ignore[no-untyped-def]
    n = (
        "1"
        + draw(st.sampled_from("3456789"))
        + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=9, max_size=9)))
    )
    sep = draw(_SEPS)
    prefix = draw(st.sampled_from(["", "+86", "+86 ", "+86-", "0086", "0086 ", "86", "(+86)"]))
    return n, _maybe_full(prefix + sep.join([n[:3], n[3:7], n[7:]]), draw)


@st.composite
def landline(draw):  # type: ignore[no-untyped-def]
    area = draw(st.sampled_from(["010", "021", "020", "0571", "0755", "0871", "0512"]))
    size = draw(st.sampled_from([7, 8]))
    local = draw(st.sampled_from("123456789")) + "".join(
        draw(st.lists(st.sampled_from("0123456789"), min_size=size - 1, max_size=size - 1))
    )
    split = draw(_SEPS)
    body = local if not split else local[:-4] + split + local[-4:]
    form = draw(st.sampled_from(["({a}){b}", "({a}) {b}", "{a}-{b}", "{a} {b}", "{a}{b}",
                                 "+86 {a1} {b}", "0086-{a1}-{b}"]))  # fmt: skip
    text = form.format(a=area, a1=area[1:], b=body)
    return area, local, _maybe_full(text, draw)


def _check_kept_length_and_only_digits_changed(text: str, masked: str) -> None:
    assert len(masked) == len(text)
    for a, b in zip(text, masked, strict=True):
        assert a == b or (b == "*" and a.translate({v: k for k, v in FULL.items()}).isdigit())


@given(id18(), _AROUND, _AROUND)
@settings(max_examples=300, deadline=None)
def test_18_digit_ids_in_any_layout(idn, before: str, after: str) -> None:
    number, written = idn
    text = before + written + after
    masked = mask_text(text)
    assert masked is not None
    _check_kept_length_and_only_digits_changed(text, masked)
    assert number[:6] + "*" * 8 + number[14:] in _normal(masked).upper(), (text, masked)
    assert number[6:14] not in _normal(masked)


@given(id15(), _AROUND, _AROUND)
@settings(max_examples=200, deadline=None)
def test_15_digit_ids(idn, before: str, after: str) -> None:
    number, written = idn
    text = before + written + after
    masked = mask_text(text)
    assert masked is not None
    _check_kept_length_and_only_digits_changed(text, masked)
    assert number[:6] + "******" + number[12:] in _normal(masked), (text, masked)


@given(mobile(), _AROUND, _AROUND)
@settings(max_examples=300, deadline=None)
def test_mobiles_in_any_layout(m, before: str, after: str) -> None:
    number, written = m
    text = before + written + after
    masked = mask_text(text)
    assert masked is not None
    _check_kept_length_and_only_digits_changed(text, masked)
    assert number[:3] + "****" + number[7:] in _normal(masked), (text, masked)


@given(landline(), _AROUND, _AROUND)
@settings(max_examples=300, deadline=None)
def test_landlines_with_area_codes_in_any_layout(ll, before: str, after: str) -> None:
    _area, local, written = ll
    text = before + written + after
    masked = mask_text(text)
    assert masked is not None
    _check_kept_length_and_only_digits_changed(text, masked)
    assert "*" * (len(local) - 4) + local[-4:] in _normal(masked), (text, masked)


@given(st.text(max_size=80))
@settings(max_examples=500, deadline=None)
def test_any_text_keeps_its_length_and_masking_is_idempotent(text: str) -> None:
    masked = mask_text(text)
    assert masked is not None or not text
    if masked:
        _check_kept_length_and_only_digits_changed(text, masked)
        assert mask_text(masked) == masked


@pytest.mark.parametrize(
    "text,expected",
    [
        ("座机(021)1234 5678", "座机(021)**** 5678"),
        ("座机021 12345678", "座机021 ****5678"),
        ("座机021-1234-5678", "座机021-****-5678"),
        ("座机0571-8888888", "座机0571-***8888"),
        ("电话（０２１）６２３４－５６７８", "电话（０２１）****－５６７８"),
        ("手机+86 138 1234 5678", "手机+86 138 **** 5678"),
        ("手机0086-13812345678", "手机0086-138****5678"),
        ("身份证310115 19800517 003X", "身份证310115 ******** 003X"),
        ("身份证３１０１１５１９８００５１７００３Ｘ", "身份证３１０１１５********００３Ｘ"),
        ("旧身份证310115800517003", "旧身份证310115******003"),
    ],
)
def test_layouts_of_the_issue(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "（2024）沪0115民初123号",  # case number
        "于2023-09-01立案",  # date
        "标的额1234567元",  # money
        "账号6222021234567890123456",  # a bank account, longer than any ID
        "第12345678号",  # a plain 8-digit number without area code
    ],
)
def test_what_is_not_personal_data_stays(text: str) -> None:
    assert mask_text(text) == text


def test_info_point_spans_still_match_after_masking() -> None:
    """Extraction runs on the stored text; the UI shows the masked text with the points' spans:
    each span covers the same characters (digits of ID numbers and phones starred)."""
    from courtqc.extract import extract

    idn = make_id_number("310115", dt.date(1980, 5, 17), 3, False)
    text = (
        "上海市浦东新区人民法院\n民事判决书\n（2023）沪0115民初1234号\n"
        f"原告：张三，男，1980年5月17日生，公民身份号码{idn.translate(FULL)}，"
        "联系电话１３８ １２３４ ５６７８，座机（０２１）６２３４ ５６７８。\n被告：李四。\n"
        "判决如下：被告李四于本判决生效之日起十日内偿还原告张三借款本金100,000元。\n"
    )
    masked = mask_text(text)
    assert masked is not None and len(masked) == len(text)
    assert "１２３４" not in masked and "６２３４" not in masked
    points = extract(text).info_points
    assert points
    spans = 0
    for p in points:
        if p.start is None or p.end is None:
            continue
        spans += 1
        orig, shown = text[p.start : p.end], masked[p.start : p.end]
        _check_kept_length_and_only_digits_changed(orig, shown)
        if p.key in ("case_no", "court"):
            assert shown == orig == p.value
    assert spans > 5
    assert extract(masked).case_no == extract(text).case_no
