"""The services' tables (services.sql): created where missing, beside the platform tables.

Why a file of its own: these are platform tables (deliveries, agency keys, letters, reports),
not case data, so they stay out of canonical.sql and out of what model and push SQL may read.
"""

from __future__ import annotations

import secrets
from importlib.resources import files

import duckdb

DDL: str = files(__package__).joinpath("services.sql").read_text(encoding="utf-8")
TABLES: tuple[str, ...] = (
    "push_receivers",
    "push_batches",
    "push_sent",
    "push_deliveries",
    "agency_keys",
    "service_queries",
    "service_letters",
    "service_reports",
    "service_secrets",
)


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Create the services' tables (and the platform's) where they are missing, and add to an
    older store the canonical columns push models read (parole, 暂予监外执行: NULL there)."""
    from courtqc.schema import add_missing_columns
    from courtqc.web.db import ensure_platform

    ensure_platform(con)
    con.execute(DDL)
    add_missing_columns(con)


def secret(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """A named signing key of this store, made (256 random bits) the first time it is asked for."""
    row = con.execute("SELECT value FROM service_secrets WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    value = secrets.token_hex(32)
    con.execute(
        "INSERT INTO service_secrets VALUES (?, ?) ON CONFLICT (name) DO NOTHING", [name, value]
    )
    return con.execute("SELECT value FROM service_secrets WHERE name = ?", [name]).fetchone()[0]
