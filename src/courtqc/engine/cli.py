"""`courtqc check | review | backtest | alerts | feedback | helpful`: the engine's commands,
module-level functions that `register` adds to the `courtqc` app. A missing store, case or
alert is raised as a `CourtqcError` and reported by the app (cli_common)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from courtqc.cli_common import (
    DbOpt,
    JsonOpt,
    err,
    fail,
    invalid_input,
    open_db,
    out,
    parse_date,
    print_json,
)
from courtqc.models.cli import all_models
from courtqc.models.library import CompiledModel

ModelsDirOpt = Annotated[
    Path | None,
    typer.Option("--models-dir", help="extra model YAML directory (added to the built-ins)"),
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="day checks are made for (default: latest event)")
]


def register(app: typer.Typer) -> None:
    """The engine's commands, at the top level of `courtqc`."""
    for name, fn in (
        ("check", check_cmd),
        ("review", review_cmd),
        ("backtest", backtest_cmd),
        ("alerts", alerts_cmd),
        ("feedback", feedback_cmd),
        ("helpful", helpful_cmd),
    ):
        app.command(name)(fn)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def check_cmd(
    db: DbOpt,
    case: Annotated[str, typer.Option("--case", help="case number 案号 (or case_id)")],
    node: Annotated[str, typer.Option("--node", help="workflow node id, e.g. filing")],
    models_dir: ModelsDirOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Node mode: run every live / shadow model bound to NODE for one case (嵌入式预警)."""
    from courtqc.engine.node import NodeChecker

    con = open_db(db)
    checker = NodeChecker(con, all_models(models_dir), as_of=parse_date(as_of, "--as-of"))
    key: int | str = int(case) if case.isdigit() else case
    with invalid_input(ValueError):  # an unknown node; an unknown case is NotFound
        res = checker.check(key, node)
    if as_json:
        print_json(res.to_dict())
        return
    out.print(
        f"[bold]{res.case_no}[/bold] @ {node}: {len(res.alerts)} 条预警，"
        f"{len(res.shadow_alerts)} 条试运行预警，用时 {res.elapsed_ms:.1f} ms"
    )
    for a in res.alerts:
        out.print(escape(f"  [{a.severity}] {a.model_id}: {a.message}"))
    for e in res.errors:
        err.print(f"  [yellow]模型失败[/yellow] {escape(str(e))}")


def review_cmd(
    db: DbOpt,
    model: Annotated[
        list[str] | None, typer.Option("--model", help="model id (repeatable)")
    ] = None,
    court: Annotated[
        list[str] | None, typer.Option("--court", help="court code, with the courts below it")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="cases filed on or after YYYY-MM-DD")
    ] = None,
    models_dir: ModelsDirOpt = None,
    as_of: AsOfOpt = None,
    no_save: Annotated[bool, typer.Option("--no-save", help="do not store alerts")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Review mode: run models over all matching cases (一键评查) and store their alerts."""
    from courtqc.domain.courts import BY_CODE, descendants
    from courtqc.engine.review import review

    courts = None
    if court:
        bad = [c for c in court if c not in BY_CODE]
        if bad:
            fail(f"未知法院代字 (unknown court code): {', '.join(bad)}")
        courts = sorted({d for c in court for d in descendants(c)})
    con = open_db(db, read_only=no_save)
    ms = all_models(models_dir)
    with _progress() as bar:
        task = bar.add_task("评查", total=len(model) if model else None)

        def on_model(m: CompiledModel, run: Any) -> None:
            if run is None:
                bar.update(task, description=f"评查 {m.id}")
            else:
                bar.advance(task)

        res = review(
            con, ms, model_ids=model, courts=courts, since=parse_date(since, "--since"),
            as_of=parse_date(as_of, "--as-of"), save=not no_save, on_model=on_model,
        )  # fmt: skip
    if as_json:
        print_json({"as_of": res.as_of, "new_alerts": res.new_alerts, "models": res.summary()})
        return
    t = Table("模型", "状态", "命中", "用时 ms")
    for r in res.summary():
        t.add_row(r["model_id"], r["status"], str(r["hits"]), f"{r['elapsed_ms']:.0f}")
    out.print(t)
    out.print(f"新增预警 {res.new_alerts} 条")


def backtest_cmd(
    db: DbOpt,
    model: Annotated[
        list[str] | None, typer.Option("--model", help="model id (repeatable)")
    ] = None,
    models_dir: ModelsDirOpt = None,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Backtest: run models over history and score them against truth_anomalies."""
    from courtqc.engine.backtest import backtest

    con = open_db(db, read_only=True)
    ms = all_models(models_dir)
    with _progress() as bar:
        task = bar.add_task("回测", total=len(model) if model else len(ms))

        def on_model(m: CompiledModel, run: Any) -> None:
            if run is None:
                bar.update(task, description=f"回测 {m.id}")
            else:
                bar.advance(task)

        scores = backtest(
            con, ms, model_ids=model, as_of=parse_date(as_of, "--as-of"), on_model=on_model
        )
    if as_json:
        print_json([s.to_dict() for s in scores])
        return
    t = Table("模型", "场景", "命中", "TP", "FP", "FN", "精确率", "召回率")
    for s in scores:
        f = lambda v: "—" if v is None else str(v)  # noqa: E731
        t.add_row(s.model_id, ",".join(s.scenarios), str(s.hits), f(s.tp), f(s.fp), f(s.fn),
                  f(s.precision), f(s.recall))  # fmt: skip
    out.print(t)


def alerts_cmd(
    db: DbOpt,
    model: Annotated[str | None, typer.Option("--model")] = None,
    case: Annotated[str | None, typer.Option("--case", help="case number")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 50,
    as_json: JsonOpt = False,
) -> None:
    """List stored alerts (newest first)."""
    con = open_db(db, read_only=True)
    where, args = [], []
    if model:
        where.append("model_id = ?")
        args.append(model)
    if case:
        where.append("case_no = ?")
        args.append(case)
    try:
        cur = con.execute(
            "SELECT alert_id, model_id, model_version, case_no, party_id, node, severity, "
            "message, status, mode, pushed, created_at FROM alerts"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + " ORDER BY alert_id DESC LIMIT ?",
            [*args, limit],
        )
    except duckdb.CatalogException:
        fail("该库尚无预警表 (no alerts yet: run review or check first)")
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    if as_json:
        print_json(rows)
        return
    t = Table("编号", "模型", "案号", "级别", "提示")
    for r in rows:
        t.add_row(
            str(r["alert_id"]), r["model_id"], r["case_no"] or "", r["severity"], r["message"]
        )
    out.print(t)


def feedback_cmd(
    db: DbOpt,
    alert: Annotated[int, typer.Option("--alert", help="alert_id")],
    by: Annotated[str, typer.Option("--by", help="who gives the feedback")],
    helpful: Annotated[bool, typer.Option("--helpful/--not-helpful")] = True,
    reason: Annotated[str | None, typer.Option("--reason")] = None,
) -> None:
    """Record feedback on an alert (有帮助 / 无帮助, reason, by whom)."""
    from courtqc.engine import store

    con = open_db(db)
    store.ensure(con)
    with invalid_input(ValueError):  # no reason giver; an unknown alert is NotFound
        fid = store.add_feedback(con, alert, helpful, by, reason)
    out.print(f"已记录反馈 {fid}")


def helpful_cmd(
    db: DbOpt,
    by: Annotated[str, typer.Option("--by", help="model | category | court")] = "model",
    as_json: JsonOpt = False,
) -> None:
    """Helpful rate (有效率) per model, category or court."""
    from courtqc.engine import store

    con = open_db(db, read_only=True)
    try:
        with invalid_input(ValueError):
            rows = store.helpful_rates(con, by)
    except duckdb.CatalogException:
        fail("该库尚无预警表 (no alerts yet)")
    if as_json:
        print_json(rows)
        return
    t = Table(by, "推送", "反馈", "有帮助", "有效率")
    for r in rows:
        rate = "—" if r["helpful_rate"] is None else f"{r['helpful_rate']:.1%}"
        t.add_row(str(r[by]), str(r["pushed"]), str(r["with_feedback"]), str(r["helpful"]), rate)
    out.print(t)
