"""The per-case features the miner learns from, as one SQL query over the canonical schema and
the operator views.

Why SQL, and why one query: a proposal's condition tree is evaluated on exactly the columns the
miner learnt from. A proposal that reads only columns of `cases` is a condition-tree model on
`cases`; any other becomes an SQL model whose `WITH f AS (...)` is this very query (only the
parts it needs), so what the miner measured is what the engine will run — in review, backtest
and node mode alike. Every feature is NULL-free (counts 0, amounts -1, categories ''), so a
comparison means the same in numpy and in SQL.

Features come from cases; parties, lawyers and agents (through `case_roles`, which carries the
resolved identity); workflow events; documents and their info points (when extracted); and the
party graph — how many suits the claimant's identity brings, how many cases the respondent's
identity is in, how many cases the claimant's lawyer takes. Institutional litigants (`is_hub`)
have no identity key, so they count 0 there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

#: Categorical value standing for NULL.
EMPTY = ""


@dataclass(frozen=True)
class Feature:
    name: str
    zh: str
    kind: str  # num | cat
    source: str  # cases | parties | lawyers | events | documents | info_points | identity
    group: str  # the CTE it comes from ('c' = cases itself)
    expr: str  # SQL over the group's CTE alias
    flag: bool = False  # 0/1: "是" / "否" in explanations


@dataclass(frozen=True)
class Group:
    """A CTE keyed by case_id, LEFT JOINed to cases."""

    name: str
    sql: str


GROUPS: dict[str, Group] = {
    g.name: g
    for g in (
        Group(
            "roles",
            """SELECT case_id,
       count(*) FILTER (WHERE side = 'claimant') AS n_claimants,
       count(*) FILTER (WHERE side = 'respondent') AS n_respondents,
       bool_or(side = 'claimant' AND kind = 'legal') AS claimant_legal,
       bool_or(side = 'respondent' AND kind = 'legal') AS respondent_legal,
       bool_or(side = 'claimant' AND is_hub) AS claimant_hub,
       bool_or(side = 'respondent' AND is_hub) AS respondent_hub
FROM case_roles GROUP BY case_id""",
        ),
        Group(
            "agents",
            """SELECT a.case_id,
       count(*) FILTER (WHERE r.side = 'claimant' AND a.agent_kind = 'lawyer') AS claimant_lawyers,
       count(*) FILTER (WHERE r.side = 'claimant' AND a.agent_kind = 'citizen') AS claimant_citizen_agents,
       count(*) FILTER (WHERE r.side = 'respondent') AS respondent_agents,
       count(*) FILTER (WHERE r.side = 'respondent' AND a.agent_kind = 'lawyer') AS respondent_lawyers,
       count(*) FILTER (WHERE a.agent_kind = 'legal_aid') AS legal_aid_agents
FROM case_agents a
JOIN (SELECT DISTINCT case_id, party_id, side FROM case_roles) r
  ON r.case_id = a.case_id AND r.party_id = a.party_id
GROUP BY a.case_id""",
        ),
        Group(
            "ev",
            """SELECT case_id, count(*) AS n_events, count(DISTINCT node) AS n_nodes
FROM events GROUP BY case_id""",
        ),
        Group(
            "docs",
            "SELECT case_id, count(*) AS n_documents FROM documents GROUP BY case_id",
        ),
        Group(
            "ident",
            """SELECT r.case_id,
       max(k.n) FILTER (WHERE r.side = 'claimant') AS claimant_suits,
       max(k2.n) FILTER (WHERE r.side = 'respondent') AS respondent_cases
FROM case_roles r
LEFT JOIN (SELECT identity_key, count(DISTINCT case_id) AS n FROM case_roles
           WHERE side = 'claimant' AND identity_key IS NOT NULL GROUP BY identity_key) k
  ON k.identity_key = r.identity_key AND r.side = 'claimant'
LEFT JOIN (SELECT identity_key, count(DISTINCT case_id) AS n FROM case_roles
           WHERE identity_key IS NOT NULL GROUP BY identity_key) k2
  ON k2.identity_key = r.identity_key AND r.side = 'respondent'
GROUP BY r.case_id""",
        ),
        Group(
            "lawyer",
            """SELECT a.case_id, max(l.n) AS claimant_lawyer_cases
FROM case_agents a
JOIN (SELECT DISTINCT case_id, party_id FROM case_roles WHERE side = 'claimant') r
  ON r.case_id = a.case_id AND r.party_id = a.party_id
JOIN (SELECT lawyer_id, count(DISTINCT case_id) AS n FROM case_agents
      WHERE lawyer_id IS NOT NULL GROUP BY lawyer_id) l ON l.lawyer_id = a.lawyer_id
GROUP BY a.case_id""",
        ),
        Group(
            "ipc",
            "SELECT case_id, count(*) AS n_info_points FROM info_points GROUP BY case_id",
        ),
    )
}


def _cat(name: str, zh: str, col: str | None = None) -> Feature:
    return Feature(name, zh, "cat", "cases", "c", f"coalesce(CAST(c.{col or name} AS VARCHAR), '')")


def _num(name: str, zh: str, source: str, group: str, expr: str) -> Feature:
    return Feature(name, zh, "num", source, group, expr)


def _cnt(name: str, zh: str, source: str, group: str) -> Feature:
    return _num(name, zh, source, group, f"coalesce({group}.{name}, 0)")


def _flag(name: str, zh: str, source: str, group: str) -> Feature:
    expr = f"CAST(coalesce({group}.{name}, FALSE) AS INTEGER)"
    return Feature(name, zh, "num", source, group, expr, flag=True)


BASE: tuple[Feature, ...] = (
    _cat("court_code", "法院"),
    _cat("family", "案件大类"),
    _cat("procedure", "审级程序"),
    _cat("trial_procedure", "审理程序"),
    _cat("type_code", "类型代字"),
    _cat("cause_name", "案由"),
    _cat("closing_method", "结案方式"),
    _cat("origin_relation", "来源关系"),
    _num(
        "claim_amount", "标的额（元）", "cases", "c", "coalesce(CAST(c.claim_amount AS DOUBLE), -1)"
    ),
    _num(
        "duration_days",
        "审理天数",
        "cases",
        "c",
        "date_diff('day', c.filing_date, coalesce(c.closing_date, as_of()))",
    ),
    _num("extended_days", "延长审限天数", "cases", "c", "coalesce(c.extended_days, 0)"),
    _num("excluded_days", "扣除审限天数", "cases", "c", "coalesce(c.excluded_days, 0)"),
    _cnt("n_claimants", "原告方人数", "parties", "roles"),
    _cnt("n_respondents", "被告方人数", "parties", "roles"),
    _flag("claimant_legal", "原告方有单位", "parties", "roles"),
    _flag("respondent_legal", "被告方有单位", "parties", "roles"),
    _flag("claimant_hub", "原告方为机构诉讼主体", "parties", "roles"),
    _flag("respondent_hub", "被告方为机构诉讼主体", "parties", "roles"),
    _cnt("claimant_lawyers", "原告方律师人数", "lawyers", "agents"),
    _cnt("claimant_citizen_agents", "原告方公民代理人数", "lawyers", "agents"),
    _cnt("respondent_agents", "被告方代理人数", "lawyers", "agents"),
    _cnt("respondent_lawyers", "被告方律师人数", "lawyers", "agents"),
    _cnt("legal_aid_agents", "法律援助人数", "lawyers", "agents"),
    _cnt("n_events", "流程节点事件数", "events", "ev"),
    _cnt("n_nodes", "经过的节点数", "events", "ev"),
    _cnt("n_documents", "文书数", "documents", "docs"),
    _cnt("claimant_suits", "原告身份起诉案件数", "identity", "ident"),
    _cnt("respondent_cases", "被告身份涉案数", "identity", "ident"),
    _cnt("claimant_lawyer_cases", "原告律师代理案件数", "identity", "lawyer"),
    _cnt("n_info_points", "信息点数", "info_points", "ipc"),
)

#: Columns of `cases` a condition-tree proposal on subject `cases` can read as they are: the
#: categories (a comparison with a non-empty value means the same on the raw column, NULL and
#: all: `eq` is false and `not eq` true for NULL in both) and the two day counts, NOT NULL in
#: the schema. An amount or a duration is not: NULL became -1, or needs `as_of()`.
RAW_CASE_COLUMNS = frozenset(
    {f.name for f in BASE if f.kind == "cat"} | {"extended_days", "excluded_days"}
)

_SAFE = re.compile(r"[^a-z0-9]+")
MAX_INFO_KEYS = 20


def info_point_features(cur: duckdb.DuckDBPyConnection, min_cases: int = 20) -> list[Feature]:
    """Presence of the commonest info-point kinds (only when documents have been extracted)."""
    try:
        keys = cur.execute(
            "SELECT key, count(DISTINCT case_id) n FROM info_points GROUP BY key "
            "HAVING n >= ? ORDER BY n DESC, key LIMIT ?",
            [min_cases, MAX_INFO_KEYS],
        ).fetchall()
    except duckdb.Error:
        return []
    out = []
    for key, _ in keys:
        name = "ip_" + _SAFE.sub("_", key.lower()).strip("_")[:40]
        lit = key.replace("'", "''")
        out.append(
            Feature(
                name,
                f"文书含信息点 {key}",
                "num",
                "info_points",
                f"ip_{name}",
                f"CAST(EXISTS (SELECT 1 FROM info_points i WHERE i.case_id = c.case_id "
                f"AND i.key = '{lit}') AS INTEGER)",
                flag=True,
            )
        )
    return out


def feature_parts(
    features: list[Feature], where: str = "", extra_select: str = ""
) -> tuple[list[str], str]:
    """The CTEs (`name AS (...)`) the features need and one SELECT giving case_id, filing_date
    and each feature, NULL-free, over the cases `where` holds. `extra_select`: more columns of
    `cases c` (the target's label)."""
    groups = []
    for f in features:
        if f.group in GROUPS and f.group not in groups:
            groups.append(f.group)
    ctes = [f"{g} AS ({GROUPS[g].sql})" for g in groups]
    cols = ", ".join(f"{f.expr} AS {f.name}" for f in features)
    joins = "".join(f"\nLEFT JOIN {g} ON {g}.case_id = c.case_id" for g in groups)
    extra = f", {extra_select}" if extra_select else ""
    cond = f"\nWHERE {where}" if where else ""
    return ctes, f"SELECT c.case_id, c.filing_date{extra}, {cols}\nFROM cases c{joins}{cond}"


def feature_sql(features: list[Feature], extra_select: str = "", where: str = "") -> str:
    """The features as one query (feature_parts with its CTEs in front)."""
    ctes, select = feature_parts(features, where, extra_select)
    return (f"WITH {', '.join(ctes)}\n" if ctes else "") + select


def available(cur: duckdb.DuckDBPyConnection) -> list[Feature]:
    """Every feature this store can give: the base set plus info-point kinds present."""
    return [*BASE, *info_point_features(cur)]


def by_name(features: list[Feature]) -> dict[str, Feature]:
    return {f.name: f for f in features}
