"""Party identity resolution: which `parties` rows are the same real person or company.

Writes `parties.person_key`; rows with the same key are one entity. In order:

1. **Strong keys (SQL).** A natural person with a valid resident ID number is keyed by it,
   a legal person with a valid credit code by the code — whatever the name looks like.
   Different valid numbers are never merged.
2. **Exact groups (SQL).** Rows without a strong key are grouped by their normalised
   attributes (name with spaces removed, full-width → half-width, 有限责任公司 ≡ 有限公司;
   phone digits; address without the city prefix; birth date): identical rows collapse into
   one group. A company group whose normalised name belongs to exactly one credit code joins
   that code's key.
3. **Fuzzy remainder (Python, rapidfuzz).** Candidate pairs come from equi-joins on the
   name plus one more attribute (phone, birth date, address block, either half of an ID
   number), so cost grows with the rows, not their square. Each pair is scored: a matching
   phone or an ID number one or two typing errors away counts 3, an address at least 90 %
   similar 2 (80 %: 1), the same birth date 1 (2 with the same sex stated); a different gender or birth date or a
   different ID number rules the pair out. Pairs scoring 2 or more merge, best first,
   unless that would join two different strong keys. Companies need a name at least 90 %
   similar plus a shared legal representative, phone or address, so one lender's several
   companies (same representative, different names) stay apart.

Keys: ``N:`` + the first 16 hex digits of md5(normalised ID number) — the ID number itself
never appears in a key, so alerts that quote a key disclose nothing; ``L:`` + the credit
code (public on every business licence); ``O:`` + the normalised name for an organisation
without a code; ``X:`` + the smallest party_id of a natural person without an ID number.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date

import duckdb
import pyarrow as pa
from rapidfuzz import fuzz

from courtqc.identity.normalize import (
    id_number_sql,
    id_valid_sql,
    sql_address,
    sql_name,
    sql_phone,
    uscc_sql,
    uscc_valid_sql,
)

__all__ = ["ResolutionStats", "resolve_parties"]

Progress = Callable[[str], None]

MERGE_SCORE = 2
ADDRESS_BLOCK_CHARS = 6


@dataclass
class ResolutionStats:
    rows: int = 0
    natural_with_id: int = 0  # natural-person rows keyed by a valid ID number
    legal_with_uscc: int = 0  # legal-person rows keyed by a valid credit code
    name_to_uscc: int = 0  # organisation rows without a code that joined a code by exact name
    candidate_pairs: int = 0  # pairs scored in the fuzzy step
    fuzzy_merges: int = 0  # groups merged in the fuzzy step
    identities: int = 0  # distinct person_key values
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def _stage_rows(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _idr_norm AS
        SELECT party_id, kind,
               {sql_name("name")} AS nname,
               {id_number_sql("id_number")} AS nid,
               {uscc_sql("uscc")} AS nuscc,
               {sql_phone("phone")} AS nphone,
               {sql_address("address")} AS naddr,
               {sql_name("legal_rep")} AS nrep,
               birth_date, gender
        FROM parties
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _idr_strong AS
        SELECT *,
               CASE WHEN kind = 'natural' AND {id_valid_sql("nid")}
                        THEN 'N:' || substr(md5(nid), 1, 16)
                    WHEN kind <> 'natural' AND {uscc_valid_sql("nuscc")}
                        THEN 'L:' || nuscc
               END AS strong
        FROM _idr_norm
        """
    )
    # Identical rows collapse into one group; NULLs compare equal in PARTITION BY, which is
    # what we want here (two rows both lacking a phone do not disagree on it). A blank
    # name gives no basis for grouping.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _idr AS
        SELECT party_id, kind, nname, nid, nphone, naddr, nrep, gender, strong,
               coalesce(birth_date, CASE WHEN strong LIKE 'N:%'
                                         THEN try_strptime(substr(nid, 7, 8), '%Y%m%d')::DATE END)
                   AS birth,
               CASE WHEN strong IS NOT NULL THEN strong
                    WHEN nname IS NULL THEN 'X:' || party_id
                    WHEN kind <> 'natural' THEN 'O:' || nname
                    ELSE 'X:' || min(party_id) OVER (
                        PARTITION BY nname, nid, nphone, naddr, birth_date, gender)
               END AS gkey
        FROM _idr_strong
        """
    )
    con.execute("DROP TABLE _idr_norm")
    con.execute("DROP TABLE _idr_strong")


def _exact_name_to_uscc(con: duckdb.DuckDBPyConnection) -> int:
    """O: groups whose name is that of exactly one credit code take that code's key."""
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _idr_map AS
        WITH coded AS (
            SELECT nname, min(strong) AS key, count(DISTINCT strong) AS n
            FROM _idr WHERE strong LIKE 'L:%' AND nname IS NOT NULL GROUP BY nname
        )
        SELECT DISTINCT i.gkey, c.key FROM _idr i JOIN coded c USING (nname)
        WHERE i.gkey LIKE 'O:%' AND c.n = 1
        """
    )
    moved = con.execute(
        "SELECT count(*) FROM _idr WHERE gkey IN (SELECT gkey FROM _idr_map)"
    ).fetchall()[0][0]
    con.execute("UPDATE _idr SET gkey = m.key FROM _idr_map m WHERE _idr.gkey = m.gkey")
    return moved


# --- candidate pairs ---------------------------------------------------------------------

_NATURAL_PROFILES = f"""
    CREATE OR REPLACE TEMP TABLE _idr_np AS
    SELECT row_number() OVER () AS pid, * FROM (SELECT DISTINCT gkey, nname, nid, nphone, naddr, substr(naddr, 1, {ADDRESS_BLOCK_CHARS}) AS ablock,
           birth, gender, gkey LIKE 'N:%' AS anchored
    FROM _idr WHERE kind = 'natural' AND nname IS NOT NULL)
"""
_NATURAL_PAIRS = """
    WITH a AS (SELECT * FROM _idr_np WHERE NOT anchored),
    pairs AS (
        SELECT a.gkey AS ga, b.gkey AS gb, a.pid AS ra, b.pid AS rb
        FROM a JOIN _idr_np b ON a.nname = b.nname AND a.nphone = b.nphone
        UNION
        SELECT a.gkey, b.gkey, a.pid, b.pid
        FROM a JOIN _idr_np b ON a.nname = b.nname AND a.birth = b.birth
        UNION
        SELECT a.gkey, b.gkey, a.pid, b.pid
        FROM a JOIN _idr_np b ON a.nname = b.nname AND a.ablock = b.ablock
        UNION
        SELECT a.gkey, b.gkey, a.pid, b.pid
        FROM a JOIN _idr_np b ON a.nname = b.nname AND substr(a.nid, 1, 9) = substr(b.nid, 1, 9)
        UNION
        SELECT a.gkey, b.gkey, a.pid, b.pid
        FROM a JOIN _idr_np b ON a.nname = b.nname AND substr(a.nid, 10) = substr(b.nid, 10)
    )
    SELECT p.ga, p.gb, a.nid, b.nid, a.nphone, b.nphone, a.naddr, b.naddr,
           a.birth, b.birth, a.gender, b.gender
    FROM pairs p JOIN _idr_np a ON a.pid = p.ra JOIN _idr_np b ON b.pid = p.rb
    WHERE p.ga <> p.gb AND (b.anchored OR p.ga < p.gb)
"""

_ORG_PROFILES = f"""
    CREATE OR REPLACE TEMP TABLE _idr_op AS
    SELECT row_number() OVER () AS pid, * FROM (SELECT DISTINCT gkey, nname, nrep, nphone, naddr, substr(naddr, 1, {ADDRESS_BLOCK_CHARS}) AS ablock,
           gkey LIKE 'L:%' AS anchored
    FROM _idr WHERE kind <> 'natural' AND nname IS NOT NULL)
"""
_ORG_PAIRS = """
    WITH a AS (SELECT * FROM _idr_op WHERE NOT anchored),
    pairs AS (
        SELECT a.gkey AS ga, b.gkey AS gb, a.pid AS ra, b.pid AS rb
        FROM a JOIN _idr_op b ON a.nrep = b.nrep
        UNION
        SELECT a.gkey, b.gkey, a.pid, b.pid FROM a JOIN _idr_op b ON a.nphone = b.nphone
        UNION
        SELECT a.gkey, b.gkey, a.pid, b.pid FROM a JOIN _idr_op b ON a.ablock = b.ablock
        UNION
        SELECT a.gkey, b.gkey, a.pid, b.pid FROM a JOIN _idr_op b ON a.nname = b.nname
    )
    SELECT p.ga, p.gb, a.nname, b.nname, a.nrep, b.nrep, a.nphone, b.nphone, a.naddr, b.naddr
    FROM pairs p JOIN _idr_op a ON a.pid = p.ra JOIN _idr_op b ON b.pid = p.rb
    WHERE p.ga <> p.gb AND (b.anchored OR p.ga < p.gb)
"""


def _hamming_close(a: str, b: str, limit: int = 2) -> bool:
    if len(a) != len(b):
        return False
    return sum(x != y for x, y in zip(a, b, strict=True)) <= limit


def _address_points(a: str | None, b: str | None) -> int:
    if not a or not b:
        return 0
    r = fuzz.ratio(a, b)
    return 2 if r >= 90 else 1 if r >= 80 else 0


def score_natural(
    nid: tuple[str | None, str | None],
    phone: tuple[str | None, str | None],
    addr: tuple[str | None, str | None],
    birth: tuple[date | None, date | None],
    gender: tuple[str | None, str | None],
) -> int:
    """Evidence that two same-named natural-person rows are one person (0 = ruled out)."""
    if gender[0] and gender[1] and gender[0] != gender[1]:
        return 0
    if birth[0] and birth[1] and birth[0] != birth[1]:
        return 0
    score = 0
    if nid[0] and nid[1]:
        if nid[0] == nid[1] or _hamming_close(nid[0], nid[1]):
            score += 3
        else:
            return 0
    if phone[0] and phone[0] == phone[1]:
        score += 3
    score += _address_points(*addr)
    if birth[0] and birth[0] == birth[1]:
        # Name, sex and date of birth are how a judgment identifies a person who has no
        # ID number on file ("张三，男，1977年9月23日出生").
        score += 2 if gender[0] and gender[0] == gender[1] else 1
    return score


def score_org(
    name: tuple[str, str],
    rep: tuple[str | None, str | None],
    phone: tuple[str | None, str | None],
    addr: tuple[str | None, str | None],
) -> int:
    """Evidence that two organisation rows are one organisation (0 = ruled out)."""
    similarity = fuzz.ratio(name[0], name[1])
    if similarity < 90:
        return 0
    support = 0
    if rep[0] and rep[0] == rep[1]:
        support += 1
    if phone[0] and phone[0] == phone[1]:
        support += 1
    if _address_points(*addr) == 2:
        support += 1
    if support == 0:
        return 0
    return support + (2 if similarity == 100 else 1)


class _Groups:
    """Union-find over group keys; a set holds at most one anchor (a strong key)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.anchor: dict[str, str | None] = {}

    def find(self, k: str) -> str:
        if k not in self.parent:
            self.parent[k] = k
            self.anchor[k] = k if k[:2] in ("N:", "L:") else None
            return k
        root = k
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[k] != root:
            self.parent[k], k = root, self.parent[k]
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        aa, ab = self.anchor[ra], self.anchor[rb]
        if aa and ab and aa != ab:
            return False
        self.parent[rb] = ra
        self.anchor[ra] = aa or ab
        return True

    def final_keys(self) -> dict[str, str]:
        """group key → key of its set, for the groups whose key changes."""
        members: dict[str, list[str]] = {}
        for k in self.parent:
            members.setdefault(self.find(k), []).append(k)
        out: dict[str, str] = {}
        for root, ks in members.items():
            if len(ks) == 1:
                continue
            key = self.anchor[root] or min(ks, key=_key_order)
            out.update({k: key for k in ks if k != key})
        return out


def _key_order(k: str) -> tuple[int, int, str]:
    # Prefer an organisation's name key, then the smallest party id, for a stable choice.
    if k.startswith("O:"):
        return (0, 0, k)
    return (1, int(k[2:]), k) if k[2:].isdigit() else (2, 0, k)


def _fuzzy(con: duckdb.DuckDBPyConnection, stats: ResolutionStats) -> dict[str, str]:
    scored: list[tuple[int, str, str]] = []
    con.execute(_NATURAL_PROFILES)
    for ga, gb, ia, ib, pa_, pb, aa, ab, ba, bb, sa, sb in con.execute(_NATURAL_PAIRS).fetchall():
        stats.candidate_pairs += 1
        s = score_natural((ia, ib), (pa_, pb), (aa, ab), (ba, bb), (sa, sb))
        if s >= MERGE_SCORE:
            scored.append((s, ga, gb))
    con.execute(_ORG_PROFILES)
    for ga, gb, na, nb, ra, rb, pa_, pb, aa, ab in con.execute(_ORG_PAIRS).fetchall():
        stats.candidate_pairs += 1
        s = score_org((na, nb), (ra, rb), (pa_, pb), (aa, ab))
        if s >= MERGE_SCORE:
            scored.append((s, ga, gb))
    con.execute("DROP TABLE _idr_np")
    con.execute("DROP TABLE _idr_op")
    groups = _Groups()
    # Best evidence first, so a weak pair cannot claim a row for the wrong strong key.
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    for _, ga, gb in scored:
        stats.fuzzy_merges += groups.union(ga, gb)
    return groups.final_keys()


def resolve_parties(con: duckdb.DuckDBPyConnection, progress: Progress | None = None) -> ResolutionStats:
    """Fill `parties.person_key` for every row of the store and return what was done."""
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    stats = ResolutionStats()
    say("规范化当事人信息 normalising party rows")
    _stage_rows(con)
    stats.rows, stats.natural_with_id, stats.legal_with_uscc = con.execute(
        "SELECT count(*), count(*) FILTER (strong LIKE 'N:%'), count(*) FILTER (strong LIKE 'L:%') FROM _idr"
    ).fetchall()[0]
    say("按名称匹配信用代码 matching names to credit codes")
    stats.name_to_uscc = _exact_name_to_uscc(con)
    say("模糊匹配 fuzzy matching the remainder")
    remap = _fuzzy(con, stats)
    if remap:
        con.register(
            "_idr_remap_view",
            pa.table({"gkey": list(remap), "key": list(remap.values())}),
        )
        con.execute("UPDATE _idr SET gkey = m.key FROM _idr_remap_view m WHERE _idr.gkey = m.gkey")
        con.unregister("_idr_remap_view")
    say("写入 person_key writing person_key")
    con.execute("UPDATE parties SET person_key = i.gkey FROM _idr i WHERE parties.party_id = i.party_id")
    stats.identities = con.execute("SELECT count(DISTINCT gkey) FROM _idr").fetchall()[0][0]
    con.execute("DROP TABLE _idr")
    con.execute("DROP TABLE IF EXISTS _idr_map")
    stats.seconds = round(time.perf_counter() - t0, 3)
    return stats
