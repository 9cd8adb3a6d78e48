"""Held-out accuracy: the extractor on real documents that are NOT in eval/labels.jsonl.

    python eval/heldout.py                 # one table per source
    python eval/heldout.py --json          # everything, every disagreement listed
    python eval/heldout.py --errors FIELD  # the disagreements of one field, to read
    python eval/heldout.py --write-doc     # refresh the held-out block of docs/EXTRACTION.md
    python eval/heldout.py --perturb       # layout perturbations over every real text (~15 s)

The extractor was tuned on the 229 labelled documents; these are the other records of the
share, labelled without hand work from what each dataset itself carries:

- **JuDGE** (`judge_criminal_fulltext.jsonl`, every record not in the labelled set): `la`, the
  Criminal Law articles the dataset lists, against the extracted `cited_articles` of the
  Criminal Law. `la` is not always the basis clause: a second reader (the labelling helper's
  own basis-clause regex, eval/label_helper.py) marks the documents where the two disagree,
  and the score is also given on the documents where they agree.
- **SimuCourt** (`simucourt_judgments_sectioned.jsonl`, every record not in the labelled
  set): the contract values converted from the dataset's fields (案号, 法院, 审理程序, 案由,
  party fields, 引用法律条文1–11, 刑事_罪名/刑期/罚金, 民事结果/行政结果) by the labelling
  helper (`label_helper.simucourt_labels`), on the text rebuilt from the same record
  (`real_texts.simucourt_text`). Main-text money items are the helper's
  regex reading of 民事结果/行政结果, not checked by hand: a disagreement there may be
  the helper's.
- **LeCaRDv2** (`lecardv2_criminal_query_partial.jsonl`, the 320 distinct of its 360 records): opening parts of criminal
  judgments, cut before the court's own decision — "unfinished drafts". The case number,
  court, document kind, procedure, prosecutor and the accused's names are read by the
  independent regexes below (`lecard_labels`); everything the part does not contain (the
  decision date, judges, clerk, this judgment's sentences, cited articles and main-text
  items) must come out empty — the eight parts that reach 判决如下 reach only the judgment
  below recited in an appeal, which is not this judgment's decision.
- **CAIL2020 sfzy**: all 20 documents are in the labelled set; nothing is held out.

Nothing here imports the extractor's readers: the labels come from the datasets and from
regexes written for this file; the extractor is only called through `extract`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from label_helper import (  # noqa: E402
    basis_clause,
    parse_citations,
    propose_full,
    simucourt_labels,
)
from real_texts import (  # noqa: E402  (texts; no extraction code)
    JUDGE_FILE,
    SFZY_FILE,
    SIMUCOURT_FILE,
    default_real_dir,
    document_text,
    iter_source,
)
from score_extraction import (  # noqa: E402  (scoring; no extraction code)
    DEFAULT_LABELS,
    FieldScore,
    load_labels,
    norm_law,
    norm_name,
    score_document,
)

LECARD_FILE = "lecardv2_criminal_query_partial.jsonl"
DEFAULT_DOC = HERE.parent / "docs" / "EXTRACTION.md"
DOC_START = "<!-- heldout:start (written by python eval/heldout.py --write-doc) -->"
DOC_END = "<!-- heldout:end -->"

CRIMINAL_LAW = "中华人民共和国刑法"


@dataclass(slots=True)
class Case:
    """One held-out document: where it is, its text, and what it is labelled with."""

    source: str
    key: str
    family: str
    instance: str
    text: str
    labels: dict[str, Any]
    note: str | None = None  # e.g. "la≠basis" for JuDGE documents whose two readings differ


# --- JuDGE ------------------------------------------------------------------------------------


READINGS = HERE / "heldout_readings.json"


def judge_cases(real: Path, labelled: set[tuple[str, str]]) -> Iterator[Case]:
    """`cited_articles` is `la` as published; `cited_articles_read` is `la` where a reading of
    the basis clause (eval/heldout_readings.json) found it wrong, the reading instead."""
    readings = json.loads(READINGS.read_text(encoding="utf-8"))
    for key, rec in iter_source(real, JUDGE_FILE):
        if (JUDGE_FILE, key) in labelled:
            continue
        text = document_text(JUDGE_FILE, rec)
        la = sorted({int(a) for a in rec["la"]})
        basis = sorted(
            {c["article"] for c in parse_citations(basis_clause(text)) if c["law"] == CRIMINAL_LAW}
        )
        head = text[:400]
        inst = "retrial" if re.search(r"刑[^号]{0,3}再", head) else "first"
        if inst == "first" and re.search(r"刑[^号]{0,3}终", head[:200]):
            inst = "second"
        read = sorted(readings[key]["articles"]) if key in readings else la
        yield Case(
            JUDGE_FILE,
            key,
            "criminal",
            inst,
            text,
            {
                "cited_articles": [{"law": CRIMINAL_LAW, "article": a} for a in la],
                "cited_articles_read": [{"law": CRIMINAL_LAW, "article": a} for a in read],
            },
            None if la == basis else f"la≠basis (helper reads {basis})",
        )


# Fields JuDGE does not label, compared with the labelling helper's own regexes instead: an
# agreement rate with a second, independent reader (unchecked), not an accuracy. Reading its
# disagreements is how extractor errors outside `la` were found.
SECOND_READER_FIELDS = (
    "case_no",
    "court",
    "doc_kind",
    "decision_date",
    "prosecutor",
    "judges",
    "clerk",
    "parties",
    "defendants",
)


def judge_second_reader_cases(real: Path, labelled: set[tuple[str, str]]) -> Iterator[Case]:
    for key, rec in iter_source(real, JUDGE_FILE):
        if (JUDGE_FILE, key) in labelled:
            continue
        text = document_text(JUDGE_FILE, rec)
        proposed = propose_full(text, "criminal")
        labels = {f: proposed[f] for f in SECOND_READER_FIELDS if f in proposed}
        yield Case(JUDGE_FILE, key, "criminal", "?", text, labels)


def only_criminal_law(pred: dict[str, Any]) -> dict[str, Any]:
    """JuDGE's `la` lists Criminal Law articles only: other laws are not scored there."""
    out = dict(pred)
    out["cited_articles"] = [
        a for a in pred.get("cited_articles") or [] if norm_law(a.get("law")) == "刑法"
    ]
    return out


# --- SimuCourt ---------------------------------------------------------------------------------


def simucourt_cases(real: Path, labelled: set[tuple[str, str]]) -> Iterator[Case]:
    fam = {"刑事": "criminal", "民事": "civil", "行政": "administrative"}
    for key, rec in iter_source(real, SIMUCOURT_FILE):
        if (SIMUCOURT_FILE, key) in labelled:
            continue
        text = document_text(SIMUCOURT_FILE, rec)
        labels, _how = simucourt_labels(rec, text)
        if rec["类别"] == "刑事":
            # the helper does not read criminal main texts for money (it writes []): the
            # 退赔 orders there are unlabelled, not absent
            labels.pop("main_text_items", None)
        yield Case(
            SIMUCOURT_FILE,
            key,
            fam.get(rec["类别"], "civil"),
            "second" if rec["审理程序"] == "二审" else "first",
            text,
            labels,
        )


# --- LeCaRDv2: labels read by regexes of this file ---------------------------------------------

_L_KIND = r"(?:刑事附带民事|刑事|民事)?(?:判决书|裁定书)"
_L_CASE = re.compile(
    r"[(（〔\[［]\s*\d{4}\s*[)）〕\]］][^\s：:，,。、]{1,30}?号(?:之[一二三四五六七八九十]+)?"
    r"|[\u4e00-\u9fa5]{1,14}字第?\d+号"
)
_L_HEAD = re.compile(
    rf"(?P<court>[\u4e00-\u9fa5（）()]{{2,40}}?(?:人民法院|法院|法庭|分院))\s*(?P<kind>{_L_KIND})\s*"
    r"(?:[（(][^）)]{1,12}[）)])?\s*$"
)
_L_HISTORY = re.compile(
    r"[\u4e00-\u9fa5]{2,30}?人民检察院(?:以|于)|公诉机关(?:以|指控)|自诉人|指控|提起公诉|一案|本院受理|"
    r"诉至本院|审理[^。]{0,40}?检察院"
)
# A name: a person's (at most four characters, masked ones too: 张某某, 王×, 侯某1), a foreign
# or minority name with ·, or a body's, which ends like one (…有限公司).
_L_NAME = (
    r"(?:[\u4e00-\u9fa5]{2,30}?(?:公司|厂|店|中心|合作社|商行|经营部|集团|银行|医院|学校)"
    r"|[\u4e00-\u9fa5]{1,10}·[\u4e00-\u9fa5·]{1,20}|(?!被告|原审|上诉)[\u4e00-\u9fa5×XＸ*＊\d]{1,4}?)"
)
_L_ROLE = r"(?:上诉人[（(]原审被告人[）)]|原审被告人|被告人|被告单位|原审被告单位)"
_L_ITEM = rf"(?:{_L_ROLE})?(?P<n>{_L_NAME})(?:[（(][^）)]{{0,30}}[）)])?"
_L_ITEM_NG = _L_ITEM.replace("(?P<n>", "(?:")


def _lecard_head(q: str) -> tuple[str | None, str | None, str | None, int]:
    """(case number, court, kind, where the heading ends): the heading's case number is the
    one right after the kind heading (a title line may carry one too); the court right
    before the kind."""
    nums = list(_L_CASE.finditer(q, 0, 400))
    if not nums:
        return None, None, None, 0
    cm, hm = nums[0], None
    for c in nums:
        h = _L_HEAD.search(q[: c.start()])
        if h:
            cm, hm = c, h
            break
    if hm is None:
        return re.sub(r"\s+", "", cm.group(0)), None, None, cm.end()
    # a case-title line before the court (张三盗窃罪一审刑事判决书): the court starts after it
    court = re.split(_L_KIND, hm.group("court"))[-1]
    return re.sub(r"\s+", "", cm.group(0)), court, hm.group("kind"), cm.end()


def _names_in(seg: str) -> list[str]:
    """Names in a list introduced by a role word (or 指控) and closed by the charge:
    被告人甲、乙犯…罪 / 被告单位X（以下简称Y）、被告人Z犯… / 指控甲犯A罪；被告人乙犯B罪."""
    out: list[str] = []
    for m in re.finditer(rf"(?:{_L_ROLE}|指控(?!书))", seg):
        lm = re.match(
            rf"(?:的)?(?P<list>{_L_ITEM_NG}(?:、{_L_ITEM_NG})*)(?=(?:涉嫌)?犯(?!罪)|一案|[，,；;。]|$)",
            seg[m.end() :],
        )
        if not lm:
            continue
        for part in lm.group("list").split("、"):
            it = re.fullmatch(_L_ITEM, part)
            if it and it.group("n") not in out:
                out.append(it.group("n"))
    return out


def lecard_labels(q: str) -> dict[str, Any]:
    case_no, court, kind, head_end = _lecard_head(q)
    L: dict[str, Any] = {"case_no": case_no, "court": court, "doc_kind": kind}
    typ = re.sub(r"^[(（〔\[［]\s*\d{4}\s*[)）〕\]］]", "", case_no or "")
    L["procedure"] = (
        "retrial" if "再" in typ else "second" if "终" in typ else "first" if "初" in typ else None
    )
    hm = _L_HISTORY.search(q, head_end)
    hist = hm.start() if hm else len(q)
    header = q[head_end:hist]
    # the accused: the party lines before the history sentence; without them, the names the
    # history sentence lists (…指控被告人甲、乙犯…罪). None (not scored) where neither names one.
    names: list[str] = []
    for m in re.finditer(
        rf"(?:^|(?<=[。；;：:\s号]))(?:{_L_ROLE})(?:暨[^：:，,。]{{1,24}}[：:])?(?:自报|：|:)?\s*(?P<n>{_L_NAME})(?=[，,。；;（(]|$)",
        header,
    ):
        if m.group("n") not in names:
            names.append(m.group("n"))
    if not names:
        stop = q.find("。", hist)
        names = _names_in(q[hist : stop if stop != -1 else len(q)])
    L["accused"] = names or None
    # the prosecutor: the party line (公诉机关/原公诉机关/抗诉机关 X), else, at first instance,
    # the procuratorate whose indictment opens the history sentence
    proc = r"(?P<p>[\u4e00-\u9fa5]{2,40}?人民检察院(?:[\u4e00-\u9fa5]{0,12}?分院)?)"
    pm = re.search(
        rf"(?:原公诉机关|公诉机关|抗诉机关)(?:暨[^：:。]{{0,20}})?[:：]?\s*{proc}(?=[。，,；;：:\s]|$)",
        header,
    )
    if pm:
        L["prosecutor"] = pm.group("p")
    elif L["procedure"] == "first":
        pm = re.search(
            rf"(?:^|(?<=[。，,；;：:\s号由]))(?:公诉机关)?{proc}(?:于[^。，,]{{0,20}}?)?以[^。]{{0,60}}?(?:起诉书|指控|提起公诉)",
            q[head_end : head_end + 600],
        )
        L["prosecutor"] = pm.group("p") if pm else None
    # else: an appeal without a 原公诉机关 line names no prosecutor of its own: not scored
    # what an opening part cannot contain
    L["decision_date"] = None
    L["judges"] = []
    L["clerk"] = None
    L["defendants"] = []
    L["cited_articles"] = []
    L["main_text_items"] = []
    return L


def lecard_cases(real: Path) -> Iterator[Case]:
    seen: set[str] = set()
    with (real / LECARD_FILE).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            q = rec["query"]
            # the three query files share 40 documents (same id, same text): score each once
            if q in seen:
                continue
            seen.add(q)
            L = lecard_labels(q)
            yield Case(LECARD_FILE, str(rec["id"]), "criminal", L["procedure"] or "?", q, L)


def accused_names(pred: dict[str, Any]) -> list[str]:
    """The people on trial, as the extractor lists them: criminal defendants, and appellants
    who were the defendants below."""
    out = []
    for p in pred.get("parties") or []:
        if p.get("role") == "criminal_defendant" or (
            p.get("role") == "appellant" and p.get("original_role") in (None, "criminal_defendant")
        ):
            n = norm_name(p.get("name"))
            if n and n not in out:
                out.append(n)
    return out


# --- scoring ------------------------------------------------------------------------------------


@dataclass(slots=True)
class SourceReport:
    name: str
    documents: int = 0
    fields: dict[str, FieldScore] = field(default_factory=dict)
    subsets: dict[str, dict[str, FieldScore]] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, f: str, tp: int, fp: int, fn: int, err: dict | None, subset: str | None):
        for target in [self.fields] + ([self.subsets.setdefault(subset, {})] if subset else []):
            s = target.setdefault(f, FieldScore())
            s.add(tp, fp, fn)
            s.docs += 1
            if err is not None and (fp or fn) and target is self.fields:
                s.errors.append(err)


def _score_case(
    rep: SourceReport, case: Case, pred: dict[str, Any], subset: str | None = None
) -> None:
    labels = dict(case.labels)
    accused = labels.pop("accused", None)
    read = labels.pop("cited_articles_read", None)
    if read is not None:
        tp, fp, fn, lv, pv = score_document({"cited_articles": read}, pred)["cited_articles"]
        err = {"record": f"{case.source}:{case.key}", "label": lv, "predicted": pv}
        rep.add("cited_articles_read", tp, fp, fn, err, subset)
    for f, (tp, fp, fn, lv, pv) in score_document(labels, pred).items():
        err = {"record": f"{case.source}:{case.key}", "label": lv, "predicted": pv}
        if case.note:
            err["note"] = case.note
        rep.add(f, tp, fp, fn, err, subset)
    if accused is not None:  # None: the opening part names nobody the regexes can read
        lc, pc = Counter(norm_name(n) for n in accused), Counter(accused_names(pred))
        tp = sum((lc & pc).values())
        fp, fn = sum(pc.values()) - tp, sum(lc.values()) - tp
        err = {"record": f"{case.source}:{case.key}", "label": accused, "predicted": list(pc)}
        rep.add("accused", tp, fp, fn, err, subset)


def score_source(
    name: str,
    cases: list[Case],
    extract_fn: Callable[[str], dict[str, Any]],
    adapt: Callable[[dict[str, Any]], dict[str, Any]] = lambda p: p,
    subset_of: Callable[[Case], str | None] = lambda c: None,
) -> SourceReport:
    rep = SourceReport(name)
    t0 = time.perf_counter()
    for case in cases:
        rep.documents += 1
        try:
            pred = adapt(extract_fn(case.text))
        except Exception as e:  # one document must not sink the run; it is reported
            rep.failures.append({"record": f"{case.source}:{case.key}", "error": repr(e)})
            pred = {}
        _score_case(rep, case, pred, subset_of(case))
    rep.seconds = time.perf_counter() - t0
    return rep


def _extractor() -> Callable[[str], dict[str, Any]]:
    from courtqc.extract import extract

    return lambda text: extract(text).to_dict(with_sections=False)


def run(real: Path | None = None, labels: Path = DEFAULT_LABELS) -> list[SourceReport]:
    real = real or default_real_dir()
    labelled = {r.key for r in load_labels(labels)}
    fn = _extractor()
    reports = []
    judge = list(judge_cases(real, labelled))
    reports.append(
        score_source(
            f"JuDGE criminal full texts, not in the labelled set ({len(judge)})",
            judge,
            fn,
            only_criminal_law,
            lambda c: "la≠basis" if c.note else "la=basis",
        )
    )
    second = list(judge_second_reader_cases(real, labelled))
    reports.append(
        score_source(
            f"JuDGE, the same {len(second)}: agreement with the helper's regexes "
            "(a second reader, unchecked — agreement, not accuracy)",
            second,
            fn,
        )
    )
    simu = list(simucourt_cases(real, labelled))
    reports.append(
        score_source(
            f"SimuCourt, not in the labelled set ({len(simu)})",
            simu,
            fn,
            subset_of=lambda c: c.family,
        )
    )
    lec = list(lecard_cases(real))
    reports.append(
        score_source(
            f"LeCaRDv2 opening parts (unfinished drafts) ({len(lec)})",
            lec,
            fn,
            subset_of=lambda c: "reaches 判决如下" if "判决如下" in c.text else "cut before",
        )
    )
    sfzy_held = [k for k, _ in iter_source(real, SFZY_FILE) if (SFZY_FILE, k) not in labelled]
    if sfzy_held:  # all 20 are labelled today; should the share grow, say so
        print(f"note: {len(sfzy_held)} sfzy documents are not labelled", file=sys.stderr)
    return reports


# --- layout perturbations -----------------------------------------------------------------------


def perturbation_sweep(real: Path) -> str:
    """Every real text (JuDGE, sfzy, SimuCourt rebuilt, LeCaRDv2) under each perturbation of
    courtqc.extract.perturb: how many read differently, in any info point and in the contract
    fields, by source."""
    from courtqc.extract import extract
    from courtqc.extract import perturb as P

    docs = [
        (sf, k, document_text(sf, r))
        for sf in (JUDGE_FILE, SFZY_FILE, SIMUCOURT_FILE)
        for k, r in iter_source(real, sf)
    ]
    docs += [(c.source, c.key, c.text) for c in lecard_cases(real)]
    tried: Counter = Counter()
    changed: Counter = Counter()
    contract: Counter = Counter()
    for sf, _key, text in docs:
        ex = extract(text)
        base = P.signature(ex)
        for name, fn in P.PERTURBATIONS.items():
            t2 = fn(text, ex)
            if t2 is None:
                continue
            src = sf.split("_")[0]
            tried[name, src] += 1
            diff = P.differences(base, P.signature(extract(t2)))
            if diff:
                changed[name, src] += 1
                if set(diff) - {"info_points"}:
                    contract[name, src] += 1
    sources = sorted({src for _, src in tried})
    lines = [
        "| perturbation | " + " | ".join(sources) + " |",
        "|---|" + "---:|" * len(sources),
    ]
    for name in P.PERTURBATIONS:
        cells = [
            f"{changed[name, s]} ({contract[name, s]}) / {tried[name, s]}"
            if tried[name, s]
            else "–"
            for s in sources
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return (
        "Documents read differently after the perturbation: any info point (contract fields) "
        "/ documents perturbed.\n\n" + "\n".join(lines) + "\n"
    )


# --- output -------------------------------------------------------------------------------------


def _f(v: float | None) -> str:
    return "–" if v is None else f"{v:.3f}"


def markdown(reports: list[SourceReport]) -> str:
    lines = []
    for rep in reports:
        lines += [
            f"**{rep.name}** — {rep.seconds:.1f} s, extractor failures: {len(rep.failures)}",
            "",
            "| field | P | R | F1 | TP | FP | FN | docs | docs with errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for f, s in rep.fields.items():
            lines.append(
                f"| {f} | {_f(s.precision)} | {_f(s.recall)} | {_f(s.f1)} | {s.tp} | {s.fp} "
                f"| {s.fn} | {s.docs} | {len(s.errors)} |"
            )
        if rep.subsets:
            lines += [
                "",
                "F1 by subset (docs): "
                + "; ".join(
                    f"{sub}: "
                    + ", ".join(f"{f} {_f(s.f1)} ({s.docs})" for f, s in fs.items() if s.tp + s.fn)
                    for sub, fs in sorted(rep.subsets.items())
                ),
            ]
        lines.append("")
    return "\n".join(lines)


def write_doc(path: Path, reports: list[SourceReport]) -> None:
    text = path.read_text(encoding="utf-8")
    if DOC_START not in text or DOC_END not in text:
        raise SystemExit(f"{path}: held-out markers not found ({DOC_START!r} … {DOC_END!r})")
    head, rest = text.split(DOC_START, 1)
    _, tail = rest.split(DOC_END, 1)
    path.write_text(head + DOC_START + "\n" + markdown(reports) + DOC_END + tail, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python eval/heldout.py",
        description="留出集评测 — the extractor on real documents outside the labelled set.",
    )
    ap.add_argument("--real", type=Path, default=None, help="folder with the real judgments")
    ap.add_argument("--json", action="store_true", help="full report as JSON")
    ap.add_argument("--errors", metavar="FIELD", help="print the disagreements of one field")
    ap.add_argument(
        "--perturb", action="store_true", help="run every layout perturbation over every real text"
    )
    ap.add_argument(
        "--write-doc",
        type=Path,
        nargs="?",
        const=DEFAULT_DOC,
        default=None,
        help="update the held-out block of docs/EXTRACTION.md",
    )
    args = ap.parse_args(argv)
    real = args.real or default_real_dir()
    missing = [f for f in (JUDGE_FILE, SIMUCOURT_FILE, LECARD_FILE) if not (real / f).is_file()]
    if missing:
        print(
            f"跳过评测 (skipped): real judgments not available: {real} lacks {missing}",
            file=sys.stderr,
        )
        return 0
    if args.perturb:
        print(perturbation_sweep(real))
        return 0
    reports = run(real)
    if args.json:
        out = {
            r.name: {
                "documents": r.documents,
                "fields": {f: s.as_dict() | {"errors": s.errors} for f, s in r.fields.items()},
                "subsets": {
                    k: {f: s.as_dict() for f, s in v.items()} for k, v in r.subsets.items()
                },
                "failures": r.failures,
            }
            for r in reports
        }
        print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
    elif args.errors:
        for r in reports:
            s = r.fields.get(args.errors)
            for e in s.errors if s else []:
                print(json.dumps(e, ensure_ascii=False, default=str))
    else:
        print(markdown(reports))
    if args.write_doc:
        write_doc(args.write_doc, reports)
        print(f"wrote {args.write_doc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
