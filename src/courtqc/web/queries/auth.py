"""The one write of /api/auth beyond web.users and web.security: a password hash upgraded at
login (the hasher's parameters changed since it was stored)."""

from __future__ import annotations

import duckdb


def store_rehash(con: duckdb.DuckDBPyConnection, user_id: int, new_hash: str) -> None:
    con.execute("UPDATE users SET password_hash = ? WHERE user_id = ?", [new_hash, user_id])
