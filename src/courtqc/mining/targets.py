"""What the miner learns to predict: a target is a population of cases and a label on each.

The targets are the ways a past case shows that something went wrong, as the report's modellers
used them: reversed or remanded on appeal or retrial, a defect found by a quality review, a
warning judged helpful (or not) by the judge it reached, a case pending past its time limit, or
a selection of cases a user has put together. Each is a SQL expression over `cases c` (and the
tables beside it), run on the session the miner was given — a user's scoped session in the web,
so the labels too come only from that user's court tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from courtqc.errors import InvalidInput

REVERSED = "('modified', 'partly_modified', 'remanded')"


@dataclass(frozen=True)
class Target:
    name: str
    zh: str
    en: str
    category: str  # the proposals' model category
    nodes: tuple[str, ...]  # where a proposal warns
    population: str  # SQL condition on cases c
    label: str  # SQL boolean over cases c
    reason: str = "NULL"  # SQL text: why the label holds (shown with the findings)
    exclude: frozenset[str] = frozenset()  # features that would give the label away
    label_zh: str = ""
    # The population as a proposal states it, so the model selects what the miner measured:
    # SQL over `cases c` (allowed tables only), and the same as condition-tree nodes on
    # `cases` (None: not expressible there, the proposal is an SQL model). Empty where the
    # population is not case data (alerts with feedback): the model then reads every case.
    model_sql: str = ""
    model_conditions: tuple[dict, ...] | None = ()


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target(
            "reversal",
            "二审或再审改判、发回重审的案件",
            "reversed or remanded on appeal or retrial",
            "judgment-defect",
            ("closing", "archiving"),
            "c.status = 'closed' AND c.procedure = 'first'",
            f"EXISTS (SELECT 1 FROM appeal_results a WHERE a.origin_case_id = c.case_id "
            f"AND a.result IN {REVERSED})",
            f"(SELECT string_agg(DISTINCT a.result || ':' || coalesce(a.reason, ''), ',') "
            f"FROM appeal_results a WHERE a.origin_case_id = c.case_id AND a.result IN {REVERSED})",
            label_zh="被改判或发回",
            model_sql="c.status = 'closed' AND c.procedure = 'first'",
            model_conditions=(
                {"field": "status", "op": "eq", "value": "closed"},
                {"field": "procedure", "op": "eq", "value": "first"},
            ),
        ),
        Target(
            "review_defect",
            "案件质量评查发现瑕疵或差错的案件",
            "defects recorded in quality reviews",
            "judgment-defect",
            ("closing", "archiving"),
            "c.status = 'closed'",
            "EXISTS (SELECT 1 FROM quality_reviews q WHERE q.case_id = c.case_id "
            "AND q.outcome IN ('flawed', 'error'))",
            "(SELECT string_agg(DISTINCT q.outcome, ',') FROM quality_reviews q "
            "WHERE q.case_id = c.case_id AND q.outcome IN ('flawed', 'error'))",
            label_zh="评查有瑕疵或差错",
            model_sql="c.status = 'closed'",
            model_conditions=({"field": "status", "op": "eq", "value": "closed"},),
        ),
        Target(
            "helpful",
            "预警被法官评为有用的案件（对比评为无用的）",
            "alerts marked helpful (against not helpful)",
            "procedure",
            ("*",),
            "c.case_id IN (SELECT a.case_id FROM alerts a JOIN alert_feedback f "
            "ON f.alert_id = a.alert_id)",
            "c.case_id IN (SELECT a.case_id FROM alerts a JOIN alert_feedback f "
            "ON f.alert_id = a.alert_id GROUP BY a.case_id HAVING bool_or(f.helpful))",
            "(SELECT string_agg(DISTINCT a.model_id, ',') FROM alerts a JOIN alert_feedback f "
            "ON f.alert_id = a.alert_id WHERE a.case_id = c.case_id AND f.helpful)",
            label_zh="预警有用",
        ),
        Target(
            "overdue",
            "超过审限（已结超限或未结已超限）的案件",
            "cases pending (or closed) past their time limit",
            "time-limit",
            ("*",),
            "c.case_id IN (SELECT case_id FROM op_time_limit)",
            "c.case_id IN (SELECT case_id FROM op_time_limit WHERE overdue)",
            "(SELECT CAST(-min(days_left) AS VARCHAR) || ' 天' FROM op_time_limit t "
            "WHERE t.case_id = c.case_id AND t.overdue)",
            # Duration and the closing give the label away; the extension is part of the limit.
            exclude=frozenset(
                {"duration_days", "closing_method", "extended_days", "excluded_days"}
            ),
            label_zh="超审限",
            model_sql="c.case_id IN (SELECT case_id FROM op_time_limit)",
            model_conditions=None,
        ),
        Target(
            "selection",
            "用户保存的案件选集",
            "a saved selection of cases",
            "procedure",
            ("*",),
            "TRUE",  # every case; the label set by `for_selection`
            "FALSE",
            label_zh="在选集中",
        ),
    )
}


@dataclass(frozen=True)
class Selection:
    """A user's saved selection: case numbers (案号)."""

    name: str
    case_nos: tuple[str, ...] = field(default_factory=tuple)


def get(name: str) -> Target:
    try:
        return TARGETS[name]
    except KeyError:
        known = ", ".join(TARGETS)
        raise InvalidInput(f"未知的挖掘目标 {name!r} (unknown target; known: {known})") from None


def for_selection(sel: Selection) -> Target:
    """The selection target: every case, labelled by membership. The case numbers are written
    as a literal list (quotes doubled)."""
    if not sel.case_nos:
        raise InvalidInput("选集为空 (the selection has no case numbers)")
    lits = ", ".join("'" + n.replace("'", "''") + "'" for n in sel.case_nos)
    base = TARGETS["selection"]
    return Target(
        base.name,
        f"案件选集“{sel.name}”",
        f"selection {sel.name!r}",
        base.category,
        base.nodes,
        "TRUE",
        f"c.case_no IN ({lits})",
        exclude=base.exclude,
        label_zh=base.label_zh,
    )
