"""A push model (数据推送模型) as data: which body receives what, selected how, masked how, on
what legal basis and on what schedule. Validated by pydantic for its shape; `pushmodel.py`
checks its SQL and its fields against what the SQL returns.

Why a YAML file per push: the court's data office, not a programmer, agrees with a body what it
receives; the file is what they agree on, and courtqc refuses one that sends more than it selects
or sends an ID number or phone in clear without saying on what law.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Mask = Literal["none", "id_number", "phone", "name", "text"]
MASK_ZH = {
    "none": "不脱敏",
    "id_number": "身份证号脱敏",
    "phone": "电话脱敏",
    "name": "姓名脱敏（张某）",
    "text": "文本中的身份证号、电话脱敏",
}
# Column names that hold an ID number or a phone: sent in clear only with a stated basis.
_PERSONAL = re.compile(r"(id_number|id_no|phone|mobile|tel)", re.IGNORECASE)
_ID = re.compile(r"^[a-z][a-z0-9_]{2,63}$")


@cache
def bodies() -> dict[str, str]:
    """Receiving body id -> its Chinese name (bodies.yaml)."""
    text = files(__package__).joinpath("bodies.yaml").read_text(encoding="utf-8")
    return {b["id"]: b["zh"] for b in yaml.safe_load(text)["bodies"]}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Title(Strict):
    zh: str = Field(min_length=1)
    en: str = ""


class PushField(Strict):
    """One field the body receives: a column of the selection, masked as stated."""

    name: str
    mask: Mask = "none"
    # Why an ID number or phone goes out in clear: the article that obliges or allows it.
    unmasked_basis: str | None = None
    description: str = ""

    @model_validator(mode="after")
    def _personal_needs_basis(self) -> PushField:
        if _PERSONAL.search(self.name) and self.mask == "none" and not self.unmasked_basis:
            raise ValueError(
                f"字段 {self.name} 是身份证号或电话，不脱敏须写明法律依据 unmasked_basis "
                "(an ID number or phone sent in clear needs unmasked_basis)"
            )
        return self


class Schedule(Strict):
    """When the push runs: a crontab line (minute hour day month weekday), Asia/Shanghai."""

    cron: str
    timezone: str = "Asia/Shanghai"

    @field_validator("cron")
    @classmethod
    def _cron(cls, v: str) -> str:
        from apscheduler.triggers.cron import CronTrigger

        try:
            CronTrigger.from_crontab(v, timezone="Asia/Shanghai")
        except ValueError as e:
            raise ValueError(f"不是有效的 crontab 表达式 (not a crontab line): {e}") from None
        return v


class PushDef(Strict):
    """The definition as written in the YAML file."""

    id: str
    title: Title
    body: str  # bodies.yaml id
    description: str = ""
    court: str = "沪"  # the sending court: its tree is selected, no other court's cases
    legal_basis: list[str] = Field(min_length=1)
    sql: str = Field(min_length=1)
    key: list[str] = Field(min_length=1)  # columns identifying a row: sent once, never twice
    fields: list[PushField] = Field(min_length=1)
    schedule: Schedule
    enabled: bool = True

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("id 只能含小写字母、数字和下划线 (lower-case letters, digits, _)")
        return v

    @field_validator("body")
    @classmethod
    def _body(cls, v: str) -> str:
        if v not in bodies():
            raise ValueError(f"未知的接收单位 {v!r} (unknown body; see bodies.yaml)")
        return v

    @model_validator(mode="after")
    def _unique_fields(self) -> PushDef:
        names = [f.name for f in self.fields]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"字段重复 (duplicate fields): {', '.join(dup)}")
        return self

    @property
    def body_zh(self) -> str:
        return bodies()[self.body]
