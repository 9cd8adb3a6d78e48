"""The workshop in a real browser: a modeller builds a model with a relative date from the
builder's Chinese labels, saves it and reopens it in the builder; a model with a nested any-group
(A and (B or C)) is built, saved, reopened and backtested; a judge sees the same models
read-only (no editable controls, no save, no backtest run) with the stored backtest figures."""

from __future__ import annotations

import yaml

from tests.e2e.test_web_e2e import login

MODEL_ID = "e2e_pending_over_a_year"


def _pick(page, testid: str, text: str, search: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Open an Element Plus select and click the visible option that reads `text`."""
    page.get_by_test_id(testid).click()
    if search:
        page.get_by_test_id(testid).locator("input").fill(search)
    page.locator(".el-select-dropdown__item:visible", has_text=text).first.click()


def _open_saved(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_placeholder("搜索模型").fill(MODEL_ID)
    page.get_by_test_id("model-list").locator("tbody tr", has_text="立案逾一年").first.click()
    page.get_by_test_id("model-detail").wait_for()


def test_modeller_builds_a_relative_date_model_and_reopens_it(page, server, shots) -> None:  # type: ignore[no-untyped-def]
    login(page, server, "modeller")
    page.get_by_test_id("board-workshop").wait_for()
    page.get_by_test_id("model-list").locator("tbody tr").first.wait_for()
    page.get_by_test_id("new-model").click()
    page.get_by_test_id("model-id").fill(MODEL_ID)
    page.get_by_test_id("model-title").fill("立案逾一年仍未结案")
    _pick(page, "model-nodes", "立案")
    page.keyboard.press("Escape")
    page.get_by_test_id("model-message").fill("案件{case_no}立案已逾一年")
    page.get_by_test_id("model-basis").fill("《民事诉讼法》第152条")
    page.get_by_test_id("add-condition").click()
    # Chinese labels, no codes: the relative date reads 立案日期距今（天）, the op 大于
    _pick(page, "cond-field-0", "立案日期距今（天）", search="立案日期距今")
    _pick(page, "cond-op-0", "大于")
    page.get_by_test_id("cond-value-0").fill("365")
    assert page.get_by_test_id("cond-field-0").inner_text() == "立案日期距今（天）"
    assert page.get_by_test_id("cond-op-0").inner_text() == "大于"
    page.get_by_test_id("add-condition").click()
    _pick(page, "cond-field-1", "状态", search="状态")
    page.get_by_test_id("cond-value-1").fill("pending")
    assert page.get_by_test_id("cond-op-1").inner_text() == "等于"  # the default op, in words
    page.get_by_test_id("generate").click()
    text = page.get_by_test_id("yaml-editor").input_value()
    assert 'days_since: "filing_date", op: gt, value: 365' in text, text
    page.get_by_test_id("validate").click()
    page.get_by_text("校验通过").wait_for()
    page.get_by_test_id("save").click()
    detail = page.get_by_test_id("model-detail")
    detail.get_by_text(MODEL_ID).wait_for()
    assert "建模" in detail.inner_text()
    # reopen: clear the builder, open the saved model, the builder is refilled
    page.get_by_test_id("new-model").click()
    assert page.get_by_test_id("model-id").input_value() == ""
    _open_saved(page)
    page.get_by_test_id("cond-0").wait_for()
    assert page.get_by_test_id("model-id").input_value() == MODEL_ID
    assert page.get_by_test_id("cond-field-0").inner_text() == "立案日期距今（天）"
    assert page.get_by_test_id("cond-op-0").inner_text() == "大于"
    assert page.get_by_test_id("cond-value-0").input_value() == "365"
    page.screenshot(path=str(shots / "workshop-builder.png"), full_page=True)


def test_judge_sees_the_model_read_only(page, server, shots) -> None:  # type: ignore[no-untyped-def]
    import urllib.error

    from tests.e2e.test_web_e2e import api_get, api_post

    # the model the modeller's test saves; saved here too when this test runs alone
    login(page, server, "modeller")
    try:
        api_get(page, server, f"/api/models/{MODEL_ID}")
    except urllib.error.HTTPError:
        api_post(page, server, "/api/models", {"yaml": _YAML})
    page.context.clear_cookies()
    login(page, server, "judge")
    page.get_by_test_id("nav-workshop").click()
    page.get_by_test_id("board-workshop").wait_for()
    _open_saved(page)
    page.get_by_test_id("read-only").wait_for()
    field = page.get_by_test_id("cond-field-0")
    field.wait_for()
    assert field.inner_text() == "立案日期距今（天）"
    assert field.locator(".el-select__wrapper.is-disabled").count() == 1
    assert page.get_by_test_id("model-id").is_disabled()
    assert page.get_by_test_id("cond-value-0").is_disabled()
    for testid in ("save", "generate", "new-model", "add-condition", "validate", "backtest"):
        assert page.get_by_test_id(testid).count() == 0, testid
    assert page.get_by_test_id("model-detail").get_by_test_id("promote-review_rollout").count() == 0
    page.get_by_text("运行的 SQL").click()
    assert "as_of()" in page.get_by_test_id("selected-sql").inner_text().lower()
    page.screenshot(path=str(shots / "workshop-readonly.png"), full_page=True)


_YAML = f"""
id: {MODEL_ID}
title: {{zh: 立案逾一年仍未结案, en: Pending over a year}}
category: procedure
nodes: [filing]
severity: warning
message: "案件{{case_no}}立案已逾一年"
legal_basis: ["《民事诉讼法》第152条"]
owner_court: 沪
time_budget_ms: 2000
logic:
  conditions:
    subject: cases
    where:
      all:
        - {{days_since: filing_date, op: gt, value: 365}}
        - {{field: status, op: eq, value: pending}}
"""


NESTED_ID = "e2e_nested_groups"


def test_nested_groups_build_save_reopen_and_backtest(page, server, shots) -> None:  # type: ignore[no-untyped-def]
    """(A and (B or C)) from the builder: a nested any-group inside the root all-group, written
    to the YAML as a nested tree, saved, reopened with the nesting intact, backtested — and the
    stored figures then shown to a judge, who may not run a backtest."""
    login(page, server, "modeller")
    page.get_by_test_id("board-workshop").wait_for()
    page.get_by_test_id("model-list").locator("tbody tr").first.wait_for()
    page.get_by_test_id("new-model").click()
    page.get_by_test_id("model-id").fill(NESTED_ID)
    page.get_by_test_id("model-title").fill("立案逾30天且未结或无结案日期")
    _pick(page, "model-nodes", "立案")
    page.keyboard.press("Escape")
    page.get_by_test_id("model-message").fill("案件{case_no}立案逾30天")
    page.get_by_test_id("model-basis").fill("《民事诉讼法》第152条")
    # A
    page.get_by_test_id("add-condition").click()
    _pick(page, "cond-field-0", "立案日期距今（天）", search="立案日期距今")
    _pick(page, "cond-op-0", "大于")
    page.get_by_test_id("cond-value-0").fill("30")
    # (B or C): a group, its combinator flipped to any by default under an all-root
    page.get_by_test_id("add-group").click()
    page.get_by_test_id("group-1").wait_for()
    assert page.get_by_test_id("group-comb-1").locator(".is-active").inner_text() == "任一满足"
    _pick(page, "cond-field-1-0", "状态", search="状态")
    page.get_by_test_id("cond-value-1-0").fill("pending")
    page.get_by_test_id("add-condition-1").click()
    _pick(page, "cond-field-1-1", "结案日期", search="结案日期")
    _pick(page, "cond-op-1-1", "为空")
    page.get_by_test_id("generate").click()
    text = page.get_by_test_id("yaml-editor").input_value()
    logic = yaml.safe_load(text)["logic"]["conditions"]["where"]
    assert logic == {
        "all": [
            {"days_since": "filing_date", "op": "gt", "value": 30},
            {
                "any": [
                    {"field": "status", "op": "eq", "value": "pending"},
                    {"field": "closing_date", "op": "is_null"},
                ]
            },
        ]
    }, text
    page.get_by_test_id("save").click()
    detail = page.get_by_test_id("model-detail")
    detail.get_by_text(NESTED_ID).wait_for()
    # reopen from the library into a cleared builder: the nesting comes back
    page.get_by_test_id("new-model").click()
    assert page.get_by_test_id("group-1").count() == 0
    page.get_by_placeholder("搜索模型").fill(NESTED_ID)
    page.get_by_test_id("model-list").locator("tbody tr", has_text="立案逾30天").first.click()
    page.get_by_test_id("cond-1-1").wait_for()
    assert page.get_by_test_id("model-id").input_value() == NESTED_ID
    assert page.get_by_test_id("cond-field-0").inner_text() == "立案日期距今（天）"
    assert page.get_by_test_id("group-comb-1").locator(".is-active").inner_text() == "任一满足"
    assert page.get_by_test_id("cond-field-1-0").inner_text() == "状态"
    assert page.get_by_test_id("cond-value-1-0").input_value() == "pending"
    assert page.get_by_test_id("cond-op-1-1").inner_text() == "为空"
    # backtest the saved version: hits shown, and kept as its stored figures
    page.get_by_test_id("backtest").click()
    hits = page.get_by_test_id("bt-hits")
    hits.wait_for(timeout=90_000)  # a backtest over the court, on a shared machine
    n = int(hits.inner_text())
    assert n > 0
    assert page.get_by_test_id("stored-hits").inner_text() == str(n)
    page.screenshot(path=str(shots / "workshop-nested.png"), full_page=True)
    # a judge opens it read-only and reads the same figures, with nothing to run
    page.context.clear_cookies()
    login(page, server, "judge")
    page.get_by_test_id("nav-workshop").click()
    page.get_by_test_id("board-workshop").wait_for()
    page.get_by_placeholder("搜索模型").fill(NESTED_ID)
    page.get_by_test_id("model-list").locator("tbody tr", has_text="立案逾30天").first.click()
    page.get_by_test_id("cond-1-1").wait_for()
    assert page.get_by_test_id("stored-hits").inner_text() == str(n)
    assert page.get_by_test_id("backtest").count() == 0
    assert page.get_by_test_id("add-group-1").count() == 0


def test_subjects_show_words_not_codes(page, server) -> None:  # type: ignore[no-untyped-def]
    """The subject picker names operator views in words; the code is only the grey hint."""
    login(page, server, "modeller")
    page.get_by_test_id("board-workshop").wait_for()
    page.get_by_test_id("load-example").click()
    assert page.get_by_test_id("subject").inner_text() == "当事人死亡核查（算子）"
    page.get_by_test_id("subject").click()
    opt = page.locator(".el-select-dropdown__item:visible", has_text="当事人死亡核查（算子）").first
    assert "op_party_death" in opt.inner_text()  # the hint beside the words


def test_workshop_builder_in_english(page, server) -> None:  # type: ignore[no-untyped-def]
    """In the English locale the builder's labels, subject, fields, operators and group words are
    English: no Chinese in any form label (the model's own texts are the user's, not the UI's)."""
    import re

    login(page, server, "modeller")
    page.get_by_role("button", name="EN").click()
    page.get_by_test_id("board-workshop").wait_for()
    page.get_by_test_id("load-example").click()
    assert page.get_by_test_id("subject").inner_text() == "party death register lookup (operator)"
    assert page.get_by_test_id("cond-op-1").inner_text() == "less than"
    assert page.get_by_test_id("group-comb").locator(".is-active").inner_text() == "all of"
    form = page.get_by_test_id("builder-form")
    labels = form.locator(".el-form-item__label").all_inner_texts()
    assert labels and not [x for x in labels if re.search(r"[\u4e00-\u9fff]", x)], labels
    buttons = form.locator("button").all_inner_texts()
    assert not [x for x in buttons if re.search(r"[\u4e00-\u9fff]", x)], buttons
    page.get_by_role("button", name="中文").click()
