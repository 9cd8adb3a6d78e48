"""courtqc.clock: stored instants are naive UTC, whatever the machine's zone; why not aware."""

from __future__ import annotations

import datetime as dt
import time

import duckdb
import pytest

from courtqc import clock


@pytest.fixture
def in_shanghai(monkeypatch):
    """The process's local zone set to the courts' (this VM runs in UTC, where the bug hides)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _close(a: dt.datetime, b: dt.datetime) -> bool:
    return abs((a - b).total_seconds()) < 5


def test_utcnow_is_utc_in_any_local_zone(in_shanghai) -> None:
    local = dt.datetime.now()
    real_utc = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert not _close(local, real_utc)  # the zone took effect: local is 8 h ahead
    assert clock.utcnow().tzinfo is None and _close(clock.utcnow(), real_utc)
    assert clock.utcnow_s().microsecond == 0


def test_engine_records_instants_in_utc(in_shanghai) -> None:
    from courtqc.engine import store

    assert _close(store._now(), clock.utcnow())


def test_naive_utc_is_the_form_duckdb_keeps_unchanged() -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    con.execute("CREATE TABLE t (instant TIMESTAMP)")
    at = dt.datetime(2024, 1, 1, 0, 0)
    con.execute("INSERT INTO t VALUES (?), (?)", [at, at.replace(tzinfo=dt.UTC)])
    naive, aware = (r[0] for r in con.execute("SELECT instant FROM t").fetchall())
    assert naive == at
    assert aware == dt.datetime(2024, 1, 1, 8, 0)  # an aware value is shifted to local time


def test_court_time_and_today() -> None:
    shown = clock.court_time(dt.datetime(2024, 1, 1, 20, 30))
    assert shown.isoformat() == "2024-01-02T04:30:00+08:00"
    assert clock.court_today() == dt.datetime.now(clock.COURT_ZONE).date()


def test_platform_and_lifecycle_record_instants_in_utc(in_shanghai) -> None:
    """Sessions, keys, login attempts and the audit log (web.security.now), and lifecycle
    changes (model_states.changed_at) are stored as naive UTC too, not the machine's time."""
    from courtqc.engine import store
    from courtqc.models import builtin_models
    from courtqc.models.lifecycle import record_state
    from courtqc.web import security

    assert security.now().tzinfo is None and _close(security.now(), clock.utcnow())
    con = duckdb.connect()
    store.ensure(con)
    record_state(con, builtin_models()[0], "modelling", "test", None)
    (changed_at,) = con.execute("SELECT changed_at FROM model_states").fetchone()
    assert _close(changed_at, clock.utcnow())


def test_operators_count_time_limits_to_the_court_day() -> None:
    from courtqc.operators import install
    from courtqc.schema import create_schema

    con = duckdb.connect()
    create_schema(con)
    install(con)
    assert con.execute("SELECT as_of()").fetchone()[0] == clock.court_today()
