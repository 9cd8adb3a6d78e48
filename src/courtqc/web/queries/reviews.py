"""The review batches behind /api/reviews (一键评查): one batch, the history within the caller's
courts, and the batch's own record — started, then done with its summary or failed with why."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

from courtqc.web.api.common import one, rows
from courtqc.web.visibility import in_list

Row = dict[str, Any]


def _decode(b: Row) -> Row:
    for k in ("model_ids", "summary"):
        if isinstance(b[k], str):
            b[k] = json.loads(b[k])
    return b


def batch(con: duckdb.DuckDBPyConnection, review_id: int) -> Row | None:
    """The batch, its model list and summary decoded."""
    b = one(con.execute("SELECT * FROM review_batches WHERE review_id = ?", [review_id]))
    return None if b is None else _decode(b)


def history(con: duckdb.DuckDBPyConnection, courts: list[str], limit: int) -> list[Row]:
    """The batches over `courts`, newest first."""
    where, params = in_list("court_code", courts, "c")
    items = rows(
        con.execute(
            f"""SELECT review_id, started_by, court_code, model_ids, since, started_at, finished_at,
                       status, models_run, hits, new_alerts, error, summary
                FROM review_batches WHERE {where} ORDER BY review_id DESC LIMIT {int(limit)}""",
            params,
        )
    )
    return [_decode(b) for b in items]


def start_batch(
    con: duckdb.DuckDBPyConnection,
    by: str,
    court: str,
    model_ids: list[str] | None,
    since: dt.date | None,
    at: dt.datetime,
) -> int:
    """Record a batch as running; its id."""
    return con.execute(
        """INSERT INTO review_batches (started_by, court_code, model_ids, since, started_at, status)
           VALUES (?, ?, ?, ?, ?, 'running') RETURNING review_id""",
        [by, court, json.dumps(model_ids) if model_ids else None, since, at],
    ).fetchone()[0]


def finish_batch(
    con: duckdb.DuckDBPyConnection,
    review_id: int,
    at: dt.datetime,
    models_run: int,
    hits: int,
    new_alerts: int,
    summary: list[Row],
) -> None:
    con.execute(
        """UPDATE review_batches SET finished_at = ?, status = 'done', models_run = ?,
               hits = ?, new_alerts = ?, summary = ? WHERE review_id = ?""",
        [at, models_run, hits, new_alerts, json.dumps(summary, ensure_ascii=False), review_id],
    )


def fail_batch(con: duckdb.DuckDBPyConnection, review_id: int, at: dt.datetime, error: str) -> None:
    con.execute(
        "UPDATE review_batches SET finished_at = ?, status = 'error', error = ? WHERE review_id = ?",
        [at, error, review_id],
    )
