"""`courtqc elements`: element-based trial assistance (要素式审判) for one case — the elements
marked admitted, contested or missing, the hearing outline and the judgment skeleton — from
the case's stored pleadings (--db --case) or from files (--complaint, --defence, --evidence)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from courtqc.cli_common import DbOpt, JsonOpt, fail, open_db, print_json
from courtqc.textio import decode_bytes


def _read(path: Path | None) -> str | None:
    if path is None:
        return None
    if not path.is_file():
        fail(f"文件不存在 (no such file): {path}")
    return decode_bytes(path.read_bytes(), str(path))


def elements_cmd(
    db: DbOpt = None,
    case: Annotated[
        str | None, typer.Option("--case", help="案号 (case number; needs --db)")
    ] = None,
    complaint: Annotated[
        Path | None, typer.Option("--complaint", help="起诉状文本文件 (complaint text file)")
    ] = None,
    defence: Annotated[
        Path | None, typer.Option("--defence", help="答辩状文本文件 (defence text file)")
    ] = None,
    evidence: Annotated[
        Path | None, typer.Option("--evidence", help="证据目录文本文件 (evidence list text file)")
    ] = None,
    case_type: Annotated[
        str | None,
        typer.Option("--type", help="案件类型 (case type id or 案由; recognised if omitted)"),
    ] = None,
    show: Annotated[
        str, typer.Option("--show", help="elements | outline | skeleton | all")
    ] = "outline",
    as_json: JsonOpt = False,
) -> None:
    """要素式审判：要素（承认/争议/缺失）、庭审提纲、要素式判决书框架."""
    from courtqc.elements import assist, catalogue

    if show not in ("elements", "outline", "skeleton", "all"):
        fail(f"--show 应为 elements、outline、skeleton 或 all (unknown view): {show}")
    if case:
        if db is None:
            fail("--case 需要 --db (--case needs --db)")
        from courtqc.elements.store import case_pleadings

        con = open_db(db, read_only=True)
        try:
            cp = case_pleadings(con, case)
        finally:
            con.close()
        texts = (cp.complaint, cp.defence, cp.evidence_list)
        if not case_type and cp.cause and catalogue().find(cp.cause):
            case_type = cp.cause
    elif complaint is not None:
        texts = (_read(complaint), _read(defence), _read(evidence))
    else:
        fail("请给出 --case（和 --db）或 --complaint 文件 (give --case with --db, or --complaint)")
    out: dict[str, Any] = assist(*texts, case_type=case_type)
    if as_json:
        print_json(out if show == "all" else {k: out[k] for k in ("case_type", show) if k in out})
        return
    if show in ("elements", "all"):
        for e in out["elements"]["elements"]:
            typer.echo(f"{e['status']:<10}{e['zh']}  {e['value'] or ''}")
    if show in ("outline", "all"):
        typer.echo(out["outline"]["text"])
    if show in ("skeleton", "all"):
        typer.echo(out["skeleton"]["text"])


def register(app: typer.Typer) -> None:
    """`courtqc elements`."""
    app.command("elements")(elements_cmd)
