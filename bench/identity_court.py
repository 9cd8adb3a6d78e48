"""The synthetic court an identity benchmark measures: the options and the store that
bench_identity_messy.py and bench_identity_splink.py share.

A store named by --db is reused (generated there when missing); without --db one is generated
in a temporary folder, removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from courtqc.synth import generate


def parse_args() -> argparse.Namespace:
    """--cases, --seed, --db (reuse this store), --json."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", default=None, help="reuse this store (generated if missing)")
    ap.add_argument("--json", action="store_true")
    return ap.parse_args()


@contextmanager
def court_store(args: argparse.Namespace, prefix: str) -> Iterator[tuple[str, Any]]:
    """(path of the store, the generator's stats when it was generated now, else None)."""
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.mkdtemp(prefix=prefix)
        db = os.path.join(tmp, "court.duckdb")
    try:
        stats = None
        if not os.path.exists(db):
            stats = generate(db, cases=args.cases, seed=args.seed, progress=False)
        yield db, stats
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
