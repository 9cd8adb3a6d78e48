"""Shared test fixtures. Real data lives in ../shared (never copied into the repo)."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.support.cdc import COURT_CASES, COURT_SEED, PG_SCRIPT

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL = SHARED / "data" / "real"


@pytest.fixture(scope="session")
def real_dir() -> Path:
    """../shared/data/real, or skip with a clear reason where it is absent."""
    if not REAL.is_dir():
        pytest.skip(
            f"real judgments not available: {REAL} is absent (tests read ../shared beside the repo)"
        )
    return REAL


# --------------------------------------------------------------------------- CMS / CDC
# A real PostgreSQL via scripts/pg.sh, a fresh database per test, a small synthetic court;
# their helpers are in tests/support/cdc.py.


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
