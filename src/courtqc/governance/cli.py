"""`courtqc quality`: the data quality report, and standardising a store already filled."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from courtqc.cli_common import DbOpt, JsonOpt, open_db, print_json

quality_app = typer.Typer(
    help="数据治理 — data governance: quality report and standardisation (docs/GOVERNANCE.md).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(quality_app, name="quality")


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x:.0%}"


@quality_app.command("report")
def report_cmd(
    db: DbOpt,
    court: Annotated[
        str | None, typer.Option("--court", help="法院代码，含下级法院 (court and those below it)")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """数据质量报告 — completeness, validity, duplicates and standardisation counts of party
    data per court (with a monthly trend) and per intake source."""
    from courtqc.errors import NotFound
    from courtqc.governance.report import quality_report
    from courtqc.web.visibility import CourtTree

    con = open_db(db, read_only=True)
    try:
        courts = None
        if court is not None:
            tree = CourtTree.load(con)
            if court not in tree.parent:
                raise NotFound(f"法院 {court} 不存在 (no such court)")
            courts = tree.descendants(court)
        rep = quality_report(con, courts, sources=court is None)
    finally:
        con.close()
    if as_json:
        print_json(rep)
        return
    out = Console()
    t = Table(title=f"数据质量 data quality — {db.name}")
    for c in (
        "法院 court",
        "字段 field",
        "应有 expected",
        "完整 complete",
        "有效 valid",
        "已标准化 std",
    ):
        t.add_column(c, justify="left" if c.startswith(("法", "字")) else "right")
    for r in rep["courts"]:
        for f, v in r["fields"].items():
            n = sum(r["standardised"].get(f, {}).values())
            t.add_row(
                r["court_code"],
                f,
                f"{v['expected']:,}",
                _pct(v["completeness"]),
                _pct(v["validity"]),
                f"{n:,}",
            )
        d = r["duplicates"]
        t.add_row(
            r["court_code"],
            "重复 duplicates",
            f"{r['rows']:,}",
            f"身份 {d.get('duplicate_rows_by_identity', 0):,}",
            f"证号 {d.get('duplicate_rows_by_id_number', 0):,}",
            "",
            end_section=True,
        )
    out.print(t)
    if rep.get("sources"):
        s = Table(title="按来源 by intake source")
        for c in (
            "来源 source",
            "表 table",
            "列 column",
            "seen",
            "完整 complete",
            "改写 changed",
            "无效 invalid",
            "部分 partial",
        ):
            s.add_column(c)
        for r in rep["sources"]:
            s.add_row(
                r["source"],
                r["table"],
                r["column"],
                f"{r['seen']:,}",
                _pct(r["completeness"]),
                f"{r['changed']:,}",
                f"{r['invalid']:,}",
                f"{r['partial']:,}",
            )
        out.print(s)


@quality_app.command("standardise")
def standardise_cmd(db: DbOpt, as_json: JsonOpt = False) -> None:
    """标准化库中已有数据 — bring rows already in a store into canonical form, raw values kept
    beside (data loaded before governance, or a synthetic court written messy)."""
    from courtqc.governance.intake import standardise_store

    con = open_db(db)
    try:
        done = standardise_store(con)
    finally:
        con.close()
    if as_json:
        print_json(done)
        return
    for t, n in done.items():
        typer.echo(f"{t}: {n:,} 个值已标准化 (values standardised)")
