"""The element catalogue (catalogue.yaml) as validated data: for each case type the facts the
law makes decisive, how a sentence stating each is recognised, and its legal source.

Configuration as data: adding an element or a case type is a YAML edit. Validation refuses
unknown keys, duplicate ids, patterns that do not compile and sources that docs/ELEMENTS.md
does not summarise (every cited article must be explained in the repository).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from courtqc.errors import InvalidInput, Where

Value = Literal["money", "date", "rate", "none"]
SOURCE = re.compile(r"^(?P<law>[\u4e00-\u9fff]{2,20}) 第[〇零一二三四五六七八九十百千]+条$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ElementSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    zh: str = Field(min_length=2)
    fact: str = Field(min_length=4)
    patterns: list[str] = Field(min_length=1)
    value: Value = "none"
    info_points: list[str] = Field(default_factory=list)
    question: str = Field(min_length=4)
    sources: list[str] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        for p in v:
            try:
                re.compile(p)
            except re.error as e:
                raise ValueError(f"正则表达式无效 (bad pattern) {p!r}: {e}") from None
        return v

    @field_validator("sources")
    @classmethod
    def _source_form(cls, v: list[str]) -> list[str]:
        for s in v:
            if not SOURCE.match(s):
                raise ValueError(f"法律依据格式应为 “法律简称 第X条” (source form) {s!r}")
        return v

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(tuple(self.patterns))


@cache
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


class CaseType(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    zh: str
    causes: list[str] = Field(min_length=1)
    recognise: list[str] = Field(min_length=1)
    elements: list[ElementSpec] = Field(min_length=3)

    @field_validator("elements")
    @classmethod
    def _unique(cls, v: list[ElementSpec]) -> list[ElementSpec]:
        ids = [e.id for e in v]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            raise ValueError(f"要素编号重复 (duplicate element ids): {sorted(dup)}")
        return v

    def element(self, element_id: str) -> ElementSpec:
        for e in self.elements:
            if e.id == element_id:
                return e
        raise InvalidInput(f"没有要素 {element_id} (no such element in {self.id})")


class Catalogue(_Strict):
    laws: dict[str, str] = Field(min_length=1)
    case_types: list[CaseType] = Field(min_length=1)

    @model_validator(mode="after")
    def _laws_known(self) -> Catalogue:
        unknown = sorted({s.split(" ")[0] for s in self.sources()} - set(self.laws))
        if unknown:
            raise ValueError(f"法律依据中的法律未在 laws 中列出 (laws not listed): {unknown}")
        return self

    def cite(self, source: str) -> str:
        """“民法典 第六百七十九条” as a judgment cites it: 《中华人民共和国民法典》第六百七十九条."""
        law, art = source.split(" ", 1)
        title = self.laws[law].replace("《", "〈").replace("》", "〉")
        return f"《{title}》{art}"

    @field_validator("case_types")
    @classmethod
    def _unique(cls, v: list[CaseType]) -> list[CaseType]:
        ids = [c.id for c in v]
        if len(ids) != len(set(ids)):
            raise ValueError("案件类型编号重复 (duplicate case type ids)")
        return v

    def find(self, case_type: str) -> CaseType | None:
        """The case type by id, name or cause (民间借贷纠纷), or None."""
        for c in self.case_types:
            if c.id == case_type or c.zh == case_type or case_type in c.causes:
                return c
        return None

    def get(self, case_type: str) -> CaseType:
        found = self.find(case_type)
        if found is not None:
            return found
        known = ", ".join(c.id for c in self.case_types)
        raise InvalidInput(f"未知的案件类型 {case_type} (unknown case type; known: {known})")

    def sources(self) -> set[str]:
        return {s for c in self.case_types for e in c.elements for s in e.sources}


def parse(text: str, file: str = "catalogue.yaml") -> Catalogue:
    """Validate a catalogue's YAML text; errors name the file and the field."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise InvalidInput(f"YAML 无法解析 (not valid YAML): {e}", where=Where(file=file)) from None
    try:
        return Catalogue.model_validate(raw)
    except ValidationError as e:
        first = e.errors()[0]
        field = ".".join(str(x) for x in first["loc"])
        raise InvalidInput(
            f"要素目录无效 (invalid element catalogue): {first['msg']}",
            where=Where(file=file, field=field),
            details=[{"field": ".".join(map(str, x["loc"])), "msg": x["msg"]} for x in e.errors()],
        ) from None


@cache
def catalogue() -> Catalogue:
    """The built-in catalogue (src/courtqc/elements/catalogue.yaml)."""
    text = resources.files("courtqc.elements").joinpath("catalogue.yaml").read_text("utf-8")
    return parse(text)


def undocumented_sources(cat: Catalogue, doc: Path) -> list[str]:
    """Sources the catalogue cites that docs/ELEMENTS.md does not summarise (in its table of
    sources, one row per source written exactly as in the catalogue)."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else ""
    return sorted(s for s in cat.sources() if f"| {s} |" not in text)
