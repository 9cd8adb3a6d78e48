"""`courtqc load`: files in the canonical layout into the store, bad rows to quarantine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table


def register(app: typer.Typer) -> None:
    @app.command("load")
    def load_cmd(
        files: Annotated[
            list[Path],
            typer.Argument(help="CSV / JSON / JSONL / Parquet files named after a canonical table"),
        ],
        db: Annotated[
            Path, typer.Option("--db", help="DuckDB store to load into (created if absent)")
        ],
        table: Annotated[
            str | None, typer.Option("--table", help="target table (default: from the file name)")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
    ) -> None:
        """导入数据文件（规范格式），坏行隔离 — load files, quarantining bad rows."""
        from courtqc.ingest.load import load_files

        results, errors = load_files(db, list(files), table)
        if as_json:
            typer.echo(
                json.dumps(
                    {"files": [r.__dict__ for r in results], "errors": errors},
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            console = Console()
            t = Table(title="导入结果 (load result)")
            for col in (
                "文件 file",
                "表 table",
                "已导入 loaded",
                "已隔离 quarantined",
                "原因 reasons",
            ):
                t.add_column(col)
            for r in results:
                reasons = "; ".join(f"{k} ×{v}" for k, v in r.reasons.items())
                t.add_row(r.file, r.table, str(r.loaded), str(r.quarantined), reasons)
            console.print(t)
            for e in errors:
                console.print(f"[red]错误 error:[/red] {e}")
        if errors:
            raise typer.Exit(code=2)
