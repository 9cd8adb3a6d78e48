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
   number), so cost grows with the rows, not their square. The exact evidence is scored in
   SQL, the string similarities with rapidfuzz: a matching phone or an ID number one or two
   typing errors away counts 3, an address at least 90 % similar 2 (80 %: 1), the same
   birth date 1 (2 when both rows state the same sex); a different sex, birth date or ID
   number rules the pair out, and so do a different phone together with an address that is
   not the other written with more or less detail (a namesake born the same day). Pairs scoring 2 or more merge, best first, unless the merge
   would put two strong keys, two sexes or two birth dates in one set. Companies need a
   name at least 90 % similar plus a shared legal representative, phone or address, so one
   lender's several companies (same representative, different names) stay apart.

Keys: ``N:`` + the first 16 hex digits of md5(normalised ID number) — the ID number itself
never appears in a key, so alerts that quote a key disclose nothing; ``L:`` + the credit
code (public on every business licence), followed by ``/`` + the name for an administrator
or liquidation group (管理人, 清算组), since one firm holds many appointments under its
code; ``O:`` + the normalised name of an organisation without a code; ``X:`` + the
smallest party_id of a natural person without an ID number.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import duckdb
import numpy as np
import pyarrow as pa
from rapidfuzz import fuzz
from rapidfuzz.process import cpdist

from courtqc.domain.idnumber import id15_to_18, normalize_id_number, validate_id_number
from courtqc.domain.uscc import normalize_uscc, validate_uscc
from courtqc.identity.normalize import (
    id_number_sql,
    id_valid_sql,
    normalize_party_name,
    sql_address,
    sql_name,
    sql_phone,
    uscc_sql,
    uscc_valid_sql,
)
from courtqc.identity.review import write_review

__all__ = ["ResolutionStats", "resolve_parties", "strong_key", "strong_key_sql"]

Progress = Callable[[str], None]

MERGE_SCORE = 2
# A bankruptcy administrator or liquidation group is a party in its own right for each
# debtor ("甲公司管理人"), though every appointment carries the appointed firm's credit code.
_ACTING_FOR = "(管理人|清算组)$"
ADDRESS_BLOCK_CHARS = 6


@dataclass
class ResolutionStats:
    rows: int = 0
    natural_with_id: int = 0  # natural-person rows keyed by a valid ID number
    legal_with_uscc: int = 0  # legal-person rows keyed by a valid credit code
    name_to_uscc: int = 0  # organisation rows without a code that joined a code by exact name
    candidate_pairs: int = 0  # pairs scored in the fuzzy step
    fuzzy_merges: int = 0  # groups merged in the fuzzy step
    review_pairs: int = 0  # borderline pairs written to identity_review for a steward
    decisions_applied: int = 0  # a steward's confirms and splits that hold in this run
    decisions_refused: int = 0  # confirms that would join two ID numbers, sexes or a split pair
    identities: int = 0  # distinct person_key values
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def strong_key_sql(kind: str, nname: str, nid: str, nuscc: str) -> str:
    """SQL for a party row's strong key (step 1 above; NULL without one), from its kind and
    its normalised name, ID number and credit code (sql_name, id_number_sql, uscc_sql). It
    needs no other row, so ingestion gives new party rows their key as they arrive
    (ingest.apply); the rest of resolution is a batch job."""
    return f"""CASE WHEN {kind} = 'natural' AND {id_valid_sql(nid)}
                    THEN 'N:' || substr(md5({nid}), 1, 16)
               WHEN {kind} <> 'natural' AND {uscc_valid_sql(nuscc)}
                    THEN 'L:' || {nuscc} || CASE WHEN regexp_matches({nname}, '{_ACTING_FOR}')
                                                 THEN '/' || {nname} ELSE '' END
          END"""


def strong_key(
    kind: str | None, name: str | None, id_number: str | None, uscc: str | None
) -> str | None:
    """strong_key_sql for one row, in Python (what ingestion uses: a few rows at a time)."""
    if kind == "natural" and id_number:
        nid = normalize_id_number(id_number)
        nid = id15_to_18(nid) or nid
        if validate_id_number(nid):
            return "N:" + hashlib.md5(nid.encode()).hexdigest()[:16]
    elif kind is not None and kind != "natural" and uscc:
        code = normalize_uscc(uscc)
        if validate_uscc(code, org_code=False):
            nname = normalize_party_name(name)
            acting = nname is not None and re.search(_ACTING_FOR, nname)
            return "L:" + code + ("/" + nname if acting else "")
    return None


def _stage_rows(con: duckdb.DuckDBPyConnection) -> None:
    # The CTEs are MATERIALIZED: inlined, each reference to a normalised column would
    # recompute its whole expression (the ID checksum alone reads nid 19 times).
    # Identical rows collapse into one group; NULLs compare equal in PARTITION BY, which is
    # what we want here (two rows both lacking a phone do not disagree on it). A blank name
    # gives no basis for grouping.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _idr AS
        WITH norm AS MATERIALIZED (
            SELECT party_id, kind,
                   {sql_name("name")} AS nname,
                   {id_number_sql("id_number")} AS nid,
                   {uscc_sql("uscc")} AS nuscc,
                   {sql_phone("phone")} AS nphone,
                   {sql_address("address")} AS naddr,
                   {sql_name("legal_rep")} AS nrep,
                   birth_date, gender
            FROM parties
        ),
        keyed AS MATERIALIZED (
            SELECT * EXCLUDE (nuscc),
                   {strong_key_sql("kind", "nname", "nid", "nuscc")} AS strong,
                   strong IS NULL AND kind = 'natural' AND nname IS NOT NULL AS loose
            FROM norm
        )
        SELECT party_id, kind, nname, nid, nphone, naddr, nrep, gender, strong,
               coalesce(birth_date, CASE WHEN strong LIKE 'N:%'
                                         THEN try_strptime(substr(nid, 7, 8), '%Y%m%d')::DATE END)
                   AS birth,
               CASE WHEN strong IS NOT NULL THEN strong
                    WHEN nname IS NULL THEN 'X:' || party_id
                    ELSE 'O:' || nname
               END AS gkey
        FROM keyed WHERE NOT loose
        UNION ALL
        SELECT party_id, kind, nname, nid, nphone, naddr, nrep, gender, strong, birth_date,
               'X:' || min(party_id) OVER (PARTITION BY nname, nid, nphone, naddr, birth_date, gender)
        FROM keyed WHERE loose
        """
    )


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


def _id_mismatches(a: str, b: str) -> str:
    return " + ".join(
        f"(substr({a}, {i}, 1) <> substr({b}, {i}, 1))::INTEGER" for i in range(1, 19)
    )


# Pairs of natural-person profiles with the same name and one more shared attribute, with
# the exact evidence scored here (see the module docstring): `veto` rules a pair out,
# `exact` counts ID, phone and birth-date points, `fuzzy` says whether the address
# similarity can still decide it (computed in Python).
_NATURAL_PAIRS = f"""
    WITH a AS (SELECT * FROM _idr_np WHERE NOT anchored),
    pairs AS (
        SELECT a.pid AS ra, b.pid AS rb
        FROM a JOIN _idr_np b ON a.nname = b.nname AND a.nphone = b.nphone
        UNION
        SELECT a.pid, b.pid FROM a JOIN _idr_np b ON a.nname = b.nname AND a.birth = b.birth
        UNION
        SELECT a.pid, b.pid FROM a JOIN _idr_np b ON a.nname = b.nname AND a.ablock = b.ablock
        UNION
        SELECT a.pid, b.pid
        FROM a JOIN _idr_np b ON a.nname = b.nname AND substr(a.nid, 1, 9) = substr(b.nid, 1, 9)
        UNION
        SELECT a.pid, b.pid
        FROM a JOIN _idr_np b ON a.nname = b.nname AND substr(a.nid, 10) = substr(b.nid, 10)
    ),
    f AS (
        SELECT a.gkey AS ga, b.gkey AS gb, a.naddr AS addr_a, b.naddr AS addr_b,
               a.naddr = b.naddr AS addr_eq,
               coalesce(a.gender <> b.gender, false) OR coalesce(a.birth <> b.birth, false)
                   -- A namesake, even of the same birth date: another phone and an address
                   -- that is not the same place written with more or less detail.
                   OR (coalesce(a.nphone <> b.nphone, false)
                       AND coalesce(NOT (starts_with(a.naddr, b.naddr)
                                         OR starts_with(b.naddr, a.naddr)), false))
                   OR (a.nid IS NOT NULL AND b.nid IS NOT NULL AND a.nid <> b.nid
                       AND NOT (length(a.nid) = 18 AND length(b.nid) = 18
                                AND {_id_mismatches("a.nid", "b.nid")} <= 2)) AS veto,
               CASE WHEN a.nid IS NOT NULL AND b.nid IS NOT NULL THEN 3 ELSE 0 END
                   + CASE WHEN a.nphone = b.nphone THEN 3 ELSE 0 END
                   + CASE WHEN a.birth = b.birth THEN (CASE WHEN a.gender = b.gender THEN 2 ELSE 1 END)
                          ELSE 0 END AS exact
        FROM pairs p JOIN _idr_np a ON a.pid = p.ra JOIN _idr_np b ON b.pid = p.rb
        WHERE a.gkey <> b.gkey AND (b.anchored OR a.gkey < b.gkey)
    )
    SELECT ga, gb, exact + CASE WHEN addr_eq THEN 2 ELSE 0 END AS score,
           NOT coalesce(addr_eq, true) AND exact < {MERGE_SCORE} AS fuzzy,
           CASE WHEN NOT coalesce(addr_eq, true) AND exact < {MERGE_SCORE} THEN addr_a END AS addr_a,
           CASE WHEN NOT coalesce(addr_eq, true) AND exact < {MERGE_SCORE} THEN addr_b END AS addr_b
    FROM f WHERE NOT veto
    ORDER BY ga, gb
"""

_ORG_PROFILES = f"""
    CREATE OR REPLACE TEMP TABLE _idr_op AS
    SELECT row_number() OVER () AS pid, *,
           -- Two chunks of the name without its company form: a name at least 90 % similar
           -- to another differs in one or two characters, so it keeps one of them intact.
           left(core, 4) AS nk1, right(core, 3) AS nk2
    FROM (
        SELECT *, regexp_replace(nname, '(股份有限公司|有限公司|公司)$', '') AS core FROM (
        SELECT DISTINCT gkey, nname, nrep, nphone, naddr,
               substr(naddr, 1, {ADDRESS_BLOCK_CHARS}) AS ablock, gkey LIKE 'L:%' AS anchored
        FROM _idr WHERE kind <> 'natural' AND nname IS NOT NULL
    ))
"""
# Organisation pairs: a merge needs a similar name *and* a shared legal representative,
# phone or address, so candidates must share one of those and a name chunk (or the whole
# name). The name similarity and (where not equal) the address similarity are computed in
# Python; `support` counts a shared representative and phone here.
_ORG_PAIRS = (
    "WITH a AS (SELECT * FROM _idr_op WHERE NOT anchored), pairs AS ("
    + " UNION ".join(
        f"SELECT a.pid AS ra, b.pid AS rb FROM a JOIN _idr_op b ON a.{attr} = b.{attr} AND a.{nk} = b.{nk}"
        for attr in ("nrep", "nphone", "ablock")
        for nk in ("nk1", "nk2")
    )
    + " UNION SELECT a.pid, b.pid FROM a JOIN _idr_op b ON a.nname = b.nname)"
    + """
    SELECT a.gkey AS ga, b.gkey AS gb, a.nname AS name_a, b.nname AS name_b,
           coalesce(a.nrep = b.nrep, false)::INTEGER + coalesce(a.nphone = b.nphone, false)::INTEGER
               AS support,
           coalesce(a.naddr = b.naddr, false) AS addr_eq, a.naddr AS addr_a, b.naddr AS addr_b
    FROM pairs p JOIN _idr_op a ON a.pid = p.ra JOIN _idr_op b ON b.pid = p.rb
    WHERE a.gkey <> b.gkey AND (b.anchored OR a.gkey < b.gkey)
      -- fuzz.ratio >= 90 needs an InDel distance <= 10 % of the two lengths, and the
      -- Levenshtein distance is never larger, so this drops no pair that could merge.
      AND levenshtein(a.nname, b.nname) <= (length(a.nname) + length(b.nname)) // 10
    ORDER BY ga, gb
"""
)


def _similarity(a: list, b: list) -> np.ndarray:
    """fuzz.ratio (0-100) of each pair a[i], b[i]; 0 where either is missing."""
    if not a:
        return np.zeros(0, dtype=np.float32)
    present = np.array([x is not None and y is not None for x, y in zip(a, b, strict=True)])
    out = np.zeros(len(a), dtype=np.float32)
    if present.any():
        idx = np.flatnonzero(present)
        out[idx] = cpdist([a[i] for i in idx], [b[i] for i in idx], scorer=fuzz.ratio, workers=-1)
    return out


def _address_points(similarity: np.ndarray) -> np.ndarray:
    return np.where(similarity >= 90, 2, np.where(similarity >= 80, 1, 0))


def _natural_pairs(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str], np.ndarray]:
    t = con.sql(_NATURAL_PAIRS).to_arrow_table()
    score = t["score"].to_numpy().astype(np.int32)
    fuzzy = t["fuzzy"].to_numpy(zero_copy_only=False)
    if fuzzy.any():
        idx = np.flatnonzero(fuzzy)
        addr_a, addr_b = t["addr_a"].to_pylist(), t["addr_b"].to_pylist()
        sim = _similarity([addr_a[i] for i in idx], [addr_b[i] for i in idx])
        score[idx] += _address_points(sim)
    return t["ga"].to_pylist(), t["gb"].to_pylist(), score


def _org_pairs(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str], np.ndarray]:
    t = con.sql(_ORG_PAIRS).to_arrow_table()
    name_sim = _similarity(t["name_a"].to_pylist(), t["name_b"].to_pylist())
    support = t["support"].to_numpy().astype(np.int32)
    addr_eq = t["addr_eq"].to_numpy(zero_copy_only=False)
    addr_sim = np.where(addr_eq, 100.0, 0.0).astype(np.float32)
    check = np.flatnonzero(~addr_eq & (name_sim >= 90))
    if len(check):
        addr_a, addr_b = t["addr_a"].to_pylist(), t["addr_b"].to_pylist()
        addr_sim[check] = _similarity([addr_a[i] for i in check], [addr_b[i] for i in check])
    support += (addr_sim >= 90).astype(np.int32)
    # A name at least 90 % similar and at least one shared attribute; an identical name
    # counts one more point.
    score = np.where((name_sim >= 90) & (support > 0), support + np.where(name_sim == 100, 2, 1), 0)
    return t["ga"].to_pylist(), t["gb"].to_pylist(), score


class _Groups:
    """Union-find over group keys. A set may not hold two different values of a trait: two
    strong keys (``anchor``), two sexes or two birth dates, so no chain of merges can make
    one "person" of a man and a woman, or of two ID numbers."""

    def __init__(self, traits: dict[str, dict[str, object]]) -> None:
        self.parent: dict[str, str] = {}
        self.traits = traits  # group key -> known traits; becomes root -> traits of its set
        # root -> group keys its set may never join: a steward's splits (review.py)
        self.apart: dict[str, set[str]] = {}

    def keep_apart(self, a: str, b: str) -> None:
        """A cannot-link: no union may ever put the sets of `a` and `b` together."""
        ra, rb = self.find(a), self.find(b)
        self.apart.setdefault(ra, set()).add(b)
        self.apart.setdefault(rb, set()).add(a)

    def find(self, k: str) -> str:
        if k not in self.parent:
            self.parent[k] = k
            t = self.traits.setdefault(k, {})
            if k[:2] in ("N:", "L:"):
                t["anchor"] = k
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
        ta, tb = self.traits[ra], self.traits[rb]
        if any(ta[k] != v for k, v in tb.items() if v is not None and ta.get(k) is not None):
            return False
        if self.apart and (
            any(self.find(x) == rb for x in self.apart.get(ra, ()))
            or any(self.find(x) == ra for x in self.apart.get(rb, ()))
        ):
            return False
        self.parent[rb] = ra
        if rb in self.apart:
            self.apart.setdefault(ra, set()).update(self.apart.pop(rb))
        ta.update({k: v for k, v in tb.items() if v is not None})
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
            key = self.traits[root].get("anchor") or min(ks, key=_key_order)
            out.update({k: key for k in ks if k != key})
        return out


_NATURAL_TRAITS = """
    SELECT gkey,
           CASE WHEN count(DISTINCT sex) = 1 THEN min(sex) END AS sex,
           CASE WHEN count(DISTINCT birth) = 1 THEN min(birth) END AS birth
    FROM (
        SELECT gkey, birth,
               CASE WHEN gkey LIKE 'N:%' THEN
                        CASE WHEN TRY_CAST(substr(nid, 17, 1) AS INTEGER) % 2 = 1 THEN 'male' ELSE 'female' END
                    ELSE gender END AS sex
        FROM _idr WHERE kind = 'natural'
    ) JOIN _idr_involved USING (gkey)
    GROUP BY gkey
"""


def _key_order(k: str) -> tuple[int, int, str]:
    # Prefer an organisation's name key, then the smallest party id, for a stable choice.
    if k.startswith("O:"):
        return (0, 0, k)
    return (1, int(k[2:]), k) if k[2:].isdigit() else (2, 0, k)


def _borderline(
    ga: list[str], gb: list[str], value: np.ndarray, lo: float, hi: float, inclusive_hi: bool
) -> dict[tuple[str, str], float]:
    """Group pairs whose best evidence lies in [lo, hi] (or [lo, hi)): a pair also scored
    above the band by another of its profiles is not borderline."""
    upper = value <= hi if inclusive_hi else value < hi
    band = np.flatnonzero((value >= lo) & upper)
    best: dict[tuple[str, str], float] = {}
    for i in band.tolist():
        k = (ga[i], gb[i])
        best[k] = max(best.get(k, -1.0), float(value[i]))
    if best:
        for i in np.flatnonzero(~upper).tolist():
            best.pop((ga[i], gb[i]), None)
    return best


def _decision_keys(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """A steward's decisions (review.py) as (group key a, group key b, decision) of this run's
    groups; a decision on rows no longer in the store is skipped."""
    from courtqc.identity.review import decisions

    ds = decisions(con)
    if not ds:
        return []
    ids = sorted({d.party_a for d in ds} | {d.party_b for d in ds})
    gkey = dict(
        con.execute(
            f"SELECT party_id, gkey FROM _idr WHERE party_id IN ({', '.join(map(str, ids))})"
        ).fetchall()
    )
    return [
        (gkey[d.party_a], gkey[d.party_b], d.decision)
        for d in ds
        if d.party_a in gkey and d.party_b in gkey
    ]


def _fuzzy(
    con: duckdb.DuckDBPyConnection, stats: ResolutionStats, method: str = "rules"
) -> tuple[dict[str, str], list[tuple[str, str, float, bool]]]:
    """(group key → final key for the groups that move, the borderline pairs for review)."""
    from courtqc.identity.review import REVIEW_BAND, RULES_BAND

    con.execute(_NATURAL_PROFILES)
    con.execute(_ORG_PROFILES)
    if method == "splink":
        from courtqc.identity.probabilistic import MIN_PROFILES, THRESHOLD, natural_pairs

        if con.execute("SELECT count(*) FROM _idr_np").fetchall()[0][0] < MIN_PROFILES:
            method = "rules"
    if method == "splink":
        ga, gb, prob_list = natural_pairs(con, floor=REVIEW_BAND[0])
        prob = np.asarray(prob_list, dtype=np.float64)
        # Pairs at or above the threshold merge; the better, the earlier. Those below it are
        # only there for the review list.
        score = np.where(prob >= THRESHOLD, MERGE_SCORE + np.round(prob * 10_000), 0).astype(
            np.int32
        )
        review = _borderline(ga, gb, prob, REVIEW_BAND[0], REVIEW_BAND[1], False)
    else:
        ga, gb, score = _natural_pairs(con)
        review = _borderline(ga, gb, score, RULES_BAND[0], RULES_BAND[1], True)
    oa, ob, oscore = _org_pairs(con)
    review.update(_borderline(oa, ob, oscore, RULES_BAND[0], RULES_BAND[1], True))
    con.execute("DROP TABLE _idr_np")
    con.execute("DROP TABLE _idr_op")
    stats.candidate_pairs = len(ga) + len(oa)
    ga, gb, score = ga + oa, gb + ob, np.concatenate([score, oscore])
    merge = np.flatnonzero(score >= MERGE_SCORE)
    steward = _decision_keys(con)
    # Sex and birth date of the natural-person groups about to be merged.
    involved = sorted(
        {ga[i] for i in merge} | {gb[i] for i in merge} | {k for a, b, _ in steward for k in (a, b)}
    )
    con.register("_idr_involved", pa.table({"gkey": pa.array(involved, pa.string())}))
    traits = {
        k: {"sex": sex, "birth": birth} for k, sex, birth in con.execute(_NATURAL_TRAITS).fetchall()
    }
    con.unregister("_idr_involved")
    groups = _Groups(traits)
    union = groups.union
    merged = 0
    # A steward's decisions first: splits fence their pairs off before any union, confirms
    # join theirs before any evidence (a confirm refused — it would join two ID numbers, or a
    # split pair — is counted).
    for a, b, d in steward:
        if d == "split":
            groups.keep_apart(a, b)
            stats.decisions_applied += 1
    for a, b, d in steward:
        if d == "confirm":
            if groups.find(a) == groups.find(b) or union(a, b):
                stats.decisions_applied += 1
            else:
                stats.decisions_refused += 1
    # Best evidence first, and at equal evidence a group with a strong key first, so a weak
    # pair cannot claim a group for the wrong person. The SQL returned the pairs in (ga, gb)
    # order and the sort is stable, so ties always resolve the same way.
    anchored = np.array([gb[i][:2] in ("N:", "L:") for i in merge], dtype=np.int32)
    order = merge[np.argsort(-(score[merge] * 2 + anchored), kind="stable")]
    for i in order.tolist():
        merged += union(ga[i], gb[i])
    stats.fuzzy_merges += merged
    find = groups.find
    borderline = [(a, b, v, find(a) == find(b)) for (a, b), v in review.items()]
    return groups.final_keys(), borderline


#: The ways natural persons without a strong key are matched: "rules" (the points above) or
#: "splink" (probabilistic.py: weights learnt by EM). Companies always go by the rules.
METHODS = ("rules", "splink")


def resolve_parties(
    con: duckdb.DuckDBPyConnection, progress: Progress | None = None, *, method: str = "rules"
) -> ResolutionStats:
    """Fill `parties.person_key` for every row of the store and return what was done.
    `method`: how natural persons without a valid ID number are matched (METHODS)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
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
    remap, borderline = _fuzzy(con, stats, method)
    say("写入待复核的边界对 writing the borderline pairs for review")
    stats.review_pairs = write_review(con, borderline, method)
    if remap:
        con.register(
            "_idr_remap_view",
            pa.table({"gkey": list(remap), "key": list(remap.values())}),
        )
        con.execute("UPDATE _idr SET gkey = m.key FROM _idr_remap_view m WHERE _idr.gkey = m.gkey")
        con.unregister("_idr_remap_view")
    say("写入 person_key writing person_key")
    con.execute(
        "UPDATE parties SET person_key = i.gkey FROM _idr i WHERE parties.party_id = i.party_id"
    )
    stats.identities = con.execute("SELECT count(DISTINCT gkey) FROM _idr").fetchall()[0][0]
    con.execute("DROP TABLE _idr")
    con.execute("DROP TABLE IF EXISTS _idr_map")
    stats.seconds = round(time.perf_counter() - t0, 3)
    return stats
