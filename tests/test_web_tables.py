"""Drill-down and reversal tables (paged, filtered, sorted, exported, no cap), court
comparison (children only, worst first, parent apart), the ranking of basic courts, trends
with the card's cumulative definition, the alert inbox's date filter, and the demo's replay
of recent events through node mode — on a real 2,000-case synthetic court."""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import duckdb
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.engine.review import review
from courtqc.indicators import Slice, compute
from courtqc.synth import generate
from courtqc.web.app import create_app
from courtqc.web.db import ensure_platform
from courtqc.web.demo import replay_recent
from courtqc.web.users import seed_demo_users

PASSWORD = "tables-test-password-1"


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, int]]:
    path = tmp_path_factory.mktemp("tables") / "court.duckdb"
    generate(path, cases=2000, seed=11, progress=False)
    con = duckdb.connect(str(path))
    review(con)
    replayed = replay_recent(con, days=60)
    ensure_platform(con)
    seed_demo_users(con, PASSWORD)
    con.close()
    return path, replayed


@pytest.fixture(scope="module")
def app(court):  # type: ignore[no-untyped-def]
    a = create_app(court[0])
    yield a
    a.state.store.close()


@pytest.fixture(scope="module")
def client(app) -> TestClient:  # type: ignore[no-untyped-def]
    c = TestClient(app)
    r = c.post("/api/auth/login", json={"username": "supervisor", "password": PASSWORD})
    assert r.status_code == 200, r.text
    c.headers["Authorization"] = f"Bearer {r.json()['token']}"
    return c


def test_demo_replay_pushes_at_nodes(app, court) -> None:  # type: ignore[no-untyped-def]
    events, pushed = court[1]
    assert events > 100
    with app.state.store.cursor() as con:
        by_node = con.execute(
            "SELECT node, count(*) FROM alerts WHERE pushed GROUP BY 1"
        ).fetchall()
    assert pushed > 0 and sum(n for _, n in by_node) >= pushed
    assert all(node is not None for node, _ in by_node)


def full_year(app) -> str:  # type: ignore[no-untyped-def]
    """The last whole year of data (the default period is the latest, maybe partial, one)."""
    return str(int(app.state.default_period[:4]) - 1)


def test_drill_pages_every_row_and_adds_up(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    period = full_year(app)
    d = client.get(
        "/api/indicators/filed_count/drill", params={"court": "沪", "period": period, "size": 50}
    ).json()
    assert d["count"] > 200  # more rows than the old cap
    assert len(d["items"]) == 50 and d["matched"] == d["count"]
    seen: set[int] = set()
    for page in range(1, d["count"] // 500 + 2):
        r = client.get(
            "/api/indicators/filed_count/drill",
            params={"court": "沪", "period": period, "size": 500, "page": page},
        ).json()
        seen |= {it["case_id"] for it in r["items"]}
    assert len(seen) == d["count"]
    with app.state.store.cursor() as con:
        (v,) = compute(con, Slice(period=period, court="沪"), ["filed_count"])
    assert d["total"] == v.numerator
    item = d["items"][0]
    assert {"status_zh", "judge_name", "dept_name", "days"} <= set(item)
    assert d["amount_label"] is None  # a count: every row adds 1, no column to show


def test_drill_filters_sort_and_export(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    base = {"court": "沪", "period": full_year(app)}
    pend = client.get(
        "/api/indicators/filed_count/drill", params={**base, "status": "pending", "size": 500}
    ).json()
    assert 0 < pend["matched"] < pend["count"]
    assert {it["status"] for it in pend["items"]} == {"pending"}
    judge = pend["judges"][0]
    mine = client.get(
        "/api/indicators/filed_count/drill", params={**base, "by_judge": judge["judge_id"]}
    ).json()
    assert {it["judge_id"] for it in mine["items"]} == {judge["judge_id"]}
    old = client.get(
        "/api/indicators/filed_count/drill",
        params={**base, "min_days": 100, "sort": "days", "order": "desc", "size": 500},
    ).json()
    days = [it["days"] for it in old["items"]]
    assert days == sorted(days, reverse=True) and min(days) >= 100
    r = client.get("/api/indicators/filed_count/drill", params={**base, "sort": "nonsense"})
    assert r.status_code == 422 and "排序" in r.json()["detail"]
    csv_r = client.get(
        "/api/indicators/filed_count/drill", params={**base, "status": "pending", "export": "csv"}
    )
    assert csv_r.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(csv_r.content.decode("utf-8-sig"))))
    assert lines[0][0] == "案号" and len(lines) == pend["matched"] + 1
    x = client.get("/api/indicators/filed_count/drill", params={**base, "export": "xlsx"})
    assert x.status_code == 200 and x.content[:2] == b"PK"  # a zip: the XLSX container
    from openpyxl import load_workbook

    sheet = list(load_workbook(io.BytesIO(x.content)).active.iter_rows(values_only=True))
    assert sheet[0][0] == "案号" and len(sheet) == pend["count"] + 1


def test_compare_children_only_worst_first(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    base = {"court": "沪", "period": app.state.default_period}
    c = client.get("/api/indicators/closure_rate/compare", params=base).json()
    codes = [r["court_code"] for r in c["rows"]]
    assert "沪" not in codes and c["parent"]["court_code"] == "沪"
    assert set(codes) == set(app.state.tree.children["沪"])
    vals = [r["value"] for r in c["rows"] if r["value"] is not None]
    assert vals == sorted(vals)  # higher is better: the worst (lowest) first
    rk = client.get("/api/indicators/closure_rate/ranking", params=base).json()
    basic = [r["court_code"] for r in rk["basic"]]
    special = [r["court_code"] for r in rk["specialised"]]
    assert "沪0115" in basic and "沪7101" in special and not set(basic) & set(special)
    assert [r["rank"] for r in rk["basic"]] == list(range(1, len(basic) + 1))
    vals = [r["value"] for r in rk["basic"] if r["value"] is not None]
    assert vals == sorted(vals)


def test_trend_cumulative_ends_at_the_card(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    period = app.state.default_period
    card = client.get(
        "/api/indicators/values", params={"court": "沪", "period": period, "ids": "closure_rate"}
    ).json()["values"][0]
    tr = client.get(
        "/api/indicators/closure_rate/trend", params={"court": "沪", "period": period}
    ).json()
    assert tr["cumulative"] and "累计" in tr["basis"]["cumulative"]
    assert tr["cumulative"][-1]["value"] == pytest.approx(card["value"])
    monthly = [p["value"] for p in tr["points"] if p["value"] is not None]
    assert max(monthly) < card["value"]  # the monthly rate is another, lower figure
    assert sum(p["partial"] for p in tr["points"]) <= 1


def test_reversal_cases_paged_without_cap(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    base = {"court": "沪", "period": app.state.default_period}
    rep = client.get("/api/reversals", params=base).json()
    r = client.get("/api/reversals/cases", params={**base, "size": 5}).json()
    assert r["total"] == rep["total"] == r["matched"] and len(r["items"]) == min(5, rep["total"])
    un = client.get("/api/reversals/cases", params={**base, "reviewed": False, "size": 500}).json()
    assert un["matched"] == rep["total"] - rep["reviewed"]
    assert all(it["review_zh"] == "未评查" for it in un["items"])


def test_inbox_date_filter(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    everything = client.get("/api/alerts", params={"size": 1}).json()["total"]
    assert everything > 0
    none = client.get("/api/alerts", params={"until": "2000-01-01"}).json()["total"]
    today = client.get("/api/alerts", params={"since": "2000-01-01"}).json()["total"]
    assert none == 0 and today == everything
    pushed = client.get("/api/alerts", params={"pushed": True, "size": 100}).json()
    assert pushed["total"] > 0 and all(a["node"] for a in pushed["items"])


def test_manual_review_workflow(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    """Open tasks from one-click review hits and by sampling, record a review with defects and
    a person held accountable; the report counts it and the reversal analysis sees it."""
    hits = client.get("/api/alerts", params={"mode": "review", "size": 3}).json()["items"]
    assert hits
    r = client.post(
        "/api/manual-reviews/tasks",
        json={"source": "hit", "court": "沪", "alert_ids": [a["alert_id"] for a in hits]},
    )
    assert r.status_code == 200, r.text
    assert r.json()["opened"] == len({a["case_id"] for a in hits})
    again = client.post(
        "/api/manual-reviews/tasks",
        json={"source": "hit", "court": "沪", "alert_ids": [a["alert_id"] for a in hits]},
    ).json()
    assert again["opened"] == 0  # an open task per case, not two
    s = client.post(
        "/api/manual-reviews/tasks",
        json={"source": "sample", "court": "沪", "period": full_year(app), "n": 4},
    ).json()
    assert s["opened"] <= 4 and s["candidates"] == 4
    tasks = client.get("/api/manual-reviews", params={"status": "open"}).json()
    task = next(t for t in tasks["items"] if t["source"] == "hit")
    assert task["alert_message"] and task["case_no"]
    bad = client.put(
        f"/api/manual-reviews/{task['task_id']}",
        json={"conclusion": "no_error", "defects": [{"category": "law"}]},
    )
    assert bad.status_code == 422
    rec = client.put(
        f"/api/manual-reviews/{task['task_id']}",
        json={
            "conclusion": "error",
            "defects": [{"category": "law", "note": "利率超过上限"}, {"category": "document"}],
            "accountable": [{"name": "张三", "role": "审判员", "measure": "诫勉谈话"}],
        },
    ).json()
    assert rec["status"] == "done" and rec["conclusion_zh"] == "差错"
    rep = client.get("/api/manual-reviews/report", params={"court": "沪"}).json()
    assert rep["reviewed"] == 1 and rep["defects"] == 2
    assert {x["key"]: x["cases"] for x in rep["by_conclusion"]}["error"] == 1
    assert rep["people_accountable"][0]["name"] == "张三"
    html = client.get("/api/manual-reviews/report", params={"court": "沪", "format": "html"})
    assert "案件质量评查报告" in html.text and "张三" in html.text
    with app.state.store.cursor() as con:
        qr = con.execute(
            "SELECT outcome, accountable FROM quality_reviews WHERE reviewer = ?",
            [f"人工评查#{task['task_id']}"],
        ).fetchall()
    assert qr == [("error", True)]
    judge = TestClient(app)
    tok = judge.post("/api/auth/login", json={"username": "judge", "password": PASSWORD})
    h = {"Authorization": f"Bearer {tok.json()['token']}"}
    assert (
        judge.put(
            f"/api/manual-reviews/{task['task_id']}", json={"conclusion": "error"}, headers=h
        ).status_code
        == 403
    )
