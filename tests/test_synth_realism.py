"""Realism of the synthetic judgments' facts (issue 18, "world too clean"): a credit card case
speaks of a card, not a loan; a property-service case's arrears are the fee standard × floor
area × months it states; a house sale sells a house, not goods; an insurer sued beside the
driver drives no car; a loan's last payment comes before repayments stopped. The round trip
of every value written is tests/test_extract_points.py's."""

from __future__ import annotations

from courtqc.synth.documents.text import _Var
from courtqc.synth.documents.trial_record import (
    TrialRecord,
    _contract,
    _injury,
    _loan,
)
from courtqc.synth.documents.trial_types import _fee_terms

INSURER = "中国人民财产保险股份有限公司上海市分公司"


def _text(r: TrialRecord) -> str:
    return "".join(r.elements)


def test_card_judgment_has_no_loan_wording() -> None:
    for case_id in range(200):
        r = TrialRecord()
        _loan(r, _Var(case_id, 5), "card", 65_360_00, 18_000)
        text = _text(r)
        for word in ("透支期限", "借款", "现金方式交付", "保证期间", "担保"):
            assert word not in text, (word, text)
        assert "信用卡" in text and "透支" in text
        assert "loan.term_start" not in r.truth and "loan.delivery" not in r.truth
        assert r.truth["loan.overdue_since"] and r.truth["loan.agreed_rate"] == ["日利率为0.05%"]


def test_loan_judgment_keeps_its_terms() -> None:
    r = TrialRecord()
    _loan(r, _Var(3, 5), "loan", 100_000_00, 18_000)
    text = _text(r)
    assert "借款期限自" in text and "方式交付" in text
    assert {"loan.term_start", "loan.term_end", "loan.delivery"} <= set(r.truth)


def test_property_fee_terms_multiply_to_the_arrears() -> None:
    exact = 0
    totals = [y * 100 for y in (2550, 6000, 41520, 1234, 987, 15_000, 3333, 120_000)]
    for i, total in enumerate(totals):
        area_c, rate_f, months = _fee_terms(total, _Var(i, 5))
        assert 3 <= months <= 60 and area_c > 0
        product = area_c * rate_f * months  # 0.01 m² × fen × months = cents × 100
        assert abs(product - total * 100) <= rate_f * months  # under a fen a month off
        exact += product == total * 100
        if total <= 60_000_00:  # a home of 40-300 m² at most 3.5 yuan for 60 months
            assert 4_000 <= area_c <= 30_000
    assert exact >= len(totals) - 2


def test_property_case_is_no_goods_contract() -> None:
    r = TrialRecord()
    _contract(r, _Var(1, 5), 2550_00, 18_000, "物业服务合同纠纷")
    text = _text(r)
    for word in ("总价款", "签收", "增值税发票", "对账结算"):
        assert word not in text, (word, text)
    assert r.truth["contract.subject"] == ["物业服务"]
    assert "尚欠物业服务费2550元" in text


def test_house_sale_sells_a_house() -> None:
    for case_id in range(50):
        r = TrialRecord()
        _contract(r, _Var(case_id, 5), 1_537_160_00, 18_000, "房屋买卖合同纠纷")
        text = _text(r)
        assert r.truth["contract.subject"] == ["房屋"]
        for word in ("钢材", "货物", "增值税发票", "对账结算", "合同期限"):
            assert word not in text, (word, text)
        assert "网签" in text and "房屋总价款" in text


def test_insurer_sued_beside_the_driver_drives_no_car() -> None:
    r = TrialRecord()
    _injury(r, _Var(7, 5), "王眉红", f"郭航达、{INSURER}", 31_030_00, 18_000)
    text = _text(r)
    assert "被告郭航达驾驶" in text and f"{INSURER}驾驶" not in text
    assert "被告郭航达负事故" in text
    assert r.truth["insurance.insurer"] == [INSURER]
