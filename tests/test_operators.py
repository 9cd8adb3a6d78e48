"""The operator library: SQL operators agree with courtqc.law, identity and window semantics."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import duckdb
import pytest

from courtqc.engine.testing import D, TinyCourt
from courtqc.law import fines, sentencing
from courtqc.operators import TABLE_MACROS, VIEWS, base_tables, columns_of, install
from courtqc.schema import create_schema


@pytest.fixture
def con():
    c = duckdb.connect()
    create_schema(c)
    install(c, dt.date(2024, 6, 30))
    return c


def test_every_operator_binds_on_an_empty_store(con):
    for v in VIEWS:
        con.execute(f"SELECT * FROM {v}").fetchall()
    con.execute("SELECT * FROM op_party_frequency('plaintiff', ['民间借贷纠纷'], 730)").fetchall()
    con.execute("SELECT * FROM op_duplicate_suit(180, ['withdrawal'])").fetchall()
    assert set(TABLE_MACROS) == {
        "op_party_frequency",
        "op_controller_frequency",
        "op_duplicate_suit",
    }
    assert "expected_term_end" in columns_of("op_sentence_check")
    assert base_tables({"op_party_death"}) == {
        "cases",
        "parties",
        "case_parties",
        "registry_population",
    }


def test_normalisation(con):
    row = con.execute(
        "SELECT op_norm_name('ＡＢＣ 贸易有限责任公司'), op_norm_name('张　三'), op_norm_id(' 11010519491231002x ')"
    ).fetchone()
    assert row == ("ABC贸易有限公司", "张三", "11010519491231002X")


def test_norm_id_converts_15_digit_numbers_as_domain_does(con):
    """op_norm_id (SQL, its argument bound once) and domain.idnumber.id15_to_18 (GB 11643)
    agree on first-generation numbers, written with blanks, dashes and full-width digits, and
    leave other values as they are."""
    from courtqc.domain.idnumber import id15_to_18

    rng = random.Random(11)
    for _ in range(300):
        born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(365 * 69))
        id15 = f"{rng.choice(['310101', '310115', '110105'])}{born:%y%m%d}{rng.randrange(1000):03d}"
        written = rng.choice([id15, f" {id15[:6]}-{id15[6:]} ", id15.translate(_FULL)])
        assert con.execute("SELECT op_norm_id(?)", [written]).fetchone()[0] == id15_to_18(id15)
    for other in ("310101991399001", "31010119800101001X", "ABC", "", None):
        expected = None if other is None else other
        assert con.execute("SELECT op_norm_id(?)", [other]).fetchone()[0] == expected


_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def test_term_end_matches_law_sentencing(con):
    rng = random.Random(7)
    for _ in range(400):
        start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        months = rng.randrange(1, 180)
        got = con.execute("SELECT op_term_end(?, ?)", [start, months]).fetchone()[0]
        assert got == sentencing.term_end_from(start, months), (start, months)


def test_sentence_check_matches_law_for_each_penalty():
    t = TinyCourt()
    install(t.con)
    rng = random.Random(11)
    expected = {}
    for i in range(150):
        pen = rng.choice(sentencing.TERM_PENALTIES)
        start = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(2000))
        months = rng.randrange(1, 60)
        cdays = rng.randrange(0, 200)
        d = t.party(f"被告人{i}")
        c = t.case(family="criminal", cause="盗窃罪", parties={"criminal_defendant": d})
        t.add("sentences", case_id=c, party_id=d, charges="盗窃", principal_penalty=pen, term_months=months,
              custody_start=start, custody_days=cdays)  # fmt: skip
        expected[c] = sentencing.expected_term_end(start, months, pen, custody_days=cdays)
    got = dict(t.con.execute("SELECT case_id, expected_term_end FROM op_sentence_check").fetchall())
    assert got == expected


@pytest.mark.parametrize("charge", ["盗窃", "贪污", "受贿", "行贿", "诈骗"])
def test_fine_range_matches_law_fines(charge):
    t = TinyCourt()
    install(t.con)
    rng = random.Random(hash(charge) % 1000)
    cases = {}
    for i in range(120):
        pen = rng.choice(["fixed_term", "fixed_term", "criminal_detention", "life", "exempt"])
        term = rng.choice([6, 24, 36, 60, 120, 180]) if pen == "fixed_term" else None
        amount = rng.choice([None, Decimal(3000), Decimal(150000), Decimal(900000)])
        fine = Decimal(rng.choice([500, 1000, 5000, 100000, 300000, 600000, 2000000]))
        d = t.party(f"被告人{i}")
        c = t.case(family="criminal", cause=f"{charge}罪", parties={"criminal_defendant": d})
        t.add("sentences", case_id=c, party_id=d, charges=charge, principal_penalty=pen, term_months=term,
              fine_yuan=fine, crime_amount=amount)  # fmt: skip
        cases[c] = fines.check_fine(charge, fine, amount, term, pen) is not None
    got = dict(
        t.con.execute("SELECT case_id, coalesce(out_of_range, FALSE) FROM op_fine_check").fetchall()
    )
    assert got == cases


def test_party_frequency_uses_identity_across_spellings():
    t = TinyCourt()
    install(t.con)
    a = t.party("王 五", id_number="31010119800101001x")
    b = t.party("王五", id_number="31010119800101001X")
    for i, who in enumerate([a, b, a, b]):
        t.case(
            filing=f"2022-0{i + 1}-01", parties={"plaintiff": who, "defendant": t.party(f"乙{i}")}
        )
    t.case(
        filing="2026-01-01", parties={"plaintiff": a, "defendant": t.party("丙")}
    )  # outside the window
    rows = t.con.execute(
        "SELECT n_cases FROM op_party_frequency('plaintiff', ['民间借贷纠纷'], 730) ORDER BY case_id"
    ).fetchall()
    assert [r[0] for r in rows] == [4, 4, 4, 4, 1]
    # person_key (from identity resolution) takes precedence over the ID number
    t.con.execute("UPDATE parties SET person_key = 'P' || party_id")
    rows = t.con.execute(
        "SELECT max(n_cases) FROM op_party_frequency('plaintiff', ['民间借贷纠纷'], 730)"
    ).fetchone()
    assert rows[0] == 2


def test_duplicate_suit_and_lawyer_both_sides():
    t = TinyCourt()
    install(t.con)
    p, d = (
        t.party("甲", id_number="310101197001010051"),
        t.party("乙", id_number="310101197001010062"),
    )
    first = t.case(filing="2023-01-01", closing="2023-02-01", closing_method="withdrawal",
                   parties={"plaintiff": p, "defendant": d})  # fmt: skip
    second = t.case(filing="2023-03-01", parties={"plaintiff": p, "defendant": d})
    rows = t.con.execute(
        "SELECT case_id, earlier_case_id, days_after FROM op_duplicate_suit(180, ['withdrawal'])"
    ).fetchall()
    assert rows == [(second, first, 28)]
    assert (
        t.con.execute("SELECT count(*) FROM op_duplicate_suit(20, ['withdrawal'])").fetchone()[0]
        == 0
    )
    t.add(
        "case_agents",
        case_id=second,
        party_id=p,
        lawyer_id=5,
        agent_name="律师",
        agent_kind="lawyer",
    )
    t.add(
        "case_agents",
        case_id=second,
        party_id=d,
        lawyer_id=5,
        agent_name="律师",
        agent_kind="lawyer",
    )
    assert t.con.execute("SELECT case_id, lawyer_id FROM op_lawyer_both_sides").fetchall() == [
        (second, 5)
    ]
    related = t.con.execute(
        "SELECT related_case_id, relation FROM op_related_cases WHERE case_id = ?", [second]
    ).fetchall()
    assert related == [(first, "same_party")]


def test_time_limit_matches_law_deadline():
    from courtqc.law.time_limits import deadline

    t = TinyCourt()
    install(t.con, dt.date(2024, 6, 30))
    rng = random.Random(3)
    want = {}
    for i in range(60):
        fam, proc, tp = rng.choice([("civil", "first", "ordinary"), ("civil", "first", "simple"),
                                    ("criminal", "first", "ordinary"), ("enforcement", "enforcement", None),
                                    ("civil", "second", None)])  # fmt: skip
        filing = D("2023-01-31") + dt.timedelta(days=rng.randrange(500))
        ext, exc = rng.choice([0, 30]), rng.choice([0, 15])
        c = t.case(family=fam, procedure=proc, trial_procedure=tp, filing=filing.isoformat(),
                   extended_days=ext, excluded_days=exc, cause=None, type_code="x",
                   parties={"plaintiff": t.party(f"p{i}")})  # fmt: skip
        want[c] = deadline(filing, fam, proc, tp, ext, exc)
    got = dict(t.con.execute("SELECT case_id, deadline FROM op_time_limit").fetchall())
    assert got == want
