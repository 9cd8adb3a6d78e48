"""Connecting to the CMS's PostgreSQL and creating its database and schema."""

from __future__ import annotations

from importlib.resources import files

import psycopg2
import psycopg2.extensions
from psycopg2 import sql

from courtqc.errors import InvalidInput, Unavailable, Where

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


class CmsError(Unavailable):
    """The CMS database cannot be reached or is not in the expected state (503; on the
    command line its message and exit 2)."""


def connect(dsn: str | None = None, *, autocommit: bool = False) -> psycopg2.extensions.connection:
    """A connection to the CMS at `dsn` (default: the configured COURTQC_CMS_DSN)."""
    if dsn is None:
        from courtqc.config import settings

        dsn = settings().cms_dsn
    try:
        psycopg2.extensions.parse_dsn(dsn)
    except psycopg2.ProgrammingError:  # its message may quote the DSN, password and all
        raise InvalidInput(
            "DSN 无法解析 (invalid DSN: not a PostgreSQL connection string or URL)",
            where=Where(field="dsn"),
        ) from None
    try:
        con = psycopg2.connect(dsn)
    except psycopg2.OperationalError as e:
        raise CmsError(
            f"无法连接审判管理系统数据库 {describe(dsn)} (cannot connect): {str(e).strip()}\n"
            "启动本地 PostgreSQL: scripts/pg.sh (start the local cluster)"
        ) from None
    con.autocommit = autocommit
    return con


def describe(dsn: str) -> str:
    """host:port/dbname of a DSN, without any password."""
    p = psycopg2.extensions.parse_dsn(dsn)
    return f"{p.get('host', 'localhost')}:{p.get('port', 5432)}/{p.get('dbname', '')}"


def with_dbname(dsn: str, dbname: str) -> str:
    p = psycopg2.extensions.parse_dsn(dsn)
    p["dbname"] = dbname
    return psycopg2.extensions.make_dsn(**p)


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
