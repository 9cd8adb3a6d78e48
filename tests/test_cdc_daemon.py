"""The CDC daemon as an operator leaves it running: it outlives PostgreSQL restarts, fails at
startup with its cause and exit 2, shows its state at /metrics, gives the same alerts whenever
it was started, and drains its webhook deliveries across restarts. Real PostgreSQL (a private
cluster where it is restarted), real processes, real HTTP."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest

from courtqc.cms import db
from courtqc.ingest.cdc import CdcRunner, current_lsn, explain
from courtqc.ingest.mapping import load_mapping
from courtqc.ingest.verify import compare
from tests.support.cdc import (
    courtqc_cmd,
    free_port,
    pg_script,
    scrape,
    seed_cms,
    subprocess_env,
    wait_caught_up,
)

MAPPER = load_mapping()
AS_OF = "2026-06-30"
BOUND = {"filing", "service", "scheduling", "enf_filing", "closing", "enf_closing"}


def snapshot(dsn: str, slot: str, store: Path, court: Path) -> None:
    CdcRunner(dsn, slot, store, MAPPER, until_lsn=current_lsn(dsn), reference_from=court,
              checks=False).run()  # fmt: skip


def start_daemon(
    dsn: str, slot: str, store: Path, log: Path, *extra: str
) -> tuple[subprocess.Popen, int]:
    """`courtqc ingest cdc` as its own process, with /metrics; returns once it streams."""
    port = free_port()
    proc = subprocess.Popen(
        courtqc_cmd("ingest", "cdc", "--dsn", dsn, "--slot", slot, "--db", str(store),
                    "--metrics-port", str(port), "--as-of", AS_OF, *extra),
        env=subprocess_env(), stdout=subprocess.PIPE, stderr=log.open("a"), text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while True:
        assert proc.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        try:
            if scrape(port).get("courtqc_cdc_connected") == 1:
                return proc, port
        except OSError:
            pass
        time.sleep(0.3)


def stop_daemon(proc: subprocess.Popen, log: Path) -> str:
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=180)
    text = log.read_text()
    assert proc.returncode == 0, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    return text


def assert_equal_to_cms(store: Path, dsn: str) -> None:
    con = duckdb.connect(str(store), read_only=True)
    try:
        bad = [d for d in compare(con, dsn, MAPPER) if not d.equal]
    finally:
        con.close()
    assert not bad, bad


# --------------------------------------------------------------------------- PostgreSQL restarts


@pytest.mark.slow
def test_cdc_outlives_immediate_postgresql_restarts(
    private_pg: tuple[str, dict[str, str]], cms_court: Path, tmp_path: Path
) -> None:
    """A workload runs while PostgreSQL is restarted immediately three times (every connection
    and the walsender cut, crash recovery). The daemon reconnects each time, by itself, and
    ends equal to the CMS row for row, every node change checked exactly once. Then, with
    PostgreSQL down, a new start exits 2 and says why."""
    server, env = private_pg
    dsn = db.with_dbname(server, "cq_restarts")
    seed_cms(dsn, cms_court)
    store, log, wl_log = tmp_path / "store.duckdb", tmp_path / "cdc.log", tmp_path / "wl.json"
    snapshot(dsn, "rs", store, cms_court)
    con = duckdb.connect(str(store), read_only=True)
    (events_before,) = con.execute("SELECT coalesce(max(event_id), 0) FROM events").fetchone()
    con.close()
    proc, port = start_daemon(dsn, "rs", store, log, "--model", "dead_party",
                              "--model", "closed_over_time_limit")  # fmt: skip
    workload = subprocess.Popen(
        courtqc_cmd("cms", "run", "--dsn", dsn, "--rate", "40", "--duration", "24", "--seed", "5",
                    "--dead-from", str(cms_court), "--log", str(wl_log)),
        env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    caught = False
    try:
        seen = 0.0
        for i in range(3):
            deadline = time.monotonic() + 60
            while True:  # restarted while the workload's changes flow in
                m = scrape(port)
                if m["courtqc_cdc_transactions_total"] >= seen + 20:
                    seen = m["courtqc_cdc_transactions_total"]
                    break
                assert time.monotonic() < deadline and workload.poll() is None, m
                time.sleep(0.3)
            pg_script(env, "crash-restart")
            deadline = time.monotonic() + 90
            while True:  # reconnected by itself
                assert proc.poll() is None, log.read_text()[-3000:]
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                m = scrape(port)
                if (
                    m.get("courtqc_cdc_reconnects_total", 0) >= i + 1
                    and m["courtqc_cdc_connected"] == 1
                ):
                    break
                time.sleep(0.3)
        out, err = workload.communicate(timeout=180)
        assert workload.returncode == 0, err
        assert json.loads(out.strip().splitlines()[-1])["lost_connections"] >= 1
        m = wait_caught_up(proc, port, dsn)
        caught = True
    finally:
        if workload.poll() is None:
            workload.kill()
        if not caught and proc.poll() is None:
            proc.kill()  # failed before catching up: leave no daemon behind
    # the daemon's state, as Prometheus scrapes it
    for series in ("courtqc_cdc_lsn_lag_bytes", "courtqc_cdc_lsn_lag_seconds", "courtqc_cdc_check_queue_depth",
                   "courtqc_cdc_batch_rows_count", "courtqc_cdc_check_latency_seconds_count",
                   "courtqc_cdc_check_batch_size_count", "process_resident_memory_bytes",
                   "courtqc_cdc_webhook_pending", "courtqc_cdc_checks_behind"):  # fmt: skip
        assert series in m, series
    assert m["process_resident_memory_bytes"] > 50e6
    assert (
        m["courtqc_cdc_check_latency_seconds_count"] > 0 and m["courtqc_cdc_batch_rows_count"] > 0
    )
    assert m["courtqc_cdc_reconnects_total"] >= 3
    text = stop_daemon(proc, log)
    assert text.count("replication connection lost") >= 3

    # nothing lost: the store equals the CMS table by table ...
    assert_equal_to_cms(store, dsn)
    con = duckdb.connect(str(store), read_only=True)
    checks = con.execute("SELECT case_id, node, lsn, status FROM ingest_node_checks").fetchall()
    # ... every node move of the workload at a bound node was checked (each writes a flow
    # record, an event, in the same CMS transaction; records entered by mistake say 误录) ...
    moved = set(con.execute(
        "SELECT e.case_id, e.node FROM events e JOIN cases c USING (case_id) "
        "WHERE e.event_id > ? AND e.note IS DISTINCT FROM '误录'", [events_before],
    ).fetchall())  # fmt: skip
    checked = {(c, n) for c, n, _, _ in checks}
    assert {(c, n) for c, n in moved if n in BOUND} - checked == set()
    # ... and nothing duplicated: each change (case, node, commit LSN) checked once, all answered
    assert len(checks) > 20
    assert len({(c, n, lsn) for c, n, lsn, _ in checks}) == len(checks)
    assert {s for *_, s in checks} <= {"done", "skipped"}
    con.close()

    # PostgreSQL down when the daemon starts: exit 2, the cause in both languages, no traceback
    pg_script(env, "stop")
    try:
        r = subprocess.run(courtqc_cmd("ingest", "cdc", "--dsn", dsn, "--slot", "rs", "--db", str(store)),
                           env=subprocess_env(), capture_output=True, text=True, timeout=120)  # fmt: skip
    finally:
        pg_script(env, "start")
    assert r.returncode == 2, r.stderr
    assert "无法连接审判管理系统数据库" in r.stderr and "(cannot connect)" in r.stderr
    assert "Traceback" not in r.stderr


# --------------------------------------------------------------------------- startup failures


def test_a_locked_store_and_a_busy_metrics_port_exit_2_with_their_cause(
    seeded_cms: str, cms_court: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store.duckdb"
    snapshot(seeded_cms, "lk", store, cms_court)
    cmd = courtqc_cmd("ingest", "cdc", "--dsn", seeded_cms, "--slot", "lk", "--db", str(store))
    holder = duckdb.connect(str(store))  # this process holds the store: the daemon cannot
    try:
        r = subprocess.run(cmd, env=subprocess_env(), capture_output=True, text=True, timeout=120)
    finally:
        holder.close()
    assert r.returncode == 2, r.stderr
    assert "被另一个进程占用" in r.stderr and "(the store is locked by another process" in r.stderr
    assert re.search(r"PID \d+", r.stderr), r.stderr
    assert "Traceback" not in r.stderr

    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = subprocess.run([*cmd, "--metrics-port", str(port)], env=subprocess_env(),
                           capture_output=True, text=True, timeout=300)  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert "(cannot listen for /metrics)" in r.stderr and "Traceback" not in r.stderr


def test_a_full_disk_is_named_not_buried_under_the_rollback(
    seeded_cms: str, cms_court: Path, tmp_path: Path
) -> None:
    """The store on a 2 MB filesystem: the snapshot runs out of space. The message names the
    full disk (not the failed ROLLBACK that followed it), exit 2, no traceback."""
    mnt = tmp_path / "small"
    mnt.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True
    )
    if r.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {r.stderr.decode().strip()}")
    try:
        r = subprocess.run(
            courtqc_cmd("ingest", "cdc", "--dsn", seeded_cms, "--slot", "full", "--db", str(mnt / "s.duckdb"),
                        "--reference-from", str(cms_court), "--until-lsn", "now"),
            env=subprocess_env(), capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
    assert r.returncode == 2, r.stderr
    assert "磁盘已满" in r.stderr and "No space left on device" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_explain_finds_the_full_disk_under_a_failed_rollback() -> None:
    try:
        try:
            raise duckdb.IOException('Could not write file "s.duckdb.wal": No space left on device')
        except duckdb.Error:
            raise duckdb.TransactionException("cannot rollback: transaction is aborted") from None
    except duckdb.Error as e:
        got = explain(e, "s.duckdb")
    assert got is not None and "磁盘已满" in str(got) and "No space left on device" in str(got)


# --------------------------------------------------------------------------- time independence


def _lender_cases(dsn: str, n: int, first_id: int) -> str:
    """SQL that files `n` civil-lending cases with the same plaintiff (the lender of the
    template case), at node filing — one transaction."""
    return (
        f"INSERT INTO tb_ajxx (ajbs, ah, fydm, ajlb, spcx, sycx, aydm, aymc, aybb, larq, ajzt, lcjd, bdje) "
        f"SELECT {first_id} + g, regexp_replace(t.ah, '[0-9]+号$', ({first_id} + g)::text || '号'), t.fydm, t.ajlb, "
        f"t.spcx, t.sycx, t.aydm, t.aymc, t.aybb, t.larq, '1', '0101', 50000 "
        f"FROM qc_template t, generate_series(1, {n}) g; "
        f"INSERT INTO tb_dsr (dsrbs, ajbs, ssdw, dsrlx, mc, zjlx, zjhm, xb, csrq) "
        f"SELECT {first_id * 10} + g, {first_id} + g, '01', p.dsrlx, p.mc, p.zjlx, p.zjhm, p.xb, p.csrq "
        f"FROM qc_lender p, generate_series(1, {n}) g"
    )


def test_alerts_do_not_depend_on_when_the_daemon_started(
    seeded_cms: str, cms_court: Path, tmp_path: Path
) -> None:
    """A lender files civil-lending cases until it crosses the institutional-litigant threshold
    (200 case rows). Daemon A runs through all of it; daemon B is restarted after the crossing.
    Institutional litigants follow the data (counted again as parties change), so both store
    the same professional-lender alerts — before the crossing (the lender is linked across its
    cases) and after it (it is not)."""
    from courtqc.operators import HUB_THRESHOLD

    pg = db.connect(seeded_cms, autocommit=True)
    with pg.cursor() as cur:
        cur.execute(
            "CREATE TABLE qc_template AS SELECT a.* FROM tb_ajxx a JOIN tb_dsr d ON d.ajbs = a.ajbs "
            "AND d.ssdw = '01' WHERE a.aymc = '民间借贷纠纷' AND d.zjhm IS NOT NULL ORDER BY a.ajbs LIMIT 1"
        )
        cur.execute(
            "CREATE TABLE qc_lender AS SELECT d.* FROM tb_dsr d JOIN qc_template t ON d.ajbs = t.ajbs "
            "WHERE d.ssdw = '01' LIMIT 1"
        )
        cur.execute("SELECT count(*) FROM tb_dsr WHERE zjhm = (SELECT zjhm FROM qc_lender)")
        (rows,) = cur.fetchone()
        assert rows < HUB_THRESHOLD - 10, rows
        # just under the threshold before either daemon starts
        cur.execute(_lender_cases(seeded_cms, HUB_THRESHOLD - 5 - rows, 900_000))
    stores = {s: tmp_path / f"{s}.duckdb" for s in ("a", "b")}
    logs = {s: tmp_path / f"{s}.log" for s in ("a", "b")}
    for s in stores:
        snapshot(seeded_cms, s, stores[s], cms_court)
    opts = ("--model", "professional_lender", "--hub-refresh", "0")
    a = start_daemon(seeded_cms, "a", stores["a"], logs["a"], *opts)
    b = start_daemon(seeded_cms, "b", stores["b"], logs["b"], *opts)
    try:
        with pg.cursor() as cur:
            # before the crossing: three of the lender's cases reach scheduling
            cur.execute("UPDATE tb_ajxx SET lcjd = '0104' WHERE ajbs IN (900001, 900002, 900003)")
        for proc, port in (a, b):
            wait_caught_up(proc, port, seeded_cms)
        with pg.cursor() as cur:  # the crossing: ten more cases
            cur.execute(_lender_cases(seeded_cms, 10, 950_000))
        for proc, port in (a, b):
            wait_caught_up(proc, port, seeded_cms)
        stop_daemon(b[0], logs["b"])
        b = start_daemon(seeded_cms, "b", stores["b"], logs["b"], *opts)
        with pg.cursor() as cur:  # after it: three more reach scheduling
            cur.execute("UPDATE tb_ajxx SET lcjd = '0104' WHERE ajbs IN (900004, 900005, 900006)")
        for proc, port in (a, b):
            wait_caught_up(proc, port, seeded_cms)
    finally:
        for proc, _ in (a, b):
            if proc.poll() is None:
                stop_daemon(proc, logs["a" if proc is a[0] else "b"])
        pg.close()

    def alerts(store: Path) -> Counter:
        con = duckdb.connect(str(store), read_only=True)
        try:
            return Counter(con.execute(
                "SELECT fingerprint, case_id FROM alerts WHERE mode = 'node' AND model_id = 'professional_lender'"
            ).fetchall())  # fmt: skip
        finally:
            con.close()

    got_a, got_b = alerts(stores["a"]), alerts(stores["b"])
    assert got_a == got_b
    cases = {c for _, c in got_a}
    assert {900001, 900002, 900003} <= cases  # linked while under the threshold
    assert not cases & {900004, 900005, 900006} and not any(
        c >= 950_000 for c in cases
    )  # not after


# --------------------------------------------------------------------------- deliveries drain


class _Receiver(BaseHTTPRequestHandler):
    up: ClassVar[bool] = False
    delivered: ClassVar[list[str]] = []
    refused: ClassVar[int] = 0
    lock = threading.Lock()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        with self.lock:
            if _Receiver.up:
                _Receiver.delivered.append(self.headers["Idempotency-Key"])
            else:
                _Receiver.refused += 1
        self.send_response(204 if _Receiver.up else 503)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.slow
def test_pending_deliveries_resume_after_a_restart_each_key_once(
    seeded_cms: str, cms_court: Path, tmp_path: Path
) -> None:
    """The receiver is down while alerts are found: their deliveries wait in the store. The
    daemon is stopped and started again with the receiver up: every delivery goes out, each
    key exactly once."""
    store, log = tmp_path / "store.duckdb", tmp_path / "cdc.log"
    snapshot(seeded_cms, "wh", store, cms_court)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.up, _Receiver.delivered, _Receiver.refused = False, [], 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hook = ("--webhook", f"http://127.0.0.1:{server.server_address[1]}/alerts", "--webhook-drain", "2",
            "--model", "dead_party", "--model", "closed_over_time_limit")  # fmt: skip
    try:
        proc, port = start_daemon(seeded_cms, "wh", store, log, *hook)
        subprocess.run(
            courtqc_cmd("cms", "run", "--dsn", seeded_cms, "--rate", "30", "--duration", "8", "--seed", "9",
                        "--dead-from", str(cms_court), "--dead-share", "0.5"),
            env=subprocess_env(), capture_output=True, text=True, check=True, timeout=120,
        )  # fmt: skip
        try:
            m = wait_caught_up(proc, port, seeded_cms)
        finally:
            stop_daemon(proc, log)
        con = duckdb.connect(str(store), read_only=True)
        pending = con.execute(
            "SELECT count(*) FROM ingest_deliveries WHERE status = 'pending'"
        ).fetchone()[0]
        con.close()
        assert pending > 0 and _Receiver.refused > 0 and not _Receiver.delivered, (pending, m)

        _Receiver.up = True
        proc, port = start_daemon(seeded_cms, "wh", store, log, *hook)
        deadline = time.monotonic() + 90
        while scrape(port).get("courtqc_cdc_webhook_pending", 1) > 0:
            assert time.monotonic() < deadline, scrape(port)
            time.sleep(0.5)
        stop_daemon(proc, log)
    finally:
        server.shutdown()
    con = duckdb.connect(str(store), read_only=True)
    rows = con.execute(
        "SELECT fingerprint || ':' || node, status FROM ingest_deliveries"
    ).fetchall()
    con.close()
    assert {s for _, s in rows} == {"delivered"}
    assert Counter(_Receiver.delivered) == Counter(k for k, _ in rows)  # each key once
