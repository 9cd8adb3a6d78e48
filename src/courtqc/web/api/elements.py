"""要素式审判 (element-based trial assistance) for the 数助办案 board at the pre-hearing and
hearing nodes: the element catalogue; the elements, hearing outline and judgment skeleton of
pleadings posted as text (or of a synthetic example, for trying it out); and those of a case
whose pleadings are stored, within the caller's court tree (courtqc.elements)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, model_validator

from courtqc.elements import assist, catalogue
from courtqc.elements.analyse import MAX_CHARS
from courtqc.elements.store import case_pleadings
from courtqc.errors import InvalidInput
from courtqc.synth.documents.pleadings import CASE_TYPES, pleadings
from courtqc.web import audit
from courtqc.web.api.cases import find_case
from courtqc.web.deps import CurrentUser, Db, allowed, client_of
from courtqc.web.masking import mask_text
from courtqc.web.schemas.elements import ElementAssist, ElementCatalogueOut

router = APIRouter(prefix="/api/elements", tags=["elements 要素式审判"])
CheckRunUser = allowed("check.run")


class Sample(BaseModel):
    case_type: str = Field(description="案件类型 (one of the seven ids)")
    seed: int = Field(0, ge=0, le=1_000_000)


class ElementsIn(BaseModel):
    complaint: str | None = Field(None, max_length=MAX_CHARS, description="起诉状")
    defence: str | None = Field(None, max_length=MAX_CHARS, description="答辩状")
    evidence_list: str | None = Field(None, max_length=MAX_CHARS, description="证据目录")
    case_type: str | None = Field(None, max_length=40, description="案件类型 or 案由")
    findings: dict[str, Annotated[str, Field(max_length=2000)]] | None = Field(
        None, max_length=40, description="庭审查明的要素事实 (element id -> finding)"
    )
    sample: Sample | None = Field(None, description="合成示例 (a synthetic case instead of texts)")

    @model_validator(mode="after")
    def _one_source(self) -> ElementsIn:
        if not self.sample and not (self.complaint or "").strip():
            raise ValueError("请提供起诉状或示例 (complaint or sample required)")
        return self


@router.get("/catalogue", response_model=ElementCatalogueOut)
def get_catalogue(p: CurrentUser) -> dict[str, Any]:
    """The seven case types, their elements and the legal source of each."""
    cat = catalogue()
    return {
        "laws": cat.laws,
        "case_types": [
            {
                "id": c.id,
                "zh": c.zh,
                "causes": c.causes,
                "elements": [
                    e.model_dump(include={"id", "zh", "fact", "value", "question", "sources"})
                    for e in c.elements
                ],
            }
            for c in cat.case_types
        ],
    }


@router.post("/analyse", response_model=ElementAssist)
def analyse_texts(body: ElementsIn, p: CheckRunUser) -> dict[str, Any]:
    """Elements (admitted / contested / missing), hearing outline and judgment skeleton of
    the pleadings posted; with `sample`, of a synthetic case (its texts come back too)."""
    if body.sample:
        if body.sample.case_type not in CASE_TYPES:
            raise InvalidInput(f"未知的案件类型 {body.sample.case_type} (unknown case type)")
        s = pleadings(body.sample.case_type, body.sample.seed)
        out = assist(s.complaint, s.defence, s.evidence_list, case_type=s.case_type)
        out["texts"] = {
            "complaint": s.complaint,
            "defence": s.defence,
            "evidence_list": s.evidence_list,
        }
        return out
    return assist(
        body.complaint,
        body.defence,
        body.evidence_list,
        case_type=body.case_type,
        findings=body.findings,
    )


@router.get("/cases/{ref}", response_model=ElementAssist)
def case_elements(ref: str, request: Request, p: CheckRunUser, con: Db) -> dict[str, Any]:
    """The same for a case whose complaint (and defence, evidence list) the store holds; ID
    and phone numbers masked unless the caller handles the case."""
    c = find_case(con, p, ref)
    cp = case_pleadings(con, c["case_no"])
    texts = [cp.complaint, cp.defence, cp.evidence_list]
    if not p.unmasked_for(c["presiding_judge_id"], c["dept_id"]):
        texts = [mask_text(t) for t in texts]
    case_type = cp.cause if cp.cause and catalogue().find(cp.cause) else None
    out = assist(*texts, case_type=case_type)
    out["case_no"] = c["case_no"]
    audit.record(
        con, p, "read_elements", c["case_no"], {"case_id": c["case_id"]}, client_of(request)
    )
    return out
