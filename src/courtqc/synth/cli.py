"""`courtqc synth`: generate the synthetic court into a DuckDB store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from courtqc.synth.generate import SHARD_CASES, SynthError, generate, replace_store


def register(app: typer.Typer) -> None:
    @app.command("synth")
    def synth(
        cases: Annotated[
            int, typer.Option("--cases", help="案件数 number of cases (≥ 500)")
        ] = 20_000,
        seed: Annotated[
            int, typer.Option("--seed", help="随机种子 seed: same seed, same data")
        ] = 1,
        db: Annotated[Path, typer.Option("--db", help="DuckDB 文件 store to create")] = Path(
            "court.duckdb"
        ),
        replace: Annotated[
            bool, typer.Option("--replace", help="覆盖已有文件 delete an existing store first")
        ] = False,
        quiet: Annotated[bool, typer.Option("--quiet", help="不显示进度 no progress bar")] = False,
        shard_cases: Annotated[
            int,
            typer.Option(
                "--shard-cases",
                help="每个分片的案件数：更大的法院分片规划、写入，内存随分片而非总量 "
                "(cases per shard: a bigger court is planned and written a shard at a time; "
                "a court of at most this many cases is generated exactly as unsharded; ≥ 500)",
            ),
        ] = SHARD_CASES,
    ) -> None:
        """生成合成法院数据 — generate a synthetic Shanghai court system with planted anomalies."""
        console = Console()
        if replace:
            replace_store(db)
        try:
            stats = generate(
                db, cases=cases, seed=seed, progress=not quiet, shard_cases=shard_cases
            )
        except SynthError as e:
            console.print(f"[red]错误 error:[/red] {e}")
            raise typer.Exit(2) from None
        shards = f", {stats.shards} 个分片 shards" if stats.shards > 1 else ""
        t = Table(
            title=f"{db} — {stats.cases:,} 件案件, seed {stats.seed}{shards}, {stats.seconds:.1f} s"
        )
        t.add_column("表 table")
        t.add_column("行数 rows", justify="right")
        for name, n in sorted(stats.rows.items()):
            t.add_row(name, f"{n:,}")
        console.print(t)
        t = Table(title="埋设的异常 planted anomalies (truth_anomalies)")
        t.add_column("场景 scenario")
        t.add_column("案件 cases", justify="right")
        t.add_column("非埋设 incidental", justify="right")
        for s, n in stats.truth_cases.items():
            t.add_row(s, str(n), str(stats.incidental.get(s, 0)))
        console.print(t)
