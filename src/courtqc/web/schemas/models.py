"""Answers of the model workshop (/api/models, /api/backtests) and of reviews and node checks
(/api/reviews, /api/check)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from courtqc.web.schemas import ApiModel, Option, Row


class ModelSummary(ApiModel):
    id: str
    title: str
    title_en: str | None
    category: str
    category_zh: str
    state: str
    state_zh: str
    version: str
    version_label: str | None
    nodes: list[str]
    nodes_zh: list[str]
    severity: str
    severity_zh: str
    logic: str
    scenarios: list[str]
    owner_court: str | None
    source: str  # builtin | workshop
    can_promote_to: list[str]


class ModelList(ApiModel):
    items: list[ModelSummary]
    by_state: dict[str, int]


class StateChange(ApiModel):
    model_version: str
    state: str
    state_zh: str
    changed_at: dt.datetime
    changed_by: str | None
    note: str | None


class SavedVersion(ApiModel):
    model_version: str
    saved_by: str | None
    saved_at: dt.datetime


class ModelDetail(ModelSummary):
    definition: dict[str, Any]
    yaml: str | None
    compiled_sql: str | None
    reads: list[str]
    legal_basis: list[str]
    message: str
    history: list[StateChange]
    versions: list[SavedVersion]


class Subject(ApiModel):
    name: str
    operator: bool
    columns: list[Any]
    # the DATE / TIMESTAMP columns, which a relative date (days_since) may use
    dates: list[str] = Field(default_factory=list)


class NodeOption(Option):
    track: str


class ModelsMeta(ApiModel):
    subjects: list[Subject]
    ops: list[str]
    # models/labels.yaml: {ops, fields, subjects, days_since} -> {zh, en}
    labels: dict[str, Any] = Field(default_factory=dict)
    categories: list[Option]
    nodes: list[NodeOption]
    severities: list[Option]
    states: list[Option]
    promote_to: list[str]


class Problem(ApiModel):
    line: int | None
    field: str | None
    message: str


class Validation(ApiModel):
    ok: bool
    problems: list[Problem]
    id: str | None = None
    version: str | None = None
    compiled_sql: str | None = None
    columns: list[Any] | None = None
    reads: list[str] | None = None


class Saved(ApiModel):
    id: str
    version: str
    new_version: Any
    state: str | None = None
    state_zh: str | None = None


class Promoted(ApiModel):
    id: str
    version: str
    from_: str = Field(alias="from")
    to: str
    from_zh: str
    to_zh: str


class VersionFeedback(ApiModel):
    """Judges' answers to the pushed alerts of one version (核验反馈)."""

    model_version: str
    pushed: int
    answered: int
    helpful: int
    helpful_rate: float | None


class FeedbackReason(ApiModel):
    model_version: str
    helpful: bool
    reason: str
    given_at: dt.datetime


class ModelFeedback(ApiModel):
    """What 核验反馈 decides on: the current version's figures against the policy."""

    id: str
    version: str
    state: str
    state_zh: str
    min_answered: int
    min_helpful_rate: float
    current: VersionFeedback
    versions: list[VersionFeedback]
    reasons: list[FeedbackReason]
    can_verify: bool
    can_optimise: bool


class Verified(ApiModel):
    id: str
    version: str
    passed: bool
    answered: int
    helpful: int
    helpful_rate: float | None
    min_answered: int
    min_helpful_rate: float
    from_: str = Field(alias="from")
    to: str
    from_zh: str
    to_zh: str
    note: str


class Backtest(ApiModel):
    as_of: Any
    courts: Any
    scope: dict[str, Any]
    results: list[Row]


class StoredBacktestFigures(ApiModel):
    """A stored backtest of a saved version (model_backtests): figures, no case ids."""

    as_of: Any = None
    run_by: str | None = None  # None: an account of a court outside the reader's tree
    run_at: Any
    scope_note: str | None = None
    status: str | None = None
    hits: int | None = None
    truth: int | None = None
    tp: int | None = None
    fp: int | None = None
    fn: int | None = None
    precision: float | None = None
    recall: float | None = None
    elapsed_ms: float | None = None


class StoredBacktest(ApiModel):
    id: str
    version: str
    backtest: StoredBacktestFigures | None


class ReviewBatch(ApiModel):
    """A review batch (review_batches), with the data scope it ran over when shown alone."""

    review_id: int
    court_code: str
    status: str
    model_ids: Any = None
    summary: Any = None


class Reviews(ApiModel):
    items: list[ReviewBatch]


class NodeCheck(ApiModel):
    """courtqc.engine NodeChecker result: the live models' alerts (pushed) and the shadow ones."""

    alerts: list[Row]
    shadow_alerts: list[Row]
