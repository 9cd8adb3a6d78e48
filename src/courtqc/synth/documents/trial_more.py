"""More of what a civil first-instance judgment records (issue 18 item 2), after
`trial_record`: the pre-filing mediation, the pre-trial conference and evidence exchange, the
service address confirmation and the hearing's recording; the evidence's originals and the
facts not in dispute; per case type the facts courts write besides those of `trial_record`
(a bank loan's contract number, disbursement, arrears by head and mortgage registration; a
credit card's number, limit and billing days; a contract's places, payment method, deposit,
acceptance and quality objection; an accident's vehicle, report number, diagnosis, appraisal
body and periods of recovery, the commercial insurance and the sum advanced; an employment's
contract term, working hours, social insurance, average wage and arbitration number; a
marriage's reason for breaking down, an earlier suit, and the main-text items on custody,
visits and the home); and the reasoning courts give on limitation and the rate cap.

Drawn from the trial record's own stream after `trial_record` is done with it, so nothing
the judgment wrote before changes; every value goes into `TrialRecord.truth` as the
extractor returns it (tests/test_extract_points.py).
"""

from __future__ import annotations

import datetime as dt

from courtqc.synth.documents.records import _Case
from courtqc.synth.documents.text import _EPOCH, _ad, _Var, int_to_cn
from courtqc.synth.documents.trial_record import (
    TrialRecord,
    _cents,
    _elements,
    _group,
    _iso,
    _val,
    _yuan,
)
from courtqc.synth.documents.trial_types import type_record

_PRE_BODIES = (
    "本院诉调对接中心",
    "上海市人民调解协会",
    "上海经贸商事调解中心",
    "上海市律师协会律师调解中心",
)
_SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗"
_GIVEN = ("建国", "丽华", "志强", "海燕", "国庆", "晓东", "玉兰", "伟民", "秀英", "文斌")
_BANKS = (
    "中国工商银行上海市分行",
    "中国建设银行上海浦东分行",
    "招商银行上海分行",
    "交通银行上海市分行",
)


def _person(w: _Var) -> str:
    return w.pick(_SURNAMES) + w.pick(_GIVEN)


def more_record(
    r: TrialRecord, c: _Case, w: _Var, group: str, cause: str, absent: bool,
    defendant_bears: bool, amount: str,
) -> None:  # fmt: skip
    """Add the parts above to r (text and truth), from w; amount is the principal claimed."""
    _procedure(r, c, w, absent, group)
    _evidence(r, w)
    total = _cents(amount) or 100_000_00
    extra = {
        "loan": _loan, "card": _card, "injury": _injury, "labour": _labour,
        "divorce": _divorce,
    }.get(group, _contract)  # fmt: skip
    extra(r, c, w, cause, total)
    if group in ("loan", "card", "contract", "subrogation"):
        _demand(r, c, w, total)
    if w.chance(60):  # a claimant's lawyer's fee, claimed against present and absent alike
        fee = max(total // 20 // 100_00 * 100, 3000)
        r.elements.append(f"原告为本案诉讼支付律师代理费{fee}元。")
        r.put("costs.attorney_fee", float(fee))
    if defendant_bears and group in ("loan", "card", "contract"):
        r.reasoning = (
            "依法成立的合同，对当事人具有法律约束力。当事人应当遵循诚信原则，按照约定全面履行自己的义务。"
            "被告未按约履行，构成违约，应当承担违约责任。" + r.reasoning
        )
        r.put("principle.binding_contract", True)
        r.put("principle.good_faith", True)
        r.put("liability.breach", True)
    if not absent:
        _admission(r, group, cause)
    if group in ("loan", "card", "contract") and w.chance(50):
        what, where = _court_collected(group, cause, w)
        r.evidence.insert(max(len(r.evidence) - 2, 0), f"本院依原告申请，向{where}调取了{what}。")
        r.put("evidence.court_collected", what)
    if defendant_bears:
        principal = sum(_cents(o.amount) for o in c.outcomes if o.kind == "principal" and o.amount)
        if principal and group in ("loan", "card", "contract", "subrogation"):
            r.reasoning += f"据此，本院确认被告尚欠原告款项{_yuan(principal)}元。"
            r.put("holding.principal_amount", _val(principal))
        _holdings(r, w, group)
    if defendant_bears and group == "divorce":
        if "有利于子女" not in r.reasoning:
            r.reasoning += "从有利于子女身心健康成长的原则出发，本院确定子女的抚养。"
        r.put("principle.child_best_interest", True)
    if defendant_bears and group == "injury":
        law = _by_date(c.closing, _HEADS_OF_LOSS)
        r.reasoning = (
            "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任。"
            f"根据{law}的规定，侵害他人造成人身损害的，应当赔偿医疗费、护理费、交通费、营养费、"
            "住院伙食补助费等为治疗和康复支出的合理费用，以及因误工减少的收入。" + r.reasoning
        )
        r.put("principle.fault", True)
        r.put("cited_article.reasoning", law)
    if defendant_bears and group == "labour":
        law = "《中华人民共和国劳动合同法》第四十七条"
        r.reasoning += (
            f"根据{law}的规定，经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准"
            "向劳动者支付。"
        )
        r.put("cited_article.reasoning", law)
    if defendant_bears and group in ("loan", "card", "contract", "subrogation"):
        r.reasoning += "原告在诉讼时效期间内向被告主张权利，其起诉未超过诉讼时效。"
        r.put("limitation", True)
        if "demand.date" in r.truth:  # the demand letter of trial_record
            law = _by_date(c.closing, _INTERRUPTION)
            r.reasoning += f"根据{law}的规定，原告向被告发出催告函，诉讼时效因此中断。"
            r.put("limitation.interrupted", True)
            r.put("cited_article.reasoning", law)
    if defendant_bears and group == "contract" and "contract.payment_due" in r.truth:
        due = dt.date.fromisoformat(r.truth["contract.payment_due"][0]) + dt.timedelta(days=1)
        r.reasoning += (
            f"违约金应以欠款{_yuan(total)}元为基数，自付款期限届满之次日即"
            f"{due.year}年{due.month}月{due.day}日起计算。"
        )
        r.put("penalty.basis", _val(total))
        r.put("penalty.from", due.isoformat())
    if defendant_bears and group in ("loan", "card") and "民间借贷" in cause:
        # private lending: four times the one-year LPR when the loan was made, or, for a loan
        # made before the rule (2020-08-20), when the suit was filed
        deal = r.deal if r.deal is not None else c.filing
        when, lpr = ("合同成立时", _lpr(deal)) if deal >= _LPR_RULE else ("起诉时", _lpr(c.filing))
        r.reasoning += (
            f"原告主张的利息，以{when}一年期贷款市场报价利率{_pct(lpr)}%的四倍即"
            f"{_pct(lpr * 4)}%为限，超过部分本院不予支持。"
        )
        r.put("interest.lpr", True)
        r.put("interest.lpr_multiple", "四")
        r.put("interest.lpr_value", lpr)
        r.put("interest.cap_value", round(lpr * 4, 2))
    elif defendant_bears and group in ("loan", "card"):
        # a bank or card issuer: interest, compound interest, penalty interest and other
        # charges together at most 24 % a year (最高人民法院关于进一步加强金融审判工作的若干意见 第2条)
        r.reasoning += "原告主张的利息、复利、罚息总计超过年利率24%的部分，本院不予支持。"
        r.put("interest.cap_24", True)
    if defendant_bears and group == "contract":
        law = _by_date(c.closing, _PENALTY_REDUCED)
        r.reasoning += (
            f"根据{law}的规定，约定的违约金过分高于造成的损失的，人民法院可以根据当事人的请求予以适当减少。"
            "约定的违约金超过造成损失的百分之三十的，一般可以认定为过分高于造成的损失。"
        )
        r.put("penalty.cap_30", True)
        r.put("cited_article.reasoning", law)
    type_record(r, c, w, group, cause, total, defendant_bears)


# one-year LPR published by the National Interbank Funding Center, in force from the date
# (per cent): the rate a court quotes for a contract of that time
_LPR_1Y = ((dt.date(2019, 8, 20), 4.25), (dt.date(2019, 9, 20), 4.2), (dt.date(2019, 11, 20), 4.15),
           (dt.date(2020, 2, 20), 4.05), (dt.date(2020, 4, 20), 3.85),
           (dt.date(2021, 12, 20), 3.8), (dt.date(2022, 1, 20), 3.7),
           (dt.date(2022, 8, 22), 3.65), (dt.date(2023, 6, 20), 3.55),
           (dt.date(2023, 8, 21), 3.45), (dt.date(2024, 7, 22), 3.35),
           (dt.date(2024, 10, 21), 3.1), (dt.date(2025, 5, 20), 3.0))  # fmt: skip


_LPR_RULE = (dt.date(2020, 8, 20) - _EPOCH).days  # 民间借贷规定 (2020) caps at four times LPR
_CODE_DAY = (dt.date(2021, 1, 1) - _EPOCH).days  # 民法典 in force
_GENERAL_RULES_DAY = (dt.date(2017, 10, 1) - _EPOCH).days  # 民法总则 in force
# articles a court cites in its reasoning, by the law in force on the closing day
_INTERRUPTION = ("《中华人民共和国民法通则》第一百四十条", "《中华人民共和国民法总则》第一百九十五条",
                 "《中华人民共和国民法典》第一百九十五条")  # fmt: skip
_PENALTY_REDUCED = ("《中华人民共和国合同法》第一百一十四条第二款", "《中华人民共和国合同法》第一百一十四条第二款",
                    "《中华人民共和国民法典》第五百八十五条第二款")  # fmt: skip
_HEADS_OF_LOSS = ("《中华人民共和国侵权责任法》第十六条", "《中华人民共和国侵权责任法》第十六条",
                  "《中华人民共和国民法典》第一千一百七十九条")  # fmt: skip


def _by_date(day: int, laws: tuple[str, str, str]) -> str:
    return laws[0 if day < _GENERAL_RULES_DAY else 1 if day < _CODE_DAY else 2]


def _lpr(day: int) -> float:
    """The one-year LPR in force on `day`; 4.31 (the last published before the reform of
    August 2019) before it."""
    when = _EPOCH + dt.timedelta(days=day)
    rate = 4.31
    for start, r in _LPR_1Y:
        if when >= start:
            rate = r
    return rate


def _pct(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


_SEATS = {"defendant": "被告住所地", "contract": "合同履行地", "tort": "侵权行为地"}
_SEAT_BY_GROUP = {
    "loan": ("defendant", "contract"), "card": ("defendant", "contract"),
    "contract": ("defendant", "contract"), "injury": ("defendant", "tort"),
    "tort": ("defendant", "tort"), "subrogation": ("defendant", "tort"),
}  # fmt: skip


def _procedure(r: TrialRecord, c: _Case, w: _Var, absent: bool, group: str) -> None:
    if w.chance(60):
        body = w.pick(_PRE_BODIES)
        r.procedure.insert(0, f"本案立案前，经{body}诉前调解，双方未能达成调解协议。")
        r.put("mediation.pre_filing_body", body)
        r.put("mediation.failed", True)
    seat = w.pick(_SEAT_BY_GROUP.get(group, ("defendant",)))
    r.procedure.append(f"因{_SEATS[seat]}位于本院辖区，本院依法对本案享有管辖权。")
    r.put("jurisdiction.basis", seat)
    who = "原告" if absent else "双方当事人"
    r.procedure.append(f"{who}签署了送达地址确认书。")
    r.put("service.address_confirmed", True)
    if not absent:
        span = max(c.closing - c.filing, 10)
        day = c.filing + 5 + w.idx(max(span // 3, 1))
        r.procedure.append(f"本院于{_ad(day)}组织双方当事人召开庭前会议，进行了证据交换。")
        r.put("evidence.exchange_date", _iso(day))
        r.put("pretrial.conference", True)
    r.procedure.append("庭审活动全程同步录音录像。")
    r.put("hearing.recorded", True)
    if w.chance(60):
        who = "原告" if absent else "双方当事人"
        r.procedure.append(f"经{who}同意，本院采用电子方式送达诉讼文书。")
        r.put("service.electronic_consent", True)


def _court_collected(group: str, cause: str, w: _Var) -> tuple[str, str]:
    """What the court collected on the claimant's application, and from whom: a borrower's
    bank statements, a firm's VAT invoices from the tax office; a home sold or managed is
    no firm's sale and has no invoice, so its title register is what is collected."""
    if group != "contract":
        return "被告的银行账户交易明细", w.pick(_BANKS)
    if "房屋买卖" in cause or "物业" in cause:
        return "涉案房屋的不动产登记信息", "上海市不动产登记中心"
    return "原告开具的增值税发票信息", "国家税务总局上海市税务局"


def _evidence(r: TrialRecord, w: _Var) -> None:
    # before the court's finding, the last evidence paragraph
    at = max(len(r.evidence) - 1, 0)
    r.evidence.insert(at, "上述证据均当庭出示了原件，以供核对。")
    r.put("evidence.original_checked", True)
    r.evidence.append("对双方当事人无争议的事实，本院予以确认。")
    r.put("facts.undisputed", True)


def _demand(r: TrialRecord, c: _Case, w: _Var, total: int) -> None:
    how = w.pick(tuple(_DEMAND))
    deal = r.deal if r.deal is not None else c.filing - 300
    stop = c.filing - 30  # the last payment comes before repayments stopped, where they did
    if r.truth.get("loan.overdue_since"):
        stop = (dt.date.fromisoformat(r.truth["loan.overdue_since"][0]) - _EPOCH).days
    last = deal + 10 + w.idx(max(stop - deal - 10, 1))
    last = min(last, stop - 1) if stop - 1 > deal else last
    if (r.truth.get("contract.subject") or [""])[0] == "物业服务":
        # an owner's unpaid months run to the suit (trial_types): no payment falls inside them
        r.elements.append(f"此后原告多次通过{how}向被告催讨，被告仍未缴纳。")
        r.put("demand.method", _DEMAND[how])
        return
    r.elements.append(f"此后原告多次通过{how}向被告催讨，被告最后一次付款的日期为{_ad(last)}。")
    r.put("demand.method", _DEMAND[how])
    r.put("payment.last_date", _iso(last))


_DEMAND = {"电话": "phone", "微信": "wechat", "短信": "sms", "上门": "in_person"}


def _loan(r: TrialRecord, c: _Case, w: _Var, cause: str, total: int) -> None:
    day = r.deal if r.deal is not None else c.filing - 400  # the loan term's first day
    bank = w.pick(_BANKS)
    principal = total
    cash = (r.truth.get("loan.delivery") or [""])[0] == "cash"
    if "金融" in cause or "小额" in cause:
        no = f"{(_EPOCH + dt.timedelta(days=day)).year}借字第{100 + w.idx(900)}号"
        r.elements.append(
            f"双方签订的借款合同编号为{no}。原告于{_ad(day)}向被告发放贷款{_yuan(principal)}元"
            + ("。" if cash else f"，款项转入被告在{bank}开立的账户。")
        )
        r.put("loan.contract_no", no)
        r.put("loan.disbursed_date", _iso(day))
        r.put("loan.disbursed_amount", _val(principal))
        if not cash:
            r.put("loan.receiving_bank", bank)
    else:
        r.elements.append(
            f"被告于{_ad(day)}向原告出具借条一份，载明借款{_yuan(principal)}元。"
            + ("" if cash else f"原告通过其在{bank}开立的账户向被告转账交付了借款。")
        )
        r.put("loan.iou_date", _iso(day))
        r.put("loan.iou_amount", _val(principal))
        if not cash:
            r.put("loan.paying_bank", bank)
    by_bank = "金融" in cause or "小额" in cause
    # a mortgage is given by a 抵押人 under a 抵押合同; a surety by a 保证人 (民法典 第三百九十四条,
    # 第六百八十一条); a private lender has no 借据编号, no 罚息 and no numbered guarantee
    # contract in a bank's sense: what is owed is the principal and the agreed interest
    mortgage = (r.truth.get("loan.guarantee_kind") or [""])[0] == "mortgage"
    owed = principal
    penalty = max(owed // 40 // 100 * 100, 100_00)
    compound = max(penalty // 10 // 100 * 100, 10_00)
    if by_bank:
        r.elements.append(
            f"截至起诉之日，被告尚欠本金{_yuan(owed)}元、罚息{_yuan(penalty)}元、复利{_yuan(compound)}元。"
        )
        r.put("loan.penalty_interest_owed", _val(penalty))
        r.put("loan.compound_interest_owed", _val(compound))
    else:
        r.elements.append(f"截至起诉之日，被告尚欠借款本金{_yuan(owed)}元。")
    r.put("loan.principal_owed", _val(owed))
    guarantor = _person(w)
    paper = "借款合同" if by_bank else "借条"
    if mortgage:
        r.elements.append(f"抵押人{guarantor}在抵押合同上签字确认。")
    else:
        r.elements.append(f"保证人{guarantor}在{paper}上签字确认。")
        r.put("guarantee.guarantor", guarantor)
    year = (_EPOCH + dt.timedelta(days=day)).year
    gno = f"{year}{'抵' if mortgage else '保'}字第{100 + w.idx(900)}号"
    paid_to = day + 30 * (1 + w.idx(6))
    if r.truth.get("loan.overdue_since"):  # interest is paid up to the day payments stopped
        stopped = (dt.date.fromisoformat(r.truth["loan.overdue_since"][0]) - _EPOCH).days
        paid_to = min(paid_to, stopped)
    if by_bank:
        r.elements.append(
            f"{'抵押' if mortgage else '保证'}合同编号为{gno}。被告已支付利息至{_ad(paid_to)}。"
        )
        if not mortgage:
            r.put("guarantee.contract_no", gno)
    else:
        r.elements.append(f"被告已支付利息至{_ad(paid_to)}。")
    signed = day - 1 - w.idx(5)
    kind = w.pick(("固定利率", "浮动利率"))
    receipt = f"JJ{year}{w.idx(900000) + 100000}"
    if by_bank:
        r.elements.append(
            f"双方于{_ad(signed)}签订借款合同，借款利率为{kind}，借款借据编号为{receipt}。"
        )
        r.put("loan.rate_type", "fixed" if kind == "固定利率" else "floating")
        r.put("loan.receipt_no", receipt)
    else:
        r.elements.append(f"双方于{_ad(signed)}签订借款合同。")
    r.put("contract.sign_date", _iso(signed))
    r.put("loan.interest_paid_to", _iso(paid_to))
    if w.chance(50):
        # registered once the contract is signed, before the money is paid out
        reg = max(day - 3 - w.idx(10), signed)
        home = f"上海市{w.pick(_DISTRICTS)}{w.pick(_ROADS)}{1 + w.idx(999)}弄{1 + w.idx(99)}号"
        r.elements.append(f"抵押物为位于{home}的房屋，已于{_ad(reg)}办理抵押登记。")
        r.put("mortgage.property", home)
        r.put("mortgage.registration_date", _iso(reg))
        r.items.append(
            f"如被告未履行上述付款义务，原告可以与抵押人协议，以位于{home}的抵押房产折价，"
            "或者申请以拍卖、变卖该房产所得的价款优先受偿"
        )
        r.put("property.priority", True)
        r.put("liability.guarantee", True)


_DISTRICTS = ("浦东新区", "闵行区", "徐汇区", "杨浦区", "宝山区", "松江区")
_ROADS = ("张杨路", "虹梅路", "漕溪北路", "控江路", "牡丹江路", "人民北路")


def _card(r: TrialRecord, c: _Case, w: _Var, cause: str, total: int) -> None:
    tail = f"{w.idx(10000):04d}"
    limit = (2 + w.idx(19)) * 5000
    bill = 1 + w.idx(28)
    due = (bill + 19) % 28 + 1
    opened = (r.deal if r.deal is not None else c.filing - 400) - 30 - w.idx(300)
    r.elements.append(
        f"被告申领的信用卡卡号尾号为{tail}，于{_ad(opened)}激活，信用额度为{limit}元，"
        f"账单日为每月{bill}日，到期还款日为每月{due}日。"
    )
    r.put("card.number_tail", tail)
    r.put("card.activated_date", _iso(opened))
    r.put("card.credit_limit", float(limit))
    r.put("card.bill_day", bill)
    r.put("card.due_day", due)
    fee = (1 + w.idx(20)) * 10
    interest = max(total // 12 // 100 * 100, 100_00)
    late = max(total // 50 // 100 * 100, 10_00)
    instal = w.chance(50)
    r.elements.append(
        f"截至起诉之日，被告尚欠透支本金{_yuan(total)}元、透支利息{_yuan(interest)}元、"
        f"滞纳金{_yuan(late)}元、年费{fee}元。"
        + ("被告曾申请账单分期，后未按期偿还分期款项。" if instal else "")
    )
    r.put("card.principal_owed", _val(total))
    r.put("card.interest_owed", _val(interest))
    r.put("card.late_fee_owed", _val(late))
    r.put("card.annual_fee_owed", float(fee))
    if instal:
        r.put("card.instalment", True)


_PLACES = ("上海市浦东新区", "上海市闵行区", "上海市嘉定区", "江苏省苏州市", "浙江省嘉兴市")
_PAY = {"银行转账": "transfer", "银行承兑汇票": "acceptance_bill", "现金": "cash"}


def _contract(r: TrialRecord, c: _Case, w: _Var, cause: str, total: int) -> None:
    house, fees = "房屋买卖" in cause, "物业" in cause  # a home sold, a service fee owed
    goods = any(k in cause for k in ("买卖", "建设工程", "装饰装修", "承揽")) and not house
    # an owner or a home buyer is a person: no agent signs, no seal, no invoice to pay on
    firm = not (house or fees)
    # a home sold or managed is in Shanghai, and so is where its contract is signed and performed
    places = _PLACES if firm else _PLACES[:3]
    signed, place = w.pick(places), w.pick(places)
    how = w.pick(tuple(_PAY))
    deal = r.deal if r.deal is not None else c.filing - 300
    price = total + total // 5 // 100 * 100  # as trial_record's contract price
    deposit = max(price // 10 // 100_00 * 100, 100)  # a deposit is at most 20 % of the price
    r.elements.append(
        f"合同签订地为{signed}，履行地点为{place}，付款方式为{how}。"
        + ("" if fees else f"合同签订当日，被告支付定金{deposit}元。")
    )
    r.put("contract.signing_place", signed)
    r.put("contract.performance_place", place)
    r.put("contract.payment_method", _PAY[how])
    if not fees:
        r.put("contract.deposit", float(deposit))
    if goods:
        accepted = (r.done if r.done is not None else deal + 10) + 2 + w.idx(5)
        r.elements.append(
            f"原告交付的标的经被告于{_ad(accepted)}验收合格，被告在约定的质量异议期内未提出异议。"
        )
        r.put("contract.acceptance_date", _iso(accepted))
        r.put("contract.no_quality_objection", True)
    days = w.pick((15, 30, 60, 90))
    signer = w.pick(_SURNAMES) + w.pick(_GIVEN)
    invoiced = total + total // 5 // 100 * 100
    times = 2 + w.idx(4)
    if firm:
        r.elements.append(
            f"合同约定被告应于收到发票后{int_to_cn(days)}日内付款。被告的经办人{signer}在合同上签字，"
            f"并加盖了被告的公章。原告开具的增值税发票金额共计{_yuan(invoiced)}元，被告先后分{int_to_cn(times)}次付款。"
        )
        r.put("contract.payment_days", days)
        r.put("contract.signatory", signer)
        r.put("contract.sealed", True)
        r.put("contract.invoice_amount", _val(invoiced))
        r.put("payment.instalment_count", times)
    supplement = deal + 20 + w.idx(max(c.filing - deal - 40, 1))
    if not fees:
        r.elements.append(f"双方于{_ad(supplement)}签订补充协议，对付款期限作了补充约定。")
        r.put("contract.supplement_date", _iso(supplement))
    if goods:
        retention = max(total // 20 // 100 * 100, 100_00)
        r.elements.append(
            f"合同约定质保金为{_yuan(retention)}元。原告提供的送货单上均有被告工作人员的签字。"
        )
        r.put("contract.retention", _val(retention))
        r.put("contract.delivery_signed", True)


_DIAG = ("左胫骨骨折", "右桡骨远端骨折", "腰椎压缩性骨折", "左锁骨骨折", "多处软组织挫伤")
_APPRAISERS = ("上海枫林国际医学司法鉴定所", "司法鉴定科学研究院", "上海华医司法鉴定所")


def _injury(r: TrialRecord, c: _Case, w: _Var, cause: str, total: int) -> None:
    plate = f"沪{w.pick('ABCDEFGHJKLMN')}{10000 + w.idx(90000)}"
    report = f"第3101{w.idx(90) + 10:02d}{w.idx(9_000_000) + 1_000_000}号"
    diag = w.pick(_DIAG)
    body = w.pick(_APPRAISERS)
    lost, nursing, food = 90 + 30 * w.idx(6), 30 + 30 * w.idx(3), 30 + 30 * w.idx(3)
    limit = w.pick((500_000, 1_000_000, 2_000_000))
    advanced = (2 + w.idx(30)) * 1000
    r.elements.append(
        f"肇事车辆为牌号{plate}的小型轿车。事故经公安机关交通管理部门出具{report}道路交通事故认定书。"
        f"原告伤后经诊断为{diag}。经{body}鉴定，原告的误工期为{lost}日，护理期为{nursing}日，"
        f"营养期为{food}日。肇事车辆另投保了商业第三者责任保险，保险限额为{limit}元。"
        f"事故发生后，被告已垫付医疗费{advanced}元。"
    )
    r.put("accident.vehicle_plate", plate)
    r.put("accident.report_no", report)
    r.put("injury.diagnosis", diag)
    r.put("injury.appraiser", body)
    r.put("injury.lost_work_days", lost)
    r.put("injury.nursing_days", nursing)
    r.put("injury.nutrition_days", food)
    r.put("insurance.commercial_limit", float(limit))
    r.put("injury.advance_paid", float(advanced))
    hour = 7 + w.idx(14)
    owner = w.pick(_SURNAMES) + w.pick(_GIVEN)
    admitted = c.filing - 300 - w.idx(200)
    stay = 5 + w.idx(30)
    opinion = admitted + stay + 90 + w.idx(60)
    paid = (5 + w.idx(100)) * 1000
    urban = w.chance(70)
    r.elements.append(
        f"事故发生于当日{hour}时许，肇事车辆登记在{owner}名下。原告自{_ad(admitted)}至"
        f"{_ad(admitted + stay)}住院治疗。鉴定机构于{_ad(opinion)}出具鉴定意见。"
        f"保险公司已在交强险责任限额内赔付{paid}元。原告系{'城镇' if urban else '农村'}居民。"
    )
    r.put("accident.time", f"{hour}时许")
    r.put("accident.vehicle_owner", owner)
    r.put("injury.admitted_date", _iso(admitted))
    r.put("injury.discharged_date", _iso(admitted + stay))
    r.put("appraisal.date", _iso(opinion))
    r.put("insurance.paid", float(paid))
    r.put("injury.residence", "urban" if urban else "rural")


_HOURS = {
    "标准工时制": "standard",
    "综合计算工时工作制": "comprehensive",
    "不定时工作制": "flexible",
}


def _labour(r: TrialRecord, c: _Case, w: _Var, cause: str, total: int) -> None:
    """An employment's terms and its end. The contract's term, the years of service and the
    termination notice follow the entry and exit dates trial_record wrote: a contract that
    expired ends on the exit day, one ended early runs past it; the notice comes before the
    exit; service counts whole years, six months or more as a year (劳动合同法 第四十七条)."""
    end = c.filing - 100 + 365 * w.idx(3)
    entry = _day_of(r, "labour.entry_date")
    leave = _day_of(r, "labour.exit_date")
    if leave is not None:
        expired = (r.truth.get("labour.exit_reason") or [""])[0] == "expiry"
        end = leave if expired else max(end, leave + 30)
    hours = w.pick(tuple(_HOURS))
    paid = w.chance(50)
    avg = (50 + w.idx(150)) * 100
    year = (_EPOCH + dt.timedelta(days=c.filing - 40)).year
    no = f"沪劳人仲（{year}）办字第{1000 + w.idx(9000)}号"
    r.elements.append(
        f"双方签订的劳动合同期限至{_ad(end)}止，实行{hours}。"
        + ("被告为原告缴纳了社会保险。" if paid else "被告未为原告缴纳社会保险。")
        + f"原告解除劳动关系前十二个月的月平均工资为{avg}元。仲裁案号为{no}。"
    )
    r.put("labour.contract_end", _iso(end))
    r.put("labour.working_hours", _HOURS[hours])
    r.put("labour.social_insurance", "paid" if paid else "unpaid")
    r.put("labour.average_wage", float(avg))
    r.put("arbitration.case_no", no)
    years = 1 + w.idx(10)
    notice = c.filing - 100 - w.idx(60)
    if entry is not None and leave is not None:
        years = max((leave - entry + 182) // 365, 1)
        notice = leave - (c.filing - 100 - notice) // 2  # within a month before the exit
    months = 1 + w.idx(6)
    heads = _split_heads(total, w)
    r.elements.append(
        f"原告在被告处的工作年限为{int_to_cn(years)}年。被告于{_ad(notice)}向原告送达解除劳动合同通知书。"
        f"被告拖欠原告{int_to_cn(months)}个月工资，原告主张的各项金额为：拖欠工资{_yuan(heads[0])}元、"
        f"加班费{_yuan(heads[1])}元、未休年休假工资{_yuan(heads[2])}元、"
        f"解除劳动合同经济补偿金{_yuan(heads[3])}元。"
    )
    r.put("labour.work_years", years)
    r.put("labour.termination_notice_date", _iso(notice))
    r.put("labour.unpaid_months", months)
    for key, cents in zip(_LABOUR_HEADS, heads, strict=True):
        r.put(key, _val(cents))


def _day_of(r: TrialRecord, key: str) -> int | None:
    """The day (since the epoch) a date in r.truth under key names, or None."""
    value = (r.truth.get(key) or [None])[0]
    return None if value is None else (dt.date.fromisoformat(value) - _EPOCH).days


_LABOUR_HEADS = ("labour.unpaid_wage", "labour.overtime_pay", "labour.annual_leave_pay",
                 "labour.severance")  # fmt: skip


def _split_heads(total: int, w: _Var) -> list[int]:
    weights = (4 + w.idx(3), 1 + w.idx(2), 1, 2 + w.idx(3))
    s = sum(weights)
    parts = [total * x // s // 100 * 100 for x in weights[:-1]]
    return [*parts, total - sum(parts)]


_BREAKDOWN = {
    "性格不合": "incompatibility", "家庭琐事": "domestic_quarrels",
    "被告长期在外务工": "long_absence", "双方缺乏沟通": "no_communication",
}  # fmt: skip


def _divorce(r: TrialRecord, c: _Case, w: _Var, cause: str, total: int) -> None:
    why = w.pick(tuple(_BREAKDOWN))
    first = w.chance(80)
    home = f"上海市{w.pick(_DISTRICTS)}{w.pick(_ROADS)}{1 + w.idx(999)}弄{1 + w.idx(99)}号"
    r.elements.append(
        f"双方{'均系初婚' if first else '系再婚'}。婚后双方因{why}经常发生争吵，夫妻感情逐渐淡漠。"
        f"夫妻共同所有的房屋位于{home}。双方名下的存款各自所有。"
    )
    r.put("marriage.first_marriage", first)
    r.put("marriage.breakdown_reason", _BREAKDOWN[why])
    r.put("divorce.home_address", home)
    r.put("divorce.savings_each_own", True)
    if w.chance(50):
        before = c.filing - 200 - w.idx(300)
        r.elements.append(f"原告曾于{_ad(before)}起诉离婚，本院判决不准离婚。")
        r.put("divorce.prior_suit_date", _iso(before))
    side = w.pick(("原告", "被告"))
    other = "被告" if side == "原告" else "原告"
    times = w.pick((1, 2, 4))
    r.items += [
        f"婚生子女由{side}抚养",
        f"{other}可每月探视子女{int_to_cn(times)}次",
        f"夫妻共同所有的房屋一套归{side}所有",
    ]
    r.put("custody.child", True)
    r.put("divorce.custody_to", "plaintiff" if side == "原告" else "defendant")
    r.put("divorce.visits_per_month", times)
    r.put("divorce.home_to", "plaintiff" if side == "原告" else "defendant")


# the court's holding on each claim item, by case group: (what, why, holding)
_HOLDINGS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "loan": (
        ("借款本金", "有借款合同及转账凭证为证", "予以支持"),
        ("利息", "在法律规定的上限以内", "予以支持"),
    ),
    "card": (
        ("透支本金", "有对账单为证", "予以支持"),
        ("利息", "在法律规定的上限以内", "予以支持"),
    ),
    "contract": (
        ("欠款本金", "有合同及结算单为证", "予以支持"),
        ("违约金", "综合被告的过错程度及原告的实际损失", "酌情支持"),
    ),
    "subrogation": (("赔偿款", "有保险单及赔款支付凭证为证", "予以支持"),),
    "injury": (
        ("医疗费", "有医疗费票据为证", "予以支持"),
        ("住院伙食补助费", "按住院天数计算", "予以支持"),
        ("营养费", "参照鉴定意见确定的营养期", "部分支持"),
        ("护理费", "参照鉴定意见确定的护理期", "部分支持"),
        ("误工费", "原告提供了收入证明", "予以支持"),
        ("残疾赔偿金", "按伤残等级及上海市居民人均可支配收入计算", "予以支持"),
        ("精神损害抚慰金", "结合原告的伤残等级", "酌情支持"),
    ),
    "labour": (
        ("拖欠工资", "被告未提供工资发放记录", "予以支持"),
        ("加班费", "原告提供的考勤记录能够证明其存在加班事实", "予以支持"),
        ("经济补偿金", "被告解除劳动合同缺乏依据", "予以支持"),
    ),
}
_HOLDING_KEYS = {
    "借款本金": "holding.principal", "透支本金": "holding.principal", "欠款本金": "holding.principal",
    "赔偿款": "holding.principal", "利息": "holding.interest", "违约金": "holding.penalty",
    "医疗费": "holding.medical", "住院伙食补助费": "holding.hospital_food",
    "营养费": "holding.nutrition", "护理费": "holding.nursing", "误工费": "holding.lost_income",
    "残疾赔偿金": "holding.disability", "精神损害抚慰金": "holding.mental",
    "拖欠工资": "holding.wages", "加班费": "holding.overtime", "经济补偿金": "holding.severance",
}  # fmt: skip
_HOLDING_VALUES = {"予以支持": "upheld", "部分支持": "partly_upheld", "酌情支持": "partly_upheld"}


def _holdings(r: TrialRecord, w: _Var, group: str) -> None:
    parts = []
    for what, why, holding in _HOLDINGS.get(group, ()):
        parts.append(f"关于原告主张的{what}，{why}，本院{holding}。")
        r.put(_HOLDING_KEYS[what], _HOLDING_VALUES[holding])
    if group == "injury":
        share = {"full": 100, "main": 70, "equal": 50}.get(
            (r.truth.get("accident.liability") or ["full"])[0], 100
        )
        parts.append(
            "原告的各项损失，由保险公司在交强险责任限额内先行赔付，"
            f"超出部分由被告承担{share}%的赔偿责任。"
        )
        r.put("insurance.first_pay", True)
        r.put("liability.share", f"{share}%")
    r.reasoning += "".join(parts)


# what the main-text items of the case-type writers say (custody, visits, the home, a
# mortgagee's priority): a document that recites the facts without these items leaves them out
ITEM_KEYS = ("custody.child", "divorce.custody_to", "divorce.visits_per_month", "divorce.home_to",
             "property.priority", "liability.guarantee")  # fmt: skip


def statement(
    c: _Case, w: _Var, names: tuple[str, str, str], amount: str
) -> tuple[str, TrialRecord]:
    """The facts and reasons a claimant states (事实和理由) in a mediation document or a ruling
    that recites the claims: the fact elements of the case type, as `trial_record` and this
    module write them for a judgment, in the claimant's words (no 另查明)."""
    r = TrialRecord()
    g = _group(names[2])
    _elements(r, c, w, g, names, amount)
    extra = {
        "loan": _loan, "card": _card, "injury": _injury, "labour": _labour,
        "divorce": _divorce,
    }.get(g, _contract)  # fmt: skip
    extra(r, c, w, names[2], _cents(amount) or 100_000_00)
    text = "".join(x.removeprefix("另查明，").replace("庭审中，", "") for x in r.elements)
    return text, r


_ADMITTED = {
    "loan": "收到原告交付的借款", "card": "领用并使用了涉案信用卡",
    "contract": "收到原告交付的货物", "subrogation": "事故经过及其应负的责任",
    "injury": "事故发生的经过", "tort": "使用了涉案作品", "labour": "原告的入职时间及工资标准",
    "divorce": "双方分居的事实",
}  # fmt: skip


_ADMITTED_CONTRACT = (("房屋买卖", "原告已交付房屋"), ("物业", "原告提供了物业服务"), ("租赁", "原告已交付租赁物"),
                      ("服务", "原告提供了约定的服务"), ("运输", "原告完成了运输"))  # fmt: skip


def _admission(r: TrialRecord, group: str, cause: str) -> None:
    """What the defendant admitted in court (自认): a fact then needs no proof."""
    what = _ADMITTED.get(group, _ADMITTED["contract"])
    if group == "contract":
        what = next((x for k, x in _ADMITTED_CONTRACT if k in cause), what)
    r.evidence.append(f"庭审中，被告当庭认可{what}。")
    r.put("evidence.admission", what)
