"""Supervision analytics on top of the indicators: reversal analysis and the situation overview."""

from courtqc.analytics.overview import Overview, overview
from courtqc.analytics.reversals import ReversalReport, reversals

__all__ = ["Overview", "ReversalReport", "overview", "reversals"]
