"""Apply CMS row changes to the canonical store through a mapping, in batches.

One code path for every way data arrives from a CMS — change data capture, the event API and
mapped file import — so they cannot disagree. A batch of source changes (insert, update,
delete) is mapped row by row; the canonical rows each source row makes are identified by the
target's key; within a batch the last image of a key wins; then each canonical table gets one
DELETE of every touched key and one INSERT of the surviving rows (Arrow, vectorised).

A change that cannot be mapped is rejected with the source column and the reason, and
quarantined in the same transaction; the row it would have replaced is left as it was.

The applier also reports which cases reached a new workflow node: every image of a case row
whose current_node differs from the case's previous image (in the batch, else in the store), so
node mode runs for every node a case passes, even several within one batch.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from courtqc.engine import attach_table
from courtqc.governance.intake import Intake
from courtqc.identity.resolve import strong_key
from courtqc.ingest.mapping import (
    CompiledTarget,
    Mapper,
    MapValueError,
    arrow_type,
    canonical_columns,
)
from courtqc.models.conditions import sql_literal

_INGEST_DDL: str | None = None


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """The canonical schema plus ingestion's platform tables (ingest.sql)."""
    global _INGEST_DDL
    from importlib.resources import files

    from courtqc.schema import create_schema

    if _INGEST_DDL is None:
        _INGEST_DDL = files(__package__).joinpath("ingest.sql").read_text(encoding="utf-8")
    create_schema(con)
    con.execute(_INGEST_DDL)


@dataclass(slots=True)
class Change:
    """One source row change. `row` is the new image (insert, update); `old` the identity of
    the old row (update, delete): its primary key, or the whole row with full replica identity."""

    table: str
    op: str  # I | U | D  (U with old=None is an upsert)
    row: dict[str, Any] | None = None
    old: dict[str, Any] | None = None
    lsn: int | None = None
    committed_at: dt.datetime | None = None
    position: int = 0  # row number (file) or LSN (CDC), for quarantine


@dataclass
class Rejected:
    source: str
    position: int
    table: str  # source table
    column: str | None  # source column
    reason: str
    raw: dict[str, Any]


@dataclass
class NodeChange:
    case_id: int
    node: str
    lsn: int | None = None
    committed_at: dt.datetime | None = None


@dataclass
class ApplyResult:
    changes: int = 0
    upserted: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    node_changes: list[NodeChange] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def _json_default(v: Any) -> Any:
    if isinstance(v, decimal.Decimal):
        return str(v)
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    return str(v)


# Up to this many keys, a lookup by key names them as literals: DuckDB answers `col IN (1, 2,
# ...)` through the column's index, but a subquery or a joined table of keys by scanning the
# whole table — which grows with the court (8 million events at 1M cases: 11 ms against 1.4 ms
# for 80 keys). Past it, binding the literals costs more than the scan.
LITERAL_MAX = 1000


def literal_in(col: str, values: Iterable[Any]) -> str | None:
    """`col IN (v1, v2, ...)` with the values as SQL literals (NULLs left out), or None where
    there are more than LITERAL_MAX or one has no literal form."""
    vals = {v for v in values if v is not None}
    if len(vals) > LITERAL_MAX:
        return None
    try:
        lits = sorted(sql_literal(v) for v in vals)
    except TypeError:
        return None
    return f"{col} IN ({', '.join(lits)})" if lits else "FALSE"


def keys_in(col: str, values: list[Any]) -> tuple[str, list[Any]]:
    """(condition, parameters) for `col IN values`: literal_in, or past it one list parameter."""
    lit = literal_in(col, values)
    return (lit, []) if lit else (f"{col} IN (SELECT unnest(?))", [values])


def raw_json(row: dict[str, Any] | None) -> str:
    return json.dumps(row or {}, ensure_ascii=False, default=_json_default)


class Applier:
    """Applies batches to a store connection; the caller owns the transaction."""

    def __init__(self, con: duckdb.DuckDBPyConnection, mapper: Mapper):
        self.con = con
        self.mapper = mapper
        ensure_tables(con)
        self.columns = canonical_columns()
        self.intake = Intake()  # canonical forms, raw values kept (courtqc.governance)
        self._unique: dict[str, list[list[str]]] = {}
        for t, _kind, cols in con.execute(
            "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints() "
            "WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND database_name = current_database()"
        ).fetchall():
            self._unique.setdefault(t, []).append(list(cols))
        self._node_index = {
            id(tgt): tgt.columns.index("current_node")
            for ts in mapper.targets.values()
            for tgt in ts
            if tgt.table == "cases" and "current_node" in tgt.columns
        }

    # ------------------------------------------------------------------ mapping

    def apply(
        self, changes: Iterable[Change], *, source: str, quarantine: bool = True
    ) -> ApplyResult:
        result = ApplyResult()
        # canonical table -> key -> (target, values) or None for a delete
        pending: dict[str, dict[tuple, tuple[CompiledTarget, tuple] | None]] = {}
        key_cols: dict[str, list[str]] = {}
        case_images: list[tuple[int, str | None, int | None, dt.datetime | None]] = []
        origin: dict[tuple[str, tuple], Change] = {}  # for rejections after staging

        for ch in changes:
            result.changes += 1
            try:
                if ch.op == "D":
                    for tgt, key in self.mapper.map_keys(ch.table, ch.old or {}):
                        pending.setdefault(tgt.table, {})[key] = None
                        key_cols[tgt.table] = tgt.key
                        if tgt.table == "cases":
                            case_images.append((key[0], None, ch.lsn, ch.committed_at))
                    continue
                mapped = self.intake.mapped_row(
                    self.mapper.map_row(ch.table, ch.row or {}), ch.row or {}
                )
                if ch.op == "U" and ch.old:
                    new_keys = {(t.table, k) for t, k, _ in mapped}
                    for tgt, key in self.mapper.map_keys(ch.table, ch.old):
                        if (tgt.table, key) not in new_keys:  # the row's key changed
                            pending.setdefault(tgt.table, {})[key] = None
                            key_cols[tgt.table] = tgt.key
                for tgt, key, values in mapped:
                    pending.setdefault(tgt.table, {})[key] = (tgt, values)
                    key_cols[tgt.table] = tgt.key
                    origin[(tgt.table, key)] = ch
                    ni = self._node_index.get(id(tgt))
                    if ni is not None:
                        case_images.append((key[0], values[ni], ch.lsn, ch.committed_at))
            except MapValueError as e:
                result.rejected.append(
                    Rejected(
                        source, ch.position, ch.table, e.column, e.reason, ch.row or ch.old or {}
                    )
                )

        # the store's node of each case, before this batch
        if case_images:
            ids = sorted({c for c, *_ in case_images})
            cond, params = keys_in("case_id", ids)
            before = dict(
                self.con.execute(
                    f"SELECT case_id, current_node FROM cases WHERE {cond}", params
                ).fetchall()
            )
            last: dict[int, str | None] = {}
            for case_id, node, lsn, at in case_images:
                prev = last[case_id] if case_id in last else before.get(case_id)
                if node is not None and node != prev:
                    result.node_changes.append(NodeChange(case_id, node, lsn, at))
                last[case_id] = node

        for table, rows in pending.items():
            self._write(table, key_cols[table], rows, origin, source, result)
        self.intake.flush(self.con, source)
        if quarantine and result.rejected:
            self.quarantine(result.rejected)
        return result

    # ------------------------------------------------------------------ writing

    def _write(
        self,
        table: str,
        key: list[str],
        rows: dict[tuple, tuple[CompiledTarget, tuple] | None],
        origin: dict[tuple[str, tuple], Change],
        source: str,
        result: ApplyResult,
    ) -> None:
        cols = self.columns[table]
        # upserts grouped by the column list their source table writes
        groups: dict[tuple[str, ...], list[tuple[tuple, tuple]]] = {}
        for k, v in rows.items():
            if v is not None:
                groups.setdefault(tuple(v[0].columns), []).append((k, v[1]))
        bad_keys = self._unique_conflicts(table, key, rows, groups, origin, source, result)
        keys = [k for k in rows if k not in bad_keys]
        first = literal_in(f'{table}."{key[0]}"', [k[0] for k in keys]) if keys else None
        person_keys: dict[tuple, str | None] = {}
        if table == "parties" and key == ["party_id"]:
            person_keys = self._party_keys(
                [(k, v) for k, v in rows.items() if v is not None and k not in bad_keys]
            )
        if keys and first and len(key) == 1:
            self.con.execute(f"DELETE FROM {table} WHERE {first}")
        elif keys:
            ktab = pa.table(
                {
                    c: pa.array([k[i] for k in keys], type=arrow_type(cols[c].type))
                    for i, c in enumerate(key)
                }
            )
            attach_table(self.con, "_qc_keys", ktab)
            try:
                if len(key) == 1:
                    self.con.execute(
                        f'DELETE FROM {table} WHERE "{key[0]}" IN (SELECT "{key[0]}" FROM _qc_keys)'
                    )
                else:
                    cond = " AND ".join(f'{table}."{c}" = _qc_keys."{c}"' for c in key)
                    if first:  # lets DuckDB narrow the table down by the first key column
                        cond += f" AND {first}"
                    self.con.execute(f"DELETE FROM {table} USING _qc_keys WHERE {cond}")
            finally:
                self.con.unregister("_qc_keys")
        deleted = sum(1 for k, v in rows.items() if v is None and k not in bad_keys)
        if deleted:
            result.deleted[table] = result.deleted.get(table, 0) + deleted
        for colnames, items in groups.items():
            items = [(k, v) for k, v in items if k not in bad_keys]
            if not items:
                continue
            data = {
                c: pa.array([v[i] for _, v in items], type=arrow_type(cols[c].type))
                for i, c in enumerate(colnames)
            }
            if person_keys and "person_key" not in colnames:
                data["person_key"] = pa.array(
                    [person_keys.get(k) for k, _ in items], type=pa.string()
                )
            attach_table(self.con, "_qc_rows", pa.table(data))
            try:
                names = ", ".join(f'"{c}"' for c in data)
                self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _qc_rows")
            finally:
                self.con.unregister("_qc_rows")
            result.upserted[table] = result.upserted.get(table, 0) + len(items)

    def _party_keys(
        self, rows: list[tuple[tuple, tuple[CompiledTarget, tuple]]]
    ) -> dict[tuple, str | None]:
        """person_key of each party row about to be written (read before the old rows go): its
        strong key, as identity resolution would give it (node mode finds the same person's
        rows by it); else, for a row replacing one that resolution keyed, that key — as long as
        its kind, name, ID number and credit code are unchanged (another change, a phone
        number, leaves who the party is alone)."""
        who = ("kind", "name", "id_number", "uscc")
        out: dict[tuple, str | None] = {}
        mine: dict[tuple, tuple] = {}
        for k, (tgt, v) in rows:
            at = {c: tgt.columns.index(c) for c in who if c in tgt.columns}
            mine[k] = tuple(v[at[c]] if c in at else ... for c in who)
            out[k] = strong_key(*(None if x is ... else x for x in mine[k]))
        rest = [k[0] for k, pk in out.items() if pk is None]
        if rest:
            cond, params = keys_in("party_id", rest)
            got = self.con.execute(
                "SELECT party_id, person_key, kind, name, id_number, uscc FROM parties "
                f"WHERE {cond} AND person_key IS NOT NULL",
                params,
            ).fetchall()
            for pid, pk, *old in got:
                new = mine[(pid,)]
                if all(x is ... or x == o for x, o in zip(new, old, strict=True)):
                    out[(pid,)] = pk
        return out

    def _unique_conflicts(
        self,
        table: str,
        key: list[str],
        rows: dict[tuple, tuple[CompiledTarget, tuple] | None],
        groups: dict[tuple[str, ...], list[tuple[tuple, tuple]]],
        origin: dict[tuple[str, tuple], Change],
        source: str,
        result: ApplyResult,
    ) -> set[tuple]:
        """Keys of rows that would break a UNIQUE constraint other than the key (a case number
        already used by another case): rejected, so the store keeps their old row.

        Decided before writing, so the batch never fails half-way: after the batch the table
        holds the store's untouched rows, the accepted new rows and the old rows of rejected
        keys; a value claimed twice goes to, in order, an untouched row, a rejected key's old
        row, a row that keeps the value it had, the earliest change. Repeated until no value is
        claimed twice (rejecting a row brings its old value back)."""
        bad: set[tuple] = set()
        for ucols in self._unique.get(table, []):
            if set(ucols) <= set(key) or set(key) <= set(ucols):
                # rows with the same key replace each other; rows with different keys differ
                # in a column of the constraint: no conflict either way
                continue
            final: dict[tuple, tuple] = {}
            for k, v in rows.items():
                if v is None or not set(ucols) <= set(v[0].columns):
                    continue
                u = tuple(v[1][v[0].columns.index(c)] for c in ucols)
                if None not in u:
                    final[k] = u
            if not final:
                continue
            old = self._store_values(table, key, ucols, list(rows), by="key")
            candidates = set(final.values()) | set(old.values())
            external: dict[tuple, list[tuple]] = {}
            for k, u in self._store_values(
                table, key, ucols, list(candidates), by="unique"
            ).items():
                if k not in rows:
                    external.setdefault(u, []).append(k)
            rejected: set[tuple] = set()
            order = {k: i for i, k in enumerate(rows)}
            while True:
                owners: dict[tuple, list[tuple[int, tuple]]] = {}
                for u, ks in external.items():
                    owners.setdefault(u, []).extend((0, k) for k in ks)
                for k in rows:
                    if k in rejected:
                        u, rank = old.get(k), 1
                    else:
                        u = final.get(k)
                        rank = 2 if u is not None and old.get(k) == u else 3
                    if u is not None:
                        owners.setdefault(u, []).append((rank, k))
                newly = set()
                for claims in owners.values():
                    if len(claims) < 2:
                        continue
                    claims.sort(key=lambda c: (c[0], order.get(c[1], -1)))
                    newly |= {k for rank, k in claims[1:] if rank >= 2}
                if not newly:
                    break
                rejected |= newly
            for k in rejected:
                ch = origin.get((table, k))
                result.rejected.append(
                    Rejected(
                        source,
                        ch.position if ch else 0,
                        ch.table if ch else table,
                        ",".join(ucols),
                        f"{table}.{','.join(ucols)}={list(final.get(k, ()))} 与另一行重复 "
                        f"(duplicate {','.join(ucols)} in {table})",
                        (ch.row if ch else None) or {},
                    )
                )
            bad |= rejected
        return bad

    def _store_values(
        self, table: str, key: list[str], ucols: list[str], values: list[tuple], *, by: str
    ) -> dict[tuple, tuple]:
        """Store rows as {key: unique value}, looked up by key (by="key") or by value."""
        if not values:
            return {}
        cols = key if by == "key" else ucols
        sel = ", ".join(f't."{c}"' for c in [*key, *ucols])
        first = literal_in(f't."{cols[0]}"', [v[0] for v in values])
        n = len(key)
        if first and len(cols) == 1:
            got = self.con.execute(f"SELECT {sel} FROM {table} t WHERE {first}").fetchall()
            return {tuple(r[:n]): tuple(r[n:]) for r in got}
        types = self.columns[table]
        probe = pa.table(
            {
                f"p{i}": pa.array([v[i] for v in values], type=arrow_type(types[c].type))
                for i, c in enumerate(cols)
            }
        )
        attach_table(self.con, "_qc_probe", probe)
        try:
            on = " AND ".join(f't."{c}" = p.p{i}' for i, c in enumerate(cols))
            if first:
                on += f" AND {first}"
            got = self.con.execute(
                f"SELECT {sel} FROM {table} t JOIN _qc_probe p ON {on}"
            ).fetchall()
        finally:
            self.con.unregister("_qc_probe")
        return {tuple(r[:n]): tuple(r[n:]) for r in got}

    def quarantine(self, rejected: list[Rejected]) -> None:
        if not rejected:
            return
        self.con.executemany(
            "INSERT INTO quarantine (source_file, row_number, table_name, column_name, reason, raw) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (r.source, r.position, r.table, r.column, r.reason, raw_json(r.raw))
                for r in rejected
            ],
        )
