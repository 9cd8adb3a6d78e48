"""The scenario-model definition (应用场景模型): what a YAML model file must contain.

A model is data: who owns it, where in the workflow it runs, what it says to the judge, the
law it rests on, where it is in its lifecycle, and its logic — a condition tree, SQL over the
canonical schema and the operator library, or a registered Python operator.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from courtqc.domain.courts import BY_CODE
from courtqc.domain.nodes import NODES

CATEGORIES = (
    "procedure",  # 程序空转 / 程序规范
    "uniform-law",  # 适法统一
    "judgment-defect",  # 裁判瑕疵
    "enforcement",  # 执行
    "related-cases",  # 关联案件
    "false-litigation",  # 虚假诉讼
    "governance",  # 社会治理
    "time-limit",  # 审限预警
)
CATEGORY_ZH = {
    "procedure": "程序空转",
    "uniform-law": "适法统一",
    "judgment-defect": "裁判瑕疵",
    "enforcement": "执行",
    "related-cases": "关联案件",
    "false-litigation": "虚假诉讼",
    "governance": "社会治理",
    "time-limit": "审限预警",
}
Category = Literal[
    "procedure", "uniform-law", "judgment-defect", "enforcement", "related-cases",
    "false-litigation", "governance", "time-limit",
]  # fmt: skip
Severity = Literal["info", "warning", "critical"]
SEVERITY_ZH = {"info": "提示", "warning": "预警", "critical": "严重"}

# The report's six steps (docs/BRIEF.md §2.5) as states; "verification and feedback" is the
# gate on a live version (courtqc.models.lifecycle.verify), "optimisation" where a version that
# failed it waits for its successor (docs/MODELS.md).
STATES = (
    "proposed", "modelling", "review_rollout", "embedding_test", "live", "optimising", "retired",
)  # fmt: skip
State = Literal[
    "proposed", "modelling", "review_rollout", "embedding_test", "live", "optimising", "retired",
]  # fmt: skip
STATE_ZH = {
    "proposed": "申报",
    "modelling": "建模",
    "review_rollout": "推广评查",
    "embedding_test": "嵌入测试",
    "live": "上线运行",
    "optimising": "优化完善",
    "retired": "停用",
}

ALL_NODES = "*"
_ID = re.compile(r"^[a-z][a-z0-9_]{2,63}$")

CONDITION_OPS = (
    "eq", "ne", "gt", "ge", "lt", "le", "in", "not_in", "between", "contains",
    "not_contains", "starts_with", "regex", "is_null", "not_null", "count_within_window",
)  # fmt: skip
#: The ops a `days_since` leaf may use: it is a number of days.
DAYS_SINCE_OPS = (
    "eq", "ne", "gt", "ge", "lt", "le", "in", "not_in", "between", "is_null", "not_null",
)  # fmt: skip


#: Fields a version does not cover: the author's revision number, the lifecycle state (which
#: only promotion changes) and the backtest's scenario labels. None is shown to a judge or
#: changes an alert; re-saving a model with only these changed keeps its version and state.
COSMETIC_FIELDS = frozenset({"version", "state", "scenarios"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Title(_Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class AppliesTo(_Strict):
    """Which cases a model is for; empty lists mean no restriction."""

    families: list[str] = []
    type_codes: list[str] = []
    causes: list[str] = []  # cause names (案由), e.g. 民间借贷纠纷


class ValueRef(_Strict):
    """A value taken from another field of the same row: ref * mul + add (+ add_days)."""

    ref: str
    mul: float | None = None
    add: float | None = None
    add_days: int | None = None


class Window(_Strict):
    """count_within_window: how many rows of the subject share `partition` with this row and
    have `date` within `days` (before and/or after), optionally only rows matching `where`."""

    partition: list[str] = Field(min_length=1)
    date: str
    days: int = Field(gt=0)
    direction: Literal["both", "before", "after"] = "both"
    where: Condition | None = None


class Condition(_Strict):
    """One node of a condition tree: all / any / not, or a leaf (field, op, value)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")
    field: str | None = None
    # Instead of `field`: the days from this date field to the run's day (as_of()), e.g.
    # {days_since: filing_date, op: gt, value: 365} — 立案距今超过 365 天 (conditions.py).
    days_since: str | None = None
    op: str | None = None
    value: Any = None
    window: Window | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> Condition:
        shapes = [
            self.all is not None,
            self.any is not None,
            self.not_ is not None,
            self.op is not None,
        ]
        if sum(shapes) != 1:
            raise ValueError("a condition is exactly one of all / any / not / (field, op, value)")
        if self.op is not None:
            if self.op not in CONDITION_OPS:
                raise ValueError(f"unknown op {self.op!r}; known: {', '.join(CONDITION_OPS)}")
            if self.op == "count_within_window":
                if self.window is None:
                    raise ValueError("count_within_window needs window: {partition, date, days}")
                if not isinstance(self.value, int | float):
                    raise ValueError("count_within_window needs value: the minimum count")
            elif (self.field is None) == (self.days_since is None):
                raise ValueError(f"op {self.op!r} needs a field (or days_since), not both")
            if self.days_since is not None and self.op not in DAYS_SINCE_OPS:
                raise ValueError(
                    f"days_since compares a number of days; op {self.op!r} does not "
                    f"(use one of {', '.join(DAYS_SINCE_OPS)})"
                )
            if self.op in ("in", "not_in") and not isinstance(self.value, list):
                raise ValueError(f"op {self.op!r} needs a list value")
            if self.op == "between" and not (isinstance(self.value, list) and len(self.value) == 2):
                raise ValueError("op 'between' needs value: [low, high]")
            if self.op in ("is_null", "not_null") and self.value is not None:
                raise ValueError(f"op {self.op!r} takes no value")
        return self


Window.model_rebuild()


class ConditionLogic(_Strict):
    """A low-code rule: rows of `subject` (an operator view) where `where` holds."""

    subject: str
    where: Condition
    evidence: list[str] = []  # fields of the subject copied into the alert's evidence
    party: str | None = None  # field holding the party the alert is about


class PythonLogic(_Strict):
    operator: str
    params: dict[str, Any] = {}


class Logic(_Strict):
    sql: str | None = None
    conditions: ConditionLogic | None = None
    python: PythonLogic | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Logic:
        n = sum(x is not None for x in (self.sql, self.conditions, self.python))
        if n != 1:
            raise ValueError("logic must have exactly one of: sql, conditions, python")
        return self

    @property
    def kind(self) -> str:
        return "sql" if self.sql is not None else "conditions" if self.conditions else "python"


class ModelDef(_Strict):
    id: str
    version: int = Field(default=1, ge=1)  # the author's revision number
    title: Title
    category: Category
    description: str = ""
    scenarios: list[str] = []  # truth_anomalies scenarios this model detects (for backtest)
    nodes: list[str] = Field(min_length=1)
    applies_to: AppliesTo = AppliesTo()
    severity: Severity = "warning"
    message: str = Field(min_length=1)  # Chinese template, {placeholders} from the evidence
    message_en: str | None = None
    legal_basis: list[str] = Field(min_length=1)
    owner_court: str = "沪"
    state: State = "proposed"
    time_budget_ms: int = Field(default=2000, gt=0, le=60000)
    # What the model's answer for a case may depend on, which is what node mode gathers for it:
    # `case` — the case itself, its origin and derived cases, their parties and their register
    # rows; `linked` — also every other case and payment of the same people (identity_key,
    # controller_key). A model reading across cases must say `linked` (the default); the
    # node/review equivalence test holds each built-in model to what it says.
    context: Literal["case", "linked"] = "linked"
    logic: Logic

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("id must be lower_snake_case, 3–64 characters, starting with a letter")
        return v

    @field_validator("nodes")
    @classmethod
    def _nodes(cls, v: list[str]) -> list[str]:
        for n in v:
            if n != ALL_NODES and n not in NODES:
                raise ValueError(f"unknown node {n!r}; known: {', '.join(NODES)} or '*'")
        return v

    @field_validator("owner_court")
    @classmethod
    def _court(cls, v: str) -> str:
        if v not in BY_CODE:
            raise ValueError(f"unknown court code {v!r}")
        return v

    @field_validator("message")
    @classmethod
    def _template(cls, v: str) -> str:
        try:
            list(string.Formatter().parse(v))
        except ValueError as e:
            raise ValueError(f"bad message template: {e}") from None
        return v

    def placeholders(self) -> list[str]:
        return [f for _, f, _, _ in string.Formatter().parse(self.message) if f]

    def binds(self, node: str) -> bool:
        return ALL_NODES in self.nodes or node in self.nodes

    @property
    def logic_hash(self) -> str:
        """The model version as stored with alerts and lifecycle changes: a hash of everything
        that decides what the model does or what a judge sees — logic, nodes, applies_to,
        severity, message (both languages), title, category, description, legal basis, time
        budget, context, owner court — so any such change is a new version, which the lifecycle
        starts in modelling (建模). Only the fields in COSMETIC_FIELDS are left out; a field
        added to the definition later is covered unless it is named there. The values are
        hashed, not the text: YAML layout, comments and key order are not a change."""
        payload = self.model_dump(
            mode="json", by_alias=True, exclude_none=True, exclude=set(COSMETIC_FIELDS)
        )
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:12]

    @property
    def version_label(self) -> str:
        return f"v{self.version}-{self.logic_hash[:8]}"
