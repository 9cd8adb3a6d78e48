"""Model SQL is parsed with sqlglot and accepted only as one read-only SELECT over the tables a
model may read: the canonical case data, the law reference tables and the operator library.

What is refused, with the reason in the message: more than one statement; anything but a query
(INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, PRAGMA, ATTACH, COPY, SET, ...); a table that is
not allowed (users, credentials, alerts, truth tables ...) or that is qualified with a database
or schema; table functions other than the operator macros; functions that read files, the
environment or run SQL (read_csv, glob, getenv, query ...).

The engine runs the SQL as sqlglot prints it back, so what runs is exactly what was checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError

DIALECT = "duckdb"

# Statement kinds that never belong in a model, wherever they appear in the tree.
_FORBIDDEN_NODES: tuple[type[exp.Expression], ...] = tuple(
    getattr(exp, n)
    for n in (
        "Insert",
        "Update",
        "Delete",
        "Merge",
        "Create",
        "Drop",
        "Alter",
        "Copy",
        "Attach",
        "Detach",
        "Pragma",
        "Set",
        "Command",
        "Use",
        "Transaction",
        "Commit",
        "Rollback",
        "Into",
        "LoadData",
        "Install",
        "Export",
        "Describe",
        "Grant",
        "Revoke",
        "TruncateTable",
    )
    if hasattr(exp, n)
)

# Function-name prefixes that touch the outside world or the catalog.
_FORBIDDEN_FUNC_PREFIXES = (
    "read_", "glob", "getenv", "query", "pragma", "duckdb_", "sniff_", "parquet_", "iceberg_",
    "delta_", "sqlite_", "postgres_", "mysql_", "http", "which_secret", "load", "install",
    "attach", "detach", "checkpoint", "current_setting", "set_", "enable_", "disable_",
    "export", "import", "system", "shell", "write_", "copy", "json_execute", "sql_",
    "test_", "arrow_scan", "seq_scan", "repeat_row", "summary", "finalize",
)  # fmt: skip
_FORBIDDEN_FUNC_CLASSES = tuple(
    getattr(exp, n) for n in ("ReadCSV", "ReadParquet", "ReadJSON") if hasattr(exp, n)
)


@dataclass
class SqlProblem(ValueError):
    """Why a model's SQL is refused; line is within the SQL text (1-based) when known."""

    message: str
    line: int | None = None

    def __str__(self) -> str:
        return self.message


def _func_name(f: exp.Expression) -> str:
    if isinstance(f, exp.Anonymous):
        return str(f.name).lower()
    return f.sql_name().lower()


def check_select(
    sql: str, allowed_tables: set[str], allowed_table_functions: set[str] = frozenset()
) -> exp.Query:
    """Parse `sql`; return its tree if it is one read-only SELECT over allowed tables,
    otherwise raise SqlProblem naming what is wrong."""
    try:
        trees = [t for t in sqlglot.parse(sql, read=DIALECT) if t is not None]
    except ParseError as e:
        err = e.errors[0] if e.errors else {}
        msg = err.get("description") or str(e)
        raise SqlProblem(f"SQL 语法错误 (syntax error): {msg}", err.get("line")) from None
    except sqlglot.errors.TokenError as e:
        raise SqlProblem(f"SQL 语法错误 (syntax error): {e}") from None
    if len(trees) != 1:
        raise SqlProblem(
            f"模型 SQL 只能是一条 SELECT 语句 (exactly one statement allowed, found {len(trees)})"
        )
    tree = trees[0]
    if not isinstance(tree, exp.Query):
        kind = type(tree).__name__.upper()
        raise SqlProblem(f"模型 SQL 只能是只读查询 SELECT，不能是 {kind} (only SELECT is allowed)")
    for node in tree.walk():
        if isinstance(node, _FORBIDDEN_NODES):
            kind = type(node).__name__.upper()
            raise SqlProblem(
                f"模型 SQL 不能包含 {kind} (write / DDL / session statements are refused)"
            )
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        fn = table.this
        if isinstance(fn, exp.Func):
            name = _func_name(fn)
            if name not in allowed_table_functions:
                raise SqlProblem(
                    f"不允许的表函数 {name}() (table function not allowed; operator macros only)"
                )
            continue
        if table.args.get("db") or table.args.get("catalog"):
            raise SqlProblem(
                f"表名不能带库名或模式名: {table.sql(dialect=DIALECT)} "
                "(qualified table names are refused)"
            )
        name = table.name.lower()
        if name in ctes:
            continue
        if name not in allowed_tables:
            raise SqlProblem(f"模型不能读取表 {table.name!r} (table not allowed for models)")
    for f in tree.find_all(exp.Func):
        name = _func_name(f)
        if isinstance(f, _FORBIDDEN_FUNC_CLASSES) or (
            name not in allowed_table_functions and name.startswith(_FORBIDDEN_FUNC_PREFIXES)
        ):
            raise SqlProblem(f"不允许的函数 {name}() (reads files, settings or runs SQL)")
    return tree


def runnable_sql(tree: exp.Expression) -> str:
    return tree.sql(dialect=DIALECT)
