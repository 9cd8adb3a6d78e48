"""Answers of /api/alerts and the handling board: alerts with their labels, masking and latest
feedback, and the push / feedback / helpful-rate statistics."""

from __future__ import annotations

import datetime as dt
from typing import Any

from courtqc.web.schemas import ApiModel, Number, Option, Row


class Alert(ApiModel):
    alert_id: int
    model_id: str
    model_version: str | None = None
    model_title: str
    model_title_en: str | None = None  # the YAML's English title, for the EN locale
    category: str
    category_zh: str | None
    case_id: int
    case_no: str
    court_code: str
    party_id: int | None = None
    node: str | None
    node_zh: str | None = None
    severity: str
    severity_zh: str | None
    message: str
    evidence: list[Row]
    status: str
    mode: str
    pushed: bool
    created_at: dt.datetime
    last_seen_at: dt.datetime | None = None
    presiding_judge_id: int | None
    dept_id: int | None
    judge_name: str | None
    feedback_helpful: bool | None
    feedback_reason: str | None
    feedback_by: str | None
    feedback_at: dt.datetime | None
    masked: bool


class Feedback(ApiModel):
    feedback_id: int
    helpful: bool
    reason: str | None
    given_by: str | None
    given_at: dt.datetime | None


class ModelVersionInfo(ApiModel):
    """A model version as people know it: label, Nth version in its lifecycle, first recorded."""

    hash: str
    label: str | None = None
    lifecycle_no: int | None = None
    since: dt.datetime | None = None


class AlertDetail(Alert):
    feedback_history: list[Feedback]
    model_version_info: ModelVersionInfo | None = None
    legal_basis: list[str] | None = None  # from the model, while it is registered
    model_description: str | None = None


class AlertPage(ApiModel):
    total: int
    page: int
    size: int
    items: list[Alert]


class StatRow(ApiModel):
    """Alerts per key (model, category, court, node or judge) with pushes and feedback."""

    key: Any
    label: str
    alerts: int
    pushed: int
    with_feedback: int
    helpful: int
    helpful_rate: float | None


class AlertStats(ApiModel):
    by: str
    rows: list[StatRow]


class FeedbackOut(ApiModel):
    feedback_id: int
    alert_id: int
    helpful: bool


class BoundModel(ApiModel):
    id: str
    title: str
    title_en: str | None = None
    state: str
    state_zh: str
    category: str


class NodeRow(ApiModel):
    node: str
    name_zh: str
    track: str
    order: Number
    models: list[BoundModel]
    alerts: int
    pushed: int


class Totals(ApiModel):
    alerts: int
    pushed: int
    with_feedback: int
    helpful: int
    helpful_rate: float | None


class HandlingBoard(ApiModel):
    court: str
    court_name: str
    warning_points: int
    nodes: list[NodeRow]
    by_category: list[StatRow]
    by_model: list[StatRow]
    totals: Totals
    inbox_open: int


class CourtNode(ApiModel):
    code: str
    name: str
    level: str | None
    children: list[CourtNode]


class MetaNode(Option):
    track: str
    order: Number


class Meta(ApiModel):
    court_tree: CourtNode
    nodes: list[MetaNode]
    families: list[Option]
    categories: list[Option]
    default_period: str
    years: list[int]


class FindingsCourt(ApiModel):
    court_code: str
    court_name: str
    findings: int
    by_period: dict[str, int]


class FindingsModel(ApiModel):
    model_id: str
    title: str
    title_en: str | None = None
    category: str
    category_zh: str
    findings: int
    cases: int


class GovernanceModel(ApiModel):
    id: str
    title: str
    title_en: str | None = None
    state: str
    state_zh: str


class Findings(ApiModel):
    court: str
    court_name: str
    periods: list[str]
    by_period: dict[str, int]
    by_court: list[FindingsCourt]
    by_model: list[FindingsModel]
    governance_models: list[GovernanceModel]
