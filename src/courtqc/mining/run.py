"""One mining run: a target's labelled cases, the features ranked, each method's findings, and
the proposals with their backtests — on a session that sees only what the caller may see."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb
from threadpoolctl import threadpool_limits

from courtqc import operators
from courtqc.engine import session
from courtqc.engine.node import latest_data_day
from courtqc.engine.scoped import DataScope, open_scoped
from courtqc.errors import InvalidInput
from courtqc.mining import clusters, entities, features, importance, regression, rules, trees
from courtqc.mining.dataset import load
from courtqc.mining.methods import METHODS
from courtqc.mining.proposals import Proposal, propose
from courtqc.mining.targets import Target

Progress = Callable[[str, int, int], None]  # (step in Chinese, done, total)


@dataclass
class MiningResult:
    target: str
    target_zh: str
    courts: list[str] | None
    split: str
    population: int
    positives: int
    train_positives: int
    test_positives: int
    ranking: list[dict[str, Any]]
    methods: dict[str, dict[str, Any]]  # per method: findings, seconds, and what it reports
    proposals: list[Proposal]
    seconds: float
    as_of: str
    scope: dict[str, Any] | None = None
    run_id: int | None = None
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["proposals"] = [p.to_dict() for p in self.proposals]
        return d


def _existing_hits(
    con: duckdb.DuckDBPyConnection,
    models: Sequence[Any] | None,
    data_scope: DataScope | None,
    as_of: dt.date,
) -> dict[str, set[int]]:
    """The cases each model of the library (every state a backtest runs) flags, in scope."""
    from courtqc.engine.review import review

    res = review(con, models, save=False, mode="backtest", as_of=as_of, data_scope=data_scope)
    return {r.model_id: {a.case_id for a in r.alerts} for r in res.runs}


def mine(
    con: duckdb.DuckDBPyConnection,
    target: Target,
    *,
    threads: int = 1,
    **kw: Any,
) -> MiningResult:
    """Mine `target` over the store `con` (see `_mine` for the options) with the numeric
    libraries' thread pools held to `threads`: OpenMP spinning on a busy shared machine made
    one gradient-boosting fit ten times slower than on one thread."""
    with threadpool_limits(limits=threads):
        return _mine(con, target, **kw)


def _mine(
    con: duckdb.DuckDBPyConnection,
    target: Target,
    *,
    courts: list[str] | None = None,
    since: dt.date | None = None,
    split: dt.date | None = None,
    methods: Sequence[str] = METHODS,
    data_scope: DataScope | None = None,
    owner_court: str = "沪",
    models: Sequence[Any] | None = None,
    check_duplicates: bool = True,
    min_hits: int | None = None,
    min_precision: float = 0.6,
    progress: Progress | None = None,
) -> MiningResult:
    """Mine `target` over the store `con` (restricted to `courts`, filed since `since`; on the
    scoped, masked data of `data_scope` when given) and propose models. `models`: the library
    to compare with (default: the built-in models)."""
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise InvalidInput(
            f"未知的挖掘方法 {unknown} (unknown methods; known: {', '.join(METHODS)})"
        )
    started = time.perf_counter()
    timings: dict[str, float] = {}
    total = 3 + len(methods) + (1 if check_duplicates else 0)
    step = 0

    def tick(what: str) -> None:
        nonlocal step
        if progress:
            progress(what, step, total)
        step += 1

    as_of = latest_data_day(con)
    cur = session(con) if data_scope is None else open_scoped(con, data_scope, as_of)
    try:
        if data_scope is None:
            operators.install(cur, as_of)
        tick("读取特征 (features)")
        t0 = time.perf_counter()
        ds = load(cur, target, features.available(cur), courts=courts, since=since, split=split)
        timings["features"] = time.perf_counter() - t0
        # Parties and lawyers: features of the training years (to cluster) and of the whole
        # history (what the proposal's model will read).
        ents = {}
        for m in methods:
            if m.endswith("_cluster"):
                t0 = time.perf_counter()
                kind = entities.KINDS[m.removesuffix("_cluster")]
                ents[m] = (
                    entities.load(cur, kind, courts=courts, since=since, before=ds.split),
                    entities.load(cur, kind, courts=courts),
                )
                timings[f"{m}_features"] = time.perf_counter() - t0
    finally:
        cur.close()
    train_pos = int((ds.train & ds.y).sum())
    if train_pos < 5:
        raise InvalidInput(
            f"训练期（{ds.split} 之前）只有 {train_pos} 件{target.label_zh or '目标'}案件，"
            f"不足以挖掘 (too few labelled cases before the split to mine)"
        )
    hits = min_hits or max(5, min(30, train_pos // 50))
    tick("特征分析 (feature ranking)")
    t0 = time.perf_counter()
    ranking = [asdict(r) for r in importance.rank(ds)]
    timings["ranking"] = time.perf_counter() - t0
    findings = []
    report: dict[str, dict[str, Any]] = {}
    for m in methods:
        tick(f"{m} 挖掘 (mining: {m})")
        t0 = time.perf_counter()
        info: dict[str, Any] = {}
        if m == "tree":
            found = trees.mine(ds, min_hits=hits, min_precision=min_precision)
        elif m == "rules":
            found = rules.mine(ds, min_hits=hits, min_precision=min_precision)
        elif m == "cluster":
            found, info = clusters.mine(ds, min_hits=hits, min_precision=min_precision)
        elif m in ents:
            found, info = clusters.mine_entities(ds, *ents[m])
        else:
            found, info = regression.mine(ds, min_hits=hits, min_precision=min_precision)
        timings[m] = time.perf_counter() - t0
        report[m] = {"findings": len(found), "seconds": round(timings[m], 2), **info}
        findings += found
    existing: dict[str, set[int]] = {}
    if check_duplicates:
        tick("与现有模型比对 (comparing with the library)")
        t0 = time.perf_counter()
        existing = _existing_hits(con, models, data_scope, as_of)
        timings["duplicates"] = time.perf_counter() - t0
    tick("生成申报草案 (proposals)")
    t0 = time.perf_counter()
    proposals = propose(ds, findings, owner_court, existing)
    timings["proposals"] = time.perf_counter() - t0
    for p in proposals:
        report[p.method]["proposals"] = report[p.method].get("proposals", 0) + 1
    if progress:
        progress("完成 (done)", total, total)
    return MiningResult(
        target=target.name,
        target_zh=target.zh,
        courts=courts,
        split=ds.split.isoformat(),
        population=len(ds.y),
        positives=int(ds.y.sum()),
        train_positives=train_pos,
        test_positives=int((ds.test & ds.y).sum()),
        ranking=ranking,
        methods=report,
        proposals=proposals,
        seconds=round(time.perf_counter() - started, 2),
        as_of=as_of.isoformat(),
        scope=data_scope.describe() if data_scope else None,
        timings={k: round(v, 2) for k, v in timings.items()},
    )
