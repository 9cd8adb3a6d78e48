"""The services over HTTP on a real synthetic court: agency keys with scopes, rate limits and
consent; the minors-work bar and enterprise queries, audited with their purpose and minimal;
letters as PDF with a public verification code; the board's counts and the delivery log."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from courtqc.engine import open_store
from courtqc.services import agency, enterprise, push, pushmodel, store
from courtqc.web import users
from courtqc.web.app import create_app

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from courtqc.synth import generate

    folder = tmp_path_factory.mktemp("svcapi")
    path = folder / "court.duckdb"
    generate(path, 3000, seed=11, progress=False)
    con = open_store(path)
    store.ensure(con)
    users.create(con, "sup", PASSWORD, "supervisor", "沪")
    users.create(con, "judge1", PASSWORD, "judge", "沪0115", judge_id=con.execute(
        "SELECT min(judge_id) FROM judges WHERE court_code = '沪0115'").fetchone()[0])  # fmt: skip
    keys = {
        "edu": agency.create(con, name="浦东新区教育局", kind="education", scopes=["minors_bar"], court="沪", created_by="t", rate_per_minute=5),
        "bank": agency.create(con, name="某银行上海分行", kind="bank", scopes=["enterprise_litigation"], court="沪", created_by="t", consent_required=True),
    }  # fmt: skip
    for b in {m.spec.body for m in pushmodel.builtin()}:
        push.set_receiver(con, b, "file", str(folder / "drop" / b))
    push.run(
        con, [pushmodel.find("drug_offences"), pushmodel.find("community_corrections_handover")]
    )
    con.close()
    app = create_app(path)
    client = TestClient(app)
    yield app, client, keys, path
    app.state.store.close()


def _login(client: TestClient, user: str) -> dict:
    r = client.post("/api/auth/login", json={"username": user, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def _key(k: str) -> dict:
    return {"X-API-Key": k}


def _person(app, where: str):  # type: ignore[no-untyped-def]
    with app.state.store.cursor() as con:
        return con.execute(
            f"""SELECT p.name, p.id_number FROM sentences s JOIN parties p USING (party_id)
                JOIN cases c USING (case_id) WHERE {where} AND p.id_number IS NOT NULL
                AND length(p.id_number) = 18 ORDER BY p.party_id LIMIT 1"""
        ).fetchone()


def test_minors_bar_answers(setup) -> None:  # type: ignore[no-untyped-def]
    app, client, keys, _ = setup
    h = _key(keys["edu"])
    convict = _person(
        app,
        "s.charges LIKE '%故意伤害%' AND c.status = 'closed' AND s.principal_penalty <> 'not_guilty'",
    )
    if convict is None:
        pytest.skip("this synthetic court has no 故意伤害 conviction with an ID number")
    r = client.post("/api/services/query/minors-bar", headers=h,
                    json={"name": convict[0], "id_number": convict[1], "purpose": "拟聘用教师入职查询"})  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["answer"] == "barred" and body["basis"][0]["offence"] == "故意伤害罪"
    assert set(body["basis"][0]) == {
        "offence",
        "category",
        "rule",
        "judgment_date",
        "court",
        "case_no",
        "duration",
    }
    # the same number with another name: unknown, and nothing about the conviction
    r = client.post("/api/services/query/minors-bar", headers=h,
                    json={"name": "王某某", "id_number": convict[1], "purpose": "入职查询"})  # fmt: skip
    assert r.json()["answer"] == "unknown" and r.json()["basis"] == []
    # a plaintiff in a civil case with no conviction: not barred
    with app.state.store.cursor() as con:
        clean = con.execute(
            """SELECT p.name, p.id_number FROM parties p JOIN case_parties cp USING (party_id)
               WHERE cp.role = 'plaintiff' AND p.kind = 'natural' AND length(p.id_number) = 18
                 AND p.id_number NOT IN (SELECT p2.id_number FROM sentences s JOIN parties p2 USING (party_id) WHERE p2.id_number IS NOT NULL)
               LIMIT 1"""
        ).fetchone()
    r = client.post("/api/services/query/minors-bar", headers=h,
                    json={"name": clean[0], "id_number": clean[1], "purpose": "入职查询"})  # fmt: skip
    assert r.json()["answer"] == "not_barred"
    # a bad number is refused, without the number echoed
    r = client.post("/api/services/query/minors-bar", headers=h,
                    json={"name": "张三", "id_number": "310115199001011234", "purpose": "入职查询"})  # fmt: skip
    assert r.status_code == 422 and "310115199001011234" not in r.text
    # audited with the purpose
    with app.state.store.cursor() as con:
        n = con.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'service_query' AND detail->>'purpose' = '拟聘用教师入职查询'"
        ).fetchone()[0]
    assert n == 1


def test_rate_limit_per_key_and_scope(setup) -> None:  # type: ignore[no-untyped-def]
    _app, client, keys, _ = setup
    h = _key(keys["edu"])
    codes = [
        client.post("/api/services/query/minors-bar", headers=h,
                    json={"name": "张三", "id_number": "11010519491231002X", "purpose": "入职查询"}).status_code
        for _ in range(6)
    ]  # fmt: skip
    assert codes[-1] == 429 and codes.count(429) >= 1


def test_agency_sees_nothing_else(setup) -> None:  # type: ignore[no-untyped-def]
    _app, client, keys, _ = setup
    for path in (
        "/api/cases",
        "/api/alerts",
        "/api/services/board",
        "/api/services/pushes",
        "/api/boards/decision",
    ):
        assert client.get(path, headers=_key(keys["bank"])).status_code in (403, 404), path
    # a scope not granted
    r = client.post("/api/services/query/minors-bar", headers=_key(keys["bank"]),
                    json={"name": "张三", "id_number": "11010519491231002X", "purpose": "贷款"})  # fmt: skip
    assert r.status_code == 403
    # staff cannot use the agency ports
    r = client.post("/api/services/query/minors-bar", headers=_login(client, "sup"),
                    json={"name": "张三", "id_number": "11010519491231002X", "purpose": "x查询"})  # fmt: skip
    assert r.status_code == 403


def test_enterprise_query_needs_consent_and_gives_a_verifiable_letter(setup) -> None:  # type: ignore[no-untyped-def]
    app, client, keys, _ = setup
    h = _key(keys["bank"])
    with app.state.store.cursor() as con:
        uscc = con.execute(
            """SELECT p.uscc FROM parties p JOIN case_parties cp USING (party_id) JOIN cases c USING (case_id)
               WHERE p.uscc IS NOT NULL AND c.family = 'enforcement' AND cp.role = 'respondent'
               GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"""
        ).fetchone()[0]
        key_id = keys["bank"].split("_")[1]
        token = enterprise.issue_consent(con, uscc, key_id)
        other = enterprise.issue_consent(con, uscc, "someone-else")
    q = {"uscc": uscc, "purpose": "小微企业贷款审查"}
    assert client.post("/api/services/query/enterprise", headers=h, json=q).status_code == 403
    assert (
        client.post(
            "/api/services/query/enterprise", headers=h, json={**q, "consent_token": other}
        ).status_code
        == 403
    )
    r = client.post(
        "/api/services/query/enterprise",
        headers=h,
        json={**q, "consent_token": token, "letter": True},
    )
    assert r.status_code == 200, r.text
    s = r.json()["summary"]
    assert s["uscc"] == uscc and s["enforcement"]["as_debtor"] >= 1
    assert set(s) == {"enterprise", "uscc", "register_status", "cases", "by_role", "by_cause",
                      "by_amount_band", "by_status", "enforcement", "as_of"}  # fmt: skip
    letter = r.json()["letter"]
    pdf = client.get(letter["pdf"], headers=h)
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    v = client.get(letter["verify"])  # public: no credentials
    assert v.status_code == 200 and v.json()["valid"] and v.json()["uscc"] == uscc
    assert client.get("/api/services/letters/AAAA-BBBB-CCCC-DDDD").status_code == 404
    # another agency cannot fetch the letter
    assert client.get(letter["html"], headers=_key(keys["edu"])).status_code == 404


def test_board_counts_and_delivery_log(setup) -> None:  # type: ignore[no-untyped-def]
    _app, client, _keys, _ = setup
    h = _login(client, "sup")
    b = client.get("/api/services/board", headers=h).json()
    assert (
        b["court"]["batches"] == 2 and b["court"]["rows_pushed"] > 0 and b["court"]["bodies"] == 2
    )
    assert b["court"]["services"] >= 3 and b["court"]["agencies"] >= 1
    assert b["children"] and b["by_body"]
    # the High Court's own pushes and its keys' queries are its own row, not its children's
    own, kids = b["own"], b["children"]
    assert own["court_code"] == "沪" and own["rows_pushed"] == b["court"]["rows_pushed"]
    assert own["services"] == b["court"]["services"] and own["bodies"] == 2
    assert sum(k["rows_pushed"] + k["services"] for k in kids) == 0
    p = client.get("/api/services/pushes", headers=h).json()
    assert len(p["models"]) >= 12 and len(p["batches"]) == 2
    assert all(m["title"] and m["title_en"] for m in p["models"])  # both of the YAML's titles
    bid = p["batches"][0]["batch_id"]
    r = client.post(f"/api/services/batches/{bid}/resend", headers=h)
    assert r.status_code == 200 and r.json()["ok"]
    log = client.get(f"/api/services/batches/{bid}/deliveries", headers=h).json()
    assert [d["resend"] for d in log] == [False, True]
    # a judge may not see the services board
    assert client.get("/api/services/board", headers=_login(client, "judge1")).status_code == 403
    r = client.post("/api/services/reports", headers=h, json={"topic": "tax", "period": "2025"})
    assert r.status_code == 200
    rid = r.json()["report_id"]
    assert client.get(f"/api/services/reports/{rid}", headers=h).text.startswith("<!doctype html>")


def test_the_ports_look_up_by_index(setup) -> None:  # type: ignore[no-untyped-def]
    """The server makes the indexes the query ports probe (parties by ID number and credit
    code, case_parties by party, sentences and appeals by case), so a query's cost does not grow
    with the court (docs/SERVICES.md, "What a query costs")."""
    app, client, _keys, _ = setup
    assert client.get("/api/services/letters/ABCDEFGHJKLMNPQR").status_code == 404
    with app.state.store.cursor() as con:
        have = {r[0] for r in con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
        n = con.execute(
            "SELECT id_number FROM parties WHERE length(id_number) = 18 LIMIT 1"
        ).fetchone()[0]
        plan = con.execute(
            "EXPLAIN ANALYZE SELECT party_id, name FROM parties WHERE id_number IN (?, ?)",
            [n, n.lower()],
        ).fetchall()[0][1]
    assert {
        "qc_parties_id_number", "qc_parties_uscc", "qc_case_parties_party_id",
        "qc_sentences_case_id", "qc_cases_origin_case_id",
    } <= have  # fmt: skip
    assert "Type: Index Scan" in plan  # decided as it runs: EXPLAIN alone shows a scan
