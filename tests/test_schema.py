"""The canonical schema builds, and docs/SCHEMA.md is generated from it and current."""

from __future__ import annotations

import duckdb

from courtqc.domain.courts import BY_CODE, COURTS, descendants
from courtqc.schema import ALL_TABLES, create_schema
from courtqc.schema.docs import render, table_docs

from .conftest import REPO


def test_schema_creates_every_table_idempotently() -> None:
    con = duckdb.connect(":memory:")
    create_schema(con)
    create_schema(con)
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert set(ALL_TABLES) <= tables


def test_every_column_is_documented() -> None:
    undocumented = [(t, c) for t, _, cols in table_docs() for c, _, _, d in cols if not d]
    assert undocumented == []
    assert all(desc for _, desc, _ in table_docs())


def test_schema_md_is_current() -> None:
    assert (REPO / "docs" / "SCHEMA.md").read_text(encoding="utf-8") == render(), (
        "docs/SCHEMA.md is stale: run `python -m courtqc.schema.docs > docs/SCHEMA.md`"
    )


def test_court_tree() -> None:
    assert BY_CODE["沪"].parent is None
    for c in COURTS:
        assert c.parent is None or c.parent in BY_CODE
    # the High Court supervises every court; a basic court only itself
    assert set(descendants("沪")) == set(BY_CODE)
    assert descendants("沪0115") == ["沪0115"]
    assert {"沪01", "沪02", "沪03", "沪72", "沪73", "沪74", "沪7101"} <= set(BY_CODE)
    assert sum(1 for c in COURTS if c.level == "basic" and c.kind == "general") == 16
