"""要素式审判 on the synthetic court itself (issue 18 item 4): `courtqc synth` stores the
complaints, defences and evidence lists of the seven element-trial types with their elements'
statuses in `truth_elements`; the case route gives a judge the hearing outline of a pending
private-lending case at the hearing node with exactly the truth's statuses; the reader's
recall and precision on the court's truth; and writing them leaves every other row as it was
(courtqc.synth.documents.court_pleadings, docs/ELEMENTS.md §4)."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import duckdb
import pytest

from courtqc.elements.catalogue import catalogue
from courtqc.elements.eval import court_cases, score_court
from courtqc.synth.documents.court_pleadings import CAUSE_TYPE, answered_at, render_pleadings

CASES, SEED = 2000, 2  # a court with a pending private-lending case at 开庭 (seed 7 has none)
PASSWORD = "correct-horse-battery-9"


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from courtqc.synth import generate

    path = tmp_path_factory.mktemp("elements_court") / "court.duckdb"
    generate(path, CASES, seed=SEED, progress=False)
    return path


def test_causes_are_the_catalogues() -> None:
    cat = catalogue()
    for cause, case_type in CAUSE_TYPE.items():
        found = cat.find(cause)
        assert found is not None and found.id == case_type, cause
    assert {c.id for c in cat.case_types} == set(CAUSE_TYPE.values())


def test_pending_cases_have_their_pleadings_by_node(court: Path) -> None:
    con = duckdb.connect(str(court), read_only=True)
    try:
        causes = list(CAUSE_TYPE)
        rows = con.execute(
            "SELECT c.case_id, c.current_node, count(*) FILTER (WHERE d.kind = 'complaint'), "
            "count(*) FILTER (WHERE d.kind IN ('defence', 'evidence_list')), "
            "min(d.issue_date) FILTER (WHERE d.kind = 'complaint') = any_value(c.filing_date) "
            "FROM cases c LEFT JOIN documents d ON d.case_id = c.case_id "
            "WHERE c.status = 'pending' AND c.procedure = 'first' "
            "AND c.current_node <> 'pre_filing_mediation' "
            f"AND c.cause_name IN ({', '.join('?' * len(causes))}) GROUP BY c.case_id, c.current_node",
            causes,
        ).fetchall()
        assert len(rows) >= 8
        for cid, node, complaints, answers, dated in rows:
            assert complaints == 1 and dated, (cid, node)
            # the defence and evidence list come once the defendant has answered (after service)
            assert (answers > 0) <= answered_at(node), (cid, node)
            if not answered_at(node):
                assert answers == 0, (cid, node)
        assert any(answered_at(n) and a for _, n, _, a, _ in rows)
        # every stored pleading's case has its truth, one row per catalogue element
        n_elements = {c.id: len(c.elements) for c in catalogue().case_types}
        for case_type, n, cases in con.execute(
            "SELECT case_type, count(*), count(DISTINCT case_id) FROM truth_elements GROUP BY 1"
        ).fetchall():
            assert n == n_elements[case_type] * cases, case_type
        # a case not yet answered has nothing contested
        unanswered = con.execute(
            "SELECT count(*) FROM truth_elements t JOIN cases c USING (case_id) "
            "WHERE c.status = 'pending' AND c.current_node IN ('filing', 'assignment', 'service') "
            "AND t.status = 'contested'"
        ).fetchone()[0]
        assert unanswered == 0
        # the parties are the case's own
        bad = con.execute(
            "SELECT count(*) FROM documents d JOIN case_parties cp ON cp.case_id = d.case_id "
            "AND cp.role = 'plaintiff' AND cp.seq = 1 JOIN parties p USING (party_id) "
            "WHERE d.kind = 'complaint' AND strpos(replace(d.text, ' ', ''), replace(p.name, ' ', '')) = 0"
        ).fetchone()[0]
        assert bad == 0
    finally:
        con.close()


def test_reader_recall_and_precision_on_the_court(court: Path) -> None:
    con = duckdb.connect(str(court), read_only=True)
    try:
        for given in (True, False):
            s = score_court(con, given_type=given)
            assert s.cases >= 20
            assert s.recall >= 0.95 and s.precision >= 0.95, s.to_dict()
            assert s.status_right / s.status_n >= 0.95, s.to_dict()
    finally:
        con.close()


def test_rendering_again_only_appends(court: Path, tmp_path: Path) -> None:
    """The pleadings are the last documents; writing them again into a copy without them
    gives the same rows (their own random stream) and touches nothing else."""
    copy = tmp_path / "copy.duckdb"
    shutil.copy(court, copy)
    con = duckdb.connect(str(copy))
    try:
        first = con.execute(
            "SELECT min(doc_id) FROM documents WHERE kind IN ('complaint', 'defence', "
            "'evidence_list')"
        ).fetchone()[0]
        last_other = con.execute(
            "SELECT max(doc_id) FROM documents WHERE kind NOT IN ('complaint', 'defence', "
            "'evidence_list')"
        ).fetchone()[0]
        assert first > last_other
        before = con.execute(
            "SELECT * FROM documents WHERE doc_id >= ? ORDER BY doc_id", [first]
        ).fetchall()
        truth = con.execute("SELECT * FROM truth_elements ORDER BY ALL").fetchall()
        con.execute("DELETE FROM documents WHERE doc_id >= ?", [first])
        con.execute("DELETE FROM truth_elements")
        assert render_pleadings(con, seed=SEED) == len(before)
        assert (
            con.execute(
                "SELECT * FROM documents WHERE doc_id >= ? ORDER BY doc_id", [first]
            ).fetchall()
            == before
        )
        assert con.execute("SELECT * FROM truth_elements ORDER BY ALL").fetchall() == truth
    finally:
        con.close()


def test_judge_gets_the_outline_of_a_pending_lending_case_at_the_hearing(
    court: Path, tmp_path: Path
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from courtqc.web import users
    from courtqc.web.app import create_app
    from courtqc.web.db import ensure_platform

    path = tmp_path / "web.duckdb"
    shutil.copy(court, path)
    con = duckdb.connect(str(path))
    ensure_platform(con)
    row = con.execute(
        "SELECT c.case_id, c.case_no, c.court_code, c.presiding_judge_id FROM cases c "
        "WHERE c.status = 'pending' AND c.current_node = 'hearing' "
        "AND c.cause_name = '民间借贷纠纷' AND c.presiding_judge_id IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM documents d WHERE d.case_id = c.case_id "
        "AND d.kind = 'defence') ORDER BY c.case_id LIMIT 1"
    ).fetchone()
    assert row is not None, "the court should hold a pending private-lending case at 开庭"
    case_id, case_no, court_code, judge_id = row
    truth = dict(
        con.execute(
            "SELECT element, status FROM truth_elements WHERE case_id = ?", [case_id]
        ).fetchall()
    )
    bare = con.execute(
        "SELECT case_no FROM cases WHERE court_code = ? AND case_id NOT IN "
        "(SELECT case_id FROM documents WHERE kind = 'complaint') ORDER BY case_id LIMIT 1",
        [court_code],
    ).fetchone()[0]
    users.create(con, "judge_h", PASSWORD, "judge", court_code, judge_id=judge_id)
    con.close()
    app = create_app(path)
    try:
        c = TestClient(app)
        r = c.post("/api/auth/login", json={"username": "judge_h", "password": PASSWORD})
        auth = {"Authorization": f"Bearer {r.json()['token']}"}
        r = c.get(f"/api/elements/cases/{case_no}", headers=auth)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["case_type"] == "private_lending" and body["case_no"] == case_no
        got = {e["id"]: e["status"] for e in body["elements"]["elements"]}
        assert got == truth
        items = body["outline"]["items"]
        order = {"contested": 0, "missing": 1, "admitted": 2}
        assert [order[i["status"]] for i in items] == sorted(order[i["status"]] for i in items)
        assert body["outline"]["text"].startswith("庭审提纲（民间借贷纠纷）")
        assert c.get(f"/api/elements/cases/{bare}", headers=auth).status_code == 404
    finally:
        app.state.store.close()


def test_court_cases_reads_by_node(court: Path) -> None:
    con = duckdb.connect(str(court), read_only=True)
    try:
        at_hearing = court_cases(con, status="pending", node="hearing")
        assert at_hearing and all(p.defence is not None or p.evidence_list for p in at_hearing)
    finally:
        con.close()
