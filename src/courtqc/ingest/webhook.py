"""Push alerts to a configured webhook, with retries and exponential backoff.

Deliveries are rows of ingest_deliveries, written in the same transaction as the alerts, so a
crash loses none; a background thread POSTs each as JSON with an `Idempotency-Key` header
(fingerprint:node) and marks it delivered on a 2xx answer. A failed attempt is retried after
base·2^(attempt-1) seconds (capped, with jitter) until max_attempts, then marked failed.
Delivery is at least once: a receiver that must not act twice dedupes on the key.

Each key is sent once as long as the process lives: the results of a pass are stored in one
transaction, and results that could not be stored (a write conflict with the check recorder)
are kept and stored first on the next pass — those keys are never POSTed again. Only a kill
between a 2xx answer and that commit repeats a key, on the next start. Deliveries still pending
when the daemon stops stay in the store and go out when it starts again (they are due at once);
on SIGTERM it first spends up to --webhook-drain seconds delivering what is due.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from typing import TYPE_CHECKING

import duckdb
import httpx
import pyarrow as pa

from courtqc.engine import attach_table, name_thread
from courtqc.ingest.alerts import utcnow
from courtqc.transaction import transaction

if TYPE_CHECKING:
    from courtqc.ingest.metrics import CdcMetrics

log = logging.getLogger("courtqc.ingest.webhook")


def backoff(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds to wait before the next try after `attempt` failed tries (attempt >= 1)."""
    delay = min(cap, base * 2 ** (attempt - 1))
    return delay * (0.5 + 0.5 * (rng or random).random())


class WebhookPusher:
    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        url: str,
        *,
        max_attempts: int = 10,
        base_delay: float = 0.5,
        max_delay: float = 300.0,
        timeout: float = 5.0,
        headers: dict[str, str] | None = None,
        metrics: CdcMetrics | None = None,
    ):
        if not url.startswith(("http://", "https://")):
            raise ValueError(
                f"webhook 地址须以 http:// 或 https:// 开头 (webhook URL must be http(s)): {url!r}"
            )
        self.cur = con.cursor()  # own session: runs beside the applier
        self.url = url
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.client = httpx.Client(timeout=timeout, headers=headers or {})
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.delivered = 0
        self.failed_attempts = 0
        self._drain_until = 0.0
        self.metrics = metrics
        # results of attempts not yet stored: (fingerprint, node) → (status, attempts,
        # next_attempt_at, delivered_at, last_error)
        self._unsaved: dict[tuple[str, str], tuple] = {}

    def start(self) -> WebhookPusher:
        self._thread = threading.Thread(target=self._loop, name="courtqc-webhook", daemon=True)
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, drain_seconds: float = 0.0) -> None:
        """Stop the thread; with drain_seconds, it first gets that long to deliver what is due
        (the thread does it: its session is its own)."""
        self._drain_until = time.monotonic() + drain_seconds
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout=drain_seconds + 10)
        self.client.close()

    def due_count(self) -> int:
        return self.cur.execute(
            "SELECT count(*) FROM ingest_deliveries WHERE status = 'pending' AND next_attempt_at <= ?",
            [utcnow()],
        ).fetchone()[0]

    def deliver_due(self) -> int:
        """One pass over the deliveries that are due; returns how many were delivered."""
        self._save()  # what the last pass could not store goes first (and is not sent again)
        rows = self.cur.execute(
            "SELECT fingerprint, node, payload, attempts FROM ingest_deliveries "
            "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY created_at LIMIT 200",
            [utcnow()],
        ).fetchall()
        done = 0
        for fp, node, payload, attempts in rows:
            if (fp, node) in self._unsaved:
                continue
            if self._stop.is_set() and time.monotonic() >= self._drain_until:
                break  # stopping, and no time left to drain
            error = None
            try:
                r = self.client.post(
                    self.url,
                    content=payload.encode("utf-8"),
                    headers={"Content-Type": "application/json", "Idempotency-Key": f"{fp}:{node}"},
                )
                if not 200 <= r.status_code < 300:
                    error = f"HTTP {r.status_code}: {r.text[:200]}"
            except httpx.HTTPError as e:
                error = f"{type(e).__name__}: {e}"
            if error is None:
                self._unsaved[(fp, node)] = ("delivered", attempts + 1, None, utcnow(), None)
                done += 1
                self.delivered += 1
                if self.metrics is not None:
                    self.metrics.webhook_delivered.inc()
                continue
            self.failed_attempts += 1
            if self.metrics is not None:
                self.metrics.webhook_failures.inc()
            n = attempts + 1
            status = "failed" if n >= self.max_attempts else "pending"
            nxt = utcnow() + dt.timedelta(seconds=backoff(n, self.base_delay, self.max_delay))
            self._unsaved[(fp, node)] = (status, n, nxt, None, error)
            log.warning(
                "webhook %s failed (attempt %d/%d): %s", self.url, n, self.max_attempts, error
            )
        self._save()
        return done

    def _save(self) -> None:
        """Store the results of the attempts made, in one transaction; kept for the next pass
        if that fails (a conflict with the recorder)."""
        if not self._unsaved:
            return
        keys = list(self._unsaved)
        vals = [self._unsaved[k] for k in keys]
        table = pa.table({
            "fingerprint": pa.array([k[0] for k in keys], pa.string()),
            "node": pa.array([k[1] for k in keys], pa.string()),
            "status": pa.array([v[0] for v in vals], pa.string()),
            "attempts": pa.array([v[1] for v in vals], pa.int32()),
            "next_attempt_at": pa.array([v[2] for v in vals], pa.timestamp("us")),
            "delivered_at": pa.array([v[3] for v in vals], pa.timestamp("us")),
            "last_error": pa.array([v[4] for v in vals], pa.string()),
        })  # fmt: skip
        attach_table(self.cur, "_qc_delivered", table)
        try:
            with transaction(self.cur):
                self.cur.execute(
                    "UPDATE ingest_deliveries SET status = d.status, attempts = d.attempts, "
                    "next_attempt_at = coalesce(d.next_attempt_at, ingest_deliveries.next_attempt_at), "
                    "delivered_at = d.delivered_at, last_error = d.last_error FROM _qc_delivered d "
                    "WHERE ingest_deliveries.fingerprint = d.fingerprint AND ingest_deliveries.node = d.node"
                )
        finally:
            self.cur.unregister("_qc_delivered")
        self._unsaved.clear()

    def _next_due_in(self) -> float:
        nxt, pending = self.cur.execute(
            "SELECT min(next_attempt_at), count(*) FROM ingest_deliveries WHERE status = 'pending'"
        ).fetchone()
        if self.metrics is not None:
            self.metrics.webhook_pending.set(pending)
        if nxt is None:
            return 5.0
        return max(0.0, min(5.0, (nxt - utcnow()).total_seconds()))

    def _loop(self) -> None:
        name_thread("qc-webhook")
        while True:
            try:
                self.deliver_due()
                if self._stop.is_set() and (
                    time.monotonic() >= self._drain_until or self.due_count() == 0
                ):
                    return
                wait = 0.05 if self._stop.is_set() else self._next_due_in()
            except Exception as e:  # e.g. a write conflict with the applier: try again soon
                log.warning("webhook delivery pass failed, retrying: %s: %s", type(e).__name__, e)
                wait = 0.2
            self._wake.wait(wait)
            self._wake.clear()
