"""Score extraction on the synthetic court's labelled mixed set (issue 18): the papers of a
case's life and the closing documents that `courtqc.synth.documents.papers.labelled_set`
writes, each labelled with its kind and the values it rendered.

- kind accuracy: `doc_type` equals the kind written (every document of the set);
- round trip: every rendered value comes back (court, date, case number, each party and
  agent, claimed amount, fee, each charge, prosecutor), counted per value and per document;
- speed: papers per CPU-second (process time of `extract` over the papers only).

Used by tests/test_synth_papers.py (a small court) and bench/bench_documents.py --papers.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter, defaultdict
from typing import Any


def _n(s: Any) -> str:
    s = unicodedata.normalize("NFKC", str(s or ""))
    return re.sub(r"\s+", "", s).replace("(", "（").replace(")", "）")


def misses(ex: Any, truth: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, rendered value, what came back) for each rendered value extraction missed."""
    out: list[tuple[str, Any, Any]] = []
    names = {_n(p.name) for p in ex.parties} | {_n(d.name) for d in ex.defendants}
    agents = {_n(a.name) for p in ex.parties for a in p.agents}
    agents |= {_n(a.name) for d in ex.defendants for a in getattr(d, "defenders", [])}
    charges = set(ex.charges) | {c for d in ex.defendants for c in d.charges}
    for f, want in truth.items():
        if f == "court":
            ok, got = _n(ex.court) == _n(want), ex.court
        elif f == "date":
            ok, got = want in (ex.filing_date, ex.decision_date), ex.filing_date or ex.decision_date
        elif f == "case_no":
            ok, got = _n(ex.case_no) == _n(want), ex.case_no
        elif f == "prosecutor":
            ok, got = _n(ex.prosecutor) == _n(want), ex.prosecutor
        elif f == "claimed_amount":
            ok = ex.claimed_amount is not None and abs(ex.claimed_amount - want) < 0.01
            got = ex.claimed_amount
        elif f == "fee":
            got = ex.point("fee")
            ok = got is not None and abs(float(got) - want) < 0.01
        elif f in ("parties", "agents", "charges"):
            pool = {"parties": names, "agents": agents, "charges": charges}[f]
            for w in want:
                if _n(w) not in pool:
                    out.append((f, w, sorted(pool)))
            continue
        else:
            continue
        if not ok:
            out.append((f, want, got))
    return out


def score(docs: list[Any]) -> dict[str, Any]:
    """Kind accuracy, round trip and speed over a labelled set (`Labelled` rows)."""
    from courtqc.extract import extract

    right = Counter()
    total = Counter()
    values = defaultdict(lambda: [0, 0])  # field → [returned, rendered]
    docs_whole = [0, 0]
    errors: list[dict[str, Any]] = []
    cpu = 0.0
    papers = 0
    for d in docs:
        t0 = time.process_time()
        ex = extract(d.text)
        if d.truth:
            cpu += time.process_time() - t0
            papers += 1
        total[d.kind] += 1
        if ex.doc_type == d.kind:
            right[d.kind] += 1
        else:
            errors.append({"case": d.case_id, "kind": d.kind, "got": ex.doc_type, "noisy": d.noisy})
        if not d.truth:
            continue
        miss = misses(ex, d.truth)
        for f, want in d.truth.items():
            n = len(want) if isinstance(want, list) else 1
            values[f][1] += n
            values[f][0] += n - sum(1 for m in miss if m[0] == f)
        docs_whole[1] += 1
        docs_whole[0] += not miss
        for f, want, got in miss:
            errors.append({"case": d.case_id, "kind": d.kind, "field": f, "want": want,
                           "got": got, "noisy": d.noisy})  # fmt: skip
    n = sum(total.values())
    return {
        "documents": n,
        "kinds": len(total),
        "kind_accuracy": sum(right.values()) / n if n else 0.0,
        "per_kind": {k: (right[k], total[k]) for k in sorted(total)},
        "values": {f: (r, t) for f, (r, t) in sorted(values.items())},
        "value_recall": (
            sum(r for r, _ in values.values()) / max(1, sum(t for _, t in values.values()))
        ),
        "papers_whole": tuple(docs_whole),
        "papers_per_cpu_second": papers / cpu if cpu else 0.0,
        "errors": errors,
    }
