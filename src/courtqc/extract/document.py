"""`extract(text)`: split the document, run the readers and the pattern rules, and gather
everything into one `Extraction` whose info points carry their spans and rules."""

from __future__ import annotations

import bisect
import re
from typing import Any

from courtqc.extract import articles, civil, criminal, filings, kinds, parties, points, tail
from courtqc.extract.header import Heading, procedure_from_text, read_heading
from courtqc.extract.model import Defendant, Extraction, InfoPoint, Party, Section
from courtqc.extract.patterns import record as record_patterns
from courtqc.extract.patterns import trial as trial_patterns
from courtqc.extract.patterns.rule import apply_value
from courtqc.extract.sections import split_sections
from courtqc.extract.text import check_input, normalise
from courtqc.extract.trial import article_role, read_disputed_issues

_SECTION_ORDER = points.ANY


class _Doc:
    """The normalised text, the original, and the sections by name."""

    __slots__ = ("ex", "n", "orig", "sections", "text")

    def __init__(self, text: str, orig: str, sections: list[Section], ex: Extraction) -> None:
        self.text = text
        self.orig = orig
        self.sections = {s.name: s for s in sections}
        self.n = len(text)
        self.ex = ex

    def span(self, *names: str) -> list[tuple[int, int]]:
        return [(s.start, s.end) for nm in names if (s := self.sections.get(nm))]

    def add(
        self,
        key: str,
        value: Any,
        start: int | None,
        end: int | None,
        rule: str | None = None,
        subject: str | None = None,
    ) -> None:
        if value is None or value == "" or value == []:
            return
        self.ex.info_points.append(InfoPoint(key, value, start, end, rule or key, subject))


_CAUSE_CUT = re.compile(
    r"(?:以下简称|简称)[^)]*\)|\)|[,、与诉及等]|(?:原审|一审)?(?:原告|被告|上诉人|被上诉人|申请人|被申请人|第三人|被告人)"
)
_TITLE_TAIL = re.compile(
    r"(?:一案)?(?:的)?(?:民事|行政|刑事)?(?:一审|二审|再审|重审)?(?:民事|行政|刑事)?(?:判决书|裁定书|调解书|决定书)$"
)


def _strip_names(seg: str, names: list[str]) -> str:
    cut = 0
    for n in names:
        if n and len(n) >= 2:
            i = seg.rfind(n)
            if i != -1:
                cut = max(cut, i + len(n))
    for m in _CAUSE_CUT.finditer(seg):
        if m.end() > cut:
            cut = m.end()
    cause = seg[cut:].strip()
    # a party masked in the party lines (郑某某) may be named in full in the title
    # (…、郑学野保险纠纷): its surname and length mark where the cause begins
    for n in names:
        m = re.fullmatch(r"([\u4e00-\u9fff])(?:某+|\*+|×+|X+)", n or "")
        if m and cause.startswith(m.group(1)) and len(cause) > len(n) + 1:
            cause = cause[len(n) :]
            break
    # a body's name the party lines mask (浙江**商贸有限公司) ends with its legal form
    m = re.search(
        r".*(?:有限责任公司|有限公司|股份公司|分公司|支公司|集团|合作社|\(有限合伙\))", cause
    )
    if m and len(cause) - m.end() >= 2:
        cause = cause[m.end() :]
    return re.sub(r"^(?:之间|间|的|因|就|不服)", "", cause)


def _plausible_cause(c: str | None) -> bool:
    return bool(c) and 2 <= len(c) <= 30 and not re.search(r"[0-9年月日号,。:;《]", c)  # type: ignore[arg-type]


def _cause(
    doc: _Doc, names: list[str], title: str | None
) -> tuple[str | None, int | None, int | None]:
    """The cause (…纠纷 / 行政处罚 …): the words before 一案 in the history sentence, or at the
    end of the title line, once the party names before it are cut off."""
    t = doc.text
    found: list[tuple[str, int, int]] = []
    for s, e in doc.span("history"):
        stop = t.find("一案", s, min(e, s + 400))
        if stop == -1:
            continue
        seg_start = max(s, stop - 80)
        cause = _strip_names(t[seg_start:stop], names)
        cause = re.sub(r"(?:上诉|再审|申请再审|申请|抗诉)$", "", cause)
        if _plausible_cause(cause):
            found.append((cause, stop - len(cause), stop))
    if title:
        title = re.sub(r"\s+", "", title)  # 一审民事判 决 书: a spaced-out kind
        m = _TITLE_TAIL.search(title)
        head = title[: m.start()] if m else title
        cause = _strip_names(head, names)
        if _plausible_cause(cause):
            i = t.find(cause, 0, len(title) + 5)
            found.append((cause, i if i >= 0 else None, i + len(cause) if i >= 0 else None))  # type: ignore[arg-type]
    if not found:
        return None, None, None
    if len(found) == 2 and found[0][0] != found[1][0]:
        a, b = found[0][0], found[1][0]
        # one reading still starts with a name the other cut off: keep the shorter suffix
        if a.endswith(b):
            return found[1]
        if b.endswith(a):
            return found[0]
    return found[0]


def extract(
    text: str,
    *,
    source: dict[str, Any] | None = None,
    checks: bool = False,
    llm: Any = None,
) -> Extraction:
    """Extract info points from one judgment, ruling or mediation document.

    Raises ExtractInputError for empty, binary or non-Chinese input; any other text gives an
    Extraction (fields the document does not state are None / empty, never guessed).
    `checks=True` adds the legal checks' findings (`check.*` points, courtqc.extract.checks);
    `llm` (a courtqc.extract.llm.LLMConfig) lets an OpenAI-compatible model fill contract
    fields the rules left empty, marked `llm:<model>` — off unless given.
    """
    ex = _extract(text, source)
    if checks:
        from courtqc.extract.checks import run_checks

        run_checks(ex, normalise(text))
    if llm is not None:
        from courtqc.extract.llm import fill_missing

        fill_missing(ex, text, llm)
    return ex


def _extract(text: str, source: dict[str, Any] | None) -> Extraction:
    """The stages of a judgment, ruling or mediation document, in the order it is written;
    a filing (complaint, indictment, notice …) goes to its own reader instead."""
    orig = check_input(text)
    t = normalise(orig)
    ex = Extraction(source=source)
    km = kinds.classify(t)
    h = read_heading(t)
    if km is not None and km.reader == "filing" and (km.rule != "cue" or h.doc_kind is None):
        return _extract_filing(t, orig, km, ex)
    procedure = h.procedure or procedure_from_text(t, h.title, h.doc_title)
    sections = split_sections(t, h.end, procedure=procedure, doc_kind=h.doc_kind)
    ex.sections = sections
    doc = _Doc(t, orig, sections, ex)
    for s in sections:
        doc.add("section", s.name, s.start, s.end, "sections")

    _read_heading_points(doc, h, procedure)
    plist, names, aliases = _read_party_lines(doc, h)
    _read_signatures(doc)
    is_criminal = ex.family == "criminal" or (
        ex.family is None and any(p.role == "criminal_defendant" for p in plist)
    )
    if is_criminal:
        _read_sentences(doc, plist)
        _complete_the_accused(doc, plist)
    _record_parties(doc, plist)
    _read_cause(doc, names, h, is_criminal)
    _read_cited_articles(doc)
    _read_main_text_items(doc, names, aliases, is_criminal)
    _read_costs(doc, names, aliases, is_criminal)
    _read_claims(doc, is_criminal)
    main = doc.sections.get("main_text")
    if main is not None:
        _outcomes(doc, main.start, _main_end(doc), ex.procedure)
    if is_criminal:
        _read_victims(doc)
    _run_patterns(doc)
    read_disputed_issues(doc)
    _settle_doc_type(doc, km, h)
    return ex


def _read_heading_points(doc: _Doc, h: Heading, procedure: str | None) -> None:
    """The heading: court, document kind, title, case number (parsed), family, procedure."""
    ex, orig = doc.ex, doc.orig
    ex.court = h.court
    ex.doc_kind = h.doc_kind
    ex.doc_title = h.doc_title
    ex.title = h.title
    ex.family = h.family
    if h.case_no is not None and h.case_no_span:
        cn = h.case_no
        ex.case_no = h.case_no_text
        ex.case_no_parsed = {
            "year": cn.year,
            "court_code": cn.court_code,
            "specialist": cn.specialist,
            "type_code": cn.type_code,
            "seq": cn.seq,
            "suffix": cn.suffix,
            "old_style": cn.old_style,
            "canonical": str(cn),
        }
        s, e = h.case_no_span
        doc.add("case_no", ex.case_no, s, e, "heading.case_no")
        doc.add("case_no.canonical", str(cn), s, e, "heading.case_no")
        doc.add("case_no.raw", orig[s:e].strip(), s, e, "heading.case_no")
        doc.add("case_no.year", cn.year, s, e, "heading.case_no")
        doc.add("case_no.court_code", cn.court_code, s, e, "heading.case_no")
        doc.add("case_no.type_code", cn.type_code, s, e, "heading.case_no")
        doc.add("case_no.seq", cn.seq, s, e, "heading.case_no")
        if cn.old_style:
            doc.add("case_no.old_style", True, s, e, "heading.case_no")
    ex.procedure = procedure
    if h.court_span:
        doc.add("court", h.court, *h.court_span, "heading.court")
    if h.kind_span:
        doc.add("doc_kind", h.doc_kind, *h.kind_span, "heading.kind")
        doc.add("doc_title", h.doc_title, *h.kind_span, "heading.kind")
    if h.title_span:
        doc.add("title", h.title, *h.title_span, "heading.title")
    span_h = h.case_no_span or (None, None)
    doc.add("family", ex.family, *span_h, "heading.family")
    doc.add("procedure", ex.procedure, *span_h, "heading.procedure")
    doc.add("procedure_detail", h.procedure_detail, *span_h, "heading.procedure")


def _read_party_lines(doc: _Doc, h: Heading) -> tuple[list[Party], list[str], dict[str, str]]:
    """The party lines, the short names the body uses for them (以下简称…, 又名…), and the
    procuratorate. Returns the parties, every name to look for, and short name → name."""
    t, orig, ex = doc.text, doc.orig, doc.ex
    plist: list[Party] = []
    ps = doc.sections.get("parties")
    if ps is not None:
        plist = parties.read_parties(t, ps.start, ps.end, orig)
    main = doc.sections.get("main_text")
    body_end = main.start if main else len(t)
    abbr = parties.abbreviations(t, 0, body_end)
    # another name in the party line (宋高森，又名ＸＸ豪): the body of the judgment may use it
    for p in plist:
        if p.end is not None:
            m = _ALSO_KNOWN.match(t, p.end, min(len(t), p.end + 40))
            if m and parties.plausible_name(m.group("a")):
                abbr.setdefault(m.group("a"), normalise(p.name))
    # names are matched in the normalised text and reported as the parties write them
    as_written = {normalise(p.name): p.name for p in plist}
    aliases = {short: as_written.get(full, full) for short, full in abbr.items()}
    aliases.update({k: v for k, v in as_written.items() if k != v})
    names = list(as_written) + list(abbr)
    for p in plist:
        if p.role == "prosecutor" and ex.prosecutor is None:
            ex.prosecutor = p.name
    if (
        ex.prosecutor is None
        and ex.family in (None, "criminal")
        and ex.procedure in (None, "first")
    ):
        # no party line for it (texts cut before the parties): the procuratorate that indicts
        # (after the heading: a case-title line may name the procuratorate too)
        m = _INDICTING.search(t, h.end, min(body_end, h.end + 3000))
        if m:
            v = re.split(r"审理|受理|法院|的|对|终结", m.group("v"))[-1]
            if re.search(r"人民检察院(?:[\u4e00-\u9fff]{0,12}?分院)?$", v) and len(v) > 5:
                ex.prosecutor = v
                doc.add("prosecutor", v, m.end("v") - len(v), m.end("v"), "history.prosecutor")
    return plist, names, aliases


def _read_signatures(doc: _Doc) -> None:
    """The signature block: the panel, the clerk, assistants, recorders, the date."""
    ex, t = doc.ex, doc.text
    sig = doc.sections.get("signatures")
    if sig is None:
        return
    tl = tail.read_tail(t, sig.start, sig.end)
    ex.judges = [j for j, _, _ in tl.judges]
    for j, s, e in tl.judges:
        doc.add("judge", f"{j.role}:{j.name}", s, e, "signatures", j.name)
        if j.role == "presiding_judge":
            doc.add("judge.presiding", j.name, s, e, "signatures")
        if j.role == "juror":
            doc.add("judge.juror", j.name, s, e, "signatures")
    if tl.judges:
        doc.add("judge.count", len(tl.judges), sig.start, sig.end, "signatures")
    if tl.clerks:
        ex.clerk = tl.clerks[0][0]
        for name, _role, s, e in tl.clerks:
            doc.add("clerk", name, s, e, "signatures")
    for name, s, e in tl.assistants:
        doc.add("judge_assistant", name, s, e, "signatures")
    for name, s, e in tl.recorders:
        doc.add("court_recorder", name, s, e, "signatures")
    if tl.date:
        ex.decision_date = tl.date
        doc.add("decision_date", tl.date, *(tl.date_span or (None, None)), "signatures.date")


def _read_sentences(doc: _Doc, plist: list[Party]) -> None:
    """Criminal sentences: each defendant's charges and penalty in the main text, the
    first-instance sentence where this judgment upholds it."""
    t, orig, ex, sections = doc.text, doc.orig, doc.ex, doc.ex.sections
    main = doc.sections.get("main_text")
    if main is None:
        return
    mt_end = _main_end(doc)
    ds = criminal.read_defendants(t, main.start, mt_end)
    body_from = sections[0].end if sections else 0
    if not any(d.penalty for d in ds) and criminal.upheld(t, main.start, mt_end):
        ds = criminal.read_original_sentences(t, body_from, main.start) or ds
    elif criminal.upholds_by_reference(t, main.start, mt_end):
        orig_ds = criminal.read_original_sentences(t, body_from, main.start)
        # upheld by this judgment's own item, less the convictions another item sets aside
        # (二、撤销…对被告人甲犯帮助毁灭证据罪的判决部分)
        gone = criminal.set_aside_charges(t, main.start, mt_end)
        own = {c for d in ds for c in d.charges}
        for od in orig_ds:
            od.from_original = None
            od.charges = [c for c in od.charges if c not in gone or c in own]
        ds = criminal.merge_into(ds, orig_ds)
    ds = _name_the_unnamed(ds, plist)
    ex.defendants = [d for d in ds if d.charges or d.penalty]
    for d in ex.defendants:  # names as written (the normalised text has no full-width space)
        if d.start is not None and d.end is not None and normalise(orig[d.start : d.end]) == d.name:
            d.name = orig[d.start : d.end]
    for d in ex.defendants:
        s, e = d.start, d.end
        doc.add("defendant", d.name, s, e, "main_text.sentence", d.name)
        for c in d.charges:
            doc.add("defendant.charge", c, s, e, "main_text.sentence", d.name)
        for f in (*criminal.SENTENCE_FIELDS, "from_original"):
            doc.add(f"defendant.{f}", getattr(d, f), s, e, "main_text.sentence", d.name)


def _complete_the_accused(doc: _Doc, plist: list[Party]) -> None:
    """Criminal defendants the party lines miss: named in the accusation where a document has
    no party lines, or only in the main text (cut-off or pseudonymised headers)."""
    t, orig, ex = doc.text, doc.orig, doc.ex
    # criminal documents without party lines name the defendants in the accusation
    if not plist and "history" in doc.sections:
        hs = doc.sections["history"]
        seen_names: set[str] = set()
        for m in _ACCUSED.finditer(t, hs.start, min(hs.end, hs.start + 600)):
            items = list(_ACCUSED_ITEM.finditer(t, m.start("v"), m.end("v")))
            if not all(parties.plausible_name(it.group("n")) for it in items):
                continue  # a list of evidence or facts, not of the accused
            for item in items:
                nm = item.group("n")
                if nm not in seen_names:
                    seen_names.add(nm)
                    plist.append(
                        Party(
                            role="criminal_defendant",
                            name=orig[item.start("n") : item.end("n")],
                            start=item.start("n"),
                            end=item.end("n"),
                            kind="legal" if "单位" in t[m.start() : item.start("n")][-4:] else None,
                        )
                    )
    # criminal defendants missing from the parties section (cut-off or pseudonymised headers)
    known = {p.name for p in plist}
    accused = [p for p in plist if p.role in ("criminal_defendant", "appellant")]
    missing = [d for d in ex.defendants if d.name not in known]
    if len(accused) == 1 and len(ex.defendants) == 1 and missing:
        # one accused, one sentenced, two spellings (陈某 in the heading, 陈了磊 in the main
        # text: pseudonymised unevenly): the same person, not a second party
        d = missing[0]
        doc.add(
            "defendant.other_name",
            d.name,
            d.start,
            d.end,
            "main_text.sentence",
            accused[0].name,
        )
        missing = []
    for d in missing:
        if d.name not in known:
            plist.append(
                Party(role="criminal_defendant", name=d.name, kind=None, start=d.start, end=d.end)
            )
            known.add(d.name)


def _record_parties(doc: _Doc, plist: list[Party]) -> None:
    """The parties and their details as info points; the procuratorate is the `prosecutor`
    field, not a party (as the evaluation labels it)."""
    ex = doc.ex
    ex.parties = [p for p in plist if p.role != "prosecutor"]
    for p in plist:
        s, e = p.start, p.end
        doc.add("party", f"{p.role}:{p.name}", s, e, "parties", p.name)
        doc.add("party.role_text", p.role_text, s, e, "parties", p.name)
        doc.add("party.original_role", p.original_role, s, e, "parties", p.name)
        for f in (
            "kind",
            "gender",
            "birth_date",
            "ethnicity",
            "address",
            "id_masked",
            "uscc",
            "legal_representative",
        ):
            doc.add(f"party.{f}", getattr(p, f), s, e, "parties", p.name)
        for a in p.agents:
            doc.add("party.agent", a.name, s, e, "parties", p.name)
            doc.add("party.agent_firm", a.firm, s, e, "parties", p.name)
            doc.add("party.agent_kind", a.kind, s, e, "parties", p.name)
        if p.role == "prosecutor" and p.name == ex.prosecutor:
            doc.add("prosecutor", p.name, s, e, "parties")


def _read_cause(doc: _Doc, names: list[str], h: Heading, is_criminal: bool) -> None:
    """The cause: the charge of the accusation (criminal), else the words before 一案."""
    t, ex = doc.text, doc.ex
    if is_criminal:
        m = (
            re.search(
                r"犯(?P<v>[^,。;]{1,40}?)罪",
                t[doc.sections["history"].start : doc.sections["history"].end],
            )
            if "history" in doc.sections
            else None
        )
        if m:
            hs = doc.sections["history"].start
            ex.cause = (
                criminal._split_charges(m.group("v") + "罪")[0]
                if criminal._split_charges(m.group("v") + "罪")
                else None
            )
            doc.add("cause", ex.cause, hs + m.start("v"), hs + m.end("v"), "history.cause")
        elif ex.defendants and ex.defendants[0].charges:
            ex.cause = ex.defendants[0].charges[0]
    else:
        cause, cs, ce = _cause(doc, names, h.title)
        ex.cause = cause
        doc.add("cause", cause, cs, ce, "history.cause")


def _read_cited_articles(doc: _Doc) -> None:
    """The court's own citations: the basis clause, else the reasoning and main text."""
    t, ex = doc.text, doc.ex
    cites: list[tuple[Any, int, int]] = []
    basis = _basis_clause(doc)
    if basis is not None:
        cites = articles.find_citations(t, *basis)
    if not cites:
        for s, e in doc.span("reasoning", "main_text"):
            cites.extend(articles.find_citations(t, s, e))
    cites = articles.dedupe(cites)
    ex.cited_articles = [c for c, _, _ in cites]
    laws: set[str] = set()
    for c, s, e in cites:
        doc.add(
            "cited_article",
            f"{c.law} 第{c.article}条" + (f"之{c.suffix}" if c.suffix else ""),
            s,
            e,
            "reasoning.citation",
        )
        doc.add(
            "cited_article.role",
            article_role(c),
            s,
            e,
            "reasoning.citation",
            f"{c.law} 第{c.article}条",
        )
        if c.law not in laws:
            laws.add(c.law)
            doc.add("cited_law", c.law, s, e, "reasoning.citation")
    if cites:
        doc.add("cited_article.count", len(cites), None, None, "reasoning.citation")


def _read_main_text_items(
    doc: _Doc, names: list[str], aliases: dict[str, str], is_criminal: bool
) -> None:
    """The main text's money items (who pays whom, how much, interest), their total and the
    number of items."""
    t, ex = doc.text, doc.ex
    main = doc.sections.get("main_text")
    if main is None:
        return
    mt_end = _main_end(doc, stop_at_costs=True)
    body_from = _after_colon(t, main.start, mt_end)
    item_names = names + [normalise(d.name) for d in ex.defendants]
    items = civil.read_items(t, body_from, mt_end, item_names, aliases, criminal=is_criminal)
    ex.main_text_items = items
    total = 0.0
    for it in items:
        subj = f"{it.payer or '?'}→{it.payee or '?'}"
        doc.add("main_text.item", it.amount_yuan, it.start, it.end, "main_text.item", subj)
        doc.add("main_text.kind", it.kind, it.start, it.end, "main_text.item", subj)
        doc.add("main_text.payer", it.payer, it.start, it.end, "main_text.item", subj)
        doc.add("main_text.payee", it.payee, it.start, it.end, "main_text.item", subj)
        for f in ("interest_basis", "interest_rate_text", "interest_from"):
            doc.add(f"main_text.{f}", getattr(it, f), it.start, it.end, "main_text.item", subj)
        if it.amount_yuan and it.kind not in ("interest", "costs"):
            total += it.amount_yuan
    if total:
        doc.add("main_text.total_awarded", round(total, 2), main.start, mt_end, "main_text.item")
    nums = [no for _, _, no in civil.split_items(t, body_from, mt_end) if no]
    if nums and not is_criminal:
        doc.add("main_text.item_count", max(nums), main.start, mt_end, "main_text.items")


def _read_costs(doc: _Doc, names: list[str], aliases: dict[str, str], is_criminal: bool) -> None:
    """Court costs: the fees, what was charged, who bears how much."""
    t, ex = doc.text, doc.ex
    main = doc.sections.get("main_text")
    costs_span = doc.sections.get("costs")
    if costs_span is None and (main is None or is_criminal):
        return
    cs, ce = (costs_span.start, costs_span.end) if costs_span else (main.start, _main_end(doc))  # type: ignore[union-attr]
    co = civil.read_costs(t, cs, ce, names, aliases)
    for what, amt, s, e in co.fees:
        doc.add("costs.fee", f"{what}:{amt}", s, e, "costs")
        if "受理费" in what and amt is not None:
            doc.add("costs.acceptance_fee", amt, s, e, "costs")
    if co.fees:
        doc.add("costs.charged", co.charged, co.fees[0][2], co.fees[0][3], "costs")
    for who, amt, s, e in co.bearers:
        who = _by_role(who, ex.parties)
        doc.add("costs.bearer", who, s, e, "costs", who)
        doc.add("costs.bearer_amount", amt, s, e, "costs", who)


def _read_claims(doc: _Doc, is_criminal: bool) -> None:
    """The claims (诉讼请求) of a civil or administrative case and their total."""
    t = doc.text
    cl = doc.sections.get("claims")
    if cl is None or is_criminal:
        return
    claims = civil.read_claims(t, cl.start, cl.end)
    tot = 0.0
    for txt, amt, s, e in claims:
        doc.add("claims.item", re.sub(r"\s+", "", txt).strip(":;,。")[:200], s, e, "claims")
        doc.add("claims.amount", amt, s, e, "claims")
        tot += amt or 0
    if tot:
        doc.add("claims.total", round(tot, 2), cl.start, cl.end, "claims")


def _read_victims(doc: _Doc) -> None:
    """Victims named in the accusation and the facts (被害人甲、乙…)."""
    t, orig = doc.text, doc.orig
    seen: set[str] = set()
    for a, b in doc.span("history", "claims", "facts"):
        for m in _VICTIMS.finditer(t, a, b):
            pos = m.start("v")
            for nm in m.group("v").split("、"):
                if nm not in seen and not _NOT_VICTIM.search(nm) and parties.plausible_name(nm):
                    seen.add(nm)
                    doc.add(
                        "crime.victim",
                        orig[pos : pos + len(nm)],
                        pos,
                        pos + len(nm),
                        "facts.victim",
                        nm,
                    )
                pos += len(nm) + 1


def _settle_doc_type(doc: _Doc, km: kinds.KindMatch | None, h: Heading) -> None:
    """The kind's code (issue 18): the heading's kind decides for court decisions; a decision
    (拘留, 罚款, 回避 …) names 被拘留人 / 被罚款人 and is signed by the president."""
    t, orig, ex = doc.text, doc.orig, doc.ex
    ex.doc_type = _DOC_TYPE.get(ex.doc_kind or "")
    if km is not None and (ex.doc_type is None or km.zh == ex.doc_kind):
        ex.doc_type = km.code
        if ex.doc_kind is None:
            ex.doc_kind, ex.doc_title = km.zh, km.title
            ex.family = ex.family or km.family
    if ex.doc_type == "ruling" and ex.family == "enforcement":
        ex.doc_type = "enforcement_ruling"
    if ex.claimed_amount is None:
        ex.claimed_amount = ex.point("claims.total")
    if km is not None and km.code == "decision":
        if not ex.parties:
            ex.parties = filings.parties_of(t, orig, km)
            for p in ex.parties:
                doc.add("party", f"{p.role}:{p.name}", p.start, p.end, "filing.parties", p.name)
        if ex.decision_date is None:
            fd = filings.foot_date(t)
            if fd and fd[0]:
                ex.decision_date = fd[0]
                doc.add("decision_date", fd[0], fd[1], fd[2], "filing.date")
    doc.add("doc_type", ex.doc_type, *(h.kind_span or (None, None)), "kinds")


_DOC_TYPE = {
    "判决书": "judgment",
    "裁定书": "ruling",
    "调解书": "mediation",
    "决定书": "decision",
    "赔偿决定书": "decision",
    "支付令": "payment_order",
    "通知书": "notice",
}


def _extract_filing(t: str, orig: str, km: kinds.KindMatch, ex: Extraction) -> Extraction:
    """A complaint, defence, indictment, transcript, notice … (courtqc.extract.filings)."""

    def add(
        key: str,
        value: Any,
        start: int | None,
        end: int | None,
        rule: str,
        subject: str | None = None,
    ) -> None:
        if value is None or value == "" or value == []:
            return
        ex.info_points.append(InfoPoint(key, value, start, end, rule, subject))

    # OCR puts stray blanks after characters (北京市 朝阳区, 沪 0115民初, 上海 JMC, 电子 (上海)):
    # the reader reads the text without them and its spans are mapped back
    keep = [
        i
        for i, c in enumerate(t)
        if not (
            c == " "
            and 0 < i < len(t) - 1
            and _cjk(t[i - 1])
            and (_cjk(t[i + 1]) or (t[i + 1].isascii() and t[i + 1].isalnum()) or t[i + 1] == "(")
        )
    ]
    if len(keep) < len(t):
        t2 = "".join(t[i] for i in keep)
        o2 = "".join(orig[i] for i in keep)
        keep.append(len(t))
        inner: list[InfoPoint] = []

        def add2(
            key: str,
            value: Any,
            start: int | None,
            end: int | None,
            rule: str,
            subject: str | None = None,
        ) -> None:
            if value is None or value == "" or value == []:
                return
            inner.append(InfoPoint(key, value, start, end, rule, subject))

        km2 = kinds.KindMatch(**{f: getattr(km, f) for f in km.__slots__})
        km2.line_start = _squeezed_pos(keep, km.line_start)
        km2.line_end = _squeezed_pos(keep, km.line_end)
        _fill_filing(t2, o2, km2, ex, add2)
        for p in inner:
            p.start = keep[p.start] if p.start is not None else None
            p.end = keep[p.end] if p.end is not None else None
            ex.info_points.append(p)
        for party in ex.parties:
            party.start = keep[party.start] if party.start is not None else None
            party.end = keep[party.end] if party.end is not None else None
        return ex
    _fill_filing(t, orig, km, ex, add)
    return ex


def _cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _squeezed_pos(keep: list[int], pos: int | None) -> int | None:
    """Position in the squeezed text of original position pos."""
    if pos is None:
        return None
    return bisect.bisect_left(keep, pos)


def _fill_filing(t: str, orig: str, km: kinds.KindMatch, ex: Extraction, add: Any) -> None:
    ex.doc_type, ex.doc_kind, ex.doc_title, ex.family = km.code, km.zh, km.title, km.family
    add("doc_type", km.code, km.line_start, km.line_end, f"kinds.{km.rule}")
    add("doc_kind", km.zh, km.line_start, km.line_end, f"kinds.{km.rule}")
    add("family", km.family, km.line_start, km.line_end, "kinds")
    add("issuer", km.issuer, km.line_start, km.line_end, "kinds")
    filings.read_filing(t, orig, km, ex, add)
    if km.issuer == "court" and ex.filing_date and ex.decision_date is None:
        ex.decision_date = ex.filing_date


_ALSO_KNOWN = re.compile(
    r"\s*[,(]\s*(?:又名|曾用名|别名|化名|原名)\s*:?\s*(?P<a>[^,;。()\s:]{1,20})"
)
# The procuratorate whose indictment opens the history: 甲县人民检察院(于2018年1月2日)以…起诉书指控
_INDICTING = re.compile(
    r"(?:^|(?<=[。,;:\s号由经]))(?:公诉机关)?(?P<v>[\u4e00-\u9fff]{2,40}?人民检察院(?:[\u4e00-\u9fff]{0,12}?分院)?)"
    r"(?:于[^。,]{0,20}?)?以[^。]{0,60}?(?:起诉书|指控|提起公诉)"
)
# The accusation names the accused as a list before the charge: 指控被告人甲、乙犯…罪 /
# 被告单位X(以下简称Y)、被告人Z涉嫌犯…罪一案 / 指控甲犯A罪；被告人乙犯B罪. Only names that
# the charge follows count: elsewhere 被告人 starts sentences of the facts (被告人供述…).
_ACC_NAME = r"[^\s,;。:犯()、]{1,30}?(?:\([^()]{0,30}\))?"
_ACCUSED = re.compile(
    rf"(?:(?:原审)?被告(?:人|单位)|指控(?!的?(?:原审|被告))的?)(?P<v>{_ACC_NAME}"
    rf"(?:、(?:原审)?(?:被告人|被告单位)?{_ACC_NAME})*?)(?=(?:涉嫌)?犯(?!罪)|一案)"
)
_ACCUSED_ITEM = re.compile(r"(?:原审)?(?:被告人|被告单位)?(?P<n>[^、()]+)(?:\([^()]*\))?")
_VNAME = r"[\u4e00-\u9fff·](?:[ ]?[\u4e00-\u9fff·]){1,3}?"
_VICTIMS = re.compile(
    rf"被害(?:人|单位)\s*(?P<v>{_VNAME}(?:、{_VNAME})*)(?=[,;。、()的被在向与将等家处]|$)"
)
_NOT_VICTIM = re.compile(
    r"陈述|证言|证人|书证|物证|鉴定|笔录|谅解|报案|辨认|损失|财物|身体|家属|亲属|人身|住处|住宅|经济"
)


def _name_the_unnamed(ds: list[Defendant], plist: list[Party]) -> list[Defendant]:
    """被告人犯…罪 without a name means the one defendant of the case; with several, the
    sentence cannot be assigned and is dropped rather than guessed."""
    if not any(d.name == "" for d in ds):
        return ds
    accused = [p for p in plist if p.role in ("criminal_defendant", "appellant")]
    named = {d.name for d in ds if d.name}
    out = []
    for d in ds:
        if d.name == "":
            if len(accused) != 1 or accused[0].name in named:
                continue
            p = accused[0]
            d.name, d.start, d.end = normalise(p.name), p.start, p.end
        out.append(d)
    return out


_BASIS_WORD = re.compile(r"依照|依据|根据|按照|援引|适用")


def _basis_clause(doc: _Doc) -> tuple[int, int] | None:
    """The basis clause: the sentence that ends in 判决如下 (or the one before it, when a 。
    separates them), from its last 依照/根据 on."""
    main = doc.sections.get("main_text")
    if main is None:
        return None
    t = doc.text
    end = main.start
    floor = max(0, end - 2500)
    for _ in range(2):
        s = end
        depth = 0  # inside “…” (statute text quoted in the clause) a 。 does not end it
        while s > floor:
            c = t[s - 1]
            if c == "”":
                depth += 1
            elif c == "“":
                depth = max(0, depth - 1)
            elif c in "。\n" and depth == 0:
                break
            s -= 1
        if "《" in t[s:end]:
            words = [m for m in _BASIS_WORD.finditer(t, s, end) if t.find("《", m.end(), end) != -1]
            start = words[-1].start() if words else s
            # a trigger inside the last sentence may follow the first citations (…第X条，
            # 参照《…》…): keep from the first trigger that starts the citation run
            for w in words:
                if t.find("《", w.end(), end) - w.end() <= 2:
                    start = w.start()
                    break
            return start, end
        end = s - 1 if s > floor else floor
        if end <= floor:
            break
    return None


_ROLE_WORDS = {
    "原告": "plaintiff",
    "被告": "defendant",
    "第三人": "third_party",
    "上诉人": "appellant",
    "被上诉人": "appellee",
    "申请人": "applicant",
    "被申请人": "respondent",
}


def _by_role(who: str, plist: list[Party]) -> str:
    """由被告负担 / 由两被告负担: the parties of that role, by name."""
    m = re.fullmatch(
        r"(?:[二两三四五六七八九十]|全体|各)?(原告|被告|第三人|上诉人|被上诉人|申请人|被申请人)",
        who,
    )
    if not m:
        return who
    names = [p.name for p in plist if p.role == _ROLE_WORDS[m.group(1)]]
    return "、".join(names) if names else who


def _after_colon(t: str, start: int, end: int) -> int:
    m = re.match(r"[^:]{0,12}?(?:如下|协议|判决|裁定)\s*[:]?", t[start:end])
    return start + m.end() if m else start


def _main_end(doc: _Doc, stop_at_costs: bool = False) -> int:
    main = doc.sections["main_text"]
    names = (
        ("costs", "appeal_notice", "signatures", "appendix")
        if stop_at_costs
        else ("appeal_notice", "signatures", "appendix")
    )
    for nm in names:
        s = doc.sections.get(nm)
        if s is not None and s.start >= main.start:
            return s.start
    return main.end if main.end > main.start else doc.n


_SECOND = (
    ("remanded", re.compile(r"发回[^。;]{0,20}?重(?:新)?审")),
    (
        "withdrawn",
        re.compile(r"准许[^。;]{0,20}?撤回(?:上诉|起诉|抗诉)|按(?:上诉人)?自动撤回上诉处理"),
    ),
    ("modified", re.compile(r"撤销[^。;]{0,60}?(?:判决|裁定)|变更[^。;]{0,40}?(?:判决|裁定)|改判")),
    (
        "upheld",
        re.compile(
            r"驳回上诉\s*[,]?\s*维持原(?:判|裁定)|维持原判|驳回抗诉\s*[,]?\s*维持原判|驳回上诉[,]?维持"
        ),
    ),
    ("dismissed", re.compile(r"驳回[^。;]{0,20}?(?:再审申请|申诉)")),
)
_FIRST = (
    ("partly_upheld", re.compile(r"驳回[^。;]{0,30}?(?:其他|其余)(?:诉讼)?请求")),
    ("claims_dismissed", re.compile(r"驳回[^。;其]{0,40}?(?:全部)?诉讼请求")),
    ("suit_dismissed", re.compile(r"驳回[^。;]{0,20}?起诉")),
    ("withdrawal_allowed", re.compile(r"准许[^。;]{0,20}?撤(?:回起)?诉")),
)


def _outcomes(doc: _Doc, start: int, end: int, procedure: str | None) -> None:
    t = doc.text
    if procedure in ("second", "retrial"):
        for name, pat in _SECOND:
            m = pat.search(t, start, end)
            if m:
                doc.add("second_instance.result", name, m.start(), m.end(), "main_text.result")
                break
    for name, pat in _FIRST if doc.ex.family != "criminal" else ():
        m = pat.search(t, start, end)
        if m:
            doc.add("outcome", name, m.start(), m.end(), "main_text.result")
            return
    if doc.ex.main_text_items and doc.ex.family != "criminal":
        doc.add("outcome", "granted", start, end, "main_text.result")


# Pattern kinds that only mean something in one family's documents.
_CRIMINAL_ONLY = (
    "crime.",
    "circumstance.",
    "custody.",
    "sentence.",
    "accusation.",
    "record.",
    "prosecutor.",
)
_ADMIN_ONLY = ("admin.",)
# The civil trial record's rules (patterns/trial.py) are not run over a criminal judgment —
# they key on common words (在, 被告, 于) and found nothing there on the real sets — except
# the representative's post, the heads of loss (incidental civil claims) and the appeal fee.
_NOT_CRIMINAL = frozenset(
    r.key
    for r in (*trial_patterns.RULES, *record_patterns.RULES)
    if not r.key.startswith(("party.", "appeal.", "loss.", "costs.preservation"))
)
# custody of a child is a civil matter, whatever the criminal custody kinds' prefix
_CIVIL_CUSTODY = "custody.child"


def _run_patterns(doc: _Doc) -> None:
    t = doc.text
    fam = doc.ex.family
    for r in points.PATTERNS:
        if (
            fam not in (None, "criminal")
            and r.key.startswith(_CRIMINAL_ONLY)
            and r.key != _CIVIL_CUSTODY
        ):
            continue
        if fam == "criminal" and r.key in _NOT_CRIMINAL:
            continue
        if fam not in (None, "administrative") and r.key.startswith(_ADMIN_ONLY):
            continue
        for nm in r.sections:
            s = doc.sections.get(nm)
            if s is None or s.end <= s.start:
                continue
            found = (
                r.pattern.finditer(t, s.start, s.end)
                if r.multi
                else filter(None, [r.pattern.search(t, s.start, s.end)])
            )
            hit = False
            for m in found:
                hit = True
                has_v = "v" in r.pattern.groupindex and m.group("v") is not None
                a, b = m.span("v") if has_v else m.span()
                # text values as the document writes them (the normalised text is half-width)
                v = (
                    re.sub(r"\s+", "", doc.orig[a:b])
                    if r.value == "text"
                    else apply_value(r, m, t, s.start)
                )
                doc.add(r.key, v, a, b, f"pattern:{r.key}")
            if hit and not r.multi:
                break
