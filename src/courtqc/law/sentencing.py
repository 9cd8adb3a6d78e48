"""Start and end dates of a principal sentence (刑期起止日期).

Sources (docs/DOMAIN.md §4.7): Criminal Law Arts. 41, 44, 47 ([LDB] 刑法（2020）): the term runs
from the day the judgment is executed and pre-trial custody offsets it — 1 day = 1 day for
criminal detention (拘役) and fixed-term imprisonment (有期徒刑), 1 day = 2 days for public
surveillance (管制). SPC reply 法释〔2000〕7号 ([LDB]): the judgment states the start and end
dates ("即自…（羁押之日）起至…止"); days on bail (取保候审) inside the period postpone the end.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from courtqc.law.findings import Finding

#: Penalties whose end date can be computed (the sentences.principal_penalty values).
TERM_PENALTIES = ("fixed_term", "criminal_detention", "public_surveillance")
#: Days of term one day in custody counts for (Criminal Law Arts. 41, 44, 47).
CUSTODY_CREDIT = {"fixed_term": 1, "criminal_detention": 1, "public_surveillance": 2}
_PENALTY_ZH = {
    "fixed_term": "有期徒刑",
    "criminal_detention": "拘役",
    "public_surveillance": "管制",
}


def term_end_from(start: date, term_months: int) -> date:
    """Last day of a term of ``term_months`` whose first day is ``start``.

    **UNVERIFIED convention** (docs/DOMAIN.md §4.7: "start + term − 1 day … no source found"):
    the day before the corresponding day ``term_months`` later (2023-01-05 + 12 months →
    2024-01-04). Where the corresponding day does not exist (2023-01-31 + 1 month), the last day
    of that month (2023-02-28). Every end date in courtqc comes from here; change it here only.
    """
    if term_months < 0:
        raise ValueError(f"刑期月数不能为负: {term_months} (term_months must be ≥ 0)")
    month_index = start.month - 1 + term_months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return date(year, month, last_day)
    return date(year, month, start.day) - timedelta(days=1)


def expected_term_end(
    custody_start: date,
    term_months: int,
    penalty: str,
    bail_days: int = 0,
    *,
    custody_days: int | None = None,
    term_start: date | None = None,
) -> date:
    """The end date the judgment should state.

    * fixed_term / criminal_detention (1:1 credit): the term runs from ``custody_start``;
      end = :func:`term_end_from` (custody_start, term_months) + ``bail_days``.
    * public_surveillance (1 day of custody = 2 days): the term runs from ``term_start`` (the
      day the judgment is executed; default: the day after ``custody_days`` days of custody from
      ``custody_start``), and ends 2 × ``custody_days`` earlier, + ``bail_days``. A result
      before ``term_start`` means the custody already served the whole term.
    """
    if penalty not in CUSTODY_CREDIT:
        raise ValueError(
            f"主刑“{penalty}”没有刑期起止日期；可计算的主刑: {', '.join(TERM_PENALTIES)} "
            f"(penalty {penalty!r} has no term end)"
        )
    if bail_days < 0:
        raise ValueError(f"取保候审天数不能为负: {bail_days} (bail_days must be ≥ 0)")
    if CUSTODY_CREDIT[penalty] == 1:
        return term_end_from(custody_start, term_months) + timedelta(days=bail_days)
    if custody_days is None or custody_days < 0:
        raise ValueError(
            f"管制刑期需要羁押天数 custody_days（≥ 0），收到 {custody_days!r} "
            "(public surveillance needs the custody days to offset at 1:2)"
        )
    start = term_start or custody_start + timedelta(days=custody_days)
    credit = CUSTODY_CREDIT[penalty] * custody_days
    return term_end_from(start, term_months) - timedelta(days=credit) + timedelta(days=bail_days)


def check_term_end(
    custody_start: date,
    term_months: int,
    penalty: str,
    term_end: date,
    bail_days: int = 0,
    *,
    custody_days: int | None = None,
    term_start: date | None = None,
) -> Finding | None:
    """``sentence_end_date_wrong`` where ``term_end`` differs from :func:`expected_term_end`."""
    expected = expected_term_end(
        custody_start,
        term_months,
        penalty,
        bail_days,
        custody_days=custody_days,
        term_start=term_start,
    )
    if term_end == expected:
        return None
    diff = (term_end - expected).days
    return Finding(
        "sentence_end_date_wrong",
        f"{_PENALTY_ZH[penalty]}{term_months}个月，自{custody_start.isoformat()}羁押，"
        f"刑期应至{expected.isoformat()}止，判决写{term_end.isoformat()}（相差{diff}日）",
        f"{penalty} {term_months} months from custody {custody_start}: the term should end "
        f"{expected}, the judgment says {term_end} ({diff:+d} days)",
        {
            "custody_start": custody_start.isoformat(),
            "term_months": term_months,
            "penalty": penalty,
            "bail_days": bail_days,
            "custody_days": custody_days,
            "expected_term_end": expected.isoformat(),
            "term_end": term_end.isoformat(),
            "days_off": diff,
        },
    )
