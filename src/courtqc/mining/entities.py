"""Party- and lawyer-level features: one row per litigant (the controller behind the claimant,
so a lender suing through the companies he represents or fronts is one entity) or per lawyer,
for clustering ring-like and outlying behaviour (courtqc.mining.clusters.mine_entities).

Why per entity: a false-lending ring or a professional lender is invisible in any one case —
each suit is an ordinary loan suit — and plain in the litigant's record: many suits of one
cause, mediated within days, always the same lawyer, borrowers who appear nowhere else. The
controller comes from the party graph's control edges (the `party_controller` operator view
that courtqc.graph reads); licensed lenders and institutional litigants (no identity key) are
left out, as the lender rules leave them out.

Like the case features, the query is SQL over the operator views and NULL-free, and a proposal
made from an entity cluster is an SQL model whose CTEs are this query: the engine flags the
cases of the entities the cluster's description selects, exactly as the miner measured.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np

from courtqc.errors import InvalidInput
from courtqc.mining.features import Feature

#: An entity enters the clustering with at least this many cases (claimant cases for a party).
MIN_CASES = 3


@dataclass(frozen=True)
class Kind:
    name: str  # party | lawyer
    zh: str  # 当事人 | 律师
    cases: str  # CTE body: (entity, case_id, party_id) rows over `cases c` where {where} holds
    features: tuple[Feature, ...]


def _num(name: str, zh: str, flag: bool = False) -> Feature:
    return Feature(name, zh, "num", "entities", "e", f"e.{name}", flag)


def _cat(name: str, zh: str) -> Feature:
    return Feature(name, zh, "cat", "entities", "e", f"e.{name}")


_COMMON = (
    _num("n_cases", "案件数"),
    _num("n_causes", "涉及案由数"),
    _cat("top_cause", "主要案由"),
    _num("top_cause_share", "主要案由占比"),
    _num("mediation_share", "调解结案占比"),
    _num("quick_mediation_share", "立案30日内调解结案占比"),
    _num("withdrawal_share", "撤诉占比"),
    _num("judgment_share", "判决结案占比"),
    _num("win_share", "获判给付占比"),
    _num("median_days", "审理天数中位数"),
    _num("n_courts", "涉及法院数"),
    _num("span_days", "首末立案间隔天数"),
)

PARTY = Kind(
    "party",
    "当事人（原告方实际控制人）",
    """SELECT DISTINCT pc.controller_key AS entity, r.case_id, r.party_id
       FROM case_roles r JOIN party_controller pc ON pc.party_id = r.party_id
       JOIN cases c ON c.case_id = r.case_id
       WHERE r.side = 'claimant' AND pc.controller_key IS NOT NULL AND NOT pc.licensed
         AND ({where})""",
    (
        *_COMMON,
        _num("n_identities", "名下起诉主体数（本人及所控公司）"),
        _num("n_lawyers", "委托律师数"),
        _num("top_lawyer_share", "最常委托律师代理占比"),
        _num("n_counterparties", "被告方人数"),
        _num("repeat_counterparty_share", "被告重复出现占比"),
        _num("counterparty_other_cases", "被告涉其他案件数均值"),
    ),
)

LAWYER = Kind(
    "lawyer",
    "律师",
    """SELECT DISTINCT CAST(a.lawyer_id AS VARCHAR) AS entity, a.case_id, a.party_id
       FROM case_agents a JOIN cases c ON c.case_id = a.case_id
       WHERE a.lawyer_id IS NOT NULL AND ({where})""",
    (
        *_COMMON,
        _num("n_clients", "委托人数"),
        _num("top_client_share", "最大委托人案件占比"),
        _num("both_sides_cases", "同案代理双方案件数"),
        _num("claimant_share", "代理原告方占比"),
    ),
)

KINDS = {k.name: k for k in (PARTY, LAWYER)}

_CASE_FACTS = """SELECT x.entity, x.case_id, any_value(c.cause_name) AS cause_name,
       any_value(c.closing_method) AS closing_method, any_value(c.court_code) AS court_code,
       any_value(c.filing_date) AS filing_date,
       any_value(date_diff('day', c.filing_date, c.closing_date)) AS days,
       bool_or(EXISTS (SELECT 1 FROM civil_outcomes o WHERE o.case_id = x.case_id
                       AND o.payee_party_id = x.party_id AND o.amount_yuan > 0)) AS won
FROM ent_cases x JOIN cases c ON c.case_id = x.case_id GROUP BY x.entity, x.case_id"""

_COMMON_SELECT = """count(*) AS n_cases,
       count(DISTINCT f.cause_name) AS n_causes,
       coalesce(tc.top_cause, '') AS top_cause,
       coalesce(tc.top_n, 0) / count(*) AS top_cause_share,
       avg(CAST(f.closing_method = 'mediation' AS INTEGER)) AS mediation_share,
       avg(CAST(f.closing_method = 'mediation' AND f.days <= 30 AS INTEGER)) AS quick_mediation_share,
       avg(CAST(f.closing_method = 'withdrawal' AS INTEGER)) AS withdrawal_share,
       avg(CAST(f.closing_method = 'judgment' AS INTEGER)) AS judgment_share,
       avg(CAST(f.won AS INTEGER)) AS win_share,
       coalesce(median(f.days), -1) AS median_days,
       count(DISTINCT f.court_code) AS n_courts,
       date_diff('day', min(f.filing_date), max(f.filing_date)) AS span_days"""

_TOP_CAUSE = """SELECT entity, arg_max(cause_name, n) AS top_cause, max(n) AS top_n FROM (
    SELECT entity, cause_name, count(*) AS n FROM ent_facts
    WHERE cause_name IS NOT NULL GROUP BY ALL) GROUP BY entity"""

_PARTY_EXTRA = {
    "ent_law": """SELECT entity, count(DISTINCT lawyer_id) AS n_lawyers, max(n) AS top_n FROM (
    SELECT x.entity, a.lawyer_id, count(DISTINCT x.case_id) OVER (PARTITION BY x.entity, a.lawyer_id) AS n
    FROM ent_cases x JOIN case_agents a ON a.case_id = x.case_id AND a.party_id = x.party_id
    WHERE a.lawyer_id IS NOT NULL) GROUP BY entity""",
    "ent_other": """SELECT x.entity, r.identity_key AS other, count(DISTINCT x.case_id) AS with_us
    FROM (SELECT DISTINCT entity, case_id FROM ent_cases) x
    JOIN case_roles r ON r.case_id = x.case_id AND r.side = 'respondent'
    WHERE r.identity_key IS NOT NULL GROUP BY ALL""",
    "ent_cp": """SELECT o.entity, count(*) AS n_counterparties,
       avg(CAST(o.with_us > 1 AS INTEGER)) AS repeat_share,
       avg(t.n - o.with_us) AS other_cases
    FROM ent_other o JOIN (SELECT identity_key, count(DISTINCT case_id) AS n FROM case_roles
                           WHERE identity_key IS NOT NULL GROUP BY 1) t
      ON t.identity_key = o.other GROUP BY o.entity""",
}
_PARTY_SELECT = """coalesce(any_value(ids.n), 0) AS n_identities,
       coalesce(any_value(l.n_lawyers), 0) AS n_lawyers,
       coalesce(any_value(l.top_n), 0) / count(*) AS top_lawyer_share,
       coalesce(any_value(cp.n_counterparties), 0) AS n_counterparties,
       coalesce(any_value(cp.repeat_share), 0) AS repeat_counterparty_share,
       coalesce(any_value(cp.other_cases), 0) AS counterparty_other_cases"""

_LAWYER_EXTRA = {
    "ent_side": """SELECT x.entity, x.case_id, x.party_id, r.side
    FROM ent_cases x JOIN (SELECT DISTINCT case_id, party_id, side, identity_key FROM case_roles) r
      ON r.case_id = x.case_id AND r.party_id = x.party_id""",
    "ent_cl": """SELECT entity, count(DISTINCT party_id) AS n_clients, max(n) AS top_n,
       count(DISTINCT case_id) FILTER (WHERE two_sides) AS both_sides,
       avg(CAST(side = 'claimant' AS INTEGER)) AS claimant_share FROM (
    SELECT s.*, count(DISTINCT case_id) OVER (PARTITION BY entity, party_id) AS n,
           count(DISTINCT side) FILTER (WHERE side IN ('claimant', 'respondent'))
               OVER (PARTITION BY entity, case_id) = 2 AS two_sides
    FROM ent_side s) GROUP BY entity""",
}
_LAWYER_SELECT = """coalesce(any_value(cl.n_clients), 0) AS n_clients,
       coalesce(any_value(cl.top_n), 0) / count(*) AS top_client_share,
       coalesce(any_value(cl.both_sides), 0) AS both_sides_cases,
       coalesce(any_value(cl.claimant_share), 0) AS claimant_share"""


def entity_ctes(kind: Kind, where: str = "TRUE") -> list[str]:
    """The CTEs (`name AS (...)`) ending in `ent`: one row per entity with at least MIN_CASES
    cases among those of `cases c` where `where` holds, its features NULL-free; and
    `ent_cases`: (entity, case_id, party_id) for every such case."""
    ctes = [
        f"ent_cases AS ({kind.cases.format(where=where)})",
        f"ent_facts AS ({_CASE_FACTS})",
        f"ent_top AS ({_TOP_CAUSE})",
    ]
    if kind.name == "party":
        ctes += [f"{k} AS ({v})" for k, v in _PARTY_EXTRA.items()]
        ctes.append(
            "ent_ids AS (SELECT x.entity, count(DISTINCT r.identity_key) AS n FROM ent_cases x "
            "JOIN (SELECT DISTINCT party_id, identity_key FROM case_roles) r "
            "ON r.party_id = x.party_id GROUP BY x.entity)"
        )
        extra_sel = _PARTY_SELECT
        joins = (
            "LEFT JOIN ent_ids ids ON ids.entity = f.entity "
            "LEFT JOIN ent_law l ON l.entity = f.entity "
            "LEFT JOIN ent_cp cp ON cp.entity = f.entity"
        )
        common = _COMMON_SELECT
    else:
        ctes += [f"{k} AS ({v})" for k, v in _LAWYER_EXTRA.items()]
        extra_sel = _LAWYER_SELECT
        joins = "LEFT JOIN ent_cl cl ON cl.entity = f.entity"
        common = _COMMON_SELECT
    ctes.append(
        f"""ent AS (SELECT f.entity, {common},
       {extra_sel}
FROM ent_facts f LEFT JOIN ent_top tc ON tc.entity = f.entity {joins}
GROUP BY f.entity, tc.top_cause, tc.top_n
HAVING count(*) >= {MIN_CASES})"""
    )
    return ctes


@dataclass
class Entities:
    """Entity features as numpy columns, and each entity's cases."""

    kind: Kind
    keys: np.ndarray  # object: entity key
    num: dict[str, np.ndarray]
    cat: dict[str, np.ndarray]
    cases: dict[str, np.ndarray]  # entity key -> its case ids

    def column(self, name: str) -> np.ndarray:
        return self.num[name] if name in self.num else self.cat[name]


def load(
    cur: duckdb.DuckDBPyConnection,
    kind: Kind,
    *,
    courts: list[str] | None = None,
    since: dt.date | None = None,
    before: dt.date | None = None,
) -> Entities:
    """The entities of the cases in `courts`, filed from `since` and before `before`."""
    where, params = ["TRUE"], []
    if courts:
        where.append(f"c.court_code IN ({', '.join('?' for _ in courts)})")
        params += list(courts)
    if since is not None:
        where.append("c.filing_date >= ?")
        params.append(since)
    if before is not None:
        where.append("c.filing_date < ?")
        params.append(before)
    ctes = entity_ctes(kind, " AND ".join(where))
    names = [f.name for f in kind.features]
    sql = (
        "WITH "
        + ",\n".join(ctes)
        + "\nSELECT e.entity, "
        + ", ".join(f"e.{n}" for n in names)
        + ", xc.cases AS __cases FROM ent e JOIN (SELECT entity, list(DISTINCT case_id) AS cases"
        " FROM ent_cases GROUP BY entity) xc ON xc.entity = e.entity ORDER BY e.entity"
    )
    try:
        tbl = cur.sql(sql, params=params).to_arrow_table()
    except duckdb.Error as e:
        raise InvalidInput(
            f"无法读取当事人或律师特征 (cannot read party or lawyer features): "
            f"{str(e).splitlines()[0]}"
        ) from None
    num = {
        f.name: np.asarray(tbl.column(f.name).to_numpy(zero_copy_only=False), dtype=np.float64)
        for f in kind.features
        if f.kind == "num"
    }
    cat = {
        f.name: np.asarray(tbl.column(f.name).to_pylist(), dtype=object)
        for f in kind.features
        if f.kind == "cat"
    }
    keys = np.asarray(tbl.column("entity").to_pylist(), dtype=object)
    cases = {
        k: np.asarray(v, dtype=np.int64)
        for k, v in zip(keys, tbl.column("__cases").to_pylist(), strict=True)
    }
    return Entities(kind, keys, num, cat, cases)
