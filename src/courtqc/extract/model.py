"""The extraction result: plain dataclasses whose `to_dict()` is the stable JSON contract
(issue 4). Keys may be added; the ones listed in the issue are never renamed or removed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Section:
    """One part of a document: `text[start:end]`."""

    name: str  # heading | parties | history | claims | defence | facts | reasoning | main_text | costs | appeal_notice | signatures | appendix
    start: int
    end: int


@dataclass(slots=True)
class InfoPoint:
    key: str
    value: Any
    start: int | None
    end: int | None
    rule: str
    subject: str | None = None  # the party or defendant the point is about, where there is one


@dataclass(slots=True)
class Agent:
    name: str
    firm: str | None = None
    kind: str | None = None  # lawyer | legal_aid | citizen | guardian | defender
    role_text: str | None = None  # as written: 委托诉讼代理人, 辩护人 ...


@dataclass(slots=True)
class Party:
    role: str  # canonical role (ROLE_MAP in parties.py)
    name: str
    kind: str | None = None  # natural | legal | authority
    gender: str | None = None  # male | female
    birth_date: str | None = None  # ISO
    ethnicity: str | None = None
    address: str | None = None
    id_masked: str | None = None
    legal_representative: str | None = None
    agents: list[Agent] = field(default_factory=list)
    role_text: str | None = None  # as written: 上诉人（原审被告）...
    original_role: str | None = None  # role in the case below (原审被告 → defendant)
    uscc: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Judge:
    role: str  # presiding_judge | judge | acting_judge | assistant_judge | juror | enforcement_officer
    name: str
    role_text: str | None = None


@dataclass(slots=True)
class Defendant:
    name: str
    charges: list[str] = field(default_factory=list)
    penalty: str | None = (
        None  # fixed_term | criminal_detention | public_surveillance | life | death | fine_only | exempt | not_guilty | other
    )
    term_months: int | None = None
    term_days: int | None = None  # terms written in days (拘役十五日)
    probation_months: int | None = None
    fine_yuan: float | None = None
    term_start: str | None = None
    term_end: str | None = None
    political_rights_months: int | None = None
    political_rights_life: bool | None = None
    confiscation: str | None = None
    death_reprieve: bool | None = None
    from_original: bool | None = None  # True when read from the recited first-instance sentence
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class CitedArticle:
    law: str
    article: int
    suffix: int | None = None  # 之一 → 1
    text: str | None = None  # as written


@dataclass(slots=True)
class MainTextItem:
    payer: str | None
    payee: str | None
    amount_yuan: float | None
    kind: str  # principal | interest | damages | compensation | costs | other
    interest_basis: float | None = None
    interest_rate_text: str | None = None
    label: str | None = None  # the noun before the amount: 借款本金, 违约金 ...
    interest_from: str | None = None
    item_no: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Extraction:
    case_no: str | None = None
    court: str | None = None
    doc_kind: str | None = None
    procedure: str | None = None
    decision_date: str | None = None
    prosecutor: str | None = None
    judges: list[Judge] = field(default_factory=list)
    clerk: str | None = None
    parties: list[Party] = field(default_factory=list)
    cause: str | None = None
    defendants: list[Defendant] = field(default_factory=list)
    cited_articles: list[CitedArticle] = field(default_factory=list)
    main_text_items: list[MainTextItem] = field(default_factory=list)
    info_points: list[InfoPoint] = field(default_factory=list)
    # additions beyond the contract
    family: str | None = (
        None  # criminal | civil | administrative | enforcement | state_compensation | other
    )
    title: str | None = None
    doc_title: str | None = None
    case_no_parsed: dict[str, Any] | None = None
    # documents of every kind (issue 18): the kind's code in courtqc/extract/kinds.yaml
    # (judgment, complaint, indictment, transcript ...), the date a filing is signed, the
    # total a filing claims, the charges a criminal paper brings
    doc_type: str | None = None
    filing_date: str | None = None
    claimed_amount: float | None = None
    charges: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    source: dict[str, Any] | None = None

    def to_dict(self, *, with_sections: bool = True) -> dict[str, Any]:
        d = asdict(self)
        if not with_sections:
            d.pop("sections", None)
        return d

    def points(self, key: str) -> list[InfoPoint]:
        return [p for p in self.info_points if p.key == key]

    def point(self, key: str) -> Any:
        """The value of the first info point with this key, or None."""
        for p in self.info_points:
            if p.key == key:
                return p.value
        return None
