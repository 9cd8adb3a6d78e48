"""The parties section: who is who, their attributes, representatives and agents.

Each party paragraph opens with its procedural role (原告：…, 被告人…, 上诉人（原审被告）…);
representatives (法定代表人, 负责人) and agents (委托诉讼代理人, 辩护人) follow the party they
act for. Role words are mapped to the schema's canonical roles (ROLE_MAP) and the wording is
kept in `role_text`.
"""

from __future__ import annotations

import re

from courtqc.domain.idnumber import mask_id_number
from courtqc.extract.model import Agent, Party
from courtqc.extract.text import DATE_RE, read_date

# Role words as written → canonical role (canonical.sql case_parties.role).
ROLE_MAP: dict[str, str] = {
    "原告": "plaintiff",
    "原告人": "plaintiff",
    "附带民事诉讼原告人": "plaintiff",
    "附带民事诉讼原告": "plaintiff",
    "自诉人": "plaintiff",
    "自诉人暨附带民事诉讼原告人": "plaintiff",
    "一审原告": "plaintiff",
    "原审原告": "plaintiff",
    "被告": "defendant",
    "附带民事诉讼被告人": "defendant",
    "附带民事诉讼被告": "defendant",
    "一审被告": "defendant",
    "原审被告": "defendant",
    "第三人": "third_party",
    "原审第三人": "third_party",
    "一审第三人": "third_party",
    "上诉人": "appellant",
    "二审上诉人": "appellant",
    "原审上诉人": "appellant",
    "被上诉人": "appellee",
    "二审被上诉人": "appellee",
    "原审被上诉人": "appellee",
    "申请人": "applicant",
    "再审申请人": "applicant",
    "申请执行人": "applicant",
    "复议申请人": "applicant",
    "申诉人": "applicant",
    "异议人": "applicant",
    "案外人": "applicant",
    "赔偿请求人": "applicant",
    "原审申请人": "applicant",
    "申请再审人": "applicant",
    "被申请人": "respondent",
    "被执行人": "respondent",
    "被申诉人": "respondent",
    "赔偿义务机关": "respondent",
    "原审被申请人": "respondent",
    "复议机关": "respondent",
    "被告人": "criminal_defendant",
    "被告单位": "criminal_defendant",
    "原审被告人": "criminal_defendant",
    "原审被告单位": "criminal_defendant",
    "罪犯": "criminal_defendant",
    "公诉机关": "prosecutor",
    "原公诉机关": "prosecutor",
    "抗诉机关": "prosecutor",
    "提请机关": "prosecutor",
    "被害人": "victim",
}
_REP_WORDS = (
    "法定代表人",
    "负责人",
    "主要负责人",
    "经营者",
    "投资人",
    "执行事务合伙人",
    "诉讼代表人",
    "代表人",
)
_AGENT_WORDS = (
    "委托诉讼代理人",
    "委托代理人",
    "诉讼代理人",
    "特别授权代理人",
    "一般授权代理人",
    "指定辩护人",
    "辩护人",
    "法定代理人",
    "代理人",
)
_ALL = sorted(set(ROLE_MAP) | set(_REP_WORDS) | set(_AGENT_WORDS), key=len, reverse=True)
_ROLE_ALT = "|".join(_ALL)
# A role word at the start of a paragraph/sentence; a bracketed original role may follow.
_ENTRY = re.compile(
    rf"(?:^|(?<=[。;\n\s:]))(?P<role>{_ROLE_ALT})(?P<paren>\s*\((?:[^()]{{1,40}})\))?\s*[:]?\s*"
)
# …住广西苍梧县，被告：龙某3，… — a party line whose break was lost after a comma; only the
# colon form, since a role after a comma is otherwise a sentence (…，被告辩称…).
_ENTRY_COMMA = re.compile(
    rf"(?<=,)\s*(?P<role>{_ROLE_ALT})(?P<paren>\s*\((?:[^()]{{1,40}})\))?\s*:\s*"
)
_DOUBLE_ROLE = re.compile(r"暨[^:,;。]{1,24}?:\s*")
_ENTRY_AT = re.compile(rf"\s*(?P<role>{_ROLE_ALT})(?P<paren>\s*\((?:[^()]{{1,40}})\))?\s*[:]?\s*")
# Inside a paragraph: a second role glued on without punctuation (joined sentences lose
# their breaks: 原告唐鲜明委托代理人孙光扬, 被告何伟华被告深圳市…公司).
_GLUED = re.compile(
    rf"(?P<role>{'|'.join(sorted(set(_REP_WORDS) | set(_AGENT_WORDS) | {'原告', '被告', '第三人', '被告人', '上诉人', '被上诉人'}, key=len, reverse=True))})"
)
_ETHNIC = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "穿青人",
]
_ETHNIC_RE = re.compile("|".join(sorted(_ETHNIC, key=len, reverse=True)))
_GENDER = re.compile(r"(?:^|[,;\s、])(?:性别[:]?\s*)?(男|女)(?:性)?(?=[,。;\s、]|$)")
_BIRTH = re.compile(
    rf"(?:出生(?:日期|年月日)?[:]?\s*|生于\s*)?({DATE_RE})\s*(?:出生|生(?!效)|出世)?"
)
_AGE = re.compile(r"(\d{1,3})\s*(?:岁|周岁)")
_ADDRESS = re.compile(
    r"(?P<k>住所地|住所|住址|经常居住地|现住址|现住|户籍所在地|户籍地|户籍|暂住地|暂住|居住地|住|地址)"
    r"(?:均为|均在|为|在|于)?\s*[:]?\s*(?P<v>[^,;。\s]{2,60})"
)
_IDNO = re.compile(
    r"(?:公民身份号码|居民身份证号码|身份证号码|身份证号|身份证件号码|身份号码|证件号码)\s*(?:为|是)?\s*[:]?\s*(?P<v>[0-9Xx*×]{6,18})"
)
_USCC = re.compile(r"统一社会信用代码\s*[:]?\s*(?P<v>[0-9A-Z]{18})")
_FIRM = re.compile(
    r"([\u4e00-\u9fff()]{2,40}?(?:律师事务所|法律服务所|法律援助中心|律师所|基层法律服务所))"
)
_ORG_SUFFIX = re.compile(
    r"(?:公司|有限合伙|合伙企业|企业|厂|店|银行|支行|分行|合作社|集团|商行|门市部|经营部|事务所|研究院|研究所|学校|医院|中心|"
    r"协会|学会|基金会|俱乐部|酒店|宾馆|超市|商场|工作室|委员会|商会|管理人|清算组|社|部|馆|场|站|院|所|队|行|处|校|园)$"
)
_AUTHORITY = re.compile(
    r"(?:人民政府|人民检察院|人民法院|局|厅|委员会(?<!村民委员会)(?<!居民委员会)(?<!业主委员会)|办公室|办事处|大队|支队|总队|派出所|"
    r"管理处|管理所|管理站|海关|税务所|部|署|委|政府)$"
)
_NAME_STOP = re.compile(
    r"[,;。:\s]|\((?=以下简称|下称|简称|曾用名|原名|别名|化名|绰号|又名|系|反诉|原审|一审|二审|自报|自称|暂名|身份)"
)
# what follows a role word in the body of a judgment, not a name (原告诉称, 被告辩称 …)
_NOT_NAME = re.compile(
    r"^(?:诉称|辩称|述称|称|认为|上诉|申请|不服|提出|提交|主张|请求|陈述|自认|同意|确认|收到|一方|双方|方面|"
    r"的|及|对|就|均|已|未|系|是|之|据|所述|所称|所提|答辩|到庭|本院|法院|公司的|指控|起诉)"
)
_MASKED = re.compile(
    r"^[\u4e00-\u9fff]{1,2}(?:某+|X+|x+|×+|\*+)[甲乙丙丁戊己庚辛某一二三四五六七八九十\d]{0,2}$|^[X×*x]{2,4}$|^[\u4e00-\u9fff]{1,3}\d{1,2}$"
)


_SPACED_ORG = re.compile(r"[^\s,;。:]{2,40}(?: [^\s,;。:]{1,40}){1,2}(?=[,;。]|$)")
_DOTTED = re.compile(r"[\u4e00-\u9fff]{1,10}[・.．][\u4e00-\u9fff]{1,10}")


def plausible_name(name: str) -> bool:
    """A person's name is short; a body's name ends like one. Anything else after a role word
    is a sentence of the judgment (原告从1985年起…), not a party."""
    if not name or _NOT_NAME.match(name) or "《" in name or "本院" in name:
        return False
    if re.search(r"\d{3,}|年\d|\d月|不服|[等称诉]$", name):
        return False
    if re.search(r"自己|供述|如实|的罪", name):  # 被告人甲如实供述自己的罪行 is a sentence
        return False
    if len(name) <= 4 and name.endswith("所") and _MASKED.match(name[:-1]):  # 周某所(在地)…
        return False
    # a legal form in brackets after a body's name: 某合伙企业（有限合伙）
    base = re.sub(r"\((?:有限合伙|普通合伙|特殊普通合伙|个人独资|普通合伙企业)\)$", "", name)
    if _ORG_SUFFIX.search(base) or _AUTHORITY.search(base):
        return len(name) <= 60
    if "·" in name or "•" in name or _DOTTED.fullmatch(name):  # 玉素甫・热合曼, 玉素甫.艾合买提
        return len(name) <= 20
    if _MASKED.match(name):
        return True
    if re.search(r"[省市县区旗镇乡]$", name) and 3 <= len(name) <= 12:
        return True
    return len(name) <= 4 and not re.search(r"[的了在是对把被给]", name[1:])


_ABBR = re.compile(r"\((?:以下简称|下称|简称)[:]?\s*[\"“]?([^\"”)]{1,20})[\"”]?\)")


def _canon_role(role: str, paren: str | None) -> tuple[str, str | None]:
    """Canonical role and the role in the case below (from 上诉人（原审被告）)."""
    canon = ROLE_MAP.get(role, "other")
    original = None
    if paren:
        inner = paren.strip().strip("()")
        for word in sorted(ROLE_MAP, key=len, reverse=True):
            if word in inner:
                w = word
                if w.startswith("原审") or w.startswith("一审"):
                    w = w[2:]
                original = ROLE_MAP.get(w) or ROLE_MAP.get(word)
                break
    return canon, original


def _undotted_long_name(name: str, after: str) -> bool:
    """A long name written without its separator dot (帕提古丽依明, as CMS rows and some
    judgments write ethnic-minority names), taken where the entry goes on with the person's sex,
    which no sentence of a judgment does right after a role word."""
    return 5 <= len(name) <= 10 and bool(_HAN_ONLY.match(name)) and bool(_SEX_NEXT.match(after))


_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+$")
_SEX_NEXT = re.compile(r"[,，]\s?[男女][,，。]")


def _party_kind(name: str, body: str, role: str) -> str | None:
    if role == "prosecutor" or name.endswith("检察院"):
        return "authority"
    if _AUTHORITY.search(name) and len(name) > 3:
        return "authority"
    if _ORG_SUFFIX.search(name) and len(name) > 3:
        return "legal"
    if role == "criminal_defendant" and ("单位" in body[:4]):
        return "legal"
    if len(name) <= 5 or _GENDER.search(body[:60]) or _BIRTH.search(body[:80]) or "·" in name:
        return "natural"
    return None


def _name_of(body: str) -> tuple[str, int, int]:
    """Name at the start of an entry body, and its [start, end) in the body."""
    m = _NAME_STOP.search(body)
    while m and body[m.start()] in " \u3000" and m.start() <= 3:
        # a person's name written with a space (张 三, 肖 兴东): the space sits between two
        # characters of one short name, which then stops at the next comma
        rest = re.match(r"[ \u3000]+([\u4e00-\u9fff]{1,2})(?=[,;。:(\s]|$)", body[m.start() :])
        if not rest or m.start() + len(rest.group(0)) > 6:
            break
        m = _NAME_STOP.search(body, m.start() + len(rest.group(0)))
    if m and body[m.start()] == " ":
        # a body's name with an OCR blank in it (上海天创华机械 设备有限公司): pieces joined by
        # single blanks up to the comma, ending as a body's name does
        org = _SPACED_ORG.match(body)
        if org and _ORG_SUFFIX.search(org.group(0)) and not _ORG_SUFFIX.search(body[: m.start()]):
            m = _NAME_STOP.search(body, org.end())
            if m is None or m.start() != org.end():
                m = re.compile("$").search(body, org.end())
    raw = body[: m.start()] if m else body[:40]
    if len(raw) > 40:
        raw = raw[:40]
    # unbalanced bracket: the name stops before it
    if raw.count("(") > raw.count(")"):
        raw = raw[: raw.rfind("(")]
    s, e = 0, len(raw)
    while s < e and raw[s].isspace():
        s += 1
    while e > s and raw[e - 1].isspace():
        e -= 1
    name = raw[s:e]
    if name.endswith(")") and "(" in name and name.rfind("(") > 0:
        inner = name[name.rfind("(") + 1 : -1]
        if not re.search(r"公司|集团|中国|上海|北京|深圳|广州|香港|合伙|[省市]$", inner):
            e = s + name.rfind("(")
    if (
        e - s >= 3
        and raw[e - 1] in "男女"
        and re.match(r"[,;]\s*(?:\d|[\u4e00-\u9fff]{1,4}族|生于|出生)", body[e : e + 12])
        and not re.match(r"[,;]\s*[男女]", body[e : e + 3])
    ):
        e -= 1
    for prefix in ("自报", "自称"):
        if body.startswith(prefix, s):
            s += len(prefix)
    return body[s:e], s, e


def _split_names(s: str) -> list[str]:
    return [x for x in re.split(r"[、,]", s) if x]


def read_parties(text: str, start: int, end: int, original: str) -> list[Party]:
    """Parties from text[start:end] (normalised); string values are cut from `original`."""
    expanded = _unglue(text, _entries(text, start, end), end)
    parties: list[Party] = []
    last_party: Party | None = None
    for i, (role, paren, bs, _es) in enumerate(expanded):
        be = expanded[i + 1][3] if i + 1 < len(expanded) else end
        body = text[bs:be]
        name, n0, n1 = _name_of(body)
        if (
            role not in _REP_WORDS
            and role not in _AGENT_WORDS
            and not plausible_name(name)
            and not _undotted_long_name(name, body[n1 : n1 + 6])
        ):
            continue
        if not name:
            continue
        oname = original[bs + n0 : bs + n1]
        nlen = n1
        if role in _REP_WORDS:
            if last_party is not None and last_party.legal_representative is None:
                last_party.legal_representative = oname
            continue
        if role in _AGENT_WORDS:
            if last_party is not None:
                _add_agents(last_party, role, body, oname)
            continue
        canon, orig = _canon_role(role, paren)
        if canon == "prosecutor" and not re.search(r"检察院(?:[\u4e00-\u9fff]{0,12}?分院)?$", name):
            continue  # 公诉机关指控意见：… is a heading of the accusation, not a party line
        head = body[:300]
        p = Party(
            role=canon,
            name=oname,
            role_text=role + (paren.strip() if paren else ""),
            original_role=orig,
        )
        p.start, p.end = bs + n0, bs + n1
        p.kind = _party_kind(name, body[nlen:], canon)
        if role in ("被告单位", "原审被告单位"):
            p.kind = "legal"
        if p.kind in (None, "natural"):
            _read_person(p, head, nlen)
        a = _ADDRESS.search(head, nlen)
        if a:
            s = bs + a.start("v")
            p.address = original[s : bs + a.end("v")].strip()
        u = _USCC.search(head)
        if u:
            p.uscc = u.group("v")
        parties.append(p)
        last_party = p
    return parties


_Entry = tuple[str, str | None, int, int]  # (role, paren, body_start, entry_start)


def _entries(text: str, start: int, end: int) -> list[_Entry]:
    """The role words that open party lines, in order; a double capacity (被告人暨附带民事公益
    诉讼被告：陈某) keeps the first role, the party's."""
    entries: list[_Entry] = []
    m0 = _ENTRY_AT.match(text, start, end)
    if m0:
        entries.append((m0.group("role"), m0.group("paren"), m0.end(), m0.start()))
    for m in [*_ENTRY.finditer(text, start, end), *_ENTRY_COMMA.finditer(text, start, end)]:
        if m0 and m.start() == m0.start():
            continue
        entries.append((m.group("role"), m.group("paren"), m.end(), m.start()))
    entries.sort(key=lambda e: e[3])
    # a double capacity (被告人暨附带民事公益诉讼被告：陈某): the first role is the party's
    for i, (role, paren, bs, es) in enumerate(entries):
        dm = _DOUBLE_ROLE.match(text, bs, end)
        if dm:
            entries[i] = (role, paren, dm.end(), es)
    return entries


def _unglue(text: str, entries: list[_Entry], end: int) -> list[_Entry]:
    """Entries with the roles glued to a short name split off (…公司被告：曾某第三人：…)."""
    expanded: list[_Entry] = []
    for i, (role, paren, bs, es) in enumerate(entries):
        be = entries[i + 1][3] if i + 1 < len(entries) else end
        expanded.append((role, paren, bs, es))
        head_end = bs
        # the glued role must come right after a short name (no comma yet)
        stop = re.search(r"[,;。]", text[bs:be])
        head_limit = bs + (stop.start() if stop else min(be - bs, 40))
        g = _GLUED.search(text, bs + 2, head_limit) if head_limit - bs > 2 else None
        while g:
            # the glued role keeps its colon and bracketed note (…公司被告：曾某第三人：…)
            after = re.match(r"\s*(?P<paren>\([^()]{1,40}\))?\s*:?\s*", text[g.end() : be])
            paren_g = after.group("paren") if after else None
            body_start = g.end() + (after.end() if after else 0)
            expanded.append((g.group("role"), paren_g, body_start, g.start()))
            head_end = body_start
            stop = re.search(r"[,;。]", text[head_end:be])
            head_limit = head_end + (stop.start() if stop else min(be - head_end, 40))
            g = _GLUED.search(text, head_end + 2, head_limit) if head_limit - head_end > 2 else None
    expanded.sort(key=lambda e: e[3])
    return expanded


def _add_agents(party: Party, role: str, body: str, oname: str) -> None:
    """The agents of an agent line, with their firm and kind, to the party above it."""
    firm_m = list(_FIRM.finditer(body[:160]))
    firm = firm_m[-1].group(1) if firm_m else None
    if firm:
        firm = re.split(r"[的系为是均]", firm)[-1]
    if role == "法定代理人":
        kind = "guardian"
    elif firm and "律师" in firm:
        kind = "lawyer"
    elif firm and "法律援助" in firm:
        kind = "legal_aid"
    elif "法律服务" in (firm or ""):
        kind = "legal_worker"
    else:
        kind = "citizen"
    if "法律援助" in body[:80] and kind == "lawyer":
        kind = "legal_aid"
    for nm in _split_names(oname):
        party.agents.append(Agent(nm, firm, kind, role))


def _read_person(p: Party, head: str, nlen: int) -> None:
    """A natural person's sex, birth date, ethnicity and (masked) ID number."""
    g = _GENDER.search(head, nlen)
    if g:
        p.gender = "male" if g.group(1) == "男" else "female"
    b = _BIRTH.search(head, nlen)
    if b and (
        b.group(0).endswith(("出生", "生", "出世")) or "出生" in b.group(0) or "生于" in b.group(0)
    ):
        p.birth_date = read_date(b.group(1))
    e = _ETHNIC_RE.search(head, nlen)
    if e:
        p.ethnicity = e.group(0)
    idm = _IDNO.search(head)
    if idm:
        raw = idm.group("v")
        if sum(c.isdigit() for c in raw) >= 15 and "*" not in raw and "×" not in raw:
            try:
                p.id_masked = mask_id_number(raw)
            except ValueError:
                p.id_masked = None
    if p.kind is None and (p.gender or p.birth_date):
        p.kind = "natural"


def abbreviations(text: str, start: int, end: int) -> dict[str, str]:
    """(以下简称华名威公司) → {"华名威公司": full name}: main texts use the short names."""
    out: dict[str, str] = {}
    for m in _ABBR.finditer(text, start, end):
        before = text[max(start, m.start() - 40) : m.start()]
        full = re.split(r"[,;。:\s、与诉]|被告|原告|上诉人|第三人", before)[-1]
        # short names of people and bodies, not of documents (签订《租赁合同》(以下简称合同))
        if full and "《" not in full and "》" not in full and plausible_name(full):
            out[m.group(1).strip()] = full
    return out


def party_line_ok(line: str) -> bool:
    """A line that opens a party paragraph: a role word, then a plausible name."""
    m = _ENTRY_AT.match(line)
    if not m:
        return False
    rest = line[m.end() :]
    name, _, n1 = _name_of(rest)
    g = _GLUED.search(name, 2)
    if g:  # the history sentence glued to the last party line
        name = name[: g.start()]
    return plausible_name(name) or _undotted_long_name(name, rest[n1 : n1 + 6])
