"""The complaints, defences and evidence lists of the synthetic court (issue 18 item 4), so
that element-based trial (courtqc.elements) answers for its cases.

Which cases: first-instance cases whose cause is one of the seven element-trial types
(`CAUSE_TYPE`) —

- every **pending** one past pre-filing mediation: its complaint, dated the filing day; once
  the defendant has answered (the case stands at a node after 送达 on the trial track:
  排期, 证据交换, 开庭, 合议 …) also the defence and the evidence list with the
  defendant's cross-examination opinions, dated a few days after service;
- `PER_MILLE_CLOSED` of the **closed** ones (the report scenarios' cases never): all three.

Each is written by `pleadings.pleadings` with the case's own facts (`CaseFacts`: first
plaintiff and defendant, a second defendant as guarantor or insurer, the court, the claimed
amount, the filing and answer days), and every element's status goes to `truth_elements`
(case_id, case_type, element, status, value): what the element reader must give back from the
stored texts. A case not yet answered has no defence, so nothing of it is contested yet.

Their own random stream: which closed cases are sampled, the seed of each case's pleadings and
the answer day are drawn from the seed and the case id through a salt no other table uses,
and the rows go to `documents` after every other document, so every other table's rows stay
as they were (docs/SYNTH.md gives the cost and the hash check).
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from courtqc.domain import nodes
from courtqc.synth.documents.pleadings import CaseFacts, Who, pleadings
from courtqc.synth.documents.text import _Var

#: cause of action → element-trial case type (the causes of courtqc/elements/catalogue.yaml)
CAUSE_TYPE = {
    "民间借贷纠纷": "private_lending",
    "民间借贷": "private_lending",
    "金融借款合同纠纷": "financial_loan",
    "信用卡纠纷": "credit_card",
    "买卖合同纠纷": "sales_contract",
    "机动车交通事故责任纠纷": "traffic_accident",
    "劳动争议": "labour_dispute",
    "劳动合同纠纷": "labour_dispute",
    "追索劳动报酬纠纷": "labour_dispute",
    "经济补偿金纠纷": "labour_dispute",
    "离婚纠纷": "divorce",
}
#: closed cases of those types (per thousand) that get their pleadings written too
PER_MILLE_CLOSED = 20
_SALT = 0x91EA_D1A6  # the pleadings' own stream: never used by another table
KINDS = ("complaint", "defence", "evidence_list")


def _var(case_id: int, seed: int) -> _Var:
    return _Var(case_id, seed + _SALT)


def answered_at(node: str | None) -> bool:
    """Whether a pending case at `node` is past service on the trial track (the defendant has
    had the complaint and answered)."""
    n = nodes.NODES.get(node or "")
    return n is not None and n.track == "trial" and n.order > nodes.NODES["service"].order


_SQL = """
SELECT c.case_id, c.cause_name, c.status, c.current_node, ct.name,
       CAST(c.claim_amount AS VARCHAR), c.filing_date, s.d
FROM cases c JOIN courts ct ON ct.court_code = c.court_code
LEFT JOIN (SELECT case_id, CAST(min(occurred_at) AS DATE) AS d FROM events
           WHERE node = 'service' GROUP BY case_id) s ON s.case_id = c.case_id
WHERE c.procedure = 'first' AND c.cause_name IN ({causes}) AND c.filing_date IS NOT NULL
  AND ((c.status = 'pending' AND coalesce(c.current_node, '') <> 'pre_filing_mediation')
       OR c.status = 'closed') {skip}
ORDER BY c.case_id
"""

_SQL_PARTIES = """
SELECT cp.case_id, cp.role, p.kind = 'natural', p.name, p.gender, p.birth_date, p.address,
       p.legal_rep
FROM case_parties cp JOIN parties p ON p.party_id = cp.party_id
WHERE cp.case_id IN (SELECT case_id FROM _pleading_cases) AND cp.role IN ('plaintiff', 'defendant')
ORDER BY cp.case_id, cp.role, cp.seq, p.party_id
"""


@dataclass(slots=True)
class _Row:
    case_id: int
    case_type: str
    answered: bool
    court: str
    amount: str | None
    filed: dt.date
    served: dt.date | None


def _rows(con: duckdb.DuckDBPyConnection, seed: int, per_mille: int) -> list[_Row]:
    has_sources = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'truth_case_sources'"
    ).fetchall()[0][0]
    skip = "AND c.case_id NOT IN (SELECT case_id FROM truth_case_sources)" if has_sources else ""
    causes = ", ".join(f"'{c}'" for c in CAUSE_TYPE)
    out = []
    for cid, cause, status, node, court, amount, filed, served in con.execute(
        _SQL.format(causes=causes, skip=skip)
    ).fetchall():
        if status == "closed" and _var(cid, seed).idx(1000) >= per_mille:
            continue
        answered = status == "closed" or answered_at(node)
        out.append(_Row(cid, CAUSE_TYPE[cause], answered, court, amount, filed, served))
    return out


def _parties(con: duckdb.DuckDBPyConnection, ids: list[int]) -> dict[int, dict[str, list]]:
    con.execute("CREATE OR REPLACE TEMP TABLE _pleading_cases (case_id BIGINT)")
    con.register("_pleading_ids", pa.table({"case_id": pa.array(ids, pa.int64())}))
    try:
        con.execute("INSERT INTO _pleading_cases SELECT case_id FROM _pleading_ids")
    finally:
        con.unregister("_pleading_ids")
    out: dict[int, dict[str, list]] = {}
    sex = {"male": "男", "female": "女"}
    for cid, role, person, name, gender, born, address, rep in con.execute(_SQL_PARTIES).fetchall():
        who = Who(sex.get(gender or ""), born, address, rep)
        out.setdefault(cid, {}).setdefault(role, []).append((name, bool(person), who))
    con.execute("DROP TABLE IF EXISTS _pleading_cases")
    return out


def _facts(r: _Row, parties: dict[str, list], v: _Var) -> CaseFacts | None:
    ps, ds = parties.get("plaintiff", []), parties.get("defendant", [])
    if not ps or not ds:
        return None
    answered = None
    if r.answered:
        served = r.served or r.filed + dt.timedelta(days=10 + v.idx(20))
        answered = served + dt.timedelta(days=5 + v.idx(11))
    other = ds[1] if len(ds) > 1 else (None, True, None)
    return CaseFacts(
        plaintiff=ps[0][0], defendant=ds[0][0], p_person=ps[0][1], d_person=ds[0][1],
        court=r.court, filed=r.filed, answered=answered, amount=r.amount,
        other_defendant=other[0], other_person=other[1], p_who=ps[0][2], d_who=ds[0][2],
    )  # fmt: skip


def render_pleadings(
    con: duckdb.DuckDBPyConnection, seed: int, per_mille_closed: int = PER_MILLE_CLOSED
) -> int:
    """Write the pleadings of the element-trial cases to `documents` (after every other
    document) and their elements' statuses to `truth_elements`; return how many documents."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS truth_elements (case_id BIGINT, case_type VARCHAR, "
        "element VARCHAR, status VARCHAR, value VARCHAR)"
    )
    rows = _rows(con, seed, per_mille_closed)
    if not rows:
        return 0
    parties = _parties(con, [r.case_id for r in rows])
    next_id = con.execute("SELECT coalesce(max(doc_id), 0) + 1 FROM documents").fetchall()[0][0]
    docs: dict[str, list] = {k: [] for k in ("case_id", "kind", "title", "text", "issue_date")}
    truth: dict[str, list] = {k: [] for k in ("case_id", "case_type", "element", "status", "value")}
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for r in rows:
            v = _var(r.case_id, seed)
            f = _facts(r, parties.get(r.case_id, {}), v)
            if f is None:
                continue
            p = pleadings(r.case_type, v.idx(1 << 30), facts=f)
            day = f.answered or f.filed
            for kind, text, when in (("complaint", p.complaint, f.filed),
                                     ("defence", p.defence, day),
                                     ("evidence_list", p.evidence_list if f.answered else None, day)):  # fmt: skip
                if text:
                    title = text.split("\n", 1)[0].replace(" ", "")
                    for k, x in zip(docs, (r.case_id, kind, title, text, when), strict=True):
                        docs[k].append(x)
            for eid, status in p.truth.items():
                for k, x in zip(truth, (r.case_id, r.case_type, eid, status, p.values.get(eid)),
                                strict=True):  # fmt: skip
                    truth[k].append(x)
    finally:
        if gc_was_enabled:
            gc.enable()
    n = len(docs["case_id"])
    table = pa.table(
        {
            "doc_id": pa.array(range(next_id, next_id + n), pa.int64()),
            "case_id": pa.array(docs["case_id"], pa.int64()),
            "kind": pa.array(docs["kind"], pa.string()),
            "title": pa.array(docs["title"], pa.string()),
            "text": pa.array(docs["text"], pa.string()),
            "issue_date": pa.array(docs["issue_date"], pa.date32()),
        }
    )
    for name, data, target in (("_pleadings", table, "documents"),
                               ("_pleadings_truth", pa.table(truth), "truth_elements")):  # fmt: skip
        con.register(name, data)
        try:
            con.execute(f"INSERT INTO {target} SELECT * FROM {name}")
        finally:
            con.unregister(name)
    return n
