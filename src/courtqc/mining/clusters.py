"""Clustering (scikit-learn HDBSCAN) of the labelled cases: groups of cases that went wrong in
the same way — a ring of staged suits, one kind of procedure misused — and the scattered rest
(HDBSCAN's noise, reported as outliers). Each group is described by a shallow decision tree
that tells its cases from every unlabelled one; that description is the finding."""

from __future__ import annotations

import numpy as np
from sklearn.cluster import HDBSCAN
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from courtqc.mining.dataset import Dataset
from courtqc.mining.finding import Finding, leaf_findings, sample_rows, tree_paths

MAX_POSITIVES = 5_000
MAX_NEGATIVES = 200_000


def mine(
    ds: Dataset, *, min_hits: int, min_precision: float, seed: int = 0
) -> tuple[list[Finding], dict]:
    x, names = ds.design()
    pos = sample_rows(ds.train & ds.y, MAX_POSITIVES, seed)
    if len(pos) < 2 * min_hits or x.shape[1] == 0:
        return [], {"clusters": 0, "outliers": 0}
    # Amounts and counts have long tails: compare them on a log scale.
    z = np.sign(x[pos]) * np.log1p(np.abs(x[pos]))
    z = StandardScaler().fit_transform(z)
    labels = HDBSCAN(min_cluster_size=max(5, min_hits), min_samples=5, copy=True).fit_predict(z)
    neg = sample_rows(ds.train & ~ds.y, MAX_NEGATIVES, seed)
    out: list[Finding] = []
    sizes = {}
    for k in sorted(set(labels) - {-1}):
        members = pos[labels == k]
        sizes[int(k)] = len(members)
        rows = np.concatenate([members, neg])
        yk = np.zeros(len(rows), dtype=bool)
        yk[: len(members)] = True
        t = DecisionTreeClassifier(
            criterion="entropy",
            max_depth=4,
            min_samples_leaf=max(3, min_hits // 2),
            random_state=seed,
        ).fit(x[rows], yk)
        for f in leaf_findings(ds, tree_paths(ds, t, names), "cluster", min_hits, min_precision):
            f.note_zh = f"聚类第 {k + 1} 组（{len(members)} 件被标记案件）"
            f.extra = {"cluster": int(k), "cluster_size": len(members)}
            out.append(f)
    info = {
        "clusters": len(sizes),
        "sizes": sizes,
        "outliers": int((labels == -1).sum()),
        "clustered_of": len(pos),
    }
    return out, info
