"""Judgment-extraction speed on the real documents in ../shared/data/real.

    .venv/bin/python bench/bench_extract.py [--reps 3] [--real DIR]

Documents: every full or near-full text in the share — JuDGE criminal judgments (`fd`), the
CAIL2020 civil judgments (sentences joined by newlines), SimuCourt records rebuilt into a
judgment (eval/real_texts.simucourt_text) and the LeCaRDv2 opening parts.
One process, so the figure is per core. Measured per pass over all documents (median of
--reps): `extract(text)` (everything: sections, readers, ~150 pattern rules), and
`extract(text, checks=True)` (plus the four legal checks).

Baseline, same run, same texts: the least any extractor must do — normalise the text, find
the case number in the heading (courtqc.domain.caseno.find_case_numbers) and every date
(one regular expression over the whole text). The report gives the ratio to it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

from courtqc.domain.caseno import find_case_numbers
from courtqc.extract import extract
from courtqc.extract.text import normalise

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "eval"))
from real_texts import simucourt_text  # noqa: E402  (the labelled set's text rebuild)

_DATE = re.compile(
    r"\d{4}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
)


def load(real: Path) -> dict[str, list[str]]:
    def rows(name: str):
        with (real / name).open(encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    return {
        "JuDGE criminal": [r["fd"] for r in rows("judge_criminal_fulltext.jsonl")],
        "CAIL2020 civil": [
            "\n".join(s["sentence"] for s in r["text"])
            for r in rows("cail2020_sfzy_civil_fulltext_sample.jsonl")
        ],
        "SimuCourt (rebuilt)": [
            simucourt_text(r) for r in rows("simucourt_judgments_sectioned.jsonl")
        ],
        "LeCaRDv2 (opening parts)": [
            r["query"] for r in rows("lecardv2_criminal_query_partial.jsonl")
        ],
    }


def baseline(text: str) -> int:
    t = normalise(text)
    return len(find_case_numbers(t[:800])) + len(_DATE.findall(t))


def timed(fn, docs: list[str], reps: int) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one pass over docs, medians over reps."""
    cpu, wall = [], []
    for _ in range(reps):
        c0, w0 = time.process_time(), time.perf_counter()
        for d in docs:
            fn(d)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--real", type=Path, default=REPO.parent / "shared" / "data" / "real")
    a = ap.parse_args()
    sets = load(a.real)
    every = [d for docs in sets.values() for d in docs]
    for d in every[:50]:  # warm the regex caches
        extract(d)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; one process"
    )
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    print(
        f"{'documents':26} {'n':>5} {'chars':>6} {'extract/CPU-s':>13} {'+checks/CPU-s':>13} "
        f"{'baseline/CPU-s':>14} {'ratio':>6} {'extract/wall-s':>14}"
    )
    for name, docs in [*sets.items(), ("all", every)]:
        chars = sum(map(len, docs)) / len(docs)
        c_ex, w_ex = timed(extract, docs, a.reps)
        c_ck, _ = timed(lambda d: extract(d, checks=True), docs, a.reps)
        c_base, _ = timed(baseline, docs, a.reps)
        n = len(docs)
        print(
            f"{name:26} {n:5d} {chars:6.0f} {n / c_ex:13.0f} {n / c_ck:13.0f} {n / c_base:14.0f} "
            f"{c_ex / c_base:6.1f} {n / w_ex:14.0f}"
        )
    lat = []
    for d in sets["JuDGE criminal"]:
        t0 = time.process_time()
        extract(d)
        lat.append((time.process_time() - t0) * 1000)
    lat.sort()
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(
        f"JuDGE per document (CPU): median {statistics.median(lat):.2f} ms, "
        f"p95 {lat[int(len(lat) * 0.95)]:.2f} ms, max {lat[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
