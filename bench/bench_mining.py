"""Model mining on a synthetic court: each target's population, what each method finds, how the
proposals backtest on the held-back years, and the time; for `review_defect` on a court with the
hidden patterns of bench/mining_patterns.yaml planted, which patterns the proposals re-find
(precision and recall against the pattern's truth). docs/MINING.md quotes its output.

    courtqc synth --cases 20000 --seed 7 --db /tmp/c20k.duckdb
    python bench/bench_mining.py --db /tmp/c20k.duckdb [--targets review_defect,overdue] [--json OUT]

The store is copied first (the planted reviews and truth rows go into the copy).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).parent))
import mining_plant
from courtqc import mining
from courtqc.engine.review import review
from courtqc.errors import InvalidInput


def _selection(con: duckdb.DuckDBPyConnection) -> mining.Target:
    """A user's selection: the cases the built-in closed_over_time_limit model flags."""
    run = review(con, model_ids=["closed_over_time_limit"], save=False, mode="backtest").runs[0]
    ids = sorted({a.case_id for a in run.alerts})
    nos = [
        r[0]
        for r in con.execute(
            f"SELECT case_no FROM cases WHERE case_id IN ({','.join(map(str, ids)) or 'NULL'})"
        ).fetchall()
    ]
    return mining.for_selection(mining.Selection("超审限结案", tuple(nos)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--targets", default="review_defect,reversal,overdue,selection,helpful")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp()) / "court.duckdb"
    shutil.copy(a.db, work)
    con = duckdb.connect(str(work))
    planted = mining_plant.plant(con, mining_plant.load_patterns())
    cases = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    out: dict = {"cases": cases, "planted": planted, "targets": {}}
    for name in a.targets.split(","):
        tgt = _selection(con) if name == "selection" else mining.get(name)
        t0 = time.perf_counter()
        try:
            res = mining.mine(con, tgt)
        except InvalidInput as e:
            out["targets"][name] = {"refused": e.message}
            print(f"{name}: {e.message}")
            continue
        wall = time.perf_counter() - t0
        best = sorted(
            res.proposals,
            key=lambda p: -((p.backtest.precision or 0) * (p.backtest.recall or 0)),
        )[:3]
        row = {
            "population": res.population,
            "positives": res.positives,
            "train_positives": res.train_positives,
            "test_positives": res.test_positives,
            "split": res.split,
            "seconds": round(wall, 1),
            "timings": res.timings,
            "methods": {
                m: {k: v for k, v in info.items() if k in ("findings", "proposals", "seconds",
                                                             "clusters", "outliers", "mae_days",
                                                             "r2")}
                for m, info in res.methods.items()
            },
            "proposals": len(res.proposals),
            "duplicates": sum(1 for p in res.proposals if p.duplicate_of),
            "top_ranked_features": [r["zh"] for r in res.ranking[:5]],
            "best_held_back": [
                {"rule": p.explanation, "method": p.method, "precision": p.backtest.precision,
                 "recall": p.backtest.recall, "duplicate_of": p.duplicate_of}
                for p in best
            ],
        }  # fmt: skip
        if name == "review_defect":
            row["refound"] = mining_plant.score(res, con, mining_plant.load_patterns())
        out["targets"][name] = row
        print(json.dumps({name: row}, ensure_ascii=False, indent=1, default=str))
    if a.json:
        a.json.write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    con.close()
    shutil.rmtree(work.parent)


if __name__ == "__main__":
    main()
