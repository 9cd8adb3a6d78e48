"""DuckDB SQL (models, operators, indicators) to Spark SQL, with sqlglot.

sqlglot transpiles most of the project's SQL as it is (FILTER clauses, arg_max → max_by,
list(x) → collect_list, regexp_matches → RLIKE, date_diff → datediff ...). What it cannot know
is the project's own vocabulary and a few DuckDB-only forms, which are rewritten here on the
syntax tree before Spark SQL is generated:

- **operator macros** (operators.sql's `op_*` scalar and table macros) are expanded in place —
  Spark SQL has no SQL macros, and a Python UDF per call would leave the JVM for every row;
- **as_of()** becomes the day's DATE literal;
- **date arithmetic**: `d ± to_days(n)` → date_add / date_sub, `d ± to_months(n)` → add_months
  (both clamp to the month's end as DuckDB's interval addition does);
- **try_strptime(s, '%Y%m%d')** → to_date(s, 'yyyyMMdd') (NULL for a day that does not exist,
  as Spark's non-ANSI parser answers);
- **regexp_full_match(s, p)** → `s RLIKE '^(?:p)$'`; regexp_replace's `\\1` → `$1` (Java's
  back-reference); a regexp_replace without the 'g' flag replaces the first match in DuckDB
  but every match in Spark, so it is accepted only where the pattern is anchored (one match);
- **row tuples** as an arg_max / arg_min ordering key → struct (Spark orders structs field by
  field, as DuckDB orders tuples);
- **WITH ... AS MATERIALIZED** → a plain CTE (Spark decides what to reuse);
- **division**: DuckDB's `/` always answers a DOUBLE, Spark's keeps DECIMAL: the dividend is
  cast to DOUBLE (found by the equality test: a message said 5% where DuckDB says 5.0%).

What does not transpile is raised as `Untranslatable` with the reason; docs/SCALE.md lists it:
WITH RECURSIVE (Spark 3.5 has none: op_enforcement_root is computed by iterated joins in
courtqc.spark.catalog), DuckDB-only functions sqlglot passes through unchanged, and
Python-operator models (no SQL at all).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from functools import cache

import sqlglot
from sqlglot import exp

from courtqc import operators
from courtqc.errors import InvalidInput

#: DuckDB functions sqlglot leaves as they are and Spark does not have: a query using one is
#: refused with its name rather than failing inside Spark with an analysis error.
DUCKDB_ONLY = {
    "TRY_STRPTIME",
    "REGEXP_FULL_MATCH",
    "TO_DAYS",
    "TO_MONTHS",
    "LIST_CONTAINS",
    "STRUCT_PACK",
    "LIST_TRANSFORM",
    "STRING_SPLIT_REGEX",
}
#: sqlglot expression classes the Spark generator writes back under their DuckDB name.
_UNMAPPED = {"ToDays", "ToMonths"}
_STRFTIME_TO_JAVA = {"%Y": "yyyy", "%m": "MM", "%d": "dd", "%H": "HH", "%M": "mm", "%S": "ss"}


_STRING = re.compile(r"'(?:[^']|'')*'")
_PLACEHOLDER = re.compile(r"__qc_lit_(\d+)__")


def parse_duckdb(sql: str) -> exp.Expression:
    """Parse DuckDB SQL. Long string literals are set aside first and put back as literal
    nodes: sqlglot's tokenizer misreads some runs of punctuation inside strings (op_halfwidth's
    ASCII table), and such a literal's content never matters to the rewriting. Short ones
    stay: the parser reads some as keywords (date_diff's 'day')."""
    lits: list[str] = []

    def keep(m: re.Match[str]) -> str:
        if len(m.group(0)) < 24:
            return m.group(0)
        lits.append(m.group(0)[1:-1].replace("''", "'"))
        return f"'__qc_lit_{len(lits) - 1}__'"

    tree = sqlglot.parse_one(_STRING.sub(keep, sql), read="duckdb")

    def back(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Literal) and node.is_string:
            m = _PLACEHOLDER.fullmatch(node.name)
            if m:
                return exp.Literal.string(lits[int(m.group(1))])
        return node

    return tree.transform(back)


class Untranslatable(InvalidInput):
    """SQL that has no Spark SQL form here; the message says which construct and why."""


@dataclass(frozen=True)
class Macro:
    name: str
    params: tuple[str, ...]
    body: exp.Expression
    table: bool


def statements(sql: str) -> list[str]:
    """The statements of a SQL script, comments dropped; `;` and `--` inside strings kept
    (op_halfwidth's ASCII table holds both)."""
    out, cur, i, n = [], [], 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch == "'":
            m = _STRING.match(sql, i)
            end = m.end() if m else n
            cur.append(sql[i:end])
            i = end
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j
        elif ch == ";":
            out.append("".join(cur).strip())
            cur, i = [], i + 1
        else:
            cur.append(ch)
            i += 1
    out.append("".join(cur).strip())
    return [s for s in out if s]


@cache
def operator_objects() -> dict[str, tuple[str, str]]:
    """Operator name -> (VIEW | MACRO, its CREATE statement), in the order of operators.sql."""
    out: dict[str, tuple[str, str]] = {}
    for stmt in statements(operators.SQL):
        m = operators._OBJ.search(stmt)
        if m:
            out[m.group(2)] = (m.group(1).upper(), stmt)
    return out


def view_body(name: str) -> str:
    stmt = operator_objects()[name][1]
    m = operators._OBJ.search(stmt)
    assert m is not None
    return stmt[m.end() :].strip()


@cache
def macros() -> dict[str, Macro]:
    """The operator library's macros, each body already expanded (macros call macros)."""
    out: dict[str, Macro] = {}
    for name, (kind, stmt) in operator_objects().items():
        m = operators._OBJ.search(stmt)
        if m is None or kind != "MACRO":
            continue
        params = tuple(p.strip() for p in (m.group(3) or "()")[1:-1].split(",") if p.strip())
        body = parse_duckdb(stmt[m.end() :].strip())
        out[name.lower()] = Macro(name, params, body, bool(m.group(4)))
    # expand bodies in definition order: a macro only calls those defined before it
    for key, mac in list(out.items()):
        out[key] = Macro(mac.name, mac.params, _expand(mac.body.copy(), out), mac.table)
    return out


_lambda_ids = itertools.count(1)


def _simple(e: exp.Expression) -> bool:
    return isinstance(e, exp.Column | exp.Literal | exp.Null | exp.Boolean) or (
        isinstance(e, exp.Array) and all(_simple(x) for x in e.expressions)
    )


def _substitute(body: exp.Expression, params: tuple[str, ...], args: list[exp.Expression]):
    """The macro body with its parameters bound. An argument that is an expression and is used
    more than once in the body is bound once, through a lambda:
    `element_at(transform(array(arg), v -> body), 1)` — textual substitution would copy it
    (op_norm_id's argument 20 times, nested three deep: a projection too big for Spark's code
    generator, which then runs it interpreted and 50 times slower)."""
    if len(args) != len(params):
        raise Untranslatable(
            f"宏参数个数不符 (macro called with {len(args)} of {len(params)} args)"
        )
    uses = {
        p: sum(1 for c in body.find_all(exp.Column) if not c.table and c.name == p) for p in params
    }
    direct: dict[str, exp.Expression] = {}
    bound: list[tuple[str, exp.Expression]] = []
    for p, a in zip(params, args, strict=True):
        if uses[p] > 1 and not _simple(a):
            var = f"qc_v{next(_lambda_ids)}"
            direct[p] = exp.column(var)
            bound.append((var, a))
        else:
            direct[p] = a

    def sub(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and not node.table and node.name in direct:
            return direct[node.name].copy()
        return node

    out = body.copy().transform(sub)
    for var, a in reversed(bound):
        lam = exp.Lambda(this=out, expressions=[exp.to_identifier(var)])
        out = exp.Anonymous(
            this="element_at",
            expressions=[
                exp.Anonymous(
                    this="transform", expressions=[exp.Array(expressions=[a.copy()]), lam]
                ),
                exp.Literal.number(1),
            ],
        )
    return out


def _expand(tree: exp.Expression, defs: dict[str, Macro]) -> exp.Expression:
    def fn(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous) and node.name.lower() in defs:
            mac = defs[node.name.lower()]
            if mac.table:
                return node
            return exp.Paren(this=_substitute(mac.body, mac.params, list(node.expressions)))
        if isinstance(node, exp.Table) and isinstance(node.this, exp.Anonymous):
            mac = defs.get(node.this.name.lower())
            if mac is not None and mac.table:
                body = _substitute(mac.body, mac.params, list(node.this.expressions))
                alias = node.alias or mac.name
                return exp.Subquery(this=body, alias=exp.TableAlias(this=exp.to_identifier(alias)))
        return node

    # repeat: an expanded body may hold calls again (its arguments' own macros)
    for _ in range(8):
        before = tree.sql("duckdb")
        tree = tree.transform(fn)
        if tree.sql("duckdb") == before:
            return tree
    return tree


def _interval_call(node: exp.Expression) -> tuple[str, exp.Expression] | None:
    """('days'|'months', n) where node is to_days(n) / to_months(n) (any casing)."""
    if isinstance(node, exp.Anonymous) and node.name.lower() in ("to_days", "to_months"):
        return node.name.lower()[3:], node.expressions[0]
    if type(node).__name__ in ("ToDays", "ToMonths"):  # sqlglot knows these by name
        return type(node).__name__[2:].lower(), node.this
    if isinstance(node, exp.Paren):
        return _interval_call(node.this)
    return None


def _java_regex_replacement(s: str) -> str:
    return re.sub(r"\\(\d)", r"$\1", s)


def _spark_rewrites(tree: exp.Expression, as_of: dt.date | None) -> exp.Expression:
    def fn(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous):
            name = node.name.lower()
            if name == "as_of":
                if as_of is None:
                    raise Untranslatable("as_of() 需要一个日期 (as_of() needs a day)")
                return exp.cast(exp.Literal.string(as_of.isoformat()), "DATE")
            if name == "try_strptime":
                s, fmt = node.expressions
                java = fmt.name
                for k, v in _STRFTIME_TO_JAVA.items():
                    java = java.replace(k, v)
                return exp.Anonymous(this="to_date", expressions=[s, exp.Literal.string(java)])
            if name == "regexp_full_match":
                s, pat = node.expressions
                return exp.RegexpLike(this=s, expression=exp.Literal.string(f"^(?:{pat.name})$"))
        if isinstance(node, exp.Div) and not (
            isinstance(node.this, exp.Cast) and node.this.to.is_type("double")
        ):
            # DuckDB's `/` always answers a DOUBLE; Spark's keeps DECIMAL for decimals, and a
            # message then shows 5 where DuckDB shows 5.0
            node.set("this", exp.cast(node.this, "DOUBLE"))
            return node
        if isinstance(node, exp.Interval) and isinstance(node.this, exp.Paren):
            node.set("this", node.this.this)  # INTERVAL (90) DAY: Spark wants INTERVAL 90 DAY
            return node
        if isinstance(node, exp.RegexpFullMatch):
            pat = node.expression.name
            return exp.RegexpLike(this=node.this, expression=exp.Literal.string(f"^(?:{pat})$"))
        if isinstance(node, exp.Add | exp.Sub):
            for side, other in (("expression", "this"), ("this", "expression")):
                iv = _interval_call(node.args[side])
                if iv is None:
                    continue
                unit, n = iv
                base = node.args[other]
                if unit == "days":
                    f = "date_add" if isinstance(node, exp.Add) else "date_sub"
                    return exp.Anonymous(this=f, expressions=[base, n])
                months = n if isinstance(node, exp.Add) else exp.Neg(this=exp.Paren(this=n))
                return exp.Anonymous(this="add_months", expressions=[base, months])
        if isinstance(node, exp.RegexpReplace):
            mods = node.args.get("modifiers")
            flags = mods.name if mods is not None else ""
            pat = node.expression.name
            if "g" not in flags and not (pat.startswith("^") or pat.endswith("$")):
                raise Untranslatable(
                    f"regexp_replace 无 'g' 只替换第一处，Spark 全部替换 (first-match-only "
                    f"regexp_replace has no Spark form): {pat!r}"
                )
            repl = node.args.get("replacement")
            if isinstance(repl, exp.Literal) and repl.is_string:
                node.set("replacement", exp.Literal.string(_java_regex_replacement(repl.name)))
            node.set("modifiers", exp.Literal.string("g"))  # marks it done for the next pass
            return node
        if isinstance(node, exp.ArrayOverlaps):
            # DuckDB's list_has_any / `&&` on lists; Spark SQL has no `&&` for arrays
            return exp.Anonymous(this="arrays_overlap", expressions=[node.this, node.expression])
        if isinstance(node, exp.ArgMax | exp.ArgMin) and isinstance(node.expression, exp.Tuple):
            node.set("expression", exp.Struct(expressions=list(node.expression.expressions)))
            return node
        if isinstance(node, exp.CTE) and node.args.get("materialized") is not None:
            node.set("materialized", None)
            return node
        if isinstance(node, exp.With) and node.args.get("recursive"):
            raise Untranslatable(
                "WITH RECURSIVE: Spark 3.5 没有递归 CTE (Spark 3.5 has no recursive CTE)"
            )
        return node

    # a replaced node's children are not visited again in the same pass: repeat until stable
    for _ in range(16):
        before = tree.sql("duckdb")
        tree = tree.transform(fn)
        if tree.sql("duckdb") == before:
            break
    return tree


def to_spark(sql: str, *, as_of: dt.date | None = None) -> str:
    """One DuckDB statement (model SQL, an operator view's body, an indicator query) as
    Spark SQL; Untranslatable with the reason where there is no faithful form."""
    try:
        tree = parse_duckdb(sql)
    except sqlglot.errors.SqlglotError as e:
        raise Untranslatable(f"SQL 无法解析 (cannot parse): {str(e).splitlines()[0]}") from None
    tree = _spark_rewrites(_expand(tree, macros()), as_of)
    left = sorted(
        {
            n.name.upper()
            for n in tree.find_all(exp.Anonymous)
            if n.name.upper() in DUCKDB_ONLY or n.name.lower() in macros()
        }
        | {type(n).__name__ for n in tree.find_all(exp.Expression) if type(n).__name__ in _UNMAPPED}
    )
    if left:
        raise Untranslatable(f"Spark 没有这些函数 (no Spark form for): {', '.join(left)}")
    return tree.sql(dialect="spark")
