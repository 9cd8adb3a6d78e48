"""A tiny court in memory, for the positive and negative test of each model and for examples.

Every helper fills the NOT NULL columns with plausible defaults, so a test states only what
matters to the model under test.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import duckdb

from courtqc.schema import create_schema

if TYPE_CHECKING:
    from courtqc.models.library import CompiledModel

D = dt.date.fromisoformat

_TYPE = {
    ("civil", "first"): "民初", ("civil", "second"): "民终", ("criminal", "first"): "刑初",
    ("enforcement", "enforcement"): "执", ("bankruptcy", "bankruptcy"): "破",
    ("commercial", "first"): "民初", ("administrative", "first"): "行初",
}  # fmt: skip


class TinyCourt:
    def __init__(self, con: duckdb.DuckDBPyConnection | None = None):
        self.con = con or duckdb.connect(":memory:")
        create_schema(self.con)
        self._ids = itertools.count(1)
        self._seq = itertools.count(1)

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.con.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))

    def party(self, name: str, kind: str = "natural", **kw: Any) -> int:
        pid = next(self._ids)
        self._insert("parties", {"party_id": pid, "kind": kind, "name": name, **kw})
        return pid

    def case(
        self,
        *,
        family: str = "civil",
        procedure: str = "first",
        filing: str = "2023-03-01",
        closing: str | None = None,
        cause: str | None = "民间借贷纠纷",
        court: str = "沪0115",
        type_code: str | None = None,
        parties: dict[str, int | list[int]] | None = None,
        **kw: Any,
    ) -> int:
        cid = 1000 + next(self._ids)
        tc = type_code or _TYPE.get((family, procedure), "民初")
        fd = D(filing)
        seq = next(self._seq)
        row = {
            "case_id": cid,
            "case_no": f"（{fd.year}）{court}{tc}{seq}号",
            "year": fd.year,
            "court_code": court,
            "type_code": tc,
            "seq": seq,
            "family": family,
            "procedure": procedure,
            "cause_name": cause,
            "filing_date": fd,
            "closing_date": D(closing) if closing else None,
            "status": "closed" if closing else "pending",
            "current_node": "closing" if closing else "filing",
            **kw,
        }
        self._insert("cases", row)
        for role, pids in (parties or {}).items():
            for i, pid in enumerate(pids if isinstance(pids, list) else [pids], 1):
                self._insert(
                    "case_parties", {"case_id": cid, "party_id": pid, "role": role, "seq": i}
                )
        return cid

    def add(self, table: str, **row: Any) -> None:
        if table in ("payments", "enforcement_actions", "events", "documents") and not any(
            k.endswith("_id") and k != "case_id" and k != "party_id" and k != "actor_id"
            for k in row
        ):
            key = {"payments": "payment_id", "enforcement_actions": "action_id",
                   "events": "event_id", "documents": "doc_id"}[table]  # fmt: skip
            row = {key: next(self._ids), **row}
        self._insert(table, row)


def by_context(models: Iterable[CompiledModel]) -> list[list[CompiledModel]]:
    """The models grouped by the context they declare (ModelDef.context), so that node mode
    runs each group on the context its declaration gives — the equivalence tests then hold
    every model to its declaration."""
    groups: dict[str, list[CompiledModel]] = {}
    for m in models:
        groups.setdefault(m.model.context, []).append(m)
    return [groups[k] for k in sorted(groups)]
