"""Late-interest clause and rate wording in civil main texts (docs/DOMAIN.md §4.3, §4.1–4.2)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtqc.law.civil_procedure import (
    check_interest_wording,
    find_rates,
    late_interest_article,
    late_interest_clause,
    parse_rate_text,
)


@pytest.mark.parametrize(
    ("day", "article"),
    [
        (date(2013, 1, 1), 253),
        (date(2021, 12, 31), 253),
        (date(2022, 1, 1), 260),
        (date(2023, 5, 10), 260),
        (date(2023, 12, 31), 260),
        (date(2024, 1, 1), 264),
        (date(2026, 6, 1), 264),
    ],
)
def test_late_interest_article(day, article):
    assert late_interest_article(day) == article


def test_article_before_2013_is_an_error():
    with pytest.raises(ValueError, match="2012-12-31"):
        late_interest_article(date(2012, 12, 31))


def test_late_interest_clause_text():
    assert late_interest_clause(date(2024, 3, 1)) == (
        "如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》"
        "第二百六十四条规定，加倍支付迟延履行期间的债务利息。"
    )
    assert "第二百五十三条" in late_interest_clause(date(2021, 12, 31))
    assert "第二百六十条规定" in late_interest_clause(date(2022, 1, 1))


@pytest.mark.parametrize(
    ("text", "on", "pct"),
    [
        ("按年利率24%计算", None, D(24)),
        ("按年利率２４％计算", None, D(24)),  # full-width
        ("月利率2%", None, D(24)),
        ("年利率百分之十五", None, D(15)),
        ("年利率百分之三点八五", None, D("3.85")),
        ("按24%的年利率", None, D(24)),
        ("月息2分", None, D(24)),
        ("年息1分", None, D(10)),
        ("月利率1.5%的1.5倍", None, D("27")),
        ("日利率万分之五", None, D(18)),  # × 360
        (
            "按照全国银行间同业拆借中心公布的一年期贷款市场报价利率的四倍",
            date(2021, 3, 1),
            D("15.40"),
        ),
        ("按一年期贷款市场报价利率计算", date(2023, 7, 1), D("3.55")),
        ("按一年期LPR的1.5倍", date(2024, 11, 1), D("4.65")),
        ("按一年期贷款市场报价利率上浮50%", date(2021, 3, 1), D("5.775")),
        ("五年期以上贷款市场报价利率", date(2021, 3, 1), D("4.65")),
        # LPR without a date, or before the LPR existed: unknown
        ("按照一年期贷款市场报价利率的四倍", None, None),
        ("按照一年期贷款市场报价利率的四倍", date(2019, 1, 1), None),
        ("被告支付原告货款10000元", None, None),  # no rate at all
    ],
)
def test_parse_rate_text(text, on, pct):
    assert parse_rate_text(text, on) == pct


def test_find_rates_in_order_with_spans():
    text = "以10000元为基数按年利率6%计算；以5000元为基数按月利率1%计算"
    rates = find_rates(text)
    assert [r.annual_pct for r in rates] == [D(6), D(12)]
    assert [text[r.start : r.end] for r in rates] == ["年利率6%", "月利率1%"]


CLEAN_2023 = (
    "一、被告张三于本判决生效之日起十日内偿还原告李四借款本金100000元及利息"
    "（以100000元为基数，自2021年3月1日起按年利率12%计算至实际清偿之日止）；"
    "二、案件受理费2300元，由被告负担。"
    "如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》"
    "第二百六十条规定，加倍支付迟延履行期间的债务利息。"
)


def codes(findings):
    return sorted(f.code for f in findings)


def test_clean_text_has_no_findings():
    assert (
        check_interest_wording(CLEAN_2023, date(2023, 5, 10), contract_date=date(2021, 3, 1)) == []
    )


def test_wrong_article():
    [finding] = check_interest_wording(CLEAN_2023, date(2024, 1, 2))
    assert finding.code == "late_interest_article_wrong"
    assert finding.evidence == {
        "judgment_date": "2024-01-02",
        "cited_article": 260,
        "expected_article": 264,
    }
    assert "第二百六十条" in finding.message_zh and "第二百六十四条" in finding.message_zh


def test_arabic_article_accepted():
    text = CLEAN_2023.replace("第二百六十条", "第260条")
    assert check_interest_wording(text, date(2023, 5, 10)) == []


def test_missing_clause_only_with_a_money_order():
    text = CLEAN_2023.split("如果")[0]
    [finding] = check_interest_wording(text, date(2023, 5, 10))
    assert finding.code == "late_interest_clause_missing"
    assert finding.evidence["expected_article"] == 260
    assert check_interest_wording("驳回原告李四的全部诉讼请求。", date(2023, 5, 10)) == []
    assert codes(check_interest_wording("驳回。", date(2023, 5, 10), requires_clause=True)) == [
        "late_interest_clause_missing"
    ]


def test_over_cap_names_the_values():
    text = CLEAN_2023.replace("年利率12%", "年利率24%")
    [finding] = check_interest_wording(text, date(2023, 5, 10), contract_date=date(2021, 3, 1))
    assert finding.code == "interest_over_cap"
    assert finding.evidence["annual_pct"] == "24"
    assert D(finding.evidence["cap_pct"]) == D("15.40")
    assert "24%" in finding.message_zh and "15.4%" in finding.message_zh
    # the same rate is lawful for a loan made before 2019-08-20 (24 % cap)
    assert check_interest_wording(text, date(2023, 5, 10), contract_date=date(2018, 1, 1)) == []


def test_lpr_wording_read_at_filing_and_formation():
    four_lpr = "按照全国银行间同业拆借中心公布的一年期贷款市场报价利率的四倍"
    text = CLEAN_2023.replace("按年利率12%", four_lpr)
    # read at filing 2023-01-01: 4 × 3.65 = 14.60 ≤ 15.40
    assert (
        check_interest_wording(
            text, date(2023, 5, 10), contract_date=date(2021, 3, 1), filing_date=date(2023, 1, 1)
        )
        == []
    )
    at_formation = CLEAN_2023.replace("按年利率12%", "按合同成立时一年期贷款市场报价利率四倍")
    assert (
        check_interest_wording(at_formation, date(2023, 5, 10), contract_date=date(2021, 3, 1))
        == []
    )


def test_colloquial_and_missing_base():
    text = CLEAN_2023.replace("二、案件受理费", "二、利息按月息1分计算；三、案件受理费")
    assert codes(check_interest_wording(text, date(2023, 5, 10))) == [
        "interest_base_missing",
        "interest_rate_colloquial",
    ]
    # the sum named in real-judgment style (…借款X元，并按年利率…支付借款自…的利息) is a base
    real_style = "被告归还原告借款62953元，并按年利率6%支付借款自2014年7月21日起至清偿日的利息。"
    assert check_interest_wording(real_style, date(2017, 5, 1), requires_clause=False) == []


def test_rejected_claims_award_nothing():
    text = CLEAN_2023.replace(
        "二、案件受理费", "二、驳回原告要求按年利率36%计算利息的诉讼请求；三、案件受理费"
    )
    assert check_interest_wording(text, date(2023, 5, 10), contract_date=date(2021, 3, 1)) == []
    rejected = "原告要求被告支付赔偿金147879元的诉讼请求不予支持。案件受理费10元，由原告负担。"
    assert check_interest_wording(rejected, date(2023, 5, 10)) == []


@given(st.dates(date(2013, 1, 1), date(2030, 12, 31)))
def test_standard_clause_always_passes(day):
    text = "被告支付原告货款5000元。" + late_interest_clause(day)
    assert check_interest_wording(text, day) == []


@given(st.decimals(D("0.01"), D("50"), places=2))
def test_annual_and_monthly_round_trip(pct):
    assert parse_rate_text(f"按年利率{pct}%计算") == pct
    assert parse_rate_text(f"按月利率{pct}%计算") == 12 * pct
