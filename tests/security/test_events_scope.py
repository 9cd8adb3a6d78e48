"""CMS events are scoped by the rows they write (issue 13 item 1, issue 16 "Events").

A CMS key of 浦东 (沪0115) posts events to the platform's POST /api/events. Every row an event
writes must hang on the case the event names, that case must be in the key's court tree, and
reference tables are never written. Each attack is refused as a whole (403 naming the row),
nothing of it is stored, and the audit entry holds the refused rows.

The court is tests/support/web_court.py: A1, A2 of 沪0115; B1 of 沪0104; C1 of 沪01 (B1's appeal); the
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
from tests.support import cms_rows as R
from tests.support.web_court import build

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


# ---------------------------------------------------------------- variants

# Rows of every case table, hung on a case: (source table, builder).
CASE_ROWS = {
    "tb_ws": lambda n, case, party: R.ws(n, case),
    "tb_lcjl": lambda n, case, party: R.lcjl(n, case),
    "tb_ajk": lambda n, case, party: R.ajk(n, case, party),
    "tb_dlr": lambda n, case, party: R.dlr(n, case, party),
    "tb_dsr": lambda n, case, party: R.dsr(n, case),
}


@pytest.mark.parametrize("table", sorted(CASE_ROWS))
@pytest.mark.parametrize("foreign", ["B1", "C1"])
def test_rows_of_another_courts_case(env: Any, table: str, foreign: str) -> None:
    """Any case row hung on another court's case, in an event of the key's own case."""
    a1, other = env["ids"]["A1"], env["ids"][foreign]
    row = CASE_ROWS[table](870000 + len(table), other, env["parties"]["丙某"])
    refused(env, R.event(env["case_no"][a1], {table: [row]}), table)


@pytest.mark.parametrize("table", sorted(CASE_ROWS))
def test_rows_of_another_case_of_the_same_court(env: Any, table: str) -> None:
    """Confined to the case, not only the court: A2's rows in A1's event are refused too."""
    a1, a2 = env["ids"]["A1"], env["ids"]["A2"]
    row = CASE_ROWS[table](860000 + len(table), a2, env["parties"]["乙某"])
    refused(env, R.event(env["case_no"][a1], {table: [row]}), table)


@pytest.mark.parametrize(
    "table,row",
    [
        ("tb_fy", R.fy("沪0115", "沪")),  # the key's own court, re-parented to the top
        ("tb_fy", R.fy("沪03", "沪", fymc="改名")),
        ("tb_ry", R.ry(1, "沪0104")),  # a judge moved to another court
        ("tb_ry", R.ry(990, "沪0115")),  # a new judge of the key's own court
        ("tb_bm", R.bm(3, "沪0115")),  # another court's department taken over
        ("tb_bm", R.bm(990, "沪0115")),
    ],
)
def test_reference_tables_are_never_written(env: Any, table: str, row: dict) -> None:
    a1 = env["ids"]["A1"]
    refused(env, R.event(env["case_no"][a1], {table: [row]}), table)


def test_a_party_in_other_cases_is_not_rewritten(env: Any) -> None:
    """The lender is in A1 and in other courts' cases: A1's event cannot rename it, even as A1's
    party; 乙某 (only A2) cannot be written through A1 either."""
    a1 = env["ids"]["A1"]
    lender = env["parties"]["某某小额贷款有限公司"]
    body = R.event(env["case_no"][a1], {"tb_dsr": [R.dsr(lender, a1, name="改名贷款公司")]})
    refused(env, body, "tb_dsr")
    body = R.event(env["case_no"][a1], {"tb_dsr": [R.dsr(env["parties"]["乙某"], a1)]})
    refused(env, body, "tb_dsr")


def test_cases_cannot_move_court_or_take_a_number(env: Any) -> None:
    a1, b1 = env["ids"]["A1"], env["ids"]["B1"]
    a1_no = env["case_no"][a1]
    elsewhere = "（2023）沪0104民初55555号"
    # A1 renumbered into another court, in an event naming A1 or the new number
    refused(env, R.event(a1_no, {"tb_ajxx": [R.ajxx(a1, elsewhere, fydm="2804")]}), "tb_ajxx")
    r = post(env, R.event(elsewhere, {"tb_ajxx": [R.ajxx(a1, elsewhere, fydm="2804")]}))
    assert r.status_code == 403
    # a new case row taking A1's number; another new case riding along with A1's event
    refused(env, R.event(a1_no, {"tb_ajxx": [R.ajxx(850001, a1_no)]}), "tb_ajxx")
    extra = R.ajxx(850002, "（2023）沪0115民初55556号")
    refused(env, R.event(a1_no, {"tb_ajxx": [extra]}), "tb_ajxx")
    # an event naming B1, another court's case, without any row
    r = post(env, R.event(env["case_no"][b1], {}))
    assert r.status_code == 403 and r.json()["details"][0]["field"] == "case_no"


def test_one_bad_row_refuses_the_whole_event(env: Any) -> None:
    a1, b1 = env["ids"]["A1"], env["ids"]["B1"]
    rows = {"tb_ws": [R.ws(840001, a1), R.ws(840002, a1), R.ws(840003, b1)]}
    out = refused(env, R.event(env["case_no"][a1], rows), "tb_ws")
    assert [d["row"] for d in out["details"]] == [3]
    assert sql(env, "SELECT count(*) FROM documents WHERE doc_id >= 840001") == [(0,)]


def test_a_stored_row_of_another_case_is_not_taken_over(env: Any) -> None:
    """A1's judgment re-sent with A2 as its case, in A2's event: the stored row is A1's."""
    a1, a2 = env["ids"]["A1"], env["ids"]["A2"]
    [(doc,)] = sql(env, "SELECT doc_id FROM documents WHERE case_id = ?", [a1])
    refused(env, R.event(env["case_no"][a2], {"tb_ws": [R.ws(doc, a2)]}), "tb_ws")


def test_an_intermediate_courts_key_writes_below_it_only(env: Any) -> None:
    """沪01's key may write B1 (沪0104 is below it) but not move it to 沪0115 (under 沪03), nor
    between two of its own courts (a case does not change court)."""
    b1 = env["ids"]["B1"]
    b1_no = env["case_no"][b1]
    moved = "（2023）沪0115民初66666号"
    refused(env, R.event(b1_no, {"tb_ajxx": [R.ajxx(b1, moved)]}), "tb_ajxx", key="01")
    assert post(env, R.event(moved, {"tb_ajxx": [R.ajxx(b1, moved)]}), key="01").status_code == 403
    sideways = "（2023）沪0105民初66667号"
    out = refused(env, R.event(sideways, {"tb_ajxx": [R.ajxx(b1, sideways)]}), "tb_ajxx", key="01")
    assert "cannot move court" in out["details"][0]["reason"]
    r = post(env, R.event(env["case_no"][b1], {"tb_ws": [R.ws(830001, b1)]}), key="01")
    assert r.status_code == 200, r.text
    assert last_audit(env)["written"] == {"documents": [830001]}


# ---------------------------------------------------------------- what is allowed, and audited


def test_the_keys_own_case_is_written_and_the_audit_names_the_rows(env: Any) -> None:
    a1 = env["ids"]["A1"]
    p_a1 = env["parties"]["甲某"]
    rows = {"tb_ws": [R.ws(820001, a1)], "tb_dsr": [R.dsr(p_a1, a1, name="甲某", ssdw="02")]}
    r = post(env, R.event(env["case_no"][a1], rows))
    assert r.status_code == 200, r.text
    audit = last_audit(env)
    assert audit["status"] == 200 and "refused" not in audit
    assert audit["written"] == {
        "documents": [820001],
        "parties": [p_a1],
        "case_parties": [p_a1],
    }
    # a new case of the key's court, with a new party
    new_no = "（2025）沪0115民初81000号"
    rows = {"tb_ajxx": [R.ajxx(810001, new_no)], "tb_dsr": [R.dsr(810011, 810001)]}
    r = post(env, R.event(new_no, rows))
    assert r.status_code == 200, r.text
    assert last_audit(env)["written"] == {
        "cases": [810001],
        "parties": [810011],
        "case_parties": [810011],
    }
