"""Drafts checked before signing (issue 18 item 3): a partly written document is extracted
and the legal checks run on it, so the judge is warned at 文书制作 before the document is
signed. A draft may stop anywhere; what it does not contain yet is not a finding, what it
contains is checked.

    >>> from courtqc.drafts import check_draft
    >>> report = check_draft(text)
    >>> [w.code for w in report.warnings]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from courtqc.errors import InvalidInput, TooLarge
from courtqc.extract import extract
from courtqc.extract.checks import run_checks
from courtqc.extract.text import ExtractInputError, normalise

#: longest draft accepted (characters); real judgments stay far below
MAX_DRAFT_CHARS = 200_000


@dataclass(slots=True)
class Warning_:
    code: str
    message_zh: str
    message_en: str
    subject: str | None = None
    start: int | None = None
    end: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class DraftReport:
    doc_type: str | None
    doc_kind: str | None
    court: str | None
    case_no: str | None
    sections: list[str]
    parties: list[dict[str, Any]]
    info_points: list[dict[str, Any]]
    warnings: list[Warning_]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_draft(text: str) -> DraftReport:
    """Extract a draft and run the checks: the legal checks of courtqc.extract.checks
    (interest wording and cap, sentence end dates, fine ranges, award above the claim) and
    the draft's own: a party of the heading missing from a written main text."""
    if not isinstance(text, str):
        raise InvalidInput("草稿必须是文本 (draft must be text)")
    if len(text) > MAX_DRAFT_CHARS:
        raise TooLarge(f"草稿过长：{len(text)} 字，上限 {MAX_DRAFT_CHARS} (draft too long)")
    try:
        ex = extract(text)
    except ExtractInputError as e:
        raise InvalidInput(str(e)) from None
    t = normalise(text)
    warnings = [
        Warning_(
            r.finding.code,
            r.finding.message_zh,
            r.finding.message_en,
            r.subject,
            r.start,
            r.end,
            dict(r.finding.evidence),
        )
        for r in run_checks(ex, t)
    ]
    warnings += _missing_parties(ex, t)
    return DraftReport(
        doc_type=ex.doc_type,
        doc_kind=ex.doc_kind,
        court=ex.court,
        case_no=ex.case_no,
        sections=[s.name for s in ex.sections],
        parties=[{"role": p.role, "name": p.name} for p in ex.parties],
        info_points=[
            {"key": p.key, "value": p.value, "start": p.start, "end": p.end, "subject": p.subject}
            for p in ex.info_points
            if not p.key.startswith("check.")
        ],
        warnings=warnings,
    )


_MAIN_ROLES = (
    "plaintiff",
    "defendant",
    "criminal_defendant",
    "appellant",
    "appellee",
    "applicant",
    "respondent",
)


def _missing_parties(ex: Any, t: str) -> list[Warning_]:
    """A party of the heading that the written main text never names (a defendant left out
    of the sentence, an appellee forgotten) — only once the main text has begun."""
    main = next((s for s in ex.sections if s.name == "main_text"), None)
    if main is None or main.end - main.start < 10:
        return []
    body = t[main.start : main.end]
    aliases = {p.value: p.subject for p in ex.info_points if p.key == "party.abbreviation"}
    out = []
    role_words = ("原告", "被告", "上诉人", "被上诉人", "申请人", "被申请人", "被告人")
    for p in ex.parties:
        if p.role not in _MAIN_ROLES:
            continue
        name = normalise(p.name)
        short = [a for a, full in aliases.items() if full == p.name]
        if name in body or any(s in body for s in short):
            continue
        if (
            p.role != "criminal_defendant"
            and len([q for q in ex.parties if q.role == p.role]) == 1
            and any(w in body for w in role_words)
        ):
            continue  # 由被告负担 names the only defendant by role
        out.append(
            Warning_(
                "party_missing_from_main_text",
                f"判项未提及当事人{p.name}（{p.role_text or p.role}）",
                f"the main text does not name the party {p.name}",
                p.name,
                main.start,
                main.end,
                {"party": p.name, "role": p.role},
            )
        )
    return out
