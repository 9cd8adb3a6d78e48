"""Administration by court tree (issue 13, item 8): an administrator of a basic court reads
only its own people's audit entries and manages only its own court's accounts and keys; and
accounts of the wrong shape for their role are refused at creation and at login.

The court: tests/security/web_matrix_court.py.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.cli import app as cli_app
from tests.support.web_court import PASSWORD
from tests.support.web_matrix_court import Court, Logins, build_court, make_app

STRONG = "Tq7-harbour-lantern"


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> Court:
    return build_court(tmp_path_factory.mktemp("admin") / "court.duckdb")


@pytest.fixture(scope="module")
def app(court: Court):  # type: ignore[no-untyped-def]
    a = make_app(court)
    yield a
    a.state.store.close()


@pytest.fixture(scope="module")
def client(app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app)


@pytest.fixture(scope="module")
def login(client: TestClient) -> Logins:
    return Logins(client)


def _audit(client: TestClient, h: dict[str, str], **params: str) -> dict:
    r = client.get("/api/admin/audit", headers=h, params={"limit": 2000, **params})
    assert r.status_code == 200, r.text
    return r.json()


# ---------------------------------------------------------------- audit log


def test_a_basic_court_admin_reads_only_its_courts_audit_entries(client, court, login) -> None:  # type: ignore[no-untyped-def]
    client.get(f"/api/cases/{court.ids['A1']}", headers=login("judge_a"))
    client.get(f"/api/cases/{court.ids['B1']}", headers=login("judge_b"))
    client.post("/api/auth/login", json={"username": "judge_b", "password": "wrong-password-x1"})
    client.post("/api/auth/login", json={"username": "nobody_at_all", "password": "x" * 12})

    mine = _audit(client, login("admin_a"))
    assert mine["items"] and {e["court_code"] for e in mine["items"]} == {"沪0115"}
    assert any(e["actor"] == "judge_a" and e["action"] == "read_case" for e in mine["items"])
    assert mine["total"] == len(mine["items"])  # the count is limited the same way
    # another court's people: nothing, even when asked for by name
    assert _audit(client, login("admin_a"), actor="judge_b")["total"] == 0
    assert _audit(client, login("admin_a"), action="login_failed")["total"] == 0

    theirs = _audit(client, login("admin_b"))
    assert {e["court_code"] for e in theirs["items"]} == {"沪0104"}
    failed = [e for e in theirs["items"] if e["action"] == "login_failed"]
    assert [e["actor"] for e in failed] == ["judge_b"]  # its user's failed login, not others'

    # an intermediate court's admin: itself and the courts below it
    inter = _audit(client, login("admin_03"))
    assert {e["court_code"] for e in inter["items"]} <= {"沪03", "沪0115", "沪7101"}
    assert any(e["actor"] == "judge_a" for e in inter["items"])

    # the High Court's admin sees all, and the entries of no court (unknown names)
    everything = _audit(client, login("admin"))
    assert {"沪0115", "沪0104"} <= {e["court_code"] for e in everything["items"]}
    assert any(e["actor"] == "nobody_at_all" for e in everything["items"])
    assert not any(e["actor"] == "nobody_at_all" for e in inter["items"])


def test_audit_paging_values_are_checked(client, login) -> None:  # type: ignore[no-untyped-def]
    h = login("admin_a")
    for params in ({"limit": 0}, {"limit": 10**9}, {"offset": -1}, {"offset": 10**30}):
        r = client.get("/api/admin/audit", headers=h, params=params)
        assert r.status_code == 422, (params, r.text)
        assert "(" in r.json()["detail"] and "Input should" not in r.text


# ---------------------------------------------------------------- machine keys


def test_keys_are_listed_created_and_revoked_within_the_tree(client, court, login) -> None:  # type: ignore[no-untyped-def]
    ha, hb = login("admin_a"), login("admin_b")
    listed = {k["key_id"] for k in client.get("/api/admin/keys", headers=ha).json()["items"]}
    assert court.key_ids["沪0115"] in listed and court.key_ids["沪0104"] not in listed

    # another court's key cannot be revoked, and still works afterwards
    r = client.delete(f"/api/admin/keys/{court.key_ids['沪0104']}", headers=ha)
    assert r.status_code == 404, r.text
    assert (
        client.get("/api/auth/me", headers={"X-API-Key": court.keys["沪0104"]}).status_code == 200
    )

    # nor can keys be made for courts outside the tree (a sibling, the parent, the High Court)
    for code in ("沪0104", "沪03", "沪"):
        r = client.post("/api/admin/keys", headers=ha, json={"name": "x", "court_code": code})
        assert r.status_code == 403 and "管辖范围" in r.json()["detail"], (code, r.text)

    # its own court's: yes
    k = client.post("/api/admin/keys", headers=hb, json={"name": "徐汇", "court_code": "沪0104"})
    assert k.status_code == 200
    assert client.delete(f"/api/admin/keys/{k.json()['key_id']}", headers=ha).status_code == 404
    assert client.delete(f"/api/admin/keys/{k.json()['key_id']}", headers=hb).status_code == 200
    assert client.get("/api/auth/me", headers={"X-API-Key": k.json()["key"]}).status_code == 401
    # an intermediate court's administrator manages the keys of its basic courts
    k2 = client.post("/api/admin/keys", headers=ha, json={"name": "浦东", "court_code": "沪0115"})
    assert (
        client.delete(
            f"/api/admin/keys/{k2.json()['key_id']}", headers=login("admin_03")
        ).status_code
        == 200
    )


# ---------------------------------------------------------------- users


def test_users_are_managed_within_the_tree(client, court, login) -> None:  # type: ignore[no-untyped-def]
    ha = login("admin_a")
    names = {u["username"] for u in client.get("/api/admin/users", headers=ha).json()["items"]}
    assert "judge_a" in names and "judge_b" not in names and "admin" not in names

    body = {"username": "new_b", "password": STRONG, "role": "modeller", "court_code": "沪0104"}
    assert client.post("/api/admin/users", headers=ha, json=body).status_code == 403
    up = {**body, "username": "new_hi", "role": "admin", "court_code": "沪"}
    assert client.post("/api/admin/users", headers=ha, json=up).status_code == 403  # no escalation

    # another court's account cannot be disabled, nor its password changed
    for patch in ({"active": False}, {"password": STRONG}):
        r = client.patch(f"/api/admin/users/{court.user_id['judge_b']}", headers=ha, json=patch)
        assert r.status_code == 404, r.text
        r = client.patch(f"/api/admin/users/{court.user_id['admin']}", headers=ha, json=patch)
        assert r.status_code == 404, r.text
    assert (
        client.post(
            "/api/auth/login", json={"username": "judge_b", "password": PASSWORD}
        ).status_code
        == 200
    )
    assert client.patch("/api/admin/users/99999999999999", headers=ha, json={}).status_code == 404

    ok = {**body, "username": "new_a", "court_code": "沪0115"}
    assert client.post("/api/admin/users", headers=ha, json=ok).status_code == 200


# ---------------------------------------------------------------- account shape


@pytest.mark.parametrize(
    "role,judge_id,dept_id,field",
    [
        ("division_head", None, None, "dept_id"),  # would see the whole court unmasked
        ("judge", None, 1, "judge_id"),
        ("court_leader", 1, None, "judge_id"),
        ("supervisor", None, 1, "dept_id"),
        ("division_head", None, 3, "dept_id"),  # a department of another court
        ("judge", 3, None, "judge_id"),  # a judge of another court
    ],
)
def test_wrong_shaped_accounts_are_refused_at_creation(
    client, login, role, judge_id, dept_id, field
) -> None:  # type: ignore[no-untyped-def]
    body = {
        "username": f"shape_{role}_{judge_id}_{dept_id}",
        "password": STRONG,
        "role": role,
        "court_code": "沪0115",
        "judge_id": judge_id,
        "dept_id": dept_id,
    }
    r = client.post("/api/admin/users", headers=login("admin_a"), json=body)
    assert r.status_code == 422, r.text
    d = r.json()
    assert field in d["detail"] and d["where"]["field"] == field
    assert "(" in d["detail"]  # Chinese, then English in brackets


def test_wrong_shaped_accounts_are_refused_by_the_cli(court) -> None:  # type: ignore[no-untyped-def]
    r = CliRunner().invoke(
        cli_app,
        ["users", "add", "--db", str(court.path), "--username", "dh_cli", "--role",
         "division_head", "--court", "沪0115", "--password", STRONG],
    )  # fmt: skip
    assert r.exit_code == 2 and "dept_id" in r.output and "Traceback" not in r.output


def test_a_stored_wrong_shaped_account_cannot_log_in_or_use_its_session(app, client) -> None:  # type: ignore[no-untyped-def]
    body = {"username": "divhead_a", "password": PASSWORD}
    r = client.post("/api/auth/login", json=body)
    assert r.status_code == 200
    h = {"Authorization": f"Bearer {r.json()['token']}"}
    with app.state.store.cursor() as con:  # as an older courtqc could have stored it
        con.execute("UPDATE users SET dept_id = NULL WHERE username = 'divhead_a'")
    try:
        me = client.get("/api/alerts", headers=h)
        assert me.status_code == 403 and "dept_id" in me.json()["detail"]
        again = client.post("/api/auth/login", json=body)
        assert again.status_code == 403 and "dept_id" in again.json()["detail"]
        assert "token" not in again.json()
    finally:
        with app.state.store.cursor() as con:
            con.execute("UPDATE users SET dept_id = 1 WHERE username = 'divhead_a'")
    assert client.post("/api/auth/login", json=body).status_code == 200


def test_demo_accounts_have_the_right_shape(tmp_path: Path) -> None:
    import duckdb

    from courtqc.web.users import list_users, seed_demo_users, shape_problem
    from tests.support.web_court import build

    path = tmp_path / "c.duckdb"
    build(path)
    with duckdb.connect(str(path)) as con:
        seed_demo_users(con)
        assert [u.username for u in list_users(con) if shape_problem(u)] == []
