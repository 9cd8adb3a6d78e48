"""Clustering (scikit-learn HDBSCAN), of cases and of parties and lawyers.

Cases: the labelled cases: groups of cases that went wrong in
the same way — a ring of staged suits, one kind of procedure misused — and the scattered rest
(HDBSCAN's noise, reported as outliers). Each group is described by a shallow decision tree
that tells its cases from every unlabelled one; that description is the finding.

Parties and lawyers (`mine_entities`, features from courtqc.mining.entities): groups of
litigants or lawyers that behave alike and unlike the mass — a ring of lenders whose suits are
all mediated within days through one lawyer, professional lenders — and the outliers. Each
group is described by a shallow tree over the entity features, in plain Chinese; the proposal
flags the cases of every entity the description selects."""

from __future__ import annotations

from collections import Counter

import numpy as np
from sklearn.cluster import HDBSCAN
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from courtqc.mining.dataset import Clause, Dataset, clause_mask
from courtqc.mining.entities import Entities, Kind, entity_ctes
from courtqc.mining.finding import (
    Finding,
    leaf_findings,
    measure,
    sample_rows,
    simplify,
    tree_paths,
)
from courtqc.mining.proposals import OP_ZH
from courtqc.mining.targets import Target
from courtqc.models.conditions import compile_conditions
from courtqc.models.definition import Condition, ConditionLogic

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


# -------------------------------------------------------------------- parties and lawyers
#: Clusters reported per kind at most: the most unusual first (their centre farthest from the
#: population's, in standard deviations) — the ordinary mass of litigants makes many groups.
MAX_ENTITY_CLUSTERS = 8
#: Outliers are not one kind: up to this many described subgroups of them.
MAX_OUTLIER_GROUPS = 4
#: A cluster larger than this share of the entities is the ordinary mass, not a group to report.
MAX_CLUSTER_SHARE = 0.1
#: A description must select the cluster's entities this precisely (on the training years).
MIN_DESCRIPTION_PRECISION = 0.6
#: Outliers described per main cause: the causes with most outliers, at most this many, each
#: with at least MIN_CAUSE_OUTLIERS of them, and up to this many descriptions each.
MAX_OUTLIER_CAUSES = 4
MIN_CAUSE_OUTLIERS = 3
MAX_CAUSE_DESCRIPTIONS = 2


def _entity_design(ents: Entities, levels: dict[str, list[str]] | None = None):
    """Raw values (for the description tree) and, log-scaled, the clustering matrix; category
    levels one-hot (the levels of the training entities)."""
    cols, names = [], []
    levels = levels if levels is not None else {}
    for f in ents.kind.features:
        if f.kind == "num":
            cols.append(ents.num[f.name])
            names.append((f.name, None))
            continue
        if f.name not in levels:
            vals, counts = np.unique(ents.cat[f.name], return_counts=True)
            levels[f.name] = [str(v) for v, c in zip(vals, counts, strict=True) if c >= 3 and v]
        for v in levels[f.name]:
            cols.append((ents.cat[f.name] == v).astype(np.float64))
            names.append((f.name, v))
    raw = np.column_stack(cols) if cols else np.zeros((len(ents.keys), 0))
    return raw, names, levels


def _entity_mask(ents: Entities, clauses: list[Clause]) -> np.ndarray:
    return clause_mask(ents.column, len(ents.keys), clauses)


def _describe(
    ents: Entities,
    raw: np.ndarray,
    names: list,
    members: np.ndarray,
    seed: int,
    within: Clause | None = None,
) -> list[tuple[list[Clause], float, float]]:
    """A shallow tree telling the group's entities from all the others (those `within` selects,
    when given: the description then starts with it); its leaves that hold them precisely
    enough, each path pruned of clauses that do not help, most members first: (clauses,
    precision, recall) over the training entities. A cluster takes the first; the outliers,
    which are not one kind, may take several."""
    y = np.zeros(len(ents.keys), dtype=bool)
    y[members] = True
    rows = _entity_mask(ents, [within]) if within is not None else np.ones(len(y), dtype=bool)
    t = DecisionTreeClassifier(
        max_depth=3, min_samples_leaf=2, class_weight="balanced", random_state=seed
    ).fit(raw[rows], y[rows])
    tr = t.tree_
    leaves: list[list[Clause]] = []
    stack: list[tuple[int, list[Clause]]] = [(0, [] if within is None else [within])]
    while stack:
        node, path = stack.pop()
        left, right = tr.children_left[node], tr.children_right[node]
        if left == right:
            if path:
                leaves.append(simplify(path))
            continue
        feat, level = names[tr.feature[node]]
        thr = float(tr.threshold[node])
        if level is not None:
            stack.append((left, [*path, Clause(feat, "neq", level)]))
            stack.append((right, [*path, Clause(feat, "eq", level)]))
        else:
            col = ents.num[feat][rows]
            below = col[col <= thr]
            v = round(float(below.max()) if len(below) else thr, 4)
            stack.append((left, [*path, Clause(feat, "le", v)]))
            stack.append((right, [*path, Clause(feat, "gt", v)]))

    def score(cs: list[Clause]) -> tuple[float, int]:
        m = _entity_mask(ents, cs)
        return ((m & y).sum() / max(m.sum(), 1)), int((m & y).sum())

    out = []
    for clauses in leaves:
        p0, h0 = score(clauses)
        changed = True
        while changed and len(clauses) > 1:
            changed = False
            for i in range(1 if within is not None else 0, len(clauses)):
                trial = clauses[:i] + clauses[i + 1 :]
                p, h = score(trial)
                if p >= p0 - 1e-9 and h >= h0:
                    clauses, p0, h0, changed = trial, p, h, True
                    break
        if within is not None and len(clauses) == 1:
            continue  # the cause alone is not a description of the group
        if p0 >= MIN_DESCRIPTION_PRECISION and h0 >= min(3, len(members)):
            out.append((clauses, float(p0), h0 / len(members)))
    return sorted(out, key=lambda d: -d[2])


def _explain(kind: Kind, clauses: list[Clause]) -> str:
    meta = {f.name: f for f in kind.features}
    parts = []
    for c in clauses:
        f = meta[c.field]
        v = c.value
        if isinstance(v, float):
            v = f"{v:.0%}" if c.field.endswith("_share") else f"{v:,.4g}"
        else:
            v = f"“{v}”"
        parts.append(f"{f.zh}{OP_ZH[c.op]}{v}")
    return f"{kind.zh}：" + "，且".join(parts)


def entity_model_sql(kind: Kind, target: Target, clauses: list[Clause]) -> str:
    """The proposal's SQL: the entity features over every case (the CTEs of
    courtqc.mining.entities), and the cases of the target's population whose entity the
    clauses select, with the entity and the features as evidence."""
    used = list(dict.fromkeys(c.field for c in clauses))
    cols = ", ".join(f"e.{n}" for n in used)
    pop = f" WHERE {target.model_sql}" if target.model_sql else ""
    select = (
        f"SELECT x.case_id, c.filing_date, x.entity, {cols} FROM ent_cases x "
        f"JOIN ent e ON e.entity = x.entity JOIN cases c ON c.case_id = x.case_id{pop}"
    )
    cond = ConditionLogic(
        subject="f",
        where=Condition.model_validate({"all": [c.condition() for c in clauses]}),
        evidence=["entity", *used],
    )
    body = compile_conditions(cond, {"case_id", "filing_date", "entity", *used})
    ctes = [*entity_ctes(kind), f"f AS ({select})"]
    return "WITH " + ",\n".join(ctes) + "\n" + body + "\n"


def mine_entities(
    ds: Dataset,
    train: Entities,
    full: Entities,
    *,
    seed: int = 0,
) -> tuple[list[Finding], dict]:
    """HDBSCAN over the parties (or lawyers) of the training years: each small cluster — and
    the outliers, HDBSCAN's noise, as one group — is described by a shallow tree against
    every other entity; the description, applied to the entities of the whole history, selects
    their cases, which is the finding. Unsupervised: the target's labels only score it."""
    kind = train.kind
    n = len(train.keys)
    info: dict = {"entities": n, "clusters": 0, "outliers": 0, "groups": []}
    if n < 20:
        return [], info
    raw, names, _ = _entity_design(train)
    # Clustered on the numbers (log scale: counts and days have long tails); the main cause,
    # one-hot, would make a group of every rare cause. The descriptions may still use it.
    numeric = [i for i, (_, level) in enumerate(names) if level is None]
    z = raw[:, numeric]
    z = StandardScaler().fit_transform(np.sign(z) * np.log1p(np.abs(z)))
    labels = HDBSCAN(min_cluster_size=max(3, n // 1000), min_samples=3, copy=True).fit_predict(z)
    info["clusters"] = int(labels.max() + 1)
    info["outliers"] = int((labels == -1).sum())
    groups = []
    for k in sorted(set(labels.tolist())):
        members = np.flatnonzero(labels == k)
        if k >= 0 and len(members) > MAX_CLUSTER_SHARE * n:
            continue
        # How unusual: the centre's distance from the population's, per feature (in SDs).
        groups.append((float(np.abs(z[members].mean(axis=0)).mean()), k, members))
    groups.sort(key=lambda g: (g[1] != -1, -g[0]))  # the outliers always, then the most unusual
    id_pos = {int(c): i for i, c in enumerate(ds.case_ids)}
    out: list[Finding] = []
    for unusual, k, members in groups[: MAX_ENTITY_CLUSTERS + 1]:
        descs = _describe(train, raw, names, members, seed)[: MAX_OUTLIER_GROUPS if k == -1 else 1]
        for j, (clauses, precision, recall) in enumerate(descs):
            group = f"离群组之{j + 1}" if k == -1 else f"第 {k + 1} 组"
            f = _entity_finding(ds, full, kind, k, group, members, unusual, clauses,
                                precision, recall, id_pos)  # fmt: skip
            if f is not None:
                out.append(f)
                info["groups"].append(
                    {**f.extra, "sample": [str(x) for x in train.keys[members][:5]]}
                )
    # The outliers again, per main cause, each against the other parties of that cause: a
    # professional litigant (a lender, a counterfeit hunter) stands out among his cause's
    # parties — many suits, each against someone new, won — but is a few among hundreds of
    # outliers of every kind, which one shallow tree over them all does not name, and the
    # outliers are too scattered in the whole feature space to make a cluster of their own.
    outliers = np.flatnonzero(labels == -1)
    top = train.cat.get("top_cause")
    if top is not None and len(outliers):
        by_cause = Counter(str(c) for c in top[outliers] if c)
        for cause, cnt in by_cause.most_common(MAX_OUTLIER_CAUSES):
            if cnt < MIN_CAUSE_OUTLIERS:
                break
            members = outliers[top[outliers] == cause]
            within = Clause("top_cause", "eq", cause)
            unusual = float(np.abs(z[members].mean(axis=0)).mean())
            descs = _describe(train, raw, names, members, seed, within=within)
            for j, (clauses, precision, recall) in enumerate(descs[:MAX_CAUSE_DESCRIPTIONS]):
                group = f"“{cause}”离群组之{j + 1}"
                f = _entity_finding(ds, full, kind, -1, group, members, unusual, clauses,
                                    precision, recall, id_pos)  # fmt: skip
                if f is not None:
                    out.append(f)
                    info["groups"].append(
                        {**f.extra, "sample": [str(x) for x in train.keys[members][:5]]}
                    )
    return out, info


def _entity_finding(
    ds: Dataset,
    full: Entities,
    kind: Kind,
    k: int,
    group: str,
    members: np.ndarray,
    unusual: float,
    clauses: list[Clause],
    precision: float,
    recall: float,
    id_pos: dict[int, int],
) -> Finding | None:
    """The cases of every entity of the whole history the description selects."""
    method = f"{kind.name}_cluster"
    chosen = full.keys[_entity_mask(full, clauses)]
    mask = np.zeros(len(ds.case_ids), dtype=bool)
    for key in chosen:
        idx = [id_pos[c] for c in full.cases[key].tolist() if c in id_pos]
        mask[idx] = True
    if not mask.any():
        return None
    label = {
        "cluster": int(k),
        "size": len(members),
        "unusual": round(unusual, 2),
        "description_precision": round(precision, 3),
        "description_recall": round(recall, 3),
        "entities_selected": len(chosen),
        "kind": kind.name,
        "group": group,
    }
    explanation = _explain(kind, clauses)
    meta = {f.name: f for f in kind.features}
    f = Finding(
        method,
        clauses,
        note_zh=(
            f"{kind.zh}聚类{group}（训练期 {len(members)} 个，偏离总体 {unusual:.1f} 个标准差），"
            f"描述选中该组 {recall:.0%}，精确率 {precision:.0%}；全部历史中 {len(chosen)} 个"
            f"{kind.zh}符合"
        ),
        extra=label,
        mask=mask,
        logic=("sql", {"sql": entity_model_sql(kind, ds.target, clauses)}),
        explanation=explanation,
        features=[
            {"name": c, "zh": meta[c].zh, "source": kind.name}
            for c in dict.fromkeys(c.field for c in clauses)
        ],
    )
    return measure(ds, f)
