"""Second instance of civil and administrative cases: the judgment (upheld, modified, partly
modified) or ruling (remanded, withdrawn, dismissed), with the appeal labels 上诉人（原审被告）."""

from __future__ import annotations

from courtqc.synth.documents.civil import (
    _civil_items,
    _cpl,
    _fee_line,
    _late_clause,
    _style,
)
from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.paragraphs import (
    _heading,
    _names,
    _numbered,
    _of,
    _ordinal,
    _party_lines,
)
from courtqc.synth.documents.records import (
    _Case,
)
from courtqc.synth.documents.text import (
    _ROLE_LABEL,
    _ad,
    _case_fee,
    _money,
    _Var,
)

_ORIGIN_ROLE = {
    "plaintiff": "原审原告", "defendant": "原审被告", "third_party": "原审第三人",
    "criminal_defendant": "原审被告人",
}  # fmt: skip


def _appeal_labels(c: _Case) -> dict[int, str]:
    origin_role = {p.party_id: p.role for p in c.o_parties}
    by_name = {p.name: p.role for p in c.o_parties}
    labels = {}
    for p in c.parties:
        base = _ROLE_LABEL.get(p.role, p.role)
        orig = origin_role.get(p.party_id) or by_name.get(p.name)
        if orig in _ORIGIN_ROLE and p.role in ("appellant", "appellee", "third_party"):
            labels[p.party_id] = f"{base}（{_ORIGIN_ROLE[orig]}）"
        elif p.role == "third_party" and orig:
            labels[p.party_id] = "原审第三人"
    return labels


def _origin_doc(c: _Case, kind: str) -> str:
    return f"{kind}{'调解书' if c.o_method == 'mediation' else '判决'}"


def _civil_second(c: _Case, courts: _Courts, v: _Var, title: str, result: str) -> list[str]:
    admin = c.family == "administrative"
    kind = "行政" if admin else "民事"
    appellants = _of(c, "appellant") or _of(c, "plaintiff")
    appellees = _of(c, "appellee") or _of(c, "defendant")
    A, B = _names(appellants), _names(appellees)
    cause = c.cause or c.o_cause or ("行政行为" if admin else "合同纠纷")
    grouped = v.chance(5)
    o_court = courts.court_name(c.o_court)
    o_doc = f"{o_court}{c.o_case_no or ''}{kind}判决"
    lines = _heading(c, courts, title, v, f"{A}与{B}{cause}二审{title}")
    lines += _party_lines(c, v, courts, _appeal_labels(c))
    lines.append(
        f"上诉人{A}因与被上诉人{B}{cause}一案，不服{o_doc}，向本院提起上诉。"
        f"本院于{_ad(c.filing)}立案后，依法组成合议庭，"
        + v.pick(("公开开庭进行了审理。", "进行了审理。"))
        + "本案现已审理终结。"
    )
    if result == "withdrawn":
        lines[-1] = lines[-1].replace("本案现已审理终结。", "")
        law = (
            "《中华人民共和国行政诉讼法》第六十二条"
            if admin
            else f"《中华人民共和国民事诉讼法》{_cpl(c, 'withdraw_appeal')}"
        )
        lines.append(f"本院审理过程中，上诉人{A}向本院申请撤回上诉。")
        lines.append(f"本院认为，上诉人{A}撤回上诉的请求符合法律规定，依照{law}之规定，裁定如下：")
        lines.append(f"准许上诉人{A}撤回上诉。一审判决自本裁定书送达之日起发生法律效力。")
        lines.append(
            _fee_line(c, v, f"上诉人{A}", True, "二审案件受理费", c.claim or c.o_claim, cause)
        )
        lines.append("本裁定为终审裁定。")
        lines += courts.signatures(c, v, True, jurors=False)
        return lines
    lines.append(
        f"{A}上诉请求：撤销一审判决，依法改判或发回重审。事实和理由：一审判决认定事实不清，适用法律错误。"
    )
    lines.append(f"{B}辩称，一审判决认定事实清楚，适用法律正确，请求驳回上诉，维持原判。")
    o_plaintiffs = [p for p in c.o_parties if p.role == "plaintiff"]
    o_defs = [p for p in c.o_parties if p.role == "defendant"]
    if o_plaintiffs and c.o_claim and not admin:
        style = _style(cause)
        lines.append(
            f"{_names(o_plaintiffs)}向一审法院起诉请求：判令{_names(o_defs)}{style.verb}"
            f"{style.noun}{_money(c.o_claim, grouped)}元。"
        )
    if c.o_outcomes:
        o_items = _civil_items(c, c.o_outcomes, c.o_parties, v, "于判决生效之日起十日内", grouped)
        lines.append(
            "一审法院判决："
            + "；".join(f"{_ordinal(i)}、{t}" for i, t in enumerate(o_items, 1))
            + "。"
        )
    lines.append(
        v.pick((
            "本院二审期间，当事人没有提交新证据。本院对一审查明的事实予以确认。",
            "二审中，当事人均未提交新的证据。本院经审理查明的事实与一审法院查明的事实一致，本院予以确认。",
        ))
    )  # fmt: skip
    art = 89 if admin else None
    law_of = (
        "《中华人民共和国行政诉讼法》第八十九条第一款" if admin else "《中华人民共和国民事诉讼法》"
    )

    def law(key: str) -> str:
        if art:
            return law_of + {"upheld": "第一项", "modified": "第二项", "remanded": "第三项"}[key]
        return law_of + _cpl(c, key)

    fee_claim = c.claim or c.o_claim
    if result == "upheld":
        lines.append(
            "本院认为，一审判决认定事实清楚，适用法律正确，应予维持。上诉人的上诉请求缺乏事实和法律依据，"
            f"本院不予支持。依照{law('upheld')}之规定，判决如下："
        )
        lines.append("驳回上诉，维持原判。")
        if admin:
            lines.append(f"二审案件受理费50元，由上诉人{A}负担。")
        else:
            lines.append(_fee_line(c, v, f"上诉人{A}", False, "二审案件受理费", fee_claim, cause))
        lines.append("本判决为终审判决。")
    elif result in ("modified", "partly_modified"):
        lines.append(
            "本院认为，一审判决认定部分事实有误，本院予以纠正。上诉人的上诉请求部分成立，本院予以支持。"
            f"依照{law('modified')}之规定，判决如下："
        )
        items = (
            [f"撤销{o_doc}"]
            if result == "modified"
            else [f"维持{o_doc}第一项", f"撤销{o_doc}第二项"]
        )
        items += _civil_items(c, c.outcomes, c.parties, v, "于本判决生效之日起十日内", grouped)
        if result == "partly_modified":
            items.append(f"驳回上诉人{A}的其他上诉请求")
        lines += _numbered(items, v)
        late = None if admin else _late_clause(c.outcomes, v)
        if late:
            lines.append(late)
        if admin:
            lines.append(f"二审案件受理费50元，由被上诉人{B}负担。")
        else:
            lines.append(_fee_line(c, v, f"被上诉人{B}", False, "二审案件受理费", fee_claim, cause))
        lines.append("本判决为终审判决。")
    elif result == "remanded":
        lines.append(f"本院认为，一审判决认定基本事实不清，依照{law('remanded')}之规定，裁定如下：")
        lines += _numbered([f"撤销{o_doc}", f"本案发回{o_court}重审"], v)
        fee = 50 if admin else _case_fee(fee_claim, cause)
        lines.append(f"上诉人{A}预交的二审案件受理费{fee}元予以退回。")
        lines.append("本裁定为终审裁定。")
    else:  # dismissed: the suit should not have been heard
        lines.append(
            "本院认为，原审原告的起诉不符合法定的起诉条件，一审法院对本案进行实体审理不当，应予纠正。"
            "依照《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第三百三十条之规定，裁定如下："
        )
        target = _names(o_plaintiffs) or A
        lines += _numbered([f"撤销{o_doc}", f"驳回{target}的起诉"], v)
        lines.append("本裁定为终审裁定。")
    lines += courts.signatures(c, v, True, jurors=False)
    return lines
