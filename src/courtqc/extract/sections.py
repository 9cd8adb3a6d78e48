"""Split a judgment, ruling or mediation document into its parts.

Courts write these parts in a fixed order with fixed phrasings (本院认为, 判决如下, 如不服本判决
…), so the splitter looks for those anchors in order rather than for line breaks, which many
published texts have lost. Reliable anchors (reasoning, main text, appeal notice, signatures,
appendix) are found first; the softer ones (claims, defence, facts) only inside the gap the
reliable ones leave, so one misleading phrase cannot reorder the document.

Works on the normalised text (`text.normalise`: half-width punctuation).
"""

from __future__ import annotations

import itertools
import re

from courtqc.extract.model import Section

SECTION_NAMES = (
    "heading",  # court, document kind, case number (and a title line before them)
    "parties",  # 原告…, 被告人…, agents and defenders
    "history",  # how the case came to court and was heard (立案, 公诉, 上诉, 开庭)
    "claims",  # 诉讼请求 / 公诉机关指控 / 上诉请求
    "defence",  # 辩称 / 辩护意见
    "facts",  # 经审理查明 / 原判认定 / 本院查明
    "reasoning",  # 本院认为 … 依照 …
    "main_text",  # 判决如下 / 裁定如下 / 达成如下协议 …
    "costs",  # 案件受理费 … 负担
    "appeal_notice",  # 如不服本判决 … / 本判决为终审判决
    "signatures",  # 审判长 …, date, 书记员 …
    "appendix",  # 附：相关法律条文
)

_BOUNDARY = "。;;\n"

_MAIN = re.compile(
    r"(?:判\s*决|裁\s*定|决\s*定)\s*如\s*下|(?:自愿|一致)?达成(?:了)?(?:如下|以下)(?:调解)?协议|"
    r"(?:本院|现)?(?:判决|裁定)\s*:(?=\s*(?:[一1]\s*[、.]|驳回|撤销|维持|准许|被告|原告|上诉人|本案|对|终结|中止|解除|确认))"
)
_APPENDIX = re.compile(
    r"附\s*[:：]?\s*(?:本案|本判决|本裁定)?(?:所?(?:适用|引用|涉及)的?)?(?:相关|有关|所)?(?:适用|引用)?的?"
    r"(?:法律|法规|法条|条文)(?:条文|条款|规定|依据)?(?:及司法解释)?(?:条文)?|"
    r"本案(?:所)?(?:适用|引用|援引)的?(?:主要)?法律(?:条文|条款|规定|依据)|"
    r"(?:本案|本判决书?|本裁定书?|判决书|裁定书)所?(?:主要)?(?:依据|适用|引用|援引)的?(?:相关|有关)?(?:法律|法条|法规)|"
    r"(?<![\u4e00-\u9fff])(?:相关|有关|主要|适用)法律(?:条文|条款|规定)(?:[:：]|\s|如下)|"
    r"法律条文附录"
)
_NOTICE = re.compile(
    r"如\s*不\s*服\s*本?(?:判决|裁定|决定|调解书)?|本(?:判决|裁定|决定)(?:书)?为终审(?:判决|裁定|决定)?|"
    r"本(?:判决|裁定|决定|调解)书?(?:送达后|自送达之日起|经双方当事人签收后)即?(?:发生|具有)法律效力|"
    r"本调解(?:协议|书)经[^。]{0,30}?(?:签收|签字|签名|盖章)后[^。]{0,10}?(?:法律效力|生效)|"
    r"上述协议[^。]{0,40}?本院予以(?:确认|认可)|"
    r"双方当事人[^。]{0,20}?(?:签收|签字)后[^。]{0,10}?(?:法律效力|生效)|"
    r"(?:本|此)(?:判决|裁定)(?:书)?(?:一经)?送达(?:即|后)(?:生效|发生法律效力)"
)
_SIGN_ROLE = re.compile(
    r"(?:审\s*判\s*长|代\s*理\s*审\s*判\s*员|助\s*理\s*审\s*判\s*员|审\s*判\s*员|人\s*民\s*陪\s*审\s*员|"
    r"陪\s*审\s*员|执\s*行\s*长|执\s*行\s*员|法\s*官\s*助\s*理|书\s*记\s*员|(?<![\u4e00-\u9fff])法\s*官)"
)
_CN_DATE = re.compile(
    r"(?:[〇○零OoΟο0一二三四五六七八九]\s*){4,6}年\s*[一二三四五六七八九十]{1,3}\s*月\s*(?:[一二三四五六七八九十]{1,3}|[×X*]{1,2})\s*[日号无]?|"
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
)
_REASONING = re.compile(r"本\s*院\s*认\s*为|本庭认为|(?:本院|合议庭)经?(?:审查|评议|合议)后?认为")
_HISTORY_TOKEN = re.compile(
    r"一案|起诉书|提起公诉|诉至本院|向本院(?:提起|提出|起诉|申请|递交)|不服|申请再审|本院(?:于[^。]{0,20}?)?(?:立案|受理)|"
    r"审理[^。]{0,60}?指控|提起(?:自诉|上诉|控诉)|提出控诉|起诉至本院|申请执行(?!人)"
)
_CLAIMS = re.compile(
    r"诉讼请求|(?:起)?诉称|请求(?:法院|本院)?(?:依法)?判令|上诉请求|上诉(?:人[^。]{0,20}?)?(?:称|理由|提出)|申请再审称|再审请求|"
    r"申请称|请求事项|(?<![书号])(?:公诉机关|检察院|抗诉机关)(?:起诉)?指控(?:称|认为)?[:,,\s]|"
    r"(?<![书号])指控\s*[:,:]|抗诉(?:称|认为|意见|提出)|(?<![书号])(?:公诉机关|检察院)(?:起诉)?认为"
)
_DEFENCE = re.compile(
    r"辩\s*称|答辩(?:称|意见|如下)|辩解(?:称|意见)?|辩护(?:意见|人[^。]{0,40}?(?:提出|认为|辩护))|"
    r"未(?:作|予|提交|提出|进行)?(?:书面)?答辩|述称"
)
_FACTS = re.compile(
    r"经(?:二审|再审)?(?:开庭)?(?:审理|审查)(?:查明|认定)|本院(?:二审|再审)?(?:经)?(?:审理|审查)?(?:查明|认定(?:事实|如下))|"
    r"(?:二审|再审)(?:期间)?查明|原(?:判|审判决|审法院|一审)(?:认定|查明)|一审(?:法院)?(?:认定|查明)|"
    r"本院对[^。]{0,40}?(?:认定|确认)如下|本院(?:经审理)?(?:确认|认定)(?:以下|如下)?事实|"
    r"本院认定(?:的)?(?:案件)?事实(?:如下)?|经审理[,,]?本院认定"
)
_COSTS = re.compile(
    r"(?:案件|一审|二审|本案|再审)?(?:诉讼|案件)?受理费|诉讼费用?|申请费|(?:财产)?保全费|公告费"
)
_CASE_NO_TAIL = re.compile(
    r"\)\s*[^\s()。]{1,30}?号(?:之[一二三四五六七八九十]+)?|[\u4e00-\u9fff]{1,12}字第\d+号"
)


# Who decides: the court itself (本院认为…) or the court below, whose judgment an appeal or a
# retrial recites before its own reasoning (原审法院认为…依照…判决如下 / 原判依照《…》).
_OWN_VOICE = re.compile(
    r"本\s*院\s*认\s*为|本庭认为|(?:本院|合议庭)经?(?:审查|评议|合议|审理)?后?认为|"
    r"本院(?:依照|依据|根据)|本院[^。;,]{0,6}?(?:不予|予以)(?:支持|采纳|采信|确认|认可|准许)|综上"
)
_LOWER = r"(?:原审法院|原一审法院|一审法院|原审判决|原一审判决|一审判决|原判决|原判|原审|该院)"
_LOWER_VOICE = re.compile(
    rf"(?:^|(?<=[。;\n:]))\s*(?:据此\s*,?\s*)?{_LOWER}\s*(?:遂|依法|据此)?\s*"
    r"(?:(?:经[^。]{0,30}?审理[^。]{0,60}?)?认为|经[^。]{0,20}?审理|(?:依照|依据|根据)\s*《|(?:判决|判处)\s*[:])"
    rf"|,\s*(?:据此\s*,?\s*)?{_LOWER}\s*(?:遂|依法)?\s*(?:依照|依据|根据)\s*《"
)
# The sentence that recites a judgment: 本院于…作出(2016)…号刑事判决书，判决：…
_MADE = re.compile(r"作出[^。]{0,50}?号[^。]{0,6}?(?:判决|裁定)(?:书)?\s*[,:]?\s*$")
# What follows a recited judgment: the appeal or protest against it (宣判后，…不服，提出上诉).
_APPEAL_AFTER = re.compile(
    r"(?:^|(?<=[。;\n]))\s*(?![一二三四五六七八九十\d]+\s*[、.])(?:"
    r"(?:一审|原审|原判)?(?:宣判|判决)(?:送达)?后|判后|"
    r"(?!如)[^。,;]{0,30}?(?:不服[^。]{0,30}?(?:提出|提起)(?:上诉|抗诉)|上诉(?:称|提出|理由|认为|请求|意见)|"
    r"提出上诉|提起上诉|(?:提出|提起)的?(?:主要)?抗诉)|抗诉机关[^。]{0,30}?(?:认为|提出|称)|"
    r"[^。,;]{0,30}?人民检察院[^。撤]{0,10}?抗诉)"
)


def _recited(
    text: str, m: re.Match[str], limit: int, heading_end: int, procedure: str | None
) -> bool:
    """Whether the decision formula at m belongs to a judgment this one recites."""
    if procedure in ("second", "retrial") and not _OWN_VOICE.search(text, heading_end, m.start()):
        # an appeal or retrial decides after its own reasoning; before it, it only recites
        return True
    s = _sentence_start(text, m.start(), max(0, m.start() - 600))
    if _MADE.search(text, s, m.start()):
        return True
    lo = max(0, m.start() - 1500)
    lower = [x.start() for x in _LOWER_VOICE.finditer(text, lo, m.start())]
    if lower:
        own = [x.start() for x in _OWN_VOICE.finditer(text, lo, m.start())]
        if not own or own[-1] < lower[-1]:
            return True
    stop = _NOTICE.search(text, m.end(), limit)
    return bool(
        _APPEAL_AFTER.search(text, m.end(), min(stop.start() if stop else limit, m.end() + 1500))
    )


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """Start of the sentence holding pos (after the previous 。/;/newline), not before floor."""
    i = pos
    while i > floor and text[i - 1] not in _BOUNDARY:
        i -= 1
    while i < pos and text[i].isspace():
        i += 1
    return i


_ROLE_WORD = re.compile(
    r"原审原告|原告|上诉人|再审申请人|申请人|申请执行人|公诉机关|自诉人|[\u4e00-\u9fff]{2,20}人民检察院"
)


def _history_start_in_glued(text: str, start: int, token: int) -> int:
    """Texts joined without punctuation glue the last party line to the history sentence
    (…第三人:广州市某联数码科技有限公司原告广州市…一案): start at the role word after the
    last colon of the party lines."""
    colon = text.rfind(":", start, token)
    if colon == -1:
        return start
    m = _ROLE_WORD.search(text, colon + 3, token)
    return m.start() if m else start


def split_sections(
    text: str,
    heading_end: int | None = None,
    *,
    procedure: str | None = None,
    doc_kind: str | None = None,
) -> list[Section]:
    """The parts of a document, in order, covering `text` with no gaps.

    `heading_end` is where the heading (court, kind, case number) ends; found here from the
    case-number shape when not given. `procedure` (first / second / retrial) and `doc_kind`
    (判决书 …), where the heading gave them, tell a recited decision from the document's
    own. Parts that a document lacks are left out.
    """
    n = len(text)
    if heading_end is None:
        heading_end = _guess_heading_end(text)
    marks: dict[str, int] = {}
    if heading_end > 0:
        marks["heading"] = 0
    main_start, appendix, body_from = _find_main_text(text, heading_end, procedure, doc_kind)
    notice_start, sign_start, appendix = _find_signatures(text, body_from, main_start, appendix)
    end_body = main_start if main_start is not None else (notice_start or sign_start or n)
    _mark_body(text, heading_end, end_body, marks)
    if main_start is not None:
        marks["main_text"] = main_start
        cm = _COSTS.search(text, body_from, notice_start or sign_start or appendix or n)
        if cm:
            marks["costs"] = _sentence_start(text, cm.start(), body_from)
    if notice_start is not None:
        marks["appeal_notice"] = notice_start
    if sign_start is not None:
        marks["signatures"] = sign_start
    if appendix is not None and (
        sign_start is not None
        or notice_start is not None
        or main_start is not None
        or text.startswith("附", appendix)
    ):
        marks["appendix"] = appendix
    return _in_order(marks, n, heading_end)


def _find_main_text(
    text: str, heading_end: int, procedure: str | None, doc_kind: str | None
) -> tuple[int | None, int | None, int]:
    """The main text: the last 判决如下 before the appendix (a second-instance judgment
    recites the first-instance one, whose 判决如下 comes earlier). Returns where the main text
    starts, where the appended statutes start, and where the text after the formula starts."""
    n = len(text)
    main_hits = [m for m in _MAIN.finditer(text, heading_end)]
    if doc_kind in ("判决书", "裁定书"):
        # a judgment or ruling decides by 判决/裁定; 达成如下协议 in it is quoted from the facts
        main_hits = [m for m in main_hits if "协议" not in m.group(0)]
    main_start = None
    appendix = None
    if main_hits:
        first_main = main_hits[0].start()
        am = _APPENDIX.search(text, first_main)
        appendix = am.start() if am else None
        limit = appendix if appendix is not None else n
        inside = [m for m in main_hits if m.start() < limit]
        if inside and _recited(text, inside[-1], limit, heading_end, procedure):
            # the last decision formula is the judgment below, recited in the history of an
            # appeal or retrial: this text stops before the court's own decision (a draft)
            inside = []
        if inside:
            main_start = _sentence_start(text, inside[-1].start(), heading_end)
            # "判决如下" usually ends the reasoning sentence ("依照…之规定，判决如下"): the main
            # text proper begins after it.
            main_start = inside[-1].start()
            body_from = inside[-1].end()
        else:
            body_from = heading_end
    else:
        body_from = heading_end

    if appendix is None:
        # a draft cut before its decision may still carry the statutes appended to it: only
        # the explicit heading (附：相关法律条文) followed by a statute counts there
        for am in _APPENDIX.finditer(text, heading_end):
            if text.startswith("附", am.start()) and re.match(
                r"[^。]{0,40}?(?:《|第[0-9零〇一二两三四五六七八九十百千]+条)",
                text[am.end() : am.end() + 60],
            ):
                appendix = am.start()
                break
    return main_start, appendix, body_from


def _find_signatures(
    text: str, body_from: int, main_start: int | None, appendix: int | None
) -> tuple[int | None, int | None, int | None]:
    """The appeal notice and the signature block after the main text. Returns where each
    starts, and where the appended statutes start (statutes appended without a heading are
    found from the signatures)."""
    n = len(text)
    notice = _NOTICE.search(text, body_from)
    notice_start = (
        notice.start() if notice and (appendix is None or notice.start() < appendix) else None
    )
    sign_from = notice.end() if notice_start is not None else body_from
    sign_start = None
    date_hits = list(_CN_DATE.finditer(text, sign_from, appendix if appendix is not None else n))
    for dm in date_hits:
        # the decision date follows the judges' names; the clerk follows the date
        lo = max(sign_from, dm.start() - 400)
        roles = list(_SIGN_ROLE.finditer(text, lo, dm.start()))
        if roles:
            sign_start = roles[0].start()
            break
        after = _SIGN_ROLE.search(text, dm.end(), min(n, dm.end() + 40))
        if after:  # date first, then the names (some templates)
            sign_start = _sentence_start(text, dm.start(), sign_from)
            break
    if sign_start is None and main_start is not None:
        rm = _SIGN_ROLE.search(text, sign_from, appendix if appendix is not None else n)
        if rm and (notice_start is not None or n - rm.start() < 400):
            sign_start = rm.start()
    if (
        sign_start is not None
        and main_start is None
        and notice_start is None
        and text.count("。", sign_start, appendix if appendix is not None else n) > 2
    ):
        # nothing anchors the end of the document (a draft cut before its decision): a role
        # word in the prose (检察员甲、书记员乙出庭支持公诉) is no signature block, which is
        # names and a date, not sentences
        sign_start = None
    if sign_start is not None and appendix is None:
        # statutes appended without a heading: the first 《 after the signatures
        q = text.find("《", sign_start)
        if q != -1:
            appendix = q
    if sign_start is not None and notice_start is not None and sign_start < notice_start:
        sign_start = None
    return notice_start, sign_start, appendix


def _mark_body(text: str, heading_end: int, end_body: int, marks: dict[str, int]) -> None:
    """The body before the main text: party lines, the case history, claims, defence, facts
    and the reasoning, each marked where it starts."""
    rm = _REASONING.search(text, heading_end, end_body)
    reasoning = rm.start() if rm else None
    hist_limit = reasoning if reasoning is not None else end_body
    hm = _HISTORY_TOKEN.search(text, heading_end, hist_limit)
    if hm is not None:
        # a history token after the first claims/defence/facts anchor is in the body (rebuilt
        # texts and drafts may have no history paragraph at all)
        soft = [
            m.start()
            for p in (_CLAIMS, _DEFENCE, _FACTS)
            if (m := p.search(text, heading_end, hm.start()))
        ]
        if soft and min(soft) < _sentence_start(text, hm.start(), heading_end):
            hm = None
    history = _sentence_start(text, hm.start(), heading_end) if hm else None
    if history is not None:
        history = _history_start_in_glued(text, history, hm.start())
    line_end = _party_lines_end(text, heading_end, hist_limit)
    if history is not None and line_end is not None and line_end < history:
        # the party lines ended before the history sentence: what lies between is not parties
        marks["parties"] = heading_end
        marks["history"] = line_end
    elif (history is not None and history > heading_end) or (
        history is None and heading_end < hist_limit
    ):
        marks["parties"] = heading_end
    if history is not None:
        marks["history"] = min(history, marks.get("history", history))
        # the soft anchors start after the history's first sentence
        soft_from = text.find("。", hm.end(), hist_limit)
        soft_from = hm.end() if soft_from == -1 else soft_from + 1
    elif line_end is not None:
        soft_from = line_end
    else:
        soft_from = heading_end
    soft_limit = hist_limit
    prev = soft_from
    for name, pat in (("claims", _CLAIMS), ("defence", _DEFENCE), ("facts", _FACTS)):
        m = pat.search(text, prev, soft_limit)
        if m:
            s = _sentence_start(text, m.start(), prev)
            if s == prev and m.start() - prev > 30:
                # no sentence end before the anchor (a paragraph that ended without 。 lost
                # its line break): the part starts at its anchor, not inside the one before
                s = m.start()
            marks[name] = s
            prev = m.end()
    # text after the party lines that no anchor names (a claims paragraph without 诉称)
    if (
        history is None
        and line_end is not None
        and all(marks.get(k) != line_end for k in ("claims", "defence", "facts"))
    ):
        marks["history"] = line_end
    if reasoning is not None:
        marks["reasoning"] = reasoning


def _in_order(marks: dict[str, int], n: int, heading_end: int) -> list[Section]:
    """Sections from the marks, in document order; a mark out of order is dropped."""
    out: list[Section] = []
    last = -1
    for name in SECTION_NAMES:
        pos = marks.get(name)
        if pos is None or (pos <= last and out):
            continue
        if pos < last:
            continue
        out.append(Section(name, pos, n))
        last = pos
    if not out:
        return [Section("body", 0, n)] if n else []
    if out[0].start > 0:
        out.insert(0, Section("heading" if heading_end > 0 else "body", 0, out[0].start))
    for a, b in itertools.pairwise(out):
        a.end = b.start
    return [s for s in out if s.end > s.start]


_PARTY_LINE = re.compile(
    r"\s*(?:上诉人|被上诉人|原审|原告|被告|第三人|再审申请人|被申请人|申请人|申请执行人|被执行人|公诉机关|原公诉机关|抗诉机关|"
    r"自诉人|附带民事|委托|诉讼代理人|诉讼代表人|特别授权|指定辩护人|辩护人|法定代表人|法定代理人|负责人|主要负责人|经营者|投资人|"
    r"执行事务合伙人|代表人|被害人|罪犯|异议人|案外人|复议|申诉人|被申诉人|赔偿请求人|赔偿义务机关|一审|二审)"
)


_AGENT_LINE = re.compile(
    r"\s*(?:(?:[二三四五六七八九十两]|全体|共同|上列|以上)[\u4e00-\u9fff]{0,8}?(?:委托|代理人|辩护人|诉讼代表人)|委托|诉讼代理人|特别授权|指定辩护人|辩护人|法定代表人|法定代理人|负责人|主要负责人|经营者|投资人|执行事务合伙人|代表人)"
)


def _plausible_entry(line: str) -> bool:
    from courtqc.extract.parties import party_line_ok

    return party_line_ok(line)


def _party_lines_end(text: str, start: int, limit: int) -> int | None:
    """Where the party lines stop, for texts laid out one paragraph per line: the first line
    after the heading that does not open with a role word. None for one-line texts."""
    if text.count("\n", start, min(limit, start + 3000)) < 2:
        return None
    pos = start
    seen = False
    colon = None  # party lines written 原告：… all use the colon
    while pos < limit:
        nl = text.find("\n", pos, limit)
        line_end = limit if nl == -1 else nl
        line = text[pos:line_end]
        if line.strip():
            m = _PARTY_LINE.match(line) or _AGENT_LINE.match(line)
            ok = m is not None and not re.match(
                r"\s*\S{1,6}?(?:诉称|辩称|述称|称|认为|指控|起诉)", line
            )
            if ok and not _AGENT_LINE.match(line):
                # a role word then a name: 上诉人(原审原告):张三, … — not 上诉人签名…
                ok = _plausible_entry(line)
                has_colon = bool(re.match(r"\s*\S{1,12}?(?:\([^()]{1,30}\))?\s*:", line))
                if ok and colon is None:
                    colon = has_colon
                elif ok and colon and not has_colon:
                    ok = False
            if not ok:
                return pos if seen else None
            seen = True
        if nl == -1:
            return None
        pos = nl + 1
    return None


def _guess_heading_end(text: str) -> int:
    """End of the case number near the top, for callers that did not parse the heading."""
    m = _CASE_NO_TAIL.search(text, 0, min(len(text), 600))
    if not m:
        return 0
    end = m.end()
    while end < len(text) and text[end] in " :\n":
        end += 1
    return end


def section_map(sections: list[Section]) -> dict[str, Section]:
    return {s.name: s for s in sections}
