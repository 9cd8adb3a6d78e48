"""Generate docs/SCHEMA.md from canonical.sql, so the column docs cannot drift from the DDL.

Every column carries its description as a trailing `-- comment` in canonical.sql; a table's
description is the comment block just above its CREATE TABLE. Run:
    python -m courtqc.schema.docs > docs/SCHEMA.md
"""

from __future__ import annotations

import re

from courtqc.schema import DDL

_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\);", re.S)
_COLUMN = re.compile(r"^\s*(\w+)\s+([A-Z]+(?:\(\d+,?\d*\))?)([^-]*?),?\s*(?:--\s*(.*))?$")

INTRO = """# Canonical schema

The canonical judicial store: one schema every source is mapped into and every scenario
model, indicator and document check reads. DuckDB runs it as is (`src/courtqc/schema/canonical.sql`);
the same SQL is transpiled by sqlglot for other engines. Generated from the DDL by
`python -m courtqc.schema.docs` — edit the comments in canonical.sql, not this file.

Conventions: money in yuan as DECIMAL(18,2); dates as DATE; codes (family, procedure, role,
node, status ...) are lower-case English identifiers, their Chinese names live in the code that
shows them (`courtqc.domain.nodes`, ...). Workflow nodes are listed in `courtqc.domain.nodes`
(docs/DOMAIN.md §5). Platform tables that models may not read (alerts, feedback, users, audit)
are created by their own packages, not here.
"""


def table_docs() -> list[tuple[str, str, list[tuple[str, str, str, str]]]]:
    """(table, description, [(column, type, constraints, description)])."""
    out = []
    for m in _TABLE.finditer(DDL):
        name, body = m.group(1), m.group(2)
        before = DDL[: m.start()].rstrip().splitlines()
        desc_lines = []
        while before and before[-1].startswith("-- "):
            desc_lines.insert(0, before.pop()[3:])
        cols = []
        for line in body.splitlines():
            line = line.rstrip()
            if not line.strip() or line.strip().startswith(("PRIMARY KEY", "--")):
                continue
            cm = _COLUMN.match(line)
            if cm:
                col, ty, rest, comment = cm.groups()
                cols.append((col, ty, " ".join(rest.split()), (comment or "").strip()))
        pk = re.search(r"PRIMARY KEY \(([^)]*)\)", body)
        if pk:
            desc_lines.append(f"Primary key: ({pk.group(1)}).")
        out.append((name, " ".join(desc_lines), cols))
    return out


def render() -> str:
    parts = [INTRO]
    for name, desc, cols in table_docs():
        parts.append(f"\n## {name}\n")
        if desc:
            parts.append(f"{desc}\n")
        parts.append("\n| column | type | constraints | meaning |\n|---|---|---|---|")
        for col, ty, rest, comment in cols:
            parts.append(f"| `{col}` | {ty} | {rest} | {comment.replace(' | ', ' / ')} |")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    print(render(), end="")
