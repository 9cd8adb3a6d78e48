"""The canonical judicial schema: DDL, table list and helpers to open a store."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import duckdb

from courtqc.schema.case_links import CASE_LINKS

DDL: str = files(__package__).joinpath("canonical.sql").read_text(encoding="utf-8")

# Tables a scenario model may read (users, credentials and alerts are not among them), in the
# order of CASE_LINKS, which says how each hangs on a case (courtqc.schema.case_links).
CASE_DATA_TABLES: tuple[str, ...] = tuple(CASE_LINKS)
ALL_TABLES: tuple[str, ...] = (
    *CASE_DATA_TABLES,
    "truth_anomalies",
    "truth_identities",
    "quarantine",
)


#: Columns added to a canonical table after stores were made without them: (table, column,
#: type). `create_schema` adds them (NULL) to such a store, so code reading them works there.
ADDED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("sentences", "parole_date", "DATE"),
    ("sentences", "outside_prison_from", "DATE"),
    ("sentences", "outside_prison_until", "DATE"),
    ("sentences", "outside_prison_reason", "VARCHAR"),
)

#: Canonical tables added after stores were made without them. Operators read them, so
#: `operators.install` gives a store that lacks one (opened read-only, or not yet migrated) an
#: empty TEMP table of the same name (`added_table_ddl`) rather than failing.
ADDED_TABLES: tuple[str, ...] = ("registry_enterprise_shareholders", "registry_enterprise_names")


def added_table_ddl(table: str) -> str:
    """The CREATE TEMP TABLE statement of one of ADDED_TABLES, taken from canonical.sql."""
    m = re.search(rf"CREATE TABLE IF NOT EXISTS {table} \(.*?\n\);", DDL, re.S)
    if table not in ADDED_TABLES or m is None:
        raise ValueError(f"not an added table: {table}")
    return m.group(0).replace("CREATE TABLE", "CREATE TEMP TABLE", 1)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every canonical table that does not exist yet, and add the columns of
    ADDED_COLUMNS that an older store lacks."""
    con.execute(DDL)
    add_missing_columns(con)


def add_missing_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Add ADDED_COLUMNS where a store made before them lacks them (all NULL there). A store
    that has them is only read: no catalog write, so concurrent writers are not disturbed."""
    have = set(
        con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_catalog = current_database()"
        ).fetchall()
    )
    for table, column, kind in ADDED_COLUMNS:
        if (table, column) not in have:
            con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) a canonical store with the schema in place."""
    con = duckdb.connect(str(path), read_only=read_only)
    if not read_only:
        create_schema(con)
    return con


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, bool]]:
    """(name, type, nullable) of each column of a canonical table, in order."""
    rows = con.execute(
        "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [(n, t, nl == "YES") for n, t, nl in rows]
