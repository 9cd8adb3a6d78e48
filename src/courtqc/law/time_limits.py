"""Trial time limits (审限) and their deadline.

Sources (docs/DOMAIN.md §4.9): 民事诉讼法（2023）Arts. 152, 164, 168, 183, 187, 215 ([LDB]);
刑事诉讼法（2018）Arts. 208, 220, 225, 243, 258 ([LDB]); 行政诉讼法 Arts. 81, 83, 88 ([LDB]);
法释〔2000〕29号 Arts. 5, 8, 9 ([LDB] 最高人民法院关于严格执行案件审理期限制度的若干规定).

Counting: the limit runs from the day after filing (法释〔2000〕29号 Art. 8; 民事诉讼法 Art. 85
"the starting day is not counted"); a limit in months ends on the corresponding day of the last
month, or that month's last day where there is none (2024-08-31 + 6 months → 2025-02-28). The
rule that a period ending on a statutory holiday runs to the next working day (民事诉讼法 Art. 85)
is **not applied**: courtqc has no holiday calendar, so a deadline may be a few days early.
Approved extensions and excluded periods (公告, 鉴定, 管辖异议 …, Art. 9) are added as days, as the
``cases`` table records them.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

#: ``cases.family`` values tried under the Civil Procedure Law in courtqc.
CIVIL_FAMILIES = ("civil", "commercial", "ip", "maritime", "financial")
FAMILIES = (
    "criminal", *CIVIL_FAMILIES, "administrative", "enforcement", "bankruptcy",
    "state_compensation",
)  # fmt: skip
PROCEDURES = (
    "first", "second", "retrial", "retrial_review", "enforcement", "bankruptcy", "special",
    "preservation", "other",
)  # fmt: skip
TRIAL_PROCEDURES = ("ordinary", "simple", "small_claims", "fast_track")


@dataclass(frozen=True)
class TimeLimit:
    """A 审限: ``months`` months plus ``days`` days (one of them is 0), and the extension the law
    allows (None where it sets no fixed length, e.g. "by the president's approval")."""

    months: int
    days: int
    extension_months: int | None
    extension_days: int | None
    basis: str


def _m(months: int, ext: int | None, basis: str) -> TimeLimit:
    return TimeLimit(months, 0, ext, None if ext is None else 0, basis)


def _d(days: int, ext: int | None, basis: str) -> TimeLimit:
    return TimeLimit(0, days, None if ext is None else 0, ext, basis)


_CIVIL = {
    ("first", "ordinary"): _m(6, 6, "民事诉讼法（2023）第152条：普通程序六个月，院长批准可延长六个月"),
    ("first", "simple"): _m(3, 1, "民事诉讼法（2023）第164条：简易程序三个月，院长批准可延长一个月"),
    ("first", "small_claims"): _m(2, 1, "民事诉讼法（2023）第168条：小额诉讼二个月，院长批准可延长一个月"),
    ("second", None): _m(3, None, "民事诉讼法（2023）第183条：对判决上诉三个月，院长批准可延长（对裁定上诉三十日，此处不区分）"),
    ("special", None): _d(30, None, "民事诉讼法（2023）第187条：特别程序三十日"),
    ("retrial_review", None): _m(3, None, "民事诉讼法（2023）第215条：再审申请审查三个月"),
}  # fmt: skip
_CRIMINAL = {
    ("first", "ordinary"): _m(3, 3, "刑事诉讼法（2018）第208条：公诉案件二个月，至迟三个月；法定情形经上一级法院批准可延长三个月"),
    ("first", "simple"): _d(20, None, "刑事诉讼法（2018）第220条：简易程序二十日（可能判处三年以上有期徒刑的一个半月，此处不区分）"),
    ("first", "fast_track"): _d(10, 5, "刑事诉讼法（2018）第225条：速裁程序十日，可能判处一年以上有期徒刑的十五日"),
    ("second", None): _m(2, 2, "刑事诉讼法（2018）第243条：二审二个月，经高级法院批准可延长二个月"),
    ("retrial", None): _m(3, 3, "刑事诉讼法（2018）第258条：再审三个月，延长不超过六个月"),
}  # fmt: skip
_ADMINISTRATIVE = {
    ("first", "ordinary"): _m(6, None, "行政诉讼法第81条：一审六个月，延长由高级法院批准"),
    ("first", "simple"): _d(45, None, "行政诉讼法第83条：简易程序四十五日"),
    ("second", None): _m(3, None, "行政诉讼法第88条：二审三个月"),
}  # fmt: skip
_ENFORCEMENT = {
    ("enforcement", None): _m(6, 3, "法释〔2000〕29号第5条：执行案件六个月，院长批准可延长三个月"),
}  # fmt: skip

#: (family, procedure, trial_procedure or None = any) → limit. Families of ``CIVIL_FAMILIES``
#: share the civil rules. Combinations absent here have no limit in docs/DOMAIN.md §4.9.
TIME_LIMITS: dict[tuple[str, str, str | None], TimeLimit] = {
    **{(f, p, t): v for f in CIVIL_FAMILIES for (p, t), v in _CIVIL.items()},
    **{("criminal", p, t): v for (p, t), v in _CRIMINAL.items()},
    **{("administrative", p, t): v for (p, t), v in _ADMINISTRATIVE.items()},
    **{("enforcement", p, t): v for (p, t), v in _ENFORCEMENT.items()},
}


def time_limit(family: str, procedure: str, trial_procedure: str | None = None) -> TimeLimit:
    """The 审限 for a case of this ``cases`` family / procedure / trial_procedure.

    A first instance without a trial procedure counts as ordinary (普通程序); procedures whose
    limit does not depend on it ignore it. Raises ValueError, naming the values, where
    docs/DOMAIN.md §4.9 gives no limit (bankruptcy, state compensation, preservation …).
    """
    for name, value, allowed in (
        ("family", family, FAMILIES),
        ("procedure", procedure, PROCEDURES),
    ):
        if value not in allowed:
            raise ValueError(f"未知的{name}值“{value}”；可用值: {', '.join(allowed)}")
    if trial_procedure is not None and trial_procedure not in TRIAL_PROCEDURES:
        raise ValueError(
            f"未知的trial_procedure值“{trial_procedure}”；可用值: {', '.join(TRIAL_PROCEDURES)}"
        )
    for key in (
        (family, procedure, None),
        (family, procedure, trial_procedure or "ordinary"),
    ):
        if key in TIME_LIMITS:
            return TIME_LIMITS[key]
    raise ValueError(
        f"未收录审限：family={family}, procedure={procedure}, trial_procedure={trial_procedure} "
        "(docs/DOMAIN.md §4.9 gives no time limit for this combination)"
    )


def add_months(d: date, months: int) -> date:
    """The corresponding day ``months`` later, or that month's last day (民法典 Art. 202 style)."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def deadline(
    filing_date: date,
    family: str,
    procedure: str,
    trial_procedure: str | None = None,
    extended_days: int = 0,
    excluded_days: int = 0,
) -> date:
    """Last day of the 审限: the limit counted from the day after ``filing_date``, then the
    approved extension and the excluded days added (holidays not shifted — module docstring).

    The same arithmetic in SQL (DuckDB ``date + INTERVAL`` clamps to the month's last day the
    same way): see :data:`courtqc.law.reference.DEADLINE_SQL`.
    """
    if extended_days < 0 or excluded_days < 0:
        raise ValueError(
            f"延长/扣除天数不能为负: extended_days={extended_days}, excluded_days={excluded_days}"
        )
    limit = time_limit(family, procedure, trial_procedure)
    end = add_months(filing_date, limit.months) + timedelta(days=limit.days)
    return end + timedelta(days=extended_days + excluded_days)
