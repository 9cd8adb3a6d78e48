"""Rule-based against Splink identity resolution on the messy synthetic court (issue 15).

    .venv/bin/python bench/bench_identity_splink.py --cases 20000 --seed 1 [--db PATH] [--json]

Resolves the same store twice, once per method (courtqc.identity.resolve.METHODS), and prints
for each the time, pairwise precision / recall over all rows and per variant class
(courtqc.identity.evaluate.variant_scores) and cluster precision / recall (a truth identity
recovered whole as one key, and a key holding one truth identity only).
"""

from __future__ import annotations

import json
import os
import time

import duckdb

from courtqc.identity.evaluate import pairwise_scores, variant_scores
from courtqc.identity.resolve import METHODS, resolve_parties
from identity_court import court_store, parse_args


def cluster_scores(con: duckdb.DuckDBPyConnection) -> dict:
    """Cluster precision: keys whose rows are all of one truth identity; cluster recall: truth
    identities whose rows all carry one key and nobody else's rows carry it."""
    p, r = con.execute(
        """WITH j AS (SELECT p.person_key AS k, t.identity AS i
                      FROM parties p JOIN truth_identities t USING (party_id)),
                kk AS (SELECT k, count(DISTINCT i) AS n FROM j GROUP BY k),
                ii AS (SELECT i, count(DISTINCT k) AS n, any_value(k) AS k FROM j GROUP BY i)
           SELECT (SELECT avg((n = 1)::INT) FROM kk),
                  (SELECT avg((ii.n = 1 AND kk.n = 1)::INT) FROM ii JOIN kk USING (k))"""
    ).fetchone()
    return {"cluster_precision": round(p, 5), "cluster_recall": round(r, 5)}


def main() -> None:
    args = parse_args()
    with court_store(args, "courtqc-splink-") as (db, _):
        measure(args, db)


def measure(args, db: str) -> None:
    con = duckdb.connect(db)
    out: dict = {"cases": args.cases, "seed": args.seed}
    for method in METHODS:
        t, c = time.perf_counter(), time.process_time()
        stats = resolve_parties(con, method=method)
        res = {
            "seconds": round(time.perf_counter() - t, 2),
            "cpu_seconds": round(time.process_time() - c, 2),  # all DuckDB threads of this process
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "identities": stats.identities,
        }
        res["pairwise"] = pairwise_scores(con).as_dict()
        res |= cluster_scores(con)
        res["per_variant"] = variant_scores(con)
        out[method] = res
    con.close()
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        for method in METHODS:
            r = out[method]
            pw = r["pairwise"]
            print(
                f"{method}: {r['seconds']} s (CPU {r['cpu_seconds']} s, load {r['load_average']}), pairwise P {pw['precision']} R {pw['recall']}, "
                f"cluster P {r['cluster_precision']} R {r['cluster_recall']}"
            )
        print(f"  {'class':22s} " + "  ".join(f"{m:>17s}" for m in METHODS))
        for name in out[METHODS[0]]["per_variant"]:
            cells = []
            for m in METHODS:
                s = out[m]["per_variant"][name]
                cells.append(f"P {s['precision']:.4f} R {s['recall']:.4f}")
            print(f"  {name:22s} " + "  ".join(cells))


if __name__ == "__main__":
    main()
