"""Log in, log out, who am I."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from courtqc.web import audit, security, users
from courtqc.web.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    CurrentUser,
    Db,
    client_of,
    cookie_secure,
    user_principal,
)
from courtqc.web.queries import auth as Q
from courtqc.web.schemas import Ok
from courtqc.web.schemas.auth import LoginOut, Me

router = APIRouter(prefix="/api/auth", tags=["auth 登录"])


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


@router.post("/login", response_model=LoginOut)
def login(
    body: LoginIn,
    request: Request,
    response: Response,
    con: Db,
) -> dict:
    """Check the password (argon2); on success set the session cookie and return the token,
    its CSRF token and the user. Too many failures answer 429 for a while: they are counted by
    the same account key (security.account_key) that finds the account, and by address."""
    settings: security.Settings = request.app.state.settings
    client = client_of(request)
    wait = security.login_blocked_for(con, body.username, client, settings)
    if wait:
        raise HTTPException(
            429,
            f"登录失败次数过多，请 {wait} 秒后再试 (too many failed logins; retry in {wait} s)",
            headers={"Retry-After": str(wait)},
        )
    found = users.by_name(con, body.username)
    ok, new_hash = security.verify_password(found[1] if found else None, body.password)
    if not ok or found is None or not found[0].active:
        security.record_failed_login(con, body.username, client)
        audit.record(
            con,
            None,
            "login_failed",
            body.username,
            None,
            client,
            actor=found[0].username if found else (body.username or "-"),
            role="-",
            court=found[0].court_code if found else None,  # its court's administrators see it
        )
        raise HTTPException(401, "用户名或密码错误 (wrong user name or password)")
    user = found[0]
    problem = users.stored_problem(con, user)
    if problem:  # e.g. a division head without a department would see the whole court
        audit.record(
            con,
            None,
            "login_failed",
            user.username,
            {"reason": problem},
            client,
            actor=user.username,
            role=user.role,
            court=user.court_code,
        )
        raise HTTPException(403, users.misconfigured_message(problem))
    if new_hash:
        Q.store_rehash(con, user.user_id, new_hash)
    security.clear_failed_logins(con, body.username)
    sess = security.create_session(con, user.user_id, settings)
    max_age = int(settings.session_ttl.total_seconds())
    secure = cookie_secure(request)
    response.set_cookie(
        SESSION_COOKIE,
        sess.token,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )
    # Readable by the page's script, which echoes it in X-CSRF-Token (double submit).
    response.set_cookie(
        CSRF_COOKIE,
        sess.csrf_token,
        max_age=max_age,
        httponly=False,
        samesite="strict",
        secure=secure,
        path="/",
    )
    audit.record(
        con,
        None,
        "login",
        user.username,
        None,
        client,
        actor=user.username,
        role=user.role,
        court=user.court_code,
    )
    tree = request.app.state.tree
    return {
        "token": sess.token,
        "csrf_token": sess.csrf_token,
        "expires_at": sess.expires_at,
        "user": user_principal(user, tree).to_dict(),
    }


@router.post("/logout", response_model=Ok)
def logout(
    request: Request,
    response: Response,
    p: CurrentUser,
    con: Db,
) -> dict:
    auth = request.headers.get("authorization", "")
    token = (
        auth[7:].strip()
        if auth.lower().startswith("bearer ")
        else request.cookies.get(SESSION_COOKIE)
    )
    if token and p.kind == "user":
        security.end_session(con, token)
    secure = cookie_secure(request)
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="strict"
    )
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure, samesite="strict")
    audit.record(con, p, "logout", p.name, None, client_of(request))
    return {"ok": True}


@router.get("/me", response_model=Me)
def me(
    request: Request,
    p: CurrentUser,
) -> dict:
    d = p.to_dict()
    tree = request.app.state.tree
    d["court_name"] = tree.name.get(p.court_code, p.court_code)
    d["csrf_token"] = p.csrf_token if p.via_cookie else None
    return d
