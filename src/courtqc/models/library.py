"""Load, validate and compile scenario models: YAML file -> ModelDef -> runnable SQL.

Every problem is reported before anything runs, as `file:line: field: message` — a YAML syntax
error, an unknown or missing field, a bad value, SQL that is not one read-only SELECT over the
allowed tables, a condition on a field the subject does not have, SQL that does not bind
(unknown column), or a message placeholder the SQL does not return.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

import duckdb
from pydantic import ValidationError
from sqlglot import exp

from courtqc import operators
from courtqc.errors import InvalidInput, NotFound
from courtqc.models import pyops
from courtqc.models.conditions import ConditionError, compile_conditions, subject_columns
from courtqc.models.definition import ModelDef
from courtqc.models.sqlcheck import SqlProblem, check_select, runnable_sql
from courtqc.models.yamlload import Located, YamlSyntaxError, load_located, read_text

BUILTIN_DIR = Path(str(files("courtqc.models").joinpath("builtin")))
# Columns the engine adds to every alert row, usable in message templates.
ENGINE_COLUMNS = ("case_no", "court_code")


@dataclass
class ModelProblem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line or '?'}: {self.field or '(model)'}: {self.message}"


class ModelError(InvalidInput):
    """One or more problems with a model definition, each naming file, line and field.

    An `InvalidInput` (422, exit 2) like every bad definition; its message is one problem a
    line, and `details` lists them as data. Callers catch it by name (no caller relies on the
    `ValueError` it once was)."""

    def __init__(self, problems: list[ModelProblem]):
        self.problems = problems
        super().__init__(
            "\n".join(str(p) for p in problems),
            details=[
                {"file": p.file, "line": p.line, "field": p.field, "message": p.message}
                for p in problems
            ],
        )


@dataclass
class CompiledModel:
    """A validated model ready to run: its definition, where it came from and its SQL."""

    model: ModelDef
    source: str
    sql: str | None = None  # None for Python-operator models
    columns: list[str] = field(default_factory=list)
    tables: frozenset[str] = frozenset()  # case-data tables it reads (node mode copies these)
    reads: frozenset[str] = frozenset()  # tables and operators it reads, directly or not
    _version: tuple[ModelDef, str] | None = field(default=None, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def version(self) -> str:
        # The hash of the definition's logic, computed once: node mode asks for it per model
        # and event, and hashing the logic's JSON each time cost more than running the model.
        if self._version is None or self._version[0] is not self.model:
            self._version = (self.model, self.model.logic_hash)
        return self._version[1]


def _dotted(loc: tuple) -> str:
    return ".".join(str(x) for x in loc)


def _pydantic_problems(e: ValidationError, doc: Located, file: str) -> list[ModelProblem]:
    out = []
    for err in e.errors():
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x[0].isupper()))
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "未知字段 (unknown field)"
        elif err["type"] == "missing":
            msg = "缺少必填字段 (field required)"
        out.append(ModelProblem(file, doc.line_of(loc), _dotted(loc), msg))
    return out


def parse_model(text: str, file: str = "<string>") -> tuple[ModelDef, Located]:
    """Validate the definition's shape (no SQL yet); raise ModelError with locations."""
    try:
        doc = load_located(text, file)
    except YamlSyntaxError as e:
        msg = f"YAML 语法错误 (syntax error): {e.message}" if e.syntax else e.message
        raise ModelError([ModelProblem(file, e.line, "", msg)]) from None
    if not isinstance(doc.data, dict):
        raise ModelError(
            [ModelProblem(file, 1, "", "模型文件应为一个映射 (a model file is a mapping)")]
        )
    try:
        model = ModelDef.model_validate(doc.data)
    except ValidationError as e:
        raise ModelError(_pydantic_problems(e, doc, file)) from None
    return model, doc


def compile_model(
    model: ModelDef, doc: Located | None = None, file: str = "<model>"
) -> CompiledModel:
    """Check the logic and produce runnable SQL; raise ModelError naming file, line, field."""
    doc = doc or Located(data=None)

    def problem(path: tuple, message: str, line: int | None = None) -> ModelError:
        return ModelError([ModelProblem(file, line or doc.line_of(path), _dotted(path), message)])

    logic = model.logic
    if logic.python is not None:
        try:
            pyops.get(logic.python.operator)
        except NotFound as e:
            raise problem(("logic", "python", "operator"), e.message) from None
        names = set(pyops.reads(logic.python.operator))
        tables = operators.base_tables(names) | {"cases"}
        return CompiledModel(
            model, file, None, [], frozenset(tables), frozenset(operators.uses(names))
        )
    if logic.conditions is not None:
        cl = logic.conditions
        if cl.subject not in operators.allowed_tables():
            raise problem(
                ("logic", "conditions", "subject"),
                f"未知的主体 {cl.subject!r} (unknown subject; a table or operator view)",
            )
        cols = subject_columns(cl.subject)  # with types: days_since needs a date field
        try:
            sql = compile_conditions(cl, cols)
        except ConditionError as e:
            raise problem(e.path, e.message) from None
        sql_path: tuple = ("logic", "conditions")
    else:
        sql = logic.sql or ""
        sql_path = ("logic", "sql")
    try:
        tree = check_select(sql, operators.allowed_tables(), set(operators.TABLE_MACROS))
    except SqlProblem as e:
        line = None
        start = doc.content_lines.get(sql_path)
        if e.line and start:
            line = start + e.line - 1
        raise problem(sql_path, e.message, line) from None
    runnable = runnable_sql(tree)
    with operators.schema_connection() as con:
        try:
            described = con.execute(f"DESCRIBE {runnable}").fetchall()
        except duckdb.Error as e:
            msg = str(e).splitlines()[0]
            raise problem(sql_path, f"SQL 无法执行 (does not bind): {msg}") from None
    columns = [r[0] for r in described]
    if "case_id" not in columns:
        raise problem(sql_path, "模型 SQL 必须返回 case_id 列 (the SQL must return case_id)")
    missing = [p for p in model.placeholders() if p not in columns and p not in ENGINE_COLUMNS]
    if missing:
        raise problem(
            ("message",),
            f"提示语占位符 {missing} 不在 SQL 结果列中 (placeholders not returned by the SQL: "
            f"{', '.join(columns)})",
        )
    names = {t.name.lower() for t in tree.find_all(exp.Table) if t.name}
    names |= {
        str(t.this.name).lower() for t in tree.find_all(exp.Table) if isinstance(t.this, exp.Func)
    }
    tables = operators.base_tables(names) | {"cases"}
    return CompiledModel(
        model, file, runnable, columns, frozenset(tables), frozenset(operators.uses(names))
    )


def load_model_text(text: str, file: str = "<string>") -> CompiledModel:
    model, doc = parse_model(text, file)
    return compile_model(model, doc, file)


def load_model_file(path: str | Path) -> CompiledModel:
    """A model file, read and decoded as every YAML file is (courtqc.models.yamlload): an
    unreadable, binary or wrongly encoded file is a ModelError naming it, not a traceback."""
    p = Path(path)
    try:
        text = read_text(p)
    except YamlSyntaxError as e:
        raise ModelError([ModelProblem(str(p), e.line, "", e.message)]) from None
    return load_model_text(text, str(p))


def load_dir(directory: str | Path) -> list[CompiledModel]:
    """Every *.yaml model in a directory; all problems of all files in one ModelError."""
    models: list[CompiledModel] = []
    problems: list[ModelProblem] = []
    seen: dict[str, str] = {}
    for p in sorted(Path(directory).glob("*.yaml")):
        try:
            cm = load_model_file(p)
        except ModelError as e:
            problems.extend(e.problems)
            continue
        if cm.id in seen:
            problems.append(
                ModelProblem(str(p), 1, "id", f"重复的模型 id {cm.id!r}，已见于 {seen[cm.id]}")
            )
            continue
        if Path(p).stem != cm.id:
            problems.append(
                ModelProblem(str(p), 1, "id", f"文件名应为 {cm.id}.yaml (file name must match id)")
            )
            continue
        seen[cm.id] = str(p)
        models.append(cm)
    if problems:
        raise ModelError(problems)
    return models


@cache
def builtin_models() -> tuple[CompiledModel, ...]:
    """The built-in library shipped in courtqc/models/builtin (validated, cached)."""
    return tuple(load_dir(BUILTIN_DIR))


def find(models: list[CompiledModel] | tuple[CompiledModel, ...], model_id: str) -> CompiledModel:
    """The model with id `model_id`; `NotFound` when there is none."""
    for m in models:
        if m.id == model_id:
            return m
    raise NotFound(f"未知模型 {model_id!r} (unknown model)")
