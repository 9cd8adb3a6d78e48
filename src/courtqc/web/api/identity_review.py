"""The clerical-review list of borderline identity pairs (courtqc.identity.review), in the
data-quality area of the admin board: an administrator reads the pairs the last resolve was
least sure of and confirms (must-link) or splits (cannot-link) them; every later resolve keeps
the decision.

Scope: a pair is visible when both its rows appear in a case of the caller's court tree; any
other pair answers as if it did not exist (404), the way cases do. ID numbers and phones are
masked. Reads and decisions are audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from courtqc.errors import Forbidden, NotFound, Where
from courtqc.identity.review import DECISIONS, decide, list_pairs, parse_pair_id
from courtqc.web import audit
from courtqc.web.api.common import page_args
from courtqc.web.deps import Db, allowed, client_of
from courtqc.web.masking import mask_record
from courtqc.web.schemas import ApiModel, Number, Row
from courtqc.web.visibility import Principal

router = APIRouter(prefix="/api/admin/identity", tags=["admin 管理"])
StewardUser = allowed("admin.quality")

_NOT_FOUND = "找不到该比对对，或您无权查看 (no such pair, or not visible to you)"


class ReviewPair(ApiModel):
    pair_id: str
    party_a: int
    party_b: int
    kind: str | None
    name_a: str | None
    name_b: str | None
    evidence: dict[str, Any]
    score: Number
    merged: bool
    same_key_now: bool
    method: str | None
    run_at: dt.datetime | None
    decision: str | None
    decision_zh: str | None
    decided_by: str | None
    decided_at: dt.datetime | None
    reason: str | None
    a: Row | None  # the party row of each side, ID number and phone masked
    b: Row | None


class ReviewList(ApiModel):
    total: int
    page: int
    size: int
    items: list[ReviewPair]


class DecisionIn(BaseModel):
    reason: str | None = Field(None, max_length=500)


class DecisionOut(ApiModel):
    pair_id: str
    party_a: int
    party_b: int
    decision: str
    decision_zh: str
    decided_by: str
    decided_at: dt.datetime
    reason: str | None
    note: str


def _courts(request: Request, p: Principal, court: str | None) -> frozenset[str]:
    if court is None:
        return p.courts
    if court not in p.courts:
        raise Forbidden(
            f"法院 {court} 不在您的管辖范围内 (court {court} is outside your court tree)",
            where=Where(field="court"),
        )
    return frozenset(request.app.state.tree.descendants(court)) & p.courts


@router.get("/review", response_model=ReviewList, response_model_exclude_unset=True)
def review_list(
    request: Request,
    p: StewardUser,
    con: Db,
    court: str | None = Query(None, max_length=32),
    status: str = Query("pending", max_length=16, description="pending | decided | all"),
    page: int = Query(1),
    size: int = Query(50),
) -> dict:
    """The borderline pairs of the last `courtqc identity resolve` whose two rows both appear
    in cases of the caller's tree (or of `court`), weakest evidence first."""
    limit, offset = page_args(page, size)
    total, rows = list_pairs(
        con, courts=_courts(request, p, court), status=status, limit=limit, offset=offset
    )
    for r in rows:
        r["a"], r["b"] = (mask_record(x) if x else None for x in (r["a"], r["b"]))
        r["decision_zh"] = DECISIONS.get(r["decision"]) if r["decision"] else None
    audit.record(
        con,
        p,
        "read_identity_review",
        None,
        {"court": court, "status": status, "page": page, "size": size, "total": total},
        client_of(request),
    )
    return {"total": total, "page": page, "size": size, "items": rows}


def _decide(
    request: Request, p: Principal, con: Any, pair_id: str, decision: str, body: DecisionIn
) -> dict:
    a, b = parse_pair_id(pair_id)
    visible = con.execute(
        """SELECT count(DISTINCT cp.party_id) FROM case_parties cp JOIN cases c USING (case_id)
           WHERE cp.party_id IN (?, ?) AND list_contains(?, c.court_code)""",
        [a, b, sorted(p.courts)],
    ).fetchone()[0]
    if visible < 2:
        raise NotFound(_NOT_FOUND, where=Where(field="pair_id"))
    out = decide(con, a, b, decision, p.name, body.reason)
    audit.record(
        con,
        p,
        "identity_decision",
        out["pair_id"],
        {"decision": decision, "reason": body.reason},
        client_of(request),
    )
    out["note"] = "下次身份识别时生效 (takes effect at the next identity resolve)"
    return out


@router.post("/review/{pair_id}/confirm", response_model=DecisionOut)
def review_confirm(
    pair_id: str, body: DecisionIn, request: Request, p: StewardUser, con: Db
) -> dict:
    """确认为同一主体: the two rows are one person or company (must-link)."""
    return _decide(request, p, con, pair_id, "confirm", body)


@router.post("/review/{pair_id}/split", response_model=DecisionOut)
def review_split(pair_id: str, body: DecisionIn, request: Request, p: StewardUser, con: Db) -> dict:
    """拆分为不同主体: the two rows are different people (cannot-link)."""
    return _decide(request, p, con, pair_id, "split", body)
