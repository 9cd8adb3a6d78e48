"""What the court sends the parties between filing and hearing: the acceptance notice (受理案件
通知书), the response notice (应诉通知书), the evidence notice (举证通知书), the fee notice
(交纳诉讼费用通知书), the summons (传票), and the payment order (支付令) of the debt-collection
procedure that came before the suit. Court, title and case number at the top, the addressee,
the notice, the date and the seal at the foot."""

from __future__ import annotations

import re

from courtqc.domain.cnnum import int_to_cn as _cn_number
from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.paper import Paper, amount, iso, names, of, party_para
from courtqc.synth.documents.records import _Case
from courtqc.synth.documents.text import _ad, _case_fee, _cn, _money, _Var, int_to_cn


def _top(c: _Case, courts: _Courts, v: _Var, title: str, case_no: str) -> list[str]:
    spaced = " ".join(title) if len(title) <= 4 and v.chance(50) else title
    return [courts.court_name(c.court_code), spaced, case_no, ""]


def _foot(day: int, v: _Var) -> list[str]:
    return [
        "",
        v.pick(("特此通知。", "特此通知。", "")),
        "",
        _cn(day),
        v.pick(("（院印）", "", "")),
    ]


def _sides(c: _Case) -> tuple[list, list]:
    return of(c, "plaintiff", "appellant", "applicant"), of(
        c, "defendant", "appellee", "respondent"
    )


def _truth(c: _Case, courts: _Courts, day: int) -> dict:
    return {"court": courts.court_name(c.court_code), "date": iso(day), "case_no": c.case_no}


def acceptance_notice(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    plaintiffs, defendants = _sides(c)
    if not plaintiffs or not defendants:
        return None
    title = v.pick(("受理案件通知书", "案件受理通知书"))
    day = c.filing + v.idx(4)
    fee = _case_fee(c.claim, c.cause)
    lines = _top(c, courts, v, title, c.case_no)
    lines.append(f"{names(plaintiffs)}：")
    lines.append(
        f"你方诉{names(defendants)}{c.cause or ''}一案的起诉状已收到。经审查，起诉符合法定受理条件，"
        "本院决定立案审理。现将有关事项通知如下："
    )
    lines.append("一、在诉讼过程中，当事人必须依法行使诉讼权利，遵守诉讼秩序，履行诉讼义务。")
    lines.append(f"二、应在接到本通知书后七日内向本院预交案件受理费{fee:,}元。")
    lines.append("三、当事人应当按照本院的要求提交证据，逾期提交的，承担相应的法律后果。")
    lines += _foot(day, v)
    t = _truth(c, courts, day) | {"fee": float(fee)}
    return Paper("acceptance_notice", title, lines, day, t)


def response_notice(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    plaintiffs, defendants = _sides(c)
    if not plaintiffs or not defendants:
        return None
    day = c.filing + 1 + v.idx(5)
    lines = _top(c, courts, v, "应诉通知书", c.case_no)
    lines.append(f"{names(defendants)}：")
    lines.append(
        f"本院受理{names(plaintiffs)}诉你{c.cause or ''}一案，现送达起诉状副本。依照《中华人民共和国"
        "民事诉讼法》的规定，现将有关事项通知如下："
    )
    lines.append("一、你应当在收到起诉状副本之日起十五日内向本院提交答辩状。")
    lines.append("二、当事人应当对自己提出的主张提供证据。")
    lines += _foot(day, v)
    return Paper("response_notice", "应诉通知书", lines, day, _truth(c, courts, day))


def evidence_notice(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    plaintiffs, defendants = _sides(c)
    if not plaintiffs or not defendants:
        return None
    day = c.filing + 1 + v.idx(5)
    lines = _top(c, courts, v, "举证通知书", c.case_no)
    lines.append(f"{names(plaintiffs + defendants)}：")
    lines.append(
        f"本院受理的{c.cause or ''}一案，依照《最高人民法院关于民事诉讼证据的若干规定》，现将举证"
        "的有关事项通知如下："
    )
    lines.append(f"一、举证期限为{int_to_cn(15 + 15 * v.idx(2))}日，自收到本通知书之次日起计算。")
    lines.append("二、当事人逾期提供证据的，人民法院应当责令其说明理由。")
    lines += _foot(day, v)
    return Paper("evidence_notice", "举证通知书", lines, day, _truth(c, courts, day))


def fee_notice(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    plaintiffs, _ = _sides(c)
    if not plaintiffs:
        return None
    title = v.pick(("交纳诉讼费用通知书", "预交诉讼费通知书"))
    day = c.filing + v.idx(3)
    fee = _case_fee(c.claim, c.cause)
    lines = _top(c, courts, v, title, c.case_no)
    lines.append(f"{names(plaintiffs)}：")
    lines.append(
        f"你方{c.cause or ''}一案，依照《诉讼费用交纳办法》的规定，应预交案件受理费"
        f"{fee:,}元" + v.pick(("", f"（大写：{_cn_number(fee, upper=True)}元整）")) + "。"
        "请于接到本通知之日起七日内交纳，逾期不交纳的，按撤诉处理。"
    )
    lines += _foot(day, v)
    t = _truth(c, courts, day) | {"fee": float(fee)}
    return Paper("fee_notice", title, lines, day, t)


def summons(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    _, defendants = _sides(c)
    if c.hearing is None or not defendants:
        return None
    d = defendants[0]
    day = max(c.filing, c.hearing - 5 - v.idx(20))
    sep = v.pick(("\t", "：", "\t"))
    lines = _top(c, courts, v, "传票", c.case_no)[:2]
    lines += [f"案号{sep}{c.case_no}", f"案由{sep}{c.cause or ''}", f"被传唤人{sep}{d.name}"]
    if d.address:
        lines.append(f"工作单位或住址{sep}{d.address}")
    lines += [
        f"传唤事由{sep}开庭",
        f"应到时间{sep}{_ad(c.hearing)}" + v.pick(("9时30分", "14时", "9时")),
        f"应到处所{sep}本院第{int_to_cn(1 + v.idx(20))}法庭",
        "注意事项：",
        "一、被传唤人必须准时到达应到处所。",
        "二、本传票由被传唤人携带来院报到。",
        "",
        _cn(day),
    ]
    t = _truth(c, courts, day) | {"parties": [d.name]}
    return Paper("summons", "传票", lines, day, t)


def payment_order(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    """The payment order the creditor obtained before suing (the debtor objected, so the suit
    followed): numbered 民督 with the suit's year and sequence."""
    plaintiffs, defendants = of(c, "plaintiff"), of(c, "defendant")
    if not c.claim or not plaintiffs or not defendants or "民初" not in c.case_no:
        return None
    no = c.case_no.replace("民初", "民督")
    day = c.filing - 15 - v.idx(30)
    A, R = plaintiffs[0], defendants[0]
    what = v.pick(("欠款", "货款", "借款")) if "借" not in (c.cause or "") else "借款"
    claim = c.claim
    whole = float(claim) == int(float(claim))
    upper = (
        f"（大写：{_cn_number(int(float(claim)), upper=True)}元整）"
        if whole and v.chance(60)
        else ""
    )
    lines = [*_top(c, courts, v, "支付令", no)[:3], ""]
    lines += party_para("申请人", A, v)
    lines += party_para("被申请人", R, v)
    lines.append(
        f"申请人{A.name}于{_ad(day - 7 - v.idx(7))}向本院申请支付令，要求被申请人{R.name}给付{what}"
        f"人民币{_money(claim, grouped=v.chance(50))}元{upper}。"
    )
    lines.append(
        "申请人的请求有债权文书为证，经审查，债权债务关系明确、合法。依照《中华人民共和国民事诉讼法》"
        "第二百二十五条、第二百二十六条之规定，特发出如下支付令："
    )
    lines.append(
        f"被申请人{R.name}应当自收到本支付令之日起十五日内，给付申请人{A.name}{what}{_money(claim)}元。"
    )
    lines.append("被申请人如对本支付令有异议，应当自收到本支付令之日起十五日内向本院书面提出。")
    lines += courts.signatures(c, v, False, jurors=False)
    # the signature block dates the paper with the case's decision day: put the order's own
    for i, ln in enumerate(lines):
        if re.fullmatch(
            r"[〇○零一二三四五六七八九十]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日",
            ln,
        ):
            lines[i] = _cn(day)
    t = {
        "court": courts.court_name(c.court_code),
        "date": iso(day),
        "case_no": no,
        "parties": [A.name, R.name],
        "claimed_amount": amount(claim),
    }
    return Paper("payment_order", "支付令", lines, day, t)
