"""The case-level fact table every indicator is computed from (`ind_case_facts`).

One row per case: the case's own columns plus what indicators need from other tables,
computed once after a load (`courtqc indicators prepare`) so that any indicator for any slice
is one scan of one table: the 审限 that applies and the deadline, the first appeal / retrial
application / retrial / resumed execution stemming from the case and their results, hearing
and scheduling events, payments, enforcement measures and the quality review.

The same SELECT is also kept as a view (`ind_case_facts_live`) for checking the table
against the live data; the columns are listed in FACT_COLUMNS (docs/INDICATORS.md).
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb

from courtqc.clock import utcnow_s
from courtqc.transaction import transaction

FACTS = "ind_case_facts"
# a fact table built by another version of this module is rebuilt (any edit here may change it)
VERSION = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:12]
TREE = "ind_court_tree"
META = "ind_meta"

# every date of a case's life; the latest is `last_activity` (greatest ignores NULLs)
ACTIVITY_DATES: tuple[str, ...] = (
    "b.filing_date", "b.closing_date", "ch.appeal_filed", "rs.appeal_decided",
    "ch.retrial_app_filed", "ch.retrial_filed", "rs.retrial_decided", "ch.resumed_filed",
    "ev.first_hearing", "ev.last_hearing", "ev.pronounced_on", "act.termination_date",
    "rev.reviewed_at", "d.deadline_date",
)  # fmt: skip

ACTIVITY_COLUMNS: frozenset[str] = frozenset(
    [c.split(".")[1] for c in ACTIVITY_DATES] + ["last_activity"]
)

# column -> meaning; this is the vocabulary indicator fragments may use
FACT_COLUMNS: dict[str, str] = {
    "case_id": "cases.case_id",
    "case_no": "案号",
    "court_code": "court that handles the case",
    "court_level": "high | intermediate | specialised | basic",
    "dept_id": "department",
    "judge_id": "presiding judge (承办/审判长)",
    "family": "case family (criminal, civil, commercial, administrative, enforcement ...)",
    "procedure": "first | second | retrial | retrial_review | enforcement | bankruptcy | special ...",
    "trial_procedure": "ordinary | simple | small_claims | fast_track",
    "type_code": "类型代字 (民初, 民终, 执, 执恢 ...)",
    "cause_code": "cause of action code",
    "cause_name": "cause of action (案由)",
    "filing_date": "立案日期",
    "closing_date": "结案日期 (NULL while pending)",
    "closing_method": "how it closed (judgment, mediation, withdrawal, enforced_in_full ...)",
    "status": "pending | closed",
    "current_node": "last workflow node reached",
    "claim_amount": "amount claimed / applied for enforcement",
    "origin_case_id": "case this one stems from",
    "origin_relation": "appeal | retrial | enforcement | resumed_enforcement | remand_retrial",
    "is_original": "TRUE when the case stems from no earlier case (a new dispute, 案)",
    "extended_days": "approved 审限 extension (days)",
    "excluded_days": "days not counted in 审限 (公告, 鉴定 ...)",
    "days_to_close": "closing_date - filing_date (calendar days)",
    "counted_days": "days_to_close - excluded_days (days counted against 审限)",
    "limit_days": "statutory 审限 in days from filing (ref_time_limits; months counted to the same day)",
    "allowed_days": "limit_days + extended_days",
    "deadline_date": "last day within 审限: filing + limit + extension + excluded days (law.time_limits.deadline)",
    "within_limit": "closed and closing_date <= deadline_date (NULL: no 审限 known or pending)",
    "appeal_case_id": "first appeal (second-instance case) against this case",
    "appeal_filed": "its filing date",
    "appeal_result": "its result (appeal_results): upheld | modified | partly_modified | remanded ...",
    "appeal_reason": "reason given for modifying / remanding",
    "appeal_decided": "date of the appeal decision",
    "retrial_app_case_id": "first retrial application (再审审查, 民申 ...) against this case",
    "retrial_app_filed": "its filing date",
    "retrial_case_id": "first retrial (再审) of this case",
    "retrial_filed": "its filing date",
    "retrial_result": "retrial result: upheld | modified | partly_modified | remanded ...",
    "retrial_reason": "reason given",
    "retrial_decided": "date of the retrial decision",
    "own_result": "for an appeal / retrial case: its own result on the case it reviewed",
    "own_reason": "the reason it gave",
    "resumed_case_id": "first resumed execution (执恢) stemming from this case",
    "resumed_filed": "its filing date",
    "n_hearings": "hearing events (开庭)",
    "n_settings": "scheduling events (排期): > 1 means the hearing date was reset",
    "first_hearing": "date of the first hearing",
    "last_hearing": "date of the last hearing",
    "pronounced_on": "date of the first pronouncement (宣判) event",
    "presuit_mediated": "went through pre-suit mediation (an event at node pre_filing_mediation)",
    "paid_in": "money paid into court by debtors (payments in)",
    "paid_out": "money paid out to payees (payments out, 案款发放)",
    "has_notice": "execution notice issued (执行通知)",
    "has_property_order": "property report order (报告财产令)",
    "has_online_search": "online property search (网络查控)",
    "has_consumption_restriction": "consumption restriction (限制消费令)",
    "has_dishonest_list": "put on the dishonest-debtor list (失信名单)",
    "termination_date": "date of the 终本 action, if any",
    "reviewed": "a quality review (评查) of this case exists",
    "review_outcome": "latest review outcome: no_error | flawed | error",
    "review_accountable": "someone held accountable in any review",
    "reviewed_at": "date of the latest review",
    "last_activity": "the latest of the case's dates (filing, closing, appeal, retrial, hearings, review ...)",
}


def _limits_sql(con: duckdb.DuckDBPyConnection) -> str:
    """(family, procedure, trial_procedure or '' = any) -> limit in months and days.

    The law package owns the 审限 rules; installing its reference tables on every prepare keeps
    the facts in step with the code (CREATE OR REPLACE, idempotent)."""
    from courtqc.law.reference import install

    install(con)
    return """
        SELECT family, procedure, coalesce(trial_procedure, '') AS tp,
               min(limit_months) AS limit_months, min(limit_days) AS limit_days
        FROM ref_time_limits GROUP BY ALL"""


def select_sql(con: duckdb.DuckDBPyConnection) -> str:
    """The fact SELECT over the canonical tables."""
    return f"""
WITH lim AS ({_limits_sql(con)}),
child AS (
    -- what stems from each case: appeal, retrial application, retrial, resumed execution
    SELECT origin_case_id AS case_id,
        arg_min(case_id, filing_date) FILTER (WHERE procedure = 'second' OR origin_relation = 'appeal') AS appeal_case_id,
        min(filing_date) FILTER (WHERE procedure = 'second' OR origin_relation = 'appeal') AS appeal_filed,
        arg_min(case_id, filing_date) FILTER (WHERE procedure = 'retrial_review') AS retrial_app_case_id,
        min(filing_date) FILTER (WHERE procedure = 'retrial_review') AS retrial_app_filed,
        arg_min(case_id, filing_date) FILTER (WHERE procedure = 'retrial') AS retrial_case_id,
        min(filing_date) FILTER (WHERE procedure = 'retrial') AS retrial_filed,
        arg_min(case_id, filing_date) FILTER (WHERE origin_relation = 'resumed_enforcement' OR type_code = '执恢') AS resumed_case_id,
        min(filing_date) FILTER (WHERE origin_relation = 'resumed_enforcement' OR type_code = '执恢') AS resumed_filed
    FROM cases WHERE origin_case_id IS NOT NULL GROUP BY origin_case_id),
res AS (
    -- the latest appeal and retrial decision on each reviewed case
    SELECT ar.origin_case_id AS case_id,
        arg_max(ar.result, ar.decided_date) FILTER (WHERE r.procedure = 'second') AS appeal_result,
        arg_max(ar.reason, ar.decided_date) FILTER (WHERE r.procedure = 'second') AS appeal_reason,
        max(ar.decided_date) FILTER (WHERE r.procedure = 'second') AS appeal_decided,
        arg_max(ar.result, ar.decided_date) FILTER (WHERE r.procedure = 'retrial') AS retrial_result,
        arg_max(ar.reason, ar.decided_date) FILTER (WHERE r.procedure = 'retrial') AS retrial_reason,
        max(ar.decided_date) FILTER (WHERE r.procedure = 'retrial') AS retrial_decided
    FROM appeal_results ar JOIN cases r ON r.case_id = ar.case_id
    GROUP BY ar.origin_case_id),
ev AS (
    SELECT case_id,
        count(*) FILTER (WHERE node = 'hearing') AS n_hearings,
        count(*) FILTER (WHERE node = 'scheduling') AS n_settings,
        CAST(min(occurred_at) FILTER (WHERE node = 'hearing') AS DATE) AS first_hearing,
        CAST(max(occurred_at) FILTER (WHERE node = 'hearing') AS DATE) AS last_hearing,
        CAST(min(occurred_at) FILTER (WHERE node = 'pronouncement') AS DATE) AS pronounced_on,
        bool_or(node = 'pre_filing_mediation') AS presuit_mediated
    FROM events WHERE node IN ('hearing', 'scheduling', 'pronouncement', 'pre_filing_mediation')
    GROUP BY case_id),
pay AS (
    SELECT case_id,
        sum(amount) FILTER (WHERE direction = 'in') AS paid_in,
        sum(amount) FILTER (WHERE direction = 'out') AS paid_out
    FROM payments GROUP BY case_id),
act AS (
    SELECT case_id,
        bool_or(kind = 'notice') AS has_notice,
        bool_or(kind = 'property_report_order') AS has_property_order,
        bool_or(kind = 'online_search') AS has_online_search,
        bool_or(kind = 'consumption_restriction') AS has_consumption_restriction,
        bool_or(kind = 'dishonest_list') AS has_dishonest_list,
        max(action_date) FILTER (WHERE kind = 'termination_current') AS termination_date
    FROM enforcement_actions GROUP BY case_id),
rev AS (
    SELECT case_id, arg_max(outcome, reviewed_at) AS review_outcome,
        bool_or(accountable) AS review_accountable, max(reviewed_at) AS reviewed_at
    FROM quality_reviews GROUP BY case_id),
base AS (
    SELECT c.*,
        ar.result AS own_result, ar.reason AS own_reason,
        co.level AS court_level
    FROM cases c
    LEFT JOIN appeal_results ar ON ar.case_id = c.case_id
    LEFT JOIN courts co ON co.court_code = c.court_code),
dl AS (
    -- the deadline as courtqc.law.time_limits.deadline() computes it (months clamp to the
    -- month's last day); a case without trial procedure counts as ordinary (law.reference)
    SELECT b.case_id,
        CAST(b.filing_date + to_months(coalesce(l1.limit_months, l2.limit_months)) AS DATE)
            + coalesce(l1.limit_days, l2.limit_days) - b.filing_date AS limit_days,
        CAST(b.filing_date + to_months(coalesce(l1.limit_months, l2.limit_months)) AS DATE)
            + coalesce(l1.limit_days, l2.limit_days) + b.extended_days + b.excluded_days AS deadline_date
    FROM base b
    LEFT JOIN lim l1 ON l1.family = b.family AND l1.procedure = b.procedure
        AND l1.tp = coalesce(b.trial_procedure, 'ordinary')
    LEFT JOIN lim l2 ON l2.family = b.family AND l2.procedure = b.procedure AND l2.tp = '')
SELECT
    b.case_id, b.case_no, b.court_code, b.court_level, b.dept_id,
    b.presiding_judge_id AS judge_id, b.family, b.procedure, b.trial_procedure, b.type_code,
    b.cause_code, b.cause_name, b.filing_date, b.closing_date, b.closing_method, b.status,
    b.current_node, CAST(b.claim_amount AS DOUBLE) AS claim_amount,
    b.origin_case_id, b.origin_relation, b.origin_case_id IS NULL AS is_original,
    b.extended_days, b.excluded_days,
    b.closing_date - b.filing_date AS days_to_close,
    b.closing_date - b.filing_date - b.excluded_days AS counted_days,
    d.limit_days, d.limit_days + b.extended_days AS allowed_days, d.deadline_date,
    CASE WHEN b.closing_date IS NULL OR d.deadline_date IS NULL THEN NULL
         ELSE b.closing_date <= d.deadline_date END AS within_limit,
    ch.appeal_case_id, ch.appeal_filed, rs.appeal_result, rs.appeal_reason, rs.appeal_decided,
    ch.retrial_app_case_id, ch.retrial_app_filed, ch.retrial_case_id, ch.retrial_filed,
    rs.retrial_result, rs.retrial_reason, rs.retrial_decided,
    b.own_result, b.own_reason, ch.resumed_case_id, ch.resumed_filed,
    coalesce(ev.n_hearings, 0) AS n_hearings, coalesce(ev.n_settings, 0) AS n_settings,
    ev.first_hearing, ev.last_hearing, ev.pronounced_on,
    coalesce(ev.presuit_mediated, FALSE) AS presuit_mediated,
    coalesce(CAST(pay.paid_in AS DOUBLE), 0) AS paid_in,
    coalesce(CAST(pay.paid_out AS DOUBLE), 0) AS paid_out,
    coalesce(act.has_notice, FALSE) AS has_notice,
    coalesce(act.has_property_order, FALSE) AS has_property_order,
    coalesce(act.has_online_search, FALSE) AS has_online_search,
    coalesce(act.has_consumption_restriction, FALSE) AS has_consumption_restriction,
    coalesce(act.has_dishonest_list, FALSE) AS has_dishonest_list,
    act.termination_date,
    rev.case_id IS NOT NULL AS reviewed, rev.review_outcome,
    coalesce(rev.review_accountable, FALSE) AS review_accountable, rev.reviewed_at,
    greatest({", ".join(ACTIVITY_DATES)}) AS last_activity
FROM base b
LEFT JOIN dl d ON d.case_id = b.case_id
LEFT JOIN child ch ON ch.case_id = b.case_id
LEFT JOIN res rs ON rs.case_id = b.case_id
LEFT JOIN ev ON ev.case_id = b.case_id
LEFT JOIN pay ON pay.case_id = b.case_id
LEFT JOIN act ON act.case_id = b.case_id
LEFT JOIN rev ON rev.case_id = b.case_id
"""


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()[0]
    )


def signature(con: duckdb.DuckDBPyConnection) -> str:
    """A cheap fingerprint of the data the facts are built from; a change means rebuild."""
    parts = con.execute(
        """SELECT (SELECT count(*) || '/' || count(closing_date) || '/' || coalesce(max(case_id), 0)
                   || '/' || coalesce(sum(extended_days + excluded_days), 0) FROM cases),
                  (SELECT count(*) FROM events), (SELECT count(*) FROM appeal_results),
                  (SELECT count(*) FROM payments), (SELECT count(*) FROM enforcement_actions),
                  (SELECT count(*) FROM quality_reviews), (SELECT count(*) FROM courts),
                  (SELECT count(*) FROM judges), (SELECT count(*) FROM district_population)"""
    ).fetchone()
    return "|".join(str(p) for p in parts)


def prepare(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)build the fact table and court tree; returns the number of cases."""
    from courtqc.schema import create_schema

    create_schema(con)  # a store from an older schema version may lack newer (empty) tables
    # one transaction: a reader sees the old facts, tree and signature or all three new ones
    with transaction(con):
        con.execute(f"CREATE OR REPLACE VIEW {FACTS}_live AS {select_sql(con)}")
        # ordered by court and filing date so that DuckDB's zone maps skip row groups of a slice
        con.execute(
            f"CREATE OR REPLACE TABLE {FACTS} AS SELECT * FROM {FACTS}_live ORDER BY court_code, filing_date"
        )
        con.execute(
            f"""CREATE OR REPLACE TABLE {TREE} AS
            WITH RECURSIVE t(ancestor, court_code, depth) AS (
                SELECT court_code, court_code, 0 FROM courts
                UNION ALL
                SELECT t.ancestor, c.court_code, t.depth + 1
                FROM t JOIN courts c ON c.parent_code = t.court_code WHERE t.depth < 10)
            SELECT DISTINCT ancestor, court_code, depth FROM t"""
        )
        # the last day the data knows of: periods running past it are measured "to date"
        con.execute(
            f"""CREATE OR REPLACE TABLE {META} AS SELECT CAST(? AS VARCHAR) AS signature,
                '{VERSION}' AS version, CAST(? AS TIMESTAMP) AS built_at,
                greatest((SELECT max(filing_date) FROM cases), (SELECT max(closing_date) FROM cases),
                         (SELECT CAST(max(occurred_at) AS DATE) FROM events)) AS data_as_of""",
            [signature(con), utcnow_s()],  # stored instants are naive UTC (courtqc.clock)
        )
    return con.execute(f"SELECT count(*) FROM {FACTS}").fetchone()[0]


def is_current(con: duckdb.DuckDBPyConnection) -> bool:
    if not (_has_table(con, FACTS) and _has_table(con, META) and _has_table(con, TREE)):
        return False
    if not _version_ok(con):
        return False
    row = con.execute(f"SELECT signature FROM {META}").fetchone()
    return row is not None and row[0] == signature(con)


def data_as_of(con: duckdb.DuckDBPyConnection) -> date | None:
    """The last day the store's data knows of (latest filing, closing or event)."""
    row = con.execute(f"SELECT data_as_of FROM {META}").fetchone()
    return row[0] if row else None


def _version_ok(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        row = con.execute(f"SELECT version FROM {META}").fetchone()
    except (duckdb.BinderException, duckdb.CatalogException):  # absent, or an older layout
        return False
    return row is not None and row[0] == VERSION


def ensure(con: duckdb.DuckDBPyConnection, *, check: bool = True) -> bool:
    """Build the facts if absent or built by another version of this module (or, with check,
    if the data changed since). Returns True if it (re)built them."""
    if not _has_table(con, FACTS) or not _has_table(con, TREE) or not _version_ok(con):
        prepare(con)
        return True
    if check and not is_current(con):
        prepare(con)
        return True
    return False
