"""Extract every document in a canonical store and write its info points (check results
included) to the `info_points` table."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from courtqc.clock import utcnow_s
from courtqc.extract.checks import run_checks
from courtqc.extract.document import extract
from courtqc.extract.model import Extraction
from courtqc.extract.text import ExtractInputError, normalise

_BATCH = 1000


def point_value(v: Any) -> str | None:
    """An info point's value as the table's text: ISO dates stay, whole yuan/months have no
    decimals, booleans are true/false, anything structured is JSON."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v == int(v) else f"{v:.2f}".rstrip("0").rstrip(".")
    if isinstance(v, int | str):
        return str(v)
    return json.dumps(v, ensure_ascii=False, default=str)


def rows_for(doc_id: int, case_id: int, ex: Extraction, when: datetime) -> list[tuple]:
    return [
        (doc_id, case_id, p.key, point_value(p.value), p.start, p.end, p.rule, when, p.subject)
        for p in ex.info_points
    ]


def extract_store(
    con: duckdb.DuckDBPyConnection,
    progress: bool = True,
    *,
    replace: bool = True,
    where: str | None = None,
) -> dict[str, int]:
    """Extract each row of `documents` and write its info points (and the `check.*` findings)
    to `info_points`. With `replace` (default) a document's earlier points are deleted first,
    so a rerun does not duplicate them. `where` is an optional SQL filter on documents (for
    tests and partial runs). Returns counts: documents, points, errors, findings."""
    filt = f" WHERE {where}" if where else ""
    total = con.execute(f"SELECT count(*) FROM documents{filt}").fetchone()[0]
    has_subject = any(
        r[0] == "subject"
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'info_points'"
        ).fetchall()
    )
    cur = con.cursor()
    cur.execute(f"SELECT doc_id, case_id, text FROM documents{filt} ORDER BY doc_id")
    counts = {"documents": 0, "points": 0, "errors": 0, "findings": 0}
    when = utcnow_s()  # stored instants are naive UTC (courtqc.clock)

    def work(bar_advance) -> None:
        while True:
            batch = cur.fetchmany(_BATCH)
            if not batch:
                break
            rows: list[tuple] = []
            ids = []
            for doc_id, case_id, text in batch:
                ids.append(doc_id)
                try:
                    ex = extract(text or "")
                except ExtractInputError as e:
                    counts["errors"] += 1
                    rows.append((doc_id, case_id, "error", str(e), None, None, "input", when, None))
                    continue
                counts["findings"] += len(run_checks(ex, normalise(text)))
                rows.extend(rows_for(doc_id, case_id, ex, when))
            if replace and ids:
                con.execute("DELETE FROM info_points WHERE doc_id IN (SELECT unnest(?))", [ids])
            _insert(con, rows, has_subject)
            counts["documents"] += len(batch)
            counts["points"] += len(rows)
            bar_advance(len(batch))

    if progress:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        with Progress(
            TextColumn("抽取信息点 extracting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=False,
        ) as bar:
            task = bar.add_task("extract", total=total)
            work(lambda n: bar.advance(task, n))
    else:
        work(lambda n: None)
    return counts


def _insert(con: duckdb.DuckDBPyConnection, rows: list[tuple], has_subject: bool) -> None:
    if not rows:
        return
    cols = list(zip(*rows, strict=True))
    data = {
        "doc_id": pa.array(cols[0], pa.int64()),
        "case_id": pa.array(cols[1], pa.int64()),
        "key": pa.array(cols[2], pa.string()),
        "value": pa.array(cols[3], pa.string()),
        "start_pos": pa.array(cols[4], pa.int32()),
        "end_pos": pa.array(cols[5], pa.int32()),
        "rule": pa.array(cols[6], pa.string()),
        "extracted_at": pa.array(cols[7], pa.timestamp("s")),
    }
    names = list(data)
    if has_subject:
        data["subject"] = pa.array(cols[8], pa.string())
        names.append("subject")
    tbl = pa.table(data)
    con.register("_ip_batch", tbl)
    try:
        con.execute(
            f"INSERT INTO info_points ({', '.join(names)}) SELECT {', '.join(names)} FROM _ip_batch"
        )
    finally:
        con.unregister("_ip_batch")
