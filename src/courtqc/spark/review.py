"""Review and backtest on Spark: the same compiled models, wrapped as courtqc.engine.run wraps
them, transpiled to Spark SQL, their rows turned into alerts by the engine's own
`alerts_from_rows` — so fingerprints, messages and evidence are made by one piece of code
whichever engine ran the SQL — and scored by the engine's own backtest `score`.

A Python-operator model (logic: python) has no SQL; it is reported as `skipped` here (at
cluster scale it would be a mapInPandas over documents — docs/SCALE.md).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from courtqc.engine.backtest import ModelScore, score
from courtqc.engine.run import ModelRun, Scope, alerts_from_rows, wrapped_sql
from courtqc.models.library import CompiledModel, builtin_models
from courtqc.spark.catalog import install_operators, register_tables
from courtqc.spark.transpile import Untranslatable, to_spark


@dataclass
class SparkReview:
    runs: list[ModelRun]
    as_of: dt.date
    setup_s: float
    missing_operators: list[str] = field(default_factory=list)

    @property
    def alerts(self):
        return [a for r in self.runs for a in r.alerts]


def prepare(
    spark, export: str | Path, as_of: dt.date | None = None
) -> tuple[dict, dt.date, list[str]]:
    """Register the export's tables and the operators; returns (manifest, as_of, missing)."""
    manifest = register_tables(spark, export)
    day = as_of or dt.date.fromisoformat(manifest["as_of"])
    return manifest, day, install_operators(spark, day)


def run_one(spark, cm: CompiledModel, scope: Scope, as_of: dt.date) -> ModelRun:
    """One model on Spark; a model's failure is reported in its run, never raised."""
    t0 = time.perf_counter()
    if cm.sql is None:
        return ModelRun(cm.id, cm.version, "skipped", 0.0,
                        error="Python 算子模型不在 Spark 上运行 (Python-operator model: not on Spark)")  # fmt: skip
    try:
        sql = to_spark(wrapped_sql(cm, scope), as_of=as_of)
        df = spark.sql(sql)
        names = df.columns
        rows = [tuple(r) for r in df.collect()]
    except Untranslatable as e:
        return ModelRun(cm.id, cm.version, "error", (time.perf_counter() - t0) * 1000, error=str(e))
    except Exception as e:  # a model's failure must never stop the others
        first = str(e).splitlines()[0] if str(e) else ""
        return ModelRun(cm.id, cm.version, "error", (time.perf_counter() - t0) * 1000,
                        error=f"{type(e).__name__}: {first[:300]}")  # fmt: skip
    alerts = alerts_from_rows(cm, names, rows, None)
    return ModelRun(cm.id, cm.version, "ok", (time.perf_counter() - t0) * 1000, alerts)


def review(
    spark,
    export: str | Path,
    models: Sequence[CompiledModel] | None = None,
    *,
    model_ids: Sequence[str] | None = None,
    courts: Sequence[str] | None = None,
    since: dt.date | None = None,
    as_of: dt.date | None = None,
    on_model: Callable[[CompiledModel, ModelRun], None] | None = None,
) -> SparkReview:
    """Every model (or `model_ids`) over the export, on Spark. Unlike DuckDB's review it does
    not look at lifecycle states (the export has no platform tables): name the models, or all
    built-ins run."""
    t0 = time.perf_counter()
    _manifest, day, missing = prepare(spark, export, as_of)
    setup = time.perf_counter() - t0
    chosen = list(models if models is not None else builtin_models())
    if model_ids:
        chosen = [m for m in chosen if m.id in set(model_ids)]
    scope = Scope(courts=courts, since=since)
    runs = []
    for m in chosen:
        run = run_one(spark, m, scope, day)
        runs.append(run)
        if on_model:
            on_model(m, run)
    return SparkReview(runs, day, round(setup, 3), missing)


def truth_cases(spark) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for s, c in spark.sql(
        "SELECT scenario, case_id FROM truth_anomalies WHERE case_id IS NOT NULL"
    ).collect():
        out.setdefault(s, set()).add(int(c))
    return out


def backtest(spark, export: str | Path, models: Sequence[CompiledModel] | None = None,
             **kw) -> list[ModelScore]:  # fmt: skip
    """review() scored against the export's truth_anomalies, with the engine's scoring."""
    all_models = list(models if models is not None else builtin_models())
    res = review(spark, export, all_models, **kw)
    truth = truth_cases(spark)
    by_id = {m.id: m for m in all_models}
    return [score(r, by_id[r.model_id], truth) for r in res.runs]
