"""Days as integers (days since 1970-01-01, numpy datetime64[D] compatible) and intake sampling.

The whole generator works on int32 day numbers; dates become ``datetime.date`` only at the
edges (calls into courtqc.law, Arrow date32 columns, which are the same integers).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from courtqc.synth.catalog import Window

EPOCH = date(1970, 1, 1)

#: Data window: filings from START to AS_OF; AS_OF is the snapshot day (pending = open on it).
#: The window starts in 2021 so every filing falls under the 2020 (or, from 2026, the 2025)
#: civil cause list whose positions courtqc knows; the 2011 list's positions are not in the
#: reference material.
WINDOW = Window(start="2021-01-01", as_of="2026-06-30")
START = (date.fromisoformat(WINDOW.start) - EPOCH).days
AS_OF = (date.fromisoformat(WINDOW.as_of) - EPOCH).days
CAUSE_LIST_2025_FROM = (date(2026, 1, 1) - EPOCH).days


def day(d: date | str) -> int:
    """Day number of a date (or ISO string)."""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return (d - EPOCH).days


def to_date(n: int) -> date:
    return EPOCH + timedelta(days=int(n))


def intake_weights(start: int = START, end: int = AS_OF) -> np.ndarray:
    """Relative filings per day: weekdays, public holidays (New Year, May Day, National Day
    week), Spring Festival (February), the April–May 2022
    Shanghai lockdown, year-end rush, year-on-year level. Sums to 1."""
    days = np.arange(start, end + 1)
    dt = days.astype("datetime64[D]")
    years = dt.astype("datetime64[Y]").astype(int) + 1970
    months = dt.astype("datetime64[M]").astype(int) % 12 + 1
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday → Monday = 0
    w = np.where(weekday < 5, 1.0, 0.06)
    w *= np.vectorize(lambda y: WINDOW.year_weight.get(int(y), 1.0))(years)
    w *= np.select([months == 2, months == 12, months == 1], [0.6, 1.15, 0.9], 1.0)
    dom = (dt - dt.astype("datetime64[M]")).astype(int) + 1
    holiday = (
        ((months == 1) & (dom == 1)) | ((months == 5) & (dom <= 3)) | ((months == 10) & (dom <= 7))
    )
    w = np.where(holiday, 0.03, w)
    lockdown = (years == 2022) & ((months == 4) | (months == 5))
    w = np.where(lockdown, w * np.where(months == 4, 0.12, 0.3), w)
    return w / w.sum()


class DaySampler:
    """Draws filing days from the intake curve, optionally inside [lo, hi] per draw."""

    def __init__(self) -> None:
        self.cum = np.cumsum(intake_weights())

    def sample(
        self,
        rng: np.random.Generator,
        n: int,
        lo: np.ndarray | int | None = None,
        hi: np.ndarray | int | None = None,
    ) -> np.ndarray:
        lo_q = 0.0 if lo is None else self._q(np.asarray(lo))
        hi_q = 1.0 if hi is None else self._q(np.asarray(hi) + 1)
        u = lo_q + rng.random(n) * (np.asarray(hi_q) - np.asarray(lo_q))
        idx = np.searchsorted(self.cum, u, side="right")
        return (START + np.clip(idx, 0, len(self.cum) - 1)).astype(np.int32)

    def _q(self, d: np.ndarray) -> np.ndarray:
        i = np.clip(d - START, 0, len(self.cum))
        return np.where(i > 0, self.cum[np.maximum(i - 1, 0)], 0.0)


def years_of(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int32) + 1970


def weekday_shift(days: np.ndarray) -> np.ndarray:
    """Move Saturdays and Sundays to the next Monday (courts close and file on working days)."""
    wd = (days + 3) % 7
    return np.where(wd == 5, days + 2, np.where(wd == 6, days + 1, days)).astype(days.dtype)
