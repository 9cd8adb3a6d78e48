"""Cases: search within the court tree, one case with its parties, events, documents and
alerts, and a document's text. Every answer is written to the audit log. The SQL is in
courtqc.web.queries.cases; the answers' shapes in courtqc.web.schemas.cases."""

from __future__ import annotations

from typing import Any

import duckdb
from fastapi import APIRouter, HTTPException, Query, Request

from courtqc.domain.nodes import node_name
from courtqc.web import audit
from courtqc.web.api.common import case_not_found, label_alert, label_case, page_args
from courtqc.web.deps import Db, allowed, client_of
from courtqc.web.masking import mask_record, mask_text
from courtqc.web.queries import cases as Q
from courtqc.web.queries.graph import GraphCache
from courtqc.web.schemas.cases import CaseDetail, CaseGraph, CasePage, DocumentText
from courtqc.web.visibility import Principal

CaseReader = allowed("cases.read")

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


def find_case(con: duckdb.DuckDBPyConnection, p: Principal, ref: str) -> dict[str, Any]:
    """The case by case_id or 案号, if the principal's court tree covers it (else 404)."""
    c = Q.case_by_ref(con, ref)
    if c is None or not p.sees_case(c["court_code"]):
        raise case_not_found()
    return c


@router.get("", response_model=CasePage, response_model_exclude_unset=True)
def list_cases(
    request: Request,
    p: CaseReader,
    con: Db,
    q: str | None = Query(None, description="案号或当事人名称的一部分"),
    court: str | None = Query(None, description="法院代字（含下级法院）"),
    status: str | None = Query(None, pattern="^(pending|closed)$"),
    family: str | None = None,
    judge_id: int | None = None,
    mine: bool = Query(False, description="只看分配给我的案件（法官）"),
    page: int = 1,
    size: int = 20,
) -> dict:
    """Cases the user's court tree covers, newest filing first."""
    limit, offset = page_args(page, size)
    sub = None
    if court:
        if court not in p.courts:
            raise HTTPException(403, f"无权查看法院 {court} 的案件 (court outside your tree)")
        sub = request.app.state.tree.descendants(court)
    w, params = Q.search_filter(p, sub, status, family, judge_id, mine, q)
    total = Q.count_cases(con, w, params)
    items = Q.search_page(con, w, params, limit, offset)
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


@router.get("/{ref}", response_model=CaseDetail, response_model_exclude_unset=True)
def get_case(ref: str, request: Request, p: CaseReader, con: Db) -> dict:
    """One case (by case_id or 案号) with parties, agents, events, documents, outcomes, related
    cases and the alerts the user may see."""
    c = find_case(con, p, ref)
    cid = c["case_id"]
    clear = p.unmasked_for(c["presiding_judge_id"], c["dept_id"])
    names = request.app.state.tree.name
    label_case(c, names)
    parties = Q.parties(con, cid)
    for pa in parties:
        pa["role_zh"] = ROLE_ZH.get(pa["role"], pa["role"])
    if not clear:
        parties = [mask_record(pa) for pa in parties]
    agents = Q.agents(con, cid)
    events = Q.events(con, cid)
    for e in events:
        e["node_zh"] = node_name(e["node"])
    documents = Q.documents(con, cid)
    sentences = Q.table_rows(con, "sentences", cid)
    outcomes = Q.table_rows(con, "civil_outcomes", cid)
    appeals = Q.table_rows(con, "appeal_results", cid)
    enforcement = Q.table_rows(con, "enforcement_actions", cid)
    payments = Q.table_rows(con, "payments", cid)
    related = Q.related(con, p, cid, c["origin_case_id"])
    alerts = Q.alerts(con, p, cid)
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


@router.get(
    "/{ref}/documents/{doc_id}", response_model=DocumentText, response_model_exclude_unset=True
)
def get_document(ref: str, doc_id: int, request: Request, p: CaseReader, con: Db) -> dict:
    """A document's full text (ID numbers and phones masked unless the user handles the case)
    and its extracted info points."""
    c = find_case(con, p, ref)
    d = Q.document(con, c["case_id"], doc_id)
    if d is None:
        raise HTTPException(
            404, f"案件 {c['case_no']} 没有编号为 {doc_id} 的文书 (no such document)"
        )
    clear = p.unmasked_for(c["presiding_judge_id"], c["dept_id"])
    points = Q.info_points(con, doc_id)
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


RELATION_ZH = {
    "legal_rep": "法定代表人",
    "legal_rep_register": "法定代表人（登记）",
    "shared_phone": "同一电话",
    "shared_address": "同一地址",
    "namesake_rep": "同名法定代表人",
    "agent": "代理",
}


def _graph_cache(request: Request) -> GraphCache:
    """The app's GraphCache, made on first use (its own cursor of the served store)."""
    with request.app.state.store.lock:
        cache = getattr(request.app.state, "graph_cache", None)
        if cache is None:
            cache = request.app.state.graph_cache = GraphCache(request.app.state.store.con)
    return cache


def _mask_name(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1)


@router.get("/{ref}/graph", response_model=CaseGraph, response_model_exclude_unset=True)
def get_case_graph(ref: str, request: Request, p: CaseReader, con: Db) -> dict:
    """The case's parties and the people and companies related to them (controller groups,
    shared phones and addresses: op_controller_group, op_related_parties), with the lawyers
    acting in the case, as nodes and typed edges for the case view's graph. Related people are
    only those with a case in the caller's court tree; their names are masked unless the
    caller handles the case."""
    c = find_case(con, p, ref)
    clear = p.unmasked_for(c["presiding_judge_id"], c["dept_id"])
    g = _graph_cache(request).case_graph(p, c["case_id"])
    nodes: dict[str, dict] = {}
    links: list[dict] = []
    for pa in g["parties"]:
        node = pa["identity_key"] or f"party:{pa['party_id']}"
        nodes.setdefault(
            node,
            {
                "id": node,
                "name": pa["name"],
                "kind": pa["kind"],
                "category": "party",
                "role_zh": ROLE_ZH.get(pa["role"]),
            },
        )
    for r in g["related"]:
        name = r["name"] if clear or r["kind"] != "natural" else _mask_name(r["name"])
        nodes.setdefault(
            r["identity_key"],
            {"id": r["identity_key"], "name": name, "kind": r["kind"], "category": "related"},
        )
    for lk in g["links"]:
        links.append(
            {
                "source": lk["src"],
                "target": lk["dst"],
                "relation": lk["relation"],
                "relation_zh": RELATION_ZH.get(lk["relation"], lk["relation"]),
                "source_table": lk["source"],
                "confidence": lk["confidence"],
            }
        )
    by_party = {
        pa["party_id"]: pa["identity_key"] or f"party:{pa['party_id']}" for pa in g["parties"]
    }
    for a in g["agents"]:
        if a["party_id"] not in by_party:
            continue
        lid = f"lawyer:{a['lawyer_id'] if a['lawyer_id'] is not None else a['agent_name']}"
        nodes.setdefault(
            lid, {"id": lid, "name": a["agent_name"], "kind": a["agent_kind"], "category": "lawyer"}
        )
        links.append(
            {
                "source": lid,
                "target": by_party[a["party_id"]],
                "relation": "agent",
                "relation_zh": RELATION_ZH["agent"],
                "source_table": "case_agents",
                "confidence": 1.0,
            }
        )
    audit.record(
        con,
        p,
        "read_case_graph",
        c["case_no"],
        {"case_id": c["case_id"], "nodes": len(nodes)},
        client_of(request),
    )
    return {
        "case_id": c["case_id"],
        "case_no": c["case_no"],
        "masked": not clear,
        "nodes": list(nodes.values()),
        "links": links,
    }
