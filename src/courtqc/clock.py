"""The one clock: what time it is, in the form the store keeps it.

The rule (docs/ARCHITECTURE.md, "Time"): every instant stored (alerts, runs, feedback, audit,
sessions, CDC bookkeeping) is UTC in a `TIMESTAMP` column, written as a naive UTC datetime
from `utcnow()`; calendar days of the court's work (filing, hearing, closing dates, the data's
"today") are dates in the court's zone, Asia/Shanghai. Zones are added when an instant is
shown (`court_time`), never when it is stored.

Why naive: DuckDB converts an aware datetime bound to a `TIMESTAMP` column through the
session's TimeZone, so an aware UTC value lands as local time (00:00Z is stored as 08:00 on a
machine in Shanghai), and a naive value bound to `TIMESTAMPTZ` is read as local time. Binding
naive UTC to `TIMESTAMP` is the one form that means the same on every machine.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

#: The courts' zone: calendar days and the times shown to people.
COURT_ZONE = ZoneInfo("Asia/Shanghai")


def utcnow() -> dt.datetime:
    """Now, as the store keeps instants: UTC without a zone."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def utcnow_s() -> dt.datetime:
    """`utcnow()` to the second (records people read: alerts, feedback, lifecycle changes)."""
    return utcnow().replace(microsecond=0)


def court_today() -> dt.date:
    """Today's date in the courts' zone (a fallback when the data has no day of its own)."""
    return dt.datetime.now(COURT_ZONE).date()


def court_time(stored: dt.datetime) -> dt.datetime:
    """A stored instant (naive UTC) as an aware time in the courts' zone, for display."""
    if stored.tzinfo is None:
        stored = stored.replace(tzinfo=dt.UTC)
    return stored.astimezone(COURT_ZONE)
