"""Answers of the small routes: health, draft checks, CMS events."""

from __future__ import annotations

from courtqc.web.schemas import ApiModel


class Health(ApiModel):
    ok: bool
    db: str


class DraftCheck(ApiModel):
    """courtqc.drafts.check_draft: the problems found in a draft before it is signed."""


class EventAnswer(ApiModel):
    """The CMS event port's answer (courtqc.ingest.events_api): accepted, duplicate or why not."""
