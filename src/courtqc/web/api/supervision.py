"""数助监督: indicators (values, trends, court comparison, breakdowns, drill-down to cases),
the situation overview and reversal analysis — each for a court the user sees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Query, Request

from courtqc.analytics import overview, reversals
from courtqc.indicators import Slice, breakdown, compare, compute, default, drill, trend
from courtqc.indicators.engine import DIMENSIONS, UnknownIndicator
from courtqc.indicators.models import GROUP_ZH
from courtqc.indicators.periods import parse_period
from courtqc.web import audit
from courtqc.web.deps import client_of, db, require
from courtqc.web.visibility import Principal, resolve_court

router = APIRouter(tags=["supervision 数助监督"])
T = TypeVar("T")


def _guard(fn: Callable[[], T]) -> T:
    """Bad input to the library (a period it cannot parse, an unknown indicator or dimension)
    answers 422 / 404 with the library's own message."""
    try:
        return fn()
    except UnknownIndicator as e:
        raise HTTPException(404, str(e.args[0])) from None
    except ValueError as e:
        raise HTTPException(422, str(e)) from None


def _slice(
    request: Request,
    p: Principal,
    period: str | None,
    court: str | None,
    **kw: Any,
) -> Slice:
    c = resolve_court(p, court)
    if kw.get("judge_id") is not None and p.role == "judge" and kw["judge_id"] != p.judge_id:
        raise HTTPException(403, "法官只能查看本人的个人指标 (judges see only their own figures)")
    return _guard(
        lambda: Slice(
            period=period or request.app.state.default_period,
            court=c,
            **{k: v for k, v in kw.items() if v is not None},
        )
    )


@router.get("/api/indicators")
def catalogue(p: Principal = Depends(require("indicators.read"))) -> dict:
    """The indicator catalogue: definition, unit, direction, reference values, source."""
    items = []
    for cid, c in default().items():
        ind = c.ind
        items.append(
            {
                "id": cid,
                "name_zh": ind.name_zh,
                "name_en": ind.name_en,
                "group": ind.group,
                "group_zh": GROUP_ZH.get(ind.group, ind.group),
                "unit": ind.unit,
                "direction": ind.direction,
                "definition": ind.definition,
                "has_denominator": ind.denominator is not None,
                "reference": ind.reference.model_dump(mode="json"),
                "basis": ind.basis,
                "source": ind.source,
            }
        )
    return {"items": items, "groups": [{"id": k, "zh": v} for k, v in GROUP_ZH.items()]}


@router.get("/api/indicators/values")
def values(
    request: Request,
    period: str | None = None,
    court: str | None = None,
    family: str | None = None,
    procedure: str | None = None,
    judge_id: int | None = None,
    ids: str | None = Query(None, description="comma-separated indicator ids (default: all)"),
    group: str | None = Query(None, description="only this catalogue group (a board's tab)"),
    p: Principal = Depends(require("indicators.read")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    """The indicators (all, a group, or the ids given) for a court, period and slice."""
    sl = _slice(request, p, period, court, family=family, procedure=procedure, judge_id=judge_id)
    id_list = [i for i in ids.split(",") if i] if ids else None
    if group:
        if group not in GROUP_ZH:
            raise HTTPException(422, f"未知指标组 {group!r}；可用: {', '.join(GROUP_ZH)}")
        in_group = [i for i, c in default().items() if c.ind.group == group]
        id_list = [i for i in id_list if i in in_group] if id_list else in_group
    vals = _guard(lambda: compute(con, sl, id_list))
    return {
        "slice": sl.model_dump(mode="json"),
        "values": [v.model_dump(mode="json") for v in vals],
    }


@router.get("/api/indicators/{indicator_id}/trend")
def indicator_trend(
    indicator_id: str,
    request: Request,
    period: str | None = None,
    court: str | None = None,
    months: int = Query(12, ge=2, le=60),
    family: str | None = None,
    p: Principal = Depends(require("indicators.read")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    """The indicator month by month up to the period's last month — or up to the month of the
    data's latest day, for a period that has not ended yet."""
    sl = _slice(request, p, period, court, family=family)
    per = _guard(lambda: parse_period(sl.period))
    day = request.app.state.data_day
    if per.start <= day < per.as_of:
        sl = sl.model_copy(update={"period": f"{day.year}-{day.month:02d}"})
    vals = _guard(lambda: trend(con, indicator_id, sl, months))
    return {"indicator_id": indicator_id, "points": [v.model_dump(mode="json") for v in vals]}


@router.get("/api/indicators/{indicator_id}/compare")
def indicator_compare(
    indicator_id: str,
    request: Request,
    period: str | None = None,
    court: str | None = None,
    p: Principal = Depends(require("indicators.read")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    """The court and each court directly below it, side by side (each with its own subtree)."""
    c = resolve_court(p, court)
    tree = request.app.state.tree
    courts = [c, *sorted(tree.children.get(c, []))]
    per = period or request.app.state.default_period
    vals = _guard(lambda: compare(con, indicator_id, per, courts))
    out = []
    for v in vals:
        d = v.model_dump(mode="json")
        d["court_code"] = v.slice.court
        d["court_name"] = tree.name.get(v.slice.court or "", v.slice.court)
        d["has_children"] = bool(tree.children.get(v.slice.court or ""))
        out.append(d)
    return {"indicator_id": indicator_id, "period": per, "court": c, "rows": out}


@router.get("/api/indicators/{indicator_id}/breakdown")
def indicator_breakdown(
    indicator_id: str,
    request: Request,
    by: str = Query("family", description=", ".join(DIMENSIONS)),
    period: str | None = None,
    court: str | None = None,
    p: Principal = Depends(require("indicators.read")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    if by == "judge" and p.role == "judge":
        raise HTTPException(403, "法官不能查看按法官分组的指标 (judges may not compare judges)")
    sl = _slice(request, p, period, court)
    rows_ = _guard(lambda: breakdown(con, sl, by, [indicator_id]))
    return {
        "indicator_id": indicator_id,
        "by": by,
        "rows": [
            {"key": r.key, "label": r.label, **r.values[0].model_dump(mode="json")} for r in rows_
        ],
    }


@router.get("/api/indicators/{indicator_id}/drill")
def indicator_drill(
    indicator_id: str,
    request: Request,
    period: str | None = None,
    court: str | None = None,
    part: str = Query("numerator", pattern="^(numerator|denominator)$"),
    family: str | None = None,
    procedure: str | None = None,
    judge_id: int | None = None,
    limit: int = Query(200, ge=1, le=5000),
    p: Principal = Depends(require("indicators.read")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    """The cases (or judges, districts) behind one side of the number, each with why it counts;
    their total equals the number shown."""
    sl = _slice(request, p, period, court, family=family, procedure=procedure, judge_id=judge_id)
    all_rows = _guard(lambda: drill(con, indicator_id, sl, part))
    total = sum(r.amount for r in all_rows)
    shown = all_rows[:limit]
    names = request.app.state.tree.name
    items = []
    for r in shown:
        d = r.model_dump(mode="json")
        d["court_name"] = names.get(r.court_code or "", r.court_code)
        items.append(d)
    audit.record(
        con,
        p,
        "drill",
        indicator_id,
        {
            "slice": sl.model_dump(mode="json"),
            "part": part,
            "rows": len(all_rows),
            "case_ids": [r.case_id for r in shown if r.case_id is not None],
        },
        client_of(request),
    )
    return {
        "indicator_id": indicator_id,
        "part": part,
        "slice": sl.model_dump(mode="json"),
        "count": len(all_rows),
        "total": total,
        "items": items,
    }


@router.get("/api/overview")
def situation_overview(
    request: Request,
    period: str | None = None,
    court: str | None = None,
    limit: int = Query(20, ge=0, le=500),
    p: Principal = Depends(require("supervision.read")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    """态势总览: intake / closings / pending by family, flow through the nodes, overdue and
    long-pending cases, litigation per 10,000 residents, pre-suit mediation."""
    sl = _slice(request, p, period, court)
    ov = _guard(lambda: overview(con, sl, limit=limit))
    audit.record(
        con,
        p,
        "read_overview",
        sl.court,
        {"period": sl.period, "case_ids": [r.case_id for r in [*ov.overdue, *ov.long_pending]]},
        client_of(request),
    )
    d = ov.model_dump(mode="json")
    d["court_name"] = request.app.state.tree.name.get(sl.court or "", sl.court)
    return d


@router.get("/api/reversals")
def reversal_analysis(
    request: Request,
    period: str | None = None,
    court: str | None = None,
    p: Principal = Depends(require("supervision.read")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    """Cases reversed or remanded on appeal or retrial: reasons, courts, results, the share
    reviewed, and people held accountable."""
    sl = _slice(request, p, period, court)
    rep = _guard(lambda: reversals(con, sl))
    audit.record(
        con,
        p,
        "read_reversals",
        sl.court,
        {"period": sl.period, "total": rep.total, "case_ids": [r.case_id for r in rep.cases[:500]]},
        client_of(request),
    )
    return rep.model_dump(mode="json")
