"""Round trip through the synthetic court: generate ~1,000 cases, extract every document the
generator rendered, and get back every value it put in (courtqc.synth.documents.FIELD_SOURCES
says where each comes from) — case number, court, title, date, parties and roles, agents,
prosecutor, presiding judge, filing date, custody date, charges, penalty, term, probation,
fine, term dates, victims, claim amounts and the money items of the main text."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from courtqc.domain.cnnum import int_to_cn
from courtqc.extract import extract
from courtqc.identity.normalize import normalize_party_name
from courtqc.synth.generate import generate


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    import duckdb

    path = Path(tmp_path_factory.mktemp("synth")) / "court.duckdb"
    generate(path, 1000, 20240611, progress=False)
    con = duckdb.connect(str(path), read_only=True)
    yield con
    con.close()


def test_every_rendered_value_comes_back(store) -> None:
    con = store
    docs = con.execute(
        """SELECT d.doc_id, d.case_id, d.kind, d.title, d.text, d.issue_date, c.case_no, ct.name,
                  c.family, c.procedure, c.filing_date, c.claim_amount
           FROM documents d JOIN cases c USING (case_id) JOIN courts ct USING (court_code)
           WHERE d.case_id NOT IN (SELECT case_id FROM truth_case_sources)
             AND d.kind IN ('judgment', 'ruling', 'mediation')
           ORDER BY d.doc_id"""
    ).fetchall()  # report-scenario cases carry short texts, not the rendered layout; the
    # papers of a case's life (indictments, notices …) have their own round trip:
    # tests/test_synth_papers.py
    assert len(docs) >= 500
    roles = defaultdict(list)
    for cid, role, name in con.execute(
        "SELECT cp.case_id, cp.role, p.name FROM case_parties cp JOIN parties p USING (party_id)"
    ).fetchall():
        roles[cid].append((role, name))
    presiding = dict(
        con.execute(
            "SELECT c.case_id, j.name FROM cases c JOIN judges j ON j.judge_id = c.presiding_judge_id"
        ).fetchall()
    )
    agents = defaultdict(set)
    for cid, name in con.execute("SELECT case_id, agent_name FROM case_agents").fetchall():
        agents[cid].add(name)
    sentences = defaultdict(list)
    for row in con.execute(
        """SELECT s.case_id, p.name, s.charges, s.principal_penalty, s.term_months, s.probation_months,
                  s.fine_yuan, s.term_start, s.term_end, s.custody_start
           FROM sentences s JOIN parties p USING (party_id)"""
    ).fetchall():
        sentences[row[0]].append(row[1:])
    # a suit's preservation rulings are numbered 之一, 之二 … and dated like its 执保 cases
    follow_up = {
        (origin, day): n
        for origin, day, n in con.execute(
            """SELECT origin_case_id, filing_date,
                      row_number() OVER (PARTITION BY origin_case_id ORDER BY filing_date, case_id)
               FROM cases WHERE origin_relation = 'preservation'"""
        ).fetchall()
    }
    money = defaultdict(list)
    for cid, kind, amount, payer in con.execute(
        """SELECT o.case_id, o.kind, o.amount_yuan, p.name FROM civil_outcomes o
           LEFT JOIN parties p ON p.party_id = o.payer_party_id"""
    ).fetchall():
        money[cid].append((kind, amount, payer))

    misses: dict[str, list] = defaultdict(list)
    checked: dict[str, int] = defaultdict(int)

    def expect(field: str, ok: bool, *info) -> None:
        checked[field] += 1
        if not ok:
            misses[field].append(info)

    for (
        doc_id,
        cid,
        kind,
        title,
        text,
        issue,
        case_no,
        court,
        family,
        procedure,
        filed,
        claim,
    ) in docs:
        ex = extract(text)
        pts = defaultdict(list)
        for p in ex.info_points:
            pts[p.key].append(p.value)
        n = follow_up.get((cid, issue)) if kind == "ruling" else None
        number = case_no if n is None else f"{case_no}之{int_to_cn(n)}"
        expect("case_no", ex.case_no == number, doc_id, number, ex.case_no)
        expect("court", ex.court == court, doc_id, court, ex.court)
        expect("title", ex.doc_title == title, doc_id, title, ex.doc_title)
        expect(
            "decision_date", ex.decision_date == issue.isoformat(), doc_id, issue, ex.decision_date
        )
        # the CMS row may spell a name another way than the document (a minority name's dot)
        got = {(p.role, normalize_party_name(p.name)) for p in ex.parties}
        for role, name in roles[cid]:
            if role == "prosecutor":
                expect("prosecutor", ex.prosecutor == name, doc_id, name, ex.prosecutor)
            elif role == "victim":  # named in the accusation or facts, not in a party line
                if name in text:
                    expect("victim", name in pts["crime.victim"], doc_id, name, pts["crime.victim"])
            else:
                expect(
                    "party",
                    (role, normalize_party_name(name)) in got,
                    doc_id,
                    role,
                    name,
                    sorted(got),
                )
        got_agents = {a.name for p in ex.parties for a in p.agents}
        for a in agents[cid]:
            if a in text:
                expect("agent", a in got_agents, doc_id, a, got_agents)
        if cid in presiding:
            expect(
                "presiding judge",
                presiding[cid] in {j.name for j in ex.judges},
                doc_id,
                presiding[cid],
            )
        if procedure == "first":
            dates = pts["filing_date"] + pts["prosecution_date"]
            expect("filing date", filed.isoformat() in dates, doc_id, filed, dates)
        if (
            claim is not None
            and family != "criminal"
            and procedure == "first"
            and kind in ("judgment", "mediation")
        ):
            expect("claim", float(claim) in pts["claims.total"], doc_id, claim, pts["claims.total"])
        if kind == "judgment" and family == "criminal":
            by_name = {d.name: d for d in ex.defendants}
            for name, charges, penalty, term, probation, fine, start, end, custody in sentences[
                cid
            ]:
                d = by_name.get(name)
                expect("defendant", d is not None, doc_id, name, list(by_name))
                if d is None:
                    continue
                expect("charges", d.charges == charges.split(";"), doc_id, charges, d.charges)
                expect(
                    "penalty/term/probation",
                    (d.penalty, d.term_months, d.probation_months) == (penalty, term, probation),
                    doc_id,
                    (penalty, term, probation),
                    (d.penalty, d.term_months, d.probation_months),
                )
                expect(
                    "fine",
                    d.fine_yuan == (float(fine) if fine is not None else None),
                    doc_id,
                    fine,
                    d.fine_yuan,
                )
                iso = (start.isoformat() if start else None, end.isoformat() if end else None)
                expect(
                    "term dates",
                    (d.term_start, d.term_end) == iso,
                    doc_id,
                    iso,
                    (d.term_start, d.term_end),
                )
                if custody is not None:
                    expect(
                        "custody",
                        custody.isoformat() in pts["custody.detained"],
                        doc_id,
                        custody,
                        pts["custody.detained"],
                    )
        if kind in ("judgment", "mediation") and family != "criminal" and procedure == "first":
            items = [
                (round(i.amount_yuan, 2), i.payer) for i in ex.main_text_items if i.amount_yuan
            ]
            for k, amount, payer in money[cid]:
                if k != "costs" and amount is not None:
                    expect(
                        "money item",
                        (round(float(amount), 2), payer) in items,
                        doc_id,
                        k,
                        amount,
                        payer,
                        items,
                    )

    for field in (
        "case_no",
        "court",
        "title",
        "decision_date",
        "party",
        "presiding judge",
        "charges",
        "money item",
    ):
        assert checked[field] > 0, f"nothing checked for {field}"
    assert not misses, {f: v[:3] for f, v in misses.items()}


CHECKS = {
    "sentence_end_date_wrong": "check.term_end",
    "fine_out_of_range": "check.fine",
    "interest_wording_nonstandard": "check.interest_wording",
    "interest_over_cap": "check.interest_cap",
}


def test_checks_find_exactly_the_planted_defects(store) -> None:
    """Each check flags exactly the documents of the cases planted with its defect (truth_anomalies):
    no planted case is missed and no clean document is flagged."""
    con = store
    truth: dict[str, set[int]] = defaultdict(set)
    for scenario, cid in con.execute("SELECT scenario, case_id FROM truth_anomalies").fetchall():
        truth[scenario].add(cid)
    flagged: dict[str, set[int]] = defaultdict(set)
    rendered = set()
    for cid, text in con.execute("SELECT case_id, text FROM documents").fetchall():
        rendered.add(cid)
        ex = extract(text, checks=True)
        for scenario, key in CHECKS.items():
            if ex.points(key):
                flagged[scenario].add(cid)
    assert sum(1 for sc in CHECKS if truth[sc] & rendered) >= 2, (
        "the store should hold planted defects"
    )
    for scenario in CHECKS:
        assert flagged[scenario] == truth[scenario] & rendered, scenario
