"""The authorization matrix, generated from the app's routes: every endpoint × every role (and a
CMS key, and no one) × a target in the caller's own court tree and one in another court's.

For each cell the expected answer follows from two tables of the code itself: the permission a
route requires (its `require(...)` dependency) and the role's permissions (roles.PERMISSIONS):

- no credentials: 401;
- a role without the route's permission: 403, for its own court and the other;
- with it: 2xx on its own court's target; 403 or 404 on the other court's;
- and in no answer, whatever its status, anything of a court outside the caller's tree: case
  numbers, parties, ID numbers (clear or masked), judges, accounts, machine keys
  (web_matrix_court.Court.markers).

A route the table below does not know fails the test until someone says how to call it for an
own and a foreign target: a new endpoint cannot slip past the matrix. A route's query
parameters are also tried with bad values (negative, huge, not a number): 4xx, never 500.

The court: tests/security/web_matrix_court.py. The case- and alert-level matrices over
assignment (a judge's own cases, a division head's division) are in tests/test_web_api.py.
"""

from __future__ import annotations

import itertools
import json
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.routing import APIRoute

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.web import security
from courtqc.web.roles import can
from tests.support.web_court import ACCOUNTS, PASSWORD
from tests.support.web_matrix_court import (
    CASE_COURT,
    EXTRA_ACCOUNTS,
    Court,
    Logins,
    build_court,
    make_app,
)

OPEN = {
    ("POST", "/api/auth/login"),
    ("GET", "/api/health"),
    ("GET", "/api/docs"),
    ("GET", "/api/services/letters/{code}"),  # public: anyone may verify a letter's code
}
STRONG = "Tq7-harbour-lantern"

# caller -> (their case, another court's case). Administrators first: the audit log they read
# then holds no other court's attempts of callers of their own court (those are audited, and
# an administrator may see what their own people tried).
PRINCIPALS: list[tuple[str, str, str]] = [
    ("admin_a", "A1", "B1"),
    ("judge_a", "A1", "B1"),
    ("divhead_a", "A1", "B1"),
    ("leader_03", "A1", "B1"),
    ("supervisor_b", "B1", "A1"),
    ("modeller_b", "B1", "A1"),
    ("key:沪0115", "A1", "B1"),
]

MODEL = """
id: {id}
title: {{zh: 矩阵测试模型, en: matrix test model}}
category: procedure
scenarios: [dead_party]
nodes: [filing]
severity: warning
message: "被告{{name}}已死亡"
legal_basis: ["《民事诉讼法》第153条"]
owner_court: {court}
logic:
  conditions:
    subject: op_party_death
    where:
      all:
        - {{field: side, op: eq, value: respondent}}
    evidence: [name]
"""


def api_routes(app) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """Every API route with its path, methods and dependant (FastAPI ≥ 0.16x wraps included
    routers; older versions list APIRoute objects)."""
    for r in app.routes:
        if isinstance(r, APIRoute):
            yield r
        elif hasattr(r, "effective_route_contexts"):
            yield from r.effective_route_contexts()


def required_permission(route) -> str | None:  # type: ignore[no-untyped-def]
    """The permission of the route's require(...) dependency, if any."""
    stack = list(route.dependant.dependencies)
    while stack:
        d = stack.pop()
        perm = getattr(d.call, "permission", None)
        if perm:
            return perm
        stack.extend(d.dependencies)
    return None


def needs_principal(route) -> bool:  # type: ignore[no-untyped-def]
    stack = list(route.dependant.dependencies)
    while stack:
        d = stack.pop()
        if getattr(d.call, "__name__", "") == "principal":
            return True
        stack.extend(d.dependencies)
    return False


@dataclass
class Req:
    url: str
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    fresh_session: bool = False  # a new login for this request (logout ends the session)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Ctx:
    """What a request builder knows about the caller and the court."""

    court: Court
    app: Any
    name: str
    slug: str
    own: str  # case label
    foreign: str
    own_court: str  # the caller's court (an intermediate court for leader_03)
    counter: itertools.count = field(default_factory=itertools.count)

    @property
    def foreign_court(self) -> str:
        return CASE_COURT[self.foreign]

    def case_court(self, label: str) -> str:
        return CASE_COURT[label]

    def user_of(self, label: str) -> int:
        """An account at the court of a case."""
        court = CASE_COURT[label]
        name = next(u for u, (_r, c, *_x) in {**ACCOUNTS, **EXTRA_ACCOUNTS}.items() if c == court)
        return self.court.user_id[name]

    def fresh_key(self, label: str) -> str:
        with self.app.state.store.cursor() as con:
            key = security.create_api_key(con, "matrix throwaway", CASE_COURT[label], "test")
        return key[len(security.KEY_PREFIX) :].split("_", 1)[0]

    def unique(self, stem: str) -> str:
        return f"{stem}_{self.slug}_{next(self.counter)}"


Builder = Callable[[Ctx], tuple[list[Req], list[Req]]]  # (own-side requests, foreign-side)


def court_param(path: str, **extra: Any) -> Builder:
    return lambda c: (
        [Req(path, {"court": c.own_court, **extra})],
        [Req(path, {"court": c.foreign_court, **extra})],
    )


def plain(path: str, **params: Any) -> Builder:
    return lambda c: ([Req(path, params)], [])


def by_case(fmt: str, **params: Any) -> Builder:
    return lambda c: (
        [Req(fmt.format(case=c.court.ids[c.own]), params)],
        [Req(fmt.format(case=c.court.ids[c.foreign]), params)],
    )


def _document(c: Ctx) -> tuple[list[Req], list[Req]]:
    ids, doc = c.court.ids, c.court.doc
    return (
        [Req(f"/api/cases/{ids[c.own]}/documents/{doc[c.own]}")],
        [
            Req(f"/api/cases/{ids[c.foreign]}/documents/{doc[c.foreign]}"),
            Req(f"/api/cases/{ids[c.own]}/documents/{doc[c.foreign]}"),  # another case's document
        ],
    )


def _alert(suffix: str, body: Any = None) -> Builder:
    return lambda c: (
        [Req(f"/api/alerts/{c.court.alert[c.own]}{suffix}", json=body)],
        [Req(f"/api/alerts/{c.court.alert[c.foreign]}{suffix}", json=body)],
    )


def _save_model(c: Ctx) -> tuple[list[Req], list[Req]]:
    mid = c.unique("matrix_save")
    return (
        [Req("/api/models", json={"yaml": MODEL.format(id=mid, court=c.own_court)})],
        [Req("/api/models", json={"yaml": MODEL.format(id=mid + "_f", court=c.foreign_court)})],
    )


def _promote(c: Ctx) -> tuple[list[Req], list[Req]]:
    own = "matrix_owned_" + CASE_COURT[c.own].encode().hex()
    foreign = "matrix_owned_" + CASE_COURT[c.foreign].encode().hex()
    body = {"to": "review_rollout"}
    return (
        [Req(f"/api/models/{own}/promote", json=body)],
        [Req(f"/api/models/{foreign}/promote", json=body)],
    )


def _verify(c: Ctx) -> tuple[list[Req], list[Req]]:
    own = "matrix_owned_" + CASE_COURT[c.own].encode().hex()
    foreign = "matrix_owned_" + CASE_COURT[c.foreign].encode().hex()
    return (
        [Req(f"/api/models/{own}/verify", json={})],
        [Req(f"/api/models/{foreign}/verify", json={})],
    )


def _review(c: Ctx) -> tuple[list[Req], list[Req]]:
    body = {"model_ids": ["dead_party"], "wait": True}
    return (
        [Req("/api/reviews", json={**body, "court": c.own_court})],
        [Req("/api/reviews", json={**body, "court": c.foreign_court})],
    )


def _check(c: Ctx) -> tuple[list[Req], list[Req]]:
    return (
        [Req("/api/check", json={"case": str(c.court.ids[c.own]), "node": "filing"})],
        [Req("/api/check", json={"case": str(c.court.ids[c.foreign]), "node": "filing"})],
    )


def _event(c: Ctx) -> tuple[list[Req], list[Req]]:
    def req(label: str) -> Req:
        body = {
            "case_no": c.court.case_no[label],
            "node": "filing",
            "occurred_at": "2023-11-02T10:00:00",
            "case": {},
        }
        return Req("/api/events", json=body, headers={"Idempotency-Key": c.unique("ev")})

    return [req(c.own)], [req(c.foreign)]


def _new_user(c: Ctx) -> tuple[list[Req], list[Req]]:
    def body(court: str) -> dict[str, Any]:
        return {
            "username": c.unique("mx"),
            "password": STRONG,
            "role": "modeller",
            "court_code": court,
        }

    return (
        [Req("/api/admin/users", json=body(c.own_court))],
        [Req("/api/admin/users", json=body(c.foreign_court))],
    )


def _patch_user(c: Ctx) -> tuple[list[Req], list[Req]]:
    return (
        [Req(f"/api/admin/users/{c.user_of(c.own)}", json={"active": True})],
        [Req(f"/api/admin/users/{c.user_of(c.foreign)}", json={"active": False})],
    )


def _new_key(c: Ctx) -> tuple[list[Req], list[Req]]:
    return (
        [Req("/api/admin/keys", json={"name": "matrix", "court_code": c.own_court})],
        [Req("/api/admin/keys", json={"name": "matrix", "court_code": c.foreign_court})],
    )


def _revoke_key(c: Ctx) -> tuple[list[Req], list[Req]]:
    return (
        [Req(f"/api/admin/keys/{c.fresh_key(c.own)}")],
        [Req(f"/api/admin/keys/{c.fresh_key(c.foreign)}")],
    )


def _review_detail(c: Ctx) -> tuple[list[Req], list[Req]]:
    rv = c.court.review
    return (
        [Req(f"/api/reviews/{rv[CASE_COURT[c.own]]}")],
        [Req(f"/api/reviews/{rv[CASE_COURT[c.foreign]]}")],
    )


def _validate(c: Ctx) -> tuple[list[Req], list[Req]]:
    mid = c.unique("matrix_validate")
    return (
        [Req("/api/models/validate", json={"yaml": MODEL.format(id=mid, court=c.own_court)})],
        [],
    )


P = {"period": "2023"}

# (method, path) -> how to call it for the caller's own court and for another court's.
REQUESTS: dict[tuple[str, str], Builder] = {
    ("POST", "/api/auth/logout"): lambda c: ([Req("/api/auth/logout", fresh_session=True)], []),
    ("GET", "/api/auth/me"): plain("/api/auth/me"),
    ("GET", "/api/meta"): plain("/api/meta"),
    ("GET", "/api/cases"): court_param("/api/cases"),
    ("GET", "/api/cases/{ref}"): by_case("/api/cases/{case}"),
    ("GET", "/api/cases/{ref}/documents/{doc_id}"): _document,
    ("GET", "/api/cases/{ref}/graph"): by_case("/api/cases/{case}/graph"),
    ("GET", "/api/alerts"): court_param("/api/alerts"),
    ("GET", "/api/alerts/stats"): court_param("/api/alerts/stats", by="model"),
    ("GET", "/api/alerts/{alert_id}"): _alert(""),
    ("POST", "/api/alerts/{alert_id}/feedback"): _alert("/feedback", {"helpful": True}),
    ("GET", "/api/models"): plain("/api/models"),
    ("GET", "/api/models/meta"): plain("/api/models/meta"),
    ("GET", "/api/models/{model_id}"): plain("/api/models/dead_party"),
    ("POST", "/api/models/validate"): _validate,
    ("POST", "/api/models"): _save_model,
    ("POST", "/api/models/{model_id}/promote"): _promote,
    ("POST", "/api/models/{model_id}/verify"): _verify,
    ("GET", "/api/models/{model_id}/feedback"): plain("/api/models/dead_party/feedback"),
    ("GET", "/api/models/{model_id}/backtest"): plain("/api/models/dead_party/backtest"),
    ("POST", "/api/backtests"): lambda c: (
        [Req("/api/backtests", json={"model_ids": ["dead_party"]})],
        [],
    ),
    ("POST", "/api/reviews"): _review,
    ("GET", "/api/reviews"): plain("/api/reviews"),
    ("GET", "/api/reviews/{review_id}"): _review_detail,
    ("POST", "/api/check"): _check,
    ("POST", "/api/events"): _event,
    ("GET", "/api/indicators"): plain("/api/indicators"),
    ("GET", "/api/indicators/values"): court_param("/api/indicators/values", **P),
    ("GET", "/api/indicators/{indicator_id}/trend"): court_param(
        "/api/indicators/filed_count/trend", **P
    ),
    ("GET", "/api/indicators/{indicator_id}/compare"): court_param(
        "/api/indicators/filed_count/compare", **P
    ),
    ("GET", "/api/indicators/{indicator_id}/breakdown"): court_param(
        "/api/indicators/filed_count/breakdown", by="family", **P
    ),
    ("GET", "/api/indicators/{indicator_id}/drill"): court_param(
        "/api/indicators/filed_count/drill", **P
    ),
    ("GET", "/api/overview"): court_param("/api/overview", **P),
    ("GET", "/api/reversals"): court_param("/api/reversals", **P),
    ("GET", "/api/boards/handling"): court_param("/api/boards/handling"),
    ("GET", "/api/decision/findings"): court_param("/api/decision/findings"),
    ("GET", "/api/admin/users"): plain("/api/admin/users"),
    ("POST", "/api/admin/users"): _new_user,
    ("PATCH", "/api/admin/users/{user_id}"): _patch_user,
    ("GET", "/api/admin/audit"): plain("/api/admin/audit", limit=2000),
    ("GET", "/api/admin/keys"): plain("/api/admin/keys"),
    ("GET", "/api/admin/quality"): court_param("/api/admin/quality"),
    ("POST", "/api/admin/keys"): _new_key,
    ("DELETE", "/api/admin/keys/{key_id}"): _revoke_key,
}


def _nothing(path: str, body: Any = None) -> Builder:
    """A route about a thing this small court has none of (a push batch, a report, a mining
    run): the same missing id on both sides. The cell checks 401/403 by role and that the
    answer holds no other court's data; its own side may answer 404."""
    return lambda c: ([Req(path, json=body)], [Req(path, json=body)])


def _pair(c: Ctx, decision: str) -> tuple[list[Req], list[Req]]:
    """A decision on two parties of the caller's case, and on two of another court's."""

    def req(label: str) -> Req:
        with c.app.state.store.cursor() as con:
            a, b = con.execute(
                "SELECT min(party_id), max(party_id) FROM case_parties WHERE case_id = ?",
                [c.court.ids[label]],
            ).fetchone()
        return Req(f"/api/admin/identity/review/{a}-{b}/{decision}", json={"reason": "matrix"})

    return [req(c.own)], [req(c.foreign)]


_MINORS = {"name": "甲某", "id_number": "310115195003040123", "purpose": "入职查询 (hiring check)"}
_ENTERPRISE = {"uscc": "91310000000000000X", "purpose": "小微企业贷款审查"}

REQUESTS.update(
    {
        # 数据服务 (courtqc.web.api.services)
        ("GET", "/api/services/board"): court_param("/api/services/board"),
        ("GET", "/api/services/pushes"): court_param("/api/services/pushes"),
        ("GET", "/api/services/batches/{batch_id}/deliveries"): _nothing(
            "/api/services/batches/no-such-batch/deliveries"
        ),
        ("POST", "/api/services/batches/{batch_id}/resend"): _nothing(
            "/api/services/batches/no-such-batch/resend"
        ),
        ("GET", "/api/services/reports"): court_param("/api/services/reports"),
        ("POST", "/api/services/reports"): lambda c: (
            [
                Req(
                    "/api/services/reports",
                    json={"topic": "tax", "court": c.own_court, "period": "2023"},
                )
            ],
            [
                Req(
                    "/api/services/reports",
                    json={"topic": "tax", "court": c.foreign_court, "period": "2023"},
                )
            ],
        ),
        ("GET", "/api/services/reports/{report_id}"): _nothing(
            "/api/services/reports/no-such-report"
        ),
        ("POST", "/api/services/query/minors-bar"): _nothing(
            "/api/services/query/minors-bar", _MINORS
        ),
        ("POST", "/api/services/query/enterprise"): _nothing(
            "/api/services/query/enterprise", _ENTERPRISE
        ),
        ("GET", "/api/services/query/letters/{code}"): _nothing(
            "/api/services/query/letters/NOCODE"
        ),
        # 模型挖掘 (courtqc.web.api.mining)
        ("GET", "/api/mining/targets"): plain("/api/mining/targets"),
        ("POST", "/api/mining/runs"): lambda c: (
            [Req("/api/mining/runs", json={"target": "reversal", "court": c.own_court})],
            [Req("/api/mining/runs", json={"target": "reversal", "court": c.foreign_court})],
        ),
        ("GET", "/api/mining/runs"): plain("/api/mining/runs"),
        ("GET", "/api/mining/runs/{run_id}"): _nothing("/api/mining/runs/999999"),
        ("POST", "/api/mining/runs/{run_id}/proposals/{model_id}"): _nothing(
            "/api/mining/runs/999999/proposals/dead_party", {"status": "dismissed"}
        ),
        ("GET", "/api/mining/counts"): plain("/api/mining/counts"),
        # 排名、改发案件表 (courtqc.web.api.supervision, tables)
        ("GET", "/api/indicators/{indicator_id}/ranking"): court_param(
            "/api/indicators/filed_count/ranking", **P
        ),
        ("GET", "/api/reversals/cases"): court_param("/api/reversals/cases", **P),
        # 文书草稿检查 (courtqc.web.api.drafts): no court in it, the caller's role decides
        ("POST", "/api/drafts/check"): lambda c: (
            [Req("/api/drafts/check", json={"text": "上海市浦东新区人民法院\n民事判决书\n"})],
            [],
        ),
        # 人工评查 (courtqc.web.api.manual_review)
        ("POST", "/api/manual-reviews/tasks"): lambda c: (
            [
                Req(
                    "/api/manual-reviews/tasks",
                    json={"source": "sample", "court": c.own_court, "n": 2, **P},
                )
            ],
            [
                Req(
                    "/api/manual-reviews/tasks",
                    json={"source": "sample", "court": c.foreign_court, "n": 2, **P},
                )
            ],
        ),
        ("GET", "/api/manual-reviews"): court_param("/api/manual-reviews"),
        ("PUT", "/api/manual-reviews/{task_id}"): _nothing(
            "/api/manual-reviews/999999", {"conclusion": "no_error"}
        ),
        ("GET", "/api/manual-reviews/report"): court_param("/api/manual-reviews/report"),
        # 要素式审判 (courtqc.web.api.elements): texts posted carry no court; a stored case's
        # pleadings only within the caller's tree
        ("GET", "/api/elements/catalogue"): plain("/api/elements/catalogue"),
        ("POST", "/api/elements/analyse"): lambda c: (
            [Req("/api/elements/analyse", json={"sample": {"case_type": "divorce", "seed": 1}})],
            [],
        ),
        ("GET", "/api/elements/cases/{ref}"): by_case("/api/elements/cases/{case}"),
        # identity review (courtqc.web.api.identity_review): a pair of two parties of a case
        ("GET", "/api/admin/identity/review"): court_param("/api/admin/identity/review"),
        ("POST", "/api/admin/identity/review/{pair_id}/confirm"): lambda c: _pair(c, "confirm"),
        ("POST", "/api/admin/identity/review/{pair_id}/split"): lambda c: _pair(c, "split"),
    }
)

# Own-side answers that are a deliberate refusal of *what* is asked, not of *whose* it is:
# a lifecycle step the role may not take (403) or that the model's state does not allow (409);
# nothing of the kind in this small court (404); too little data to mine (422).
OWN_ALSO: dict[tuple[str, str], set[int]] = {
    ("POST", "/api/models/{model_id}/promote"): {403, 409},
    ("POST", "/api/models/{model_id}/verify"): {403, 409},  # not live: nothing to verify
    ("GET", "/api/services/batches/{batch_id}/deliveries"): {404},
    ("POST", "/api/services/batches/{batch_id}/resend"): {404},
    ("GET", "/api/services/reports/{report_id}"): {404},
    ("GET", "/api/mining/runs/{run_id}"): {404},
    ("POST", "/api/mining/runs/{run_id}/proposals/{model_id}"): {404},
    ("POST", "/api/mining/runs"): {422},
    ("PUT", "/api/manual-reviews/{task_id}"): {404},
    ("GET", "/api/elements/cases/{ref}"): {404},  # the matrix court stores no complaints
}


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def court(tmp_path_factory: pytest.TempPathFactory) -> Court:
    return build_court(tmp_path_factory.mktemp("matrix") / "court.duckdb")


@pytest.fixture(scope="module")
def app(court: Court):  # type: ignore[no-untyped-def]
    a = make_app(court, max_failures_per_client=10_000)
    c = TestClient(a)
    h = Logins(c)("admin")
    for code in ("沪0115", "沪0104"):  # a workshop model owned by each basic court
        mid = "matrix_owned_" + code.encode().hex()
        r = c.post("/api/models", headers=h, json={"yaml": MODEL.format(id=mid, court=code)})
        assert r.status_code == 200, r.text
    yield a
    a.state.store.close()


@pytest.fixture(scope="module")
def client(app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def logins(client: TestClient) -> Logins:
    return Logins(client)


def routes_of(app) -> list[tuple[str, str, Any]]:  # type: ignore[no-untyped-def]
    out = []
    for r in api_routes(app):
        for m in sorted(r.methods - {"HEAD", "OPTIONS"}):
            if (m, r.path) not in OPEN:
                out.append((m, r.path, r))
    return out


# ---------------------------------------------------------------- the matrix


def test_every_route_is_in_the_matrix(app) -> None:  # type: ignore[no-untyped-def]
    missing = [(m, p) for m, p, _r in routes_of(app) if (m, p) not in REQUESTS]
    assert not missing, (
        f"say how to call these for an own and a foreign court in REQUESTS: {missing}"
    )
    stale = set(REQUESTS) - {(m, p) for m, p, _r in routes_of(app)}
    assert not stale, f"routes gone from the app: {stale}"
    assert len(REQUESTS) >= 35


def test_anonymous_callers_get_401_everywhere(app, client, court) -> None:  # type: ignore[no-untyped-def]
    ctx = Ctx(court, app, "anonymous", "anon", "A1", "B1", "沪0115")
    for method, path, route in routes_of(app):
        assert needs_principal(route), f"{method} {path} does not ask who is calling"
        own, foreign = REQUESTS[(method, path)](ctx)
        for req in own + foreign:
            r = client.request(
                method, req.url, params=req.params, json=req.json, headers=req.headers
            )
            assert r.status_code == 401, (method, req.url, r.status_code, r.text)
            assert r.headers.get("www-authenticate") == "Bearer"


def _headers(court: Court, logins: Logins, name: str, fresh: bool) -> dict[str, str]:
    if name.startswith("key:"):
        return {"X-API-Key": court.keys[name[4:]]}
    if fresh:
        r = logins.client.post("/api/auth/login", json={"username": name, "password": PASSWORD})
        return {"Authorization": f"Bearer {r.json()['token']}"}
    return logins(name)


def _leaks(text: str, markers: dict[str, str], sent: str) -> list[str]:
    return [f"{what} ({m})" for m, what in markers.items() if m in text and m not in sent]


def test_the_markers_see_another_courts_data(app, client, court, logins) -> None:  # type: ignore[no-untyped-def]
    """The leak check can fail: what the High Court sees of B1 is flagged for 沪0115's tree."""
    body = client.get(f"/api/cases/{court.ids['B1']}", headers=logins("supervisor")).text
    leaked = _leaks(body, court.markers(frozenset(app.state.tree.descendants("沪0115"))), "")
    assert any("case number of B1" in x for x in leaked) and any("party of B1" in x for x in leaked)
    mine = _leaks(body, court.markers(frozenset(app.state.tree.descendants("沪01"))), "")
    assert mine == []


@pytest.mark.parametrize("name,own,foreign", PRINCIPALS, ids=[p[0] for p in PRINCIPALS])
def test_matrix(app, client, court, logins, name, own, foreign) -> None:  # type: ignore[no-untyped-def]
    if name.startswith("key:"):
        role, my_court = "cms", name[4:]
    else:
        role, my_court = {**ACCOUNTS, **EXTRA_ACCOUNTS}[name][:2]
    tree = frozenset(app.state.tree.descendants(my_court))
    markers = court.markers(tree)
    assert markers, "the other court must have data to leak"
    ctx = Ctx(
        court, app, name, f"p{PRINCIPALS.index((name, own, foreign))}", own, foreign, my_court
    )
    problems: list[str] = []
    cells = 0
    for method, path, route in routes_of(app):
        perm = required_permission(route)
        allowed = perm is None or can(role, perm)
        own_reqs, foreign_reqs = REQUESTS[(method, path)](ctx)
        for side, reqs in (("own", own_reqs), ("foreign", foreign_reqs)):
            for req in reqs:
                cells += 1
                h = {**_headers(court, logins, name, req.fresh_session), **req.headers}
                r = client.request(method, req.url, params=req.params, json=req.json, headers=h)
                where = f"{name} {side} {method} {req.url} {req.params or ''} -> {r.status_code}"
                if not allowed:
                    ok = r.status_code == 403
                elif side == "own":
                    ok = 200 <= r.status_code < 300 or r.status_code in OWN_ALSO.get(
                        (method, path), set()
                    )
                else:
                    ok = r.status_code in (403, 404)
                if not ok:
                    problems.append(f"{where}: {r.text[:300]}")
                sent = json.dumps([req.url, req.params, req.json], ensure_ascii=False)
                body = json.dumps(r.json(), ensure_ascii=False) if r.content else ""
                if leaked := _leaks(body, markers, sent):
                    problems.append(f"{where}: another court's data: {', '.join(leaked)}")
                if r.status_code >= 400:
                    detail = r.json().get("detail") or r.json().get("error")
                    if not (isinstance(detail, str) and "(" in detail):
                        problems.append(f"{where}: no Chinese (English) message: {r.text[:200]}")
    assert not problems, "\n".join(problems)
    assert cells >= 40


# ---------------------------------------------------------------- bad parameters, every route

_BAD_INTS = [-1, 10**30, "x", "1.5"]
# Paging and sizes: a value out of range is refused (422). Other whole numbers (an id to filter
# by) may simply match nothing; for them only "not a number" must be refused.
_RANGED = {"page", "size", "limit", "offset", "months"}


def test_bad_query_values_answer_4xx_on_every_route(app, client, court, logins) -> None:  # type: ignore[no-untyped-def]
    """Every int query parameter of every route, with values no caller should send: a 4xx
    with a Chinese and English message, never a 500 and never Python's words."""
    ctx = Ctx(court, app, "admin", "bad", "A1", "B1", "沪")
    h = logins("admin")
    problems, tried = [], 0
    for method, path, route in routes_of(app):
        if method != "GET":
            continue
        own, _ = REQUESTS[(method, path)](ctx)
        for qp in route.dependant.query_params:
            if qp.field_info.annotation not in (int, int | None):
                continue
            for bad in _BAD_INTS:
                tried += 1
                r = client.get(own[0].url, params={**own[0].params, qp.name: bad}, headers=h)
                must_refuse = qp.name in _RANGED or isinstance(bad, str)
                refused = 400 <= r.status_code < 500
                if r.status_code >= 500 or (must_refuse and not refused):
                    problems.append(f"{path} {qp.name}={bad!r} -> {r.status_code}: {r.text[:200]}")
                elif refused and ("Input should" in r.text or "pydantic" in r.text):
                    problems.append(f"{path} {qp.name}={bad!r}: internals in {r.text[:200]}")
    assert not problems, "\n".join(problems)
    assert tried >= 40
