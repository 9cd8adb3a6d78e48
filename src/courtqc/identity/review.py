"""Clerical review of identity resolution: the borderline pairs, and a data steward's decisions.

Every resolve run writes the pairs whose evidence lies near the merge bar to
`identity_review` — the rules' pairs of one or two evidence points (a merge carried by an
address or a birth date alone, or one point short of it), Splink's pairs whose match
probability lies in REVIEW_BAND — each side named by its representative row (the smallest
party_id of its group), with the evidence per attribute in words (no ID number or phone is
written to the table).

A steward then *confirms* a pair (must-link: the two rows are one person) or *splits* it
(cannot-link: they are two) — `identity_decisions`, with who, when and why. Every later
resolve applies the decisions inside the union-find (resolve._Groups): must-links are joined
before any evidence, and a cannot-link refuses a union the way two ID numbers do, so no chain
of likely pairs can bring a split pair under one key again. Decisions are keyed by party_id,
which reruns keep, so they outlive the review list they were made on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import duckdb
from rapidfuzz import fuzz

from courtqc.clock import utcnow
from courtqc.errors import Conflict, InvalidInput, NotFound, Where

__all__ = [
    "DECISIONS",
    "REVIEW_BAND",
    "RULES_BAND",
    "Decision",
    "decide",
    "decisions",
    "ensure_tables",
    "list_pairs",
    "parse_pair_id",
    "write_review",
]

#: Splink match probabilities a steward should see: from even odds up to just above the
#: merge threshold (probabilistic.THRESHOLD, 0.99) — see docs/IDENTITY.md for why.
REVIEW_BAND = (0.5, 0.999)
#: Rule points a steward should see: one point (one short of the merge bar, resolve.MERGE_SCORE)
#: and two (a merge carried by one weak attribute: an address or a birth date alone).
RULES_BAND = (1, 2)

DECISIONS = {"confirm": "确认为同一主体", "split": "拆分为不同主体"}
_PAIR_RE = re.compile(r"^(\d{1,18})-(\d{1,18})$")

_DDL = (
    """CREATE TABLE IF NOT EXISTS identity_review (
        pair_id   VARCHAR PRIMARY KEY,  -- '<party_a>-<party_b>', party_a < party_b
        party_a   BIGINT NOT NULL,      -- representative row of one side (smallest party_id)
        party_b   BIGINT NOT NULL,
        kind      VARCHAR,              -- natural | legal
        name_a    VARCHAR,
        name_b    VARCHAR,
        evidence  JSON,                 -- per attribute, in words
        score     DOUBLE,               -- rule points, or Splink's match probability
        merged    BOOLEAN,              -- whether this run gave both sides one key
        method    VARCHAR,              -- rules | splink
        run_at    TIMESTAMP
    )""",
    """CREATE TABLE IF NOT EXISTS identity_decisions (
        party_a     BIGINT NOT NULL,
        party_b     BIGINT NOT NULL,
        decision    VARCHAR NOT NULL,   -- confirm (must-link) | split (cannot-link)
        decided_by  VARCHAR NOT NULL,
        decided_at  TIMESTAMP NOT NULL,
        reason      VARCHAR,
        PRIMARY KEY (party_a, party_b)
    )""",
)


@dataclass(frozen=True)
class Decision:
    party_a: int
    party_b: int
    decision: str  # confirm | split


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in _DDL:
        con.execute(ddl)


def parse_pair_id(pair_id: str) -> tuple[int, int]:
    """'12-34' → (12, 34); 422 with a Chinese-first message for anything else."""
    m = _PAIR_RE.match(pair_id.strip())
    if not m or int(m[1]) == int(m[2]):
        raise InvalidInput(
            f"无效的比对对编号 {pair_id[:40]} (pair id must be two different party ids: A-B)",
            where=Where(field="pair_id"),
        )
    a, b = int(m[1]), int(m[2])
    return (a, b) if a < b else (b, a)


def decisions(con: duckdb.DuckDBPyConnection) -> list[Decision]:
    ensure_tables(con)
    rows = con.execute(
        "SELECT party_a, party_b, decision FROM identity_decisions ORDER BY party_a, party_b"
    ).fetchall()
    return [Decision(a, b, d) for a, b, d in rows]


# --- the review list, written by resolve ------------------------------------------------------


def _same(a: Any, b: Any) -> str:
    if a is None or b is None:
        return "missing"
    return "same" if a == b else "differs"


def _evidence(ra: dict, rb: dict) -> dict[str, Any]:
    """Per attribute, how the two representative rows compare — in words, so the table holds
    no ID number or phone."""
    ev: dict[str, Any] = {
        "name": "same"
        if ra["nname"] == rb["nname"]
        else f"{fuzz.ratio(ra['nname'] or '', rb['nname'] or ''):.0f}%",
    }
    ia, ib = ra["nid"], rb["nid"]
    if ia is None or ib is None:
        ev["id_number"] = "missing"
    elif ia == ib:
        ev["id_number"] = "same"
    elif len(ia) == len(ib) == 18 and sum(x != y for x, y in zip(ia, ib, strict=True)) <= 2:
        ev["id_number"] = "1-2 characters apart"
    else:
        ev["id_number"] = "differs"
    ev["phone"] = _same(ra["nphone"], rb["nphone"])
    aa, ab = ra["naddr"], rb["naddr"]
    if aa is None or ab is None:
        ev["address"] = "missing"
    elif aa == ab:
        ev["address"] = "same"
    elif aa.startswith(ab) or ab.startswith(aa):
        ev["address"] = "more or less detail"
    else:
        ev["address"] = f"{fuzz.ratio(aa, ab):.0f}%"
    if ra["kind"] == "natural":
        ev["birth_date"] = _same(ra["birth"], rb["birth"])
        ev["sex"] = _same(ra["gender"], rb["gender"])
    else:
        ev["legal_rep"] = _same(ra["nrep"], rb["nrep"])
    return ev


def write_review(
    con: duckdb.DuckDBPyConnection,
    pairs: list[tuple[str, str, float, bool]],
    method: str,
) -> int:
    """Replace `identity_review` with this run's borderline pairs: (group key a, group key b,
    score, merged). Reads the staged rows of resolve.py (`_idr`)."""
    ensure_tables(con)
    con.execute("DELETE FROM identity_review")
    if not pairs:
        return 0
    keys = sorted({k for a, b, _s, _m in pairs for k in (a, b)})
    con.execute("CREATE OR REPLACE TEMP TABLE _idr_rk (gkey VARCHAR)")
    con.executemany("INSERT INTO _idr_rk VALUES (?)", [[k] for k in keys])
    cur = con.execute(
        """SELECT i.gkey, i.party_id, i.kind, p.name, i.nname, i.nid, i.nphone, i.naddr, i.nrep,
                  i.birth, i.gender
           FROM _idr i JOIN parties p USING (party_id)
           WHERE i.party_id IN (SELECT min(party_id) FROM _idr WHERE gkey IN (SELECT gkey FROM _idr_rk)
                                GROUP BY gkey)"""
    )
    cols = [d[0] for d in cur.description]
    rep = {r[0]: dict(zip(cols, r, strict=True)) for r in cur.fetchall()}
    con.execute("DROP TABLE _idr_rk")
    now = utcnow()
    rows, seen = [], set()
    for ga, gb, score, merged in pairs:
        ra, rb = rep.get(ga), rep.get(gb)
        if ra is None or rb is None:
            continue
        if ra["party_id"] > rb["party_id"]:
            ra, rb = rb, ra
        pid = f"{ra['party_id']}-{rb['party_id']}"
        if pid in seen:
            continue
        seen.add(pid)
        rows.append(
            [
                pid,
                ra["party_id"],
                rb["party_id"],
                "natural" if ra["kind"] == "natural" else "legal",
                ra["name"],
                rb["name"],
                json.dumps(_evidence(ra, rb), ensure_ascii=False),
                float(score),
                bool(merged),
                method,
                now,
            ]
        )
    con.executemany("INSERT INTO identity_review VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


# --- reading the list and deciding ------------------------------------------------------------

_SCOPE = """EXISTS (SELECT 1 FROM case_parties cp JOIN cases c USING (case_id)
                    WHERE cp.party_id = r.{side} AND list_contains($courts, c.court_code))"""


def list_pairs(
    con: duckdb.DuckDBPyConnection,
    *,
    courts: set[str] | frozenset[str] | None = None,
    status: str = "all",
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """(total, rows) of the review list, lowest-evidence first, each with its side's party rows
    (name, ID number, phone, address, birth date — in clear: the caller masks) and the
    decision taken on it, if any. `courts`: only pairs whose two sides both appear in a case
    of these courts (None: all). `status`: pending | decided | all."""
    ensure_tables(con)
    if status not in ("pending", "decided", "all"):
        raise InvalidInput(
            f"无效的状态 {status[:20]} (status must be pending, decided or all)",
            where=Where(field="status"),
        )
    where, params = [], {}
    if status == "pending":
        where.append("d.decision IS NULL")
    elif status == "decided":
        where.append("d.decision IS NOT NULL")
    if courts is not None:
        params["courts"] = sorted(courts)
        where += [_SCOPE.format(side="party_a"), _SCOPE.format(side="party_b")]
    w = f"WHERE {' AND '.join(where)}" if where else ""
    base = f"""FROM identity_review r
               LEFT JOIN identity_decisions d ON d.party_a = r.party_a AND d.party_b = r.party_b
               {w}"""
    total = con.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    cur = con.execute(
        f"""SELECT r.pair_id, r.party_a, r.party_b, r.kind, r.name_a, r.name_b, r.evidence,
                   r.score, r.merged, r.method, r.run_at, d.decision, d.decided_by,
                   d.decided_at, d.reason
            {base} ORDER BY r.score, r.pair_id LIMIT {int(limit)} OFFSET {int(offset)}""",
        params,
    )
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    ids = sorted({r[k] for r in rows for k in ("party_a", "party_b")})
    side: dict[int, dict[str, Any]] = {}
    if ids:
        cur = con.execute(
            f"""SELECT party_id, name, id_number, phone, address, birth_date, gender, uscc,
                       legal_rep, person_key
                FROM parties WHERE party_id IN ({", ".join(str(i) for i in ids)})"""
        )
        pc = [d[0] for d in cur.description]
        side = {r[0]: dict(zip(pc, r, strict=True)) for r in cur.fetchall()}
    for r in rows:
        r["evidence"] = (
            json.loads(r["evidence"]) if isinstance(r["evidence"], str) else r["evidence"]
        )
        r["a"], r["b"] = side.get(r["party_a"]), side.get(r["party_b"])
        r["same_key_now"] = bool(
            r["a"]
            and r["b"]
            and r["a"]["person_key"]
            and r["a"]["person_key"] == r["b"]["person_key"]
        )
    return total, rows


def decide(
    con: duckdb.DuckDBPyConnection,
    party_a: int,
    party_b: int,
    decision: str,
    by: str,
    reason: str | None = None,
) -> dict[str, Any]:
    """Store a steward's decision on two party rows (replacing an earlier one on the pair). It
    takes effect at the next resolve. Refused: an unknown decision or party, and a split of
    two rows with one valid ID number or credit code (the number is the identity; correct the
    number instead)."""
    from courtqc.identity.resolve import strong_key

    ensure_tables(con)
    if decision not in DECISIONS:
        raise InvalidInput(
            f"未知的决定 {decision[:20]} (decision must be confirm or split)",
            where=Where(field="decision"),
        )
    if party_a == party_b:
        raise InvalidInput(
            "不能对同一条记录作决定 (the two party ids must differ)", where=Where(field="pair_id")
        )
    a, b = sorted((party_a, party_b))
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT party_id, kind, name, id_number, uscc FROM parties WHERE party_id IN (?, ?)",
            [a, b],
        ).fetchall()
    }
    for pid in (a, b):
        if pid not in rows:
            raise NotFound(
                f"当事人记录 {pid} 不存在 (no such party row)", where=Where(field="pair_id")
            )
    if decision == "split":
        ka, kb = strong_key(*rows[a]), strong_key(*rows[b])
        if ka is not None and ka == kb:
            raise Conflict(
                "两条记录的身份证号或统一社会信用代码相同，不能拆分；请更正号码 "
                "(both rows carry the same valid ID number or credit code: correct the number instead)",
                where=Where(field="decision"),
            )
    now = utcnow()
    con.execute(
        "INSERT OR REPLACE INTO identity_decisions VALUES (?, ?, ?, ?, ?, ?)",
        [a, b, decision, by, now, reason],
    )
    return {
        "pair_id": f"{a}-{b}",
        "party_a": a,
        "party_b": b,
        "decision": decision,
        "decision_zh": DECISIONS[decision],
        "decided_by": by,
        "decided_at": now,
        "reason": reason,
    }
