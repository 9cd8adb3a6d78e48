"""Group commit for the query ports' records: the writes of queries answered at the same time
go to the store in one transaction, one commit, one sync of DuckDB's log.

Why: every query is written (service_queries and the audit log) before its answer leaves, and a
commit waits for the log's fsync — a few milliseconds, and on a shared VM now and then tens of
them. Committed one by one, queries that arrive during a slow sync queue behind it and then
each sync again in turn, so one slow sync delays every answer behind it by the sum. Committed
as a group, whoever arrives while a commit is under way is written by the next one, together
with everyone else waiting: one sync per group, however many wait.

Leader and followers, no thread of its own: a caller appends its writes to the queue and takes
the commit lock; if its writes were committed while it waited, it is done; otherwise it takes
every queued write and commits them, on a cursor of its own. A caller returns only once its
own writes are committed — the answer still leaves after its record, never before. If a
group's transaction fails, each of its writes is tried again in a transaction of its own, so
one bad write fails only its own request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb

from courtqc.errors import Unavailable
from courtqc.transaction import transaction

if TYPE_CHECKING:  # the web package imports this one
    from courtqc.web.db import Cursors

Write = Callable[[duckdb.DuckDBPyConnection], None]


@dataclass
class _Pending:
    write: Write
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


class GroupCommit:
    """Writes from many threads, committed in groups on the store's cursors."""

    def __init__(self, store: Cursors):
        self.store = store
        self._queue: list[_Pending] = []
        self._queue_lock = threading.Lock()
        self._commit_lock = threading.Lock()

    def write(self, fn: Write) -> None:
        """Run `fn(cursor)` in a committed transaction (with others' writes); return when it is
        committed, or raise what made it fail."""
        me = _Pending(fn)
        with self._queue_lock:
            self._queue.append(me)
        with self._commit_lock:
            if not me.done.is_set():
                with self._queue_lock:
                    group, self._queue = self._queue, []
                self._commit(group)
        if me.error is not None:
            raise me.error

    def _commit(self, group: list[_Pending]) -> None:
        finished = False
        try:
            with self.store.cursor() as cur:
                try:
                    with transaction(cur):
                        for p in group:
                            p.write(cur)
                except Exception as e:
                    if len(group) == 1:
                        group[0].error = e
                    else:
                        for p in group:  # one by one: only the bad write fails
                            try:
                                with transaction(cur):
                                    p.write(cur)
                            except Exception as e1:
                                p.error = e1
            finished = True
        except Exception as e:  # no cursor to be had: the store is closed
            for p in group:
                p.error = p.error or e
            finished = True
        finally:
            for p in group:
                if not finished:  # the leader was interrupted: nobody's write is known done
                    p.error = p.error or Unavailable("查询记录未能写入 (query record not written)")
                p.done.set()
