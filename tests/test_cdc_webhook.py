"""Alert delivery to a webhook: retries with exponential backoff, then delivered or failed."""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest

from courtqc.ingest.apply import ensure_tables
from courtqc.ingest.webhook import WebhookPusher, backoff


def test_backoff_doubles_up_to_the_cap() -> None:
    rng = random.Random(1)
    delays = [backoff(n, 0.5, 8.0, rng) for n in range(1, 8)]
    for n, d in enumerate(delays, 1):
        full = min(8.0, 0.5 * 2 ** (n - 1))
        assert full / 2 <= d <= full  # jitter keeps retries of many alerts apart
    assert max(delays) <= 8.0


class _Flaky(BaseHTTPRequestHandler):
    fail_first = 2
    seen: list[tuple[str, dict, float]] = []  # noqa: RUF012 - shared by the server's threads

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Flaky.seen.append((self.headers["Idempotency-Key"], body, time.monotonic()))
        n = sum(1 for k, _, _ in _Flaky.seen if k == self.headers["Idempotency-Key"])
        self.send_response(500 if n <= _Flaky.fail_first else 204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server():
    _Flaky.seen = []
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/hook"
    srv.shutdown()


def _store_with(n: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    ensure_tables(con)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    con.executemany(
        "INSERT INTO ingest_deliveries (fingerprint, node, case_id, payload, created_at, next_attempt_at) "
        "VALUES (?, 'filing', 1, ?, ?, ?)",
        [
            (f"fp{i}", json.dumps({"fingerprint": f"fp{i}", "message": "当事人已死亡"}), now, now)
            for i in range(n)
        ],
    )
    return con


def _wait(con: duckdb.DuckDBPyConnection, status: str, n: int, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if (
            con.execute(
                "SELECT count(*) FROM ingest_deliveries WHERE status = ?", [status]
            ).fetchone()[0]
            == n
        ):
            return
        time.sleep(0.05)
    raise AssertionError(con.execute("SELECT * FROM ingest_deliveries").fetchall())


def test_failed_pushes_are_retried_with_backoff_until_delivered(server: str) -> None:
    con = _store_with(3)
    pusher = WebhookPusher(con, server, base_delay=0.1, max_delay=1.0).start()
    try:
        _wait(con, "delivered", 3)
    finally:
        pusher.stop()
    rows = con.execute(
        "SELECT fingerprint, attempts, last_error FROM ingest_deliveries ORDER BY 1"
    ).fetchall()
    assert rows == [("fp0", 3, None), ("fp1", 3, None), ("fp2", 3, None)]
    times = [t for k, _, t in _Flaky.seen if k == "fp0:filing"]
    assert len(times) == 3
    # waits of about base·1 and base·2 (with jitter): the second at least as long as half the first's cap
    assert times[1] - times[0] >= 0.05 and times[2] - times[1] >= 0.1
    assert _Flaky.seen[0][1]["message"] == "当事人已死亡"


def test_a_push_that_keeps_failing_is_marked_failed(server: str) -> None:
    _Flaky.fail_first = 99
    try:
        con = _store_with(1)
        pusher = WebhookPusher(con, server, base_delay=0.05, max_delay=0.1, max_attempts=3).start()
        try:
            _wait(con, "failed", 1)
        finally:
            pusher.stop()
    finally:
        _Flaky.fail_first = 2
    attempts, err = con.execute("SELECT attempts, last_error FROM ingest_deliveries").fetchone()
    assert attempts == 3 and err.startswith("HTTP 500")


def test_webhook_url_is_checked() -> None:
    with pytest.raises(ValueError, match="http"):
        WebhookPusher(duckdb.connect(":memory:"), "ftp://example")
