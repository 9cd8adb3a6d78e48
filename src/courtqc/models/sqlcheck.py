"""Model SQL is parsed with sqlglot and accepted only as one read-only SELECT over the tables a
model may read: the canonical case data, the law reference tables and the operator library.

What is refused, with the reason in the message (docs/MODELS.md, "What the SQL checker
refuses"):

- more than one statement, or anything but a query: INSERT, UPDATE, DELETE, CREATE, DROP,
  ALTER, PRAGMA, ATTACH, COPY, EXPORT, SET / SET VARIABLE, DESCRIBE, SHOW, SUMMARIZE, CALL ...,
  at the top or nested anywhere (a data-modifying CTE, `FROM (DESCRIBE users)`);
- a table that is not allowed (users, alerts, audit, truth tables, quarantine, catalog views
  such as information_schema or duckdb_tables, a replacement scan of a file or of a Python
  variable), one qualified with a database or schema, or one named with characters outside
  ASCII (look-alikes of an allowed name);
- table functions other than the operator macros; functions that read files, settings,
  variables or the catalog, run SQL from a string, or change session state (read_csv, glob,
  getenv, getvariable, current_setting, query, query_table, nextval, setseed, write_log ...);
- SQL too long or nested too deeply to check (5,000 nested parentheses are refused before
  the parser recurses, not with a RecursionError).

A table name is a CTE reference only where sqlglot's scope resolution says a CTE of that name is
visible (courtqc's own check, `sqlglot.optimizer.scope`): a forbidden table stays forbidden
whatever CTE of the same name exists elsewhere in the query. Each CTE is then renamed
(`cte1_hits`, the original name kept as the alias), so the SQL that runs names no CTE that
DuckDB could resolve differently from the checker: a reference the checker took for a CTE can
only bind to that CTE, or fail. Comments are dropped. The engine runs the SQL as sqlglot prints
it back, so what runs is exactly what was checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.optimizer.scope import Scope, traverse_scope
from sqlglot.tokens import TokenType

DIALECT = "duckdb"

#: Longest model SQL accepted (characters). The built-in library's longest is about 1,200.
MAX_SQL_CHARS = 50_000
#: Deepest nesting of brackets ( [ { accepted, counted on the tokens before parsing.
MAX_BRACKET_DEPTH = 64
#: Deepest expression tree accepted after parsing (NOT NOT ..., CASE in CASE, long chains).
MAX_TREE_DEPTH = 200

# Statement kinds that never belong in a model, wherever they appear in the tree.
_FORBIDDEN_NODES: tuple[type[exp.Expression], ...] = tuple(
    getattr(exp, n)
    for n in (
        "Insert", "Update", "Delete", "Merge", "Create", "Drop", "Alter", "Copy", "Attach",
        "Detach", "Pragma", "Set", "Command", "Use", "Transaction", "Commit", "Rollback",
        "Into", "LoadData", "Install", "Export", "Describe", "Summarize", "Show", "Grant",
        "Revoke", "TruncateTable", "Kill", "Analyze", "Refresh", "Cache", "Uncache",
        "Declare", "Execute",
    )
    if hasattr(exp, n)
)  # fmt: skip

# Function names (or their prefixes) that touch the outside world, the catalog, the session's
# settings and variables, or run SQL given as a string. DuckDB's full list was read from
# duckdb_functions(); table functions are refused wholesale (operator macros excepted).
_FORBIDDEN_FUNC_PREFIXES = (
    "read_", "glob", "getenv", "getvariable", "query", "pragma", "duckdb_", "sniff_",
    "parquet_", "iceberg_", "delta_", "sqlite_", "postgres_", "mysql_", "http", "which_secret",
    "load", "install", "attach", "detach", "checkpoint", "force_checkpoint", "current_setting",
    "set_", "setseed", "enable_", "disable_", "export", "import", "system", "shell", "write_",
    "copy", "json_execute", "json_serialize_sql", "json_deserialize_sql", "sql_", "test_",
    "arrow_scan", "pandas_scan", "python_", "seq_scan", "repeat_row", "summary", "finalize",
    "pg_", "has_", "__internal", "nextval", "currval", "sleep", "register_", "deregister_",
    "create_", "destroy_", "truncate_", "add_grammar", "remove_grammar", "st_read", "ducklake",
    "excel", "parse_duckdb_log", "txid_", "map_to_pg_oid", "map_type_id_to_pg_oid",
)  # fmt: skip
_FORBIDDEN_FUNC_NAMES = frozenset({
    "current_database", "current_catalog", "current_schema", "current_schemas", "current_role",
    "current_user", "session_user", "user", "current_query", "current_query_id",
    "current_connection_id", "current_transaction_id", "version", "col_description",
    "obj_description", "shobj_description", "in_search_path", "format_pg_type",
})  # fmt: skip
_FORBIDDEN_FUNC_CLASSES = tuple(
    getattr(exp, n)
    for n in ("ReadCSV", "ReadParquet", "ReadJSON", "CurrentUser", "CurrentSchema",
              "CurrentCatalog", "CurrentRole", "SessionUser")
    if hasattr(exp, n)
)  # fmt: skip

_OPEN = {TokenType.L_PAREN, TokenType.L_BRACKET, TokenType.L_BRACE}
_CLOSE = {TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.R_BRACE}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass
class SqlProblem(ValueError):
    """Why a model's SQL is refused; line is within the SQL text (1-based) when known."""

    message: str
    line: int | None = None

    def __str__(self) -> str:
        return self.message


def _func_names(f: exp.Expression) -> set[str]:
    """The names DuckDB would see for a function node: sqlglot's name for it and the name the
    printed SQL calls, which differ for functions sqlglot knows by another name."""
    name = f.name if isinstance(f, exp.Anonymous) else f.sql_name()
    names = {str(name).lower()}
    try:
        printed = f.sql(dialect=DIALECT)
    except Exception:  # a node sqlglot cannot print is refused below by its class name
        printed = ""
    head = printed.split("(", 1)[0].strip().strip('"').lower()
    if head and " " not in head:
        names.add(head)
    return {n for n in names if n}


def _forbidden_function(f: exp.Expression, allowed: set[str]) -> str | None:
    names = _func_names(f)
    if names & allowed:
        return None
    if isinstance(f, _FORBIDDEN_FUNC_CLASSES):
        return sorted(names)[0]
    for n in sorted(names):
        if n in _FORBIDDEN_FUNC_NAMES or n.startswith(_FORBIDDEN_FUNC_PREFIXES):
            return n
    return None


def _precheck(sql: str) -> None:
    """Refuse what would make the parser recurse too deeply or work too long, from the tokens
    alone (the tokenizer does not recurse)."""
    if len(sql) > MAX_SQL_CHARS:
        raise SqlProblem(
            f"模型 SQL 过长：{len(sql)} 个字符，上限 {MAX_SQL_CHARS} "
            f"(SQL too long: {len(sql)} characters, limit {MAX_SQL_CHARS})"
        )
    try:
        tokens = sqlglot.tokenize(sql, read=DIALECT)
    except TokenError as e:
        raise SqlProblem(f"SQL 语法错误 (syntax error): {e}") from None
    depth = 0
    for tok in tokens:
        if tok.token_type in _OPEN:
            depth += 1
            if depth > MAX_BRACKET_DEPTH:
                raise SqlProblem(
                    f"模型 SQL 括号嵌套过深（超过 {MAX_BRACKET_DEPTH} 层）"
                    f"(brackets nested deeper than {MAX_BRACKET_DEPTH})",
                    tok.line,
                )
        elif tok.token_type in _CLOSE:
            depth = max(0, depth - 1)


def _tree_depth(tree: exp.Expression) -> int:
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > MAX_TREE_DEPTH:
            return deepest
        stack.extend((child, d + 1) for child in node.iter_expressions())
    return deepest


def _parse(sql: str) -> exp.Expression:
    _precheck(sql)
    try:
        trees = [t for t in sqlglot.parse(sql, read=DIALECT) if t is not None]
    except ParseError as e:
        err = e.errors[0] if e.errors else {}
        msg = err.get("description") or "无法解析"
        raise SqlProblem(f"SQL 语法错误 (syntax error): {msg}", err.get("line")) from None
    except TokenError as e:
        raise SqlProblem(f"SQL 语法错误 (syntax error): {e}") from None
    except RecursionError:
        raise SqlProblem("模型 SQL 嵌套过深 (SQL nested too deeply to check)") from None
    except Exception:  # the parser's own failures on odd input: never a traceback to the user
        raise SqlProblem("SQL 无法解析 (the SQL cannot be parsed)") from None
    if len(trees) != 1:
        raise SqlProblem(
            f"模型 SQL 只能是一条 SELECT 语句 (exactly one statement allowed, found {len(trees)})"
        )
    tree = trees[0]
    if _tree_depth(tree) > MAX_TREE_DEPTH:
        raise SqlProblem(
            f"模型 SQL 表达式嵌套过深（超过 {MAX_TREE_DEPTH} 层）"
            f"(expression nested deeper than {MAX_TREE_DEPTH})"
        )
    return tree


def _lower_ascii(ident: exp.Expression | None) -> None:
    """DuckDB matches table and CTE names case-insensitively (quoted ones too), for ASCII
    letters only: normalise them the same way so the scope resolution matches as DuckDB does."""
    if isinstance(ident, exp.Identifier):
        ident.set("this", str(ident.this).translate(_ASCII_LOWER))


def _table_problem(table: exp.Table, allowed_tables: set[str]) -> str | None:
    if table.args.get("db") or table.args.get("catalog"):
        return (
            f"表名不能带库名或模式名: {table.sql(dialect=DIALECT)} "
            "(qualified table names are refused: information_schema, pg_catalog, main. ...)"
        )
    name = table.name
    if not name.isascii():
        return (
            f"表名 {name!r} 含有非 ASCII 字符 (table names are ASCII; look-alike characters "
            "are refused)"
        )
    if name not in allowed_tables:
        return f"模型不能读取表 {name!r} (table not allowed for models)"
    return None


def _resolve_tables(tree: exp.Expression, allowed_tables: set[str], funcs: set[str]) -> None:
    """Check every table reference where it stands: a CTE reference only where that CTE is in
    scope, anything else an allowed table. Rename CTEs so what runs cannot resolve otherwise."""
    try:
        scopes = traverse_scope(tree)
    except RecursionError:
        raise SqlProblem("模型 SQL 嵌套过深 (SQL nested too deeply to check)") from None
    except Exception:
        raise SqlProblem("SQL 的表引用无法解析 (table references cannot be resolved)") from None
    cte_of: dict[int, exp.CTE] = {}  # id(Table) -> the CTE it refers to
    for scope in scopes:
        for table in scope.tables:
            if isinstance(table.this, exp.Func) or table.args.get("db"):
                continue
            source = scope.cte_sources.get(table.name)
            if not isinstance(source, Scope):
                continue
            # The CTE's scope, or for a recursive CTE's self-reference its anchor's scope.
            cte = source.expression.find_ancestor(exp.CTE)
            if cte is not None and cte.alias_or_name == table.name:
                cte_of[id(table)] = cte
    for table in tree.find_all(exp.Table):
        fn = table.this
        if isinstance(fn, exp.Func):
            names = _func_names(fn)
            if not names & funcs:
                raise SqlProblem(
                    f"不允许的表函数 {sorted(names)[0]}() "
                    "(table function not allowed; operator macros only)"
                )
            continue
        if id(table) in cte_of:
            continue
        problem = _table_problem(table, allowed_tables)
        if problem:
            raise SqlProblem(problem)
    # Rename every CTE and the references the scopes resolved to it.
    new_names: dict[int, str] = {}
    for i, cte in enumerate(tree.find_all(exp.CTE), start=1):
        new_names[id(cte)] = f"cte{i}_{cte.alias_or_name}"
    for table in list(tree.find_all(exp.Table)):
        cte = cte_of.get(id(table))
        if cte is None:
            continue
        if not table.alias:
            table.set("alias", exp.TableAlias(this=exp.to_identifier(table.name)))
        table.set("this", exp.to_identifier(new_names[id(cte)]))
    for cte in tree.find_all(exp.CTE):
        alias = cte.args.get("alias")
        if isinstance(alias, exp.TableAlias):
            alias.set("this", exp.to_identifier(new_names[id(cte)]))


def check_select(
    sql: str, allowed_tables: set[str], allowed_table_functions: set[str] = frozenset()
) -> exp.Query:
    """Parse `sql`; return its tree if it is one read-only SELECT over allowed tables,
    otherwise raise SqlProblem naming what is wrong. The tree returned has its CTEs renamed
    and its comments dropped: print it with `runnable_sql`."""
    tree = _parse(sql)
    if not isinstance(tree, exp.Query):
        kind = type(tree).__name__.upper()
        raise SqlProblem(f"模型 SQL 只能是只读查询 SELECT，不能是 {kind} (only SELECT is allowed)")
    for node in tree.walk():
        if isinstance(node, _FORBIDDEN_NODES):
            kind = type(node).__name__.upper()
            raise SqlProblem(
                f"模型 SQL 不能包含 {kind} (write / DDL / session statements are refused)"
            )
        node.comments = None
    funcs = {f.lower() for f in allowed_table_functions}
    allowed = {t.lower() for t in allowed_tables}
    for table in tree.find_all(exp.Table):
        for part in table.parts:
            _lower_ascii(part)
    for cte in tree.find_all(exp.CTE):
        alias = cte.args.get("alias")
        if isinstance(alias, exp.TableAlias):
            _lower_ascii(alias.this)
    for f in tree.find_all(exp.Func):
        name = _forbidden_function(f, funcs)
        if name:
            raise SqlProblem(
                f"不允许的函数 {name}() (reads files, settings, variables or the catalog, runs "
                "SQL, or changes the session)"
            )
    _resolve_tables(tree, allowed, funcs)
    return tree


def runnable_sql(tree: exp.Expression) -> str:
    """The SQL that runs: the checked tree printed back, without comments."""
    return tree.sql(dialect=DIALECT, comments=False)
