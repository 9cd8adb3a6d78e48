"""What the parties write to the court: the appeal petition (上诉状), the enforcement
application (强制执行申请书), the power of attorney (授权委托书) and the administrative
complaint (行政起诉状), in the layouts of 诉讼文书样式 (2016): title, party paragraphs with
their capacity, the requests, facts and reasons, 此致 and the court, the signer, the date."""

from __future__ import annotations

from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.enforcement import _doc_name
from courtqc.synth.documents.paper import (
    Paper,
    amount,
    iso,
    money,
    names,
    of,
    party_para,
    sign_date,
)
from courtqc.synth.documents.records import _Case
from courtqc.synth.documents.text import _ad, _Var

_CLOSING = ("此致", "此  致", "此致")


def appeal_petition(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    """A first instance that was appealed: one side appeals to the court above."""
    if c.appeal_court is None or c.procedure != "first":
        return None
    criminal = c.family == "criminal"
    if criminal:
        appellants, appellees = of(c, "criminal_defendant")[:1], []
        cap_a = "原审被告人"
    else:
        plaintiffs, defendants = of(c, "plaintiff"), of(c, "defendant")
        if not plaintiffs or not defendants:
            return None
        if v.chance(50):
            appellants, appellees, cap_a, cap_b = defendants[:1], plaintiffs, "原审被告", "原审原告"
        else:
            appellants, appellees, cap_a, cap_b = plaintiffs[:1], defendants, "原审原告", "原审被告"
    if not appellants:
        return None
    fam = "刑事" if criminal else ("行政" if c.family == "administrative" else "民事")
    title = v.pick((f"{fam}上诉状", "上诉状", f"{fam}上诉状"))
    lines = [title, ""]
    for p in appellants:
        lines += party_para(f"上诉人（{cap_a}）", p, v)
    for p in appellees:
        lines += party_para(f"被上诉人（{cap_b}）", p, v)
    first = courts.court_name(c.court_code)
    kind = fam + ("判决书" if c.method == "judgment" else "裁定书")
    a = names(appellants)
    against = f"与被上诉人{names(appellees)}" if appellees else ""
    lines.append(
        f"上诉人{a}因{against}{c.cause or ''}一案，不服{first}{c.case_no}{kind}，现提起上诉。"
    )
    lines.append("上诉请求：")
    lines.append(
        f"一、撤销{first}{c.case_no}{kind}，依法改判"
        + ("上诉人无罪或者从轻处罚；" if criminal else "或者发回重审；")
    )
    if not criminal:
        lines.append("二、本案一、二审诉讼费用由被上诉人负担。")
    lines.append("上诉理由：")
    lines.append(
        v.pick(
            (
                "一审判决认定事实不清，证据不足。",
                "一审适用法律错误。",
                "一审程序违法，且认定事实错误。",
            )
        )
        + "综上，请二审法院依法支持上诉人的上诉请求。"
    )
    court = courts.appeal_court(c)
    day = c.closing + 3 + v.idx(12)
    lines += ["", v.pick(_CLOSING), court, "", f"上诉人：{a}", sign_date(day, v)]
    if v.chance(40):
        lines += ["", "附：本上诉状副本" + int_to_cn_small(len(appellees) + 1) + "份。"]
    truth = {"court": court, "date": iso(day), "parties": [p.name for p in appellants + appellees]}
    return Paper("appeal", title.replace(" ", ""), lines, day, truth)


def int_to_cn_small(n: int) -> str:
    return "一二三四五六七八九十"[min(n, 10) - 1]


def enforcement_application(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    """An enforcement case: the creditor applies on the title that became effective."""
    if c.family != "enforcement" or c.procedure != "enforcement":
        return None
    applicants, respondents = of(c, "applicant"), of(c, "respondent")
    if not applicants or not respondents:
        return None
    title = v.pick(("强制执行申请书", "申请执行书", "执行申请书", "强制执行申请书"))
    lines = [title, ""]
    for p in applicants:
        lines += party_para("申请执行人", p, v)
    for p in respondents:
        lines += party_para("被执行人", p, v)
    A, R = names(applicants), names(respondents)
    if c.o_case_no:
        basis = f"{courts.court_name(c.o_court)}{c.o_case_no}{_doc_name(c.o_case_no, c.o_method)}"
        lines.append(f"执行依据：{basis}")
    lines.append(v.pick(("申请执行事项：", "执行请求：", "申请事项：")))
    if c.claim:
        lines.append(
            f"一、请求强制执行被执行人{R}向申请执行人{A}支付{money(c.claim, v)}及迟延履行期间的债务利息；"
        )
    else:
        lines.append(f"一、请求强制执行被执行人{R}履行生效法律文书确定的义务；")
    lines.append("二、本案执行费用由被执行人负担。")
    lines.append("事实与理由：")
    lines.append(
        f"申请执行人{A}与被执行人{R}{c.cause or c.o_cause or ''}一案，"
        + ("上述法律文书已经发生法律效力，" if c.o_case_no else "生效法律文书确定的义务，")
        + "但被执行人至今未履行。为维护申请执行人的合法权益，特向贵院申请强制执行。"
    )
    court = courts.court_name(c.court_code)
    day = c.filing - 1 - v.idx(8)
    lines += ["", v.pick(_CLOSING), court, "", f"申请执行人：{A}", sign_date(day, v)]
    truth = {
        "court": court,
        "date": iso(day),
        "parties": [p.name for p in applicants + respondents],
    }
    if c.claim:
        truth["claimed_amount"] = amount(c.claim)
    return Paper("enforcement_application", title, lines, day, truth)


def power_of_attorney(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    """A party with an agent authorises him: 委托人, 受托人, the scope, the signature."""
    principal = next((p for p in c.parties if p.agents and p.role != "prosecutor"), None)
    if principal is None or c.family == "criminal":
        return None
    agent, _kind, firm = principal.agents[0]
    others = [p for p in c.parties if p.role != principal.role and p.role not in ("victim",)]
    title = v.pick(("授权委托书", "授 权 委 托 书", "授权委托书"))
    lines = [title, ""]
    lines += party_para("委托人", principal, v)
    lines.append(f"受托人：{agent}，{firm}律师。" if firm else f"受托人：{agent}。")
    lines.append(
        f"现委托{agent}在我方与{names(others[:2])}{c.cause or ''}一案中，"
        "作为我方参加诉讼的委托诉讼代理人。"
    )
    lines.append(
        "代理人的代理权限为："
        + v.pick(
            (
                "一般授权代理。",
                "特别授权，代为承认、放弃、变更诉讼请求，进行和解，提起反诉或者上诉，代收法律文书。",
            )
        )
    )
    court = courts.court_name(c.court_code)
    day = c.filing - v.idx(6)
    lines += ["", v.pick(_CLOSING), court, "", f"委托人：{principal.name}", sign_date(day, v)]
    truth = {"court": court, "date": iso(day), "parties": [principal.name], "agents": [agent]}
    return Paper("power_of_attorney", "授权委托书", lines, day, truth)


def admin_complaint(c: _Case, courts: _Courts, v: _Var) -> Paper | None:
    """An administrative first instance: a citizen or company sues the authority."""
    if c.family != "administrative" or c.procedure != "first":
        return None
    plaintiffs, defendants = of(c, "plaintiff"), of(c, "defendant")
    if not plaintiffs or not defendants:
        return None
    title = v.pick(("行政起诉状", "行 政 起 诉 状", "行政诉状", "起诉状"))
    lines = [title, ""]
    for p in plaintiffs:
        lines += party_para("原告", p, v)
    for p in defendants:
        lines += party_para("被告", p, v)
    D = names(defendants)
    act = v.pick(("行政处罚决定", "不予登记决定", "责令限期拆除决定", "行政强制措施"))
    filed = c.filing - 2 - v.idx(10)
    lines.append("诉讼请求：")
    lines.append(f"一、依法撤销被告{D}于{_ad(filed - 40 - v.idx(100))}作出的{act}；")
    lines.append("二、本案诉讼费用由被告负担。")
    lines.append("事实与理由：")
    lines.append(
        f"被告{D}作出的{act}认定事实不清，适用法律错误，程序违法。原告不服，"
        "依照《中华人民共和国行政诉讼法》第四十九条之规定，特向贵院提起行政诉讼，请求依法判如所请。"
    )
    court = courts.court_name(c.court_code)
    lines += ["", v.pick(_CLOSING), court, "", f"具状人：{names(plaintiffs)}", sign_date(filed, v)]
    truth = {
        "court": court,
        "date": iso(filed),
        "parties": [p.name for p in plaintiffs + defendants],
    }
    return Paper("admin_complaint", "行政起诉状", lines, filed, truth)
