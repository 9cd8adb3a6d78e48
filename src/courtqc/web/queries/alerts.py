"""The reads behind /api/alerts: the inbox page, one alert, its feedback history, and alerts,
pushes and feedback counted per model, category, court, node or judge — each within the
caller's scope (courtqc.web.visibility.alert_scope_sql) and the filters asked for."""

from __future__ import annotations

from typing import Any

import duckdb

from courtqc.web.api.common import one, rows
from courtqc.web.visibility import Principal, alert_scope_sql

Row = dict[str, Any]

LATEST_FEEDBACK = """(SELECT alert_id, arg_max(helpful, feedback_id) AS helpful,
        arg_max(reason, feedback_id) AS reason, arg_max(given_by, feedback_id) AS given_by,
        max(given_at) AS given_at, count(*) AS feedback_count
    FROM alert_feedback GROUP BY alert_id)"""

ALERT_COLS = """a.alert_id, a.model_id, a.model_version, a.category, a.case_id, a.case_no,
    a.court_code, a.party_id, a.node, a.severity, a.message, a.evidence, a.status, a.mode,
    a.pushed, a.created_at, a.last_seen_at, c.presiding_judge_id, c.dept_id,
    j.name AS judge_name, fb.helpful AS feedback_helpful, fb.reason AS feedback_reason,
    fb.given_by AS feedback_by, fb.given_at AS feedback_at"""

#: alerts `a` with their case `c`, its judge `j` and the latest feedback `fb`.
FROM = f"""FROM alerts a JOIN cases c ON c.case_id = a.case_id
    LEFT JOIN judges j ON j.judge_id = c.presiding_judge_id
    LEFT JOIN {LATEST_FEEDBACK} fb ON fb.alert_id = a.alert_id"""

#: What /api/alerts/stats may group by → the column.
STATS_KEYS = {
    "model": "a.model_id",
    "category": "a.category",
    "court": "a.court_code",
    "node": "a.node",
    "judge": "c.presiding_judge_id",
}

# filter name → column compared with `=`
_EQUALS = {
    "status": "a.status",
    "model_id": "a.model_id",
    "category": "a.category",
    "node": "a.node",
    "mode": "a.mode",
    "pushed": "a.pushed",
    "case_no": "a.case_no",
    "severity": "a.severity",
    "judge_id": "c.presiding_judge_id",
}


def alert_filter(
    p: Principal, courts: list[str] | None = None, **filters: Any
) -> tuple[str, dict[str, Any]]:
    """WHERE over `a`, `c` and `fb` (FROM): the principal's scope, the courts asked for (a
    subtree already checked to be theirs) and each filter given (None or "" means none)."""
    sql, params = alert_scope_sql(p)
    conds = [sql]
    if courts is not None:
        conds.append("a.court_code IN (" + ", ".join(f"$fc{i}" for i in range(len(courts))) + ")")
        params.update({f"fc{i}": v for i, v in enumerate(courts)})
    for k, col in _EQUALS.items():
        v = filters.get(k)
        if v is not None and v != "":
            conds.append(f"{col} = $f_{k}")
            params[f"f_{k}"] = v
    fbk = filters.get("feedback")
    if fbk == "none":
        conds.append("fb.alert_id IS NULL")
    elif fbk == "helpful":
        conds.append("fb.helpful")
    elif fbk == "unhelpful":
        conds.append("NOT fb.helpful")
    if filters.get("since") is not None:
        conds.append("CAST(a.created_at AS DATE) >= $f_since")
        params["f_since"] = filters["since"]
    if filters.get("until") is not None:
        conds.append("CAST(a.created_at AS DATE) <= $f_until")
        params["f_until"] = filters["until"]
    if filters.get("year") is not None:
        conds.append("year(c.filing_date) = $f_year")
        params["f_year"] = filters["year"]
    return " AND ".join(conds), params


def count_alerts(con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any]) -> int:
    return con.execute(f"SELECT count(*) {FROM} WHERE {where}", params).fetchone()[0]


def alert_page(
    con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any], limit: int, offset: int
) -> list[Row]:
    """One page of the alerts matching `where`, newest first."""
    return rows(
        con.execute(
            f"SELECT {ALERT_COLS} {FROM} WHERE {where} "
            f"ORDER BY a.alert_id DESC LIMIT {limit} OFFSET {offset}",
            params,
        )
    )


def alert_by_id(
    con: duckdb.DuckDBPyConnection, alert_id: int, where: str, params: dict[str, Any]
) -> Row | None:
    """The alert, if `where` (the caller's scope) lets them see it."""
    return one(
        con.execute(
            f"SELECT {ALERT_COLS} {FROM} WHERE a.alert_id = $aid AND {where}",
            {**params, "aid": alert_id},
        )
    )


def feedback_history(con: duckdb.DuckDBPyConnection, alert_id: int) -> list[Row]:
    return rows(
        con.execute(
            "SELECT feedback_id, helpful, reason, given_by, given_at FROM alert_feedback "
            "WHERE alert_id = ? ORDER BY feedback_id",
            [alert_id],
        )
    )


def counts_by(
    con: duckdb.DuckDBPyConnection, by: str, where: str, params: dict[str, Any]
) -> list[Row]:
    """Per STATS_KEYS[by]: alerts, pushed, with feedback and helpful, most alerts first."""
    key = STATS_KEYS[by]
    return rows(
        con.execute(
            f"""SELECT {key} AS key, count(*) AS alerts,
                       count(*) FILTER (WHERE a.pushed) AS pushed,
                       count(fb.alert_id) AS with_feedback,
                       count(*) FILTER (WHERE fb.helpful) AS helpful
                {FROM} WHERE {where} GROUP BY ALL ORDER BY alerts DESC, key""",
            params,
        )
    )


def judge_names(con: duckdb.DuckDBPyConnection) -> dict[Any, str]:
    return dict(con.execute("SELECT judge_id, name FROM judges").fetchall())
