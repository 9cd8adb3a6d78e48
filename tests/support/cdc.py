"""Helpers of the CMS / CDC tests: the `courtqc` command as a process, seeding a CMS
database, a daemon's /metrics, and waiting for a daemon to catch up. Their fixtures (a real
PostgreSQL started by scripts/pg.sh, a fresh database per test, a small synthetic court, a
private cluster) are in tests/conftest.py."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
PG_SCRIPT = REPO / "scripts" / "pg.sh"
COURT_CASES = 500  # the generator's minimum: every planted pattern with clean cases around it
COURT_SEED = 7


def courtqc_cmd(*args: str) -> list[str]:
    """The `courtqc` command line run as a separate process (so it can be killed)."""
    import sys

    return [sys.executable, "-m", "courtqc.cli", *args]


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def pg_script(env: dict[str, str], action: str) -> None:
    r = subprocess.run(
        [str(PG_SCRIPT), action], capture_output=True, text=True, timeout=180, env=env
    )
    assert r.returncode == 0, r.stderr


def seed_cms(dsn: str, court: Path) -> None:
    """A fresh CMS database at `dsn`, seeded from the canonical store `court`."""
    from courtqc.cms import db, seed

    db.ensure_database(dsn)
    pg = db.connect(dsn)
    db.create_schema(pg)
    con = duckdb.connect(str(court), read_only=True)
    try:
        seed.seed_from_store(con, pg)
    finally:
        con.close()
        pg.close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(port: int) -> dict[str, float]:
    """A daemon's /metrics as {series: value}, unlabelled series only."""
    import urllib.request

    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line and not line.startswith("#") and "{" not in line:
            name, value = line.rsplit(" ", 1)
            out[name] = float(value)
    return out


def mark(dsn: str) -> int:
    """A marker transaction in the CMS (a no-op update of a mapped row); returns an LSN inside
    it: a daemon whose applied LSN is past it holds everything committed before the mark."""
    from courtqc.cms import db
    from courtqc.ingest.cdc import lsn_to_int

    pg = db.connect(dsn)
    try:
        with pg.cursor() as cur:
            cur.execute(
                "UPDATE tb_dsr SET lxdh = lxdh WHERE dsrbs = (SELECT min(dsrbs) FROM tb_dsr)"
            )
            cur.execute("SELECT pg_current_wal_lsn()::text")
            lsn = lsn_to_int(cur.fetchone()[0])
        pg.commit()
    finally:
        pg.close()
    return lsn


def wait_caught_up(
    proc: subprocess.Popen, port: int, dsn: str, timeout: float = 120
) -> dict[str, float]:
    """Mark the CMS, then wait until the daemon has applied the mark and answered every check
    it queued; returns the last scrape of its /metrics."""
    import time

    lsn = mark(dsn)
    deadline = time.monotonic() + timeout
    m: dict[str, float] = {}
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            m = scrape(port)
        except OSError:
            m = {}
        if (
            m.get("courtqc_cdc_applied_lsn", 0) > lsn
            and m.get("courtqc_cdc_check_queue_depth", 1) == 0
        ):
            return m
        time.sleep(0.3)
    raise AssertionError(f"the daemon did not catch up in {timeout} s: {m}")
