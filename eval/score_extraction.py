"""Measure the extractor against the labelled real judgments in eval/labels.jsonl.

    python eval/score_extraction.py [--labels eval/labels.jsonl] [--real DIR] [--json]
                                    [--write-doc docs/EXTRACTION.md]

The labels hold values only, never document text: the texts are read at run time from the
public-judgment share (../shared/data/real beside the repo, or --real / $COURTQC_REAL_DIR;
real_texts.py rebuilds them). Where the share is absent the run says so and stops without
scoring.

Scoring (docs/EXTRACTION.md explains it for readers):
- scalar fields (case_no, court, doc_kind, procedure, decision_date, prosecutor, clerk, cause)
  are compared after normalisation; a labelled value that is missed or wrong is a false
  negative, a predicted value that is not the label (including one where the label says
  "absent", i.e. null) is a false positive;
- set fields (judges, parties, charges, penalty and term, probation, fine, cited articles,
  main-text money items) are multisets of tuples, scored by multiset intersection and
  micro-averaged over documents;
- a field missing from a document's labels is not labelled there and is not scored.

One job: compare. The texts come from real_texts.py (the SimuCourt records have no single
text field: `real_texts.simucourt_text` documents the deterministic order).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from real_texts import (  # noqa: E402  (texts only; no extraction code)
    REPO,
    SOURCE_FILES,
    default_real_dir,
    load_texts,
)

DEFAULT_LABELS = REPO / "eval" / "labels.jsonl"
DEFAULT_DOC = REPO / "docs" / "EXTRACTION.md"

FAMILIES = ("criminal", "civil", "administrative")

# The targets (issue 4 item 3). Fields without a target are reported all the same.
TARGETS: dict[str, float] = {
    "case_no": 0.97,
    "court": 0.97,
    "doc_kind": 0.97,
    "decision_date": 0.97,
    "judges": 0.97,
    "parties": 0.95,
    "charges": 0.95,
    "penalty_term": 0.95,
    "probation": 0.95,
    "fine": 0.95,
    "cited_articles": 0.95,
    "main_text_money": 0.90,
}

SCALAR_FIELDS = (
    "case_no",
    "court",
    "doc_kind",
    "procedure",
    "decision_date",
    "prosecutor",
    "clerk",
    "cause",
)
# Scored set field → the label key it is computed from.
SET_FIELDS: dict[str, str] = {
    "judges": "judges",
    "parties": "parties",
    "charges": "defendants",
    "penalty_term": "defendants",
    "probation": "defendants",
    "fine": "defendants",
    "cited_articles": "cited_articles",
    "main_text_money": "main_text_items",
}
FIELDS = SCALAR_FIELDS + tuple(SET_FIELDS)


# --- labels --------------------------------------------------------------------------------


class LabelError(ValueError):
    """A malformed line in the labels file; the message names file, line and field."""


@dataclass(slots=True)
class LabelRecord:
    source_file: str
    record_key: str
    family: str
    instance: str
    labels: dict[str, Any]
    how: dict[str, str] = field(default_factory=dict)
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.source_file, self.record_key)


def load_labels(path: Path) -> list[LabelRecord]:
    out: list[LabelRecord] = []
    seen: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise LabelError(f"标注文件格式错误 {where}: not JSON ({e})") from None
            for k in ("source_file", "record_key", "family", "instance", "labels"):
                if k not in obj:
                    raise LabelError(f"标注缺少字段 {where}: field {k!r} is missing")
            if obj["source_file"] not in SOURCE_FILES:
                raise LabelError(f"未知来源 {where}: source_file {obj['source_file']!r}")
            if obj["family"] not in FAMILIES:
                raise LabelError(f"未知案件类别 {where}: family {obj['family']!r}")
            if not isinstance(obj["labels"], dict):
                raise LabelError(f"标注格式错误 {where}: labels must be an object")
            rec = LabelRecord(
                source_file=obj["source_file"],
                record_key=str(obj["record_key"]),
                family=obj["family"],
                instance=obj["instance"],
                labels=obj["labels"],
                how=obj.get("how", {}),
                line=lineno,
            )
            if rec.key in seen:
                raise LabelError(f"重复的标注 {where}: {rec.key} appears twice")
            seen.add(rec.key)
            out.append(rec)
    return out


# --- normalisation -------------------------------------------------------------------------

_WS = re.compile(r"\s+")
_EDGE_PUNCT = "。，,.;；:：、 "


def norm_text(s: Any) -> str | None:
    """NFKC (full-width → half-width), no whitespace, no trailing/leading punctuation."""
    if s is None:
        return None
    t = _WS.sub("", unicodedata.normalize("NFKC", str(s))).strip(_EDGE_PUNCT)
    return t or None


_BRACKETS = re.compile(r"[()〔〕［］\[\]【】〈〉]")


def norm_case_no(s: Any) -> str | None:
    """Brackets around the year are punctuation (（2017）, 〔2017〕, [2017], or a missing
    one) and zeros before the sequence number carry nothing (第00002号 is 第2号)."""
    t = norm_text(s)
    if t is None:
        return None
    t = _BRACKETS.sub("", t)
    return re.sub(r"(?<!\d)0+(\d+号)", r"\1", t)


def norm_doc_kind(s: Any) -> str | None:
    """判决书 / 裁定书 / 调解书 … without the family word (刑事判决书 → 判决书)."""
    t = norm_text(s)
    if t is None:
        return None
    m = re.search(r"(判决书|裁定书|调解书|决定书|通知书|支付令)$", t)
    return m.group(1) if m else t


def norm_date(s: Any) -> str | None:
    t = norm_text(s)
    if t is None:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:T.*)?", t)
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else t


def norm_cause(s: Any) -> str | None:
    t = norm_text(s)
    return t[:-2] if t and t.endswith("纠纷") and len(t) > 2 else t


def norm_charge(s: Any) -> str | None:
    t = norm_text(s)
    if t is None:
        return None
    t = t.removeprefix("犯")
    return t[:-1] if t.endswith("罪") and len(t) > 1 else t


def norm_law(s: Any) -> str | None:
    t = norm_text(s)
    if t is None:
        return None
    t = re.sub(r"[《》〈〉<>]", "", t)
    # The issuer written before a judicial interpretation's title (最高人民法院《关于…》) is
    # part of its full name but often left outside the brackets: compare without it.
    t = re.sub(r"^(?:(?:最高人民法院|最高人民检察院|中国人民检察院)[、,和与]?)+(?=关于)", "", t)
    return t.removeprefix("中华人民共和国") or t


# Party roles, Chinese as written or the schema's English codes, to one code. A role note in
# brackets (上诉人（原审被告）) keeps only the role outside it; 原审X / 一审X is X.
PARTY_ROLES: dict[str, str] = {
    "原告": "plaintiff",
    "被告": "defendant",
    "第三人": "third_party",
    "上诉人": "appellant",
    "被上诉人": "appellee",
    "申请人": "applicant",
    "再审申请人": "applicant",
    "申请再审人": "applicant",
    "申诉人": "applicant",
    "被申请人": "respondent",
    "被申诉人": "respondent",
    "被告人": "criminal_defendant",
    "罪犯": "criminal_defendant",
    "附带民事诉讼原告人": "civil_plaintiff",
    "附带民事诉讼原告": "civil_plaintiff",
    "附带民事诉讼被告人": "civil_defendant",
    "附带民事诉讼被告": "civil_defendant",
    "被害人": "victim",
    "公诉机关": "prosecutor",
}
JUDGE_ROLES: dict[str, str] = {
    "审判长": "presiding_judge",
    "审判员": "judge",
    "代理审判员": "acting_judge",
    "助理审判员": "assistant_judge",
    "人民陪审员": "juror",
    "陪审员": "juror",
    "执行员": "enforcement_officer",
}


def norm_party_role(s: Any) -> str | None:
    t = norm_text(s)
    if t is None:
        return None
    if t in PARTY_ROLES.values():
        return t
    t = re.sub(r"\(.*?\)", "", t).strip(_EDGE_PUNCT)
    t = re.sub(r"^(原审|一审)", "", t) or t
    return PARTY_ROLES.get(t, t)


def norm_judge_role(s: Any) -> str | None:
    t = norm_text(s)
    if t is None:
        return None
    return t if t in JUDGE_ROLES.values() else JUDGE_ROLES.get(t, t)


def norm_name(s: Any) -> str | None:
    """A person's or body's name: NFKC, no whitespace. Nothing else is forgiven."""
    return norm_text(s)


_ROLE_WORDS = sorted(
    [
        "原审被告",
        "原审原告",
        "原审第三人",
        "被上诉人",
        "上诉人",
        "被告人",
        "被告",
        "原告",
        "第三人",
        "被申请人",
        "申请人",
        "被执行人",
        "申请执行人",
    ],
    key=len,
    reverse=True,
)


def norm_payers(s: Any) -> frozenset[str] | None:
    """A payer as a set of names: 被告甲、乙 → {甲, 乙}; role words in front are dropped."""
    t = norm_text(s)
    if t is None:
        return None
    names = set()
    for part in re.split(r"[、,，和及与]|以及", t):
        part = part.strip(_EDGE_PUNCT)
        for w in _ROLE_WORDS:
            if part.startswith(w) and len(part) > len(w):
                part = part[len(w) :]
                break
        if part:
            names.add(part)
    return frozenset(names) or None


def norm_amount(v: Any) -> Decimal | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        return Decimal(str(v).replace(",", "")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None


def norm_months(v: Any) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return int(f) if f == int(f) else f


SCALAR_NORMS: dict[str, Callable[[Any], str | None]] = {
    "case_no": norm_case_no,
    "court": norm_text,
    "doc_kind": norm_doc_kind,
    "procedure": norm_text,
    "decision_date": norm_date,
    "prosecutor": norm_text,
    "clerk": norm_name,
    "cause": norm_cause,
}


# --- items per field -----------------------------------------------------------------------

# Main-text items that are not money passing between parties: court costs are their own info
# point, and fines and confiscation are scored with the defendants.
NON_MONEY_KINDS = {"costs", "court_costs", "fine", "confiscation"}


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def _defendants(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The judgment's own sentences: defendants the extractor read from a recited
    first-instance sentence (`from_original`) are left out."""
    return [d for d in (doc.get("defendants") or []) if not _get(d, "from_original")]


def align_defendants(label: list[dict], pred: list[dict]) -> dict[int, str | None]:
    """Predicted defendant index → the label name it stands for. Equal names first; if one
    label and one prediction are left, they are the same person whatever the spelling."""
    lnames = [norm_name(_get(d, "name")) for d in label]
    out: dict[int, str | None] = {}
    free = set(range(len(label)))
    for i, d in enumerate(pred):
        n = norm_name(_get(d, "name"))
        match = next((j for j in sorted(free) if lnames[j] == n and n is not None), None)
        if match is not None:
            out[i] = lnames[match]
            free.discard(match)
    rest = [i for i in range(len(pred)) if i not in out]
    if len(rest) == 1 and len(free) == 1:
        out[rest[0]] = lnames[free.pop()]
    for i in rest:
        out.setdefault(i, norm_name(_get(pred[i], "name")))
    return out


def _term_key(d: Any) -> tuple:
    days = _get(d, "term_days")
    return (
        norm_text(_get(d, "penalty")),
        norm_months(_get(d, "term_months")),
        norm_months(days) or None,
    )


def defendant_items(defs: list[Any], names: list[str | None]) -> dict[str, Counter]:
    out = {k: Counter() for k in ("charges", "penalty_term", "probation", "fine")}
    for d, n in zip(defs, names, strict=True):
        for c in _get(d, "charges") or []:
            out["charges"][(n, norm_charge(c))] += 1
        if _get(d, "penalty") is not None:
            out["penalty_term"][(n, *_term_key(d))] += 1
        p = norm_months(_get(d, "probation_months"))
        if p:
            out["probation"][(n, p)] += 1
        f = norm_amount(_get(d, "fine_yuan"))
        if f:
            out["fine"][(n, f)] += 1
    return out


def set_items(fieldname: str, doc: dict[str, Any]) -> Counter:
    if fieldname == "judges":
        return Counter(
            (norm_judge_role(_get(j, "role")), norm_name(_get(j, "name")))
            for j in doc.get("judges") or []
        )
    if fieldname == "parties":
        return Counter(
            (norm_party_role(_get(p, "role")), norm_name(_get(p, "name")))
            for p in doc.get("parties") or []
        )
    if fieldname == "cited_articles":
        seen = set()
        for a in doc.get("cited_articles") or []:
            try:
                art = int(_get(a, "article"))
            except (TypeError, ValueError):
                continue
            seen.add((norm_law(_get(a, "law")), art))
        # An article cited twice (第六十七条第一款、第三款) is one citation.
        return Counter(seen)
    raise KeyError(fieldname)


def money_items(doc: dict[str, Any]) -> list[tuple[frozenset[str] | None, Decimal]]:
    out = []
    for it in doc.get("main_text_items") or []:
        if norm_text(_get(it, "kind")) in NON_MONEY_KINDS:
            continue
        amt = norm_amount(_get(it, "amount_yuan"))
        if amt is None:
            continue
        out.append((norm_payers(_get(it, "payer")), amt))
    return out


def match_money(label: list, pred: list) -> int:
    """True positives: each label item takes one unused prediction with the same amount
    whose payer is the same set of names (any payer where the label has none). Items with a
    named payer are matched first so that a payer-less label cannot take their prediction."""
    used = [False] * len(pred)
    tp = 0
    for payer, amt in sorted(label, key=lambda x: x[0] is None):
        for i, (pp, pa) in enumerate(pred):
            if not used[i] and pa == amt and (payer is None or pp == payer):
                used[i] = True
                tp += 1
                break
    return tp


# --- scoring -------------------------------------------------------------------------------


@dataclass(slots=True)
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    docs: int = 0  # documents where the field is labelled
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        p, r = p or 0.0, r or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def as_dict(self) -> dict[str, Any]:
        r = lambda v: None if v is None else round(v, 4)  # noqa: E731
        return {
            "precision": r(self.precision),
            "recall": r(self.recall),
            "f1": r(self.f1),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "docs": self.docs,
        }


def _counter_show(c: Counter) -> list:
    out = []
    for k, n in sorted(c.items(), key=lambda kv: str(kv[0])):
        item = [str(x) if isinstance(x, Decimal | frozenset) else x for x in k]
        if isinstance(k[0], frozenset):
            item[0] = "、".join(sorted(k[0]))
        out.extend([item] * n)
    return out


def score_document(label: dict[str, Any], pred: dict[str, Any]) -> dict[str, tuple]:
    """Per field: (tp, fp, fn, label_shown, pred_shown) for the fields labelled here."""
    out: dict[str, tuple] = {}
    for f in SCALAR_FIELDS:
        if f not in label:
            continue
        norm = SCALAR_NORMS[f]
        lv, pv = norm(label[f]), norm(pred.get(f))
        tp = int(lv is not None and lv == pv)
        fn = int(lv is not None and lv != pv)
        fp = int(pv is not None and lv != pv)
        out[f] = (tp, fp, fn, lv, pv)

    if "defendants" in label:
        ldefs = label.get("defendants") or []
        pdefs = _defendants(pred)
        lnames = [norm_name(_get(d, "name")) for d in ldefs]
        amap = align_defendants(ldefs, pdefs)
        litems = defendant_items(ldefs, lnames)
        pitems = defendant_items(pdefs, [amap[i] for i in range(len(pdefs))])
        for f in ("charges", "penalty_term", "probation", "fine"):
            lc, pc = litems[f], pitems[f]
            tp = sum((lc & pc).values())
            out[f] = (
                tp,
                sum(pc.values()) - tp,
                sum(lc.values()) - tp,
                _counter_show(lc),
                _counter_show(pc),
            )

    for f in ("judges", "parties", "cited_articles"):
        if f not in label:
            continue
        lc, pc = set_items(f, label), set_items(f, pred)
        tp = sum((lc & pc).values())
        out[f] = (
            tp,
            sum(pc.values()) - tp,
            sum(lc.values()) - tp,
            _counter_show(lc),
            _counter_show(pc),
        )

    if "main_text_items" in label:
        lm, pm = money_items(label), money_items(pred)
        tp = match_money(lm, pm)
        show = lambda xs: [["、".join(sorted(p)) if p else None, str(a)] for p, a in xs]  # noqa: E731
        out["main_text_money"] = (tp, len(pm) - tp, len(lm) - tp, show(lm), show(pm))
    return out


@dataclass(slots=True)
class Report:
    fields: dict[str, FieldScore]
    by_family: dict[str, dict[str, FieldScore]]
    documents: int
    composition: dict[str, int]
    failures: list[dict[str, str]]  # documents the extractor raised on
    seconds: float
    skipped: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "composition": self.composition,
            "seconds": round(self.seconds, 3),
            "fields": {f: s.as_dict() for f, s in self.fields.items()},
            "targets": {
                f: {"target": t, "met": (self.fields[f].f1 or 0.0) >= t}
                for f, t in TARGETS.items()
                if f in self.fields
            },
            "by_family": {
                fam: {f: s.as_dict() for f, s in fs.items()} for fam, fs in self.by_family.items()
            },
            "errors": {f: s.errors for f, s in self.fields.items() if s.errors},
            "failures": self.failures,
            "skipped": self.skipped,
        }


def score(
    records: list[LabelRecord],
    texts: dict[tuple[str, str], str],
    extract_fn: Callable[[str], dict[str, Any]],
) -> Report:
    """Run `extract_fn` (text → contract dict) on every labelled document and score it."""
    fields = {f: FieldScore() for f in FIELDS}
    by_family: dict[str, dict[str, FieldScore]] = {
        fam: {f: FieldScore() for f in FIELDS} for fam in FAMILIES
    }
    composition: Counter = Counter()
    failures = []
    t0 = time.perf_counter()
    for rec in records:
        text = texts.get(rec.key)
        if text is None:
            raise LabelError(
                f"找不到文书 {rec.source_file} {rec.record_key} (labels line {rec.line}): "
                "no such record in the share"
            )
        composition[f"{rec.family}/{rec.instance}"] += 1
        try:
            pred = extract_fn(text)
        except Exception as e:  # one document must not sink the run; it is reported
            failures.append({"record": f"{rec.source_file}:{rec.record_key}", "error": repr(e)})
            pred = {}
        for f, (tp, fp, fn, lv, pv) in score_document(rec.labels, pred).items():
            for s in (fields[f], by_family[rec.family][f]):
                s.add(tp, fp, fn)
                s.docs += 1
            if fp or fn:
                fields[f].errors.append(
                    {
                        "record": f"{rec.source_file}:{rec.record_key}",
                        "family": rec.family,
                        "fp": fp,
                        "fn": fn,
                        "label": lv,
                        "predicted": pv,
                    }
                )
    for s in fields.values():
        s.errors.sort(key=lambda e: -(e["fp"] + e["fn"]))
    return Report(
        fields=fields,
        by_family=by_family,
        documents=len(records),
        composition=dict(sorted(composition.items())),
        failures=failures,
        seconds=time.perf_counter() - t0,
    )


def _extractor() -> Callable[[str], dict[str, Any]]:
    try:
        from courtqc.extract import extract
    except ImportError as e:
        raise SystemExit(
            f"抽取器不可用 (courtqc.extract.extract cannot be imported: {e})"
        ) from None
    return lambda text: extract(text).to_dict()


def evaluate(
    labels_path: Path = DEFAULT_LABELS,
    real_dir: Path | None = None,
    extract_fn: Callable[[str], dict[str, Any]] | None = None,
) -> Report:
    """Load the labels and texts and score the extractor. With the share absent the report
    is empty and `skipped` says why."""
    real_dir = real_dir or default_real_dir()
    records = load_labels(labels_path)
    missing = [sf for sf in {r.source_file for r in records} if not (real_dir / sf).is_file()]
    if missing:
        return Report(
            {},
            {},
            0,
            {},
            [],
            0.0,
            skipped=f"real judgments not available: {real_dir} lacks {sorted(missing)}",
        )
    texts = load_texts(real_dir, [r.key for r in records])
    return score(records, texts, extract_fn or _extractor())


# --- output --------------------------------------------------------------------------------

FIELD_TITLES = {
    "case_no": "case number 案号",
    "court": "court 法院",
    "doc_kind": "document kind 文书种类",
    "procedure": "procedure 审级",
    "decision_date": "decision date 裁判日期",
    "prosecutor": "prosecutor 公诉机关",
    "clerk": "clerk 书记员",
    "cause": "cause 案由",
    "judges": "judges (role, name) 审判组织",
    "parties": "parties (role, name) 当事人",
    "charges": "charges 罪名",
    "penalty_term": "principal penalty and term 主刑",
    "probation": "probation 缓刑",
    "fine": "fine 罚金",
    "cited_articles": "cited articles (law, article) 引用法条",
    "main_text_money": "main-text money items (payer, amount) 判项金额",
}


def _fmt(v: float | None) -> str:
    return "–" if v is None else f"{v:.3f}"


def _met(f: str, s: FieldScore) -> str:
    t = TARGETS.get(f)
    if t is None:
        return ""
    return ("met" if (s.f1 or 0.0) >= t else "NOT met") + f" (≥{t:.2f})"


def markdown(report: Report, examples: int = 3) -> str:
    """The results block of docs/EXTRACTION.md."""
    if report.skipped:
        return f"_Not measured: {report.skipped}_\n"
    lines = [
        f"{report.documents} documents, {report.seconds:.1f} s "
        f"(extraction and scoring); extractor failures: {len(report.failures)}.",
        "",
        "| field | P | R | F1 | TP | FP | FN | docs | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for f in FIELDS:
        s = report.fields[f]
        lines.append(
            f"| {FIELD_TITLES[f]} | {_fmt(s.precision)} | {_fmt(s.recall)} | {_fmt(s.f1)} "
            f"| {s.tp} | {s.fp} | {s.fn} | {s.docs} | {_met(f, s)} |"
        )
    lines += [
        "",
        "F1 by family:",
        "",
        "| field | " + " | ".join(FAMILIES) + " |",
        "|---|" + "---:|" * len(FAMILIES),
    ]
    for f in FIELDS:
        cells = []
        for fam in FAMILIES:
            s = report.by_family[fam][f]
            cells.append("–" if not s.docs else f"{_fmt(s.f1)} ({s.docs})")
        lines.append(f"| {f} | " + " | ".join(cells) + " |")
    lines += ["", "Worst failures by field (label → predicted):", ""]
    for f in FIELDS:
        errs = report.fields[f].errors
        if not errs:
            continue
        lines.append(f"- **{f}** ({len(errs)} documents with errors)")
        for e in errs[:examples]:
            lab = json.dumps(e["label"], ensure_ascii=False)
            pre = json.dumps(e["predicted"], ensure_ascii=False)
            lines.append(f"  - `{e['record']}`: {lab[:300]} → {pre[:300]}")
    if report.failures:
        lines += ["", "Extractor exceptions:", ""]
        lines += [f"- `{x['record']}`: {x['error'][:200]}" for x in report.failures[:10]]
    return "\n".join(lines) + "\n"


DOC_START = "<!-- results:start (written by python eval/score_extraction.py --write-doc) -->"
DOC_END = "<!-- results:end -->"


def write_doc(path: Path, report: Report) -> None:
    """Replace the block between the results markers in `path` with fresh numbers."""
    text = path.read_text(encoding="utf-8")
    if DOC_START not in text or DOC_END not in text:
        raise SystemExit(f"{path}: results markers not found ({DOC_START!r} … {DOC_END!r})")
    head, rest = text.split(DOC_START, 1)
    _, tail = rest.split(DOC_END, 1)
    path.write_text(head + DOC_START + "\n" + markdown(report) + DOC_END + tail, encoding="utf-8")


def print_table(report: Report) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"Extraction on {report.documents} labelled real judgments")
    for col in ("field", "P", "R", "F1", "TP", "FP", "FN", "docs", "target"):
        table.add_column(col, justify="left" if col in ("field", "target") else "right")
    for f in FIELDS:
        s = report.fields[f]
        met = _met(f, s)
        style = "green" if met.startswith("met") else "red" if met else ""
        table.add_row(
            f,
            _fmt(s.precision),
            _fmt(s.recall),
            _fmt(s.f1),
            str(s.tp),
            str(s.fp),
            str(s.fn),
            str(s.docs),
            met,
            style=style,
        )
    console.print(table)
    console.print("composition: " + ", ".join(f"{k} {v}" for k, v in report.composition.items()))
    if report.failures:
        console.print(f"[red]extractor raised on {len(report.failures)} documents[/red]")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python eval/score_extraction.py",
        description="信息点抽取准确率评测 — per-field precision, recall and F1 of the extractor "
        "on the labelled real judgments.",
    )
    ap.add_argument("--labels", type=Path, default=DEFAULT_LABELS, help="labels JSONL")
    ap.add_argument(
        "--real",
        type=Path,
        default=None,
        help="folder with the real judgments (default ../shared/data/real)",
    )
    ap.add_argument("--json", action="store_true", help="print the full report as JSON")
    ap.add_argument(
        "--write-doc",
        type=Path,
        nargs="?",
        const=DEFAULT_DOC,
        default=None,
        help="update the results block of docs/EXTRACTION.md",
    )
    args = ap.parse_args(argv)
    try:
        report = evaluate(args.labels, args.real)
    except (LabelError, FileNotFoundError) as e:
        print(f"错误: {e}", file=sys.stderr)
        return 2
    if report.skipped:
        print(f"跳过评测 (skipped): {report.skipped}", file=sys.stderr)
        return 0
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=1, default=str))
    else:
        print_table(report)
    if args.write_doc:
        write_doc(args.write_doc, report)
        print(f"wrote {args.write_doc}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
