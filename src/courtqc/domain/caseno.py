"""Case numbers (案号): parsing, canonical formatting, finding them in text, and type codes.

Since 2016-01-01 a case number is ``（收案年度）法院代字 + 类型代字 + 案件编号 + 号``, e.g.
（2024）沪0115民初1234号; since the 2018 revision a one-character specialist code (专门审判代字,
e.g. 知 for IP) may stand between the court code and the type code: （2019）沪73知民初12号.
Follow-up rulings in the same case append 之一, 之二 ... (docs/DOMAIN.md §2.1).

Older numbers put a court abbreviation of the court's own choosing before the type code and
write 字第 before the sequence: （2015）沪一中民保字第7号之一, （2014）民一终字第174号 (SPC,
no court part), 刑二初字, 刑速初字, and a few omit the year (格刑初字第117号). These are
parsed with ``old_style=True``; their court part cannot be mapped to a court code without a
court-by-court table, so it is kept as written.

Real documents also bring half-width brackets, 〔〕, full-width digits, zero-padded
sequence numbers (字第00034号) and the odd missing bracket; the parser accepts all of them
and :class:`CaseNumber` prints the canonical form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from courtqc.domain.cnnum import CnNumberError, cn_to_int, int_to_cn, to_halfwidth

__all__ = [
    "PROVINCE_CODES",
    "TYPE_CODES",
    "CaseNumber",
    "CaseNumberError",
    "TypeCode",
    "find_case_numbers",
    "format_case_no",
    "parse_case_no",
    "type_code_info",
]


class CaseNumberError(ValueError):
    """A case number that cannot be read; the message says which part is wrong."""


@dataclass(frozen=True, slots=True)
class TypeCode:
    code: str
    family: str  # criminal | civil | administrative | enforcement | bankruptcy | state_compensation | ip | commercial
    procedure: str  # first | second | retrial | retrial_review | enforcement | bankruptcy | special | preservation | other
    meaning_zh: str


def _t(code: str, family: str, procedure: str, meaning: str) -> tuple[str, TypeCode]:
    return code, TypeCode(code, family, procedure, meaning)


# docs/DOMAIN.md §2.2. Procedure follows the schema's cases.procedure values; jurisdiction,
# objection and coordination matters are "other" because they are not a trial of the merits.
TYPE_CODES: dict[str, TypeCode] = dict(
    [
        _t("民初", "civil", "first", "民事一审"),
        _t("民终", "civil", "second", "民事二审"),
        _t("民申", "civil", "retrial_review", "民事申请再审审查"),
        _t("民再", "civil", "retrial", "民事再审"),
        _t("民监", "civil", "retrial_review", "民事依职权再审审查"),
        _t("民抗", "civil", "retrial_review", "民事抗诉再审审查"),
        _t("民辖", "civil", "other", "民事管辖"),
        _t("民辖终", "civil", "other", "民事管辖上诉"),
        _t("民辖监", "civil", "other", "民事管辖监督"),
        _t("民撤", "civil", "first", "第三人撤销之诉"),
        _t("民特", "civil", "special", "民事特别程序"),
        _t("民特监", "civil", "retrial_review", "民事特别程序监督"),
        _t("民督", "civil", "special", "申请支付令"),
        _t("民督监", "civil", "retrial_review", "支付令监督"),
        _t("民催", "civil", "special", "公示催告"),
        _t("民破", "bankruptcy", "bankruptcy", "破产（2016-08-01前的代字）"),
        _t("民算", "bankruptcy", "bankruptcy", "强制清算（2016-08-01前的代字）"),
        _t("民他", "civil", "other", "其他民事"),
        _t("民诉前调", "civil", "other", "诉前调解"),
        _t("诉前调确", "civil", "special", "诉前调解司法确认"),
        _t("诉前调书", "civil", "other", "诉前调解出具调解书"),
        _t("刑初", "criminal", "first", "刑事一审"),
        _t("刑终", "criminal", "second", "刑事二审"),
        _t("刑申", "criminal", "retrial_review", "刑事申诉审查"),
        _t("刑再", "criminal", "retrial", "刑事再审"),
        _t("刑监", "criminal", "retrial_review", "刑事依职权再审审查"),
        _t("刑抗", "criminal", "retrial_review", "刑事抗诉再审审查"),
        _t("刑更", "criminal", "other", "减刑、假释"),
        _t("刑核", "criminal", "other", "刑事复核"),
        _t("行初", "administrative", "first", "行政一审"),
        _t("行终", "administrative", "second", "行政二审"),
        _t("行申", "administrative", "retrial_review", "行政申请再审审查"),
        _t("行再", "administrative", "retrial", "行政再审"),
        _t("行审", "administrative", "other", "非诉行政行为执行审查"),
        _t("行赔初", "administrative", "first", "行政赔偿一审"),
        _t("行赔终", "administrative", "second", "行政赔偿二审"),
        _t("行保", "civil", "preservation", "行为保全"),
        _t("行保复", "civil", "preservation", "行为保全复议"),
        _t("证保", "civil", "preservation", "证据保全"),
        _t("财保", "civil", "preservation", "非诉财产保全审查"),
        _t("赔初", "state_compensation", "first", "国家赔偿"),
        _t("法赔", "state_compensation", "other", "法院作为赔偿义务机关的国家赔偿"),
        _t("委赔", "state_compensation", "other", "赔偿委员会审理的国家赔偿"),
        _t("司救民", "state_compensation", "other", "民事司法救助"),
        _t("司救刑", "state_compensation", "other", "刑事司法救助"),
        _t("执", "enforcement", "enforcement", "首次执行"),
        _t("执恢", "enforcement", "enforcement", "恢复执行"),
        _t("执保", "enforcement", "preservation", "财产保全执行"),
        _t("执异", "enforcement", "other", "执行异议"),
        _t("执复", "enforcement", "other", "执行复议"),
        _t("执监", "enforcement", "other", "执行监督"),
        _t("执协", "enforcement", "other", "执行协调"),
        _t("执他", "enforcement", "other", "其他执行"),
        _t("清申", "bankruptcy", "bankruptcy", "强制清算申请审查"),
        _t("破申", "bankruptcy", "bankruptcy", "破产申请审查"),
        _t("清终", "bankruptcy", "second", "强制清算上诉"),
        _t("破终", "bankruptcy", "second", "破产上诉"),
        _t("清监", "bankruptcy", "retrial_review", "强制清算监督"),
        _t("破监", "bankruptcy", "retrial_review", "破产监督"),
        _t("强清", "bankruptcy", "bankruptcy", "强制清算"),
        _t("破", "bankruptcy", "bankruptcy", "破产"),
        _t("协外认", "civil", "special", "承认和执行外国法院判决、仲裁裁决"),
        _t("认台", "civil", "special", "认可和执行台湾地区法院判决、仲裁裁决"),
        _t("认港", "civil", "special", "认可和执行香港特区法院判决、仲裁裁决"),
        _t("认澳", "civil", "special", "认可和执行澳门特区法院判决、仲裁裁决"),
    ]
)

# 专门审判代字 (2018 rule). Only 知 is confirmed (docs/DOMAIN.md §2.2); any other single
# character standing before a known type code is also read as one.
SPECIALIST_FAMILIES: dict[str, str] = {"知": "ip"}

PROVINCE_CODES = frozenset("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋内陕吉闽黔粤青藏川宁琼兵军")
_TYPE_START = frozenset(code[0] for code in TYPE_CODES)

_FAMILY_CHARS = {
    "刑": "criminal",
    "民": "civil",
    "行": "administrative",
    "执": "enforcement",
    "赔": "state_compensation",
    "破": "bankruptcy",
    "清": "bankruptcy",
    "算": "bankruptcy",
    "商": "commercial",
}
_PROCEDURE_ENDINGS = {
    "初": "first",
    "重": "first",  # 重审: a new first-instance trial after remand
    "终": "second",
    "申": "retrial_review",
    "监": "retrial_review",
    "抗": "retrial_review",
    "保": "preservation",
    "特": "special",
    "督": "special",
    "催": "special",
}


def type_code_info(code: str) -> TypeCode:
    """What a type code means. Codes outside the table (old-style 刑二初, 刑速初, 民一终,
    少刑初 ...) are read from their characters: the family from the first of 刑/民/行/执/赔/破
    (知 makes it IP, 商 commercial) and the procedure from the last character (初 first,
    终 second, 再 retrial ...). CaseNumberError if it names no family."""
    known = TYPE_CODES.get(code)
    if known is not None:
        return known
    plain = code.replace("（", "").replace("）", "").replace("(", "").replace(")", "")
    family = next((_FAMILY_CHARS[c] for c in plain if c in _FAMILY_CHARS), None)
    if family is None:
        raise CaseNumberError(f"无法识别的类型代字 {code!r} (unknown case type code)")
    if "知" in plain:
        family = "ip"
    elif "商" in plain and family == "civil":
        family = "commercial"
    if "再" in plain and not plain.endswith("申"):
        procedure = "retrial"
    elif plain[-1] in _PROCEDURE_ENDINGS:
        procedure = _PROCEDURE_ENDINGS[plain[-1]]
    elif family == "enforcement":
        procedure = "enforcement"
    elif family == "bankruptcy":
        procedure = "bankruptcy"
    else:
        procedure = "other"
    return TypeCode(code, family, procedure, f"类型代字（按字面推定）{code}")


@dataclass(frozen=True, slots=True)
class CaseNumber:
    year: int | None
    court_code: str  # 沪0115 (new style); the court abbreviation as written (old style)
    specialist: str | None  # 专门审判代字, e.g. 知
    type_code: str  # 民初, 刑终, 执恢 ...; old style as written: 刑二初, 民保
    seq: int
    suffix: int | None = None  # N of 之N
    old_style: bool = False  # written with 字第 (before 2016)

    def __str__(self) -> str:
        year = f"（{self.year}）" if self.year is not None else ""
        suffix = f"之{int_to_cn(self.suffix)}" if self.suffix is not None else ""
        if self.old_style:
            return f"{year}{self.court_code}{self.type_code}字第{self.seq}号{suffix}"
        return f"{year}{self.court_code}{self.specialist or ''}{self.type_code}{self.seq}号{suffix}"

    @property
    def type_info(self) -> TypeCode:
        return type_code_info(self.type_code)

    @property
    def family(self) -> str:
        """Case family: the specialist code's (知 → ip) where it has one, else the type code's."""
        if self.specialist in SPECIALIST_FAMILIES:
            return SPECIALIST_FAMILIES[self.specialist]
        return self.type_info.family

    @property
    def procedure(self) -> str:
        return self.type_info.procedure


_OPEN = "([〔【"
_CLOSE = ")]〕】"
_CJK = r"\u4e00-\u9fff"
# Matches on to_halfwidth(text), which keeps every character's position.
_CORE = (
    rf"(?P<prefix>[{_CJK}()]{{1,16}}?(?:\d{{2}}|\d{{4}})?[{_CJK}()]{{0,10}}?)"
    r"\s*(?P<zi>字)?\s*第?\s*(?P<seq>\d{1,10})\s*号"
    rf"(?:之(?P<suffix>[一二三四五六七八九十]+|\d+))?"
)
_WITH_YEAR = re.compile(
    rf"(?P<open>[{re.escape(_OPEN)}])?\s*(?P<year>(?:19|20)\d{{2}})\s*(?P<close>[{re.escape(_CLOSE)}])?\s*"
    + _CORE
)
_WITHOUT_YEAR = re.compile(_CORE)
_NEW_COURT = re.compile(
    rf"^(?:最高法|[{''.join(sorted(PROVINCE_CODES))}])(?P<digits>\d{{4}}|\d{{2}})?"
)
# Old-style type codes: optional specialist/juvenile mark, one family character, optional
# 附民 / 赔, optional tribunal number, optional (知)/(商) tribunal mark, optional speed or
# review mark, optional procedure character.
_OLD_TYPE = re.compile(
    r"^(?:知|少|未)?(?:刑|民|行|执|赔|破|商)(?:附民|赔)?[一二三四五六七八九十]?"
    r"(?:[(（](?:知|商|民|刑|海|少)[)）])?(?:速|再|重|提|附|外|公|自)?"
    r"(?:初|终|再|申|监|抗|保|更|核|复|他|辖|特|督|催|恢|异|协|清|算|重|破)?$"
)


def _full_brackets(s: str) -> str:
    return s.replace("(", "（").replace(")", "）")


def _split_prefix(prefix: str, old_style: bool, original: str) -> tuple[str, str | None, str]:
    """Court code, specialist code and type code of the part between year and sequence."""
    m = _NEW_COURT.match(prefix)
    if m and (m["digits"] or not old_style or prefix.startswith("最高法")):
        court, rest = m.group(0), prefix[m.end() :]
        if not rest:
            raise CaseNumberError(
                f"案号缺少类型代字 (no case type code after court {court!r}): {original!r}"
            )
        if not re.fullmatch(rf"[{_CJK}]+", rest):
            raise CaseNumberError(f"案号的类型代字无法识别 {rest!r} (bad type code): {original!r}")
        specialist = None
        if (
            len(rest) >= 2
            and rest[0] not in _TYPE_START
            and (rest[0] in SPECIALIST_FAMILIES or rest[1:] in TYPE_CODES)
        ):
            specialist, rest = rest[0], rest[1:]
        return court, specialist, rest
    if not old_style:
        raise CaseNumberError(
            f"案号的法院代字无法识别 {prefix!r}：应以省级简称开头，如 沪0115 (unknown court code): {original!r}"
        )
    # Old style: the court abbreviation is whatever precedes the first split point whose
    # remainder reads as a type code (民一终 has none: the SPC wrote no court part).
    for p in range(len(prefix)):
        if _OLD_TYPE.match(prefix[p:]):
            return _full_brackets(prefix[:p]), None, _full_brackets(prefix[p:])
    raise CaseNumberError(
        f"旧式案号的类型代字无法识别 {prefix!r} (no case type code): {original!r}"
    )


def _build(m: re.Match[str], original: str) -> CaseNumber:
    year = int(m["year"]) if "year" in m.re.groupindex and m["year"] else None
    old_style = bool(m["zi"])
    court, specialist, type_code = _split_prefix(m["prefix"], old_style, original)
    seq = int(m["seq"])
    if seq < 1:
        raise CaseNumberError(f"案件编号必须大于0 (sequence number must be positive): {original!r}")
    suffix = None
    if m["suffix"]:
        try:
            suffix = cn_to_int(m["suffix"])
        except CnNumberError:
            raise CaseNumberError(f"之N 后缀无法识别 (bad 之N suffix): {original!r}") from None
    return CaseNumber(year, court, specialist, type_code, seq, suffix, old_style)


def parse_case_no(text: str) -> CaseNumber:
    """Parse one case number (the whole string, surrounding spaces allowed)."""
    if not isinstance(text, str):
        raise CaseNumberError(f"案号必须是字符串 (case number must be a string): {text!r}")
    norm = to_halfwidth(text).strip()
    if not norm:
        raise CaseNumberError("案号为空 (empty case number)")
    m = _WITH_YEAR.fullmatch(norm)
    if m is None:
        m = _WITHOUT_YEAR.fullmatch(norm)
        if m is None:
            raise CaseNumberError(_diagnose(norm, text))
        if not m["zi"]:
            raise CaseNumberError(f"案号缺少收案年度，如（2024）(no year in brackets): {text!r}")
    return _build(m, text)


def _diagnose(norm: str, original: str) -> str:
    if not norm.endswith("号") and "号之" not in norm:
        return f"案号应以“号”结尾 (a case number ends with 号): {original!r}"
    if not re.search(r"\d", norm):
        return f"案号缺少案件编号 (no sequence number): {original!r}"
    if re.match(rf"^[{re.escape(_OPEN)}]\s*\d{{1,3}}\s*[{re.escape(_CLOSE)}]", norm) or re.match(
        rf"^[{re.escape(_OPEN)}]\s*\d{{5,}}", norm
    ):
        return f"收案年度应为四位年份 (year must have 4 digits): {original!r}"
    return f"无法识别的案号格式，应如（2024）沪0115民初1234号 (not a case number): {original!r}"


def format_case_no(
    year: int,
    court_code: str,
    type_code: str,
    seq: int,
    specialist: str | None = None,
    suffix: int | None = None,
) -> str:
    """The canonical new-style form: （2024）沪0115民初1234号, （2019）沪73知民初12号,
    （2018）沪01民初937号之三."""
    if not 1949 <= year <= 2099:
        raise CaseNumberError(f"收案年度超出范围 (year out of range): {year}")
    m = _NEW_COURT.fullmatch(court_code)
    if not m:
        raise CaseNumberError(f"法院代字无法识别 (court code like 沪0115): {court_code!r}")
    if not type_code or not re.fullmatch(rf"[{_CJK}]+", type_code):
        raise CaseNumberError(f"类型代字无法识别 (type code like 民初): {type_code!r}")
    if specialist is not None and (
        len(specialist) != 1 or not re.fullmatch(rf"[{_CJK}]", specialist)
    ):
        raise CaseNumberError(f"专门审判代字应为一个汉字 (specialist code): {specialist!r}")
    if seq < 1:
        raise CaseNumberError(f"案件编号必须大于0 (sequence number): {seq}")
    if suffix is not None and suffix < 1:
        raise CaseNumberError(f"之N 后缀必须大于0 (suffix): {suffix}")
    return str(CaseNumber(year, court_code, specialist, type_code, seq, suffix, False))


def find_case_numbers(text: str) -> list[tuple[CaseNumber, int, int]]:
    """Every case number in a text with its [start, end) span, in order of appearance.
    Candidates that do not parse (e.g. a year followed by 第3号) are skipped. Numbers
    without a year are found only in old style (字第) and after a non-Chinese character,
    since otherwise the court abbreviation's start is unknown."""
    norm = to_halfwidth(text)
    found: list[tuple[CaseNumber, int, int]] = []
    for m in _WITH_YEAR.finditer(norm):
        if m.start() > 0 and norm[m.start() - 1].isdigit():
            continue
        if not (m["open"] or m["close"]):
            continue
        try:
            found.append((_build(m, text[m.start() : m.end()]), m.start(), m.end()))
        except CaseNumberError:
            continue
    spans = [(s, e) for _, s, e in found]
    for m in re.finditer(
        rf"(?<![{_CJK}\d)\]〕】])[{_CJK}]{{1,6}}字第?\s*\d{{1,10}}\s*号(?:之[一二三四五六七八九十\d]+)?",
        norm,
    ):
        if any(s <= m.start() < e for s, e in spans):
            continue
        mm = _WITHOUT_YEAR.fullmatch(m.group(0))
        if mm is None:
            continue
        try:
            found.append((_build(mm, m.group(0)), m.start(), m.end()))
        except CaseNumberError:
            continue
    found.sort(key=lambda t: t[1])
    return found
