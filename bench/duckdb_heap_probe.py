"""Native heap per DuckDB statement: which statement shapes leave C++ heap behind (issue 16).

    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 \\
        .venv/bin/python bench/duckdb_heap_probe.py hashjoin register --ops 10000

The CDC daemon's RSS grows in the brk heap, i.e. in memory malloc'd outside DuckDB's buffer
manager and outside the Python heap (docs/BENCHMARKS.md, "CDC memory"). This repeats one
statement shape on a 100,000-row store table and reports what tcmalloc says is still allocated
(generic.current_allocated_bytes: live bytes, not the allocator's free lists) per statement,
after a warm-up, every eighth of the run (to tell a plateau from a leak). It needs tcmalloc
preloaded (it reads its counters); without it the figures are -1.
"""

from __future__ import annotations

import argparse
import ctypes
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa

_LIB = ctypes.CDLL(None)


def allocated_mb() -> float:
    """tcmalloc's live bytes (MB), or -1 without tcmalloc."""
    try:
        f = _LIB.MallocExtension_GetNumericProperty
    except AttributeError:
        return -1.0
    v = ctypes.c_size_t()
    f(b"generic.current_allocated_bytes", ctypes.byref(v))
    return v.value / 2**20


def _keys(i: int) -> list[int]:
    return list(range(i % 50, i % 50 + 30))


SHAPES = {
    "point": lambda c, i: c.execute("SELECT count(*) FROM t WHERE id = ?", [i % 1000]).fetchall(),
    "scan": lambda c, i: c.execute("SELECT count(*) FROM t WHERE s = ?", [i % 7]).fetchall(),
    "update": lambda c, i: c.execute("UPDATE t SET s = s + 1 WHERE id = ?", [i % 1000]),
    "insert": lambda c, i: c.execute("INSERT INTO g VALUES (?, 'abc')", [i]),
    "unnest": lambda c, i: c.execute("SELECT unnest(?::BIGINT[])", [_keys(i)]).fetchall(),
    "in_list": lambda c, i: c.execute(
        "SELECT count(*) FROM t WHERE id IN (SELECT unnest(?::BIGINT[]))", [_keys(i)]
    ).fetchall(),
    "hashjoin": lambda c, i: c.execute(
        "SELECT count(*) FROM t JOIN (SELECT range AS id FROM range(?, ?)) r USING (id)",
        [i % 50, i % 50 + 30],
    ).fetchall(),
    "register_only": lambda c, i: (
        c.register("_r", pa.table({"id": [i % 1000, i % 1000 + 1]})),
        c.unregister("_r"),
    ),
    "register": lambda c, i: (
        c.register("_r", pa.table({"id": [i % 1000, i % 1000 + 1]})),
        c.execute("SELECT count(*) FROM t JOIN _r USING (id)").fetchall(),
        c.unregister("_r"),
    ),
    "prepare": lambda c, i: (
        c.execute("PREPARE p AS SELECT count(*) FROM t WHERE id = $1"),
        c.execute("EXECUTE p(3)").fetchall(),
    ),
    "temp_table": lambda c, i: c.execute(
        "CREATE OR REPLACE TEMP TABLE tt AS SELECT * FROM t WHERE id < 20"
    ),
}


def probe(shape: str, ops: int, warmup: int, tmp: Path) -> None:
    con = duckdb.connect(str(tmp / f"{shape}.duckdb"))
    con.execute("CREATE TABLE t(id BIGINT PRIMARY KEY, v VARCHAR, s INT)")
    con.execute("INSERT INTO t SELECT range, 'x', 0 FROM range(100000)")
    con.execute("CREATE TABLE g(id BIGINT, v VARCHAR)")
    cur = con.cursor()
    op = SHAPES[shape]
    for i in range(warmup):
        op(cur, i)
    a0, t0, marks = allocated_mb(), time.perf_counter(), []
    for i in range(ops):
        op(cur, i)
        if (i + 1) % max(1, ops // 8) == 0:
            marks.append(f"{allocated_mb() - a0:+.1f}")
    grew = allocated_mb() - a0
    print(
        f"{shape:14} {ops:>7,} statements: {grew:+6.1f} MB live ({grew * 2**20 / ops:5.0f} B each); "
        f"by eighths {' '.join(marks)}; {time.perf_counter() - t0:.0f} s",
        flush=True,
    )
    cur.close()
    con.close()


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("shapes", nargs="*", default=list(SHAPES), choices=list(SHAPES))
    ap.add_argument("--ops", type=int, default=10_000)
    ap.add_argument("--warmup", type=int, default=2_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="heap_probe_") as tmp:
        for shape in args.shapes:
            probe(shape, args.ops, args.warmup, Path(tmp))


if __name__ == "__main__":
    main()
