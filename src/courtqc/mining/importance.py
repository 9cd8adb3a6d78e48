"""Feature analysis: which features carry information about the target, ranked by mutual
information (scikit-learn) on the training years — shown with the proposals so a modeller sees
what drives them, and what else might."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.feature_selection import mutual_info_classif

from courtqc.mining.dataset import Dataset
from courtqc.mining.finding import sample_rows

MAX_ROWS = 50_000


@dataclass
class Ranked:
    feature: str
    zh: str
    source: str
    score: float  # mutual information (nats), the best of a category's levels
    level: str | None  # that level, for a category


def rank(ds: Dataset, seed: int = 0, top: int = 20) -> list[Ranked]:
    x, names = ds.design()
    if x.shape[1] == 0 or not ds.y[ds.train].any():
        return []
    pos = np.flatnonzero(ds.train & ds.y)
    rows = np.concatenate([pos, sample_rows(ds.train & ~ds.y, MAX_ROWS, seed)])
    discrete = np.array([lvl is not None for _, lvl in names])
    mi = mutual_info_classif(x[rows], ds.y[rows], discrete_features=discrete, random_state=seed)
    best: dict[str, tuple[float, str | None]] = {}
    for (feat, lvl), s in zip(names, mi, strict=True):
        if feat not in best or s > best[feat][0]:
            best[feat] = (float(s), lvl)
    meta = {f.name: f for f in ds.features}
    out = [
        Ranked(k, meta[k].zh, meta[k].source, round(s, 5), lvl)
        for k, (s, lvl) in best.items()
        if s > 0
    ]
    out.sort(key=lambda r: -r.score)
    return out[:top]
