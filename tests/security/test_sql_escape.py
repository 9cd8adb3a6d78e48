"""The SQL-escape corpus (tests/security/sql_escape_corpus.yaml) against the model SQL checker.

Every `refused` query must be refused by courtqc.models.sqlcheck with a message naming why; the
ones marked `runs` are run without the checker on a real DuckDB store holding the canonical
schema, the platform tables (users, alerts, audit ...) and a planted secret, to show that each
refusal stops something DuckDB would otherwise have done. Every `allowed` query must pass the
checker and bind on the schema, and the SQL that runs reads only allowed tables.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import duckdb
import pytest
import yaml
from sqlglot import exp

from courtqc import operators
from courtqc.models.sqlcheck import SqlProblem, check_select, runnable_sql
from courtqc.schema import create_schema
from tests.support.waiting import HANG_GUARD_S

CORPUS = yaml.safe_load(
    (Path(__file__).with_name("sql_escape_corpus.yaml")).read_text(encoding="utf-8")
)
# Queries too big to write out: generated from their description.
GENERATED = {
    "@NESTED_PARENS_5000": "SELECT " + "(" * 5000 + "1" + ")" * 5000 + " AS case_id",
    "@NESTED_NOT_5000": "SELECT case_id FROM cases WHERE " + "NOT " * 5000 + "true",
    "@NESTED_CASE_1000": "SELECT " + "CASE WHEN true THEN " * 1000 + "1" + " END" * 1000,
    "@PLUS_CHAIN_15000": "SELECT 1" + "+1" * 15000 + " AS case_id",
    "@NESTED_SUBQUERIES_100": "SELECT case_id FROM " + "(SELECT * FROM " * 100 + "cases"
    + ")" * 100,
    "@LONG_60000": "SELECT case_id FROM cases WHERE cause_name = '" + "x" * 60000 + "'",
}  # fmt: skip


def _allowed() -> tuple[set[str], set[str]]:
    return operators.allowed_tables(), set(operators.TABLE_MACROS)


@pytest.fixture(scope="module")
def tmp_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("escape")
    con = duckdb.connect()
    con.execute("CREATE TABLE s AS SELECT 'SECRET' AS secret")
    con.execute(f"COPY s TO '{d}/secret.csv' (HEADER)")
    con.execute(f"COPY s TO '{d}/secret.parquet' (FORMAT parquet)")
    con.execute(f"COPY s TO '{d}/secret.json' (FORMAT json)")
    con.close()
    return d


@pytest.fixture(scope="module")
def store() -> duckdb.DuckDBPyConnection:
    """A store as the server has it: case data, truth tables, platform tables, operators, and a
    planted secret in the tables a model may not read."""
    from courtqc.web.db import ensure_platform

    con = duckdb.connect()
    create_schema(con)
    ensure_platform(con)
    operators.install(con, dt.date(2024, 1, 1))
    con.execute("INSERT INTO truth_anomalies VALUES ('professional_lender', 1, NULL, 'SECRET')")
    con.execute(
        "INSERT INTO users (username, display_name, role, court_code, password_hash, created_at)"
        " VALUES ('admin', 'A', 'admin', '沪', 'SECRET-HASH', now())"
    )
    con.execute("SET VARIABLE secret = 'SECRET'")
    yield con
    con.close()


def _sql(text: str, tmp: Path) -> str:
    return GENERATED.get(text, text).replace("{tmp}", str(tmp))


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS["refused"]) + len(CORPUS["allowed"]) >= 100
    assert len(CORPUS["refused"]) >= 100


@pytest.mark.parametrize("case", CORPUS["refused"], ids=[c["sql"][:60] for c in CORPUS["refused"]])
def test_refused_with_a_clear_message(case: dict, tmp_files: Path) -> None:
    tables, funcs = _allowed()
    t0 = time.perf_counter()
    with pytest.raises(SqlProblem) as ei:
        check_select(_sql(case["sql"], tmp_files), tables, funcs)
    assert time.perf_counter() - t0 < HANG_GUARD_S  # refused at once, whatever the input
    msg = ei.value.message
    assert str(case["says"]).lower() in msg.lower(), msg
    # Chinese first, English in brackets; nothing of Python's insides.
    assert "(" in msg and "Traceback" not in msg and "Error" not in msg.split("(")[0]


RUNNABLE = [c for c in CORPUS["refused"] if c.get("runs")]


@pytest.mark.parametrize("case", RUNNABLE, ids=[c["sql"][:60] for c in RUNNABLE])
def test_refused_ones_would_have_run(case: dict, store, tmp_files: Path) -> None:  # type: ignore[no-untyped-def]
    """Without the checker, DuckDB runs these on the store: the refusal is what stops them."""
    cur = store.cursor()
    try:
        cur.execute(_sql(case["sql"], tmp_files)).fetchall()
    finally:
        cur.close()


def test_cte_scope_escapes_would_leak_the_secret(store) -> None:  # type: ignore[no-untyped-def]
    """The two scope escapes of issue 13 read the real table when DuckDB runs them as written."""
    leak = store.execute(
        "WITH truth_anomalies AS (SELECT * FROM truth_anomalies) SELECT note FROM truth_anomalies"
    ).fetchall()
    assert leak == [("SECRET",)]
    leak = store.execute(
        "SELECT t.note FROM (WITH truth_anomalies AS (SELECT 1 AS case_id) "
        "SELECT * FROM truth_anomalies) s, truth_anomalies t"
    ).fetchall()
    assert leak == [("SECRET",)]


@pytest.mark.parametrize("case", CORPUS["allowed"], ids=[c["sql"][:60] for c in CORPUS["allowed"]])
def test_allowed_and_safe(case: dict, tmp_files: Path) -> None:
    tables, funcs = _allowed()
    tree = check_select(_sql(case["sql"], tmp_files), tables, funcs)
    sql = runnable_sql(tree)
    # What runs reads allowed tables, its own (renamed) CTEs and operator macros only.
    ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
    for t in tree.find_all(exp.Table):
        if isinstance(t.this, exp.Func):
            continue
        assert t.name in tables or t.name in ctes, t.name
    assert "--" not in sql and "/*" not in sql
    with operators.schema_connection() as con:
        con.execute(f"DESCRIBE {sql}").fetchall()


def test_a_renamed_cte_cannot_bind_to_the_table_it_shadows(store) -> None:  # type: ignore[no-untyped-def]
    """What runs names each CTE uniquely, so a reference the checker took for the CTE binds to
    the CTE (here: the CTE's rows, not the truth table's)."""
    tables, funcs = _allowed()
    tree = check_select(
        "WITH truth_anomalies AS (SELECT case_id, 'mine' AS note FROM cases) "
        "SELECT case_id, note FROM truth_anomalies",
        tables,
        funcs,
    )
    sql = runnable_sql(tree)
    assert "cte1_truth_anomalies" in sql
    store.execute("INSERT INTO cases (case_id) SELECT 1 WHERE false")  # schema in place
    assert store.execute(sql).fetchall() == []  # the empty cases table, not the secret
