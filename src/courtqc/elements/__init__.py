"""要素式审判 — element-based trial assistance (issue 18 item 4).

For seven high-volume case types the catalogue (catalogue.yaml) lists the facts the law makes
decisive, each with its legal source. From a case's complaint, defence and evidence list each
element is marked admitted, contested or missing (courtqc.elements.analyse); the judge gets a
hearing outline with the contested elements first and, after the hearing, an element-based
judgment skeleton (courtqc.elements.outline). docs/ELEMENTS.md.

    >>> from courtqc.elements import assist
    >>> out = assist(complaint, defence, evidence_list)
    >>> out["outline"]["text"]
"""

from __future__ import annotations

from typing import Any

from courtqc.elements.analyse import ElementReport, analyse
from courtqc.elements.catalogue import catalogue
from courtqc.elements.outline import hearing_outline, judgment_skeleton

__all__ = [
    "ElementReport",
    "analyse",
    "assist",
    "catalogue",
    "hearing_outline",
    "judgment_skeleton",
]


def assist(
    complaint: str | None,
    defence: str | None = None,
    evidence_list: str | None = None,
    *,
    case_type: str | None = None,
    findings: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Elements, hearing outline and judgment skeleton for one case, as plain data."""
    report = analyse(complaint or "", defence, evidence_list, case_type=case_type)
    return {
        "case_type": report.case_type,
        "case_type_zh": report.case_type_zh,
        "elements": report.to_dict(),
        "outline": hearing_outline(report).to_dict(),
        "skeleton": judgment_skeleton(report, complaint, defence, findings).to_dict(),
    }
