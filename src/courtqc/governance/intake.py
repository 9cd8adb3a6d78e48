"""Standardisation on the intake paths, and the record of it: raw values beside the store's
canonical ones (`raw_values`) and counts per day and source (`intake_stats`).

`Intake` is the one object every path uses: the Applier (mapped file import, CDC, the event
API, the MQ consumer) calls `mapped_row` on each mapped row and `flush` per batch; file load
calls `columns` on the staged text columns and `flush` after the insert. Both go through
`standardise.standardise`, so the canonical form does not depend on the path.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib.resources import files
from typing import Any

import duckdb
import pyarrow as pa

from courtqc.governance.standardise import (
    CHANGED,
    FIELD_KINDS,
    INVALID,
    PARTIAL,
    UNCHANGED,
    Change,
    standardise,
    store_value,
)

# Dates as systems write them (ISO, with a time, or YYYYMMDD): a mapping's declared format
_CMS_DATE = re.compile(r"^\s*[0-9]{4}-?[0-9]{2}-?[0-9]{2}(?:[T ][0-9:.+\-Z ]*)?\s*$")
_DDL = files(__package__).joinpath("governance.sql").read_text(encoding="utf-8")


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create raw_values and intake_stats where missing."""
    con.execute(_DDL)


def row_key(key: tuple) -> str:
    return "|".join("" if k is None else str(k) for k in key)


def primary_key(table: str) -> tuple[str, ...]:
    from courtqc.ingest.mapping import primary_key as pk

    return pk(table)


class Intake:
    """Collects standardisations of one batch and writes them in `flush`."""

    def __init__(self) -> None:
        self._raw: dict[tuple[str, str], list[Change]] = {}  # (table, row key) -> changes
        self._rows: dict[int, tuple[str, str]] = {}  # file row number -> (table, row key)
        self._stats: dict[tuple[str, str], list[int]] = {}  # (table, column) -> counts
        self._ready = False  # tables made on this Intake's connection

    def _count(self, table: str, col: str, raw: object, status: str) -> None:
        c = self._stats.setdefault((table, col), [0, 0, 0, 0, 0])
        c[0] += 1
        if raw is not None and not (isinstance(raw, str) and not raw.strip()):
            c[1] += 1
        c[2] += status == CHANGED
        c[3] += status == INVALID
        c[4] += status == PARTIAL

    def mapped_row(self, mapped: list[tuple[Any, tuple, tuple]], source_row: dict) -> list:
        """Standardise the governed columns of an Applier's mapped rows. The raw value is the
        source column's where the column is mapped straight from one (so a Chinese date the
        mapping already read is still kept as written), else the mapped value."""
        out = []
        for tgt, key, values in mapped:
            kinds = FIELD_KINDS.get(tgt.table)
            if not kinds:
                out.append((tgt, key, values))
                continue
            vals = list(values)
            changes: list[Change] = []
            for i, col in enumerate(tgt.columns):
                kind = kinds.get(col)
                if kind is None:
                    continue
                src = tgt.getters[i].source
                raw = vals[i]
                if raw is not None and src and isinstance(source_row.get(src), str):
                    raw = source_row[src]
                if kind == "date" and isinstance(raw, str) and _CMS_DATE.match(raw):
                    raw = vals[i]  # the mapping's own date format, not a written variant
                std = standardise(kind, raw)
                self._count(tgt.table, col, raw, std.status)
                if std.status == UNCHANGED:
                    continue
                if kind != "date" or not isinstance(vals[i], dt.date):
                    vals[i] = store_value(kind, std, vals[i])
                changes.append(Change(col, str(raw), std.value, std.status))
            # a key column that was standardised (registry_population.id_number) moves the key
            new_key = tuple(vals[j] for j in tgt.key_index)
            self._raw[(tgt.table, row_key(new_key))] = changes
            out.append((tgt, new_key, tuple(vals)))
        return out

    def columns(
        self, table: str, data: dict[str, list], header: list[str], rows: list[int]
    ) -> None:
        """Standardise the governed text columns of a staged file in place (file load);
        ``rows`` are the file's row numbers, for `drop_rows`."""
        kinds = FIELD_KINDS.get(table)
        if not kinds:
            return
        cols = [c for c in header if c in kinds]
        if not cols:
            return
        key = primary_key(table)
        n = len(rows)
        per_row: list[list[Change]] = [[] for _ in range(n)]
        for col in cols:
            kind = kinds[col]
            vals = data[col]
            for i, raw in enumerate(vals):
                std = standardise(kind, raw)
                self._count(table, col, raw, std.status)
                if std.status == UNCHANGED:
                    continue
                vals[i] = store_value(kind, std, raw)
                per_row[i].append(Change(col, str(raw), std.value, std.status))
        if all(k in data for k in key):
            for i, ch in enumerate(per_row):
                at = (table, row_key(tuple(data[k][i] for k in key)))
                if at not in self._raw:  # a key twice in a file: the first row is loaded
                    self._raw[at] = ch
                    self._rows[rows[i]] = at

    def drop_rows(self, rows: set[int]) -> None:
        """Forget the file rows the load quarantined after standardising them."""
        for r in rows:
            at = self._rows.pop(r, None)
            if at is not None:
                self._raw.pop(at, None)

    def flush(self, con: duckdb.DuckDBPyConnection, source: str) -> int:
        """Write the batch's raw values (replacing those of the same rows) and counts; the
        number of raw values written. Arrow tables and literal key lists, not executemany:
        this runs once per CDC batch, beside the batch's own writes."""
        if not self._raw and not self._stats:
            return 0
        if not self._ready:
            ensure_tables(con)
            self._ready = True
        from courtqc.engine import attach_table
        from courtqc.ingest.apply import keys_in

        by_table: dict[str, list[str]] = {}
        for t, k in self._raw:
            by_table.setdefault(t, []).append(k)
        for t, keys in by_table.items():
            cond, params = keys_in("row_key", keys)
            con.execute(f"DELETE FROM raw_values WHERE table_name = ? AND {cond}", [t, *params])
        rows = [
            (t, k, c.column, c.raw, c.value, c.status)
            for (t, k), changes in self._raw.items()
            for c in changes
        ]
        if rows:
            names = ("table_name", "row_key", "column_name", "raw", "canonical", "status")
            data = {n: pa.array([r[i] for r in rows], pa.string()) for i, n in enumerate(names)}
            attach_table(con, "_qc_raw", pa.table(data))
            try:
                con.execute(
                    f"INSERT INTO raw_values ({', '.join(names)}, source) "
                    f"SELECT {', '.join(names)}, ? FROM _qc_raw",
                    [source],
                )
            finally:
                con.unregister("_qc_raw")
        if self._stats:
            values = ", ".join(
                "(current_date, ?, ?, ?, " + ", ".join(str(int(x)) for x in v) + ")"
                for v in self._stats.values()
            )
            params = [x for t, c in self._stats for x in (source, t, c)]
            con.execute(
                f"INSERT INTO intake_stats VALUES {values} "
                "ON CONFLICT (day, source, table_name, column_name) DO UPDATE SET "
                "seen = seen + excluded.seen, present = present + excluded.present, "
                "changed = changed + excluded.changed, invalid = invalid + excluded.invalid, "
                "partial = partial + excluded.partial",
                params,
            )
        self._raw.clear()
        self._rows.clear()
        self._stats.clear()
        return len(rows)


def standardise_store(con: duckdb.DuckDBPyConnection, source: str = "store") -> dict[str, int]:
    """Bring the governed columns of rows already in a store into canonical form, keeping
    the raw values beside: for data that arrived before governance, or a generator that
    writes values as messy as real data. Rows already canonical are left alone; a row whose
    key column changes (a 15-digit number keying a register) is left as it is when the
    canonical key is taken. Returns the values rewritten per table."""
    from courtqc.governance.standardise import standardise_row

    ensure_tables(con)
    done: dict[str, int] = {}
    for table, kinds in FIELD_KINDS.items():
        have = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
            ).fetchall()
        }
        cols = [c for c in kinds if c in have]
        key = list(primary_key(table))
        if not cols or not key or not set(key) <= have:
            continue
        intake = Intake()
        sel = ", ".join(f'"{c}"' for c in dict.fromkeys([*key, *cols]))
        cur = con.execute(f"SELECT {sel} FROM {table}")
        names = [d[0] for d in cur.description]
        updates: list[tuple] = []
        for r in cur.fetchall():
            row = dict(zip(names, r, strict=True))
            new, changes = standardise_row(table, row, set(cols))
            for c in changes:
                intake._count(table, c.column, c.raw, c.status)
            if not changes:
                continue
            new_key = tuple(new[k] for k in key)
            intake._raw[(table, row_key(new_key))] = changes
            updates.append((*[new[c] for c in cols], *[row[k] for k in key]))
        if updates:
            sets = ", ".join(f'"{c}" = ?' for c in cols)
            where = " AND ".join(f'"{k}" = ?' for k in key)
            try:
                con.executemany(f"UPDATE {table} SET {sets} WHERE {where}", updates)
            except duckdb.ConstraintException:
                # a canonical key another row already holds: go row by row, skip those
                for u in updates:
                    try:
                        con.execute(f"UPDATE {table} SET {sets} WHERE {where}", list(u))
                    except duckdb.ConstraintException:
                        continue
        done[table] = sum(len(c) for c in intake._raw.values())
        intake.flush(con, source)
    return done
