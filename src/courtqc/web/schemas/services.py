"""Answers of 数助决策 services (/api/services): the board's counts, push deliveries, thematic
reports, the query ports for outside bodies and the check of a letter's code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from courtqc.web.schemas import ApiModel, Row


class Board(ApiModel):
    """services.counts.board: the court's figures, its own, its children's, by body and agency."""

    court: Row | None
    own: Row | None  # the court's own figures, without the courts below
    children: list[Row]
    by_body: list[Row]
    by_agency: list[Row]
    trend: list[Row]


class Pushes(ApiModel):
    models: list[Row]  # the push models the court runs, with their receivers (masked)
    per_model: list[Row]
    batches: list[Row]


class Resent(ApiModel):
    ok: bool
    receipt: Any
    error: str | None
    http_status: int | None


class Topic(ApiModel):
    id: str
    zh: str
    cron: str | None


class Reports(ApiModel):
    topics: list[Topic]
    reports: list[Row]


class QueryAnswer(ApiModel):
    """An outside body's query answer (minors' bar: whether the person may work with minors)."""


class EnterpriseAnswer(ApiModel):
    summary: Row
    letter: dict[str, str] | None = None  # the letter's code and where to read and check it


class LetterCheck(ApiModel):
    """services.letters.verify: whether a letter's code is one this court issued."""


class Delivery(ApiModel):
    """One attempt to deliver a push batch (services.push.deliveries)."""

    delivery_id: int
    attempted_at: dt.datetime
    channel: str | None
    resend: bool | None
    ok: bool | None
    http_status: int | None
    receipt: Any
    error: str | None
    by_whom: str | None


class ReportMade(ApiModel):
    report_id: Any
    title: str
    figures: Any
