"""courtqc.transaction: all of a block's writes or none, on a real DuckDB store."""

from __future__ import annotations

import duckdb
import pytest

from courtqc.transaction import transaction


@pytest.fixture
def con(tmp_path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(tmp_path / "t.duckdb"))
    c.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v VARCHAR)")
    return c


def _rows(con) -> list[tuple]:
    return con.execute("SELECT k, v FROM t ORDER BY k").fetchall()


def test_commits_the_block(con) -> None:
    with transaction(con):
        con.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')")
    assert _rows(con.cursor()) == [(1, "a"), (2, "b")]  # visible to another session


@pytest.mark.parametrize("error", [ValueError("bad row"), KeyboardInterrupt()])
def test_rolls_back_on_anything_and_reraises_it(con, error) -> None:
    with pytest.raises(type(error)), transaction(con):
        con.execute("INSERT INTO t VALUES (1, 'a')")
        raise error
    assert _rows(con) == []
    with transaction(con):  # the connection is usable again
        con.execute("INSERT INTO t VALUES (3, 'c')")
    assert _rows(con) == [(3, "c")]


def test_a_failing_statement_rolls_back_the_earlier_ones(con) -> None:
    with pytest.raises(duckdb.ConstraintException), transaction(con):
        con.execute("INSERT INTO t VALUES (1, 'a')")
        con.execute("INSERT INTO t VALUES (1, 'again')")
    assert _rows(con) == []


def test_joins_an_open_transaction(con) -> None:
    with pytest.raises(RuntimeError), transaction(con):
        con.execute("INSERT INTO t VALUES (1, 'outer')")
        with transaction(con):
            con.execute("INSERT INTO t VALUES (2, 'inner')")
        raise RuntimeError("outer fails after the inner block")
    assert _rows(con) == []  # the inner block did not commit on its own
