"""The courts themselves: court tree, departments, judges and staff, the cause lists, district
population; and which department and presiding judge take each case."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from courtqc.domain.courts import COURTS
from courtqc.domain.population import CENSUS_YEAR, DISTRICT_RESIDENTS, SOURCE
from courtqc.synth import catalog as cat
from courtqc.synth.plan import (
    CAUSE_FAMILY,
    CAUSE_FINANCIAL,
    COURT_CODES,
    KINDS,
    N_CIVIL,
    Plan,
    pick,
)


def _level_key(code: str) -> str:
    c = next(c for c in COURTS if c.code == code)
    if c.level == "high":
        return "high"
    if c.level == "intermediate":
        return "intermediate"
    if c.kind in ("maritime", "ip", "financial", "railway"):
        return c.kind
    return "basic"


@dataclass
class Staff:
    """Who works where, as arrays indexed by judge_id − 1."""

    tables: dict[str, pa.Table]
    case_dept: np.ndarray  # dept_id per plan case
    case_judge: np.ndarray  # presiding judge_id per plan case
    clerk_of: np.ndarray  # judge_id → the clerk working with that judge
    head_of_dept: np.ndarray  # dept_id → head judge_id
    filing_staff: np.ndarray  # court index → a clerk of its 立案庭
    leader: np.ndarray  # court index → the court's leading judge
    dept_start: np.ndarray | None = None  # dept_id → its first judge (judge ids consecutive)
    dept_count: np.ndarray | None = None  # dept_id → how many judges preside


def _dept_family(plan: Plan) -> np.ndarray:
    c = plan.cases.cols()
    kind = np.array(KINDS)[c["kind"]]
    cause = c["cause"]
    fam = np.where(cause >= 0, CAUSE_FAMILY[np.maximum(cause, 0)], "commercial").astype(object)
    fam = np.where(
        (cause >= 0) & (cause < N_CIVIL) & CAUSE_FINANCIAL[np.maximum(cause, 0)], "financial", fam
    )
    table = {
        "crim1": "criminal", "crim2": "criminal", "adm1": "administrative", "adm2": "administrative",
        "enf": "enforcement", "enf_resume": "enforcement", "enf_pres": "enforcement",
        "enf_obj": "enforcement", "bk_app": "bankruptcy", "bk": "bankruptcy", "bk_derived": "bankruptcy",
        "retrial_review": "retrial", "retrial": "retrial", "fin1": "financial", "fin2": "financial",
        "mar1": "maritime", "ip1": "ip", "ip2": "ip",
    }  # fmt: skip
    for k, f in table.items():
        fam = np.where(kind == k, f, fam)
    return fam


def build_court(plan: Plan, rng: np.random.Generator, years: float, scale: float = 1.0) -> Staff:
    """Staff the courts: departments, judges and clerks sized to the caseload (the plan's,
    times ``scale``: the first shard of a sharded court staffs the whole court), and a
    department and presiding judge for every case of the plan."""
    dept_rows, case_dept = _departments(plan)
    roster = _roster(plan, dept_rows, case_dept, years, scale)
    judges = _judges_table(rng, roster)
    departments = pa.table(
        {
            "dept_id": pa.array([r[0] for r in dept_rows], pa.int32()),
            "court_code": [r[1] for r in dept_rows],
            "name": [r[2] for r in dept_rows],
            "family": [r[3] for r in dept_rows],
        }
    )

    # Presiding judge: uniform among the department's judges.
    starts = np.zeros(len(dept_rows) + 1, np.int64)
    counts = np.ones(len(dept_rows) + 1, np.int64)
    head = np.zeros(len(dept_rows) + 1, np.int32)
    for did, ids in roster.dept_judges.items():
        starts[did], counts[did], head[did] = ids[0], len(ids), ids[0]
    for did, court, _n, family in dept_rows:
        if family == "filing":
            head[did] = roster.filing_staff[COURT_CODES.index(court)]
    # judge ids of one department are consecutive
    case_judge = (
        starts[case_dept] + (rng.random(len(case_dept)) * counts[case_dept]).astype(np.int64)
    ).astype(np.int32)
    clerk = np.zeros(len(roster.judge_court) + 1, np.int32)
    for j, k in roster.clerk_of.items():
        clerk[j] = k
    return Staff(
        tables={"courts": _courts_table(), "departments": departments, "judges": judges,
                "causes": causes_table(), "district_population": district_population()},
        case_dept=case_dept, case_judge=case_judge, clerk_of=clerk, head_of_dept=head,
        filing_staff=roster.filing_staff, leader=roster.leader, dept_start=starts,
        dept_count=counts,
    )  # fmt: skip


def assign_staff(plan: Plan, rng: np.random.Generator, staff: Staff) -> Staff:
    """A later shard's cases given departments and presiding judges of the court the first
    shard staffed (the same rule: uniform among the department's judges)."""
    _rows, case_dept = _departments(plan)
    judge = staff.dept_start[case_dept] + (
        rng.random(len(case_dept)) * staff.dept_count[case_dept]
    ).astype(np.int64)
    return dataclasses.replace(
        staff, tables={}, case_dept=case_dept, case_judge=judge.astype(np.int32)
    )


def _courts_table() -> pa.Table:
    return pa.table(
        {
            "court_code": [c.code for c in COURTS],
            "name": [c.name for c in COURTS],
            "level": [c.level for c in COURTS],
            "kind": [c.kind for c in COURTS],
            "parent_code": [c.parent for c in COURTS],
            "district": [c.district for c in COURTS],
            "division_code": [c.division_code for c in COURTS],
        }
    )


def _departments(plan: Plan) -> tuple[list[tuple[int, str, str, str]], np.ndarray]:
    """Departments by court level and kind, and the department (dept_id) of every plan case."""
    dept_rows: list[tuple[int, str, str, str]] = []
    dept_of: dict[tuple[str, str], int] = {}
    for court in COURTS:
        for name, family in cat.DEPARTMENTS[_level_key(court.code)]:
            did = len(dept_rows) + 1
            dept_rows.append((did, court.code, name, family))
            dept_of.setdefault((court.code, family), did)
    fallback = ("civil", "commercial", "financial", "maritime", "ip", "administrative", "criminal")

    def dept_for(court: str, family: str) -> int:
        if (court, family) in dept_of:
            return dept_of[court, family]
        for f in fallback:
            if (court, f) in dept_of:
                return dept_of[court, f]
        raise KeyError(f"no trial department at {court}")

    c = plan.cases.cols()
    fam = _dept_family(plan)
    pair = np.char.add(
        np.char.add(np.array(COURT_CODES)[c["court"]].astype(str), "|"), fam.astype(str)
    )
    uniq, inv = np.unique(pair, return_inverse=True)
    case_dept = np.array([dept_for(*u.split("|")) for u in uniq], dtype=np.int32)[inv]
    return dept_rows, case_dept


@dataclass
class _Roster:
    """Every staff member's court, department and title (judge_id = position + 1)."""

    judge_court: list[str]
    judge_dept: list[int | None]
    judge_title: list[str]
    dept_judges: dict[int, list[int]]  # dept_id → its judges' ids (consecutive)
    clerk_of: dict[int, int]  # judge_id → clerk's judge_id
    filing_staff: np.ndarray
    leader: np.ndarray


def _roster(
    plan: Plan,
    dept_rows: list[tuple[int, str, str, str]],
    case_dept: np.ndarray,
    years: float,
    scale: float = 1.0,
) -> _Roster:
    """Staff: judges per department sized to its caseload (≈ 250 cases per judge a year),
    an assistant judge per two judges, a clerk per judge; jurors per court; filing clerks."""
    c = plan.cases.cols()
    load = np.bincount(case_dept, minlength=len(dept_rows) + 1) * scale
    court_load = np.bincount(c["court"], minlength=len(COURTS)) * scale
    judge_court, judge_dept, judge_title = [], [], []
    dept_judges: dict[int, list[int]] = {}
    clerk_of: dict[int, int] = {}
    filing_staff = np.zeros(len(COURTS), np.int32)
    leader = np.zeros(len(COURTS), np.int32)

    def add(court: str, dept: int | None, title: str) -> int:
        judge_court.append(court)
        judge_dept.append(dept)
        judge_title.append(title)
        return len(judge_court)

    for did, court, _name, family in dept_rows:
        ci = COURT_CODES.index(court)
        if family == "filing":
            n_staff = max(2, int(np.ceil(court_load[ci] / (years * 4000))))
            ids = [add(court, did, "clerk") for _ in range(n_staff)]
            filing_staff[ci] = ids[0]
            add(court, did, "judge")
            continue
        n_j = max(2, int(np.ceil(load[did] / (years * 250))))
        ids = [add(court, did, "judge") for _ in range(n_j)]
        if leader[ci] == 0:
            leader[ci] = ids[0]
        dept_judges[did] = ids
        for _ in range(max(1, n_j // 2)):
            add(court, did, "assistant_judge")
        for j in ids:
            clerk_of[j] = add(court, did, "clerk")
    for ci, court in enumerate(COURT_CODES):
        for _ in range(max(3, int(np.ceil(court_load[ci] / (years * 2000))))):
            add(court, None, "juror")
    return _Roster(
        judge_court, judge_dept, judge_title, dept_judges, clerk_of, filing_staff, leader
    )


def _judges_table(rng: np.random.Generator, roster: _Roster) -> pa.Table:
    """The judges table: every staff member named (surname by frequency, one or two given
    characters) and a few inactive."""
    n_staff = len(roster.judge_court)
    from courtqc.synth.people import _join, _s  # one naming helper for everyone

    g = rng.random(n_staff) < 0.5
    given = pc.if_else(
        pa.array(g),
        _s(cat.GIVEN_MALE).take(pa.array(rng.integers(0, len(cat.GIVEN_MALE), n_staff))),
        _s(cat.GIVEN_FEMALE).take(pa.array(rng.integers(0, len(cat.GIVEN_FEMALE), n_staff))),
    )
    given2 = pc.if_else(
        pa.array(rng.random(n_staff) < 0.75),
        _s(cat.GIVEN_FEMALE + cat.GIVEN_MALE).take(
            pa.array(rng.integers(0, len(cat.GIVEN_FEMALE) + len(cat.GIVEN_MALE), n_staff))
        ),
        "",
    )
    names = _join(
        _s(cat.SURNAMES).take(pa.array(pick(rng, cat.SURNAME_WEIGHTS, n_staff))), given, given2
    )
    return pa.table(
        {
            "judge_id": pa.array(np.arange(1, n_staff + 1, dtype=np.int32)),
            "court_code": roster.judge_court,
            "dept_id": pa.array(roster.judge_dept, pa.int32()),
            "name": names,
            "title": roster.judge_title,
            "active": pa.array(rng.random(n_staff) > 0.03),
        }
    )


def causes_table() -> pa.Table:
    rows = []
    for c in cat.CIVIL_CAUSES:
        rows.append((c.code_2020, "2020", c.name, c.family, c.parent))
        rows.append((c.code_2025, "2025", c.name, c.family, c.parent))
    for ch in cat.CHARGES:
        rows.append((ch.article, "criminal", ch.name + "罪", "criminal", None))
    for code, name, _w in cat.ADMIN_CAUSES:
        rows.append((code, "administrative", name, "administrative", None))
    cols = list(zip(*rows, strict=True))
    return pa.table({
        "cause_code": pa.array(cols[0], pa.string()), "list_version": pa.array(cols[1], pa.string()),
        "name": pa.array(cols[2], pa.string()), "family": pa.array(cols[3], pa.string()),
        "parent_name": pa.array(cols[4], pa.string()),
    })  # fmt: skip


def district_population() -> pa.Table:
    court_of = {c.district: c.code for c in COURTS if c.district}
    districts = list(DISTRICT_RESIDENTS)
    return pa.table(
        {
            "district": districts,
            "court_code": [court_of[d] for d in districts],
            "year": pa.array([CENSUS_YEAR] * len(districts), pa.int32()),
            "resident_population": pa.array([DISTRICT_RESIDENTS[d] for d in districts], pa.int64()),
            "source": [SOURCE] * len(districts),
        }
    )
