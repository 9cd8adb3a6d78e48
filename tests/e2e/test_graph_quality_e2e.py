"""The party graph in the case view and the data-quality tab of the admin board, in a real
browser on the e2e court (tests/e2e/conftest.py)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_web_e2e import api_get, login, no_error_boxes


def test_case_view_shows_the_parties_relations(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    """A planted false-lending ring's case: its lender and the company he represents appear
    as related in the graph tab, with the edge type, source and confidence listed."""
    login(page, server, "supervisor")
    hits = api_get(page, server, "/api/alerts?model_id=false_lending_ring&size=50")
    assert hits["items"], "the e2e court plants a false-lending ring"
    # A case whose graph holds a control link (the ring sues through a company of the lender).
    case_id = next(
        a["case_id"]
        for a in hits["items"]
        if any(
            lk["relation"].startswith("legal_rep")
            for lk in api_get(page, server, f"/api/cases/{a['case_id']}/graph")["links"]
        )
    )
    graph = api_get(page, server, f"/api/cases/{case_id}/graph")
    assert {n["category"] for n in graph["nodes"]} >= {"party", "lawyer"}
    page.goto(server + "#/handling?tab=inbox")
    page.get_by_test_id("inbox-model").click()
    page.get_by_role("option", name="民间借贷虚假诉讼团伙").click()
    rows = page.get_by_test_id("inbox").locator("tbody tr")
    rows.first.wait_for()
    want = api_get(page, server, f"/api/cases/{case_id}")["case"]["case_no"]
    page.get_by_test_id("inbox").locator("tbody tr", has_text=want).first.click()
    detail = page.get_by_test_id("alert-detail")
    detail.get_by_text(want).first.click()
    page.get_by_test_id("case-detail").wait_for()
    page.get_by_role("tab", name="关系图").click()
    pane = page.get_by_test_id("party-graph")
    pane.locator("canvas").first.wait_for()
    links = pane.get_by_test_id("party-graph-links")
    links.locator("tbody tr").first.wait_for()
    text = links.inner_text()
    assert "法定代表人" in text and "代理" in text
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
