"""In Chromium: the per-judge breakdown a division head and a court leader use (each scoped to
what they lead, worst first, with units), which a judge never gets; and the 核验反馈 step in
the model view, refused with both thresholds while too few pushed alerts have been answered."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
from pathlib import Path

import pytest

from tests.e2e.test_web_e2e import api_get, login, no_error_boxes


def _judge_rows(page) -> list[tuple[str, float | None]]:  # type: ignore[no-untyped-def]
    """(judge, value) per row of the per-judge table, as shown."""
    table = page.get_by_test_id("judge-table")
    table.locator("tbody tr").first.wait_for()
    out = []
    for tr in table.locator("tbody tr").all():
        cells = [c.inner_text().strip() for c in tr.locator("td").all()]
        m = re.match(r"^([\d.]+)%$", cells[2])
        out.append((cells[1], float(m.group(1)) if m else None))
    return out


def _open_closure_rate(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "#/supervision?tab=indicators")
    page.get_by_text("审判效率", exact=True).click()
    page.locator('[data-indicator="closure_rate"]').click()


def test_per_judge_breakdown_is_scoped_sorted_and_has_units(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "divhead")
    _open_closure_rate(page, server)
    panel = page.get_by_test_id("judge-breakdown")
    panel.wait_for()
    assert "单位：%" in panel.locator(".el-card__header").inner_text()
    panel.get_by_test_id("judge-chart").locator("canvas").first.wait_for()
    rows = _judge_rows(page)
    valued = [v for _j, v in rows if v is not None]
    assert valued, "the division's judges have closure rates"
    assert valued == sorted(valued), "closure rate is higher-is-better: the lowest on top"
    no_error_boxes(page)
    page.get_by_test_id("judge-breakdown").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "supervision_judges.png"), full_page=True)
    me = api_get(page, server, "/api/auth/me")
    court_q = urllib.parse.quote(me["court_code"])
    mine = api_get(page, server, f"/api/indicators/closure_rate/breakdown?by=judge&court={court_q}")
    assert len(rows) == len(mine["rows"])

    # the court leader above sees every judge of that court (the division's among them)
    page.context.clear_cookies()
    login(page, server, "leader")
    whole = api_get(
        page, server, f"/api/indicators/closure_rate/breakdown?by=judge&court={court_q}"
    )
    division = {r["key"] for r in mine["rows"]}
    court = {r["key"] for r in whole["rows"]}
    assert division < court, "a division head sees fewer judges than the court has"
    _open_closure_rate(page, server)
    assert len(_judge_rows(page)) > 0

    # a judge is not shown other judges: no panel, and the API refuses
    page.context.clear_cookies()
    login(page, server, "judge")
    _open_closure_rate(page, server)
    page.get_by_test_id("trend").wait_for()
    assert page.get_by_test_id("judge-breakdown").count() == 0
    with pytest.raises(urllib.error.HTTPError) as e:
        api_get(page, server, "/api/indicators/closure_rate/breakdown?by=judge")
    assert e.value.code == 403


def test_verification_in_the_model_view(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "supervisor")
    page.get_by_test_id("nav-workshop").click()
    page.get_by_test_id("model-list").locator("tbody tr").first.wait_for()
    fb = api_get(page, server, "/api/models/dead_party/feedback")
    title = api_get(page, server, "/api/models/dead_party")["title"]
    page.get_by_test_id("model-list").get_by_text(title, exact=True).click()
    figures = page.get_by_test_id("feedback-figures")
    figures.wait_for()
    text = figures.inner_text()
    assert f"已答复 {fb['current']['answered']} / 需 {fb['min_answered']}" in text
    assert fb["current"]["answered"] < fb["min_answered"]  # a 2,000-case court has few answers
    page.get_by_test_id("verify").click()
    msg = page.locator(".el-message--error")
    msg.wait_for()
    assert f"少于核验所需的 {fb['min_answered']} 条" in msg.inner_text()
    page.screenshot(path=str(shots / "workshop_verification.png"), full_page=True)
    # refused: still live
    assert api_get(page, server, "/api/models/dead_party")["state"] == "live"
