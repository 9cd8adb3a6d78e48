"""What the judge sees from an element report: the hearing outline (庭审提纲) before and at
the hearing, and after it the element-based judgment skeleton (要素式判决书).

The outline puts the contested elements first — each with both sides' words, the evidence
that bears on it with the cross-examination opinion, the question to ask and the legal
source — then the missing ones (to be explained to the parties and asked about), then the
admitted ones (confirmed in one go). The skeleton has one paragraph per element: admitted
elements are written as found; contested and missing ones carry the parties' positions and a
marked gap for the panel's finding, unless the hearing's findings are given.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from courtqc.elements.analyse import ElementFinding, ElementReport
from courtqc.elements.catalogue import catalogue
from courtqc.extract import extract
from courtqc.synth.documents.text import int_to_cn

SECTIONS = (
    ("contested", "争议要素（逐项调查、质证、辩论）"),
    ("missing", "待补充要素（当事人未主张，需释明、询问）"),
    ("admitted", "无争议要素（当庭确认）"),
)
GAP = "【待合议庭根据庭审查明的事实填写】"


@dataclass(slots=True)
class OutlineItem:
    element: str
    zh: str
    status: str
    plaintiff: str | None
    defendant: str | None
    evidence: list[dict[str, Any]]
    question: str
    sources: list[str]


@dataclass(slots=True)
class HearingOutline:
    case_type: str
    case_type_zh: str
    items: list[OutlineItem]
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class JudgmentSkeleton:
    case_type: str
    paragraphs: list[dict[str, str]]  # {element, zh, status, text}
    text: str
    parties: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _cn_no(i: int) -> str:
    return f"（{int_to_cn(i)}）"


def _quote(s: str | None) -> str:
    return (s or "").strip().rstrip("。;；") or "—"


def hearing_outline(report: ElementReport) -> HearingOutline:
    """Contested elements first, then missing, then admitted; catalogue order within each."""
    ev = {e.no: e for e in report.evidence}
    items: list[OutlineItem] = []
    for status, _ in SECTIONS:
        for f in report.elements:
            if f.status != status:
                continue
            items.append(
                OutlineItem(
                    element=f.id,
                    zh=f.zh,
                    status=f.status,
                    plaintiff=f.claim,
                    defendant=f.defence,
                    evidence=[
                        {
                            "no": n,
                            "name": ev[n].name,
                            "purpose": ev[n].purpose,
                            "opinion": ev[n].opinion,
                        }
                        for n in f.evidence
                        if n in ev
                    ],
                    question=f.question,
                    sources=f.sources,
                )
            )
    lines = [
        f"庭审提纲（{report.case_type_zh}）",
        "一、核对当事人身份，告知诉讼权利义务及合议庭组成。",
    ]
    n_sec = 1
    for status, title in SECTIONS:
        sec = [it for it in items if it.status == status]
        if not sec:
            continue
        n_sec += 1
        lines.append(f"{int_to_cn(n_sec)}、{title}")
        for i, it in enumerate(sec, 1):
            lines.append(f"{_cn_no(i)}{it.zh}")
            if it.status != "missing":
                lines.append(f"  原告主张：{_quote(it.plaintiff)}")
            if it.status == "contested" or it.defendant:
                lines.append(f"  被告意见：{_quote(it.defendant)}")
            for e in it.evidence:
                op = f"；质证意见：{e['opinion']}" if e["opinion"] else ""
                lines.append(f"  证据{e['no']}：{e['name']}（{_quote(e['purpose'])}）{op}")
            if it.status != "admitted":
                lines.append(f"  发问：{it.question}")
            lines.append(f"  法律依据：{'；'.join(it.sources)}")
    n_sec += 1
    lines.append(f"{int_to_cn(n_sec)}、法庭辩论，当事人最后陈述，询问调解意愿。")
    return HearingOutline(report.case_type, report.case_type_zh, items, "\n".join(lines))


def _parties(complaint: str | None, defence: str | None) -> tuple[str | None, dict[str, list[str]]]:
    """Court and party names as the filing reader takes them (courtqc.extract)."""
    out: dict[str, list[str]] = {"plaintiff": [], "defendant": []}
    court = None
    for text in (complaint, defence):
        if not text:
            continue
        ex = extract(text)
        court = court or ex.court
        for p in ex.parties:
            side = (
                "plaintiff"
                if p.role in ("plaintiff", "applicant")
                else ("defendant" if p.role in ("defendant", "respondent") else None)
            )
            if side and p.name and p.name not in out[side]:
                out[side].append(p.name)
    return court, out


def _paragraph(i: int, f: ElementFinding, finding: str | None) -> str:
    head = f"{int_to_cn(i)}、{f.zh}。"
    value = f"（{f.value}）" if f.value else ""
    if f.status == "admitted":
        body = f"原告主张：{_quote(f.claim)}{value}。被告对此无异议，本院予以确认。"
        if finding:
            body += finding
    elif f.status == "contested":
        body = (
            f"原告主张：{_quote(f.claim)}{value}。被告辩称：{_quote(f.defence)}。"
            f"本院认为：{finding or GAP}"
        )
    else:
        body = f"当事人未就此举证、陈述。本院查明：{finding or GAP}"
    if f.evidence:
        body += f"（相关证据：证据{'、'.join(map(str, f.evidence))}）"
    return head + body + f"（依据：{'；'.join(f.sources)}）"


def judgment_skeleton(
    report: ElementReport,
    complaint: str | None = None,
    defence: str | None = None,
    findings: dict[str, str] | None = None,
) -> JudgmentSkeleton:
    """The element-based judgment skeleton: header, claims, one paragraph per element (the
    hearing's `findings` by element id fill the gaps), the reasoning and main-text slots."""
    findings = findings or {}
    court, parties = _parties(complaint, defence)
    claims: list[str] = []
    if complaint:
        claims = [str(p.value) for p in extract(complaint).info_points if p.key == "claims.item"]
    pl = "、".join(parties["plaintiff"]) or "【原告】"
    df = "、".join(parties["defendant"]) or "【被告】"
    paras = [
        {
            "element": f.id,
            "zh": f.zh,
            "status": f.status,
            "text": _paragraph(i, f, findings.get(f.id)),
        }
        for i, f in enumerate(report.elements, 1)
    ]
    cat = catalogue()
    sources = list(dict.fromkeys(cat.cite(s) for f in report.elements for s in f.sources))
    lines = [
        court or "【法院】",
        "民事判决书",
        "（【案号】）",
        f"原告：{pl}。",
        f"被告：{df}。",
        f"原告{pl}与被告{df}{report.case_type_zh}一案，本院立案后，依法适用【程序】，"
        "公开开庭进行了审理。本案依法适用要素式审理。",
        f"原告{pl}向本院提出诉讼请求：" + ("；".join(claims) if claims else "【诉讼请求】") + "。",
        "本院经审理，对本案要素认定如下：",
        *[p["text"] for p in paras],
        "本院认为，【结合上述要素，就争议要素逐项说理】。依照"
        + "、".join(sources)
        + "之规定，判决如下：",
        "一、【判项】",
        "案件受理费【金额】元，由【负担方】负担。",
        "如不服本判决，可以在判决书送达之日起十五日内，向本院递交上诉状，并按对方当事人的人数提出副本，"
        "上诉于【上一级人民法院】。",
    ]
    return JudgmentSkeleton(report.case_type, paras, "\n".join(lines), parties)
