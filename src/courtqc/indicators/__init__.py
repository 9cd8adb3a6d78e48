"""Supervision indicators (审判质效指标): a declarative catalogue computed by SQL for any slice,
with trends, court comparison and drill-down to the cases behind every number.

    from courtqc.indicators import Slice, compute, drill
    values = compute(con, Slice(period="2024Q1", court="沪01"))
"""

from courtqc.indicators.catalogue import CatalogueError, default, load
from courtqc.indicators.facts import prepare
from courtqc.indicators.figures import breakdown, compare, compute, default_period, drill, trend
from courtqc.indicators.models import BreakdownRow, DrillRow, Indicator, IndicatorValue, Slice
from courtqc.indicators.periods import Period, parse_period

__all__ = [
    "BreakdownRow",
    "CatalogueError",
    "DrillRow",
    "Indicator",
    "IndicatorValue",
    "Period",
    "Slice",
    "breakdown",
    "compare",
    "compute",
    "default",
    "default_period",
    "drill",
    "load",
    "parse_period",
    "prepare",
    "trend",
]
