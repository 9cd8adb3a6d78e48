"""The scenario-model engine: node mode, review mode, backtest, alerts and feedback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def attach_table(con: duckdb.DuckDBPyConnection, name: str, table: Any) -> None:
    """Make an Arrow table readable on `con` as the view `name` (DuckDB's `con.register`), after
    running to its end any result a fetchone() left open: DuckDB 2 refuses other work on a
    connection with an unfinished result."""
    complete = getattr(con, "complete", None)
    if complete is not None:
        complete()
    con.register(name, table)


def name_thread(name: str) -> None:
    """Give the calling thread its name at the OS level too (`top -H`, /proc/PID/task/*/comm),
    where a CDC process's CPU shows up: Python's thread names stay inside Python."""
    import contextlib
    import threading

    comm = f"/proc/self/task/{threading.get_native_id()}/comm"
    with contextlib.suppress(OSError), open(comm, "w") as f:
        f.write(name[:15])


def lower_thread_priority(by: int) -> int:
    """Raise the calling thread's nice value by `by` (Linux: the nice value is per thread and
    inherited by the threads it starts), so the CPU goes to the process's other threads first;
    returns the nice value now in force (0 where the OS does not allow it). CDC runs its node
    checks this way: applying the CMS's changes must never fall behind, checks take what is
    left and are shed past their bound (docs/INGEST.md, "Back-pressure")."""
    import os
    import threading

    if by <= 0 or not hasattr(os, "setpriority"):
        return 0
    tid = threading.get_native_id()
    try:
        now = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(19, now + by))
        return os.getpriority(os.PRIO_PROCESS, tid)
    except OSError:
        return 0
