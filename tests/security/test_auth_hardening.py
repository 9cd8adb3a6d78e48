"""Logins and requests (issue 13, the Low items): throttling by the account key the look-up
uses, X-Forwarded-For only from configured proxies, Secure cookies by configuration, password
strength (zxcvbn and the shipped common-password list), and every bad request answered 4xx in
Chinese and English with no Python internals (500s carry a reference id only).

The court: tests/security/web_matrix_court.py.
"""

from __future__ import annotations

import re
import unicodedata
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.errors import InvalidInput
from courtqc.web import security
from courtqc.web.security import (
    Settings,
    WeakPassword,
    account_key,
    check_password_strength,
    client_address,
)
from tests.support.web_court import PASSWORD
from tests.support.web_matrix_court import Court, Logins, build_court, make_app

# What Python or pydantic would say, never a user.
INTERNALS = re.compile(
    r"Traceback|File \"|pydantic|Input should|input_value|errors\.pydantic\.dev|"
    r"\bNone\b|Error\(|Exception|duckdb|\.py\b|line \d+",
)
CJK = re.compile(r"[\u4e00-\u9fff]")


def zh_en(text: str) -> bool:
    """Chinese first, English in brackets."""
    return bool(CJK.search(text)) and "(" in text and bool(re.search(r"\([^)]*[A-Za-z]", text))


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> Court:
    return build_court(tmp_path_factory.mktemp("auth") / "court.duckdb")


@pytest.fixture(scope="module")
def app(court: Court):  # type: ignore[no-untyped-def]
    a = make_app(court, max_failures_per_user=3, max_failures_per_client=1000)
    yield a
    a.state.store.close()


@pytest.fixture(scope="module")
def client(app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, raise_server_exceptions=False)


# ---------------------------------------------------------------- throttling


def test_every_spelling_of_a_name_shares_one_allowance(client) -> None:  # type: ignore[no-untyped-def]
    """Failures under Leader_B, ＬＥＡＤＥＲ_Ｂ (full width) and LEADER_B all count for leader_b:
    the fourth try, with the right password, is refused."""
    for spelling in ("Leader_B", "ＬＥＡＤＥＲ＿Ｂ", "LEADER_B"):
        r = client.post("/api/auth/login", json={"username": spelling, "password": "not-it-123"})
        assert r.status_code == 401, (spelling, r.text)
    for spelling in ("leader_b", "ｌｅａｄｅｒ_ｂ"):
        r = client.post("/api/auth/login", json={"username": spelling, "password": PASSWORD})
        assert r.status_code == 429, (spelling, r.text)
        assert int(r.headers["Retry-After"]) > 0 and zh_en(r.json()["detail"])


def test_a_dotted_capital_i_reaches_no_account_and_gets_no_fresh_allowance(client) -> None:  # type: ignore[no-untyped-def]
    """DuckDB's lower() maps İ to i, Python's casefold to i + a combining dot: a look-up by one
    and throttling by the other gave an attacker a fresh allowance per spelling. Now both use
    account_key: admİn_b is simply no account."""
    assert account_key("admİn_b") != account_key("admin_b")
    for _ in range(3):
        r = client.post("/api/auth/login", json={"username": "admİn_b", "password": "nope-nope-1"})
        assert r.status_code == 401
    r = client.post("/api/auth/login", json={"username": "admİn_b", "password": PASSWORD})
    assert r.status_code == 429  # its own key is spent, and it never reached admin_b ...
    ok = client.post("/api/auth/login", json={"username": "admin_b", "password": PASSWORD})
    assert ok.status_code == 200  # ... whose allowance is untouched


@given(st.text(min_size=1, max_size=20))
@settings(max_examples=300, deadline=None)
def test_account_key_is_canonical(name: str) -> None:
    k = account_key(name)
    assert account_key(k) == k  # idempotent: a stored key is its own key
    assert account_key(name.upper()) == account_key(name.lower()) or not name.isascii()
    assert account_key(unicodedata.normalize("NFKC", name)) == k


# ---------------------------------------------------------------- proxies and cookies


def test_x_forwarded_for_is_ignored_unless_the_proxy_is_configured() -> None:
    assert client_address("10.0.0.5", "6.6.6.6", ()) == "10.0.0.5"
    assert client_address("127.0.0.1", "6.6.6.6", ()) == "127.0.0.1"  # local is not trusted
    assert client_address("10.0.0.9", "6.6.6.6", ("10.0.0.5",)) == "10.0.0.9"
    # a configured proxy: the hop it appended is the client; what the client wrote is not
    assert client_address("10.0.0.5", "6.6.6.6", ("10.0.0.5",)) == "6.6.6.6"
    assert client_address("10.0.0.5", "1.1.1.1, 6.6.6.6", ("10.0.0.0/24",)) == "6.6.6.6"
    assert client_address("10.0.0.5", "6.6.6.6, 10.0.0.7", ("10.0.0.0/24",)) == "6.6.6.6"
    assert client_address("10.0.0.5", "junk", ("10.0.0.5",)) == "10.0.0.5"
    with pytest.raises(InvalidInput, match="可信代理"):
        Settings(trusted_proxies=("not-an-address",))


def _failed_login_client(app, c: TestClient, forwarded: str) -> str:  # type: ignore[no-untyped-def]
    c.post(
        "/api/auth/login",
        json={"username": "modeller_b", "password": "wrong-wrong-1"},
        headers={"X-Forwarded-For": forwarded},
    )
    with app.state.store.cursor() as con:
        return con.execute(
            "SELECT client FROM audit_log WHERE action = 'login_failed' ORDER BY audit_id DESC LIMIT 1"
        ).fetchone()[0]


def test_the_logged_client_address_follows_the_configuration(court) -> None:  # type: ignore[no-untyped-def]
    plain = make_app(court)
    behind = make_app(court, trusted_proxies=("127.0.0.1",))
    try:
        local = ("127.0.0.1", 40000)
        assert (
            _failed_login_client(plain, TestClient(plain, client=local), "6.6.6.6") == "127.0.0.1"
        )
        assert (
            _failed_login_client(behind, TestClient(behind, client=local), "6.6.6.6") == "6.6.6.6"
        )
        other = TestClient(behind, client=("192.0.2.1", 40000))  # not the proxy: not believed
        assert _failed_login_client(behind, other, "6.6.6.6") == "192.0.2.1"
    finally:
        plain.state.store.close()
        behind.state.store.close()


def _cookie_flags(c: TestClient, **headers: str) -> list[str]:
    r = c.post(
        "/api/auth/login", json={"username": "leader_03", "password": PASSWORD}, headers=headers
    )
    assert r.status_code == 200, r.text
    return [h for h in r.headers.get_list("set-cookie") if h.startswith("courtqc_")]


def test_the_secure_cookie_flag_follows_the_configuration(court) -> None:  # type: ignore[no-untyped-def]
    plain = make_app(court)
    tls = make_app(court, secure_cookies=True)
    proxied = make_app(court, trusted_proxies=("127.0.0.1",))
    try:
        assert not any("secure" in h.lower() for h in _cookie_flags(TestClient(plain)))
        # a client saying https is not a proxy: no effect without configuration
        assert not any(
            "secure" in h.lower()
            for h in _cookie_flags(TestClient(plain), **{"X-Forwarded-Proto": "https"})
        )
        assert all("; secure" in h.lower() for h in _cookie_flags(TestClient(tls)))
        local = TestClient(proxied, client=("127.0.0.1", 40000))
        assert all(
            "; secure" in h.lower() for h in _cookie_flags(local, **{"X-Forwarded-Proto": "https"})
        )
        assert all(
            "httponly" in h.lower() for h in _cookie_flags(TestClient(tls)) if "session" in h
        )
    finally:
        for a in (plain, tls, proxied):
            a.state.store.close()


# ---------------------------------------------------------------- passwords


@pytest.mark.parametrize(
    "password",
    ["password12", "1234567890", "woaini1314", "Password123", "qwertyuiop", "fayuan123456",
     "abcdefghij", "1qaz2wsx3edc", "５２０１３１４５２０", "aaaaaaaaaaaa", "shanghai2024"],
)  # fmt: skip
def test_weak_passwords_are_refused_with_a_reason(password: str) -> None:
    with pytest.raises(WeakPassword) as e:
        check_password_strength(password, "someone")
    assert zh_en(e.value.message), e.value.message
    assert e.value.status == 422 and e.value.where and e.value.where.field == "password"


@pytest.mark.parametrize(
    "password", [PASSWORD, "Tq7-harbour-lantern", "long-password-9", "紫藤花开在四月的弄堂里"]
)
def test_strong_passwords_pass(password: str) -> None:
    check_password_strength(password, "someone")


def test_the_common_list_is_shipped_with_its_source() -> None:
    from importlib.resources import files

    import yaml

    data = yaml.safe_load(files("courtqc.web").joinpath("common_passwords.yaml").read_text("utf-8"))
    assert data["source"] and len(data["passwords"]) >= 100
    assert security.is_common_password("WoAiNi1314!")  # a listed word with a suffix


def test_weak_passwords_are_refused_by_the_api(client, court) -> None:  # type: ignore[no-untyped-def]
    h = Logins(client)("admin_a")
    for pw in ("password12", "1234567890"):
        body = {"username": "weak_one", "password": pw, "role": "modeller", "court_code": "沪0115"}
        r = client.post("/api/admin/users", headers=h, json=body)
        assert r.status_code == 422 and zh_en(r.json()["detail"]), r.text
        r = client.patch(
            f"/api/admin/users/{court.user_id['judge_a']}", headers=h, json={"password": pw}
        )
        assert r.status_code == 422 and "password" in r.json()["detail"], r.text


# ---------------------------------------------------------------- bad requests


@pytest.mark.parametrize(
    "path,params",
    [
        ("/api/cases", {"page": -1}),
        ("/api/cases", {"page": 0}),
        ("/api/cases", {"page": 10**30}),
        ("/api/cases", {"page": 10**7, "size": 500}),
        ("/api/cases", {"size": -5}),
        ("/api/cases", {"size": 10**9}),
        ("/api/cases", {"page": "abc"}),
        ("/api/cases", {"page": "1e3"}),
        ("/api/alerts", {"page": -1}),
        ("/api/alerts", {"size": 0}),
        ("/api/alerts", {"page": 2**63}),
        ("/api/alerts", {"mode": "<script>"}),
        ("/api/cases", {"judge_id": "x"}),
        ("/api/admin/audit", {"limit": -1}),
    ],
)
def test_bad_parameters_answer_422_in_chinese_and_english(client, path, params) -> None:  # type: ignore[no-untyped-def]
    r = client.get(path, headers=Logins(client)("admin"), params=params)
    assert r.status_code == 422, (path, params, r.text)
    detail = r.json()["detail"]
    assert isinstance(detail, str) and zh_en(detail), detail
    assert not INTERNALS.search(r.text), r.text
    assert "<script>" not in r.text  # the value sent is not echoed


def test_a_body_that_is_not_json_or_not_an_object(client) -> None:  # type: ignore[no-untyped-def]
    h = Logins(client)("admin")
    for content in (b"{not json", b"[1, 2]", b'"text"', b""):
        r = client.post(
            "/api/admin/keys", headers={**h, "Content-Type": "application/json"}, content=content
        )
        assert r.status_code == 422, (content, r.text)
        assert zh_en(r.json()["detail"]) and not INTERNALS.search(r.text), r.text
    r = client.post("/api/admin/keys", headers=h, json={"name": 5, "court_code": ["x"]})
    assert r.status_code == 422 and not INTERNALS.search(r.text)
    assert {e["field"] for e in r.json()["errors"]} == {"name", "court_code"}


def test_unknown_paths_and_methods_are_said_in_chinese(client) -> None:  # type: ignore[no-untyped-def]
    h = Logins(client)("admin")
    r = client.get("/api/no/such/thing", headers=h)
    assert r.status_code == 404 and zh_en(r.json()["detail"])
    r = client.put("/api/admin/keys", headers=h)
    assert r.status_code == 405 and zh_en(r.json()["detail"])


def test_a_deliberate_error_is_translated_in_one_place(client) -> None:  # type: ignore[no-untyped-def]
    """A CourtqcError raised anywhere answers its status, message and where."""
    r = client.post(
        "/api/admin/keys", headers=Logins(client)("admin"), json={"name": "x", "court_code": "沪99"}
    )
    assert r.status_code in (403, 422)
    body = r.json()
    assert zh_en(body["detail"]) and body["where"] == {"field": "court_code"}


def test_an_uncaught_error_answers_500_with_a_reference_only(court, caplog) -> None:  # type: ignore[no-untyped-def]
    from fastapi.routing import APIRoute

    app = make_app(court)
    try:

        def boom() -> dict:
            raise RuntimeError("secret internals /srv/courtqc/x.py line 3")

        app.router.routes.insert(0, APIRoute("/api/test-boom", boom))
        r = TestClient(app, raise_server_exceptions=False).get("/api/test-boom")
        assert r.status_code == 500
        body = r.json()
        assert set(body) == {"detail", "reference"} and body["reference"] in body["detail"]
        assert "secret" not in r.text and zh_en(body["detail"])
        assert any(body["reference"] in rec.getMessage() for rec in caplog.records)  # logged
    finally:
        app.state.store.close()


def test_serve_names_a_bad_trusted_proxy(court) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from courtqc.cli import app as cli_app

    r = CliRunner().invoke(
        cli_app, ["serve", "--db", str(court.path), "--trusted-proxy", "proxy.example"]
    )
    assert r.exit_code == 2 and "可信代理" in r.output and "Traceback" not in r.output
