"""The reads behind /api/services that check ownership before a library call
(courtqc.services does the rest): a push batch's court and a letter's recipient agency."""

from __future__ import annotations

import duckdb


def push_batch_court(con: duckdb.DuckDBPyConnection, batch_id: str) -> str | None:
    """The court a push batch was made for; None for no such batch."""
    row = con.execute(
        "SELECT court_code FROM push_batches WHERE batch_id = ?", [batch_id]
    ).fetchone()
    return None if row is None else row[0]


def letter_recipient(con: duckdb.DuckDBPyConnection, code: str) -> str | None:
    """The agency a service letter was issued to, by its verification code; None for none."""
    row = con.execute("SELECT issued_to FROM service_letters WHERE code = ?", [code]).fetchone()
    return None if row is None else row[0]
