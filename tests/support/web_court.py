"""A small court for the web tests, built by hand so every authorization expectation can be
read off this file: who works where, which case is whose, which alert is on which case.

Court tree (the real Shanghai tree): 沪 > 沪03 > 沪0115 浦东; 沪 > 沪01 > 沪0104 徐汇.

    case  court   judge  dept  party (dead before filing -> dead_party fires)
    A1    沪0115  J1     D1    甲某 (ID 310115..., phone 13812345678)
    A2    沪0115  J2     D2    乙某
    B1    沪0104  J3     D3    丙某
    C1    沪01    J4     D4    (second instance of B1, no alert)

Alerts come from running the built-in dead_party model over the store (the real engine), so
A1, A2 and B1 each have one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from courtqc.domain.courts import COURTS
from courtqc.domain.idnumber import make_id_number
from courtqc.engine.review import review
from courtqc.engine.testing import TinyCourt
from courtqc.models.library import builtin_models
from courtqc.web import users
from courtqc.web.db import ensure_platform

PASSWORD = "correct-horse-battery-9"

ID_A1 = make_id_number("310115", dt.date(1950, 3, 4), 12, True)
PHONE_A1 = "13812345678"

# username -> (role, court, judge_id, dept_id)
ACCOUNTS: dict[str, tuple[str, str, int | None, int | None]] = {
    "judge_a": ("judge", "沪0115", 1, 1),
    "judge_a2": ("judge", "沪0115", 2, 2),
    "judge_b": ("judge", "沪0104", 3, 3),
    "divhead_a": ("division_head", "沪0115", None, 1),
    "leader_03": ("court_leader", "沪03", None, None),
    "leader_01": ("court_leader", "沪01", None, None),
    "supervisor": ("supervisor", "沪", None, None),
    "supervisor_b": ("supervisor", "沪0104", None, None),
    "modeller": ("modeller", "沪", None, None),
    "modeller_b": ("modeller", "沪0104", None, None),
    "admin": ("admin", "沪", None, None),
    "locked_out": ("modeller", "沪0104", None, None),  # the rate-limit test's target
}


def build(path: Path) -> dict[str, int]:
    """Write the court to `path`; returns case ids by label."""
    con = duckdb.connect(str(path))
    court = TinyCourt(con)
    for c in COURTS:
        court.add(
            "courts",
            court_code=c.code,
            name=c.name,
            level=c.level,
            kind=c.kind,
            parent_code=c.parent,
            district=c.district,
            division_code=c.division_code,
        )
    for dept_id, code, name in (
        (1, "沪0115", "民事审判第一庭"),
        (2, "沪0115", "民事审判第二庭"),
        (3, "沪0104", "民事审判庭"),
        (4, "沪01", "民事审判庭"),
    ):
        court.add("departments", dept_id=dept_id, court_code=code, name=name, family="civil")
    for jid, code, dept, name in (
        (1, "沪0115", 1, "张法官"),
        (2, "沪0115", 2, "李法官"),
        (3, "沪0104", 3, "王法官"),
        (4, "沪01", 4, "赵法官"),
    ):
        court.add("judges", judge_id=jid, court_code=code, dept_id=dept, name=name, title="judge")

    def dead(
        name: str,
        division: str,
        seq: int,
        death: str,
        id_number: str | None = None,
        phone: str | None = None,
    ) -> int:
        idn = id_number or make_id_number(division, dt.date(1948, 1, 1), seq, True)
        pid = court.party(name, id_number=idn, phone=phone, address="上海市某路1号")
        court.add(
            "registry_population",
            id_number=idn,
            name=name,
            status="dead",
            death_date=dt.date.fromisoformat(death),
            district=None,
        )
        return pid

    lender = court.party("某某小额贷款有限公司", kind="legal")
    p_a1 = dead("甲某", "310115", 12, "2022-05-01", ID_A1, PHONE_A1)
    p_a2 = dead("乙某", "310115", 13, "2022-06-01", phone="13900001111")
    p_b1 = dead("丙某", "310104", 14, "2022-07-01")
    ids = {
        "A1": court.case(
            court="沪0115",
            filing="2023-03-01",
            presiding_judge_id=1,
            dept_id=1,
            parties={"plaintiff": lender, "defendant": p_a1},
        ),
        "A2": court.case(
            court="沪0115",
            filing="2023-04-01",
            presiding_judge_id=2,
            dept_id=2,
            parties={"plaintiff": lender, "defendant": p_a2},
        ),
        "B1": court.case(
            court="沪0104",
            filing="2023-05-01",
            closing="2023-09-01",
            presiding_judge_id=3,
            dept_id=3,
            closing_method="judgment",
            parties={"plaintiff": lender, "defendant": p_b1},
        ),
    }
    ids["C1"] = court.case(
        court="沪01",
        procedure="second",
        filing="2023-10-01",
        presiding_judge_id=4,
        dept_id=4,
        origin_case_id=ids["B1"],
        origin_relation="appeal",
        parties={"appellant": lender},
    )
    for label, cid in ids.items():
        court.add(
            "events",
            case_id=cid,
            node="filing",
            occurred_at=dt.datetime(2023, 11, 1, 9),
            actor_id=None,
            note=label,
        )
        if label != "C1":
            court.add(
                "truth_anomalies", scenario="dead_party", case_id=cid, party_id=None, note="planted"
            )
    court.add(
        "documents",
        case_id=ids["A1"],
        kind="judgment",
        title="民事判决书",
        text=f"被告：甲某，公民身份号码{ID_A1}，联系电话{PHONE_A1}。",
        issue_date=dt.date(2023, 9, 1),
    )
    review(con, list(builtin_models()), model_ids=["dead_party"], save=True)
    ensure_platform(con)
    for username, (role, court_code, judge_id, dept_id) in ACCOUNTS.items():
        users.create(con, username, PASSWORD, role, court_code, judge_id=judge_id, dept_id=dept_id)
    con.close()
    return ids
