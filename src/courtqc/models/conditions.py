"""Compile a low-code condition tree (all / any / not; field, op, value) to SQL.

The tree reads one *subject* — a table or operator view such as `op_sentence_check` — and
yields the rows where it holds. Comparisons with a NULL field are false (SQL semantics); test
for NULL with is_null / not_null. A value may be a literal or another field of the same row:
`{ref: crime_amount, mul: 2}`, `{ref: filing_date, add_days: 90}`.

A leaf may compare a *relative date* instead of a field: `{days_since: filing_date, op: gt,
value: 365}` (立案距今 > 365 天) holds where the days from the row's filing date to the run's
day exceed 365. The run's day is the `as_of()` macro every engine session has
(courtqc.operators.install): the day a review or backtest is made for, or the node checker's
day — never the wall clock, so a backtest as of a past day counts to that day, as the built-in
time-limit operators do. The field must be a DATE or TIMESTAMP column of the subject.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
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


def is_date_type(sql_type: str) -> bool:
    """Whether a column of this DuckDB type can be a relative date (DATE, TIMESTAMP[...])."""
    t = sql_type.upper()
    return t.startswith("DATE") or t.startswith("TIMESTAMP")


class _Compiler:
    def __init__(self, subject: str, columns: Collection[str]):
        self.subject = subject
        self.columns = set(columns)
        # name -> DuckDB type where the caller knows them (the library always does)
        self.types: Mapping[str, str] | None = columns if isinstance(columns, Mapping) else None

    def col(self, name: str, path: tuple, alias: str = ALIAS) -> str:
        if name not in self.columns:
            known = ", ".join(sorted(self.columns))
            raise ConditionError(
                path, f"{self.subject} 没有字段 {name!r} (unknown field); fields: {known}"
            )
        return f'{alias}."{name}"'

    def days_since(self, name: str, path: tuple, alias: str) -> str:
        """Whole days from the field's date to the run's day, as_of() (negative if later)."""
        col = self.col(name, path, alias)
        if self.types is not None and not is_date_type(self.types.get(name, "")):
            raise ConditionError(
                path,
                f"{self.subject}.{name} 不是日期字段，不能计算距今天数 "
                f"(days_since needs a DATE or TIMESTAMP field; {name} is {self.types.get(name)})",
            )
        return f"date_diff('day', CAST({col} AS DATE), as_of())"

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
        vpath = (*path, "value")
        if c.days_since is not None:
            f = self.days_since(c.days_since, (*path, "days_since"), alias)
            self.check_days(c.value, vpath)
        else:
            f = self.col(c.field, (*path, "field"), alias)  # type: ignore[arg-type]
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

    def check_days(self, v: Any, path: tuple) -> None:
        """A days_since leaf compares whole days: its values are integers (or field refs)."""
        for i, x in enumerate(v if isinstance(v, list) else [v]):
            if x is None or isinstance(x, dict):
                continue
            if isinstance(x, bool) or not isinstance(x, int | float) or x != int(x):
                p = (*path, i) if isinstance(v, list) else path
                raise ConditionError(
                    p, f"距今天数须为整数 (days_since needs whole days, not {x!r})"
                )

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
    logic: ConditionLogic, columns: Collection[str], path: tuple = ("logic", "conditions")
) -> str:
    """SQL for a condition-tree model; ConditionError(path, message) on an unknown field.

    `columns`: the subject's fields — a mapping name -> DuckDB type (`subject_columns`) lets
    the compiler refuse a relative date on a field that is not a date; a bare set skips that
    check (the database then refuses it when the SQL binds)."""
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


def subject_columns(subject: str) -> dict[str, str]:
    """The fields of a table or operator view with their DuckDB types, in order."""
    from courtqc import operators  # here: operators imports models.pyops at load

    with operators.schema_connection() as con:
        rows = con.execute(f"DESCRIBE SELECT * FROM {subject}").fetchall()
    return {r[0]: r[1] for r in rows}
