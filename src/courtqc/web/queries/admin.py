"""The reads behind /api/admin's key pages: the API keys of the administrator's courts and
the court of one active key (users, sessions and the audit log are read by web.users, web.security
and web.audit)."""

from __future__ import annotations

from typing import Any

import duckdb

from courtqc.web.api.common import rows
from courtqc.web.visibility import in_list

#: What a key's listing shows: never its hash.
KEY_COLS = "key_id, name, role, court_code, created_by, created_at, expires_at, revoked"


def keys(con: duckdb.DuckDBPyConnection, courts: list[str]) -> list[dict[str, Any]]:
    """The keys of `courts`, newest first."""
    scope, params = in_list("court_code", courts, "court_")
    return rows(
        con.execute(
            f"SELECT {KEY_COLS} FROM api_keys WHERE {scope} ORDER BY created_at DESC", params
        )
    )


def active_key_court(con: duckdb.DuckDBPyConnection, key_id: str) -> str | None:
    """The court of an active (not revoked) key; None for no such key."""
    found = con.execute(
        "SELECT court_code FROM api_keys WHERE key_id = ? AND NOT revoked", [key_id]
    ).fetchone()
    return None if found is None else found[0]
