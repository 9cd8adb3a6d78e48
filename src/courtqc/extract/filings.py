"""Documents other than judgments, rulings and mediation documents (issue 18): complaints,
defences, appeals, applications, evidence lists, powers of attorney, indictments, hearing
transcripts, the court's notices and orders.

They share a layout: a title line (with the issuing court or procuratorate above it for
official papers), party lines that open with a role word (原告：…, 被告一：…, 答辩人（被告）：
…, 被告人…, 申请执行人：…), the requests (诉讼请求 / 申请事项 / 上诉请求 …), facts and
reasons, then 此致 and the court addressed, the signer and the date. The reader takes:

- court: the court addressed after 此致, else the issuing court above the title, else the
  hearing place of a transcript (地点：…人民法院…) — never a court named in the body (the
  court of a prior conviction, the judgment appealed against);
- the date: the signing date at the foot (a transcript: its 时间 line);
- parties: role-word lines in the party block only (names must be plausible: no 一/二 from
  被告一/被告二, no fragments of an evidence table);
- claims: each requested item with its amount, a restated amount in brackets (（大写：贰拾万元整）)
  counted once; the total where the document states one;
- charges and the procuratorate for criminal papers; case numbers where the document
  labels one as its own (案号：…) or carries it under the title.

All patterns are linear in the text, as the rest of the extractor's (docs/EXTRACTION.md).
"""

from __future__ import annotations

import re
from typing import Any

from courtqc.domain.caseno import find_case_numbers
from courtqc.extract import criminal, parties
from courtqc.extract.kinds import KindMatch
from courtqc.extract.model import Agent, Extraction, InfoPoint, Party
from courtqc.extract.text import DATE_RE, MONEY, read_date, read_money

# role words of filings → canonical role; spaced out in tables (被 告 人)
_ROLES: dict[str, str] = {
    "原告": "plaintiff",
    "被告": "defendant",
    "第三人": "third_party",
    "原审原告": "plaintiff",
    "原审被告": "defendant",
    "原审第三人": "third_party",
    "上诉人": "appellant",
    "被上诉人": "appellee",
    "答辩人": "respondent",
    "被答辩人": "applicant",
    "申请人": "applicant",
    "被申请人": "respondent",
    "再审申请人": "applicant",
    "申请执行人": "applicant",
    "被执行人": "respondent",
    "反诉原告": "defendant",
    "反诉被告": "plaintiff",
    "反诉人": "defendant",
    "自诉人": "plaintiff",
    "被告人": "criminal_defendant",
    "被告单位": "criminal_defendant",
    "犯罪嫌疑人": "criminal_defendant",
    "委托人": "principal",
    "被拘留人": "respondent",
    "被罚款人": "respondent",
    "被传唤人": "summoned",
    "受送达人": "served",
    "质证人": "other",
    "提交人": "other",
    "异议人": "applicant",
}
_REP = ("法定代表人", "负责人", "诉讼代表人")
_AGENT = ("委托诉讼代理人", "委托代理人", "诉讼代理人", "代理人", "辩护人", "受托人")


def _spaced(word: str) -> str:
    return r"\s*".join(map(re.escape, word))


_ROLE_ALT = "|".join(
    _spaced(w) for w in sorted(set(_ROLES) | set(_REP) | set(_AGENT), key=len, reverse=True)
)
# a role word at a line start (or after 。/；), an ordinal (被告一 / 被告2 / 被告(一)), a
# bracketed capacity (答辩人（被告）), then a colon, a tab or nothing before the name
_ENTRY = re.compile(
    rf"(?:^|(?<=[\n。;]))[ \t]*(?P<role>{_ROLE_ALT})"
    r"(?P<ord>\s*(?:[一二三四五六七八九十]{1,2}|\d{1,2}|\([一二三四五六七八九十\d]{1,2}\)))?"
    r"(?P<paren>\s*\([^()\n]{1,30}\))?\s*(?::|\t|[ ]{2,})?\s*",
    re.M,
)
# where the party block ends: the first request, fact or narrative heading
_BLOCK_END = re.compile(
    r"诉讼请求|请求事项|申请事项|申请执行事项|执行依据|上诉请求|反诉请求|再审请求|案由和诉讼请求|答辩意见|"
    r"事实(?:与|和|及)理由|本案由|经依法审查|经依法侦查|现委托|现将|针对|我方|审判长、|审判员:|"
    r"(?:^|\n)\s*(?:答辩人|上诉人|申请人|再审申请人|申请执行人|原告|反诉原告)(?:因|与|就|不服|诉)|"
    r"本院(?:在|于|已)|犯罪嫌疑人[^\n,:]{1,20}?涉嫌[^\n]{0,30}?一案"
)
_COURT_NAME = r"(?:最高人民法院|[\u4e00-\u9fff]{2,30}?(?:人民法院|法院|法庭))"
_ADDRESSEE = re.compile(rf"此\s*致\s*(?:\n\s*)?(?P<c>{_COURT_NAME})")
_PLACE = re.compile(rf"(?:开庭)?地\s*点\s*[:\t ]\s*(?P<c>{_COURT_NAME})")
_TIME = re.compile(rf"(?:开庭|开始)?时\s*间\s*[:\t ]\s*(?P<d>{DATE_RE})")
_CN_DATE = r"(?:[〇○零O一二三四五六七八九]\s*){4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日"
_ANY_DATE = re.compile(rf"{DATE_RE}|{_CN_DATE}")
_CASE_LABEL = re.compile(r"案\s*号\s*[:\t ]")
_PROCURATORATE = re.compile(r"[\u4e00-\u9fff]{2,30}?人民检察院(?:[\u4e00-\u9fff]{0,12}?分院)?")
_REQUESTS = re.compile(
    r"诉讼请求|请求事项|申请事项|申请执行事项|上诉请求|反诉请求|再审请求|执行请求|案由和诉讼请求"
)
_REQ_END = re.compile(r"事实(?:与|和|及)理由|上诉理由|理由如下|申请理由|\n\s*此\s*致")
_TOTAL = re.compile(r"(?:以上|上述|前述)?(?:共计|合计|总计|累计)")
_RESTATED = re.compile(r"^\s*\(\s*(?:大写|小写|人民币|即)?\s*:?\s*")
_CHARGE = (
    re.compile(r"以(?P<c>[^,。;:()\n]{2,60}?罪)追究"),
    re.compile(r"涉嫌(?:犯)?(?P<c>[^,。;:()\n]{2,60}?罪)"),
    re.compile(r"(?<!因)犯(?P<c>[^,。;:()\n]{2,60}?罪)"),
)
_CAUSE_LINE = re.compile(r"案\s*由\s*[:\t ]\s*(?P<c>[^\n,。;]{2,30})")


def _lookalikes(t: str) -> str:
    """OCR look-alikes fixed where they break a fixed word (same length, spans kept)."""
    return t.replace("入民法院", "人民法院").replace("入民检察院", "人民检察院")


def read_filing(t: str, orig: str, km: KindMatch, ex: Extraction, add: Any) -> None:
    """Fill `ex` from a filing, notice or record; `add(key, value, start, end, rule)` adds an
    info point."""
    t = _lookalikes(t)
    head_end = km.line_end or 0
    _read_issuers(t, km, ex, add, head_end)
    _read_numbers(t, km, ex, add, head_end)
    _read_filing_date(t, km, ex, add)
    _read_filing_parties(t, orig, km, ex, add, head_end)
    # --- requests and amounts
    if km.issuer in ("party", "court") and km.code not in (
        "power_of_attorney", "legal_rep_certificate", "evidence_list", "cross_exam_opinion",
        "agent_statement", "defence", "defence_statement", "enforcement_notice", "acceptance_notice",
        "summons", "response_notice", "evidence_notice", "appearance_notice", "fee_notice",
        "withdrawal_application", "appeal", "retrial_application", "service_address",
    ):  # fmt: skip
        _claims(t, km, ex, add)

    _read_charges_or_cause(t, km, ex, add)
    _read_listed_items(t, km, add)


def _read_issuers(t: str, km: KindMatch, ex: Extraction, add: Any, head_end: int) -> None:
    """The issuer above the title, the court addressed or the hearing place; the
    procuratorate of criminal papers; the police body."""
    above = t[: km.line_start or 0]
    issuer_court = None
    m = re.search(rf"(?P<c>{_COURT_NAME})\s*$", above)
    if m and not re.search(r"[罪被因]", m.group("c")):
        issuer_court = m
    elif km.issuer == "court":
        m = re.search(
            rf"^\s*(?P<c>{_COURT_NAME})(?=\s*(?:{re.escape(km.title[:2])}|\n))", t[: head_end + 2]
        )
        if m:
            issuer_court = m
    court_m = _ADDRESSEE.search(t)
    if court_m is None and issuer_court is not None:
        court_m = issuer_court
    if (court_m is None and km.code.endswith("record")) or km.code in (
        "transcript",
        "service_receipt",
    ):
        court_m = court_m or _PLACE.search(t, 0, min(len(t), 1500)) or issuer_court
    if court_m is not None:
        c = re.sub(r"\s+", "", court_m.group("c"))
        ex.court = c
        add("court", c, court_m.start("c"), court_m.end("c"), "filing.court")
    # procuratorate for criminal papers
    if km.issuer == "procuratorate":
        pm = _PROCURATORATE.search(t, 0, km.line_start or 0) or _PROCURATORATE.search(t[-300:])
        if pm is not None:
            base = 0 if pm.string is t else len(t) - 300
            ex.prosecutor = pm.group(0)
            add("prosecutor", pm.group(0), base + pm.start(), base + pm.end(), "filing.prosecutor")
    elif km.family == "criminal" or km.code == "transcript":
        pm = re.search(
            r"(?:公\s*诉\s*人|公\s*诉\s*机\s*关)\s*[:\t ]?\s*(?P<p>[\u4e00-\u9fff]{2,30}?人民检察院(?:第[一二三四五六七八九十]分院)?)",
            t,
        )
        if pm:
            ex.prosecutor = pm.group("p")
            add("prosecutor", pm.group("p"), pm.start("p"), pm.end("p"), "filing.prosecutor")
    if km.issuer == "police":
        pm = re.search(
            r"[\u4e00-\u9fff]{2,30}?(?:公安局(?:[\u4e00-\u9fff]{0,8}?分局)?|公安分局)",
            t[: km.line_start or 0],
        )
        if pm:
            add("police", pm.group(0), pm.start(), pm.end(), "filing.police")


def _read_numbers(t: str, km: KindMatch, ex: Extraction, add: Any, head_end: int) -> None:
    """The paper's own case number, the case numbers it cites, and the procuratorate's or
    police's document number."""
    nums = find_case_numbers(t[: min(len(t), 1500)])
    for c, s, e in nums:
        own = (km.issuer in ("court",) and s - head_end < 40) or _CASE_LABEL.search(
            t, max(0, s - 8), s
        )
        if own:
            ex.case_no = re.sub(r"\s+", "", t[s:e]).replace("(", "（").replace(")", "）")
            add("case_no", ex.case_no, s, e, "filing.case_no")
            break
        add("case_no.referenced", str(c), s, e, "filing.case_no")
    if km.issuer in ("procuratorate", "police"):
        wm = re.search(r"\S{1,12}?[〔\[(]\d{4}[〕\])]\s*\d{1,6}\s*号", t[head_end : head_end + 80])
        if wm:
            add(
                "document_no",
                wm.group(0).strip(),
                head_end + wm.start(),
                head_end + wm.end(),
                "filing.document_no",
            )


def _read_filing_date(t: str, km: KindMatch, ex: Extraction, add: Any) -> None:
    """The date: the hearing time of a record, else the date at the foot."""
    date = None
    if km.code in (
        "transcript",
        "mediation_record",
        "inquiry_record",
        "pronouncement_record",
        "deliberation_record",
    ):
        dm = _TIME.search(t, 0, min(len(t), 1500))
        if dm:
            date = (read_date(dm.group("d")), dm.start("d"), dm.end("d"))
    if date is None:
        date = foot_date(t)
    if date and date[0]:
        ex.filing_date = date[0]
        add("filing_date", date[0], date[1], date[2], "filing.date")


def _read_filing_parties(
    t: str, orig: str, km: KindMatch, ex: Extraction, add: Any, head_end: int
) -> None:
    """The parties named in the paper, with their agents."""
    plist = _parties(t, orig, head_end, km)
    ex.parties = plist
    for p in plist:
        add("party", f"{p.role}:{p.name}", p.start, p.end, "filing.parties", p.name)
        add("party.role_text", p.role_text, p.start, p.end, "filing.parties", p.name)
        add(
            "party.legal_representative",
            p.legal_representative,
            p.start,
            p.end,
            "filing.parties",
            p.name,
        )
        for a in p.agents:
            add("party.agent", a.name, p.start, p.end, "filing.parties", p.name)


def _read_charges_or_cause(t: str, km: KindMatch, ex: Extraction, add: Any) -> None:
    """The charges of a criminal paper (the first is the cause), else the stated cause."""
    if km.family == "criminal" or km.issuer in ("procuratorate", "police"):
        ex.charges = _charges(t, km)
        for c in ex.charges:
            add("charge", c, None, None, "filing.charges")
        if ex.charges:
            ex.cause = ex.charges[0]
    else:
        cm = _CAUSE_LINE.search(t, 0, min(len(t), 1500))
        if cm:
            ex.cause = cm.group("c").strip()
            add("cause", ex.cause, cm.start("c"), cm.end("c"), "filing.cause")


_FEE = re.compile(rf"(?:案件受理费|诉讼费用?|受理费)\s*(?P<m>{MONEY.pattern})")


def _read_listed_items(t: str, km: KindMatch, add: Any) -> None:
    """The items of an evidence list; the panel named in a transcript; the fee a notice
    asks for."""
    if km.code in ("fee_notice", "acceptance_notice"):
        fm = _FEE.search(t)
        if fm and read_money(fm.group("m")) is not None:
            add("fee", read_money(fm.group("m")), fm.start("m"), fm.end("m"), "filing.fee")
    if km.code == "evidence_list":
        for m in re.finditer(r"(?m)^\s*(?P<n>\d{1,3})[\s.、]+(?P<v>[^\s\d][^\s]{1,30})", t):
            add(
                "evidence.item",
                m.group("v"),
                m.start("v"),
                m.end("v"),
                "filing.evidence",
                m.group("n"),
            )
    if km.code == "transcript":
        for m in re.finditer(
            r"(?m)^\s*(?P<r>审\s*判\s*长|审\s*判\s*员|人\s*民\s*陪\s*审\s*员|书\s*记\s*员)\s*[:\t ]\s*(?P<n>[\u4e00-\u9fff、]{2,12})\s*$",
            t[:1500],
        ):
            add(
                "record.panel",
                f"{re.sub(chr(32), '', m.group('r'))}:{m.group('n')}",
                m.start("n"),
                m.end("n"),
                "filing.panel",
            )


def foot_date(t: str) -> tuple[str | None, int, int] | None:
    """The signing date: the last date on a line of its own (or after 日期 / a signer) in the
    last part of the document, before any 附 list."""
    tail_from = max(0, len(t) - 800)
    cut = len(t)
    am = re.search(r"\n\s*附\s*[:：]?\s*\n?\s*1\s*[.、]", t[tail_from:])
    if am:
        cut = tail_from + am.start()
    best = None
    for m in _ANY_DATE.finditer(t, tail_from, cut):
        ls = t.rfind("\n", 0, m.start()) + 1
        le = t.find("\n", m.end())
        le = len(t) if le == -1 else le
        before, after = t[ls : m.start()], t[m.end() : le]
        if len(re.sub(r"\s", "", after)) <= 6 and (
            len(re.sub(r"\s", "", before)) <= 2
            or re.search(r"(?:日期|时间)\s*[:：]?\s*$", before)
            or re.search(r"(?:人|院|司|局)\s*[:：]?\s*[\u4e00-\u9fff()（）]{1,30}\s+$", before)
        ):
            best = m
    if best is None:
        return None
    return read_date(best.group(0)), best.start(), best.end()


def _name(body: str) -> tuple[str, int, int]:
    nm, s, e = parties._name_of(body)
    # 原告王建国 after 提交人： — the role word before the name
    rm = re.match(r"(?:原告|被告|上诉人|被上诉人|申请人|被申请人|第三人)(?=[\u4e00-\u9fff])", nm)
    if rm and len(nm) - rm.end() >= 2:
        s += rm.end()
        nm = nm[rm.end() :]
    return nm, s, e


# a long undotted name (玉素甫努尔, 艾合买提艾合买提) is a person's where his sex follows
_LONG_NAME = re.compile(r"[\u4e00-\u9fff]{5,10}$")
_LONG_PERSON = re.compile(r"\s*[,，]\s*[男女]\s*[,，。]")
_TABLE_WORD = re.compile(r"证据|证明|序号|名称|来源|页码|内容|签名|盖章|签收|身份证明")


def parties_of(t: str, orig: str, km: KindMatch) -> list[Party]:
    """The parties of a paper, read from its party block."""
    return _parties(_lookalikes(t), orig, km.line_end or 0, km)


def _parties(t: str, orig: str, head_end: int, km: KindMatch) -> list[Party]:
    stop = _BLOCK_END.search(t, head_end)
    block_end = stop.start() if stop else min(len(t), head_end + 3000)
    spans: list[tuple[int, int]] = [(head_end, block_end)]
    if km.code in ("transcript",) or (km.reader == "filing" and km.issuer == "record"):
        spans = [(head_end, min(len(t), head_end + 6000))]
    out: list[Party] = []
    seen: set[str] = set()
    last: Party | None = None
    for a, b in spans:
        entries = list(_ENTRY.finditer(t, a, b))
        for i, m in enumerate(entries):
            role = re.sub(r"\s+", "", m.group("role"))
            nxt = entries[i + 1].start() if i + 1 < len(entries) else b
            line_end = t.find("\n", m.end(), nxt)
            body_end = nxt if line_end == -1 else line_end
            body = t[m.end() : body_end]
            name, s, e = _name(body)
            bs = m.end()
            if role in _REP:
                if last is not None and name and last.legal_representative is None:
                    last.legal_representative = orig[bs + s : bs + e]
                continue
            if role in _AGENT:
                if last is not None and name and parties.plausible_name(name):
                    last.agents.append(Agent(orig[bs + s : bs + e], None, None, role))
                continue
            if not name or len(name) < 2 or re.fullmatch(r"[一二三四五六七八九十\d]+", name):
                continue
            # one line for several parties of a role (被执行人：甲公司、乙): each is a party
            if "、" in name and role not in _REP and role not in _AGENT:
                pieces = _joined(name, s)
                if pieces:
                    for nm, ps, pe in pieces:
                        if nm in seen:
                            continue
                        seen.add(nm)
                        p = Party(role=_ROLES.get(role, "other"), name=orig[bs + ps : bs + pe],
                                  role_text=role + (m.group("paren") or "").strip())  # fmt: skip
                        p.start, p.end = bs + ps, bs + pe
                        out.append(p)
                        last = p
                    continue
            if _TABLE_WORD.search(name) or not (
                parties.plausible_name(name)
                or (_LONG_PERSON.match(body, e) and _LONG_NAME.match(name))
            ):
                continue
            if name in _ROLES or re.match(r"\s*\((?:签名|签字|盖章)", body[e : e + 6]):
                continue  # 原告（签名）：   被告（签名）： — the signature lines of a record
            # a transcript's 被告人：… answer lines are not party lines (被告人：收到了)
            if km.code == "transcript" and not re.search(r"[,，\n]|$", body[e : e + 1] or "\n"):
                continue
            if km.code == "transcript" and re.match(r"(?:收到|没有|是|对|有|不|我)", name):
                continue
            if name in seen:
                continue
            seen.add(name)
            p = Party(
                role=_ROLES.get(role, "other"),
                name=orig[bs + s : bs + e].strip(),
                role_text=role + (m.group("paren") or "").strip(),
            )
            p.start, p.end = bs + s, bs + e
            p.kind = (
                "legal"
                if parties._ORG_SUFFIX.search(name) and len(name) > 3
                else "natural"
                if len(name) <= 4
                else None
            )
            out.append(p)
            last = p
    # a transcript lists who came: 到庭当事人：原告王建国及其委托诉讼代理人孙伟；被告李红梅
    if km.code == "transcript":
        am = re.search(r"到庭(?:当事人|人员)?\s*[:：]\s*(?P<v>[^\n]{2,200})", t)
        if am:
            for pm in re.finditer(
                r"(?P<r>原告|被告人|被告|第三人|上诉人|被上诉人|申请人|被申请人)(?P<n>[^,，;；。及、\s]{2,30})",
                am.group("v"),
            ):
                nm = re.sub(r"(?:及其|及).*$", "", pm.group("n"))
                # a list of who came holds names only: a long undotted one is a name too
                long_name = _LONG_NAME.match(nm) and not re.search(r"[的了在是对把被给]", nm)
                if (parties.plausible_name(nm) or long_name) and nm not in seen:
                    seen.add(nm)
                    st = am.start("v") + pm.start("n")
                    out.append(
                        Party(
                            role=_ROLES.get(pm.group("r"), "other"),
                            name=orig[st : st + len(nm)],
                            role_text=pm.group("r"),
                            start=st,
                            end=st + len(nm),
                        )
                    )
    return out


def _joined(name: str, at: int) -> list[tuple[str, int, int]]:
    """The names of a 、-joined list at offset `at`, each with its span; empty where a piece
    is not a plausible name (a list inside one company's name stays whole)."""
    out, pos = [], at
    for piece in name.split("、"):
        if len(piece) < 2 or _TABLE_WORD.search(piece) or not parties.plausible_name(piece):
            return []
        out.append((piece, pos, pos + len(piece)))
        pos += len(piece) + 1
    return out


def _claims(t: str, km: KindMatch, ex: Extraction, add: Any) -> None:
    rm = _REQUESTS.search(t)
    if rm is not None:
        start = rm.end()
        em = _REQ_END.search(t, start)
        end = em.start() if em else min(len(t), start + 2000)
    elif km.code == "payment_order":
        mm = re.search(r"要求[^。]{0,120}?给付[^。]*", t)
        if mm is None:
            return
        start, end = mm.start(), mm.end()
    else:
        return
    items = _items(t, start, end)
    total = None
    tm = None
    for s, e in items:
        seg = t[s:e]
        tmm = _TOTAL.search(seg)
        if tmm and not re.search(r"[1-9一二三四五六七八九]\s*[.、]", seg[: tmm.start()]):
            mm = MONEY.search(seg, tmm.end())
            if mm and read_money(mm.group(0)) is not None:
                total, tm = read_money(mm.group(0)), (s + mm.start(), s + mm.end())
    sum_items = 0.0
    for s, e in items:
        seg = t[s:e]
        if re.search(r"受理费|诉讼费|保全费|执行费|申请费", seg) and not re.search(
            r"借款|货款|本金|赔偿|租金|欠款|工资|工程款", seg
        ):
            continue
        amt = item_amount(seg)
        text = re.sub(r"\s+", "", seg).strip(":;,。")[:200]
        add("claims.item", text, s, e, "filing.claims")
        if amt is not None:
            add("claims.amount", amt, s, e, "filing.claims")
            sum_items += amt
    value = total if total is not None else (round(sum_items, 2) if sum_items else None)
    if value is not None:
        ex.claimed_amount = value
        add("claims.total", value, *(tm or (start, end)), "filing.claims")


def _items(t: str, start: int, end: int) -> list[tuple[int, int]]:
    marks = [
        m.start()
        for m in re.finditer(
            r"(?:^|(?<=[\n;。]))\s*(?:[一二三四五六七八九十]{1,3}\s*[、.]|\d{1,2}\s*[.、．]|\(\s*[一二三四五六七八九十\d]{1,2}\s*\))",
            t[start:end],
            re.M,
        )
    ]
    if not marks:
        return [(start, end)]
    bounds = [*marks, end - start]
    out = [(start + bounds[i], start + bounds[i + 1]) for i in range(len(marks))]
    # a 以上合计 line between items belongs to none of them: it splits off at its line
    fixed: list[tuple[int, int]] = []
    for s, e in out:
        nl = t.find("\n", s + 1, e)
        while nl != -1 and _TOTAL.match(
            t, nl + 1 + (len(t[nl + 1 : e]) - len(t[nl + 1 : e].lstrip()))
        ):
            fixed.append((s, nl))
            s = nl + 1
            nl = t.find("\n", s + 1, e)
        fixed.append((s, e))
    return fixed


def item_amount(seg: str) -> float | None:
    """The amount one request asks for: a stated total, else the sum of its amounts less
    bases (以…为基数), rates and an amount restated in brackets (200,000元（大写：贰拾万元整）)."""
    amts: list[tuple[re.Match[str], float]] = []
    for m in MONEY.finditer(seg):
        a = read_money(m.group(0))
        if a is None:
            continue
        if restated(seg, m, amts):
            continue
        amts.append((m, a))
    for m, a in amts:
        if _TOTAL.search(seg[max(0, m.start() - 6) : m.start()]):
            return a
    vals = [
        a
        for m, a in amts
        if not re.search(r"以$|按每?[年月日]?$|基数$", seg[max(0, m.start() - 3) : m.start()])
        and not re.match(r"\s*为(?:基数|本金)", seg[m.end() : m.end() + 4])
    ]
    return round(sum(vals), 2) if vals else None


def restated(seg: str, m: re.Match[str], before: list[tuple[re.Match[str], float]]) -> bool:
    """Whether the amount at m restates the one just before it: inside brackets right after
    it (…元（大写：…）, …元(人民币…元)), so it is one amount written twice."""
    if not before:
        return False
    prev = before[-1][0]
    gap = seg[prev.end() : m.start()]
    return bool(_RESTATED.match(gap)) and len(gap) <= 8 and "(" in gap


def _charges(t: str, km: KindMatch) -> list[str]:
    """Charges the paper brings (以…罪追究 / 涉嫌…罪 / 指控…犯…罪); a prior conviction
    (因犯…罪被…判处) is not one."""
    out: list[str] = []
    for pat in _CHARGE:
        for m in pat.finditer(t):
            ctx = t[m.end() : m.end() + 12]
            if re.match(r"\s*被[^,。]{0,30}?(?:法院|判处)", ctx):
                continue  # 因犯盗窃罪被…法院判处: a prior conviction
            for c in criminal._split_charges(m.group("c")):
                c = re.sub(r"^(?:被告人|犯罪嫌疑人)?[\u4e00-\u9fff]{1,4}?(?:涉嫌|犯)", "", c)
                if (
                    2 <= len(c) <= 20
                    and not re.search(r"[的了被对在]|一案|行为|事实", c)
                    and c not in out
                ):
                    out.append(c)
        if out:
            break
    if not out:
        cm = _CAUSE_LINE.search(t, 0, min(len(t), 1500))
        if cm:
            c = cm.group("c").strip().removesuffix("罪")
            if 2 <= len(c) <= 20:
                out.append(c)
    return out


__all__ = ["InfoPoint", "item_amount", "read_filing", "restated"]
