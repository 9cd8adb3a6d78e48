"""What the CDC daemon exposes at `/metrics` (Prometheus text format, prometheus-client).

One registry per daemon, so a test process may run several. The figures are set where they
are known — the stream loop (LSN, lag, batches), the check worker (queue, latency) and the
webhook thread (deliveries) — and read by the HTTP listener on its own thread; process
figures (RSS, CPU, open files) come from prometheus-client's process collector.
docs/INGEST.md lists every series and what an operator should alert on.
"""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    start_http_server,
)

_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600)
_ROWS_BUCKETS = (1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, 30_000)


class CdcMetrics:
    """The daemon's series. Every method is cheap and thread-safe (prometheus-client's own)."""

    def __init__(self) -> None:
        r = self.registry = CollectorRegistry()
        ProcessCollector(registry=r)  # process_resident_memory_bytes, cpu, open fds
        self.connected = Gauge(
            "courtqc_cdc_connected", "1 while the replication stream is open", registry=r
        )
        self.reconnects = Counter(
            "courtqc_cdc_reconnects", "replication connections lost and reopened", registry=r
        )
        self.applied_lsn = Gauge(
            "courtqc_cdc_applied_lsn", "commit LSN of the last applied transaction", registry=r
        )
        self.lag_bytes = Gauge(
            "courtqc_cdc_lsn_lag_bytes",
            "the CMS's current WAL position minus what the store holds (0 when caught up)",
            registry=r,
        )
        self.lag_seconds = Gauge(
            "courtqc_cdc_lsn_lag_seconds",
            "age of the newest applied change when its batch committed (0 when caught up)",
            registry=r,
        )
        self.transactions = Counter(
            "courtqc_cdc_transactions", "CMS transactions applied", registry=r
        )
        self.changes = Counter("courtqc_cdc_changes", "CMS row changes applied", registry=r)
        self.batch_rows = Histogram(
            "courtqc_cdc_batch_rows", "row changes per store batch", buckets=_ROWS_BUCKETS,
            registry=r,
        )  # fmt: skip
        self.queue_depth = Gauge(
            "courtqc_cdc_check_queue_depth", "node checks queued, not yet answered", registry=r
        )
        self.check_lag = Gauge(
            "courtqc_cdc_check_lag_seconds",
            "age (since the CMS commit) of the oldest check in the batch being checked",
            registry=r,
        )
        self.behind = Gauge(
            "courtqc_cdc_checks_behind",
            "1 while node checks lag the CMS by more than the back-pressure threshold",
            registry=r,
        )
        self.check_batch = Histogram(
            "courtqc_cdc_check_batch_size", "node checks answered together",
            buckets=_ROWS_BUCKETS, registry=r,
        )  # fmt: skip
        self.check_latency = Histogram(
            "courtqc_cdc_check_latency_seconds",
            "CMS commit → node-check result and alerts stored, per check",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.checks = Counter("courtqc_cdc_checks", "node checks answered", registry=r)
        self.shed = Counter(
            "courtqc_cdc_checks_shed",
            "node checks answered 'shed' (not run: older than --shed-after)",
            registry=r,
        )
        self.alerts = Counter("courtqc_cdc_alerts", "live alerts found by node checks", registry=r)
        self.webhook_pending = Gauge(
            "courtqc_cdc_webhook_pending", "webhook deliveries not yet delivered", registry=r
        )
        self.webhook_delivered = Counter(
            "courtqc_cdc_webhook_delivered", "webhook deliveries answered 2xx", registry=r
        )
        self.webhook_failures = Counter(
            "courtqc_cdc_webhook_failures", "webhook attempts that failed", registry=r
        )

    def serve(self, port: int, host: str = "127.0.0.1") -> None:
        """Answer GET /metrics on host:port from a daemon thread."""
        start_http_server(port, addr=host, registry=self.registry)
