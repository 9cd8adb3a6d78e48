"""The model watchdog (engine.run.Watchdog) when its interrupt lands before the statement."""

import time

import duckdb
import pytest

from courtqc.engine.run import Watchdog

# ~30 s and more uninterrupted on the 2-core VM: long enough to tell an interrupted run apart
SLOW = (
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 30000000) "
    "SELECT count(*) FROM r"
)


def test_an_interrupt_before_the_statement_began_is_repeated():
    """On a starved machine the thread running a model can be descheduled between arm() and
    execute(): the first interrupt then finds nothing running. The statement must still be
    stopped (CI once ran such a model for 17 minutes)."""
    con = duckdb.connect()
    dog = Watchdog()
    try:
        dog.arm(con, 0.01)
        time.sleep(0.2)  # the deadline passes with no statement running
        t0 = time.perf_counter()
        with pytest.raises(duckdb.InterruptException):
            con.execute(SLOW).fetchall()
        assert time.perf_counter() - t0 < 5
        assert dog.fired
        dog.disarm()
        time.sleep(0.2)
        assert con.execute("SELECT 42").fetchall() == [(42,)]  # disarmed: nothing interrupted
    finally:
        dog.close()
        con.close()
