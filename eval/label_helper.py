"""Labelling helper for the extraction evaluation set (eval/labels.jsonl).

It is NOT the system under test and must not import courtqc.extract: its regexes are written
independently, are deliberately simple, and only *propose* values. Every proposal for a
field that no dataset supplies was then checked by reading the document, and wrong ones are
overridden by hand in eval/corrections.json. Dataset fields (SimuCourt outcome and metadata
fields, JuDGE `la`) are converted to the output contract here.

    python eval/label_helper.py select            # print the fixed sample (ids)
    python eval/label_helper.py show KEY [KEY…]   # the parts of a document to read + proposals
    python eval/label_helper.py build             # proposals + corrections → eval/labels.jsonl

Only the document *text* reconstruction is shared with the scorer
(real_texts.simucourt_text etc.), so that labels and the scored text agree.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from real_texts import (  # noqa: E402  (texts only; no extraction code)
    JUDGE_FILE,
    SFZY_FILE,
    SIMUCOURT_FILE,
    default_real_dir,
    document_text,
    iter_source,
    simucourt_doc_kind,
    simucourt_party_name,
    split_simucourt_parties,
)

LABELS = HERE / "labels.jsonl"
CORRECTIONS = HERE / "corrections.json"

# --- numerals (own code, independent of courtqc.domain) ------------------------------------

_D = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_U = {"十": 10, "百": 100, "千": 1000}


def cn_int(s: str) -> int:
    s = s.strip().replace(",", "").replace("，", "")
    if re.fullmatch(r"\d+", s):
        return int(s)
    total, section, num = 0, 0, 0
    for ch in s:
        if ch in _D:
            num = _D[ch]
        elif ch in _U:
            section += (num or 1) * _U[ch]
            num = 0
        elif ch == "万":
            total += (section + num) * 10000
            section, num = 0, 0
        elif ch == "亿":
            total += (section + num) * 100000000
            section, num = 0, 0
        else:
            raise ValueError(f"not a numeral: {s!r}")
    return total + section + num


def cn_date(s: str) -> str:
    """二〇一七年六月二十八日 / 2017年6月28日 → 2017-06-28."""
    m = re.fullmatch(r"\s*(\S{4})\s*年\s*(\S{1,3}?)\s*月\s*(\S{1,3}?)\s*日\s*", s)
    if not m:
        raise ValueError(s)
    y = m.group(1)
    year = int(y) if y.isdigit() else int("".join(str(_D[c]) for c in y))
    return f"{year:04d}-{cn_int(m.group(2)):02d}-{cn_int(m.group(3)):02d}"


def money(s: str) -> float:
    """人民币三万元 / 3,000元 / 1.5万元 → yuan."""
    s = s.replace("人民币", "").replace(",", "").replace("，", "").strip()
    s = s.removesuffix("元").removesuffix("整")
    if s.endswith("万") and re.fullmatch(r"[\d.]+万", s):
        return float(s[:-1]) * 10000
    if re.fullmatch(r"[\d.]+", s):
        return float(s)
    return float(cn_int(s))


_NUM = r"[零〇一二两三四五六七八九十百千万\d]+"


def months(s: str | None) -> int | None:
    """三年二个月 / 一年零二个月 / 七个月 → months."""
    if not s:
        return None
    s = s.replace("零", "")
    y = re.search(rf"({_NUM})年", s)
    m = re.search(rf"({_NUM})个?月", s)
    if not y and not m:
        return None
    return (cn_int(y.group(1)) * 12 if y else 0) + (cn_int(m.group(1)) if m else 0)


PENALTY = {
    "有期徒刑": "fixed_term",
    "拘役": "criminal_detention",
    "管制": "public_surveillance",
    "无期徒刑": "life",
    "死刑": "death",
}


def parse_sentence(text: str) -> dict[str, Any]:
    """Penalty, term, probation and fine from a sentence text (判处有期徒刑七个月，缓刑一年…)."""
    out: dict[str, Any] = {
        "penalty": None,
        "term_months": None,
        "probation_months": None,
        "fine_yuan": None,
    }
    m = re.search(rf"(有期徒刑|拘役|管制|无期徒刑|死刑)((?:{_NUM}年)?零?(?:{_NUM}个?月)?)", text)
    if m:
        out["penalty"] = PENALTY[m.group(1)]
        out["term_months"] = (
            months(m.group(2)) if m.group(1) in ("有期徒刑", "拘役", "管制") else None
        )
    elif "免予刑事处罚" in text:
        out["penalty"] = "exempt"
    elif "无罪" in text:
        out["penalty"] = "not_guilty"
    elif re.search(r"单处罚金|判处罚金", text):
        out["penalty"] = "fine_only"
    p = re.search(rf"缓刑((?:{_NUM}年)?零?(?:{_NUM}个?月)?)", text)
    if p:
        out["probation_months"] = months(p.group(1))
    f = re.search(r"罚金(人民币)?([\d,.]+万?元|[零〇一二两三四五六七八九十百千万]+元)", text)
    if f:
        out["fine_yuan"] = money(f.group(2))
    return out


# --- citations ---------------------------------------------------------------------------

_ART = re.compile(r"第?([零〇一二两三四五六七八九十百千\d]+)条(?:之[一二三四五六七八九])?")


def norm_law_name(s: str) -> str:
    s = re.sub(r"[《》\s]", "", s)
    s = s.replace("<", "〈").replace(">", "〉")
    if (
        s == "中华人民共和国共和国刑法"
    ):  # a typo in one SimuCourt source; the law is the Criminal Law
        s = "中华人民共和国刑法"
    return s


def parse_citations(clause: str) -> list[dict[str, Any]]:
    """《法》第X条第Y款、第Z条，《法2》第W条 … → [{law, article}] (deduplicated, in order).
    A bare 第三项 with no 条 is a fragment of the item before it and cites nothing new."""
    out: list[dict[str, Any]] = []
    for m in re.finditer(r"《([^》]+)》([^《]*)", clause):
        law = norm_law_name(m.group(1))
        for a in _ART.finditer(m.group(2)):
            item = {"law": law, "article": cn_int(a.group(1))}
            if item not in out:
                out.append(item)
    return out


def basis_clause(text: str) -> str:
    """The 依照/根据 … 之规定 clause just before 判决如下 / 裁定如下."""
    m = None
    for m in re.finditer(r"(判决|裁定)如下", text):  # noqa: B007  (the last one)
        pass
    if not m:
        return ""
    head = text[: m.start()]
    i = max(head.rfind("依照"), head.rfind("根据"), head.rfind("依据"))
    return head[i:] if i >= 0 else head[-300:]


# --- SimuCourt: labels from the dataset's own fields ------------------------------------------

FAMILY = {"刑事": "criminal", "民事": "civil", "行政": "administrative"}


def simucourt_labels(rec: dict[str, Any], text: str) -> tuple[dict, dict]:
    """Contract values from a SimuCourt record. The text it is scored on is rebuilt from
    the same record, so metadata present there is also present in the text."""
    fam = rec["类别"]
    second = rec["审理程序"] == "二审"
    L: dict[str, Any] = {}
    how: dict[str, str] = {}
    ds = "dataset:simucourt"

    def put(k: str, v: Any, h: str = ds) -> None:
        L[k] = v
        how[k] = h

    put("case_no", rec["案号"].strip())
    court = rec["法院"].strip()
    put("court", None if court == "无" else court)
    put("doc_kind", simucourt_doc_kind(rec), ds + "(案件名)")
    put("procedure", "second" if second else "first", ds + "(审理程序)")
    # The rebuilt text carries no signature block: no date, judges or clerk are in it.
    put("decision_date", None, ds + "(absent from text)")
    put("judges", [], ds + "(absent from text)")
    put("clerk", None, ds + "(absent from text)")

    parties: list[dict[str, str]] = []
    if not second:
        if fam == "刑事":
            put("prosecutor", rec["原告（公诉）"].strip())
            for n in split_simucourt_parties(rec["被告"]):
                parties.append({"role": "被告人", "name": simucourt_party_name(n)})
        else:
            put("prosecutor", None)
            for n in split_simucourt_parties(rec["原告（公诉）"]):
                parties.append({"role": "原告", "name": simucourt_party_name(n)})
            for n in split_simucourt_parties(rec["被告"]):
                parties.append({"role": "被告", "name": simucourt_party_name(n)})
    else:
        for n in split_simucourt_parties(rec["上诉人"]):
            parties.append({"role": "上诉人", "name": simucourt_party_name(n)})
        appellee = rec["被上诉人"].strip()
        if fam == "刑事":
            ok = re.fullmatch(r".+人民检察院(?:[^检]*分院)?", appellee)
            put("prosecutor", appellee if ok else None)
        else:
            put("prosecutor", None)
            for n in split_simucourt_parties(appellee):
                parties.append({"role": "被上诉人", "name": simucourt_party_name(n)})
    put("parties", parties, ds + "(原告/被告/上诉人/被上诉人)")

    cites: list[dict[str, Any]] = []
    for i in range(1, 12):
        v = rec.get(f"引用法律条文{i}", "无").strip()
        if v != "无":
            for c in parse_citations(v):
                if c not in cites:
                    cites.append(c)
    put("cited_articles", cites, ds + "(引用法律条文1-11)")

    if fam == "刑事":
        name_field = "上诉人" if second else "被告"
        names = [simucourt_party_name(n) for n in split_simucourt_parties(rec[name_field])]
        charge_text = rec["刑事_罪名"].strip()
        if charge_text == "无":
            defs = []
        else:
            d: dict[str, Any] = {"name": names[0] if names else None}
            m = re.search(
                r"犯?(.+?)罪?$", re.sub(r"^(被告人|上诉人)[^犯]{0,6}?(?=犯)", "", charge_text)
            )
            if "无罪" in charge_text:
                d["charges"] = []
                d.update(
                    {
                        "penalty": "not_guilty",
                        "term_months": None,
                        "probation_months": None,
                        "fine_yuan": None,
                    }
                )
            else:
                body = charge_text
                body = re.sub(r"^(被告人|上诉人)", "", body)
                body = body[body.find("犯") + 1 :] if "犯" in body[:8] else body
                d["charges"] = [c.removesuffix("罪") for c in re.split(r"罪、", body.rstrip("。"))]
                sent = parse_sentence(rec["刑事_刑期"] + "，" + rec["刑事_罚金"])
                d.update(sent)
            assert m or d["charges"] == []
            defs = [d]
        put("defendants", defs, ds + "(刑事_罪名/刑期/罚金)")
        put("main_text_items", [], "read")
    else:
        # Civil and administrative main texts: money items read from 民事/行政结果1-3.
        prefix = "民事结果" if fam == "民事" else "行政结果"
        results = "\n".join(rec[f"{prefix}{i}"] for i in (1, 2, 3) if rec[f"{prefix}{i}"] != "无")
        put("main_text_items", propose_money_items(results, [p["name"] for p in parties]), "read")
        cause = rec["案由"].strip()
        if cause and cause != "无":
            in_text = cause in text or cause.removesuffix("纠纷") in text
            if in_text:
                put("cause", cause, ds + "(案由, found in text)")
    return L, how


# --- full texts: regex proposals, to be checked by reading ----------------------------------

_KIND = re.compile(
    r"((?:刑\s*事\s*附\s*带\s*民\s*事|刑\s*事|民\s*事|行\s*政)?\s*(?:判\s*决\s*书|裁\s*定\s*书|调\s*解\s*书))"
)
_CASE = re.compile(
    r"([(（〔\[［]\s*\d{4}\s*[)）〕\]］][^\s，。,]{1,24}?号(?:之[一二三四五六七八九])?|[^\s，。()（）]{1,12}字第?\d+号)"
)
_CNDATE = re.compile(
    r"([二〇○零一三四五六七八九Ｏ]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)"
)
# A name is 2-5 characters written together, or single characters spaced out (文　英　玲).
_NAME = (
    r"((?:[\u4e00-\u9fa5][ \u3000]+){1,3}[\u4e00-\u9fa5](?![\u4e00-\u9fa5])|[\u4e00-\u9fa5·×]{2,5})"
)
_JUDGE = re.compile(
    r"(审\s*判\s*长|代\s*理\s*审\s*判\s*员|助\s*理\s*审\s*判\s*员|审\s*判\s*员|人\s*民\s*陪\s*审\s*员|陪\s*审\s*员)[\s:：]*"
    + _NAME
)
_CLERK = re.compile(r"书\s*记\s*员[\s:：]*" + _NAME)


def _squash(s: str) -> str:
    return re.sub(r"[\s\u3000]+", "", s)


def tail_region(text: str) -> str:
    """From the last appeal notice / 本判决为终审判决 to the appended statutes."""
    end = len(text)
    for cue in ("附：", "附:", "附相关", "附本案", "附法律", "附件", "相关法律条文", "附录"):
        i = text.rfind(cue)
        if i > len(text) * 0.5:
            end = min(end, i)
    body = text[:end]
    start = max(body.rfind("上诉"), body.rfind("终审判决"), body.rfind("判决如下"))
    return body[max(start, 0) :]


def propose_full(text: str, family: str) -> dict[str, Any]:
    L: dict[str, Any] = {}
    head = text[:600]
    # The kind that follows the court name; a title line before it may carry a kind too.
    km = None
    for km in _KIND.finditer(head):
        if re.search(r"法\s*院\s*$", head[: km.start()]):
            break
    L["doc_kind"] = _squash(km.group(1)) if km else None
    if km:
        before = head[: km.start()]
        cm = re.search(r"([\u4e00-\u9fa5（）()]{2,40}?法\s*院)\s*$", before)
        cm2 = re.search(r"(?:^|[\s书])([^\s书]{2,40}?法\s*院)\s*$", before)
        L["court"] = _squash((cm2 or cm).group(1)) if (cm2 or cm) else None
        case = _CASE.search(head, km.end())
    else:
        L["court"] = None
        case = _CASE.search(head)
    L["case_no"] = _squash(case.group(1)) if case else None
    cn = L["case_no"] or ""
    typ = re.sub(r"^[(（〔\[［]\d{4}[)）〕\]］]", "", cn)
    L["procedure"] = (
        "retrial" if "再" in typ else "second" if "终" in typ else "first" if "初" in typ else None
    )

    tail = tail_region(text)
    dates = _CNDATE.findall(tail)
    L["decision_date"] = cn_date(_squash(dates[-1])) if dates else None
    L["judges"] = [{"role": _squash(r), "name": _squash(n)} for r, n in _JUDGE.findall(tail)]
    clerks = _CLERK.findall(tail)
    L["clerk"] = _squash(clerks[0]) if clerks else None

    main = main_text(text)
    if family == "criminal":
        pm = re.search(
            r"(?:原公诉机关|公诉机关|抗诉机关)[:：]?\s*([\u4e00-\u9fa5]+?人民检察院(?:[\u4e00-\u9fa5]*?分院)?)",
            text[:1500],
        )
        L["prosecutor"] = pm.group(1) if pm else None
        L["parties"] = criminal_parties(text)
        L["defendants"] = criminal_defendants(main, [p["name"] for p in L["parties"]])
    else:
        L["prosecutor"] = None
        L["parties"] = civil_parties(text)
        L["main_text_items"] = propose_money_items(main, [p["name"] for p in L["parties"]])
        cm = re.search(r"(?:纠纷|争议)一案", text)
        cm = re.search(r"([^\s，、与诉]{2,20}?(?:纠纷|争议))一案", text)
        L["cause"] = cm.group(1) if cm else None
    L["cited_articles"] = parse_citations(basis_clause(text))
    return L


def main_text(text: str) -> str:
    m = None
    for m in re.finditer(r"(判决|裁定)如下[:：]?", text):  # noqa: B007  (the last one)
        pass
    if not m:
        return ""
    rest = text[m.end() :]
    end = len(rest)
    for cue in (
        "如不服本判决",
        "如不服本裁定",
        "本判决为终审判决",
        "本裁定为终审裁定",
        "审判长",
        "审判员",
        "审 判 长",
        "审 判 员",
    ):
        i = rest.find(cue)
        if i >= 0:
            end = min(end, i)
    return rest[:end]


_ROLE_HEAD = r"(上诉人（原审被告人）|上诉人\(原审被告人\)|原审被告人|被告人)"


def header_region(text: str) -> str:
    """From the start to the sentence that opens the procedural history (…一案，本院…)."""
    # Start after the case number: a title line before the court may itself say 一案.
    cm = _CASE.search(text[:600])
    start = cm.end() if cm else 0
    m = re.compile(
        r"(检察院以|检察院指控|公诉机关指控|一案|提起公诉|本院受理|诉至本院|向本院提起|不服.{0,40}判决)"
    ).search(text, start)
    end = m.start() if m else 1500
    cut = max(text.rfind(c, 0, end) for c in ("\n", " ", "。"))
    return text[: cut if cut > 0 else end]


def criminal_parties(text: str) -> list[dict[str, str]]:
    head = header_region(text)
    out = []
    for m in re.finditer(
        _ROLE_HEAD + r"(?:自报|：|:)?([\u4e00-\u9fa5×X\d]{1,5}?)(?=[，,。（(\s]|$)", head
    ):
        role = "上诉人" if m.group(1).startswith("上诉人") else m.group(1)
        item = {"role": role, "name": m.group(2)}
        if item not in out:
            out.append(item)
    return out


def civil_parties(text: str) -> list[dict[str, str]]:
    head = header_region(text)
    out = []
    for m in re.finditer(
        r"(?:^|\n|\s|。)((?:上诉人|被上诉人|原审原告|原审被告|原审第三人|原告|被告|第三人)(?:（[^）]*）)?)[:：]?\s*([^，,。\n（(：:]{2,40}?)(?=[，,。\n（(]|男|女|$)",
        head,
    ):
        role = re.sub(r"（.*?）", "", m.group(1))
        item = {"role": role, "name": m.group(2).strip()}
        if item not in out:
            out.append(item)
    return out


def own_items(main: str) -> str:
    """The main text without items that uphold or quash the judgment below (维持…/撤销…),
    which recite the earlier sentence."""
    items = re.split(r"(?:(?<=^)|(?<=[\s。；;]))(?=[一二三四五六七八九十]、)", main)
    return "".join(
        i for i in items if not re.match(r"[一二三四五六七八九十]、\s*(维持|撤销|驳回)", i)
    )


def criminal_defendants(main: str, names: list[str]) -> list[dict[str, Any]]:
    out = []
    main = own_items(main)
    for m in re.finditer(
        r"(?:被告人|上诉人|原审被告人)(?:（原审被告人）)?([\u4e00-\u9fa5×X\d]{1,5}?)犯(?!罪)(.+?)(?=(?:被告人|上诉人|原审被告人)[\u4e00-\u9fa5×X\d]{1,5}?犯(?!罪)|$)",
        main,
        re.S,
    ):
        name, body = m.group(1), m.group(2)
        charges = re.findall(r"犯([\u4e00-\u9fa5、]{2,30}?)罪", "犯" + body)
        exec_part = body.split("决定执行")[-1] if "决定执行" in body else body
        d = {"name": name, "charges": charges}
        d.update(parse_sentence(exec_part))
        if d["fine_yuan"] is None and "决定执行" in body:
            d["fine_yuan"] = parse_sentence(body)["fine_yuan"]
        out.append(d)
    return out


def propose_money_items(main: str, names: list[str] | None = None) -> list[dict[str, Any]]:
    """被告X…支付/偿还/赔偿/返还…原告Y…N元 — a first guess to be checked by reading.
    Costs (受理费…), fines and confiscation are left out; a 共计/合计 total after its parts is
    not an item of its own. The payer is the parties named before the paying verb."""
    out = []
    names = sorted(set(names or []), key=len, reverse=True)
    for clause in re.split(r"[；;。\n]|[一二三四五六七八九十]、", own_items(main)):
        if re.search(r"受理费|诉讼费|保全费|公告费|申请费|罚金|没收|追缴", clause):
            continue
        verb = re.search(r"支付|偿还|给付|赔偿|返还|退还|退赔|归还|补偿|偿付|清偿", clause)
        payer = None
        if verb:
            before = re.split(r"向", clause[: verb.start()])[0]
            found = [n for n in names if n in before]
            found = [n for n in found if not any(n != m and n in m for m in found)]
            found.sort(key=before.find)
            payer = "、".join(found) or None
        seen_amount = False
        for a in re.finditer(
            r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*(万)?元|人民币([零〇一二两三四五六七八九十百千万]+)元(?:([一二三四五六七八九])角)?",
            clause,
        ):
            before = clause[: a.start()]
            if re.search(r"(以|为基数|基数)[^，,]*$", before) or re.search(r"以$", before):
                continue
            if seen_amount and re.search(r"(共计|合计|总计|本息合计)[^，,\d]{0,6}$", before):
                continue
            if a.group(3):
                amt = cn_int(a.group(3)) + (cn_int(a.group(4)) / 10 if a.group(4) else 0)
            else:
                amt = float(a.group(1).replace(",", "")) * (10000 if a.group(2) else 1)
            seen_amount = True
            out.append({"payer": payer, "payee": None, "amount_yuan": amt})
    return out


# --- the fixed sample --------------------------------------------------------------------------


def _judge_features(fd: str) -> dict[str, Any]:
    head = fd[:400]
    case = _CASE.search(head)
    cn = case.group(1) if case else ""
    return {
        "second": "终" in cn,
        "retrial": "再" in cn,
        "old": "字" in cn or not re.match(r"[(（]", cn),
        "no_year": bool(cn) and not re.match(r"[(（〔\[［]", cn),
        "title": not re.match(r"^\S*法院", fd),
        "appended": bool(re.search(r"附[:：]?\s*(本案)?相关|附[:：]\s*(本判决|法律)|附本判决", fd)),
        "multi": len(_header_defendants(fd)) > 1,
    }


def _header_defendants(fd: str) -> set[str]:
    """Defendants named before the procedural history: frozen with the sample (the
    proposers above were refined later and must not change which documents are drawn)."""
    stops = [
        m.start()
        for m in re.finditer(
            r"(检察院以|检察院指控|公诉机关指控|审理.{0,30}一案|提起公诉|本院受理|诉至本院|向本院提起)",
            fd,
        )
    ]
    head = fd[: min(stops) if stops else 1500]
    return {
        m.group(2)
        for m in re.finditer(
            _ROLE_HEAD + r"(?:自报|：|:)?([\u4e00-\u9fa5×X\d]{1,5}?)(?=[，,。（(\s]|$)", head
        )
    }


def select() -> list[tuple[str, str, str, str]]:
    """(source_file, record_key, family, instance), fixed by the seeds below."""
    real = default_real_dir()
    rng = random.Random(20240604)
    chosen: list[tuple[str, str, str, str]] = []

    judge = list(iter_source(real, JUDGE_FILE))
    feats = {k: _judge_features(r["fd"]) for k, r in judge}
    keys = [k for k, _ in judge]
    picked: list[str] = []

    def take(pred, n):
        pool = [k for k in keys if pred(feats[k]) and k not in picked]
        picked.extend(rng.sample(pool, min(n, len(pool))))

    take(lambda f: f["second"] or f["retrial"], 10)
    take(lambda f: f["old"], 8)
    take(lambda f: f["title"], 8)
    take(lambda f: f["appended"], 7)
    take(lambda f: f["multi"], 6)
    take(lambda f: True, 45 - len(picked))
    # The issue names the one case number without a year (格刑初字第117号): always in.
    picked += [k for k in keys if feats[k]["no_year"] and k not in picked]
    for k in picked:
        f = feats[k]
        inst = "retrial" if f["retrial"] else "second" if f["second"] else "first"
        chosen.append((JUDGE_FILE, k, "criminal", inst))

    simu = list(iter_source(real, SIMUCOURT_FILE))
    groups: dict[tuple[str, str], list[str]] = {}
    for k, r in simu:
        groups.setdefault((r["类别"], r["审理程序"]), []).append(k)
    quota = {("刑事", "一审"): 8, ("刑事", "二审"): 7, ("民事", "一审"): 20, ("民事", "二审"): 20}
    for (fam, proc), ks in sorted(groups.items()):
        n = quota.get((fam, proc), len(ks))  # administrative: all of them
        for k in sorted(rng.sample(ks, min(n, len(ks))), key=lambda s: int(s.split(":")[1])):
            chosen.append((SIMUCOURT_FILE, k, FAMILY[fam], "second" if proc == "二审" else "first"))

    for k, _ in iter_source(real, SFZY_FILE):
        chosen.append((SFZY_FILE, k, "civil", "first"))
    return chosen


# --- build ------------------------------------------------------------------------------------


def records_by_key() -> dict[tuple[str, str], dict]:
    real = default_real_dir()
    out = {}
    for sf in (JUDGE_FILE, SIMUCOURT_FILE, SFZY_FILE):
        for k, r in iter_source(real, sf):
            out[(sf, k)] = r
    return out


def propose(sf: str, key: str, family: str, rec: dict) -> tuple[dict, dict]:
    text = document_text(sf, rec)
    if sf == SIMUCOURT_FILE:
        return simucourt_labels(rec, text)
    L = propose_full(text, family)
    how = {k: "read" for k in L}
    if sf == JUDGE_FILE:
        # JuDGE `la` lists the Criminal Law articles cited; other laws were read from the text.
        la = [{"law": "中华人民共和国刑法", "article": int(a)} for a in rec["la"]]
        others = [c for c in L["cited_articles"] if c["law"] != "中华人民共和国刑法"]
        L["cited_articles"] = la + others
        how["cited_articles"] = "dataset:judge.la+read"
        L.setdefault(
            "main_text_items",
            propose_money_items(main_text(text), [p["name"] for p in L["parties"]]),
        )
        how["main_text_items"] = "read"
    if family != "criminal":
        L.setdefault("cause", None)
        how.setdefault("cause", "read")
    return L, how


def build() -> None:
    recs = records_by_key()
    corrections = (
        json.loads(CORRECTIONS.read_text(encoding="utf-8")) if CORRECTIONS.exists() else {}
    )
    sample = select()
    if LABELS.exists():
        before = {
            tuple(json.loads(x)[k] for k in ("source_file", "record_key"))
            for x in LABELS.read_text(encoding="utf-8").splitlines()
            if x.strip()
        }
        if not before <= {(sf, k) for sf, k, _, _ in sample}:
            raise SystemExit("the drawn sample differs from eval/labels.jsonl: refusing to relabel")
    lines = []
    for sf, key, fam, inst in sample:
        L, how = propose(sf, key, fam, recs[(sf, key)])
        fix = corrections.get(f"{sf}:{key}", {})
        for k, v in fix.items():
            if k.startswith("_"):
                continue
            if v == "__unlabelled__":
                L.pop(k, None)
                how.pop(k, None)
                continue
            L[k] = v
            how[k] = (
                "read:corrected"
                if how.get(k, "read").startswith("read")
                else how[k] + "+read:corrected"
            )
        lines.append(
            json.dumps(
                {
                    "source_file": sf,
                    "record_key": key,
                    "family": fam,
                    "instance": inst,
                    "labels": L,
                    "how": how,
                },
                ensure_ascii=False,
            )
        )
    LABELS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} labelled documents to {LABELS}")


def show(key: str) -> None:
    """Print the parts of a document a labeller reads, and the proposals."""
    recs = records_by_key()
    sel = {f"{sf}:{k}": (sf, k, fam, inst) for sf, k, fam, inst in select()}
    full = next(s for s in sel if s.endswith(key) or s.split(":", 1)[1].startswith(key))
    sf, k, fam, inst = sel[full]
    rec = recs[(sf, k)]
    text = document_text(sf, rec)
    L, _ = propose(sf, k, fam, rec)
    print(f"##### {full}  [{fam}/{inst}]")
    print("HEAD:", header_region(text)[:700].replace("\n", " / "))
    print("BASIS:", basis_clause(text)[-400:].replace("\n", " / "))
    print("MAIN:", main_text(text)[:1500].replace("\n", " / "))
    print("TAIL:", tail_region(text)[-400:].replace("\n", " / "))
    if sf == JUDGE_FILE:
        basis = {
            c["article"]
            for c in parse_citations(basis_clause(text))
            if c["law"] == "中华人民共和国刑法"
        }
        la = set(rec["la"])
        if basis != la:
            print(f"LA≠BASIS: la-only {sorted(la - basis)} basis-only {sorted(basis - la)}")
    for k, v in L.items():
        print(f"  {k}: {json.dumps(v, ensure_ascii=False)}")


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "build"
    if cmd == "select":
        for row in select():
            print("\t".join(row))
    elif cmd == "show":
        for key in sys.argv[2:]:
            show(key)
    elif cmd == "build":
        build()
    else:
        raise SystemExit(__doc__)
