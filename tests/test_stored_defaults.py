"""Instants the store fills in itself (column defaults) are naive UTC, as courtqc.clock writes
them, whatever the session's time zone: a quarantined row's `loaded_at`, a governed value's
`recorded_at`."""

from __future__ import annotations

import datetime as dt

import duckdb

from courtqc.clock import utcnow
from courtqc.governance.intake import ensure_tables
from courtqc.schema import create_schema


def test_default_instants_are_utc_in_a_non_utc_session() -> None:
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'Asia/Shanghai'")  # 8 hours from UTC all year
    create_schema(con)
    ensure_tables(con)
    before = utcnow()
    con.execute(
        "INSERT INTO quarantine (source_file, row_number, table_name, reason) "
        "VALUES ('f.csv', 1, 'cases', '测试 (test)')"
    )
    con.execute(
        "INSERT INTO raw_values (table_name, row_key, column_name, raw, status, source) "
        "VALUES ('parties', '1', 'name', 'x', 'changed', 'test')"
    )
    after = utcnow()
    for sql in ("SELECT loaded_at FROM quarantine", "SELECT recorded_at FROM raw_values"):
        (at,) = con.execute(sql).fetchone()
        assert at.tzinfo is None
        assert before - dt.timedelta(seconds=1) <= at <= after + dt.timedelta(seconds=1), sql
