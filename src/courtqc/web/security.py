"""Passwords, sessions, machine keys and login rate limiting.

- Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second recommended
  setting); a hash made with older parameters is upgraded on the next successful login.
- A session is a random 256-bit token. The store keeps only its SHA-256, with an absolute
  expiry and an idle expiry. The browser gets it in an HttpOnly, SameSite=Strict cookie and
  must echo the session's CSRF token in a header on every write (double submit); API clients
  send it as `Authorization: Bearer ...` and need no CSRF token (no cookie, no ambient
  authority).
- Machine keys look like `cqk_<key id>_<secret>`; only the SHA-256 of the secret is kept.
- Failed logins are counted per user name and per client address over a window; past the limit
  the login answers 429 with Retry-After, whether or not the password is right.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
# Verified against when the user name is unknown, so both cases cost the same time.
_DUMMY_HASH = _hasher.hash("courtqc-no-such-user")

MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class Settings:
    session_ttl: dt.timedelta = dt.timedelta(hours=8)  # absolute
    idle_ttl: dt.timedelta = dt.timedelta(minutes=30)
    login_window: dt.timedelta = dt.timedelta(minutes=15)
    max_failures_per_user: int = 5
    max_failures_per_client: int = 20
    secure_cookies: bool = False  # set when served over HTTPS (behind a proxy)


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _sha256(s: str) -> str:
    return hashlib.sha256(s.encode()).hexdigest()


# ---------------------------------------------------------------- passwords


class WeakPassword(ValueError):
    pass


def check_password_strength(password: str, username: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"密码至少 {MIN_PASSWORD_LENGTH} 位 (password too short)")
    if username and username.lower() in password.lower():
        raise WeakPassword("密码不能包含用户名 (password contains the user name)")
    if len(set(password)) < 5:
        raise WeakPassword("密码过于简单 (password too simple)")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> tuple[bool, str | None]:
    """(ok, new_hash): new_hash is set when the stored hash should be upgraded."""
    try:
        _hasher.verify(stored_hash or _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, None
    if stored_hash is None:
        return False, None
    return True, (hash_password(password) if _hasher.check_needs_rehash(stored_hash) else None)


# ---------------------------------------------------------------- sessions


@dataclass(frozen=True)
class NewSession:
    token: str
    csrf_token: str
    expires_at: dt.datetime


def create_session(con: duckdb.DuckDBPyConnection, user_id: int, settings: Settings) -> NewSession:
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    t = now()
    expires = t + settings.session_ttl
    con.execute(
        "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?)",
        [_sha256(token), user_id, csrf, t, t, expires],
    )
    return NewSession(token, csrf, expires)


@dataclass(frozen=True)
class SessionRow:
    user_id: int
    csrf_token: str
    expires_at: dt.datetime


def lookup_session(
    con: duckdb.DuckDBPyConnection, token: str, settings: Settings
) -> SessionRow | None:
    """The live session of a token (touching its idle clock), or None; expired ones are removed."""
    h = _sha256(token)
    row = con.execute(
        "SELECT user_id, csrf_token, expires_at, last_seen_at FROM sessions WHERE token_hash = ?",
        [h],
    ).fetchone()
    if row is None:
        return None
    user_id, csrf, expires, last_seen = row
    t = now()
    if t >= expires or t - last_seen >= settings.idle_ttl:
        con.execute("DELETE FROM sessions WHERE token_hash = ?", [h])
        return None
    # Touch at most once a minute: a write per request would be wasted work.
    if t - last_seen >= dt.timedelta(minutes=1):
        con.execute("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", [t, h])
    return SessionRow(user_id, csrf, expires)


def end_session(con: duckdb.DuckDBPyConnection, token: str) -> None:
    con.execute("DELETE FROM sessions WHERE token_hash = ?", [_sha256(token)])


def end_user_sessions(con: duckdb.DuckDBPyConnection, user_id: int) -> None:
    con.execute("DELETE FROM sessions WHERE user_id = ?", [user_id])


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected, given or "")


# ---------------------------------------------------------------- machine keys

KEY_PREFIX = "cqk_"


@dataclass(frozen=True)
class KeyRow:
    key_id: str
    name: str
    role: str
    court_code: str


def create_api_key(
    con: duckdb.DuckDBPyConnection,
    name: str,
    court_code: str,
    created_by: str,
    role: str = "cms",
    expires_at: dt.datetime | None = None,
) -> str:
    """Store a new key and return it in full (the only time it is shown)."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    con.execute(
        "INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE)",
        [key_id, _sha256(secret), name, role, court_code, created_by, now(), expires_at],
    )
    return f"{KEY_PREFIX}{key_id}_{secret}"


def lookup_api_key(con: duckdb.DuckDBPyConnection, key: str) -> KeyRow | None:
    if not key.startswith(KEY_PREFIX):
        return None
    key_id, sep, secret = key[len(KEY_PREFIX) :].partition("_")
    if not sep:
        return None
    row = con.execute(
        "SELECT key_hash, name, role, court_code, expires_at, revoked FROM api_keys WHERE key_id = ?",
        [key_id],
    ).fetchone()
    if row is None:
        return None
    key_hash, name, role, court, expires, revoked = row
    if revoked or (expires is not None and now() >= expires):
        return None
    if not hmac.compare_digest(key_hash, _sha256(secret)):
        return None
    return KeyRow(key_id, name, role, court)


def revoke_api_key(con: duckdb.DuckDBPyConnection, key_id: str) -> bool:
    n = con.execute(
        "UPDATE api_keys SET revoked = TRUE WHERE key_id = ? AND NOT revoked RETURNING key_id",
        [key_id],
    ).fetchall()
    return bool(n)


# ---------------------------------------------------------------- login rate limiting


def login_blocked_for(
    con: duckdb.DuckDBPyConnection, username: str, client: str, settings: Settings
) -> int:
    """Seconds until a login for (username, client) is allowed again; 0 if allowed now."""
    since = now() - settings.login_window
    per_user, first_user, per_client, first_client = con.execute(
        """SELECT count(*) FILTER (WHERE username = $u), min(attempted_at) FILTER (WHERE username = $u),
                  count(*) FILTER (WHERE client = $c), min(attempted_at) FILTER (WHERE client = $c)
           FROM login_attempts WHERE attempted_at >= $since AND (username = $u OR client = $c)""",
        {"u": username.lower(), "c": client, "since": since},
    ).fetchone()
    wait = 0
    for n, limit, first in (
        (per_user, settings.max_failures_per_user, first_user),
        (per_client, settings.max_failures_per_client, first_client),
    ):
        if n >= limit and first is not None:
            wait = max(wait, int((first + settings.login_window - now()).total_seconds()) + 1)
    return wait


def record_failed_login(con: duckdb.DuckDBPyConnection, username: str, client: str) -> None:
    con.execute(
        "INSERT INTO login_attempts (username, client, attempted_at) VALUES (?, ?, ?)",
        [username.lower(), client, now()],
    )


def clear_failed_logins(con: duckdb.DuckDBPyConnection, username: str) -> None:
    con.execute("DELETE FROM login_attempts WHERE username = ?", [username.lower()])
