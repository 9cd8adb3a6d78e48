"""Backtest (回测): run models over history with known outcomes — the synthetic court's planted
anomalies in truth_anomalies — and report hits, TP / FP / FN, precision and recall per model.

Alerts are compared per case (docs/ANOMALIES.md): a model's alerted cases against the truth
cases of the scenario(s) it declares. Models without a scenario report hits only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb

from courtqc.engine.review import review
from courtqc.engine.run import ModelRun
from courtqc.engine.scoped import DataScope
from courtqc.models.library import CompiledModel, builtin_models


@dataclass
class ModelScore:
    model_id: str
    model_version: str
    scenarios: list[str]
    status: str
    hits: int
    tp: int | None = None
    fp: int | None = None
    fn: int | None = None
    truth: int | None = None
    elapsed_ms: float = 0.0
    error: str | None = None
    fp_cases: list[int] = field(default_factory=list)
    fn_cases: list[int] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        if self.tp is None:
            return None
        return round(self.tp / (self.tp + self.fp), 4) if (self.tp + self.fp) else None

    @property
    def recall(self) -> float | None:
        if self.tp is None:
            return None
        return round(self.tp / (self.tp + self.fn), 4) if (self.tp + self.fn) else None

    def to_dict(self, samples: int = 10) -> dict[str, Any]:
        return {
            "model_id": self.model_id,
            "model_version": self.model_version,
            "scenarios": self.scenarios,
            "status": self.status,
            "hits": self.hits,
            "truth": self.truth,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "elapsed_ms": round(self.elapsed_ms, 1),
            "error": self.error,
            "fp_sample": self.fp_cases[:samples],
            "fn_sample": self.fn_cases[:samples],
        }


def truth_cases(con: duckdb.DuckDBPyConnection) -> dict[str, set[int]]:
    try:
        rows = con.execute(
            "SELECT scenario, case_id FROM truth_anomalies WHERE case_id IS NOT NULL"
        ).fetchall()
    except duckdb.Error:
        return {}
    out: dict[str, set[int]] = {}
    for s, c in rows:
        out.setdefault(s, set()).add(int(c))
    return out


def score(run: ModelRun, cm: CompiledModel, truth: dict[str, set[int]]) -> ModelScore:
    hit_cases = {a.case_id for a in run.alerts}
    sc = ModelScore(
        cm.id, cm.version, list(cm.model.scenarios), run.status, len(hit_cases),
        elapsed_ms=run.elapsed_ms, error=run.error,
    )  # fmt: skip
    if cm.model.scenarios and run.status == "ok":
        want: set[int] = set().union(*(truth.get(s, set()) for s in cm.model.scenarios))
        sc.truth = len(want)
        sc.tp = len(hit_cases & want)
        sc.fp_cases = sorted(hit_cases - want)
        sc.fn_cases = sorted(want - hit_cases)
        sc.fp, sc.fn = len(sc.fp_cases), len(sc.fn_cases)
    return sc


def backtest(
    con: duckdb.DuckDBPyConnection,
    models: Sequence[CompiledModel] | None = None,
    *,
    model_ids: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    save: bool = False,
    on_model: Callable[[CompiledModel, ModelRun | None], None] | None = None,
    data_scope: DataScope | None = None,
) -> list[ModelScore]:
    """Score the models against truth_anomalies; each within its time budget as in review.
    `data_scope`: what the models may read (a user's court tree, masked); None: everything."""
    all_models = list(models if models is not None else builtin_models())
    result = review(
        con, all_models, model_ids=model_ids, as_of=as_of, save=save, mode="backtest",
        on_model=on_model, data_scope=data_scope,
    )  # fmt: skip
    truth = truth_cases(con)
    by_id = {m.id: m for m in all_models}
    return [score(r, by_id[r.model_id], truth) for r in result.runs]


def uncovered_scenarios(
    con: duckdb.DuckDBPyConnection, models: Sequence[CompiledModel] | None = None
) -> list[str]:
    """Scenarios with truth rows that no model declares."""
    declared = {s for m in (models or builtin_models()) for s in m.model.scenarios}
    return sorted(set(truth_cases(con)) - declared)
