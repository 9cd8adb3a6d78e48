"""Serve a court as `courtqc serve` does, timing each query-port request stage by stage, and
write the timings as JSON when the server stops (`services_bench.py --breakdown` runs it).

    python bench/services_timing.py court.duckdb PORT OUT.json

Why a separate server: the stages (the key check, the agency, the look-up, the two inserts and
their commit) are wrapped here, at their module attributes, so the platform's code is measured
unchanged and carries no timing code. Per request it records, from when the request reached the
application (a pure ASGI wrapper outside every middleware), the wall time at which each stage
started and how long it took (wall and thread CPU), and when the answer was sent. Beside them:
the garbage collector's pauses and the event loop's lag (a 5 ms tick that notes how late it
woke), both with their times, so a slow request can be put beside what the process did then.
With SERVICES_TIMING_ONE_COMMIT=1 in the environment each query's record is committed on its
own, as before group commit (services/groupcommit.py), to compare the two in the same minutes.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import gc
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import uvicorn

REQ: contextvars.ContextVar[dict | None] = contextvars.ContextVar("req", default=None)
T0 = time.perf_counter()
REQUESTS: list[dict] = []
GC_PAUSES: list[tuple[float, float, int]] = []  # (start s, seconds, generation)
LOOP_LAG: list[tuple[float, float]] = []  # (when s, seconds late), only lags over 2 ms


def _now() -> float:
    return time.perf_counter() - T0


def _timed(owner: Any, name: str, stage: str) -> None:
    """Replace owner.name by a wrapper adding its wall and thread-CPU time to the request's
    `stage` (and noting when the stage first started)."""
    f = getattr(owner, name)

    def wrapper(*a: Any, **k: Any) -> Any:
        r = REQ.get()
        t, c = time.perf_counter(), time.thread_time()
        try:
            return f(*a, **k)
        finally:
            if r is not None:
                r.setdefault(stage + "_at", t - T0)
                r[stage] = r.get(stage, 0.0) + time.perf_counter() - t
                r[stage + "_cpu"] = r.get(stage + "_cpu", 0.0) + time.thread_time() - c

    setattr(owner, name, wrapper)


def _instrument() -> None:
    from courtqc.services import agency, enterprise, minors
    from courtqc.web import audit, db, security
    from courtqc.web.api import services

    _timed(security, "lookup_api_key", "auth")
    _timed(agency, "of_key", "agency")
    _timed(agency, "authorise", "authorise")
    _timed(minors, "query", "lookup")
    _timed(enterprise, "summary", "lookup")
    _timed(agency, "log_query", "insert_query")
    _timed(audit, "record", "insert_audit")
    _timed(services, "_record", "record")  # the inserts, the commit and the wait for its group

    cursor = db.Cursors.cursor

    @contextlib.contextmanager
    def timed_cursor(self: db.Cursors) -> Iterator[Any]:
        r = REQ.get()
        if r is not None:
            r.setdefault("cursor_at", _now())
        with cursor(self) as cur:
            yield cur

    db.Cursors.cursor = timed_cursor  # type: ignore[method-assign]


def _gc_callback(phase: str, info: dict) -> None:
    if phase == "start":
        _gc_callback.t = time.perf_counter()  # type: ignore[attr-defined]
    else:
        t = _gc_callback.t  # type: ignore[attr-defined]
        GC_PAUSES.append((t - T0, time.perf_counter() - t, info["generation"]))


class Timing:
    """Outermost ASGI wrapper: one record per query-port request."""

    def __init__(self, app: Callable, out: Path) -> None:
        self.app = app
        self.out = out

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] == "lifespan":
            return await self._lifespan(scope, receive, send)
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/services/query/"):
            return await self.app(scope, receive, send)
        r = {"port": path.rsplit("/", 1)[1], "arrive": _now()}
        token = REQ.set(r)

        async def timed_send(message: dict) -> None:
            if message["type"] == "http.response.start":
                r["status"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, timed_send)
        finally:
            r["done"] = _now()
            REQUESTS.append(r)
            REQ.reset(token)

    async def _lifespan(self, scope: dict, receive: Callable, send: Callable) -> None:
        async def ticker() -> None:
            while True:
                t = time.perf_counter()
                await asyncio.sleep(0.005)
                late = time.perf_counter() - t - 0.005
                if late > 0.002:
                    LOOP_LAG.append((t - T0 + 0.005, late))

        task = asyncio.get_running_loop().create_task(ticker())
        try:
            await self.app(scope, receive, send)
        finally:
            task.cancel()
            # written here, on the way out of the lifespan: uvicorn re-raises the SIGTERM it
            # caught once it has shut down, so code after uvicorn.run would not run
            data = {"requests": REQUESTS, "gc": GC_PAUSES, "loop_lag": LOOP_LAG}
            self.out.write_text(json.dumps(data), encoding="utf-8")


def main() -> None:
    db, port, out = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    _instrument()
    from courtqc.web.app import create_app

    gc.callbacks.append(_gc_callback)
    app = Timing(create_app(db), out)
    import os

    if os.environ.get("SERVICES_TIMING_ONE_COMMIT"):  # as before group commit, to compare
        from courtqc.services import agency
        from courtqc.transaction import transaction
        from courtqc.web import audit
        from courtqc.web.api import services
        from courtqc.web.deps import client_of

        def one_by_one(request, p, a, scope, purpose, outcome, detail, letter_code=None):  # type: ignore[no-untyped-def]
            with request.app.state.store.cursor() as con, transaction(con):
                agency.log_query(con, a, scope, purpose, outcome, letter_code)
                audit.record(con, p, "service_query", scope, detail, client_of(request))

        services._record = one_by_one
        _timed(services, "_record", "record")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")


if __name__ == "__main__":
    main()
