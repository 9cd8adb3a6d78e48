"""The reads behind /api/models and /api/backtests: which versions the workshop saved, a model's
lifecycle history and saved versions, the planted anomalies (truth_anomalies) of the
courts a backtest may score against, and the stored figures of saved versions' backtests."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb

from courtqc.web.api.common import rows

Row = dict[str, Any]


def workshop_keys(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(model id, version) of every definition saved in the workshop."""
    return {
        (a, b)
        for a, b in con.execute("SELECT model_id, model_version FROM workshop_models").fetchall()
    }


def state_history(con: duckdb.DuckDBPyConnection, model_id: str) -> list[Row]:
    """The model's lifecycle changes, newest first."""
    return rows(
        con.execute(
            """SELECT model_version, state, changed_at, changed_by, note FROM model_states
               WHERE model_id = ? ORDER BY changed_at DESC, rowid DESC""",
            [model_id],
        )
    )


def saved_versions(con: duckdb.DuckDBPyConnection, model_id: str) -> list[Row]:
    """The versions saved in the workshop, newest first."""
    return rows(
        con.execute(
            "SELECT model_version, saved_by, saved_at FROM workshop_models WHERE model_id = ? "
            "ORDER BY saved_at DESC",
            [model_id],
        )
    )


def truth_in_scope(con: duckdb.DuckDBPyConnection, courts: list[str] | None) -> dict[str, set[int]]:
    """scenario → the planted cases of `courts` (all courts for None); empty where the store has
    no ground truth."""
    sql = (
        "SELECT t.scenario, t.case_id FROM truth_anomalies t JOIN cases c ON c.case_id = t.case_id"
    )
    params: list[Any] = []
    if courts is not None:
        sql += f" WHERE c.court_code IN ({', '.join('?' for _ in courts)})"
        params = list(courts)
    out: dict[str, set[int]] = {}
    try:
        for s, cid in con.execute(sql, params).fetchall():
            out.setdefault(s, set()).add(int(cid))
    except duckdb.Error:
        pass
    return out


#: The backtest figures kept for a saved version (BacktestScore.to_dict keys; no case ids).
BACKTEST_FIGURES = (
    "status",
    "hits",
    "truth",
    "tp",
    "fp",
    "fn",
    "precision",
    "recall",
    "elapsed_ms",
)


def store_backtest(
    con: duckdb.DuckDBPyConnection,
    model_id: str,
    version: str,
    as_of: dt.date,
    by: str,
    by_court: str,
    scope_note: str,
    score: Row,
) -> None:
    """Keep a saved version's backtest figures for those who may read but not run one."""
    figures = {k: score.get(k) for k in BACKTEST_FIGURES}
    con.execute(
        "INSERT INTO model_backtests (model_id, model_version, as_of, run_by, run_court, run_at,"
        " scope_note, figures) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            model_id,
            version,
            as_of,
            by,
            by_court,
            dt.datetime.now(),
            scope_note,
            json.dumps(figures),
        ],
    )


def latest_backtest(con: duckdb.DuckDBPyConnection, model_id: str, version: str) -> Row | None:
    """The newest stored backtest of that version, or None."""
    found = rows(
        con.execute(
            """SELECT as_of, run_by, run_court, run_at, scope_note, figures FROM model_backtests
               WHERE model_id = ? AND model_version = ? ORDER BY run_at DESC LIMIT 1""",
            [model_id, version],
        )
    )
    if not found:
        return None
    r = found[0]
    figures = r.pop("figures")
    r.update(json.loads(figures) if isinstance(figures, str) else figures)
    return r
