"""The texts of the labelled real judgments, rebuilt from the public-judgment share
(../shared/data/real beside the repo, or --real / the `real_dir` setting, COURTQC_REAL_DIR).

The labels hold values only, never document text: the texts are read at run time. The
SimuCourt records have no single text field; `simucourt_text` rebuilds one in the documented,
deterministic order. Shared by the scorer (score_extraction.py), the held-out scorer
(heldout.py), the label helper and the extraction benchmark, so that labels and the scored
text agree. It never imports courtqc.extract.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

JUDGE_FILE = "judge_criminal_fulltext.jsonl"
SIMUCOURT_FILE = "simucourt_judgments_sectioned.jsonl"
SFZY_FILE = "cail2020_sfzy_civil_fulltext_sample.jsonl"
SOURCE_FILES = (JUDGE_FILE, SIMUCOURT_FILE, SFZY_FILE)


def default_real_dir() -> Path:
    """The `real_dir` setting (COURTQC_REAL_DIR), else ../shared/data/real beside the repo."""
    from courtqc.config import settings

    configured = settings().real_dir
    return Path(configured) if configured else REPO.parent / "shared" / "data" / "real"


# --- document texts ------------------------------------------------------------------------


def _present(v: Any) -> bool:
    """SimuCourt writes the literal 无 for an absent section."""
    return isinstance(v, str) and v.strip() not in ("", "无")


def _clean(v: str) -> str:
    return v.strip().replace("\\n", "\n")


_TITLE_KIND = re.compile(r"(判决书|裁定书|调解书|决定书|通知书)$")
_PARTY_ATTR_START = re.compile(
    r"^(住|系|男|女|户籍|身份|公民|统一社会|法定代表人|以下|绰号|曾用名|又名|别名|化名)"
)


def split_simucourt_parties(value: str) -> list[str]:
    """SimuCourt packs several parties of one role into a field, separated by ，. A part that
    starts like an attribute (住…, 系…) belongs to the party before it."""
    parts: list[str] = []
    for raw in re.split(r"[，,]", value.strip()):
        part = raw.strip()
        if not part:
            continue
        if parts and (_PARTY_ATTR_START.match(part) or len(part) == 1):
            parts[-1] += "，" + part
        else:
            parts.append(part)
    return parts


def simucourt_doc_kind(rec: dict[str, Any]) -> str:
    """The document kind as the case title ends (刑事判决书 …); 判决书 where it does not say."""
    title = rec.get("案件名", "").strip()
    m = re.search(r"((?:刑事附带民事|刑事|民事|行政|赔偿)?)(判决书|裁定书|调解书)$", title)
    if not m:
        return "判决书"
    fam = m.group(1) or {"刑事": "刑事", "民事": "民事", "行政": "行政"}.get(
        rec.get("类别", ""), ""
    )
    return fam + m.group(2)


def _simucourt_criminal_item(rec: dict[str, Any], name: str | None, person: str) -> str | None:
    """One main-text item from 刑事_罪名/刑期/罚金, e.g. 被告人吴文婷犯盗窃罪，判处有期徒刑七个月，
    并处罚金人民币七千元。 The dataset drops the defendant's name; it is put back when the
    record names exactly one defendant."""
    charge = rec.get("刑事_罪名", "")
    if not _present(charge):
        return None
    charge = charge.strip()
    if name and charge.startswith(person) and not charge.startswith(person + name):
        charge = person + name + charge[len(person) :]
    parts = [charge.rstrip("。；;")]
    term = rec.get("刑事_刑期", "")
    if _present(term):
        parts.append(term.strip().rstrip("。"))
    fine = rec.get("刑事_罚金", "")
    if _present(fine):
        f = fine.strip().rstrip("。")
        parts.append(f if f.startswith("并") else "并" + f)
    return "，".join(parts) + "。"


def simucourt_party_name(value: str) -> str:
    """The bare name from a SimuCourt party field: without the leading (原审被告) role note,
    a trailing ，住… or ，绰号…, and (以下简称…) / (绰号…) notes."""
    v = value.strip()
    v = re.sub(r"^[（(][^）)]*[）)]\s*[：:]?", "", v)
    v = v.split("，")[0].split(",")[0]
    v = re.sub(r"[（(](?:以下简称|绰号|曾用名|又名|化名)[^）)]*[）)]", "", v)
    return v.strip().rstrip("。")


def simucourt_text(rec: dict[str, Any]) -> str:
    """Rebuild one judgment from a SimuCourt record, deterministically, in the order a
    Chinese judgment is written. Each present section becomes one paragraph (one line):

    1. 案件名 (the title line some published judgments carry), 法院, the document kind
       (from the title's ending), 案号;
    2. the parties — first instance: 公诉机关 X / 原告：X, 原告代理人, 被告人 X / 被告：X with
       被告基本情况, 代理人 (as 辩护人 / 委托诉讼代理人); second instance: 上诉人 X with
       上诉人基本情况, then 被上诉人 X (criminal appeals: 原公诉机关 X, only where the field
       names a procuratorate);
    3. first instance: 原告诉请判令（公诉机关指控）, 原告陈述, 被告陈述, 被告代理人辩护,
       基本案情 (after 经审理查明：), 法院意见 (after 本院认为，);
       second instance: 上诉请求, 上诉人辩护, 被上诉人辩护, 一审法院认定事实,
       一审法院意见, 一审法院审判依据 + 一审法院审判结果 (as 一审法院依照…之规定，判决：…),
       本院二审查明事实, 二审意见 (after 本院认为，);
    4. 依照 引用法律条文1…11 joined by 、 之规定，判决如下： (裁定如下 for a ruling);
    5. the main text: 刑事_结果1–3 / 民事结果1–3 / 行政结果1–3, numbered 一、二、三、 when
       more than one; a first-instance criminal record (which has no 刑事_结果) gets one item
       built from 刑事_罪名, 刑事_刑期 and 刑事_罚金.

    A cue (经审理查明：, 本院认为，, 公诉机关指控， …) is added only where the section does not
    already start with one. There is no signature block: the dataset has no judges, clerk
    or date, so those are labelled absent.
    """
    fam = rec.get("类别", "")
    second = rec.get("审理程序") == "二审"
    kind = simucourt_doc_kind(rec)
    out = _Paragraphs()
    out.add(rec.get("案件名"))
    out.add(rec.get("法院"))
    out.lines.append(kind)
    out.add(rec.get("案号"))
    if not second:
        _simucourt_first_instance(rec, fam, out)
    else:
        _simucourt_second_instance(rec, fam, out)
    _simucourt_basis(rec, kind, out)
    _simucourt_main_text(rec, fam, second, out)
    return "\n".join(out.lines)


class _Paragraphs:
    """The rebuilt judgment's paragraphs, one per present section."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, v: Any, prefix: str = "", unless: tuple[str, ...] = (), end: str = "") -> None:
        """A section's text, with its cue (prefix) unless it starts with one already."""
        if not _present(v):
            return
        t = _clean(v)
        if prefix and not t.startswith(unless or (prefix.rstrip("，：,:"),)):
            t = prefix + t
        if end and not t.endswith(("。", "；")):
            t += end
        self.lines.append(t)


def _simucourt_first_instance(rec: dict[str, Any], fam: str, out: _Paragraphs) -> None:
    """Step 2 and 3 of `simucourt_text` for a first-instance record."""
    lines, add = out.lines, out.add
    plaintiff = rec.get("原告（公诉）", "")
    if fam == "刑事":
        add(plaintiff, "公诉机关", end="。")
        names = split_simucourt_parties(rec.get("被告", "")) if _present(rec.get("被告")) else []
        for i, n in enumerate(names):
            basic = rec.get("被告基本情况", "")
            tail = "，" + _clean(basic) if i == 0 and _present(basic) else ""
            lines.append("被告人" + n + tail + "。")
        add(rec.get("代理人"), "辩护人", end="。")
    else:
        if _present(plaintiff):
            for n in split_simucourt_parties(plaintiff):
                lines.append("原告：" + n + "。")
        add(rec.get("原告代理人"), "委托诉讼代理人：", end="。")
        if _present(rec.get("被告")):
            for n in split_simucourt_parties(rec["被告"]):
                lines.append("被告：" + n + "。")
        add(rec.get("被告基本情况"))
        add(rec.get("代理人"), "委托诉讼代理人：", end="。")
    person = "被告人" if fam == "刑事" else "被告"
    accusation = "公诉机关指控，" if fam == "刑事" else "原告诉称，"
    add(rec.get("原告诉请判令（公诉机关指控）"), accusation, ("公诉", "原告", plaintiff.strip()))
    add(rec.get("原告陈述"))
    add(rec.get("被告陈述"), person + "辩称，", (person, "被告"))
    add(
        rec.get("被告代理人辩护"),
        "辩护人提出，" if fam == "刑事" else "被告代理人认为，",
        ("辩护", "被告", "代理"),
    )
    add(rec.get("基本案情"), "经审理查明：", ("经审理查明", "本院查明", "经审理", "本院经审理"))
    add(rec.get("法院意见"), "本院认为，", ("本院认为",))


def _simucourt_second_instance(rec: dict[str, Any], fam: str, out: _Paragraphs) -> None:
    """Step 2 and 3 of `simucourt_text` for a second-instance record."""
    lines, add = out.lines, out.add
    appellant = rec.get("上诉人", "")
    if _present(appellant):
        for i, n in enumerate(split_simucourt_parties(appellant)):
            basic = rec.get("上诉人基本情况", "")
            tail = "，" + _clean(basic) if i == 0 and _present(basic) else ""
            lines.append("上诉人" + n + tail + "。")
    appellee = rec.get("被上诉人", "")
    if fam == "刑事":
        if _present(appellee) and re.fullmatch(r".+人民检察院(?:[^检]*分院)?", appellee.strip()):
            lines.append("原公诉机关" + appellee.strip() + "。")
    elif _present(appellee):
        for n in split_simucourt_parties(appellee):
            lines.append("被上诉人" + n + "。")
    add(rec.get("上诉请求"))
    add(rec.get("上诉人辩护"))
    add(rec.get("被上诉人辩护"))
    add(rec.get("一审法院认定事实"))
    add(rec.get("一审法院意见"))
    basis, result = rec.get("一审法院审判依据", ""), rec.get("一审法院审判结果", "")
    if _present(result):
        head = (
            "一审法院依照" + _clean(basis) + "之规定，判决："
            if _present(basis)
            else "一审法院判决："
        )
        lines.append(head + _clean(result))
    add(rec.get("本院二审查明事实"))
    add(rec.get("二审意见"), "本院认为，", ("本院认为",))


def _simucourt_basis(rec: dict[str, Any], kind: str, out: _Paragraphs) -> None:
    """Step 4 of `simucourt_text`: 依照…之规定，判决如下："""
    cites = [
        _clean(rec[k]) for k in (f"引用法律条文{i}" for i in range(1, 12)) if _present(rec.get(k))
    ]
    verb = "裁定" if kind.endswith("裁定书") else "判决"
    if cites:
        out.lines.append("依照" + "、".join(cites) + "之规定，" + verb + "如下：")
    else:
        out.lines.append(verb + "如下：")


def _simucourt_main_text(rec: dict[str, Any], fam: str, second: bool, out: _Paragraphs) -> None:
    """Step 5 of `simucourt_text`: the main text's items, numbered when more than one."""
    prefix = {"刑事": "刑事_结果", "民事": "民事结果", "行政": "行政结果"}.get(fam, "民事结果")
    items = [_clean(rec[f"{prefix}{i}"]) for i in (1, 2, 3) if _present(rec.get(f"{prefix}{i}"))]
    if fam == "刑事" and not items:
        field_name = "上诉人" if second else "被告"
        names = (
            split_simucourt_parties(rec.get(field_name, ""))
            if _present(rec.get(field_name))
            else []
        )
        one = simucourt_party_name(names[0]) if len(names) == 1 else None
        item = _simucourt_criminal_item(rec, one, "上诉人" if second else "被告人")
        items = [item] if item else []
    numerals = "一二三四五六七八九"
    for i, it in enumerate(items):
        it = re.sub(r"^[一二三四五六七八九]、", "", it)
        if not it.endswith(("。", "；", ";")):
            it += "。"
        out.lines.append((numerals[i] + "、" if len(items) > 1 else "") + it)


def sfzy_text(rec: dict[str, Any]) -> str:
    """CAIL2020 司法摘要: the sentences, one per line, in order."""
    return "\n".join(s["sentence"] for s in rec["text"])


def judge_text(rec: dict[str, Any]) -> str:
    """JuDGE: the full document `fd`, as published (paragraphs joined by single spaces)."""
    return rec["fd"]


def iter_source(real_dir: Path, source_file: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(record_key, record) for each record: JuDGE by text_id, sfzy by id, SimuCourt by line
    number (its 序号 restarts in each original file)."""
    path = real_dir / source_file
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            rec = json.loads(line)
            if source_file == JUDGE_FILE:
                yield rec["text_id"], rec
            elif source_file == SFZY_FILE:
                yield rec["id"], rec
            else:
                yield f"line:{lineno}", rec


def document_text(source_file: str, rec: dict[str, Any]) -> str:
    if source_file == JUDGE_FILE:
        return judge_text(rec)
    if source_file == SFZY_FILE:
        return sfzy_text(rec)
    if source_file == SIMUCOURT_FILE:
        return simucourt_text(rec)
    raise ValueError(f"unknown source file {source_file!r}; expected one of {SOURCE_FILES}")


def load_texts(real_dir: Path, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Texts for the wanted (source_file, record_key) pairs; missing keys are left out."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for sf, key in keys:
        wanted[sf].add(key)
    out: dict[tuple[str, str], str] = {}
    for sf, ks in wanted.items():
        for key, rec in iter_source(real_dir, sf):
            if key in ks:
                out[(sf, key)] = document_text(sf, rec)
    return out
