"""Judgment extraction: split a judgment, ruling or mediation document into its parts and
read its info points (case number, court, parties, judges, sentences, main-text items,
cited articles, and ~200 more kinds), each with its span and the rule that found it.

    >>> from courtqc.extract import extract
    >>> ex = extract(text)
    >>> ex.case_no, ex.defendants[0].term_months
"""

from courtqc.extract.document import extract
from courtqc.extract.model import (
    Agent,
    CitedArticle,
    Defendant,
    Extraction,
    InfoPoint,
    Judge,
    MainTextItem,
    Party,
    Section,
)
from courtqc.extract.sections import split_sections
from courtqc.extract.text import ExtractInputError

__all__ = [
    "Agent",
    "CitedArticle",
    "Defendant",
    "ExtractInputError",
    "Extraction",
    "InfoPoint",
    "Judge",
    "MainTextItem",
    "Party",
    "Section",
    "extract",
    "split_sections",
]
