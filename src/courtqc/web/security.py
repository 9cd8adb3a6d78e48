"""Passwords, sessions, machine keys and login rate limiting.

- Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second recommended
  setting); a hash made with older parameters is upgraded on the next successful login.
- A session is a random 256-bit token. The store keeps only its SHA-256, with an absolute
  expiry and an idle expiry. The browser gets it in an HttpOnly, SameSite=Strict cookie and
  must echo the session's CSRF token in a header on every write (double submit); API clients
  send it as `Authorization: Bearer ...` and need no CSRF token (no cookie, no ambient
  authority).
- Machine keys look like `cqk_<key id>_<secret>`; only the SHA-256 of the secret is kept.
- Failed logins are counted per account key and per client address over a window; past the
  limit the login answers 429 with Retry-After, whether or not the password is right. The
  account key (`account_key`: NFKC and Unicode case folding) is the very key the account is
  looked up by, so no spelling of a name (full-width letters, a dotted capital İ) reaches an
  account with a fresh allowance.
- Passwords must pass zxcvbn's strength estimate (score 3 of 4) and not be on the shipped
  common-password list (common_passwords.yaml).
- The client address is the peer's, or the `X-Forwarded-For` hop just before the first proxy
  the configuration names (`Settings.trusted_proxies`; by default none, so the header is
  ignored).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import duckdb
import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

from courtqc.clock import utcnow_s
from courtqc.errors import InvalidInput, Where

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
    # Mark cookies Secure: set when the browser reaches the server over HTTPS (a TLS proxy in
    # front). Cookies are also Secure on a request that came over HTTPS (directly, or as a
    # trusted proxy's X-Forwarded-Proto says).
    secure_cookies: bool = False
    # Addresses or networks (CIDR) of the reverse proxies whose X-Forwarded-For and
    # X-Forwarded-Proto are believed. Empty: the headers are ignored and the peer is the client.
    trusted_proxies: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for p in self.trusted_proxies:  # a typo must not silently trust nobody (or everybody)
            try:
                ipaddress.ip_network(p, strict=False)
            except ValueError:
                raise InvalidInput(
                    f"可信代理 {p!r} 不是 IP 地址或网段 (trusted proxy is not an address or network)",
                    where=Where(field="trusted_proxies"),
                ) from None


def now() -> dt.datetime:
    """Now as sessions, keys, login attempts and the audit log store it: naive UTC, to the
    second, as every stored instant is (courtqc.clock)."""
    return utcnow_s()


def _sha256(s: str) -> str:
    return hashlib.sha256(s.encode()).hexdigest()


# ---------------------------------------------------------------- account names


def account_key(username: str) -> str:
    """The canonical form of a user name: NFKC, Unicode case folding, NFKC again (Unicode's
    NFKC_Casefold, near enough), spaces at the ends dropped. Accounts are looked up by it and
    failed logins counted by it, so every spelling that reaches an account shares its
    allowance: ＡＤＭＩＮ, Admin and admin are one key; admİn (dotted capital I) is another
    key that reaches no account."""
    return unicodedata.normalize(
        "NFKC", unicodedata.normalize("NFKC", username.strip()).casefold()
    ).strip()


# ---------------------------------------------------------------- passwords


class WeakPassword(InvalidInput):
    """A password the platform refuses; the message says why, in Chinese and English."""

    def __init__(self, message: str) -> None:
        super().__init__(message, where=Where(field="password"))


# zxcvbn's score (0-4) a password must reach: 3 is "safely unguessable" against an online
# attack and a good distance into an offline one on a slow hash (argon2id here).
MIN_ZXCVBN_SCORE = 3
# zxcvbn's run time grows with length; a longer password is judged by its first 72 characters.
_ZXCVBN_MAX = 72
_ZXCVBN_WARNINGS_ZH = {
    "Straight rows of keys are easy to guess": "键盘上连续一排的键容易被猜中",
    "Short keyboard patterns are easy to guess": "短的键盘图案容易被猜中",
    "Use a longer keyboard pattern with more turns": "键盘图案容易被猜中",
    'Repeats like "aaa" are easy to guess': "重复字符容易被猜中",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc"': "重复的片段容易被猜中",
    "Sequences like abc or 6543 are easy to guess": "连续的字母或数字容易被猜中",
    "Recent years are easy to guess": "年份容易被猜中",
    "Dates are often easy to guess": "日期容易被猜中",
    "This is a top-10 common password": "这是最常见的密码之一",
    "This is a top-100 common password": "这是常见密码",
    "This is a very common password": "这是常见密码",
    "This is similar to a commonly used password": "与常见密码相似",
    "A word by itself is easy to guess": "单个词语容易被猜中",
    "Names and surnames by themselves are easy to guess": "姓名容易被猜中",
    "Common names and surnames are easy to guess": "常见姓名容易被猜中",
}
# Words a guesser tries first on this platform, given to zxcvbn beside the user name.
_PLATFORM_WORDS = ("courtqc", "court", "fayuan", "shenpan", "shanghai")
_TRAILING = re.compile(r"[\W\d_]{1,4}")


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list (common_passwords.yaml: pinyin, love numbers, keyboard walks, court
    words — what zxcvbn's English-language corpus misses), in account_key form."""
    text = files("courtqc.web").joinpath("common_passwords.yaml").read_text(encoding="utf-8")
    return frozenset(account_key(str(p)) for p in yaml.safe_load(text)["passwords"])


def is_common_password(password: str) -> bool:
    """On the list as it is, or once a trailing run of up to 4 digits or symbols is dropped
    (woaini1314! is woaini1314 and a "!")."""
    p = account_key(password)
    listed = common_passwords()
    if p in listed:
        return True
    return any(
        _TRAILING.fullmatch(p[-k:]) and p[:-k] in listed for k in range(1, min(4, len(p)) + 1)
    )


def check_password_strength(
    password: str, username: str = "", user_inputs: Iterable[str] = ()
) -> None:
    """Raise WeakPassword (422) unless the password is long enough, does not contain the user
    name, is not a common password and zxcvbn scores it at least MIN_ZXCVBN_SCORE.
    `user_inputs`: other words a guesser would know (display name, court)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(
            f"密码至少 {MIN_PASSWORD_LENGTH} 位 (password must have at least "
            f"{MIN_PASSWORD_LENGTH} characters)"
        )
    if username and account_key(username) in account_key(password):
        raise WeakPassword("密码不能包含用户名 (password contains the user name)")
    if is_common_password(password):
        raise WeakPassword(
            "密码是常见密码，容易被猜中 (password is on the list of common passwords)"
        )
    words = [w for w in (username, *user_inputs, *_PLATFORM_WORDS) if w]
    result = zxcvbn(password[:_ZXCVBN_MAX], user_inputs=words, max_length=_ZXCVBN_MAX)
    if result["score"] < MIN_ZXCVBN_SCORE:
        warning = (result.get("feedback") or {}).get("warning") or ""
        zh = _ZXCVBN_WARNINGS_ZH.get(warning, "密码容易被猜中")
        en = warning.rstrip(".") or "too easy to guess"
        raise WeakPassword(
            f"密码强度不足：{zh}，请使用更长、更少见的密码 (password too weak: {en}; "
            f"use a longer, less common one)"
        )


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
        {"u": account_key(username), "c": client, "since": since},
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
        [account_key(username), client, now()],
    )


def clear_failed_logins(con: duckdb.DuckDBPyConnection, username: str) -> None:
    con.execute("DELETE FROM login_attempts WHERE username = ?", [account_key(username)])


# ---------------------------------------------------------------- client address behind proxies


def _is_trusted(host: str, trusted: Iterable[str]) -> bool:
    try:
        addr = ipaddress.ip_address(host.strip())
    except ValueError:
        return False
    return any(addr in ipaddress.ip_network(t, strict=False) for t in trusted)


def client_address(peer: str | None, forwarded_for: str | None, trusted: Iterable[str]) -> str:
    """The address a request came from. The peer, unless the peer is a trusted proxy: then
    X-Forwarded-For is read from the right, skipping trusted proxies, and the first address
    not theirs is the client (anything left of it was written by the client and proves
    nothing). With no trusted proxies the header is never read."""
    trusted = tuple(trusted)
    host = peer or "-"
    if not trusted or not forwarded_for or not _is_trusted(host, trusted):
        return host
    hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except (
                ValueError
            ):  # garbage where an address should be: the proxy's peer is all we know
                return host
        host = hop
    return host


def forwarded_https(peer: str | None, forwarded_proto: str | None, trusted: Iterable[str]) -> bool:
    """Did a trusted proxy say the browser reached it over HTTPS?"""
    trusted = tuple(trusted)
    if not trusted or not forwarded_proto or not peer or not _is_trusted(peer, trusted):
        return False
    return forwarded_proto.split(",")[0].strip().lower() == "https"
