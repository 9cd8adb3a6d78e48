"""How well elements are read: on synthetic cases with known elements, and on the real
CAIL2019 element-recognition sentences where the development share holds them. Used by
tests/test_elements.py and bench/bench_elements.py (docs/ELEMENTS.md §4).

Synthetic scoring, per element of each case: an element is *found* when its status is not
missing. Recall = found elements that are truly present / truly present elements; precision =
found elements that are truly present / found elements. The status (admitted vs contested)
is scored apart, over elements both truly present and found; a case whose type is read wrong
counts all its elements as not found. Values (amounts, dates, rates) are scored where the
generator planted one.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from courtqc.elements.analyse import analyse, clean
from courtqc.elements.catalogue import catalogue
from courtqc.synth.documents.pleadings import Pleadings, corpus


@dataclass(slots=True)
class Score:
    cases: int = 0
    type_right: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    status_right: int = 0
    status_n: int = 0
    value_right: int = 0
    value_n: int = 0
    seconds: float = 0.0
    errors: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "case_type_accuracy": round(self.type_right / max(self.cases, 1), 4),
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "status_accuracy": round(self.status_right / max(self.status_n, 1), 4),
            "value_accuracy": round(self.value_right / max(self.value_n, 1), 4),
            "elements_present": self.tp + self.fn,
            "cases_per_second": round(self.cases / self.seconds, 1) if self.seconds else None,
            "top_errors": [
                {"case_type": k[0], "element": k[1], "truth": k[2], "got": k[3], "n": n}
                for k, n in self.errors.most_common(10)
            ],
        }


def _digits(s: str) -> str:
    return re.sub(r"[^\d.]", "", clean(s)).rstrip(".").removesuffix(".00")


def score_cases(cases: list[Pleadings], given_type: bool = False) -> Score:
    """Element recall, precision, status and value accuracy over `cases`; with `given_type`
    the case type is given (as the case route gives a stored case's 案由), else read."""
    s = Score()
    t0 = time.process_time()
    for p in cases:
        r = analyse(
            p.complaint, p.defence, p.evidence_list, case_type=p.case_type if given_type else None
        )
        s.cases += 1
        right_type = r.case_type == p.case_type
        s.type_right += right_type
        got = r.by_id() if right_type else {}
        for eid, truth in p.truth.items():
            f = got.get(eid)
            status = f.status if f else "missing"
            if truth != "missing" and status != "missing":
                s.tp += 1
                s.status_n += 1
                s.status_right += status == truth
            elif truth != "missing":
                s.fn += 1
            elif status != "missing":
                s.fp += 1
            if status != truth:
                s.errors[(p.case_type, eid, truth, status)] += 1
            if eid in p.values and truth != "missing":
                s.value_n += 1
                s.value_right += bool(f and f.value and _digits(f.value) == _digits(p.values[eid]))
    s.seconds = time.process_time() - t0
    return s


def score_synthetic(n_per_type: int, seed: int, noise: float = 0.01) -> Score:
    return score_cases(corpus(n_per_type, seed=seed, noise=noise))


def court_cases(con: Any, status: str | None = None, node: str | None = None) -> list[Pleadings]:
    """The element-trial cases of a generated court as the store holds them: their stored
    complaint, defence and evidence list with `truth_elements` (courtqc synth writes both,
    courtqc.synth.documents.court_pleadings); optionally only cases of a `status` or at a
    current `node`."""
    where, args = [], []
    if status:
        where.append("c.status = ?")
        args.append(status)
    if node:
        where.append("c.current_node = ?")
        args.append(node)
    cond = ("AND " + " AND ".join(where)) if where else ""
    docs: dict[int, dict[str, str]] = {}
    for cid, kind, text in con.execute(
        "SELECT d.case_id, d.kind, d.text FROM documents d JOIN cases c USING (case_id) "
        f"WHERE d.kind IN ('complaint', 'defence', 'evidence_list') {cond} ORDER BY d.doc_id",
        args,
    ).fetchall():
        docs.setdefault(cid, {})[kind] = text
    out: dict[int, Pleadings] = {}
    for cid, case_type, element, st, value in con.execute(
        "SELECT t.case_id, t.case_type, t.element, t.status, t.value FROM truth_elements t "
        f"JOIN cases c USING (case_id) WHERE true {cond} ORDER BY t.case_id",
        args,
    ).fetchall():
        d = docs.get(cid)
        if d is None or "complaint" not in d:
            continue
        p = out.get(cid)
        if p is None:
            p = out[cid] = Pleadings(
                case_type, cid, d["complaint"], d.get("defence"), d.get("evidence_list", ""), {}
            )
        p.truth[element] = st
        if value:
            p.values[element] = value
    return list(out.values())


def score_court(con: Any, given_type: bool = True, **only: str) -> Score:
    """Element recall, precision, status and value accuracy on a generated court's stored
    pleadings against its `truth_elements`."""
    return score_cases(court_cases(con, **only), given_type=given_type)


# --- real sentences: CAIL2019 要素识别 (divorce, labour, loan) -------------------------------
# CAIL domain -> concept -> (the catalogue elements that state it, the CAIL2019 labels that
# do; names in cail2019_elements_label_names.json). CAIL's "loan" domain mixes bank and
# private loans, so its concepts take the elements of both loan types.
Concept = tuple[tuple[str, ...], set[str]]
CAIL_MAP: dict[str, dict[str, Concept]] = {
    "divorce": {
        "children": (("divorce.children",), {"DV1"}),
        "common_property": (("divorce.common_property",), {"DV3"}),
        "child_support": (("divorce.child_support",), {"DV4", "DV8"}),
        "breakdown": (("divorce.breakdown",), {"DV6", "DV13", "DV18"}),
        "common_debt": (("divorce.common_debt",), {"DV10"}),
    },
    "labor": {
        "employment": (("labour_dispute.employment",), {"LB5"}),
        "written_contract": (("labour_dispute.written_contract",), {"LB6", "LB7", "LB9"}),
        "wages": (("labour_dispute.wages",), {"LB2", "LB4"}),
        "overtime": (("labour_dispute.overtime",), {"LB8"}),
        "termination": (("labour_dispute.termination",), {"LB1"}),
        "compensation": (("labour_dispute.compensation",), {"LB3", "LB12"}),
    },
    "loan": {
        "loan_instrument": (
            ("private_lending.loan_agreement", "financial_loan.loan_contract"),
            {"LN3"},
        ),
        "loan_amount": (("private_lending.loan_amount", "financial_loan.disbursement"), {"LN2"}),
        "interest": (
            ("private_lending.interest_agreement", "financial_loan.rates"),
            {"LN9", "LN20"},
        ),
        "guarantee": (("private_lending.guarantee", "financial_loan.security"), {"LN7", "LN10"}),
    },
}


def _element(cat: Any, ref: str) -> Any:
    case_type, element = ref.split(".")
    return cat.get(case_type).element(element)


CAIL_FILE = "cail2019_elements_divorce_labor_loan.jsonl"


def score_cail(path: Path) -> dict[str, Any]:
    """Sentence-level recognition against CAIL2019's element labels: a sentence is predicted
    to state an element when the element's patterns match it; it truly does when it carries
    one of the mapped labels. Micro precision and recall per domain and in all, per element."""
    cat = catalogue()
    per: dict[str, Counter[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        dom = rec["domain"]
        for sent in rec["sentences"]:
            labels = set(sent["labels"])
            text = clean(sent["sentence"])
            for eid, (elements, want) in CAIL_MAP[dom].items():
                pred = any(_element(cat, e).regex.search(text) for e in elements)
                true = bool(labels & want)
                c = per.setdefault(f"{dom}.{eid}", Counter())
                c["tp" if pred and true else "fp" if pred else "fn" if true else "tn"] += 1

    def pr(c: Counter[str]) -> dict[str, Any]:
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else None
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else None
        return {
            "precision": round(p, 3) if p is not None else None,
            "recall": round(r, 3) if r is not None else None,
            "labelled": c["tp"] + c["fn"],
        }

    out: dict[str, Any] = {"elements": {k: pr(c) for k, c in sorted(per.items())}}
    for dom in CAIL_MAP:
        tot: Counter[str] = Counter()
        for k, c in per.items():
            if k.startswith(dom + "."):
                tot.update(c)
        out[dom] = pr(tot)
    allc: Counter[str] = Counter()
    for c in per.values():
        allc.update(c)
    out["all"] = pr(allc)
    return out
