"""Push alerts to a configured webhook, with retries and exponential backoff.

Deliveries are rows of ingest_deliveries, written in the same transaction as the alerts, so a
crash loses none; a background thread POSTs each as JSON with an `Idempotency-Key` header
(fingerprint:node) and marks it delivered on a 2xx answer. A failed attempt is retried after
base·2^(attempt-1) seconds (capped, with jitter) until max_attempts, then marked failed.
Delivery is at least once: a receiver that must not act twice dedupes on the key.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time

import duckdb
import httpx

from courtqc.engine import name_thread
from courtqc.ingest.alerts import utcnow

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
        rows = self.cur.execute(
            "SELECT fingerprint, node, payload, attempts FROM ingest_deliveries "
            "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY created_at LIMIT 200",
            [utcnow()],
        ).fetchall()
        done = 0
        for fp, node, payload, attempts in rows:
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
                self.cur.execute(
                    "UPDATE ingest_deliveries SET status = 'delivered', delivered_at = ?, attempts = attempts + 1, "
                    "last_error = NULL WHERE fingerprint = ? AND node = ?",
                    [utcnow(), fp, node],
                )
                done += 1
                self.delivered += 1
                continue
            self.failed_attempts += 1
            n = attempts + 1
            status = "failed" if n >= self.max_attempts else "pending"
            nxt = utcnow() + dt.timedelta(seconds=backoff(n, self.base_delay, self.max_delay))
            self.cur.execute(
                "UPDATE ingest_deliveries SET attempts = ?, next_attempt_at = ?, status = ?, last_error = ? "
                "WHERE fingerprint = ? AND node = ?",
                [n, nxt, status, error, fp, node],
            )
            log.warning(
                "webhook %s failed (attempt %d/%d): %s", self.url, n, self.max_attempts, error
            )
        return done

    def _next_due_in(self) -> float:
        nxt = self.cur.execute(
            "SELECT min(next_attempt_at) FROM ingest_deliveries WHERE status = 'pending'"
        ).fetchone()[0]
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
