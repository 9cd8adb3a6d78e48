"""Answers of 人工评查 (/api/manual-reviews): tasks, the recording of a review, the report."""

from __future__ import annotations

from courtqc.web.schemas import ApiModel, KeyLabel, Row


class Opened(ApiModel):
    opened: int
    candidates: int
    task_ids: list[int]


class Tasks(ApiModel):
    total: int
    items: list[Row]
    defect_categories: list[KeyLabel]
    conclusions: list[KeyLabel]


class Task(ApiModel):
    """One review task with its case, conclusion, defects and people held accountable."""

    task_id: int


class Report(ApiModel):
    court: str
    court_name: str | None
    period: str
    reviewed: int
    open: int
    by_conclusion: list[Row]
    by_defect: list[Row]
    by_source: list[Row]
    cases: list[Row]
    people_accountable: list[Row]
    cases_with_accountability: int
    defects: int
