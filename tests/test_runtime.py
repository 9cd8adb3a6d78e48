"""courtqc.runtime: long-running processes start again with a faster allocator preloaded."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from courtqc import runtime
from courtqc.cli import long_running

PROBE = "from courtqc import runtime; print(runtime.use_fast_allocator(), runtime.in_use())"


def probe(env_value: str | None, **extra: str) -> tuple[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LD_PRELOAD", runtime.ENV)}
    if env_value is not None:
        env[runtime.ENV] = env_value
    env.update(extra)
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env, capture_output=True, text=True, check=True, timeout=60,
    ).stdout.split()  # fmt: skip
    return out[0], out[1]


def test_this_process_runs_on_the_system_allocator():
    assert runtime.in_use() == "system"  # pytest is started plainly


def test_auto_prefers_tcmalloc_then_jemalloc_when_installed():
    expected = next((n for n in ("tcmalloc", "jemalloc") if runtime.find(n)), "system")
    assert probe(None) == (expected, expected)
    assert probe("auto") == (expected, expected)


@pytest.mark.parametrize("name", ["tcmalloc", "jemalloc"])
def test_a_named_allocator_is_used_if_installed(name):
    expected = name if runtime.find(name) else "system"
    assert probe(name) == (expected, expected)


def test_system_and_a_started_process_are_left_alone():
    assert probe("system") == ("system", "system")
    # A process that was started again already (even if its preload did not take) never loops.
    assert probe("auto", **{runtime._STARTED: "1"}) == ("system", "system")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["serve", "--db", "x.duckdb"], True),
        (["demo", "--cases", "2000"], True),
        (["ingest", "cdc", "--dsn", "d"], True),
        (["ingest", "serve"], True),
        (["ingest", "file", "x.csv"], False),
        (["check", "--db", "x", "--case", "1", "--node", "filing"], False),
        (["review", "serve"], False),  # "serve" as a word after another command
        (["--help"], False),
        ([], False),
    ],
)
def test_only_long_running_commands_start_again(argv, expected):
    assert long_running(argv) is expected


def test_an_unknown_allocator_is_named_in_the_error(monkeypatch):
    from courtqc.config import settings
    from courtqc.errors import InvalidInput

    monkeypatch.setenv(runtime.ENV, "hoard")
    settings.cache_clear()  # the setting is read through courtqc.config, once per process
    try:
        with pytest.raises(InvalidInput, match="COURTQC_ALLOCATOR='hoard'"):
            runtime.wanted()
    finally:
        settings.cache_clear()
    # From the command line: a clear message and exit 2, before the daemon does anything.
    r = subprocess.run(
        [sys.executable, "-m", "courtqc.cli", "serve", "--db", "nowhere.duckdb"],
        env={**os.environ, runtime.ENV: "hoard"}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 2
    assert "未知的内存分配器" in r.stderr and "Traceback" not in r.stderr


def test_ci_installs_tcmalloc():
    # make install runs scripts/install_allocator.sh; where it could install (root), the
    # daemons and benchmarks get tcmalloc.
    if os.environ.get("CI") != "true":
        pytest.skip("only CI promises the Debian package (a developer machine may lack root)")
    assert runtime.find("tcmalloc")
