"""The party graph in the case view and the data-quality tab of the admin board, in a real
browser on the e2e court (tests/e2e/conftest.py)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_web_e2e import api_get, login, no_error_boxes


def test_case_view_shows_the_parties_relations(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    """An alerted case whose parties have relations (a company and the person behind it, or a
    shared phone or address): the graph tab draws it and lists each edge's type."""
    login(page, server, "supervisor")
    found = None
    for n in range(1, 6):
        for a in api_get(page, server, f"/api/alerts?size=100&page={n}")["items"]:
            g = api_get(page, server, f"/api/cases/{a['case_id']}/graph")
            party = [lk for lk in g["links"] if lk["relation"] != "agent"]
            if party:
                total = api_get(page, server, f"/api/alerts?model_id={a['model_id']}")["total"]
                if found is None or total < found[2]:
                    found = (a, party, total)
        if found:
            break
    assert found, "some alerted case of the e2e court has related parties"
    alert, party, _ = found
    assert all(0 < lk["confidence"] <= 1 and lk["source_table"] for lk in party)
    page.goto(server + "#/handling?tab=inbox")
    page.get_by_test_id("inbox-model").click()
    page.get_by_role("option", name=alert["model_title"]).first.click()
    page.get_by_test_id("inbox").locator("tbody tr", has_text=alert["case_no"]).first.click()
    page.get_by_test_id("alert-detail").get_by_text(alert["case_no"]).first.click()
    page.get_by_test_id("case-detail").wait_for()
    page.get_by_role("tab", name="关系图").click()
    pane = page.get_by_test_id("party-graph")
    pane.locator("canvas").first.wait_for()
    links = pane.get_by_test_id("party-graph-links")
    links.locator("tbody tr").first.wait_for()
    assert party[0]["relation_zh"] in links.inner_text()
    no_error_boxes(page)
    page.wait_for_timeout(800)  # the force layout settles
    page.screenshot(path=str(shots / "case_graph.png"))


def test_admin_data_quality_tab(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    """The administrator's quality tab shows the report's figures per court, as the API
    gives them; a judge has no such tab or API."""
    login(page, server, "admin")
    page.get_by_test_id("nav-admin").click()
    page.get_by_role("tab", name="数据质量").click()
    table = page.get_by_test_id("quality-courts")
    table.locator("tbody tr").first.wait_for()
    rep = api_get(page, server, "/api/admin/quality")
    first = rep["courts"][0]
    row = table.locator("tbody tr").first.inner_text()
    assert first["court_code"] in row and str(first["rows"]) in row
    completeness = first["fields"]["id_number"]["completeness"]
    assert f"{completeness * 100:.1f}%" in row
    page.get_by_test_id("quality-panel").locator("canvas").first.wait_for()  # the trend
    no_error_boxes(page)
    page.screenshot(path=str(shots / "admin_quality.png"), full_page=True)
