"""The reads of the supervision routes (web.api.supervision) beyond the indicator library:
each court's kind (general, or a specialised court ranked apart)."""

from __future__ import annotations

import duckdb


def court_kinds(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """court code → its kind (courts.kind)."""
    return dict(con.execute("SELECT court_code, kind FROM courts").fetchall())
