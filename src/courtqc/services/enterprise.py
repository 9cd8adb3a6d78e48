"""小微企业涉诉信息查询: a credit code in, a summary of the enterprise's litigation out — cases
by role, cause, amount band and status; enforcement against it, 终本 (terminated for now) and
dishonest-debtor listings. No party other than the enterprise is named, no case facts.

Consent: a lender may have to show the enterprise agreed (the agency key says so). The
enterprise gets a consent token — an HMAC of (credit code, agency key id, expiry) under a key
of this store — from the court (`courtqc services consent`) and hands it to the lender.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from collections import Counter
from collections.abc import Mapping

import duckdb

from courtqc.clock import utcnow_s
from courtqc.domain.uscc import normalize_uscc, validate_uscc
from courtqc.errors import Forbidden, InvalidInput, NotFound, Where
from courtqc.services import store
from courtqc.services.probe import member

BANDS = (
    (0, 100_000, "10万元以下"),
    (100_000, 500_000, "10万至50万元"),
    (500_000, 1_000_000, "50万至100万元"),
    (1_000_000, 5_000_000, "100万至500万元"),
    (5_000_000, None, "500万元以上"),
)
SIDE_ZH = {"claimant": "原告/申请人", "respondent": "被告/被申请人/被执行人", "other": "第三人等"}


def checked_uscc(uscc: str) -> str:
    n = normalize_uscc(uscc or "")
    if not validate_uscc(n, org_code=False):
        raise InvalidInput(
            "统一社会信用代码无效 (not a valid unified social credit code)",
            where=Where(field="uscc"),
        )
    return n


def _band(amount: float | None) -> str:
    if amount is None:
        return "未载明金额"
    for lo, hi, zh in BANDS:
        if amount >= lo and (hi is None or amount < hi):
            return zh
    return "未载明金额"


# ---------------------------------------------------------------- consent


def _b64(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def issue_consent(con: duckdb.DuckDBPyConnection, uscc: str, key_id: str, days: int = 30) -> str:
    """The enterprise's consent for one agency key to query it, valid `days` days."""
    store.ensure(con)
    n = checked_uscc(uscc)
    if not 1 <= days <= 366:
        raise InvalidInput("有效期应为 1 到 366 天 (days 1..366)")
    exp = int((utcnow_s() + dt.timedelta(days=days)).timestamp())
    body = _b64(json.dumps({"u": n, "k": key_id, "e": exp}, separators=(",", ":")).encode())
    mac = hmac.new(store.secret(con, "consent").encode(), body.encode(), hashlib.sha256)
    return f"{body}.{_b64(mac.digest())}"


def check_consent(
    con: duckdb.DuckDBPyConnection, token: str | None, uscc: str, key_id: str
) -> None:
    """Raise Forbidden unless `token` is this enterprise's live consent for this key."""
    bad = Forbidden("缺少或无效的企业授权 consent_token (missing or invalid consent token)")
    if not token or "." not in token:
        raise bad
    body, sig = token.rsplit(".", 1)
    mac = hmac.new(store.secret(con, "consent").encode(), body.encode(), hashlib.sha256)
    if not hmac.compare_digest(_b64(mac.digest()), sig):
        raise bad
    try:
        claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError:
        raise bad from None
    if claims.get("u") != uscc or claims.get("k") != key_id:
        raise bad
    if claims.get("e", 0) < utcnow_s().timestamp():
        raise Forbidden("企业授权已过期 (consent token expired)")


# ---------------------------------------------------------------- the summary


def _enterprise_rows(
    con: duckdb.DuckDBPyConnection, uscc: str, courts: frozenset[str]
) -> tuple[list[tuple], dict[int, str]]:
    """Distinct (case_id, role, family, cause_name, claim_amount, status, closing_method,
    filing_date, party name) of the enterprise's cases in the scope, and each case's court.

    Index probes one table at a time (parties.uscc, case_parties.party_id, the cases' key;
    engine.context.ensure_indexes), so the cost does not grow with the court."""
    people = con.execute("SELECT party_id, name FROM parties WHERE uscc = ?", [uscc]).fetchall()
    if not people:
        return [], {}
    name_of = dict(people)
    where, params = member("party_id", name_of)
    links = con.execute(
        f"SELECT case_id, party_id, role FROM case_parties WHERE {where}", params
    ).fetchall()
    case_ids = {r[0] for r in links}
    if not case_ids:
        return [], {}
    where, params = member("case_id", case_ids)
    cases = {
        r[0]: r[1:]
        for r in con.execute(
            f"""SELECT case_id, court_code, family, cause_name, claim_amount, status,
                       closing_method, filing_date
                FROM cases WHERE {where}""",
            params,
        ).fetchall()
        if r[1] in courts
    }
    rows = sorted(
        {(cid, role, *cases[cid][1:], name_of[pid]) for cid, pid, role in links if cid in cases},
        key=lambda r: (r[0], r[1], r[8]),
    )
    return rows, {cid: c[0] for cid, c in cases.items()}


def summary(
    con: duckdb.DuckDBPyConnection,
    uscc: str,
    courts: frozenset[str],
    court_names: Mapping[str, str] | None = None,
) -> dict:
    """The litigation summary of one enterprise over the courts' data. `court_names`: the
    courts' names where the caller holds them (the server's court tree)."""
    n = checked_uscc(uscc)
    rows, court_of = _enterprise_rows(con, n, courts)
    reg = con.execute(
        "SELECT name, status FROM registry_enterprises WHERE uscc = ?", [n]
    ).fetchone()
    if not rows and reg is None:
        raise NotFound("未找到该统一社会信用代码的企业 (no enterprise with this credit code)")
    name = reg[0] if reg else rows[0][8]
    side = {
        "plaintiff": "claimant", "appellant": "claimant", "applicant": "claimant",
        "defendant": "respondent", "appellee": "respondent", "respondent": "respondent",
        "criminal_defendant": "respondent",
    }  # fmt: skip
    by_role, by_cause, by_band, by_status = Counter(), Counter(), Counter(), Counter()
    enf: dict[int, tuple[str, str]] = {}  # enforcement cases against it: (status, method)
    seen = set()
    for cid, role, family, cause, amount, status, method, _filed, _n in rows:
        s = side.get(role, "other")
        by_role[SIDE_ZH[s]] += 1
        if family == "enforcement":
            if s == "respondent":
                enf[cid] = (status, method)
            continue
        if cid in seen:
            continue
        seen.add(cid)
        by_cause[cause or "未载明"] += 1
        by_band[_band(float(amount) if amount is not None else None)] += 1
        by_status["未结" if status == "pending" else "已结"] += 1
    enforcement = {
        "as_debtor": len(enf),
        # status and closing method came with the cases: no second read of them
        "pending": sum(st == "pending" for st, _m in enf.values()),
        "terminated_for_now": sum(m == "termination_current" for _s, m in enf.values()),
        "dishonest_listings": [],
    }
    if enf:
        where, params = member("case_id", enf)
        listed = con.execute(
            f"""SELECT action_date, case_id FROM enforcement_actions
                WHERE {where} AND kind = 'dishonest_list' ORDER BY 1, 2""",
            params,
        ).fetchall()
        names: Mapping[str, str] = court_names or {}
        if listed and court_names is None:
            where, params = member("court_code", {court_of[c] for _d, c in listed}, "VARCHAR")
            sql = f"SELECT court_code, name FROM courts WHERE {where}"
            names = dict(con.execute(sql, params).fetchall())
        enforcement["dishonest_listings"] = [
            {"listed_date": d.isoformat(), "court": names.get(court_of[cid], court_of[cid])}
            for d, cid in listed
        ]
    return {
        "enterprise": name,
        "uscc": n,
        "register_status": reg[1] if reg else None,
        "cases": len(seen),
        "by_role": dict(by_role),
        "by_cause": dict(by_cause.most_common(10)),
        "by_amount_band": {zh: by_band[zh] for _lo, _hi, zh in BANDS if by_band[zh]}
        | ({"未载明金额": by_band["未载明金额"]} if by_band["未载明金额"] else {}),
        "by_status": dict(by_status),
        "enforcement": enforcement,
        "as_of": utcnow_s().date().isoformat(),
    }
