"""docs/INFO_POINTS.md, generated from the info-point registry:

python -m courtqc.extract.docs > docs/INFO_POINTS.md
"""

from __future__ import annotations

from courtqc.extract.points import ANY, REGISTRY


def render() -> str:
    """docs/INFO_POINTS.md, generated from the registry."""
    lines = [
        "# Info points extracted from judgments",
        "",
        "Generated from `courtqc.extract.points.REGISTRY` by `python -m courtqc.extract.docs`;",
        "do not edit by hand. Every kind below can appear in `Extraction.info_points` and in the",
        "`info_points` table (`key`). `source`: *reader* = filled by a structured reader",
        "(parties, sentences, main-text items …), *pattern* = one rule over the named sections,",
        "*check* = a legal check (`courtqc.extract.checks`). A point's `rule` names the rule that",
        "found it (`llm:<model>` when the optional LLM backend filled it).",
        "",
        f"{len(REGISTRY)} kinds.",
        "",
        "## Sections",
        "",
        "heading · parties · history · claims · defence · facts · reasoning · main_text · costs ·",
        "appeal_notice · signatures · appendix (`courtqc.extract.split_sections`).",
        "",
        "## Canonical roles",
        "",
        "`parties[].role` is one of the roles below (`role_text` keeps the wording; for",
        "上诉人（原审被告） `original_role` is the role in the case below). The procuratorate",
        "(公诉机关) is the `prosecutor` field, not one of `parties`; agents and defenders are",
        "`parties[].agents`.",
        "",
    ]
    from courtqc.extract.parties import ROLE_MAP

    by_role: dict[str, list[str]] = {}
    for word, role in ROLE_MAP.items():
        by_role.setdefault(role, []).append(word)
    lines += ["| role | written as |", "|---|---|"]
    for role, words in by_role.items():
        lines.append(f"| `{role}` | {'、'.join(words)} |")
    from courtqc.extract.tail import ROLE_CODES

    lines += [
        "",
        "Judges' roles: " + ", ".join(f"`{v}` ({k})" for k, v in ROLE_CODES.items()) + ".",
        "",
    ]
    lines += [
        "## Kinds",
        "",
        "| key | 中文 | meaning | sections | source |",
        "|---|---|---|---|---|",
    ]
    for k in REGISTRY.values():
        secs = ", ".join(k.sections) if k.sections != ANY else "any"
        lines.append(f"| `{k.key}` | {k.zh} | {k.en} | {secs} | {k.source} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
