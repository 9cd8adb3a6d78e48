"""What every fuzz test asserts: an entry point ends with a result or a deliberate error that
says what is wrong, never anything else, within a time per KB of input."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from courtqc.errors import CourtqcError
from courtqc.extract.text import ExtractInputError

T = TypeVar("T")

#: seconds per KB (inputs under 1 KB count as 1 KB) — generous for a loaded 2-core CI machine;
#: bench/fuzz_campaign.py measures the real figure (docs/BENCHMARKS.md)
CI_SECONDS_PER_KB = 10.0

DELIBERATE = (CourtqcError, ExtractInputError)


def within_budget(size: int, call: Callable[[], T]) -> T | Exception:
    """Run call(); return its result or the deliberate error it raised (whose message must say
    something); fail the test on anything else or past the time budget."""
    t0 = time.perf_counter()
    try:
        result: T | Exception = call()
    except DELIBERATE as e:
        assert str(e).strip(), "a deliberate error without a message"
        result = e
    elapsed = time.perf_counter() - t0
    budget = CI_SECONDS_PER_KB * max(size / 1024, 1.0)
    assert elapsed < budget, f"{elapsed:.2f} s for {size} bytes (budget {budget:.1f} s)"
    return result
