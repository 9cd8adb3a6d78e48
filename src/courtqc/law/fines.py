"""Lawful range of a fine (罚金) for one charge.

Sources (docs/DOMAIN.md §4.8):

* General, 法释〔2000〕45号 Art. 2 ([LDB] 最高人民法院关于适用财产刑若干问题的规定): where the law
  sets no amount, at least 1,000 yuan; minors: reduced, at least 500 yuan. Art. 3: fines for
  several crimes are added up — so a range is given per charge only.
* Theft, 法释〔2013〕8号 Art. 14 ([LDB] …办理盗窃刑事案件适用法律若干问题的解释): 1,000 yuan to
  2 × the amount stolen; no or incalculable amount: 1,000–100,000 yuan.
* Embezzlement and bribery, 法释〔2016〕9号 Art. 19 ([LDB] …办理贪污贿赂刑事案件适用法律若干问题的
  解释): 贪污/受贿 with ≤ 3 years or 拘役 → 100,000–500,000; 3–10 years → 200,000 to 2 × amount;
  ≥ 10 years or life → 500,000 to 2 × amount (the last two: or confiscation of property);
  other 贪污贿赂 crimes with a mandatory fine → 100,000 to 2 × amount.
"""

from __future__ import annotations

from decimal import Decimal

from courtqc.law.findings import Finding

_D = Decimal
GENERAL_MIN = _D(1000)
MINOR_MIN = _D(500)
THEFT_NO_AMOUNT_MAX = _D(100000)

THEFT = frozenset({"盗窃", "theft"})
#: Art. 19 para. 1 of 法释〔2016〕9号.
EMBEZZLEMENT_BRIBERY = frozenset({"贪污", "受贿", "embezzlement", "bribery"})
#: Art. 19 para. 2: "other" 贪污贿赂 crimes (Criminal Law chapter 8) that carry a fine. The list
#: of which chapter-8 crimes carry a fine comes from the Criminal Law as amended in 2015, not
#: from docs/DOMAIN.md.
OTHER_CORRUPTION = frozenset(
    {"行贿", "利用影响力受贿", "对有影响力的人行贿", "对单位行贿", "介绍贿赂", "单位行贿"}
)
#: Penalties that carry no fine range (no conviction, or exempt from punishment).
NO_FINE_PENALTIES = frozenset({"not_guilty", "exempt"})

# Art. 19 bands by term (months): 以上/以下 include the figure itself (Criminal Law Art. 99), so
# exactly 36 or 120 months sits in two bands; the range there is the union of both.
_LOW_MAX, _HIGH_MIN = 36, 120


def _charge_key(charge: str) -> str:
    key = charge.strip()
    if ";" in key or "；" in key:
        raise ValueError(
            f"罪名“{charge}”含多个罪名；罚金按罪名分别确定后相加（法释〔2000〕45号第3条），"
            "请逐一传入 (fine_range takes one charge)"
        )
    return key.removesuffix("罪")


def _up_to_twice(low: Decimal, amount: Decimal | None) -> Decimal | None:
    # Where twice the amount falls below the floor, the floor is the only lawful figure.
    return None if amount is None else max(low, 2 * amount)


def fine_range(
    charge: str,
    crime_amount: Decimal | None,
    term_months: int | None,
    penalty: str,
    minor: bool = False,
) -> tuple[Decimal, Decimal | None]:
    """(minimum, maximum or None when the law sets none / the amount is unknown) in yuan.

    ``charge`` is one charge name with or without 罪 (盗窃, 受贿罪) or theft/embezzlement/bribery;
    ``penalty`` a sentences.principal_penalty value; ``term_months`` the fixed term (None for
    拘役/管制/life). ``not_guilty`` and ``exempt`` give (0, 0): no fine is lawful.
    """
    key = _charge_key(charge)
    if penalty in NO_FINE_PENALTIES:
        return _D(0), _D(0)
    if key in THEFT:
        low = MINOR_MIN if minor else GENERAL_MIN
        if crime_amount is None or crime_amount <= 0:
            return low, THEFT_NO_AMOUNT_MAX
        return low, _up_to_twice(low, crime_amount)
    if key in EMBEZZLEMENT_BRIBERY:
        return _corruption_band(crime_amount, term_months, penalty)
    if key in OTHER_CORRUPTION:
        return _D(100000), _up_to_twice(_D(100000), crime_amount)
    return (MINOR_MIN if minor else GENERAL_MIN), None


def _corruption_band(
    amount: Decimal | None, term_months: int | None, penalty: str
) -> tuple[Decimal, Decimal | None]:
    low_band = (_D(100000), _D(500000))
    mid_band = (_D(200000), _up_to_twice(_D(200000), amount))
    high_band = (_D(500000), _up_to_twice(_D(500000), amount))
    if penalty in ("criminal_detention", "public_surveillance", "fine_only"):
        return low_band
    if penalty in ("life", "death"):
        return high_band
    if term_months is None:
        raise ValueError(f"有期徒刑需要刑期月数 term_months (penalty {penalty!r} without a term)")
    bands = []
    if term_months <= _LOW_MAX:
        bands.append(low_band)
    if _LOW_MAX <= term_months <= _HIGH_MIN:
        bands.append(mid_band)
    if term_months >= _HIGH_MIN:
        bands.append(high_band)
    low = min(b[0] for b in bands)
    highs = [b[1] for b in bands]
    return low, (None if None in highs else max(h for h in highs if h is not None))


def check_fine(
    charge: str,
    fine_yuan: Decimal | None,
    crime_amount: Decimal | None,
    term_months: int | None,
    penalty: str,
    minor: bool = False,
) -> Finding | None:
    """``fine_out_of_range`` where a fine lies outside :func:`fine_range`; None otherwise.

    A missing fine is not judged (some charges carry none; corruption with ≥ 3 years may carry
    confiscation instead). Several charges joined by ';' are not checkable per charge: None.
    """
    if fine_yuan is None or ";" in charge or "；" in charge:
        return None
    low, high = fine_range(charge, crime_amount, term_months, penalty, minor)
    if low <= fine_yuan and (high is None or fine_yuan <= high):
        return None
    name = _charge_key(charge)
    range_zh = f"{low:,.0f}元至{high:,.0f}元" if high is not None else f"不少于{low:,.0f}元"
    range_en = f"{low:,.0f}–{high:,.0f} yuan" if high is not None else f"at least {low:,.0f} yuan"
    return Finding(
        "fine_out_of_range",
        f"{name}罪判处罚金{fine_yuan:,.0f}元，超出法定范围（{range_zh}"
        + (f"，犯罪数额{crime_amount:,.0f}元" if crime_amount is not None else "")
        + "）",
        f"Fine {fine_yuan:,.0f} yuan for {name} is outside the lawful range ({range_en})",
        {
            "charge": name,
            "fine_yuan": str(fine_yuan),
            "min_yuan": str(low),
            "max_yuan": None if high is None else str(high),
            "crime_amount": None if crime_amount is None else str(crime_amount),
            "term_months": term_months,
            "penalty": penalty,
            "minor": minor,
        },
    )
