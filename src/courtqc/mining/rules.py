"""Association rules (mlxtend FP-growth): sets of case attributes after which the target follows
with high confidence. Items are the frequent category levels and, for each number, "above" or
"at most" a few of its quantiles; only items over-represented among the labelled cases are
offered, which keeps FP-growth small on a 1M-case court."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from mlxtend.frequent_patterns import association_rules, fpgrowth

from courtqc.mining.dataset import Clause, Dataset
from courtqc.mining.finding import Finding, measure, positive_rate, prune, sample_rows

MAX_ITEMS = 40
MAX_ROWS = 300_000
LABEL = "__target__"
QUANTILES = (0.1, 0.25, 0.5, 0.75, 0.9)


def _items(ds: Dataset, rows: np.ndarray) -> dict[str, tuple[Clause, np.ndarray]]:
    y = ds.y[rows]
    items: dict[str, tuple[Clause, np.ndarray]] = {}
    for f in ds.features:
        col = ds.column(f.name)[rows]
        if f.kind == "cat":
            values, counts = np.unique(col, return_counts=True)
            for v, n in zip(values, counts, strict=True):
                if v != "" and n >= 5:
                    items[f"{f.name}={v}"] = (Clause(f.name, "eq", v), col == v)
            continue
        pos = col[y]
        if not len(pos):
            continue
        for q in sorted(set(np.quantile(pos, QUANTILES).tolist())):
            items[f"{f.name}<={q:g}"] = (Clause(f.name, "le", q), col <= q)
            items[f"{f.name}>{q:g}"] = (Clause(f.name, "gt", q), col > q)
    # Keep what is over-represented among labelled rows (lift of the item alone).
    base = y.mean() if len(y) else 0.0
    scored = []
    for k, (_, m) in items.items():
        n = m.sum()
        if n == 0 or base == 0:
            continue
        cover = (m & y).sum() / max(y.sum(), 1)
        lift = (m & y).sum() / n / base
        if cover >= 0.05 and lift >= 1.5:
            scored.append((lift * cover, k))
    scored.sort(reverse=True)
    return {k: items[k] for _, k in scored[:MAX_ITEMS]}


def mine(
    ds: Dataset, *, min_hits: int, min_precision: float, top: int = 15, seed: int = 0
) -> list[Finding]:
    pos = np.flatnonzero(ds.train & ds.y)
    if not len(pos):
        return []
    rows = np.concatenate([pos, sample_rows(ds.train & ~ds.y, MAX_ROWS, seed)])
    items = _items(ds, rows)
    if not items:
        return []
    frame = pd.DataFrame({k: m for k, (_, m) in items.items()})
    frame[LABEL] = ds.y[rows]
    min_support = max(min_hits / len(rows), 1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sets = fpgrowth(frame, min_support=min_support, use_colnames=True, max_len=4)
        if sets.empty:
            return []
        rules = association_rules(
            sets, num_itemsets=len(frame), metric="confidence", min_threshold=0.3
        )
    rules = rules[rules["consequents"].apply(lambda s: s == frozenset({LABEL}))]
    out: list[Finding] = []
    seen: set[tuple] = set()
    base = positive_rate(ds)
    for ante in rules.sort_values(["confidence", "support"], ascending=False)["antecedents"]:
        clauses = prune(ds, [items[k][0] for k in sorted(ante)])
        key = tuple(sorted((c.field, c.op, str(c.value)) for c in clauses))
        if key in seen:
            continue
        seen.add(key)
        f = measure(ds, Finding("rules", clauses))
        if f.train_hits >= min_hits and f.train_precision >= min_precision:
            lift = f.train_precision / base if base else 0.0
            f.note_zh = f"置信度 {f.train_precision:.0%}，提升度 {lift:.1f}"
            f.extra = {"confidence": round(f.train_precision, 4), "lift": round(lift, 2)}
            out.append(f)
        if len(out) >= top:
            break
    return out
