"""The workshop through the HTTP API: the builder's words (labels) and date fields, a relative
date saved and served back, the served YAML following the lifecycle, and the read-only roles
refused every write. The court is tests/support/web_court.py."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
import yaml

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.web.app import create_app
from tests.support.web_court import PASSWORD, build

MODEL = """
id: ws_old_pending
title: {zh: 立案超过一年仍未结案（测试）, en: Pending over a year (test)}
category: time-limit
nodes: [filing]
severity: warning
message: "案件{case_no}立案已逾一年"
legal_basis: ["《民事诉讼法》第152条"]
owner_court: 沪
state: modelling
time_budget_ms: 2000
logic:
  conditions:
    subject: cases
    where:
      all:
        - {days_since: filing_date, op: gt, value: 365}
        - {field: status, op: eq, value: pending}
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path: Path = tmp_path_factory.mktemp("ws") / "court.duckdb"
    build(path)
    app = create_app(path)
    yield TestClient(app)
    app.state.store.close()


def auth(client: TestClient, user: str) -> dict[str, str]:
    r = client.post("/api/auth/login", json={"username": user, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def test_meta_gives_the_builder_words_and_date_fields(client) -> None:  # type: ignore[no-untyped-def]
    meta = client.get("/api/models/meta", headers=auth(client, "judge_a")).json()
    lab = meta["labels"]
    assert lab["ops"]["gt"] == {"zh": "大于", "en": "greater than"}
    assert lab["fields"]["filing_date"]["zh"] == "立案日期" and lab["days_since"]["zh"]
    for s in meta["subjects"]:  # every field the builder can offer has its words
        assert not [c for c in s["columns"] if c not in lab["fields"]], s["name"]
    cases = next(s for s in meta["subjects"] if s["name"] == "cases")
    assert "filing_date" in cases["dates"] and "status" not in cases["dates"]


def test_relative_date_model_saves_reopens_and_its_yaml_follows_the_lifecycle(client) -> None:  # type: ignore[no-untyped-def]
    mh = auth(client, "modeller")
    r = client.post("/api/models", headers=mh, json={"yaml": MODEL})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "modelling"
    d = client.get("/api/models/ws_old_pending", headers=mh).json()
    leaf = d["definition"]["logic"]["conditions"]["where"]["all"][0]
    assert leaf == {"days_since": "filing_date", "op": "gt", "value": 365}
    assert "as_of()" in d["compiled_sql"].lower()
    assert yaml.safe_load(d["yaml"])["state"] == "modelling"
    p = client.post("/api/models/ws_old_pending/promote", headers=mh, json={"to": "review_rollout"})
    assert p.status_code == 200, p.text
    d = client.get("/api/models/ws_old_pending", headers=mh).json()
    assert d["state"] == "review_rollout" and d["history"][0]["state"] == "review_rollout"
    assert yaml.safe_load(d["yaml"])["state"] == "review_rollout"  # not modelling any more
    assert d["definition"]["state"] == "review_rollout"
    assert "days_since: filing_date" in d["yaml"]  # the rest of the text as saved
    # a built-in's file text says the state the lifecycle gives it too
    b = client.get("/api/models/dead_party", headers=mh).json()
    assert yaml.safe_load(b["yaml"])["state"] == b["state"]


def test_a_non_date_relative_date_is_refused_by_name(client) -> None:  # type: ignore[no-untyped-def]
    bad = MODEL.replace("days_since: filing_date", "days_since: status")
    r = client.post("/api/models/validate", headers=auth(client, "modeller"), json={"yaml": bad})
    body = r.json()
    assert body["ok"] is False
    pr = body["problems"][0]
    assert pr["field"].endswith("days_since") and "status" in pr["message"] and pr["line"]


@pytest.mark.parametrize("user", ["judge_a", "divhead_a"])
def test_roles_that_may_not_model_read_but_cannot_write(client, user) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, user)
    assert client.get("/api/models/dead_party", headers=h).status_code == 200
    before = client.get("/api/models/dead_party", headers=h).json()
    refused = {
        "save": client.post("/api/models", headers=h, json={"yaml": MODEL}).status_code,
        "validate": client.post(
            "/api/models/validate", headers=h, json={"yaml": MODEL}
        ).status_code,
        "backtest": client.post(
            "/api/backtests", headers=h, json={"model_ids": ["dead_party"]}
        ).status_code,
        "promote": client.post(
            "/api/models/dead_party/promote", headers=h, json={"to": "retired"}
        ).status_code,
    }
    assert refused == {"save": 403, "validate": 403, "backtest": 403, "promote": 403}
    after = client.get("/api/models/dead_party", headers=h).json()
    assert after["version"] == before["version"] and after["history"] == before["history"]
    assert after["can_promote_to"] == []


def test_subjects_have_words_too(client) -> None:  # type: ignore[no-untyped-def]
    """The builder names each table and operator view (labels.yaml `subjects`), never its code."""
    meta = client.get("/api/models/meta", headers=auth(client, "judge_a")).json()
    subjects = meta["labels"]["subjects"]
    assert not [s["name"] for s in meta["subjects"] if s["name"] not in subjects]
    assert subjects["op_party_death"] == {
        "zh": "当事人死亡核查（算子）",
        "en": "party death register lookup (operator)",
    }


def test_a_judge_reads_the_stored_backtest_but_cannot_run_one(client) -> None:  # type: ignore[no-untyped-def]
    """Read-only roles see the figures of the latest backtest of the current version (counts
    only, no case); running one stays the modellers'. Both directions of the permission."""
    jh, mh = auth(client, "judge_a"), auth(client, "modeller")
    r = client.post("/api/backtests", headers=jh, json={"model_ids": ["dead_party"]})
    assert r.status_code == 403
    assert client.get("/api/models/dead_party/backtest", headers=jh).json()["backtest"] is None
    run = client.post("/api/backtests", headers=mh, json={"model_ids": ["dead_party"]})
    assert run.status_code == 200, run.text
    ran = run.json()["results"][0]
    r = client.get("/api/models/dead_party/backtest", headers=jh)
    assert r.status_code == 200, r.text
    stored = r.json()["backtest"]
    for k in ("hits", "tp", "fp", "fn", "precision", "recall", "status"):
        assert stored[k] == ran[k], k
    assert stored["as_of"] == run.json()["as_of"]
    # who ran it: named inside the runner's court tree only (modeller is of 沪, judge_a of 沪0115)
    assert stored["run_by"] is None
    mine = client.get("/api/models/dead_party/backtest", headers=mh).json()["backtest"]
    assert mine["run_by"] == "modeller" and "run_court" not in mine
    assert stored["scope_note"] and "hits_shown" not in stored and "fp_sample" not in stored
    # a draft that differs from the saved version is not that version's backtest
    assert client.post("/api/models", headers=mh, json={"yaml": MODEL}).status_code == 200
    draft = client.get("/api/models/ws_old_pending", headers=mh).json()["yaml"]
    changed = draft.replace("value: 365", "value: 400")
    assert client.post("/api/backtests", headers=mh, json={"yaml": changed}).status_code == 200
    assert client.get("/api/models/ws_old_pending/backtest", headers=jh).json()["backtest"] is None
    assert client.post("/api/backtests", headers=mh, json={"yaml": draft}).status_code == 200
    assert client.get("/api/models/ws_old_pending/backtest", headers=jh).json()["backtest"]
    assert client.get("/api/models/no_such_model/backtest", headers=jh).status_code == 404
