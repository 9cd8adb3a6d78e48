"""`courtqc extract`: info points from judgments — one file, a folder of .txt files, a JSONL
file (with --text-field) or stdin; or every document of a store (--db)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from courtqc.errors import CourtqcError
from courtqc.extract.text import ExtractInputError
from courtqc.textio import decode_bytes, has_surrogates, loads_json

_err = Console(stderr=True)


def read_text_bytes(data: bytes, where: str) -> str:
    """Text from bytes by the one rule every command uses (courtqc.textio: a BOM, else UTF-8,
    else GB18030; binary refused)."""
    try:
        return decode_bytes(data, where)
    except CourtqcError as e:
        raise ExtractInputError(str(e)) from None


def _records(
    path: str, text_field: str | None
) -> Iterator[tuple[dict[str, Any], str | None, str | None]]:
    """(source, text, error) for each document in input order."""
    if path == "-":
        data = sys.stdin.buffer.read()
        if text_field:
            yield from _jsonl(data, "<stdin>", text_field)
        else:
            try:
                yield {"path": "-"}, read_text_bytes(data, "<stdin>"), None
            except ExtractInputError as e:
                yield {"path": "-"}, None, str(e)
        return
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() == ".txt")
        for f in files:
            try:
                yield {"path": str(f)}, read_text_bytes(f.read_bytes(), str(f)), None
            except ExtractInputError as e:
                yield {"path": str(f)}, None, str(e)
        return
    if not p.exists():
        raise typer.BadParameter(f"文件不存在: {path} (no such file or folder)")
    if text_field or p.suffix.lower() in (".jsonl", ".ndjson"):
        if not text_field:
            raise typer.BadParameter(
                f"{path} 是 JSONL 文件，请用 --text-field 指明正文字段 (JSONL input needs --text-field NAME)"
            )
        yield from _jsonl(p.read_bytes(), str(p), text_field)
        return
    try:
        yield {"path": str(p)}, read_text_bytes(p.read_bytes(), str(p)), None
    except ExtractInputError as e:
        yield {"path": str(p)}, None, str(e)


def _jsonl(
    data: bytes, where: str, field: str
) -> Iterator[tuple[dict[str, Any], str | None, str | None]]:
    """Each line's record; a line that cannot be used is reported on that line (its row and
    field) and the others go on."""
    try:
        text = read_text_bytes(data, where)
    except ExtractInputError as e:
        yield {"file": where}, None, str(e)
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = loads_json(line)
        except json.JSONDecodeError as e:
            yield (
                {"file": where, "row": n},
                None,
                f"第{n}行不是合法的 JSON ({where} row {n}: {e.msg})",
            )
            continue
        except CourtqcError as e:  # nested past the cap
            yield {"file": where, "row": n}, None, f"第{n}行 {e.message} ({where} row {n})"
            continue
        if has_surrogates(rec):
            yield (
                {"file": where, "row": n},
                None,
                f"第{n}行含有孤立的代理字符，不是合法的 Unicode 文本 "
                f"({where} row {n}: a lone surrogate such as \\ud800 is not text)",
            )
            continue
        if not isinstance(rec, dict):
            yield (
                {"file": where, "row": n},
                None,
                f"第{n}行不是 JSON 对象 ({where} row {n}: not an object)",
            )
            continue
        src = {k: v for k, v in rec.items() if k != field}
        src.setdefault("row", n)
        if field not in rec:
            yield src, None, f"第{n}行缺少字段 {field!r} ({where} row {n}: no field {field!r})"
        elif not isinstance(rec[field], str):
            yield (
                src,
                None,
                f"第{n}行字段 {field!r} 不是文本 ({where} row {n}: field {field!r} is not a string)",
            )
        else:
            yield src, rec[field], None


def _summary(d: dict[str, Any]) -> None:
    from rich.table import Table

    console = Console()
    t = Table(title="文书信息点 (judgment info points)", show_header=False)
    t.add_column("field")
    t.add_column("value")
    for k in (
        "case_no",
        "court",
        "doc_kind",
        "procedure",
        "decision_date",
        "cause",
        "prosecutor",
        "clerk",
    ):
        t.add_row(k, str(d.get(k)))
    t.add_row(
        "judges", "、".join(f"{j['role_text'] or j['role']} {j['name']}" for j in d["judges"])
    )
    t.add_row("parties", "；".join(f"{p['role']} {p['name']}" for p in d["parties"]))
    for x in d["defendants"]:
        t.add_row(
            "defendant",
            f"{x['name']}：{'、'.join(x['charges'])}；{x['penalty']} {x['term_months']}个月"
            + (f"，缓刑{x['probation_months']}个月" if x["probation_months"] else "")
            + (f"，罚金{x['fine_yuan']}元" if x["fine_yuan"] else ""),
        )
    for it in d["main_text_items"]:
        t.add_row(
            "main_text_item", f"{it['payer']} → {it['payee']}：{it['amount_yuan']}（{it['kind']}）"
        )
    t.add_row(
        "cited_articles", "；".join(f"{a['law']}第{a['article']}条" for a in d["cited_articles"])
    )
    t.add_row("info_points", str(len(d["info_points"])))
    console.print(t)


def extract_cmd(
    path: str | None = typer.Argument(
        None, help="a text file, a folder of .txt files, a JSONL file, or - for stdin"
    ),
    as_json: bool = typer.Option(False, "--json", help="print the full result as JSON"),
    text_field: str | None = typer.Option(
        None, "--text-field", help="JSONL: the field that holds the text"
    ),
    db: str | None = typer.Option(
        None, "--db", help="extract every document of this DuckDB store into info_points"
    ),
    no_points: bool = typer.Option(
        False, "--no-points", help="leave the info_points list out of the JSON"
    ),
    llm: bool = typer.Option(
        False,
        "--llm",
        help="fill what the rules left empty with the LLM configured in COURTQC_LLM_*",
    ),
    checks: bool = typer.Option(
        True, "--checks/--no-checks", help="add the legal checks' findings (check.* points)"
    ),
) -> None:
    """抽取裁判文书信息点 — extract info points from judgments, rulings and mediation documents."""
    if db is not None:
        _extract_store_cmd(db)
        return
    if path is None:
        raise typer.BadParameter(
            "请给出文件、文件夹、JSONL 或 -（标准输入），或用 --db (give PATH or --db)"
        )
    cfg = _llm_config() if llm else None

    def run(text: str, source: dict[str, Any]) -> dict[str, Any]:
        return _extract_one(text, source, checks=checks, cfg=cfg, no_points=no_points)

    single = (
        path != "-"
        and Path(path).is_file()
        and not text_field
        and Path(path).suffix.lower() not in (".jsonl", ".ndjson")
    )
    if single or (path == "-" and not text_field):
        _print_one(path, text_field, run, as_json)
    else:
        _print_many(path, text_field, run)


def register(app: typer.Typer) -> None:
    """`courtqc extract`."""
    app.command("extract")(extract_cmd)


def _extract_store_cmd(db: str) -> None:
    """--db: every document of the store into info_points; the counts as JSON."""
    from courtqc.extract.store import extract_store
    from courtqc.schema import connect

    if not Path(db).exists():
        raise typer.BadParameter(f"数据库不存在: {db} (no such store)")
    con = connect(db)
    counts = extract_store(con, progress=sys.stderr.isatty())
    con.close()
    typer.echo(json.dumps(counts, ensure_ascii=False))


def _llm_config() -> Any:
    """--llm: the configured LLM backend, or exit 2 with the reason it is not configured."""
    from courtqc.extract.llm import LLMConfig, LLMError

    try:
        return LLMConfig.from_env()
    except LLMError as e:
        _err.print(f"[red]错误 error:[/red] {e}")
        raise typer.Exit(code=2) from None


def _extract_one(
    text: str, source: dict[str, Any], *, checks: bool, cfg: Any, no_points: bool
) -> dict[str, Any]:
    """One document as the JSON the command prints; where the LLM endpoint fails, what the
    rules found, with a warning."""
    from courtqc.extract.document import extract

    try:
        ex = extract(text, source=source, checks=checks, llm=cfg)
    except ExtractInputError:
        raise
    except Exception as e:  # the LLM endpoint failed: keep what the rules found
        from courtqc.extract.llm import LLMError

        if not isinstance(e, LLMError):
            raise
        _err.print(f"[yellow]警告 warning:[/yellow] {e}")
        ex = extract(text, source=source, checks=checks)
    d = ex.to_dict(with_sections=False)
    if no_points:
        d.pop("info_points")
    return d


def _print_one(path: str, text_field: str | None, run: Any, as_json: bool) -> None:
    """One document: its JSON or a summary table; an unreadable one exits 2."""
    src, text, err = next(_records(path, text_field))
    if err is None:
        try:
            d = run(text or "", src)
        except ExtractInputError as e:
            err = str(e)
    if err is not None:
        _err.print(f"[red]错误 error:[/red] {err}")
        raise typer.Exit(code=2)
    if as_json:
        typer.echo(json.dumps(d, ensure_ascii=False, indent=2))
    else:
        _summary(d)


def _print_many(path: str, text_field: str | None, run: Any) -> None:
    """Many documents: one JSON object per line, in input order (an error object for one that
    cannot be read), progress on stderr."""
    records = list(_records(path, text_field))
    errors = 0
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    out = sys.stdout
    with Progress(
        TextColumn("抽取 extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        console=_err,
        transient=True,
    ) as bar:
        task = bar.add_task("extract", total=len(records))
        for src, text, err in records:
            if err is None:
                try:
                    d = run(text or "", src)
                except ExtractInputError as e:
                    err = str(e)
            if err is not None:
                errors += 1
                d = {"error": err, "source": src}
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
            bar.advance(task)
    out.flush()
    if errors:
        _err.print(
            f"{errors} 份文书无法读取 ({errors} of {len(records)} documents could not be read)"
        )
