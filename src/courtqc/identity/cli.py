"""`courtqc identity resolve`: fill parties.person_key in a store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

identity_app = typer.Typer(
    help="当事人身份识别 — party identity resolution (parties.person_key).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(identity_app, name="identity")


@identity_app.command("resolve")
def resolve_cmd(
    db: Annotated[Path, typer.Option("--db", help="DuckDB store whose parties to resolve")],
    as_json: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help="natural persons without an ID number: rules (default) | splink (docs/IDENTITY.md)",
        ),
    ] = "rules",
) -> None:
    """识别同一当事人并写入 person_key — resolve which party rows are the same person or company.

    Where the store has truth_identities (a synthetic court), also prints the pairwise
    precision and recall of the result against it."""
    from courtqc.identity.evaluate import pairwise_scores
    from courtqc.identity.resolve import METHODS, resolve_parties
    from courtqc.schema import connect

    if method not in METHODS:
        typer.echo(
            f"错误：未知的方法 {method} (unknown method; one of {', '.join(METHODS)})", err=True
        )
        raise typer.Exit(code=2)

    if not db.exists():
        typer.echo(f"错误：数据库文件不存在 (store not found): {db}", err=True)
        raise typer.Exit(code=2)
    console = Console(stderr=True, quiet=as_json)
    con = connect(db)
    try:
        with console.status("身份识别 resolving identities") as status:
            stats = resolve_parties(con, progress=lambda msg: status.update(msg), method=method)
        has_truth = con.execute("SELECT count(*) FROM truth_identities").fetchall()[0][0] > 0
        scores = pairwise_scores(con) if has_truth else None
    finally:
        con.close()
    if as_json:
        out = {"stats": stats.as_dict(), "pairwise": scores.as_dict() if scores else None}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    t = Table(title=f"身份识别结果 (identity resolution) — {db}")
    t.add_column("项目 item")
    t.add_column("数量 value", justify="right")
    labels = {
        "rows": "当事人记录 party rows",
        "natural_with_id": "按身份证号 keyed by ID number",
        "legal_with_uscc": "按统一社会信用代码 keyed by credit code",
        "name_to_uscc": "按名称归入信用代码 joined a code by name",
        "candidate_pairs": "模糊比对对数 candidate pairs scored",
        "fuzzy_merges": "模糊合并 fuzzy merges",
        "identities": "识别出的主体 identities",
        "seconds": "用时（秒） seconds",
    }
    for k, v in stats.as_dict().items():
        t.add_row(labels.get(k, k), f"{v:,}" if isinstance(v, int) else str(v))
    if scores:
        t.add_row("对照真值：精确率 pairwise precision", f"{scores.precision:.4f}")
        t.add_row("对照真值：召回率 pairwise recall", f"{scores.recall:.4f}")
    Console().print(t)
