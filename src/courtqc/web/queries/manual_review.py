"""The review office's task table (manual_reviews) behind /api/manual-reviews: created once per
store, tasks opened from hits, reversals or a sample, listed and paged, recorded with their
`quality_reviews` row, and the finished reviews a report counts."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import duckdb

from courtqc.web.api.common import rows

Row = dict[str, Any]

DDL = """
CREATE SEQUENCE IF NOT EXISTS manual_review_seq;
CREATE TABLE IF NOT EXISTS manual_reviews (
    task_id      BIGINT PRIMARY KEY DEFAULT nextval('manual_review_seq'),
    case_id      BIGINT NOT NULL,
    court_code   VARCHAR NOT NULL,
    source       VARCHAR NOT NULL,   -- hit | reversal | sample
    alert_id     BIGINT,             -- the one-click review hit that opened it
    status       VARCHAR NOT NULL DEFAULT 'open',  -- open | done
    opened_by    VARCHAR NOT NULL,
    opened_at    TIMESTAMP NOT NULL,
    conclusion   VARCHAR,            -- no_error | flawed | error
    defects      JSON,               -- [{category, note}]
    accountable  JSON,               -- [{name, role, measure}]
    note         VARCHAR,
    reviewer     VARCHAR,
    reviewed_at  TIMESTAMP
);
"""

#: A task with its case, the case's judge and the alert that opened it.
SELECT = """SELECT m.*, c.case_no, c.cause_name, c.closing_date, j.name AS judge_name,
    a.model_id AS alert_model, a.message AS alert_message
    FROM manual_reviews m JOIN cases c ON c.case_id = m.case_id
    LEFT JOIN judges j ON j.judge_id = c.presiding_judge_id
    LEFT JOIN alerts a ON a.alert_id = m.alert_id"""

_ENSURE_LOCK = threading.Lock()
_ENSURED: set[str] = set()


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """The review tables, created once per store: two requests creating them at once on their
    own cursors would clash in DuckDB's catalog (a write-write conflict, answered 500)."""
    path = con.execute(
        "SELECT coalesce(path, database_name) FROM duckdb_databases() "
        "WHERE database_name = current_database()"
    ).fetchone()[0]
    with _ENSURE_LOCK:
        if path not in _ENSURED:
            con.execute(DDL)
            _ENSURED.add(path)


def in_list(col: str, values: list[str], prefix: str) -> tuple[str, dict[str, Any]]:
    """`col IN ($prefix0, ...)` with its parameters (IN (NULL), matching nothing, for none)."""
    names = [f"${prefix}{i}" for i in range(len(values))]
    return f"{col} IN ({', '.join(names) or 'NULL'})", {
        f"{prefix}{i}": v for i, v in enumerate(values)
    }


def hit_cases(
    con: duckdb.DuckDBPyConnection, alert_ids: list[int], where: str, params: dict[str, Any]
) -> list[tuple]:
    """(case, court, first alert id) of the alerts given, within `where` over `c`."""
    ids = ", ".join(str(int(i)) for i in alert_ids)
    return con.execute(
        f"""SELECT a.case_id, c.court_code, min(a.alert_id) FROM alerts a
            JOIN cases c ON c.case_id = a.case_id
            WHERE a.alert_id IN ({ids}) AND {where} GROUP BY ALL ORDER BY 3""",
        params,
    ).fetchall()


def reversed_cases(
    con: duckdb.DuckDBPyConnection,
    where: str,
    params: dict[str, Any],
    start: dt.date,
    end: dt.date,
    n: int,
) -> list[tuple]:
    """(case, court, None) of cases modified or remanded on appeal in [start, end), not yet
    reviewed, at most n."""
    return con.execute(
        f"""SELECT DISTINCT c.case_id, c.court_code, NULL FROM appeal_results r
            JOIN cases c ON c.case_id = r.origin_case_id
            WHERE {where} AND r.result IN ('modified', 'partly_modified', 'remanded')
              AND r.decided_date >= $start AND r.decided_date < $end
              AND c.case_id NOT IN (SELECT case_id FROM quality_reviews)
            ORDER BY c.case_id LIMIT $n""",
        {**params, "start": start, "end": end, "n": n},
    ).fetchall()


def sampled_cases(
    con: duckdb.DuckDBPyConnection,
    where: str,
    params: dict[str, Any],
    start: dt.date,
    end: dt.date,
    n: int,
    seed: str,
) -> list[tuple]:
    """(case, court, None) of n cases closed in [start, end), drawn by a hash with `seed`."""
    return con.execute(
        f"""SELECT c.case_id, c.court_code, NULL FROM cases c
            WHERE {where} AND c.closing_date >= $start AND c.closing_date < $end
            ORDER BY hash(c.case_id, $seed) LIMIT $n""",
        {**params, "start": start, "end": end, "n": n, "seed": seed},
    ).fetchall()


def cases_with_open_task(con: duckdb.DuckDBPyConnection) -> set[int]:
    return {
        r[0]
        for r in con.execute("SELECT case_id FROM manual_reviews WHERE status = 'open'").fetchall()
    }


def open_task(
    con: duckdb.DuckDBPyConnection,
    case_id: int,
    court_code: str,
    source: str,
    alert_id: int | None,
    by: str,
    at: dt.datetime,
) -> int:
    """A new open task; its id."""
    return con.execute(
        """INSERT INTO manual_reviews (case_id, court_code, source, alert_id, opened_by,
               opened_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING task_id""",
        [case_id, court_code, source, alert_id, by, at],
    ).fetchone()[0]


def count_tasks(con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any]) -> int:
    return con.execute(f"SELECT count(*) FROM manual_reviews m WHERE {where}", params).fetchone()[0]


def task_page(
    con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any], page: int, size: int
) -> list[Row]:
    """One page of tasks, open ones first, newest first."""
    return rows(
        con.execute(
            f"{SELECT} WHERE {where} ORDER BY m.status = 'done', m.task_id DESC "
            f"LIMIT {size} OFFSET {(page - 1) * size}",
            params,
        )
    )


def task_case(con: duckdb.DuckDBPyConnection, task_id: int) -> tuple | None:
    """(case_id, court_code, status) of a task; None for no such task."""
    return con.execute(
        "SELECT case_id, court_code, status FROM manual_reviews WHERE task_id = ?", [task_id]
    ).fetchone()


def record_review(
    con: duckdb.DuckDBPyConnection,
    task_id: int,
    case_id: int,
    conclusion: str,
    defects: str,
    accountable: str,
    held_accountable: bool,
    note: str | None,
    by: str,
    at: dt.datetime,
) -> None:
    """The task done with its conclusion, defects and people (JSON texts), and the case's one
    `quality_reviews` row for this task replaced."""
    con.execute(
        """UPDATE manual_reviews SET status = 'done', conclusion = ?, defects = ?, accountable = ?,
               note = ?, reviewer = ?, reviewed_at = ? WHERE task_id = ?""",
        [conclusion, defects, accountable, note, by, at, task_id],
    )
    reviewer = f"人工评查#{task_id}"
    con.execute(
        "DELETE FROM quality_reviews WHERE case_id = ? AND reviewer = ?", [case_id, reviewer]
    )
    con.execute(
        "INSERT INTO quality_reviews (case_id, reviewed_at, reviewer, outcome, accountable) "
        "VALUES (?, ?, ?, ?, ?)",
        [case_id, at.date(), reviewer, conclusion, held_accountable],
    )


def task(con: duckdb.DuckDBPyConnection, task_id: int) -> Row:
    return rows(con.execute(f"{SELECT} WHERE m.task_id = ?", [task_id]))[0]


def done_between(con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any]) -> list[Row]:
    """Tasks done in [$start, $end) (in `params`), oldest review first."""
    return rows(
        con.execute(
            f"{SELECT} WHERE {where} AND m.status = 'done' AND m.reviewed_at >= $start "
            "AND m.reviewed_at < $end ORDER BY m.reviewed_at",
            params,
        )
    )


def count_open(con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any]) -> int:
    return con.execute(
        f"SELECT count(*) FROM manual_reviews m WHERE {where} AND m.status = 'open'", params
    ).fetchone()[0]
