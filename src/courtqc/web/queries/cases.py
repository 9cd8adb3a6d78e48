"""The reads behind /api/cases: the search, one case with everything filed under it, and a
document with its extracted info points. Rows are dicts (column → value) that the router labels
and masks before they leave."""

from __future__ import annotations

from typing import Any

import duckdb

from courtqc.web.api.common import one, rows
from courtqc.web.visibility import Principal, alert_scope_sql, case_scope_sql

Row = dict[str, Any]

CASE_COLS = """c.case_id, c.case_no, c.year, c.court_code, c.type_code, c.family, c.procedure,
    c.trial_procedure, c.cause_code, c.cause_name, c.filing_date, c.closing_date,
    c.closing_method, c.status, c.current_node, c.dept_id, c.presiding_judge_id,
    c.claim_amount, c.origin_case_id, c.origin_relation, c.extended_days, c.excluded_days"""

# Tables read whole for a case's page, with their order (`SELECT *`: what the store holds).
CASE_TABLES = {
    "sentences": ("case_id = $cid", ""),
    "civil_outcomes": ("case_id = $cid", "ORDER BY item_seq"),
    "appeal_results": ("case_id = $cid OR origin_case_id = $cid", ""),
    "enforcement_actions": ("case_id = $cid", "ORDER BY action_date"),
    "payments": ("case_id = $cid", "ORDER BY paid_date"),
}


def case_by_ref(con: duckdb.DuckDBPyConnection, ref: str) -> Row | None:
    """The case by case_id (all digits) or 案号, with its judge's and department's names."""
    key = "c.case_id = ?" if ref.isdigit() else "c.case_no = ?"
    arg: Any = int(ref) if ref.isdigit() else ref
    return one(
        con.execute(
            f"""SELECT {CASE_COLS}, j.name AS judge_name, d.name AS dept_name
                FROM cases c LEFT JOIN judges j ON j.judge_id = c.presiding_judge_id
                LEFT JOIN departments d ON d.dept_id = c.dept_id WHERE {key}""",
            [arg],
        )
    )


def search_filter(
    p: Principal,
    courts: list[str] | None = None,
    status: str | None = None,
    family: str | None = None,
    judge_id: int | None = None,
    mine: bool = False,
    q: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """WHERE over `c` (cases): the principal's scope, then each filter given. `courts` is the
    subtree of a court the caller asked for (already checked to be theirs)."""
    where, params = case_scope_sql(p)
    conds = [where]
    if courts:
        conds.append("c.court_code IN (" + ", ".join(f"$sc{i}" for i in range(len(courts))) + ")")
        params.update({f"sc{i}": v for i, v in enumerate(courts)})
    if status:
        conds.append("c.status = $status")
        params["status"] = status
    if family:
        conds.append("c.family = $family")
        params["family"] = family
    if judge_id is not None:
        conds.append("c.presiding_judge_id = $judge")
        params["judge"] = judge_id
    if mine:
        conds.append("c.presiding_judge_id = $me")
        params["me"] = p.judge_id if p.judge_id is not None else -1
    if q:
        params["q"] = f"%{q.strip()}%"
        conds.append(
            """(c.case_no LIKE $q OR c.case_id IN (SELECT cp.case_id FROM case_parties cp
                 JOIN parties pa ON pa.party_id = cp.party_id WHERE pa.name LIKE $q))"""
        )
    return " AND ".join(conds), params


def count_cases(con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any]) -> int:
    return con.execute(f"SELECT count(*) FROM cases c WHERE {where}", params).fetchone()[0]


def search_page(
    con: duckdb.DuckDBPyConnection, where: str, params: dict[str, Any], limit: int, offset: int
) -> list[Row]:
    """One page of the search, newest filing first."""
    return rows(
        con.execute(
            f"""SELECT c.case_id, c.case_no, c.court_code, c.family, c.procedure, c.cause_name,
                       c.filing_date, c.closing_date, c.closing_method, c.status, c.current_node,
                       c.presiding_judge_id, j.name AS judge_name
                FROM cases c LEFT JOIN judges j ON j.judge_id = c.presiding_judge_id
                WHERE {where} ORDER BY c.filing_date DESC, c.case_id DESC
                LIMIT {int(limit)} OFFSET {int(offset)}""",
            params,
        )
    )


def parties(con: duckdb.DuckDBPyConnection, case_id: int) -> list[Row]:
    return rows(
        con.execute(
            """SELECT pa.party_id, cp.role, cp.seq, pa.kind, pa.name, pa.id_number, pa.birth_date,
                      pa.gender, pa.address, pa.phone, pa.uscc, pa.legal_rep
               FROM case_parties cp JOIN parties pa ON pa.party_id = cp.party_id
               WHERE cp.case_id = ? ORDER BY cp.role, cp.seq""",
            [case_id],
        )
    )


def agents(con: duckdb.DuckDBPyConnection, case_id: int) -> list[Row]:
    return rows(
        con.execute(
            """SELECT a.party_id, a.agent_name, a.agent_kind, f.name AS firm
               FROM case_agents a LEFT JOIN lawyers l ON l.lawyer_id = a.lawyer_id
               LEFT JOIN law_firms f ON f.firm_id = l.firm_id WHERE a.case_id = ?""",
            [case_id],
        )
    )


def events(con: duckdb.DuckDBPyConnection, case_id: int) -> list[Row]:
    return rows(
        con.execute(
            """SELECT e.event_id, e.node, e.occurred_at, e.actor_id, j.name AS actor_name, e.note
               FROM events e LEFT JOIN judges j ON j.judge_id = e.actor_id
               WHERE e.case_id = ? ORDER BY e.occurred_at, e.event_id""",
            [case_id],
        )
    )


def documents(con: duckdb.DuckDBPyConnection, case_id: int) -> list[Row]:
    """The case's documents without their text (its length instead)."""
    return rows(
        con.execute(
            """SELECT doc_id, kind, title, issue_date, length(text) AS chars
               FROM documents WHERE case_id = ? ORDER BY issue_date, doc_id""",
            [case_id],
        )
    )


def table_rows(con: duckdb.DuckDBPyConnection, table: str, case_id: int) -> list[Row]:
    """Every row of one of `CASE_TABLES` filed under the case (an appeal result also under the
    case it appeals)."""
    where, order = CASE_TABLES[table]
    return rows(con.execute(f"SELECT * FROM {table} WHERE {where} {order}", {"cid": case_id}))


def related(
    con: duckdb.DuckDBPyConnection, p: Principal, case_id: int, origin_case_id: int | None
) -> list[Row]:
    """The cases that came from this one and the one it came from, within the caller's scope."""
    scope, params = case_scope_sql(p, "r")
    return rows(
        con.execute(
            f"""SELECT r.case_id, r.case_no, r.court_code, r.origin_relation, r.status, r.filing_date
                FROM cases r WHERE (r.origin_case_id = $cid OR r.case_id = $origin) AND {scope}
                ORDER BY r.filing_date""",
            {**params, "cid": case_id, "origin": origin_case_id or -1},
        )
    )


def alerts(con: duckdb.DuckDBPyConnection, p: Principal, case_id: int) -> list[Row]:
    """The case's alerts the caller may see (a judge's scope is their own cases)."""
    ascope, aparams = alert_scope_sql(p)
    return rows(
        con.execute(
            f"""SELECT a.alert_id, a.model_id, a.category, a.severity, a.message, a.node, a.mode,
                       a.pushed, a.status, a.created_at, a.evidence
                FROM alerts a JOIN cases c ON c.case_id = a.case_id
                WHERE a.case_id = $cid AND {ascope} ORDER BY a.alert_id""",
            {**aparams, "cid": case_id},
        )
    )


def document(con: duckdb.DuckDBPyConnection, case_id: int, doc_id: int) -> Row | None:
    return one(
        con.execute(
            "SELECT doc_id, kind, title, issue_date, text FROM documents "
            "WHERE doc_id = ? AND case_id = ?",
            [doc_id, case_id],
        )
    )


def info_points(con: duckdb.DuckDBPyConnection, doc_id: int) -> list[Row]:
    return rows(
        con.execute(
            "SELECT key, value, start_pos, end_pos, rule FROM info_points "
            "WHERE doc_id = ? ORDER BY start_pos",
            [doc_id],
        )
    )
