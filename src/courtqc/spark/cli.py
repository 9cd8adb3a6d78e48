"""`courtqc spark review | backtest`: the model library on Apache Spark over a Parquet export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from courtqc.cli_common import JsonOpt, MaybeDbOpt, err, out, print_json

spark_app = typer.Typer(help="在 Spark 上运行模型 (models on Apache Spark)", no_args_is_help=True)

ExportOpt = Annotated[
    Path, typer.Option("--parquet", help="courtqc export 的输出目录 (a Parquet export)")
]
MasterOpt = Annotated[
    str, typer.Option("--master", help="Spark master: local[N], spark://host:7077, yarn, k8s://...")
]
ModelOpt = Annotated[list[str] | None, typer.Option("--model", help="只运行这些模型 (only these)")]


@spark_app.command("review")
def review_cmd(
    parquet: ExportOpt,
    master: MasterOpt = "local[2]",
    model: ModelOpt = None,
    court: Annotated[list[str] | None, typer.Option("--court")] = None,
    since: Annotated[str | None, typer.Option("--since", help="YYYY-MM-DD")] = None,
    db: MaybeDbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """评查模式（Spark）— review on Spark; --db writes the alerts back to a DuckDB store."""
    from courtqc.cli_common import invalid_input
    from courtqc.spark import review as sr
    from courtqc.spark.session import spark_session

    with invalid_input(ValueError):
        day = dt.date.fromisoformat(since) if since else None
    spark = spark_session(master)
    res = sr.review(spark, parquet, model_ids=model, courts=court, since=day,
                    on_model=lambda m, r: err.print(f"  {m.id}: {r.status} {len(r.alerts)}"))  # fmt: skip
    new = 0
    if db is not None:
        from courtqc.cli_common import open_db
        from courtqc.clock import utcnow_s
        from courtqc.engine import store

        con = open_db(db)
        store.ensure(con)
        for r in res.runs:
            if r.status == "ok":
                run_id = store.record_run(con, r, mode="review", started_at=utcnow_s())
                new += store.save_alerts(con, r.alerts, mode="review", pushed=False, run_id=run_id)
        con.close()
    rows = [
        {"model_id": r.model_id, "status": r.status, "hits": len(r.alerts),
         "elapsed_ms": round(r.elapsed_ms, 1), "error": r.error}
        for r in res.runs
    ]  # fmt: skip
    if as_json:
        print_json({"as_of": res.as_of, "setup_s": res.setup_s, "new_alerts": new, "runs": rows})
        return
    for r in rows:
        out.print(f"{r['model_id']:40} {r['status']:8} {r['hits']:>6}  {r['elapsed_ms']:>9} ms")
    out.print(f"告警 alerts: {len(res.alerts)}  新存 stored: {new}  准备 setup {res.setup_s} s")


@spark_app.command("backtest")
def backtest_cmd(
    parquet: ExportOpt,
    master: MasterOpt = "local[2]",
    model: ModelOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """回测（Spark）— backtest on Spark against the export's truth_anomalies."""
    from courtqc.spark import review as sr
    from courtqc.spark.session import spark_session

    scores = sr.backtest(spark_session(master), parquet, model_ids=model)
    if as_json:
        print_json([s.to_dict() for s in scores])
        return
    for s in scores:
        out.print(f"{s.model_id:40} {s.status:8} hits {s.hits:>5} P {s.precision} R {s.recall}")


def register(app: typer.Typer) -> None:
    app.add_typer(spark_app, name="spark")
