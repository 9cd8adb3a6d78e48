"""What a civil first-instance judgment records of the trial besides the claims and the
award (issue 18 item 2): how the papers were served and the time to produce evidence, the
preservation applied for, each evidence item with its purpose, the other side's
cross-examination opinion and the court's finding, the disputed issues (争议焦点) with the
court's reasoning on each, the fact elements of the case type (另查明 …: a loan's term, rate,
delivery and guarantee; a contract's price, payments and demand; an accident's liability,
injury and each head of loss; an employment and its arbitration; a marriage, its child and
property), the costs besides the acceptance fee, and the appeal fee notice.

Drawn from a stream of its own (`record_var`: the document's stream's starting state mixed
with a salt, read without drawing from it), so every choice the judgment made before these
parts were written is made the same way and no table changes. `TrialRecord.truth` holds
each value as the extractor returns it (info-point key → values), for the round trip
(tests/test_extract_points.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from courtqc.synth.documents.records import _Case
from courtqc.synth.documents.text import _EPOCH, _ad, _money, _Var, int_to_cn

_SALT = 0x7E1A_5EC0_2D18_A9B3


def record_var(v: _Var) -> _Var:
    """The trial record's own stream: from v's current state, without drawing from v."""
    w = _Var.__new__(_Var)
    w.h = _Var._mix(v.h ^ _SALT)
    return w


def _iso(days: int) -> str:
    return (_EPOCH + dt.timedelta(days=days)).isoformat()


@dataclass(slots=True)
class TrialRecord:
    procedure: list[str] = field(default_factory=list)  # after the 立案 paragraph
    evidence: list[str] = field(default_factory=list)  # after the defence
    elements: list[str] = field(default_factory=list)  # after the facts found (另查明)
    issues: list[str] = field(default_factory=list)  # before the reasoning
    reasoning: str = ""  # inside the reasoning, before 依照
    costs: list[str] = field(default_factory=list)  # after the fee line
    appeal: str = ""  # after the appeal notice
    items: list[str] = field(default_factory=list)  # main-text items after the money items
    deal: int | None = None  # the day of the deal (contract, loan) the facts start from
    done: int | None = None  # the day the claimant performed (contracts)
    truth: dict[str, list] = field(default_factory=dict)

    def put(self, key: str, value: object) -> None:
        self.truth.setdefault(key, []).append(value)


def _group(cause: str) -> str:
    if any(k in cause for k in ("交通事故", "健康权", "生命权", "身体权")):
        return "injury"
    if "离婚" in cause:
        return "divorce"
    if "劳动" in cause:
        return "labour"
    if "信用卡" in cause:
        return "card"
    if any(k in cause for k in ("借贷", "借款")):
        return "loan"
    if any(k in cause for k in ("侵害", "著作权", "商标", "专利", "侵权", "财产损害", "医疗损害")):
        return "tort"
    if any(k in cause for k in ("代位求偿", "追偿")):
        return "subrogation"
    return "contract"


# evidence items by case group: (name, purpose); a purpose names no party and no amount
_EVIDENCE: dict[str, tuple[tuple[str, str], ...]] = {
    "loan": (
        ("借条", "双方之间存在借贷关系"),
        ("银行转账凭证", "原告已实际交付借款"),
        ("微信聊天记录", "原告曾向被告催讨借款"),
    ),
    "card": (
        ("信用卡申请表", "被告申领了信用卡"),
        ("信用卡领用合约", "双方约定的权利义务"),
        ("信用卡对账单", "被告透支及欠款情况"),
    ),
    "contract": (
        ("合同", "双方之间存在合同关系"),
        ("结算单", "被告的欠款金额"),
        ("催款函", "原告曾向被告催讨欠款"),
    ),
    "subrogation": (
        ("保险单", "原告承保了受损车辆"),
        ("赔款支付凭证", "原告已向被保险人赔付"),
        ("权益转让书", "原告取得代位求偿权"),
    ),
    "injury": (
        ("道路交通事故认定书", "事故经过及责任划分"),
        ("医疗费发票", "原告支出的医疗费用"),
        ("司法鉴定意见书", "原告的伤残等级"),
    ),
    "tort": (
        ("公证书", "被告实施了侵权行为"),
        ("权属证明", "原告享有相关权利"),
        ("费用票据", "原告为维权支出的合理开支"),
    ),
    "labour": (
        ("劳动合同", "双方之间存在劳动关系"),
        ("工资银行流水", "原告的工资标准"),
        ("仲裁裁决书", "本案经过劳动仲裁前置程序"),
    ),
    "divorce": (
        ("结婚证", "双方系合法夫妻"),
        ("出生医学证明", "婚生子女的情况"),
        ("房地产权证", "夫妻共同财产的情况"),
    ),
}
_DEFENDANT_EVIDENCE = ("收条", "付款凭证", "情况说明")

# disputed issues by group: (issue, reasoning); the reasoning ends in a holding
_ISSUES: dict[str, tuple[tuple[str, str], ...]] = {
    "loan": (
        (
            "双方之间的借贷关系是否成立",
            "原告提交的借条与转账凭证能够相互印证，借贷关系成立，对原告的该项主张本院予以支持",
        ),
        (
            "被告尚欠的借款本金数额",
            "被告主张已部分还款，但未提供充分证据证明，对被告的该项抗辩本院不予采纳",
        ),
        ("利息应如何计算", "双方约定的利率未超过法律规定的上限，对原告的该项主张本院予以支持"),
    ),
    "card": (
        (
            "被告是否存在逾期还款的违约行为",
            "对账单显示被告未按期归还透支款项，对原告的该项主张本院予以支持",
        ),
        (
            "原告主张的利息及违约金是否过高",
            "原告主张的利息、违约金总额未超过法律规定的上限，对被告的该项抗辩本院不予采纳",
        ),
    ),
    "contract": (
        ("被告是否存在违约行为", "被告未按约定期限付款，构成违约，对原告的该项主张本院予以支持"),
        ("被告尚欠的款项数额", "结算单经双方签字确认，对被告的该项抗辩本院不予采纳"),
        (
            "违约金的计算标准",
            "原告主张的违约金计算标准过高，本院依法予以调整，对原告的该项主张本院部分支持",
        ),
    ),
    "subrogation": (
        (
            "原告是否取得代位求偿权",
            "原告已向被保险人实际赔付，依法取得代位求偿权，对原告的该项主张本院予以支持",
        ),
        ("被告应承担的赔偿数额", "原告的赔付金额有相应票据证明，对被告的该项抗辩本院不予采纳"),
    ),
    "injury": (
        (
            "事故责任的划分",
            "交通事故认定书认定事实清楚，本院予以确认，对原告的该项主张本院予以支持",
        ),
        (
            "原告各项损失的认定",
            "原告主张的护理费、营养费计算标准过高，本院依法予以调整，对原告的该项主张本院部分支持",
        ),
    ),
    "tort": (
        (
            "被告是否实施了侵权行为",
            "公证书记载的内容能够证明被告实施了被诉行为，对原告的该项主张本院予以支持",
        ),
        (
            "赔偿数额的确定",
            "原告未能证明其实际损失，本院综合侵权情节酌情确定，对原告的该项主张本院部分支持",
        ),
    ),
    "labour": (
        (
            "双方之间是否存在劳动关系",
            "劳动合同及工资流水能够证明双方之间存在劳动关系，对原告的该项主张本院予以支持",
        ),
        (
            "被告应支付的劳动报酬数额",
            "被告未提供考勤及工资发放记录，应承担不利后果，对被告的该项抗辩本院不予采纳",
        ),
    ),
    "divorce": (
        (
            "双方夫妻感情是否确已破裂",
            "双方分居已满二年，夫妻感情确已破裂，对原告的该项主张本院予以支持",
        ),
        ("子女抚养及共同财产的分割", "从有利于子女成长的原则出发，对原告的该项主张本院予以支持"),
    ),
}

_SERVICE = ("直接送达", "邮寄送达", "电子送达")
_SERVICE_MAP = {"直接送达": "direct", "邮寄送达": "post", "电子送达": "electronic"}
_HOLDING_MAP = {
    "不予支持": "rejected", "予以支持": "upheld", "不予采纳": "rejected", "部分支持": "partly_upheld",
}  # fmt: skip


def _cents(text: str | None) -> int:
    if not text:
        return 0
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def _yuan(cents: int) -> str:
    return f"{cents // 100}" if cents % 100 == 0 else f"{cents // 100}.{cents % 100:02d}"


def _val(cents: int) -> float:
    return round(cents / 100, 2)


def trial_record(
    c: _Case, w: _Var, names: tuple[str, str, str], absent: bool, amount: str,
    appeal: bool, defendant_bears: bool,
) -> TrialRecord:  # fmt: skip
    """The trial record of a civil first-instance judgment (parts and truth), from w alone;
    names are the plaintiffs', the defendants' and the cause as the judgment writes them."""
    A, B, cause = names
    r = TrialRecord()
    g = _group(cause)
    span = max(c.closing - c.filing, 4)
    _procedure(r, c, w, B, span)
    _evidence(r, w, g, A, B, absent)
    _elements(r, c, w, g, names, amount)
    if not absent:
        _issues(r, w, g, defendant_bears)
    _costs(r, c, w, A, B, defendant_bears)
    if appeal:
        days = w.pick((7, 7, 10))  # type: ignore[arg-type]
        r.appeal = (
            "上诉人应在提交上诉状时预交上诉案件受理费，上诉期满后"
            f"{int_to_cn(days)}日内仍未预交的，按自动撤回上诉处理。"
            "本判决发生法律效力后，负有履行义务的当事人拒绝履行的，对方当事人可以在二年内向本院申请强制执行。"
        )
        r.put("appeal.fee_prepay", True)
        r.put("appeal.fee_deadline_days", days)
        r.put("appeal.auto_withdrawal", True)
        r.put("execution.deadline_note", True)
    return r


def _procedure(r: TrialRecord, c: _Case, w: _Var, B: str, span: int) -> None:
    served = c.filing + 1 + w.idx(max(span // 4, 1))
    how = w.pick(_SERVICE)
    days = w.pick((15, 15, 30))  # type: ignore[arg-type]
    r.procedure.append(
        f"本院于{_ad(served)}以{how}方式向被告{B}送达了起诉状副本、应诉通知书、举证通知书，"
        f"指定举证期限为{int_to_cn(days)}日。"
    )
    r.put("service.date", _iso(served))
    r.put("service.method", _SERVICE_MAP[how])
    r.put("evidence.deadline_days", days)
    for day, amt, names in c.preservations[:1]:
        if amt is None or day < c.filing or day > c.closing:
            continue
        r.procedure.append(
            f"诉讼中，原告于{_ad(day)}向本院申请财产保全，请求冻结被告{'、'.join(names) or B}"
            f"名下价值{_money(amt)}元的财产，本院经审查后裁定予以准许。"
        )
        r.put("preservation.date", _iso(day))
        r.put("preservation.amount", _val(_cents(amt)))
        r.put("preservation.granted", True)


def _evidence(r: TrialRecord, w: _Var, g: str, A: str, B: str, absent: bool) -> None:
    items = _EVIDENCE[g]
    n = 2 + w.idx(2)
    listed = "；".join(f"{i}.{name}，证明{why}" for i, (name, why) in enumerate(items[:n], 1))
    r.evidence.append(f"原告{A}为证明其主张，向本院提交了如下证据：{listed}。")
    r.put("evidence.proponent", "plaintiff")
    for name, why in items[:n]:
        r.put("evidence.submitted", name)
        r.put("evidence.purpose", why)
    nums = "、".join(str(i) for i in range(1, n + 1))
    if absent:
        r.evidence.append(f"被告{B}未到庭，视为放弃质证的权利，亦未向本院提交证据。")
        r.evidence.append(f"对原告提交的证据，本院认证如下：证据{nums}真实、合法，与本案具有关联性，本院予以采信。")  # fmt: skip
        r.put("evidence.opinion.waived", True)
        r.put("evidence.defendant_none", True)
        r.put("evidence.admitted", nums)
        return
    r.evidence.insert(0, "庭审中，本院组织双方当事人进行了证据交换和质证。")
    r.put("evidence.exchange", True)
    contest = w.chance(50)
    if contest:
        r.evidence.append(
            f"被告{B}质证认为，对证据1的真实性、合法性无异议，对证据{n}的关联性有异议，"
            "对其证明目的不予认可。"
        )
        r.put("evidence.opinion.authenticity", "admitted")
        r.put("evidence.opinion.legality", "admitted")
        r.put("evidence.opinion.relevance", "contested")
        r.put("evidence.opinion.purpose", "contested")
    else:
        r.evidence.append(f"被告{B}质证认为，对上述证据的真实性、合法性、关联性均无异议。")
        for k in ("authenticity", "legality", "relevance"):
            r.put(f"evidence.opinion.{k}", "admitted")
    rejected = None
    if w.chance(40):
        rejected = w.pick(_DEFENDANT_EVIDENCE)
        r.evidence.append(f"被告{B}向本院提交了{rejected}一份，证明其已部分履行。原告{A}质证认为，对该证据的真实性有异议。")  # fmt: skip
        r.put("evidence.proponent", "defendant")
        r.put("evidence.submitted", rejected)
        r.put("evidence.purpose", "其已部分履行")
        r.put("evidence.opinion.authenticity", "contested")
    else:
        r.evidence.append(f"被告{B}未向本院提交证据。")
        r.put("evidence.defendant_none", True)
    finding = (
        f"对当事人提交的证据，本院认证如下：证据{nums}真实、合法，与本案具有关联性，本院予以采信"
    )
    if rejected:
        finding += f"；被告提交的{rejected}不足以证明其主张，本院不予采信"
        r.put("evidence.rejected", rejected)
    r.evidence.append(finding + "。")
    r.put("evidence.admitted", nums)


def _issues(r: TrialRecord, w: _Var, g: str, defendant_bears: bool) -> None:
    pool = _ISSUES[g]
    n = min(len(pool), 2 + w.idx(2))
    chosen = pool[:n]
    if not defendant_bears:  # the claims fail on the first issue
        chosen = ((pool[0][0], "原告提交的证据不足以证明其主张，对原告的该项主张本院不予支持"),)
    listed = "；".join(f"{int_to_cn(i)}、{iss}" for i, (iss, _) in enumerate(chosen, 1))
    r.issues.append(f"根据双方当事人的诉辩意见，本案的争议焦点为：{listed}。")
    parts = []
    for iss, why in chosen:
        parts.append(f"关于{iss}的问题，{why}。")
        r.put("dispute.issue", iss)
        r.put("dispute.reasoning", why)
        r.put("dispute.holding", next(v for k, v in _HOLDING_MAP.items() if why.endswith(k)))
    r.reasoning = "".join(parts)


def _costs(r: TrialRecord, c: _Case, w: _Var, A: str, B: str, defendant_bears: bool) -> None:
    if "preservation.date" in r.truth:
        amt = _cents(c.preservations[0][1]) // 100
        # 诉讼费用交纳办法 Art. 14(2): 30 yuan to 1,000 yuan, 1 % above 1,000 up to 100,000,
        # 0.5 % above, at most 5,000 yuan
        fee = 30 if amt <= 1000 else 30 + (min(amt, 100_000) - 1000) // 100
        fee += max(amt - 100_000, 0) // 200
        fee = min(fee, 5000)
        who = f"被告{B}" if defendant_bears else f"原告{A}"
        r.costs.append(f"财产保全费{fee}元，由{who}负担。")
        r.put("costs.preservation_fee", float(fee))
    if not defendant_bears:
        return
    days = w.pick((7, 7, 15))  # type: ignore[arg-type]
    r.costs.append(
        f"原告{A}已预交的案件受理费，本院予以退还；被告{B}应负担的案件受理费，"
        f"于本判决生效之日起{int_to_cn(days)}日内向本院交纳。"
    )
    r.put("costs.prepaid_by", "plaintiff")
    r.put("costs.refund", True)
    r.put("costs.pay_deadline_days", days)


def _split(total: int, weights: Sequence[int]) -> list[int]:
    s = sum(weights)
    parts = [total * x // s // 100 * 100 for x in weights[:-1]]
    return [*parts, total - sum(parts)]


def _elements(
    r: TrialRecord, c: _Case, w: _Var, g: str, names: tuple[str, str, str], amount: str
) -> None:
    A, B, cause = names
    total = _cents(amount) or 100_000_00
    before = c.filing - 30 - w.idx(600)  # the deal, some time before the suit
    r.deal = before
    if g in ("loan", "card"):
        _loan(r, w, g, total, before, cause=cause, filing=c.filing)
    elif g == "injury":
        _injury(r, w, A, B, total, before)
    elif g == "labour":
        _labour(r, c, w, before)
    elif g == "divorce":
        _divorce(r, c, w, before)
    else:
        _contract(r, w, total, before, cause, filing=c.filing)
    if g in ("injury", "labour", "divorce"):
        return
    demand = c.filing - 1 - w.idx(25)
    r.elements.append(f"原告于{_ad(demand)}向被告发出催告函，要求被告履行义务，被告至今未履行。")  # fmt: skip
    r.put("demand.date", _iso(demand))


def _loan(
    r: TrialRecord,
    w: _Var,
    g: str,
    total: int,
    before: int,
    *,
    cause: str = "",
    filing: int | None = None,
) -> None:
    """A loan's terms and default. Repayments stop, and the interest is counted, before the
    suit (filing, where given); a private loan (民间借贷) charges 逾期利息, not a bank's 罚息;
    a mortgage (抵押担保) has no 保证期间."""
    end = before + 90 + 30 * w.idx(12)
    rate = w.pick(("1", "1.2", "1.5"))
    how = w.pick(("银行转账", "现金"))
    guarantee = w.pick(("连带责任保证", "一般保证", "抵押担保"))
    repaid = total // 10 // 100 * 100 if w.chance(50) else 0
    if g == "card":
        # a card has no loan term, no cash handed over and no guarantor: it speaks of the
        # overdraft interest the card agreement fixes (drawn as a loan's, so later draws hold)
        _card_terms(r, w, before, end, repaid, filing)
        return
    r.elements.append(
        f"另查明，双方约定的借款期限自{_ad(before)}起至{_ad(end)}止，约定月利率为{rate}%，"
        f"款项以{how}方式交付，案外人为该笔款项提供{guarantee}。"
        # the whole principal is claimed and owed (trial_more): what was repaid went to interest
        + (
            f"被告已归还{_yuan(repaid)}元，原告陈述该款系支付的利息。"
            if repaid
            else "被告分文未还。"
        )
    )
    r.put("loan.term_start", _iso(before))
    r.put("loan.term_end", _iso(end))
    r.put("loan.agreed_rate", f"月利率为{rate}%")
    r.put("loan.delivery", "transfer" if how == "银行转账" else "cash")
    r.put("loan.guarantee_kind", {"连带责任保证": "joint_surety", "一般保证": "general_surety",
                                  "抵押担保": "mortgage"}[guarantee])  # fmt: skip
    if repaid:
        r.put("loan.repaid", _val(repaid))
    purpose = w.pick(("资金周转", "生产经营", "个人消费"))
    method = w.pick(("按月等额本息", "按月付息、到期还本", "到期一次性还本付息"))
    markup = w.pick(("30%", "50%"))
    overdue = _stopped(min(end, before + 30 + 30 * w.idx(6)), filing)
    owed_on = overdue + 60 + w.idx(200)
    if filing is not None:
        owed_on = min(owed_on, filing - 1)
    interest = max(total // 50 // 100 * 100, 100_00)
    months = w.pick((6, 12, 36))  # type: ignore[arg-type]
    private, mortgage = "民间借贷" in cause, guarantee == "抵押担保"
    r.elements.append(
        f"借款用途为{purpose}，还款方式为{method}，逾期还款的，按约定利率上浮{markup}计收"
        + ("逾期利息" if private else "罚息")
        + ("。" if mortgage else f"；保证期间为主债务履行期限届满之日起{_months_cn(months)}。")
        + f"被告自{_ad(overdue)}起未按期还款，"
        f"原告依约宣布借款提前到期。截至{_ad(owed_on)}，被告尚欠利息{_yuan(interest)}元。"
    )
    r.put("loan.purpose", purpose)
    r.put("loan.repayment_method", _METHOD[method])
    if not private:
        r.put("loan.penalty_markup", f"上浮{markup}")
    if not mortgage:
        r.put("guarantee.period_months", months)
    r.put("loan.overdue_since", _iso(overdue))
    r.put("loan.accelerated", True)
    r.put("loan.interest_owed_as_of", _iso(owed_on))
    r.put("loan.interest_owed", _val(interest))


def _stopped(day: int, filing: int | None) -> int:
    """The day repayments stopped: a fortnight before the suit at the latest, since a claimant
    sues on a default that has happened (the deal is at least 30 days before filing)."""
    return day if filing is None else min(day, filing - 15)


def _card_terms(
    r: TrialRecord, w: _Var, before: int, end: int, repaid: int, filing: int | None = None
) -> None:
    """A credit card's terms and default, in a card judgment's words: the overdraft interest
    rate of the card agreement, the repayments made, the day repayments stopped and the whole
    balance called in; the balance itself (透支本金, 利息, 滞纳金) is `trial_more`'s."""
    w.pick(("资金周转", "生产经营", "个人消费"))  # the loan's draws, so the stream holds
    w.pick(("按月等额本息", "按月付息、到期还本", "到期一次性还本付息"))
    w.pick(("30%", "50%"))
    overdue = _stopped(min(end, before + 30 + 30 * w.idx(6)), filing)
    w.idx(200)
    w.pick((6, 12, 36))  # type: ignore[arg-type]
    r.elements.append(
        "另查明，被告向原告申请办理信用卡，原告审核后向被告发放信用卡，被告领卡后透支消费。"
        "领用合约约定日利率为0.05%，按月计收复利；持卡人未按期足额还款的，按约定计收违约金。"
        + (f"被告已还款{_yuan(repaid)}元。" if repaid else "被告透支后分文未还。")
        + f"被告自{_ad(overdue)}起未按期还款，原告依约宣布全部透支款项提前到期。"
    )
    r.put("loan.agreed_rate", "日利率为0.05%")
    if repaid:
        r.put("loan.repaid", _val(repaid))
    r.put("loan.overdue_since", _iso(overdue))
    r.put("loan.accelerated", True)


_METHOD = {"按月等额本息": "equal_instalments", "按月付息、到期还本": "interest_monthly",
           "到期一次性还本付息": "bullet"}  # fmt: skip


def _months_cn(m: int) -> str:
    return f"{int_to_cn(m // 12)}年" if m % 12 == 0 else f"{int_to_cn(m)}个月"


_SUBJECTS = (
    (("房屋买卖",), ("房屋",)),
    (("买卖",), ("钢材", "电子元器件", "服装面料")),
    (("物业",), ("物业服务",)),
    (("租赁",), ("房屋", "机器设备")),
    (("建设工程", "装饰装修", "承揽"), ("装修工程", "土建工程")),
    (("服务",), ("咨询服务", "技术服务")),
    (("运输",), ("货物运输",)),
)


def _subject(cause: str, w: _Var) -> str:
    for keys, pool in _SUBJECTS:
        if any(k in cause for k in keys):
            return w.pick(pool)
    return w.pick(("货物", "服务"))


def _contract(
    r: TrialRecord, w: _Var, total: int, before: int, cause: str, *, filing: int | None = None
) -> None:
    """A contract's price, payment term and performance; the price fell due, and the parties
    settled accounts, before the suit (filing, where given): nobody sues on a debt not yet due."""
    extra = total // 5 // 100 * 100
    price = total + extra
    due = before + 30 + 30 * w.idx(6)
    if filing is not None:
        due = min(due, filing - 5)
    penalty = w.pick(("每日万分之五", "每日千分之一", "合同总价款的百分之二十"))
    house = "房屋买卖" in cause
    if "物业" in cause:  # a service fee owed month by month: no price, no delivery, no invoice
        r.elements.append(
            "另查明，原告为被告所在小区提供物业服务。"
            f"被告此前已付款{_yuan(extra)}元，尚欠物业服务费{_yuan(total)}元。"
        )
    else:
        r.elements.append(
            f"另查明，双方于{_ad(before)}签订的{'房屋买卖合同约定房屋' if house else '合同约定合同'}"
            f"总价款为{_yuan(price)}元，付款期限至{_ad(due)}止，逾期付款的，按{penalty}支付违约金。"
            f"合同签订后，原告依约履行了义务，被告已付款{_yuan(extra)}元，尚欠{_yuan(total)}元。"
        )
        r.put("contract.sign_date", _iso(before))
        r.put("contract.price", _val(price))
        r.put("contract.payment_due", _iso(due))
        r.put("contract.penalty_terms", penalty)
    r.put("payment.paid", _val(extra))
    r.put("payment.outstanding", _val(total))
    subject = _subject(cause, w)
    done = before + 5 + w.idx(20)
    r.done = done
    settled = due + 10 + w.idx(30)
    if filing is not None:
        settled = min(settled, filing - 1)
    court = w.pick(("原告住所地", "合同签订地", "合同履行地"))
    term = 12 * (1 + w.idx(3))
    r.put("contract.subject", subject)
    r.put("contract.jurisdiction_clause", court)
    if house:  # a house is handed over and its title registered (trial_types), never invoiced
        r.elements.append(
            f"合同标的为{subject}。双方于{_ad(before)}办理了网签备案，原告于{_ad(done)}交付全部房屋及钥匙，"
            f"被告签收确认。合同约定因合同发生的争议由{court}人民法院管辖。"
        )
        r.put("contract.performed_date", _iso(done))
        r.put("contract.received", True)
        r.put("house.online_signing_date", _iso(before))
        r.put("house.handover_date", _iso(done))
        return
    r.put("contract.term_months", term)
    if "物业" in cause:
        r.elements.append(
            f"合同标的为{subject}，合同期限为{_months_cn(term)}。"
            f"合同约定因合同发生的争议由{court}人民法院管辖。"
        )
        return
    r.elements.append(
        f"合同标的为{subject}，合同期限为{_months_cn(term)}。原告于{_ad(done)}履行完毕合同义务，"
        f"被告签收确认，原告已向被告开具增值税发票。双方于{_ad(settled)}进行对账结算。"
        f"合同约定因合同发生的争议由{court}人民法院管辖。"
    )
    r.put("contract.performed_date", _iso(done))
    r.put("contract.received", True)
    r.put("contract.invoice", True)
    r.put("contract.settlement_date", _iso(settled))


_LOSSES = (
    ("医疗费", "loss.medical", 30), ("住院伙食补助费", "loss.hospital_food", 2),
    ("营养费", "loss.nutrition", 3), ("护理费", "loss.nursing", 6),
    ("误工费", "loss.lost_income", 12), ("交通费", "loss.transport", 1),
    ("残疾赔偿金", "loss.disability", 36), ("精神损害抚慰金", "loss.mental", 8),
    ("鉴定费", "loss.appraisal_fee", 2),
)  # fmt: skip


def _injury(r: TrialRecord, w: _Var, A: str, B: str, total: int, before: int) -> None:
    day = before + 200
    liability = w.pick(("全部", "主要", "同等"))
    stay = 5 + w.idx(40)
    grade = w.pick(("八", "九", "十"))
    parts = _split(total, [x[2] for x in _LOSSES])
    # B lists every defendant, the insurer among them: an insurer drives no car
    drivers = [n for n in B.split("、") if "保险" not in n]
    insurers = [n for n in B.split("、") if "保险" in n]
    driver = "、".join(drivers) or B
    heads = "、".join(f"{zh}{_yuan(p)}元" for (zh, _, _), p in zip(_LOSSES, parts, strict=True))
    r.elements.append(
        f"另查明，{_ad(day)}，被告{driver}驾驶的车辆与原告{A}发生碰撞，致原告受伤。"
        f"经公安机关交通管理部门认定，被告{driver}负事故{liability}责任。"
        f"原告受伤后住院治疗{stay}天。经司法鉴定，原告的伤残等级为{grade}级。"
        f"原告的各项损失为：{heads}。肇事车辆投保了机动车交通事故责任强制保险。"
    )
    r.put("accident.date", _iso(day))
    r.put("accident.liability", {"全部": "full", "主要": "main", "同等": "equal"}[liability])
    r.put("injury.hospital_days", stay)
    r.put("injury.disability_grade", {"八": 8, "九": 9, "十": 10}[grade])
    r.put("insurance.compulsory", True)
    for (_, key, _), p in zip(_LOSSES, parts, strict=True):
        r.put(key, _val(p))
    place = w.pick(
        ("沪闵路莲花路路口", "中山北路共和新路路口", "漕宝路虹梅路路口", "曹安公路嘉松北路路段")
    )
    insurer = w.pick(
        (
            "中国人民财产保险股份有限公司上海市分公司",
            "中国平安财产保险股份有限公司上海分公司",
            "中国太平洋财产保险股份有限公司上海分公司",
        )
    )
    insurer = insurers[0] if insurers else insurer  # the insurer sued, where one is
    hospital = w.pick(("上海市第六人民医院", "复旦大学附属中山医院", "上海市第一人民医院"))
    r.elements.append(f"事故发生在{place}。原告在{hospital}住院治疗。肇事车辆在{insurer}投保。")
    r.put("accident.place", place)
    r.put("insurance.insurer", insurer)
    r.put("injury.hospital", hospital)


_EXIT = {
    "被告以原告严重违反规章制度为由解除劳动合同": "employer_dismissal",
    "原告以被告未足额支付劳动报酬为由提出解除": "wage_arrears",
    "劳动合同期满终止": "expiry",
    "双方协商一致": "agreement",
}


def _labour(r: TrialRecord, c: _Case, w: _Var, before: int) -> None:
    entry = before - 365 * (1 + w.idx(5))
    wage = 4000 + 500 * w.idx(16)
    leave = before + 10
    arb = c.filing - 60 - w.idx(30)
    leave = min(leave, arb - 5)  # one applies for arbitration after leaving, not before
    award = arb + 40
    result = w.pick(("不予支持", "部分支持"))
    r.elements.append(
        f"另查明，原告于{_ad(entry)}入职被告处，双方签订了书面劳动合同，约定月工资为{wage}元。"
        f"{_ad(leave)}，双方劳动关系解除。原告于{_ad(arb)}向上海市劳动人事争议仲裁委员会申请仲裁，"
        f"该委于{_ad(award)}作出裁决，对原告的仲裁请求{result}。原告不服，诉至本院。"
    )
    post = w.pick(("销售", "仓库管理", "行政文员", "驾驶员"))
    why = w.pick(tuple(_EXIT))
    r.elements.append(f"原告在被告处从事{post}工作。双方劳动关系因{why}而解除。")
    r.put("labour.post", post)
    r.put("labour.exit_reason", _EXIT[why])
    r.put("arbitration.body", "上海市劳动人事争议仲裁委员会")
    r.put("labour.entry_date", _iso(entry))
    r.put("labour.wage", float(wage))
    r.put("labour.exit_date", _iso(leave))
    r.put("arbitration.apply_date", _iso(arb))
    r.put("arbitration.award_date", _iso(award))
    r.put("arbitration.result", "rejected" if result == "不予支持" else "partly_upheld")


def _divorce(r: TrialRecord, c: _Case, w: _Var, before: int) -> None:
    married = before - 365 * (3 + w.idx(10))
    born = married + 400 + w.idx(300)
    apart = c.filing - 800 - w.idx(200)
    child = w.pick(("儿子", "女儿"))
    met = w.pick(("经人介绍", "自由恋爱"))
    r.elements.append(
        f"另查明，原、被告{met}相识，于{_ad(married)}登记结婚，婚后于{_ad(born)}生育{child}一名。"
        f"双方自{_ad(apart)}起分居生活。夫妻共同财产有房屋一套，双方无共同债务。"
    )
    r.put("marriage.acquaintance", "introduced" if met == "经人介绍" else "free_choice")
    r.put("marriage.registration_date", _iso(married))
    r.put("marriage.child_birth_date", _iso(born))
    r.put("marriage.separation_date", _iso(apart))
    r.put("marriage.common_property", "房屋一套")
    r.put("marriage.no_common_debt", True)
    if born + 8 * 365 <= c.filing:  # a child of eight or more is heard on custody
        side = w.pick(("原告", "被告"))
        r.elements.append(f"庭审中，婚生{child}表示愿意随{side}生活。")
        r.put("marriage.child_wish", "plaintiff" if side == "原告" else "defendant")
