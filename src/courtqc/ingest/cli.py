"""`courtqc load`: files in the canonical layout into the store, bad rows to quarantine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from courtqc.cli_common import JsonOpt, NewDbOpt, out, print_json


def load_cmd(
    files: Annotated[
        list[Path],
        typer.Argument(help="CSV / JSON / JSONL / Parquet files named after a canonical table"),
    ],
    db: NewDbOpt,
    table: Annotated[
        str | None, typer.Option("--table", help="target table (default: from the file name)")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """导入数据文件（规范格式），坏行隔离 — load files, quarantining bad rows. Every good row
    loads; a file that cannot be read is named with its problem, and the command exits 2."""
    from courtqc.ingest.load import load_files

    results, errors = load_files(db, list(files), table)
    if as_json:
        print_json({"files": [r.__dict__ for r in results], "errors": errors})
    else:
        t = Table(title="导入结果 (load result)")
        for col in ("文件 file", "表 table", "已导入 loaded", "已隔离 quarantined", "原因 reasons"):
            t.add_column(col)
        for r in results:
            reasons = "; ".join(f"{k} ×{v}" for k, v in r.reasons.items())
            t.add_row(r.file, r.table, str(r.loaded), str(r.quarantined), reasons)
        out.print(t)
        for e in errors:
            out.print(f"[red]错误 error:[/red] {e}")
    if errors:  # the report above says which files and why; the status says "not all loaded"
        raise typer.Exit(code=2)


def register(app: typer.Typer) -> None:
    """Add `courtqc load` to the top-level app."""
    app.command("load")(load_cmd)
