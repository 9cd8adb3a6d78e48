"""Fixtures for the CMS / CDC tests: a real PostgreSQL started by scripts/pg.sh, a fresh
database per test, and a small synthetic court. Import the fixtures into a test module."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]
PG_SCRIPT = REPO / "scripts" / "pg.sh"
COURT_CASES = 500  # the generator's minimum: every planted pattern with clean cases around it
COURT_SEED = 7


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The superuser DSN of the local cluster. Skips only where scripts/pg.sh reports that
    PostgreSQL cannot be installed (exit 3); any other failure fails the tests. A cluster this
    session started is stopped at its end."""
    was_running = subprocess.run([str(PG_SCRIPT), "status"], capture_output=True).returncode == 0
    r = subprocess.run([str(PG_SCRIPT), "start"], capture_output=True, text=True, timeout=900)
    if r.returncode == 3:
        pytest.skip(f"PostgreSQL cannot be installed on this machine: {r.stderr.strip()}")
    if r.returncode != 0:
        pytest.fail(f"scripts/pg.sh start failed ({r.returncode}):\n{r.stderr}")
    dsn = r.stdout.strip().splitlines()[-1]
    yield dsn
    if not was_running:
        subprocess.run([str(PG_SCRIPT), "stop"], capture_output=True, timeout=120)


@pytest.fixture()
def cms_dsn(pg_server: str) -> Iterator[str]:
    """A fresh, empty database for one test (dropped with its slots afterwards)."""
    from courtqc.cms import db

    name = f"cq_test_{uuid.uuid4().hex[:10]}"
    dsn = db.with_dbname(pg_server, name)
    db.ensure_database(dsn)
    yield dsn
    db.drop_database(dsn)


@pytest.fixture(scope="session")
def cms_court(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic court (canonical store), generated once per session."""
    from courtqc.synth import generate

    path = tmp_path_factory.mktemp("court") / "court.duckdb"
    generate(path, cases=COURT_CASES, seed=COURT_SEED, progress=False)
    return path


@pytest.fixture()
def seeded_cms(cms_dsn: str, cms_court: Path) -> str:
    """The CMS schema, seeded from the synthetic court."""
    from courtqc.cms import db, seed

    pg = db.connect(cms_dsn)
    db.create_schema(pg)
    con = duckdb.connect(str(cms_court), read_only=True)
    try:
        seed.seed_from_store(con, pg)
    finally:
        con.close()
        pg.close()
    return cms_dsn


def courtqc_cmd(*args: str) -> list[str]:
    """The `courtqc` command line run as a separate process (so it can be killed)."""
    import sys

    return [sys.executable, "-m", "courtqc.cli", *args]


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    return env


# --------------------------------------------------------------------------- a private cluster


@pytest.fixture(scope="module")
def private_pg() -> Iterator[tuple[str, dict[str, str]]]:
    """A PostgreSQL cluster of this module's own (its own port and data directory), for tests
    that restart or stop PostgreSQL: the shared cluster other tests use is never touched.
    Yields (superuser DSN, environment for scripts/pg.sh); removed at the end."""
    import shutil
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = Path(f"/tmp/courtqc-pg-test-{uuid.uuid4().hex[:8]}")
    env = dict(os.environ, COURTQC_PG_PORT=str(port), COURTQC_PG_DATA=str(data))
    r = subprocess.run(
        [str(PG_SCRIPT), "start"], capture_output=True, text=True, timeout=900, env=env
    )
    if r.returncode == 3:
        pytest.skip(f"PostgreSQL cannot be installed on this machine: {r.stderr.strip()}")
    if r.returncode != 0:
        pytest.fail(f"scripts/pg.sh start (private cluster) failed ({r.returncode}):\n{r.stderr}")
    try:
        yield r.stdout.strip().splitlines()[-1], env
    finally:
        subprocess.run([str(PG_SCRIPT), "stop"], capture_output=True, timeout=120, env=env)
        shutil.rmtree(data, ignore_errors=True)


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
