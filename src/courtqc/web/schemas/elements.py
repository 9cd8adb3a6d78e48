"""Answers of the element-trial routes (courtqc.web.api.elements, courtqc.elements)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from courtqc.web.schemas import ApiModel


class ElementFindingOut(ApiModel):
    """One element of the case: its status and what the pleadings say of it."""

    id: str
    zh: str
    status: str  # admitted | contested | missing
    value: str | None = None
    claim: str | None = None
    defence: str | None = None
    evidence: list[int] = Field(default_factory=list)
    question: str
    sources: list[str]
    reason: str


class ElementReportOut(ApiModel):
    case_type: str
    case_type_zh: str
    case_type_rule: str
    elements: list[ElementFindingOut]
    evidence: list[dict[str, Any]]
    has_defence: bool
    counts: dict[str, int]


class OutlineOut(ApiModel):
    """庭审提纲: contested elements first, then missing, then admitted."""

    items: list[dict[str, Any]]
    text: str


class SkeletonOut(ApiModel):
    """要素式判决书 skeleton: one paragraph per element."""

    paragraphs: list[dict[str, str]]
    text: str


class ElementAssist(ApiModel):
    """Elements, hearing outline and judgment skeleton of one case."""

    case_type: str
    case_type_zh: str
    elements: ElementReportOut
    outline: OutlineOut
    skeleton: SkeletonOut


class ElementTypeOut(ApiModel):
    id: str
    zh: str
    causes: list[str]
    elements: list[dict[str, Any]]


class ElementCatalogueOut(ApiModel):
    """The element catalogue (src/courtqc/elements/catalogue.yaml)."""

    laws: dict[str, str]
    case_types: list[ElementTypeOut]
