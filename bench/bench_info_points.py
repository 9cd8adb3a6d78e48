"""How many distinct info-point kinds a document yields (issue 18 item 2: from judgments ≥ 300
kinds registered, ≥ 150 from a typical civil judgment; ≥ 150 from rulings and mediation).

    .venv/bin/python bench/bench_info_points.py [--cases 5000] [--seed 1] [--sample 200]
                                                [--db PATH] [--real DIR] [--json]

Synthetic: a court of --cases cases (generated into a temporary file unless --db names one),
then up to --sample documents of each group (first-instance civil judgments, second-instance
civil judgments, civil rulings, mediation documents, criminal judgments, enforcement rulings),
the lowest doc_ids first; for each group the median, minimum and maximum number of distinct
`InfoPoint.key`s per document. Real: the full civil texts in ../shared/data/real (CAIL2020
civil judgments; SimuCourt civil and administrative records rebuilt by eval/real_texts) and
the JuDGE criminal judgments, same figures. A kind counts once per document however many
points it has (three claim items are one kind, `claims.amount`).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from courtqc.extract import extract
from courtqc.extract.points import REGISTRY

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "eval"))

GROUPS = {
    "civil judgment, first instance": (
        "d.kind = 'judgment' AND d.title = '民事判决书' AND c.procedure = 'first'"
    ),
    "civil judgment, second instance": (
        "d.kind = 'judgment' AND d.title = '民事判决书' AND c.procedure = 'second'"
    ),
    "civil ruling": "d.kind = 'ruling' AND d.title = '民事裁定书'",
    "mediation": "d.kind = 'mediation'",
    "criminal judgment": "d.kind = 'judgment' AND d.title = '刑事判决书'",
    "enforcement ruling": "d.kind = 'ruling' AND d.title = '执行裁定书'",
}


def kinds_of(text: str) -> set[str]:
    return {p.key for p in extract(text).info_points}


def summary(counts: list[int]) -> dict[str, float]:
    if not counts:
        return {"n": 0}
    return {
        "n": len(counts),
        "median": statistics.median(counts),
        "min": min(counts),
        "max": max(counts),
    }


def synthetic(db: Path, sample: int) -> dict[str, dict]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    out: dict[str, dict] = {}
    for name, where in GROUPS.items():
        texts = [
            r[0]
            for r in con.execute(
                f"""SELECT d.text FROM documents d JOIN cases c USING (case_id)
                    WHERE {where}
                      AND d.case_id NOT IN (SELECT case_id FROM truth_case_sources)
                    ORDER BY d.doc_id LIMIT {int(sample)}"""
            ).fetchall()
        ]
        seen: Counter[str] = Counter()
        counts = []
        t0 = time.process_time()
        for t in texts:
            ks = kinds_of(t)
            seen.update(ks)
            counts.append(len(ks))
        cpu = time.process_time() - t0
        out[name] = {
            **summary(counts),
            "kinds_seen": len(seen),
            "docs_per_cpu_s": round(len(texts) / cpu) if cpu > 0 else None,
            "kinds": sorted(seen),
        }
    union: set[str] = set()
    for name in ("civil ruling", "mediation"):
        union.update(out[name].pop("kinds"))
    out["rulings and mediation, kinds seen in all"] = {"n": 0, "kinds_seen": len(union)}
    for s in out.values():
        s.pop("kinds", None)
    con.close()
    return out


def real(real_dir: Path) -> dict[str, dict]:
    from real_texts import simucourt_text

    def rows(name: str) -> list[dict]:
        with (real_dir / name).open(encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    sets = {
        "CAIL2020 civil judgments": [
            "\n".join(s["sentence"] for s in r["text"])
            for r in rows("cail2020_sfzy_civil_fulltext_sample.jsonl")
        ],
        "SimuCourt civil (rebuilt)": [
            simucourt_text(r)
            for r in rows("simucourt_judgments_sectioned.jsonl")
            if r.get("类别") == "民事"
        ],
        "JuDGE criminal judgments": [r["fd"] for r in rows("judge_criminal_fulltext.jsonl")],
    }
    out: dict[str, dict] = {}
    for name, texts in sets.items():
        seen: Counter[str] = Counter()
        counts = []
        for t in texts:
            ks = kinds_of(t)
            seen.update(ks)
            counts.append(len(ks))
        out[name] = {**summary(counts), "kinds_seen": len(seen)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample", type=int, default=200)
    ap.add_argument("--db", type=Path, help="an existing court (else one is generated)")
    ap.add_argument("--real", type=Path, default=REPO.parent / "shared" / "data" / "real")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    result: dict[str, object] = {"kinds_registered": len(REGISTRY)}
    with tempfile.TemporaryDirectory() as tmp:
        db = a.db
        if db is None:
            from courtqc.synth.generate import generate

            db = Path(tmp) / "court.duckdb"
            generate(db, a.cases, a.seed, progress=False)
        result["synthetic"] = synthetic(db, a.sample)
    if a.real.is_dir():
        result["real"] = real(a.real)
    else:
        result["real"] = (
            f"skipped: {a.real} not found (the real documents are not in the repository)"
        )
    if a.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    print(f"kinds registered: {result['kinds_registered']}")
    for part in ("synthetic", "real"):
        block = result[part]
        if isinstance(block, str):
            print(block)
            continue
        print(
            f"\n{part}: {'documents':34} {'n':>4} {'median':>7} {'min':>4} {'max':>4} {'seen':>5}"
        )
        for name, s in block.items():
            if not s.get("n"):
                print(f"  {name:40} {0:4d} {'':7} {'':4} {'':4} {s.get('kinds_seen', 0):5d}")
                continue
            print(
                f"  {name:40} {s['n']:4d} {s['median']:7.1f} {s['min']:4d} {s['max']:4d} "
                f"{s['kinds_seen']:5d} {s.get('docs_per_cpu_s') or '':>10}"
            )


if __name__ == "__main__":
    main()
