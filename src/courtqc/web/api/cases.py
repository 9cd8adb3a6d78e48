"""Cases: search within the court tree, one case with its parties, events, documents and
alerts, and a document's text. Every answer is written to the audit log."""

from __future__ import annotations

from typing import Any

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Query, Request

from courtqc.domain.nodes import node_name
from courtqc.web import audit
from courtqc.web.api.common import (
    case_not_found,
    label_alert,
    label_case,
    one,
    page_args,
    rows,
)
from courtqc.web.deps import client_of, db, require
from courtqc.web.masking import mask_record, mask_text
from courtqc.web.visibility import Principal, alert_scope_sql, case_scope_sql

router = APIRouter(prefix="/api/cases", tags=["cases 案件"])

ROLE_ZH = {
    "plaintiff": "原告",
    "defendant": "被告",
    "third_party": "第三人",
    "appellant": "上诉人",
    "appellee": "被上诉人",
    "applicant": "申请人",
    "respondent": "被申请人",
    "criminal_defendant": "被告人",
    "prosecutor": "公诉机关",
    "victim": "被害人",
}

_CASE_COLS = """c.case_id, c.case_no, c.year, c.court_code, c.type_code, c.family, c.procedure,
    c.trial_procedure, c.cause_code, c.cause_name, c.filing_date, c.closing_date,
    c.closing_method, c.status, c.current_node, c.dept_id, c.presiding_judge_id,
    c.claim_amount, c.origin_case_id, c.origin_relation, c.extended_days, c.excluded_days"""


def find_case(con: duckdb.DuckDBPyConnection, p: Principal, ref: str) -> dict[str, Any]:
    """The case by case_id or 案号, if the principal's court tree covers it (else 404)."""
    key = "c.case_id = ?" if ref.isdigit() else "c.case_no = ?"
    arg: Any = int(ref) if ref.isdigit() else ref
    c = one(
        con.execute(
            f"""SELECT {_CASE_COLS}, j.name AS judge_name, d.name AS dept_name
                FROM cases c LEFT JOIN judges j ON j.judge_id = c.presiding_judge_id
                LEFT JOIN departments d ON d.dept_id = c.dept_id WHERE {key}""",
            [arg],
        )
    )
    if c is None or not p.sees_case(c["court_code"]):
        raise case_not_found()
    return c


@router.get("")
def list_cases(
    request: Request,
    q: str | None = Query(None, description="案号或当事人名称的一部分"),
    court: str | None = Query(None, description="法院代字（含下级法院）"),
    status: str | None = Query(None, pattern="^(pending|closed)$"),
    family: str | None = None,
    judge_id: int | None = None,
    mine: bool = Query(False, description="只看分配给我的案件（法官）"),
    page: int = 1,
    size: int = 20,
    p: Principal = Depends(require("cases.read")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    """Cases the user's court tree covers, newest filing first."""
    limit, offset = page_args(page, size)
    where, params = case_scope_sql(p)
    conds = [where]
    if court:
        tree = request.app.state.tree
        if court not in p.courts:
            raise HTTPException(403, f"无权查看法院 {court} 的案件 (court outside your tree)")
        sub = tree.descendants(court)
        conds.append("c.court_code IN (" + ", ".join(f"$sc{i}" for i in range(len(sub))) + ")")
        params.update({f"sc{i}": v for i, v in enumerate(sub)})
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
    w = " AND ".join(conds)
    total = con.execute(f"SELECT count(*) FROM cases c WHERE {w}", params).fetchone()[0]
    items = rows(
        con.execute(
            f"""SELECT c.case_id, c.case_no, c.court_code, c.family, c.procedure, c.cause_name,
                       c.filing_date, c.closing_date, c.closing_method, c.status, c.current_node,
                       c.presiding_judge_id, j.name AS judge_name
                FROM cases c LEFT JOIN judges j ON j.judge_id = c.presiding_judge_id
                WHERE {w} ORDER BY c.filing_date DESC, c.case_id DESC
                LIMIT {limit} OFFSET {offset}""",
            params,
        )
    )
    names = request.app.state.tree.name
    items = [label_case(c, names) for c in items]
    audit.record(
        con,
        p,
        "list_cases",
        q,
        {
            "court": court,
            "status": status,
            "family": family,
            "page": page,
            "total": total,
            "case_ids": [c["case_id"] for c in items],
        },
        client_of(request),
    )
    return {"total": total, "page": page, "size": size, "items": items}


@router.get("/{ref}")
def get_case(
    ref: str,
    request: Request,
    p: Principal = Depends(require("cases.read")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    """One case (by case_id or 案号) with parties, agents, events, documents, outcomes, related
    cases and the alerts the user may see."""
    c = find_case(con, p, ref)
    cid = c["case_id"]
    clear = p.unmasked_for(c["presiding_judge_id"], c["dept_id"])
    names = request.app.state.tree.name
    label_case(c, names)
    parties = rows(
        con.execute(
            """SELECT pa.party_id, cp.role, cp.seq, pa.kind, pa.name, pa.id_number, pa.birth_date,
                      pa.gender, pa.address, pa.phone, pa.uscc, pa.legal_rep
               FROM case_parties cp JOIN parties pa ON pa.party_id = cp.party_id
               WHERE cp.case_id = ? ORDER BY cp.role, cp.seq""",
            [cid],
        )
    )
    for pa in parties:
        pa["role_zh"] = ROLE_ZH.get(pa["role"], pa["role"])
    if not clear:
        parties = [mask_record(pa) for pa in parties]
    agents = rows(
        con.execute(
            """SELECT a.party_id, a.agent_name, a.agent_kind, f.name AS firm
               FROM case_agents a LEFT JOIN lawyers l ON l.lawyer_id = a.lawyer_id
               LEFT JOIN law_firms f ON f.firm_id = l.firm_id WHERE a.case_id = ?""",
            [cid],
        )
    )
    events = rows(
        con.execute(
            """SELECT e.event_id, e.node, e.occurred_at, e.actor_id, j.name AS actor_name, e.note
               FROM events e LEFT JOIN judges j ON j.judge_id = e.actor_id
               WHERE e.case_id = ? ORDER BY e.occurred_at, e.event_id""",
            [cid],
        )
    )
    for e in events:
        e["node_zh"] = node_name(e["node"])
    documents = rows(
        con.execute(
            """SELECT doc_id, kind, title, issue_date, length(text) AS chars
               FROM documents WHERE case_id = ? ORDER BY issue_date, doc_id""",
            [cid],
        )
    )
    sentences = rows(con.execute("SELECT * FROM sentences WHERE case_id = ?", [cid]))
    outcomes = rows(
        con.execute("SELECT * FROM civil_outcomes WHERE case_id = ? ORDER BY item_seq", [cid])
    )
    appeals = rows(
        con.execute(
            "SELECT * FROM appeal_results WHERE case_id = ? OR origin_case_id = ?", [cid, cid]
        )
    )
    enforcement = rows(
        con.execute(
            "SELECT * FROM enforcement_actions WHERE case_id = ? ORDER BY action_date", [cid]
        )
    )
    payments = rows(
        con.execute("SELECT * FROM payments WHERE case_id = ? ORDER BY paid_date", [cid])
    )
    scope, params = case_scope_sql(p, "r")
    related = rows(
        con.execute(
            f"""SELECT r.case_id, r.case_no, r.court_code, r.origin_relation, r.status, r.filing_date
                FROM cases r WHERE (r.origin_case_id = $cid OR r.case_id = $origin) AND {scope}
                ORDER BY r.filing_date""",
            {**params, "cid": cid, "origin": c["origin_case_id"] or -1},
        )
    )
    ascope, aparams = alert_scope_sql(p)
    alerts = rows(
        con.execute(
            f"""SELECT a.alert_id, a.model_id, a.category, a.severity, a.message, a.node, a.mode,
                       a.pushed, a.status, a.created_at, a.evidence
                FROM alerts a JOIN cases c ON c.case_id = a.case_id
                WHERE a.case_id = $cid AND {ascope} ORDER BY a.alert_id""",
            {**aparams, "cid": cid},
        )
    )
    alerts = [label_alert(a) for a in alerts]
    if not clear:
        for a in alerts:
            a["message"] = mask_text(a["message"])
            a["evidence"] = [mask_record(e) for e in a["evidence"]]
    audit.record(
        con, p, "read_case", c["case_no"], {"case_id": cid, "masked": not clear}, client_of(request)
    )
    return {
        "case": c,
        "masked": not clear,
        "parties": parties,
        "agents": agents,
        "events": events,
        "documents": documents,
        "sentences": sentences,
        "civil_outcomes": outcomes,
        "appeal_results": appeals,
        "enforcement_actions": enforcement,
        "payments": payments,
        "related": related,
        "alerts": alerts,
    }


@router.get("/{ref}/documents/{doc_id}")
def get_document(
    ref: str,
    doc_id: int,
    request: Request,
    p: Principal = Depends(require("cases.read")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    """A document's full text (ID numbers and phones masked unless the user handles the case)
    and its extracted info points."""
    c = find_case(con, p, ref)
    d = one(
        con.execute(
            "SELECT doc_id, kind, title, issue_date, text FROM documents WHERE doc_id = ? AND case_id = ?",
            [doc_id, c["case_id"]],
        )
    )
    if d is None:
        raise HTTPException(
            404, f"案件 {c['case_no']} 没有编号为 {doc_id} 的文书 (no such document)"
        )
    clear = p.unmasked_for(c["presiding_judge_id"], c["dept_id"])
    points = rows(
        con.execute(
            "SELECT key, value, start_pos, end_pos, rule FROM info_points WHERE doc_id = ? ORDER BY start_pos",
            [doc_id],
        )
    )
    if not clear:
        d["text"] = mask_text(d["text"])
        for pt in points:
            pt["value"] = mask_text(pt["value"]) if isinstance(pt["value"], str) else pt["value"]
    audit.record(
        con,
        p,
        "read_document",
        c["case_no"],
        {"case_id": c["case_id"], "doc_id": doc_id},
        client_of(request),
    )
    return {"case_no": c["case_no"], "document": d, "info_points": points, "masked": not clear}
