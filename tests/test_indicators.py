"""Every catalogue indicator against a small hand-built court whose expected values are worked
out by hand below (no generator, no shared data).

The fixture court tree: 沪 (high) > 沪01 (intermediate) > 沪0104 徐汇, 沪0105 长宁 (basic), and
沪72 (maritime) under 沪. Period 2024: start 2024-01-01, last day (as_of) 2024-12-31.
Day counts are written out as arithmetic next to each case so they can be checked by eye.
"""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import pytest

from courtqc.indicators import Slice, compute, default, drill, facts
from courtqc.schema import create_schema

D = date.fromisoformat
Y2024 = "2024"

# fmt: off
# (case_id, name, court, family, procedure, trial_procedure, type_code, filed, closed, method,
#  judge, origin_case_id, origin_relation, extended_days, excluded_days, claim_amount)
CASES = [
    # 沪0104, civil first instance
    (1,  "C1",  "沪0104", "civil", "first", "ordinary", "民初", "2024-01-10", "2024-03-10", "judgment", 1, None, None, 0, 0, None),
    (2,  "C2",  "沪0104", "civil", "first", "simple", "民初", "2024-02-01", "2024-02-21", "mediation", 1, None, None, 0, 0, None),
    (3,  "C3",  "沪0104", "civil", "first", "ordinary", "民初", "2024-03-01", "2024-12-20", "judgment", 2, None, None, 0, 30, None),
    (4,  "C4",  "沪0104", "civil", "first", "small_claims", "民初", "2023-06-01", "2024-01-15", "withdrawal", 1, None, None, 30, 0, None),
    (5,  "C5",  "沪0104", "civil", "first", "ordinary", "民初", "2023-11-01", "2024-04-10", "judgment", 2, None, None, 0, 0, None),
    (6,  "C6",  "沪0104", "civil", "first", "simple", "民初", "2024-04-01", "2024-06-01", "judgment", 1, None, None, 0, 0, None),
    (7,  "C7",  "沪0104", "civil", "first", "ordinary", "民初", "2024-05-01", "2024-05-20", "judgment", 2, None, None, 0, 0, None),
    (8,  "C8",  "沪0104", "civil", "first", "ordinary", "民初", "2022-10-01", None, None, 1, None, None, 0, 0, None),
    (9,  "C9",  "沪0104", "civil", "first", "ordinary", "民初", "2021-06-01", None, None, 2, None, None, 0, 0, None),
    (10, "C10", "沪0104", "civil", "first", "ordinary", "民初", "2024-11-01", None, None, 1, None, None, 0, 0, None),
    (11, "C11", "沪0104", "civil", "first", "ordinary", "民初", "2023-01-10", "2023-05-01", "judgment", 2, None, None, 0, 0, None),
    (12, "C12", "沪0104", "commercial", "first", "ordinary", "民初", "2024-07-01", "2024-07-31", "settlement", 1, None, None, 0, 0, None),
    (13, "R1",  "沪0104", "civil", "first", "ordinary", "民初", "2024-09-15", None, None, 1, 6, "remand_retrial", 0, 0, None),
    (14, "P1",  "沪0104", "civil", "other", None, "民诉前调", "2024-03-01", "2024-03-20", "mediation", None, None, None, 0, 0, None),
    (15, "P2",  "沪0104", "civil", "other", None, "民诉前调", "2024-04-01", "2024-04-30", "transfer", None, None, None, 0, 0, None),
    (16, "P3",  "沪0104", "civil", "other", None, "民诉前调", "2024-12-15", None, None, None, None, None, 0, 0, None),
    (17, "K1",  "沪0104", "criminal", "first", "ordinary", "刑初", "2024-01-01", "2024-02-15", "judgment", 2, None, None, 0, 0, None),
    # 沪0104, enforcement (judge 3)
    (21, "E1",  "沪0104", "enforcement", "enforcement", None, "执", "2024-04-01", "2024-09-01", "enforced_in_full", 3, 1, "enforcement", 0, 0, 100000),
    (22, "E2",  "沪0104", "enforcement", "enforcement", None, "执", "2024-02-01", "2024-06-15", "termination_current", 3, None, None, 0, 0, 200000),
    (23, "E3",  "沪0104", "enforcement", "enforcement", None, "执", "2024-05-01", "2024-07-01", "termination_current", 3, None, None, 0, 0, 50000),
    (24, "E4",  "沪0104", "enforcement", "enforcement", None, "执恢", "2024-10-01", "2024-12-01", "settlement", 3, 22, "resumed_enforcement", 0, 0, 180000),
    (25, "E5",  "沪0104", "enforcement", "enforcement", None, "执", "2024-08-01", None, None, 3, None, None, 0, 0, 10000),
    (26, "E6",  "沪0104", "enforcement", "other", None, "执异", "2024-09-01", "2024-09-20", "ruling", 3, None, None, 0, 0, None),
    # 沪0105
    (31, "G1",  "沪0105", "administrative", "first", "ordinary", "行初", "2024-03-01", "2024-05-01", "judgment", 4, None, None, 0, 0, None),
    (32, "D1",  "沪0105", "civil", "first", "ordinary", "民初", "2024-02-01", None, None, 4, None, None, 0, 0, None),
    # 沪01: appeals and the retrial of C11
    (41, "A1",  "沪01", "civil", "second", None, "民终", "2024-05-01", "2024-07-01", "modified", 5, 5, "appeal", 0, 0, None),
    (42, "A2",  "沪01", "civil", "second", None, "民终", "2024-06-20", "2024-09-01", "remanded", 5, 6, "appeal", 0, 0, None),
    (43, "A3",  "沪01", "civil", "second", None, "民终", "2024-06-10", "2024-08-01", "upheld", 5, 7, "appeal", 0, 0, None),
    (44, "RA1", "沪01", "civil", "retrial_review", None, "民申", "2024-01-05", "2024-01-25", "ruling", 5, 11, "retrial", 0, 0, None),
    (45, "RT1", "沪01", "civil", "retrial", None, "民再", "2024-02-01", "2024-06-01", "modified", 5, 11, "retrial", 0, 0, None),
    # 沪72
    (51, "M1",  "沪72", "maritime", "first", "ordinary", "民初", "2024-06-01", "2024-08-01", "mediation", None, None, None, 0, 0, None),
]
APPEAL_RESULTS = [  # (case_id, origin_case_id, result, reason, decided)
    (41, 5, "modified", "fact_error", "2024-07-01"),
    (42, 6, "remanded", "procedure_error", "2024-09-01"),
    (43, 7, "upheld", None, "2024-08-01"),
    (45, 11, "modified", "new_evidence", "2024-06-01"),
]
EVENTS = [  # (case_id, node, day)
    (1, "scheduling", "2024-02-20"), (1, "hearing", "2024-03-01"), (1, "hearing", "2024-03-05"),
    (1, "pronouncement", "2024-03-10"),
    (3, "scheduling", "2024-05-01"), (3, "scheduling", "2024-06-01"), (3, "hearing", "2024-12-20"),
    (3, "pronouncement", "2024-12-20"),
    (7, "scheduling", "2024-05-05"), (7, "hearing", "2024-05-15"), (7, "pronouncement", "2024-05-15"),
    (41, "scheduling", "2024-06-01"), (41, "hearing", "2024-06-15"),
    (43, "scheduling", "2024-07-01"), (43, "hearing", "2024-07-10"),
    (14, "pre_filing_mediation", "2024-03-05"), (2, "pre_filing_mediation", "2024-01-20"),
    (3, "archiving", "2025-01-10"),  # the data's last day: period 2024 is complete
    (1, "filing", "2024-01-10"), (2, "filing", "2024-02-01"), (8, "filing", "2022-10-01"),
]
PAYMENTS = [  # (case_id, direction, amount, day)
    (21, "in", 100000, "2024-08-01"), (21, "out", 90000, "2024-08-20"),
    (22, "in", 20000, "2024-05-01"), (22, "out", 20000, "2024-05-10"),
    (24, "in", 30000, "2024-11-01"),
]
ACTIONS = [  # (case_id, kind, day)
    (21, "notice", "2024-04-02"),
    (22, "notice", "2024-02-02"), (22, "property_report_order", "2024-02-02"),
    (22, "online_search", "2024-02-05"), (22, "consumption_restriction", "2024-03-01"),
    (22, "termination_current", "2024-06-15"),
    (23, "notice", "2024-05-02"), (23, "termination_current", "2024-07-01"),
]
REVIEWS = [  # (case_id, reviewed_at, outcome, accountable)
    (5, "2024-08-01", "error", True),
    (6, "2024-10-01", "no_error", False),
]
JUDGES = [  # (judge_id, court, dept_id, name, title, active)
    (1, "沪0104", 1, "甲法官", "judge", True),
    (2, "沪0104", 1, "乙法官", "judge", True),
    (3, "沪0104", 2, "丙法官", "judge", True),
    (4, "沪0105", 3, "丁法官", "judge", True),
    (5, "沪01", 4, "戊法官", "judge", True),
    (6, "沪0104", 1, "己助理", "assistant_judge", True),
    (7, "沪0104", 1, "庚法官", "judge", False),
]
# fmt: on


def build(con: duckdb.DuckDBPyConnection) -> None:
    create_schema(con)
    con.executemany(
        "INSERT INTO courts VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            ("沪", "高院", "high", "general", None, None, None),
            ("沪01", "一中院", "intermediate", "general", "沪", None, None),
            ("沪0104", "徐汇法院", "basic", "general", "沪01", "徐汇区", "310104"),
            ("沪0105", "长宁法院", "basic", "general", "沪01", "长宁区", "310105"),
            ("沪72", "海事法院", "specialised", "maritime", "沪", None, None),
        ],
    )
    con.executemany(
        "INSERT INTO departments VALUES (?, ?, ?, ?)",
        [(1, "沪0104", "民一庭", "civil"), (2, "沪0104", "执行局", "enforcement"),
         (3, "沪0105", "民一庭", "civil"), (4, "沪01", "民一庭", "civil")],
    )  # fmt: skip
    con.executemany("INSERT INTO judges VALUES (?, ?, ?, ?, ?, ?)", JUDGES)
    for cid, _, court, fam, proc, tp, tc, filed, closed, method, judge, *rest in CASES:
        origin, rel, ext, excl, claim = rest
        con.execute(
            """INSERT INTO cases (case_id, case_no, year, court_code, type_code, seq, family,
               procedure, trial_procedure, filing_date, closing_date, closing_method, status,
               current_node, dept_id, presiding_judge_id, claim_amount, origin_case_id,
               origin_relation, extended_days, excluded_days, cause_name)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [cid, f"（{filed[:4]}）{court}{tc}{cid}号", int(filed[:4]), court, tc, cid, fam, proc, tp,
             filed, closed, method, "closed" if closed else "pending",
             "archiving" if closed else "hearing", None, judge, claim, origin, rel, ext, excl,
             "民间借贷纠纷" if fam == "civil" else None],
        )  # fmt: skip
    con.executemany("INSERT INTO appeal_results VALUES (?, ?, ?, ?, ?)", APPEAL_RESULTS)
    con.executemany(
        "INSERT INTO events VALUES (?, ?, ?, ?, NULL, NULL)",
        [(i, c, n, datetime.fromisoformat(d + "T10:00:00")) for i, (c, n, d) in enumerate(EVENTS)],
    )
    con.executemany(
        "INSERT INTO payments VALUES (?, ?, ?, 1, ?, ?)",
        [(i, c, dr, a, d) for i, (c, dr, a, d) in enumerate(PAYMENTS)],
    )
    con.executemany(
        "INSERT INTO enforcement_actions VALUES (?, ?, ?, ?, NULL, NULL)",
        [(i, c, k, d) for i, (c, k, d) in enumerate(ACTIONS)],
    )
    con.executemany("INSERT INTO quality_reviews VALUES (?, ?, '审管办', ?, ?)", REVIEWS)
    con.executemany(
        "INSERT INTO district_population VALUES (?, ?, ?, ?, ?)",
        [("徐汇区", "沪0104", 2020, 1_000_000, "fixture"),
         ("徐汇区", "沪0104", 2010, 900_000, "fixture, older"),
         ("长宁区", "沪0105", 2020, 500_000, "fixture")],
    )  # fmt: skip
    facts.prepare(con)


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(":memory:")
    build(c)
    return c


# ---- expected values for 沪0104, 2024, worked out by hand ------------------------------
# Cases of 沪0104: C1-C12, R1, P1-P3, K1, E1-E6.
FILED = 18  # C1 C2 C3 C6 C7 C10 C12 (7) + R1 + P1 P2 P3 + K1 + E1..E6 (6); C4 C5 C8 C9 C11 filed earlier
CLOSED = 16  # C1 C2 C3 C4 C5 C6 C7 C12 P1 P2 K1 E1 E2 E3 E4 E6; C11 closed in 2023
CARRIED = 4  # C4 (closed 2024-01-15), C5 (closed 2024-04-10), C8, C9
PENDING = 6  # C8 C9 C10 R1 P3 E5
# days from filing to closing of the 16 closed cases
DAYS = {
    "C1": 21 + 29 + 10,  # 01-10 -> 03-10
    "C2": 20,
    "C3": 275 + 19,  # 03-01 -> 12-01 -> 12-20
    "C4": 214 + 14,  # 2023-06-01 -> 2024-01-01 -> 01-15
    "C5": 152 + 9,  # 2023-11-01 -> 2024-04-01 -> 04-10
    "C6": 30 + 31,
    "C7": 19,
    "C12": 30,
    "P1": 19,
    "P2": 29,
    "K1": 31 + 14,
    "E1": 30 + 31 + 30 + 31 + 31,  # 04-01 -> 09-01
    "E2": 29 + 31 + 30 + 31 + 14,  # 02-01 -> 06-15
    "E3": 31 + 30,
    "E4": 31 + 30,
    "E6": 19,
}
# age on 2024-12-31 of the 6 pending cases
AGES = {
    "C8": 365 + 366 + 91,  # 2022-10-01 -> 2023-10-01 -> 2024-10-01 -> 12-31
    "C9": 365 + 365 + 366 + 213,  # 2021-06-01 -> 2024-06-01 -> 12-31
    "C10": 30 + 30,
    "R1": 30 + 31 + 30 + 16,
    "P3": 16,
    "E5": 31 + 30 + 31 + 30 + 30,
}
FIRST_CLOSED = 9  # first-instance closings: C1 C2 C3 C4 C5 C6 C7 C12 K1 (P1, P2 are 'other')
CIVIL_FIRST_CLOSED = 8  # the same without K1
MEDIABLE_CLOSED = 8  # civil-law families, first/second instance: C1 C2 C3 C4 C5 C6 C7 C12
ENF_CLOSED = 4  # 执/执恢 closed: E1 E2 E3 E4
CLAIMS_CLOSED = 100000 + 200000 + 50000 + 180000

# id -> (numerator, denominator) for slice 沪0104 / 2024
EXPECTED: dict[str, tuple[float, float | None]] = {
    "filed_count": (FILED, None),
    "closed_count": (CLOSED, None),
    "carried_over_count": (CARRIED, None),
    "pending_count": (PENDING, None),
    "long_pending_count": (2, None),  # filed before 2023-12-31: C8, C9
    "pending_over_18m_count": (2, None),  # before 2023-06-30: C8, C9
    "pending_over_36m_count": (1, None),  # before 2021-12-31: C9
    # deadlines: C8 2023-04-01, C9 2021-12-01 passed; C10 2025-05-01, R1 2025-03-15,
    # E5 2025-02-01 not yet; P3 ('other') has no limit
    "overdue_pending_count": (2, None),
    "closure_intake_ratio": (CLOSED, FILED),
    "closure_rate": (CLOSED, CARRIED + FILED),
    # with a limit: the 16 closed minus P1 P2 E6 (procedure other) = 13; over the limit:
    # C3 (deadline 2024-09-01 + 30 excluded = 10-01, closed 12-20) and
    # C4 (small claims 2 months: 2023-08-01 + 30 extended = 08-31, closed 2024-01-15)
    "within_limit_rate": (13 - 2, 13),
    "avg_trial_days": (sum(DAYS.values()), CLOSED),
    "avg_counted_days": (sum(DAYS.values()) - 30, CLOSED),  # C3's 30 excluded days
    "over12m_pending_ratio": (2, PENDING),
    "overdue_pending_ratio": (2, PENDING),
    "extension_rate": (1, CLOSED),  # C4
    "excluded_days_rate": (1, CLOSED),  # C3
    "overdue_closed_count": (2, None),  # C3, C4 (see within_limit_rate)
    "pending_age_avg": (sum(AGES.values()), PENDING),
    # <= 90 days: C1 C2 C6 C7 C12 P1 P2 K1 E3 E4 E6; <= 180 adds C5 E1 E2; <= 365 adds C3 C4
    "disposed_within_90d": (11, CLOSED),
    "disposed_within_180d": (14, CLOSED),
    "disposed_within_365d": (16, CLOSED),
    # tried and closed: C1 (1 setting), C3 (2 settings), C7 (1 setting)
    "trial_date_certainty": (2, 3),
    "avg_settings_per_tried_case": (1 + 2 + 1, 3),
    "avg_days_to_first_hearing": (
        (31 + 20) + 294 + 14,
        3,
    ),  # C1 01-10 -> 03-01, C3 same day as closing, C7
    "avg_days_hearing_to_close": (5 + 0 + 5, 3),  # C1 last hearing 03-05 -> 03-10, C3 0, C7 5
    "avg_hearings_per_tried_case": (2 + 1 + 1, 3),  # C1 was heard twice
    "second_instance_hearing_rate": (0, 0),  # no second instance at a basic court
    "simple_procedure_rate": (3, CIVIL_FIRST_CLOSED),  # C2 C6 simple, C4 small claims
    "small_claims_rate": (1, CIVIL_FIRST_CLOSED),
    # judgments with a hearing: C1 (pronounced 03-10, last hearing 03-05), C3 and C7 same day
    "in_court_pronouncement_rate": (2, 3),
    "first_instance_acceptance_rate": (3, FIRST_CLOSED),  # appeals filed in 2024 against C5 C6 C7
    "first_instance_reversal_rate": (2, FIRST_CLOSED),  # C5 modified, C6 remanded
    "first_instance_modified_rate": (1, FIRST_CLOSED),
    "first_instance_remanded_rate": (1, FIRST_CLOSED),
    "appeal_reversal_ratio": (2, FIRST_CLOSED),
    "appellate_reversal_rate": (0, 0),
    "retrial_modified_rate": (1, FIRST_CLOSED),  # C11 (closed 2023) modified on retrial 2024-06-01
    "retrial_remanded_rate": (0, FIRST_CLOSED),
    "retrial_reversal_ratio": (1, FIRST_CLOSED),
    "retrial_application_rate": (1, FIRST_CLOSED),  # RA1 against C11, filed 2024-01-05
    "reversal_review_rate": (2, 3),  # reversed: C5 C6 C11; reviewed: C5 C6
    "review_error_rate": (1, 2),  # C5 error, C6 no_error
    "case_to_matter_ratio": (FILED, FILED - 3),  # R1, E1, E4 stem from earlier cases
    "mediation_withdrawal_rate": (
        3,
        MEDIABLE_CLOSED,
    ),  # C2 mediation, C4 withdrawal, C12 settlement
    "mediation_rate": (2, MEDIABLE_CLOSED),
    "withdrawal_rate": (1, MEDIABLE_CLOSED),
    # first instance civil/commercial/admin filed: C1 C2 C3 C6 C7 C10 C12 R1; 徐汇 2020: 1,000,000
    "suits_per_10k": (8, 1_000_000),
    "litigation_per_10k": (8, 1_000_000),
    "presuit_mediation_count": (3, None),
    "presuit_mediation_success_rate": (1, 2),  # P1 mediated, P2 transferred
    # civil-law first instance filed: C1 C2 C3 C6 C7 C10 C12 R1; C2 went through mediation first
    "presuit_mediated_share": (1, 8),
    "actual_enforcement_rate": (2, ENF_CLOSED),  # E1 enforced in full, E4 settlement
    "enforcement_amount_rate": (100000 + 180000, CLAIMS_CLOSED),
    "payment_recovery_rate": (100000 + 20000 + 0 + 30000, CLAIMS_CLOSED),
    "enforcement_completion_rate": (1, 3),  # 执 closed: E1 E2 E3
    "termination_rate": (2, 3),
    "termination_compliance_rate": (1, 2),  # E2 has all four measures and > 3 months; E3 not
    "resumption_rate": (1, 2),  # E4 filed; E2 E3 终本
    "payout_rate": (90000 + 20000, 100000 + 20000 + 30000),
    "enforcement_objection_rate": (1, 4),  # E6; 执 filed: E1 E2 E3 E5
    "undisbursed_money": ((100000 - 90000) + (30000 - 0), None),  # E1, E4 (E2 paid out in full)
    # 员额法官 of 沪0104: judges 1 2 3 (6 is an assistant, 7 inactive)
    "per_judge_closed": (CLOSED, 3),
    "per_judge_filed": (FILED, 3),
    "per_judge_pending": (PENDING, 3),
}


def _expected_value(ind_id: str, n: float, d: float | None) -> float | None:
    ind = default()[ind_id].ind
    if d is None:
        return n
    if d == 0:
        return None
    r = n / d
    if ind.complement:
        r = 1 - r
    return {"percent": 100.0, "per_10k": 10000.0}.get(ind.unit, 1.0) * r


def test_every_indicator_has_a_hand_computed_expectation() -> None:
    assert set(EXPECTED) == set(default()), "add the hand-computed value of each new indicator"
    assert len(default()) >= 45


@pytest.mark.parametrize("ind_id", sorted(EXPECTED))
def test_indicator_against_hand_computed_value(con, ind_id: str) -> None:
    (v,) = compute(con, Slice(period=Y2024, court="沪0104"), [ind_id])
    n, d = EXPECTED[ind_id]
    assert v.numerator == pytest.approx(n)
    if d is None:
        assert v.denominator is None
    else:
        assert v.denominator == pytest.approx(d)
    want = _expected_value(ind_id, n, d)
    assert v.value == (pytest.approx(want) if want is not None else None)
    if want is None:
        assert v.note and "分母为 0" in v.note


def test_a_few_values_spelled_out(con) -> None:
    """The formula applied, for readers: the values themselves, by hand."""
    v = {x.id: x.value for x in compute(con, Slice(period=Y2024, court="沪0104"))}
    assert v["closure_intake_ratio"] == pytest.approx(100 * 16 / 18)  # 88.9 %
    assert v["first_instance_acceptance_rate"] == pytest.approx(100 * (1 - 3 / 9))  # 66.7 %
    assert v["avg_trial_days"] == pytest.approx(1395 / 16)
    assert v["pending_age_avg"] == pytest.approx(2466 / 6)  # 411 days
    assert v["case_to_matter_ratio"] == pytest.approx(1.2)
    assert v["suits_per_10k"] == pytest.approx(0.08)
    assert v["per_judge_closed"] == pytest.approx(16 / 3)


def test_whole_catalogue_in_one_call_matches_the_expectations(con) -> None:
    """Computed together (shared aggregates, one scan) the values are the same."""
    together = {x.id: x for x in compute(con, Slice(period=Y2024, court="沪0104"))}
    for i, (n, d) in EXPECTED.items():
        assert together[i].numerator == pytest.approx(n), i
        assert together[i].denominator == (pytest.approx(d) if d is not None else None), i


# ---- other slices -------------------------------------------------------------------


def _v(con, ind_id: str, **kw) -> tuple[float, float | None, float | None]:
    (x,) = compute(con, Slice(**kw), [ind_id])
    return x.numerator, x.denominator, x.value


def test_court_subtree_and_own_cases(con) -> None:
    # whole city: 沪0104 18 + 沪0105 G1 D1 + 沪01 A1 A2 A3 RA1 RT1 + 沪72 M1
    assert _v(con, "filed_count", period=Y2024)[0] == 18 + 2 + 5 + 1
    assert _v(con, "filed_count", period=Y2024, court="沪")[0] == 26
    # 沪01 with its basic courts, and alone
    assert _v(con, "filed_count", period=Y2024, court="沪01")[0] == 5 + 18 + 2
    assert _v(con, "filed_count", period=Y2024, court="沪01", subtree=False)[0] == 5
    assert _v(con, "filed_count", period=Y2024, court_level="basic")[0] == 20


def test_appeal_court_view(con) -> None:
    # 沪01's second-instance closings: A1 modified, A2 remanded, A3 upheld; hearings in A1, A3
    assert _v(con, "appellate_reversal_rate", period=Y2024, court="沪01", subtree=False)[:2] == (
        2,
        3,
    )
    assert _v(con, "second_instance_hearing_rate", period=Y2024, court="沪01")[:2] == (2, 3)


def test_population_follows_the_court_tree(con) -> None:
    # 沪01 serves 徐汇 (1,000,000) and 长宁 (500,000); suits: 沪0104 8 + D1 + G1 (administrative)
    n, d, v = _v(con, "suits_per_10k", period=Y2024, court="沪01")
    assert (n, d) == (10, 1_500_000) and v == pytest.approx(10 / 1_500_000 * 10000)
    assert _v(con, "litigation_per_10k", period=Y2024, court="沪01")[:2] == (9, 1_500_000)
    # a specialised court serves no district: no denominator, no value
    n, d, v = _v(con, "litigation_per_10k", period=Y2024, court="沪72")
    assert (n, d, v) == (1, 0, None)


def test_judge_department_and_family_slices(con) -> None:
    # judge 1: C1 C2 C4 C6 C12 closed in 2024 (C8 C10 R1 pending)
    assert _v(con, "per_judge_closed", period=Y2024, judge_id=1)[:2] == (5, 1)
    assert _v(con, "pending_count", period=Y2024, judge_id=1)[0] == 3
    # civil family at 沪0104: judges of civil departments are 1 and 2
    n, d, _ = _v(con, "per_judge_filed", period=Y2024, court="沪0104", family="civil")
    # civil filed at 沪0104 in 2024: C1 C2 C3 C6 C7 C10 R1 P1 P2 P3
    assert (n, d) == (10, 2)
    assert _v(con, "closed_count", period=Y2024, court="沪0104", type_code="执")[0] == 3
    assert _v(con, "closed_count", period=Y2024, cause="民间借贷纠纷", court="沪0104")[0] == 9
    # civil closings at 沪0104 in 2024 (cause set on every civil case): C1-C7, P1, P2


def test_quarter_and_month_periods(con) -> None:
    # 2024Q1 at 沪0104: filed C1 C2 C3 P1 K1 E2; closed C1 C2 C4 P1 K1
    assert _v(con, "filed_count", period="2024Q1", court="沪0104")[0] == 6
    assert _v(con, "closed_count", period="2024Q1", court="沪0104")[0] == 5
    # 2024-03: filed C3 P1; closed C1 P1; pending at 03-31: C3 C5 C8 C9 E2
    assert _v(con, "filed_count", period="2024-03", court="沪0104")[0] == 2
    assert _v(con, "closed_count", period="2024-03", court="沪0104")[0] == 2
    assert _v(con, "pending_count", period="2024-03", court="沪0104")[0] == 5
    # date range: 2024-01-01..2024-01-31 closes C4 only (RA1 is at 沪01)
    assert _v(con, "closed_count", period="2024-01-01..2024-01-31", court="沪0104")[0] == 1


def test_population_year_falls_back_to_census_when_table_empty() -> None:
    from courtqc.domain.population import DISTRICT_RESIDENTS

    c = duckdb.connect(":memory:")
    build(c)
    c.execute("DELETE FROM district_population")
    facts.prepare(c)
    n, d, _ = _v(c, "litigation_per_10k", period=Y2024, court="沪0104")
    assert (n, d) == (8, DISTRICT_RESIDENTS["徐汇区"])
    rows = drill(c, "litigation_per_10k", Slice(period=Y2024, court="沪0104"), "denominator")
    assert len(rows) == 1 and "第七次全国人口普查" in rows[0].reason


def test_a_period_past_the_data_is_measured_to_date(con) -> None:
    # the data ends 2025-01-10 (C3's archiving event): 2025 is measured on that day, not 12-31
    (v,) = compute(con, Slice(period="2025", court="沪0104"), ["pending_age_avg"])
    assert (v.as_of, v.end) == (date(2025, 1, 10), date(2025, 1, 11))
    # the same six cases pending, each ten days older than on 2024-12-31
    assert (v.numerator, v.denominator) == (sum(AGES.values()) + 6 * 10, PENDING)
    (v,) = compute(con, Slice(period="2024", court="沪0104"), ["pending_age_avg"])
    assert v.as_of == date(2024, 12, 31)
