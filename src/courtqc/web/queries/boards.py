"""The reads behind the boards (web.api.boards): alerts per workflow node, the open inbox, and
findings per court, period, category and model — each within a WHERE built by
courtqc.web.queries.alerts.alert_filter (the caller's scope and filters)."""

from __future__ import annotations

from typing import Any

import duckdb

from courtqc.web.api.common import rows

Row = dict[str, Any]

#: How a finding's period is named, from its case's filing date.
PERIODS = {
    "year": "CAST(year(c.filing_date) AS VARCHAR)",
    "quarter": "year(c.filing_date) || 'Q' || quarter(c.filing_date)",
}


def alerts_per_node(
    con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any]
) -> dict[str, Row]:
    """node → its alerts and how many were pushed (alerts raised at a node only)."""
    return {
        r["node"]: r
        for r in rows(
            con.execute(
                f"""SELECT a.node, count(*) AS alerts, count(*) FILTER (WHERE a.pushed) AS pushed
                    FROM alerts a JOIN cases c ON c.case_id = a.case_id
                    WHERE {where} AND a.node IS NOT NULL GROUP BY 1""",
                params,
            )
        )
    }


def inbox_open(con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any]) -> int:
    """How many alerts match `where` (built with status="open", feedback="none")."""
    return con.execute(
        f"""SELECT count(*) FROM alerts a JOIN cases c ON c.case_id = a.case_id
            LEFT JOIN (SELECT alert_id FROM alert_feedback GROUP BY 1) fb ON fb.alert_id = a.alert_id
            WHERE {where}""",
        params,
    ).fetchone()[0]


def findings(
    con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any], period_by: str
) -> list[Row]:
    """Findings and distinct cases per court, period (PERIODS[period_by]), category and model."""
    per = PERIODS[period_by]
    return rows(
        con.execute(
            f"""SELECT a.court_code, {per} AS period, a.category, a.model_id,
                       count(*) AS findings, count(DISTINCT a.case_id) AS cases
                FROM alerts a JOIN cases c ON c.case_id = a.case_id
                WHERE {where} GROUP BY ALL""",
            params,
        )
    )
