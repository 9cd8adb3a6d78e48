"""Reversal analysis (改判发回分析): cases modified or remanded on appeal or retrial in a period,
by reason, court, judge and cause, with the share of them reviewed (评查) and the outcome.

A reversal belongs to the court, judge and cause of the case that was reversed (the slice is
applied to that case) and to the period in which the appeal or retrial was decided.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import duckdb
from pydantic import BaseModel

from courtqc.indicators import facts as F
from courtqc.indicators.figures import resolve_period, slice_sql
from courtqc.indicators.labels import CLOSING_ZH, FAMILY_ZH, REASON_ZH, REVIEW_ZH
from courtqc.indicators.models import Slice
from courtqc.indicators.sql import used_params

REVERSED = ("modified", "partly_modified", "remanded")


class Reversal(BaseModel):
    case_id: int
    case_no: str
    court_code: str
    judge_id: int | None
    family: str
    cause_name: str | None
    kind: str  # appeal | retrial
    reviewing_case_id: int | None
    result: str
    reason: str | None
    decided: date
    reviewed: bool
    review_outcome: str | None
    accountable: bool


class Bucket(BaseModel):
    key: str
    label: str
    cases: int
    reviewed: int
    share_reviewed: float | None  # percent


class ReversalReport(BaseModel):
    slice: Slice
    start: date
    end: date
    total: int
    reviewed: int
    share_reviewed: float | None  # percent
    review_outcomes: dict[str, int]  # no_error | flawed | error -> cases
    accountable: int
    by_kind: list[Bucket]
    by_result: list[Bucket]
    by_reason: list[Bucket]
    by_court: list[Bucket]
    by_judge: list[Bucket]
    by_cause: list[Bucket]
    cases: list[Reversal]


def _pct(a: int, b: int) -> float | None:
    return 100.0 * a / b if b else None


def _buckets(rows: list[Reversal], key, label) -> list[Bucket]:
    n: Counter = Counter()
    r: Counter = Counter()
    for x in rows:
        k = key(x)
        n[k] += 1
        r[k] += x.reviewed
    return [
        Bucket(
            key=str(k), label=label(k), cases=n[k], reviewed=r[k], share_reviewed=_pct(r[k], n[k])
        )
        for k in sorted(n, key=lambda k: (-n[k], str(k)))
    ]


def reversals(con: duckdb.DuckDBPyConnection, sl: Slice) -> ReversalReport:
    """Cases of the slice modified or remanded by appeals / retrials decided in its period."""
    F.ensure(con, check=False)
    period = resolve_period(con, sl.period)
    where, sparams = slice_sql(sl)
    rev = ", ".join(f"'{r}'" for r in REVERSED)
    sql = f"""
        SELECT case_id, case_no, court_code, judge_id, family, cause_name, 'appeal' AS kind,
               appeal_case_id, appeal_result, appeal_reason, appeal_decided,
               reviewed, review_outcome, review_accountable
        FROM {F.FACTS}
        WHERE {where} AND appeal_result IN ({rev}) AND appeal_decided >= $start AND appeal_decided < $end
        UNION ALL
        SELECT case_id, case_no, court_code, judge_id, family, cause_name, 'retrial',
               retrial_case_id, retrial_result, retrial_reason, retrial_decided,
               reviewed, review_outcome, review_accountable
        FROM {F.FACTS}
        WHERE {where} AND retrial_result IN ({rev}) AND retrial_decided >= $start AND retrial_decided < $end
        ORDER BY 11, 1"""
    params = {**period.params(), **sparams}
    rows = [
        Reversal(
            case_id=r[0],
            case_no=r[1],
            court_code=r[2],
            judge_id=r[3],
            family=r[4],
            cause_name=r[5],
            kind=r[6],
            reviewing_case_id=r[7],
            result=r[8],
            reason=r[9],
            decided=r[10],
            reviewed=bool(r[11]),
            review_outcome=r[12],
            accountable=bool(r[13]),
        )
        for r in con.execute(sql, used_params(sql, params)).fetchall()
    ]
    courts = dict(con.execute("SELECT court_code, name FROM courts").fetchall())
    judges = dict(con.execute("SELECT judge_id, name FROM judges").fetchall())
    outcomes: dict[str, int] = defaultdict(int)
    # a case reversed twice in the period (appeal and retrial) is reviewed once: count cases
    seen: dict[int, Reversal] = {}
    for x in rows:
        seen.setdefault(x.case_id, x)
    for x in seen.values():
        if x.reviewed and x.review_outcome:
            outcomes[x.review_outcome] += 1
    reviewed = sum(x.reviewed for x in seen.values())
    return ReversalReport(
        slice=sl,
        start=period.start,
        end=period.end,
        total=len(seen),
        reviewed=reviewed,
        share_reviewed=_pct(reviewed, len(seen)),
        review_outcomes=dict(outcomes),
        accountable=sum(x.accountable for x in seen.values()),
        by_kind=_buckets(
            rows, lambda x: x.kind, lambda k: {"appeal": "二审", "retrial": "再审"}.get(k, k)
        ),
        by_result=_buckets(rows, lambda x: x.result, lambda k: CLOSING_ZH.get(k, k)),
        by_reason=_buckets(
            rows, lambda x: x.reason, lambda k: REASON_ZH.get(k, "未注明") if k else "未注明"
        ),
        by_court=_buckets(rows, lambda x: x.court_code, lambda k: courts.get(k, k)),
        by_judge=_buckets(
            rows,
            lambda x: x.judge_id,
            lambda k: judges.get(k, "未分配") if k is not None else "未分配",
        ),
        by_cause=_buckets(
            rows, lambda x: x.cause_name or FAMILY_ZH.get(x.family, x.family), lambda k: str(k)
        ),
        cases=rows,
    )


__all__ = ["REVIEW_ZH", "Bucket", "Reversal", "ReversalReport", "reversals"]
