"""The store the web app serves: one DuckDB connection for the process, a cursor per request.

DuckDB allows one writing process per file, so the server holds the file; every request works
on its own cursor (cursors of one connection may be used from different threads). The
platform tables (platform.sql) and the engine's alert store are created on start.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

import duckdb

from courtqc.schema import connect

DDL: str = files(__package__).joinpath("platform.sql").read_text(encoding="utf-8")
PLATFORM_TABLES: tuple[str, ...] = (
    "users",
    "sessions",
    "api_keys",
    "login_attempts",
    "audit_log",
    "workshop_models",
    "review_batches",
    "model_backtests",
)


def ensure_platform(con: duckdb.DuckDBPyConnection) -> None:
    """Create the platform tables (and the engine's alert store) where they are missing."""
    from courtqc.engine import store

    con.execute(DDL)
    store.ensure(con)


class Cursors:
    """One open connection handing out a cursor per request: what `app.state.store` must be
    for the routes' `Db` dependency and the key check (courtqc.web.deps). The platform's Store
    is one; the event API on its own (courtqc.web.events_app) wraps its connection in one."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self.con.cursor()
        try:
            yield cur
        finally:
            cur.close()


class Store(Cursors):
    """The served DuckDB file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if str(path) != ":memory:" and not self.path.exists():
            raise FileNotFoundError(
                f"数据库不存在 (no such store): {self.path} — 先运行 courtqc synth 或 courtqc load"
            )
        super().__init__(connect(path))
        ensure_platform(self.con)
        # Serialises the few writers that must not interleave (node checker, model registry).
        self.lock = threading.RLock()

    def close(self) -> None:
        self.con.close()
