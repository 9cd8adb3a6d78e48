"""Findings become proposals: scenario-model drafts in YAML, in the lifecycle's first state
(申报, `proposed`), each with its support on the training years, its backtest on the held-back
years, the features behind it, a plain-Chinese explanation, and whether it repeats a model the
library already has.

A proposal whose conditions read only columns of `cases` is a condition-tree model on `cases`,
editable in the workshop's condition builder; any other is an SQL model whose `WITH f AS (...)`
is the miner's own feature query (courtqc.mining.features), its WHERE compiled from the same
condition tree by courtqc.models.conditions. Either way the draft is validated by
courtqc.models before it is offered. Nothing here promotes a model: a modeller saves the draft in
the workshop (建模) and moves it through the lifecycle.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import yaml

from courtqc.mining.dataset import Clause, Dataset
from courtqc.mining.features import RAW_CASE_COLUMNS, Feature, feature_parts
from courtqc.mining.finding import Finding
from courtqc.mining.targets import Target
from courtqc.models.conditions import compile_conditions
from courtqc.models.definition import Condition, ConditionLogic
from courtqc.models.library import load_model_text

METHOD_ZH = {
    "tree": "决策树",
    "rules": "关联规则",
    "cluster": "聚类",
    "party_cluster": "当事人聚类",
    "lawyer_cluster": "律师聚类",
    "regression": "回归",
}
OP_ZH = {"eq": "为", "neq": "不是", "le": "不超过", "gt": "超过"}
#: A proposal repeats a model when at least this share of the cases it flags the model already
#: flags: it would tell the judges nothing new.
DUPLICATE_OVERLAP = 0.8
TIME_BUDGET_MS = 10_000


@dataclass
class Backtest:
    """Scores on the held-back years (cases filed on or after `split`)."""

    split: str
    cases: int  # held-back population cases
    positives: int  # of which labelled
    hits: int  # cases the proposal selects
    true_positives: int
    precision: float | None
    recall: float | None


@dataclass
class Proposal:
    id: str
    title: str
    method: str
    method_zh: str
    target: str
    explanation: str
    note: str
    conditions: list[dict]
    features: list[dict]
    support: dict[str, Any]  # training years: cases, hits, precision
    backtest: Backtest
    logic: str  # conditions | sql
    yaml: str
    state: str = "proposed"
    duplicate_of: str | None = None
    duplicate_overlap: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _value_zh(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.0f}" if v.is_integer() else f"{v:,.2f}"
    return f"“{v}”" if v != "" else "空"


def explain(clauses: list[Clause], meta: dict[str, Feature]) -> str:
    """The conditions in plain Chinese: 案由为“民间借贷纠纷”，且标的额（元）超过 50,000."""
    parts = []
    for c in clauses:
        f = meta[c.field]
        if f.flag and c.op in ("gt", "le"):  # a 0/1 feature: holds, or does not
            parts.append(f.zh if c.op == "gt" else f"并非{f.zh}")
        else:
            parts.append(f"{f.zh}{OP_ZH[c.op]}{_value_zh(c.value)}")
    return "，且".join(parts)


def _model_id(target: str, method: str, clauses: list[Clause]) -> str:
    key = json.dumps([(c.field, c.op, str(c.value)) for c in clauses], ensure_ascii=False)
    digest = hashlib.sha1(f"{target}|{key}".encode()).hexdigest()[:8]
    return f"mined_{target}_{method}_{digest}"


def _raw(c: Clause) -> bool:
    return c.field in RAW_CASE_COLUMNS and c.value != ""


def model_logic(
    target: Target, clauses: list[Clause], meta: dict[str, Feature]
) -> tuple[str, dict[str, Any]]:
    """The `logic` of the draft: a condition tree on `cases` where that says the same, else SQL
    over the miner's feature query."""
    tree = [c.condition() for c in clauses]
    if target.model_conditions is not None and all(_raw(c) for c in clauses):
        where = {"all": [*target.model_conditions, *tree]}
        evidence = list(dict.fromkeys(c.field for c in clauses))
        return "conditions", {
            "conditions": {"subject": "cases", "where": where, "evidence": evidence}
        }
    used = [meta[n] for n in dict.fromkeys(c.field for c in clauses)]
    ctes, select = feature_parts(used, where=target.model_sql)
    cond = ConditionLogic(
        subject="f",
        where=Condition.model_validate({"all": tree}),
        evidence=[f.name for f in used],
    )
    body = compile_conditions(cond, {"case_id", "filing_date", *(f.name for f in used)})
    sql = "WITH " + ",\n".join([*ctes, f"f AS ({select})"]) + "\n" + body + "\n"
    return "sql", {"sql": sql}


class _Literal(str):
    """Multi-line text written as a YAML block (|)."""


def _literal(dumper: yaml.SafeDumper, s: _Literal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", s, style="|")


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Literal, _literal)


def draft_yaml(
    model_id: str,
    target: Target,
    finding: Finding,
    explanation: str,
    bt: Backtest,
    owner_court: str,
    logic: dict[str, Any],
) -> str:
    method_zh = METHOD_ZH[finding.method]
    support = f"训练期 {finding.train_cases} 件中 {finding.train_hits} 件{target.label_zh}"
    back = (
        f"留出期（{bt.split} 起立案）命中 {bt.hits} 件，精确率 {_pct(bt.precision)}，"
        f"召回率 {_pct(bt.recall)}"
    )
    if "sql" in logic:
        logic = {"sql": _Literal(logic["sql"])}
    doc = {
        "id": model_id,
        "version": 1,
        "title": {
            "zh": f"挖掘：{explanation}"[:120],
            "en": f"Mined ({finding.method}): {target.en}"[:120],
        },
        "category": target.category,
        "description": (
            f"由模型挖掘（{method_zh}）从“{target.zh}”中发现：{explanation}。{support}；{back}。"
            f"{finding.note_zh + '。' if finding.note_zh else ''}"
            "系挖掘提出的申报草案，须由建模人员核实规律、补充法律依据后方可推进生命周期。"
        ),
        "nodes": list(target.nodes),
        "severity": "info",
        "message": (
            f"本案符合挖掘发现的规律（{explanation}），历史上此类案件"
            f"{finding.train_precision:.0%}{target.label_zh}，请留意。"
            if finding.mask is None  # an entity cluster: behaviour, not the target
            else f"本案的{explanation}，与聚类发现的一组异常行为相同，请留意。"
        )
        .replace("{", "（")
        .replace("}", "）"),
        "legal_basis": [f"待建模人员补充（模型挖掘提出，目标：{target.zh}）"],
        "owner_court": owner_court,
        "state": "proposed",
        "time_budget_ms": TIME_BUDGET_MS,
        "context": "linked",
        "logic": logic,
    }
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.0%}"


def backtest(
    ds: Dataset, clauses: list[Clause], mask: np.ndarray | None = None
) -> tuple[Backtest, np.ndarray]:
    """Score the clauses (or the cases `mask` selects) on the held-back years; also return the
    mask over the population."""
    m = ds.mask(clauses) if mask is None else mask
    t = ds.test
    hits = int((m & t).sum())
    tp = int((m & t & ds.y).sum())
    pos = int((t & ds.y).sum())
    return (
        Backtest(
            split=ds.split.isoformat(),
            cases=int(t.sum()),
            positives=pos,
            hits=hits,
            true_positives=tp,
            precision=round(tp / hits, 4) if hits else None,
            recall=round(tp / pos, 4) if pos else None,
        ),
        m,
    )


def propose(
    ds: Dataset,
    findings: list[Finding],
    owner_court: str,
    existing: dict[str, set[int]] | None = None,
) -> list[Proposal]:
    """Each distinct finding as a validated draft, ranked by what it found on the training
    years (labelled cases × precision) — never by the held-back scores, which stay a fair test.
    `existing`: model id -> the cases it flags in the same scope, to mark repeats."""
    meta = {f.name: f for f in ds.features}
    seen: dict[bytes, Proposal] = {}
    out: list[Proposal] = []
    for f in sorted(findings, key=lambda f: -(f.train_hits * f.train_precision)):
        bt, mask = backtest(ds, f.clauses, f.mask)
        key = np.packbits(mask).tobytes()
        if key in seen:  # the same cases as a proposal already made: one proposal
            continue
        explanation = f.explanation or explain(f.clauses, meta)
        model_id = _model_id(ds.target.name, f.method, f.clauses)
        kind, logic = f.logic or model_logic(ds.target, f.clauses, meta)
        text = draft_yaml(model_id, ds.target, f, explanation, bt, owner_court, logic)
        load_model_text(text, f"{model_id}.yaml")  # a ModelError here is a miner bug
        p = Proposal(
            id=model_id,
            title=f"挖掘：{explanation}",
            method=f.method,
            method_zh=METHOD_ZH[f.method],
            target=ds.target.name,
            explanation=explanation,
            note=f.note_zh,
            conditions=[c.condition() for c in f.clauses],
            features=f.features
            or [
                {"name": n, "zh": meta[n].zh, "source": meta[n].source}
                for n in dict.fromkeys(c.field for c in f.clauses)
            ],
            support={
                "cases": f.train_cases,
                "hits": f.train_hits,
                "precision": round(f.train_precision, 4),
            },
            backtest=bt,
            logic=kind,
            yaml=text,
            extra=f.extra,
        )
        if existing:
            flagged = set(ds.case_ids[mask].tolist())
            best = max(
                ((mid, _overlap(flagged, hits)) for mid, hits in existing.items()),
                key=lambda x: x[1],
                default=(None, 0.0),
            )
            if best[0] is not None and best[1] >= DUPLICATE_OVERLAP:
                p.duplicate_of, p.duplicate_overlap = best[0], round(best[1], 3)
        seen[key] = p
        out.append(p)
    return out


def _overlap(flagged: set[int], model_hits: set[int]) -> float:
    """Share of the proposal's cases the model flags too."""
    return len(flagged & model_hits) / len(flagged) if flagged else 0.0
