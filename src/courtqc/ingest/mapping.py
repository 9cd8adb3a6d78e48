"""CMS mappings: how another system's tables and codes become canonical rows.

A mapping is a YAML file (mappings/simcms.yaml is the worked example, docs/INGEST.md explains
every field): per source table, the canonical table(s) it feeds, and per canonical column where
its value comes from — a source column as is, a constant, a code table lookup, a date format,
a part of the case number (parsed by courtqc.domain.caseno), a value used only when another
column says so. A new court's CMS is a new mapping file, not new code.

`load_mapping` validates the file (shape with pydantic, then against the canonical schema) and
reports every problem as `file:line: field: what is wrong`. `Mapper` applies a mapping to one
source row at a time; a value that cannot be mapped raises `MapValueError` naming the source
column, so callers can quarantine the row with a reason.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from courtqc.domain.caseno import CaseNumber, CaseNumberError, parse_case_no
from courtqc.errors import InvalidInput
from courtqc.models.yamlload import Located, YamlSyntaxError, load_located
from courtqc.schema import ALL_TABLES, create_schema

MAPPINGS_DIR = files(__package__).joinpath("mappings")
SIMCMS = "simcms"

CasenoPart = Literal[
    "text", "year", "court_code", "specialist", "type_code", "seq", "suffix", "family", "procedure"
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ColumnSpec(_Strict):
    """Where one canonical column's value comes from. Exactly one of `from` / `value`."""

    from_: str | None = Field(None, alias="from")
    value: Any = None  # a constant (may be null: `value: null`)
    code: str | None = None  # name of a code table: the source value is a code
    date: str | None = None  # strptime format of a date written as text, e.g. "%Y%m%d"
    timestamp: str | None = None  # strptime format of a date-time written as text
    caseno: CasenoPart | None = None  # the source value is a case number: which part of it
    when: dict[str, list[str]] | None = (
        None  # use the value only if these columns hold these values
    )
    default: Any = None  # used when the source value is null (or `when` does not hold)

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        # `case_id: ajbs` is short for `case_id: {from: ajbs}`
        return {"from": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _one_source(self) -> ColumnSpec:
        has_value = "value" in self.model_fields_set
        if (self.from_ is None) == (not has_value):
            raise ValueError(
                "须且只能写 from 或 value 之一 (give exactly one of `from` or `value`)"
            )
        if has_value and any(
            x is not None for x in (self.code, self.date, self.timestamp, self.caseno)
        ):
            raise ValueError("常量 value 不能再加转换 (a constant takes no transform)")
        transforms = [
            x for x in (self.code, self.date, self.timestamp, self.caseno) if x is not None
        ]
        if len(transforms) > 1:
            raise ValueError("code / date / timestamp / caseno 只能选一 (one transform per column)")
        return self

    def source_columns(self) -> set[str]:
        cols = {self.from_} if self.from_ else set()
        return cols | set(self.when or {})


class Target(_Strict):
    """One canonical table fed by a source table."""

    table: str
    key: list[str] | None = (
        None  # canonical columns naming the rows a source row makes (default: the table's primary key)
    )
    columns: dict[str, ColumnSpec]


class SourceTable(_Strict):
    title: str | None = None
    primary_key: list[str] = Field(min_length=1)
    # "full": the CMS sends the whole old row on update/delete (PostgreSQL REPLICA IDENTITY FULL),
    # needed when a target's key is not made from the primary key alone.
    replica_identity: Literal["default", "full"] = "default"
    targets: list[Target] = Field(min_length=1)


class MappingDef(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    version: int = 1
    source_schema: str = "public"
    node_codes: str | None = None  # the code table of the CMS's workflow-node codes (events API)
    code_tables: dict[str, dict[str, Any]] = Field(default_factory=dict)
    tables: dict[str, SourceTable] = Field(min_length=1)


# --------------------------------------------------------------------------- errors


@dataclass
class MappingProblem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line or '?'}: {self.field or '(mapping)'}: {self.message}"


class MappingError(InvalidInput):
    """Problems with a mapping file, each naming file, line and field (`problems`; the API
    lists them as `details`)."""

    def __init__(self, problems: list[MappingProblem]):
        self.problems = problems
        super().__init__(
            "\n".join(str(p) for p in problems),
            details=[
                {"file": p.file, "line": p.line, "field": p.field, "reason": p.message}
                for p in problems
            ],
        )


class MapValueError(ValueError):
    """A source value that the mapping cannot turn into a canonical value."""

    def __init__(self, column: str | None, reason: str):
        self.column, self.reason = column, reason
        super().__init__(f"{column}: {reason}" if column else reason)


# --------------------------------------------------------------------------- canonical types


@dataclass(frozen=True)
class CanonicalColumn:
    name: str
    type: str  # DuckDB type name: BIGINT, VARCHAR, DATE, DECIMAL(18,2) ...
    nullable: bool
    has_default: bool


@functools.cache
def canonical_columns() -> dict[str, dict[str, CanonicalColumn]]:
    """Columns of every canonical table, read from the DDL itself."""
    con = duckdb.connect(":memory:")
    create_schema(con)
    rows = con.execute(
        "SELECT table_name, column_name, data_type, is_nullable, column_default "
        "FROM information_schema.columns ORDER BY table_name, ordinal_position"
    ).fetchall()
    out: dict[str, dict[str, CanonicalColumn]] = {}
    for t, c, ty, nl, default in rows:
        out.setdefault(t, {})[c] = CanonicalColumn(c, ty, nl == "YES", default is not None)
    keys = con.execute(
        "SELECT table_name, constraint_column_names FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
    ).fetchall()
    _PRIMARY_KEYS.update({t: tuple(cols) for t, cols in keys})
    con.close()
    return out


_PRIMARY_KEYS: dict[str, tuple[str, ...]] = {}


def primary_key(table: str) -> tuple[str, ...]:
    canonical_columns()
    return _PRIMARY_KEYS.get(table, ())


def arrow_type(duck_type: str) -> pa.DataType:
    t = duck_type.upper()
    if t in ("BIGINT", "HUGEINT"):
        return pa.int64()
    if t == "INTEGER":
        return pa.int32()
    if t == "BOOLEAN":
        return pa.bool_()
    if t == "DATE":
        return pa.date32()
    if t.startswith("TIMESTAMP"):
        return pa.timestamp("us")
    if t in ("DOUBLE", "FLOAT", "REAL"):
        return pa.float64()
    m = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", t)
    if m:
        return pa.decimal128(int(m[1]), int(m[2]))
    return pa.string()


def _governed_date(v: Any, nullable: bool) -> Any:
    """A date written in Chinese (1980年1月2日, 二〇二〇年三月五日), by intake governance's
    reader: the date, None for a year or month alone in a nullable column (the raw value is
    kept beside), else False. Other forms stay the declared format's to accept or refuse."""
    from courtqc.governance.standardise import PARTIAL, standardise_date

    if "年" not in str(v):
        return False
    std = standardise_date(str(v))
    if std.value is not None and std.status != PARTIAL:
        return dt.date.fromisoformat(std.value)
    return None if std.status == PARTIAL and nullable else False


def _coercer(col: CanonicalColumn) -> Callable[[Any], Any]:
    """Turn a mapped value (text from a file, JSON from the log, a driver's Python value) into
    the canonical column's Python type; raise ValueError with a reason."""
    t = col.type.upper()
    if t in ("BIGINT", "INTEGER", "HUGEINT"):

        def to_int(v: Any) -> int:
            if isinstance(v, bool):
                raise ValueError(f"{v!r} 不是整数 (not an integer)")
            if isinstance(v, int):
                return v
            if isinstance(v, decimal.Decimal | float):
                if v != int(v):
                    raise ValueError(f"{v!r} 不是整数 (not an integer)")
                return int(v)
            s = str(v).strip()
            if not re.fullmatch(r"[+-]?\d+", s):
                raise ValueError(f"{v!r} 不是整数 (not an integer)")
            return int(s)

        return to_int
    if t == "DATE":

        def to_date(v: Any) -> dt.date:
            if isinstance(v, dt.datetime):
                return v.date()
            if isinstance(v, dt.date):
                return v
            try:
                return dt.date.fromisoformat(str(v).strip()[:10])
            except ValueError:
                d = _governed_date(v, col.nullable)  # 1980年1月2日, 二〇二〇年三月五日 ...
                if d is not False:
                    return d
                raise ValueError(
                    f"{v!r} 不是有效日期 (not a valid date, expected YYYY-MM-DD)"
                ) from None

        return to_date
    if t.startswith("TIMESTAMP"):

        def to_ts(v: Any) -> dt.datetime:
            if isinstance(v, dt.datetime):
                return (
                    v.replace(tzinfo=None)
                    if v.tzinfo is None
                    else v.astimezone(dt.UTC).replace(tzinfo=None)
                )
            if isinstance(v, dt.date):
                return dt.datetime(v.year, v.month, v.day)
            try:
                out = dt.datetime.fromisoformat(str(v).strip())
            except ValueError:
                raise ValueError(f"{v!r} 不是有效时间 (not a valid timestamp)") from None
            return out if out.tzinfo is None else out.astimezone(dt.UTC).replace(tzinfo=None)

        return to_ts
    m = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", t)
    if m:
        precision, scale = int(m[1]), int(m[2])
        quantum = decimal.Decimal(1).scaleb(-scale)

        def to_dec(v: Any) -> decimal.Decimal:
            try:
                d = v if isinstance(v, decimal.Decimal) else decimal.Decimal(str(v).strip())
                q = d.quantize(quantum)
            except (decimal.InvalidOperation, ValueError):
                raise ValueError(f"{v!r} 不是有效金额/数值 (not a valid number)") from None
            if q != d:
                raise ValueError(f"{v!r} 小数位超过 {scale} 位 (more than {scale} decimals)")
            if len(q.as_tuple().digits) > precision:
                raise ValueError(f"{v!r} 超出 DECIMAL({precision},{scale}) (too large)")
            return q

        return to_dec
    if t == "BOOLEAN":
        truth = {"1": True, "t": True, "true": True, "y": True, "是": True,
                 "0": False, "f": False, "false": False, "n": False, "否": False}  # fmt: skip

        def to_bool(v: Any) -> bool:
            if isinstance(v, bool):
                return v
            s = str(v).strip().lower()
            if s not in truth:
                raise ValueError(f"{v!r} 不是布尔值 (not a boolean)")
            return truth[s]

        return to_bool
    if t in ("DOUBLE", "FLOAT", "REAL"):

        def to_float(v: Any) -> float:
            try:
                return float(v)
            except (TypeError, ValueError):
                raise ValueError(f"{v!r} 不是数值 (not a number)") from None

        return to_float
    return lambda v: v if isinstance(v, str) else str(v)


# --------------------------------------------------------------------------- loading


def _problems(e: ValidationError, doc: Located, file: str) -> list[MappingProblem]:
    out = []
    for err in e.errors():
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x[:1].isupper()))
        loc = tuple(x for x in loc if x not in ("function-after[_one_source()]",))
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "未知字段 (unknown field)"
        elif err["type"] == "missing":
            msg = "缺少必填字段 (field required)"
        out.append(MappingProblem(file, doc.line_of(loc), ".".join(map(str, loc)), msg))
    return out


def _check_against_schema(m: MappingDef, doc: Located, file: str) -> list[MappingProblem]:
    """What pydantic cannot know: canonical tables and columns, code tables, keys."""
    canon = canonical_columns()
    problems: list[MappingProblem] = []

    def add(path: tuple, message: str) -> None:
        problems.append(MappingProblem(file, doc.line_of(path), ".".join(map(str, path)), message))

    if m.node_codes is not None and m.node_codes not in m.code_tables:
        add(("node_codes",), f"没有名为 {m.node_codes!r} 的代码表 (no such code table)")
    for sname, src in m.tables.items():
        for ti, tgt in enumerate(src.targets):
            base = ("tables", sname, "targets", ti)
            if tgt.table not in canon or tgt.table == "quarantine":
                add(
                    (*base, "table"),
                    f"规范库没有表 {tgt.table!r} (no canonical table); 可用: {', '.join(t for t in ALL_TABLES if t != 'quarantine')}",
                )
                continue
            cols = canon[tgt.table]
            for cname, spec in tgt.columns.items():
                path = (*base, "columns", cname)
                if cname not in cols:
                    add(
                        path,
                        f"表 {tgt.table} 没有列 {cname!r} (no such canonical column); 可用: {', '.join(cols)}",
                    )
                if spec.code is not None and spec.code not in m.code_tables:
                    add((*path, "code"), f"没有名为 {spec.code!r} 的代码表 (no such code table)")
            for cname, col in cols.items():
                if not col.nullable and not col.has_default and cname not in tgt.columns:
                    add(
                        (*base, "columns"),
                        f"{tgt.table}.{cname} 必填但未映射 (required canonical column is not mapped)",
                    )
            key = tgt.key or list(primary_key(tgt.table))
            if not key:
                add(
                    (*base, "key"),
                    f"表 {tgt.table} 没有主键，须写 key (the table has no primary key: give `key`)",
                )
            for k in key:
                if k not in tgt.columns:
                    add((*base, "key"), f"键列 {k!r} 未映射 (key column is not mapped)")
                    continue
                if src.replica_identity == "full":
                    continue
                outside = tgt.columns[k].source_columns() - set(src.primary_key)
                if outside:
                    add(
                        (*base, "columns", k),
                        f"键列 {k} 取自非主键列 {sorted(outside)}：更新和删除时日志只带主键，"
                        "须设 replica_identity: full (a key made from non-key columns needs the old row)",
                    )
    keys: dict[str, list[str]] = {}
    for sname, src in m.tables.items():
        for ti, tgt in enumerate(src.targets):
            key = tgt.key or list(primary_key(tgt.table))
            if tgt.table in keys and keys[tgt.table] != key:
                add(
                    ("tables", sname, "targets", ti, "key"),
                    f"表 {tgt.table} 在别处的键是 {keys[tgt.table]}，此处须一致 "
                    "(every source feeding a canonical table must use the same key)",
                )
            keys.setdefault(tgt.table, key)
    return problems


def _unquoted_codes(doc: Located, file: str) -> list[MappingProblem]:
    """YAML reads the code 01 as the number 1 — a silently wrong code — so every code must be
    quoted; checked before pydantic, which would quietly turn 1 into "1"."""
    out = []
    tables = doc.data.get("code_tables") if isinstance(doc.data, dict) else None
    for name, table in (tables or {}).items() if isinstance(tables, dict) else ():
        for code in table if isinstance(table, dict) else ():
            if not isinstance(code, str):
                path = ("code_tables", name, code)
                msg = '代码须加引号，如 "01" (quote every code: YAML reads 01 as the number 1)'
                out.append(
                    MappingProblem(file, doc.line_of(path), f"code_tables.{name}.{code}", msg)
                )
    return out


def parse_mapping(text: str, file: str = "<string>") -> MappingDef:
    try:
        doc = load_located(text, file)
    except YamlSyntaxError as e:
        raise MappingError(
            [MappingProblem(file, e.line, "", f"YAML 语法错误 (syntax error): {e.message}")]
        ) from None
    if not isinstance(doc.data, dict):
        raise MappingError(
            [
                MappingProblem(
                    file, 1, "", "映射文件应为一个 YAML 映射 (a mapping file is a YAML mapping)"
                )
            ]
        )
    unquoted = _unquoted_codes(doc, file)
    try:
        m = MappingDef.model_validate(doc.data)
    except ValidationError as e:
        raise MappingError(unquoted + _problems(e, doc, file)) from None
    if unquoted:
        raise MappingError(unquoted)
    problems = _check_against_schema(m, doc, file)
    if problems:
        raise MappingError(problems)
    return m


def mapping_path(name_or_path: str | Path) -> Path:
    """A mapping file: a path, or the name of a bundled mapping (simcms)."""
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p
    bundled = MAPPINGS_DIR.joinpath(f"{name_or_path}.yaml")
    return Path(str(bundled))


def load_mapping(name_or_path: str | Path = SIMCMS) -> Mapper:
    p = mapping_path(name_or_path)
    if not p.is_file():
        raise MappingError(
            [MappingProblem(str(p), None, "", "找不到映射文件 (no such mapping file)")]
        )
    return Mapper(parse_mapping(p.read_text(encoding="utf-8"), str(p)), str(p))


# --------------------------------------------------------------------------- mapping rows


@functools.lru_cache(maxsize=200_000)
def _parse_caseno(text: str) -> CaseNumber:
    return parse_case_no(text)


_CASENO_PART: dict[str, Callable[[Any], Any]] = {
    "text": str,
    "year": lambda c: c.year,
    "court_code": lambda c: c.court_code,
    "specialist": lambda c: c.specialist,
    "type_code": lambda c: c.type_code,
    "seq": lambda c: c.seq,
    "suffix": lambda c: c.suffix,
    "family": lambda c: c.family,
    "procedure": lambda c: c.procedure,
}


def _parse_date(fmt: str) -> Callable[[Any], Any]:
    if fmt == "%Y%m%d":  # the common case, without strptime's cost

        def ymd(v: Any) -> dt.date:
            if isinstance(v, dt.date):
                return v
            s = str(v).strip()
            if len(s) != 8 or not s.isdigit():
                if (d := _governed_date(s, True)) is not False:  # 1980年1月2日 ...
                    return d
                raise ValueError(f"{v!r} 不符合日期格式 YYYYMMDD (date format %Y%m%d)")
            try:
                return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
            except ValueError:
                raise ValueError(f"{v!r} 不是有效日期 (not a valid date)") from None

        return ymd

    def parse(v: Any) -> dt.date:
        if isinstance(v, dt.date):
            return v
        try:
            return dt.datetime.strptime(str(v).strip(), fmt).date()
        except ValueError:
            if (d := _governed_date(v, True)) is not False:  # 1980年1月2日 ...
                return d
            raise ValueError(
                f"{v!r} 不符合日期格式 {fmt} (does not match the date format)"
            ) from None

    return parse


def _parse_timestamp(fmt: str) -> Callable[[Any], Any]:
    def parse(v: Any) -> dt.datetime:
        if isinstance(v, dt.datetime):
            return v
        try:
            return dt.datetime.strptime(str(v).strip(), fmt)
        except ValueError:
            raise ValueError(
                f"{v!r} 不符合时间格式 {fmt} (does not match the timestamp format)"
            ) from None

    return parse


_MISSING = object()


@dataclass
class _Column:
    name: str
    source: str | None  # source column named in errors
    get: Callable[[dict], Any]


@dataclass
class CompiledTarget:
    table: str
    columns: list[str]  # canonical columns written, in order
    key: list[str]
    key_index: list[int]  # positions of the key columns in `columns`
    getters: list[_Column]
    key_getters: list[_Column]


class Mapper:
    """A validated mapping, compiled to one function per canonical column."""

    def __init__(self, mapping: MappingDef, source: str = "<mapping>"):
        self.mapping = mapping
        self.source = source
        self.targets: dict[str, list[CompiledTarget]] = {}
        canon = canonical_columns()
        for sname, src in mapping.tables.items():
            compiled = []
            for tgt in src.targets:
                cols = list(tgt.columns)
                key = tgt.key or list(primary_key(tgt.table))
                getters = [self._compile(c, tgt.columns[c], canon[tgt.table][c]) for c in cols]
                key_index = [cols.index(k) for k in key]
                compiled.append(
                    CompiledTarget(
                        tgt.table, cols, key, key_index, getters, [getters[i] for i in key_index]
                    )
                )
            self.targets[sname] = compiled

    @property
    def name(self) -> str:
        return self.mapping.name

    def source_tables(self) -> list[str]:
        return list(self.mapping.tables)

    def source_columns(self, table: str) -> set[str]:
        """Every column of a source table that the mapping reads."""
        cols = set(self.mapping.tables[table].primary_key)
        for tgt in self.mapping.tables[table].targets:
            for spec in tgt.columns.values():
                cols |= spec.source_columns()
        return cols

    def target_tables(self) -> list[str]:
        return list(dict.fromkeys(t.table for ts in self.targets.values() for t in ts))

    def code_table(self, name: str) -> dict[str, Any]:
        return self.mapping.code_tables[name]

    def node_of(self, code_or_node: str) -> str | None:
        """A CMS node code (via node_codes) or a canonical node id → canonical node id."""
        from courtqc.domain.nodes import NODES

        if self.mapping.node_codes:
            node = self.mapping.code_tables[self.mapping.node_codes].get(str(code_or_node))
            if node is not None:
                return node
        return code_or_node if code_or_node in NODES else None

    def _compile(self, name: str, spec: ColumnSpec, col: CanonicalColumn) -> _Column:
        coerce = _coercer(col)
        required = not col.nullable
        default = spec.default
        if "value" in spec.model_fields_set:
            const = None if spec.value is None else coerce(spec.value)
            return _Column(name, None, lambda row: const)
        src = spec.from_
        assert src is not None
        transform: Callable[[Any], Any] | None = None
        if spec.code is not None:
            table = {str(k): v for k, v in self.mapping.code_tables[spec.code].items()}
            tname = spec.code

            def lookup(v: Any, table: dict = table, tname: str = tname) -> Any:
                key = str(v).strip()
                if key not in table:
                    raise ValueError(
                        f"代码 {key!r} 不在代码表 {tname} 中 (code not in code table {tname})"
                    )
                return table[key]

            transform = lookup
        elif spec.date is not None:
            transform = _parse_date(spec.date)
        elif spec.timestamp is not None:
            transform = _parse_timestamp(spec.timestamp)
        elif spec.caseno is not None:
            part = _CASENO_PART[spec.caseno]

            def caseno(v: Any, part: Callable = part) -> Any:
                try:
                    return part(_parse_caseno(str(v).strip()))
                except CaseNumberError as e:
                    raise ValueError(str(e)) from None

            transform = caseno
        when = [(c, {str(x) for x in vals}) for c, vals in (spec.when or {}).items()]

        def get(row: dict) -> Any:
            v = row.get(src, _MISSING)
            if v is _MISSING:
                raise MapValueError(src, f"源数据缺少列 {src} (source column missing)")
            for wc, allowed in when:
                w = row.get(wc)
                if w is None or str(w).strip() not in allowed:
                    v = None
                    break
            if v is not None and isinstance(v, str) and v.strip() == "" and transform is not None:
                v = None
            if v is None:
                v = default
                if v is None:
                    if required:
                        raise MapValueError(
                            src, f"{name} 必填但 {src} 为空 (required value missing)"
                        )
                    return None
                return coerce(v)
            try:
                if transform is not None:
                    v = transform(v)
                    if v is None:
                        if required:
                            raise MapValueError(
                                src, f"{name} 必填但代码映射为空 (code maps to null)"
                            )
                        return None
                return coerce(v)
            except ValueError as e:
                if isinstance(e, MapValueError):
                    raise
                raise MapValueError(src, f"{name}: {e}") from None

        return _Column(name, src, get)

    def map_row(self, table: str, row: dict) -> list[tuple[CompiledTarget, tuple, tuple]]:
        """(target, key, values) for each canonical row the source row makes."""
        out = []
        for tgt in self.targets[table]:
            values = tuple(g.get(row) for g in tgt.getters)
            key = tuple(values[i] for i in tgt.key_index)
            if any(k is None for k in key):
                raise MapValueError(None, f"{tgt.table} 的键 {tgt.key} 为空 (key is null)")
            out.append((tgt, key, values))
        return out

    def map_keys(self, table: str, identity: dict) -> list[tuple[CompiledTarget, tuple]]:
        """(target, key) of the canonical rows made by the source row with this identity
        (its primary key, or the whole old row with replica_identity: full)."""
        out = []
        for tgt in self.targets[table]:
            key = tuple(g.get(identity) for g in tgt.key_getters)
            out.append((tgt, key))
        return out

    def needs_full_identity(self) -> list[str]:
        return [n for n, t in self.mapping.tables.items() if t.replica_identity == "full"]
