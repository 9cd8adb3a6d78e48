"""Creating the simulated CMS's database and schema. The connection itself (`connect`,
`describe`, `with_dbname`, `CmsError`) is ingestion's, in courtqc.ingest.pg: the real CDC reads
a court's CMS through it, and the simulator uses the same; they are re-exported here."""

from __future__ import annotations

from importlib.resources import files

import psycopg2
import psycopg2.extensions
from psycopg2 import sql

# the connection is ingestion's; cms.db.connect etc. stay importable from here
from courtqc.ingest.pg import CmsError, connect, describe, with_dbname

DDL: str = files(__package__).joinpath("schema.sql").read_text(encoding="utf-8")

#: Tables of the CMS in dependency order (codes and courts first).
TABLES = (
    "ts_dm", "tb_fy", "tb_bm", "tb_ry", "tb_ajxx", "tb_zxaj", "tb_dsr", "tb_dlr", "tb_lcjl",
    "tb_ws", "tb_xspj", "tb_ssjg", "tb_zxcs", "tb_ajk",
)  # fmt: skip

#: Id sequences the workload draws new rows from: (sequence, table, column).
SEQUENCES = (
    ("seq_ajbs", ("tb_ajxx", "tb_zxaj"), "ajbs"),
    ("seq_dsrbs", ("tb_dsr",), "dsrbs"),
    ("seq_dlrbs", ("tb_dlr",), "dlrbs"),
    ("seq_jlbs", ("tb_lcjl",), "jlbs"),
    ("seq_wsbs", ("tb_ws",), "wsbs"),
    ("seq_csbs", ("tb_zxcs",), "csbs"),
    ("seq_kxbs", ("tb_ajk",), "kxbs"),
)


def __getattr__(name: str) -> str:
    """`DEFAULT_DSN`: the configured DSN (COURTQC_CMS_DSN, courtqc.config), looked up when it
    is asked for, not when this module is imported. Kept for the commands that still use it as
    their `--dsn` default; new code calls `connect()` without a DSN or reads
    `config.settings().cms_dsn`."""
    if name == "DEFAULT_DSN":
        from courtqc.config import settings

        return settings().cms_dsn
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def ensure_database(dsn: str) -> bool:
    """Create the DSN's database if it does not exist. True if it was created."""
    name = psycopg2.extensions.parse_dsn(dsn).get("dbname")
    if not name:
        raise CmsError(f"DSN 未指定数据库 (no dbname in DSN): {describe(dsn)}")
    admin = connect(with_dbname(dsn, "postgres"), autocommit=True)
    try:
        with admin.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone():
                return False
            cur.execute(
                sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(name)
                )
            )
            return True
    finally:
        admin.close()


def drop_database(dsn: str) -> None:
    """Drop the DSN's database and the replication slots on it (tests, --replace)."""
    name = psycopg2.extensions.parse_dsn(dsn)["dbname"]
    admin = connect(with_dbname(dsn, "postgres"), autocommit=True)
    try:
        with admin.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE database = %s AND active",
                [name],
            )
            cur.execute("SELECT slot_name FROM pg_replication_slots WHERE database = %s", [name])
            for (slot,) in cur.fetchall():
                cur.execute("SELECT pg_drop_replication_slot(%s)", [slot])
            cur.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    finally:
        admin.close()


def create_schema(con: psycopg2.extensions.connection, *, replace: bool = False) -> None:
    """Create the CMS tables (dropping them first with replace=True), its id sequences, and
    REPLICA IDENTITY FULL where the mapping needs whole old rows (tb_dlr)."""
    with con.cursor() as cur:
        if replace:
            for t in reversed(TABLES):
                cur.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(sql.Identifier(t)))
            for s, _, _ in SEQUENCES:
                cur.execute(sql.SQL("DROP SEQUENCE IF EXISTS {}").format(sql.Identifier(s)))
        cur.execute(DDL)
        for s, _, _ in SEQUENCES:
            cur.execute(sql.SQL("CREATE SEQUENCE IF NOT EXISTS {}").format(sql.Identifier(s)))
        cur.execute("ALTER TABLE tb_dlr REPLICA IDENTITY FULL")
    con.commit()


def reset_sequences(con: psycopg2.extensions.connection) -> None:
    """Start every id sequence after the largest id in use."""
    with con.cursor() as cur:
        for s, tables, col in SEQUENCES:
            parts = sql.SQL(" UNION ALL ").join(
                sql.SQL("SELECT max({}) AS m FROM {}").format(
                    sql.Identifier(col), sql.Identifier(t)
                )
                for t in tables
            )
            cur.execute(
                sql.SQL(
                    "SELECT setval({}, greatest(coalesce((SELECT max(m) FROM ({}) x), 0), 1))"
                ).format(sql.Literal(s), parts)
            )
    con.commit()


def row_counts(con: psycopg2.extensions.connection) -> dict[str, int]:
    out = {}
    with con.cursor() as cur:
        for t in TABLES:
            cur.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t)))
            out[t] = cur.fetchone()[0]
    return out
