"""Answers of /api/cases: the search page, one case with everything filed under it, and a
document. Codes come with their Chinese labels (api.common.label_case, label_alert)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from courtqc.web.schemas import ApiModel, Row


class CaseLabels(ApiModel):
    """The labels next to a case's codes; `closing_method_zh` only once it is closed."""

    court_name: str | None
    family_zh: str
    procedure_zh: str
    current_node_zh: str
    status_zh: str
    closing_method_zh: str | None = None


class CaseListItem(CaseLabels):
    case_id: int
    case_no: str
    court_code: str
    family: str
    procedure: str
    cause_name: str | None
    filing_date: dt.date
    closing_date: dt.date | None
    closing_method: str | None
    status: str
    current_node: str
    presiding_judge_id: int | None
    judge_name: str | None


class CasePage(ApiModel):
    total: int
    page: int
    size: int
    items: list[CaseListItem]


class Case(CaseLabels):
    case_id: int
    case_no: str
    year: int
    court_code: str
    type_code: str
    family: str
    procedure: str
    trial_procedure: str | None
    cause_code: str | None
    cause_name: str | None
    filing_date: dt.date
    closing_date: dt.date | None
    closing_method: str | None
    status: str
    current_node: str
    dept_id: int | None
    presiding_judge_id: int | None
    claim_amount: Decimal | None
    origin_case_id: int | None
    origin_relation: str | None
    extended_days: int | None
    excluded_days: int | None
    judge_name: str | None
    dept_name: str | None


class Party(ApiModel):
    """A party in the case; ID number, phone and address masked unless the caller handles it."""

    party_id: int
    role: str
    role_zh: str
    seq: int
    kind: str
    name: str | None
    id_number: str | None
    birth_date: Any  # a date, or its masked text
    gender: str | None
    address: str | None
    phone: str | None
    uscc: str | None
    legal_rep: str | None


class Agent(ApiModel):
    party_id: int | None
    agent_name: str | None
    agent_kind: str | None
    firm: str | None


class CaseEvent(ApiModel):
    event_id: int
    node: str
    node_zh: str
    occurred_at: dt.datetime
    actor_id: int | None
    actor_name: str | None
    note: str | None


class DocumentRef(ApiModel):
    doc_id: int
    kind: str
    title: str | None
    issue_date: dt.date | None
    chars: int | None


class RelatedCase(ApiModel):
    case_id: int
    case_no: str
    court_code: str
    origin_relation: str | None
    status: str
    filing_date: dt.date


class CaseAlert(ApiModel):
    """An alert on the case the caller may see; message and evidence masked as the case is."""

    alert_id: int
    model_id: str
    category: str
    category_zh: str | None
    severity: str
    severity_zh: str | None
    message: str
    node: str | None
    node_zh: str | None = None
    mode: str
    pushed: bool
    status: str
    created_at: dt.datetime
    evidence: list[Row]


class CaseDetail(ApiModel):
    case: Case
    masked: bool
    parties: list[Party]
    agents: list[Agent]
    events: list[CaseEvent]
    documents: list[DocumentRef]
    sentences: list[Row]
    civil_outcomes: list[Row]
    appeal_results: list[Row]
    enforcement_actions: list[Row]
    payments: list[Row]
    related: list[RelatedCase]
    alerts: list[CaseAlert]


class Document(ApiModel):
    doc_id: int
    kind: str
    title: str | None
    issue_date: dt.date | None
    text: str | None


class InfoPoint(ApiModel):
    key: str
    value: Any
    start_pos: int | None
    end_pos: int | None
    rule: str | None


class DocumentText(ApiModel):
    case_no: str
    document: Document
    info_points: list[InfoPoint]
    masked: bool


class GraphNode(ApiModel):
    """A node of a case's party graph: `party` (a party of the case), `related` (a person or
    company linked to one; names of natural persons masked unless the caller handles the
    case) or `lawyer` (an agent acting in the case)."""

    id: str
    name: str
    kind: str | None
    category: str
    role_zh: str | None = None


class GraphLink(ApiModel):
    """An edge: its type (legal_rep, legal_rep_register, shared_phone, shared_address,
    namesake_rep, agent), its Chinese label, the table it was read from and a confidence."""

    source: str
    target: str
    relation: str
    relation_zh: str
    source_table: str
    confidence: float


class CaseGraph(ApiModel):
    case_id: int
    case_no: str
    masked: bool
    nodes: list[GraphNode]
    links: list[GraphLink]
