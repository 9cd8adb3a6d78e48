"""Node checks for ingested changes: a case reached a node → node mode → alerts stored (and
queued for the webhook).

A node change is first queued (ingest_node_checks) in the same transaction that applied the
change, then checked after that transaction commits; a check's alerts, its deliveries and its
"done" mark commit together. Killed in between, the queue still holds the check and it runs on
restart; alerts are keyed by fingerprint, so a check that ran twice stores nothing twice.

Checks queued together run together, through the engine's NodeChecker.check_many: the
contexts of all their cases are gathered into one scratch database and each model bound to
any of their nodes runs once over it, for the cases it applies to. A model's answer for a case
depends on that case's context only (the engine's contract, docs/OPERATORS.md), and the union
of contexts contains each case's own, so the answers are node mode's — test_cdc_nodes holds
the two equal. This is what keeps alerts close to the CMS's commit at hundreds of node
changes a second.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from courtqc.domain.nodes import NODES
from courtqc.engine import attach_table, lower_thread_priority, name_thread
from courtqc.ingest.apply import NodeChange, ensure_tables
from courtqc.transaction import rollback as rollback  # ingest.cdc imports it from here
from courtqc.transaction import transaction

if TYPE_CHECKING:
    from courtqc.engine.node import NodeChecker
    from courtqc.engine.run import Alert, ModelRun
    from courtqc.ingest.metrics import CdcMetrics
    from courtqc.ingest.webhook import WebhookPusher

log = logging.getLogger("courtqc.ingest.alerts")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class CheckOutcome:
    check_id: int
    case_id: int
    node: str
    status: str  # done | skipped | error | shed
    alerts: list[dict[str, Any]]
    elapsed_ms: float
    error: str | None = None


def alert_payload(a: dict[str, Any], node: str) -> dict[str, Any]:
    """What the webhook receives for one alert (the alert as stored, plus the node's name)."""
    return {**a, "node": node, "node_name": NODES[node].name_zh if node in NODES else node}


class NodeDispatcher:
    """Queues node changes and runs node mode for them, on one store connection."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        webhook: WebhookPusher | None = None,
        models: list | None = None,
        as_of: dt.date | None = None,
        metrics: CdcMetrics | None = None,
        hub_refresh_seconds: float = 30.0,
        behind_seconds: float = 30.0,
        shed_after_seconds: float | None = None,
    ):
        self.con = con
        self.webhook = webhook
        self.metrics = metrics
        # Institutional litigants are counted again when parties or case parties changed and
        # this long has passed since the last count (0: before every batch that follows a
        # change) — see refresh_hubs.
        self.hub_refresh_seconds = hub_refresh_seconds
        self._parties_changed = False
        self._hubs_counted = time.monotonic()
        # Back-pressure: checks whose CMS commit is older than this are "behind" (logged,
        # courtqc_cdc_checks_behind), see run_pending.
        self.behind_seconds = behind_seconds
        # Load shedding, the bound on latency (None: never shed, every check is answered):
        # a check whose CMS commit is older than this when its batch is taken is answered
        # "shed" without running — recorded, counted (courtqc_cdc_checks_shed) and logged —
        # so that once the checks cannot keep up, those answered are at most this old instead
        # of ever older. The changes themselves are applied regardless; the rolling review
        # (review mode) still covers a shed case.
        self.shed_after_seconds = shed_after_seconds
        self._shed_logged = 0.0
        self._behind_logged = 0.0
        self.queued = 0  # checks waiting (known from the start count, enqueue and answers)
        self.checking = False  # in the middle of a batch (read by the CDC loop; see CdcRunner)
        self.check_started = 0.0  # when it began (monotonic)
        self.check_seconds = 0.0  # how long batches take to answer (moving average)
        self._done_through = 0  # every check up to this id is done (see run_pending)
        self._scanned_all = float("-inf")
        # record_in_background(): results stored by a thread and session of their own
        self._recorder: ThreadPoolExecutor | None = None
        self._rec_con: duckdb.DuckDBPyConnection | None = None
        self._recording: deque[Future] = deque()
        self._in_flight: set[int] = set()  # checks answered, their results not yet committed
        self._models = models
        self._as_of = as_of
        self._checker: NodeChecker | None = None
        ensure_tables(con)

    @property
    def checker(self) -> NodeChecker:
        # Built on first use: it reads the store (data day, indexes), so after the snapshot.
        if self._checker is None:
            from courtqc.engine.node import NodeChecker

            # record=False: a batch's alerts are stored with its deliveries and "done" marks,
            # in one transaction of ours (_record), not by the checker as they are found.
            self._checker = NodeChecker(self.con, self._models, as_of=self._as_of, record=False)
            from courtqc.engine import store

            store.ensure(self.con)
        return self._checker

    def bound(self, node: str) -> bool:
        """Does any model that runs at nodes bind this node? (Others need no check.)"""
        return node in NODES and bool(self.checker.models_for(node))

    def enqueue(
        self, con: duckdb.DuckDBPyConnection, changes: Iterable[NodeChange], source: str
    ) -> int:
        """Queue the checks on `con`, in that connection's current transaction."""
        now = utcnow()
        rows = [
            (source, c.case_id, c.node, c.lsn, c.committed_at, now)
            for c in changes
            if self.bound(c.node)
        ]
        self.queued += len(rows)
        if self.metrics is not None:
            self.metrics.queue_depth.set(self.queued)
        if rows:
            cols = ("source", "case_id", "node", "lsn", "committed_at", "queued_at")
            types = (
                pa.string(),
                pa.int64(),
                pa.string(),
                pa.uint64(),
                pa.timestamp("us"),
                pa.timestamp("us"),
            )
            table = pa.table(
                {
                    c: pa.array([r[i] for r in rows], type=t)
                    for i, (c, t) in enumerate(zip(cols, types, strict=True))
                }
            )
            attach_table(con, "_qc_checks", table)
            try:
                con.execute(
                    f"INSERT INTO ingest_node_checks ({', '.join(cols)}) SELECT * FROM _qc_checks"
                )
            finally:
                con.unregister("_qc_checks")
        return len(rows)

    def pending(self) -> int:
        return self.con.execute(
            "SELECT count(*) FROM ingest_node_checks WHERE status = 'queued'"
        ).fetchone()[0]

    def data_changed(self, tables: Iterable[str]) -> None:
        """The applier changed these store tables (called with each applied batch)."""
        if not self._parties_changed and {"parties", "case_parties"} & set(tables):
            self._parties_changed = True

    def refresh_hubs(self, force: bool = False) -> bool:
        """Count the institutional litigants again if parties changed since the last count and
        hub_refresh_seconds have passed: who is a hub (never linked across cases) follows the
        data, so the same store gives the same alerts whenever the daemon started. On the
        check thread, between batches. True if the set changed."""
        if self._checker is None or not (force or self._parties_changed):
            return False
        if not force and time.monotonic() - self._hubs_counted < self.hub_refresh_seconds:
            return False
        self._parties_changed = False
        self._hubs_counted = time.monotonic()
        changed = self.checker.refresh_hubs()
        if changed:
            log.info("institutional litigants recounted: %d", len(self.checker.ctx.hubs))
        return changed

    def record_in_background(self) -> None:
        """Store each batch's results (alerts, deliveries, "done" marks — one transaction, as
        ever) on a thread and store session of their own, so the next batch is checked
        meanwhile: the checks queued during a batch wait for its answers, not for their commit
        too. Checks whose results are not yet committed are not taken again."""
        if self._recorder is None:
            self._rec_con = self.con.cursor()
            self._recorder = ThreadPoolExecutor(
                1, thread_name_prefix="courtqc-record", initializer=name_thread,
                initargs=("qc-record",),
            )  # fmt: skip

    def wait_recorded(self) -> None:
        """Wait for the results handed to the recording thread; raise what it raised."""
        while self._recording:
            self._recording.popleft().result()

    def run_pending(self, limit: int = 5000) -> list[CheckOutcome]:
        """Check every queued (case, node), oldest first, as one batch and one transaction."""
        while self._recording and self._recording[0].done():
            self._recording.popleft().result()  # raises what the recording thread raised
        self.checking = True
        self.check_started = time.monotonic()
        try:
            # Checks are queued in check_id order and taken oldest first, so once a batch is
            # done every queued check is past its last id: only the newest row groups are read,
            # however long the table has grown. Now and then, and first, the whole table.
            now = time.monotonic()
            everything = now - self._scanned_all > 10.0
            self.refresh_hubs()
            items = self.con.execute(
                f"SELECT check_id, case_id, node, committed_at FROM ingest_node_checks WHERE status = 'queued' "
                f"AND check_id > {0 if everything else self._done_through} "
                f"ORDER BY check_id LIMIT {int(limit)}"
            ).fetchall()
            if everything:
                self._scanned_all = now
            if self._in_flight:
                items = [i for i in items if i[0] not in self._in_flight]
            if not items:
                if self.metrics is not None:
                    self.metrics.check_lag.set(0)
                    self.metrics.behind.set(0)
                return []
            self._note_lag(items)
            out = self.check_batch(items)
            self._done_through = max(self._done_through, items[-1][0])
        finally:
            self.checking = False
        return out

    def _note_lag(self, items: list[tuple]) -> None:
        """Back-pressure made visible: how far behind the CMS the oldest check of this batch
        is (metrics), and a log line — at most one a minute — while that is past
        behind_seconds. The policy itself is run_pending's: every queued check is answered,
        oldest first, and the more are waiting the more go into one batch (up to `limit`),
        the same (case, node) once (check_batch), so a batch costs less per check as the
        queue grows and the wait stays bounded instead of growing with it."""
        committed = [i[3] for i in items if len(i) > 3 and i[3] is not None]
        if not committed:
            return
        lag = (utcnow() - min(committed)).total_seconds()
        behind = lag > self.behind_seconds
        if self.metrics is not None:
            self.metrics.check_lag.set(max(0.0, lag))
            self.metrics.behind.set(1 if behind else 0)
        now = time.monotonic()
        if behind and now - self._behind_logged > 60:
            self._behind_logged = now
            log.warning(
                "节点检查落后 %.0f 秒，排队 %d 个 (node checks are %.0f s behind the CMS, %d queued): "
                "合并为每批 %d 个检查 (batching harder: %d checks in this batch)",
                lag, self.queued, lag, self.queued, len(items), len(items),
            )  # fmt: skip

    def _to_shed(self, items: list[tuple]) -> dict[int, str]:
        """check_id → reason, for the checks past shed_after_seconds (see __init__)."""
        if self.shed_after_seconds is None:
            return {}
        now = utcnow()
        out: dict[int, str] = {}
        for item in items:
            committed = item[3] if len(item) > 3 else None
            if committed is None:
                continue
            age = (now - committed).total_seconds()
            if age > self.shed_after_seconds:
                out[item[0]] = (
                    f"积压 {age:.0f} 秒，超过 {self.shed_after_seconds:.0f} 秒，未检查 "
                    f"(shed: {age:.0f} s behind the CMS, past the {self.shed_after_seconds:.0f} s bound)"
                )
        if out:
            if getattr(self.metrics, "shed", None) is not None:
                self.metrics.shed.inc(len(out))
            mono = time.monotonic()
            if mono - self._shed_logged > 60:
                self._shed_logged = mono
                log.warning(
                    "节点检查积压超过 %.0f 秒，本批 %d 个检查未执行 (load shedding: %d checks older "
                    "than %.0f s answered 'shed'; review mode still covers their cases)",
                    self.shed_after_seconds, len(out), len(out), self.shed_after_seconds,
                )  # fmt: skip
        return out

    # ------------------------------------------------------------------ batch node mode

    def check_batch(self, items: list[tuple]) -> list[CheckOutcome]:
        """Node mode for queued (check, case, node) items at once: the engine's check_many (one
        context for all their cases, each model run once over it, models that do not apply to a
        case skipped). Unknown nodes and cases that are gone are answered here, not raised."""
        checker = self.checker
        t0 = time.perf_counter()
        shed = self._to_shed(items)
        # the cases' rows, read once: those found are checked, the others answered "skipped"
        rows = checker.case_rows(sorted({int(i[1]) for i in items if i[0] not in shed}))
        present = set(rows)
        # the same (case, node) queued more than once is checked once: the same context and
        # models give the same answer (each queued check is still marked with it)
        runnable = list(
            dict.fromkeys(
                (int(i[1]), i[2])
                for i in items
                if i[2] in NODES and i[1] in present and i[0] not in shed
            )
        )
        results = checker.check_many(runnable, rows=rows) if runnable else []
        elapsed = (time.perf_counter() - t0) * 1000
        by_event = dict(zip(runnable, results, strict=True))
        committed = {i[0]: i[3] for i in items if len(i) > 3}

        outcomes: list[CheckOutcome] = []
        live: dict[str, Alert] = {}
        shadow: dict[str, Alert] = {}
        failed: list[tuple[ModelRun, int, str]] = []
        deliveries: list[tuple] = []
        updates: list[tuple] = []
        now = utcnow()
        first: set[tuple[int, str]] = set()
        for check_id, case_id, node, *_ in items:
            if check_id in shed:
                status, error, alerts = "shed", shed[check_id], []
            elif node not in NODES:
                status, error, alerts = "error", f"未知节点 {node!r} (unknown node)", []
            elif case_id not in present:
                status, error, alerts = "skipped", f"找不到案件 {case_id} (no such case)", []
            else:
                res = by_event[(int(case_id), node)]
                once = (int(case_id), node) not in first
                first.add((int(case_id), node))
                context = [e["error"] for e in res.errors if e.get("stage") == "context"]
                if context:
                    status, error, alerts = "error", f"context: {context[0]}", []
                else:
                    status = "done"
                    errs = [
                        f"{r.model_id}: {r.status} {r.error}" for r in res.runs if r.status != "ok"
                    ]
                    error = "; ".join(errs)[:2000] or None
                    if once:
                        failed += [(r, case_id, node) for r in res.runs if r.status != "ok"]
                    for a in res.shadow_alerts:
                        shadow.setdefault(a.fingerprint, a)
                    alerts = []
                    for a in res.alerts:
                        live.setdefault(a.fingerprint, a)
                        alerts.append(alert_payload(a.to_dict(), node))
            if alerts and self.webhook is not None:
                deliveries += [
                    (p["fingerprint"], node, case_id, json.dumps(p, ensure_ascii=False), now, now)
                    for p in alerts
                ]
            updates.append((status, now, len(alerts), elapsed, error, check_id))
            outcomes.append(CheckOutcome(check_id, case_id, node, status, alerts, elapsed, error))
        self.checking = False  # the answers are in: what is queued next can be applied now
        took = time.monotonic() - self.check_started
        self.check_seconds = (
            took if not self.check_seconds else 0.7 * self.check_seconds + 0.3 * took
        )
        ids = {u[5] for u in updates}

        def record(con: duckdb.DuckDBPyConnection) -> None:
            try:
                at = self._record(con, live, shadow, failed, deliveries, updates)
            finally:
                self._in_flight -= ids
            self._answered(updates, committed, at, sum(len(o.alerts) for o in outcomes))
            if deliveries and self.webhook is not None:
                self.webhook.wake()

        if self._recorder is None:
            record(self.con)
        else:
            self._in_flight |= ids
            self._recording.append(self._recorder.submit(record, self._rec_con))
        return outcomes

    def _record(
        self,
        con: duckdb.DuckDBPyConnection,
        live: dict[str, Alert],
        shadow: dict[str, Alert],
        failed: list[tuple[ModelRun, int, str]],
        deliveries: list[tuple],
        updates: list[tuple],
    ) -> dt.datetime:
        from courtqc.engine import store

        with transaction(con):
            store.save_alerts(con, list(live.values()), mode="node", pushed=True)
            store.save_alerts(con, list(shadow.values()), mode="node", pushed=False)
            for r, case_id, node in failed:
                store.record_run(con, r, mode="node", case_id=case_id, node=node)
            if deliveries:
                con.executemany(
                    "INSERT INTO ingest_deliveries (fingerprint, node, case_id, payload, created_at, next_attempt_at) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    deliveries,
                )
            # checked_at is taken as late as possible: the alerts are stored with this commit
            at = utcnow()
            attach_table(
                con,
                "_qc_done",
                pa.table(
                    {
                        "status": pa.array([u[0] for u in updates], type=pa.string()),
                        "alerts": pa.array([u[2] for u in updates], type=pa.int32()),
                        "elapsed_ms": pa.array([u[3] for u in updates], type=pa.float64()),
                        "error": pa.array([u[4] for u in updates], type=pa.string()),
                        "check_id": pa.array([u[5] for u in updates], type=pa.int64()),
                    }
                ),
            )
            try:
                ids = [u[5] for u in updates]
                con.execute(
                    "UPDATE ingest_node_checks SET status = d.status, checked_at = ?, alerts = d.alerts, "
                    "elapsed_ms = d.elapsed_ms, error = d.error FROM _qc_done d "
                    "WHERE ingest_node_checks.check_id = d.check_id "
                    # the range lets DuckDB skip the older row groups of a long queue
                    "AND ingest_node_checks.check_id BETWEEN ? AND ?",
                    [at, min(ids), max(ids)],
                )
            finally:
                con.unregister("_qc_done")
        return at

    def _answered(
        self, updates: list[tuple], committed: dict[int, Any], at: dt.datetime, alerts: int
    ) -> None:
        """A batch's results are stored: the queue is shorter, the latencies known."""
        self.queued = max(0, self.queued - len(updates))
        m = self.metrics
        if m is None:
            return
        m.queue_depth.set(self.queued)
        m.check_batch.observe(len(updates))
        m.checks.inc(len(updates))
        m.alerts.inc(alerts)
        for u in updates:
            c = committed.get(u[5])
            if c is not None:
                m.check_latency.observe(max(0.0, (at - c).total_seconds()))

    # ------------------------------------------------------------------ one case, now

    def check_now(self, case_id: int, node: str, source: str) -> tuple[CheckOutcome, Any]:
        """Node mode for one case, inside the caller's transaction (the event API)."""
        check_id = self.con.execute(
            "INSERT INTO ingest_node_checks (source, case_id, node, queued_at) VALUES (?, ?, ?, ?) RETURNING check_id",
            [source, case_id, node, utcnow()],
        ).fetchone()[0]
        result = self.checker.check(int(case_id), node)
        from courtqc.engine import store

        store.save_alerts(self.con, result.alerts, mode="node", pushed=True)
        store.save_alerts(self.con, result.shadow_alerts, mode="node", pushed=False)
        for r in result.runs:
            if r.status != "ok":
                store.record_run(self.con, r, mode="node", case_id=case_id, node=node)
        alerts = [alert_payload(a.to_dict(), node) for a in result.alerts]
        error = json.dumps(result.errors, ensure_ascii=False)[:2000] if result.errors else None
        self.con.execute(
            "UPDATE ingest_node_checks SET status = 'done', checked_at = ?, alerts = ?, elapsed_ms = ?, error = ? "
            "WHERE check_id = ?",
            [utcnow(), len(alerts), result.elapsed_ms, error, check_id],
        )
        return CheckOutcome(
            check_id, case_id, node, "done", alerts, result.elapsed_ms, error
        ), result


class CheckWorker:
    """Runs queued node checks in a background thread, on its own store session, so that
    applying changes and checking cases overlap."""

    def __init__(self, dispatcher: NodeDispatcher, nice: int = 0):
        self.dispatcher = dispatcher
        # checks run at this much lower CPU priority than the applier (lower_thread_priority)
        self.nice = nice
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.error: BaseException | None = None
        self.checks = 0
        self.alerts = 0
        self._thread = threading.Thread(target=self._loop, name="courtqc-node-checks", daemon=True)

    def time_left(self) -> float:
        """Seconds until the batch being checked is expected to have its answers (0: none is)."""
        d = self.dispatcher
        if not d.checking:
            return 0.0
        return max(0.0, d.check_seconds - (time.monotonic() - d.check_started))

    def start(self) -> CheckWorker:
        self.dispatcher.record_in_background()
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """Stop after the queue is empty and every result is stored."""
        self._stop.set()
        self._wake.set()
        self._thread.join()
        if self.error is None:
            self.dispatcher.wait_recorded()

    def _loop(self) -> None:
        name_thread("qc-node-checks")
        # the threads this one starts (the recorder, the context's second cursor) inherit it
        lower_thread_priority(self.nice)
        try:
            while True:
                # read before the queue is: a stop asked for while the queue was being read
                # gets one more pass, so checks queued just before it are never left behind
                stopping = self._stop.is_set()
                out = self.dispatcher.run_pending()
                self.checks += len(out)
                self.alerts += sum(len(o.alerts) for o in out)
                if out:
                    continue
                if stopping:
                    return
                self._wake.wait(0.5)
                self._wake.clear()
        except BaseException as e:  # surfaced by the CDC loop
            log.exception("node checks failed")
            self.error = e
