"""Load and check push models: YAML -> PushDef -> a `PushModel` whose SQL ran through the same
sandbox as scenario models (courtqc.models.sqlcheck) and whose fields are columns it returns.

Everything is checked before anything runs, and each problem names file, line and field:
YAML syntax, shape (pydantic), SQL that is not one read-only SELECT over the allowed tables, SQL
that does not bind, a field or key column the selection does not return (data minimisation:
a push cannot send what it did not select), a selection without `case_id` (the court scoping and
the board's drill-down hang on it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import duckdb
from pydantic import ValidationError

from courtqc import operators
from courtqc.errors import InvalidInput, NotFound, Where
from courtqc.models.sqlcheck import SqlProblem, check_select, runnable_sql
from courtqc.models.yamlload import Located, YamlSyntaxError, load_located, read_text
from courtqc.services.definition import PushDef

BUILTIN_DIR = Path(str(files(__package__).joinpath("pushes")))


class PushModelError(InvalidInput):
    """A push model that cannot be used; `details` lists every problem with its place."""


@dataclass(frozen=True)
class PushModel:
    """A checked push model: its definition, file, runnable SQL and the columns it returns."""

    spec: PushDef
    source: str
    sql: str
    columns: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def version(self) -> str:
        """Hash of what decides the data sent (selection, key, fields and masks)."""
        d = self.spec.model_dump(include={"sql", "key", "fields", "court", "body"})
        return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:12]


def _problem(file: str, line: int | None, field: str, message: str) -> dict:
    return {"file": file, "line": line, "field": field, "message": message}


def _raise(problems: list[dict]) -> None:
    first = problems[0]
    text = "; ".join(
        f"{p['file']}:{p['line'] or '?'}: {p['field'] or '(push)'}: {p['message']}"
        for p in problems
    )
    raise PushModelError(
        f"推送模型无效 (invalid push model): {text}",
        where=Where(file=first["file"], row=first["line"], field=first["field"] or None),
        details=problems,
    )


def parse(text: str, file: str = "<string>") -> tuple[PushDef, Located]:
    """The definition's shape, checked; raise PushModelError with file/line/field."""
    try:
        doc = load_located(text, file)
    except YamlSyntaxError as e:
        _raise([_problem(file, e.line, "", e.message)])
    if not isinstance(doc.data, dict):
        _raise([_problem(file, 1, "", "推送模型文件应为一个映射 (a push model is a mapping)")])
    try:
        spec = PushDef.model_validate(doc.data)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = tuple(err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "未知字段 (unknown field)"
            elif err["type"] == "missing":
                msg = "缺少必填字段 (field required)"
            problems.append(_problem(file, doc.line_of(loc), ".".join(str(x) for x in loc), msg))
        _raise(problems)
    return spec, doc


def compile_push(spec: PushDef, doc: Located | None = None, file: str = "<push>") -> PushModel:
    """Check the SQL in the sandbox, bind it, and check key and fields against its columns."""
    doc = doc or Located(data=None)
    try:
        tree = check_select(spec.sql, operators.allowed_tables(), set(operators.TABLE_MACROS))
    except SqlProblem as e:
        start = doc.content_lines.get(("sql",))
        line = start + e.line - 1 if (e.line and start) else doc.line_of(("sql",))
        _raise([_problem(file, line, "sql", e.message)])
    sql = runnable_sql(tree)
    with operators.schema_connection() as con:
        try:
            described = con.execute(f"DESCRIBE {sql}").fetchall()
        except duckdb.Error as e:
            first = str(e).splitlines()[0]
            _raise(
                [
                    _problem(
                        file, doc.line_of(("sql",)), "sql", f"SQL 无法执行 (does not bind): {first}"
                    )
                ]
            )
    columns = tuple(r[0] for r in described)
    problems = []
    if "case_id" not in columns:
        problems.append(
            _problem(
                file,
                doc.line_of(("sql",)),
                "sql",
                "选择必须返回 case_id 列 (the selection must return case_id)",
            )
        )
    for i, k in enumerate(spec.key):
        if k not in columns:
            problems.append(
                _problem(
                    file,
                    doc.line_of(("key", i)),
                    f"key.{i}",
                    f"键列 {k} 不在选择结果中 (key column not returned by the SQL: {', '.join(columns)})",
                )
            )
    for i, f in enumerate(spec.fields):
        if f.name not in columns:
            problems.append(
                _problem(
                    file,
                    doc.line_of(("fields", i, "name")),
                    f"fields.{i}.name",
                    f"字段 {f.name} 不在选择结果中，不能推送 (field not returned by the selection: "
                    f"{', '.join(columns)})",
                )
            )
    if problems:
        _raise(problems)
    return PushModel(spec, file, sql, columns)


def load_text(text: str, file: str = "<string>") -> PushModel:
    spec, doc = parse(text, file)
    return compile_push(spec, doc, file)


def load_file(path: str | Path) -> PushModel:
    p = Path(path)
    try:
        text = read_text(p)
    except YamlSyntaxError as e:
        _raise([_problem(str(p), e.line, "", e.message)])
    return load_text(text, str(p))


def load_dir(directory: str | Path) -> list[PushModel]:
    """Every *.yaml push model of a folder; every problem of every file in one error."""
    out, problems = [], []
    for p in sorted(Path(directory).glob("*.yaml")):
        try:
            out.append(load_file(p))
        except PushModelError as e:
            problems.extend(e.details)
    if problems:
        _raise(problems)
    ids = [m.id for m in out]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        _raise([_problem(str(directory), None, "id", f"推送模型 id 重复 (duplicate ids): {dup}")])
    return out


@cache
def builtin() -> tuple[PushModel, ...]:
    """The built-in library (pushes/*.yaml), checked once per process."""
    return tuple(load_dir(BUILTIN_DIR))


def find(model_id: str, models: tuple[PushModel, ...] | list[PushModel] | None = None) -> PushModel:
    for m in models if models is not None else builtin():
        if m.id == model_id:
            return m
    raise NotFound(f"没有推送模型 {model_id} (no such push model)")
