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
        "review_pairs": "待复核边界对 borderline pairs for review",
        "decisions_applied": "人工决定已生效 steward decisions applied",
        "decisions_refused": "人工决定未能生效 steward decisions refused",
        "identities": "识别出的主体 identities",
        "seconds": "用时（秒） seconds",
    }
    for k, v in stats.as_dict().items():
        t.add_row(labels.get(k, k), f"{v:,}" if isinstance(v, int) else str(v))
    if scores:
        t.add_row("对照真值：精确率 pairwise precision", f"{scores.precision:.4f}")
        t.add_row("对照真值：召回率 pairwise recall", f"{scores.recall:.4f}")
    Console().print(t)


review_app = typer.Typer(
    help="身份复核 — the clerical-review list of borderline pairs and a steward's decisions.",
    no_args_is_help=True,
)
identity_app.add_typer(review_app, name="review")

_DB_OPT = typer.Option("--db", help="DuckDB store (after courtqc identity resolve)")


def _open(db: Path):  # type: ignore[no-untyped-def]
    from courtqc.schema import connect

    if not db.exists():
        typer.echo(f"错误：数据库文件不存在 (store not found): {db}", err=True)
        raise typer.Exit(code=2)
    return connect(db)


@review_app.command("list")
def review_list_cmd(
    db: Annotated[Path, _DB_OPT],
    status: Annotated[str, typer.Option(help="pending | decided | all")] = "pending",
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="print the pairs as JSON")] = False,
) -> None:
    """列出待复核的边界对 — the borderline pairs of the last resolve, weakest evidence first
    (ID numbers and phones masked)."""
    from courtqc.errors import CourtqcError
    from courtqc.identity.review import list_pairs
    from courtqc.web.masking import mask_record

    con = _open(db)
    try:
        total, rows = list_pairs(con, status=status, limit=limit)
    except CourtqcError as e:
        typer.echo(f"错误：{e.message}", err=True)
        raise typer.Exit(code=2) from None
    finally:
        con.close()
    for r in rows:
        r["a"], r["b"] = (mask_record(x) if x else x for x in (r["a"], r["b"]))
    if as_json:
        typer.echo(
            json.dumps({"total": total, "items": rows}, ensure_ascii=False, indent=2, default=str)
        )
        return
    t = Table(title=f"待复核的边界对 (borderline pairs) — {total:,}")
    for col in (
        "编号 pair",
        "名称 A",
        "名称 B",
        "证据 evidence",
        "分值 score",
        "已合并 merged",
        "决定 decision",
    ):
        t.add_column(col)
    for r in rows:
        ev = ", ".join(f"{k}: {v}" for k, v in r["evidence"].items())
        t.add_row(
            r["pair_id"],
            r["name_a"] or "",
            r["name_b"] or "",
            ev,
            f"{r['score']:g} ({r['method']})",
            "是" if r["merged"] else "否",
            r["decision"] or "",
        )
    Console().print(t)


def _decide(db: Path, pair: str, decision: str, by: str, reason: str | None) -> None:
    from courtqc.errors import CourtqcError
    from courtqc.identity.review import decide, parse_pair_id

    con = _open(db)
    try:
        a, b = parse_pair_id(pair)
        out = decide(con, a, b, decision, by, reason)
    except CourtqcError as e:
        typer.echo(f"错误：{e.message}", err=True)
        raise typer.Exit(code=2) from None
    finally:
        con.close()
    typer.echo(
        f"{out['decision_zh']} ({decision}) {out['pair_id']}: "
        "下次身份识别时生效 (takes effect at the next identity resolve)"
    )


_PAIR_ARG = typer.Argument(help="pair id from `review list`: two party ids, A-B")
_BY_OPT = typer.Option("--by", help="who decides (a data steward's name)")
_REASON_OPT = typer.Option("--reason", help="why")


@review_app.command("confirm")
def review_confirm_cmd(
    pair: Annotated[str, _PAIR_ARG],
    db: Annotated[Path, _DB_OPT],
    by: Annotated[str, _BY_OPT],
    reason: Annotated[str | None, _REASON_OPT] = None,
) -> None:
    """确认为同一主体 — the two rows are one person or company (must-link, kept across reruns)."""
    _decide(db, pair, "confirm", by, reason)


@review_app.command("split")
def review_split_cmd(
    pair: Annotated[str, _PAIR_ARG],
    db: Annotated[Path, _DB_OPT],
    by: Annotated[str, _BY_OPT],
    reason: Annotated[str | None, _REASON_OPT] = None,
) -> None:
    """拆分为不同主体 — the two rows are different people (cannot-link, kept across reruns)."""
    _decide(db, pair, "split", by, reason)
