"""教育机构涉未成年人从业禁止查询: is this person barred from work with minors?

Name and ID number in; barred / not barred / unknown out, with the basis (which conviction,
which rule, which date) and nothing else of the case.

The rules (docs/SERVICES.md, "Minors-work bar", with sources):

- 《未成年人保护法》(2020) 第六十二条 and the 2020 opinion of the Supreme People's
  Procuratorate and eight ministries on pre-employment checks (《关于建立密切接触未成年人单位
  入职查询制度的意见》): a record of sexual assault, abuse, trafficking or violent injury bars
  employment by a body in close contact with minors, with no time limit;
- 《教师法》第十四条: an intentional crime punished by fixed-term imprisonment or more bars a
  teacher's qualification (for education bodies only), with no time limit.

What the canonical schema and the synthetic court hold: convictions in `sentences` (charges,
principal penalty) of closed cases; no occupational-prohibition orders (刑法第三十七条之一),
which the schema has no column for. Where a relevant case is still pending, or appealed and not
yet decided, the answer is unknown.

Enumeration: "not barred" is given only when the name and ID number are a pair the courts'
data or the population register hold; a wrong name is "unknown" whether or not the number has a
conviction, so probing numbers reveals nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from courtqc.domain.idnumber import normalize_id_number, validate_id_number
from courtqc.errors import InvalidInput, Where
from courtqc.services.probe import member

# Category -> charges (as in sentences.charges, without 罪). 《未成年人保护法》第六十二条.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "性侵害": (
        "强奸", "强制猥亵、侮辱", "强制猥亵", "猥亵儿童", "负有照护职责人员性侵", "组织卖淫",
        "强迫卖淫", "协助组织卖淫", "引诱、容留、介绍卖淫", "引诱幼女卖淫",
    ),
    "虐待": ("虐待", "虐待被监护、看护人"),
    "拐卖": (
        "拐卖妇女、儿童", "收买被拐卖的妇女、儿童", "拐骗儿童", "组织残疾人、儿童乞讨",
        "组织未成年人进行违反治安管理活动",
    ),
    "暴力伤害": ("故意杀人", "故意伤害", "绑架", "抢劫"),
}  # fmt: skip
CHARGE_CATEGORY = {c: cat for cat, cs in CATEGORIES.items() for c in cs}
MINORS_RULE = "《未成年人保护法》第六十二条；最高人民检察院等九部门《关于建立密切接触未成年人单位入职查询制度的意见》（2020）"
TEACHER_RULE = "《教师法》第十四条：故意犯罪受到有期徒刑以上刑事处罚的，不能取得教师资格"
# Crimes of negligence (过失犯罪), which the Teachers Law's rule does not reach.
NEGLIGENT = (
    "交通肇事",
    "过失致人死亡",
    "过失致人重伤",
    "失火",
    "过失爆炸",
    "重大责任事故",
    "医疗事故",
)
CUSTODIAL = ("fixed_term", "life", "death")
ANSWER_ZH = {"barred": "禁止从业", "not_barred": "未发现禁止从业情形", "unknown": "无法确定"}


@dataclass(frozen=True)
class Answer:
    answer: str
    basis: list[dict]
    note: str

    def to_dict(self) -> dict:
        return {
            "answer": self.answer,
            "answer_zh": ANSWER_ZH[self.answer],
            "basis": self.basis,
            "note": self.note,
        }


def _norm_name(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def _charges(text: str) -> list[str]:
    return [c.strip() for c in (text or "").split(";") if c.strip()]


def _id_forms(n: str) -> list[str]:
    return [n, n.lower()] if n.endswith("X") else [n]


def _person_rows(
    con: duckdb.DuckDBPyConnection,
    id_forms: list[str],
    courts: frozenset[str],
    court_names: Mapping[str, str] | None = None,
) -> list[tuple]:
    """The person's rows as a party anywhere in the scope (for the identity check), with the
    case and any sentence: (name, case_id, case_no, court_code, court name, status,
    closing_date, charges, principal_penalty, role, cause_name).

    Why four statements and not one join: each is a probe of an index (parties.id_number,
    case_parties.party_id, the cases' and sentences' keys; engine.context.ensure_indexes), so a
    query costs the same on a 1M-case court as on a small one. DuckDB plans a join as hash
    joins over whole tables, which grows with the court."""
    where, params = member("id_number", id_forms, "VARCHAR")
    people = con.execute(f"SELECT party_id, name FROM parties WHERE {where}", params).fetchall()
    if not people:
        return []
    name_of = dict(people)
    where, params = member("party_id", name_of)
    links = con.execute(
        f"SELECT case_id, party_id, role FROM case_parties WHERE {where}", params
    ).fetchall()
    if not links:
        return []
    where, params = member("c.case_id", {r[0] for r in links})
    cases = {
        r[0]: r[1:]
        for r in con.execute(
            f"""SELECT c.case_id, c.case_no, c.court_code, c.status, c.closing_date, c.cause_name
                FROM cases c WHERE {where}""",
            params,
        ).fetchall()
        if r[2] in courts
    }
    if not cases:
        return []
    # only the cases where the person is a criminal defendant can hold their sentence
    accused = {cid for cid, _pid, role in links if role == "criminal_defendant" and cid in cases}
    sentences = {}
    if accused:
        where, params = member("case_id", accused)
        sentences = {
            (r[0], r[1]): r[2:]
            for r in con.execute(
                f"SELECT case_id, party_id, charges, principal_penalty FROM sentences WHERE {where}",
                params,
            ).fetchall()
        }
    court_name = court_names
    if court_name is None:
        where, params = member("court_code", {c[1] for c in cases.values()}, "VARCHAR")
        sql = f"SELECT court_code, name FROM courts WHERE {where}"
        court_name = dict(con.execute(sql, params).fetchall())
    out = []
    for case_id, party_id, role in links:
        c = cases.get(case_id)
        if c is None:
            continue
        case_no, court, status, closed, cause = c
        charges, penalty = sentences.get((case_id, party_id), (None, None))
        out.append(
            (name_of[party_id], case_id, case_no, court, court_name.get(court, court), status,
             closed, charges, penalty, role, cause)
        )  # fmt: skip
    return out


def query(
    con: duckdb.DuckDBPyConnection,
    name: str,
    id_number: str,
    courts: frozenset[str],
    *,
    teacher_rule: bool = False,
    court_names: Mapping[str, str] | None = None,
) -> Answer:
    """The answer for one person over the courts' data (the agency key's court tree).
    `court_names`: the courts' names where the caller holds them (the server's court tree),
    saving a read of `courts` per query."""
    if not name or not _norm_name(name):
        raise InvalidInput("必须提供姓名 (name is required)", where=Where(field="name"))
    if not validate_id_number(id_number or ""):
        raise InvalidInput(
            "身份证号无效 (not a valid 18-character resident ID number)",
            where=Where(field="id_number"),
        )
    n = normalize_id_number(id_number)
    want = _norm_name(name)
    rows = _person_rows(con, _id_forms(n), courts, court_names)
    convicted = [r[1] for r in rows if r[7] is not None]
    appealed: set[int] = set()
    if convicted:  # appeals or retrials still pending: the judgment is not final
        where, params = member("origin_case_id", convicted)
        appealed = {
            r[0]
            for r in con.execute(
                f"""SELECT origin_case_id FROM cases WHERE {where}
                    AND origin_relation IN ('appeal', 'retrial') AND status = 'pending'""",
                params,
            ).fetchall()
        }
    rows = [(*r, r[1] in appealed) for r in rows]
    names = {_norm_name(r[0]) for r in rows}
    reg = con.execute("SELECT name FROM registry_population WHERE id_number = ?", [n]).fetchone()
    if reg:
        names.add(_norm_name(reg[0]))
    if want not in names:
        return Answer(
            "unknown", [],
            "姓名与身份证号无法核实为同一人，不能给出结论 (name and ID number could not be verified as one person)",
        )  # fmt: skip
    rows = [r for r in rows if _norm_name(r[0]) == want]
    basis, pending = [], []
    for (
        _pname,
        _cid,
        case_no,
        _court,
        court_name,
        status,
        closed,
        charges,
        penalty,
        role,
        cause,
        appeals,
    ) in rows:
        if role != "criminal_defendant":
            continue
        if status != "closed" or charges is None:
            if any(k in (cause or "") for k in CHARGE_CATEGORY) or teacher_rule:
                pending.append(case_no)
            continue
        if penalty == "not_guilty":
            continue
        for ch in _charges(charges):
            cat = CHARGE_CATEGORY.get(ch)
            rule = None
            if cat:
                rule = MINORS_RULE
            elif teacher_rule and penalty in CUSTODIAL and ch not in NEGLIGENT:
                cat, rule = "故意犯罪被判处有期徒刑以上刑罚", TEACHER_RULE
            if rule is None:
                continue
            item = {
                "offence": f"{ch}罪",
                "category": cat,
                "rule": rule,
                "judgment_date": closed.isoformat() if closed else None,
                "court": court_name,
                "case_no": case_no,
                "duration": "无期限（入职查询不设期限）",
            }
            if appeals:
                pending.append(case_no)
            else:
                basis.append(item)
    if basis:
        return Answer("barred", basis, "依据生效刑事判决 (final criminal judgments)")
    if pending:
        return Answer(
            "unknown", [],
            "有尚未审结或尚未生效的相关刑事案件，暂不能给出结论 (a relevant criminal case is pending or not final)",
        )  # fmt: skip
    return Answer(
        "not_barred", [],
        "本平台所辖法院的生效判决中未发现该人员有上述犯罪记录；本查询不代替公安机关的违法犯罪记录查询 "
        "(no such conviction in these courts' final judgments)",
    )  # fmt: skip
