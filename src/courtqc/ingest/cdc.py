"""Change data capture from the CMS's PostgreSQL: logical replication with wal2json.

First run: a replication slot is created with an exported snapshot; every mapped table is read
in that snapshot and applied to the store together with the slot's consistent point, in one
transaction. Then the slot streams every committed transaction after that point.

Restart safety. Transactions are applied in batches; each batch, the node checks it queues and
the commit LSN of its last transaction (ingest_cdc_state) commit in ONE store transaction. Only
after that commit is the LSN confirmed to the slot (flush_lsn), so PostgreSQL never discards a
change the store does not hold. On restart, streaming resumes from the stored LSN and any
transaction whose commit LSN is at or below it is skipped, so a change confirmed late (killed
between the store's commit and the feedback) is not applied twice.

Losing PostgreSQL. Once streaming, a lost replication connection (a restart, a failover, the
network, a killed walsender) is not fatal: the batch not yet applied is dropped, and the stream
is opened again with backoff (0.5 s doubling to 30 s, with jitter) for as long as it takes —
from the slot's confirmed position, which is at or below the stored one, so the same skip rule
makes the resumed stream lose and duplicate nothing. Node checks and webhook deliveries go on
meanwhile (they need only the store). Before streaming has begun, every failure is a CdcError
that names its cause (explain()): the command exits 2 and a supervisor restarts it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import errno
import json
import logging
import random
import re
import select
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import psycopg2
import psycopg2.errors
import psycopg2.extras
from psycopg2 import sql

from courtqc.errors import Unavailable
from courtqc.ingest import pg as cmsdb
from courtqc.ingest.alerts import CheckWorker, NodeDispatcher, utcnow
from courtqc.ingest.apply import Applier, ApplyResult, Change, ensure_tables
from courtqc.ingest.mapping import Mapper
from courtqc.ingest.metrics import CdcMetrics
from courtqc.transaction import transaction

log = logging.getLogger("courtqc.ingest.cdc")

#: Tables that do not come from a CMS: registers, causes, lawyers (copied by --reference-from).
REFERENCE_TABLES = (
    "causes", "law_firms", "lawyers", "registry_population", "registry_enterprises",
    "registry_enterprise_shareholders", "registry_enterprise_names",
    "registry_housing_fund", "district_population",
)  # fmt: skip


class CdcError(Unavailable):
    """CDC cannot start or go on; the message says why and what to do (exit status 2)."""


def _chain(e: BaseException) -> list[BaseException]:
    """The exception and every one it was raised from or during (cause, context)."""
    out: list[BaseException] = []
    cur: BaseException | None = e
    while cur is not None and cur not in out:
        out.append(cur)
        cur = cur.__cause__ or cur.__context__
    return out


def explain(e: BaseException, db: str | Path | None = None) -> CdcError | None:
    """The cause of a failure said plainly, or None if it is not one of the known ones: a full
    disk (wherever it lies in the chain — a failed ROLLBACK must not bury it), a store locked
    by another process, PostgreSQL unreachable or gone."""
    chain = _chain(e)
    for x in chain:
        text = str(x)
        if (
            isinstance(x, OSError) and x.errno == errno.ENOSPC
        ) or "No space left on device" in text:
            where = f" {db}" if db else ""
            return CdcError(
                f"磁盘已满，无法写入库{where} (No space left on device): 释放空间后重启 "
                f"(free some space and start again) — {text.strip()[:300]}"
            )
    for x in chain:
        text = str(x)
        if isinstance(x, duckdb.Error) and "Could not set lock on file" in text:
            pid = re.search(r"PID (\d+)", text)
            holder = f" (PID {pid.group(1)})" if pid else ""
            return CdcError(
                f"库 {db or ''} 被另一个进程占用{holder} (the store is locked by another process"
                f"{holder}): 一个库同时只能由一个进程写入 (one writer at a time) — 停止该进程，"
                "或换一个 --db (stop it, or use another --db)"
            )
    for x in chain:
        if isinstance(x, psycopg2.OperationalError | psycopg2.InterfaceError):
            return CdcError(
                f"与审判管理系统数据库的连接失败 (PostgreSQL connection failed): {str(x).strip()[:300]}"
            )
    return None


def lsn_to_int(lsn: str) -> int:
    hi, lo = lsn.split("/")
    return (int(hi, 16) << 32) | int(lo, 16)


def int_to_lsn(n: int) -> str:
    return f"{n >> 32:X}/{n & 0xFFFFFFFF:X}"


def _ts(text: str | None) -> dt.datetime | None:
    """wal2json's commit time ('2026-11-26 20:39:57.537883+00') as naive UTC."""
    if not text:
        return None
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC).replace(tzinfo=None)


def _cols(items: list[dict[str, Any]] | None) -> dict[str, Any] | None:
    if items is None:
        return None
    return {c["name"]: c["value"] for c in items}


@dataclass
class CdcStats:
    transactions: int = 0
    changes: int = 0
    skipped_transactions: int = 0  # at or below the stored LSN (already applied)
    batches: int = 0
    checks: int = 0
    alerts: int = 0
    rejected: int = 0
    snapshot_rows: int = 0
    lsn: int = 0
    started: float = field(default_factory=time.monotonic)
    streaming_since: float = 0.0  # when the stream opened (monotonic)
    first_apply: float = 0.0  # when the first batch committed
    last_apply: float = 0.0  # when the last batch committed


# --------------------------------------------------------------------------- snapshot


def read_cms(
    pg: psycopg2.extensions.connection,
    mapper: Mapper,
    applier: Applier,
    *,
    source: str,
    chunk: int = 20_000,
) -> tuple[int, ApplyResult]:
    """Read every mapped table of the CMS (in the connection's current transaction, i.e. its
    snapshot) and apply it as upserts. Returns (rows read, combined result)."""
    total = ApplyResult()
    n = 0
    schema = mapper.mapping.source_schema
    for table in mapper.source_tables():
        cols = sorted(mapper.source_columns(table))
        with pg.cursor(name=f"qc_snap_{table}") as cur:
            cur.itersize = chunk
            cur.execute(
                sql.SQL("SELECT {} FROM {}.{}").format(
                    sql.SQL(", ").join(sql.Identifier(c) for c in cols),
                    sql.Identifier(schema),
                    sql.Identifier(table),
                )
            )
            while True:
                rows = cur.fetchmany(chunk)
                if not rows:
                    break
                changes = [
                    Change(table, "U", dict(zip(cols, r, strict=True)), position=n + i + 1)
                    for i, r in enumerate(rows)
                ]
                n += len(rows)
                res = applier.apply(changes, source=source)
                total.changes += res.changes
                total.rejected.extend(res.rejected)
                for t, k in res.upserted.items():
                    total.upserted[t] = total.upserted.get(t, 0) + k
    return n, total


def copy_reference(con: duckdb.DuckDBPyConnection, reference_db: str | Path) -> dict[str, int]:
    """Copy the tables a CMS does not hold (registers, causes, lawyers) from a canonical store."""
    con.execute(f"ATTACH '{Path(reference_db)}' AS qc_ref (READ_ONLY)")
    try:
        have = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'qc_ref'"
            ).fetchall()
        }
        out = {}
        for t in REFERENCE_TABLES:
            if t in have:
                con.execute(f"DELETE FROM {t}")
                con.execute(f"INSERT INTO {t} SELECT * FROM qc_ref.main.{t}")
                out[t] = con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        return out
    finally:
        con.execute("DETACH qc_ref")


# --------------------------------------------------------------------------- streaming


class CdcRunner:
    """`courtqc ingest cdc`: snapshot once, then stream, apply, check, confirm — until stopped."""

    def __init__(
        self,
        dsn: str,
        slot: str,
        db: str | Path,
        mapper: Mapper,
        *,
        webhook: str | None = None,
        checks: bool = True,
        batch_rows: int = 20_000,
        max_batch_seconds: float = 0.5,
        linger: float = 0.02,
        max_linger: float = 0.25,
        until_lsn: int | None = None,
        reference_from: str | Path | None = None,
        webhook_base_delay: float = 0.5,
        webhook_max_attempts: int = 10,
        models: list | None = None,
        as_of: dt.date | None = None,
        metrics_port: int | None = None,
        metrics_host: str = "127.0.0.1",
        reconnect_max_delay: float = 30.0,
        hub_refresh_seconds: float = 30.0,
        behind_seconds: float = 30.0,
        shed_after_seconds: float | None = None,
        check_nice: int = 10,
        webhook_drain_seconds: float = 10.0,
        memory_limit: str | None = "1GB",
    ):
        if not re.fullmatch(r"[a-z0-9_]{1,63}", slot):
            raise CdcError(
                f"复制槽名只能含小写字母、数字和下划线 (slot name must match [a-z0-9_]+): {slot!r}"
            )
        self.dsn, self.slot, self.db_path, self.mapper = dsn, slot, str(db), mapper
        self.webhook_url = webhook
        self.checks = checks
        self.batch_rows = batch_rows
        self.max_batch_seconds = max_batch_seconds
        self.linger = linger  # seconds a batch waits for more transactions when none is waiting
        self.max_linger = max_linger  # ... and at most, while the check worker is busy
        self.until_lsn = until_lsn
        self.reference_from = reference_from
        self.webhook_base_delay = webhook_base_delay
        self.webhook_max_attempts = webhook_max_attempts
        self.models = models  # None: the built-in library
        self.as_of = as_of  # node mode's "today" (None: the data's latest day at start)
        self.stats = CdcStats()
        self.metrics = CdcMetrics()
        self.metrics_port, self.metrics_host = metrics_port, metrics_host
        self.reconnect_max_delay = reconnect_max_delay
        self.hub_refresh_seconds = hub_refresh_seconds
        self.behind_seconds = behind_seconds
        self.shed_after_seconds = shed_after_seconds
        self.check_nice = check_nice
        self.webhook_drain_seconds = webhook_drain_seconds
        # DuckDB's buffer pool defaults to 80 % of the machine: a daemon reading an ever larger
        # store keeps what it has read cached and grows towards it. Bounded, old blocks are
        # evicted (they are on disk) and RSS levels off.
        self.memory_limit = memory_limit
        self.reconnects = 0
        self._server_lsn = 0  # the CMS's current WAL position, polled (lag in bytes)
        self._lsn_con: Any = None
        self._lsn_polled = 0.0
        self._apply_seconds = 0.0  # how long a batch takes to apply (moving average)
        self.source = f"cdc:{slot}"
        self._stop = False
        self.dispatcher: NodeDispatcher | None = None
        self.worker: CheckWorker | None = None

    def stop(self, *_: Any) -> None:
        self._stop = True

    def _sleep(self, seconds: float) -> None:
        """Sleep, but wake at once when stopped (SIGTERM during a reconnect backoff)."""
        end = time.monotonic() + seconds
        while not self._stop and time.monotonic() < end:
            time.sleep(min(0.1, end - time.monotonic()))

    # ---------------------------------------------------------------- setup

    def _stored_lsn(self) -> int | None:
        row = self.con.execute(
            "SELECT lsn FROM ingest_cdc_state WHERE slot = ?", [self.slot]
        ).fetchone()
        # lsn 0: a snapshot was begun (the slot is this store's) but did not commit
        return None if row is None or row[0] == 0 else int(row[0])

    def _slot_exists(self) -> bool:
        pg = cmsdb.connect(self.dsn, autocommit=True)
        try:
            with pg.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_replication_slots WHERE slot_name = %s", [self.slot])
                return cur.fetchone() is not None
        finally:
            pg.close()

    def _check_replica_identity(self) -> None:
        """Tables whose mapping needs whole old rows must send them (REPLICA IDENTITY FULL)."""
        need = self.mapper.needs_full_identity()
        if not need:
            return
        pg = cmsdb.connect(self.dsn, autocommit=True)
        try:
            with pg.cursor() as cur:
                cur.execute(
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = %s AND c.relname = ANY(%s) AND c.relreplident <> 'f'",
                    [self.mapper.mapping.source_schema, need],
                )
                bad = [r[0] for r in cur.fetchall()]
        finally:
            pg.close()
        if bad:
            raise CdcError(
                f"映射要求表 {bad} 使用 REPLICA IDENTITY FULL (the mapping needs whole old rows): "
                + "; ".join(f"ALTER TABLE {t} REPLICA IDENTITY FULL" for t in bad)
            )

    def _snapshot(self) -> int:
        """Create the slot with an exported snapshot, copy every mapped table in it, and store
        the slot's consistent point with the rows, in one store transaction."""
        begun = (
            self.con.execute(
                "SELECT count(*) FROM ingest_cdc_state WHERE slot = ?", [self.slot]
            ).fetchone()[0]
            > 0
        )
        if self._slot_exists():
            if not begun:
                raise CdcError(
                    f"复制槽 {self.slot} 已存在，但本库没有它的位置：它属于另一个消费者 (the slot exists and this "
                    f"store has no position for it: another consumer's). 换一个 --slot，或确认无用后删除: "
                    f"SELECT pg_drop_replication_slot('{self.slot}')"
                )
            # This store began a snapshot from it and was stopped before that committed;
            # nothing was confirmed from the slot, so start over.
            log.warning(
                "slot %s: the snapshot begun earlier did not finish; starting it again", self.slot
            )
            self._drop_slot()
        if not begun:  # mark the slot as this store's before creating it (committed on its own)
            self._save_state(0, 0, 0)
        rconn = psycopg2.connect(
            self.dsn, connection_factory=psycopg2.extras.LogicalReplicationConnection
        )
        try:
            rcur = rconn.cursor()
            rcur.execute(f"CREATE_REPLICATION_SLOT {self.slot} LOGICAL wal2json EXPORT_SNAPSHOT")
            _, consistent_point, snapshot_name, _ = rcur.fetchone()
            lsn = lsn_to_int(consistent_point)
            pg = cmsdb.connect(self.dsn)
            try:
                with pg.cursor() as cur:
                    cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
                    cur.execute("SET TRANSACTION SNAPSHOT %s", [snapshot_name])
                with transaction(self.con):
                    if self.reference_from:
                        copied = copy_reference(self.con, self.reference_from)
                        log.info("reference tables copied: %s", copied)
                    n, res = read_cms(pg, self.mapper, self.applier, source=self.source)
                    self._save_state(lsn, 0, 0, snapshot=True)
                pg.rollback()
            finally:
                pg.close()
        finally:
            rconn.close()
        self.stats.snapshot_rows = n
        self.stats.rejected += len(res.rejected)
        log.info("snapshot: %d CMS rows at %s → %s", n, consistent_point, res.upserted)
        return lsn

    def _drop_slot(self) -> None:
        pg = cmsdb.connect(self.dsn, autocommit=True)
        try:
            with pg.cursor() as cur:
                cur.execute("SELECT pg_drop_replication_slot(%s)", [self.slot])
        finally:
            pg.close()

    def _save_state(
        self, lsn: int, transactions: int, changes: int, snapshot: bool = False
    ) -> None:
        now = utcnow()
        if not snapshot:  # streaming: the slot's row is there (an upsert costs 2.5× more)
            (updated,) = self.con.execute(
                "UPDATE ingest_cdc_state SET lsn = ?, lsn_text = ?, updated_at = ?, "
                "transactions = transactions + ?, changes = changes + ? WHERE slot = ?",
                [lsn, int_to_lsn(lsn), now, transactions, changes, self.slot],
            ).fetchone()
            if updated:
                return
        self.con.execute(
            """INSERT INTO ingest_cdc_state (slot, lsn, lsn_text, mapping, source, snapshot_at, updated_at,
                   transactions, changes)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (slot) DO UPDATE SET lsn = excluded.lsn, lsn_text = excluded.lsn_text,
                   updated_at = excluded.updated_at,
                   transactions = ingest_cdc_state.transactions + excluded.transactions,
                   changes = ingest_cdc_state.changes + excluded.changes""",
            [self.slot, lsn, int_to_lsn(lsn), self.mapper.name, cmsdb.describe(self.dsn),
             now if snapshot else None, now, transactions, changes],
        )  # fmt: skip

    def _start_stream(self, in_use_for: float = 60.0) -> tuple[Any, Any]:
        """Open the replication stream; a slot still held by a killed predecessor's walsender
        is retried for a while (PostgreSQL notices the dead connection soon)."""
        schema = self.mapper.mapping.source_schema
        options = {
            "format-version": "2",
            "include-lsn": "1",
            "include-timestamp": "1",
            "include-types": "0",
            "add-tables": ",".join(f"{schema}.{t}" for t in self.mapper.source_tables()),
        }
        deadline = time.monotonic() + in_use_for
        while True:
            rconn = psycopg2.connect(
                self.dsn, connection_factory=psycopg2.extras.LogicalReplicationConnection
            )
            rcur = rconn.cursor()
            try:
                # From the slot's confirmed position, not the stored one: what the slot re-sends
                # (applied, but confirmed late) is skipped here by its commit LSN.
                rcur.start_replication(
                    slot_name=self.slot, decode=True, start_lsn=0, options=options
                )
                return rconn, rcur
            except psycopg2.errors.ObjectInUse:
                rconn.close()
                if time.monotonic() > deadline or self._stop:
                    raise CdcError(
                        f"复制槽 {self.slot} 被另一个连接占用 (slot is in use by another consumer)"
                    ) from None
                self._sleep(0.5)
            except psycopg2.errors.UndefinedObject:
                rconn.close()
                raise CdcError(
                    f"复制槽 {self.slot} 不存在，而库中记录了它的位置 (slot is gone but the store has a position for it): "
                    "用新库重新快照，或删除 ingest_cdc_state 中该槽的行 (re-snapshot into a new store)"
                ) from None

    # ---------------------------------------------------------------- main loop

    def run(self) -> CdcStats:
        """Start (snapshot on the first run), then stream until stopped (SIGTERM, SIGINT) or,
        with until_lsn, caught up. A failure before streaming raises CdcError naming its
        cause; a lost connection while streaming is reopened (module docstring)."""
        self._stop = False
        try:
            self.con = duckdb.connect(self.db_path)
        except duckdb.Error as e:
            raise explain(e, self.db_path) or CdcError(
                f"无法打开库 {self.db_path} (cannot open the store): {e}"
            ) from None
        pusher = None
        old_handlers = {s: signal.signal(s, self.stop) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            try:
                lsn = self._start()
                if self.metrics_port is not None:
                    try:
                        self.metrics.serve(self.metrics_port, self.metrics_host)
                    except OSError as e:
                        raise CdcError(
                            f"无法在 {self.metrics_host}:{self.metrics_port} 提供 /metrics "
                            f"(cannot listen for /metrics): {e.strerror or e}"
                        ) from None
                pusher = self._start_checks()
                rconn, rcur = self._start_stream()
            except CdcError:
                raise
            except cmsdb.CmsError as e:
                raise CdcError(str(e)) from None
            except Exception as e:
                known = explain(e, self.db_path)
                if known is None:
                    raise
                raise known from None
            self._stream(rconn, rcur, lsn)
        finally:
            for sig, h in old_handlers.items():
                signal.signal(sig, h)
            if self.worker is not None:
                self.worker.stop()
                self.stats.alerts = self.worker.alerts
            if pusher is not None:
                # deliveries due now get a little time to go out; what is left stays pending in
                # the store and is sent by the next start
                pusher.stop(drain_seconds=self.webhook_drain_seconds)
            if self._lsn_con is not None:
                with contextlib.suppress(psycopg2.Error):
                    self._lsn_con.close()
            self.con.close()
        return self.stats

    def _start(self) -> int:
        """The store's tables, the slot checked, the snapshot taken if this is the first run;
        returns the stored LSN."""
        if self.memory_limit:
            try:
                self.con.execute(f"SET memory_limit = '{self.memory_limit}'")
            except duckdb.Error as e:
                raise CdcError(
                    f"内存上限无效 (bad --memory-limit {self.memory_limit!r}): {e}"
                ) from None
        ensure_tables(self.con)
        self.applier = Applier(self.con, self.mapper)
        self._check_replica_identity()
        lsn = self._stored_lsn()
        if lsn is None:
            lsn = self._snapshot()
        elif not self._slot_exists():
            raise CdcError(
                f"复制槽 {self.slot} 不存在，而库中记录了它的位置 {int_to_lsn(lsn)} (slot is gone; "
                "changes after that position may be lost): 用新库重新快照 (re-snapshot into a new store)"
            )
        self.stats.lsn = lsn
        self.metrics.applied_lsn.set(lsn)
        return lsn

    def _start_checks(self) -> Any:
        """The webhook pusher (if configured) and the node-check worker; returns the pusher."""
        pusher = None
        if self.webhook_url:
            from courtqc.ingest.webhook import WebhookPusher

            pusher = WebhookPusher(
                self.con,
                self.webhook_url,
                base_delay=self.webhook_base_delay,
                max_attempts=self.webhook_max_attempts,
                metrics=self.metrics,
            ).start()  # first sends what an earlier run left pending
        if self.checks:
            # Node checks are many small statements on several sessions of their own, which run
            # fastest with one DuckDB thread each (the snapshot above had them all).
            self.con.execute("SET threads = 1")
            # checks run beside the applier, on their own session of the store
            self.dispatcher = NodeDispatcher(
                self.con.cursor(), webhook=pusher, models=self.models, as_of=self.as_of,
                metrics=self.metrics, hub_refresh_seconds=self.hub_refresh_seconds,
                behind_seconds=self.behind_seconds,
                shed_after_seconds=self.shed_after_seconds,
            )  # fmt: skip
            _ = self.dispatcher.checker  # load the models before streaming
            self.dispatcher.queued = self.dispatcher.pending()
            self.metrics.queue_depth.set(self.dispatcher.queued)
            # first drains checks left by a crash; below the applier's priority (docs/INGEST.md)
            self.worker = CheckWorker(self.dispatcher, nice=self.check_nice).start()
        return pusher

    def _stream(self, rconn: Any, rcur: Any, lsn: int) -> None:
        """Stream until stopped; reopen a lost connection with backoff, for as long as it
        takes (each loss logged, counted in courtqc_cdc_reconnects_total)."""
        failures = 0
        while True:
            self.stats.streaming_since = self.stats.streaming_since or time.monotonic()
            self.metrics.connected.set(1)
            log.info("streaming slot %s from %s", self.slot, int_to_lsn(self.stats.lsn))
            try:
                self._loop(rconn, rcur)
                return
            except psycopg2.Error as e:
                lost = e
            finally:
                self.metrics.connected.set(0)
                with contextlib.suppress(psycopg2.Error):
                    rconn.close()
            while True:
                failures += 1
                self.reconnects += 1
                self.metrics.reconnects.inc()
                delay = min(self.reconnect_max_delay, 0.5 * 2 ** min(failures - 1, 10))
                delay *= 0.5 + 0.5 * random.random()
                log.warning(
                    "与审判管理系统数据库的复制连接断开，%.1f 秒后重连 (replication connection lost, "
                    "reconnecting in %.1f s; store at %s): %s",
                    delay, delay, int_to_lsn(self.stats.lsn), str(lost).strip().splitlines()[0:1],
                )  # fmt: skip
                self._sleep(delay)
                if self._stop:
                    return
                try:
                    rconn, rcur = self._start_stream(in_use_for=float("inf"))
                    break
                except psycopg2.Error as e:
                    lost = e
                except CdcError:
                    if self._stop:
                        return
                    raise
            log.warning("replication stream reopened after %d attempt(s)", failures)
            failures = 0

    def _loop(self, rconn: Any, rcur: Any) -> None:
        applied = self.stats.lsn
        batch: list[Change] = []
        batch_lsn = applied
        batch_txs = 0
        batch_started = 0.0
        batch_at: dt.datetime | None = None  # CMS commit time of the batch's last transaction
        tx: list[Change] = []
        tx_at: dt.datetime | None = None
        last_feedback = time.monotonic()
        last_log = time.monotonic()
        schema = self.mapper.mapping.source_schema

        def flush() -> None:
            nonlocal batch, batch_txs, applied
            if batch_lsn <= applied:
                return
            self._apply_batch(batch, batch_lsn, batch_txs, batch_at)
            rcur.send_feedback(flush_lsn=batch_lsn)
            applied = batch_lsn
            batch, batch_txs = [], 0
            if self.worker is not None:
                if self.worker.error is not None:
                    raise CdcError(
                        f"节点检查失败 (node checks failed): {self.worker.error}"
                    ) from self.worker.error
                self.worker.wake()

        while not self._stop:
            msg = rcur.read_message()
            if msg is not None:
                d = json.loads(msg.payload, parse_float=decimal.Decimal)  # numeric stays exact
                action = d["action"]
                if action == "B":
                    tx, tx_at = [], _ts(d.get("timestamp"))
                elif action in ("I", "U", "D"):
                    if d.get("schema") == schema:
                        tx.append(Change(d["table"], action, _cols(d.get("columns")), _cols(d.get("identity")),
                                         committed_at=tx_at))  # fmt: skip
                elif action == "C":
                    end = lsn_to_int(d["nextlsn"])
                    if end <= applied:
                        self.stats.skipped_transactions += 1
                    else:
                        for ch in tx:
                            ch.lsn = ch.position = end
                        if batch_lsn <= applied:  # the first transaction of a new batch
                            batch_started = time.monotonic()
                        batch.extend(tx)
                        batch_lsn = end
                        batch_at = tx_at
                        # counted if it changed a mapped table (autovacuum's do not)
                        batch_txs += 1 if tx else 0
                    tx = []
                    if len(batch) >= self.batch_rows or (
                        batch and time.monotonic() - batch_started > self.max_batch_seconds
                    ):
                        flush()
                elif action == "T":
                    raise CdcError(
                        f"源表 {d.get('table')} 被 TRUNCATE：无法逐行同步，须重新快照 (a TRUNCATE cannot be applied row "
                        "by row: re-snapshot into a new store)"
                    )
                continue
            # Nothing more waiting. Apply once the batch has lingered a little: under a steady
            # trickle of small transactions that makes one store commit per ~linger, not one
            # per transaction; idle or catching up to --until-lsn, at once. While the check
            # worker is in the middle of a batch, go on gathering (up to max_linger) until the
            # batch is expected to be answered within the time an apply takes: what is applied
            # earlier waits for that batch to end anyway, and each store commit has a fixed
            # cost that the checks would share the two cores with.
            now = time.monotonic()
            age = now - batch_started
            busy = self.worker is not None and self.worker.time_left() > self._apply_seconds
            if batch_lsn > applied and (
                self.until_lsn is not None
                or (age >= self.linger and (not busy or age >= self.max_linger))
            ):
                flush()
            # --until-lsn: done once the server has sent everything up to it (its keepalive's
            # wal_end) and all of that is applied — not merely when the store is past it, so
            # what the slot re-sends is seen (and skipped) too.
            if (
                self.until_lsn is not None
                and not tx
                and rcur.wal_end >= self.until_lsn
                and batch_lsn <= applied
            ):
                break
            if now - last_feedback > (0.2 if self.until_lsn is not None else 10):
                # keep the connection alive; with --until-lsn ask the server where it is
                rcur.send_feedback(flush_lsn=applied, reply=self.until_lsn is not None)
                last_feedback = now
            if now - last_log > 10:
                self._log_progress()
                last_log = now
            if now - self._lsn_polled > 5:
                self._update_lag(rcur, applied, caught_up=batch_lsn <= applied and not tx)
            if batch_lsn > applied:
                # lingering: until linger is up; then, while the worker checks, poll it
                wait = max(0.001, self.linger - age) if age < self.linger else 0.003
            else:
                wait = 0.1 if self.until_lsn is not None else 1.0
            select.select([rconn], [], [], wait)
        flush()
        self._log_progress()

    def _update_lag(self, rcur: Any, applied: int, caught_up: bool) -> None:
        """courtqc_cdc_lsn_lag_bytes: the CMS's current WAL position (polled on a connection
        of its own, every 5 s) minus what the store holds. WAL is the whole cluster's: with
        nothing of ours waiting, everything up to the stream's last position (wal_end) counts
        as held, so an idle daemon shows no lag."""
        self._lsn_polled = time.monotonic()
        try:
            if self._lsn_con is None:
                self._lsn_con = cmsdb.connect(self.dsn, autocommit=True)
            with self._lsn_con.cursor() as cur:
                cur.execute("SELECT pg_current_wal_lsn()::text")
                self._server_lsn = lsn_to_int(cur.fetchone()[0])
        except (psycopg2.Error, cmsdb.CmsError):
            if self._lsn_con is not None:
                with contextlib.suppress(psycopg2.Error):
                    self._lsn_con.close()
            self._lsn_con = None
            return
        held = max(applied, rcur.wal_end or 0) if caught_up else applied
        if caught_up:  # ask for a keepalive: its wal_end is where the server has read up to
            rcur.send_feedback(flush_lsn=applied, reply=True)
        self.metrics.lag_bytes.set(max(0, self._server_lsn - held))
        if caught_up:
            self.metrics.lag_seconds.set(0)

    def _apply_batch(
        self, batch: list[Change], lsn: int, txs: int, committed_at: dt.datetime | None = None
    ) -> None:
        t0 = time.perf_counter()
        with transaction(self.con):  # a failed rollback never hides the first error (full disk)
            res = self.applier.apply(batch, source=self.source)
            queued = (
                self.dispatcher.enqueue(self.con, res.node_changes, self.source)
                if self.dispatcher
                else 0
            )
            self._save_state(lsn, txs, len(batch))
        if self.dispatcher is not None:
            self.dispatcher.data_changed([*res.upserted, *res.deleted])
        took = time.perf_counter() - t0
        self._apply_seconds = 0.7 * self._apply_seconds + 0.3 * took
        self.stats.batches += 1
        if self.stats.first_apply == 0.0:
            self.stats.first_apply = time.monotonic()
        self.stats.last_apply = time.monotonic()
        self.stats.transactions += txs
        self.stats.changes += len(batch)
        self.stats.rejected += len(res.rejected)
        self.stats.checks += queued
        self.stats.lsn = lsn
        m = self.metrics
        m.applied_lsn.set(lsn)
        m.transactions.inc(txs)
        m.changes.inc(len(batch))
        m.batch_rows.observe(len(batch))
        if committed_at is not None:
            m.lag_seconds.set(max(0.0, (utcnow() - committed_at).total_seconds()))

    def _log_progress(self) -> None:
        s = self.stats
        rate = s.changes / max(1e-9, time.monotonic() - s.started)
        try:
            (duck,) = self.con.execute(
                "SELECT sum(memory_usage_bytes) FROM duckdb_memory()"
            ).fetchone()
        except duckdb.Error:
            duck = None
        log.info(
            "lsn %s: %d transactions, %d changes (%.0f/s), %d skipped, %d checks (%d queued), "
            "%d alerts, %d rejected; DuckDB memory %.0f MB",
            int_to_lsn(s.lsn), s.transactions, s.changes, rate, s.skipped_transactions, s.checks,
            self.dispatcher.queued if self.dispatcher else 0, self.worker.alerts if self.worker else 0,
            s.rejected, (duck or 0) / 2**20,
        )  # fmt: skip


def current_lsn(dsn: str) -> int:
    """The CMS's current WAL position (pg_current_wal_lsn): every transaction committed so far
    ends at or before it."""
    pg = cmsdb.connect(dsn, autocommit=True)
    try:
        with pg.cursor() as cur:
            cur.execute("SELECT pg_current_wal_lsn()::text")
            return lsn_to_int(cur.fetchone()[0])
    finally:
        pg.close()
