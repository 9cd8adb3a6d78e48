"""数助监督: indicators (values, trends, court comparison, breakdowns, drill-down to cases),
the situation overview and reversal analysis — each for a court the user sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import duckdb
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

from courtqc.analytics import overview, reversals
from courtqc.indicators import Slice, breakdown, compare, compute, default, drill, trend
from courtqc.indicators.figures import DIMENSIONS, UnknownIndicator
from courtqc.indicators.models import GROUP_ZH
from courtqc.indicators.periods import parse_period
from courtqc.web import audit
from courtqc.web.api.tables import Column, days_pending, filter_sort_page, judge_names
from courtqc.web.api.tables import export as export_rows
from courtqc.web.deps import Db, allowed, client_of
from courtqc.web.queries import supervision as Q
from courtqc.web.schemas import supervision as S
from courtqc.web.visibility import CourtTree, Principal, resolve_court

router = APIRouter(tags=["supervision 数助监督"])
IndicatorsReadUser = allowed("indicators.read")
SupervisionReadUser = allowed("supervision.read")
T = TypeVar("T")
# The tables answer JSON, or a file with `export=csv|xlsx` (web.api.tables.export).
_FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/csv": {},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {},
        },
        "description": "JSON, or every filtered row as a file with `export=csv|xlsx`",
    }
}


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


@router.get("/api/indicators", response_model=S.Catalogue, response_model_exclude_unset=True)
def catalogue(
    p: IndicatorsReadUser,
) -> dict:
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


@router.get("/api/indicators/values", response_model=S.Values, response_model_exclude_unset=True)
def values(
    request: Request,
    p: IndicatorsReadUser,
    con: Db,
    period: str | None = None,
    court: str | None = None,
    family: str | None = None,
    procedure: str | None = None,
    judge_id: int | None = None,
    ids: str | None = Query(None, description="comma-separated indicator ids (default: all)"),
    group: str | None = Query(None, description="only this catalogue group (a board's tab)"),
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


@router.get(
    "/api/indicators/{indicator_id}/trend",
    response_model=S.Trend,
    response_model_exclude_unset=True,
)
def indicator_trend(
    indicator_id: str,
    request: Request,
    p: IndicatorsReadUser,
    con: Db,
    period: str | None = None,
    court: str | None = None,
    months: int = Query(12, ge=2, le=60),
    family: str | None = None,
) -> dict:
    """The indicator month by month up to the period's last month — or up to the month of the
    data's latest day, for a period that has not ended yet."""
    sl = _slice(request, p, period, court, family=family)
    per = _guard(lambda: parse_period(sl.period))
    day = request.app.state.data_day
    if per.start <= day < per.as_of:
        sl = sl.model_copy(update={"period": f"{day.year}-{day.month:02d}"})
    vals = _guard(lambda: trend(con, indicator_id, sl, months))
    points = [v.model_dump(mode="json") for v in vals]
    # The month of the data's latest day is still running: marked, not hidden.
    for pt in points:
        mp = parse_period(pt["slice"]["period"])
        pt["partial"] = mp.start <= day < mp.as_of
    # Cumulative from the card's period start to each month's end: the card's own definition,
    # so the last point equals the card. A monthly rate such as 结案率 is far lower than the
    # year's: its denominator holds all the cases carried into the month, its numerator only
    # a month's closings.
    cumulative = []
    for pt in points:
        mp = parse_period(pt["slice"]["period"])
        if mp.start < per.start or mp.start >= per.end:
            continue
        rng = f"{per.start.isoformat()}..{min(mp.as_of, max(day, mp.start)).isoformat()}"
        v = _guard(
            lambda rng=rng: compute(con, sl.model_copy(update={"period": rng}), [indicator_id])
        )
        cumulative.append(
            {
                "month": pt["slice"]["period"],
                "range": rng,
                "value": v[0].value,
                "numerator": v[0].numerator,
                "denominator": v[0].denominator,
            }
        )
    return {
        "indicator_id": indicator_id,
        "card_period": per.label,
        "points": points,
        "cumulative": cumulative if per.end - per.start > dt.timedelta(days=31) else [],
        "basis": {
            "monthly": "每月：仅该月的数据，分子、分母均按该月计 (each month on its own)",
            "cumulative": f"累计：自 {per.start.isoformat()} 至该月末，与卡片同一口径，"
            "最后一点即卡片数值 (from the card period's start to each month's end)",
        },
    }


def _worst_first(rows_: list[dict], direction: str) -> list[dict]:
    """Rows with a value first, the worst at the top: the lowest for a higher-is-better
    indicator, the highest otherwise; then the rows without a value, by name."""
    valued = [r for r in rows_ if r["value"] is not None]
    valued.sort(key=lambda r: r["value"], reverse=direction != "higher")
    return valued + sorted((r for r in rows_ if r["value"] is None), key=lambda r: r["court_code"])


def _court_rows(request: Request, vals: list) -> list[dict]:
    tree = request.app.state.tree
    out = []
    for v in vals:
        d = v.model_dump(mode="json")
        d["court_code"] = v.slice.court
        d["court_name"] = tree.name.get(v.slice.court or "", v.slice.court)
        d["has_children"] = bool(tree.children.get(v.slice.court or ""))
        out.append(d)
    return out


@dataclass
class _Comparison:
    """An indicator over a court and a set of courts below it (compare and ranking)."""

    court: str
    period: str
    direction: str
    parent: dict | None  # the court itself: the pooled figure of those below
    others: list[dict]  # the courts below, unsorted

    def answer(self, indicator_id: str, **rows: Any) -> dict:
        return {
            "indicator_id": indicator_id,
            "period": self.period,
            "court": self.court,
            "direction": self.direction,
            "parent": self.parent,
            **rows,
        }


def _comparison(
    request: Request,
    p: Principal,
    con: duckdb.DuckDBPyConnection,
    indicator_id: str,
    period: str | None,
    court: str | None,
    below: Callable[[CourtTree, str], list[str]],
) -> _Comparison:
    """The indicator for the caller's court (or the one asked for) and the courts `below`
    names, each over its own subtree; the court's row apart."""
    c = resolve_court(p, court)
    tree = request.app.state.tree
    per = period or request.app.state.default_period
    cat = default()
    direction = cat[indicator_id].ind.direction if indicator_id in cat else "neutral"
    vals = _guard(lambda: compare(con, indicator_id, per, [c, *below(tree, c)]))
    rows_ = _court_rows(request, vals)
    parent = next((r for r in rows_ if r["court_code"] == c), None)
    return _Comparison(c, per, direction, parent, [r for r in rows_ if r["court_code"] != c])


@router.get(
    "/api/indicators/{indicator_id}/compare",
    response_model=S.CourtComparison,
    response_model_exclude_unset=True,
)
def indicator_compare(
    indicator_id: str,
    request: Request,
    p: IndicatorsReadUser,
    con: Db,
    period: str | None = None,
    court: str | None = None,
) -> dict:
    """The courts directly below a court (each with its own subtree), worst first, and the
    court itself apart as the reference line (its value is the children's pooled figure, not
    their plain mean; both are given)."""
    cmp = _comparison(
        request, p, con, indicator_id, period, court,
        lambda tree, c: sorted(tree.children.get(c, [])),
    )  # fmt: skip
    children = _worst_first(cmp.others, cmp.direction)
    vs = [r["value"] for r in children if r["value"] is not None]
    mean = round(sum(vs) / len(vs), 4) if vs else None
    return cmp.answer(indicator_id, mean=mean, rows=children)


@router.get(
    "/api/indicators/{indicator_id}/ranking",
    response_model=S.CourtRanking,
    response_model_exclude_unset=True,
)
def indicator_ranking(
    indicator_id: str,
    request: Request,
    p: IndicatorsReadUser,
    con: Db,
    period: str | None = None,
    court: str | None = None,
) -> dict:
    """Every basic court under a court in one ranked list, worst first — the worst basic
    court without opening each intermediate court — and the specialised courts (maritime,
    IP, financial, railway) ranked apart, since their caseloads are not comparable."""
    if indicator_id not in default():
        raise HTTPException(404, f"未知指标 (unknown indicator) {indicator_id!r}")
    kinds = Q.court_kinds(con)
    cmp = _comparison(
        request, p, con, indicator_id, period, court,
        lambda tree, c: [x for x in tree.descendants(c) if not tree.children.get(x)],
    )  # fmt: skip
    tree = request.app.state.tree
    for r in cmp.others:
        r["kind"] = kinds.get(r["court_code"], "general")
        r["parent_name"] = tree.name.get(tree.parent.get(r["court_code"]) or "", "")
    basic = _worst_first([r for r in cmp.others if r["kind"] == "general"], cmp.direction)
    special = _worst_first([r for r in cmp.others if r["kind"] != "general"], cmp.direction)
    for group in (basic, special):
        for i, r in enumerate(group, 1):
            r["rank"] = i
    return cmp.answer(indicator_id, basic=basic, specialised=special)


@router.get(
    "/api/indicators/{indicator_id}/breakdown",
    response_model=S.Breakdown,
    response_model_exclude_unset=True,
)
def indicator_breakdown(
    indicator_id: str,
    request: Request,
    p: IndicatorsReadUser,
    con: Db,
    by: str = Query("family", description=", ".join(DIMENSIONS)),
    period: str | None = None,
    court: str | None = None,
) -> dict:
    if by == "judge" and p.role == "judge":
        raise HTTPException(403, "法官不能查看按法官分组的指标 (judges may not compare judges)")
    # per judge, a division head sees the judges of their own division; a leader the court's
    dept = p.dept_id if by == "judge" and p.role == "division_head" else None
    sl = _slice(request, p, period, court, dept_id=dept)
    rows_ = _guard(lambda: breakdown(con, sl, by, [indicator_id]))
    return {
        "indicator_id": indicator_id,
        "by": by,
        "rows": [
            {"key": r.key, "label": r.label, **r.values[0].model_dump(mode="json")} for r in rows_
        ],
    }


_DRILL_COLUMNS = (
    Column("case_no", "案号"),
    Column("court_name", "法院"),
    Column("status_zh", "状态"),
    Column("judge_name", "承办法官"),
    Column("dept_name", "部门"),
    Column("filing_date", "立案日期"),
    Column("closing_date", "结案日期"),
    Column("days", "审理天数"),
    Column("reason", "计入原因"),
    Column("amount", "计入值"),
)
_DRILL_SORTABLE = ("case_no", "court_name", "status", "judge_name", "filing_date",
                   "closing_date", "days", "amount")  # fmt: skip
_AMOUNT_LABEL = {"sum": "计入值", "population": "常住人口（人）"}


@router.get(
    "/api/indicators/{indicator_id}/drill",
    response_model=S.Drill,
    response_model_exclude_unset=True,
    responses=_FILES,
)
def indicator_drill(
    indicator_id: str,
    request: Request,
    p: IndicatorsReadUser,
    con: Db,
    period: str | None = None,
    court: str | None = None,
    part: str = Query("numerator", pattern="^(numerator|denominator)$"),
    family: str | None = None,
    procedure: str | None = None,
    judge_id: int | None = None,
    status: str | None = Query(None, pattern="^(pending|closed)$"),
    by_judge: int | None = Query(None, description="only the cases of this presiding judge"),
    dept_id: int | None = None,
    min_days: int | None = Query(None, ge=0, description="only rows at least this many days"),
    q: str | None = Query(None, max_length=64, description="case number contains"),
    sort: str | None = None,
    order: str = Query("asc", pattern="^(asc|desc)$"),
    page: int = Query(1, ge=1, le=1_000_000),
    size: int = Query(50, ge=1, le=500),
    export: str | None = Query(None, pattern="^(csv|xlsx)$"),
    limit: int | None = Query(None, ge=1, le=500, description="old name of size"),
) -> dict | Response:
    """The cases (or judges, districts) behind one side of the number, each with why it counts;
    `count` rows whose amounts add up to `total`, the number shown. Filtered (status, judge,
    department, days, case number), sorted and paged on the server; `export=csv|xlsx` answers
    every filtered row as a file."""
    sl = _slice(request, p, period, court, family=family, procedure=procedure, judge_id=judge_id)
    all_rows = _guard(lambda: drill(con, indicator_id, sl, part))
    total = sum(r.amount for r in all_rows)
    names = request.app.state.tree.name
    judges = judge_names(con)
    as_of = min(_guard(lambda: parse_period(sl.period)).as_of, request.app.state.data_day)
    items = []
    for r in all_rows:
        d = r.model_dump(mode="python")
        d["court_name"] = names.get(r.court_code or "", r.court_code)
        jname, jdept, dname = judges.get(r.judge_id or -1, (None, None, None))
        d["judge_name"], d["dept_id"], d["dept_name"] = jname, jdept, dname
        d["status_zh"] = {"pending": "未结", "closed": "已结"}.get(r.status or "", r.status)
        d["days"] = days_pending(r.filing_date, r.closing_date, as_of)
        items.append(d)
    filters = {
        "status": lambda r: status is None or r["status"] == status,
        "judge": lambda r: by_judge is None or r["judge_id"] == by_judge,
        "dept": lambda r: dept_id is None or r["dept_id"] == dept_id,
        "days": lambda r: min_days is None or (r["days"] or 0) >= min_days,
        "q": lambda r: not q or q in (r["case_no"] or ""),
    }
    size = limit or size
    matched, shown = filter_sort_page(
        items, filters=filters, sort=sort, order=order, page=page, size=size,
        sortable=_DRILL_SORTABLE,
    )  # fmt: skip
    audit.record(
        con,
        p,
        "drill" if not export else "export_drill",
        indicator_id,
        {
            "slice": sl.model_dump(mode="json"),
            "part": part,
            "rows": len(all_rows),
            "case_ids": [r["case_id"] for r in (matched if export else shown) if r["case_id"]],
        },
        client_of(request),
    )
    if export:
        return export_rows(matched, _DRILL_COLUMNS, export, f"drill_{indicator_id}_{part}")
    ind = default()[indicator_id].ind
    m = ind.numerator if part == "numerator" else ind.denominator
    agg = getattr(m, "agg", "count")
    # the judges behind the rows (for the judge filter), most rows first
    per_judge: dict[int, int] = {}
    for r in items:
        if r["judge_id"] is not None:
            per_judge[r["judge_id"]] = per_judge.get(r["judge_id"], 0) + 1
    # and the departments of the courts in scope behind them (for the department filter)
    per_dept: dict[int, list[Any]] = {}
    for r in items:
        if r["dept_id"] is not None:
            per_dept.setdefault(r["dept_id"], [r["dept_name"], 0])[1] += 1
    return {
        "indicator_id": indicator_id,
        "part": part,
        "slice": sl.model_dump(mode="json"),
        "as_of": as_of.isoformat(),
        "count": len(all_rows),
        "total": total,
        "matched": len(matched),
        "matched_total": sum(r["amount"] for r in matched),
        "page": page,
        "size": size,
        "amount_label": _AMOUNT_LABEL.get(agg),
        "judges": [
            {"judge_id": j, "name": judges.get(j, (str(j),))[0], "rows": n}
            for j, n in sorted(per_judge.items(), key=lambda kv: -kv[1])
        ],
        "departments": [
            {"dept_id": d, "name": name, "rows": n}
            for d, (name, n) in sorted(per_dept.items(), key=lambda kv: -kv[1][1])
        ],
        "items": [jsonable_encoder(r) for r in shown],
    }


@router.get("/api/overview", response_model=S.Overview, response_model_exclude_unset=True)
def situation_overview(
    request: Request,
    p: SupervisionReadUser,
    con: Db,
    period: str | None = None,
    court: str | None = None,
    limit: int = Query(20, ge=0, le=500),
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


@router.get("/api/reversals", response_model=S.Reversals, response_model_exclude_unset=True)
def reversal_analysis(
    request: Request,
    p: SupervisionReadUser,
    con: Db,
    period: str | None = None,
    court: str | None = None,
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


_REVERSAL_COLUMNS = (
    Column("case_no", "案号"),
    Column("court_name", "原审法院"),
    Column("judge_name", "承办法官"),
    Column("cause_name", "案由"),
    Column("kind_zh", "类型"),
    Column("result_zh", "结果"),
    Column("reason_zh", "原因"),
    Column("decided", "决定日期"),
    Column("review_zh", "评查"),
    Column("accountable", "追责"),
)


@router.get(
    "/api/reversals/cases",
    response_model=S.ReversalCases,
    response_model_exclude_unset=True,
    responses=_FILES,
)
def reversal_cases(
    request: Request,
    p: SupervisionReadUser,
    con: Db,
    period: str | None = None,
    court: str | None = None,
    kind: str | None = Query(None, pattern="^(appeal|retrial)$"),
    result: str | None = None,
    reason: str | None = None,
    reviewed: bool | None = None,
    by_judge: int | None = None,
    by_court: str | None = None,
    q: str | None = Query(None, max_length=64, description="case number contains"),
    sort: str | None = None,
    order: str = Query("desc", pattern="^(asc|desc)$"),
    page: int = Query(1, ge=1, le=1_000_000),
    size: int = Query(50, ge=1, le=500),
    export: str | None = Query(None, pattern="^(csv|xlsx)$"),
) -> dict | Response:
    """The reversed or remanded cases of /api/reversals, filtered, sorted and paged on the
    server (every case, no cap), with the court's and judge's names; `export` gives them all."""
    sl = _slice(request, p, period, court)
    rep = _guard(lambda: reversals(con, sl))
    labels = {"no_error": "无差错", "flawed": "瑕疵", "error": "差错"}
    for b in (*rep.by_kind, *rep.by_result, *rep.by_reason):
        labels[b.key] = b.label
    names = request.app.state.tree.name
    judges = judge_names(con)
    items = []
    for r in rep.cases:
        d = r.model_dump(mode="python")
        d["court_name"] = names.get(r.court_code, r.court_code)
        d["judge_name"] = judges.get(r.judge_id or -1, (None,))[0]
        d["kind_zh"] = labels.get(r.kind, r.kind)
        d["result_zh"] = labels.get(r.result, r.result)
        d["reason_zh"] = labels.get(r.reason or "", r.reason)
        d["review_zh"] = (
            labels.get(r.review_outcome or "", r.review_outcome) if r.reviewed else "未评查"
        )
        items.append(d)
    filters = {
        "kind": lambda r: kind is None or r["kind"] == kind,
        "result": lambda r: not result or r["result"] == result,
        "reason": lambda r: not reason or r["reason"] == reason,
        "reviewed": lambda r: reviewed is None or r["reviewed"] == reviewed,
        "judge": lambda r: by_judge is None or r["judge_id"] == by_judge,
        "court": lambda r: not by_court or r["court_code"] == by_court,
        "q": lambda r: not q or q in r["case_no"],
    }
    matched, shown = filter_sort_page(
        items, filters=filters, sort=sort or "decided", order=order, page=page, size=size,
        sortable=("case_no", "court_name", "judge_name", "decided", "result", "reason"),
    )  # fmt: skip
    audit.record(
        con,
        p,
        "read_reversals" if not export else "export_reversals",
        sl.court,
        {"period": sl.period, "case_ids": [r["case_id"] for r in (matched if export else shown)]},
        client_of(request),
    )
    if export:
        return export_rows(matched, _REVERSAL_COLUMNS, export, "reversals")
    return {
        "total": rep.total,
        "matched": len(matched),
        "page": page,
        "size": size,
        "items": [jsonable_encoder(r) for r in shown],
    }
