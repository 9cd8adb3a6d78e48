"""Elements read from a case's complaint, defence and evidence list, each marked admitted,
contested or missing (要素式审判, issue 18 item 4).

How a status is decided, per element of the case type's catalogue:

- **stated**: a clause of the complaint's requests, facts and reasons, or an evidence item's
  name or purpose, matches the element's patterns;
- **contested**: stated, and the defence denies it (否认 / 有异议 / 不予认可 / 与事实不符 …) in
  a clause that names it, or the defendant's cross-examination opinion on an evidence item
  that proves it objects; also an element the plaintiff does not state but the defence raises
  (a repayment the defendant alleges);
- **admitted**: stated and not denied — admitted in terms (承认 / 无异议 / 属实), or left
  unanswered (the hearing confirms it; SPC evidence rules treat a fact neither admitted nor
  denied after the judge asks as admitted);
- **missing**: stated nowhere: the judge must ask about it (释明).

A clause's stance is its own stance words, else the stance of the next clause of the same
sentence (“原告所称利息约定，被告不予认可”), else the previous one. All patterns are linear
in the text; the texts are at most `MAX_CHARS` each.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from courtqc.elements.catalogue import CaseType, ElementSpec, catalogue
from courtqc.errors import InvalidInput, TooLarge
from courtqc.extract.text import DATE_RE, MONEY, read_date, read_money, to_halfwidth

Status = Literal["admitted", "contested", "missing"]
Stance = Literal["admit", "deny"]
MAX_CHARS = 100_000

# blanks inside Chinese text are layout or OCR noise (被 告 否 认); newlines are kept
_CJK_BLANKS = re.compile(r"(?<=[\u4e00-\u9fff,。;:、()])[ \u3000]+(?=[\u4e00-\u9fff,。;:、()])")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_CLAUSE = re.compile(r"[^，,]+")
_TURN = re.compile(r",\s*(?=但是|但|然而|不过|另外|另|此外|至于|同时)")
_ADMIT = re.compile(
    r"无异议|没有异议|不持异议|无争议|没有争议|予以(?:认可|确认)|(?<!不)(?<!不予)认可|(?<!不)承认|"
    r"属实|确认|(?<!不)同意|是事实|确有其事|如实"
)
_DENY = re.compile(
    r"(?<![无没不])有异议|存在异议|提出异议|不予认可|不认可|否认|不承认|不属实|与事实不符|不符合事实|"
    r"不是事实|并非|并不存在|不存在|从未|虚假|伪造|不真实|不同意|不予确认|不应(?:支持|认定)|"
    r"不能证明|无法证明|系被迫|被胁迫|不清楚|不知情|未收到|没有收到"
)
_OWED = re.compile(r"尚欠|欠付|拖欠|欠款|共欠|合计|共计")
_REQUESTS = re.compile(r"诉讼请求|请求事项|请求判令|诉请")
_DEFENCE_BODY = re.compile(r"答辩意见|答辩如下|提出答辩|辩称|现答辩|答辩理由")
_ITEM = re.compile(
    r"(?m)^[ \t]*(?:证据\s*(?:[一二三四五六七八九十]{1,3}|\d{1,2})|\d{1,2})\s*[\t.、:：）)．]"
)
_PURPOSE = re.compile(r"(?:证明目的|证明内容|证明对象|拟证明|用以证明)\s*:?|(?<=,)证明")
_OPINION = re.compile(r"质证意见\s*[:：]?")
_RATE = re.compile(
    r"(?:年|月)?(?:利率|利息|息)\s*(?:为|按|是)?\s*(?:年|月)?\s*(?:\d+(?:\.\d+)?\s*%|\d+(?:\.\d+)?\s*‰|"
    r"[一二三四五六七八九\d](?:\.\d)?\s*分)|\d+(?:\.\d+)?\s*%|[一二三四五六七八九\d](?:\.\d)?\s*分(?:利|息)"
)


@dataclass(slots=True)
class Mention:
    doc: str  # complaint | defence | evidence
    text: str
    stance: Stance | None = None


@dataclass(slots=True)
class EvidenceItem:
    no: int
    name: str
    purpose: str
    opinion: str | None = None
    stance: Stance | None = None
    elements: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ElementFinding:
    id: str
    zh: str
    fact: str
    status: Status
    value: str | None
    claim: str | None  # the plaintiff's sentence stating it
    defence: str | None  # the defence's sentence on it
    evidence: list[int]  # evidence item numbers that bear on it
    question: str
    sources: list[str]
    info_points: list[str]
    reason: str  # why this status, in Chinese


@dataclass(slots=True)
class ElementReport:
    case_type: str
    case_type_zh: str
    case_type_rule: str  # given | cause | keywords
    elements: list[ElementFinding]
    evidence: list[EvidenceItem]
    has_defence: bool

    def by_id(self) -> dict[str, ElementFinding]:
        return {e.id: e for e in self.elements}

    def statuses(self) -> dict[str, Status]:
        return {e.id: e.status for e in self.elements}

    def counts(self) -> dict[str, int]:
        out = {"admitted": 0, "contested": 0, "missing": 0}
        for e in self.elements:
            out[e.status] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["counts"] = self.counts()
        return d


def clean(text: str) -> str:
    """Half-width digits and marks, \\r as \\n, no blanks inside Chinese text."""
    return _CJK_BLANKS.sub("", to_halfwidth(text).replace("\r", "\n"))


def stance_of(clause: str) -> Stance | None:
    """deny when a denial word is present (denial wins: “对真实性无异议，但不认可证明目的”
    is read clause by clause before it comes here), else admit, else None."""
    if _DENY.search(clause):
        return "deny"
    if _ADMIT.search(clause):
        return "admit"
    return None


def _sentences(text: str) -> list[str]:
    """Sentences, and within one a new part at each turn (但 / 但是 / 然而 / 另 / 至于 …):
    “对借条无异议，但原告所称利息约定，答辩人不予认可” is two statements."""
    out: list[str] = []
    for s in _SENTENCE.findall(text):
        out.extend(p.strip(" ,") for p in _TURN.split(s) if p.strip(" ,"))
    return out


def _mentions(text: str, el: ElementSpec, doc: str) -> list[Mention]:
    """Clauses of `text` that name the element, each with its stance.

    In a defence the subject of a stance comes before it or with it (“对利息约定有异议，
    <reason>”, “关于X，答辩人否认，<reason>”): an element named only in the reason after the
    first clause with a stance is the reason's matter, not what is denied."""
    out: list[Mention] = []
    rx = el.regex
    for sent in _sentences(text):
        if not rx.search(sent):
            continue
        clauses = _CLAUSE.findall(sent)
        stances = [stance_of(c) for c in clauses]
        last = len(clauses)
        if doc == "defence":
            first = next((i for i, s in enumerate(stances) if s), None)
            last = len(clauses) if first is None else first + 1
        for i, c in enumerate(clauses[:last]):
            if not rx.search(c):
                continue
            st = stances[i]
            if st is None:
                after = [s for s in stances[i + 1 :] if s]
                before = [s for s in stances[:i] if s]
                st = after[0] if after else (before[-1] if before else None)
            out.append(Mention(doc, sent, st))
            break
    return out


def read_value(kind: str, text: str) -> str | None:
    """The element's value from the sentence stating it: an amount in yuan (a restated
    大写 amount in brackets is the same amount), an ISO date, or a rate as written."""
    if kind == "money":
        # several amounts (应付…已付…尚欠…): the one owed or totalled is what is claimed
        found = [(m, read_money(m.group())) for m in MONEY.finditer(text)]
        found = [(m, v) for m, v in found if v]
        owed = [(m, v) for m, v in found if _OWED.search(text[max(0, m.start() - 8) : m.start()])]
        if owed or found:
            return f"{(owed or found)[0][1]:.2f}"
    elif kind == "date":
        m = re.search(DATE_RE, text)
        if m:
            return read_date(m.group())
    elif kind == "rate":
        m = _RATE.search(text)
        if m:
            return re.sub(r"\s+", "", m.group())
    return None


def _body(text: str, start: re.Pattern[str]) -> str:
    m = start.search(text)
    return text[m.start() :] if m else text


def parse_evidence(text: str) -> list[EvidenceItem]:
    """Items of an evidence list (证据目录): a table with a header row (序号 证据名称 证明目的 …
    质证意见, tab-separated) or numbered paragraphs (证据一：借条一份，证明……；质证意见：……)."""
    text = clean(text)
    starts = [m for m in _ITEM.finditer(text)]
    header = next((ln for ln in text.splitlines() if "证据名称" in ln and "\t" in ln), None)
    cols = [c.strip() for c in header.split("\t")] if header else []
    items: list[EvidenceItem] = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        chunk = text[m.end() : end].strip()
        # the end of the list: signature, date and notes after the last item
        chunk = re.split(r"\n\s*(?:提交|举证人|质证人|此致|备注)", chunk)[0].strip()
        name, purpose, opinion = chunk, "", None
        if cols and "\t" in chunk:
            row_text = re.split(r"\n\s*(?:提交|举证人|质证人|此致|备注)", text[m.start() : end])[0]
            cells = [c.strip() for c in row_text.strip().split("\t")]
            row = dict(zip(cols, cells, strict=False))
            name = row.get("证据名称", "")
            purpose = next((v for k, v in row.items() if "证明" in k), "")
            opinion = next((v for k, v in row.items() if "质证" in k), None) or None
        else:
            om = _OPINION.search(chunk)
            if om:
                opinion = chunk[om.end() :].strip(" ；;。\n") or None
                chunk = chunk[: om.start()]
            pm = _PURPOSE.search(chunk)
            if pm:
                name, purpose = chunk[: pm.start()], chunk[pm.end() :]
            else:
                name = chunk
        name = name.strip(" ，,。；;\n")
        purpose = purpose.strip(" ，,。；;\n")
        items.append(
            EvidenceItem(
                no=i + 1,
                name=name,
                purpose=purpose,
                opinion=opinion,
                stance=_opinion_stance(opinion) if opinion else None,
            )
        )
    return items


def _opinion_stance(opinion: str) -> Stance | None:
    """A cross-examination opinion's stance: any clause that objects makes it an objection
    (“对真实性无异议，对证明目的有异议” objects)."""
    stances = [stance_of(c) for c in re.split(r"[，,；;。]", opinion)]
    if "deny" in stances:
        return "deny"
    return "admit" if "admit" in stances else None


def detect_case_type(complaint: str, defence: str = "") -> tuple[CaseType, str]:
    """The case type: a catalogue cause named in the texts (…纠纷), else the type whose
    recognising patterns the complaint matches most, the first (the type's own word) counting
    double (ties: catalogue order)."""
    cat = catalogue()
    text = clean(complaint + "\n" + defence)
    for ct in cat.case_types:
        for cause in ct.causes:
            if cause.endswith("纠纷") and cause in text:
                return ct, "cause"
    best, score = None, 0.0
    for ct in cat.case_types:
        s = sum((2 if i == 0 else 1) for i, p in enumerate(ct.recognise) if re.search(p, text))
        # then the share of the type's elements the texts state, to break ties
        s += sum(1 for e in ct.elements if e.regex.search(text)) / (len(ct.elements) + 1)
        if s > score:
            best, score = ct, s
    if best is None:
        raise InvalidInput("无法判断案件类型，请指定 case_type (case type not recognised)")
    return best, "keywords"


def analyse(
    complaint: str,
    defence: str | None = None,
    evidence_list: str | None = None,
    case_type: str | None = None,
) -> ElementReport:
    """Each element of the case type, marked admitted, contested or missing."""
    for name, t in (
        ("complaint", complaint),
        ("defence", defence),
        ("evidence_list", evidence_list),
    ):
        if t and len(t) > MAX_CHARS:
            raise TooLarge(f"{name} 超过 {MAX_CHARS} 字 (text too long)")
    if not complaint or not complaint.strip():
        raise InvalidInput("起诉状为空 (complaint is empty)")
    if case_type:
        ct, rule = catalogue().get(case_type), "given"
    else:
        ct, rule = detect_case_type(complaint, defence or "")
    claim_text = _body(clean(complaint), _REQUESTS)
    defence_text = _body(clean(defence), _DEFENCE_BODY) if defence and defence.strip() else ""
    items = parse_evidence(evidence_list) if evidence_list else []
    for it in items:
        it.elements = [e.id for e in ct.elements if e.regex.search(f"{it.name}，{it.purpose}")]

    findings: list[ElementFinding] = []
    for el in ct.elements:
        # the facts' own words before the requests' (判令…) where both state it
        said = sorted(_mentions(claim_text, el, "complaint"), key=lambda m: "判令" in m.text)
        answered = _mentions(defence_text, el, "defence") if defence_text else []
        proof = [it for it in items if el.id in it.elements]
        denied = [m for m in answered if m.stance == "deny"]
        objected = [it for it in proof if it.stance == "deny"]
        stated = bool(said or proof)
        if stated and (denied or objected):
            status: Status = "contested"
            reason = "被告在答辩中否认或提出异议" if denied else "被告对相关证据的质证意见提出异议"
        elif stated:
            status = "admitted"
            if any(m.stance == "admit" for m in answered):
                reason = "被告明确承认或表示无异议"
            elif not defence_text:
                reason = "被告未提交答辩状，庭审中核实"
            else:
                reason = "被告未提出异议，庭审中确认"
        elif denied or answered:
            status, reason = "contested", "原告未主张，被告在答辩中提出"
        else:
            status, reason = "missing", "起诉状和证据目录均未涉及，需向当事人释明、询问"
        value = None
        for m in said:
            value = read_value(el.value, m.text)
            if value:
                break
        findings.append(
            ElementFinding(
                id=el.id,
                zh=el.zh,
                fact=el.fact,
                status=status,
                value=value,
                claim=said[0].text if said else None,
                defence=(denied or answered)[0].text if (denied or answered) else None,
                evidence=[it.no for it in proof],
                question=el.question,
                sources=list(el.sources),
                info_points=list(el.info_points),
                reason=reason,
            )
        )
    return ElementReport(
        case_type=ct.id,
        case_type_zh=ct.zh,
        case_type_rule=rule,
        elements=findings,
        evidence=items,
        has_defence=bool(defence_text),
    )
