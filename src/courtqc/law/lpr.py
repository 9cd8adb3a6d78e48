"""Loan Prime Rate (贷款市场报价利率, LPR) and the private-lending interest cap (民间借贷利率上限).

Sources (docs/DOMAIN.md):

* §4.2, source key [LPR] (LawsDatabase ``LPR_Calculator/LPR_Data.txt`` at ``f1b6621``): the monthly
  1-year and 5-year LPR from 2019-08-20 to 2025-05-20; only change points are kept here. A rate
  stays valid until the next publication ("以上LPR在下一次发布LPR之前有效").
* §4.1, sources [LDB] 民间借贷规定（2015）Art. 26, [LRB] 2020-08-20 amendment Arts. 26, 32, and
  [LRB] 民间借贷规定(2020-12-29) Arts. 25, 31.

**Values after 2025-05-20 are not in the source**: every lookup after that date holds the
2025-05-20 value (1Y 3.00 %, 5Y 3.50 %). Update ``LPR_1Y`` / ``LPR_5Y`` from chinamoney.com.cn.
"""

from __future__ import annotations

import bisect
from datetime import date
from decimal import Decimal

#: First LPR publication under the 2019 reform; the 2020 rules define "one-year LPR" from it.
LPR_START = date(2019, 8, 20)
#: Day the 2020-08-20 amendment of the private-lending rules took effect (4 × LPR cap).
RULES_2020_IN_FORCE = date(2020, 8, 20)
#: Last publication in the source; later dates hold this value (see module docstring).
LPR_LAST_KNOWN = date(2025, 5, 20)

#: Cap for contracts formed before ``LPR_START``: the 24 % "protected" rate of the 2015 rules.
OLD_CAP_PCT = Decimal("24")
#: The 2020 rules cap the rate at this many times the one-year LPR.
LPR_CAP_MULTIPLE = Decimal("4")

_D = Decimal

#: One-year LPR change points, (publication date, % per year). docs/DOMAIN.md §4.2 [LPR].
LPR_1Y: tuple[tuple[date, Decimal], ...] = (
    (date(2019, 8, 20), _D("4.25")),
    (date(2019, 9, 20), _D("4.20")),
    (date(2019, 11, 20), _D("4.15")),
    (date(2020, 2, 20), _D("4.05")),
    (date(2020, 4, 20), _D("3.85")),
    (date(2021, 12, 20), _D("3.80")),
    (date(2022, 1, 20), _D("3.70")),
    (date(2022, 8, 22), _D("3.65")),
    (date(2023, 6, 20), _D("3.55")),
    (date(2023, 8, 21), _D("3.45")),
    (date(2024, 7, 22), _D("3.35")),
    (date(2024, 10, 21), _D("3.10")),
    (date(2025, 5, 20), _D("3.00")),
)

#: Five-year-and-over LPR change points. docs/DOMAIN.md §4.2 [LPR] (5Y+ column).
LPR_5Y: tuple[tuple[date, Decimal], ...] = (
    (date(2019, 8, 20), _D("4.85")),
    (date(2019, 11, 20), _D("4.80")),
    (date(2020, 2, 20), _D("4.75")),
    (date(2020, 4, 20), _D("4.65")),
    (date(2022, 1, 20), _D("4.60")),
    (date(2022, 5, 20), _D("4.45")),
    (date(2022, 8, 22), _D("4.30")),
    (date(2023, 6, 20), _D("4.20")),
    (date(2024, 2, 20), _D("3.95")),
    (date(2024, 7, 22), _D("3.85")),
    (date(2024, 10, 21), _D("3.60")),
    (date(2025, 5, 20), _D("3.50")),
)


def _rate_on(table: tuple[tuple[date, Decimal], ...], d: date) -> Decimal | None:
    i = bisect.bisect_right([start for start, _ in table], d)
    return table[i - 1][1] if i else None


def lpr_1y_on(d: date) -> Decimal | None:
    """One-year LPR in force on ``d`` (% per year); None before the first LPR of 2019-08-20.

    A rate published on a day is in force that day. After 2025-05-20 the last known value is
    held (the source ends there).
    """
    return _rate_on(LPR_1Y, d)


def lpr_5y_on(d: date) -> Decimal | None:
    """Five-year-and-over LPR in force on ``d``; None before 2019-08-20; held after 2025-05-20."""
    return _rate_on(LPR_5Y, d)


def interest_cap_pct(contract_date: date, filing_date: date | None = None) -> Decimal:
    """Highest annual rate (%) a court may award on a private loan (民间借贷).

    Without ``filing_date`` — the rule ``docs/ANOMALIES.md`` (``interest_over_cap``) uses:

    * contract formed before 2019-08-20: **24 %**. Under the 2015 rules (Art. 26, docs/DOMAIN.md
      §4.1 [LDB]) 24 % is the ceiling a court supports; the 24–36 % band is only "not
      recoverable if already paid" (Arts. 26 para. 2, 31), never awarded, so it plays no part
      in a cap on what a judgment grants.
    * contract formed on/after 2019-08-20: **4 × the one-year LPR in force on the contract
      date** (2020-12-29 rules Art. 25; the LPR is defined from 2019-08-20).

    With ``filing_date`` — the transitional rule (2020-08-20 amendment Art. 32; 2020-12-29
    rules Art. 31) for a case filed on/after 2020-08-20 on a contract formed before 2020-08-20:
    interest from 2020-08-20 on is capped at **4 × the LPR in force at filing**; the value
    returned is that cap, i.e. the cap on the rate a judgment may run forward "至实际清偿之日止".
    Interest for the time before 2020-08-20 may still follow the older rule if a party asks
    (see :func:`interest_cap_periods`). In every other case ``filing_date`` changes nothing.

    Simplification, stated once: strictly, contracts formed 2019-08-20..2020-08-19 were under
    the 2015 rules (24 %) until 2020-08-20; the no-filing-date rule applies 4 × LPR at formation
    to them, as the shared anomaly contract does.
    """
    if filing_date is not None and contract_date < RULES_2020_IN_FORCE <= filing_date:
        return LPR_CAP_MULTIPLE * _lpr_or_fail(filing_date)
    lpr = lpr_1y_on(contract_date)
    return OLD_CAP_PCT if lpr is None else LPR_CAP_MULTIPLE * lpr


def interest_cap_periods(
    contract_date: date, filing_date: date
) -> tuple[tuple[date, date | None, Decimal], ...]:
    """The caps over time for one loan: ``((from, to_or_None, cap_pct), ...)``.

    Follows 2020-12-29 rules Art. 31 (docs/DOMAIN.md §4.1 [LRB]): for a case filed on/after
    2020-08-20 on a contract formed before it, interest up to 2020-08-19 may follow the rule of
    the time (24 % before the LPR existed, 4 × LPR at formation after — the same simplification as
    :func:`interest_cap_pct`), interest from 2020-08-20 on 4 × LPR at filing. Otherwise one period.
    """
    if contract_date < RULES_2020_IN_FORCE <= filing_date:
        return (
            (contract_date, date(2020, 8, 19), interest_cap_pct(contract_date)),
            (RULES_2020_IN_FORCE, None, interest_cap_pct(contract_date, filing_date)),
        )
    return ((contract_date, None, interest_cap_pct(contract_date)),)


def _lpr_or_fail(d: date) -> Decimal:
    rate = lpr_1y_on(d)
    if rate is None:  # unreachable for d ≥ 2020-08-20; kept so a table edit cannot fail silently
        raise ValueError(f"无 {d.isoformat()} 的一年期LPR (no one-year LPR in force on {d})")
    return rate
