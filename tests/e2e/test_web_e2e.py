"""The boards in a real browser: log in, open each board, drill down from an indicator to its
cases, give feedback on an alert, backtest a model in the workshop. A screenshot of each board
is saved (see conftest.py for where)."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path

from tests.e2e.conftest import PASSWORD


def login(page, server: str, user: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "#/login")
    page.get_by_test_id("username").fill(user)
    page.get_by_test_id("password").fill(password)
    page.get_by_test_id("login").click()
    page.get_by_test_id("whoami").wait_for()


def api_post(page, server: str, path: str, body: dict) -> dict:  # type: ignore[no-untyped-def]
    """POST as the page would: the session cookie and its CSRF token."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    req = urllib.request.Request(
        server.rstrip("/") + path,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "Cookie": f"courtqc_session={cookies['courtqc_session']}; "
            f"courtqc_csrf={cookies.get('courtqc_csrf', '')}",
            "X-CSRF-Token": cookies.get("courtqc_csrf", ""),
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(req, timeout=300) as r:
        return json.loads(r.read())


def api_get(page, server: str, path: str) -> dict:  # type: ignore[no-untyped-def]
    """GET an API path with the browser's session cookie (what the page itself would see)."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    req = urllib.request.Request(
        server.rstrip("/") + path,
        headers={"Cookie": f"courtqc_session={cookies['courtqc_session']}"},
    )
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read())


def no_error_boxes(page) -> None:  # type: ignore[no-untyped-def]
    assert page.locator(".el-alert--error").count() == 0, page.locator(
        ".el-alert--error"
    ).first.inner_text()


def test_wrong_password_is_refused_in_chinese(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "#/login")
    page.get_by_test_id("username").fill("judge")
    page.get_by_test_id("password").fill("not-the-password")
    page.get_by_test_id("login").click()
    assert "用户名或密码错误" in page.get_by_test_id("login-error").inner_text()


def test_judge_inbox_and_one_click_feedback(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "judge")
    board = page.get_by_test_id("board-handling")
    board.wait_for()
    inbox = page.get_by_test_id("inbox")
    rows = inbox.locator("tbody tr")
    rows.first.wait_for()
    n_before = api_get(page, server, "/api/alerts?feedback=none")["total"]
    assert n_before > 0
    page.screenshot(path=str(shots / "handling_inbox.png"))
    rows.first.click()
    detail = page.get_by_test_id("alert-detail")
    detail.wait_for()
    assert detail.get_by_test_id("evidence").locator("tbody tr").count() >= 1
    page.wait_for_timeout(500)  # the drawer's slide-in
    page.screenshot(path=str(shots / "alert_detail.png"))
    page.get_by_test_id("fb-helpful").click()
    detail.get_by_text("最近反馈：有帮助").wait_for()
    assert api_get(page, server, "/api/alerts?feedback=none")["total"] == n_before - 1
    assert api_get(page, server, "/api/alerts?feedback=helpful")["total"] >= 1
    # the judge has no admin board, even by typing its address
    page.goto(server + "#/admin")
    page.get_by_test_id("board-handling").wait_for()
    assert page.get_by_test_id("nav-admin").count() == 0


def test_handling_board_for_the_review_office(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "supervisor")
    page.goto(server + "#/handling?tab=points")
    page.get_by_test_id("by-model").locator("tbody tr").first.wait_for()
    page.locator("canvas").first.wait_for()
    no_error_boxes(page)
    page.wait_for_timeout(600)  # chart animation
    page.screenshot(path=str(shots / "handling.png"), full_page=True)


def test_supervision_overview_and_drill_down_to_cases(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "supervisor")
    page.get_by_test_id("nav-supervision").click()
    page.get_by_test_id("overview").locator("canvas").first.wait_for()
    no_error_boxes(page)
    page.wait_for_timeout(600)
    page.screenshot(path=str(shots / "supervision_overview.png"), full_page=True)

    page.get_by_role("tab", name="指标看板").click()
    card = page.locator('[data-indicator="filed_count"]')
    card.wait_for()
    shown = re.match(r"[\d,]+", card.locator(".stat").inner_text().strip())
    assert shown, "the card shows a count"
    card.click()
    count = page.get_by_test_id("drill-count")
    count.wait_for()
    total = re.search(r"合计 ([\d,]+)", count.inner_text())
    assert total and total.group(1) == shown.group(0)  # the cases add up to the number clicked
    rows = page.get_by_test_id("drill-table").locator("tbody tr")
    rows.first.wait_for()
    case_no = rows.first.locator("td").first.inner_text().strip()
    page.wait_for_timeout(600)
    page.screenshot(path=str(shots / "supervision_indicators.png"), full_page=True)
    rows.first.click()
    detail = page.get_by_test_id("case-detail")
    detail.wait_for()
    assert page.locator(".el-drawer__title", has_text=case_no).count() == 1
    page.wait_for_timeout(500)
    page.screenshot(path=str(shots / "case_detail.png"))


def test_supervision_reviews_and_reversals(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "supervisor")
    page.goto(server + "#/supervision?tab=review")
    page.get_by_test_id("run-review").click()
    page.get_by_text("评查完成").wait_for(timeout=120_000)
    hist = page.get_by_test_id("review-history").locator("tbody tr")
    assert "已完成" in hist.first.inner_text()  # the status in words, not the code "done"
    page.screenshot(path=str(shots / "supervision_review.png"), full_page=True)
    page.goto(server + "#/supervision?tab=reversals")
    page.get_by_test_id("reversal").locator("canvas").first.wait_for()
    no_error_boxes(page)
    page.wait_for_timeout(600)
    page.screenshot(path=str(shots / "supervision_reversals.png"), full_page=True)


def test_decision_board(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "leader")
    page.get_by_test_id("nav-decision").click()
    page.goto(server + "#/decision?tab=findings")  # the data services' tab opens first
    page.get_by_test_id("findings").locator("tbody tr").first.wait_for()
    no_error_boxes(page)
    page.wait_for_timeout(600)
    page.screenshot(path=str(shots / "decision.png"), full_page=True)


def test_workshop_backtest_of_a_built_model(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "modeller")
    page.get_by_test_id("board-workshop").wait_for()
    page.get_by_test_id("model-list").locator("tbody tr").first.wait_for()
    page.get_by_test_id("load-example").click()
    page.get_by_test_id("generate").click()
    assert "op_party_death" in page.get_by_test_id("yaml-editor").input_value()
    page.get_by_test_id("validate").click()
    page.get_by_text("校验通过").wait_for()
    page.get_by_test_id("backtest").click()
    result = page.get_by_test_id("backtest-result")
    result.wait_for(timeout=60_000)
    hits = int(result.get_by_test_id("bt-hits").inner_text())
    assert hits > 0
    assert page.get_by_test_id("bt-table").locator("tbody tr").count() >= 1
    page.screenshot(path=str(shots / "workshop.png"), full_page=True)
    # a broken draft names the line and the field
    editor = page.get_by_test_id("yaml-editor")
    editor.fill(editor.input_value().replace("subject: op_party_death", "subject: users"))
    page.get_by_test_id("validate").click()
    problem = page.get_by_test_id("problems")
    problem.wait_for()
    assert "logic.conditions.subject" in problem.inner_text()


def test_workshop_save_and_promote(page, server) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "modeller")
    page.get_by_test_id("load-example").click()
    page.get_by_test_id("generate").click()
    page.get_by_test_id("save").click()
    detail = page.get_by_test_id("model-detail")
    detail.wait_for()
    assert "建模" in detail.inner_text()
    page.get_by_test_id("promote-review_rollout").click()
    detail.get_by_text("推广评查").first.wait_for()
    assert page.get_by_test_id("promote-live").count() == 0  # not the modeller's step


def test_admin_audit_log(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "admin")
    page.get_by_test_id("nav-admin").click()
    table = page.get_by_test_id("audit-table")
    table.locator("tbody tr").first.wait_for()
    assert "查看预警" in table.inner_text() or "查看案件" in table.inner_text()
    page.screenshot(path=str(shots / "admin_audit.png"), full_page=True)


def test_english_locale(page, server) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "supervisor")
    page.get_by_role("button", name="EN").click()
    page.get_by_test_id("nav-supervision").get_by_text("Supervision").wait_for()
    page.get_by_role("button", name="中文").click()


def test_api_docs_render_without_internet(page, server) -> None:  # type: ignore[no-untyped-def]
    """Swagger UI comes with the UI bundle: this browser reaches nothing outside the machine,
    as a court intranet's would not; no request leaves the server's origin."""
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    page.goto(server + "api/docs")
    page.locator(".swagger-ui .info .title").get_by_text("审判监督管理平台").wait_for()
    page.locator(".opblock-tag", has_text="auth").first.wait_for()
    assert outside == []


def test_worst_court_to_its_cases_and_manual_review(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    """Review office: an indicator, the ranked basic courts, the worst one's cases paged and
    filtered; then a review task from one-click review hits, recorded with a defect and a
    person held accountable."""
    login(page, server, "supervisor")
    page.goto(server + "#/supervision?tab=indicators")
    page.get_by_text("审判效率", exact=True).click()
    page.locator('[data-indicator="closure_rate"]').click()
    ranking = page.get_by_test_id("ranking-table")
    ranking.locator("tbody tr").first.wait_for()
    worst = ranking.locator("tbody tr").first.locator("td").nth(1).inner_text()
    page.get_by_test_id("compare").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "supervision_indicators.png"), full_page=True)
    ranking.locator("tbody tr").first.click()  # go to the worst basic court
    page.get_by_test_id("breadcrumb").get_by_text(worst).wait_for()
    page.locator('[data-indicator="closure_rate"]').click()
    count = page.get_by_test_id("drill-count")
    count.wait_for()
    assert re.search(r"显示 \d+ / [\d,]+ 行", count.inner_text())
    page.get_by_test_id("drill-status").click()
    page.get_by_role("option", name="已结").click()
    page.wait_for_timeout(500)
    rows = page.get_by_test_id("drill-table").locator("tbody tr")
    assert rows.count() > 0 and "已结" in rows.first.inner_text()
    page.screenshot(path=str(shots / "drill.png"), full_page=True)
    no_error_boxes(page)
    # the review office runs a one-click review first: its hits are what the tasks come from
    done = api_post(page, server, "/api/reviews", {"wait": True})
    assert done["review_id"] and done["status"] != "running", done
    page.get_by_test_id("breadcrumb").locator("a").first.click()  # back up to the whole city
    page.goto(server + "#/supervision?tab=manual")
    page.get_by_test_id("tasks-from-hits").click()
    page.get_by_test_id("review-tasks").locator("tbody tr").first.wait_for()
    page.get_by_test_id("record-review").first.click()
    form = page.get_by_test_id("review-form")
    form.get_by_text("差错", exact=True).click()
    page.get_by_test_id("add-defect").click()
    page.get_by_test_id("add-accountable").click()
    page.get_by_test_id("accountable-name").fill("张三")
    page.get_by_test_id("save-review").click()
    page.get_by_text("评查结论已保存").wait_for()
    rep = api_get(page, server, "/api/manual-reviews/report")
    assert rep["reviewed"] >= 1 and rep["people_accountable"]
    page.screenshot(path=str(shots / "manual_review.png"), full_page=True)


def test_node_pushes_on_the_handling_board(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "supervisor")
    page.get_by_test_id("board-handling").wait_for()
    pushed = api_get(page, server, "/api/alerts?pushed=true&size=1")["total"]
    assert pushed > 0  # the demo's replay pushed at nodes
    page.goto(server + "#/handling?tab=inbox")
    page.get_by_test_id("inbox").locator("tbody tr").first.wait_for()
    page.screenshot(path=str(shots / "handling_inbox.png"))
