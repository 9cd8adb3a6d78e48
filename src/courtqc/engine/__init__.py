"""The scenario-model engine: node mode, review mode, backtest, alerts and feedback."""

from __future__ import annotations

from pathlib import Path

import duckdb


def open_store(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a store for the engine. Read-only stores are attached to an in-memory database, so
    the engine can still make its scratch (context, reference) databases beside them."""
    if not read_only:
        return duckdb.connect(str(path))
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS store (READ_ONLY)")
    con.execute("USE store")
    return con


def session(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor (own session: its own TEMP objects and USE) on the same database as `con`."""
    db = con.execute("SELECT current_database()").fetchone()[0]
    cur = con.cursor()
    cur.execute(f'USE "{db}"')
    return cur
