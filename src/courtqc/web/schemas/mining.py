"""Answers of model mining (/api/mining): targets, runs with their proposals, counts."""

from __future__ import annotations

from courtqc.web.schemas import ApiModel, Option, Row


class Target(Option):
    en: str
    label_zh: str


class Targets(ApiModel):
    targets: list[Target]
    methods: list[Option]


class Run(ApiModel):
    """A mining run (courtqc.mining) with its proposals, each with its status."""

    run_id: int
    proposals: list[Row]


class Runs(ApiModel):
    items: list[Row]


class ProposalStatus(ApiModel):
    run_id: int
    model_id: str
    status: str


class Counts(ApiModel):
    by_court: Row
