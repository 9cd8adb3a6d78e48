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
