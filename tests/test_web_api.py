"""The HTTP API: every endpoint, the authorization matrix over the court tree and case
assignment, masking, audit, and the security mechanics (argon2, expiry, rate limit, CSRF).

The court is tests/support/web_court.py: read it next to these expectations.
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import duckdb
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.clock import utcnow
from courtqc.web.app import create_app
from courtqc.web.security import Settings
from tests.support.web_court import ACCOUNTS, ID_A1, PASSWORD, PHONE_A1, build

# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("web") / "court.duckdb"
    return path, build(path)


@pytest.fixture(scope="module")
def app(court):  # type: ignore[no-untyped-def]
    a = create_app(court[0], settings=Settings(max_failures_per_user=3, max_failures_per_client=50))
    yield a
    a.state.store.close()


@pytest.fixture(scope="module")
def client(app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app)


@pytest.fixture(scope="module")
def ids(court) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return court[1]


_tokens: dict[str, str] = {}


def auth(client: TestClient, user: str) -> dict[str, str]:
    """Bearer header for a user (logged in once per module)."""
    if user not in _tokens:
        r = client.post("/api/auth/login", json={"username": user, "password": PASSWORD})
        assert r.status_code == 200, r.text
        _tokens[user] = r.json()["token"]
    return {"Authorization": f"Bearer {_tokens[user]}"}


@pytest.fixture(autouse=True, scope="module")
def _fresh_tokens():  # type: ignore[no-untyped-def]
    _tokens.clear()
    yield
    _tokens.clear()


def sql(app, query: str, params: list | None = None) -> list[tuple]:  # type: ignore[no-untyped-def]
    with app.state.store.cursor() as con:
        return con.execute(query, params or []).fetchall()


# ---------------------------------------------------------------- every endpoint needs a login


def test_api_docs_are_served_from_here(client: TestClient) -> None:
    """Swagger UI from the UI bundle (court intranets reach no CDN); only that page may run
    the one inline script that starts it."""
    r = client.get("/api/docs")
    assert r.status_code == 200
    assert "/swagger/swagger-ui-bundle.js" in r.text and "/swagger/swagger-ui.css" in r.text
    assert "cdn" not in r.text.lower()
    assert "script-src 'self' 'unsafe-inline'" in r.headers["content-security-policy"]
    other = client.get("/api/health").headers["content-security-policy"]
    assert "script-src 'self';" in other and "unsafe-inline'; connect" not in other
    js = client.get("/swagger/swagger-ui-bundle.js")
    assert js.status_code == 200 and "SwaggerUIBundle" in js.text


def test_openapi_is_published(client: TestClient) -> None:
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for p in (
        "/api/cases",
        "/api/alerts",
        "/api/models",
        "/api/backtests",
        "/api/reviews",
        "/api/indicators/{indicator_id}/drill",
        "/api/overview",
        "/api/reversals",
        "/api/decision/findings",
        "/api/admin/audit",
        "/api/check",
    ):
        assert p in paths, p


# Every route refusing anonymous callers (401), and the whole endpoint × role × court matrix:
# tests/security/test_matrix.py, generated from the app's routes.


# ---------------------------------------------------------------- login, sessions, CSRF


def test_passwords_are_stored_as_argon2id(app) -> None:  # type: ignore[no-untyped-def]
    hashes = [h for (h,) in sql(app, "SELECT password_hash FROM users")]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)


def test_wrong_password_is_refused_and_rate_limited(client: TestClient) -> None:
    for _ in range(3):
        r = client.post(
            "/api/auth/login", json={"username": "locked_out", "password": "wrong-password-1"}
        )
        assert r.status_code == 401
        assert "用户名或密码错误" in r.json()["detail"]
    # Past the limit even the right password is refused for a while.
    r = client.post("/api/auth/login", json={"username": "locked_out", "password": PASSWORD})
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) > 0
    # Other users are not affected.
    assert (
        client.post(
            "/api/auth/login", json={"username": "judge_a2", "password": PASSWORD}
        ).status_code
        == 200
    )


def test_unknown_user_gets_the_same_answer(client: TestClient) -> None:
    r = client.post("/api/auth/login", json={"username": "nobody", "password": "whatever-123"})
    assert r.status_code == 401
    assert "用户名或密码错误" in r.json()["detail"]


def test_session_expires(app, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/auth/login", json={"username": "leader_01", "password": PASSWORD})
    h = {"Authorization": f"Bearer {r.json()['token']}"}
    assert client.get("/api/auth/me", headers=h).status_code == 200
    with app.state.store.cursor() as con:  # the absolute expiry passes
        con.execute(
            "UPDATE sessions SET expires_at = ? WHERE user_id = (SELECT user_id FROM users WHERE username = 'leader_01')",
            [utcnow() - dt.timedelta(seconds=1)],  # stored instants: naive UTC
        )
    r = client.get("/api/auth/me", headers=h)
    assert r.status_code == 401
    assert "过期" in r.json()["detail"]


def test_session_expires_when_idle(app, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/auth/login", json={"username": "leader_01", "password": PASSWORD})
    h = {"Authorization": f"Bearer {r.json()['token']}"}
    with app.state.store.cursor() as con:
        con.execute(
            "UPDATE sessions SET last_seen_at = ? WHERE user_id = (SELECT user_id FROM users WHERE username = 'leader_01')",
            [utcnow() - dt.timedelta(hours=1)],
        )
    assert client.get("/api/auth/me", headers=h).status_code == 401


def test_logout_ends_the_session(client: TestClient) -> None:
    r = client.post("/api/auth/login", json={"username": "leader_01", "password": PASSWORD})
    h = {"Authorization": f"Bearer {r.json()['token']}"}
    assert client.post("/api/auth/logout", headers=h).status_code == 200
    assert client.get("/api/auth/me", headers=h).status_code == 401


def test_session_tokens_are_stored_hashed(app, client: TestClient) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/auth/login", json={"username": "leader_03", "password": PASSWORD})
    token = r.json()["token"]
    stored = [h for (h,) in sql(app, "SELECT token_hash FROM sessions")]
    assert token not in stored and len(stored[0]) == 64


def test_cookie_writes_need_the_csrf_token(app, ids) -> None:  # type: ignore[no-untyped-def]
    c = TestClient(app)  # its own cookie jar
    r = c.post("/api/auth/login", json={"username": "judge_a", "password": PASSWORD})
    assert r.status_code == 200
    cookie = r.headers.get_list("set-cookie")
    assert any(
        "courtqc_session=" in x and "HttpOnly" in x and "samesite=strict" in x.lower()
        for x in cookie
    )
    csrf = r.json()["csrf_token"]
    assert c.get("/api/auth/me").status_code == 200  # reads work on the cookie alone
    alert = c.get("/api/alerts").json()["items"][0]["alert_id"]
    body = {"helpful": True}
    assert c.post(f"/api/alerts/{alert}/feedback", json=body).status_code == 403
    bad = c.post(f"/api/alerts/{alert}/feedback", json=body, headers={"X-CSRF-Token": "forged"})
    assert bad.status_code == 403
    ok = c.post(f"/api/alerts/{alert}/feedback", json=body, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200, ok.text


# ---------------------------------------------------------------- the authorization matrix

CASE_MATRIX = [
    # user,        case, visible
    ("judge_a", "A1", True),
    ("judge_a", "A2", True),  # same court: the case is visible (its alerts are not)
    ("judge_a", "B1", False),  # another basic court
    ("judge_a", "C1", False),  # the intermediate court above another district
    ("judge_b", "A1", False),
    ("judge_b", "B1", True),
    ("divhead_a", "A2", True),
    ("divhead_a", "B1", False),
    ("leader_03", "A1", True),  # 沪03 supervises 沪0115
    ("leader_03", "B1", False),  # ... but not 沪0104
    ("leader_03", "C1", False),
    ("leader_01", "B1", True),  # 沪01 supervises 沪0104
    ("leader_01", "C1", True),  # and is itself a court
    ("leader_01", "A1", False),
    ("supervisor_b", "B1", True),
    ("supervisor_b", "C1", False),  # a basic court does not see its appeal court
    ("supervisor", "A1", True),  # the High Court sees all
    ("supervisor", "B1", True),
    ("supervisor", "C1", True),
    ("modeller_b", "A1", False),
    ("admin", "C1", True),
]


@pytest.mark.parametrize("user,case,visible", CASE_MATRIX)
def test_case_visibility_follows_the_court_tree(client, ids, user, case, visible) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, user)
    r = client.get(f"/api/cases/{ids[case]}", headers=h)
    assert r.status_code == (200 if visible else 404), (user, case, r.text)
    if not visible:
        assert "无权查看" in r.json()["detail"]
    # the same by case number, and in lists
    listing = client.get("/api/cases", headers=h, params={"size": 100}).json()["items"]
    assert (ids[case] in {c["case_id"] for c in listing}) == visible


def test_case_by_number_is_refused_outside_the_tree(client, ids) -> None:  # type: ignore[no-untyped-def]
    no = client.get(f"/api/cases/{ids['B1']}", headers=auth(client, "supervisor")).json()["case"][
        "case_no"
    ]
    assert client.get(f"/api/cases/{no}", headers=auth(client, "judge_a")).status_code == 404
    assert client.get(f"/api/cases/{no}", headers=auth(client, "judge_b")).status_code == 200


def test_listing_another_court_is_forbidden(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/cases", headers=auth(client, "judge_a"), params={"court": "沪0104"})
    assert r.status_code == 403


ALERT_MATRIX = [
    # user, cases whose alerts they see
    ("judge_a", {"A1"}),  # only the case assigned to them
    ("judge_a2", {"A2"}),
    ("judge_b", {"B1"}),
    ("divhead_a", {"A1"}),  # division 1 only
    ("leader_03", {"A1", "A2"}),
    ("leader_01", {"B1"}),
    ("supervisor", {"A1", "A2", "B1"}),
    ("supervisor_b", {"B1"}),
    ("modeller", {"A1", "A2", "B1"}),
]


@pytest.mark.parametrize("user,cases", ALERT_MATRIX)
def test_alert_visibility(client, ids, user, cases) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, user)
    got = {a["case_id"] for a in client.get("/api/alerts", headers=h).json()["items"]}
    assert got == {ids[c] for c in cases}
    # each alert outside the set answers 404 one by one too
    every = client.get("/api/alerts", headers=auth(client, "supervisor")).json()["items"]
    for a in every:
        r = client.get(f"/api/alerts/{a['alert_id']}", headers=h)
        assert r.status_code == (200 if a["case_id"] in got else 404)


def test_case_detail_shows_only_the_judges_own_alerts(client, ids) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, "judge_a")
    assert len(client.get(f"/api/cases/{ids['A1']}", headers=h).json()["alerts"]) == 1
    assert client.get(f"/api/cases/{ids['A2']}", headers=h).json()["alerts"] == []


def test_feedback_only_on_visible_alerts_and_it_counts(client, ids) -> None:  # type: ignore[no-untyped-def]
    alerts = client.get("/api/alerts", headers=auth(client, "supervisor")).json()["items"]
    by_case = {a["case_id"]: a["alert_id"] for a in alerts}
    h = auth(client, "judge_a2")
    # judge_a2 may not touch judge_a's alert
    assert (
        client.post(
            f"/api/alerts/{by_case[ids['A1']]}/feedback", headers=h, json={"helpful": False}
        ).status_code
        == 404
    )
    r = client.post(
        f"/api/alerts/{by_case[ids['A2']]}/feedback",
        headers=h,
        json={"helpful": False, "reason": "当事人已变更"},
    )
    assert r.status_code == 200
    detail = client.get(f"/api/alerts/{by_case[ids['A2']]}", headers=h).json()
    assert detail["feedback_helpful"] is False and detail["feedback_reason"] == "当事人已变更"
    assert detail["feedback_history"][-1]["given_by"] == "judge_a2"
    # a modeller reads alerts but gives no feedback
    assert (
        client.post(
            f"/api/alerts/{by_case[ids['A2']]}/feedback",
            headers=auth(client, "modeller"),
            json={"helpful": True},
        ).status_code
        == 403
    )
    stats = client.get("/api/alerts/stats", headers=h, params={"by": "model"}).json()["rows"]
    row = next(s for s in stats if s["key"] == "dead_party")
    assert row["with_feedback"] == 1 and row["helpful"] == 0 and row["helpful_rate"] == 0.0


def test_helpful_rate_by_category_for_the_high_court(client, ids) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, "judge_b")
    a = client.get("/api/alerts", headers=h).json()["items"][0]
    assert (
        client.post(
            f"/api/alerts/{a['alert_id']}/feedback", headers=h, json={"helpful": True}
        ).status_code
        == 200
    )
    rows = client.get(
        "/api/alerts/stats", headers=auth(client, "supervisor"), params={"by": "category"}
    ).json()["rows"]
    proc = next(r for r in rows if r["key"] == "procedure")
    assert proc["label"] == "程序空转"
    assert proc["alerts"] == 3 and proc["helpful"] >= 1
    assert proc["helpful_rate"] == round(proc["helpful"] / proc["with_feedback"], 4)


# ---------------------------------------------------------------- masking


def test_the_assigned_judge_sees_id_and_phone_in_clear(client, ids) -> None:  # type: ignore[no-untyped-def]
    d = client.get(f"/api/cases/{ids['A1']}", headers=auth(client, "judge_a")).json()
    p = next(x for x in d["parties"] if x["name"] == "甲某")
    assert p["id_number"] == ID_A1 and p["phone"] == PHONE_A1
    assert d["masked"] is False


@pytest.mark.parametrize("user", ["judge_a2", "leader_03", "supervisor", "modeller", "admin"])
def test_others_see_id_and_phone_masked(client, ids, user) -> None:  # type: ignore[no-untyped-def]
    d = client.get(f"/api/cases/{ids['A1']}", headers=auth(client, user)).json()
    p = next(x for x in d["parties"] if x["name"] == "甲某")
    assert p["id_number"] == ID_A1[:6] + "********" + ID_A1[-4:]
    assert p["phone"] == "138****5678"
    doc = d["documents"][0]["doc_id"]
    text = client.get(f"/api/cases/{ids['A1']}/documents/{doc}", headers=auth(client, user)).json()
    assert ID_A1 not in text["document"]["text"] and PHONE_A1 not in text["document"]["text"]
    assert ID_A1[:6] + "********" + ID_A1[-4:] in text["document"]["text"]


def test_alert_evidence_is_masked_for_the_review_office(client, ids) -> None:  # type: ignore[no-untyped-def]
    items = client.get("/api/alerts", headers=auth(client, "supervisor")).json()["items"]
    a1 = next(a for a in items if a["case_id"] == ids["A1"])
    assert all(ID_A1 not in str(e) for e in a1["evidence"])
    mine = client.get("/api/alerts", headers=auth(client, "judge_a")).json()["items"][0]
    assert mine["masked"] is False


def test_an_alert_names_its_model_in_both_languages_and_its_version_as_people_know_it(
    client, ids
) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, "judge_a")
    a = client.get("/api/alerts", headers=h).json()["items"][0]
    assert a["model_title"] == "当事人在立案前已死亡"
    assert a["model_title_en"] == "A natural-person party died before filing"  # the YAML's
    d = client.get(f"/api/alerts/{a['alert_id']}", headers=h).json()
    v = d["model_version_info"]
    model = next(
        m for m in client.get("/api/models", headers=h).json()["items"] if m["id"] == "dead_party"
    )
    assert v["hash"] == d["model_version"] and v["label"] == model["version_label"]
    assert v["label"].startswith("v") and v["label"] != d["model_version"]


def test_a_drill_down_offers_the_departments_behind_its_rows(client, ids) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, "supervisor")
    d = client.get("/api/indicators/filed_count/drill", headers=h, params={"period": "2023"}).json()
    depts = {x["dept_id"]: x for x in d["departments"]}
    assert depts and sum(x["rows"] for x in depts.values()) == sum(
        1 for r in d["items"] if r["dept_id"] is not None
    )
    one = next(iter(depts.values()))
    assert one["name"]
    f = client.get(
        "/api/indicators/filed_count/drill",
        headers=h,
        params={"period": "2023", "dept_id": one["dept_id"]},
    ).json()
    assert f["matched"] == one["rows"] and {r["dept_id"] for r in f["items"]} == {one["dept_id"]}


# ---------------------------------------------------------------- audit


def test_reads_of_case_data_are_audited_and_only_admins_see_the_log(client, ids) -> None:  # type: ignore[no-untyped-def]
    client.get(f"/api/cases/{ids['B1']}", headers=auth(client, "judge_b"))
    assert client.get("/api/admin/audit", headers=auth(client, "supervisor")).status_code == 403
    assert client.get("/api/admin/audit", headers=auth(client, "judge_b")).status_code == 403
    log = client.get(
        "/api/admin/audit",
        headers=auth(client, "admin"),
        params={"actor": "judge_b", "action": "read_case"},
    ).json()
    assert log["total"] >= 1
    e = log["items"][0]
    assert e["role"] == "judge" and e["detail"]["case_id"] == ids["B1"] and e["at"]
    assert e["action_zh"] == "查看案件"


def test_lists_and_drill_downs_are_audited_with_the_cases_returned(client, ids) -> None:  # type: ignore[no-untyped-def]
    client.get("/api/cases", headers=auth(client, "leader_01"))
    e = client.get(
        "/api/admin/audit",
        headers=auth(client, "admin"),
        params={"actor": "leader_01", "action": "list_cases"},
    ).json()["items"][0]
    assert set(e["detail"]["case_ids"]) == {ids["B1"], ids["C1"]}


def test_failed_logins_are_audited(client) -> None:  # type: ignore[no-untyped-def]
    client.post("/api/auth/login", json={"username": "modeller_b", "password": "not-it-at-all"})
    log = client.get(
        "/api/admin/audit",
        headers=auth(client, "admin"),
        params={"action": "login_failed", "actor": "modeller_b"},
    ).json()
    assert log["total"] >= 1


# ---------------------------------------------------------------- models and the workshop

DRAFT = """
id: web_test_dead_defendant
title: {zh: 被告在立案前死亡（测试）, en: Defendant died before filing (test)}
category: procedure
scenarios: [dead_party]
nodes: [filing]
severity: warning
message: "被告{name}已于{death_date}死亡"
legal_basis: ["《民事诉讼法》第153条"]
owner_court: 沪
state: live
time_budget_ms: 2000
logic:
  conditions:
    subject: op_party_death
    where:
      all:
        - {field: side, op: eq, value: respondent}
        - {field: death_date, op: lt, value: {ref: filing_date}}
    evidence: [name, death_date]
"""


def test_models_list_and_show(client) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, "judge_a")
    items = client.get("/api/models", headers=h).json()["items"]
    dp = next(m for m in items if m["id"] == "dead_party")
    assert dp["state"] == "live" and dp["category_zh"] == "程序空转"
    assert dp["can_promote_to"] == []  # judges promote nothing
    d = client.get("/api/models/dead_party", headers=h).json()
    assert "op_party_death" in d["compiled_sql"] and d["yaml"].startswith("id: dead_party")
    assert client.get("/api/models/nope", headers=h).status_code == 404
    meta = client.get("/api/models/meta", headers=h).json()
    subj = next(s for s in meta["subjects"] if s["name"] == "op_party_death")
    assert "death_date" in subj["columns"]
    assert all(s["name"] not in ("users", "sessions", "audit_log") for s in meta["subjects"])


@pytest.mark.parametrize(
    "logic,needle",
    [
        ('sql: "SELECT username AS case_id FROM users"', "users"),
        ('sql: "DROP TABLE cases"', "SELECT"),
        ('sql: "SELECT case_id FROM cases; DELETE FROM cases"', ""),
        ('sql: "SELECT case_id FROM cases WHERE no_such_col = 1"', "no_such_col"),
    ],
)
def test_validation_names_what_is_wrong(client, logic, needle) -> None:  # type: ignore[no-untyped-def]
    text = DRAFT.split("logic:")[0].replace(
        'message: "被告{name}已于{death_date}死亡"', 'message: "x"'
    )
    r = client.post(
        "/api/models/validate",
        headers=auth(client, "modeller"),
        json={"yaml": text + "logic:\n  " + logic + "\n"},
    )
    body = r.json()
    assert r.status_code == 200 and body["ok"] is False
    pr = body["problems"][0]
    assert pr["field"].startswith("logic") and pr["line"] is not None
    assert needle in pr["message"]


def test_validation_of_a_good_draft(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/models/validate", headers=auth(client, "modeller"), json={"yaml": DRAFT})
    assert r.json()["ok"] is True and "op_party_death" in r.json()["compiled_sql"]
    bad = client.post(
        "/api/models/validate",
        headers=auth(client, "modeller"),
        json={"yaml": DRAFT.replace("side", "sidee")},
    )
    assert bad.json()["ok"] is False and "sidee" in bad.json()["problems"][0]["message"]


def test_backtest_a_draft_shows_hits_in_the_users_courts(client, ids) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/backtests", headers=auth(client, "modeller"), json={"yaml": DRAFT})
    assert r.status_code == 200, r.text
    res = r.json()["results"][0]
    assert res["hits"] == 3 and res["tp"] == 3 and res["precision"] == 1.0 and res["recall"] == 1.0
    assert {h["case_id"] for h in res["hits_shown"]} == {ids["A1"], ids["A2"], ids["B1"]}
    assert all(h["true_positive"] for h in res["hits_shown"])
    # a modeller of 沪0104 backtests over 沪0104 only
    rb = client.post(
        "/api/backtests", headers=auth(client, "modeller_b"), json={"model_ids": ["dead_party"]}
    ).json()["results"][0]
    assert {h["case_id"] for h in rb["hits_shown"]} == {ids["B1"]}
    assert rb["truth"] == 1 and rb["recall"] == 1.0
    assert (
        client.post(
            "/api/backtests", headers=auth(client, "judge_a"), json={"model_ids": ["dead_party"]}
        ).status_code
        == 403
    )


def test_workshop_save_starts_in_modelling_and_promotion_follows_roles(client) -> None:  # type: ignore[no-untyped-def]
    mh = auth(client, "modeller")
    assert (
        client.post(
            "/api/models", headers=auth(client, "judge_a"), json={"yaml": DRAFT}
        ).status_code
        == 403
    )
    r = client.post("/api/models", headers=mh, json={"yaml": DRAFT})
    assert r.status_code == 200, r.text
    assert r.json()["state"] == "modelling"  # although the text says live
    mid = "web_test_dead_defendant"
    assert client.get(f"/api/models/{mid}", headers=mh).json()["source"] == "workshop"

    def promote(user: str, to: str) -> int:
        return client.post(
            f"/api/models/{mid}/promote",
            headers=auth(client, user),
            json={"to": to, "note": "测试"},
        ).status_code

    assert promote("modeller", "live") == 403  # a modeller may not take it live
    assert promote("judge_a", "review_rollout") == 403
    assert promote("modeller", "review_rollout") == 200
    assert promote("supervisor", "live") == 409  # the lifecycle forbids skipping the test
    assert promote("supervisor", "embedding_test") == 200
    assert promote("leader_03", "live") == 403  # 沪03 is not the model's owner court (沪)
    assert promote("supervisor", "live") == 200
    d = client.get(f"/api/models/{mid}", headers=mh).json()
    assert d["state"] == "live"
    assert [h["state"] for h in d["history"]][:3] == ["live", "embedding_test", "review_rollout"]
    log = client.get(
        "/api/admin/audit", headers=auth(client, "admin"), params={"target": mid}
    ).json()
    actions = [(e["actor"], e["action"]) for e in log["items"]]
    assert ("modeller", "model_save") in actions and ("supervisor", "model_promote") in actions


def test_a_basic_court_modeller_cannot_change_high_court_models(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/models", headers=auth(client, "modeller_b"), json={"yaml": DRAFT})
    assert r.status_code == 403
    r = client.post(
        "/api/models/dead_party/promote",
        headers=auth(client, "modeller_b"),
        json={"to": "modelling"},
    )
    assert r.status_code == 403


def test_saving_an_invalid_model_says_why(client) -> None:  # type: ignore[no-untyped-def]
    r = client.post("/api/models", headers=auth(client, "modeller"), json={"yaml": "id: X\n"})
    assert r.status_code == 422
    assert r.json()["detail"]["problems"]


# ---------------------------------------------------------------- reviews and node checks


def test_one_click_review_and_its_history(client) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, "supervisor")
    r = client.post("/api/reviews", headers=h, json={"model_ids": ["dead_party"], "wait": True})
    assert r.status_code == 200, r.text
    b = client.get(f"/api/reviews/{r.json()['review_id']}", headers=h).json()
    assert b["status"] == "done" and b["hits"] == 3 and b["new_alerts"] == 0  # no duplicates
    assert b["summary"][0]["model_id"] == "dead_party"
    hist = client.get("/api/reviews", headers=h).json()["items"]
    assert hist[0]["review_id"] == b["review_id"]
    # roles and courts
    assert client.post("/api/reviews", headers=auth(client, "judge_a"), json={}).status_code == 403
    assert (
        client.post(
            "/api/reviews", headers=auth(client, "leader_01"), json={"court": "沪03"}
        ).status_code
        == 403
    )
    r01 = client.post(
        "/api/reviews",
        headers=auth(client, "leader_01"),
        json={"model_ids": ["dead_party"], "wait": True},
    ).json()
    assert r01["hits"] == 1  # only B1 lies under 沪01
    # the city-wide run covered 沪0104: its supervisor sees it, counted over 沪0104 (B1)
    seen_b = {
        x["review_id"]: x
        for x in client.get("/api/reviews", headers=auth(client, "supervisor_b")).json()["items"]
    }
    assert seen_b[r.json()["review_id"]]["hits"] == 1
    assert seen_b[r01["review_id"]]["hits"] == 1  # 沪01's run covered 沪0104 too
    assert r01["review_id"] not in {  # but not 沪03's courts
        x["review_id"]
        for x in client.get("/api/reviews", headers=auth(client, "leader_03")).json()["items"]
    }


def test_a_city_wide_review_is_in_a_division_heads_history_with_his_hits_only(client) -> None:  # type: ignore[no-untyped-def]
    """A run over 沪 covered 沪0115: its division head (dept 1) sees it, counted over his
    division's alerts only (A1 of the three dead-party hits A1, A2, B1)."""
    run = client.post(
        "/api/reviews",
        headers=auth(client, "supervisor"),
        json={"model_ids": ["dead_party"], "wait": True},
    ).json()
    assert run["court_code"] == "沪" and run["hits"] == 3
    h = auth(client, "divhead_a")
    mine = {x["review_id"]: x for x in client.get("/api/reviews", headers=h).json()["items"]}
    assert run["review_id"] in mine
    seen = mine[run["review_id"]]
    assert seen["hits"] == 1 and seen["summary"][0]["hits"] == 1 and seen["visible_only"]
    assert seen["new_alerts"] is None  # the run's city-wide count is not disclosed
    detail = client.get(f"/api/reviews/{run['review_id']}", headers=h).json()
    assert detail["hits"] == 1 and "scope" not in detail
    # a leader of 沪01 sees it counted over 沪01's courts (B1); the supervisor the whole run
    l01 = client.get(f"/api/reviews/{run['review_id']}", headers=auth(client, "leader_01"))
    assert l01.json()["hits"] == 1
    full = client.get(f"/api/reviews/{run['review_id']}", headers=auth(client, "supervisor"))
    assert full.json()["hits"] == 3 and "visible_only" not in full.json()
    # a run over another basic court did not cover 沪0115
    b = client.post(
        "/api/reviews",
        headers=auth(client, "supervisor_b"),
        json={"model_ids": ["dead_party"], "wait": True},
    ).json()
    assert b["review_id"] not in {
        x["review_id"] for x in client.get("/api/reviews", headers=h).json()["items"]
    }
    assert client.get(f"/api/reviews/{b['review_id']}", headers=h).status_code == 404


def test_node_check_by_the_judge_and_by_the_cms(app, client, ids) -> None:  # type: ignore[no-untyped-def]
    from courtqc.web.security import create_api_key, revoke_api_key

    h = auth(client, "judge_a")
    r = client.post("/api/check", headers=h, json={"case": str(ids["A1"]), "node": "filing"})
    assert r.status_code == 200, r.text
    res = r.json()
    assert any(a["model_id"] == "dead_party" for a in res["alerts"])
    assert (
        client.post(
            "/api/check", headers=h, json={"case": str(ids["A2"]), "node": "filing"}
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/api/check", headers=h, json={"case": str(ids["B1"]), "node": "filing"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/check", headers=h, json={"case": str(ids["A1"]), "node": "nap"}
        ).status_code
        == 422
    )
    with app.state.store.cursor() as con:
        key_pd = create_api_key(con, "浦东法院办案系统", "沪0115", "test")
        key_xh = create_api_key(con, "徐汇法院办案系统", "沪0104", "test")
    r = client.post(
        "/api/check", headers={"X-API-Key": key_pd}, json={"case": str(ids["A2"]), "node": "filing"}
    )
    assert r.status_code == 200
    assert r.json()["alerts"][0]["evidence"][0]["name"] == "乙某"
    r = client.post(
        "/api/check",
        headers={"Authorization": f"Bearer {key_xh}"},
        json={"case": str(ids["A1"]), "node": "filing"},
    )
    assert r.status_code == 404
    # a machine key reads no boards
    assert client.get("/api/cases", headers={"X-API-Key": key_pd}).status_code == 403
    with app.state.store.cursor() as con:
        revoke_api_key(con, key_pd.split("_")[1])
    assert (
        client.post(
            "/api/check",
            headers={"X-API-Key": key_pd},
            json={"case": str(ids["A2"]), "node": "filing"},
        ).status_code
        == 401
    )
    assert (
        client.post("/api/check", headers={"X-API-Key": key_pd + "x"}, json={}).status_code == 401
    )
    # the pushed alert is now counted as pushed at the filing node
    board = client.get("/api/boards/handling", headers=h).json()
    filing = next(n for n in board["nodes"] if n["node"] == "filing")
    assert filing["pushed"] >= 1 and any(m["id"] == "dead_party" for m in filing["models"])


def test_cms_events_need_a_key_of_the_cases_court(app, client, ids) -> None:  # type: ignore[no-untyped-def]
    from courtqc.web.security import create_api_key

    with app.state.store.cursor() as con:
        key_pd = create_api_key(con, "浦东法院办案系统", "沪0115", "test")
        key_xh = create_api_key(con, "徐汇法院办案系统", "沪0104", "test")
    a2 = client.get(f"/api/cases/{ids['A2']}", headers=auth(client, "supervisor")).json()["case"]
    event = {"case_no": a2["case_no"], "node": "filing", "occurred_at": "2023-04-01T09:00:00"}
    idem = {"Idempotency-Key": "web-evt-1"}
    r = client.post("/api/events", headers={"X-API-Key": key_pd, **idem}, json=event)
    assert r.status_code == 200, r.text
    assert any(a["model_id"] == "dead_party" for a in r.json()["alerts"])
    xh = {"X-API-Key": key_xh, **idem}
    assert client.post("/api/events", headers=xh, json=event).status_code == 403
    assert (
        client.post("/api/events", headers=auth(client, "judge_a2"), json=event).status_code == 403
    )
    bad = client.post(
        "/api/events", headers={"X-API-Key": key_pd, **idem}, json={"case_no": "nonsense"}
    )
    assert bad.status_code == 422


# ---------------------------------------------------------------- supervision boards


def test_indicators_for_the_users_court_only(client, ids) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, "judge_a")
    r = client.get(
        "/api/indicators/values", headers=h, params={"period": "2023", "ids": "filed_count"}
    )
    assert r.status_code == 200
    v = r.json()["values"][0]
    assert v["value"] == 2 and r.json()["slice"]["court"] == "沪0115"
    assert (
        client.get("/api/indicators/values", headers=h, params={"court": "沪0104"}).status_code
        == 403
    )
    assert (
        client.get("/api/indicators/values", headers=h, params={"period": "last year"}).status_code
        == 422
    )
    assert (
        client.get("/api/indicators/nope/drill", headers=h, params={"period": "2023"}).status_code
        == 404
    )
    cat = client.get("/api/indicators", headers=h).json()
    assert any(i["id"] == "filed_count" and i["name_zh"] for i in cat["items"])
    grp = client.get(
        "/api/indicators/values", headers=h, params={"period": "2023", "group": "quality"}
    )
    want = {i["id"] for i in cat["items"] if i["group"] == "quality"}
    assert want and {v["id"] for v in grp.json()["values"]} == want
    assert (
        client.get("/api/indicators/values", headers=h, params={"group": "nope"}).status_code == 422
    )


def test_drill_down_from_an_indicator_to_its_cases(client, ids) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, "leader_01")
    d = client.get("/api/indicators/filed_count/drill", headers=h, params={"period": "2023"}).json()
    assert {r["case_id"] for r in d["items"]} == {ids["B1"], ids["C1"]}
    assert d["total"] == 2 and all(r["reason"] for r in d["items"])
    v = client.get(
        "/api/indicators/values", headers=h, params={"period": "2023", "ids": "filed_count"}
    ).json()
    assert v["values"][0]["value"] == d["total"]  # the number and its cases agree
    for r in d["items"]:  # every case drilled to opens
        assert client.get(f"/api/cases/{r['case_id']}", headers=h).status_code == 200


def test_trend_and_court_comparison(client) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, "supervisor")
    t = client.get(
        "/api/indicators/filed_count/trend", headers=h, params={"period": "2023", "months": 12}
    ).json()
    assert len(t["points"]) == 12 and sum(p["value"] for p in t["points"]) == 4
    cmp = client.get(
        "/api/indicators/filed_count/compare", headers=h, params={"period": "2023"}
    ).json()
    by = {r["court_code"]: r["value"] for r in cmp["rows"]}  # the courts below, not the parent
    assert "沪" not in by and cmp["parent"]["value"] == 4
    assert by["沪03"] == 2 and by["沪01"] == 2
    j = client.get(
        "/api/indicators/filed_count/compare",
        headers=auth(client, "leader_03"),
        params={"period": "2023"},
    ).json()
    assert {r["court_code"] for r in j["rows"]} <= {"沪03", "沪0115", "沪7101"}
    br = client.get(
        "/api/indicators/filed_count/breakdown",
        headers=h,
        params={"period": "2023", "by": "court_level"},
    ).json()
    assert sum(r["value"] for r in br["rows"]) == 4


def test_overview_reversals_and_findings_by_role(client) -> None:  # type: ignore[no-untyped-def]
    sup = auth(client, "supervisor")
    ov = client.get("/api/overview", headers=sup, params={"period": "2023"})
    assert ov.status_code == 200 and ov.json()["totals"]["filed"] == 4
    rv = client.get("/api/reversals", headers=sup, params={"period": "2023"})
    assert rv.status_code == 200 and "by_reason" in rv.json()
    f = client.get("/api/decision/findings", headers=sup).json()
    # every alert the supervisor sees is a finding, counted once (earlier tests add alerts)
    total = client.get("/api/alerts", headers=sup).json()["total"]
    assert total >= 3 and sum(c["findings"] for c in f["by_court"]) == total
    assert sum(m["findings"] for m in f["by_model"]) == total
    assert {c["court_code"] for c in f["by_court"]} == {"沪01", "沪03"}
    assert f["periods"] == ["2023"]
    judge = auth(client, "judge_a")
    for path in ("/api/overview", "/api/reversals", "/api/decision/findings"):
        assert client.get(path, headers=judge).status_code == 403, path
    assert (
        client.get(
            "/api/overview", headers=auth(client, "leader_03"), params={"court": "沪01"}
        ).status_code
        == 403
    )


def test_handling_board_and_meta(client) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, "leader_03")
    b = client.get("/api/boards/handling", headers=h).json()
    assert b["court"] == "沪03" and b["warning_points"] > 0
    assert b["totals"]["alerts"] == client.get("/api/alerts", headers=h).json()["total"] >= 2
    assert {n["node"] for n in b["nodes"]} >= {"filing", "scheduling", "enf_filing"}
    m = client.get("/api/meta", headers=h).json()
    assert m["court_tree"]["code"] == "沪03"
    assert {c["code"] for c in m["court_tree"]["children"]} == {"沪0115", "沪7101"}


# ---------------------------------------------------------------- administration


def test_admin_manages_users_and_keys(client) -> None:  # type: ignore[no-untyped-def]
    h = auth(client, "admin")
    assert client.get("/api/admin/users", headers=auth(client, "supervisor")).status_code == 403
    r = client.post(
        "/api/admin/users",
        headers=h,
        json={
            "username": "new_judge",
            "password": "short",
            "role": "judge",
            "court_code": "沪0115",
            "judge_id": 1,
        },
    )
    assert r.status_code == 422 and "password" in r.json()["detail"]
    r = client.post(
        "/api/admin/users",
        headers=h,
        json={
            "username": "new_judge",
            "password": "long-enough-pw-7",
            "role": "judge",
            "court_code": "沪0104",
            "judge_id": 1,
        },
    )
    assert r.status_code == 422 and "judge_id" in r.json()["detail"]  # judge 1 sits in 沪0115
    r = client.post(
        "/api/admin/users",
        headers=h,
        json={
            "username": "new_judge",
            "password": "long-enough-pw-7",
            "role": "judge",
            "court_code": "沪0115",
            "judge_id": 1,
        },
    )
    assert r.status_code == 200, r.text
    uid = r.json()["user_id"]
    login = client.post(
        "/api/auth/login", json={"username": "new_judge", "password": "long-enough-pw-7"}
    )
    assert login.status_code == 200
    nh = {"Authorization": f"Bearer {login.json()['token']}"}
    assert (
        client.patch(f"/api/admin/users/{uid}", headers=h, json={"active": False}).status_code
        == 200
    )
    assert client.get("/api/auth/me", headers=nh).status_code == 401  # disabling ends sessions
    k = client.post(
        "/api/admin/keys", headers=h, json={"name": "浦东办案系统", "court_code": "沪0115"}
    ).json()
    assert k["key"].startswith("cqk_")
    keys = client.get("/api/admin/keys", headers=h).json()["items"]
    assert any(x["key_id"] == k["key_id"] for x in keys) and all("key_hash" not in x for x in keys)
    assert client.delete(f"/api/admin/keys/{k['key_id']}", headers=h).status_code == 200
    assert client.get("/api/auth/me", headers={"X-API-Key": k["key"]}).status_code == 401


def test_platform_tables_are_not_readable_by_models() -> None:
    from courtqc import operators
    from courtqc.web.db import PLATFORM_TABLES

    assert not set(PLATFORM_TABLES) & operators.allowed_tables()


def test_seeded_demo_accounts_log_in(tmp_path: Path) -> None:
    from courtqc.web.users import seed_demo_users

    path = tmp_path / "c.duckdb"
    build(path)
    with duckdb.connect(str(path)) as con:
        accounts = seed_demo_users(con)
    assert {a["role"] for a in accounts} == set(r for r, *_ in ACCOUNTS.values())
    judge = next(a for a in accounts if a["role"] == "judge")
    assert judge["judge_id"] is not None
    app = create_app(path)
    try:
        c = TestClient(app)
        for a in accounts:
            r = c.post(
                "/api/auth/login", json={"username": a["username"], "password": a["password"]}
            )
            assert r.status_code == 200, a["username"]
    finally:
        app.state.store.close()


# ---------------------------------------------------------------- the typed API (#14)

# Answers that are not JSON: files, pages, the Swagger page itself.
_NON_JSON = {"text/html", "application/pdf", "text/csv"}


def test_every_api_route_declares_what_it_returns(app) -> None:  # type: ignore[no-untyped-def]
    """Every /api route has a response model, or declares a non-JSON response class: the
    OpenAPI document then says what each one answers."""
    from typing import get_args, get_origin

    from fastapi.responses import HTMLResponse
    from pydantic import BaseModel

    def model(t: object) -> bool:
        if get_origin(t) is list:
            (t,) = get_args(t)
        return isinstance(t, type) and issubclass(t, BaseModel)

    routes = []  # FastAPI >= 0.16x wraps an included router's routes
    for r in app.routes:
        routes.extend(
            r.effective_route_contexts() if hasattr(r, "effective_route_contexts") else [r]
        )
    missing, seen = [], 0
    for route in routes:
        if not hasattr(route, "response_model") or not route.path.startswith("/api"):
            continue
        if not route.include_in_schema:  # /api/docs: the Swagger page
            continue
        seen += 1
        cls = getattr(route.response_class, "value", route.response_class)  # a default's class
        if not model(route.response_model) and not issubclass(cls, HTMLResponse):
            missing.append(f"{sorted(route.methods)} {route.path}")
    assert seen > 60, seen
    assert not missing, missing
    doc = app.openapi()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            content = op["responses"]["200"].get("content", {})
            schema = content.get("application/json", {}).get("schema")
            assert schema or set(content) & _NON_JSON, f"{method} {path}: no answer schema"


def _validate(doc: dict, path: str, method: str, body: object) -> None:
    import jsonschema

    schema = doc["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]
    # $refs point into the document's components: validate with the whole document around.
    jsonschema.validate(body, {**schema, "components": doc["components"]})


def test_real_answers_match_the_openapi_document(client: TestClient, ids) -> None:  # type: ignore[no-untyped-def]
    """A few real answers, each checked against its route's schema in /api/openapi.json —
    the document describes what the routes return, not what they were meant to."""
    import jsonschema

    doc = client.get("/api/openapi.json").json()
    h = auth(client, "judge_a")
    cases = [
        ("/api/auth/me", "/api/auth/me"),
        ("/api/meta", "/api/meta"),
        ("/api/cases", "/api/cases"),
        ("/api/cases/{ref}", f"/api/cases/{ids['A1']}"),
        ("/api/alerts", "/api/alerts"),
        ("/api/alerts/stats", "/api/alerts/stats"),
        ("/api/models", "/api/models"),
        ("/api/indicators", "/api/indicators"),
    ]
    for path, url in cases:
        r = client.get(url, headers=h)
        assert r.status_code == 200, (url, r.text)
        _validate(doc, path, "get", r.json())
    # the schema is not vacuous: a case answer without its parties fails it
    detail = client.get(f"/api/cases/{ids['A1']}", headers=h).json()
    del detail["parties"]
    with pytest.raises(jsonschema.ValidationError):
        _validate(doc, "/api/cases/{ref}", "get", detail)
