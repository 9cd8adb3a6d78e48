"""The operator library (业务算子): reusable building blocks for scenario models.

Each operator is a DuckDB view or table macro (operators.sql) that model SQL and condition trees
read like a table, or a Python function registered for `logic: {python: ...}` models
(courtqc.operators.python). docs/OPERATORS.md documents each one.

They are created as TEMP objects on a connection (`install(con)`), so they never change the
store, and they read whatever unqualified tables the connection sees: the full store in review
mode, a case's context in node mode — which is how one model gives one answer in both.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib.resources import files

import duckdb

from courtqc.clock import court_today
from courtqc.errors import NotFound
from courtqc.schema import CASE_DATA_TABLES

SQL: str = files(__package__).joinpath("operators.sql").read_text(encoding="utf-8")

_OBJ = re.compile(
    r"CREATE OR REPLACE TEMP (VIEW|MACRO)\s+(\w+)\s*(\([^)]*\))?\s+AS\s+(TABLE)?", re.I
)
VIEWS: tuple[str, ...] = tuple(m[1] for m in _OBJ.findall(SQL) if m[0].upper() == "VIEW")
TABLE_MACROS: tuple[str, ...] = tuple(
    m[1] for m in _OBJ.findall(SQL) if m[0].upper() == "MACRO" and m[3]
)
SCALAR_MACROS: tuple[str, ...] = (
    *(m[1] for m in _OBJ.findall(SQL) if m[0].upper() == "MACRO" and not m[3]),
    "as_of",
)


@cache
def _objects() -> dict[str, str]:
    """Operator name -> its SQL body (comments stripped)."""
    body = "\n".join(line.split("--")[0] for line in SQL.splitlines())
    out: dict[str, str] = {}
    for stmt in body.split(";"):
        m = _OBJ.search(stmt)
        if m:
            out[m.group(2)] = stmt
    return out


def view_body(name: str) -> str:
    """The SELECT an operator view stands for (node mode materialises some views with it);
    `NotFound` for a name that is not an operator view."""
    stmt = _objects().get(name)
    m = _OBJ.search(stmt) if stmt is not None else None
    if m is None or m.group(1).upper() != "VIEW":
        raise NotFound(f"{name!r} 不是算子视图 (not an operator view)")
    return stmt[m.end() :].strip()


@cache
def _direct_deps() -> dict[str, frozenset[str]]:
    objs = _objects()
    names = [*CASE_DATA_TABLES, *objs]
    return {
        name: frozenset(n for n in names if n != name and re.search(rf"\b{n}\b", body))
        for name, body in objs.items()
    }


def uses(names: set[str] | frozenset[str]) -> set[str]:
    """Every table and operator read, directly or not, by something reading `names`."""
    deps = _direct_deps()
    seen: set[str] = set()
    todo = list(names)
    while todo:
        n = todo.pop()
        if n not in seen:
            seen.add(n)
            todo.extend(deps.get(n, ()))
    return seen


def base_tables(names: set[str] | frozenset[str]) -> set[str]:
    """Case-data tables read, directly or through operators, by something reading `names`."""
    deps = _direct_deps()
    out: set[str] = set()
    todo = list(names)
    seen: set[str] = set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        if n in deps:
            todo.extend(deps[n])
        elif n in CASE_DATA_TABLES:
            out.add(n)
    return out


def reference_tables() -> tuple[str, ...]:
    """Law reference tables (ref_lpr_1y ...) that models may read."""
    try:
        from courtqc.law.reference import REFERENCE_TABLES
    except ImportError:  # the law package is optional for the engine's own tests
        return ()
    return tuple(REFERENCE_TABLES)


def allowed_tables() -> set[str]:
    """Every table or view name model SQL may read."""
    return {*CASE_DATA_TABLES, *reference_tables(), *VIEWS}


#: Identities in more case-party rows than this are institutional litigants (party_identity).
HUB_THRESHOLD = 200


def install(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date | None = None,
    hub_threshold: int | None = None,
    *,
    hubs_from: duckdb.DuckDBPyConnection | None = None,
) -> None:
    """Create the law reference tables (if absent) and every operator on `con` as TEMP objects,
    and find the institutional litigants (qc_hubs) of the store `con` is using.

    `as_of` is the day the checks are made for (time limits count to it); default: today in
    the courts' zone (courtqc.clock).
    `hubs_from`: a session of the same store with the operators installed, whose qc_hubs are
    copied instead of counted again over the whole store.
    """
    install_reference(con)
    _stand_in_added_tables(con)
    day = (as_of or court_today()).isoformat()
    con.execute(f"CREATE OR REPLACE TEMP MACRO as_of() AS DATE '{day}'")
    con.execute(SQL)
    con.execute("DELETE FROM qc_hubs")
    if hubs_from is not None:
        rows = hubs_from.execute("SELECT identity_key, case_rows FROM qc_hubs").fetchall()
        if rows:
            con.executemany("INSERT INTO qc_hubs VALUES (?, ?)", rows)
        return
    fill_hubs(con, hub_threshold)


def _stand_in_added_tables(con: duckdb.DuckDBPyConnection) -> None:
    """An empty TEMP table for each canonical table added since the store was made (the
    enterprise register's shareholders and former names), so the operators reading them
    install on an older store, read-only included, and find no rows there."""
    from courtqc.schema import ADDED_TABLES, added_table_ddl

    for t in ADDED_TABLES:
        try:
            con.execute(f"SELECT 1 FROM {t} LIMIT 0")
        except duckdb.CatalogException:
            con.execute(added_table_ddl(t))


def fill_hubs(con: duckdb.DuckDBPyConnection, hub_threshold: int | None = None) -> None:
    """(Re)count the institutional litigants of the store into this session's qc_hubs. Long
    -running node mode (the CDC daemon) calls it again as the data changes, so hub status
    follows the store, not the moment the process started."""
    con.execute(
        "DELETE FROM temp.main.qc_hubs;"
        "INSERT INTO temp.main.qc_hubs SELECT r.raw_key, count(*) FROM case_parties cp "
        "JOIN party_identity_raw r ON r.party_id = cp.party_id GROUP BY r.raw_key "
        f"HAVING count(*) > {int(HUB_THRESHOLD if hub_threshold is None else hub_threshold)}"
    )


def hub_keys(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The institutional litigants found by install() on this session."""
    return {r[0] for r in con.execute("SELECT identity_key FROM qc_hubs").fetchall()}


_ref_counter = itertools.count(1)


def install_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Make the law reference tables readable on `con` without writing to the store: they are
    built in a private in-memory database and exposed as TEMP views of the same names."""
    names = reference_tables()
    if not names:
        return
    from courtqc.law.reference import install as law_install

    current = con.execute("SELECT current_database()").fetchone()[0]
    db = f"qc_ref_{next(_ref_counter)}"
    con.execute(f"ATTACH ':memory:' AS {db}")
    con.execute(f"USE {db}")
    try:
        law_install(con)
    finally:
        con.execute(f'USE "{current}"')
    for n in names:
        con.execute(f"CREATE OR REPLACE TEMP VIEW {n} AS SELECT * FROM {db}.main.{n}")


_SCHEMA_LOCK = threading.Lock()


@cache
def _schema_db() -> duckdb.DuckDBPyConnection:
    from courtqc.schema import create_schema

    con = duckdb.connect(":memory:")
    create_schema(con)
    install(con, dt.date(2000, 1, 1))
    return con


@contextmanager
def schema_connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """An empty in-memory store with the schema and operators in place, used to validate model
    SQL (binding catches unknown columns) and to list an operator's fields."""
    with _SCHEMA_LOCK:
        yield _schema_db()


def columns_of(relation: str) -> list[str]:
    """Column names of a table or operator view, in order."""
    with schema_connection() as con:
        return [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()]
