"""Administration: users, machine keys, and the audit log."""

from __future__ import annotations

import datetime as dt

import duckdb
from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from courtqc.web import audit, security, users
from courtqc.web.api.common import rows
from courtqc.web.deps import client_of, db, require
from courtqc.web.visibility import Principal

router = APIRouter(prefix="/api/admin", tags=["admin 管理"])


def _in_tree(p: Principal, court: str) -> None:
    if court not in p.courts:
        raise HTTPException(403, f"法院 {court} 不在您的管辖范围内 (court outside your tree)")


@router.get("/users")
def list_users(
    p: Principal = Depends(require("admin.users")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    return {"items": [u.to_dict() for u in users.list_users(con) if u.court_code in p.courts]}


class UserIn(BaseModel):
    username: str = Field(min_length=2, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    role: str
    court_code: str
    display_name: str | None = None
    judge_id: int | None = None
    dept_id: int | None = None


@router.post("/users")
def create_user(
    body: UserIn,
    request: Request,
    p: Principal = Depends(require("admin.users")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    _in_tree(p, body.court_code)
    try:
        u = users.create(
            con,
            body.username,
            body.password,
            body.role,
            body.court_code,
            display_name=body.display_name,
            judge_id=body.judge_id,
            dept_id=body.dept_id,
        )
    except users.UserError as e:
        raise HTTPException(422, str(e)) from None
    audit.record(
        con,
        p,
        "user_create",
        u.username,
        {"role": u.role, "court": u.court_code},
        client_of(request),
    )
    return u.to_dict()


class UserPatch(BaseModel):
    active: bool | None = None
    password: str | None = Field(None, max_length=256)


@router.patch("/users/{user_id}")
def update_user(
    user_id: int,
    body: UserPatch,
    request: Request,
    p: Principal = Depends(require("admin.users")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    u = users.get(con, user_id)
    if u is None or u.court_code not in p.courts:
        raise HTTPException(404, f"找不到用户 {user_id} (no such user)")
    try:
        if body.password is not None:
            users.set_password(con, user_id, body.password)
        if body.active is not None:
            users.set_active(con, user_id, body.active)
    except users.UserError as e:
        raise HTTPException(422, str(e)) from None
    audit.record(
        con,
        p,
        "user_update",
        u.username,
        {"active": body.active, "password_changed": body.password is not None},
        client_of(request),
    )
    nu = users.get(con, user_id)
    assert nu is not None
    return nu.to_dict()


@router.get("/audit")
def audit_log(
    request: Request,
    actor: str | None = None,
    action: str | None = None,
    target: str | None = None,
    limit: int = 200,
    offset: int = 0,
    p: Principal = Depends(require("admin.audit")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    """Who read which case data and who changed which model, newest first."""
    if not 1 <= limit <= 2000:
        raise HTTPException(422, "limit 应在 1 到 2000 之间")
    total, items = audit.entries(
        con, actor=actor, action=action, target=target, limit=limit, offset=offset
    )
    audit.record(con, p, "read_audit", None, {"actor": actor, "action": action}, client_of(request))
    return {"total": total, "items": items, "actions": audit.ACTION_ZH}


@router.get("/keys")
def list_keys(
    p: Principal = Depends(require("admin.keys")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    items = rows(
        con.execute(
            "SELECT key_id, name, role, court_code, created_by, created_at, expires_at, revoked "
            "FROM api_keys ORDER BY created_at DESC"
        )
    )
    return {"items": [k for k in items if k["court_code"] in p.courts]}


class KeyIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    court_code: str
    expires_days: int | None = Field(None, ge=1, le=3650)


@router.post("/keys")
def create_key(
    body: KeyIn,
    request: Request,
    p: Principal = Depends(require("admin.keys")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    """A new machine key for a court's CMS; the full key is shown only in this answer."""
    _in_tree(p, body.court_code)
    if body.court_code not in request.app.state.tree:
        raise HTTPException(422, f"court_code: 未知法院 {body.court_code!r}")
    expires = security.now() + dt.timedelta(days=body.expires_days) if body.expires_days else None
    key = security.create_api_key(con, body.name, body.court_code, p.name, expires_at=expires)
    key_id = key[len(security.KEY_PREFIX) :].split("_", 1)[0]
    audit.record(
        con,
        p,
        "key_create",
        key_id,
        {"name": body.name, "court": body.court_code},
        client_of(request),
    )
    return {"key_id": key_id, "key": key, "expires_at": expires}


@router.delete("/keys/{key_id}")
def revoke_key(
    key_id: str,
    request: Request,
    p: Principal = Depends(require("admin.keys")),
    con: duckdb.DuckDBPyConnection = Depends(db),
) -> dict:
    if not security.revoke_api_key(con, key_id):
        raise HTTPException(404, f"找不到有效的密钥 {key_id} (no such active key)")
    audit.record(con, p, "key_revoke", key_id, None, client_of(request))
    return {"key_id": key_id, "revoked": True}
