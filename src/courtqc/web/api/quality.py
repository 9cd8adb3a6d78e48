"""Data quality for administrators (courtqc.governance.report): the report limited to the
administrator's court tree. The per-source counts belong to no court, so only an
administrator whose tree is the whole city (the High Court's) sees them, as with the audit
entries of no court (web/api/admin.py)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from courtqc.errors import Forbidden, Where
from courtqc.governance.report import quality_report
from courtqc.web.deps import Db, allowed
from courtqc.web.schemas.admin import Quality

router = APIRouter(prefix="/api/admin", tags=["admin 管理"])
AdminQualityUser = allowed("admin.quality")


@router.get("/quality", response_model=Quality, response_model_exclude_unset=True)
def quality(
    request: Request,
    p: AdminQualityUser,
    con: Db,
    court: str | None = Query(None, max_length=32),
) -> dict:
    """Completeness, validity, duplicates and standardisation counts per court of the tree
    (or of ``court`` and the courts below it), with a monthly trend; per intake source for
    the High Court's administrator."""
    tree = request.app.state.tree
    if court is not None and court not in p.courts:
        raise Forbidden(
            f"法院 {court} 不在您的管辖范围内 (court {court} is outside your court tree)",
            where=Where(field="court"),
        )
    courts = set(tree.descendants(court)) & p.courts if court else set(p.courts)
    whole_city = set(tree.parent) <= p.courts and court is None
    return quality_report(con, courts, sources=whole_city)
