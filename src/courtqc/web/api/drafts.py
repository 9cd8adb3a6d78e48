"""Drafts checked before signing (文书制作): POST a draft's text, get its info points and the
checks' warnings (courtqc.drafts). Nothing is stored; the draft is not case data yet."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from courtqc.drafts import MAX_DRAFT_CHARS, check_draft
from courtqc.web.deps import require
from courtqc.web.schemas.misc import DraftCheck
from courtqc.web.visibility import Principal

router = APIRouter(prefix="/api/drafts", tags=["drafts 文书草稿"])


class DraftIn(BaseModel):
    text: str = Field(
        min_length=1, max_length=MAX_DRAFT_CHARS, description="草稿全文 (the draft's text)"
    )


@router.post("/check", response_model=DraftCheck, response_model_exclude_unset=True)
def check(body: DraftIn, p: Principal = Depends(require("check.run"))) -> dict[str, Any]:
    """Info points and warnings for a draft judgment, ruling or other document."""
    return check_draft(body.text).to_dict()
