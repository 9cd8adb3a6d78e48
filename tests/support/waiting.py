"""Waiting for state that something else reaches: a background thread, a daemon, a queue.

A test asserts a background state only after waiting for it: on a busy 2-core machine the
thread may not have run yet when the call that triggered it returns. `wait_until` polls a
predicate until it holds or a generous bound passes, then fails saying what it waited for and
what it last saw — never a bare sleep, never a race.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    predicate: Callable[[], T],
    *,
    timeout: float = 60.0,
    what: str,
    interval: float = 0.05,
) -> T:
    """Call `predicate` until it returns something truthy; return that value. Fails with
    `what` and the last value seen after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        last = predicate()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}; last saw {last!r}")
        time.sleep(interval)


#: A guard against hangs, not a speed figure (speed is measured in bench/): an input that
#: should be refused at once must be refused within this many seconds even on a 2-core machine
#: running the whole suite beside other work. A pathological input (catastrophic backtracking,
#: a billion laughs) takes minutes or never ends, so the guard still catches it.
HANG_GUARD_S = 30.0
