"""Group commit of the query ports' records (courtqc.services.groupcommit), on a real DuckDB file:
every write from many threads is committed exactly once, a caller returns only after its own
write is committed, writes that wait together share one commit, and a bad write fails alone."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb
import pytest

from courtqc.services.groupcommit import GroupCommit
from courtqc.web.db import Cursors


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    con = duckdb.connect(str(tmp_path / "g.duckdb"))
    con.execute("CREATE TABLE t (n INTEGER PRIMARY KEY, thread VARCHAR)")
    yield Cursors(con)
    con.close()


def test_every_write_committed_once_and_before_its_caller_returns(store: Cursors) -> None:
    g = GroupCommit(store)
    seen_after_return: list[bool] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        for i in range(25):
            n = k * 1000 + i
            g.write(lambda c, n=n: c.execute("INSERT INTO t VALUES (?, ?)", [n, str(k)]))
            with store.cursor() as c:  # a fresh cursor sees it: committed, not just written
                found = c.execute("SELECT count(*) FROM t WHERE n = ?", [n]).fetchone()[0]
            with lock:
                seen_after_return.append(found == 1)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with store.cursor() as c:
        assert c.execute("SELECT count(*), count(DISTINCT n) FROM t").fetchone() == (200, 200)
    assert len(seen_after_return) == 200 and all(seen_after_return)


def test_writes_waiting_together_share_one_commit(store: Cursors) -> None:
    g = GroupCommit(store)
    commits = []
    started = threading.Event()
    release = threading.Event()

    def slow(c: duckdb.DuckDBPyConnection) -> None:  # holds the commit while others queue
        started.set()
        release.wait(5)
        c.execute("INSERT INTO t VALUES (0, 'slow')")

    first = threading.Thread(target=g.write, args=(slow,))
    first.start()
    started.wait(5)
    waiting = [
        threading.Thread(
            target=g.write,
            args=(lambda c, n=n: c.execute("INSERT INTO t VALUES (?, 'w')", [n]),),
        )
        for n in range(1, 6)
    ]
    for t in waiting:
        t.start()
    deadline = time.monotonic() + 10
    while len(g._queue) < 5 and time.monotonic() < deadline:  # all five queue behind it
        time.sleep(0.01)
    original = g._commit

    def counted(group):  # type: ignore[no-untyped-def]
        commits.append(len(group))
        original(group)

    g._commit = counted  # type: ignore[method-assign]
    release.set()
    for t in [first, *waiting]:
        t.join(5)
    assert commits == [5]  # the five queued writes went in one group, one commit
    with store.cursor() as c:
        assert c.execute("SELECT count(*) FROM t").fetchone()[0] == 6


def test_a_bad_write_fails_alone(store: Cursors) -> None:
    g = GroupCommit(store)
    g.write(lambda c: c.execute("INSERT INTO t VALUES (1, 'a')"))
    errors: dict[int, BaseException | None] = {}
    barrier = threading.Barrier(4)

    def worker(n: int) -> None:
        barrier.wait()
        try:
            g.write(lambda c: c.execute("INSERT INTO t VALUES (?, 'b')", [n]))
            errors[n] = None
        except duckdb.Error as e:
            errors[n] = e

    threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert isinstance(errors[1], duckdb.ConstraintException)  # the duplicate key, and only it
    assert [errors[n] for n in (2, 3, 4)] == [None, None, None]
    with store.cursor() as c:
        assert [r[0] for r in c.execute("SELECT n FROM t ORDER BY n").fetchall()] == [1, 2, 3, 4]
