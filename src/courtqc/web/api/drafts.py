"""Drafts checked before signing (文书制作): POST a draft's text, get its info points and the
checks' warnings (courtqc.drafts). Nothing is stored; the draft is not case data yet."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from courtqc.drafts import MAX_DRAFT_CHARS, check_draft
from courtqc.web.deps import allowed
from courtqc.web.schemas.misc import DraftCheck

router = APIRouter(prefix="/api/drafts", tags=["drafts 文书草稿"])
CheckRunUser = allowed("check.run")


class DraftIn(BaseModel):
    text: str = Field(
        min_length=1, max_length=MAX_DRAFT_CHARS, description="草稿全文 (the draft's text)"
    )


@router.post("/check", response_model=DraftCheck, response_model_exclude_unset=True)
def check(
    body: DraftIn,
    p: CheckRunUser,
) -> dict[str, Any]:
    """Info points and warnings for a draft judgment, ruling or other document."""
    return check_draft(body.text).to_dict()
