"""The review batches behind /api/reviews (一键评查): one batch, the history that covers the
caller's courts, and the batch's own record — started, then done with its summary or failed with
why.

A run over the city (or any court above the caller's) covered the caller's courts too, so it is
in their history; its figures are then recounted over the alerts the caller may see
(visibility.alert_scope_sql), never the whole run's, which would disclose other courts' counts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

from courtqc.web.api.common import one, rows
from courtqc.web.visibility import CourtTree, Principal, alert_scope_sql, in_list

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


def covering_courts(p: Principal, tree: CourtTree) -> set[str]:
    """The courts whose runs covered some of the caller's: theirs and every court above theirs."""
    out, code = set(p.courts), tree.parent.get(p.court_code)
    while code is not None:
        out.add(code)
        code = tree.parent.get(code)
    return out


def sees_whole(p: Principal, b: Row) -> bool:
    """The caller sees every hit of the batch: it ran within their courts and they are not
    limited to their own cases (a judge) or division (a division head)."""
    limited = p.role == "judge" or (p.role == "division_head" and p.dept_id is not None)
    return b["court_code"] in p.courts and not limited


def visible_figures(con: duckdb.DuckDBPyConnection, p: Principal, tree: CourtTree, b: Row) -> Row:
    """The batch with its hits recounted over the review alerts the caller may see: each model's
    alerts in the run's courts found by this run (last seen after it started, created before it
    ended). The run's own count of new alerts is withheld, being city-wide."""
    if sees_whole(p, b) or b["status"] != "done" or not b.get("summary"):
        return b
    run_sql, params = in_list("a.court_code", tree.descendants(b["court_code"]), "run_court_")
    vis_sql, vis = alert_scope_sql(p)
    counts = dict(
        con.execute(
            f"""SELECT a.model_id, count(*) FROM alerts a JOIN cases c ON c.case_id = a.case_id
                WHERE a.mode = 'review' AND {run_sql} AND {vis_sql}
                  AND a.last_seen_at >= $started AND a.created_at <= $finished
                GROUP BY a.model_id""",
            {**params, **vis, "started": b["started_at"], "finished": b["finished_at"]},
        ).fetchall()
    )
    summary = [{**s, "hits": counts.get(s["model_id"], 0)} for s in b["summary"]]
    return {
        **b,
        "summary": summary,
        "hits": sum(s["hits"] for s in summary),
        "new_alerts": None,
        "visible_only": True,
    }


def history(con: duckdb.DuckDBPyConnection, p: Principal, tree: CourtTree, limit: int) -> list[Row]:
    """The batches over the caller's courts or a court above them, newest first, each with the
    figures the caller may see."""
    where, params = in_list("court_code", covering_courts(p, tree), "c")
    items = rows(
        con.execute(
            f"""SELECT review_id, started_by, court_code, model_ids, since, started_at, finished_at,
                       status, models_run, hits, new_alerts, error, summary
                FROM review_batches WHERE {where} ORDER BY review_id DESC LIMIT {int(limit)}""",
            params,
        )
    )
    return [visible_figures(con, p, tree, _decode(b)) for b in items]


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
