"""Control through a shareholding alone (issue 15): a controlling shareholder (控股股东,
《公司法》（2023）第265条: more than half of the capital) controls his company for
party_controller, so the built-in professional_lender adds his company's suits to his own —
in review and in node mode alike — while a minority holder (30 %) controls nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from courtqc import operators
from courtqc.engine.node import NodeChecker
from courtqc.engine.review import review
from courtqc.engine.testing import TinyCourt, by_context
from courtqc.graph import relations
from courtqc.models import builtin_models

AS_OF = dt.date(2024, 12, 31)
BOSS_ID = "310101197001010515"
MINOR_ID = "310101198601010994"
HELD = "91310000MA1FL0004X"
MINORITY = "91310000MA1FL0005X"


def _court(with_register: bool = True) -> tuple[TinyCourt, dict[str, list[int]]]:
    """A lender with 4 loan suits in person and 7 through a company he holds 60 % of, whose rows
    name a nominee representative (no party) and share neither his phone nor his address; a
    man with 5 suits of his own and 6 through a company of which he holds 30 % (the majority
    an outsider's). Either pair reaches ten only if the holding is control."""
    t = TinyCourt()
    boss = t.party("王大力", id_number=BOSS_ID, phone="13800000001", address="上海市徐汇区甲路1号")
    held = t.party("上海丁投资有限公司", kind="legal", uscc=HELD, legal_rep="李小二",
                   phone="13900000009", address="上海市闵行区某路9号")  # fmt: skip
    minor = t.party("钱七", id_number=MINOR_ID, phone="13700000007", address="上海市静安区乙路2号")
    small = t.party("上海戊投资有限公司", kind="legal", uscc=MINORITY, legal_rep="孙八",
                    phone="13600000006", address="上海市浦东新区丙路3号")  # fmt: skip
    cases: dict[str, list[int]] = {"boss": [], "minor": []}
    plan = (("boss", [boss] * 4 + [held] * 7), ("minor", [minor] * 5 + [small] * 6))
    for who, plaintiffs in plan:
        for i, plaintiff in enumerate(plaintiffs):
            borrower = t.party(f"借款人{who}{i}", phone=f"1350000{len(who)}{i:03d}")
            day = dt.date(2023, 1, 10) + dt.timedelta(days=30 * i)
            cases[who].append(
                t.case(filing=day.isoformat(), cause="民间借贷纠纷",
                       parties={"plaintiff": plaintiff, "defendant": borrower})
            )  # fmt: skip
    if with_register:
        for uscc, seq, holder, idn, pct in (
            (HELD, 1, "王大力", BOSS_ID, 60),
            (HELD, 2, "李小二", "320102196001010375", 40),  # the nominee: not a party
            (MINORITY, 1, "钱七", MINOR_ID, 30),
            (MINORITY, 2, "孙八", "330106196202020411", 70),
        ):
            t.add("registry_enterprise_shareholders", uscc=uscc, seq=seq, holder_name=holder,
                  holder_kind="natural", holder_id_number=idn, share_pct=pct,
                  valid_from="2015-01-01")  # fmt: skip
    operators.install(t.con, AS_OF)
    return t, cases


def _model():
    return [m for m in builtin_models() if m.id == "professional_lender"]


def _review(t: TinyCourt) -> dict[int, list[dict]]:
    models = _model()
    res = review(t.con, models, model_ids=[m.id for m in models], as_of=AS_OF, save=False)
    assert [r.status for r in res.runs] == ["ok"], [r.error for r in res.runs]
    out: dict[int, list[dict]] = {}
    for r in res.runs:
        for a in r.alerts:
            out.setdefault(a.case_id, []).append(a.to_dict())
    return out


def test_controlling_shareholder_is_the_controller():
    t, cases = _court()
    rows = dict(
        t.con.execute(
            "SELECT p.uscc, pc.controller_key FROM party_controller pc "
            "JOIN parties p USING (party_id) WHERE p.uscc IN (?, ?)",
            [HELD, MINORITY],
        ).fetchall()
    )
    key = dict(
        t.con.execute(
            "SELECT id_number, identity_key FROM party_identity WHERE id_number IN (?, ?)",
            [BOSS_ID, MINOR_ID],
        ).fetchall()
    )
    assert rows[HELD] == key[BOSS_ID]
    assert rows[MINORITY] not in (key[BOSS_ID], key[MINOR_ID])
    assert set(_review(t)) == set(cases["boss"])  # the 30 % holder's 11 suits are not flagged
    # the party graph names the register as the source of that control edge
    controls = [r for r in relations(t.con, cases=False) if r.type == "controls"]
    mine = [r for r in controls if key[BOSS_ID] in (r.src[2:], r.dst[2:])]
    assert [(r.source, r.confidence) for r in mine] == [("registry_enterprise_shareholders", 0.9)]


def test_without_the_register_nothing_links_him():
    t, _ = _court(with_register=False)
    assert _review(t) == {}


@pytest.mark.parametrize("with_register", [True, False])
def test_node_mode_equals_review_mode_through_holdings(with_register):
    t, cases = _court(with_register)
    want = _review(t)
    models = _model()
    checker = NodeChecker(t.con, models, as_of=AS_OF, record=False,
                          states={m.id: "live" for m in models})  # fmt: skip
    for cid in cases["boss"] + cases["minor"]:
        runs = []
        for group in by_context(models):
            got, _, _, errors = checker.run_models(cid, group)
            assert not errors, errors
            runs += got
        node = sorted((a.to_dict() for r in runs for a in r.alerts), key=lambda d: d["fingerprint"])
        assert node == sorted(want.get(cid, []), key=lambda d: d["fingerprint"]), cid
    assert bool(want) == with_register


def _namesake_court() -> tuple[TinyCourt, list[int]]:
    """A lender 刘康 with 4 loan suits in person, and a company with 7 whose representative is
    also 刘康 — but the register's controlling shareholder of that name has another ID number
    (a namesake, no party). Without the register the namesake rule gives the company to the
    lender (11 suits); the register's ID number rules him out."""
    t = TinyCourt()
    lender = t.party("刘康", id_number=BOSS_ID, phone="13800000001", address="上海市徐汇区甲路1号")
    firm = t.party("上海合亚远物流有限公司", kind="legal", uscc=HELD, legal_rep="刘 康",
                   phone="13900000009", address="上海市闵行区某路9号")  # fmt: skip
    cases = []
    for i, plaintiff in enumerate([lender] * 4 + [firm] * 7):
        borrower = t.party(f"借款人{i}", phone=f"1350000{i:04d}")
        day = dt.date(2023, 1, 10) + dt.timedelta(days=30 * i)
        cases.append(
            t.case(filing=day.isoformat(), cause="民间借贷纠纷",
                   parties={"plaintiff": plaintiff, "defendant": borrower})
        )  # fmt: skip
    return t, cases


@pytest.mark.parametrize("holder_id", [None, "420106195906279007"])
def test_a_namesake_of_the_registered_holder_does_not_control(holder_id):
    t, cases = _namesake_court()
    if holder_id is not None:
        t.add("registry_enterprise_shareholders", uscc=HELD, seq=1, holder_name="刘康",
              holder_kind="natural", holder_id_number=holder_id, share_pct=100,
              valid_from="2015-01-01")  # fmt: skip
    operators.install(t.con, AS_OF)
    want = _review(t)
    # no register row: the representative's name is all there is, and it names the lender
    assert set(want) == (set() if holder_id else set(cases))
    models = _model()
    checker = NodeChecker(t.con, models, as_of=AS_OF, record=False,
                          states={m.id: "live" for m in models})  # fmt: skip
    for cid in cases:
        got, _, _, errors = checker.run_models(cid, models)
        assert not errors, errors
        node = sorted((a.to_dict() for r in got for a in r.alerts), key=lambda d: d["fingerprint"])
        assert node == sorted(want.get(cid, []), key=lambda d: d["fingerprint"]), cid
