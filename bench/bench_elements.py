"""要素式审判: element recall and precision on synthetic cases with known elements, speed, and
recognition on the real CAIL2019 element sentences (docs/ELEMENTS.md §4).

    .venv/bin/python bench/bench_elements.py                 # 7 types x 100 cases, seeds 1-3
    .venv/bin/python bench/bench_elements.py --per-type 200 --seeds 1 --noise 0.03
    .venv/bin/python bench/bench_elements.py --real ../shared/data/real
    .venv/bin/python bench/bench_elements.py --db court.duckdb   # a generated court's pleadings

Each seed draws a fresh corpus (courtqc.synth.documents.pleadings.corpus): statuses, values,
layouts and noise all differ. Speed is cases (complaint + defence + evidence list, the
outline and skeleton not included) per CPU-second of this process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from courtqc.elements import assist
from courtqc.elements.eval import CAIL_FILE, score_cail, score_court, score_synthetic
from courtqc.synth.documents.pleadings import corpus

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-type", type=int, default=100)
    ap.add_argument("--seeds", type=str, default="1,2,3")
    ap.add_argument("--noise", type=float, default=0.01)
    ap.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "data" / "real")
    ap.add_argument("--db", type=Path, help="also score a generated court's stored pleadings")
    args = ap.parse_args()

    out: dict[str, object] = {
        "machine": f"{platform.node()} {os.cpu_count()} cpu, load {os.getloadavg()[0]:.1f}",
        "per_type": args.per_type,
        "noise": args.noise,
    }
    runs = []
    for seed in (int(s) for s in args.seeds.split(",")):
        s = score_synthetic(args.per_type, seed, noise=args.noise).to_dict()
        s["seed"] = seed
        runs.append(s)
    out["synthetic"] = runs

    # the whole assistance (elements + outline + skeleton, which runs the filing reader)
    cases = corpus(max(args.per_type // 10, 5), seed=99, noise=args.noise)
    t0 = time.process_time()
    for p in cases:
        assist(p.complaint, p.defence, p.evidence_list)
    dt = time.process_time() - t0
    out["assist_cases_per_cpu_second"] = round(len(cases) / dt, 1) if dt else None

    if args.db:  # the court's pleadings against truth_elements, as the case route reads them
        import duckdb

        con = duckdb.connect(str(args.db), read_only=True)
        try:
            out["court"] = {
                label: score_court(con, given_type=given, **only).to_dict()
                for label, given, only in (
                    ("all", True, {}),
                    ("pending", True, {"status": "pending"}),
                    ("closed", True, {"status": "closed"}),
                    ("all, type read from the texts", False, {}),
                )
            }
        finally:
            con.close()

    real = args.real / CAIL_FILE
    out["cail2019"] = score_cail(real) if real.exists() else f"absent: {real}"
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
