"""How a long-running courtqc process starts: with a faster memory allocator, where one is
installed.

DuckDB allocates and frees a great many short-lived buffers for every statement it plans and
runs, and node mode runs a few dozen small statements per event: glibc's malloc and free took
20–25 % of node mode's CPU (perf, 1M-case court). With tcmalloc preloaded the same events cost
15–25 % less CPU each and node mode's p50 fell from 10–12.6 to 7–9.4 ms (docs/BENCHMARKS.md).
An allocator can only be chosen when a process starts, so the long-running commands
(`courtqc serve`, `courtqc demo`, `courtqc ingest cdc`, `courtqc ingest serve`: courtqc.cli.main)
and the benchmarks start themselves again with it preloaded (LD_PRELOAD) before any command
code runs.

The setting `allocator` (COURTQC_ALLOCATOR or the settings file, courtqc.config) chooses:
`auto` (default: tcmalloc, else jemalloc, else the system's), `tcmalloc`, `jemalloc`, or
`system` (never re-executes). Debian packages: libtcmalloc-minimal4, libjemalloc2. This module
reads no setting from the environment itself; it only passes the environment on to the process
it restarts, with LD_PRELOAD and its own marker added.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from pathlib import Path

from courtqc.config import env_name, settings
from courtqc.errors import InvalidInput

#: The environment variable of the `allocator` setting (named in errors).
ENV = env_name("allocator")
_STARTED = "_COURTQC_ALLOCATOR_STARTED"  # set in the re-executed process: never loop
# Allocator -> (library name for ctypes.util.find_library, file name it maps as).
ALLOCATORS = {
    "tcmalloc": ("tcmalloc_minimal", "libtcmalloc"),
    "jemalloc": ("jemalloc", "libjemalloc"),
}


def in_use() -> str:
    """The allocator this process runs with: "tcmalloc", "jemalloc" or "system"."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return "system"
    for name, (_, mapped) in ALLOCATORS.items():
        if mapped in maps:
            return name
    return "system"


def find(name: str) -> str | None:
    """The installed library of allocator `name` (a name the dynamic loader resolves)."""
    lib = ctypes.util.find_library(ALLOCATORS[name][0])
    return lib or None


def wanted() -> list[str]:
    """The allocators the `allocator` setting asks for, in order of preference; an unknown
    name is `InvalidInput`."""
    choice = settings().allocator.strip().lower() or "auto"
    if choice == "system":
        return []
    if choice == "auto":
        return list(ALLOCATORS)
    if choice not in ALLOCATORS:
        raise InvalidInput(
            f"{ENV}={choice!r}: 未知的内存分配器 (unknown allocator); "
            f"use auto, {', '.join(ALLOCATORS)} or system"
        )
    return [choice]


def use_fast_allocator() -> str:
    """Start this process again with a faster allocator preloaded, if the `allocator` setting
    wants one, one is installed and none is in use yet; otherwise return the allocator in use.
    Only for a program's entry point, before it does anything: the process is replaced (same
    PID, same arguments and environment) and starts from the beginning."""
    current = in_use()
    if current != "system" or os.environ.get(_STARTED):
        return current
    for name in wanted():
        lib = find(name)
        if lib is None:
            continue
        preload = os.environ.get("LD_PRELOAD", "")
        env = {**os.environ, "LD_PRELOAD": f"{lib}:{preload}" if preload else lib, _STARTED: "1"}
        sys.stdout.flush()
        sys.stderr.flush()
        os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], env)
    return current
