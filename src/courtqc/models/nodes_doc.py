"""Generate docs/NODES.md: the workflow-node catalogue with the built-in models bound to each node.

The catalogue is the domain's (courtqc.domain.nodes, which renders it); the bindings are the
models', a layer above, so the generator that joins them lives here:

    python -m courtqc.models.nodes_doc > docs/NODES.md
"""

from __future__ import annotations

from courtqc.domain.nodes import render_markdown
from courtqc.models.library import builtin_models


def model_bindings() -> dict[str, list[str]]:
    """node id → the built-in models bound to it, in library order (`*`: bound to every node)."""
    out: dict[str, list[str]] = {}
    for m in builtin_models():
        for n in m.model.nodes:
            out.setdefault(n, []).append(m.id)
    return out


def render_nodes_doc() -> str:
    """docs/NODES.md as it is committed."""
    return render_markdown(model_bindings())


if __name__ == "__main__":  # pragma: no cover - documentation generator
    print(render_nodes_doc(), end="")
