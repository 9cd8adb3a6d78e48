"""A model's YAML text shown with the lifecycle's state, not the one it was saved with.

The lifecycle keeps state per version in `model_states` (models/lifecycle.py); the saved text
keeps what its author wrote (a workshop save always says `state: modelling`). Served as it was
saved, a promoted model's YAML would still say modelling beside a history that says live, so
the API (GET /api/models/{id}) serves the text with its top-level `state:` line set to the state
the lifecycle gives the version. Only that line changes: comments, layout and the version hash
(state is cosmetic, definition.COSMETIC_FIELDS) stay as they were.
"""

from __future__ import annotations

import re

from courtqc.models.definition import STATES

_STATE_LINE = re.compile(r"^state:[^\n]*$", re.MULTILINE)
_AFTER = re.compile(r"^owner_court:[^\n]*$", re.MULTILINE)


def with_state(text: str, state: str) -> str:
    """`text` with its top-level `state:` set to `state` (added after owner_court, or at the
    end, when the text has none)."""
    if state not in STATES:
        raise ValueError(f"unknown state {state!r}")
    line = f"state: {state}"
    if _STATE_LINE.search(text):
        return _STATE_LINE.sub(line, text, count=1)
    m = _AFTER.search(text)
    if m:
        return text[: m.end()] + "\n" + line + text[m.end() :]
    return text + ("" if text.endswith("\n") or not text else "\n") + line + "\n"
