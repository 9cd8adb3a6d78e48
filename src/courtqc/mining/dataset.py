"""The labelled table the methods learn from: one row per case of the target's population, its
features, its label, and which side of the time split it falls on.

The split is by filing date, never random: the methods learn from the earlier years and every
proposal is scored on the later ones it never saw (held-back history), as a model would meet
cases after it went live.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import numpy as np

from courtqc.errors import InvalidInput
from courtqc.mining.features import Feature, feature_sql
from courtqc.mining.targets import Target

#: A category level becomes its own column (one-hot) when this many population cases have it.
MIN_LEVEL_CASES = 5
MAX_LEVELS = 60


@dataclass
class Clause:
    """One condition of a proposal: field op value, op one of eq, neq (NULL-safe not equal),
    le, gt. Evaluated on the frame exactly as the condition tree is in SQL."""

    field: str
    op: str
    value: float | str

    def condition(self) -> dict:
        """As a node of a model's condition tree (courtqc.models.definition.Condition)."""
        v = self.value
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if self.op == "neq":
            return {"not": {"field": self.field, "op": "eq", "value": v}}
        return {"field": self.field, "op": self.op, "value": v}


def clause_mask(column: Callable[[str], np.ndarray], n: int, clauses: list[Clause]) -> np.ndarray:
    """Which of `n` rows meet every clause; `column(name)` gives a feature's values."""
    m = np.ones(n, dtype=bool)
    for c in clauses:
        col = column(c.field)
        if c.op == "eq":
            m &= col == c.value
        elif c.op == "neq":
            m &= col != c.value
        elif c.op == "le":
            m &= col <= c.value
        elif c.op == "gt":
            m &= col > c.value
        else:  # pragma: no cover - the methods make only these
            raise ValueError(c.op)
    return m


@dataclass
class Dataset:
    target: Target
    features: list[Feature]
    case_ids: np.ndarray
    filing: np.ndarray  # datetime64[D]
    y: np.ndarray  # bool
    reasons: list[str | None]
    num: dict[str, np.ndarray]  # numeric feature -> float64 column
    cat: dict[str, np.ndarray]  # categorical feature -> object column
    train: np.ndarray  # bool: filed before the split
    split: dt.date
    closed: np.ndarray  # bool: the case is closed
    durations: np.ndarray  # days from filing to closing (0 while pending)

    @property
    def test(self) -> np.ndarray:
        return ~self.train

    def column(self, name: str) -> np.ndarray:
        return self.num[name] if name in self.num else self.cat[name]

    def mask(self, clauses: list[Clause]) -> np.ndarray:
        return clause_mask(self.column, len(self.y), clauses)

    def design(self) -> tuple[np.ndarray, list[tuple[str, str | None]]]:
        """A numeric matrix for scikit-learn: numeric features as they are, each frequent
        category level as a 0/1 column. Columns: (feature, level or None)."""
        cols: list[np.ndarray] = []
        names: list[tuple[str, str | None]] = []
        for f in self.features:
            if f.kind == "num":
                cols.append(self.num[f.name])
                names.append((f.name, None))
                continue
            values, counts = np.unique(self.cat[f.name], return_counts=True)
            order = np.argsort(-counts, kind="stable")
            for i in order[:MAX_LEVELS]:
                if counts[i] < MIN_LEVEL_CASES or values[i] == "":
                    continue
                cols.append((self.cat[f.name] == values[i]).astype(np.float64))
                names.append((f.name, str(values[i])))
        x = np.column_stack(cols) if cols else np.zeros((len(self.y), 0))
        return x, names


def default_split(cur: duckdb.DuckDBPyConnection, cond: str, params: list) -> dt.date:
    """1 January of the year before the latest filing year: the last two calendar years (the
    latest one usually partial) are held back."""
    y = cur.execute(
        f"SELECT max(year(c.filing_date)) FROM cases c WHERE {cond}", params
    ).fetchall()[0][0]
    if y is None:
        raise InvalidInput("没有符合挖掘目标的案件 (no cases in the target's population)")
    return dt.date(int(y) - 1, 1, 1)


def load(
    cur: duckdb.DuckDBPyConnection,
    target: Target,
    features: list[Feature],
    *,
    courts: list[str] | None = None,
    since: dt.date | None = None,
    split: dt.date | None = None,
) -> Dataset:
    """Run the feature query for the target's population (restricted to `courts` and cases
    filed on or after `since`) and split it in time."""
    feats = [f for f in features if f.name not in target.exclude]
    where = [target.population]
    params: list = []
    if courts:
        where.append(f"c.court_code IN ({', '.join('?' for _ in courts)})")
        params += list(courts)
    if since is not None:
        where.append("c.filing_date >= ?")
        params.append(since)
    cond = " AND ".join(f"({w})" for w in where)
    try:
        split = split or default_split(cur, cond, params)
    except duckdb.CatalogException as e:  # e.g. no alerts or feedback in this store yet
        raise InvalidInput(
            f"库中缺少挖掘目标所需的数据 (the store lacks the target's data): "
            f"{str(e).splitlines()[0]}"
        ) from None
    extra = (
        f"({target.label}) AS __label, {target.reason} AS __reason, "
        "c.closing_date IS NOT NULL AS __closed, "
        "coalesce(date_diff('day', c.filing_date, c.closing_date), 0) AS __duration"
    )
    sql = f"SELECT * FROM ({feature_sql(feats, extra)}) WHERE case_id IN " + (
        f"(SELECT c.case_id FROM cases c WHERE {cond})"
    )
    try:
        tbl = cur.sql(sql, params=params).to_arrow_table()
    except duckdb.Error as e:
        raise InvalidInput(
            f"无法读取挖掘目标的数据 (cannot read the target's data): {str(e).splitlines()[0]}"
        ) from None
    n = tbl.num_rows
    if n == 0:
        raise InvalidInput("没有符合挖掘目标的案件 (no cases in the target's population)")
    filing = tbl.column("filing_date").to_numpy().astype("datetime64[D]")
    y = np.asarray(tbl.column("__label").to_numpy(zero_copy_only=False), dtype=bool)
    num = {
        f.name: np.asarray(tbl.column(f.name).to_numpy(zero_copy_only=False), dtype=np.float64)
        for f in feats
        if f.kind == "num"
    }
    cat = {
        f.name: np.asarray(tbl.column(f.name).to_pylist(), dtype=object)
        for f in feats
        if f.kind == "cat"
    }
    # Features constant over the population say nothing: left out.
    keep = [
        f
        for f in feats
        if (f.kind == "num" and np.ptp(num[f.name]) > 0)
        or (f.kind == "cat" and len(set(cat[f.name])) > 1)
    ]
    return Dataset(
        target=target,
        features=keep,
        case_ids=tbl.column("case_id").to_numpy(),
        filing=filing,
        y=y,
        reasons=tbl.column("__reason").to_pylist(),
        num={k: v for k, v in num.items() if any(f.name == k for f in keep)},
        cat={k: v for k, v in cat.items() if any(f.name == k for f in keep)},
        train=filing < np.datetime64(split),
        split=split,
        closed=np.asarray(tbl.column("__closed").to_numpy(zero_copy_only=False), dtype=bool),
        durations=np.asarray(tbl.column("__duration").to_numpy(), dtype=np.float64),
    )
