"""Answers of 数助监督 (/api/indicators, /api/overview, /api/reversals): indicator values as
courtqc.indicators computes them, court comparisons, breakdowns, drill-down pages."""

from __future__ import annotations

from typing import Any

from courtqc.web.schemas import ApiModel, Number, Option, Row


class SliceOut(ApiModel):
    """The slice a figure is computed over (courtqc.indicators.Slice)."""

    period: str
    court: str | None
    subtree: bool
    court_level: str | None = None
    family: str | None = None
    procedure: str | None = None
    type_code: str | None = None
    cause: str | None = None
    judge_id: int | None = None
    dept_id: int | None = None


class IndicatorValue(ApiModel):
    """One indicator's value with its numerator and denominator (indicators.Value)."""

    id: str
    name_zh: str
    name_en: str | None
    group: str
    unit: str
    direction: str
    value: Number | None
    numerator: Number | None
    denominator: Number | None
    note: str | None
    period: str
    start: str
    end: str
    as_of: str
    slice: SliceOut


class Indicator(ApiModel):
    id: str
    name_zh: str
    name_en: str | None
    group: str
    group_zh: str
    unit: str
    direction: str
    definition: str
    has_denominator: bool
    reference: dict[str, Any]
    basis: str | None
    source: str | None


class Catalogue(ApiModel):
    items: list[Indicator]
    groups: list[Option]


class Values(ApiModel):
    slice: SliceOut
    values: list[IndicatorValue]


class TrendPoint(IndicatorValue):
    partial: bool  # the month of the data's latest day, still running


class CumulativePoint(ApiModel):
    month: str
    range: str
    value: Number | None
    numerator: Number | None
    denominator: Number | None


class Trend(ApiModel):
    indicator_id: str
    card_period: str
    points: list[TrendPoint]
    cumulative: list[CumulativePoint]
    basis: dict[str, str]


class CourtValue(IndicatorValue):
    court_code: str | None
    court_name: str | None
    has_children: bool


class RankedCourt(CourtValue):
    kind: str
    parent_name: str
    rank: int


class _CourtFigures(ApiModel):
    indicator_id: str
    period: str
    court: str
    direction: str
    parent: CourtValue | None


class CourtComparison(_CourtFigures):
    mean: Number | None  # the plain mean of the courts below (the parent's is pooled)
    rows: list[CourtValue]


class CourtRanking(_CourtFigures):
    basic: list[RankedCourt]
    specialised: list[RankedCourt]


class BreakdownRow(IndicatorValue):
    key: Any
    label: str | None


class Breakdown(ApiModel):
    indicator_id: str
    by: str
    rows: list[BreakdownRow]


class DrillJudge(ApiModel):
    judge_id: int
    name: str | None
    rows: int


class DrillDept(ApiModel):
    """A department behind the drill's rows (for the department filter) and how many rows."""

    dept_id: int
    name: str | None
    rows: int


class Drill(ApiModel):
    """One page of the rows behind a side of the number; `count` rows add up to `total`."""

    indicator_id: str
    part: str
    slice: SliceOut
    as_of: str
    count: int
    total: Number
    matched: int
    matched_total: Number
    page: int
    size: int
    amount_label: str | None
    judges: list[DrillJudge]
    departments: list[DrillDept]
    items: list[Row]


class Overview(ApiModel):
    """analytics.overview: intake and closings by family, flow through the nodes, overdue and
    long-pending cases, litigation per 10,000 residents, pre-suit mediation."""

    slice: SliceOut
    start: str
    end: str
    court_name: str | None
    by_family: list[Row]
    totals: Row
    flow: list[Row]
    overdue: list[Row]
    overdue_count: int
    long_pending: list[Row]
    long_pending_count: int
    districts: list[Row]
    presuit_mediation: Row


class Reversals(ApiModel):
    """analytics.reversals: reversed or remanded cases by kind, result, reason, court, judge
    and cause; the share reviewed and the people held accountable."""

    slice: SliceOut
    start: str
    end: str
    total: int
    reviewed: int
    share_reviewed: Number | None
    accountable: int
    by_kind: list[Row]
    by_result: list[Row]
    by_reason: list[Row]
    by_court: list[Row]
    by_judge: list[Row]
    by_cause: list[Row]
    review_outcomes: Row
    cases: list[Row]


class ReversalCases(ApiModel):
    total: int
    matched: int
    page: int
    size: int
    items: list[Row]
