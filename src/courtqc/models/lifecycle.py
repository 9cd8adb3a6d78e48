"""The six-step lifecycle of a scenario model (docs/BRIEF.md §2.5), per version of its logic.

proposed (申报) → modelling (建模) → review_rollout (推广评查) → embedding_test (嵌入测试:
runs at nodes, records, pushes nothing) → live (上线: pushes) → retired (停用), with the
report's last two steps as gates on a live version:

- 核验反馈 (verification by feedback, `verify`): judges answer the pushed alerts; the review
  office checks the version against the policy in verification.yaml (a least number of answered
  alerts, a least helpful rate). Too few answers: refused, still live. Rate under the threshold:
  the version goes to optimising. Otherwise it stays live, the figures in its history.
- 优化完善 (optimising): the version pushes nothing and runs only in backtests; the only ways
  out are retiring it or saving a new version made from the feedback, which starts in
  modelling and goes through the lifecycle again (`begin_version`).

State changes are stored per version in the model_states table.

A version is a hash of the model's behaviour (ModelDef.logic_hash: logic, nodes, severity,
message, budget, applies_to and everything else a judge sees). Which state a version is in:

- a stored change for that version: the latest one;
- none, but the model has stored changes for other versions — it was changed after the
  lifecycle had it: modelling (建模), whatever its file declares and whatever state the old
  version was in. Only promotion puts it live again;
- no stored change for the model at all: the state its file declares (the built-in library
  ships its reviewed models live, and a store that never promoted anything runs them so).

Saving a version in the workshop (`begin_version`) also puts it in modelling when it had been
in another state before, e.g. a model switched back to an older, once-live definition.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from courtqc.clock import utcnow_s
from courtqc.config import settings
from courtqc.errors import Conflict, InvalidInput, Where
from courtqc.models import store_tables
from courtqc.models.definition import STATE_ZH, STATES
from courtqc.models.library import CompiledModel

#: The state every new version starts in.
NEW_VERSION_STATE = "modelling"
#: Where a live version that failed verification goes (优化完善).
OPTIMISING = "optimising"

# Which states run in which mode. An optimising version only backtests: its feedback said it
# does not help, so it neither pushes nor records at nodes.
RUNS_IN = {
    "node": ("embedding_test", "live"),
    "review": ("review_rollout", "embedding_test", "live"),
    "backtest": ("proposed", "modelling", "review_rollout", "embedding_test", "live", OPTIMISING),
}

# Steps a person may take with promote. Live goes to optimising only through a failed
# verification (so its history always carries the figures); an optimising version leaves only
# by retiring, or by a new version (which starts in modelling).
_NEXT: dict[str, tuple[str, ...]] = {
    "proposed": ("modelling", "retired"),
    "modelling": ("review_rollout", "retired"),
    "review_rollout": ("embedding_test", "modelling", "retired"),
    "embedding_test": ("live", "modelling", "retired"),
    "live": ("modelling", "retired"),
    OPTIMISING: ("retired",),
    "retired": ("modelling",),
}
assert set(_NEXT) == set(STATES), "every state needs its next steps"


def allowed_next(state: str) -> tuple[str, ...]:
    """Forward one step; back to modelling from rollout on; retire from anywhere; out of
    optimising only by retiring (or a new version)."""
    return _NEXT[state]


def _has_store(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'model_states' "
            "AND database_name = current_database()"
        ).fetchone()[0]
    )


def effective_states(
    con: duckdb.DuckDBPyConnection | None, models: list[CompiledModel] | tuple[CompiledModel, ...]
) -> dict[str, str]:
    """model id → state of its current version (stored change, else the file's state)."""
    states = {m.id: m.model.state for m in models}
    if con is None or not _has_store(con):
        return states
    rows = con.execute(
        """SELECT model_id, model_version, arg_max(state, change_id) FROM model_states
           GROUP BY model_id, model_version"""
    ).fetchall()
    stored = {(mid, ver): st for mid, ver, st in rows}
    managed = {mid for mid, _ in stored}
    for m in models:
        st = stored.get((m.id, m.version))
        if st is not None:
            states[m.id] = st
        elif m.id in managed:  # changed after the lifecycle had it: a new version
            states[m.id] = NEW_VERSION_STATE
    return states


def begin_version(
    con: duckdb.DuckDBPyConnection, cm: CompiledModel, by: str, note: str | None = None
) -> str | None:
    """Put a version that has just become the model's current one in modelling (建模), as
    every new version starts; returns the state it was in, or None when it already was in
    modelling. A definition that was live before, saved again after another version, is not
    live again until it is promoted."""
    store_tables.ensure(con)
    current = effective_states(con, [cm])[cm.id]
    if current == NEW_VERSION_STATE:
        last = con.execute(
            "SELECT model_version, state FROM model_states WHERE model_id = ?"
            " ORDER BY change_id DESC LIMIT 1",
            [cm.id],
        ).fetchone()
        if last is not None and last[0] != cm.version and last[1] == OPTIMISING:
            # 优化完善: the version made from the feedback starts the lifecycle again, on record
            record_state(
                con, cm, NEW_VERSION_STATE, by,
                note or f"优化完善：据核验反馈修订的新版本，替换 {last[0]}"
                f" (new version from verification feedback)",
            )  # fmt: skip
        return None
    record_state(con, cm, NEW_VERSION_STATE, by, note or "新版本 (new version)")
    return current


def record_state(
    con: duckdb.DuckDBPyConnection, cm: CompiledModel, state: str, by: str, note: str | None
) -> None:
    """Store `state` for the model's current version, unchecked: for the lifecycle's own
    bookkeeping (a new version, a state kept across a cosmetic re-save); people use promote."""
    con.execute(
        "INSERT INTO model_states (model_id, model_version, state, changed_at, changed_by, note,"
        " definition) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            cm.id,
            cm.version,
            state,
            utcnow_s(),  # stored instants are naive UTC (courtqc.clock)
            by,
            note,
            json.dumps(cm.model.model_dump(mode="json", by_alias=True), ensure_ascii=False),
        ],
    )


def promote(
    con: duckdb.DuckDBPyConnection,
    cm: CompiledModel,
    to_state: str,
    by: str,
    note: str | None = None,
) -> str:
    """Move the model's current version to `to_state`; returns the state it was in. An unknown
    state is `InvalidInput`, a step the lifecycle does not allow from here `Conflict`."""
    if to_state not in STATES:
        raise InvalidInput(
            f"未知状态 {to_state!r}；可用: {', '.join(STATES)} (unknown state)",
            where=Where(field="to"),
        )
    store_tables.ensure(con)
    current = effective_states(con, [cm])[cm.id]
    if to_state == OPTIMISING and current != OPTIMISING:
        raise Conflict(
            f"模型 {cm.id} 只能经核验反馈未通过转入优化完善 (only a failed verification sends"
            f" a model to optimisation)"
        )
    if to_state not in allowed_next(current):
        allowed = ", ".join(f"{s}({STATE_ZH[s]})" for s in allowed_next(current))
        raise Conflict(
            f"模型 {cm.id} 当前为 {current}({STATE_ZH[current]})，不能直接转为 {to_state}；"
            f"可转为: {allowed} (transition not allowed)"
        )
    record_state(con, cm, to_state, by, note)
    return current


# ---------------------------------------------------------------- 核验反馈 (verification)


class Threshold(BaseModel):
    """The verification gate's two numbers."""

    model_config = ConfigDict(extra="forbid")
    min_answered: int = Field(ge=1)
    min_helpful_rate: float = Field(ge=0, le=1)


class ThresholdOverride(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_answered: int | None = Field(None, ge=1)
    min_helpful_rate: float | None = Field(None, ge=0, le=1)


class VerificationPolicy(BaseModel):
    """verification.yaml: a default, then overrides by category and by model id."""

    model_config = ConfigDict(extra="forbid")
    default: Threshold
    categories: dict[str, ThresholdOverride] = {}
    models: dict[str, ThresholdOverride] = {}

    def for_model(self, cm: CompiledModel) -> Threshold:
        t = self.default.model_dump()
        for o in (self.categories.get(cm.model.category), self.models.get(cm.id)):
            if o is not None:
                t.update(o.model_dump(exclude_none=True))
        return Threshold(**t)


def load_policy(path: Path | None = None) -> VerificationPolicy:
    """The verification policy from `path`, else the packaged verification.yaml. A bad file is
    InvalidInput naming the file and the field."""
    if path is None:
        text = resources.files("courtqc.models").joinpath("verification.yaml").read_text("utf-8")
        name = "verification.yaml"
    else:
        text, name = path.read_text(encoding="utf-8"), str(path)
    try:
        return VerificationPolicy.model_validate(yaml.safe_load(text) or {})
    except ValidationError as e:
        err = e.errors()[0]
        field = ".".join(str(x) for x in err["loc"])
        raise InvalidInput(
            f"核验策略文件有误：{field} 不合要求 (bad verification policy: {err['msg']})",
            where=Where(file=name, field=field),
        ) from None


@cache
def default_policy() -> VerificationPolicy:
    """The policy in force: the file the `verification_file` setting names
    (COURTQC_VERIFICATION_FILE, docs/CONFIG.md), else the packaged verification.yaml. Read on
    first use and kept, as settings are; a test that changes it calls cache_clear()."""
    return load_policy(settings().verification_file)


@dataclass(frozen=True)
class FeedbackStats:
    """Judges' answers to the pushed alerts of one model version (latest answer per alert)."""

    model_id: str
    model_version: str
    pushed: int
    answered: int
    helpful: int

    @property
    def helpful_rate(self) -> float | None:
        return round(self.helpful / self.answered, 4) if self.answered else None

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "helpful_rate": self.helpful_rate}


def feedback_stats(con: duckdb.DuckDBPyConnection, model_id: str) -> list[FeedbackStats]:
    """Per version of the model: pushed alerts, answered ones, helpful ones."""
    store_tables.ensure(con)
    rows = con.execute(
        """WITH latest AS (
               SELECT alert_id, arg_max(helpful, feedback_id) AS helpful
               FROM alert_feedback GROUP BY alert_id)
           SELECT a.model_version, count(*),
                  count(l.alert_id), count(*) FILTER (WHERE l.helpful)
           FROM alerts a LEFT JOIN latest l ON l.alert_id = a.alert_id
           WHERE a.model_id = ? AND a.pushed
           GROUP BY a.model_version ORDER BY max(a.last_seen_at) DESC""",
        [model_id],
    ).fetchall()
    return [FeedbackStats(model_id, v, p, a, h) for v, p, a, h in rows]


def version_stats(con: duckdb.DuckDBPyConnection, cm: CompiledModel) -> FeedbackStats:
    """The figures of the model's current version (zeros when nothing was pushed)."""
    for s in feedback_stats(con, cm.id):
        if s.model_version == cm.version:
            return s
    return FeedbackStats(cm.id, cm.version, 0, 0, 0)


@dataclass(frozen=True)
class Verification:
    """What a verification decided: passed (stays live) or failed (sent to optimising)."""

    passed: bool
    stats: FeedbackStats
    threshold: Threshold
    before: str
    after: str
    note: str


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def verify(
    con: duckdb.DuckDBPyConnection,
    cm: CompiledModel,
    by: str,
    note: str | None = None,
    policy: VerificationPolicy | None = None,
) -> Verification:
    """核验反馈: check the live version against the policy. Conflict when it is not live or
    fewer alerts have been answered than the policy needs (both thresholds named); otherwise
    the outcome is stored in its history: passed stays live, failed goes to optimising."""
    store_tables.ensure(con)
    th = (policy or default_policy()).for_model(cm)
    current = effective_states(con, [cm])[cm.id]
    need = f"至少 {th.min_answered} 条已答复的推送预警、有用率不低于 {_pct(th.min_helpful_rate)}"
    if current != "live":
        raise Conflict(
            f"模型 {cm.id} 当前为 {current}({STATE_ZH[current]})，只有上线运行的模型才能核验反馈"
            f" (only a live model can be verified)"
        )
    st = version_stats(con, cm)
    if st.answered < th.min_answered:
        raise Conflict(
            f"模型 {cm.id} 当前版本仅有 {st.answered} 条已答复的推送预警，少于核验所需的"
            f" {th.min_answered} 条（核验要求{need}），继续上线收集反馈"
            f" (too few answered alerts: {st.answered} < {th.min_answered};"
            f" helpful-rate threshold {_pct(th.min_helpful_rate)})"
        )
    rate = st.helpful_rate or 0.0
    passed = rate >= th.min_helpful_rate
    figures = (
        f"已答复 {st.answered} 条，有用 {st.helpful} 条，有用率 {_pct(rate)}；"
        f"阈值 {th.min_answered} 条、{_pct(th.min_helpful_rate)}"
    )
    if passed:
        text = f"核验反馈通过：{figures} (verification passed)"
        after = "live"
    else:
        text = f"核验反馈未通过，转优化完善：{figures} (verification failed: to optimisation)"
        after = OPTIMISING
    if note:
        text += f"；{note}"
    record_state(con, cm, after, by, text)
    return Verification(passed, st, th, current, after, text)


def feedback_reasons(
    con: duckdb.DuckDBPyConnection, model_id: str, courts: frozenset[str], limit: int = 50
) -> list[dict[str, object]]:
    """The latest answers with a reason on the model's pushed alerts of the given courts,
    newest first: what a modeller reads to make the next version (优化完善)."""
    store_tables.ensure(con)
    if not courts:
        return []
    cur = con.execute(
        """WITH latest AS (
               SELECT alert_id, arg_max(helpful, feedback_id) AS helpful,
                      arg_max(reason, feedback_id) AS reason, max(given_at) AS given_at
               FROM alert_feedback GROUP BY alert_id)
           SELECT a.model_version, l.helpful, l.reason, l.given_at
           FROM alerts a JOIN latest l ON l.alert_id = a.alert_id
           WHERE a.model_id = $m AND a.pushed AND a.court_code IN (SELECT unnest($courts))
             AND coalesce(trim(l.reason), '') <> ''
           ORDER BY l.given_at DESC LIMIT $n""",
        {"m": model_id, "courts": sorted(courts), "n": limit},
    )
    return [
        {"model_version": v, "helpful": h, "reason": r, "given_at": t}
        for v, h, r, t in cur.fetchall()
    ]
