"""`courtqc synth` (placeholder registration until the generator's CLI lands)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:  # replaced by the synth engineer's command
    return None
