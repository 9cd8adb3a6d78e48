"""The rows a chunk of closed cases is rendered from: a handful of set-based queries per chunk,
dates as day numbers and amounts as text (cheap to hand to Python)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb

from courtqc.synth.documents.text import (
    _ROLE_ORDER,
    _claim,
)


@dataclass(slots=True)
class _Party:
    role: str
    seq: int
    party_id: int
    kind: str
    name: str
    gender: str | None
    birth: int | None
    ethnicity: str | None
    address: str | None
    legal_rep: str | None
    uscc: str | None = None  # unified social credit code (legal persons)
    agents: list[tuple[str, str, str | None]] = field(default_factory=list)


@dataclass(slots=True)
class _Sentence:
    party_id: int
    charges: str
    penalty: str
    term_months: int | None
    probation_months: int | None
    fine: str | None
    crime_amount: str | None
    custody_start: int | None
    term_start: int | None
    term_end: int | None
    political_months: int | None
    confiscation: str | None


@dataclass(slots=True)
class _Outcome:
    seq: int
    payer: int | None
    payee: int | None
    kind: str
    amount: str | None
    basis: str | None
    interest_from: int | None
    rate_text: str | None
    rate_pct: str | None
    contract_date: int | None
    late_article: int | None


@dataclass(slots=True)
class _Case:
    case_id: int
    case_no: str
    court_code: str
    family: str
    procedure: str
    trial_procedure: str | None
    cause: str | None
    filing: int
    closing: int
    method: str | None
    dept_id: int | None
    presiding_id: int | None
    claim: str | None
    result: str | None
    decided: int | None
    hearing: int | None
    appeal_court: str | None
    o_case_no: str | None
    o_court: str | None
    o_closing: int | None
    o_method: str | None
    o_claim: str | None
    o_cause: str | None
    o_filing: int | None
    parties: list[_Party] = field(default_factory=list)
    sentences: list[_Sentence] = field(default_factory=list)
    outcomes: list[_Outcome] = field(default_factory=list)
    o_parties: list[_Party] = field(default_factory=list)
    o_sentences: list[_Sentence] = field(default_factory=list)
    o_outcomes: list[_Outcome] = field(default_factory=list)
    actions: list[tuple[str, int, str | None]] = field(default_factory=list)
    paid_in: str | None = None
    # preservation during the suit: (day, amount, respondent names), in filing order
    preservations: list[tuple[int, str | None, list[str]]] = field(default_factory=list)


def _days(col: str) -> str:
    return f"date_diff('day', DATE '1970-01-01', CAST({col} AS DATE))"


_SQL_CASES = f"""
SELECT c.case_id, c.case_no, c.court_code, c.family, c.procedure, c.trial_procedure,
       c.cause_name, {_days("c.filing_date")}, {_days("c.closing_date")}, c.closing_method,
       c.dept_id, c.presiding_judge_id, CAST(c.claim_amount AS VARCHAR),
       ar.result, {_days("ar.decided_date")}, {_days("h.d")}, ap.court_code,
       o.case_no, o.court_code, {_days("o.closing_date")}, o.closing_method,
       CAST(o.claim_amount AS VARCHAR), o.cause_name, {_days("o.filing_date")}
FROM cases c
LEFT JOIN appeal_results ar ON ar.case_id = c.case_id
LEFT JOIN cases o ON o.case_id = c.origin_case_id
LEFT JOIN (SELECT case_id, min(occurred_at) AS d FROM events
           WHERE node = 'hearing' AND case_id BETWEEN $lo AND $hi GROUP BY case_id) h
       ON h.case_id = c.case_id
LEFT JOIN (SELECT origin_case_id, min(court_code) AS court_code FROM cases
           WHERE origin_relation = 'appeal' AND origin_case_id BETWEEN $lo AND $hi
           GROUP BY origin_case_id) ap
       ON ap.origin_case_id = c.case_id
WHERE c.status = 'closed' AND c.closing_date IS NOT NULL AND c.case_id BETWEEN $lo AND $hi
ORDER BY c.case_id
"""

_PARTY_COLS = f"""cp.role, cp.seq, p.party_id, p.kind, p.name, p.gender, {_days("p.birth_date")},
       p.ethnicity, p.address, p.legal_rep, p.uscc"""

# Heading order of the roles (prosecutor first ... victim last), for ORDER BY.
_ROLE_RANK = (
    "CASE cp.role "
    + " ".join(f"WHEN '{r}' THEN {i}" for r, i in _ROLE_ORDER.items())
    + " ELSE 99 END"
)

_SQL_PARTIES = f"""
SELECT cp.case_id, {_PARTY_COLS}
FROM case_parties cp JOIN parties p ON p.party_id = cp.party_id
WHERE cp.case_id BETWEEN $lo AND $hi
ORDER BY cp.case_id, {_ROLE_RANK}, cp.seq, p.party_id
"""

# Parties of the origin case, keyed by the later case (appeal or enforcement).
_SQL_ORIGIN_PARTIES = f"""
SELECT c.case_id, {_PARTY_COLS}
FROM cases c JOIN case_parties cp ON cp.case_id = c.origin_case_id
JOIN parties p ON p.party_id = cp.party_id
WHERE c.case_id BETWEEN $lo AND $hi AND c.status = 'closed' AND c.origin_case_id IS NOT NULL
ORDER BY c.case_id, {_ROLE_RANK}, cp.seq, p.party_id
"""

_SQL_AGENTS = """
SELECT a.case_id, a.party_id, a.agent_name, a.agent_kind, f.name
FROM case_agents a LEFT JOIN lawyers l ON l.lawyer_id = a.lawyer_id
LEFT JOIN law_firms f ON f.firm_id = l.firm_id
WHERE a.case_id BETWEEN $lo AND $hi
"""

_SENTENCE_COLS = f"""s.party_id, s.charges, s.principal_penalty, s.term_months,
       s.probation_months, CAST(s.fine_yuan AS VARCHAR), CAST(s.crime_amount AS VARCHAR),
       {_days("s.custody_start")}, {_days("s.term_start")}, {_days("s.term_end")},
       s.political_rights_months, s.confiscation"""

_SQL_SENTENCES = f"""
SELECT s.case_id, {_SENTENCE_COLS} FROM sentences s WHERE s.case_id BETWEEN $lo AND $hi
ORDER BY s.case_id, s.party_id
"""

_SQL_ORIGIN_SENTENCES = f"""
SELECT c.case_id, {_SENTENCE_COLS}
FROM cases c JOIN sentences s ON s.case_id = c.origin_case_id
WHERE c.case_id BETWEEN $lo AND $hi AND c.status = 'closed' AND c.procedure = 'second'
ORDER BY c.case_id, s.party_id
"""

_OUTCOME_COLS = f"""o.item_seq, o.payer_party_id, o.payee_party_id, o.kind,
       CAST(o.amount_yuan AS VARCHAR), CAST(o.interest_basis AS VARCHAR),
       {_days("o.interest_from")}, o.interest_rate_text,
       CAST(CAST(o.interest_annual_pct AS DECIMAL(8,2)) AS VARCHAR), {_days("o.contract_date")},
       o.late_clause_article"""

_SQL_OUTCOMES = f"""
SELECT o.case_id, {_OUTCOME_COLS} FROM civil_outcomes o WHERE o.case_id BETWEEN $lo AND $hi
ORDER BY o.case_id, o.item_seq
"""

_SQL_ORIGIN_OUTCOMES = f"""
SELECT c.case_id, {_OUTCOME_COLS}
FROM cases c JOIN civil_outcomes o ON o.case_id = c.origin_case_id
WHERE c.case_id BETWEEN $lo AND $hi AND c.status = 'closed' AND c.procedure = 'second'
ORDER BY c.case_id, o.item_seq
"""

_SQL_ACTIONS = f"""
SELECT case_id, kind, {_days("min(action_date)")}, CAST(sum(amount) AS VARCHAR)
FROM enforcement_actions WHERE case_id BETWEEN $lo AND $hi GROUP BY case_id, kind
ORDER BY case_id, 3, kind
"""

_SQL_PRESERVATIONS = f"""
SELECT c.origin_case_id, {_days("c.filing_date")}, CAST(c.claim_amount AS VARCHAR),
       list(p.name ORDER BY cp.seq, p.party_id)
FROM cases c
JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role = 'respondent'
JOIN parties p ON p.party_id = cp.party_id
WHERE c.origin_relation = 'preservation' AND c.origin_case_id BETWEEN $lo AND $hi
GROUP BY c.origin_case_id, c.case_id, c.filing_date, c.claim_amount
ORDER BY c.origin_case_id, c.filing_date, c.case_id
"""

_SQL_PAID = """
SELECT case_id, CAST(sum(amount) AS VARCHAR) FROM payments
WHERE direction = 'in' AND case_id BETWEEN $lo AND $hi GROUP BY case_id
"""


def _rows(
    con: duckdb.DuckDBPyConnection, sql: str, lo: int, hi: int, only: str | None = None
) -> list[tuple]:
    if only is not None:  # the cases listed in a table (a sample), not a range of ids
        ids = f"IN (SELECT case_id FROM {only})"
        return con.execute(sql.replace("BETWEEN $lo AND $hi", ids)).fetchall()
    return con.execute(sql, {"lo": lo, "hi": hi}).fetchall()


def _load_chunk(
    con: duckdb.DuckDBPyConnection, lo: int, hi: int, only: str | None = None
) -> list[_Case]:
    """The closed cases with ids lo..hi, or (``only``) those whose ids a table lists."""
    cases = [_Case(*r) for r in _rows(con, _SQL_CASES, lo, hi, only)]
    by_id = {c.case_id: c for c in cases}
    agents: dict[tuple[int, int], list] = defaultdict(list)
    for cid, pid, name, kind, firm in _rows(con, _SQL_AGENTS, lo, hi, only):
        agents[cid, pid].append((name, kind, firm))
    for r in _rows(con, _SQL_PARTIES, lo, hi, only):
        c = by_id.get(r[0])
        if c is not None:
            p = _Party(*r[1:])
            p.agents = agents.get((r[0], p.party_id), [])
            c.parties.append(p)
    for r in _rows(con, _SQL_ORIGIN_PARTIES, lo, hi, only):
        c = by_id.get(r[0])
        if c is not None:
            c.o_parties.append(_Party(*r[1:]))
    for sql, attr in (
        (_SQL_SENTENCES, "sentences"),
        (_SQL_ORIGIN_SENTENCES, "o_sentences"),
    ):
        for r in _rows(con, sql, lo, hi, only):
            c = by_id.get(r[0])
            if c is not None:
                getattr(c, attr).append(_Sentence(*r[1:]))
    for sql, attr in ((_SQL_OUTCOMES, "outcomes"), (_SQL_ORIGIN_OUTCOMES, "o_outcomes")):
        for r in _rows(con, sql, lo, hi, only):
            c = by_id.get(r[0])
            if c is not None:
                getattr(c, attr).append(_Outcome(*r[1:]))
    if any(c.family == "enforcement" for c in cases):
        for cid, kind, day, amount in _rows(con, _SQL_ACTIONS, lo, hi, only):
            c = by_id.get(cid)
            if c is not None:
                c.actions.append((kind, day, amount))
        for cid, amount in _rows(con, _SQL_PAID, lo, hi, only):
            c = by_id.get(cid)
            if c is not None:
                c.paid_in = amount
    for cid, day, amount, names in _rows(con, _SQL_PRESERVATIONS, lo, hi, only):
        c = by_id.get(cid)
        if c is not None:
            c.preservations.append((day, amount, names))
    for c in cases:  # every child query is ordered in SQL: parties in heading order ...
        c.claim, c.o_claim = _claim(c.claim), _claim(c.o_claim)
    return cases
