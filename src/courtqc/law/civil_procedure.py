"""Interest in the civil judgment main text (判决主文): the doubled-late-interest clause and rates.

Sources (docs/DOMAIN.md §4.3): the mandatory sentence and the article numbers by Civil Procedure
Law version — [LDB] 民事诉讼法（2017）Art. 253, 民事诉讼法 (eff. 2022-01-01) Art. 260,
民事诉讼法（2023）Art. 264. Caps: §4.1–4.2 via :mod:`courtqc.law.lpr`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from courtqc.domain.cnnum import cn_to_number as parse_number
from courtqc.domain.cnnum import int_to_cn as to_chinese
from courtqc.law.findings import Finding
from courtqc.law.lpr import interest_cap_pct, lpr_1y_on, lpr_5y_on

#: (valid_from, valid_to, article): the article on doubled late interest, by the version of the
#: Civil Procedure Law in force on the judgment date. docs/DOMAIN.md §4.3 [LDB]. The 2012 version
#: (Art. 253, same as 2017) took effect 2013-01-01; earlier judgments are not covered.
LATE_INTEREST_ARTICLES: tuple[tuple[date, date | None, int], ...] = (
    (date(2013, 1, 1), date(2021, 12, 31), 253),
    (date(2022, 1, 1), date(2023, 12, 31), 260),
    (date(2024, 1, 1), None, 264),
)

_CLAUSE = (
    "如果未按本判决指定的期间履行给付金钱义务，应当依照《中华人民共和国民事诉讼法》"
    "第{article}条规定，加倍支付迟延履行期间的债务利息。"
)
# Characters a Chinese numeral in a rate or article may use (read by courtqc.domain.cnnum).
NUMERAL_CHARS = "零〇○一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟点"

# The part every variant of the clause shares; used to find it in a main text.
_CLAUSE_CORE = "加倍支付迟延履行期间的债务利息"

#: Days per year and per month when a daily or monthly rate is turned into an annual one: the
#: banking convention 年利率 = 月利率 × 12 = 日利率 × 360. UNVERIFIED (docs/DOMAIN.md §4.3).
DAYS_PER_YEAR = Decimal(360)


def late_interest_article(judgment_date: date) -> int:
    """民事诉讼法 article a judgment of this date cites for doubled late interest (253/260/264)."""
    for start, end, article in LATE_INTEREST_ARTICLES:
        if start <= judgment_date and (end is None or judgment_date <= end):
            return article
    raise ValueError(
        f"裁判日期 {judgment_date.isoformat()} 早于2013-01-01，未收录当时民事诉讼法的条文 "
        f"(judgment date {judgment_date} precedes the 2012 Civil Procedure Law; not covered)"
    )


def late_interest_clause(judgment_date: date) -> str:
    """The standard doubled-late-interest sentence, article in Chinese numerals (第二百六十四条)."""
    return _CLAUSE.format(article=to_chinese(late_interest_article(judgment_date)))


# --- rates -------------------------------------------------------------------------------------

_NUM = rf"(?:\d+(?:\.\d+)?|[{NUMERAL_CHARS}]+)"
_PCT = rf"(?:(?P<pct>{_NUM})\s*%|百分之(?P<pct100>{_NUM})|千分之(?P<pct1000>{_NUM})|万分之(?P<pct10000>{_NUM}))"
_PERIOD = r"(?P<period>年化利率|年利率|年息|年化|月利率|月息|日利率|日息)"
_PERIOD_FACTOR = {"年": Decimal(1), "月": Decimal(12), "日": DAYS_PER_YEAR}

_TIMES = rf"(?:\s*的\s*(?P<times>{_NUM})\s*倍)?"
_RATE_AFTER_PERIOD = re.compile(rf"{_PERIOD}\s*(?:为|按|是|:|：)?\s*{_PCT}{_TIMES}")
_RATE_BEFORE_PERIOD = re.compile(rf"{_PCT}\s*的?\s*{_PERIOD}")
# Colloquial 分/厘: 月息2分 = 2 %/month, 年息1分 = 10 %/year; 厘 is a tenth of 分. "2分利" is monthly.
_RATE_FEN = re.compile(rf"{_PERIOD}\s*(?P<fen>{_NUM})\s*(?P<unit>分|厘)(?!之)")
_RATE_FENLI = re.compile(rf"(?P<fen>{_NUM})\s*(?P<unit>分|厘)利")
_LPR = re.compile(
    r"(?P<term>一年期|1年期|五年期以上|五年期|5年期以上|5年期)"
    r"(?:贷款市场报价利率|LPR)(?:[（(]LPR[)）])?"
    rf"(?:的?(?P<times>{_NUM})倍|上浮{_PCT.replace('?P<pct', '?P<up')}|(?:标准)?)"
)
_COLLOQUIAL = re.compile(
    r"月息|年息|日息|分利|[\d一二三四五六七八九两]\s*分(?!之)(?=[计利息，,。；])"
)


@dataclass(frozen=True)
class RateMention:
    """A rate found in a text: where, the words, and the annual % it amounts to (None: unknown)."""

    start: int
    end: int
    text: str
    annual_pct: Decimal | None


def _normalise(text: str) -> str:
    # Full-width digits, ％ and ． turn into ASCII; offsets stay the same (one char for one).
    return text.translate(str.maketrans("０１２３４５６７８９％．ＬＰＲ", "0123456789%.LPR"))


def _pct_value(m: re.Match[str], prefix: str = "pct") -> Decimal:
    for group, divisor in (("", 1), ("100", 1), ("1000", 10), ("10000", 100)):
        raw = m.group(prefix + group)
        if raw is not None:
            return parse_number(raw) / divisor
    raise AssertionError("pattern matched without a number")


def find_rates(text: str, on: date | None = None) -> list[RateMention]:
    """Every interest-rate mention in ``text``, in order, as annual %.

    ``on`` is the date an LPR wording is read at (an LPR rate without a date is unknown: None).
    Monthly rates × 12, daily × 360 (see ``DAYS_PER_YEAR``); 分/厘 as in 月息2分 (2 %/month).
    """
    norm = _normalise(text)
    found: list[RateMention] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], pct: Decimal | None) -> None:
        s, e = m.span()
        if any(s < te and ts < e for ts, te in taken):
            return
        taken.append((s, e))
        found.append(RateMention(s, e, text[s:e], pct))

    for m in _LPR.finditer(norm):
        base = (
            (lpr_1y_on if m.group("term").startswith(("一", "1")) else lpr_5y_on)(on)
            if on
            else None
        )
        if base is None:
            add(m, None)
        elif m.group("times"):
            add(m, base * parse_number(m.group("times")))
        elif any(m.group(g) for g in ("up", "up100", "up1000", "up10000")):
            add(m, base * (1 + _pct_value(m, "up") / 100))
        else:
            add(m, base)
    for pattern in (_RATE_AFTER_PERIOD, _RATE_BEFORE_PERIOD):
        for m in pattern.finditer(norm):
            times = m.groupdict().get("times")
            multiple = parse_number(times) if times else Decimal(1)
            add(m, _pct_value(m) * _PERIOD_FACTOR[m.group("period")[0]] * multiple)
    for m in _RATE_FEN.finditer(norm):
        monthly = m.group("period")[0] == "月"
        unit = Decimal(1) if m.group("unit") == "分" else Decimal("0.1")
        if m.group("period")[0] == "日":
            continue  # 日息X分 is not a usage we can read reliably
        add(m, parse_number(m.group("fen")) * unit * (12 if monthly else 10))
    for m in _RATE_FENLI.finditer(norm):
        unit = Decimal(1) if m.group("unit") == "分" else Decimal("0.1")
        add(m, parse_number(m.group("fen")) * unit * 12)
    found.sort(key=lambda r: r.start)
    return found


def parse_rate_text(text: str, on: date | None = None) -> Decimal | None:
    """Annual % of the first rate in ``text``: 按年利率24% → 24, 月利率2% → 24, 年利率百分之十五 → 15,
    一年期贷款市场报价利率的四倍 → 4 × LPR on ``on`` (None without ``on`` or before 2019-08-20).
    None where no rate is found."""
    rates = find_rates(text, on)
    return rates[0].annual_pct if rates else None


# --- the check on a main text ------------------------------------------------------------------

_ARTICLE_IN_CLAUSE = re.compile(rf"民事诉讼法》?\s*第\s*(?P<n>\d+|[{NUMERAL_CHARS}]+)\s*条")
_MONEY_ORDER = re.compile(r"(?:支付|给付|偿还|归还|返还|赔偿|退还)[^。；;]*?\d[\d,，.]*\s*元")
_ITEM_SPLIT = re.compile(r"[。；;\n]")
# What names the sum interest runs on. Real judgments name it many ways (以X元为基数, 并按年利率…
# 支付借款自…的利息, 该款自…); docs/DOMAIN.md §4.3 found no official template, so only an item
# that names no sum at all is flagged.
_BASE = re.compile(
    r"为基数|为本金|\d[\d,，.]*\s*(?:万)?元|该款|上述款项|上述借款|本金|借款|欠款|货款|价款|租金|债权|款项"
)
# An item that rejects a claim (驳回…请求) quotes the claimed rate; it awards nothing.
_REJECTION = re.compile(r"驳回|不予支持")
_LPR_AT_FORMATION = re.compile(r"合同成立时")


def check_interest_wording(
    main_text: str,
    judgment_date: date,
    *,
    contract_date: date | None = None,
    filing_date: date | None = None,
    requires_clause: bool | None = None,
) -> list[Finding]:
    """Check the interest wording of a civil judgment's main text (判决主文).

    Findings (codes): ``late_interest_clause_missing`` (a money order without the §4.3 sentence),
    ``late_interest_article_wrong`` (the sentence cites another article than the one in force on
    ``judgment_date``), ``interest_rate_colloquial`` (月息/年息/分利 instead of 年利率/月利率 or an
    LPR base), ``interest_base_missing`` (a rate in an item that names no sum it runs on),
    ``interest_over_cap`` (only with ``contract_date``: a rate above :func:`interest_cap_pct`).

    ``requires_clause``: None detects a money order (支付/偿还… N元) in the text. LPR wordings are
    read at ``filing_date`` (else the judgment date), or at ``contract_date`` where the text says
    合同成立时. The caller passes ``contract_date`` only for private lending (民间借贷).
    """
    findings: list[Finding] = []
    text = _normalise(main_text)
    expected = late_interest_article(judgment_date)
    jd = judgment_date.isoformat()
    items = _ITEM_SPLIT.split(text)
    if requires_clause is None:
        needs_clause = any(
            _MONEY_ORDER.search(item) and not _REJECTION.search(item) for item in items
        )
    else:
        needs_clause = requires_clause

    clause_at = text.find(_CLAUSE_CORE)
    if clause_at < 0:
        if needs_clause:
            findings.append(
                Finding(
                    "late_interest_clause_missing",
                    f"判决主文含给付金钱义务，但缺少迟延履行加倍支付债务利息的告知条款"
                    f"（应引用民事诉讼法第{to_chinese(expected)}条，裁判日期{jd}）",
                    f"Money order without the doubled-late-interest clause (expected Civil "
                    f"Procedure Law Art. {expected} for a judgment of {jd})",
                    {"judgment_date": jd, "expected_article": expected},
                )
            )
    else:
        sentence_start = max(text.rfind(c, 0, clause_at) for c in "。；;\n") + 1
        m = _ARTICLE_IN_CLAUSE.search(text, sentence_start, clause_at)
        cited = int(parse_number(m.group("n"))) if m else None
        if cited != expected:
            cited_zh = f"第{to_chinese(cited)}条" if cited else "未写明条文"
            findings.append(
                Finding(
                    "late_interest_article_wrong",
                    f"迟延履行利息条款引用民事诉讼法{cited_zh}，裁判日期{jd}应为"
                    f"第{to_chinese(expected)}条",
                    f"Late-interest clause cites Art. {cited if cited else '(none)'}; a judgment "
                    f"of {jd} must cite Art. {expected}",
                    {"judgment_date": jd, "cited_article": cited, "expected_article": expected},
                )
            )

    lpr_date = filing_date or judgment_date
    cap = interest_cap_pct(contract_date, filing_date) if contract_date else None
    for item in items:
        if _CLAUSE_CORE in item or _REJECTION.search(item):
            continue
        at_formation = contract_date is not None and _LPR_AT_FORMATION.search(item)
        rates = find_rates(item, contract_date if at_formation else lpr_date)
        if not rates:
            continue
        colloquial = _COLLOQUIAL.search(item)
        if colloquial:
            findings.append(
                Finding(
                    "interest_rate_colloquial",
                    f"利率表述不规范：“{item.strip()}”使用“{colloquial.group(0)}”，"
                    f"应写明年利率或贷款市场报价利率",
                    f"Non-standard rate wording {colloquial.group(0)!r} in {item.strip()!r}",
                    {"item": item.strip(), "term": colloquial.group(0)},
                )
            )
        if not _BASE.search(item):
            findings.append(
                Finding(
                    "interest_base_missing",
                    f"利息计算未写明基数（以…元为基数）：“{item.strip()}”",
                    f"Interest rate without the principal it runs on: {item.strip()!r}",
                    {"item": item.strip()},
                )
            )
        if cap is None:
            continue
        for rate in rates:
            if rate.annual_pct is not None and rate.annual_pct > cap:
                cd = contract_date.isoformat()  # type: ignore[union-attr]
                findings.append(
                    Finding(
                        "interest_over_cap",
                        f"判决支持的年利率{rate.annual_pct.normalize():f}%（“{rate.text}”）超过"
                        f"利率保护上限{cap.normalize():f}%（合同成立日{cd}）",
                        f"Awarded annual rate {rate.annual_pct.normalize():f}% ({rate.text!r}) "
                        f"exceeds the cap {cap.normalize():f}% (contract formed {cd})",
                        {
                            "rate_text": rate.text,
                            "annual_pct": str(rate.annual_pct),
                            "cap_pct": str(cap),
                            "contract_date": cd,
                        },
                    )
                )
    return findings
