"""Documents of every kind (issue 18): kind accuracy and per-field recall/precision on the
hand-written set in eval/documents/ (labels: eval/documents_labels.json), each document
read twice: as written, and with OCR-like noise (`ocr_noise`, seeded, rates below).

    python eval/documents.py            # tables
    python eval/documents.py --json     # everything, every disagreement listed
    python eval/documents.py --clean    # without the noisy copies

The texts were written by hand for this set from the layouts courts, procuratorates and
parties use (诉讼文书样式 2016, 人民检察院刑事诉讼法律文书格式); they are not the
synthetic court's output and not the held-out set. Nothing here imports the extractor's
readers: it is called through `extract` only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

DOCS = HERE / "documents"
LABELS = HERE / "documents_labels.json"

# OCR-like noise, per document (seeded by its file name):
#: probability that a blank is inserted after a Chinese character
SPACE_RATE = 0.03
#: probability that a full-width mark (，：（）；。) is read as its half-width twin or back
PUNCT_RATE = 0.3
#: probability that a look-alike replaces a character that has one (已→己, 未→末, 的→旳, 日→曰 off)
LOOKALIKE_RATE = 0.3
#: line width at which long lines are hard-wrapped, as a scan's lines are (half the documents)
WRAP_WIDTH = 32
_LOOKALIKE = {"已": "己", "未": "末", "的": "旳", "及": "乃", "人民": "入民"}
_PUNCT = {"，": ",", "：": ":", "（": "(", "）": ")", "；": ";", ",": "，", ":": "："}


def ocr_noise(text: str, seed: str) -> str:
    """The text as an OCR pass might return it: stray blanks, punctuation of the other
    width, look-alike characters, hard-wrapped lines and a page footer."""
    rnd = random.Random(seed)
    out: list[str] = []
    i = 0
    while i < len(text):
        two = text[i : i + 2]
        if two == "人民" and rnd.random() < LOOKALIKE_RATE * 0.2:
            out.append("入民")
            i += 2
            continue
        c = text[i]
        if c in _LOOKALIKE and rnd.random() < LOOKALIKE_RATE:
            c = _LOOKALIKE[c]
        elif c in _PUNCT and rnd.random() < PUNCT_RATE:
            c = _PUNCT[c]
        out.append(c)
        if "\u4e00" <= c <= "\u9fff" and rnd.random() < SPACE_RATE:
            out.append(" ")
        i += 1
    noisy = "".join(out)
    lines = noisy.split("\n")
    if rnd.random() < 0.5:
        wrapped: list[str] = []
        for ln in lines:
            while len(ln) > WRAP_WIDTH:
                wrapped.append(ln[:WRAP_WIDTH])
                ln = ln[WRAP_WIDTH:]
            wrapped.append(ln)
        lines = wrapped
    if len(lines) > 8:
        at = len(lines) // 2
        lines.insert(at, rnd.choice(["第 1 页 共 2 页", "- 1 -", "1/2"]))
    return "\n".join(lines)


def _norm(s: Any) -> str:
    s = unicodedata.normalize("NFKC", str(s))
    s = re.sub(r"\s+", "", s)
    return s.replace("入民", "人民")


_CODE_OF_KIND = {  # what an extractor without doc types says, as a type
    "判决书": "judgment",
    "裁定书": "ruling",
    "调解书": "mediation",
    "决定书": "decision",
    "支付令": "payment_order",
    "通知书": "notice",
}


def read(ex: Any) -> dict[str, Any]:
    """The values scored, from an Extraction."""
    kind = getattr(ex, "doc_type", None) or _CODE_OF_KIND.get(ex.doc_kind or "")
    charges: set[str] = set(getattr(ex, "charges", None) or [])
    for d in ex.defendants:
        charges.update(d.charges)
    date = ex.decision_date or getattr(ex, "filing_date", None)
    claimed = getattr(ex, "claimed_amount", None)
    if claimed is None:
        claimed = ex.point("claims.total")
    return {
        "kind": kind,
        "court": ex.court,
        "date": date,
        "case_no": ex.case_no,
        "prosecutor": ex.prosecutor,
        "claimed_amount": claimed,
        "charges": sorted(charges),
        "parties": [p.name for p in ex.parties],
    }


SCALARS = ("court", "date", "case_no", "prosecutor", "claimed_amount")
LISTS = ("parties", "charges")


def score(noisy: bool = True) -> dict[str, Any]:
    from courtqc.extract import extract

    labels = {k: v for k, v in json.loads(LABELS.read_text("utf-8")).items() if k[0] != "_"}
    runs: list[tuple[str, str, str]] = []
    for name in sorted(labels):
        text = (DOCS / name).read_text("utf-8")
        runs.append((name, "clean", text))
        if noisy:
            runs.append((name, "noisy", ocr_noise(text, name)))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    errors: list[dict[str, Any]] = []
    t0 = time.process_time()
    for name, variant, text in runs:
        lab = labels[name]
        try:
            got = read(extract(text))
        except Exception as e:  # a crash is a miss of every field, and listed
            errors.append({"doc": name, "variant": variant, "field": "*", "error": repr(e)})
            got = {f: None for f in (*SCALARS, "kind")} | {f: [] for f in LISTS}
        ok = got["kind"] == lab["kind"]
        per_kind[lab["kind"]]["n"] += 1
        per_kind[lab["kind"]]["right"] += ok
        counts["kind"]["tp" if ok else "fn"] += 1
        if not ok:
            errors.append(
                {
                    "doc": name,
                    "variant": variant,
                    "field": "kind",
                    "want": lab["kind"],
                    "got": got["kind"],
                }
            )
        for f in SCALARS:
            if f not in lab:
                continue
            want, have = lab[f], got[f]
            if f == "claimed_amount":
                same = want is not None and have is not None and abs(float(have) - want) < 0.01
            else:
                same = want is not None and have is not None and _norm(want) == _norm(have)
            if same:
                counts[f]["tp"] += 1
                continue
            if want is None and have is None:
                continue
            if want is not None:
                counts[f]["fn"] += 1
            if have is not None:
                counts[f]["fp"] += 1
            errors.append({"doc": name, "variant": variant, "field": f, "want": want, "got": have})
        for f in LISTS:
            if f not in lab:
                continue
            want_s = {_norm(x) for x in lab[f]}
            have_s = {_norm(x) for x in got[f]}
            counts[f]["tp"] += len(want_s & have_s)
            counts[f]["fn"] += len(want_s - have_s)
            counts[f]["fp"] += len(have_s - want_s)
            if want_s != have_s:
                errors.append(
                    {
                        "doc": name,
                        "variant": variant,
                        "field": f,
                        "missed": sorted(want_s - have_s),
                        "extra": sorted(have_s - want_s),
                    }
                )
    cpu = time.process_time() - t0
    table = {}
    for f, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
        table[f] = {"P": p, "R": r, "tp": c["tp"], "fp": c["fp"], "fn": c["fn"]}
    return {
        "documents": len(labels),
        "runs": len(runs),
        "kinds": len(per_kind),
        "kind_accuracy": counts["kind"]["tp"] / len(runs),
        "fields": table,
        "per_kind": {k: f"{v['right']}/{v['n']}" for k, v in sorted(per_kind.items())},
        "docs_per_cpu_second": round(len(runs) / cpu, 1) if cpu else None,
        "errors": errors,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--clean", action="store_true", help="only the texts as written")
    a = ap.parse_args()
    res = score(noisy=not a.clean)
    if a.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return
    print(
        f"{res['documents']} documents, {res['runs']} reads, {res['kinds']} kinds; "
        f"kind accuracy {res['kind_accuracy']:.3f}; {res['docs_per_cpu_second']} docs/CPU-s"
    )
    print("| field | P | R | TP | FP | FN |\n|---|---:|---:|---:|---:|---:|")
    for f, v in res["fields"].items():
        p = "–" if v["P"] is None else f"{v['P']:.3f}"
        r = "–" if v["R"] is None else f"{v['R']:.3f}"
        print(f"| {f} | {p} | {r} | {v['tp']} | {v['fp']} | {v['fn']} |")
    print("per kind (right/reads): " + ", ".join(f"{k} {v}" for k, v in res["per_kind"].items()))


if __name__ == "__main__":
    main()
