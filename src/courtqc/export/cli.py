"""`courtqc export`: the canonical store as partitioned Parquet (courtqc.export.parquet)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from courtqc.cli_common import DbOpt, JsonOpt, err, fail, out, print_json


def export_cmd(
    db: DbOpt,
    to: Annotated[Path, typer.Option("--out", help="输出目录 (output folder)")],
    fmt: Annotated[str, typer.Option("--format", help="parquet")] = "parquet",
    table: Annotated[
        list[str] | None, typer.Option("--table", help="只导出这些表 (only these tables)")
    ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="覆盖已有导出 (overwrite)")] = False,
    as_json: JsonOpt = False,
) -> None:
    """导出规范库为分区 Parquet — export the store as partitioned Parquet (for Spark)."""
    from courtqc.export import export_parquet

    if fmt != "parquet":
        fail(f"不支持的格式 {fmt!r}，只支持 parquet (unsupported format: parquet only)")
    err.print(f"导出 exporting {db} → {to}")
    res = export_parquet(db, to, tables=table or None, replace=replace)
    if as_json:
        print_json(res.to_dict())
        return
    for t in res.tables:
        part = "按年分区 by year" if t.partitioned else ""
        out.print(f"{t.table:24} {t.rows:>12,} 行 rows  {t.bytes / 1e6:9.1f} MB  {part}")
    out.print(f"共 total {res.bytes / 1e6:.1f} MB in {res.seconds:.1f} s → {res.out}")


def register(app: typer.Typer) -> None:
    app.command("export")(export_cmd)
