"""What every mining method hands on: a finding — a conjunction of clauses over the features
with how well it separated the target on the training years — and the shared helpers that turn
a scikit-learn tree path into clauses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from courtqc.mining.dataset import Clause, Dataset


@dataclass
class Finding:
    method: str  # tree | rules | cluster | regression
    clauses: list[Clause]
    train_cases: int = 0  # training cases the clauses select
    train_hits: int = 0  # of which labelled
    note_zh: str = ""  # what the method adds (lift, cluster, predicted duration ...)
    extra: dict[str, Any] = field(default_factory=dict)
    # A finding over parties or lawyers (courtqc.mining.entities) selects cases through its
    # entities: it brings the cases it selects, its model logic and its wording.
    mask: np.ndarray | None = None  # bool over the dataset's cases
    logic: tuple[str, dict[str, Any]] | None = None  # ("sql", {"sql": ...})
    explanation: str | None = None
    features: list[dict[str, Any]] | None = None  # name, zh, source

    @property
    def train_precision(self) -> float:
        return self.train_hits / self.train_cases if self.train_cases else 0.0


def measure(ds: Dataset, f: Finding) -> Finding:
    m = (ds.mask(f.clauses) if f.mask is None else f.mask) & ds.train
    f.train_cases = int(m.sum())
    f.train_hits = int((m & ds.y).sum())
    return f


def simplify(clauses: list[Clause]) -> list[Clause]:
    """One bound per side per numeric field (the tightest), an `eq` on a category makes its
    `neq`s redundant; order kept as first seen."""
    out: list[Clause] = []
    for c in clauses:
        same = [o for o in out if o.field == c.field]
        if c.op == "le":
            prev = next((o for o in same if o.op == "le"), None)
            if prev is not None:
                prev.value = min(prev.value, c.value)  # type: ignore[type-var]
                continue
        elif c.op == "gt":
            prev = next((o for o in same if o.op == "gt"), None)
            if prev is not None:
                prev.value = max(prev.value, c.value)  # type: ignore[type-var]
                continue
        elif c.op == "eq":
            out = [o for o in out if not (o.field == c.field and o.op == "neq")]
        elif c.op == "neq" and any(o.op == "eq" for o in same):
            continue
        out.append(Clause(c.field, c.op, c.value))
    return out


def snap(ds: Dataset, field: str, threshold: float) -> float:
    """A split threshold moved down to the largest value of the column at or below it: the
    same cases either side, and a number that occurs in the data (50000, not 50012.5)."""
    col = ds.num[field]
    below = col[col <= threshold]
    return float(below.max()) if len(below) else float(threshold)


def tree_paths(
    ds: Dataset, tree: Any, names: list[tuple[str, str | None]]
) -> dict[int, list[Clause]]:
    """Leaf id -> the clauses on the path to it, from a fitted scikit-learn tree."""
    t = tree.tree_
    out: dict[int, list[Clause]] = {}
    stack: list[tuple[int, list[Clause]]] = [(0, [])]
    while stack:
        node, path = stack.pop()
        left, right = t.children_left[node], t.children_right[node]
        if left == right:  # a leaf
            out[node] = simplify(path)
            continue
        feat, level = names[t.feature[node]]
        thr = float(t.threshold[node])
        if level is not None:  # one-hot column: <= 0.5 is "not this level"
            stack.append((left, [*path, Clause(feat, "neq", level)]))
            stack.append((right, [*path, Clause(feat, "eq", level)]))
        else:
            v = snap(ds, feat, thr)
            stack.append((left, [*path, Clause(feat, "le", v)]))
            stack.append((right, [*path, Clause(feat, "gt", v)]))
    return out


def prune(ds: Dataset, clauses: list[Clause]) -> list[Clause]:
    """Drop clauses whose removal does not lower the training precision and keeps at least
    the same labelled cases: a tree path often carries splits the leaf does not need, and a
    shorter rule is one a modeller can read and that holds on new years."""
    cur = list(clauses)

    def score(cs: list[Clause]) -> tuple[float, int]:
        m = ds.mask(cs) & ds.train
        n = int(m.sum())
        h = int((m & ds.y).sum())
        return (h / n if n else 0.0), h

    p0, h0 = score(cur)
    changed = True
    while changed and len(cur) > 1:
        changed = False
        for i in range(len(cur)):
            trial = cur[:i] + cur[i + 1 :]
            p, h = score(trial)
            if p >= p0 - 1e-9 and h >= h0:
                cur, p0, h0 = trial, p, h
                changed = True
                break
    return cur


def leaf_findings(
    ds: Dataset,
    paths: dict[int, list[Clause]],
    method: str,
    min_hits: int,
    min_precision: float,
) -> list[Finding]:
    out = []
    for clauses in paths.values():
        if not clauses:
            continue
        f = measure(ds, Finding(method, prune(ds, clauses)))
        if f.train_hits >= min_hits and f.train_precision >= min_precision:
            out.append(f)
    return out


def positive_rate(ds: Dataset) -> float:
    return float(ds.y[ds.train].mean()) if ds.train.any() else 0.0


def sample_rows(mask: np.ndarray, limit: int, seed: int = 0) -> np.ndarray:
    """Indices of `mask`, at most `limit` of them (a fixed random sample above that)."""
    idx = np.flatnonzero(mask)
    if len(idx) <= limit:
        return idx
    return np.sort(np.random.default_rng(seed).choice(idx, limit, replace=False))
