"""要素式审判 in the 数助办案 board, in a real browser: a judge loads a synthetic example at the
hearing node and reads the hearing outline (contested elements first) and the judgment
skeleton; a role without check.run has no such tab (docs/ELEMENTS.md §5)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_web_e2e import login, no_error_boxes


def test_judge_gets_outline_and_skeleton(page, server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "judge")
    page.goto(server + "#/handling?tab=elements")
    panel = page.get_by_test_id("elements-panel")
    panel.wait_for()
    panel.get_by_test_id("elements-mode").get_by_text("合成示例").click()
    panel.get_by_test_id("elements-sample").click()
    outline = panel.get_by_test_id("elements-outline")
    outline.wait_for()
    text = outline.inner_text()
    assert text.startswith("庭审提纲（民间借贷纠纷）")
    assert "核对当事人身份" in text and "法律依据" in text
    # the sample's complaint came back into the form, and the element table shows its statuses
    assert "起诉状" in panel.get_by_test_id("elements-complaint").input_value()
    panel.get_by_text("要素表").click()
    rows = panel.get_by_test_id("elements-table").locator("tbody tr")
    rows.first.wait_for()
    assert rows.count() == 6  # the six private-lending elements
    panel.get_by_text("判决书框架").click()
    skeleton = panel.get_by_test_id("elements-skeleton").inner_text()
    assert "民事判决书" in skeleton and "本院经审理，对本案要素认定如下" in skeleton
    no_error_boxes(page)
    page.screenshot(path=str(shots / "handling_elements.png"), full_page=True)


def test_supervisor_has_no_elements_tab(page, server) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "supervisor")
    page.goto(server + "#/handling?tab=points")
    page.get_by_test_id("board-handling").wait_for()
    assert page.get_by_test_id("elements-panel").count() == 0
    assert page.get_by_text("要素式审判").count() == 0
