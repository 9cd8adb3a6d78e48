"""A case's pleadings as the store holds them: the latest complaint, defence and evidence list
of the case among its `documents` (kind complaint | defence | evidence_list)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from courtqc.errors import NotFound

KINDS = ("complaint", "defence", "evidence_list")


@dataclass(slots=True)
class CasePleadings:
    case_no: str
    court_code: str
    cause: str | None
    complaint: str | None
    defence: str | None
    evidence_list: str | None


def case_pleadings(con: Any, case_no: str) -> CasePleadings:
    """The case's pleadings; `NotFound` for an unknown case or one with no complaint stored."""
    row = con.execute(
        "SELECT case_id, court_code, cause_name FROM cases WHERE case_no = ?", [case_no]
    ).fetchone()
    if row is None:
        raise NotFound(f"没有案件 {case_no} (no such case)")
    case_id, court_code, cause = row
    docs = dict(
        con.execute(
            "SELECT kind, arg_max(text, coalesce(issue_date, DATE '1900-01-01')) "
            "FROM documents WHERE case_id = ? AND kind IN (?, ?, ?) GROUP BY kind",
            [case_id, *KINDS],
        ).fetchall()
    )
    if not docs.get("complaint"):
        raise NotFound(f"案件 {case_no} 尚无起诉状 (no complaint stored for the case)")
    return CasePleadings(
        case_no, court_code, cause, docs.get("complaint"), docs.get("defence"),
        docs.get("evidence_list"),
    )  # fmt: skip
