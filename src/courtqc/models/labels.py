"""The words the workshop's builder shows for fields and operators (labels.yaml), so a court
user reads 立案日期 / 大于 / 当事人死亡核查（算子） rather than `filing_date` / `gt` /
`op_party_death`.

Labels are data: one YAML file beside the models, Chinese and English for each subject (table
or operator view) a model may read, each of its fields and each condition operator. GET /api/models/meta serves them;
tests/test_models.py requires a label for every field, so a new column comes with its words.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict


class Label(BaseModel):
    model_config = ConfigDict(extra="forbid")

    zh: str
    en: str


class Labels(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ops: dict[str, Label]
    fields: dict[str, Label]
    days_since: Label  # how a relative date reads after the field's label
    subjects: dict[str, Label] = {}  # tables and operator views a condition model reads


@cache
def labels() -> Labels:
    """The shipped label table, validated once."""
    text = files("courtqc.models").joinpath("labels.yaml").read_text(encoding="utf-8")
    return Labels.model_validate(yaml.safe_load(text))


def subject_label(name: str, lang: str = "zh") -> str:
    """A subject's (table or operator view) label in `lang`; the name itself when it has none."""
    lab = labels().subjects.get(name)
    return getattr(lab, lang) if lab else name


def field_label(name: str, lang: str = "zh") -> str:
    """A field's label in `lang` (zh / en); the name itself when it has none."""
    lab = labels().fields.get(name)
    return getattr(lab, lang) if lab else name
