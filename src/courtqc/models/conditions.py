"""Compile a low-code condition tree (all / any / not; field, op, value) to SQL.

The tree reads one *subject* — a table or operator view such as `op_sentence_check` — and
yields the rows where it holds. Comparisons with a NULL field are false (SQL semantics); test
for NULL with is_null / not_null. A value may be a literal or another field of the same row:
`{ref: crime_amount, mul: 2}`, `{ref: filing_date, add_days: 90}`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from courtqc.models.definition import Condition, ConditionLogic, ValueRef, Window

ALIAS = "s"


@dataclass
class ConditionError(ValueError):
    path: tuple[str | int, ...]
    message: str

    def __str__(self) -> str:
        return self.message


def sql_literal(v: Any) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, dt.datetime):
        return f"TIMESTAMP '{v.isoformat(sep=' ')}'"
    if isinstance(v, dt.date):
        return f"DATE '{v.isoformat()}'"
    if isinstance(v, str):
        return "'" + v.replace("'", "''") + "'"
    raise TypeError(f"unsupported literal {v!r}")


class _Compiler:
    def __init__(self, subject: str, columns: set[str]):
        self.subject = subject
        self.columns = columns

    def col(self, name: str, path: tuple, alias: str = ALIAS) -> str:
        if name not in self.columns:
            known = ", ".join(sorted(self.columns))
            raise ConditionError(
                path, f"{self.subject} 没有字段 {name!r} (unknown field); fields: {known}"
            )
        return f'{alias}."{name}"'

    def value(self, v: Any, path: tuple, alias: str) -> str:
        if isinstance(v, dict):
            try:
                ref = ValueRef.model_validate(v)
            except Exception as e:  # pydantic ValidationError: name the field path
                raise ConditionError(path, f"bad value reference: {e}") from None
            expr = self.col(ref.ref, (*path, "ref"), alias)
            if ref.mul is not None:
                expr = f"({expr} * {ref.mul!r})"
            if ref.add is not None:
                expr = f"({expr} + {ref.add!r})"
            if ref.add_days is not None:
                expr = f"({expr} + INTERVAL ({ref.add_days}) DAY)"
            return expr
        if isinstance(v, list):
            raise ConditionError(path, "a list value is only allowed with in / not_in / between")
        return sql_literal(v)

    def cond(self, c: Condition, path: tuple, alias: str = ALIAS) -> str:
        if c.all is not None:
            if not c.all:
                raise ConditionError((*path, "all"), "all: needs at least one condition")
            parts = [self.cond(x, (*path, "all", i), alias) for i, x in enumerate(c.all)]
            return "(" + " AND ".join(parts) + ")"
        if c.any is not None:
            if not c.any:
                raise ConditionError((*path, "any"), "any: needs at least one condition")
            parts = [self.cond(x, (*path, "any", i), alias) for i, x in enumerate(c.any)]
            return "(" + " OR ".join(parts) + ")"
        if c.not_ is not None:
            return f"(NOT coalesce({self.cond(c.not_, (*path, 'not'), alias)}, FALSE))"
        return self.leaf(c, path, alias)

    def leaf(self, c: Condition, path: tuple, alias: str) -> str:
        op = c.op
        if op == "count_within_window":
            assert c.window is not None
            return f"({self.window(c.window, (*path, 'window'), alias)} >= {int(c.value)})"
        f = self.col(c.field, (*path, "field"), alias)  # type: ignore[arg-type]
        vpath = (*path, "value")
        simple = {"eq": "=", "ne": "<>", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
        if op in simple:
            return f"({f} {simple[op]} {self.value(c.value, vpath, alias)})"
        if op in ("in", "not_in"):
            if not c.value:
                raise ConditionError(vpath, f"{op}: needs a non-empty list")
            items = ", ".join(self.value(v, (*vpath, i), alias) for i, v in enumerate(c.value))
            return f"({f} {'IN' if op == 'in' else 'NOT IN'} ({items}))"
        if op == "between":
            lo, hi = (self.value(v, (*vpath, i), alias) for i, v in enumerate(c.value))
            return f"({f} BETWEEN {lo} AND {hi})"
        if op in ("contains", "not_contains", "starts_with", "regex"):
            if not isinstance(c.value, str):
                raise ConditionError(vpath, f"{op}: needs a text value")
            lit = sql_literal(c.value)
            if op == "contains":
                return f"contains({f}, {lit})"
            if op == "not_contains":
                return f"(NOT contains({f}, {lit}))"
            if op == "starts_with":
                return f"starts_with({f}, {lit})"
            try:
                re.compile(c.value)
            except re.error as e:
                raise ConditionError(vpath, f"bad regular expression: {e}") from None
            return f"regexp_matches({f}, {lit})"
        if op == "is_null":
            return f"({f} IS NULL)"
        if op == "not_null":
            return f"({f} IS NOT NULL)"
        raise ConditionError((*path, "op"), f"unknown op {op!r}")

    def window(self, w: Window, path: tuple, alias: str) -> str:
        inner = "w"
        conds = []
        for i, p in enumerate(w.partition):
            conds.append(
                f"{self.col(p, (*path, 'partition', i), inner)} = {self.col(p, (*path, 'partition', i), alias)}"
            )
        d_in = self.col(w.date, (*path, "date"), inner)
        d_out = self.col(w.date, (*path, "date"), alias)
        lo = f"{d_out} - INTERVAL ({w.days}) DAY" if w.direction != "after" else d_out
        hi = f"{d_out} + INTERVAL ({w.days}) DAY" if w.direction != "before" else d_out
        conds.append(f"{d_in} BETWEEN {lo} AND {hi}")
        if w.where is not None:
            conds.append(self.cond(w.where, (*path, "where"), inner))
        return f"(SELECT count(*) FROM {self.subject} {inner} WHERE {' AND '.join(conds)})"


def compile_conditions(
    logic: ConditionLogic, columns: set[str], path: tuple = ("logic", "conditions")
) -> str:
    """SQL for a condition-tree model; ConditionError(path, message) on an unknown field."""
    comp = _Compiler(logic.subject, columns)
    if "case_id" not in columns:
        raise ConditionError((*path, "subject"), f"subject {logic.subject!r} has no case_id")
    where = comp.cond(logic.where, (*path, "where"))
    select = [f"{ALIAS}.case_id"]
    if logic.party:
        select.append(f"{comp.col(logic.party, (*path, 'party'))} AS party_id")
    for i, e in enumerate(logic.evidence):
        if e in ("case_id", "party_id"):
            continue
        select.append(f'{comp.col(e, (*path, "evidence", i))} AS "{e}"')
    return f"SELECT {', '.join(select)} FROM {logic.subject} {ALIAS} WHERE {where}"
