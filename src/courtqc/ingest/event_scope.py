"""What one CMS event may write: the rows of the case it names, in the caller's court tree.

A CMS event says "case X reached node N" and carries rows. Those rows are checked here, after
mapping and before anything is written, so an event can never reach past its case:

- **case tables** (CASE_TABLES: every table whose rows carry a `case_id`) — the new image and
  the stored row it replaces (same key) must both hang on the event's case;
- **the case row** itself must be the case the event names (same case number), its stored
  court and its new court must both be in the caller's court tree, and it cannot move court;
- **parties** hang on cases through their links (PARTY_LINKS): a party row may be written only
  when it is linked to the event's case (in the store or by this event's own rows) and to no
  other case — a party that appears in another case is not this event's to rewrite;
- **every other table** (courts, departments, judges, causes, lawyers, registries …) is
  reference data and is never written by an event.

The check answers with the offending rows (source table, 1-based row, source key, canonical
table, reason); the caller refuses the whole event when there is any.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from courtqc.ingest.apply import keys_in
from courtqc.ingest.mapping import CompiledTarget
from courtqc.schema.case_links import CASE_ID_TABLES, PARTY_LINKS

# Canonical tables whose rows belong to one case by their `case_id` (courtqc.schema.case_links).
# A table not named there (a new one included) is reference data for events: closed unless listed.
CASE_TABLES: frozenset[str] = frozenset(CASE_ID_TABLES)


@dataclass(frozen=True)
class MappedRow:
    """One canonical row an event's source row makes."""

    source_table: str
    position: int  # 1-based within the source table's list
    source_key: dict[str, Any]  # the source row's primary key
    target: CompiledTarget
    key: tuple
    values: tuple

    def value(self, column: str) -> Any:
        cols = self.target.columns
        return self.values[cols.index(column)] if column in cols else None


@dataclass(frozen=True)
class Offence:
    row: MappedRow
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.row.source_table,
            "row": self.row.position,
            "key": self.row.source_key,
            "target": self.row.target.table,
            "reason": self.reason,
        }


@dataclass
class CaseOfEvent:
    """The case an event names: its id and court, from the store or from the event's rows."""

    case_id: int | None
    stored_court: str | None = None
    offences: list[Offence] = field(default_factory=list)


def _stored_case_ids(
    con: duckdb.DuckDBPyConnection, table: str, key_cols: list[str], keys: Iterable[tuple]
) -> dict[tuple, set[int]]:
    """{key: case_ids of the stored rows with that key} for the keys that are stored."""
    keys = list(dict.fromkeys(keys))
    if not keys:
        return {}
    cond, params = keys_in(f'"{key_cols[0]}"', [k[0] for k in keys])
    cols = ", ".join(f'"{c}"' for c in key_cols)
    wanted = set(keys)
    out: dict[tuple, set[int]] = {}
    for *k, case_id in con.execute(
        f"SELECT {cols}, case_id FROM {table} WHERE {cond}", params
    ).fetchall():
        if tuple(k) in wanted:
            out.setdefault(tuple(k), set()).add(case_id)
    return out


def _party_links(con: duckdb.DuckDBPyConnection, party_ids: list[int]) -> dict[int, set[int]]:
    """{party_id: the cases the store links it to}."""
    out: dict[int, set[int]] = {}
    if not party_ids:
        return out
    parts, params = [], []
    for table, cols in PARTY_LINKS.items():
        for col in cols:
            cond, ps = keys_in(f'"{col}"', party_ids)
            parts.append(f'SELECT "{col}", case_id FROM {table} WHERE {cond}')
            params += ps
    for pid, case_id in con.execute(" UNION ALL ".join(parts), params).fetchall():
        out.setdefault(pid, set()).add(case_id)
    return out


def resolve_case(
    con: duckdb.DuckDBPyConnection, case_no: str, rows: list[MappedRow]
) -> CaseOfEvent:
    """The case the event names: the stored case with that number, else the event's own case
    row with that number (a new case). A case row of the event with that number but another id
    is an offence (it would take the number of a stored case)."""
    stored = con.execute(
        "SELECT case_id, court_code FROM cases WHERE case_no = ?", [case_no]
    ).fetchone()
    mine = [r for r in rows if r.target.table == "cases" and r.value("case_no") == case_no]
    if stored is not None:
        out = CaseOfEvent(int(stored[0]), stored[1])
        for r in mine:
            if r.value("case_id") != out.case_id:
                out.offences.append(
                    Offence(
                        r,
                        f"案号 {case_no} 已属案件 {out.case_id}，不能另建 (the case number "
                        f"belongs to stored case {out.case_id})",
                    )
                )
        return out
    return CaseOfEvent(int(mine[0].value("case_id")) if mine else None)


def check_rows(
    con: duckdb.DuckDBPyConnection,
    case: CaseOfEvent,
    case_no: str,
    rows: list[MappedRow],
    courts: frozenset[str] | None,
) -> list[Offence]:
    """Every row that the event may not write, with the reason. `courts`: the caller's court
    tree (None: any court — the case confinement still holds)."""
    offences = list(case.offences)
    cid = case.case_id
    if courts is not None and case.stored_court is not None and case.stored_court not in courts:
        offences.extend(
            Offence(r, f"案件属 {case.stored_court}，不在本密钥法院范围 (case of another court)")
            for r in rows
            if r.target.table == "cases" and r.value("case_id") == cid
        )

    by_table: dict[str, list[MappedRow]] = {}
    for r in rows:
        by_table.setdefault(r.target.table, []).append(r)

    for table, trs in by_table.items():
        if table == "parties":
            continue
        if table not in CASE_TABLES:
            offences.extend(_reference_rows(table, trs))
        else:
            offences.extend(_case_table_rows(con, table, trs, cid, case_no, courts))
    parties = by_table.get("parties", [])
    if parties:
        offences.extend(_party_rows(con, parties, rows, cid, case_no))
    return _first_per_row(offences)


def _reference_rows(table: str, trs: list[MappedRow]) -> list[Offence]:
    """Rows of a reference table: never an event's to write."""
    return [
        Offence(
            r,
            f"{table} 是基础数据，不能由案件事件写入 (reference table: events write case "
            "data only)",
        )
        for r in trs
    ]


def _case_table_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    trs: list[MappedRow],
    cid: int | None,
    case_no: str,
    courts: frozenset[str] | None,
) -> list[Offence]:
    """Rows of a case table: the new image and the stored row it replaces both on the event's
    case; the case row itself also the case the event names, in the caller's tree, not moving
    court."""
    offences: list[Offence] = []
    stored = _stored_case_ids(con, table, trs[0].target.key, (r.key for r in trs))
    old_courts: dict[int, str] = {}
    if table == "cases" and stored:
        cond, params = keys_in("case_id", [k[0] for k in stored])
        old_courts = dict(
            con.execute(f"SELECT case_id, court_code FROM cases WHERE {cond}", params).fetchall()
        )
    for r in trs:
        new_case = r.value("case_id")
        if new_case != cid:
            offences.append(
                Offence(
                    r,
                    f"该行属案件 {new_case}，不属事件的案件 {case_no} (row of another case)",
                )
            )
            continue
        others = stored.get(r.key, set()) - {cid}
        if others:
            offences.append(
                Offence(
                    r,
                    "该键的已存行属其他案件，不能改写 (the stored row with this key belongs to "
                    "another case)",
                )
            )
            continue
        if table == "cases":
            offences.extend(_case_row(r, case_no, courts, old_courts))
    return offences


def _case_row(
    r: MappedRow, case_no: str, courts: frozenset[str] | None, old_courts: dict[int, str]
) -> list[Offence]:
    """The case row: the case the event names, in the caller's tree, in its stored court."""
    court = r.value("court_code")
    if r.value("case_no") != case_no:
        return [
            Offence(
                r,
                f"案件行的案号 {r.value('case_no')} 不是事件的案号 {case_no} "
                "(the case row is not the case the event names)",
            )
        ]
    if courts is not None and court not in courts:
        return [Offence(r, f"案件属 {court}，不在本密钥法院范围 (case of another court)")]
    if r.key[0] in old_courts and old_courts[r.key[0]] != court:
        return [
            Offence(
                r,
                f"案件不能由 {old_courts[r.key[0]]} 移至 {court} (a case cannot move court)",
            )
        ]
    return []


def _party_rows(
    con: duckdb.DuckDBPyConnection,
    parties: list[MappedRow],
    rows: list[MappedRow],
    cid: int | None,
    case_no: str,
) -> list[Offence]:
    """Party rows: each linked to the event's case (in the store or by the event's own rows)
    and to no other case."""
    offences: list[Offence] = []
    pids = [r.key[0] for r in parties]
    links = _party_links(con, pids)
    for r in rows:  # the event's own links (already confined to its case above)
        for col in PARTY_LINKS.get(r.target.table, ()):
            pid = r.value(col)
            if pid is not None and r.value("case_id") == cid:
                links.setdefault(pid, set()).add(cid)
    for r in parties:
        linked = links.get(r.key[0], set())
        if cid is None or cid not in linked:
            offences.append(
                Offence(
                    r,
                    f"当事人 {r.key[0]} 未关联事件的案件 {case_no} (party not linked to the "
                    "event's case)",
                )
            )
        elif linked - {cid}:
            offences.append(
                Offence(
                    r,
                    f"当事人 {r.key[0]} 也属其他案件，不能由本案事件改写 (party linked to other "
                    "cases)",
                )
            )
    return offences


def _first_per_row(offences: list[Offence]) -> list[Offence]:
    """One offence per row is enough to name it: the first reason, rows in source order."""
    seen: set[tuple[str, int]] = set()
    out = []
    for o in offences:
        k = (o.row.source_table, o.row.position)
        if k not in seen:
            seen.add(k)
            out.append(o)
    return sorted(out, key=lambda o: (o.row.source_table, o.row.position))
