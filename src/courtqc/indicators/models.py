"""Typed objects of the indicator package: catalogue entries (validated from YAML), the slice
a number is computed for, and the results (plain pydantic models: `.model_dump()` gives JSON)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Unit = Literal["percent", "ratio", "days", "count", "per_10k", "cases_per_judge", "yuan"]
# value = SCALE * numerator / denominator (or SCALE * (1 - n/d) for a complement indicator)
SCALE: dict[str, float] = {"percent": 100.0, "per_10k": 10000.0}

Group = Literal["caseload", "efficiency", "quality", "effect", "enforcement", "workload"]
GROUP_ZH: dict[str, str] = {
    "caseload": "收结存",
    "efficiency": "审判效率",
    "quality": "审判质量",
    "effect": "审判效果",
    "enforcement": "执行",
    "workload": "工作量",
}


class Measure(BaseModel):
    """One side of an indicator: what is counted or summed, over which cases.

    `agg` is count (cases matching `where`), sum (of `expr` over cases matching `where`),
    judges (head count of judges in the slice, from `judges`) or population (resident
    population of the districts the slice's courts serve, from `district_population`).
    YAML shorthand: `count: <where>`, `sum: <expr>` (+ `where:`), `judges: true`,
    `population: true`.
    """

    model_config = ConfigDict(extra="forbid")

    agg: Literal["count", "sum", "judges", "population"]
    expr: str | None = None
    where: str | None = None
    explain: str | None = Field(
        None, description="why a case counts, shown in drill-down; {column} placeholders"
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "agg" in data:
            return data
        d = dict(data)
        if "count" in d:
            d["agg"], d["where"] = "count", d.pop("count")
        elif "sum" in d:
            d["agg"], d["expr"] = "sum", d.pop("sum")
        elif d.pop("judges", None):
            d["agg"] = "judges"
        elif d.pop("population", None):
            d["agg"] = "population"
        return d

    @model_validator(mode="after")
    def _check(self) -> Measure:
        if self.agg == "sum" and not self.expr:
            raise ValueError("sum needs an expression (sum: <SQL expression>)")
        if self.agg != "sum" and self.expr:
            raise ValueError(f"{self.agg} takes no expression")
        if self.agg in ("judges", "population") and self.where:
            raise ValueError(f"{self.agg} takes no case filter (it is not counted over cases)")
        return self


class Benchmark(BaseModel):
    """A published value to read a result against (not a target)."""

    model_config = ConfigDict(extra="forbid")
    value: float
    scope: str  # whose figure: 全国法院 2021, 上海法院 2023 ...
    source: str


class Reference(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # 合理区间参考值 (low, high); None where the official value was not found
    interval: tuple[float | None, float | None] | None = None
    benchmarks: list[Benchmark] = []


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    group: Group
    definition: str
    numerator: Measure
    denominator: Measure | None = None
    filters: str | None = None  # SQL boolean over case facts applied to both sides
    unit: Unit
    direction: Literal["higher", "lower", "neutral"]
    complement: bool = False  # value = 1 - n/d (e.g. 服判息诉率 = 1 - 上诉数 / 一审结案数)
    reference: Reference = Reference()
    basis: Literal["official", "local", "courtools", "chosen"]
    source: str
    note: str | None = None  # why this formula, where no official one was found

    @model_validator(mode="after")
    def _check(self) -> Indicator:
        if self.unit == "count" and self.denominator is not None:
            raise ValueError("a count indicator has no denominator")
        if self.unit not in ("count", "yuan") and self.denominator is None:
            raise ValueError(f"unit {self.unit} needs a denominator")
        if self.basis == "chosen" and not self.note:
            raise ValueError("basis 'chosen' needs a note saying which formula and why")
        return self

    def measures(self) -> list[tuple[str, Measure]]:
        out = [("numerator", self.numerator)]
        if self.denominator is not None:
            out.append(("denominator", self.denominator))
        return out


class Slice(BaseModel):
    """What a number is computed for. Every field but the period is optional."""

    model_config = ConfigDict(extra="forbid")

    period: str
    court: str | None = None  # a court code; with subtree, every court below it too
    subtree: bool = True
    court_level: str | None = None  # high | intermediate | specialised | basic
    dept_id: int | None = None
    judge_id: int | None = None
    family: str | None = None
    procedure: str | None = None
    type_code: str | None = None
    cause: str | None = None  # cause_code or cause_name


class IndicatorValue(BaseModel):
    id: str
    name_zh: str
    name_en: str
    group: str
    unit: str
    direction: str
    value: float | None
    numerator: float
    denominator: float | None
    period: str
    start: date
    end: date  # exclusive
    as_of: date  # the day pending cases and ages are measured on (the data's last day at most)
    slice: Slice
    note: str | None = None  # why value is None


class DrillRow(BaseModel):
    """A case (or, for judge / population denominators, a judge or district) behind a number."""

    indicator_id: str
    part: Literal["numerator", "denominator"]
    case_id: int | None = None
    case_no: str | None = None
    court_code: str | None = None
    family: str | None = None
    procedure: str | None = None
    type_code: str | None = None
    judge_id: int | None = None
    filing_date: date | None = None
    closing_date: date | None = None
    closing_method: str | None = None
    status: str | None = None
    amount: float  # what the row adds to the total (1 for a counted case)
    reason: str  # why it counts (Chinese)


class BreakdownRow(BaseModel):
    key: str  # court code, judge id, family, month ...
    label: str
    values: list[IndicatorValue]
