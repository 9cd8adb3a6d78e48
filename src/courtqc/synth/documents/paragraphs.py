"""Paragraph pieces every kind of document shares: the heading, the party paragraphs (agents
and defenders included), the procedure words and the numbered main-text items."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.records import (
    _Case,
    _Party,
)
from courtqc.synth.documents.text import (
    _ROLE_LABEL,
    _ad,
    _cn,
    _Var,
    int_to_cn,
)


def _date(days: int | None, v: _Var, cn_percent: int = 0) -> str:
    if days is None:
        return ""
    return _cn(days) if cn_percent and v.chance(cn_percent) else _ad(days)


def _person(p: _Party, v: _Var, criminal: bool) -> str:
    """名称, 性别, 出生, 民族, 住址 as the heading writes a natural person."""
    bits = [p.name]
    if p.gender:
        bits.append("男" if p.gender == "male" else "女")
    if p.birth is not None:
        bits.append(f"{_date(p.birth, v, 8)}出生")
    if p.ethnicity:
        bits.append(p.ethnicity)
    if p.address:
        bits.append(("户籍地" if criminal and v.chance(40) else "住") + p.address)
    return "，".join(bits) + "。"


def _party_lines(
    c: _Case, v: _Var, courts: _Courts, labels: dict[int, str], criminal: bool = False
) -> list[str]:
    colon = "" if criminal else v.pick(("：", "：", ""))
    out: list[str] = []
    for p in c.parties:
        if p.role == "victim":
            continue
        label = labels.get(p.party_id, _ROLE_LABEL.get(p.role, p.role))
        if p.role == "prosecutor":
            out.append(f"{label}{p.name}。")
            continue
        if p.kind == "natural":
            line = f"{label}{colon}{_person(p, v, criminal)}"
        else:
            code = f"，统一社会信用代码{p.uscc}" if p.uscc else ""
            line = f"{label}{colon}{p.name}{code}" + (
                f"，住所地{p.address}。" if p.address else "。"
            )
        out.append(line)
        if p.kind != "natural" and p.legal_rep:
            head = "负责人" if p.kind == "authority" and v.chance(30) else "法定代表人"
            title = rep_title(p) if head == "法定代表人" else None
            out.append(f"{head}{colon}{p.legal_rep}" + (f"，{title}。" if title else "。"))
        for name, kind, firm in p.agents:
            out.append(_agent_line(name, kind, firm, criminal, colon, courts, c, v))
    return out


def rep_title(p: _Party) -> str | None:
    """The legal representative's post (该公司执行董事 …), as the party line writes it: from
    the party's name (crc32, no draw from the document's stream); an authority's head has
    none written."""
    if p.kind != "legal" or not p.legal_rep:
        return None
    if "银行" in p.name:
        return "该行行长"
    posts = ("该公司执行董事", "该公司总经理", "该公司董事长")
    return posts[zlib.crc32(p.name.encode()) % len(posts)] if "公司" in p.name else None


def _agent_line(
    name: str, kind: str, firm: str | None, criminal: bool, colon: str, courts: _Courts,
    c: _Case, v: _Var,
) -> str:  # fmt: skip
    head = "辩护人" if criminal else v.pick(("委托诉讼代理人", "委托诉讼代理人", "委托代理人"))
    sep = "" if criminal else colon
    if kind == "legal_aid":
        district = courts.district.get(c.court_code)
        centre = f"上海市{district}法律援助中心" if district else "上海市法律援助中心"
        tail = f"，{centre}指派的{firm}律师。" if firm else f"，{centre}指派律师。"
        return f"{head}{sep}{name}{tail}"
    if kind == "lawyer" and firm:
        return f"{head}{sep}{name}，{firm}律师。"
    return f"{head}{sep}{name}。"


def _names(parties: Sequence[_Party]) -> str:
    return "、".join(p.name for p in parties)


def _of(c: _Case, *roles: str) -> list[_Party]:
    return [p for p in c.parties if p.role in roles]


def _heading(c: _Case, courts: _Courts, title: str, v: _Var, caption: str | None) -> list[str]:
    lines = [caption] if caption and v.chance(15) else []
    spaced = " ".join(title) if v.chance(30) else title
    lines += [courts.court_name(c.court_code), spaced, c.case_no]
    return lines


def _procedure_words(tp: str | None, criminal: bool) -> str:
    if criminal:
        return {
            "simple": "依法适用简易程序，实行独任审判",
            "fast_track": "依法适用速裁程序，实行独任审判",
        }.get(tp or "", "依法组成合议庭")
    return {
        "simple": "依法适用简易程序",
        "small_claims": "依法适用小额诉讼程序",
    }.get(tp or "", "依法适用普通程序")


def _collegial(c: _Case) -> bool:
    return c.procedure == "second" or c.trial_procedure not in (
        "simple",
        "small_claims",
        "fast_track",
    )


def _ordinal(i: int) -> str:
    return int_to_cn(i)


def _numbered(items: Sequence[str], v: _Var) -> list[str]:
    """Main-text items: a single item stands alone, several are numbered 一、二、."""
    if len(items) == 1:
        return [items[0] + "。"]
    return [
        f"{_ordinal(i)}、{it}{'；' if i < len(items) else '。'}" for i, it in enumerate(items, 1)
    ]
