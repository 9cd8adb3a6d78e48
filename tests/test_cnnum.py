from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtqc.domain.cnnum import (
    CnNumberError,
    Duration,
    cn_to_int,
    cn_to_number,
    format_cn_date,
    format_duration_months,
    int_to_cn,
    money_to_cn_upper,
    parse_cn_date,
    parse_duration,
    parse_duration_months,
    parse_money,
    to_halfwidth,
)


def test_to_halfwidth_is_length_preserving():
    s = "（２０２４）沪０１１５民初１２３４号　ＡＢＣ公司"
    assert to_halfwidth(s) == "(2024)沪0115民初1234号 ABC公司"
    assert len(to_halfwidth(s)) == len(s)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一千二百三十四", 1234),
        ("两万", 20000),
        ("十二", 12),
        ("十", 10),
        ("二十", 20),
        ("一百零五", 105),
        ("一千零一十", 1010),
        ("壹仟贰佰", 1200),
        ("壹拾贰万叁仟肆佰伍拾陆", 123456),
        ("二〇一八", 2018),
        ("二零一八", 2018),
        ("3万", 30000),
        ("30万", 300000),
        ("3万5千", 35000),
        ("1,234", 1234),
        ("１２３４", 1234),
        ("一亿二千万", 120_000_000),
        ("十万零五", 100_005),
        ("廿三", 23),
        ("零", 0),
    ],
)
def test_cn_to_int_examples(text, value):
    assert cn_to_int(text) == value


def test_cn_to_number_decimals():
    assert cn_to_number("12.5万") == Decimal("125000")
    assert cn_to_number("一点五") == Decimal("1.5")
    with pytest.raises(CnNumberError, match="不是整数"):
        cn_to_int("1.5")


@pytest.mark.parametrize("bad", ["", "三块", "一二.三.四", "abc"])
def test_cn_to_int_errors(bad):
    with pytest.raises(CnNumberError):
        cn_to_int(bad)


@pytest.mark.parametrize(
    ("n", "lower", "upper"),
    [
        (0, "零", "零"),
        (10, "十", "壹拾"),
        (12, "十二", "壹拾贰"),
        (101, "一百零一", "壹佰零壹"),
        (1234, "一千二百三十四", "壹仟贰佰叁拾肆"),
        (100_005, "十万零五", "壹拾万零伍"),
        (100_010_000, "一亿零一万", "壹亿零壹万"),
    ],
)
def test_int_to_cn_examples(n, lower, upper):
    assert int_to_cn(n) == lower
    assert int_to_cn(n, upper=True) == upper


@given(st.integers(0, 10**16 - 1), st.booleans())
def test_int_to_cn_round_trip(n, upper):
    assert cn_to_int(int_to_cn(n, upper=upper)) == n


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.56元", "1234.56"),
        ("12.5万元", "125000"),
        ("人民币壹万贰仟元整", "12000"),
        ("三千元", "3000"),
        ("1亿元", "100000000"),
        ("￥500", "500"),
        ("¥500.5", "500.50"),
        ("人民币叁佰肆拾伍元陆角柒分", "345.67"),
        ("壹元零伍分", "1.05"),
        ("伍角", "0.5"),
        ("3万5千元", "35000"),
        ("１２３元", "123"),
        ("人民币 2,000元", "2000"),
    ],
)
def test_parse_money_examples(text, value):
    assert parse_money(text) == Decimal(value)


@pytest.mark.parametrize("bad", ["", "人民币", "若干元", "三元五毛"])
def test_parse_money_errors(bad):
    with pytest.raises(CnNumberError):
        parse_money(bad)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("12345.67", "人民币壹万贰仟叁佰肆拾伍元陆角柒分"),
        ("12000", "人民币壹万贰仟元整"),
        ("1.05", "人民币壹元零伍分"),
        ("0.5", "人民币伍角"),
        ("0", "人民币零元整"),
        ("100000", "人民币壹拾万元整"),
    ],
)
def test_money_to_cn_upper_examples(amount, text):
    assert money_to_cn_upper(Decimal(amount)) == text


@given(st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_money_round_trip(amount):
    assert parse_money(money_to_cn_upper(amount)) == amount


def test_money_negative_rejected():
    with pytest.raises(CnNumberError, match="负"):
        money_to_cn_upper(Decimal("-1"))


@pytest.mark.parametrize(
    "text",
    [
        "二〇一八年三月五日",
        "二零一八年三月五日",
        "2018年3月5日",
        "２０１８年３月５日",
        "2018-03-05",
        "2018.3.5",
        "2018年03月05号",
    ],
)
def test_parse_cn_date_examples(text):
    assert parse_cn_date(text) == date(2018, 3, 5)


def test_format_cn_date():
    assert format_cn_date(date(2018, 3, 5)) == "二〇一八年三月五日"
    assert format_cn_date(date(2020, 12, 31)) == "二〇二〇年十二月三十一日"
    assert format_cn_date(date(2018, 3, 5), numerals="arabic") == "2018年3月5日"
    with pytest.raises(ValueError):
        format_cn_date(date(2018, 3, 5), numerals="roman")


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(["chinese", "arabic"]),
)
def test_date_round_trip(d, numerals):
    assert parse_cn_date(format_cn_date(d, numerals)) == d


@pytest.mark.parametrize("bad", ["二〇一八年二月三十日", "2018年13月1日", "昨天", "2018-03"])
def test_parse_cn_date_errors(bad):
    with pytest.raises(CnNumberError):
        parse_cn_date(bad)


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("三年六个月", 42),
        ("一年零六个月", 18),
        ("六个月", 6),
        ("1年6个月", 18),
        ("十个月", 10),
        ("二年", 24),
        ("一年半", 18),
        ("十五年", 180),
        ("１年", 12),
    ],
)
def test_parse_duration_months_examples(text, months):
    assert parse_duration_months(text) == months


def test_parse_duration_days():
    assert parse_duration("十五日") == Duration(0, 0, 15)
    assert parse_duration("一个月零十天") == Duration(0, 1, 10)
    with pytest.raises(CnNumberError, match="日数"):
        parse_duration_months("十五日")


@pytest.mark.parametrize("bad", ["", "三年六", "很久", "年"])
def test_parse_duration_errors(bad):
    with pytest.raises(CnNumberError):
        parse_duration(bad)


@given(st.integers(0, 600))
def test_duration_round_trip(m):
    assert parse_duration_months(format_duration_months(m)) == m


def test_format_duration_months():
    assert format_duration_months(42) == "三年六个月"
    assert format_duration_months(12) == "一年"
    assert format_duration_months(6) == "六个月"
