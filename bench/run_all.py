"""Run every benchmark at one scale: `python bench/run_all.py [--cases N]` (`make bench`).

Generates one synthetic court of N cases (default 100,000; the figures in docs/BENCHMARKS.md
use 1,000,000 — pass --cases 1000000, about 10 minutes to generate) plus a 20,000-case court
as the web baseline, then runs each bench script against them in turn. Each script prints its
own figures; docs/BENCHMARKS.md says which ones are kept there.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


def run(*args: str) -> None:
    print(f"\n$ {' '.join(args)}", flush=True)
    t0 = time.perf_counter()
    subprocess.run([PY, *args], check=True)
    print(f"({time.perf_counter() - t0:.0f} s)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=HERE / "out")
    args = ap.parse_args()
    args.out.mkdir(exist_ok=True)
    big = args.out / f"court_{args.cases}.duckdb"
    small = args.out / "court_20000.duckdb"
    for db, n in ((big, args.cases), (small, 20_000)):
        if not db.exists():
            run("-m", "courtqc.cli", "synth", "--cases", str(n), "--seed", "1", "--db", str(db))
            run("-m", "courtqc.cli", "identity", "resolve", "--db", str(db))
    run(str(HERE / "bench_synth.py"), "--sizes", f"10000,{args.cases}")
    run(str(HERE / "bench_identity.py"))
    run(str(HERE / "bench_extract.py"))
    run(str(HERE / "bench_documents.py"), "--store", str(small))
    run(str(HERE / "bench_engine.py"), "--db", str(big))
    run(str(HERE / "bench_indicators.py"), "--sizes", str(args.cases))
    run(str(HERE / "bench_web.py"), "--db", str(big), "--small", str(small))
    run(str(HERE / "bench_cdc.py"))


if __name__ == "__main__":
    main()
