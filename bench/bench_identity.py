"""Cost and accuracy of party identity resolution (courtqc.identity.resolve_parties).

    .venv/bin/python bench/bench_identity.py                      # ~2M party rows
    .venv/bin/python bench/bench_identity.py --identities 100000  # ~200k rows, quicker

Party rows come from courtqc.identity.sample (every spelling variant, missing ID numbers and
credit codes, homonyms, lenders' sister companies) written to a DuckDB file. Baseline,
measured in the same run on the same store: the *naive key* — one UPDATE setting person_key
to the normalised ID number, else the normalised credit code, else the normalised name (the
same SQL normalisation, no grouping, no fuzzy step). The ratio resolution / naive is what the
grouping and fuzzy matching add; the pairwise precision/recall of both show what it buys.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import duckdb

from courtqc.identity import pairwise_scores, resolve_parties
from courtqc.identity.normalize import id_number_sql, sql_name, uscc_sql
from courtqc.identity.sample import load_sample


def _machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()}-core {platform.machine()} {platform.system()}, {mem:.0f} GiB"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--identities", type=int, default=1_000_000, help="real entities (rows ≈ 2×)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "parties.duckdb"
        con = duckdb.connect(str(path))
        t = time.perf_counter()
        rows = load_sample(con, args.identities, seed=args.seed)
        gen = time.perf_counter() - t
        con.execute("CHECKPOINT")

        t = time.perf_counter()
        con.execute(
            f"UPDATE parties SET person_key = coalesce({id_number_sql('id_number')}, "
            f"{uscc_sql('uscc')}, {sql_name('name')})"
        )
        naive_s = time.perf_counter() - t
        naive = pairwise_scores(con)

        stats = resolve_parties(con)
        scores = pairwise_scores(con)
        con.close()

    print(f"machine: {_machine()}")
    print(f"party rows: {rows:,} ({args.identities:,} entities; generated in {gen:.1f} s)")
    print(f"resolution stats: {stats.as_dict()}")
    print(
        f"naive key:  {naive_s:7.2f} s   precision {naive.precision:.4f}  recall {naive.recall:.4f}"
    )
    print(
        f"resolution: {stats.seconds:7.2f} s   precision {scores.precision:.4f}  recall {scores.recall:.4f}"
        f"   ({stats.seconds / naive_s:.1f}× the naive key)"
    )


if __name__ == "__main__":
    main()
