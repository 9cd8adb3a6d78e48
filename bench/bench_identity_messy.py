"""Identity resolution and the built-in models on the messy synthetic court (issue 15).

    .venv/bin/python bench/bench_identity_messy.py --cases 20000 --seed 1 [--db PATH] [--keep]

Generates a court (timed), resolves identities (timed), prints pairwise precision / recall
overall and per variant class (courtqc.identity.evaluate.variant_scores), then the backtest of
every built-in model with truth. JSON on stdout with --json.
"""

from __future__ import annotations

import json
import time

import duckdb

from courtqc.engine.backtest import backtest
from courtqc.identity.evaluate import pairwise_scores, variant_scores
from courtqc.identity.resolve import resolve_parties
from identity_court import court_store, parse_args


def main() -> None:
    args = parse_args()
    with court_store(args, "courtqc-messy-") as (db, st):
        measure(args, db, st)


def measure(args, db: str, st) -> None:
    out: dict = {"cases": args.cases, "seed": args.seed}
    if st is not None:
        out["synth_seconds"] = st.seconds
        out["incidental"] = {k: v for k, v in st.incidental.items() if v}
        out["unmatched"] = {k: v for k, v in st.unmatched.items() if v}
    con = duckdb.connect(db)
    t = time.perf_counter()
    stats = resolve_parties(con)
    out["resolve_seconds"] = round(time.perf_counter() - t, 2)
    out["resolve"] = stats.as_dict()
    out["pairwise"] = pairwise_scores(con).as_dict()
    out["per_variant"] = variant_scores(con)
    scores = backtest(con)
    out["backtest"] = {
        s.model_id: {
            "tp": s.tp,
            "fp": s.fp,
            "fn": s.fn,
            "precision": s.precision,
            "recall": s.recall,
        }
        for s in scores
        if s.tp is not None
    }
    con.close()
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for k in ("synth_seconds", "resolve_seconds", "incidental", "unmatched"):
            if k in out:
                print(f"{k}: {out[k]}")
        pw = out["pairwise"]
        print(f"pairwise: P {pw['precision']} R {pw['recall']} ({pw['true_pairs']} true pairs)")
        for name, s in out["per_variant"].items():
            print(f"  {name:22s} rows {s['rows']:7d}  P {s['precision']:.4f}  R {s['recall']:.4f}")
        for mid, s in out["backtest"].items():
            flag = "" if (s["precision"] or 0) >= 0.95 and (s["recall"] or 0) >= 0.95 else "  <"
            print(
                f"  {mid:40s} TP {s['tp']:4d} FP {s['fp']:4d} FN {s['fn']:4d}  P {s['precision']}  R {s['recall']}{flag}"
            )


if __name__ == "__main__":
    main()
