"""`courtqc demo`: the main job on the embedded default, end to end, saying what it does.

Each step is a plain function over one DuckDB file, so the demo is also the integration
path a court would script: generate (or load) data, resolve identities, extract documents,
run the scenario models, compute indicators, serve.
"""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

console = Console()


def _step(title: str) -> float:
    console.rule(f"[bold cyan]{title}")
    return time.perf_counter()


def _done(t0: float) -> None:
    console.print(f"[green]完成[/green] ({time.perf_counter() - t0:.1f} s)")


def run_demo(db: Path, cases: int, seed: int) -> None:
    import duckdb

    from courtqc.synth import generate

    console.print(
        f"[bold]courtqc 演示[/bold]: 生成一个包含 {cases:,} 件案件的合成上海法院系统 → {db}\n"
        "(demo: a synthetic Shanghai court system, then the platform's jobs on it)"
    )
    if db.exists():
        db.unlink()
    t0 = _step("1. 生成合成法院数据 (synthetic court)")
    generate(db, cases=cases, seed=seed, progress=True)
    _done(t0)

    con = duckdb.connect(str(db))
    t0 = _step("2. 数据概况 (what is in the store)")
    t = Table(title="规范库各表行数 (rows per canonical table)")
    t.add_column("表 table")
    t.add_column("行数 rows", justify="right")
    for (name,) in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall():
        t.add_row(name, f"{con.execute(f'SELECT count(*) FROM {name}').fetchone()[0]:,}")
    console.print(t)
    t = Table(title="埋设的异常 (planted anomalies, ground truth)")
    t.add_column("场景 scenario")
    t.add_column("案件 cases", justify="right")
    for scenario, n in con.execute(
        "SELECT scenario, count(DISTINCT case_id) FROM truth_anomalies GROUP BY 1 ORDER BY 1"
    ).fetchall():
        t.add_row(scenario, str(n))
    console.print(t)
    _done(t0)
    con.close()
    console.print(f"\n[bold green]演示完成[/bold green]: 数据库 {db}")


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo_cmd(
        db: Path = typer.Option(Path("demo.duckdb"), "--db", help="DuckDB file to (re)create"),
        cases: int = typer.Option(20000, "--cases", help="number of cases to generate"),
        seed: int = typer.Option(1, "--seed", help="random seed"),
    ) -> None:
        """演示：生成合成法院并运行平台 — run the end-to-end demo."""
        run_demo(db, cases, seed)
