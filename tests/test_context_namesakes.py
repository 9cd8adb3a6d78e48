"""Node mode and a company's namesake representatives (issue 17, node p99 at 1M).

party_controller gives a company whose representative has several namesakes to the one with
the most claimant-side cases. Node mode used to copy every namesake with all his cases to
repeat that choice; now it copies their party rows and counts their claimant-side cases in the
store (qc_claims_outside), and follows the cases only of those the choice puts in a group of
the case's own parties. These tests hold the choice to review mode's and the context to the
cases that matter."""

from __future__ import annotations

import datetime as dt

from courtqc import operators
from courtqc.engine.node import NodeChecker
from courtqc.engine.review import review
from courtqc.engine.testing import TinyCourt
from courtqc.models import builtin_models

AS_OF = dt.date(2024, 12, 31)
BUSY_ID = "310101197001010515"  # sorts first: a tie between the namesakes goes to the other
IDLE_ID = "330106196202020411"
FIRM = "91310000MA1FL0004X"


def _court() -> tuple[TinyCourt, dict[str, list[int]]]:
    """A company with 7 loan suits whose representative, 张伟, is named by no party row of it
    and shares no phone or address; two people called 张伟: one with 4 loan suits of his own,
    one with a single suit. The first has more claimant-side cases, so he controls the company
    and reaches eleven suits; the second controls nothing but himself."""
    t = TinyCourt()
    busy = t.party("张伟", id_number=BUSY_ID, phone="13800000001", address="上海市徐汇区甲路1号")
    idle = t.party("张伟", id_number=IDLE_ID, phone="13700000002", address="上海市静安区乙路2号")
    firm = t.party("上海丁投资有限公司", kind="legal", uscc=FIRM, legal_rep="张伟",
                   phone="13900000009", address="上海市闵行区某路9号")  # fmt: skip
    cases: dict[str, list[int]] = {"busy": [], "idle": [], "firm": []}
    plan = [("busy", busy)] * 4 + [("idle", idle)] + [("firm", firm)] * 7
    for i, (who, plaintiff) in enumerate(plan):
        borrower = t.party(f"借款人{i}", phone=f"1350000{i:04d}")
        day = dt.date(2023, 1, 10) + dt.timedelta(days=30 * i)
        cases[who].append(
            t.case(filing=day.isoformat(), cause="民间借贷纠纷",
                   parties={"plaintiff": plaintiff, "defendant": borrower})
        )  # fmt: skip
    operators.install(t.con, AS_OF)
    return t, cases


def _review(t: TinyCourt, models) -> dict[int, list[dict]]:
    res = review(t.con, models, model_ids=[m.id for m in models], as_of=AS_OF, save=False)
    assert [r.status for r in res.runs] == ["ok"], [r.error for r in res.runs]
    out: dict[int, list[dict]] = {}
    for r in res.runs:
        for a in r.alerts:
            out.setdefault(a.case_id, []).append(a.to_dict())
    return out


def test_the_namesake_with_more_claims_controls_in_node_mode_too():
    t, cases = _court()
    models = [m for m in builtin_models() if m.id == "professional_lender"]
    want = _review(t, models)
    assert set(want) == set(cases["busy"] + cases["firm"])  # 4 + 7 suits: his
    checker = NodeChecker(t.con, models, as_of=AS_OF, record=False,
                          states={m.id: "live" for m in models})  # fmt: skip
    sizes = {}
    for who, ids in cases.items():
        for cid in ids:
            got, n_cases, _, errors = checker.run_models(cid, models)
            assert not errors, errors
            node = sorted(
                (a.to_dict() for r in got for a in r.alerts), key=lambda d: d["fingerprint"]
            )
            assert node == sorted(want.get(cid, []), key=lambda d: d["fingerprint"]), (who, cid)
            sizes[who] = n_cases
    # the idle namesake's context: his own case only, not the 11 of the company's controller,
    # whose choice is made from the rows of the two namesakes and their counts of claims
    assert sizes["idle"] == 1
    assert sizes["firm"] == sizes["busy"] == 11
