"""Change data capture from the CMS's PostgreSQL (logical replication, wal2json) into the
canonical store: snapshot, inserts/updates/deletes through the mapping, node checks, restart
safety — including real SIGKILLs during a running workload."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
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
from courtqc.ingest.cdc import CdcError, CdcRunner, current_lsn, int_to_lsn, lsn_to_int
from courtqc.ingest.mapping import load_mapping
from courtqc.ingest.verify import compare
from tests.support.cdc import courtqc_cmd, subprocess_env

MAPPER = load_mapping()


def run_cdc(dsn: str, slot: str, store: Path, **kw) -> object:
    return CdcRunner(dsn, slot, store, MAPPER, until_lsn=current_lsn(dsn), **kw).run()


def assert_equal_to_cms(store: Path, dsn: str) -> None:
    con = duckdb.connect(str(store), read_only=True)
    try:
        diffs = compare(con, dsn, MAPPER)
    finally:
        con.close()
    bad = [d for d in diffs if not d.equal]
    assert not bad, bad


def sql(dsn: str, *statements: str) -> None:
    """Each statement its own CMS transaction."""
    pg = db.connect(dsn, autocommit=True)
    with pg.cursor() as cur:
        for s in statements:
            cur.execute(s)
    pg.close()


def test_lsn_text() -> None:
    assert lsn_to_int("0/16B3748") == 0x16B3748
    assert lsn_to_int("1/0") == 1 << 32
    assert int_to_lsn(lsn_to_int("3/A0FF")) == "3/A0FF"


def test_snapshot_then_every_kind_of_change(
    seeded_cms: str,
    cms_court: Path,
    tmp_path: Path,
) -> None:
    store = tmp_path / "store.duckdb"
    stats = run_cdc(seeded_cms, "t1", store, reference_from=cms_court)
    assert stats.snapshot_rows > 0 and stats.transactions == 0
    assert_equal_to_cms(store, seeded_cms)
    con = duckdb.connect(str(store), read_only=True)
    assert (
        con.execute("SELECT count(*) FROM registry_population").fetchone()[0] > 0
    )  # --reference-from
    (case_id,) = con.execute(
        "SELECT case_id FROM cases WHERE status = 'pending' AND family <> 'enforcement' "
        "AND current_node IN ('assignment', 'service') ORDER BY case_id LIMIT 1"
    ).fetchone()
    con.close()
    pg = db.connect(seeded_cms)
    with pg.cursor() as cur:
        cur.execute("SELECT dlrbs FROM tb_dlr ORDER BY dlrbs LIMIT 2")
        d1, d2 = (r[0] for r in cur.fetchall())
        cur.execute("SELECT dsrbs FROM tb_dsr WHERE ajbs = %s ORDER BY dsrbs LIMIT 1", [case_id])
        p1 = cur.fetchone()[0]
    pg.close()
    sql(
        seeded_cms,
        # a new case with its parties and first flow record, in one transaction
        "BEGIN; INSERT INTO tb_ajxx (ajbs, ah, fydm, ajlb, spcx, sycx, larq, ajzt, lcjd, bdje) VALUES "
        "(880001, '(2026)沪0115民初88001号', '2815', '2', '1', '2', '20260701', '1', '0101', 1234.56); "
        "INSERT INTO tb_dsr (dsrbs, ajbs, ssdw, dsrlx, mc) VALUES (880011, 880001, '01', '2', '某公司'), "
        "(880012, 880001, '02', '1', '李四'); "
        "INSERT INTO tb_lcjl (jlbs, ajbs, jddm, fssj) VALUES (880021, 880001, '0101', '2026-07-01 09:00'); COMMIT",
        # the node moves twice, in two transactions
        "UPDATE tb_ajxx SET lcjd = '0104' WHERE ajbs = " + str(case_id),
        "UPDATE tb_ajxx SET lcjd = '0105' WHERE ajbs = " + str(case_id),
        # an update that changes a derived key (case_parties' role), one that changes tb_dlr's (full identity)
        f"UPDATE tb_dsr SET ssdw = '03', dz = '新地址' WHERE dsrbs = {p1}",
        f"UPDATE tb_dlr SET xm = '王律师' WHERE dlrbs = {d1}",
        f"DELETE FROM tb_dlr WHERE dlrbs = {d2}",
        "DELETE FROM tb_lcjl WHERE jlbs = 880021",
        # an update of a row the mapping cannot map: quarantined, the old row kept
        "UPDATE tb_dsr SET xb = '9' WHERE dsrbs = 880012",
    )
    stats = run_cdc(seeded_cms, "t1", store)
    assert stats.snapshot_rows == 0 and stats.transactions == 8 and stats.rejected == 1
    con = duckdb.connect(str(store), read_only=True)
    checks = con.execute(
        "SELECT case_id, node, status FROM ingest_node_checks WHERE source = 'cdc:t1' ORDER BY check_id"
    ).fetchall()
    assert checks == [
        (880001, "filing", "done"),
        (case_id, "scheduling", "done"),
        (case_id, "hearing", "done"),
    ]
    assert (
        con.execute("SELECT lsn FROM ingest_cdc_state WHERE slot = 't1'").fetchone()[0] == stats.lsn
    )
    q = con.execute("SELECT source_file, table_name, column_name FROM quarantine").fetchall()
    assert q == [("cdc:t1", "tb_dsr", "xb")]
    con.close()
    sql(
        seeded_cms, "UPDATE tb_dsr SET xb = NULL WHERE dsrbs = 880012"
    )  # fixed in the CMS: then equal
    run_cdc(seeded_cms, "t1", store)
    assert_equal_to_cms(store, seeded_cms)


def test_transactions_at_or_below_the_stored_position_are_skipped(
    seeded_cms: str,
    tmp_path: Path,
) -> None:
    """A slot re-sends what it was never told was durable; the store must not apply it twice."""
    store = tmp_path / "store.duckdb"
    run_cdc(seeded_cms, "a", store, checks=False)
    # a second slot that will have everything below re-sent to it
    sql(seeded_cms, "SELECT pg_create_logical_replication_slot('b', 'wal2json')")
    sql(
        seeded_cms,
        *[
            f"INSERT INTO tb_lcjl (jlbs, ajbs, jddm, fssj) VALUES ({770000 + i}, 1, '0101', now())"
            for i in range(5)
        ],
    )
    stats = run_cdc(seeded_cms, "a", store, checks=False)
    assert stats.transactions == 5
    con = duckdb.connect(str(store))
    con.execute("INSERT INTO ingest_cdc_state SELECT 'b', lsn, lsn_text, mapping, source, snapshot_at, updated_at, 0, 0 "
                "FROM ingest_cdc_state WHERE slot = 'a'")  # fmt: skip
    events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()
    stats = run_cdc(seeded_cms, "b", store, checks=False)
    assert (stats.skipped_transactions, stats.transactions) == (5, 0)
    con = duckdb.connect(str(store), read_only=True)
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == events
    con.close()
    assert_equal_to_cms(store, seeded_cms)


def test_a_store_whose_slot_is_gone_refuses_to_resume(seeded_cms: str, tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    run_cdc(seeded_cms, "gone", store, checks=False)
    sql(seeded_cms, "SELECT pg_drop_replication_slot('gone')")
    with pytest.raises(CdcError, match="slot is gone"):
        run_cdc(seeded_cms, "gone", store, checks=False)


# --------------------------------------------------------------------------- kill and restart


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, dict]]] = []
    lock = threading.Lock()

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with self.lock:
            self.received.append((self.headers["Idempotency-Key"], body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _slot_active(dsn: str, slot: str) -> bool:
    pg = db.connect(dsn, autocommit=True)
    try:
        with pg.cursor() as cur:
            cur.execute("SELECT active FROM pg_replication_slots WHERE slot_name = %s", [slot])
            row = cur.fetchone()
            return bool(row and row[0])
    finally:
        pg.close()


@pytest.mark.slow
def test_sigkill_three_times_during_a_workload_loses_and_duplicates_nothing(
    seeded_cms: str,
    cms_court: Path,
    tmp_path: Path,
) -> None:
    """A workload runs; CDC is killed with SIGKILL three times while streaming and restarted.
    The store ends equal to the CMS, every node change was checked exactly once, every
    expected alert is stored once and reached the webhook."""
    store, log = tmp_path / "store.duckdb", tmp_path / "workload.json"
    models = ["--model", "dead_party", "--model", "closed_over_time_limit"]
    as_of = "2026-06-30"
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    _Receiver.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    webhook = f"http://127.0.0.1:{server.server_address[1]}/alerts"
    cdc = courtqc_cmd(
        "ingest", "cdc", "--dsn", seeded_cms, "--slot", "killme", "--db", str(store), "--webhook", webhook,
        "--as-of", as_of, "--quiet", *models,
    )  # fmt: skip
    env = subprocess_env()
    # the snapshot first, so every workload change comes through the log
    r = subprocess.run([*cdc, "--reference-from", str(cms_court), "--until-lsn", "now"], env=env,
                       capture_output=True, text=True, timeout=300)  # fmt: skip
    assert r.returncode == 0, r.stderr
    workload = subprocess.Popen(
        courtqc_cmd("cms", "run", "--dsn", seeded_cms, "--rate", "40", "--duration", "14", "--seed", "5",
                    "--dead-from", str(cms_court), "--dead-share", "0.3", "--log", str(log)),
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    rng = random.Random(11)
    kills = 0
    logs = []
    try:
        while kills < 3:
            proc = subprocess.Popen(
                cdc, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            deadline = time.monotonic() + 120
            while not _slot_active(seeded_cms, "killme"):  # streaming, not starting up
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline
                time.sleep(0.1)
            time.sleep(rng.uniform(0.5, 2.0))
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            logs.append(proc.stderr.read())
            kills += 1
        _, err = workload.communicate(timeout=120)
        assert workload.returncode == 0, err
        # then restarted once more, to catch up with everything and stop
        r = subprocess.run(
            [*cdc, "--until-lsn", "now"], env=env, capture_output=True, text=True, timeout=300
        )
        assert r.returncode == 0, r.stderr
        final = json.loads(r.stdout.strip().splitlines()[-1])
    finally:
        if workload.poll() is None:
            workload.kill()
        server.shutdown()
    assert kills == 3 and all("Traceback" not in x for x in logs), logs

    # 1. the store equals the CMS, table by table
    assert_equal_to_cms(store, seeded_cms)

    # 2. every node change at a bound node was checked exactly once
    wl = json.loads(log.read_text(encoding="utf-8"))
    withdrawn = set(wl["withdrawn"])
    lcjd = MAPPER.code_table("lcjd")
    bound = {"filing", "service", "scheduling", "enf_filing", "closing", "enf_closing"}
    expected_checks = Counter((a, lcjd[c]) for a, c in wl["node_changes"] if lcjd[c] in bound)
    con = duckdb.connect(str(store))
    checks = con.execute("SELECT case_id, node, status FROM ingest_node_checks").fetchall()
    assert Counter((c, n) for c, n, _ in checks) == expected_checks
    assert {s for c, n, s in checks if c not in withdrawn} <= {"done"}
    assert con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT case_id, node, lsn FROM ingest_node_checks)"
    ).fetchone()[0] == len(checks)

    # 3. the alerts are node mode's answers for those checks, each stored once
    from courtqc.engine.node import NodeChecker
    from courtqc.models.library import builtin_models

    subset = [m for m in builtin_models() if m.id in ("dead_party", "closed_over_time_limit")]
    checker = NodeChecker(con, subset, as_of=dt.date.fromisoformat(as_of), record=False)
    expected_alerts: dict[str, set[str]] = {}
    for case_id, node in expected_checks:
        if case_id in withdrawn:
            continue
        for a in checker.check(case_id, node).alerts:
            expected_alerts.setdefault(a.fingerprint, set()).add(node)
    checker.close()
    stored = con.execute("SELECT fingerprint FROM alerts WHERE mode = 'node'").fetchall()
    stored_fp = Counter(f for (f,) in stored)
    live_cases = {c for c, _ in expected_checks if c not in withdrawn}
    by_case = dict(con.execute("SELECT fingerprint, case_id FROM alerts").fetchall())
    assert {f for f in stored_fp if by_case[f] in live_cases} == set(expected_alerts)
    assert max(stored_fp.values()) == 1
    assert any(True for _ in expected_alerts), "the workload produced no alert to check"

    # 4. every (alert, node) reached the webhook (at least once: a kill may repeat a push)
    undelivered = con.execute(
        "SELECT fingerprint, node, attempts, next_attempt_at, last_error, created_at FROM ingest_deliveries "
        "WHERE status <> 'delivered'"
    ).fetchall()
    assert not undelivered, (undelivered, final, r.stderr[-3000:])
    keys = {k for k, _ in _Receiver.received}
    assert {f"{f}:{n}" for f, nodes in expected_alerts.items() for n in nodes} <= keys
    con.close()
    print(
        f"\nkill test: {len(wl['node_changes'])} node changes, {sum(expected_checks.values())} checks, "
        f"{len(expected_alerts)} alerts, {len(_Receiver.received)} pushes ({len(_Receiver.received) - len(keys)} repeated), "
        f"final run skipped {final['skipped_transactions']} already-applied transactions"
    )


def test_a_slot_is_only_recreated_by_the_store_that_began_it(
    seeded_cms: str, tmp_path: Path
) -> None:
    sql(seeded_cms, "SELECT pg_create_logical_replication_slot('theirs', 'wal2json')")
    with pytest.raises(CdcError, match="another consumer"):
        run_cdc(seeded_cms, "theirs", tmp_path / "mine.duckdb", checks=False)
    # the state a kill during the first snapshot leaves: this store's mark, the slot, no rows
    store = tmp_path / "killed.duckdb"
    run_cdc(seeded_cms, "mine", store, checks=False)
    con = duckdb.connect(str(store))
    con.execute("UPDATE ingest_cdc_state SET lsn = 0 WHERE slot = 'mine'")
    con.execute("DELETE FROM cases")
    con.close()
    stats = run_cdc(seeded_cms, "mine", store, checks=False)
    assert stats.snapshot_rows > 0
    assert_equal_to_cms(store, seeded_cms)


def test_cdc_daemon_names_an_unreachable_cms_and_its_allocator(tmp_path):
    """Bad DSN: exit 2 with the host and port named, no traceback. The daemon started itself
    with the fast allocator where one is installed (courtqc.runtime) and logs which."""
    from courtqc import runtime

    r = subprocess.run(
        courtqc_cmd("ingest", "cdc", "--db", str(tmp_path / "s.duckdb"),
                    "--dsn", "postgresql://nobody@127.0.0.1:1/nowhere"),
        env=subprocess_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert "无法连接审判管理系统数据库 127.0.0.1:1/nowhere" in r.stderr
    assert "Traceback" not in r.stderr
    expected = next((n for n in ("tcmalloc", "jemalloc") if runtime.find(n)), "system")
    assert f"allocator: {expected}" in r.stderr
