"""The PostgreSQL connection to a court's CMS, as ingestion (CDC, verify) makes it.

The real ingestion path reads a court CMS, simulated or not, through this module; the simulated
CMS (courtqc.cms) builds on it, never the other way round. `connect` reads the configured DSN
(COURTQC_CMS_DSN, courtqc.config) when none is given; an unreachable database is `CmsError`
(503, exit 2), a DSN that does not parse `InvalidInput` without echoing it.
"""

from __future__ import annotations

import psycopg2
import psycopg2.extensions

from courtqc.errors import InvalidInput, Unavailable, Where


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
