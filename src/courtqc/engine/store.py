"""The alert store: alerts with stable fingerprints, feedback, lifecycle states, model runs.

Its tables (models/store.sql, created by `ensure`: courtqc.models.store_tables, which the
lifecycle shares) sit beside the case data in the same DuckDB file but are platform tables: the
SQL checker refuses them to models.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

import duckdb
import pyarrow as pa

from courtqc.clock import utcnow_s
from courtqc.engine import attach_table
from courtqc.engine.run import Alert, ModelRun
from courtqc.errors import NotFound
from courtqc.models.store_tables import DDL as DDL
from courtqc.models.store_tables import STORE_TABLES as STORE_TABLES
from courtqc.models.store_tables import ensure as ensure

GROUPINGS = {"model": "a.model_id", "category": "a.category", "court": "a.court_code"}


def _now() -> dt.datetime:
    return utcnow_s()  # stored instants are naive UTC (courtqc.clock)


def save_alerts(
    con: duckdb.DuckDBPyConnection,
    alerts: Iterable[Alert],
    *,
    mode: str,
    pushed: bool,
    run_id: int | None = None,
) -> int:
    """Insert new alerts; one already stored (same fingerprint) only gets last_seen_at — and
    pushed / node if it is now pushed at a node. Returns how many rows were new."""
    now = _now()
    rows = [
        (
            a.fingerprint,
            a.model_id,
            a.model_version,
            a.category,
            a.case_id,
            a.case_no,
            a.court_code,
            a.party_id,
            a.node,
            a.severity,
            a.message,
            json.dumps(a.evidence, ensure_ascii=False),
            mode,
            pushed,
            now,
            now,
            run_id,
        )
        for a in alerts
    ]
    if not rows:
        return 0
    # One statement for the lot (executemany runs one INSERT per alert). Each fingerprint once:
    # an upsert may not touch the same row twice.
    rows = list({r[0]: r for r in rows}.values())
    cols = list(zip(*rows, strict=True))
    table = pa.table(
        {name: pa.array(col, type=t) for (name, t), col in zip(_ALERT_COLUMNS, cols, strict=True)}
    )
    before = con.execute("SELECT count(*) FROM alerts").fetchone()[0]
    attach_table(con, "_qc_alerts", table)
    try:
        names = ", ".join(name for name, _ in _ALERT_COLUMNS)
        con.execute(
            f"""INSERT INTO alerts ({names})
                SELECT * REPLACE (evidence::JSON AS evidence) FROM _qc_alerts
                ON CONFLICT (fingerprint) DO UPDATE SET
                    last_seen_at = excluded.last_seen_at,
                    pushed = alerts.pushed OR excluded.pushed,
                    node = coalesce(alerts.node, excluded.node)"""
        )
    finally:
        con.unregister("_qc_alerts")
    return con.execute("SELECT count(*) FROM alerts").fetchone()[0] - before


_ALERT_COLUMNS = (
    ("fingerprint", pa.string()), ("model_id", pa.string()), ("model_version", pa.string()),
    ("category", pa.string()), ("case_id", pa.int64()), ("case_no", pa.string()),
    ("court_code", pa.string()), ("party_id", pa.int64()), ("node", pa.string()),
    ("severity", pa.string()), ("message", pa.string()), ("evidence", pa.string()),
    ("mode", pa.string()), ("pushed", pa.bool_()), ("created_at", pa.timestamp("us")),
    ("last_seen_at", pa.timestamp("us")), ("run_id", pa.int64()),
)  # fmt: skip


def record_run(
    con: duckdb.DuckDBPyConnection,
    run: ModelRun,
    *,
    mode: str,
    case_id: int | None = None,
    node: str | None = None,
    started_at: dt.datetime | None = None,
) -> int:
    return con.execute(
        """INSERT INTO model_runs (mode, model_id, model_version, case_id, node, started_at,
               elapsed_ms, hits, status, error)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING run_id""",
        [
            mode,
            run.model_id,
            run.model_version,
            case_id,
            node,
            started_at or _now(),
            run.elapsed_ms,
            len(run.alerts),
            run.status,
            run.error,
        ],
    ).fetchone()[0]


def add_feedback(
    con: duckdb.DuckDBPyConnection,
    alert_id: int,
    helpful: bool,
    given_by: str,
    reason: str | None = None,
) -> int:
    if con.execute("SELECT 1 FROM alerts WHERE alert_id = ?", [alert_id]).fetchone() is None:
        raise NotFound(f"没有编号为 {alert_id} 的预警 (no alert {alert_id})")
    if not given_by.strip():
        raise ValueError("反馈须注明反馈人 (feedback needs who gave it)")
    return con.execute(
        """INSERT INTO alert_feedback (alert_id, helpful, reason, given_by, given_at)
           VALUES (?, ?, ?, ?, ?) RETURNING feedback_id""",
        [alert_id, helpful, reason, given_by, _now()],
    ).fetchone()[0]


def helpful_rates(con: duckdb.DuckDBPyConnection, by: str = "model") -> list[dict[str, Any]]:
    """Per model, category or court: alerts pushed, alerts with feedback, helpful ones and the
    helpful rate (helpful / with feedback; the latest feedback on an alert counts)."""
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}")
    key = GROUPINGS[by]
    rows = con.execute(
        f"""WITH latest AS (
                SELECT alert_id, arg_max(helpful, feedback_id) AS helpful
                FROM alert_feedback GROUP BY alert_id)
            SELECT {key} AS k, count(*) FILTER (WHERE a.pushed) AS pushed,
                   count(l.alert_id) AS with_feedback,
                   count(*) FILTER (WHERE l.helpful) AS helpful
            FROM alerts a LEFT JOIN latest l ON l.alert_id = a.alert_id
            GROUP BY ALL ORDER BY k"""
    ).fetchall()
    return [
        {
            by: k,
            "pushed": p,
            "with_feedback": f,
            "helpful": h,
            "helpful_rate": round(h / f, 4) if f else None,
        }
        for k, p, f, h in rows
    ]
