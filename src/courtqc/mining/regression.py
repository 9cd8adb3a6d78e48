"""Regression (scikit-learn gradient boosting) of how long a case takes: which features make a
case run long, measured on the held-back years and explained by permutation importance; a
shallow tree over its predictions gives segments of long-running cases, and those where the
target concentrates are findings (time-limit risk)."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.tree import DecisionTreeRegressor

from courtqc.mining.dataset import Dataset
from courtqc.mining.finding import Finding, leaf_findings, sample_rows, tree_paths

MAX_ROWS = 200_000
EXPLAIN_ROWS = 3_000
#: What would give the duration away.
LEAKS = ("duration_days", "closing_method", "n_events", "n_nodes", "n_documents")


def _grouped_importance(
    model: HistGradientBoostingRegressor,
    x: np.ndarray,
    y: np.ndarray,
    names: list[tuple[str, str | None]],
    seed: int,
    repeats: int = 2,
) -> dict[str, float]:
    """Permutation importance per feature — a category's one-hot columns shuffled together, so
    a feature is judged as a whole: how many days of mean absolute error it is worth."""
    rng = np.random.default_rng(seed)
    base = float(np.abs(model.predict(x) - y).mean())
    groups: dict[str, list[int]] = {}
    for i, (f, _) in enumerate(names):
        groups.setdefault(f, []).append(i)
    out = {}
    for f, cols in groups.items():
        worse = 0.0
        for _ in range(repeats):
            xp = x.copy()
            xp[:, cols] = x[rng.permutation(len(x))][:, cols]
            worse += float(np.abs(model.predict(xp) - y).mean()) - base
        out[f] = worse / repeats
    return out


def mine(
    ds: Dataset, *, min_hits: int, min_precision: float, seed: int = 0
) -> tuple[list[Finding], dict]:
    closed, durations = ds.closed, ds.durations
    x, names = ds.design()
    use = [i for i, (f, _) in enumerate(names) if f not in LEAKS]
    if not use:
        return [], {}
    x = x[:, use]
    names = [names[i] for i in use]
    train = sample_rows(ds.train & closed, MAX_ROWS, seed)
    test = sample_rows(ds.test & closed, EXPLAIN_ROWS, seed)
    if len(train) < 50 or len(test) < 20:
        return [], {}
    gb = HistGradientBoostingRegressor(max_iter=150, random_state=seed)
    gb.fit(x[train], durations[train])
    pred_test = gb.predict(x[test])
    err = np.abs(pred_test - durations[test])
    ss_res = float(((durations[test] - pred_test) ** 2).sum())
    ss_tot = float(((durations[test] - durations[test].mean()) ** 2).sum()) or 1.0
    by_feat = _grouped_importance(gb, x[test], durations[test], names, seed)
    meta = {f.name: f.zh for f in ds.features}
    explain = sorted(
        (
            {"feature": k, "zh": meta.get(k, k), "mae_days_added": round(v, 2)}
            for k, v in by_feat.items()
            if v > 0
        ),
        key=lambda r: -r["mae_days_added"],
    )[:10]
    info = {
        "mae_days": round(float(err.mean()), 1),
        "r2": round(1 - ss_res / ss_tot, 3),
        "test_cases": len(test),
        "importance": explain,
    }
    # Segments of predicted duration over the training years.
    rows = sample_rows(ds.train, MAX_ROWS, seed)
    pred = gb.predict(x[rows])
    seg = DecisionTreeRegressor(
        max_depth=4, min_samples_leaf=max(3, min_hits // 2), random_state=seed
    ).fit(x[rows], pred)
    out = leaf_findings(ds, tree_paths(ds, seg, names), "regression", min_hits, min_precision)
    for f in out:
        m = ds.mask(f.clauses) & ds.train & closed
        if m.any():
            f.note_zh = f"此类案件预测审理 {float(np.median(durations[m])):.0f} 天（中位数）"
            f.extra = {"median_days": float(np.median(durations[m]))}
    return out, info
