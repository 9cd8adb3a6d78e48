"""Enforcement rulings and notices beside the 终本 ruling (enforcement.py): the ruling that
adds a respondent (变更、追加被执行人: the sole shareholder of a one-person company that cannot
pay), and the closing notice of a case enforced in full (执行完毕 结案通知书)."""

from __future__ import annotations

import re

from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.paper import Paper, iso, names, of, party_para
from courtqc.synth.documents.records import _Case
from courtqc.synth.documents.text import _ad, _cn, _money, _Var


def addition_ruling(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    """执行裁定书 adding the legal representative of a company respondent as respondent."""
    if c.family != "enforcement" or c.procedure != "enforcement":
        return None
    applicants, respondents = of(c, "applicant"), of(c, "respondent")
    company = next((p for p in respondents if p.kind == "legal" and p.legal_rep), None)
    if not applicants or company is None or not re.search(r"执\d", c.case_no):
        return None
    added = company.legal_rep or ""
    no = re.sub(r"执(?=\d)", "执异", c.case_no)
    day = c.filing + max(1, (c.closing - c.filing) // 2)
    court = courts.court_name(c.court_code)
    title = v.pick(("执行裁定书", "执 行 裁 定 书"))
    lines = [court, title, no, ""]
    for p in applicants:
        lines += party_para("申请人（申请执行人）", p, v)
    lines += party_para("被申请人（被执行人）", company, v)
    lines.append(f"被申请人：{added}。")
    A = names(applicants)
    lines.append(
        f"本院在执行申请执行人{A}与被执行人{company.name}{c.cause or ''}一案中，申请执行人{A}"
        f"于{_ad(day - 10 - v.idx(20))}向本院提出书面申请，请求追加{added}为本案被执行人。"
    )
    lines.append(
        f"本院查明，被执行人{company.name}系一人有限责任公司，{added}为其唯一股东。"
        f"{added}未能证明公司财产独立于其自己的财产。"
    )
    lines.append(
        "本院认为，一人有限责任公司财产不足以清偿生效法律文书确定的债务，股东不能证明公司财产独立于"
        "自己的财产，申请执行人申请追加该股东为被执行人，对公司债务承担连带责任的，人民法院应予支持。"
        "依照《最高人民法院关于民事执行中变更、追加当事人若干问题的规定》第二十条之规定，裁定如下："
    )
    lines.append(
        f"追加{added}为{c.case_no}案件的被执行人，对被执行人{company.name}的债务承担连带清偿责任。"
    )
    lines.append("如不服本裁定，可以自本裁定送达之日起十五日内，向本院提起执行异议之诉。")
    sign = courts.signatures(c, v, True, jurors=False)
    lines += [
        _cn(day) if re.fullmatch(r"[〇○零一二三四五六七八九十年月日]+", ln) else ln for ln in sign
    ]
    t = {
        "court": court,
        "date": iso(day),
        "case_no": no,
        "parties": [p.name for p in applicants] + [company.name, added],
    }
    return Paper("enforcement_ruling", "执行裁定书", lines, day, t)


def closure_notice(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    """结案通知书 of an enforcement case closed as enforced in full."""
    if c.family != "enforcement" or c.method != "enforced_in_full":
        return None
    applicants, respondents = of(c, "applicant"), of(c, "respondent")
    if not applicants or not respondents:
        return None
    court = courts.court_name(c.court_code)
    title = v.pick(("结案通知书", "执行结案通知书"))
    lines = [court, title, c.case_no, ""]
    if v.chance(50):  # one line per party, or one line per side
        lines += [f"申请执行人：{p.name}" for p in applicants]
        lines += [f"被执行人：{p.name}" for p in respondents]
    else:
        lines += [f"申请执行人：{names(applicants)}", f"被执行人：{names(respondents)}"]
    paid = f"，执行到位款项{_money(c.paid_in)}元" if c.paid_in else ""
    lines.append(
        f"本院执行的申请执行人{names(applicants)}与被执行人{names(respondents)}{c.cause or ''}一案"
        f"{paid}，生效法律文书确定的义务已全部履行完毕。依照《最高人民法院关于执行案件立案、结案"
        "若干问题的意见》第十五条之规定，本案以执行完毕方式结案。"
    )
    lines += ["特此通知。", "", _cn(c.closing), v.pick(("（院印）", ""))]
    t = {
        "court": court,
        "date": iso(c.closing),
        "case_no": c.case_no,
        "parties": [p.name for p in applicants + respondents],
    }
    return Paper("enforcement_closure_notice", "结案通知书", lines, c.closing, t)
