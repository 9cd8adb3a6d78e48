"""Answers of /api/admin: accounts, the audit log, machine keys, data quality."""

from __future__ import annotations

import datetime as dt
from typing import Any

from courtqc.web.schemas import ApiModel, Row


class UserOut(ApiModel):
    user_id: int
    username: str
    display_name: str | None
    role: str
    role_zh: str
    court_code: str
    judge_id: int | None
    dept_id: int | None
    active: bool


class Users(ApiModel):
    items: list[UserOut]


class AuditEntry(ApiModel):
    audit_id: int
    at: dt.datetime
    actor: str
    role: str | None
    court_code: str | None
    action: str
    action_zh: str | None
    target: str | None
    detail: Any
    client: str | None


class AuditLog(ApiModel):
    total: int
    items: list[AuditEntry]
    actions: dict[str, str]  # action → its Chinese name


class KeyOut(ApiModel):
    key_id: str
    name: str
    role: str
    court_code: str
    created_by: str | None
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked: bool


class Keys(ApiModel):
    items: list[KeyOut]


class NewKey(ApiModel):
    key_id: str
    key: str  # shown once
    expires_at: dt.datetime | None


class Revoked(ApiModel):
    key_id: str
    revoked: bool


class Quality(ApiModel):
    """courtqc.governance.quality_report: per court, field completeness and validity,
    duplicates, standardisation and trend; per source system when the caller sees the city."""

    courts: list[Row]
    sources: list[Row] | None = None  # only for whoever sees the whole city
