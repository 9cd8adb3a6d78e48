"""false_litigation_ring: rings read off the lender–borrower–lawyer graph (party_rings with
staged_within_days), against false_lending_ring's per-lender count."""

from __future__ import annotations

import datetime as dt

from courtqc.engine.review import review
from courtqc.engine.testing import TinyCourt
from courtqc.models import builtin_models

AS_OF = dt.date(2024, 6, 30)
MODELS = ("false_litigation_ring", "false_lending_ring")


def _suit(t: TinyCourt, lender: int, borrower: int, lawyer: int, day: int, took: int) -> int:
    filing = dt.date(2023, 3, 1) + dt.timedelta(days=day)
    c = t.case(
        filing=filing.isoformat(),
        closing=(filing + dt.timedelta(days=took)).isoformat(),
        closing_method="mediation",
        cause_name="民间借贷纠纷",
        parties={"plaintiff": lender, "defendant": borrower},
    )
    t.add(
        "case_agents",
        case_id=c,
        party_id=lender,
        lawyer_id=lawyer,
        agent_name="律师",
        agent_kind="lawyer",
    )
    return c


def _hits(t: TinyCourt) -> dict[str, set[int]]:
    models = [m for m in builtin_models() if m.id in MODELS]
    res = review(t.con, models, model_ids=list(MODELS), as_of=AS_OF, save=False)
    return {r.model_id: {a.case_id for a in r.alerts} for r in res.runs}


def _people(t: TinyCourt, stem: str, n: int, base: int) -> list[int]:
    return [t.party(f"{stem}{i}", id_number=f"3101011980{base + i:04d}001X") for i in range(n)]


def test_two_lenders_suing_the_same_borrowers_are_one_ring():
    """Two lenders with one lawyer, each suing three of five borrowers (one in common): no
    lender reaches five borrowers, the ring together does."""
    t = TinyCourt()
    a, b = _people(t, "出借人", 2, 0)
    borrowers = _people(t, "借款人", 5, 100)
    ring = [_suit(t, a, x, 7, i * 9, 12) for i, x in enumerate(borrowers[:3])]
    ring += [_suit(t, b, x, 7, 40 + i * 9, 15) for i, x in enumerate(borrowers[2:])]
    hits = _hits(t)
    assert hits["false_litigation_ring"] == set(ring)
    assert hits["false_lending_ring"] == set()


def test_slow_or_contested_suits_are_no_ring():
    """The same structure, but one borrower had a lawyer and another suit took 45 days: four
    staged suits remain, under five borrowers — no alert. Without the staging marks the
    structure alone (party_rings without staged_within_days) still sees it."""
    from courtqc import operators
    from courtqc.graph import rings

    t = TinyCourt()
    a, b = _people(t, "出借人", 2, 0)
    borrowers = _people(t, "借款人", 5, 100)
    ids = [_suit(t, a, x, 7, i * 9, 12) for i, x in enumerate(borrowers[:3])]
    ids += [_suit(t, b, x, 7, 40 + i * 9, 15) for i, x in enumerate(borrowers[2:])]
    t.add(
        "case_agents",
        case_id=ids[0],
        party_id=borrowers[0],
        lawyer_id=9,
        agent_name="律师乙",
        agent_kind="lawyer",
    )
    t.con.execute("UPDATE cases SET closing_date = filing_date + 45 WHERE case_id = ?", [ids[-1]])
    assert _hits(t)["false_litigation_ring"] == set()
    operators.install(t.con, AS_OF)
    assert {r["case_id"] for r in rings(t.con)} == set(ids)
    assert rings(t.con, staged_within_days=30) == []
