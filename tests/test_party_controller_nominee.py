"""party_controller with a nominee representative who has a namesake elsewhere in the court
(issue 17, professional_lender at 1M cases): the company goes to the man who shares its phone,
not to the namesake, while a company whose representative is a party stays with him."""

from __future__ import annotations

import datetime as dt

from courtqc import operators
from courtqc.engine.testing import TinyCourt
from courtqc.identity import resolve_parties


def _controller(con, party_id: int) -> str:
    return con.execute(
        "SELECT controller_key FROM party_controller WHERE party_id = ?", [party_id]
    ).fetchone()[0]


def _key(con, party_id: int) -> str:
    return con.execute(
        "SELECT identity_key FROM party_identity WHERE party_id = ?", [party_id]
    ).fetchone()[0]


def test_shared_phone_outweighs_a_nominees_namesake():
    t = TinyCourt()
    lender = t.party("钮澄湛", id_number="310115197001010017", phone="13700000001",
                     address="上海市浦东新区张杨路1号")  # fmt: skip
    namesake = t.party("侯功", id_number="310115198002020035", phone="13900000002",
                       address="上海市徐汇区都市路2号")  # fmt: skip
    fronted = t.party("上海琨瑜投资管理有限公司", "legal", uscc="91310115MA1K000001",
                      legal_rep="侯功", phone="13700000001", address="上海市闵行区某路3号")  # fmt: skip
    own = t.party("上海瀚澜投资管理有限公司", "legal", uscc="91310115MA1K000002",
                  legal_rep="钮澄湛", phone="02150000003", address="上海市宝山区某路4号")  # fmt: skip
    for plaintiff in (lender, fronted, own, namesake):
        t.case(parties={"plaintiff": plaintiff, "defendant": t.party("戚翊珩")})
    resolve_parties(t.con)
    operators.install(t.con, dt.date(2024, 6, 30))
    assert _controller(t.con, fronted) == _key(t.con, lender)
    assert _controller(t.con, own) == _key(t.con, lender)
    assert _controller(t.con, namesake) == _key(t.con, namesake)
