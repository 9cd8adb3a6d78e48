"""The API's answer models (FastAPI `response_model`s), one module per area of routes.

They say in the OpenAPI document (/api/openapi.json) what each route returns. Every model
derives from `ApiModel`, which keeps fields it does not declare (`extra="allow"`): a column a
query gains still reaches the UI instead of being filtered out silently, and the declared
fields are the documented contract. Routes whose rows lack some optional keys use
`response_model_exclude_unset=True`, so that a key absent today stays absent.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

Number = int | float
"""A count or a measure: kept as the code computed it (3 stays 3, 0.5 stays 0.5)."""

Row = dict[str, Any]
"""A row whose columns are a table's own (`SELECT *`) or a model's evidence."""


class ApiModel(BaseModel):
    """Base of every answer model: declared fields documented, others passed through."""

    model_config = ConfigDict(extra="allow")


class Option(ApiModel):
    """A code and its Chinese label, as the pickers show them."""

    id: str
    zh: str


class KeyLabel(ApiModel):
    """A key and its label (manual review's conclusions, defect categories)."""

    key: str
    label: str


class Ok(ApiModel):
    ok: bool


__all__ = ["ApiModel", "KeyLabel", "Number", "Ok", "Option", "Row"]
