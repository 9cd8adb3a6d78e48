"""Indicator SQL fragments: named sets, their expansion, and the check that a fragment is a
plain expression over the case-fact columns (no subquery, no other table, no statement).

A fragment is DuckDB SQL over `ind_case_facts` with three parameters, `$start`, `$end`
(exclusive) and `$as_of` (the period's last day), and these shorthands in braces:

    {filed}          filed in the period             {closed}       closed in the period
    {pending_start}  pending when the period opens   {pending_end}  pending when it ends (未结)
    {in:COLUMN}      COLUMN (a date) falls in the period
    {age}            days from filing to $as_of (age of a pending case)
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from courtqc.indicators.facts import ACTIVITY_COLUMNS, FACT_COLUMNS

SETS: dict[str, str] = {
    "filed": "(filing_date >= $start AND filing_date < $end)",
    "closed": "(closing_date >= $start AND closing_date < $end)",
    "pending_start": "(filing_date < $start AND (closing_date IS NULL OR closing_date >= $start))",
    "pending_end": "(filing_date < $end AND (closing_date IS NULL OR closing_date >= $end))",
    "age": "($as_of - filing_date)",
}
SET_DOCS: dict[str, str] = {
    "filed": "立案日期在统计期间内 (新收)",
    "closed": "结案日期在统计期间内 (已结)",
    "pending_start": "期初未结 (旧存)",
    "pending_end": "期末未结 (未结)",
    "age": "期末时已审理天数 (age of a pending case on the period's last day)",
    "in:COLUMN": "某日期列落在统计期间内",
}
PARAMS = ("start", "end", "as_of")
# each set is computed once per row as a column of the engine's inner SELECT (_closed ...),
# rather than once per aggregate that uses it
SET_COLUMNS: dict[str, str] = {f"_{k}": v for k, v in SETS.items()}

# computed values a drill-down reason may show besides the fact columns
DRILL_EXTRAS: dict[str, str] = {"age_days": "($as_of - filing_date)"}
_EXPLAIN = re.compile(r"\{([a-z_]+)\}")


def check_explain(template: str) -> None:
    for name in _EXPLAIN.findall(template):
        if name not in FACT_COLUMNS and name not in DRILL_EXTRAS:
            raise FragmentError(f"explain: 未知占位符 (unknown placeholder) {{{name}}}")


_MACRO = re.compile(r"\{(in:)?([a-z_]+)\}")
_PARAM = re.compile(r"\$([a-z_]+)")

# expression node kinds a fragment may not contain
_FORBIDDEN = (
    exp.Select,
    exp.Subquery,
    exp.Table,
    exp.Join,
    exp.Command,
    exp.Create,
    exp.Insert,
    exp.Update,
    exp.Delete,
    exp.Drop,
    exp.Window,
)


class FragmentError(ValueError):
    pass


def expand(fragment: str) -> str:
    """Replace {set} and {in:column} shorthands with SQL."""

    def sub(m: re.Match[str]) -> str:
        if m.group(1):
            col = m.group(2)
            if col not in FACT_COLUMNS:
                raise FragmentError(f"{{in:{col}}}: 未知列 (unknown column) {col!r}")
            return f"({col} >= $start AND {col} < $end)"
        name = m.group(2)
        if name not in SETS:
            raise FragmentError(
                f"未知的集合 (unknown set) {{{name}}}; 可用 (known): {', '.join(SETS)}, in:COLUMN"
            )
        return f"_{name}"

    return _MACRO.sub(sub, fragment)


def check(fragment: str, *, boolean: bool) -> str:
    """Expand and validate a fragment; returns the SQL. Raises FragmentError naming the problem."""
    sql = expand(fragment)
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except sqlglot.errors.ParseError as e:
        raise FragmentError(
            f"SQL 语法错误 (syntax error): {e.errors[0]['description'] if e.errors else e}"
        ) from None
    for node in tree.walk():
        if isinstance(node, _FORBIDDEN):
            raise FragmentError(
                f"片段只能是表达式 (a fragment must be an expression), found {node.key.upper()}"
            )
        if (
            isinstance(node, exp.Column)
            and node.name not in FACT_COLUMNS
            and node.name not in SET_COLUMNS
        ):
            raise FragmentError(
                f"未知列 (unknown column) {node.name!r}; 见 docs/INDICATORS.md 的事实表列"
            )
        if isinstance(node, exp.Placeholder) and node.name not in PARAMS:
            raise FragmentError(
                f"未知参数 (unknown parameter) ${node.name}; 可用 $start, $end, $as_of"
            )
    if boolean and isinstance(tree, (exp.Literal,)) and not tree.is_string:
        raise FragmentError("条件应为布尔表达式 (a condition must be a boolean expression)")
    return sql


_ACTIVE_SETS = {"_filed", "_closed", "_pending_start", "_pending_end"}


def implies_activity(sql: str) -> bool:
    """Whether a condition can only hold for a case active in the period: filed before its
    end and pending, or with some date of its life (last_activity) on or after its start.

    Proved on the syntax: a top-level conjunct that is a period set ({filed}, {closed},
    {pending_start}, {pending_end}), or a date column compared `>= $start` / `>= $end` /
    `> $...` ({in:COLUMN}), or an OR of such. Where it holds for every measure, the engine
    skips inactive cases before aggregating (assumes no date of a case precedes its filing)."""
    return _active(sqlglot.parse_one(sql, read="duckdb"))


def _active(node: exp.Expression) -> bool:
    if isinstance(node, exp.Paren):
        return _active(node.this)
    if isinstance(node, exp.Column):
        return node.name in _ACTIVE_SETS
    if isinstance(node, exp.And):
        return _active(node.left) or _active(node.right)
    if isinstance(node, exp.Or):
        return _active(node.left) and _active(node.right)
    if isinstance(node, (exp.GTE, exp.GT)):
        left, right = node.left, node.right
        return (
            isinstance(left, exp.Column)
            and left.name in ACTIVITY_COLUMNS
            and isinstance(right, exp.Placeholder)
            and right.name in PARAMS
        )
    return False


def period_bound(sql: str) -> bool:
    """Whether an expanded condition refers to the period (a parameter or a set column)."""
    return bool(_PARAM.search(sql)) or any(c in sql for c in SET_COLUMNS)


def used_params(sql: str, params: dict) -> dict:
    """Only the named parameters that the SQL uses (DuckDB rejects unused ones)."""
    names = set(_PARAM.findall(sql))
    return {k: v for k, v in params.items() if k in names}
