"""Enforcement: the ruling that terminates the current enforcement (终本), listing the measures
taken and the amount recovered."""

from __future__ import annotations

from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.paragraphs import (
    _heading,
    _names,
    _of,
    _party_lines,
)
from courtqc.synth.documents.records import (
    _Case,
)
from courtqc.synth.documents.text import (
    _CIVIL_CODE,
    _ad,
    _money,
    _Var,
)

_ACTION_WORDS = {
    "notice": "向被执行人{R}发出执行通知书，责令其履行生效法律文书确定的义务",
    "property_report_order": "向被执行人{R}发出报告财产令，责令其如实申报财产",
    "online_search": "通过网络执行查控系统对被执行人名下的银行存款、车辆、不动产、证券、网络资金等财产进行查询",
    "freeze": "冻结被执行人名下银行存款{amt}",
    "seizure": "查封被执行人名下财产",
    "auction": "对查封财产进行网络司法拍卖{amt}",
    "consumption_restriction": "对被执行人{R}采取限制消费措施",
    "dishonest_list": "将被执行人{R}纳入失信被执行人名单",
}


def _doc_name(case_no: str, method: str | None) -> str:
    """民事判决书 / 刑事判决书 / 行政判决书 / 民事调解书 of an enforced title, from its number."""
    kind = "刑事" if "刑" in case_no else ("行政" if "行" in case_no else "民事")
    return kind + ("调解书" if method == "mediation" else "判决书")


def _enforcement_ruling(c: _Case, courts: _Courts, v: _Var, title: str) -> list[str]:
    applicants = _of(c, "applicant", "plaintiff")
    respondents = _of(c, "respondent", "defendant")
    A, R = _names(applicants), _names(respondents)
    cause = c.cause or c.o_cause or ""
    lines = _heading(c, courts, title, v, None)
    lines += _party_lines(c, v, courts, {})
    if c.o_case_no and c.o_method == "termination_current":
        lines.append(
            f"本院在执行申请执行人{A}与被执行人{R}{cause}一案中，于{_ad(c.o_closing)}作出"
            f"{c.o_case_no}执行裁定，终结本次执行程序。后申请执行人{A}以发现被执行人有可供执行财产为由"
            f"申请恢复执行，本院于{_ad(c.filing)}立案恢复执行。"
            if c.o_closing is not None
            else f"申请执行人{A}申请恢复执行{c.o_case_no}案，本院于{_ad(c.filing)}立案恢复执行。"
        )
    elif c.o_case_no:
        kind = _doc_name(c.o_case_no, c.o_method)
        lines.append(
            f"申请执行人{A}与被执行人{R}{cause}一案，{courts.court_name(c.o_court)}作出的{c.o_case_no}"
            f"{kind}已经发生法律效力。申请执行人{A}向本院申请强制执行，本院于{_ad(c.filing)}立案执行。"
        )
    else:
        lines.append(f"申请执行人{A}与被执行人{R}{cause}一案，本院于{_ad(c.filing)}立案执行。")
    if c.claim:
        lines[-1] += f"执行标的为{_money(c.claim)}元。"
    steps = []
    for kind, day, amount in c.actions:
        words = _ACTION_WORDS.get(kind)
        if words is None:
            continue
        amt = ""
        if amount and kind == "freeze":
            amt = f"{_money(amount)}元"
        elif amount and kind == "auction":
            amt = f"，成交价款{_money(amount)}元"
        steps.append(f"于{_ad(day)}" + words.format(R=R, amt=amt))
    if steps:
        lines.append("执行过程中，本院" + "；".join(steps) + "。")
    if c.paid_in:
        lines.append(f"本案已执行到位款项{_money(c.paid_in)}元。")
    else:
        lines.append("本案未执行到位款项。")
    lines.append(
        "经本院穷尽财产调查措施，未发现被执行人有其他可供执行的财产。"
        + v.pick((f"申请执行人{A}同意终结本次执行程序。", f"本院将上述情况告知申请执行人{A}，申请执行人对终结本次执行程序无异议。"))
    )  # fmt: skip
    article = "第五百一十七条" if c.closing >= _CIVIL_CODE else "第五百一十九条"
    lines.append(
        "本院认为，本案已穷尽财产调查措施，被执行人暂无可供执行的财产，符合终结本次执行程序的条件。"
        f"依照《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》{article}之规定，裁定如下："
    )
    lines.append("终结本次执行程序。")
    lines.append(
        "申请执行人发现被执行人有可供执行财产的，可以再次申请执行。被执行人负有继续向申请执行人履行债务的义务。"
    )
    lines.append("本裁定送达后立即生效。")
    lines += courts.signatures(c, v, v.chance(50), jurors=False)
    return lines
