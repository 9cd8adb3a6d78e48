"""Small helpers shared by the API modules."""

from __future__ import annotations

import json
from typing import Any

import duckdb
from fastapi import HTTPException

from courtqc.domain.nodes import node_name
from courtqc.errors import InvalidInput, Where
from courtqc.indicators.labels import CLOSING_ZH, FAMILY_ZH, PROCEDURE_ZH
from courtqc.models.definition import CATEGORY_ZH, SEVERITY_ZH, STATE_ZH
from courtqc.web.visibility import Principal


def rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def one(cur: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    names = [d[0] for d in cur.description]
    r = cur.fetchone()
    return dict(zip(names, r, strict=True)) if r else None


def label_case(c: dict[str, Any], court_names: dict[str, str]) -> dict[str, Any]:
    """Add Chinese labels next to the codes of a case row."""
    c["court_name"] = court_names.get(c.get("court_code") or "", c.get("court_code"))
    if "family" in c:
        c["family_zh"] = FAMILY_ZH.get(c["family"], c["family"])
    if "procedure" in c:
        c["procedure_zh"] = PROCEDURE_ZH.get(c["procedure"], c["procedure"])
    if c.get("closing_method"):
        c["closing_method_zh"] = CLOSING_ZH.get(c["closing_method"], c["closing_method"])
    if "current_node" in c:
        c["current_node_zh"] = node_name(c["current_node"])
    if "status" in c:
        c["status_zh"] = {"pending": "未结", "closed": "已结"}.get(c["status"], c["status"])
    return c


def label_alert(a: dict[str, Any]) -> dict[str, Any]:
    a["category_zh"] = CATEGORY_ZH.get(a.get("category") or "", a.get("category"))
    a["severity_zh"] = SEVERITY_ZH.get(a.get("severity") or "", a.get("severity"))
    if a.get("node"):
        a["node_zh"] = node_name(a["node"])
    if isinstance(a.get("evidence"), str):
        a["evidence"] = json.loads(a["evidence"])
    return a


def label_state(s: str) -> str:
    return STATE_ZH.get(s, s)


NOT_FOUND_CASE = "找不到该案件，或您无权查看 (no such case, or not visible to you)"


def case_not_found() -> HTTPException:
    return HTTPException(404, NOT_FOUND_CASE)


MAX_PAGE_SIZE = 500
# Rows a page may start after: deeper than any list the UI pages through, and small enough for
# DuckDB's OFFSET (a page of 10**20 would overflow it and answer 500).
MAX_OFFSET = 1_000_000


def page_args(page: int, size: int) -> tuple[int, int]:
    """(limit, offset) of a 1-based page; 422 with the allowed range for anything else."""
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidInput(
            f"size 应在 1 到 {MAX_PAGE_SIZE} 之间 (size must be 1..{MAX_PAGE_SIZE})",
            where=Where(field="size"),
        )
    last = MAX_OFFSET // size + 1
    if not 1 <= page <= last:
        raise InvalidInput(
            f"page 应在 1 到 {last} 之间 (page must be 1..{last} for size {size})",
            where=Where(field="page"),
        )
    return size, (page - 1) * size


def court_names(request_app: Any) -> dict[str, str]:
    return request_app.state.tree.name


def scope_note(p: Principal) -> dict[str, Any]:
    return {"court_code": p.court_code, "courts": len(p.courts)}
