"""CMS events are scoped by the rows they write (issue 13 item 1, issue 16 "Events").

A CMS key of 浦东 (沪0115) posts events to the platform's POST /api/events. Every row an event
writes must hang on the case the event names, that case must be in the key's court tree, and
reference tables are never written. Each attack is refused as a whole (403 naming the row),
nothing of it is stored, and the audit entry holds the refused rows.

The court is tests/web_court.py: A1, A2 of 沪0115; B1 of 沪0104; C1 of 沪01 (B1's appeal); the
lender party is in all four cases, 丙某 only in B1.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.web.app import create_app
from courtqc.web.security import create_api_key
from tests import cms_rows as R
from tests.web_court import build

TABLES = ("cases", "parties", "case_parties", "documents", "courts", "judges", "departments",
          "events", "payments", "case_agents")  # fmt: skip


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path: Path = tmp_path_factory.mktemp("scope") / "court.duckdb"
    ids = build(path)
    app = create_app(path, prepare_facts=False)
    with app.state.store.cursor() as con:
        keys = {
            "pd": create_api_key(con, "浦东法院办案系统", "沪0115", "test"),
            "xh": create_api_key(con, "徐汇法院办案系统", "沪0104", "test"),
            "01": create_api_key(con, "一中院办案系统", "沪01", "test"),
        }
        case_no = dict(
            con.execute("SELECT case_id, case_no FROM cases").fetchall()
        )  # case_id -> case_no
        parties = {
            name: pid for pid, name in con.execute("SELECT party_id, name FROM parties").fetchall()
        }
    with TestClient(app) as client:
        yield {"app": app, "client": client, "ids": ids, "keys": keys, "case_no": case_no,
               "parties": parties}  # fmt: skip
    app.state.store.close()


def sql(env: Any, q: str, params: list | None = None) -> list[tuple]:
    with env["app"].state.store.cursor() as con:
        return con.execute(q, params or []).fetchall()


def snapshot(env: Any) -> dict[str, list[tuple]]:
    return {t: sorted(map(repr, sql(env, f"SELECT * FROM {t}"))) for t in TABLES}


_n = iter(range(1, 10**6))


def post(env: Any, body: dict, key: str = "pd") -> Any:
    return env["client"].post(
        "/api/events",
        headers={"X-API-Key": env["keys"][key], "Idempotency-Key": f"scope-{next(_n)}"},
        json=body,
    )


def last_audit(env: Any) -> dict:
    [(detail,)] = sql(
        env,
        "SELECT detail FROM audit_log WHERE action = 'cms_event' ORDER BY audit_id DESC LIMIT 1",
    )
    return json.loads(detail)


def refused(env: Any, body: dict, table: str, key: str = "pd") -> dict:
    """Post an attack: 403 naming a row of `table`, nothing stored, the rows in the audit."""
    before = snapshot(env)
    r = post(env, body, key)
    assert r.status_code == 403, r.text
    out = r.json()
    assert out["details"], out
    assert any(d["table"] == table for d in out["details"]), out
    for d in out["details"]:
        assert {"table", "row", "key", "reason"} <= set(d), d
    assert snapshot(env) == before
    audit = last_audit(env)
    assert audit["status"] == 403 and audit["refused"] == out["details"]
    return out


# ---------------------------------------------------------------- the four attacks of issue 13


def test_document_on_another_courts_case(env: Any) -> None:
    a1, b1 = env["ids"]["A1"], env["ids"]["B1"]
    body = R.event(env["case_no"][a1], {"tb_ws": [R.ws(880001, b1, wsnr="伪造的判决")]})
    out = refused(env, body, "tb_ws")
    [d] = out["details"]
    assert d["row"] == 1 and d["key"] == {"wsbs": 880001}
    assert sql(env, "SELECT count(*) FROM documents WHERE doc_id = 880001") == [(0,)]


def test_another_courts_party_renamed(env: Any) -> None:
    a1, b1 = env["ids"]["A1"], env["ids"]["B1"]
    p_b1 = env["parties"]["丙某"]
    for ajbs in (a1, b1):  # linked to the key's own case, or left on its own case
        body = R.event(env["case_no"][a1], {"tb_dsr": [R.dsr(p_b1, ajbs, name="改名某")]})
        refused(env, body, "tb_dsr")
    assert sql(env, "SELECT name FROM parties WHERE party_id = ?", [p_b1]) == [("丙某",)]


def test_another_courts_case_moved_into_the_keys_court(env: Any) -> None:
    b1 = env["ids"]["B1"]
    moved = "（2023）沪0115民初77777号"
    body = R.event(moved, {"tb_ajxx": [R.ajxx(b1, moved)]})
    refused(env, body, "tb_ajxx")
    assert sql(env, "SELECT court_code FROM cases WHERE case_id = ?", [b1]) == [("沪0104",)]


def test_another_courts_parent_court_changed(env: Any) -> None:
    a1 = env["ids"]["A1"]
    body = R.event(env["case_no"][a1], {"tb_fy": [R.fy("沪0104", "沪0115")]})
    refused(env, body, "tb_fy")
    assert sql(env, "SELECT parent_code FROM courts WHERE court_code = '沪0104'") == [("沪01",)]
