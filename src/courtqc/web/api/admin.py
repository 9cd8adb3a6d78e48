"""Administration: users, machine keys, and the audit log — each limited to the administrator's
court tree. An administrator of a basic court manages the accounts and keys of that court only
and reads only the audit entries of its people; the High Court's administrator, whose tree is
the whole city, also sees the entries that belong to no court (failed logins of unknown names).

A user, key or entry outside the tree answers as if it did not exist (404), the way cases do;
creating one for a court outside the tree is refused (403).
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from courtqc.errors import Forbidden, InvalidInput, NotFound, Where
from courtqc.web import audit, security, users
from courtqc.web.deps import Db, allowed, client_of
from courtqc.web.queries import admin as Q
from courtqc.web.schemas import admin as A
from courtqc.web.visibility import Principal

router = APIRouter(prefix="/api/admin", tags=["admin 管理"])
AdminAuditUser = allowed("admin.audit")
AdminKeysUser = allowed("admin.keys")
AdminUsersUser = allowed("admin.users")


def _in_tree(p: Principal, court: str) -> None:
    if court not in p.courts:
        raise Forbidden(
            f"法院 {court} 不在您的管辖范围内 (court {court} is outside your court tree)",
            where=Where(field="court_code"),
        )


def _sees_everything(request: Request, p: Principal) -> bool:
    """The administrator's tree is the whole city (the High Court's)."""
    return set(request.app.state.tree.parent) <= p.courts


@router.get("/users", response_model=A.Users, response_model_exclude_unset=True)
def list_users(
    p: AdminUsersUser,
    con: Db,
) -> dict:
    return {"items": [u.to_dict() for u in users.list_users(con) if u.court_code in p.courts]}


class UserIn(BaseModel):
    username: str = Field(min_length=2, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    role: str = Field(max_length=32)
    court_code: str = Field(max_length=32)
    display_name: str | None = Field(None, max_length=100)
    judge_id: int | None = Field(None, ge=0, le=2**31 - 1)
    dept_id: int | None = Field(None, ge=0, le=2**31 - 1)


@router.post("/users", response_model=A.UserOut, response_model_exclude_unset=True)
def create_user(
    body: UserIn,
    request: Request,
    p: AdminUsersUser,
    con: Db,
) -> dict:
    """A new account at a court of the administrator's tree; its shape is checked for its role
    (a judge needs judge_id, a division head dept_id) and its password for strength."""
    _in_tree(p, body.court_code)
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
    password: str | None = Field(None, min_length=1, max_length=256)


@router.patch("/users/{user_id}", response_model=A.UserOut, response_model_exclude_unset=True)
def update_user(
    user_id: int,
    body: UserPatch,
    request: Request,
    p: AdminUsersUser,
    con: Db,
) -> dict:
    u = users.get(con, user_id) if 0 < user_id < 2**31 else None
    if u is None or u.court_code not in p.courts:
        raise NotFound(f"找不到用户 {user_id} (no such user)")
    if body.password is not None:
        users.set_password(con, user_id, body.password)
    if body.active is not None:
        users.set_active(con, user_id, body.active)
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


@router.get("/audit", response_model=A.AuditLog, response_model_exclude_unset=True)
def audit_log(
    request: Request,
    p: AdminAuditUser,
    con: Db,
    actor: str | None = Query(None, max_length=100),
    action: str | None = Query(None, max_length=64),
    target: str | None = Query(None, max_length=200),
    limit: int = Query(200, ge=1, le=2000),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict:
    """Who read which case data and who changed which model, newest first: the entries of
    actors at courts of the administrator's tree."""
    total, items = audit.entries(
        con,
        actor=actor,
        action=action,
        target=target,
        limit=limit,
        offset=offset,
        courts=p.courts,
        with_courtless=_sees_everything(request, p),
    )
    audit.record(con, p, "read_audit", None, {"actor": actor, "action": action}, client_of(request))
    return {"total": total, "items": items, "actions": audit.ACTION_ZH}


@router.get("/keys", response_model=A.Keys, response_model_exclude_unset=True)
def list_keys(
    p: AdminKeysUser,
    con: Db,
) -> dict:
    return {"items": Q.keys(con, p.courts)}


class KeyIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    court_code: str = Field(max_length=32)
    expires_days: int | None = Field(None, ge=1, le=3650)


@router.post("/keys", response_model=A.NewKey, response_model_exclude_unset=True)
def create_key(
    body: KeyIn,
    request: Request,
    p: AdminKeysUser,
    con: Db,
) -> dict:
    """A new machine key for the CMS of a court in the administrator's tree; the full key is
    shown only in this answer."""
    _in_tree(p, body.court_code)
    if body.court_code not in request.app.state.tree:
        raise InvalidInput(
            f"未知法院 {body.court_code!r} (unknown court)", where=Where(field="court_code")
        )
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


@router.delete("/keys/{key_id}", response_model=A.Revoked, response_model_exclude_unset=True)
def revoke_key(
    key_id: str,
    request: Request,
    p: AdminKeysUser,
    con: Db,
) -> dict:
    """Revoke a key of a court in the administrator's tree (another court's key answers 404,
    as if it did not exist)."""
    court = Q.active_key_court(con, key_id[:64])
    if court is None or court not in p.courts or not security.revoke_api_key(con, key_id):
        raise NotFound(f"找不到有效的密钥 {key_id[:64]} (no such active key)")
    audit.record(con, p, "key_revoke", key_id, {"court": court}, client_of(request))
    return {"key_id": key_id, "revoked": True}
