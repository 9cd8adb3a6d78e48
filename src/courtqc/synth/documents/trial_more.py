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
from courtqc.synth.documents.trial_record import TrialRecord, _iso, _val, _yuan

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
    defendant_bears: bool,
) -> None:  # fmt: skip
    """Add the parts above to r (text and truth), from w."""
    _procedure(r, c, w, absent)
    _evidence(r, w)
    extra = {
        "loan": _loan, "card": _card, "injury": _injury, "labour": _labour,
        "divorce": _divorce,
    }.get(group, _contract)  # fmt: skip
    extra(r, c, w, cause)
    if defendant_bears and group in ("loan", "card", "contract", "subrogation"):
        r.reasoning += "原告在诉讼时效期间内向被告主张权利，其起诉未超过诉讼时效。"
        r.put("limitation", True)
    if defendant_bears and group in ("loan", "card"):
        r.reasoning += "原告主张的利率未超过合同成立时一年期贷款市场报价利率的四倍，本院予以支持。"
        r.put("interest.lpr", True)
        r.put("interest.lpr_multiple", "四")


def _procedure(r: TrialRecord, c: _Case, w: _Var, absent: bool) -> None:
    if w.chance(60):
        body = w.pick(_PRE_BODIES)
        r.procedure.insert(0, f"本案立案前，经{body}诉前调解，双方未能达成调解协议。")
        r.put("mediation.pre_filing_body", body)
        r.put("mediation.failed", True)
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


def _evidence(r: TrialRecord, w: _Var) -> None:
    # before the court's finding, the last evidence paragraph
    at = max(len(r.evidence) - 1, 0)
    r.evidence.insert(at, "上述证据均当庭出示了原件，以供核对。")
    r.put("evidence.original_checked", True)
    r.evidence.append("对双方当事人无争议的事实，本院予以确认。")
    r.put("facts.undisputed", True)


def _loan(r: TrialRecord, c: _Case, w: _Var, cause: str) -> None:
    day = c.filing - 400 - w.idx(300)
    bank = w.pick(_BANKS)
    principal = (200 + w.idx(800)) * 1000_00
    if "金融" in cause or "小额" in cause:
        no = f"{(_EPOCH + dt.timedelta(days=day)).year}借字第{100 + w.idx(900)}号"
        r.elements.append(
            f"双方签订的借款合同编号为{no}。原告于{_ad(day)}向被告发放贷款{_yuan(principal)}元，"
            f"款项转入被告在{bank}开立的账户。"
        )
        r.put("loan.contract_no", no)
        r.put("loan.disbursed_date", _iso(day))
        r.put("loan.disbursed_amount", _val(principal))
        r.put("loan.receiving_bank", bank)
    else:
        r.elements.append(
            f"被告于{_ad(day)}向原告出具借条一份，载明借款{_yuan(principal)}元。"
            f"原告通过其在{bank}开立的账户向被告转账交付了借款。"
        )
        r.put("loan.iou_date", _iso(day))
        r.put("loan.iou_amount", _val(principal))
        r.put("loan.paying_bank", bank)
    owed = principal * (5 + w.idx(5)) // 10 // 100 * 100
    penalty = max(owed // 40 // 100 * 100, 100_00)
    compound = max(penalty // 10 // 100 * 100, 10_00)
    r.elements.append(
        f"截至起诉之日，被告尚欠本金{_yuan(owed)}元、罚息{_yuan(penalty)}元、复利{_yuan(compound)}元。"
    )
    r.put("loan.principal_owed", _val(owed))
    r.put("loan.penalty_interest_owed", _val(penalty))
    r.put("loan.compound_interest_owed", _val(compound))
    guarantor = _person(w)
    r.elements.append(f"保证人{guarantor}在借款合同上签字确认。")
    r.put("guarantee.guarantor", guarantor)
    if w.chance(50):
        reg = day - 3 - w.idx(10)
        r.elements.append(f"抵押房产已于{_ad(reg)}办理抵押登记。")
        r.put("mortgage.registration_date", _iso(reg))


def _card(r: TrialRecord, c: _Case, w: _Var, cause: str) -> None:
    tail = f"{w.idx(10000):04d}"
    limit = (2 + w.idx(19)) * 5000
    bill = 1 + w.idx(28)
    due = (bill + 19) % 28 + 1
    opened = c.filing - 500 - w.idx(800)
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
    r.elements.append(f"被告尚欠年费{fee}元。")
    r.put("card.annual_fee_owed", float(fee))


_PLACES = ("上海市浦东新区", "上海市闵行区", "上海市嘉定区", "江苏省苏州市", "浙江省嘉兴市")
_PAY = {"银行转账": "transfer", "银行承兑汇票": "acceptance_bill", "现金": "cash"}


def _contract(r: TrialRecord, c: _Case, w: _Var, cause: str) -> None:
    signed, done = w.pick(_PLACES), w.pick(_PLACES)
    how = w.pick(tuple(_PAY))
    deposit = (1 + w.idx(20)) * 1000
    accepted = c.filing - 60 - w.idx(200)
    r.elements.append(
        f"合同签订地为{signed}，履行地点为{done}，付款方式为{how}。"
        f"合同签订当日，被告支付定金{deposit}元。原告交付的标的经被告于{_ad(accepted)}验收合格，"
        "被告在约定的质量异议期内未提出异议。"
    )
    r.put("contract.signing_place", signed)
    r.put("contract.performance_place", done)
    r.put("contract.payment_method", _PAY[how])
    r.put("contract.deposit", float(deposit))
    r.put("contract.acceptance_date", _iso(accepted))
    r.put("contract.no_quality_objection", True)


_DIAG = ("左胫骨骨折", "右桡骨远端骨折", "腰椎压缩性骨折", "左锁骨骨折", "多处软组织挫伤")
_APPRAISERS = ("上海枫林国际医学司法鉴定所", "司法鉴定科学研究院", "上海华医司法鉴定所")


def _injury(r: TrialRecord, c: _Case, w: _Var, cause: str) -> None:
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


_HOURS = {
    "标准工时制": "standard",
    "综合计算工时工作制": "comprehensive",
    "不定时工作制": "flexible",
}


def _labour(r: TrialRecord, c: _Case, w: _Var, cause: str) -> None:
    end = c.filing - 100 + 365 * w.idx(3)
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


_BREAKDOWN = {
    "性格不合": "incompatibility", "家庭琐事": "domestic_quarrels",
    "被告长期在外务工": "long_absence", "双方缺乏沟通": "no_communication",
}  # fmt: skip


def _divorce(r: TrialRecord, c: _Case, w: _Var, cause: str) -> None:
    why = w.pick(tuple(_BREAKDOWN))
    r.elements.append(f"婚后双方因{why}经常发生争吵，夫妻感情逐渐淡漠。")
    r.put("marriage.breakdown_reason", _BREAKDOWN[why])
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
