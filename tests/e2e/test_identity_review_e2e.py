"""The identity review in a real browser: the administrator opens the borderline pairs in the
data-quality tab, splits one the resolver merged, and after a rerun of identity resolution
the pair's rows carry different person_key values.

A court of its own (the session court of tests/e2e/conftest.py is left as the other tests
expect it): a small synthetic court — whose parties give no borderline pair at all, see
docs/IDENTITY.md — plus two rows of one name, one birth date and one address written with
more and less detail, no ID number and no phone: the rules merge them on one point of
birth date and one of address, exactly at the bar.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import PASSWORD, serve
from tests.e2e.test_web_e2e import api_get, login, no_error_boxes

NAME = "复核甲乙"


def _keys(con, a: int, b: int) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    got = dict(
        con.execute(
            "SELECT party_id, person_key FROM parties WHERE party_id IN (?, ?)", [a, b]
        ).fetchall()
    )
    return got[a], got[b]


@pytest.fixture(scope="module")
def review_court(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    import duckdb

    from courtqc.identity.resolve import resolve_parties
    from courtqc.synth import generate
    from courtqc.web.db import ensure_platform
    from courtqc.web.users import seed_demo_users

    path = tmp_path_factory.mktemp("idreview") / "court.duckdb"
    generate(path, cases=500, seed=11, progress=False)
    con = duckdb.connect(str(path))
    top = con.execute("SELECT max(party_id) FROM parties").fetchone()[0]
    a, b = top + 1, top + 2
    con.executemany(
        "INSERT INTO parties (party_id, kind, name, birth_date, address) VALUES (?, 'natural', ?, DATE '1979-04-02', ?)",
        [[a, NAME, "上海市长宁区复核路18号"], [b, NAME, "长宁区复核路18号302室"]],
    )
    cases = [
        r[0] for r in con.execute("SELECT case_id FROM cases ORDER BY case_id LIMIT 2").fetchall()
    ]
    con.executemany(
        "INSERT INTO case_parties (case_id, party_id, role, seq) VALUES (?, ?, 'third_party', 9)",
        [[cases[0], a], [cases[1], b]],
    )
    resolve_parties(con)
    ensure_platform(con)
    seed_demo_users(con, PASSWORD)
    con.close()
    return path, a, b


@pytest.fixture(scope="module")
def review_server(review_court) -> Iterator[tuple[str, object]]:  # type: ignore[no-untyped-def]
    with serve(review_court[0]) as served:
        yield served


def test_admin_splits_a_borderline_pair(browser, review_court, review_server, shots: Path) -> None:  # type: ignore[no-untyped-def]
    from courtqc.identity.resolve import resolve_parties

    _path, a, b = review_court
    server, app = review_server
    pair = f"{a}-{b}"
    with app.state.store.cursor() as con:
        ka, kb = _keys(con, a, b)
    assert ka == kb, "the rules merge the two rows before the steward looks"

    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    page.set_default_timeout(30_000)
    try:
        login(page, server, "admin")
        page.get_by_test_id("nav-admin").click()
        page.get_by_role("tab", name="数据质量").click()
        table = page.get_by_test_id("identity-review-pairs")
        row = table.locator("tbody tr", has_text=pair)
        row.wait_for()
        assert NAME in row.inner_text() and "同一主体" in row.inner_text()
        listed = api_get(page, server, "/api/admin/identity/review?status=all&size=500")
        item = next(i for i in listed["items"] if i["pair_id"] == pair)
        assert item["merged"] and item["evidence"]["address"] == "more or less detail"
        page.get_by_test_id("identity-review-reason").fill("两人地址相近，出生日期巧合 (namesakes)")
        row.get_by_test_id("identity-split").click()
        # Decided: it leaves the pending list.
        table.locator("tbody tr", has_text=pair).wait_for(state="detached")
        no_error_boxes(page)
        page.screenshot(path=str(shots / "admin_identity_review.png"), full_page=True)
        decided = api_get(page, server, "/api/admin/identity/review?status=decided")
        got = next(i for i in decided["items"] if i["pair_id"] == pair)
        assert got["decision"] == "split" and got["decided_by"] == "admin"
    finally:
        ctx.close()

    with app.state.store.cursor() as con:  # the nightly rerun
        stats = resolve_parties(con)
        assert stats.decisions_applied == 1
        ka, kb = _keys(con, a, b)
        # The evidence still says merge; the split holds.
        assert con.execute(
            "SELECT merged FROM identity_review WHERE pair_id = ?", [pair]
        ).fetchone() == (False,)
    assert ka != kb
