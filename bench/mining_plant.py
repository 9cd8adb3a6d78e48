"""Plant hidden patterns into a synthetic court's quality reviews, for the model-mining
benchmark and test (docs/MINING.md, "Re-finding planted patterns").

The patterns (bench/mining_patterns.yaml, or any file of the same shape) are SQL the miner never
sees: every closed case a pattern selects is written to `truth_anomalies` under the pattern's
name, and — at the pattern's rate, as not every bad case gets reviewed — a quality review that
found an error is added for it. The miner then mines the `review_defect` target, which knows
only the reviews, and `score` says which patterns its proposals re-found on the held-back years.

    python bench/mining_plant.py --db court.duckdb [--patterns FILE] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import duckdb
import yaml

PATTERNS = Path(__file__).with_name("mining_patterns.yaml")


def load_patterns(path: Path = PATTERNS) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["patterns"]


def plant(con: duckdb.DuckDBPyConnection, patterns: list[dict], seed: int = 1) -> dict[str, int]:
    """Truth rows and review defects for each pattern; returns the truth count per pattern."""
    rng = random.Random(seed)
    counts = {}
    for p in patterns:
        rows = con.execute(
            f"SELECT c.case_id, c.closing_date FROM cases c "
            f"WHERE c.status = 'closed' AND ({p['where']}) ORDER BY c.case_id"
        ).fetchall()
        counts[p["name"]] = len(rows)
        con.executemany(
            "INSERT INTO truth_anomalies (scenario, case_id, party_id, note) VALUES (?, ?, NULL, ?)",
            [(p["name"], cid, "mining benchmark pattern") for cid, _ in rows],
        )
        reviews = [
            (cid, closed + dt.timedelta(days=rng.randint(30, 120)), "审判管理办公室", "error")
            for cid, closed in rows
            if rng.random() < float(p.get("rate", 1.0))
        ]
        con.executemany(
            "INSERT INTO quality_reviews (case_id, reviewed_at, reviewer, outcome, accountable) "
            "VALUES (?, ?, ?, ?, FALSE)",
            reviews,
        )
    return counts


def truth(con: duckdb.DuckDBPyConnection, name: str) -> set[int]:
    return {
        r[0]
        for r in con.execute(
            "SELECT case_id FROM truth_anomalies WHERE scenario = ?", [name]
        ).fetchall()
    }


def score(result, con: duckdb.DuckDBPyConnection, patterns: list[dict]) -> dict[str, dict]:
    """For each pattern, the proposal that re-finds it best on the held-back years: its
    precision and recall against the pattern's truth among the cases filed from the split on.
    A proposal's hits are its model's own hits (the YAML's SQL run by the engine)."""
    from courtqc.engine.review import review
    from courtqc.models.library import load_model_text

    split = dt.date.fromisoformat(result.split)
    held = {
        r[0]
        for r in con.execute("SELECT case_id FROM cases WHERE filing_date >= ?", [split]).fetchall()
    }
    models = [load_model_text(p.yaml, f"{p.id}.yaml") for p in result.proposals]
    runs = review(con, models, save=False, mode="backtest").runs if models else []
    hits = {r.model_id: {a.case_id for a in r.alerts} & held for r in runs}
    # A run that failed or overran its time budget flags nothing; the caller must know.
    failed = {r.model_id: f"{r.status}: {r.error}" for r in runs if r.status != "ok"}
    out: dict[str, dict] = {}
    for pat in patterns:
        want = truth(con, pat["name"]) & held
        best = {
            "pattern": pat["name"],
            "truth": len(want),
            "proposal": None,
            "precision": 0.0,
            "recall": 0.0,
        }
        for pid, h in hits.items():
            tp = len(h & want)
            prec = tp / len(h) if h else 0.0
            rec = tp / len(want) if want else 0.0
            if min(prec, rec) > min(best["precision"], best["recall"]):
                best.update(proposal=pid, precision=round(prec, 3), recall=round(rec, 3))
        best["refound"] = best["precision"] >= 0.8 and best["recall"] >= 0.8
        best["runs_not_ok"] = failed
        out[pat["name"]] = best
    return out


def covered_by_library(con: duckdb.DuckDBPyConnection, patterns: list[dict]) -> dict[str, dict]:
    """For each pattern, the built-in model that comes nearest to it (over all years): its
    precision and recall against the pattern's truth. A pattern is *uncovered* when no model
    of the library reaches 0.8 on both — the issue's measure counts only such patterns."""
    from courtqc.engine.review import review

    runs = review(con, save=False, mode="backtest").runs
    hits = {r.model_id: {a.case_id for a in r.alerts} for r in runs if r.status == "ok"}
    out = {}
    for pat in patterns:
        want = truth(con, pat["name"])
        best = {"model": None, "precision": 0.0, "recall": 0.0}
        for mid, h in hits.items():
            tp = len(h & want)
            if not tp:
                continue
            prec, rec = tp / len(h), tp / len(want)
            if min(prec, rec) > min(best["precision"], best["recall"]):
                best = {"model": mid, "precision": round(prec, 3), "recall": round(rec, 3)}
        best["covered"] = best["precision"] >= 0.8 and best["recall"] >= 0.8
        best["runs_not_ok"] = sorted(r.model_id for r in runs if r.status != "ok")
        out[pat["name"]] = best
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--patterns", type=Path, default=PATTERNS)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    con = duckdb.connect(a.db)
    for name, n in plant(con, load_patterns(a.patterns), a.seed).items():
        print(f"{name}: {n} cases")


if __name__ == "__main__":
    main()
