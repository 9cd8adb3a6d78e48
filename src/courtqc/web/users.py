"""Users of the platform: create, update, list, and the demo accounts (one per role)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import duckdb

from courtqc.web import security
from courtqc.web.roles import ROLE_ZH, ROLES


class UserError(ValueError):
    """Bad user data, said in Chinese and English with the field concerned."""


@dataclass
class User:
    user_id: int
    username: str
    display_name: str
    role: str
    court_code: str
    judge_id: int | None
    dept_id: int | None
    active: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "role_zh": ROLE_ZH.get(self.role, self.role),
            "court_code": self.court_code,
            "judge_id": self.judge_id,
            "dept_id": self.dept_id,
            "active": self.active,
        }


_COLS = "user_id, username, display_name, role, court_code, judge_id, dept_id, active"


def get(con: duckdb.DuckDBPyConnection, user_id: int) -> User | None:
    r = con.execute(f"SELECT {_COLS} FROM users WHERE user_id = ?", [user_id]).fetchone()
    return User(*r) if r else None


def by_name(con: duckdb.DuckDBPyConnection, username: str) -> tuple[User, str] | None:
    r = con.execute(
        f"SELECT {_COLS}, password_hash FROM users WHERE lower(username) = lower(?)", [username]
    ).fetchone()
    return (User(*r[:-1]), r[-1]) if r else None


def list_users(con: duckdb.DuckDBPyConnection) -> list[User]:
    return [User(*r) for r in con.execute(f"SELECT {_COLS} FROM users ORDER BY user_id").fetchall()]


def _check(
    con: duckdb.DuckDBPyConnection,
    role: str,
    court_code: str,
    judge_id: int | None,
    dept_id: int | None,
) -> None:
    if role not in ROLES:
        raise UserError(f"role: 未知角色 {role!r}；可用: {', '.join(ROLES)} (unknown role)")
    courts = {r[0] for r in con.execute("SELECT court_code FROM courts").fetchall()}
    if courts and court_code not in courts:
        raise UserError(f"court_code: 未知法院 {court_code!r} (unknown court)")
    if judge_id is not None:
        r = con.execute("SELECT court_code FROM judges WHERE judge_id = ?", [judge_id]).fetchone()
        if r is None:
            raise UserError(f"judge_id: 没有编号为 {judge_id} 的法官 (no such judge)")
        if r[0] != court_code:
            raise UserError(
                f"judge_id: 法官 {judge_id} 属于 {r[0]}，不属于 {court_code} (judge of another court)"
            )
    if dept_id is not None:
        r = con.execute(
            "SELECT court_code FROM departments WHERE dept_id = ?", [dept_id]
        ).fetchone()
        if r is None:
            raise UserError(f"dept_id: 没有编号为 {dept_id} 的部门 (no such department)")
        if r[0] != court_code:
            raise UserError(
                f"dept_id: 部门 {dept_id} 不属于 {court_code} (department of another court)"
            )
    if role == "judge" and judge_id is None:
        raise UserError("judge_id: 法官账号须关联法官编号 (a judge account needs judge_id)")


def create(
    con: duckdb.DuckDBPyConnection,
    username: str,
    password: str,
    role: str,
    court_code: str,
    *,
    display_name: str | None = None,
    judge_id: int | None = None,
    dept_id: int | None = None,
) -> User:
    username = username.strip()
    if not username or not username.replace("_", "").replace("-", "").replace(".", "").isalnum():
        raise UserError(f"username: 用户名只能含字母、数字、_-. ({username!r})")
    if by_name(con, username) is not None:
        raise UserError(f"username: 用户名 {username!r} 已存在 (already exists)")
    _check(con, role, court_code, judge_id, dept_id)
    try:
        security.check_password_strength(password, username)
    except security.WeakPassword as e:
        raise UserError(f"password: {e}") from None
    uid = con.execute(
        """INSERT INTO users (username, display_name, role, court_code, judge_id, dept_id,
               password_hash, active, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, TRUE, ?) RETURNING user_id""",
        [
            username,
            display_name or username,
            role,
            court_code,
            judge_id,
            dept_id,
            security.hash_password(password),
            security.now(),
        ],
    ).fetchone()[0]
    user = get(con, uid)
    assert user is not None
    return user


def set_password(con: duckdb.DuckDBPyConnection, user_id: int, password: str) -> None:
    u = get(con, user_id)
    if u is None:
        raise UserError(f"user_id: 没有编号为 {user_id} 的用户")
    try:
        security.check_password_strength(password, u.username)
    except security.WeakPassword as e:
        raise UserError(f"password: {e}") from None
    con.execute(
        "UPDATE users SET password_hash = ? WHERE user_id = ?",
        [security.hash_password(password), user_id],
    )
    security.end_user_sessions(con, user_id)


def set_active(con: duckdb.DuckDBPyConnection, user_id: int, active: bool) -> None:
    con.execute("UPDATE users SET active = ? WHERE user_id = ?", [active, user_id])
    if not active:
        security.end_user_sessions(con, user_id)


# ---------------------------------------------------------------- demo accounts


def _pick_judge(con: duckdb.DuckDBPyConnection, court: str) -> tuple[int, int | None, str] | None:
    """The judge of `court` with the most alerts on their cases (else the most pending cases),
    so the demo judge's inbox is not empty: (judge_id, dept_id, name)."""
    row = con.execute(
        """SELECT j.judge_id, j.dept_id, j.name,
                  (SELECT count(*) FROM alerts a JOIN cases c ON c.case_id = a.case_id
                   WHERE c.presiding_judge_id = j.judge_id) AS n_alerts,
                  (SELECT count(*) FROM cases c WHERE c.presiding_judge_id = j.judge_id
                   AND c.status = 'pending') AS n_pending
           FROM judges j WHERE j.court_code = ? AND j.title = 'judge' AND j.active
           ORDER BY n_alerts DESC, n_pending DESC, j.judge_id LIMIT 1""",
        [court],
    ).fetchone()
    return (int(row[0]), row[1], row[2]) if row else None


def _court_with_most_alerts(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute(
        """SELECT c.court_code FROM cases c JOIN courts co USING (court_code)
           LEFT JOIN alerts a ON a.case_id = c.case_id
           WHERE co.level = 'basic' GROUP BY 1 ORDER BY count(a.alert_id) DESC, count(*) DESC
           LIMIT 1"""
    ).fetchone()
    return row[0] if row else None


def _parent(con: duckdb.DuckDBPyConnection, court: str) -> str | None:
    r = con.execute("SELECT parent_code FROM courts WHERE court_code = ?", [court]).fetchone()
    return r[0] if r else None


def _high(con: duckdb.DuckDBPyConnection) -> str:
    r = con.execute("SELECT court_code FROM courts WHERE parent_code IS NULL LIMIT 1").fetchone()
    return r[0] if r else "沪"


def demo_accounts(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """One account per role, placed where the synthetic court's data makes each board useful:
    a judge and a division head at the basic court with the most alerts, a court leader at its
    intermediate court, the review office, a modeller and an administrator at the High Court."""
    basic = _court_with_most_alerts(con) or "沪0115"
    inter = _parent(con, basic) or basic
    high = _high(con)
    judge = _pick_judge(con, basic)
    out = []
    if judge is not None:
        out.append(
            {
                "username": "judge",
                "role": "judge",
                "court_code": basic,
                "judge_id": judge[0],
                "dept_id": judge[1],
                "display_name": f"{judge[2]}（法官）",
            }
        )
        out.append(
            {
                "username": "divhead",
                "role": "division_head",
                "court_code": basic,
                "dept_id": judge[1],
                "display_name": "庭长",
            }
        )
    out += [
        {
            "username": "leader",
            "role": "court_leader",
            "court_code": inter,
            "display_name": "院领导",
        },
        {
            "username": "supervisor",
            "role": "supervisor",
            "court_code": high,
            "display_name": "审管办",
        },
        {"username": "modeller", "role": "modeller", "court_code": high, "display_name": "建模员"},
        {"username": "admin", "role": "admin", "court_code": high, "display_name": "系统管理员"},
    ]
    return out


def seed_demo_users(
    con: duckdb.DuckDBPyConnection, password: str | None = None
) -> list[dict[str, Any]]:
    """Create (or reset the password of) the demo accounts; returns them with their passwords.
    Without `password`, each gets a fresh random one (printed once by the CLI)."""
    made = []
    for acc in demo_accounts(con):
        pw = password or secrets.token_urlsafe(9)
        existing = by_name(con, acc["username"])
        if existing is None:
            u = create(
                con,
                acc["username"],
                pw,
                acc["role"],
                acc["court_code"],
                display_name=acc.get("display_name"),
                judge_id=acc.get("judge_id"),
                dept_id=acc.get("dept_id"),
            )
        else:
            u = existing[0]
            con.execute(
                """UPDATE users SET role = ?, court_code = ?, judge_id = ?, dept_id = ?,
                       display_name = ?, active = TRUE WHERE user_id = ?""",
                [
                    acc["role"],
                    acc["court_code"],
                    acc.get("judge_id"),
                    acc.get("dept_id"),
                    acc.get("display_name") or u.username,
                    u.user_id,
                ],
            )
            set_password(con, u.user_id, pw)
            u = get(con, u.user_id)
            assert u is not None
        made.append({**u.to_dict(), "password": pw})
    return made
