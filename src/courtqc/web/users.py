"""Users of the platform: create, update, list, and the demo accounts (one per role)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

import duckdb

from courtqc.errors import InvalidInput, Where
from courtqc.web import security
from courtqc.web.roles import ACCOUNT_SHAPE, FIELD_ZH, ROLE_ZH, ROLES

# User names are ASCII letters, digits and _-. : one spelling per account, nothing for Unicode
# look-alikes to play with (the look-up still goes through security.account_key).
_USERNAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{1,63}")


class UserError(InvalidInput):
    """Bad user data, said in Chinese and English with the field concerned (422)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message, where=Where(field=field) if field else None)


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
    """The account whose name has the same security.account_key as `username` (the key
    failed logins are counted by), with its password hash. Names are ASCII since creation
    checks them, where account_key is lower(); any older non-ASCII name is compared in Python."""
    key = security.account_key(username)
    found = con.execute(
        f"""SELECT {_COLS}, password_hash FROM users
            WHERE lower(username) = $key OR NOT regexp_full_match(username, '[A-Za-z0-9_.\\-]+')""",
        {"key": key},
    ).fetchall()
    for r in found:
        if security.account_key(r[1]) == key:
            return User(*r[:-1]), r[-1]
    return None


def list_users(con: duckdb.DuckDBPyConnection) -> list[User]:
    return [User(*r) for r in con.execute(f"SELECT {_COLS} FROM users ORDER BY user_id").fetchall()]


def shape_problem(u: User) -> str | None:
    """What is wrong with an account's shape for its role (roles.ACCOUNT_SHAPE), or None.
    Needs no database: checked on every request of a session."""
    if u.role not in ROLES:
        return f"role: 未知角色 {u.role!r} (unknown role)"
    for field, rule in ACCOUNT_SHAPE.get(u.role, {}).items():
        value = getattr(u, field)
        zh, role_zh = FIELD_ZH[field], ROLE_ZH[u.role]
        if rule == "required" and value is None:
            return f"{field}: {role_zh}账号须有{zh} (a {u.role} account needs {field})"
        if rule == "forbidden" and value is not None:
            return f"{field}: {role_zh}账号不应有{zh} (a {u.role} account has no {field})"
    return None


def misconfigured_message(problem: str) -> str:
    return f"账号配置有误，请联系管理员：{problem} (account misconfigured; ask an administrator)"


def _check(
    con: duckdb.DuckDBPyConnection,
    role: str,
    court_code: str,
    judge_id: int | None,
    dept_id: int | None,
) -> None:
    """Role, court, and judge / department of that court, as the role's shape requires."""
    if role not in ROLES:
        raise UserError(f"role: 未知角色 {role!r}；可用: {', '.join(ROLES)} (unknown role)", "role")
    problem = shape_problem(User(0, "", "", role, court_code, judge_id, dept_id, True))
    if problem:
        raise UserError(problem, problem.split(":", 1)[0])
    courts = {r[0] for r in con.execute("SELECT court_code FROM courts").fetchall()}
    if courts and court_code not in courts:
        raise UserError(f"court_code: 未知法院 {court_code!r} (unknown court)", "court_code")
    if judge_id is not None:
        r = con.execute(
            "SELECT court_code, dept_id FROM judges WHERE judge_id = ?", [judge_id]
        ).fetchone()
        if r is None:
            raise UserError(f"judge_id: 没有编号为 {judge_id} 的法官 (no such judge)", "judge_id")
        if r[0] != court_code:
            raise UserError(
                f"judge_id: 法官 {judge_id} 属于 {r[0]}，不属于 {court_code} (judge of another court)",
                "judge_id",
            )
    if dept_id is not None:
        r = con.execute(
            "SELECT court_code FROM departments WHERE dept_id = ?", [dept_id]
        ).fetchone()
        if r is None:
            raise UserError(f"dept_id: 没有编号为 {dept_id} 的部门 (no such department)", "dept_id")
        if r[0] != court_code:
            raise UserError(
                f"dept_id: 部门 {dept_id} 不属于 {court_code} (department of another court)",
                "dept_id",
            )


def stored_problem(con: duckdb.DuckDBPyConnection, u: User) -> str | None:
    """What is wrong with a stored account (shape, or a judge / department / court that is not
    where the account says), or None: checked at login."""
    try:
        _check(con, u.role, u.court_code, u.judge_id, u.dept_id)
    except UserError as e:
        return e.message
    return None


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
    if not _USERNAME_RE.fullmatch(username):
        raise UserError(
            f"username: 用户名为 2 到 64 个英文字母、数字或 _-.，以字母或数字开头 ({username!r}: "
            "2-64 ASCII letters, digits or _-., starting with a letter or digit)",
            "username",
        )
    if by_name(con, username) is not None:
        raise UserError(f"username: 用户名 {username!r} 已存在 (already exists)", "username")
    _check(con, role, court_code, judge_id, dept_id)
    _check_password(password, username, display_name, court_code)
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


def _check_password(password: str, username: str, *inputs: str | None) -> None:
    try:
        security.check_password_strength(password, username, [i for i in inputs if i])
    except security.WeakPassword as e:
        raise UserError(f"password: {e.message}", "password") from None


def set_password(con: duckdb.DuckDBPyConnection, user_id: int, password: str) -> None:
    u = get(con, user_id)
    if u is None:
        raise UserError(f"user_id: 没有编号为 {user_id} 的用户 (no such user)", "user_id")
    _check_password(password, u.username, u.display_name, u.court_code)
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
           ORDER BY j.dept_id IS NULL, n_alerts DESC, n_pending DESC, j.judge_id LIMIT 1""",
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
    if judge is not None and judge[1] is not None:  # a division head needs a department
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
