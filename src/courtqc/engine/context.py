"""A case's context: everything a model may read about one case, in a scratch database with
the canonical schema, so node mode can run the very same SQL as review mode.

The context of case C is: C; its parties; every party row of the same identities (person_key,
else the normalised ID number / credit code); every case of those party rows, and every case in
which they paid or were paid; the origin and derived cases (appeal, retrial, enforcement,
resumption) of those cases; then all rows of those cases in every per-case table, all their
parties, and the register rows of those parties. Small dimension and reference tables are not
copied: the scratch database sees the store's own (views).

The contract this gives models (docs/OPERATORS.md): a model's answer for a case may depend on
that case's context only; the node/review equivalence test holds every built-in model to it.

What a node check costs is mostly DuckDB planning each statement (a context holds a few dozen
rows) and reading the context's rows from the store, so the builder keeps statements few and
small: one scratch database per builder, attached once, whose tables are replaced per event;
lookups that can share a statement share it; the copies of a big context run on two cursors in
parallel; the operator views every party model reads through (party_identity, case_roles,
party_controller) are materialised once per event from the context, so each model binds a table
instead of re-planning their joins; and statements over the scratch database can run without
the optimiser (`optimise=False`). A materialised view holds exactly the rows the view would give
over the same context, so the models' answers are unchanged.

Several cases at once (`build` of a collection) give the union of their contexts: node mode in
batches (NodeChecker.check_many) and the CDC ingest.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import duckdb

from courtqc.engine import name_thread
from courtqc.engine.context_copy import _STATEMENT, _WEIGHT, ContextCopies, _refill
from courtqc.operators import base_tables, hub_keys, view_body
from courtqc.schema import ADDED_TABLES, CASE_DATA_TABLES, case_links

# Tables copied per event by their case_id (courtqc.schema.case_links); payments are copied
# with the parties they name (see _build).
PER_CASE_TABLES = tuple(t for t in case_links.PER_CASE_TABLES if t != "payments")
# Reference tables: no case, copied whole once.
DIMENSION_TABLES = case_links.REFERENCE_TABLES
# Registers, by the column their rows are looked up with (the parties' ID number or credit code).
REGISTER_KEYS = {t: case_links.CASE_LINKS[t].key_column for t in case_links.REGISTER_TABLES}
# Tables through which one case reaches another by its parties.
PARTY_TABLES = {"case_parties", "parties", "payments", "case_agents"}
# Operator views materialised per event in node mode, in dependency order.
MATERIALIZED = ("party_identity", "case_roles", "party_controller")
# Indexes that make each context lookup a few index probes instead of a scan.
INDEXES = (
    ("case_parties", "party_id"), ("case_parties", "case_id"), ("parties", "person_key"),
    ("parties", "id_number"), ("parties", "uscc"), ("parties", "name"), ("parties", "legal_rep"), ("payments", "party_id"),
    ("payments", "case_id"), ("cases", "origin_case_id"), ("case_agents", "case_id"),
    ("events", "case_id"), ("documents", "case_id"), ("info_points", "case_id"),
    ("sentences", "case_id"), ("civil_outcomes", "case_id"), ("enforcement_actions", "case_id"),
    ("appeal_results", "origin_case_id"), ("quality_reviews", "case_id"),
    # its primary key is (uscc, seq), which DuckDB does not use for `uscc IN (...)`: without
    # this a lookup scanned its 860,610 rows at 1M (60-75 ms a node event)
    ("registry_enterprise_shareholders", "uscc"),
)  # fmt: skip

_ctx_counter = itertools.count(1)
# A key set larger than a table's rows / _SCAN_RATIO is matched by one scan of the table (a hash
# join) instead of one index probe per key: a probe costs about as much as scanning a few
# thousand rows. Contexts of one case never get there; batches of hundreds of events do.
_SCAN_RATIO = 3000
# ... except in the tables not stored in case order, whose scan cannot skip row groups and
# whose rows are wide text (parties, the registers): there a scan costs as much as ~700 of the
# table's rows / 700 probes (measured at 1M: registry_enterprises, 388k rows, 286 keys: scan 41
# ms CPU, probes 21 ms; parties, 1.66M rows, 2,000 keys: 210 vs 184 ms).
_SCAN_RATIO_OF = {"parties": 700, **{t: 700 for t in case_links.REGISTER_TABLES}}
_PROBE_MAX = 50  # below this many keys, always probe
# A context of more parties than this copies them on both cursors, half each (_copy_split).
_SPLIT_PARTIES = 100
# The scratch tables are emptied and refilled, never replaced: a statement prepared over them
# then keeps its plan (DuckDB binds it again whenever the catalog it reads changes). Deleted
# rows linger in an in-memory table, so every _COMPACT_EVERY builds the tables are rewritten.
_COMPACT_EVERY = 2000
# ... or sooner, once builds have held _COMPACT_CASES cases since the last rewrite: batches
# (check_many) of thousands of cases reach 2000 builds only after hours, and until then every
# context they built stayed in memory: +3.4 MB per 300 batched checks, linear
# (docs/BENCHMARKS.md "CDC memory").
_COMPACT_CASES = 5000
_BASES = {v: frozenset(base_tables({v})) for v in MATERIALIZED}


def _ints(xs: Iterable[int]) -> str:
    s = ",".join(str(int(x)) for x in sorted(set(xs)))
    return s or "NULL"


def _strs(xs: Iterable[str]) -> str:
    vals = sorted({x for x in xs if x is not None})
    return ",".join("'" + v.replace("'", "''") + "'" for v in vals) or "NULL"


def _case_set(case_id: int | Iterable[int]) -> set[int]:
    return {int(case_id)} if isinstance(case_id, int) else {int(c) for c in case_id}


_KEYS = re.compile(r"\$(qc_keys_\d+)\b")


def _present(con: duckdb.DuckDBPyConnection, db: str) -> set[str]:
    return {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [db]
        ).fetchall()
    }


def ensure_indexes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create the lookup indexes node mode relies on (only where missing). Returns names made."""
    db = con.execute("SELECT current_database()").fetchone()[0]
    tables = _present(con, db)
    have = {
        r[0]
        for r in con.execute(
            "SELECT index_name FROM duckdb_indexes() WHERE database_name = ?", [db]
        ).fetchall()
    }
    made = []
    for table, col in INDEXES:
        name = f"qc_{table}_{col}"
        if table in tables and name not in have:
            con.execute(f"CREATE INDEX {name} ON {table} ({col})")
            made.append(name)
    return made


@dataclass
class ContextStats:
    cases: int
    parties: int


@dataclass
class Focus:
    """What the store holds under one case id, read in one statement before anything else (a
    node check's first step): the case row node mode decides with, the case's parties, its
    origin and derived cases and the parties paid in it."""

    row: tuple  # (case_id, case_no, family, type_code, cause_name, court_code)
    parties: set[int]
    links: set[int]  # origin and derived cases
    paid: set[int]


@dataclass
class _Gathered:
    cases: set[int]
    parties: set[int]
    linked: set[int]  # parties whose other cases and payments were followed
    keys: dict[int, tuple[str | None, str | None]]  # party -> (ID number, credit code), known
    copied: set[int]  # cases whose rows of the prefetched tables are in the scratch database
    near: set[int]  # the focus cases with their origin and derived cases
    near_parties: set[int]  # their parties (and those paid in them)


@dataclass(frozen=True)
class _Reach:
    """What a build copies of each table: every case and party gathered for the tables in
    `far`, only the near ones (the focus cases, their origin and derived cases) for the rest."""

    g: _Gathered
    far: frozenset[str]

    def case_set(self, t: str) -> set[int]:
        return self.g.cases if t in self.far else self.g.near

    def party_set(self, t: str) -> set[int]:
        return self.g.parties if t in self.far else self.g.near_parties


def _views_to_fill(
    filled: set[str], reads: set[str] | frozenset[str] | None, controllers: bool
) -> list[str]:
    """The operator views to materialise over the copies: those whose tables are all copied
    and that a model reads (party_controller only when asked for, if reads are not known)."""
    return [
        v
        for v in MATERIALIZED
        if _BASES[v] <= filled
        and (v in reads if reads is not None else v != "party_controller" or controllers)
    ]


class ContextBuilder(ContextCopies):
    """Builds a case's context in a scratch database attached to the store's connection.

    `cur` and `work` must be cursors (own sessions) of a connection to the store, with the
    operators installed (courtqc.operators.install). `cur` looks the context up in the store;
    two more sessions of its own copy the rows into the scratch database (an in-memory
    database the builder ATTACHes), and `work` materialises the operator views there. `work`
    and any other `reader()` stay in the scratch database: unqualified names are the current
    context's, so models run on them as on the store. `close()` DETACHes it.

    Readers are given over to node mode: the operator views the builder materialises are
    dropped from their TEMP schema (else they would hide the scratch tables of the same names).

    `optimise=False` is for contexts of a few cases, a few dozen rows: statements over the
    scratch database run without DuckDB's optimiser, whose passes cost more than the plans they
    improve. The optimiser never changes an answer (DuckDB's verification mode runs queries
    both ways and compares); the store lookups and the copies, which need it to use the
    indexes, always run optimised. No session switches database or optimiser per event.
    """

    def __init__(
        self,
        cur: duckdb.DuckDBPyConnection,
        work: duckdb.DuckDBPyConnection,
        *,
        optimise: bool = True,
    ):
        self.cur = cur
        self.optimise = optimise
        self.store_db = cur.execute("SELECT current_database()").fetchone()[0]
        self.tables = _present(cur, self.store_db)
        self.current: str | None = None
        self.pending: list[str] = []  # operator views build(defer_views=True) left to materialise
        self.hubs = hub_keys(cur)
        n = next(_ctx_counter)
        self.db = f"qc_ctx_{n}"
        self._builds = 0
        self._built_cases = 0  # cases in the builds since the last rewrite (_COMPACT_CASES)
        self._known: dict[int, tuple[str | None, str | None]] = {}  # see _Gathered.keys
        self._links_max: int | None = None  # newest party row in the link table (_links_ready)
        self._keys = itertools.count()  # names of the key lists _in binds
        self._params: dict[str, list] = {}  # the key lists, by name (see _in)
        self._rows = {  # rows of each store table (estimated), for _in
            r[0]: int(r[1] or 0)
            for r in cur.execute(
                "SELECT table_name, estimated_size FROM duckdb_tables() WHERE database_name = ?",
                [self.store_db],
            ).fetchall()
        }
        cur.execute(f"ATTACH ':memory:' AS {self.db}")
        # Two sessions copy rows into the scratch database, this thread's and a pool thread's,
        # in parallel (see _build); they stay in it, optimised.
        self._main = cur.cursor()
        self._aux = cur.cursor()
        for c in (self._main, self._aux):
            c.execute(f"USE {self.db}")
        self._pool = ThreadPoolExecutor(
            1,
            thread_name_prefix="courtqc-context",
            initializer=name_thread,
            initargs=("qc-context",),
        )
        self.work = work
        self.reader(work)
        # Every table a context can hold, empty, once: the store's case tables, then the
        # operator views node mode materialises (over them, on `work`).
        self.copyable = [
            t for t in CASE_DATA_TABLES if t in self.tables and t not in DIMENSION_TABLES
        ]
        self._main.execute(
            ";\n".join(
                f"CREATE TABLE {t} AS SELECT * FROM {self.q(t)} LIMIT 0" for t in self.copyable
            )
        )
        # Which cases a node check is about (see NodeChecker): one focus case, or per model.
        self._main.execute(
            "CREATE TABLE qc_focus (case_id BIGINT, case_no VARCHAR, court_code VARCHAR);\n"
            "CREATE TABLE qc_scope (model_id VARCHAR, case_id BIGINT)"
        )
        # Tables added to the schema after the store was made: the sessions operators.install
        # sets up read an empty TEMP stand-in of each (operators._stand_in_added_tables), so
        # the views over them are materialised as review mode computes them (no rows there).
        self.stand_ins = {t for t in ADDED_TABLES if t not in self.tables}
        self.views = [v for v in MATERIALIZED if _BASES[v] <= {*self.copyable, *self.stand_ins}]
        for v in self.views:
            work.execute(f"CREATE TABLE {v} AS {view_body(v)} LIMIT 0")
        # Bumped whenever the scratch catalog changes (compaction): statements prepared before
        # are planned again on every EXECUTE after such a change, so they are prepared anew.
        self.epoch = 0
        self._views_prepared = -1  # the epoch the materialising statements were prepared in

    def reader(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Make a session of the store (operators installed) read the contexts this builder
        makes — to run models on them. It stays in the scratch database, unoptimised unless
        `optimise`."""
        for t in DIMENSION_TABLES:
            if t in self.tables:
                cur.execute(
                    f'CREATE OR REPLACE TEMP VIEW {t} AS SELECT * FROM "{self.store_db}".main.{t}'
                )
        cur.execute(
            ";".join(
                [f"DROP VIEW IF EXISTS temp.main.{v}" for v in MATERIALIZED]
                + [f"USE {self.db}"]
                + ([] if self.optimise else ["PRAGMA disable_optimizer"])
            )
        )

    def q(self, table: str) -> str:
        return f'"{self.store_db}".main.{table}'

    def _in(self, table: str, col: str, values: Iterable, *, text: bool = False) -> str:
        """`col IN (values)` for a lookup in `table` of the store: index probes for a few
        values (a literal list), one scan of the table for many (see _SCAN_RATIO) — matched
        against the values bound as one list parameter, as binding thousands of literals
        costs more than the scan. Statements holding such a parameter run through _exec."""
        vals = {v for v in values if v is not None}
        ratio = _SCAN_RATIO_OF.get(table, _SCAN_RATIO)
        if len(vals) <= max(_PROBE_MAX, self._rows.get(table, 0) // ratio):
            return f"{col} IN ({_strs(vals) if text else _ints(vals)})"
        return f"{col} IN (SELECT unnest({self._bind(vals, text=text)}))"

    def _bind(self, values: Iterable, *, text: bool = False) -> str:
        """A list parameter holding `values`, for a statement run through _exec."""
        name = f"qc_keys_{next(self._keys)}"
        self._params[name] = sorted(values)
        return f"${name}::{'VARCHAR' if text else 'BIGINT'}[]"

    def _exec(self, cur: duckdb.DuckDBPyConnection, *statements: str) -> duckdb.DuckDBPyConnection:
        """Run the statements in order on `cur`, each with the key lists of _in it names (a
        run of statements without any goes as one call); the cursor holds the last result."""
        plain: list[str] = []
        for sql in statements:
            names = set(_KEYS.findall(sql))
            if not names:
                plain.append(sql)
                continue
            if plain:
                cur.execute(";\n".join(plain))
                plain = []
            cur.execute(sql, {n: self._params[n] for n in names})
        if plain:
            cur.execute(";\n".join(plain))
        return cur

    def _col(self, sql: str) -> list:
        return [r[0] for r in self._exec(self.cur, sql).fetchall()]

    def _by_key(self, keys: set[str]) -> set[int]:
        if not keys:
            return set()
        rows = self._exec(
            self.cur,
            f"SELECT party_id, id_number, uscc FROM {self.q('parties')} "
            f"WHERE {self._in('parties', 'person_key', keys, text=True)}",
        ).fetchall()
        self._known.update((pid, (idn, us)) for pid, idn, us in rows)
        return {pid for pid, _, _ in rows}

    def _either(self, pairs: list[tuple[str, str, str]]) -> set:
        """Non-null values of `column` over several (column, table, condition) lookups, in one
        statement: each branch is still an index lookup, planned once."""
        sql = " UNION ALL ".join(
            f"SELECT {col} FROM {self.q(table)} WHERE {cond}" for col, table, cond in pairs
        )
        return {x for x in self._col(sql) if x is not None}

    def _origin_links(self, cases: set[int]) -> set[int]:
        """The cases with their origin cases and the cases derived from them."""
        return set(cases) | self._either(
            [
                ("origin_case_id", "cases", self._in("cases", "case_id", cases)),
                ("case_id", "cases", self._in("cases", "origin_case_id", cases)),
            ]
        )

    def _same_identity(self, party_ids: set[int]) -> set[int]:
        """The parties and every party row of the same identity (party_identity), leaving out
        institutional litigants (hubs), which are never linked across cases."""
        rows = self._exec(
            self.cur,
            f"SELECT party_id, person_key, id_number, uscc FROM {self.q('parties')} "
            f"WHERE {self._in('parties', 'party_id', party_ids)}",
        ).fetchall()
        return self._same_identity_of(rows)

    def _same_identity_of(self, rows: list[tuple]) -> set[int]:
        """_same_identity from the (party_id, person_key, id_number, uscc) rows of the parties."""
        q = self.q
        self._known.update((pid, (idn, us)) for pid, _, idn, us in rows)
        linked: set[int] = set()
        keys: set[str] = set()
        ids: set[str] = set()
        usccs: set[str] = set()
        for pid, pk, idn, us in rows:
            if pk is not None:
                raw = pk
            elif idn:
                raw = "id:" + self._norm(idn)
            elif us:
                raw = "uscc:" + self._norm(us)
            else:
                raw = f"party:{pid}"
            if raw in self.hubs:
                continue
            linked.add(pid)
            if pk is not None:
                keys.add(pk)
            elif idn:
                ids.add(self._norm(idn))
            elif us:
                usccs.add(self._norm(us))
        linked |= self._by_key(keys)
        if ids or usccs:
            # Before identity resolution: the same normalised ID number / credit code. This
            # scans parties; after resolution every party has a person_key and it never runs.
            # op_norm_id (the operator party_identity keys by) only translates the few values
            # that hold a full-width character.
            linked |= set(
                self._col(
                    f"SELECT party_id FROM {q('parties')} WHERE person_key IS NULL AND "
                    f"(op_norm_id(id_number) IN ({_strs(ids)}) OR op_norm_id(uscc) IN ({_strs(usccs)}))"
                )
            )
        return linked

    # ------------------------------------------------------------ controllers (party_controller)

    def _links_ready(self) -> str:
        """The party-link keys party_controller joins on, indexed, in a TEMP table of `cur`'s
        session (made on first use, one pass over `parties`; topped up with the rows added
        since, by party_id, at every use — a pass over the newest row group only): one row per
        (party, key), the key a 63-bit hash of 'n' + the normalised name of a natural person or
        legal representative of a company (the row's, else the enterprise register's), 'p' +
        the normalised phone, 'a' + the normalised address, 's' + the normalised ID number of a
        company's controlling shareholder (a current natural-person holding over 50 % in
        registry_enterprise_shareholders) and of a person holding one — the very macros the
        view uses, so a key equal in the view is equal here. A hash collision only brings in a
        party more, and the context stays closed (see _controllers). A party row changed in
        place (a new phone) keeps its old keys until the checker starts again."""
        table = f"temp.main.{self.db}_links"
        q = self.q
        reg = "registry_enterprises" in self.tables
        rep = "coalesce(p.legal_rep, re.legal_rep)" if reg else "p.legal_rep"
        join = (
            f"LEFT JOIN {q('registry_enterprises')} re "
            "ON p.kind = 'legal' AND re.uscc = op_norm_id(p.uscc)"
            if reg
            else ""
        )
        held = ""
        if "registry_enterprise_shareholders" in self.tables:
            # controlling shareholders (party_controller's `holders`): companies and persons
            # meet on the holder's ID number
            held = f""",
            s AS MATERIALIZED (
                SELECT op_norm_id(uscc) AS nuscc, op_norm_id(holder_id_number) AS nid
                FROM {q("registry_enterprise_shareholders")}
                WHERE holder_kind = 'natural' AND valid_to IS NULL
                  AND CAST(share_pct AS DOUBLE) > 50 AND holder_id_number IS NOT NULL)
            SELECT (hash('s' || s.nid) >> 1)::BIGINT, p.party_id, p.person FROM p
            JOIN s ON p.nid = s.nid WHERE p.person
            UNION ALL SELECT (hash('s' || s.nid) >> 1)::BIGINT, p.party_id, p.person FROM p
            JOIN s ON p.nuscc = s.nuscc WHERE NOT p.person
            UNION ALL"""
        new = self._links_max is None
        if new:
            self.cur.execute(
                f"CREATE OR REPLACE TEMP TABLE {self.db}_links "
                "(k BIGINT, party_id BIGINT, person BOOLEAN)"
            )
        since = -1 if new else self._links_max
        if (
            not new
            and self.cur.execute(
                f"SELECT max(party_id) FROM {q('parties')} WHERE party_id > {int(since)}"
            ).fetchone()[0]
            is None
        ):
            return table
        got = self.cur.execute(
            f"""INSERT INTO {table}
            WITH p AS MATERIALIZED (
                SELECT p.party_id, p.kind = 'natural' AS person,
                       nullif(op_norm_name(CASE WHEN p.kind = 'natural' THEN p.name ELSE {rep} END), '') AS n,
                       op_norm_phone(p.phone) AS ph, op_norm_address(p.address) AS ad,
                       op_norm_id(p.id_number) AS nid, op_norm_id(p.uscc) AS nuscc
                FROM {q("parties")} p {join}
                WHERE p.kind IN ('natural', 'legal') AND p.party_id > {int(since)}){held}
            SELECT (hash('n' || n) >> 1)::BIGINT, party_id, person FROM p WHERE n IS NOT NULL
            UNION ALL SELECT (hash('p' || ph) >> 1)::BIGINT, party_id, person FROM p WHERE ph IS NOT NULL
            UNION ALL SELECT (hash('a' || ad) >> 1)::BIGINT, party_id, person FROM p WHERE ad IS NOT NULL
            RETURNING party_id"""
        ).fetchall()
        if new:
            self.cur.execute(
                f"CREATE INDEX {self.db}_links_k ON {self.db}_links (k);"
                f"CREATE INDEX {self.db}_links_p ON {self.db}_links (party_id)"
            )
            self._links_max = -1
        if got:
            self._links_max = max(self._links_max, max(r[0] for r in got))
        return table

    def _link_rows(self, table: str, col: str, values: set[int]) -> list[tuple[int, int, bool]]:
        """(key, party_id, person) rows of the link table whose `col` is one of `values`."""
        if not values:
            return []
        return self._exec(
            self.cur,
            f"SELECT k, party_id, person FROM {table} WHERE {col} IN ({_ints(values)})",
        ).fetchall()

    def _controllers(self, same: set[int]) -> set[int]:
        """The parties node mode must copy for party_controller to give, over the context,
        what it gives over the store, for every controller of these parties (`same`: whole
        identities). A company is linked to the natural persons bearing its representative's
        name (the row's or the register's) or sharing its phone or address; which of them
        controls it is the view's choice (a namesake, a single sharer), made right only when
        all of them are present. So, by the link keys (_links_ready), each lookup an index
        probe:

        1. the controllers that may matter: the natural persons here, and every person linked
           to a company here (with their whole identities);
        2. every company linked to one of them (with its other rows: the same identity);
        3. every person linked to one of those companies — the namesakes and sharers its
           choice is made among, whose other rows the caller adds.

        A company brought in therefore always comes with everyone its controller is chosen
        from, so no company is given to a controller here that the store gives to nobody or
        to someone else."""
        table = self._links_ready()
        own = self._link_rows(table, "party_id", same)
        firms = {p for _, p, nat in own if not nat}
        firm_keys = {k for k, _, nat in own if not nat}
        cand = {p for _, p, nat in self._link_rows(table, "k", firm_keys) if nat}
        if cand:
            cand = self._same_identity(cand)
        more = cand - same
        people_keys = {k for k, _, nat in own if nat} | {
            k for k, _, nat in self._link_rows(table, "party_id", more) if nat
        }
        found = {p for _, p, nat in self._link_rows(table, "k", people_keys) if not nat} - firms
        if found:
            found = self._same_identity(found)
            firm_keys |= {k for k, _, nat in self._link_rows(table, "party_id", found) if not nat}
            firms |= found
            cand |= {p for _, p, nat in self._link_rows(table, "k", firm_keys) if nat}
        return firms | cand

    def focus(self, case: int | str) -> Focus | None:
        """The Focus of a case id or case number; None if there is no such case."""
        if not isinstance(case, int):
            found = self.cur.execute(
                f"SELECT case_id FROM {self.q('cases')} WHERE case_no = ?", [case]
            ).fetchone()
            if found is None:
                return None
            case = int(found[0])
        q, c = self.q, int(case)
        none = "NULL, NULL, NULL, NULL, NULL"
        rows = self._exec(
            self.cur,
            f"SELECT 0, case_id, case_no, family, type_code, cause_name, court_code, "
            f"origin_case_id FROM {q('cases')} WHERE case_id = {c} "
            f"UNION ALL SELECT 1, case_id, {none}, NULL FROM {q('cases')} WHERE origin_case_id = {c} "
            f"UNION ALL SELECT 2, party_id, {none}, NULL FROM {q('case_parties')} WHERE case_id = {c}"
            + (
                f" UNION ALL SELECT 3, party_id, {none}, NULL FROM {q('payments')} WHERE case_id = {c}"
                if "payments" in self.tables
                else ""
            ),
        ).fetchall()
        head = [r for r in rows if r[0] == 0]
        if not head:
            return None
        part = {k: {r[1] for r in rows if r[0] == k and r[1] is not None} for k in (1, 2, 3)}
        origin = {head[0][7]} if head[0][7] is not None else set()
        return Focus(head[0][1:7], part[2], part[1] | origin, part[3])

    def gather(
        self, case_id: int | Iterable[int], controllers: bool = False
    ) -> tuple[set[int], set[int], set[int]]:
        """(case ids, party ids, linked party ids) of the context of `case_id`: linked parties
        are those whose other cases and payments were followed; `controllers` adds the parties
        of the same controllers (for models reading party_controller).

        Given several cases, the union of their contexts, part by part: every step is the image
        of a set (parties of cases, rows of the same identity, cases of parties, origin links),
        so it is computed once for all of them."""
        g = self._gather(case_id, controllers, ())
        return g.cases, g.parties, g.linked

    def _gather(
        self,
        case_id: int | Iterable[int],
        controllers: bool,
        prefetch: Sequence[str],
        *,
        follow: bool | set[int] = True,
        known: Focus | None = None,
    ) -> _Gathered:
        """gather(), and meanwhile, on the second cursor, copy the `prefetch` tables' rows of
        the focus cases with their origin and derived cases (the whole context, most often).
        Without `follow`, the parties' other cases and payments are not followed (the context
        of models whose ModelDef.context is "case"); given a set of cases, only their parties'.
        `known`: the Focus of the one case, read already, so none of it is looked up again."""
        focus = _case_set(case_id)
        pays = "payments" in self.tables
        self._known = {}
        # While this cursor follows the parties' identities, the other looks up what the focus
        # cases alone give — their origin and derived cases, the parties paid in them — and
        # copies their rows, so the common context, the focus case with nobody known elsewhere,
        # is ready when the identities are followed.
        near = self._pool.submit(
            self._near, focus, pays, prefetch, None if known is None else (known.links, known.paid)
        )
        try:
            if known is not None:
                focus_parties = set(known.parties)
                followed = focus_parties
            else:
                of_case = self._exec(
                    self.cur,
                    f"SELECT case_id, party_id FROM {self.q('case_parties')} "
                    f"WHERE {self._in('case_parties', 'case_id', focus)}",
                ).fetchall()
                focus_parties = {p for _, p in of_case}
                followed = (
                    focus_parties
                    if follow is True
                    else {p for c, p in of_case if follow and c in follow}
                )
            same: set[int] = set()
            found: set[int] = set()
            if follow and followed:
                same = self._same_identity(followed)
                if controllers:
                    same |= self._same_identity(self._controllers(same))
                found = self._either(
                    [("case_id", "case_parties", self._in("case_parties", "party_id", same))]
                    + (
                        [("case_id", "payments", self._in("payments", "party_id", same))]
                        if pays
                        else []
                    )
                )
            other = found - focus
            far = self._origin_links(other) if other else set()
        finally:
            origin, paid, copied = near.result()
        # Both steps are images of sets, so the focus cases' part (looked up above) and the
        # other cases' part can be taken apart. The near cases — the focus cases with their
        # origin and derived cases — and their parties are told apart from the rest: a table
        # only models of the case itself read needs only their rows.
        near_cases = focus | origin
        cases = near_cases | far
        near_parties = focus_parties | paid
        parties = set(near_parties)
        rest = cases - focus
        if rest:
            rows = self._exec(
                self.cur,
                f"SELECT case_id, party_id FROM {self.q('case_parties')} "
                f"WHERE {self._in('case_parties', 'case_id', rest)}"
                + (
                    f" UNION ALL SELECT case_id, party_id FROM {self.q('payments')} "
                    f"WHERE {self._in('payments', 'case_id', rest)}"
                    if pays
                    else ""
                ),
            ).fetchall()
            for c, p in rows:
                if p is not None:
                    parties.add(p)
                    if c in near_cases:
                        near_parties.add(p)
        parties |= same
        known = {p: k for p, k in self._known.items() if p in parties}
        return _Gathered(cases, parties, same, known, copied, near_cases, near_parties)

    def _near(
        self,
        focus: set[int],
        pays: bool,
        prefetch: Sequence[str],
        known: tuple[set[int], set[int]] | None,
    ) -> tuple[set[int], set[int], set[int]]:
        """On the second cursor: (origin and derived cases, parties paid in them, cases whose
        `prefetch` rows were copied) of the cases `focus`; the first two as `known`, if given."""
        q, aux = self.q, self._aux
        if known is not None:
            origin, paid = known
        else:
            rows = self._exec(
                aux,
                f"SELECT 0, origin_case_id FROM {q('cases')} "
                f"WHERE {self._in('cases', 'case_id', focus)} UNION ALL "
                f"SELECT 0, case_id FROM {q('cases')} "
                f"WHERE {self._in('cases', 'origin_case_id', focus)}"
                + (
                    f" UNION ALL SELECT 1, party_id FROM {q('payments')} "
                    f"WHERE {self._in('payments', 'case_id', focus)}"
                    if pays
                    else ""
                ),
            ).fetchall()
            origin = {x for k, x in rows if k == 0 and x is not None}
            paid = {x for k, x in rows if k == 1 and x is not None}
        if not prefetch:
            return origin, paid, set()
        copied = focus | origin
        self._exec(
            aux,
            *(
                s
                for t in prefetch
                for s in _refill(t, f"SELECT * FROM {q(t)} WHERE {self._in(t, 'case_id', copied)}")
            ),
        )
        return origin, paid, copied

    _FULL_TO_HALF = str.maketrans(
        "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "\u3000",
        "".join(chr(c) for c in range(0x21, 0x7F)) + " ",
    )

    @staticmethod
    def _norm(s: str) -> str:
        return s.strip().translate(ContextBuilder._FULL_TO_HALF).replace(" ", "").upper()

    def build(
        self,
        case_id: int | Iterable[int],
        tables: set[str] | frozenset[str] | None = None,
        controllers: bool = False,
        reads: set[str] | frozenset[str] | None = None,
        *,
        defer_views: bool = False,
        linked: set[str] | frozenset[str] | None = None,
        focus: Focus | None = None,
        about: dict[str, set[int]] | None = None,
        follow: set[int] | None = None,
    ) -> ContextStats:
        """Gather the context of `case_id` (or of several cases: the union of their contexts)
        into the scratch database. Only `tables`
        (default: all) are copied — the tables the node's models read. `reads` (the operators
        and tables the models read) says which views to materialise; default: those whose
        tables are copied (party_controller only with `controllers`). `defer_views` leaves
        them to materialise(), the views to materialise in `pending`. `linked`: the tables
        some model here reads across the cases of the same people (ModelDef.context "linked");
        the others get only the rows of the near cases — the focus cases with their origin and
        derived cases — and of their parties; with none, the same people's other cases are not
        looked up at all. Default: every table.
        `focus`: the one case's Focus, already read (so it is not looked up again); it is also
        what qc_focus holds after. `about`: model id -> the cases it answers for (qc_scope).
        `follow`: of several cases, those whose parties are followed into their other cases
        (the cases some linked model answers for); the rest get their near cases only.
        Default: all."""
        self.release()
        self._keys = itertools.count()  # the key lists of the last build are done with
        self._params = {}
        self._builds += 1
        if self._builds % _COMPACT_EVERY == 0 or self._built_cases >= _COMPACT_CASES:
            self._main.execute(
                ";\n".join(
                    f"CREATE OR REPLACE TABLE {t} AS FROM {t}"
                    for t in [*self.copyable, *self.views, "qc_focus", "qc_scope"]
                )
            )
            self.epoch += 1
            self._built_cases = 0
        try:
            stats = self._build(
                case_id, tables, controllers, reads, defer_views, linked, focus, about, follow
            )
        except BaseException:
            self.release()
            raise
        self._built_cases += stats.cases
        return stats

    def _build(
        self, case_id, tables, controllers, reads, defer_views, linked, focus, about, follow_from
    ) -> ContextStats:
        wanted = [
            t
            for t in CASE_DATA_TABLES
            if t in self.tables and t not in DIMENSION_TABLES and (tables is None or t in tables)
        ]
        # Tables whose rows are those of the context's cases (case_id IN ...): copied for the
        # focus case while its parties' identities are followed, topped up after if need be.
        by_case = [t for t in wanted if t == "cases" or t in PER_CASE_TABLES]
        self.current = self.db  # set first, so a failure half-way is still released
        g = self._gather_context(case_id, tables, controllers, by_case, linked, focus, follow_from)
        reach = _Reach(g, linked if linked is not None else frozenset(wanted))
        lookups = [t for t in wanted if t in REGISTER_KEYS]
        copy = [t for t in wanted if t not in REGISTER_KEYS]
        views = _views_to_fill({*copy, *lookups, *self.stand_ins}, reads, controllers)
        jobs = self._copy_jobs(reach, copy, by_case)
        self._copy(reach, copy, lookups, jobs, focus)
        if about is not None:
            self._fill_scope(about)
        self.pending = views
        if not defer_views:
            self.materialise()
        return ContextStats(len(g.cases), len(g.parties))

    def _gather_context(
        self, case_id, tables, controllers, by_case, linked, focus, follow_from
    ) -> _Gathered:
        """The context's cases and parties: the case with its origin and derived cases when no
        model reads who the parties are, else the cases its parties' identities reach."""
        if tables is not None and not (set(tables) & PARTY_TABLES):
            # No model here reads who the parties are: the only links between cases left are
            # origin links, so the context is the case with its origin and derived cases.
            cases = _case_set(case_id)
            cases |= focus.links if focus is not None else self._origin_links(cases)
            return _Gathered(cases, set(), set(), {}, set(), cases, set())
        # Following identities keeps this cursor busy while the other copies the near
        # cases' rows; without, every copy waits for the split below.
        follow: bool | set[int] = linked is None or bool(linked)
        if follow and follow_from is not None:
            follow = set(follow_from)
        return self._gather(
            case_id, controllers, by_case if follow else (), follow=follow, known=focus
        )

    def _lookup_sql(
        self, reach: _Reach, t: str, keys_of: dict[int, tuple[str | None, str | None]]
    ) -> tuple[str, str]:
        """Refill register `t` with the rows of the context's parties' ID numbers or credit
        codes (as written and normalised)."""
        i = 0 if REGISTER_KEYS[t] == "id_number" else 1
        who = reach.party_set(t)
        keys = {k[i] for p, k in keys_of.items() if k[i] and p in who}
        return _refill(
            t,
            f"SELECT * FROM {self.q(t)} "
            f"WHERE {self._in(t, REGISTER_KEYS[t], {*keys, *(self._norm(x) for x in keys)}, text=True)}",
        )

    def _copy(
        self,
        reach: _Reach,
        copy: list[str],
        lookups: list[str],
        jobs: list[tuple[float, tuple[str, ...]]],
        focus: Focus | None,
    ) -> None:
        """Run the copies: the parties and, where the gathering did not read every party's
        register keys, their register rows after them (keys read back from the copy) on the
        main cursor; the rest split between the two cursors so that each does about half.
        A big parties copy (a lender's hundreds of cases) is itself split in two halves, one
        per cursor, and the register lookups after it shared out too (see _copy_split)."""
        g = reach.g
        keyed = set().union(*(reach.party_set(t) for t in lookups)) if lookups else set()
        readback = bool(lookups) and not keyed <= g.keys.keys()
        who = reach.party_set("parties")
        if "parties" in copy and len(who) > _SPLIT_PARTIES and keyed <= who:
            return self._copy_split(reach, lookups, jobs, focus, readback)
        party_copy = (
            list(
                _refill(
                    "parties",
                    f"SELECT * FROM {self.q('parties')} WHERE {self._where(reach, 'parties')}",
                )
            )
            if "parties" in copy
            else []
        )
        lane: list[str] = []
        if lookups and not readback:
            jobs += [
                (_STATEMENT + len(reach.party_set(t)), self._lookup_sql(reach, t, g.keys))
                for t in lookups
            ]
        load = {
            "main": (_STATEMENT + _WEIGHT["parties"] * len(reach.party_set("parties")))
            * bool(party_copy)
            + ((_STATEMENT + len(keyed)) * (1 + len(lookups)) if readback else 0.0),
            "aux": 0.0,
        }
        other: list[str] = []
        for cost, sqls in sorted(jobs, key=lambda j: -j[0]):
            side = min(load, key=load.__getitem__)
            load[side] += cost
            (lane if side == "main" else other).extend(sqls)
        stmts = self._focus_sql(focus)
        aux = self._pool.submit(self._exec, self._aux, *other) if other else None
        try:
            if readback:
                rows = self._register_keys(reach, party_copy, keyed, stmts, lane)
                stmts = [
                    s
                    for t in lookups
                    for s in self._lookup_sql(reach, t, {r[0]: (r[1], r[2]) for r in rows})
                ]
            else:
                stmts += party_copy + lane
            self._exec(self._main, *stmts)
        finally:
            if aux is not None:
                aux.result()

    def _fill_scope(self, about: dict[str, set[int]]) -> None:
        """The models each context case is checked by (qc_scope)."""
        pairs = [(m, c) for m, cs in about.items() for c in sorted(cs)]
        self._main.execute("DELETE FROM qc_scope")
        self._main.execute(
            "INSERT INTO qc_scope SELECT unnest(?::VARCHAR[]), unnest(?::BIGINT[])",
            [[m for m, _ in pairs], [c for _, c in pairs]],
        )

    def materialise(self) -> None:
        """Materialise the operator views the last build left pending (build(defer_views=True)):
        in dependency order, over the copies, on `work`. Models that read none of them may
        already run on the context meanwhile, on another reader."""
        views, self.pending = self.pending, []
        if views and self.current is not None:
            if self._views_prepared != self.epoch:
                self.work.execute(
                    ";\n".join(
                        f"PREPARE qc_mat_{v} AS INSERT INTO {v} {view_body(v)}" for v in self.views
                    )
                )
                self._views_prepared = self.epoch
            self.work.execute(";\n".join(f"DELETE FROM {v};\nEXECUTE qc_mat_{v}" for v in views))

    def release(self) -> None:
        """The context is done with (its tables stay until the next build replaces them)."""
        self.pending = []
        self.current = None

    def close(self) -> None:
        """Release and DETACH the scratch database."""
        self.release()
        self._pool.shutdown()
        for c in (self._main, self._aux):
            c.close()
        self.cur.execute(f"DETACH DATABASE IF EXISTS {self.db}")
        if self._links_max is not None:
            self.cur.execute(f"DROP TABLE IF EXISTS temp.main.{self.db}_links")
