"""Which document each closed case gets (the dispatch of the package's table), and
``render_documents``, which writes them a chunk of cases at a time through pyarrow."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import duckdb
import pyarrow as pa
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from courtqc.synth.documents.appeal import _civil_second
from courtqc.synth.documents.civil import (
    _civil_first,
    _civil_mediation,
    _ruling_first,
)
from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.criminal import (
    _criminal_first,
    _criminal_second,
)
from courtqc.synth.documents.enforcement import _enforcement_ruling
from courtqc.synth.documents.preservation import (
    _preservation_ruling,
)
from courtqc.synth.documents.records import (
    _Case,
    _load_chunk,
)
from courtqc.synth.documents.text import (
    _Var,
)

CIVIL_FAMILIES = frozenset({"civil", "commercial", "ip", "maritime", "financial"})

CHUNK_CASES = 40_000


def _document(c: _Case, courts: _Courts, v: _Var) -> tuple[str, str, list[str]] | None:
    """(kind, title, lines) for a closed case, or None where it has no closing document."""
    method = c.method or ""
    fam = c.family
    if fam == "criminal":
        if c.procedure == "first" and method == "judgment":
            return "judgment", "刑事判决书", _criminal_first(c, courts, v, "刑事判决书")
        if c.procedure == "second":
            result = c.result or method
            if result in ("modified", "partly_modified"):
                return (
                    "judgment",
                    "刑事判决书",
                    _criminal_second(c, courts, v, "刑事判决书", result),
                )
            if result in ("upheld", "remanded", "withdrawn"):
                return "ruling", "刑事裁定书", _criminal_second(c, courts, v, "刑事裁定书", result)
        return None
    if fam in CIVIL_FAMILIES or fam == "administrative":
        prefix = "行政" if fam == "administrative" else "民事"
        if c.procedure == "first":
            if method == "judgment":
                t = prefix + "判决书"
                return "judgment", t, _civil_first(c, courts, v, t)
            if method == "mediation" and fam != "administrative":
                return "mediation", "民事调解书", _civil_mediation(c, courts, v, "民事调解书")
            if method in ("withdrawal", "dismissal"):
                t = prefix + "裁定书"
                return "ruling", t, _ruling_first(c, courts, v, t, method == "withdrawal")
            return None
        if c.procedure == "second":
            result = c.result or method
            if result in ("upheld", "modified", "partly_modified"):
                t = prefix + "判决书"
                return "judgment", t, _civil_second(c, courts, v, t, result)
            if result in ("remanded", "withdrawn", "withdrawal", "dismissed"):
                t = prefix + "裁定书"
                result = "withdrawn" if result == "withdrawal" else result
                return "ruling", t, _civil_second(c, courts, v, t, result)
        return None
    if fam == "enforcement" and method == "termination_current":
        return "ruling", "执行裁定书", _enforcement_ruling(c, courts, v, "执行裁定书")
    return None


def _chunks(con: duckdb.DuckDBPyConnection, size: int) -> Iterator[tuple[int, int, int]]:
    """(first case_id, last case_id, closed cases) covering the closed cases in id order."""
    ids = [
        r[0]
        for r in con.execute(
            "SELECT case_id FROM cases WHERE status = 'closed' ORDER BY case_id"
        ).fetchall()
    ]
    for i in range(0, len(ids), size):
        part = ids[i : i + size]
        yield part[0], part[-1], len(part)


def render_documents(con: duckdb.DuckDBPyConnection, seed: int, progress: bool = True) -> int:
    """Write one `documents` row per closed case that has a closing document (judgment,
    ruling, mediation document); return how many were written. Deterministic for a seed."""
    courts = _Courts(con)
    total = con.execute("SELECT count(*) FROM cases WHERE status = 'closed'").fetchall()[0][0]
    next_id = con.execute("SELECT coalesce(max(doc_id), 0) + 1 FROM documents").fetchall()[0][0]
    # Millions of short-lived, acyclic objects: the cyclic collector would only rescan them
    # (it doubles the load time); reference counting frees them all the same.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        written = _render_all(con, seed, progress, courts, total, next_id)
    finally:
        if gc_was_enabled:
            gc.enable()
    return written


#: Documents turned into Arrow at a time: a chunk's texts are never all Python strings at once
#: (each would also keep its UTF-8 copy, made for Arrow, until the chunk is written).
ARROW_DOCS = 4_000


class _Rows:
    """The documents rendered since the last Arrow batch, column by column."""

    __slots__ = ("dates", "ids", "kinds", "texts", "titles")

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.kinds: list[str] = []
        self.titles: list[str] = []
        self.texts: list[str] = []
        self.dates: list[int] = []

    def add(self, case_id: int, kind: str, title: str, lines: list[str], day: int) -> None:
        self.ids.append(case_id)
        self.kinds.append(kind)
        self.titles.append(title)
        self.texts.append("\n".join(lines))
        self.dates.append(day)

    def batch(self, first_id: int) -> pa.RecordBatch:
        return pa.record_batch(
            {
                "doc_id": pa.array(range(first_id, first_id + len(self.ids)), pa.int64()),
                "case_id": pa.array(self.ids, pa.int64()),
                "kind": pa.array(self.kinds, pa.string()),
                "title": pa.array(self.titles, pa.string()),
                "text": pa.array(self.texts, pa.string()),
                "issue_date": pa.array(self.dates, pa.int32()).cast(pa.date32()),
            }
        )


def _render_all(
    con: duckdb.DuckDBPyConnection, seed: int, progress: bool, courts: _Courts, total: int,
    next_id: int,
) -> int:  # fmt: skip
    written = 0
    bar = Progress(
        TextColumn("生成裁判文书 documents"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        disable=not progress,
    )
    with bar:
        task = bar.add_task("documents", total=total)
        for lo, hi, n in _chunks(con, CHUNK_CASES):
            cases = _load_chunk(con, lo, hi)
            cases.reverse()  # popped in id order: each case's rows freed once it is rendered
            parts: list[pa.RecordBatch] = []
            rows = _Rows()
            while cases:
                c = cases.pop()
                v = _Var(c.case_id, seed)
                doc = _document(c, courts, v)
                if doc is not None:
                    kind, title, lines = doc
                    issued = c.decided if c.decided is not None else c.closing
                    rows.add(c.case_id, kind, title, lines, issued)
                for k, (day, amount, names) in enumerate(c.preservations, start=1):
                    lines = _preservation_ruling(
                        c, courts, _Var(-8 * c.case_id - k, seed), k, day, amount, names
                    )
                    rows.add(c.case_id, "ruling", "民事裁定书", lines, day)
                if len(rows.ids) >= ARROW_DOCS:
                    parts.append(rows.batch(next_id + written))
                    written += parts[-1].num_rows
                    rows = _Rows()
            if rows.ids:
                parts.append(rows.batch(next_id + written))
                written += parts[-1].num_rows
            if parts:
                batch = pa.Table.from_batches(parts)
                del parts
                con.register("_documents_batch", batch)
                try:
                    con.execute("INSERT INTO documents SELECT * FROM _documents_batch")
                finally:
                    con.unregister("_documents_batch")
                del batch
            bar.advance(task, n)
    return written
