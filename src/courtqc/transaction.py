"""`transaction(con)`: BEGIN … COMMIT around a block of writes to a DuckDB store, ROLLBACK when
anything escapes it — an error, a KeyboardInterrupt, a failed COMMIT — and the first error
re-raised (a ROLLBACK that fails as well, on a full disk or a closed connection, is logged, not
raised in its place).

    with transaction(con):
        con.execute("INSERT ...")
        con.execute("UPDATE ...")

Inside another `transaction(con)` block on the same connection it joins that one (DuckDB has
no nested transactions): the outer block commits or rolls back, so a function can make its
writes atomic without knowing whether its caller has. (It cannot see a BEGIN written by hand:
probing with a second BEGIN would abort the open transaction; a reason to write none.) For
PostgreSQL (psycopg2) use the connection's own `with pg:` block.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

log = logging.getLogger(__name__)


#: Connections (by id) inside a `transaction` block now. A DuckDB connection or cursor is used
#: by one thread at a time, so a plain set is enough.
_open: set[int] = set()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction around the block (see the module's docstring)."""
    if id(con) in _open:
        yield con  # the enclosing block commits or rolls back
        return
    con.execute("BEGIN")
    _open.add(id(con))
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
    finally:
        _open.discard(id(con))


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """ROLLBACK without hiding why the transaction failed: a ROLLBACK that fails too (nothing
    open any more after a failed COMMIT, a connection gone) is logged at debug level."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error as e:
        log.debug("rollback failed as well: %s", e)
