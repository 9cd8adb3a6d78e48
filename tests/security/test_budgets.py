"""Budgets everywhere (issue 13 item 6): a model past its time budget in a backtest or a
one-click review is interrupted, reported as `timeout` (not ok), and the other models still
answer; a workshop model without a declared budget cannot be run. Node mode's budget is tested
in tests/test_engine.py.

The court: tests/security/scope_court.py (600 synthetic cases; a four-way cross join of the
cases table runs for hours).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from courtqc.engine.backtest import backtest
from courtqc.engine.run import REVIEW_CASES_PER_BUDGET, review_budget_ms
from courtqc.models.library import builtin_models
from courtqc.web.registry import Registry
from tests.support.scope_court import COURT, app_for, build, login

CROSS = "SELECT a.case_id, count(*) AS n FROM cases a, cases b, cases c, cases d GROUP BY a.case_id"
BUDGET_MS = 100
# "Within a small multiple of the budget": the watchdog wakes at the deadline and DuckDB stops
# between vectors; the rest is thread scheduling on a busy 2-core machine.
LIMIT_MS = 20 * BUDGET_MS


def model_yaml(mid: str, sql: str, budget: int | None = BUDGET_MS) -> str:
    line = f"time_budget_ms: {budget}\n" if budget is not None else ""
    return f"""id: {mid}
title: {{zh: 预算测试 {mid}, en: budget test {mid}}}
category: procedure
nodes: [filing]
severity: info
message: "{{n}}"
legal_basis: ["测试"]
owner_court: {COURT}
{line}logic:
  sql: {sql}
"""


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("budgets") / "court.duckdb"
    build(path)
    return path


@pytest.fixture(scope="module")
def client(court: Path) -> Any:
    from fastapi.testclient import TestClient

    app = app_for(court)
    with TestClient(app) as c:
        yield c
    app.state.store.close()


def test_review_budget_grows_with_the_cases() -> None:
    cm = next(m for m in builtin_models() if m.id == "dead_party")
    ms = cm.model.time_budget_ms
    assert review_budget_ms(cm, 600) == ms
    assert review_budget_ms(cm, 20 * REVIEW_CASES_PER_BUDGET) == 20 * ms


def test_a_draft_backtest_interrupts_a_cross_join(client: Any) -> None:
    h = login(client, "modeller_pd")
    t0 = time.perf_counter()
    r = client.post(
        "/api/backtests",
        headers=h,
        json={"yaml": model_yaml("budget_cross_draft", CROSS), "model_ids": ["dead_party"]},
    )
    wall = (time.perf_counter() - t0) * 1000
    assert r.status_code == 200, r.text
    res = {x["model_id"]: x for x in r.json()["results"]}
    cross = res["budget_cross_draft"]
    assert cross["status"] == "timeout" and "超出时间预算" in cross["error"]
    assert BUDGET_MS <= cross["elapsed_ms"] < LIMIT_MS, cross["elapsed_ms"]
    assert cross["tp"] is None and cross["hits"] == 0
    assert res["dead_party"]["status"] == "ok" and res["dead_party"]["hits"] > 0
    assert wall < 60_000


def test_a_review_interrupts_a_saved_cross_join(client: Any) -> None:
    h = login(client, "modeller_pd")
    r = client.post("/api/models", headers=h, json={"yaml": model_yaml("budget_cross", CROSS)})
    assert r.status_code == 200, r.text
    sup = login(client, "supervisor_pd")
    r = client.post(
        "/api/reviews",
        headers=sup,
        json={"model_ids": ["budget_cross", "dead_party"], "wait": True},
    )
    assert r.status_code == 200, r.text
    b = client.get(f"/api/reviews/{r.json()['review_id']}", headers=sup).json()
    assert b["status"] == "done", b
    runs = {s["model_id"]: s for s in b["summary"]}
    assert runs["budget_cross"]["status"] == "timeout"
    assert BUDGET_MS <= runs["budget_cross"]["elapsed_ms"] < LIMIT_MS, runs["budget_cross"]
    assert runs["dead_party"]["status"] == "ok"


def test_a_model_without_a_budget_cannot_run(client: Any) -> None:
    h = login(client, "modeller_pd")
    no_budget = model_yaml("budget_missing", "SELECT case_id, 1 AS n FROM cases", budget=None)
    r = client.post("/api/backtests", headers=h, json={"yaml": no_budget})
    assert r.status_code == 422 and "time_budget_ms" in r.json()["detail"], r.text
    assert client.post("/api/models", headers=h, json={"yaml": no_budget}).status_code == 200
    sup = login(client, "supervisor_pd")
    r = client.post("/api/reviews", headers=sup, json={"model_ids": ["budget_missing"]})
    assert r.status_code == 422 and "未声明时间预算" in r.json()["detail"], r.text
    # The built-in library keeps its default budget.
    r = client.post("/api/reviews", headers=sup, json={"model_ids": ["dead_party"], "wait": True})
    assert r.status_code == 200, r.text


def test_the_engine_backtest_interrupts_too(court: Path) -> None:
    """The CLI's backtest (no scope) is held to the budget as well."""
    cm = Registry().compile_text(model_yaml("budget_cross_cli", CROSS))
    con = duckdb.connect(str(court))
    try:
        [sc] = backtest(con, [cm], model_ids=[cm.id])
    finally:
        con.close()
    assert sc.status == "timeout" and sc.elapsed_ms < LIMIT_MS
