"""A party-row generator with known identities, for identity-resolution tests and benchmarks.

It writes `parties` and `truth_identities` with the spelling variants court records show:
names with spaces, full-width letters, 有限公司 vs 有限责任公司, ID numbers with a lower-case
x, full-width digits or a typing error, missing ID numbers and credit codes, phones written
with +86 and dashes, addresses with and without 上海市, second phones and addresses, many
people sharing a name, and lenders acting through several companies with the same legal
representative (distinct entities). The synthetic court (courtqc.synth) is the realistic
source; this one exists so identity resolution can be tested and measured on its own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import pyarrow as pa

from courtqc.domain.courts import basic_courts
from courtqc.domain.idnumber import make_id_number
from courtqc.domain.uscc import USCC_CHARSET, make_uscc
from courtqc.schema import create_schema

__all__ = ["load_sample"]

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红玉兰文斌鹏辉晨浩宇婷欣怡"
_BRAND_CHARS = "华金鑫盛恒泰宏瑞博德嘉兴聚信安隆丰源通达发远诚创新和海天明光荣昌永福佳美立成中联合众汇晟锦绣东方正元亿利康宁"
_TRADES = ["贸易", "科技", "投资", "咨询", "建设", "实业", "物流", "餐饮", "房地产开发", "商务"]
_LATIN = ["ABC", "XYZ", "IBC", "TCL", "JK", "MT"]
_ROADS = [r + s for r in "长宁淮海南京延安中山张江世纪浦东金桥" for s in ("路", "大道", "街")][:24]
_FULL = {
    c: chr(ord(c) + 0xFEE0)
    for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
}


def _fullwidth(s: str) -> str:
    return "".join(_FULL.get(c, c) for c in s)


@dataclass
class _Entity:
    identity: str
    kind: str
    name: str
    id_number: str | None = None
    uscc: str | None = None
    birth: date | None = None
    gender: str | None = None
    phones: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    legal_rep: str | None = None


class _Gen:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        self.districts = [(c.district, c.division_code) for c in basic_courts() if c.division_code]
        self.used_ids: set[str] = set()
        self.used_codes: set[str] = set()

    def person_name(self) -> str:
        r = self.r
        given = r.choice(_GIVEN) if r.random() < 0.3 else r.choice(_GIVEN) + r.choice(_GIVEN)
        return r.choice(_SURNAMES) + given

    def brand(self) -> str:
        return "".join(self.r.choice(_BRAND_CHARS) for _ in range(self.r.choice((2, 3, 3))))

    def address(self) -> str:
        r = self.r
        district, _ = r.choice(self.districts)
        addr = f"上海市{district}{r.choice(_ROADS)}{r.randint(1, 999)}号"
        if r.random() < 0.6:
            addr += f"{r.randint(1, 30)}0{r.randint(1, 9)}室"
        return addr

    def mobile(self) -> str:
        return f"1{self.r.choice('3456789')}{self.r.randint(0, 999_999_999):09d}"

    def natural(self, i: int, name: str | None = None) -> _Entity:
        r = self.r
        while True:
            _, division = r.choice(self.districts)
            birth = date(1950, 1, 1) + timedelta(days=r.randint(0, 365 * 50))
            male = r.random() < 0.5
            idn = make_id_number(division, birth, r.randint(0, 99), male)
            if idn not in self.used_ids:
                self.used_ids.add(idn)
                break
        e = _Entity(
            f"natural-{i}", "natural", name or self.person_name(), id_number=idn, birth=birth
        )
        e.gender = "male" if male else "female"
        e.phones = [self.mobile() for _ in range(1 if r.random() < 0.85 else 2)]
        e.addresses = [self.address() for _ in range(1 if r.random() < 0.9 else 2)]
        return e

    def company(self, i: int, word: str | None = None, rep: str | None = None) -> _Entity:
        r = self.r
        while True:
            brand = word or (r.choice(_LATIN) if r.random() < 0.05 else self.brand())
            name = f"上海{brand}{r.choice(_TRADES)}有限公司"
            if name not in self.used_codes:
                self.used_codes.add(name)
                break
            word = None
        _, division = r.choice(self.districts)
        body = "".join(r.choice(USCC_CHARSET) for _ in range(8))
        e = _Entity(f"legal-{i}", "legal", name, uscc=make_uscc(division, body))
        e.legal_rep = rep or self.person_name()
        e.phones = [f"021-{r.randint(10_000_000, 99_999_999)}"]
        e.addresses = [self.address()]
        return e

    def rows_for(self, e: _Entity) -> int:
        r = self.r.random()
        if r < 0.02:
            return self.r.randint(10, 40)  # frequent litigants
        if r < 0.5:
            return 1
        return 1 + min(int(self.r.expovariate(0.7)), 8)

    # --- variants ------------------------------------------------------------------------

    def name_variant(self, name: str) -> str:
        r = self.r
        if r.random() < 0.06 and len(name) > 1:
            k = r.randint(1, len(name) - 1)
            name = name[:k] + r.choice([" ", "\u3000"]) + name[k:]
        if any(c in _FULL for c in name) and r.random() < 0.3:
            name = _fullwidth(name)
        return name

    def id_variant(self, idn: str) -> str:
        r = self.r
        x = r.random()
        if x < 0.01:  # typing error in one digit: the number no longer validates
            k = r.randint(0, 16)
            idn = idn[:k] + str((int(idn[k]) + r.randint(1, 9)) % 10) + idn[k + 1 :]
        elif x < 0.05:
            idn = _fullwidth(idn)
        if idn.endswith("X") and r.random() < 0.5:
            idn = idn[:-1] + "x"
        return idn

    def phone_variant(self, p: str) -> str:
        r = self.r.random()
        if p.startswith("1") and r < 0.1:
            return f"+86 {p}"
        if p.startswith("1") and r < 0.2:
            return f"{p[:3]}-{p[3:7]}-{p[7:]}"
        return p

    def address_variant(self, a: str) -> str:
        r = self.r.random()
        if r < 0.3:
            return a.removeprefix("上海市")
        if r < 0.4 and "室" in a:
            return a[: a.rindex("号") + 1]
        return a

    def natural_row(self, e: _Entity) -> dict:
        r = self.r
        has_id = r.random() < 0.85
        row = {
            "kind": "natural",
            "name": self.name_variant(e.name),
            "id_number": self.id_variant(e.id_number) if has_id else None,
            "birth_date": e.birth if has_id or r.random() < 0.4 else None,
            "gender": e.gender if has_id or r.random() < 0.7 else None,
            "phone": self.phone_variant(r.choice(e.phones)) if r.random() < 0.6 else None,
            "address": self.address_variant(r.choice(e.addresses)) if r.random() < 0.8 else None,
        }
        return row

    def company_row(self, e: _Entity) -> dict:
        r = self.r
        name = e.name
        if r.random() < 0.25:
            name = name.replace("有限公司", "有限责任公司")
        uscc = e.uscc if r.random() < 0.75 else None
        if uscc and r.random() < 0.05:
            uscc = uscc.lower()
        return {
            "kind": "legal",
            "name": self.name_variant(name),
            "uscc": uscc,
            "legal_rep": e.legal_rep if r.random() < 0.7 else None,
            "phone": e.phones[0] if r.random() < 0.5 else None,
            "address": self.address_variant(e.addresses[0]) if r.random() < 0.8 else None,
        }


_COLUMNS = (
    "party_id", "kind", "name", "id_number", "birth_date", "gender", "ethnicity",
    "address", "phone", "uscc", "legal_rep", "person_key",
)  # fmt: skip
_ARROW_SCHEMA = pa.schema(
    [
        (c, pa.int64() if c == "party_id" else pa.date32() if c == "birth_date" else pa.string())
        for c in _COLUMNS
    ]
)


def sample_rows(identities: int, seed: int = 1) -> tuple[list[dict], list[tuple[int, str]]]:
    """Party rows and (party_id, identity) truth for about ``identities`` real entities."""
    g = _Gen(seed)
    entities: list[_Entity] = []
    i = 0
    while len(entities) < identities:
        x = g.r.random()
        if x < 0.68:
            entities.append(g.natural(i))
        elif x < 0.97:
            entities.append(g.company(i))
        else:
            # A lender with 2-3 companies of similar names and him as legal representative.
            lender = g.natural(i)
            entities.append(lender)
            word = g.brand()
            for _ in range(g.r.randint(2, 3)):
                i += 1
                entities.append(g.company(i, word=word, rep=lender.name))
        i += 1
    for k, name in enumerate(("上海市浦东新区人民检察院", "上海市人民检察院第一分院")):
        entities.append(_Entity(f"authority-{k}", "authority", name))
    rows: list[dict] = []
    truth: list[tuple[int, str]] = []
    for e in entities:
        n = g.rows_for(e) if e.kind != "authority" else 50
        for _ in range(n):
            if e.kind == "natural":
                row = g.natural_row(e)
            elif e.kind == "legal":
                row = g.company_row(e)
            else:
                row = {"kind": "authority", "name": g.name_variant(e.name)}
            row["party_id"] = len(rows) + 1
            rows.append(row)
            truth.append((row["party_id"], e.identity))
    g.r.shuffle(rows)  # case order, not entity order
    return rows, truth


def load_sample(con: duckdb.DuckDBPyConnection, identities: int, seed: int = 1) -> int:
    """Write sample parties and their truth into the store; returns the number of rows."""
    create_schema(con)
    rows, truth = sample_rows(identities, seed)
    table = pa.table({c: [row.get(c) for row in rows] for c in _COLUMNS})
    table = table.cast(_ARROW_SCHEMA)
    truth_table = pa.table({"party_id": [t[0] for t in truth], "identity": [t[1] for t in truth]})
    con.register("_sample_parties", table)
    con.register("_sample_truth", truth_table)
    con.execute(f"INSERT INTO parties ({', '.join(_COLUMNS)}) SELECT * FROM _sample_parties")
    con.execute("INSERT INTO truth_identities SELECT * FROM _sample_truth")
    con.unregister("_sample_parties")
    con.unregister("_sample_truth")
    return len(rows)
