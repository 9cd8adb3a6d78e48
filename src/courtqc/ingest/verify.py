"""Is the store equal to the CMS? Read the CMS through the mapping into a scratch database and
compare every mapped canonical table with the store, row for row (multiset difference)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from courtqc.ingest import pg as cmsdb
from courtqc.ingest.apply import Applier
from courtqc.ingest.cdc import read_cms
from courtqc.ingest.mapping import Mapper


@dataclass
class TableDiff:
    table: str
    cms_rows: int
    store_rows: int
    missing: int  # in the CMS, not in the store
    extra: int  # in the store, not in the CMS

    @property
    def equal(self) -> bool:
        return self.missing == 0 and self.extra == 0


def mapped_columns(mapper: Mapper, table: str) -> list[str]:
    cols: dict[str, None] = {}
    for ts in mapper.targets.values():
        for t in ts:
            if t.table == table:
                cols.update(dict.fromkeys(t.columns))
    return list(cols)


def expected_store(dsn: str, mapper: Mapper) -> duckdb.DuckDBPyConnection:
    """The CMS as it is now, mapped into an in-memory canonical database."""
    exp = duckdb.connect(":memory:")
    pg = cmsdb.connect(dsn)
    try:
        with pg.cursor() as cur:
            cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        read_cms(pg, mapper, Applier(exp, mapper), source="verify")
        pg.rollback()
    finally:
        pg.close()
    return exp


def compare(store: duckdb.DuckDBPyConnection, dsn: str, mapper: Mapper) -> list[TableDiff]:
    exp = expected_store(dsn, mapper)
    out = []
    try:
        for table in mapper.target_tables():
            cols = ", ".join(f'"{c}"' for c in mapped_columns(mapper, table))
            a = exp.sql(f"SELECT {cols} FROM {table}").to_arrow_table()
            b = store.sql(f"SELECT {cols} FROM {table}").to_arrow_table()
            scratch = duckdb.connect(":memory:")
            scratch.register("a", a)
            scratch.register("b", b)
            missing = scratch.execute(
                "SELECT count(*) FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b)"
            ).fetchone()[0]
            extra = scratch.execute(
                "SELECT count(*) FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM a)"
            ).fetchone()[0]
            scratch.close()
            out.append(TableDiff(table, a.num_rows, b.num_rows, missing, extra))
    finally:
        exp.close()
    return out
