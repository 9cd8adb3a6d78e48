"""Build the few-shot example bank of the LLM backend (courtqc.extract.llm_kinds) from the
labelled synthetic set: a small synthetic court's civil judgments, mediation documents and
rulings, rebuilt by their writers together with the values each rendered (the round trip's
truth), so every example value is one the writer put there and the rules read back.

    .venv/bin/python eval/llm_examples.py [--cases 800] [--seed 20240611] [--per-kind 2]

Writes src/courtqc/extract/llm_examples.json (committed; deterministic for a seed).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import duckdb

from courtqc.extract.llm_kinds import BANK_FILE, example_bank, save_bank
from courtqc.synth.documents.civil import _civil_first, _civil_mediation, _ruling_first
from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.records import _load_chunk
from courtqc.synth.documents.text import _Var
from courtqc.synth.generate import generate


def labelled(db: Path, seed: int):
    con = duckdb.connect(str(db), read_only=True)
    # a case may hold several of them (a judgment and a preservation ruling): each is labelled
    kinds: dict[int, list[str]] = {}
    for case_id, kind in con.execute(
        """SELECT DISTINCT d.case_id, d.kind FROM documents d JOIN cases c USING (case_id)
           WHERE c.procedure = 'first'  -- every family a 民事 title covers (commercial, ip …)
             AND d.title IN ('民事判决书', '民事调解书', '民事裁定书')
             AND d.case_id NOT IN (SELECT case_id FROM truth_case_sources)
           ORDER BY 1, 2"""
    ).fetchall():
        kinds.setdefault(case_id, []).append(kind)
    courts = _Courts(con)
    for c in _load_chunk(con, min(kinds), max(kinds)):
        for kind in kinds.get(c.case_id, []):
            truth: dict[str, list] = {}
            v = _Var(c.case_id, seed)
            if kind == "judgment":
                lines = _civil_first(c, courts, v, "民事判决书", truth)
            elif kind == "mediation":
                lines = _civil_mediation(c, courts, v, "民事调解书", truth)
            elif kind == "ruling":
                lines = _ruling_first(c, courts, v, "民事裁定书", c.case_id % 2 == 0, truth)
            else:
                continue
            yield "\n".join(lines), truth
    con.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=800)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--per-kind", type=int, default=2)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "court.duckdb"
        generate(db, a.cases, a.seed, progress=False)
        bank = example_bank(labelled(db, a.seed), a.per_kind)
    save_bank(bank)
    print(f"{len(bank)} kinds, {sum(len(v) for v in bank.values())} examples → {BANK_FILE}")


if __name__ == "__main__":
    main()
