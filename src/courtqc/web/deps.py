"""Request dependencies: the store, the principal behind a request, permission checks.

Authentication, in order: `Authorization: Bearer <token>` (a session token, or a machine key
`cqk_...`), `X-API-Key: cqk_...`, then the session cookie. A cookie-authenticated write
(POST/PUT/PATCH/DELETE) must carry the session's CSRF token in `X-CSRF-Token`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

import duckdb
from fastapi import Depends, HTTPException, Request

from courtqc.web import security, users
from courtqc.web.visibility import CourtTree, Principal

SESSION_COOKIE = "courtqc_session"
CSRF_COOKIE = "courtqc_csrf"
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def db(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the served store for the length of the request."""
    with request.app.state.store.cursor() as cur:
        yield cur


def client_of(request: Request) -> str:
    """The client's address: the peer's, or what a proxy named in the configuration
    (`Settings.trusted_proxies`) says in X-Forwarded-For (security.client_address)."""
    settings: security.Settings = request.app.state.settings
    return security.client_address(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for"),
        settings.trusted_proxies,
    )


def cookie_secure(request: Request) -> bool:
    """Whether cookies set in this answer are marked Secure: the configuration says so, or the
    browser reached us over HTTPS (directly, or through a trusted TLS proxy)."""
    settings: security.Settings = request.app.state.settings
    return (
        settings.secure_cookies
        or request.url.scheme == "https"
        or security.forwarded_https(
            request.client.host if request.client else None,
            request.headers.get("x-forwarded-proto"),
            settings.trusted_proxies,
        )
    )


def _unauthorized(msg: str = "请先登录 (not logged in)") -> HTTPException:
    return HTTPException(401, msg, headers={"WWW-Authenticate": "Bearer"})


def user_principal(
    user: users.User,
    tree: CourtTree,
    *,
    csrf_token: str | None = None,
    via_cookie: bool = False,
) -> Principal:
    """The principal of a user account — the one place it is built (a session's request, and
    the answer to a login). It sees its court and every court below it."""
    return Principal(
        kind="user",
        name=user.username,
        role=user.role,
        court_code=user.court_code,
        courts=frozenset(tree.descendants(user.court_code)),
        user_id=user.user_id,
        display_name=user.display_name,
        judge_id=user.judge_id,
        dept_id=user.dept_id,
        csrf_token=csrf_token,
        via_cookie=via_cookie,
    )


def key_principal(row: security.KeyRow, tree: CourtTree) -> Principal:
    """The principal of a machine key (`cqk_...`): its role over its court's tree."""
    return Principal(
        kind="key",
        name=f"key:{row.key_id}",
        role=row.role,
        court_code=row.court_code,
        courts=frozenset(tree.descendants(row.court_code)),
        display_name=row.name,
    )


def _from_key(con: duckdb.DuckDBPyConnection, request: Request, key: str) -> Principal:
    row = security.lookup_api_key(con, key)
    if row is None:
        raise _unauthorized("接口密钥无效、已过期或已吊销 (invalid, expired or revoked API key)")
    return key_principal(row, request.app.state.tree)


def _from_session(
    con: duckdb.DuckDBPyConnection, request: Request, token: str, via_cookie: bool
) -> Principal:
    settings: security.Settings = request.app.state.settings
    sess = security.lookup_session(con, token, settings)
    if sess is None:
        raise _unauthorized("登录已过期，请重新登录 (session expired or unknown)")
    u = users.get(con, sess.user_id)
    if u is None or not u.active:
        raise _unauthorized("账号已停用 (account disabled)")
    problem = users.shape_problem(u)
    if problem:  # stored before the shape was checked: it would see more than its role allows
        raise HTTPException(403, users.misconfigured_message(problem))
    return user_principal(
        u, request.app.state.tree, csrf_token=sess.csrf_token, via_cookie=via_cookie
    )


def principal(request: Request, con: duckdb.DuckDBPyConnection = Depends(db)) -> Principal:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        token = auth[7:].strip()
        if token.startswith(security.KEY_PREFIX):
            return _from_key(con, request, token)
        return _from_session(con, request, token, via_cookie=False)
    key = request.headers.get("x-api-key")
    if key:
        return _from_key(con, request, key.strip())
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise _unauthorized()
    p = _from_session(con, request, token, via_cookie=True)
    if request.method not in _SAFE_METHODS and not security.csrf_matches(
        p.csrf_token or "", request.headers.get(CSRF_HEADER)
    ):
        raise HTTPException(403, f"缺少或错误的 CSRF 令牌 (missing or wrong {CSRF_HEADER} header)")
    return p


def require(permission: str) -> Callable[..., Principal]:
    """A dependency giving the principal if their role holds `permission`, else 403."""

    def dep(p: Principal = Depends(principal)) -> Principal:
        if not p.can(permission):
            from courtqc.web.roles import ROLE_ZH

            raise HTTPException(
                403,
                f"角色“{ROLE_ZH.get(p.role, p.role)}”无此权限 ({permission} not allowed for {p.role})",
            )
        return p

    dep.__name__ = f"require_{permission.replace('.', '_')}"
    dep.permission = permission  # type: ignore[attr-defined]  # read by the authorization matrix test
    return dep


# The dependencies as types (FastAPI's `Annotated` habit): a route writes `con: Db` and
# `p: CurrentUser`, or `p: CaseReader` with `CaseReader = allowed("cases.read")` at the top of
# its router, instead of repeating `Depends(...)` in every signature.
Db = Annotated[duckdb.DuckDBPyConnection, Depends(db)]
"""The request's cursor on the served store."""
CurrentUser = Annotated[Principal, Depends(principal)]
"""Whoever is behind the request (any role), or 401."""


def allowed(permission: str) -> Any:
    """The type of a principal whose role holds `permission` (else 403): a router names it once,
    `CaseReader = allowed("cases.read")`, and its routes take `p: CaseReader`."""
    return Annotated[Principal, Depends(require(permission))]
