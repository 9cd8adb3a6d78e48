"""Outside bodies (an education bureau, a bank) as API callers: the `agency` role.

An agency holds its own API key (courtqc.web.security, role `agency`) with named scopes — which
query services it may use — a rate limit per key and scope, and, for banks, whether an
enterprise's consent token must come with each enterprise query. The role holds one permission,
`services.query` (courtqc.web.roles): no case, alert, indicator or board endpoint answers it.

Every query is written twice before its answer leaves: to the audit log with its purpose
(courtqc.web.audit) and to service_queries, which the board counts.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass

import duckdb

from courtqc.clock import utcnow_s
from courtqc.errors import CourtqcError, Forbidden, InvalidInput, NotFound
from courtqc.services import store

SCOPES: dict[str, str] = {
    "minors_bar": "教育机构涉未成年人从业禁止查询",
    "enterprise_litigation": "小微企业涉诉信息查询",
}
KINDS = ("education", "bank", "other")


class RateLimited(CourtqcError):
    """Past the key's allowance for a scope; `retry_after` seconds until the next is allowed."""

    status = 429

    def __init__(self, message: str, retry_after: int):
        super().__init__(message, details=[{"retry_after": retry_after}])
        self.retry_after = retry_after


@dataclass(frozen=True)
class Agency:
    key_id: str
    agency: str
    kind: str
    scopes: tuple[str, ...]
    rate_per_minute: int
    consent_required: bool
    court_code: str


def create(
    con: duckdb.DuckDBPyConnection,
    *,
    name: str,
    kind: str,
    scopes: list[str],
    court: str,
    created_by: str,
    rate_per_minute: int = 60,
    consent_required: bool = False,
) -> str:
    """A new agency key (shown once) with its scopes and limits."""
    from courtqc.web import security

    store.ensure(con)
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown or not scopes:
        raise InvalidInput(
            f"未知的查询范围 {unknown or '(空)'} (unknown scopes; one or more of {', '.join(SCOPES)})"
        )
    if kind not in KINDS:
        raise InvalidInput(f"单位类别只能是 {', '.join(KINDS)} (kind): {kind}")
    if not 1 <= rate_per_minute <= 6000:
        raise InvalidInput("每分钟限额应在 1 到 6000 之间 (rate per minute 1..6000)")
    if con.execute("SELECT count(*) FROM courts WHERE court_code = ?", [court]).fetchone()[0] == 0:
        raise NotFound(f"法院 {court} 不存在 (no such court)")
    key = security.create_api_key(con, name, court, created_by, role="agency")
    key_id = key[len(security.KEY_PREFIX) :].split("_", 1)[0]
    con.execute(
        "INSERT INTO agency_keys VALUES (?, ?, ?, ?, ?, ?)",
        [key_id, name, kind, json.dumps(sorted(set(scopes))), rate_per_minute, consent_required],
    )
    return key


def get(con: duckdb.DuckDBPyConnection, key_id: str) -> Agency:
    row = con.execute(
        """SELECT a.key_id, a.agency, a.kind, a.scopes, a.rate_per_minute, a.consent_required,
                  k.court_code
           FROM agency_keys a JOIN api_keys k USING (key_id) WHERE a.key_id = ? AND NOT k.revoked""",
        [key_id],
    ).fetchone()
    if row is None:
        raise Forbidden("该接口密钥不是外部查询单位的密钥 (not an agency key)")
    kid, agency, kind, scopes, rate, consent, court = row
    return Agency(kid, agency, kind, tuple(json.loads(scopes)), rate, consent, court)


def of_key(con: duckdb.DuckDBPyConnection, key_id: str, court_code: str) -> Agency:
    """The agency of a key the caller has already checked live (courtqc.web.deps): one probe
    of agency_keys, without joining api_keys again."""
    row = con.execute(
        "SELECT agency, kind, scopes, rate_per_minute, consent_required FROM agency_keys "
        "WHERE key_id = ?",
        [key_id],
    ).fetchone()
    if row is None:
        raise Forbidden("该接口密钥不是外部查询单位的密钥 (not an agency key)")
    agency, kind, scopes, rate, consent = row
    return Agency(key_id, agency, kind, tuple(json.loads(scopes)), rate, consent, court_code)


def listing(con: duckdb.DuckDBPyConnection) -> list[dict]:
    store.ensure(con)
    cur = con.execute(
        """SELECT a.key_id, a.agency, a.kind, a.scopes, a.rate_per_minute, a.consent_required,
                  k.court_code, k.revoked, k.created_at
           FROM agency_keys a JOIN api_keys k USING (key_id) ORDER BY k.created_at"""
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


class RateLimiter:
    """A sliding one-minute window per (key, scope), in the serving process.

    Why in memory: the server is one process holding the store; a query must answer in
    milliseconds, and the window is short enough that a restart forgiving it does no harm."""

    def __init__(self, window_s: float = 60.0):
        self.window_s = window_s
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key_id: str, scope: str, limit: int) -> None:
        now = time.monotonic()
        with self._lock:
            q = self._hits.setdefault((key_id, scope), deque())
            while q and q[0] <= now - self.window_s:
                q.popleft()
            if len(q) >= limit:
                wait = int(q[0] + self.window_s - now) + 1
                raise RateLimited(
                    f"查询过于频繁，请 {wait} 秒后再试 (rate limit of {limit}/min for {scope} "
                    f"reached; retry after {wait} s)",
                    wait,
                )
            q.append(now)


def authorise(a: Agency, scope: str, purpose: str, limiter: RateLimiter) -> None:
    """The agency may use `scope`, has said why, and is within its limit."""
    if scope not in a.scopes:
        raise Forbidden(
            f"本单位未获授权使用“{SCOPES.get(scope, scope)}” (scope {scope} not granted)"
        )
    if not purpose or len(purpose.strip()) < 2:
        raise InvalidInput("必须说明查询目的 purpose (a purpose is required)")
    limiter.check(a.key_id, scope, a.rate_per_minute)


def log_query(
    con: duckdb.DuckDBPyConnection,
    a: Agency,
    scope: str,
    purpose: str,
    outcome: str,
    letter_code: str | None = None,
) -> None:
    con.execute(
        "INSERT INTO service_queries (asked_at, key_id, agency, court_code, scope, purpose, "
        "outcome, letter_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [utcnow_s(), a.key_id, a.agency, a.court_code, scope, purpose[:500], outcome, letter_code],
    )
