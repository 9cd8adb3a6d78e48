"""How fast the machine is right now: a fixed amount of DuckDB work (one thread) and of Python
work, timed. The 2-core VM these benchmarks run on changes speed with its neighbours (the same
command has taken 50 and 80 ms an hour apart); printed beside a benchmark's figures, it lets
runs at different times be compared. Lower is faster."""

from __future__ import annotations

import time

import duckdb


def vm_speed() -> dict[str, float]:
    con = duckdb.connect()
    con.execute("SET threads = 1")
    best_sql = best_py = float("inf")
    for _ in range(3):  # the best of three: a neighbour's burst should not decide it
        t0 = time.perf_counter()
        con.execute("SELECT sum(hash(range % 1000)) FROM range(5000000)").fetchone()
        best_sql = min(best_sql, time.perf_counter() - t0)
        t0 = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i % 7
        best_py = min(best_py, time.perf_counter() - t0)
    con.close()
    return {"duckdb_ms": round(best_sql * 1000, 1), "python_ms": round(best_py * 1000, 1)}


def describe() -> str:
    s = vm_speed()
    return f"VM speed now: fixed DuckDB work {s['duckdb_ms']} ms, fixed Python work {s['python_ms']} ms (lower is faster)"


if __name__ == "__main__":
    print(describe())
