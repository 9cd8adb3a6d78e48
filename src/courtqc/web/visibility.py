"""Who sees what: the court tree and case assignment, enforced in every query of the API.

- A user belongs to a court and sees the cases of that court and of every court below it in the
  tree: a basic court its own cases, an intermediate court itself and its basic courts, the High
  Court all (docs/BRIEF.md §6).
- A judge sees the alerts of the cases assigned to them (cases.presiding_judge_id); a division
  head those of their division (cases.dept_id) when they have one.
- ID numbers and phones are shown in clear only to whoever handles the case (courtqc.web.roles).

A case outside a user's scope answers 404 ("no such case, or not yours"), never 403, so that
its existence is not disclosed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from courtqc.domain import courts as domain_courts
from courtqc.web.roles import UNMASKED_ROLES, can


class CourtTree:
    """Parent links of the store's courts table (the packaged Shanghai tree if it is empty)."""

    def __init__(self, rows: Iterable[tuple[str, str | None, str, str]]):
        self.parent: dict[str, str | None] = {}
        self.name: dict[str, str] = {}
        self.level: dict[str, str] = {}
        for code, parent, name, level in rows:
            self.parent[code] = parent
            self.name[code] = name
            self.level[code] = level
        self.children: dict[str, list[str]] = {c: [] for c in self.parent}
        for c, p in self.parent.items():
            if p is not None and p in self.children:
                self.children[p].append(c)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> CourtTree:
        rows = con.execute(
            "SELECT court_code, parent_code, name, level FROM courts ORDER BY court_code"
        ).fetchall()
        if not rows:
            rows = [(c.code, c.parent, c.name, c.level) for c in domain_courts.COURTS]
        return cls(rows)

    def descendants(self, code: str) -> list[str]:
        out, stack = [], [code]
        while stack:
            c = stack.pop()
            out.append(c)
            stack.extend(self.children.get(c, []))
        return sorted(out)

    def __contains__(self, code: str) -> bool:
        return code in self.parent


@dataclass(frozen=True)
class Principal:
    """The person (or machine) behind a request."""

    kind: str  # user | key
    name: str  # user name, or key:<key id>
    role: str
    court_code: str
    courts: frozenset[str]  # the court and every court below it
    user_id: int | None = None
    display_name: str = ""
    judge_id: int | None = None
    dept_id: int | None = None
    csrf_token: str | None = None
    via_cookie: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def can(self, permission: str) -> bool:
        return can(self.role, permission)

    def sees_court(self, code: str | None) -> bool:
        return code is not None and code in self.courts

    def sees_case(self, court_code: str | None) -> bool:
        return self.sees_court(court_code)

    def owns_case(self, presiding_judge_id: int | None, dept_id: int | None) -> bool:
        """The case is assigned to this judge (or lies in this division head's division)."""
        if self.role == "judge":
            return self.judge_id is not None and presiding_judge_id == self.judge_id
        if self.role == "division_head":
            return self.dept_id is None or dept_id == self.dept_id
        return False

    def unmasked_for(self, presiding_judge_id: int | None, dept_id: int | None) -> bool:
        return self.role in UNMASKED_ROLES and self.owns_case(presiding_judge_id, dept_id)

    def to_dict(self) -> dict[str, Any]:
        from courtqc.web.roles import ROLE_ZH, permissions_of

        return {
            "kind": self.kind,
            "username": self.name,
            "display_name": self.display_name,
            "role": self.role,
            "role_zh": ROLE_ZH.get(self.role, self.role),
            "court_code": self.court_code,
            "courts": sorted(self.courts),
            "judge_id": self.judge_id,
            "dept_id": self.dept_id,
            "permissions": permissions_of(self.role),
        }


def in_list(column: str, values: Iterable[str], prefix: str) -> tuple[str, dict[str, Any]]:
    """`column IN ($p0, $p1, ...)` with named parameters (never string-pasted values)."""
    vals = sorted(values)
    if not vals:
        return "FALSE", {}
    params = {f"{prefix}{i}": v for i, v in enumerate(vals)}
    return f"{column} IN ({', '.join('$' + k for k in params)})", params


def case_scope_sql(p: Principal, alias: str = "c") -> tuple[str, dict[str, Any]]:
    """WHERE fragment restricting cases (alias) to the principal's courts."""
    return in_list(f"{alias}.court_code", p.courts, "vis_court_")


def alert_scope_sql(p: Principal, alert: str = "a", case: str = "c") -> tuple[str, dict[str, Any]]:
    """WHERE fragment for alerts (joined to their case as `case`): court tree, and for judges
    and division heads their own cases."""
    sql, params = in_list(f"{alert}.court_code", p.courts, "vis_court_")
    if p.role == "judge":
        sql += f" AND {case}.presiding_judge_id = $vis_judge"
        params["vis_judge"] = p.judge_id if p.judge_id is not None else -1
    elif p.role == "division_head" and p.dept_id is not None:
        sql += f" AND {case}.dept_id = $vis_dept"
        params["vis_dept"] = p.dept_id
    return sql, params


def resolve_court(p: Principal, court: str | None) -> str:
    """The court a board is shown for: the one asked for if the user sees it, else their own."""
    if court is None or court == "":
        return p.court_code
    if court not in p.courts:
        from fastapi import HTTPException

        raise HTTPException(
            403, f"无权查看法院 {court} 的数据 (court {court} is outside your court tree)"
        )
    return court
