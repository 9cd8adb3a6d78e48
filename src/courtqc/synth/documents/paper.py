"""What every paper of a case's life shares (issue 18): the `Paper` a writer returns (its kind,
title, lines, date and the values it rendered, kept as truth), and the pieces several
writers use — a party paragraph with a capacity in brackets, a signer, a date either way."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from courtqc.synth.documents.paragraphs import _person
from courtqc.synth.documents.records import _Case, _Party
from courtqc.synth.documents.text import _EPOCH, _ad, _cn, _money, _Var


@dataclass(slots=True)
class Paper:
    """One document: `kind` is its code in courtqc/extract/kinds.yaml; `truth` holds every
    value the writer rendered that extraction must give back (court, date, case_no, parties,
    agents, claimed_amount, charges, prosecutor, fee)."""

    kind: str
    title: str
    lines: list[str]
    day: int  # the date on the document, as a day number
    truth: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def iso(days: int) -> str:
    return (_EPOCH + dt.timedelta(days=days)).isoformat()


def amount(text: str | None) -> float | None:
    return None if text is None else round(float(text), 2)


def sign_date(days: int, v: _Var) -> str:
    """Parties date their papers in digits, courts in Chinese numerals; either happens."""
    return _cn(days) if v.chance(35) else _ad(days)


def money(text: str, v: _Var) -> str:
    """An amount as parties write it: grouped or not, in 人民币 or not."""
    return ("人民币" if v.chance(40) else "") + _money(text, grouped=v.chance(50)) + "元"


def party_para(label: str, p: _Party, v: _Var, colon: str = "：") -> list[str]:
    """A party paragraph (label, name, particulars) and its legal representative."""
    if p.kind == "natural":
        out = [f"{label}{colon}{_person(p, v, False)}"]
    else:
        out = [f"{label}{colon}{p.name}" + (f"，住所地{p.address}。" if p.address else "。")]
        if p.legal_rep:
            head = "负责人" if p.kind == "authority" else "法定代表人"
            out.append(f"{head}{colon}{p.legal_rep}" + ("，董事长。" if v.chance(20) else "。"))
    return out


def of(c: _Case, *roles: str) -> list[_Party]:
    return [p for p in c.parties if p.role in roles]


def names(parties: list[_Party]) -> str:
    return "、".join(p.name for p in parties)


_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲建国红梅志文斌"


def staff_name(v: _Var) -> str:
    """A name for someone the tables do not hold (a prosecutor, a clerk of the procuratorate)."""
    given = v.pick(_GIVEN) + (v.pick(_GIVEN) if v.chance(60) else "")
    return v.pick(_SURNAMES) + given
