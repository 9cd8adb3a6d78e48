"""Model SQL a user's request runs reads only that user's court tree, masked (issue 13 items 2
and 3). A 浦东 (沪0115) modeller's draft backtests, saved-model backtests and a 浦东
supervisor's one-click review run attack models — subqueries in the SELECT list, scalar
subqueries, EXISTS, joins, operator views and macros, window functions, UNION, CTEs named like
tables, derived ID numbers (`id_number || 'Z'`, substr, reverse, arithmetic) — on a real small
synthetic court, and nothing of another court (case numbers, party names, addresses) and no
clear ID number or phone comes back. The same models run unscoped by the engine do leak, so
each test can fail.

The court and its markers: tests/security/scope_court.py.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pytest

from courtqc.engine.review import review
from courtqc.engine.scoped import DataScope, ScopeError, open_scoped, qualify_onto_scope
from courtqc.models.library import builtin_models
from courtqc.web.registry import Registry
from tests.support.scope_court import COURT, Markers, app_for, build, login

# (id, SQL returning case_id and x): each reads beyond the case it is about.
ATTACKS: list[tuple[str, str]] = [
    (
        "select_subquery",
        "SELECT c.case_id, (SELECT string_agg(case_no, ';') FROM cases) || (SELECT string_agg(name || coalesce(address, ''), ';') FROM parties) AS x FROM cases c",
    ),
    (
        "scalar_subquery",
        "SELECT case_id, (SELECT max(case_no) FROM cases WHERE court_code <> 'x') || (SELECT min(name) FROM parties) AS x FROM cases",
    ),
    (
        "exists",
        "SELECT c.case_id, (SELECT string_agg(o.case_no, ',') FROM cases o WHERE EXISTS (SELECT 1 FROM case_parties cp WHERE cp.case_id = o.case_id)) AS x FROM cases c WHERE EXISTS (SELECT 1 FROM cases o WHERE o.court_code <> c.court_code OR o.case_id = c.case_id)",
    ),
    (
        "cross_join",
        "SELECT c.case_id, string_agg(o.case_no, ',') AS x FROM cases c, cases o GROUP BY c.case_id",
    ),
    (
        "join_parties",
        "SELECT c.case_id, string_agg(p.name || '|' || coalesce(p.address, '') || '|' || coalesce(p.phone, ''), ';') AS x FROM cases c JOIN parties p ON p.party_id % 40 = c.case_id % 40 GROUP BY c.case_id",
    ),
    (
        "window",
        "SELECT case_id, string_agg(case_no || name || coalesce(id_number, ''), ',') OVER (ORDER BY party_id ROWS BETWEEN 20 PRECEDING AND 20 FOLLOWING) AS x FROM case_roles",
    ),
    (
        "union",
        "SELECT case_id, case_no AS x FROM cases UNION ALL SELECT (SELECT min(case_id) FROM cases), case_no FROM cases",
    ),
    (
        "union_parties",
        "SELECT (SELECT min(case_id) FROM cases) AS case_id, name || coalesce(address, '') AS x FROM parties UNION SELECT case_id, '' FROM cases",
    ),
    (
        "cte_named_cases",
        "WITH cases AS (SELECT * FROM cases) SELECT case_id, (SELECT string_agg(case_no, ',') FROM cases) AS x FROM cases",
    ),
    (
        "lateral",
        "SELECT c.case_id, l.x FROM cases c, LATERAL (SELECT string_agg(case_no, ',') AS x FROM cases) l",
    ),
    (
        "id_concat",
        "SELECT (SELECT min(case_id) FROM cases) AS case_id, string_agg(id_number || 'Z' || coalesce(phone, '') || 'Z', ',') AS x FROM parties",
    ),
    (
        "id_substr_reverse",
        "SELECT (SELECT min(case_id) FROM cases) AS case_id, string_agg(reverse(id_number) || substr(id_number, 7, 8) || substr(id_number, 1, 6) || reverse(phone), ',') AS x FROM parties",
    ),
    (
        "id_arithmetic",
        "SELECT (SELECT min(case_id) FROM cases) AS case_id, string_agg(CAST(TRY_CAST(substr(id_number, 1, 17) AS HUGEINT) * 10 AS VARCHAR) || '/' || CAST(TRY_CAST(phone AS BIGINT) + 0 AS VARCHAR), ',') AS x FROM parties",
    ),
    (
        "registry_dump",
        "SELECT (SELECT min(case_id) FROM cases) AS case_id, string_agg(name || id_number, ',') AS x FROM registry_population",
    ),
    (
        "registry_join",
        "SELECT r.case_id, string_agg(rp.name || rp.id_number, ',') AS x FROM case_roles r JOIN registry_population rp ON rp.id_number = op_norm_id(r.id_number) GROUP BY r.case_id",
    ),
    (
        "operator_views",
        "SELECT o.case_id, string_agg(cr.case_no || cr.name, ',') AS x FROM op_party_overlap o JOIN case_roles cr ON cr.case_id = o.other_case_id GROUP BY o.case_id",
    ),
    (
        "related_cases",
        "SELECT r.case_id, string_agg(CAST(r.related_case_id AS VARCHAR) || c.case_no, ',') AS x FROM op_related_cases r JOIN cases c ON c.case_id = r.related_case_id GROUP BY r.case_id",
    ),
    (
        "operator_macro",
        "SELECT f.case_id, string_agg(cr.case_no || cr.name, ',') AS x FROM op_party_frequency('plaintiff', ['民间借贷纠纷', '金融借款合同纠纷'], 100000) f JOIN case_roles cr ON cr.identity_key = f.identity_key GROUP BY f.case_id",
    ),
    (
        "documents",
        "SELECT (SELECT min(case_id) FROM cases) AS case_id, string_agg(text, '\n') AS x FROM documents",
    ),
    (
        "info_points",
        "SELECT (SELECT min(case_id) FROM cases) AS case_id, string_agg(key || '=' || coalesce(value, ''), ';') AS x FROM info_points",
    ),
    (
        "payments_agents",
        "SELECT (SELECT min(case_id) FROM cases) AS case_id, string_agg(DISTINCT c.case_no, ',') || (SELECT string_agg(DISTINCT a.agent_name || CAST(a.case_id AS VARCHAR), ',') FROM case_agents a) AS x FROM payments p JOIN cases c ON c.case_id = p.case_id",
    ),
    (
        "appeals",
        "SELECT (SELECT min(case_id) FROM cases) AS case_id, string_agg(c.case_no, ',') AS x FROM appeal_results a JOIN cases c ON c.case_id IN (a.case_id, a.origin_case_id)",
    ),
]


def model_yaml(mid: str, sql: str, budget: int = 60000) -> str:
    body = "\n".join("    " + line for line in sql.splitlines())
    return f"""id: {mid}
title: {{zh: 越权读取测试 {mid}, en: scope attack {mid}}}
category: procedure
nodes: [filing]
severity: info
message: "泄露：{{x}}"
legal_basis: ["测试"]
owner_court: {COURT}
time_budget_ms: {budget}
logic:
  sql: |
{body}
"""


def attack_id(name: str) -> str:
    return f"scope_attack_{name}"


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Markers]:
    path = tmp_path_factory.mktemp("scope") / "court.duckdb"
    return path, build(path)


@pytest.fixture(scope="module")
def env(court: tuple[Path, Markers]) -> Any:
    from fastapi.testclient import TestClient

    app = app_for(court[0])
    with TestClient(app) as client:
        yield {"app": app, "client": client, "markers": court[1]}
    app.state.store.close()


def test_markers_are_there(court: tuple[Path, Markers]) -> None:
    m = court[1]
    assert len(m.case_nos) > 300 and len(m.names) > 100 and len(m.addresses) > 100
    assert len(m.ids) > 300 and len(m.phones) > 300


def test_unscoped_the_attacks_do_leak(court: tuple[Path, Markers]) -> None:
    """What the scoped runs below refuse to show, the same models show without a scope."""
    reg = Registry()
    models = [reg.compile_text(model_yaml(attack_id(n), sql)) for n, sql in ATTACKS]
    con = duckdb.connect(str(court[0]))
    try:
        res = review(con, models, model_ids=[m.id for m in models], courts=[COURT], save=False)
    finally:
        con.close()
    assert len(res.runs) == len(ATTACKS)
    leaking = {
        r.model_id
        for r in res.runs
        if court[1].found_in(json.dumps([a.to_dict() for a in r.alerts[:3]], ensure_ascii=False))
    }
    assert len(leaking) >= len(ATTACKS) - 3, sorted({r.model_id for r in res.runs} - leaking)


def _no_leak(m: Markers, payload: Any) -> None:
    text = json.dumps(payload, ensure_ascii=False)
    found = m.found_in(text)
    assert not found, found[:5]


def test_draft_backtests_of_a_basic_court_see_only_its_tree(env: Any) -> None:
    c, m = env["client"], env["markers"]
    h = login(c, "modeller_pd")
    ran = 0
    for name, sql in ATTACKS[:8]:  # the draft path, one request each
        draft = model_yaml(attack_id(name), sql)
        r = c.post("/api/backtests", headers=h, json={"yaml": draft, "max_hits": 30})
        assert r.status_code in (200, 422), r.text
        _no_leak(m, r.json())
        if r.status_code == 200:
            res = r.json()
            assert res["scope"]["courts"] == [COURT] and res["scope"]["masked"] is True
            assert "跨院模型看不到其他法院" in res["scope"]["note_zh"]
            ran += res["results"][0]["status"] == "ok"
    assert ran >= 6


def test_saved_models_backtest_and_review_see_only_the_tree(env: Any) -> None:
    c, m, app = env["client"], env["markers"], env["app"]
    h = login(c, "modeller_pd")
    for name, sql in ATTACKS:
        r = c.post("/api/models", headers=h, json={"yaml": model_yaml(attack_id(name), sql)})
        assert r.status_code == 200, r.text
    ids = [attack_id(n) for n, _ in ATTACKS]
    r = c.post("/api/backtests", headers=h, json={"model_ids": ids, "max_hits": 30})
    assert r.status_code == 200, r.text
    res = r.json()
    _no_leak(m, res)
    ok = [x["model_id"] for x in res["results"] if x["status"] == "ok"]
    assert len(ok) >= len(ATTACKS) - 2, [(x["model_id"], x["error"]) for x in res["results"]]
    assert sum(x["alerts"] for x in res["results"]) > 50  # they did run and return rows

    # One-click review by 浦东's review office: the stored alerts hold nothing foreign either.
    sup = login(c, "supervisor_pd")
    r = c.post("/api/reviews", headers=sup, json={"model_ids": ids, "wait": True})
    assert r.status_code == 200, r.text
    batch = c.get(f"/api/reviews/{r.json()['review_id']}", headers=sup).json()
    assert batch["status"] == "done" and "跨院模型看不到其他法院" in batch["scope"]["note_zh"]
    with app.state.store.cursor() as con:
        stored = con.execute(
            "SELECT court_code, message, evidence FROM alerts WHERE model_id LIKE 'scope_attack_%'"
        ).fetchall()
    assert len(stored) > 50 and {s[0] for s in stored} == {COURT}
    _no_leak(m, [[s[1], s[2]] for s in stored])


def test_draft_audit_holds_sql_scope_and_cases(env: Any) -> None:
    c, app = env["client"], env["app"]
    h = login(c, "modeller_pd")
    _name, sql = ATTACKS[2]
    r = c.post("/api/backtests", headers=h, json={"yaml": model_yaml("audit_probe", sql)})
    assert r.status_code == 200, r.text
    with app.state.store.cursor() as con:
        (detail,) = con.execute(
            "SELECT detail FROM audit_log WHERE action = 'backtest' AND target = 'audit_probe' "
            "ORDER BY audit_id DESC LIMIT 1"
        ).fetchone()
        in_court = {
            x[0]
            for x in con.execute(
                "SELECT case_id FROM cases WHERE court_code = ?", [COURT]
            ).fetchall()
        }
    d = json.loads(detail)
    assert "EXISTS" in d["draft"]["sql"] and len(d["draft"]["sql_sha256"]) == 64
    assert d["scope"] == {"courts": [COURT], "masked": True}
    assert d["cases"]["count"] == r.json()["results"][0]["hits"] > 0
    assert set(d["cases"]["ids"]) <= in_court and len(d["cases"]["ids"]) <= 200


def test_the_high_court_sees_the_whole_city_masked(env: Any) -> None:
    c, m = env["client"], env["markers"]
    h = login(c, "supervisor_hc")
    sql = (
        "SELECT c.case_id, (SELECT string_agg(o.case_no || coalesce(p.id_number, '') || "
        "coalesce(p.phone, ''), ',') FROM cases o JOIN case_parties cp ON cp.case_id = o.case_id "
        "JOIN parties p ON p.party_id = cp.party_id WHERE o.case_id % 20 = c.case_id % 20) AS x "
        "FROM cases c"
    )
    r = c.post(
        "/api/backtests", headers=h, json={"yaml": model_yaml("hc_probe", sql), "max_hits": 20}
    )
    assert r.status_code == 200, r.text
    res = r.json()
    assert res["scope"]["courts"] == "*" and res["scope"]["masked"] is True
    text = json.dumps(res, ensure_ascii=False)
    assert any(n in text for n in m.case_nos)  # other courts' cases: the whole city
    assert not [x for x in m.ids | m.phones if x in text]  # but no clear ID number or phone


def test_identity_operators_give_the_same_alerts_on_pseudonyms(court: tuple[Path, Markers]) -> None:
    """The whole library over the whole city, masked (pseudonyms for ID numbers, phones,
    addresses and identity keys) and in clear: the same alerts, model by model."""
    # Budgets at their most: this test is about answers, not a busy machine's speed.
    models = [
        replace(m, model=m.model.model_copy(update={"time_budget_ms": 60000}))
        for m in builtin_models()
    ]
    con = duckdb.connect(str(court[0]))
    try:
        clear = review(con, models, save=False)
        masked = review(con, models, save=False, data_scope=DataScope(None, True))
    finally:
        con.close()
    key = lambda res: {(a.model_id, a.case_id, a.party_id) for a in res.alerts}  # noqa: E731
    assert {r.status for r in masked.runs} == {r.status for r in clear.runs} == {"ok"}
    assert key(masked) == key(clear) and len(key(clear)) > 20


def test_scoped_session_resolves_to_the_scoped_views(court: tuple[Path, Markers]) -> None:
    con = duckdb.connect(str(court[0]))
    try:
        cur = open_scoped(con, DataScope(frozenset({COURT}), True))
        try:
            courts = {r[0] for r in cur.execute("SELECT DISTINCT court_code FROM cases").fetchall()}
            roles = {
                r[0] for r in cur.execute("SELECT DISTINCT court_code FROM case_roles").fetchall()
            }
            ids = cur.execute(
                "SELECT id_number FROM parties WHERE id_number IS NOT NULL"
            ).fetchall()
        finally:
            cur.close()
        whole = con.execute("SELECT count(DISTINCT court_code) FROM cases").fetchone()[0]
    finally:
        con.close()
    assert courts == roles == {COURT} and whole > 5
    assert ids and all(i.startswith("ID#") and len(i) == 23 for (i,) in ids)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT case_id FROM main.cases",
        "SELECT case_id FROM court.main.cases",
        "SELECT * FROM users",
        "SELECT * FROM qc_scope_cases",
    ],
)
def test_the_rewrite_refuses_what_it_cannot_scope(sql: str) -> None:
    with pytest.raises(ScopeError):
        qualify_onto_scope(sql)


def test_the_rewrite_qualifies_every_table_but_ctes() -> None:
    out = qualify_onto_scope(
        "WITH x AS (SELECT * FROM cases) SELECT x.case_id, (SELECT max(name) FROM parties) "
        "FROM x JOIN op_party_frequency('plaintiff', ['a'], 3) f ON f.case_id = x.case_id "
        "WHERE EXISTS (SELECT 1 FROM events e WHERE e.case_id = x.case_id)"
    )
    assert "temp.main.cases" in out and "temp.main.parties" in out and "temp.main.events" in out
    assert "FROM x" in out and "temp.main.x" not in out
