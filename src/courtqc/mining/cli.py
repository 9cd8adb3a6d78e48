"""`courtqc mine`: mine a target over a store and print the ranked proposals (or JSON), with a
progress bar on stderr; `--out DIR` writes each draft as DIR/<id>.yaml for `courtqc models
validate` or the workshop, `--save` keeps the run and its proposals in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from courtqc.cli_common import DbOpt, JsonOpt, err, fail, open_db, parse_date, print_json
from courtqc.cli_common import out as console
from courtqc.mining.methods import METHOD_ZH

TargetOpt = Annotated[
    str,
    typer.Option(
        "--target",
        help="reversal | review_defect | helpful | overdue | selection（改判发回、评查瑕疵、"
        "预警有用、超审限、案件选集）",
    ),
]


def _courts(con, court: str) -> list[str]:
    """The court and every court below it (the court tree in the store)."""
    rows = con.execute(
        """WITH RECURSIVE t(code) AS (
               SELECT court_code FROM courts WHERE court_code = ?
               UNION ALL SELECT c.court_code FROM courts c JOIN t ON c.parent_code = t.code)
           SELECT code FROM t ORDER BY code""",
        [court],
    ).fetchall()
    if not rows:
        fail(f"未知法院 {court!r} (unknown court)")
    return [r[0] for r in rows]


def mine_cmd(
    db: DbOpt,
    target: TargetOpt,
    court: Annotated[
        str | None, typer.Option("--court", help="只挖掘该院及下级法院 (a court and its tree)")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="立案日期起 YYYY-MM-DD")] = None,
    split: Annotated[
        str | None,
        typer.Option("--split", help="留出期起点 YYYY-MM-DD（默认：最近两个年度）(held back from)"),
    ] = None,
    method: Annotated[
        list[str] | None,
        typer.Option(
            "--method",
            help=" | ".join(f"{m}（{z}）" for m, z in METHOD_ZH.items())
            + "；可重复，默认全部 (repeatable; default: every method)",
        ),
    ] = None,
    selection: Annotated[
        Path | None,
        typer.Option("--selection", help="案件选集：每行一个案号 (target selection: case numbers)"),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="把每个草案写成 DIR/<id>.yaml (write drafts)")
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="保存挖掘记录和提案 (store the run)")
    ] = False,
    by: Annotated[str, typer.Option("--by", help="操作人 (who runs it)")] = "cli",
    no_duplicates: Annotated[
        bool, typer.Option("--no-duplicates", help="不与现有模型比对 (skip the library check)")
    ] = False,
    top: Annotated[int, typer.Option("--top", help="表格显示前 N 个提案")] = 20,
    as_json: JsonOpt = False,
) -> None:
    """模型挖掘：从历史案件中发现规律，生成申报状态的场景模型草案 (propose scenario models
    mined from past cases: decision trees, association rules, clustering, regression)."""
    from courtqc import mining
    from courtqc.mining import store

    if target == "selection":
        if selection is None:
            fail("目标 selection 需要 --selection 文件 (a file of case numbers)")
        try:
            nos = [ln.strip() for ln in selection.read_text(encoding="utf-8").splitlines()]
        except (OSError, UnicodeDecodeError) as e:
            fail(
                f"无法读取选集文件 {selection} (cannot read the selection): {e.__class__.__name__}"
            )
        tgt = mining.for_selection(mining.Selection(selection.stem, tuple(n for n in nos if n)))
    else:
        tgt = mining.get(target)
    con = open_db(db)
    courts = _courts(con, court) if court else None
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("模型挖掘 (mining)", total=1)

        def progress(what: str, done: int, total: int) -> None:
            bar.update(task, description=what, completed=done, total=total)

        res = mining.mine(
            con, tgt, courts=courts, since=parse_date(since, "--since"), split=parse_date(split, "--split"),
            methods=tuple(method or mining.METHODS), owner_court=court or "沪",
            check_duplicates=not no_duplicates, progress=progress,
        )  # fmt: skip
    if save:
        store.save(con, res, court or "沪", by)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        for p in res.proposals:
            (out_dir / f"{p.id}.yaml").write_text(p.yaml, encoding="utf-8")
    if as_json:
        print_json(res.to_dict())
        return
    _print(res, top)
    if out_dir is not None:
        err.print(f"{len(res.proposals)} 个草案已写入 {out_dir} (drafts written)")


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.0%}"


def _print(res, top: int) -> None:
    console.print(
        f"目标：{res.target_zh}；{res.population} 件，其中 {res.positives} 件被标记；"
        f"训练期 {res.train_positives} 件，{res.split} 起留出 {res.test_positives} 件；"
        f"用时 {res.seconds:.1f} 秒"
    )
    if res.ranking:
        console.print(
            "特征分析（互信息）："
            + "、".join(
                f"{r['zh']}{'=' + r['level'] if r['level'] else ''}" for r in res.ranking[:8]
            )
        )
    for m, info in res.methods.items():
        extra = ""
        if m == "regression" and "mae_days" in info:
            extra = f"；审理天数预测误差 {info['mae_days']} 天，R² {info['r2']}"
        if m == "cluster":
            extra = f"；{info.get('clusters', 0)} 组，离群 {info.get('outliers', 0)} 件"
        console.print(f"  {m}: {info['findings']} 个发现，{info['seconds']} 秒{extra}")
    t = Table(title=f"申报提案（共 {len(res.proposals)} 个）")
    for col in ("方法", "规律", "训练期命中", "留出期精确率", "留出期召回率", "重复", "模型 id"):
        t.add_column(col)
    for p in res.proposals[:top]:
        t.add_row(
            p.method_zh,
            p.explanation,
            f"{p.support['hits']}/{p.support['cases']}",
            _pct(p.backtest.precision),
            _pct(p.backtest.recall),
            p.duplicate_of or "",
            p.id,
        )
    console.print(t)


def register(app: typer.Typer) -> None:
    """`courtqc mine`."""
    app.command("mine")(mine_cmd)
