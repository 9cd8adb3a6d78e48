"""The 数助决策 board in a real browser: a supervisor at the High Court sees the per-court
counts of the data services (the numbers the services API gives, not zeros), the delivery log
with a re-send, and makes a thematic report; a court leader at a basic court sees only its own
court — its agency's queries and its report, none of the city's pushes or reports.

The services' records are made the way the platform makes them: push runs to file drops, an
agency's queries through the real query port, a report through the library and one through the
board. They go into the served store through the server's own database (same process)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import PASSWORD
from tests.e2e.test_web_e2e import api_get, login, no_error_boxes


def _post(server: str, path: str, key: str, body: dict) -> dict:
    req = urllib.request.Request(
        server.rstrip("/") + path,
        data=json.dumps(body).encode(),
        headers={"X-API-Key": key, "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def services_data(server: str, court_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    from courtqc.schema import connect
    from courtqc.services import agency, push, pushmodel, reports, store
    from courtqc.web import users

    drop = tmp_path_factory.mktemp("drop")
    con = connect(court_db)  # the served store's own database instance
    store.ensure(con)
    basic = con.execute("SELECT court_code FROM users WHERE username = 'judge'").fetchone()[0]
    other = con.execute(
        "SELECT min(court_code) FROM courts WHERE level = 'basic' AND court_code <> ?", [basic]
    ).fetchone()[0]
    models = [pushmodel.find("drug_offences"), pushmodel.find("community_corrections_handover")]
    for m in models:
        push.set_receiver(con, m.spec.body, "file", str(drop / m.spec.body))
    ran = push.run(con, models)
    keys = {
        "basic": agency.create(con, name="区教育局（测试）", kind="education", scopes=["minors_bar"],
                               court=basic, created_by="e2e", rate_per_minute=100),
        "city": agency.create(con, name="市教委（测试）", kind="education", scopes=["minors_bar"],
                              court="沪", created_by="e2e", rate_per_minute=100),
    }  # fmt: skip
    people = con.execute(
        """SELECT p.name, p.id_number FROM parties p JOIN case_parties cp USING (party_id)
           JOIN cases c USING (case_id) WHERE c.court_code = ? AND length(p.id_number) = 18
           ORDER BY p.party_id LIMIT 3""",
        [basic],
    ).fetchall()
    if users.by_name(con, "leader_basic") is None:
        users.create(con, "leader_basic", PASSWORD, "court_leader", basic)
    year = str(con.execute("SELECT max(year(filing_date)) FROM cases").fetchone()[0])
    made = {c: reports.build(con, "petition", c, year, by="e2e").report_id for c in (basic, other)}
    con.close()
    for name, idn in people:
        _post(server, "/api/services/query/minors-bar", keys["basic"],
              {"name": name, "id_number": idn, "purpose": "拟聘用教师入职查询"})  # fmt: skip
    _post(server, "/api/services/query/minors-bar", keys["city"],
          {"name": people[0][0], "id_number": people[0][1], "purpose": "入职查询"})  # fmt: skip
    return {
        "basic": basic,
        "other": other,
        "rows": sum(r.new_rows for r in ran),
        "basic_queries": len(people),
        "reports": made,
    }


def _num(page, testid: str) -> int:  # type: ignore[no-untyped-def]
    return int(page.get_by_test_id(testid).inner_text().replace(",", ""))


def test_supervisor_sees_the_counts_log_and_reports(
    page, server, services_data, shots: Path
) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "supervisor")
    page.get_by_test_id("nav-decision").click()
    page.get_by_test_id("svc-stats").wait_for()
    b = api_get(page, server, "/api/services/board")["court"]
    assert b["rows_pushed"] == services_data["rows"] > 0
    assert b["services"] >= services_data["basic_queries"] + 1 and b["agencies"] >= 2
    # the board shows the numbers the services API gives
    assert _num(page, "svc-rows") == b["rows_pushed"]
    assert _num(page, "svc-bodies") == b["bodies"] == 2
    assert _num(page, "svc-services") == b["services"]
    assert _num(page, "svc-agencies") == b["agencies"]
    assert _num(page, "svc-reports") == b["reports"] >= 2
    # one row for the city, one for the High Court's own records (the pushes it sent), one for
    # each court directly below it
    courts = page.get_by_test_id("svc-courts").locator("tbody tr")
    kids = api_get(page, server, "/api/meta")["court_tree"]["children"]
    assert courts.count() == 2 + len(kids)
    assert "本院" in courts.nth(1).inner_text()
    assert courts.nth(1).inner_text().replace(",", "").split().count(str(b["rows_pushed"])) == 1
    assert page.get_by_test_id("svc-by-agency").locator("tbody tr").count() >= 2
    page.locator("[data-testid=services-overview] canvas").first.wait_for()
    no_error_boxes(page)
    page.wait_for_timeout(600)  # chart animation
    page.screenshot(path=str(shots / "decision_services.png"), full_page=True)

    # the delivery log: a batch's attempts, then a re-send
    page.goto(server + "#/decision?tab=pushes")
    batches = page.get_by_test_id("push-batches").locator("tbody tr")
    batches.first.wait_for()
    assert batches.count() >= 2
    batches.first.click()
    page.get_by_test_id("push-attempts").locator("tbody tr").first.wait_for()
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    page.get_by_test_id("push-resend").first.click()
    page.get_by_text("已重发，接收方已确认").wait_for()
    log = api_get(page, server, "/api/services/pushes")
    assert sum(x["resends"] for x in log["batches"]) >= 1
    page.screenshot(path=str(shots / "decision_pushes.png"), full_page=True)

    # thematic reports: make one on the board, open it, download its PDF
    page.goto(server + "#/decision?tab=reports")
    listed = page.get_by_test_id("report-list").locator("tbody tr")
    listed.first.wait_for()
    before = listed.count()
    page.get_by_test_id("report-make").click()
    page.get_by_text("已生成").wait_for(timeout=60_000)
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=report-list] tbody tr').length > n",
        arg=before,
    )
    href = page.get_by_test_id("report-pdf").first.get_attribute("href")
    cookie = {c["name"]: c["value"] for c in page.context.cookies()}["courtqc_session"]
    req = urllib.request.Request(
        server.rstrip("/") + href, headers={"Cookie": f"courtqc_session={cookie}"}
    )
    with urllib.request.urlopen(req) as r:
        assert r.read(5) == b"%PDF-"
    no_error_boxes(page)
    page.screenshot(path=str(shots / "decision_reports.png"), full_page=True)


def test_basic_court_leader_sees_only_its_tree(page, server, services_data) -> None:  # type: ignore[no-untyped-def]
    basic = services_data["basic"]
    login(page, server, "leader_basic")
    page.get_by_test_id("nav-decision").click()
    page.get_by_test_id("svc-stats").wait_for()
    tree = api_get(page, server, "/api/meta")["court_tree"]
    assert tree["code"] == basic and tree["children"] == []
    # its own court only: its agency's queries, nothing the city pushed
    assert page.get_by_test_id("svc-courts").locator("tbody tr").count() == 1
    assert _num(page, "svc-services") == services_data["basic_queries"]
    assert _num(page, "svc-agencies") == 1
    assert _num(page, "svc-rows") == 0
    assert _num(page, "svc-reports") == 1
    no_error_boxes(page)
    page.goto(server + "#/decision?tab=pushes")
    page.get_by_test_id("push-models").locator("tbody tr").first.wait_for()
    assert page.get_by_test_id("push-batches").locator("tbody tr").count() == 0
    page.goto(server + "#/decision?tab=reports")
    page.get_by_test_id("report-list").locator("tbody tr").first.wait_for()
    assert page.get_by_test_id("report-list").locator("tbody tr").count() == 1
    listed = api_get(page, server, "/api/services/reports")["reports"]
    assert [r["report_id"] for r in listed] == [services_data["reports"][basic]]
    # another court's numbers and reports are refused, whatever the address says
    for path in (
        "/api/services/board?court=沪",
        f"/api/services/reports/{services_data['reports'][services_data['other']]}",
    ):
        with pytest.raises(urllib.error.HTTPError) as e:
            api_get(page, server, urllib.parse.quote(path, safe="/?=&"))
        assert e.value.code in (403, 404), path
