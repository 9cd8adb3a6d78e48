"""`courtqc demo`: the main job on the embedded default, end to end, saying what it does.

Each step is a plain library call over one DuckDB file, so the demo is also the integration
path a court would script: generate (or load) data, resolve party identities, extract the
judgments, run every scenario model as a review and score it against ground truth, compute
the indicators, then serve the web platform.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def _step(title: str) -> float:
    console.rule(f"[bold cyan]{title}")
    return time.perf_counter()


def _done(t0: float) -> None:
    console.print(f"[green]完成[/green] ({time.perf_counter() - t0:.1f} s)")


def _fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    return f"{v:.1f}%" if unit in ("%", "percent") else f"{v:,.2f}"


def run_demo(db: Path, cases: int, seed: int) -> None:
    import duckdb

    from courtqc.engine.backtest import backtest
    from courtqc.extract.store import extract_store
    from courtqc.identity import resolve_parties
    from courtqc.indicators import Slice, compute, default_period
    from courtqc.synth import generate

    console.print(
        f"[bold]courtqc 演示[/bold]: 生成一个包含 {cases:,} 件案件的合成上海法院系统 → {db}\n"
        "(demo: a synthetic Shanghai court system, then the platform's jobs on it)"
    )
    if db.exists():
        db.unlink()
    t0 = _step(
        "1. 生成合成法院数据 (synthetic court: cases, parties, events, documents, registries)"
    )
    generate(db, cases=cases, seed=seed, progress=True)
    _done(t0)

    con = duckdb.connect(str(db))
    t0 = _step("2. 数据概况 (what is in the store)")
    t = Table(title="规范库各表行数 (rows per canonical table)")
    t.add_column("表 table")
    t.add_column("行数 rows", justify="right")
    for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
    ).fetchall():
        t.add_row(name, f"{con.execute(f'SELECT count(*) FROM {name}').fetchone()[0]:,}")
    console.print(t)
    _done(t0)

    t0 = _step("3. 当事人身份识别 (party identity resolution → parties.person_key)")
    stats = resolve_parties(con, progress=lambda msg: console.print(f"  {msg}"))
    console.print(f"  {stats}")
    _done(t0)

    t0 = _step("4. 裁判文书信息点抽取 (judgment info points → info_points)")
    counts = extract_store(con, progress=True)
    console.print(f"  {counts}")
    _done(t0)

    t0 = _step(
        "5. 场景模型全量评查与回测 (every built-in scenario model as a review, scored against ground truth)"
    )
    t = Table(title="模型回测 (backtest on the planted anomalies)")
    for col in ("模型 model", "命中 hits", "真值 truth", "精确率 P", "召回率 R"):
        t.add_column(col, justify="right" if col != "模型 model" else "left")
    # not saved: the alerts a live CMS would push come from the node checks at serve time
    scores = backtest(
        con, save=False, on_model=lambda m, run: None if run else console.print(f"  运行 {m.id} …")
    )
    for s in scores:
        p = "—" if s.precision is None else f"{s.precision:.3f}"
        r = "—" if s.recall is None else f"{s.recall:.3f}"
        t.add_row(s.model_id, str(s.hits), "—" if s.truth is None else str(s.truth), p, r)
    console.print(t)
    _done(t0)

    t0 = _step("6. 审判质效指标 (indicators for the whole city, latest full period)")
    period = default_period(con)
    values = compute(con, Slice(period=period, court="沪"))
    t = Table(title=f"全市法院 {period} 指标 (first 20 of {len(values)})")
    for col in ("指标", "indicator", "值 value"):
        t.add_column(col)
    for v in values[:20]:
        t.add_row(v.name_zh, v.name_en, _fmt(v.value, v.unit))
    console.print(t)
    _done(t0)
    con.close()
    console.print(f"\n[bold green]数据准备完成[/bold green]: {db}")


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo_cmd(
        db: Annotated[Path, typer.Option("--db", help="DuckDB file to (re)create")] = Path(
            "demo.duckdb"
        ),
        cases: Annotated[int, typer.Option("--cases", help="number of cases to generate")] = 20000,
        seed: Annotated[int, typer.Option("--seed", help="random seed")] = 1,
        serve: Annotated[
            bool, typer.Option("--serve/--no-serve", help="end by serving the web platform")
        ] = True,
        port: Annotated[int, typer.Option("--port", help="port for the web platform")] = 8000,
    ) -> None:
        """演示：生成合成法院并运行平台 — run the end-to-end demo, then serve the web platform."""
        run_demo(db, cases, seed)
        if serve:
            console.rule(
                "[bold cyan]7. 启动审判监督管理平台 (web platform with one demo account per role)"
            )
            app(["serve", "--db", str(db), "--demo", "--port", str(port)], standalone_mode=False)
