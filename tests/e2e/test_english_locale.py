"""The English locale is complete: every role's boards, each tab of each, the alert and case
drawers and the login page, switched to English, show no Chinese outside data values.

How data is told from UI strings: a data value (a case number, a party's, judge's or court's
name, a model's title or message as its author wrote it, text the server composed from data)
sits inside an element marked `translate="no"` (the HTML attribute that tells translation
tools to leave a text alone), or in a table body cell of a column marked `class-name="cq-data"`
(Element Plus puts that class on the column's cells; the header is still checked). Everything
else that is visible — text nodes, placeholders, titles — is a UI string and must have no
Chinese character in English. ECharts draws into a canvas, so chart labels are not seen here.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import PASSWORD

# Han ideographs and CJK punctuation / full-width forms: a UI string in English has none.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")

# What the page shows that is not data: visible text nodes, and visible inputs' placeholders.
UNTRANSLATED_JS = r"""
() => {
  const cjk = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/
  // the nearest translate attribute decides (HTML's rule); a data column's body cells too
  const isData = (el) => {
    const marked = el.closest('[translate]')
    return (marked && marked.getAttribute('translate') === 'no') || !!el.closest('td.cq-data')
  }
  const shown = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
  const out = []
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  while (walk.nextNode()) {
    const n = walk.currentNode
    const text = n.nodeValue.trim()
    const el = n.parentElement
    if (!text || !cjk.test(text) || !el || ['SCRIPT', 'STYLE'].includes(el.tagName)) continue
    if (isData(el) || !shown(el)) continue
    out.push(text.slice(0, 80))
  }
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    const p = el.getAttribute('placeholder')
    if (p && cjk.test(p) && !isData(el) && shown(el)) out.push('placeholder: ' + p)
  }
  return [...new Set(out)]
}
"""

ROLES = ["judge", "divhead", "leader", "supervisor", "modeller", "admin"]


class Quiet:
    """Counts the page's requests in flight, to wait until a tab has loaded what it shows."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.inflight = 0
        page.on("request", self._up)
        page.on("requestfinished", self._down)
        page.on("requestfailed", self._down)

    def _up(self, _r) -> None:  # type: ignore[no-untyped-def]
        self.inflight += 1

    def _down(self, _r) -> None:  # type: ignore[no-untyped-def]
        self.inflight = max(0, self.inflight - 1)

    def wait(self, timeout_ms: int = 60_000) -> None:
        """Until no request has been in flight for 400 ms (then Vue has drawn the answers)."""
        quiet = waited = 0
        while quiet < 400 and waited < timeout_ms:
            self.page.wait_for_timeout(100)
            waited += 100
            quiet = quiet + 100 if self.inflight == 0 else 0


def untranslated(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [s for s in page.evaluate(UNTRANSLATED_JS) if CJK.search(s)]


def test_login_page_in_english(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "#/login")
    page.get_by_test_id("lang").click()
    page.get_by_test_id("login").get_by_text("Log in").wait_for()
    assert untranslated(page) == []


@pytest.mark.parametrize("user", ROLES)
def test_every_board_of_a_role_in_english(page, server, user: str) -> None:  # type: ignore[no-untyped-def]
    quiet = Quiet(page)
    page.goto(server + "#/login")
    page.get_by_test_id("lang").click()  # English before logging in: it is remembered
    page.get_by_test_id("username").fill(user)
    page.get_by_test_id("password").fill(PASSWORD)
    page.get_by_test_id("login").click()
    page.get_by_test_id("whoami").wait_for()
    found: dict[str, list[str]] = {}
    navs = page.locator('[data-testid^="nav-"]')
    names = [navs.nth(i).get_attribute("data-testid") for i in range(navs.count())]
    assert names, "a role sees at least one board"
    for nav in names:
        page.get_by_test_id(nav).click()
        page.locator('[data-testid^="board-"]').first.wait_for()
        quiet.wait()
        tabs = page.locator(
            '[data-testid^="board-"] > .el-tabs > .el-tabs__header .el-tabs__item, '
            '[data-testid="board-workshop"] .el-tabs__item'  # the workshop's tabs are in a card
        )

        for i in range(max(1, tabs.count())):
            if tabs.count():
                tabs.nth(i).click()
                quiet.wait()
            where = f"{nav} / {tabs.nth(i).inner_text() if tabs.count() else '-'}"
            if bad := untranslated(page):
                found[where] = bad
    # one alert and its case, from the inbox (roles that have one)
    if "nav-handling" in names:
        page.get_by_test_id("nav-handling").click()
        page.goto(server + "#/handling?tab=inbox")
        rows = page.get_by_test_id("inbox").locator("tbody tr")
        quiet.wait()
        if rows.count():
            rows.first.click()
            page.get_by_test_id("alert-detail").wait_for()
            quiet.wait()
            if bad := untranslated(page):
                found["alert drawer"] = bad
            page.get_by_test_id("alert-detail").locator(".el-link").first.click()
            page.get_by_test_id("case-detail").wait_for()
            quiet.wait()
            if bad := untranslated(page):
                found["case drawer"] = bad
    assert not found, "untranslated in English:\n" + "\n".join(
        f"  {where}: {' | '.join(bad[:15])}" for where, bad in found.items()
    )
