"""The miner's `helpful` target on a synthetic court with SIMULATED judges' feedback.

A fresh synthetic court has no feedback, so `courtqc mine --target helpful` is refused there.
This bench runs the built-in library as a review (alerts stored), lets simulated judges answer
the alerts from the planted truth with noise (courtqc.mining.feedback_sim: 85 % of true-positive
alerts helpful, 20 % of the others, 40 % never answered — through the same store function as
the web API's feedback), then mines the `helpful` target and prints the result. It writes
alerts and feedback into the store: give it a copy.

    python bench/mining_helpful.py --db court_copy.duckdb [--seed 0] [--json]
    courtqc mine --db court_copy.duckdb --target helpful       # the same mining, by the CLI
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import duckdb

from courtqc import mining
from courtqc.mining.feedback_sim import Rates, simulate_feedback


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    con = duckdb.connect(str(a.db))
    t0 = time.perf_counter()
    sim = simulate_feedback(con, Rates(), seed=a.seed)
    t_sim = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = mining.mine(con, mining.get("helpful"))
    t_mine = time.perf_counter() - t0
    best = max(
        (p for p in res.proposals if p.backtest.precision is not None),
        key=lambda p: (p.backtest.precision or 0) * (p.backtest.recall or 0),
        default=None,
    )
    report = {
        "feedback": sim.to_dict(),
        "feedback_seconds": round(t_sim, 1),
        "mine_seconds": round(t_mine, 1),
        "population": res.population,
        "train_positives": res.train_positives,
        "test_positives": res.test_positives,
        "split": res.split,
        "proposals": {m: i.get("proposals", 0) for m, i in res.methods.items()},
        "best": None
        if best is None
        else {
            "method": best.method,
            "explanation": best.explanation,
            "duplicate_of": best.duplicate_of,
            **{k: v for k, v in vars(best.backtest).items()},
        },
        "timings": res.timings,
    }
    if a.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for k, v in report.items():
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
