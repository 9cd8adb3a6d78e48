"""Decision trees (scikit-learn): each leaf where the target concentrates is a finding, its
path from the root a conjunction of conditions — a condition tree a modeller can read."""

from __future__ import annotations

import numpy as np
from sklearn.tree import DecisionTreeClassifier

from courtqc.mining.dataset import Dataset
from courtqc.mining.finding import Finding, leaf_findings, sample_rows, tree_paths

#: Training rows the tree sees at most: every labelled one, a sample of the others (weighted
#: back to their share), so a 1M-case court trains in seconds.
MAX_ROWS = 300_000


def mine(
    ds: Dataset, *, min_hits: int, min_precision: float, max_depth: int = 8, seed: int = 0
) -> list[Finding]:
    x, names = ds.design()
    pos = np.flatnonzero(ds.train & ds.y)
    neg_all = ds.train & ~ds.y
    neg = sample_rows(neg_all, max(MAX_ROWS - len(pos), 1), seed)
    rows = np.concatenate([pos, neg])
    w = np.ones(len(rows))
    w[len(pos) :] = neg_all.sum() / max(len(neg), 1)
    tree = DecisionTreeClassifier(
        criterion="entropy",
        max_depth=max_depth,
        min_samples_leaf=max(3, min_hits // 2),
        random_state=seed,
    )
    tree.fit(x[rows], ds.y[rows], sample_weight=w)
    return leaf_findings(ds, tree_paths(ds, tree, names), "tree", min_hits, min_precision)
