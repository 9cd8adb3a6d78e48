"""Answers of /api/auth: the logged-in principal and the login's tokens."""

from __future__ import annotations

import datetime as dt

from courtqc.web.schemas import ApiModel


class PrincipalOut(ApiModel):
    """Who the caller is: role, court and the courts below it, permissions
    (visibility.Principal.to_dict)."""

    kind: str
    username: str
    display_name: str
    role: str
    role_zh: str
    court_code: str
    courts: list[str]
    judge_id: int | None
    dept_id: int | None
    permissions: list[str]


class Me(PrincipalOut):
    court_name: str
    csrf_token: str | None  # only for a cookie session: the page echoes it in X-CSRF-Token


class LoginOut(ApiModel):
    token: str
    csrf_token: str
    expires_at: dt.datetime
    user: PrincipalOut
