"""Peak memory of ``courtqc synth`` per stage, at several sizes: is it bounded?

    nice -n 19 .venv/bin/python bench/bench_synth_memory.py --sizes 50000,100000,200000
    nice -n 19 .venv/bin/python bench/bench_synth_memory.py --sizes 200000,600000/200000

A size ``N/S`` is a court of N cases generated in shards of S cases (``--shard-cases``,
courtqc.synth.shards); its stages are reported per shard (``plan@1`` …), and "before the
documents" is the peak over every shard's planning and writing.

Each size runs in a fresh process (its peak RSS is its own). Per stage it records the
process's peak resident memory so far, the resident memory at the stage's end, and the
stage's wall time; for the whole run the CPU time (user + system, from getrusage: on a shared
VM this is the figure to compare, wall time is what the neighbours leave over) and the rows
and truth counts per scenario. The slope per case between two sizes is what would grow at
10M; the last table projects the peak at 10M from the two largest sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _child(cases: int, path: str, seed: int, shard: int | None) -> None:
    import resource

    from courtqc.synth import generate

    t = time.perf_counter()
    kw = {} if shard is None else {"shard_cases": shard}
    stats = generate(path, cases=cases, seed=seed, progress=False, **kw)
    wall = time.perf_counter() - t
    ru = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "cases": cases,
                "shard_cases": shard,
                "shards": stats.shards,
                "wall_s": round(wall, 1),
                "cpu_s": round(ru.ru_utime + ru.ru_stime, 1),
                "peak_mb": round(ru.ru_maxrss / 1024, 1),
                "stage_s": stats.stage_seconds,
                "stage_peak_mb": stats.stage_peak_mb,
                "stage_rss_mb": stats.stage_rss_mb,
                "stage_duckdb_mb": stats.stage_duckdb_mb,
                "rows": stats.rows,
                "truth_cases": stats.truth_cases,
                "incidental": stats.incidental,
                "unmatched": stats.unmatched,
            }
        )
    )


def _run(n: int, tmp: str, seed: int, shard: int | None) -> dict:
    path = str(Path(tmp) / f"court{n}.duckdb")
    cmd = [sys.executable, __file__, "--child", str(n), "--path", path, "--seed", str(seed)]
    if shard is not None:
        cmd += ["--shard-cases", str(shard)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    for p in (path, path + ".wal"):
        if os.path.exists(p):
            os.remove(p)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="50000,100000,200000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--shard-cases",
        type=int,
        default=None,
        help="cases per shard for sizes without /S (default: the generator's)",
    )
    ap.add_argument("--json", help="also write the results to this file")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--path", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.path, args.seed, args.shard_cases)
        return
    load = os.getloadavg()
    print(
        f"# courtqc synth memory — {os.cpu_count()}-core {platform.machine()}, "
        f"Python {platform.python_version()}, load average {load[0]:.1f} at start"
    )
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for spec in args.sizes.split(","):
            n_s, _, s_s = spec.partition("/")
            n = int(n_s)
            r = _run(n, tmp, args.seed, int(s_s) if s_s else args.shard_cases)
            results.append(r)
            before = max(v for k, v in r["stage_peak_mb"].items() if _planning(k))
            load_now = os.getloadavg()[0]
            print(
                f"\n## {n:,} cases in {r['shards']} shard(s): peak RSS {r['peak_mb']:,.0f} MB "
                f"({before:,.0f} MB before the documents), CPU {r['cpu_s']:.0f} s, "
                f"wall {r['wall_s']:.0f} s, {sum(r['rows'].values()):,} rows, "
                f"load average {load_now:.1f} at the end"
            )
            print("| stage | s | RSS at end (MB) | of which DuckDB (MB) | peak so far (MB) |")
            print("|---|---:|---:|---:|---:|")
            for k, v in r["stage_s"].items():
                print(
                    f"| {k} | {v:.1f} | {r['stage_rss_mb'][k]:,.0f} "
                    f"| {r.get('stage_duckdb_mb', {}).get(k, float('nan')):,.0f} "
                    f"| {r['stage_peak_mb'][k]:,.0f} |"
                )
    if len(results) >= 2 and results[-2]["cases"] != results[-1]["cases"]:
        a, b = results[-2], results[-1]
        slope = (b["peak_mb"] - a["peak_mb"]) / (b["cases"] - a["cases"]) * 1e6
        print(
            f"\nslope of the peak between the two largest sizes: {slope:,.0f} MB per million cases"
        )
        at_10m = b["peak_mb"] + slope * (10_000_000 - b["cases"]) / 1e6
        cpu_10m = b["cpu_s"] / b["cases"] * 10_000_000
        print(f"projected at 10M (linear): peak {at_10m:,.0f} MB, CPU {cpu_10m / 60:,.0f} min")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


def _planning(stage: str) -> bool:
    """A stage of planning and writing the court (not the documents and after)."""
    return stage.split("@")[0] in (
        "plan", "people", "write_reference", "details", "cases_events", "truth"
    )  # fmt: skip


if __name__ == "__main__":
    main()
