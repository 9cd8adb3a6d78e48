"""Where proposals are kept: each mining run and its proposals, per court, in the store beside
the alerts (platform tables, which model SQL may not read). The 数助决策 board counts them per
court; the workshop lists them. A proposal's state here is the miner's bookkeeping only —
`proposed` until a modeller saves it as a workshop model (then `saved`, and the lifecycle takes
over) or sets it aside (`dismissed`)."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from courtqc.clock import utcnow_s
from courtqc.errors import NotFound
from courtqc.mining.run import MiningResult
from courtqc.transaction import transaction

DDL = """
CREATE SEQUENCE IF NOT EXISTS mining_run_id_seq START 1;
CREATE TABLE IF NOT EXISTS mining_runs (
    run_id       BIGINT PRIMARY KEY DEFAULT nextval('mining_run_id_seq'),
    target       VARCHAR NOT NULL,
    court_code   VARCHAR NOT NULL,      -- the court whose tree was mined
    started_by   VARCHAR NOT NULL,
    created_at   TIMESTAMP NOT NULL,    -- UTC
    seconds      DOUBLE,
    summary      JSON NOT NULL          -- population, split, ranking, methods
);
CREATE TABLE IF NOT EXISTS mining_proposals (
    run_id       BIGINT NOT NULL,
    model_id     VARCHAR NOT NULL,
    court_code   VARCHAR NOT NULL,
    target       VARCHAR NOT NULL,
    method       VARCHAR NOT NULL,
    title        VARCHAR NOT NULL,
    status       VARCHAR NOT NULL DEFAULT 'proposed',  -- proposed | saved | dismissed
    duplicate_of VARCHAR,
    precision    DOUBLE,
    recall       DOUBLE,
    detail       JSON NOT NULL,         -- the whole proposal, YAML included
    PRIMARY KEY (run_id, model_id)
);
"""


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def save(con: duckdb.DuckDBPyConnection, result: MiningResult, court: str, by: str) -> int:
    """Store a run and its proposals; returns the run id (also set on `result`)."""
    ensure(con)
    summary = result.to_dict()
    summary.pop("proposals")
    with transaction(con):
        run_id = con.execute(
            "INSERT INTO mining_runs (target, court_code, started_by, created_at, seconds, summary)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING run_id",
            [result.target, court, by, utcnow_s(), result.seconds, json.dumps(summary)],
        ).fetchall()[0][0]
        for p in result.proposals:
            con.execute(
                "INSERT INTO mining_proposals (run_id, model_id, court_code, target, method, title,"
                " duplicate_of, precision, recall, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    run_id, p.id, court, p.target, p.method, p.title, p.duplicate_of,
                    p.backtest.precision, p.backtest.recall,
                    json.dumps(p.to_dict(), ensure_ascii=False),
                ],
            )  # fmt: skip
    result.run_id = int(run_id)
    return int(run_id)


def runs(con: duckdb.DuckDBPyConnection, courts: list[str] | None, limit: int = 50) -> list[dict]:
    ensure(con)
    sql = (
        "SELECT r.run_id, r.target, r.court_code, r.started_by, r.created_at, r.seconds, "
        "(SELECT count(*) FROM mining_proposals p WHERE p.run_id = r.run_id) AS proposals "
        "FROM mining_runs r"
    )
    params: list[Any] = []
    if courts is not None:
        sql += f" WHERE r.court_code IN ({', '.join('?' for _ in courts)})"
        params = list(courts)
    cur = con.execute(sql + " ORDER BY r.run_id DESC LIMIT ?", [*params, limit])
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def run_detail(
    con: duckdb.DuckDBPyConnection, run_id: int, courts: list[str] | None
) -> dict[str, Any]:
    """A stored run with its proposals; NotFound when absent or outside `courts`."""
    ensure(con)
    row = con.execute(
        "SELECT court_code, summary, created_at, started_by FROM mining_runs WHERE run_id = ?",
        [run_id],
    ).fetchall()
    if not row or (courts is not None and row[0][0] not in courts):
        raise NotFound(f"没有挖掘记录 {run_id} (no such mining run)")
    court, summary, created, by = row[0]
    d = json.loads(summary)
    d.update(run_id=run_id, court_code=court, created_at=str(created), started_by=by)
    props = con.execute(
        "SELECT detail, status FROM mining_proposals WHERE run_id = ? ORDER BY rowid", [run_id]
    ).fetchall()
    d["proposals"] = [{**json.loads(detail), "status": st} for detail, st in props]
    return d


def set_status(
    con: duckdb.DuckDBPyConnection,
    run_id: int,
    model_id: str,
    status: str,
    courts: list[str] | None,
) -> None:
    ensure(con)
    row = con.execute(
        "SELECT court_code FROM mining_proposals WHERE run_id = ? AND model_id = ?",
        [run_id, model_id],
    ).fetchall()
    if not row or (courts is not None and row[0][0] not in courts):
        raise NotFound(f"没有挖掘提案 {model_id} (no such proposal)")
    con.execute(
        "UPDATE mining_proposals SET status = ? WHERE run_id = ? AND model_id = ?",
        [status, run_id, model_id],
    )


def counts_by_court(con: duckdb.DuckDBPyConnection, courts: list[str] | None) -> dict[str, dict]:
    """Per court: proposals made, saved as models, dismissed — for the 数助决策 board."""
    ensure(con)
    sql = (
        "SELECT court_code, count(*) AS proposals, count(*) FILTER (WHERE status = 'saved') AS saved,"
        " count(*) FILTER (WHERE status = 'dismissed') AS dismissed FROM mining_proposals"
    )
    params: list[Any] = []
    if courts is not None:
        sql += f" WHERE court_code IN ({', '.join('?' for _ in courts)})"
        params = list(courts)
    rows = con.execute(sql + " GROUP BY court_code ORDER BY court_code", params).fetchall()
    return {c: {"proposals": n, "saved": s, "dismissed": d} for c, n, s, d in rows}
