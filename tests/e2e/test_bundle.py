"""The login page loads only the shell: under 300 KB of scripts as transferred (the server
gzips them), the boards and the rest of Element Plus and ECharts after logging in; and the
page has its icon."""

from __future__ import annotations

import urllib.request

from tests.e2e.conftest import PASSWORD

LOGIN_SCRIPT_LIMIT = 300_000  # bytes transferred (the "login page under 300 KB")


def _script_bytes(page, server: str, then) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Bytes of each script the page fetched while `then` ran, as they came over the wire."""
    sizes: dict[str, int] = {}

    def seen(req) -> None:  # type: ignore[no-untyped-def]
        if req.resource_type == "script" and req.url.startswith(server):
            sizes[req.url.rsplit("/", 1)[-1]] = req.sizes()["responseBodySize"]

    page.on("requestfinished", seen)
    then()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    page.remove_listener("requestfinished", seen)
    return sizes


def test_login_page_scripts_are_small_and_boards_load_after(page, server) -> None:  # type: ignore[no-untyped-def]
    login = _script_bytes(page, server, lambda: page.goto(server + "#/login"))
    page.get_by_test_id("login").wait_for()
    total = sum(login.values())
    assert login and total < LOGIN_SCRIPT_LIMIT, f"login page scripts {total:,} bytes: {login}"
    assert not any(n.startswith(("echarts", "Handling", "Supervision")) for n in login), login

    def log_in() -> None:
        page.get_by_test_id("username").fill("supervisor")
        page.get_by_test_id("password").fill(PASSWORD)
        page.get_by_test_id("login").click()
        page.get_by_test_id("board-handling").wait_for()

    after = _script_bytes(page, server, log_in)
    assert any(n.startswith("Handling") for n in after), after  # the board came as its own chunk
    page.locator("canvas").first.wait_for()  # ECharts and the full Element Plus are there


def test_favicon(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "#/login")
    href = page.locator('link[rel="icon"]').get_attribute("href")
    assert href
    with urllib.request.urlopen(server + href.lstrip("./")) as r:
        assert r.status == 200 and "svg" in r.headers["content-type"]
        assert b"<svg" in r.read()
