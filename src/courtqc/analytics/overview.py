"""Situation overview (态势总览): intake, closings and pending cases by family; flow through the
workflow nodes; overdue and long-pending cases; litigation per 10,000 residents by district;
pre-suit mediation. Every count here is an indicator of the catalogue or an events count, so
it drills down the same way.
"""

from __future__ import annotations

from datetime import date

import duckdb
from pydantic import BaseModel

from courtqc.domain.nodes import NODES
from courtqc.indicators import facts as F
from courtqc.indicators.figures import (
    breakdown,
    compute,
    drill,
    population_rows,
    resolve_period,
    slice_sql,
)
from courtqc.indicators.labels import FAMILY_ZH
from courtqc.indicators.models import DrillRow, Slice
from courtqc.indicators.sql import used_params

_COUNTS = ("filed_count", "closed_count", "carried_over_count", "pending_count")


class FamilyRow(BaseModel):
    family: str
    label: str
    filed: int
    closed: int
    carried_over: int
    pending: int


class NodeRow(BaseModel):
    node: str
    name_zh: str
    track: str
    order: float  # position in its track (side steps sit between main steps: 5.5)
    cases: int  # cases that reached the node in the period
    events: int
    avg_days_from_filing: float | None
    pending_here: int  # cases pending now whose last node reached is this one


class DistrictRow(BaseModel):
    district: str
    court_code: str
    court_name: str
    residents: int
    population_year: int
    population_source: str
    civil_first_instance_filed: int  # 民商事一审收案 (万人成讼率 numerator)
    litigation_per_10k: float | None
    suits_filed: int  # 民商事 + 行政一审收案 (万人起诉率 numerator)
    suits_per_10k: float | None


class PresuitMediation(BaseModel):
    filed: int
    closed: int
    succeeded: int
    success_rate: float | None  # percent
    pending: int
    node_events: int  # pre_filing_mediation events in the period
    filed_after_mediation: int  # civil first-instance cases filed after a pre-suit mediation


class Overview(BaseModel):
    slice: Slice
    start: date
    end: date
    totals: FamilyRow
    by_family: list[FamilyRow]
    flow: list[NodeRow]
    overdue_count: int
    overdue: list[DrillRow]
    long_pending_count: int
    long_pending: list[DrillRow]
    districts: list[DistrictRow]
    presuit_mediation: PresuitMediation


def _family_row(key: str, label: str, values) -> FamilyRow:
    v = {x.id: int(x.value or 0) for x in values}
    return FamilyRow(
        family=key,
        label=label,
        filed=v["filed_count"],
        closed=v["closed_count"],
        carried_over=v["carried_over_count"],
        pending=v["pending_count"],
    )


def _flow(con: duckdb.DuckDBPyConnection, sl: Slice) -> list[NodeRow]:
    period = resolve_period(con, sl.period)
    where, sparams = slice_sql(sl)
    sql = f"""
        WITH f AS (SELECT case_id, filing_date, status, current_node FROM {F.FACTS} WHERE {where}),
        e AS (
            SELECT e.node, count(*) AS events, count(DISTINCT e.case_id) AS cases,
                   avg(CAST(e.occurred_at AS DATE) - f.filing_date) AS avg_days
            FROM events e JOIN f USING (case_id)
            WHERE e.occurred_at >= $start AND e.occurred_at < $end
            GROUP BY e.node),
        p AS (SELECT current_node AS node, count(*) AS n FROM f WHERE status = 'pending' GROUP BY 1)
        SELECT coalesce(e.node, p.node), coalesce(e.cases, 0), coalesce(e.events, 0), e.avg_days,
               coalesce(p.n, 0)
        FROM e FULL JOIN p ON p.node = e.node"""
    params = {**period.params(), **sparams}
    out = []
    for node, cases, events, avg_days, pending in con.execute(
        sql, used_params(sql, params)
    ).fetchall():
        n = NODES.get(node)
        out.append(
            NodeRow(
                node=node,
                name_zh=n.name_zh if n else node,
                track=n.track if n else "other",
                order=n.order if n else 99,
                cases=cases,
                events=events,
                avg_days_from_filing=float(avg_days) if avg_days is not None else None,
                pending_here=pending,
            )
        )
    return sorted(out, key=lambda r: (r.track != "trial", r.track, r.order, r.node))


def _districts(con: duckdb.DuckDBPyConnection, sl: Slice) -> list[DistrictRow]:
    period = resolve_period(con, sl.period)
    pop = population_rows(con, sl, period.start.year)
    if not pop:
        return []
    codes = sorted({r[0] for r in pop})
    rows = breakdown(
        con,
        sl.model_copy(update={"court": None, "court_level": None}),
        "court_own",
        ["litigation_per_10k", "suits_per_10k"],
        keys=codes,
    )
    by_code = {r.key: r for r in rows}
    out = []
    for code, district, residents, year, source in pop:
        v = {x.id: x for x in by_code[code].values}
        lit, suits = v["litigation_per_10k"], v["suits_per_10k"]
        # two districts served by one court share its cases: report them per court instead
        out.append(
            DistrictRow(
                district=district,
                court_code=code,
                court_name=by_code[code].label,
                residents=residents,
                population_year=year,
                population_source=source,
                civil_first_instance_filed=int(lit.numerator),
                litigation_per_10k=lit.value,
                suits_filed=int(suits.numerator),
                suits_per_10k=suits.value,
            )
        )
    return out


def _presuit(con: duckdb.DuckDBPyConnection, sl: Slice) -> PresuitMediation:
    v = {
        x.id: x
        for x in compute(
            con,
            sl,
            ["presuit_mediation_count", "presuit_mediation_success_rate", "presuit_mediated_share"],
        )
    }
    period = resolve_period(con, sl.period)
    where, sparams = slice_sql(sl)
    sql = f"""SELECT
        (SELECT count(*) FROM {F.FACTS} WHERE {where} AND type_code LIKE '%诉前%'
            AND filing_date < $end AND (closing_date IS NULL OR closing_date >= $end)),
        (SELECT count(*) FROM events e WHERE e.node = 'pre_filing_mediation'
            AND e.occurred_at >= $start AND e.occurred_at < $end
            AND e.case_id IN (SELECT case_id FROM {F.FACTS} WHERE {where}))"""
    params = {**period.params(), **sparams}
    pending, node_events = con.execute(sql, used_params(sql, params)).fetchone()
    s = v["presuit_mediation_success_rate"]
    return PresuitMediation(
        filed=int(v["presuit_mediation_count"].numerator),
        closed=int(s.denominator or 0),
        succeeded=int(s.numerator),
        success_rate=s.value,
        pending=pending,
        node_events=node_events,
        filed_after_mediation=int(v["presuit_mediated_share"].numerator),
    )


def overview(con: duckdb.DuckDBPyConnection, sl: Slice, *, limit: int = 20) -> Overview:
    """The situation board for a slice (court, period ...)."""
    F.ensure(con, check=False)
    period = resolve_period(con, sl.period)
    totals = _family_row("all", "全部", compute(con, sl, list(_COUNTS)))
    fam = [
        _family_row(r.key, FAMILY_ZH.get(r.key, r.key), r.values)
        for r in breakdown(con, sl, "family", list(_COUNTS))
    ]
    fam.sort(key=lambda r: -(r.filed + r.pending))
    counts = {
        x.id: int(x.value or 0)
        for x in compute(con, sl, ["overdue_pending_count", "long_pending_count"])
    }
    return Overview(
        slice=sl,
        start=period.start,
        end=period.end,
        totals=totals,
        by_family=fam,
        flow=_flow(con, sl),
        overdue_count=counts["overdue_pending_count"],
        overdue=drill(con, "overdue_pending_count", sl, limit=limit),
        long_pending_count=counts["long_pending_count"],
        long_pending=drill(con, "long_pending_count", sl, limit=limit),
        districts=_districts(con, sl),
        presuit_mediation=_presuit(con, sl),
    )
