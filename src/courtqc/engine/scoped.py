"""Scoped execution: model SQL that a user's request runs sees only that user's court tree, with
the columns the user's role may not see pseudonymised in the data itself.

Why in the data: checking the SQL or masking the answer by column name cannot stop a model from
reading another court's rows through a subquery, or from printing `id_number || 'Z'`. So a
scoped session (a cursor of its own on the store) gets a TEMP view for every case-data table,
named like the table: DuckDB resolves an unqualified name in the TEMP catalog before the store's
own schema, so the model's SQL, the operator views and macros (installed on the same session,
reading unqualified names) and the engine's wrapper all read the scoped views. As defence in
depth the model's SQL is rewritten with sqlglot so every table reference that is not a CTE names
`temp.main.<table>` explicitly (`qualify_onto_scope`).

How each table hangs on a case (docs/WEB.md, "Model SQL on scoped data"):

- `cases`: the cases of the scope's courts.
- per-case tables (case_parties, case_agents, events, documents, info_points, sentences,
  civil_outcomes, enforcement_actions, payments, quality_reviews): rows of those cases;
  `appeal_results`: rows whose appeal case or reviewed case is one of them.
- `parties`: party rows in those cases (as party, payer or payee, represented party, defendant,
  outcome payer or payee).
- registers (registry_population, registry_housing_fund, registry_enterprises): the rows of
  those parties (by normalised ID number or credit code) — what every model reading a register
  through a party gets; the whole register would list other courts' litigants by name.
- reference tables (courts, departments, judges, causes, law firms, lawyers, district
  population, the law's ref_* tables): whole.

Masked (every role but the judge or division head handling a case; courtqc.web.roles): ID
numbers, phones, addresses and identity keys become keyed pseudonyms — an md5 of a per-process
secret and the normalised value — so equal values stay equal (identity joins, register look-ups
and `op_norm_id` give the same matches) and nothing can be computed back from them. Free text
(documents, notes, info-point values) has ID-number- and phone-shaped digits starred, as the API
masks text. A whole-city scope (the High Court) restricts no rows but is masked all the same.

Institutional litigants (qc_hubs) are counted over the whole city, masked, so a model marks the
same parties as hubs whatever the scope.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.optimizer.scope import traverse_scope

from courtqc import operators
from courtqc.engine import session
from courtqc.models.conditions import sql_literal
from courtqc.models.library import CompiledModel
from courtqc.schema import CASE_DATA_TABLES
from courtqc.schema.case_links import (
    CASE_LINKS,
    PARTY_LINKS,
    PER_CASE_TABLES,
    REFERENCE_TABLES,
    REGISTER_TABLES,
)

DIALECT = "duckdb"
# The per-process key of the pseudonyms: values match within a process (joins work), never
# across restarts, and cannot be recomputed without it.
_SECRET = secrets.token_hex(16)

# How each table hangs on a case: courtqc.schema.case_links (every case-data table is placed
# there, so a new table cannot be read before its scoping rule is decided).
PER_CASE = PER_CASE_TABLES
REFERENCE = REFERENCE_TABLES
REGISTERS = REGISTER_TABLES
# Masked or restricted relations copied into the session rather than viewed (see open_scoped).
MATERIALISED = ("parties", *REGISTERS)

_KEY_RANK = "qc_key_rank"
# Info-point keys whose values are a person's address, ID number or phone.
_PERSONAL_KEYS = ("address", "id_number", "phone", "domicile")
# Free-text shapes starred in masked data (the API's masks, also spaced, hyphenated or written
# in full-width digits): 18- and 15-digit ID numbers, mobiles, landlines with an area code.
_D = "[0-9０-９]"
_TEXT_MASKS = (
    (
        f"((?:{_D}[ -]?){{6}})(?:{_D}[ -]?){{8}}((?:{_D}[ -]?){{3}}[0-9０-９XxＸｘ])",
        r"\1********\2",
    ),
    (f"((?:{_D}[ -]?){{6}})(?:{_D}[ -]?){{6}}((?:{_D}[ -]?){{2}}{_D})", r"\1******\2"),
    (f"(1[3-9]{_D})[- ]?{_D}{{4}}[- ]?({_D}{{4}})", r"\1****\2"),
    (f"(0{_D}{{2,3}})[-) ）]*{_D}{{3,4}}[- ]?({_D}{{4}})", r"\1-****\2"),
)


@dataclass(frozen=True)
class DataScope:
    """What a user's model runs may read: the cases of `courts` (None: every court) and, when
    `masked`, pseudonyms instead of ID numbers, phones, addresses and identity keys."""

    courts: frozenset[str] | None
    masked: bool = True

    def describe(self) -> dict[str, object]:
        """For the audit log and the API's answer."""
        return {
            "courts": sorted(self.courts) if self.courts is not None else "*",
            "masked": self.masked,
        }


def pseudonym(kind: str, value_sql: str) -> str:
    """SQL for the keyed pseudonym of a (normalised) value, e.g. ID#3F2A…; NULL stays NULL.
    Upper-case letters, digits and '#' only, so op_norm_id, op_norm_name and op_norm_address
    leave it as it is: values are normalised with the operators' own macros before hashing,
    so whatever matched in clear matches on pseudonyms."""
    key = sql_literal(f"{_SECRET}:{kind}:")
    return f"('{kind.upper()}#' || upper(substr(md5({key} || {value_sql}), 1, 20)))"


def _digits_pseudonym(kind: str, value_sql: str) -> str:
    """A keyed pseudonym of 16 digits starting with 9, for phones: op_norm_phone keeps only
    digits and leaves this shape as it is (no 86 / 021 prefix to drop)."""
    key = sql_literal(f"{_SECRET}:{kind}:")
    return (
        f"('9' || lpad(CAST(md5_number({key} || {value_sql}) % 1000000000000000 AS VARCHAR), "
        "15, '0'))"
    )


def _norm_id(col: str) -> str:
    return f"op_norm_id({col})"


def _masked_text(col: str) -> str:
    out = col
    for pattern, repl in _TEXT_MASKS:
        out = f"regexp_replace({out}, {sql_literal(pattern)}, {sql_literal(repl)}, 'g')"
    return out


def _masks(table: str) -> dict[str, str]:
    """Column -> masked expression (over alias t) of a table, in masked scopes."""
    if table == "parties":
        return {
            "id_number": pseudonym("id", _norm_id("t.id_number")),
            "phone": _digits_pseudonym("tel", "op_norm_phone(t.phone)"),
            "address": pseudonym("addr", "op_norm_address(t.address)"),
            # Identity keys by their rank among the city's keys: a stand-in that keeps their
            # order, since operators break ties by key order (party_controller), and the order
            # of 'N:' keys (md5s of ID numbers) says nothing.
            "person_key": f"CASE WHEN t.person_key IS NOT NULL THEN 'KEY#' || "
            f"lpad(CAST(t.{_KEY_RANK} AS VARCHAR), 12, '0') END",
        }  # fmt: skip
    if table in ("registry_population", "registry_housing_fund"):
        return {"id_number": pseudonym("id", _norm_id("t.id_number"))}
    if table == "registry_enterprise_shareholders":
        return {"holder_id_number": pseudonym("id", _norm_id("t.holder_id_number"))}
    if table == "documents":
        return {"text": _masked_text("t.text")}
    if table in ("events", "enforcement_actions"):
        return {"note": _masked_text("t.note")}
    if table == "info_points":
        personal = " OR ".join(f"contains(lower(t.key), '{k}')" for k in _PERSONAL_KEYS)
        return {
            "value": f"CASE WHEN {personal} THEN {pseudonym('info', 't.value')} "
            f"ELSE {_masked_text('t.value')} END"
        }
    return {}


def _select(cur: duckdb.DuckDBPyConnection, src: str, table: str, masked: bool) -> str:
    """SELECT of the table's columns in order, masked ones replaced, FROM the store's table t."""
    cols = [
        r[0]
        for r in cur.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = ? "
            "AND schema_name = 'main' AND table_name = ? ORDER BY column_index",
            [src, table],
        ).fetchall()
    ]
    masks = _masks(table) if masked else {}
    items = [f'{masks[c]} AS "{c}"' if c in masks else f't."{c}"' for c in cols]
    source = f'"{src}".main.{table}'
    if masked and table == "parties":  # ranked over the whole city, whatever the scope
        source = f"(SELECT *, dense_rank() OVER (ORDER BY person_key) AS {_KEY_RANK} FROM {source})"
    return f"SELECT {', '.join(items)} FROM {source} t"


def _where(table: str) -> str:
    """The rows of `table` that hang on a case of the scope (see the module docstring)."""
    link = CASE_LINKS[table]
    if link.reach in ("case", "case_id"):
        return "t.case_id IN (SELECT case_id FROM temp.main.qc_scope_cases)"
    if link.reach == "appeal":
        return (
            "(t.case_id IN (SELECT case_id FROM temp.main.qc_scope_cases) "
            "OR t.origin_case_id IN (SELECT case_id FROM temp.main.qc_scope_cases))"
        )
    if link.reach == "party":
        return "t.party_id IN (SELECT party_id FROM temp.main.qc_scope_parties)"
    if link.reach == "register":
        return f"t.{link.key_column} IN (SELECT k FROM temp.main.qc_scope_keys)"
    raise ValueError(f"reference table {table} is read whole")  # open_scoped never asks


def _scope_sets(src: str, courts: Iterable[str], present: set[str]) -> list[str]:
    """TEMP tables of the scope's case ids, party ids and the parties' normalised ID numbers
    and credit codes (names models may not read), filled once per session: the views then
    semi-join small tables instead of repeating the look-ups in every statement."""
    in_courts = ", ".join(sql_literal(c) for c in sorted(courts))
    m = f'"{src}".main'
    party_sources = [
        f"SELECT {col} AS party_id FROM {m}.{table} "
        "WHERE case_id IN (SELECT case_id FROM temp.main.qc_scope_cases)"
        for table, cols in PARTY_LINKS.items()
        for col in cols
        if table in present
    ]
    return [
        f"CREATE OR REPLACE TEMP TABLE qc_scope_cases AS SELECT case_id FROM {m}.cases "
        f"WHERE court_code IN ({in_courts})",
        "CREATE OR REPLACE TEMP TABLE qc_scope_parties AS "
        + (" UNION ".join(party_sources) or "SELECT NULL::BIGINT AS party_id WHERE false"),
        "CREATE OR REPLACE TEMP TABLE qc_scope_keys AS SELECT DISTINCT k FROM ("
        f"SELECT op_norm_id(id_number) AS k FROM {m}.parties "
        "WHERE party_id IN (SELECT party_id FROM temp.main.qc_scope_parties) UNION ALL "
        f"SELECT op_norm_id(uscc) FROM {m}.parties "
        "WHERE party_id IN (SELECT party_id FROM temp.main.qc_scope_parties)) WHERE k IS NOT NULL",
    ]


def _present(cur: duckdb.DuckDBPyConnection, src: str) -> set[str]:
    return {
        r[0]
        for r in cur.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'",
            [src],
        ).fetchall()
    }


def open_scoped(
    con: duckdb.DuckDBPyConnection, scope: DataScope, as_of: dt.date | None = None
) -> duckdb.DuckDBPyConnection:
    """A new session on the store `con` uses, with the operators installed over the scoped,
    masked views. Close it when done; `con` itself is untouched."""
    cur = session(con)
    try:
        src = cur.execute("SELECT current_database()").fetchone()[0]
        present = _present(cur, src)
        # The operators (their macros are used by the masks), without counting hubs yet.
        operators.install(cur, as_of, hubs_from=cur)
        if scope.masked and "parties" in present:
            # Hubs are counted over the whole city, on the keys models will see.
            cur.execute(
                f"CREATE OR REPLACE TEMP VIEW parties AS {_select(cur, src, 'parties', True)}"
            )
        operators.fill_hubs(cur)
        if scope.courts is not None:
            for stmt in _scope_sets(src, scope.courts, present):
                cur.execute(stmt)
        for table in CASE_DATA_TABLES:
            if table not in present:
                continue
            # Every table gets its TEMP relation (whole ones too): the model's SQL names them.
            body = _select(cur, src, table, scope.masked)
            if scope.courts is not None and table not in REFERENCE:
                body += f" WHERE {_where(table)}"
            kind = "VIEW"
            if table in MATERIALISED:
                # Read by most models, many times each: pseudonyms computed once, and a table
                # with statistics for the planner instead of a view over expressions.
                cur.execute(f"DROP VIEW IF EXISTS temp.main.{table}")
                kind = "TABLE"
            cur.execute(f"CREATE OR REPLACE TEMP {kind} {table} AS {body}")
        return cur
    except BaseException:
        cur.close()
        raise


class ScopeError(ValueError):
    """Model SQL that cannot be put onto the scoped relations."""


def qualify_onto_scope(sql: str, allowed: set[str] | None = None) -> str:
    """The SQL with every table reference that is not a CTE qualified as temp.main.<name>: the
    scoped views, whatever the session's search path. Refuses (ScopeError) a reference that is
    already qualified or names a relation models may not read."""
    allowed = {a.lower() for a in (allowed if allowed is not None else operators.allowed_tables())}
    try:
        tree = sqlglot.parse_one(sql, read=DIALECT)
        scopes = list(traverse_scope(tree))
    except sqlglot.errors.SqlglotError as e:
        raise ScopeError(f"模型 SQL 无法解析 (cannot parse): {e}") from None
    for sc in scopes:
        for source in sc.sources.values():
            if not isinstance(source, exp.Table) or isinstance(source.this, exp.Func):
                continue
            _qualify(source, allowed)
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    for t in tree.find_all(exp.Table):
        if isinstance(t.this, exp.Func) or (t.catalog == "temp" and t.db == "main"):
            continue
        if t.args.get("db") or t.args.get("catalog") or t.name.lower() not in ctes:
            # Not seen as a source by the scope walk (an unusual position): qualified all the
            # same, or refused.
            _qualify(t, allowed)
    return tree.sql(dialect=DIALECT)


def _qualify(table: exp.Table, allowed: set[str]) -> None:
    if table.args.get("db") or table.args.get("catalog"):
        if table.catalog == "temp" and table.db == "main" and table.name.lower() in allowed:
            return
        raise ScopeError(
            f"表名不能带库名或模式名: {table.sql(dialect=DIALECT)} (qualified table names are refused)"
        )
    if table.name.lower() not in allowed:
        raise ScopeError(f"模型不能读取表 {table.name!r} (table not allowed for models)")
    table.set("db", exp.to_identifier("main"))
    table.set("catalog", exp.to_identifier("temp"))


def scoped_model(cm: CompiledModel) -> CompiledModel:
    """The model with its SQL qualified onto the scoped relations (Python-operator models run
    their operator's own SQL on the scoped session as they are)."""
    if cm.sql is None:
        return cm
    return dataclasses.replace(cm, sql=qualify_onto_scope(cm.sql))
