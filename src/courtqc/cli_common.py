"""What every `courtqc` command shares: the common options, opening a store, failing with a
message, JSON output, and the one place a `CourtqcError` becomes a message and an exit status.

A command module defines its commands at module level (importable by tests) with these
options, opens its store with `open_db`, and lets a deliberate error (`courtqc.errors`) escape:
`CourtqcGroup`, the class of the top-level app (courtqc.cli), says it on stderr and exits with
its `exit_code`, for every command, whichever package raised it. `fail()` is for a command's
own refusals that have no error object. A sub-app's options follow the same pattern as these
(`Annotated` aliases), in the style of sqlite-utils' shared output options.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperGroup

from courtqc.errors import CourtqcError, InvalidInput, NotFound, Unavailable

if TYPE_CHECKING:
    import duckdb

T = TypeVar("T")

#: Tables and text for people; errors and progress on stderr (stdout stays clean for --json).
out = Console()
err = Console(stderr=True)

DbOpt = Annotated[Path, typer.Option("--db", help="DuckDB 规范库文件 (the canonical store)")]
MaybeDbOpt = Annotated[
    Path | None, typer.Option("--db", help="DuckDB 规范库文件 (the canonical store)")
]
#: For commands that make or fill a store (synth, load, ingest): the file need not exist.
NewDbOpt = Annotated[
    Path, typer.Option("--db", help="DuckDB 规范库文件，不存在则新建 (created if absent)")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON (machine-readable output)")]


def fail(message: str, code: int = 2) -> NoReturn:
    """Say what is wrong on stderr and end the command with `code` (2: bad input or state)."""
    err.print(f"[red]错误[/red] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def parse_date(s: str | None, option: str) -> dt.date | None:
    """An option's YYYY-MM-DD value as a date (None stays None); anything else fails the
    command naming the option."""
    if s is None:
        return None
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        fail(f"{option} 应为 YYYY-MM-DD 日期 (a date): {s!r}")


def report(e: CourtqcError) -> NoReturn:
    """The command line's one translation of a deliberate error: its message (with where it
    lies) on stderr, its exit code."""
    fail(str(e), e.exit_code)


class CourtqcGroup(TyperGroup):
    """The top-level command group: any `CourtqcError` a command lets escape is reported, not
    shown as a traceback. Subcommands run inside this group's invoke, so this covers them all."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CourtqcError as e:
            report(e)


@contextmanager
def invalid_input(*kinds: type[Exception]) -> Iterator[None]:
    """Errors a library raises for bad input without being a `CourtqcError` yet (ValueError
    from parsing a period, say) become `InvalidInput` with the same message."""
    try:
        yield
    except CourtqcError:
        raise
    except kinds as e:
        raise InvalidInput(str(e)) from None


def opened(db: Path, opener: Callable[[Path], T]) -> T:
    """`opener(db)` for a store that must exist already; a missing file is `NotFound`, one that
    cannot be opened (locked by a running server, not a DuckDB file) `Unavailable`."""
    import duckdb

    if not db.exists():
        raise NotFound(f"数据库不存在 (no such database): {db}")
    try:
        return opener(db)
    except duckdb.Error as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise Unavailable(f"无法打开数据库 {db} (cannot open the store): {first}") from None


def open_db(db: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An existing canonical store, opened as the engine opens it (read-only ones attached to
    an in-memory database, so scratch databases can still be made beside them)."""
    from courtqc.engine import open_store

    return opened(db, lambda p: open_store(p, read_only=read_only))


def _plain(obj: Any) -> Any:
    if hasattr(obj, "model_dump"):  # pydantic models
        return obj.model_dump(mode="json")
    if isinstance(obj, list | tuple):
        return [_plain(o) for o in obj]
    return obj


def print_json(obj: Any) -> None:
    """`obj` (dicts, lists, pydantic models, dates) as JSON on stdout, Chinese unescaped."""
    sys.stdout.write(json.dumps(_plain(obj), ensure_ascii=False, indent=2, default=str) + "\n")
