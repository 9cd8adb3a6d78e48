"""The finding a legal rule returns: what is wrong, in Chinese first, with the values named."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One breach of a legal rule, ready to become an alert.

    ``code`` is a stable snake_case key (e.g. ``late_interest_article_wrong``); the messages name
    the values involved so a judge can act on them without opening the case; ``evidence`` holds
    the same values machine-readably (dates as ISO strings, amounts as strings).
    """

    code: str
    message_zh: str
    message_en: str
    evidence: dict[str, Any] = field(default_factory=dict)
