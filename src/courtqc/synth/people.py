"""Entities become people and organisations: names, ID numbers, credit codes, addresses; party
rows (one per way a party is written); the external registries; law firms and lawyers.

Identity and spelling: an entity is one real party. Each appearance (slot) picks a *variant*
(how the case writes it): as registered, with a space or a full-width space in the name, the ID
number with a lower-case x, 有限责任公司 for 有限公司, full-width Latin letters, another dot in a
Uyghur name, or a natural person without the ID number (many case files and judgments give only
name, sex, birth date and address). Each distinct (entity, variant) is a party row;
``truth_identities`` maps every party row to its entity. The registries always hold the ID.
The variants drawn and the party rows written: ``courtqc.synth.parties``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from courtqc.domain.idnumber import make_id_number
from courtqc.domain.population import DISTRICT_RESIDENTS
from courtqc.domain.uscc import USCC_CHARSET, make_uscc
from courtqc.synth import catalog as cat
from courtqc.synth.plan import (
    E_AUTHORITY,
    E_COMPANY,
    E_NATURAL,
    EF_HOLD_ONLY,
    EF_ID_X,
    EF_INSTITUTION,
    EF_RETIRED_BALANCE,
    NO_DAY,
    ROLE,
    M,
    Plan,
    pick,
)
from courtqc.synth.registers import enterprise_registers
from courtqc.synth.registers import stream as registers_stream
from courtqc.synth.shards import IdTaken, Shard
from courtqc.synth.timeline import AS_OF, to_date

VARIANT_SPACE, VARIANT_LOWER_X, VARIANT_LLC, VARIANT_FULLWIDTH, VARIANT_NO_ID = 1, 2, 4, 8, 16
# The mess of real records (docs/SYNTH.md, "Messy parties"): a first-generation 15-digit ID
# number, an ID number in full-width digits, a minority name without its separator dot, the
# phone in another format (+86, 0086, dashes; a landline without its area code), the address
# with less detail, a company's brackets in the other width, a company under its former name,
# a company row without its legal representative.
VARIANT_ID15, VARIANT_ID_FW, VARIANT_NO_DOT, VARIANT_PHONE, VARIANT_ADDR = 32, 64, 128, 256, 512
VARIANT_BRACKET, VARIANT_FORMER, VARIANT_NO_REP = 1024, 2048, 4096
N_VARIANTS = 8192  # party key = entity * N_VARIANTS + variant bits
#: Per-appearance rates of the format variants (docs/SYNTH.md gives the reasons).
MESS = {"id15": 0.05, "id_fw": 0.01, "no_dot": 0.2, "phone": 0.2, "addr": 0.15,
        "bracket": 0.5, "former": 0.3, "no_rep": 0.3}  # fmt: skip
#: Entity-level shares: companies with a landline (persons: LANDLINE_PERSON), companies renamed
#: once, companies with a bracketed place in their name (外商投资 style 某某（上海）有限公司).
LANDLINE_COMPANY, LANDLINE_PERSON, RENAMED, BRACKETED = 0.6, 0.08, 0.06, 0.05

#: Share of appearances written without the ID number, by role: victims are often named only,
#: criminal defendants nearly always with it; the rest in between (10–20 % of natural-person
#: party rows in all).
NO_ID_SHARE = {"victim": 0.35, "criminal_defendant": 0.03, "third_party": 0.2, "plaintiff": 0.1,
               "appellant": 0.1, "applicant": 0.1}  # fmt: skip
NO_ID_OTHER = 0.16  # defendants, appellees, respondents

#: Mobile number prefixes (China Mobile, Unicom, Telecom), drawn by entity number.
MOBILE_PREFIXES = np.array([130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152,
                            155, 156, 157, 158, 159, 177, 180, 181, 186, 187, 188, 189, 199])  # fmt: skip
DISTRICTS = list(DISTRICT_RESIDENTS)
_DIV = {
    c.district: c.division_code
    for c in __import__("courtqc.domain.courts", fromlist=["COURTS"]).COURTS
    if c.district
}
DIVISION_CODES = [_DIV[d] for d in DISTRICTS] + [code for code, _ in cat.LEGACY_DIVISIONS]
DIVISION_DISTRICT = DISTRICTS + [d for _, d in cat.LEGACY_DIVISIONS]


def _s(values) -> pa.Array:
    return pa.array(list(values), pa.string())


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _num(a: np.ndarray, width: int = 0) -> pa.Array:
    s = pc.cast(pa.array(a), pa.string())
    return pc.utf8_lpad(s, width, padding="0") if width else s


@dataclass
class People:
    """Everything ``details`` and the writer need about parties."""

    party_key: np.ndarray  # sorted unique entity * N_VARIANTS + variant; party_id = position + 1
    slot_party: np.ndarray  # party id of each plan slot
    tables: dict[str, pa.Table]
    # The party rows with truth_identities and truth_party_variants, PARTY_CHUNK rows at a
    # time (parties, truth_identities, truth_party_variants per chunk): built while they are
    # written, so no whole parties table is ever in memory. Set to None once written, which
    # frees the per-entity names, contacts and ID numbers it keeps.
    party_chunks: Callable[[], Iterator[tuple[pa.Table, pa.Table, pa.Table]]] | None
    person_name: pa.Array  # canonical name per entity (null for non-persons)
    entity_name: pa.Array  # canonical name of every entity
    lawyer_names: pa.Array
    firm_of_lawyer: np.ndarray
    n_lawyers: int


#: Party rows built and written at a time (their string columns and temporaries: ~0.2 GB).
PARTY_CHUNK = 500_000


def _entity_spans(plan: Plan) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per entity: first filing day, last day it is involved (AS_OF+ for open cases), and
    whether it has ever been a respondent of a 终本 case."""
    n = plan.ents.c.n
    s, c = plan.slots.cols(), plan.cases.cols()
    filing = c["filing"][s["case"]]
    end = np.maximum(c["end"][s["case"]], filing)
    first = np.full(n, np.iinfo(np.int32).max, np.int64)
    np.minimum.at(first, s["entity"], filing)
    last = np.full(n, -1, np.int64)
    np.maximum.at(last, s["entity"], end)
    zb = (s["role"] == ROLE["respondent"]) & (c["method"][s["case"]] == M["termination_current"])
    zb_resp = np.zeros(n, bool)
    zb_resp[s["entity"][zb]] = True
    return first, last, zb_resp


def build_people(
    plan: Plan, rng: np.random.Generator, n_lawyers: int, shard: Shard | None = None
) -> People:
    """Name every entity of the plan, write its party rows (one per way a case writes it), the
    registries, and the law firms and lawyers. The stages draw from ``rng`` in this order.
    ``shard``: one shard of a sharded court (courtqc.synth.shards): its entities numbered
    after the earlier shards', the global entities as the first shard named them, the law
    firms and lawyers the first shard's."""
    # The party rows: courtqc.synth.parties, which builds on this module's names and helpers.
    from courtqc.synth.parties import _party_names, _party_tables, _variants

    e = plan.ents.c.cols()
    n = plan.ents.c.n
    etype = e["etype"]
    first, last, zb_resp = _entity_spans(plan)
    used = first < np.iinfo(np.int32).max
    if shard is not None:  # the global entities get their traits in the first shard
        shard.n_entities = n
        used[: shard.prefix] = True
    first = np.where(used, first, AS_OF - 365)
    gid = np.arange(n, dtype=np.int64) if shard is None else shard.entity_numbers(n)
    nat = np.flatnonzero(etype == E_NATURAL)
    ps = _persons(rng, e, n, first, used, nat, shard.ids if shard else None)
    ct = _contacts(rng, e, n, etype, last, used, ps.district, gid)
    org = _organisations(plan, rng, e, n, etype, ps.person_name, ct, shard)
    if shard is not None and shard.index > 0:
        fm = shard.firms
    else:
        fm = _firms(rng, n, n_lawyers, org.office, org.rep_name)
    uscc = _uscc(etype, used, ps.district, n, gid)
    if shard is not None:
        _share_globals(shard, ct, org, uscc)
        if shard.index == 0:
            shard.firms = fm
    pkey = _variants(plan, rng, e, etype, ps, org)
    party_key, slot_pos = np.unique(pkey, return_inverse=True)
    party0 = shard.party0 if shard else 0
    slot_party = slot_pos + 1 + party0
    del pkey, slot_pos

    def party_chunks() -> Iterator[tuple[pa.Table, pa.Table, pa.Table]]:
        # No random draws here: the rows are the same whatever the chunk size.
        for lo in range(0, len(party_key), PARTY_CHUNK):
            pe, pv, pt, name, adm, firm_of = _party_names(
                e, etype, org, ps, fm.n_firms, party_key[lo : lo + PARTY_CHUNK]
            )
            yield _party_tables(
                plan, ps, ct, org, fm, uscc, pe, pv, pt, name, adm, firm_of, lo + 1 + party0, gid
            )

    # The global entities' registry rows: written by the first shard only.
    skip = shard.prefix if shard is not None and shard.index > 0 else 0
    registry_population, registry_housing_fund, registry_enterprises, holders, former = _registries(
        rng, e, n, etype, used, first, zb_resp, ps, ct, org, fm, uscc, skip
    )
    n_firms, firm_names, firm_addr = fm.n_firms, fm.firm_names, fm.firm_addr
    lawyer_names, lawyer_firm, license_no = fm.lawyer_names, fm.lawyer_firm, fm.license_no
    names, person_name = org.names, ps.person_name
    law_firms = pa.table(
        {
            "firm_id": pa.array(np.arange(1, n_firms + 1, dtype=np.int32)),
            "name": firm_names,
            "address": firm_addr,
        }
    )
    lawyers = pa.table(
        {
            "lawyer_id": pa.array(np.arange(1, n_lawyers + 1, dtype=np.int32)),
            "name": lawyer_names,
            "firm_id": pa.array((lawyer_firm + 1).astype(np.int32)),
            "license_no": license_no,
        }
    )
    tables = {
        "registry_population": registry_population,
        "registry_housing_fund": registry_housing_fund,
        "registry_enterprises": registry_enterprises,
        "registry_enterprise_shareholders": holders,
        "registry_enterprise_names": former,
    }
    if shard is None or shard.index == 0:  # one set of law firms and lawyers for the court
        tables |= {"law_firms": law_firms, "lawyers": lawyers}
    return People(
        party_key=party_key,
        slot_party=slot_party,
        tables=tables,
        party_chunks=party_chunks,
        person_name=person_name,
        entity_name=names,
        lawyer_names=lawyer_names,
        firm_of_lawyer=lawyer_firm,
        n_lawyers=n_lawyers,
    )


@dataclass
class _Persons:
    """Per entity: who a natural person is (and the names of everyone's name space)."""

    gender: np.ndarray
    birth: np.ndarray
    ethnicity: np.ndarray
    district: np.ndarray
    div: np.ndarray  # index into DIVISION_CODES (a legacy division for some)
    person_name: pa.Array
    uy: np.ndarray  # Uyghur name (with a middle dot)
    ids: np.ndarray  # ID number (object; None for non-persons)
    ends_x: np.ndarray


@dataclass
class _Contacts:
    """Per entity: death day (-1 alive), phone, home and office address."""

    death: np.ndarray
    phone: pa.Array
    home: pa.Array
    office: pa.Array


@dataclass
class _Organisations:
    """Per entity: the names and traits of companies, institutions and authorities, and the
    phone and office after a controlled company shares its controller's."""

    names: pa.Array  # canonical name of every entity
    former_name: pa.Array
    legal_rep: pa.Array
    rep_name: pa.Array
    fixed: np.ndarray
    jsc: np.ndarray
    latin: np.ndarray
    bracketed: np.ndarray
    renamed: np.ndarray
    phone: pa.Array
    office: pa.Array


@dataclass
class _Firms:
    """Law firms and lawyers."""

    n_firms: int
    firm_names: pa.Array
    firm_addr: pa.Array
    firm_uscc: list[str]
    firm_head: pa.Array
    lawyer_firm: np.ndarray
    lawyer_names: pa.Array
    license_no: pa.Array


def _persons(
    rng: np.random.Generator,
    e: dict[str, np.ndarray],
    n: int,
    first: np.ndarray,
    used: np.ndarray,
    nat: np.ndarray,
    taken: IdTaken | None = None,
) -> _Persons:
    """Sex, birth, ethnicity, district, names and ID numbers of the natural persons."""
    # --- persons -----------------------------------------------------------------------------
    gender = e["gender"].copy()  # 1 male, 0 female
    free = gender < 0
    gender[free] = (rng.random(free.sum()) < 0.58).astype(np.int8)
    age = np.clip(rng.normal(41, 12, n), 18, 82)
    birth = np.where(
        e["birth"] != NO_DAY,
        e["birth"],
        (first - age * 365.25 - rng.integers(0, 365, n)).astype(np.int64),
    )
    ethnicity = pick(rng, cat.ETHNICITY_WEIGHTS, n)
    pop = np.array([DISTRICT_RESIDENTS[d] for d in DISTRICTS], float)
    district = pick(rng, pop, n)
    legacy = (rng.random(n) < 0.25) & (
        birth < (np.datetime64("1995-01-01") - np.datetime64("1970-01-01")).astype(int)
    )
    legacy_pick = len(DISTRICTS) + rng.integers(0, len(cat.LEGACY_DIVISIONS), n)
    div = np.where(legacy, legacy_pick, district)

    # Names: surname + one or two given characters; Uyghur names with a middle dot.
    sur = pick(rng, cat.SURNAME_WEIGHTS, n)
    gm, gf = len(cat.GIVEN_MALE), len(cat.GIVEN_FEMALE)
    g1 = np.where(gender == 1, rng.integers(0, gm, n), rng.integers(0, gf, n))
    g2 = np.where(
        rng.random(n) < 0.72,
        np.where(gender == 1, rng.integers(0, gm, n), rng.integers(0, gf, n)),
        -1,
    )
    male_c = _s(cat.GIVEN_MALE)
    fem_c = _s(cat.GIVEN_FEMALE)
    given1 = pc.if_else(
        pa.array(gender == 1),
        male_c.take(pa.array(np.minimum(g1, gm - 1))),
        fem_c.take(pa.array(np.minimum(g1, gf - 1))),
    )
    given2 = pc.if_else(
        pa.array(g2 < 0),
        "",
        pc.if_else(
            pa.array(gender == 1),
            male_c.take(pa.array(np.clip(g2, 0, gm - 1))),
            fem_c.take(pa.array(np.clip(g2, 0, gf - 1))),
        ),
    )
    surname = _s(cat.SURNAMES).take(pa.array(sur))
    uy = ethnicity == cat.ETHNICITIES.index("维吾尔族")
    uparts = _s(cat.UYGHUR_PARTS)
    ua = uparts.take(pa.array(rng.integers(0, len(cat.UYGHUR_PARTS), n)))
    ub = uparts.take(pa.array(rng.integers(0, len(cat.UYGHUR_PARTS), n)))
    han_name = _join(surname, given1, given2)
    person_name = pc.if_else(pa.array(uy), _join(ua, cat.NAME_DOTS[0], ub), han_name)
    # Namesakes planted on purpose (plan ``twin``) bear the other person's name.
    twin = e["twin"]
    if (twin >= 0).any():
        src = np.where(twin >= 0, twin, np.arange(n))
        person_name = person_name.take(pa.array(src))
        uy = uy[src]

    # ID numbers: (division, birth, gender) groups get consecutive sequence codes.
    ids = np.full(n, None, dtype=object)
    persons = nat[used[nat]]
    key = (
        div[persons].astype(np.int64) * 100_000 + (birth[persons] - birth[persons].min())
    ) * 2 + gender[persons]
    order = np.argsort(key, kind="stable")
    ks = key[order]
    grp_start = np.r_[0, np.flatnonzero(np.diff(ks)) + 1]
    rank = np.arange(len(ks)) - np.repeat(grp_start, np.diff(np.r_[grp_start, len(ks)]))
    seq = np.empty(len(ks), np.int64)
    seq[order] = rank
    want_x = (e["eflags"][persons] & EF_ID_X) != 0
    # Numbers handed out, by (division code, birth day, male, sequence code): across the
    # shards of a sharded court (shards.IdTaken), where a shard's groups also start their
    # sequence codes past those of the earlier shards.
    if taken is None:
        taken = IdTaken(len(DIVISION_CODES))
    seq = seq + taken.base(div[persons], birth[persons], gender[persons])
    taken.advance(div[persons], birth[persons], gender[persons])
    dates = {}
    for j, i in enumerate(persons):
        b = int(birth[i])
        d = dates.get(b) or dates.setdefault(b, to_date(b))
        s = int(seq[j]) % 100
        dv = int(div[i])
        code = DIVISION_CODES[dv]
        male = int(gender[i])
        t = s
        if want_x[j]:
            # 100 sequence codes per gender: take the first whose check character is X, past
            # the codes already handed out in this group.
            for t in range(99, -1, -1):
                cand = make_id_number(code, d, t, bool(male))
                if cand.endswith("X") and (dv, b, male, t) not in taken:
                    break
        else:
            cand = make_id_number(code, d, s, bool(male))
        if (dv, b, male, t) in taken:
            # one person per number (a 1M court met two X-wanting people of one birth day and
            # district); a collision takes the next free code of the group
            t = next(t for t in range(100) if (dv, b, male, t) not in taken)
            cand = make_id_number(code, d, t, bool(male))
        taken.add((dv, b, male, t))
        ids[i] = cand
    ends_x = np.array([isinstance(x, str) and x.endswith("X") for x in ids])
    return _Persons(gender, birth, ethnicity, district, div, person_name, uy, ids, ends_x)


def _contacts(
    rng: np.random.Generator,
    e: dict[str, np.ndarray],
    n: int,
    etype: np.ndarray,
    last: np.ndarray,
    used: np.ndarray,
    district: np.ndarray,
    gid: np.ndarray,
) -> _Contacts:
    """Deaths, phones and addresses."""
    # Deaths: planted ones as set; a few clean ones after every case of that person closed.
    death = e["death"].copy()
    can_die = (etype == E_NATURAL) & (death < 0) & used & (last + 45 < AS_OF)
    dies = can_die & (rng.random(n) < 0.025)
    death[dies] = (
        last[dies] + 30 + (rng.random(dies.sum()) * (AS_OF - last[dies] - 30)).astype(np.int64)
    )

    # Unique by construction (an injective map of the entity number), so two parties share a
    # phone only where the plan says so (a controller and his companies).
    ent_no = gid  # the entity numbers of the whole court (shards.Shard.entity_numbers)
    mobile = _join(
        _num(MOBILE_PREFIXES[ent_no % len(MOBILE_PREFIXES)]),
        _num((ent_no * 48_271 + 12_345) % 100_000_000, 8),
    )
    landline = _join("021-", _num(50_000_000 + (ent_no * 7_919 + 3) % 50_000_000, 8))
    has_landline = rng.random(n) < np.where(etype == E_NATURAL, LANDLINE_PERSON, LANDLINE_COMPANY)
    phone = pc.if_else(pa.array(has_landline), landline, mobile)
    roads = _s(cat.ROADS)
    district_name = _s(DISTRICTS)
    home = _join(
        "上海市",
        district_name.take(pa.array(district)),
        roads.take(pa.array(rng.integers(0, len(cat.ROADS), n))),
        _num(rng.integers(1, 1500, n)),
        "弄",
        _num(rng.integers(1, 80, n)),
        "号",
        _num(rng.integers(101, 2402, n)),
        "室",
    )
    office = _join(
        "上海市",
        district_name.take(pa.array(district)),
        roads.take(pa.array(rng.integers(0, len(cat.ROADS), n))),
        _num(rng.integers(1, 3000, n)),
        "号",
        _num(rng.integers(1, 30, n)),
        "层",
    )
    return _Contacts(death, phone, home, office)


def _organisations(
    plan: Plan,
    rng: np.random.Generator,
    e: dict[str, np.ndarray],
    n: int,
    etype: np.ndarray,
    person_name: pa.Array,
    ct: _Contacts,
    shard: Shard | None = None,
) -> _Organisations:
    """Company names (and former names), legal representatives, fixed names of institutions
    and authorities; a controlled company shares its controller's phone or address."""
    phone, home, office = ct.phone, ct.home, ct.office
    # --- companies, institutions, authorities -------------------------------------------------
    comp = etype == E_COMPANY
    sub = e["sub"]
    trade_c = _s(cat.TRADE_CHARS)
    nt = len(cat.TRADE_CHARS)
    industry_names = list(cat.INDUSTRIES) + [cat.INSTITUTION_INDUSTRY[k] for k in "LFPG"]
    ind_idx = np.where(sub >= 0, sub, len(cat.INDUSTRIES) + (-2 - sub)).clip(
        0, len(industry_names) - 1
    )
    # Unique names by construction: within an industry, an affine map of the company's rank
    # onto the trade names of two characters, then three.
    rank_c = np.zeros(n, np.int64)
    for k in np.unique(ind_idx[comp]):
        sel = np.flatnonzero(comp & (ind_idx == k))
        rank_c[sel] = np.arange(len(sel))
        if shard is not None:  # a shard's own companies rank after the earlier shards'
            own = sel >= shard.prefix
            rank_c[sel[own]] += shard.industry.get(int(k), 0)
            shard.industry[int(k)] = shard.industry.get(int(k), 0) + int(own.sum())
    space = nt * nt + nt**3
    code = (rank_c * 7_368_787 + 1_234_577 + ind_idx * 101) % space
    two = code < nt * nt
    c3 = code - nt * nt
    t1 = np.where(two, code // nt, c3 // (nt * nt))
    t2 = np.where(two, code % nt, (c3 // nt) % nt)
    t3 = np.where(two, 0, c3 % nt)
    trade2 = _join(trade_c.take(pa.array(t1)), trade_c.take(pa.array(t2)))
    trade = pc.if_else(pa.array(two), trade2, _join(trade2, trade_c.take(pa.array(t3))))
    latin = comp & (rng.random(n) < 0.03) & (sub >= 0)
    latin_mark = _s(cat.LATIN_TRADES).take(pa.array(rng.integers(0, len(cat.LATIN_TRADES), n)))
    trade = pc.if_else(pa.array(latin), _join(latin_mark, trade), trade)
    industry = _s(industry_names).take(pa.array(ind_idx))
    jsc = comp & (rng.random(n) < 0.04) & (sub >= 0)
    suffix = pc.if_else(pa.array(jsc), cat.SUFFIX_JSC, cat.SUFFIX_LTD)
    company_name = _join("上海", trade, industry, suffix)
    bracketed = comp & (rng.random(n) < BRACKETED) & (sub >= 0) & ~latin
    company_name = pc.if_else(
        pa.array(bracketed), _join(trade, industry, "（上海）", suffix), company_name
    )
    # A company renamed once: its former name has another trade name (same industry); the
    # credit code stays (a renaming keeps the code), so rows under either name carry it.
    renamed = comp & (rng.random(n) < RENAMED) & (sub >= 0)
    fcode = (code + space // 3 + 17) % space
    ftwo = fcode < nt * nt
    f3 = fcode - nt * nt
    ft1 = np.where(ftwo, fcode // nt, f3 // (nt * nt))
    ft2 = np.where(ftwo, fcode % nt, (f3 // nt) % nt)
    ft3 = np.where(ftwo, 0, f3 % nt)
    ftrade2 = _join(trade_c.take(pa.array(ft1)), trade_c.take(pa.array(ft2)))
    ftrade = pc.if_else(pa.array(ftwo), ftrade2, _join(ftrade2, trade_c.take(pa.array(ft3))))
    former_name = _join("上海", ftrade, industry, suffix)

    # Legal representatives who are not parties: named as everyone is (surname by frequency,
    # one or two given characters), so they share names with parties as real people do — a
    # representative's name alone does not say who stands behind a company.
    all_given = _s(cat.GIVEN_MALE + cat.GIVEN_FEMALE)
    ng = len(all_given)
    rep_name = _join(
        _s(cat.SURNAMES).take(pa.array(pick(rng, cat.SURNAME_WEIGHTS, n))),
        all_given.take(pa.array(rng.integers(0, ng, n))),
        pc.if_else(
            pa.array(rng.random(n) < 0.72), all_given.take(pa.array(rng.integers(0, ng, n))), ""
        ),
    )
    legal_rep = pc.if_else(
        pa.array(e["rep"] >= 0), person_name.take(pa.array(np.maximum(e["rep"], 0))), rep_name
    )

    # A company and the person who controls it (its legal representative, or behind a nominee)
    # share a phone (two in three) or else an address: how a court sees who stands behind it.
    # A company controlled only through its shares (EF_HOLD_ONLY) shares neither: only the
    # enterprise register's shareholders show him.
    controller = np.where(e["ctrl"] >= 0, e["ctrl"], e["rep"])
    controlled = comp & (controller >= 0) & ((e["eflags"] & EF_HOLD_ONLY) == 0)
    share_phone = controlled & (np.arange(n) % 3 != 0)
    share_addr = controlled & ~share_phone
    ctl = np.maximum(controller, 0)
    phone = pc.if_else(pa.array(share_phone), phone.take(pa.array(ctl)), phone)
    office = pc.if_else(pa.array(share_addr), home.take(pa.array(ctl)), office)

    # Fixed names (banks, insurers, hospitals, procuratorates, agencies).
    fixed = np.zeros(n, bool)
    fixed_names = np.full(n, "", dtype=object)
    for i, nm in plan.ents.names.items():
        fixed[i] = True
        fixed_names[i] = nm
    names = pc.if_else(pa.array(etype == E_NATURAL), person_name, company_name)
    names = pc.if_else(pa.array(fixed), pa.array(fixed_names, pa.string()), names)
    return _Organisations(
        names,
        former_name,
        legal_rep,
        rep_name,
        fixed,
        jsc,
        latin,
        bracketed,
        renamed,
        phone,
        office,
    )


def _firms(
    rng: np.random.Generator, n: int, n_lawyers: int, office: pa.Array, rep_name: pa.Array
) -> _Firms:
    """Law firms and lawyers (administrators in bankruptcy are law firms)."""
    trade_c = _s(cat.TRADE_CHARS)
    nt = len(cat.TRADE_CHARS)
    male_c = _s(cat.GIVEN_MALE)
    fem_c = _s(cat.GIVEN_FEMALE)
    gm, gf = len(cat.GIVEN_MALE), len(cat.GIVEN_FEMALE)
    n_firms = max(10, n_lawyers // 8)
    firm_rank = np.arange(n_firms, dtype=np.int64)
    fcode = (firm_rank * 1_237 + 11) % (nt * nt)
    firm_names = _join(
        "上海",
        trade_c.take(pa.array(fcode // nt)),
        trade_c.take(pa.array(fcode % nt)),
        "律师事务所",
    )
    big = rng.random(n_firms) < 0.08
    firm_names = pc.if_else(
        pa.array(big),
        _join(
            "北京",
            trade_c.take(pa.array(fcode % nt)),
            trade_c.take(pa.array(fcode // nt)),
            "（上海）律师事务所",
        ),
        firm_names,
    )
    firm_addr = office.take(pa.array(rng.integers(0, n, n_firms)))
    firm_uscc = [
        make_uscc(
            _DIV[DISTRICTS[int(i) % len(DISTRICTS)]],
            _body(7_000_000 + int(i)),
            dept="3",
            org_type="1",
        )
        for i in firm_rank
    ]
    firm_head = rep_name.take(pa.array((firm_rank * 13 + 5) % n))
    lawyer_firm = rng.integers(0, n_firms, n_lawyers)
    lg = (rng.random(n_lawyers) < 0.55).astype(np.int8)
    lsur = _s(cat.SURNAMES).take(pa.array(pick(rng, cat.SURNAME_WEIGHTS, n_lawyers)))
    lg1 = pc.if_else(
        pa.array(lg == 1),
        male_c.take(pa.array(rng.integers(0, gm, n_lawyers))),
        fem_c.take(pa.array(rng.integers(0, gf, n_lawyers))),
    )
    lg2 = pc.if_else(
        pa.array(rng.random(n_lawyers) < 0.7),
        male_c.take(pa.array(rng.integers(0, gm, n_lawyers))),
        "",
    )
    lawyer_names = _join(lsur, lg1, lg2)
    license_no = _join(
        "13101",
        _num(rng.integers(2000, 2023, n_lawyers)),
        _num(lg),
        _num(np.arange(n_lawyers) * 37 + 1000001, 7),
    )
    return _Firms(
        n_firms, firm_names, firm_addr, firm_uscc, firm_head, lawyer_firm, lawyer_names, license_no
    )


def _uscc(
    etype: np.ndarray, used: np.ndarray, district: np.ndarray, n: int, gid: np.ndarray
) -> np.ndarray:
    """USCC: body from the entity number (injective), division from the company's district."""
    uscc = np.full(n, None, dtype=object)
    org = np.flatnonzero(((etype == E_COMPANY) | (etype == E_AUTHORITY)) & used)
    for i in org:
        dept, typ = ("1", "1") if etype[i] == E_AUTHORITY else ("9", "1")
        uscc[i] = make_uscc(
            _DIV[DISTRICTS[district[i]]], _body(int(gid[i])), dept=dept, org_type=typ
        )
    return uscc


def _share_globals(shard: Shard, ct: _Contacts, org: _Organisations, uscc: np.ndarray) -> None:
    """The global entities (institutional pools, authorities) written as the first shard
    wrote them: kept from the first shard, given back in the later ones."""
    if shard.index == 0:
        shard.keep("contacts", ct)
        shard.keep("organisations", org)
        shard.kept["uscc"] = {"uscc": uscc[: shard.prefix].copy()}
    else:
        shard.restore("contacts", ct)
        shard.restore("organisations", org)
        uscc[: shard.prefix] = shard.kept["uscc"]["uscc"]


def _registries(
    rng: np.random.Generator,
    e: dict[str, np.ndarray],
    n: int,
    etype: np.ndarray,
    used: np.ndarray,
    first: np.ndarray,
    zb_resp: np.ndarray,
    ps: _Persons,
    ct: _Contacts,
    org: _Organisations,
    fm: _Firms,
    uscc: np.ndarray,
    skip: int = 0,
) -> tuple[pa.Table, pa.Table, pa.Table, pa.Table, pa.Table]:
    """The registries: population (with deaths), housing fund, enterprises, and the
    enterprises' shareholders and former names (courtqc.synth.registers, a stream of its own)."""
    ids, person_name, birth, gender, div = ps.ids, ps.person_name, ps.birth, ps.gender, ps.div
    death, names, legal_rep = ct.death, org.names, org.legal_rep
    n_firms, firm_names, firm_uscc = fm.n_firms, fm.firm_names, fm.firm_uscc
    # --- registries ----------------------------------------------------------------------------
    rp_ent = np.flatnonzero((etype == E_NATURAL) & used)
    registry_population = pa.table(
        {
            "id_number": pa.array(ids[rp_ent], pa.string()),
            "name": person_name.take(pa.array(rp_ent)),
            "status": pa.array(
                np.where(death[rp_ent] >= 0, "dead", "alive").astype(object), pa.string()
            ),
            "death_date": pa.array(
                np.maximum(death[rp_ent], 0).astype("datetime64[D]"), mask=death[rp_ent] < 0
            ),
            "district": _s(DIVISION_DISTRICT).take(pa.array(div[rp_ent])),
        }
    )

    # Housing fund: most adults have an account; retired members have withdrawn it (balance 0),
    # except the planted ones and some who never were 终本 respondents.
    age_now = (AS_OF - birth) / 365.25
    retire_age = np.where(gender == 1, 60, 55)
    has = (
        (etype == E_NATURAL)
        & used
        & (age_now >= 22)
        & ((rng.random(n) < 0.65) | ((e["eflags"] & EF_RETIRED_BALANCE) != 0))
    )
    retired = age_now >= retire_age
    bal = np.round(np.exp(rng.normal(10.6, 1.0, n)), 2)
    planted_bal = (e["eflags"] & EF_RETIRED_BALANCE) != 0
    keep_bal = planted_bal | (retired & ~zb_resp & (rng.random(n) < 0.1))
    balance = np.where(retired & ~keep_bal, 0.0, bal)
    hf = np.flatnonzero(has)
    ret_day = (birth + (retire_age * 365.25).astype(np.int64))[hf]
    registry_housing_fund = pa.table(
        {
            "id_number": pa.array(ids[hf], pa.string()),
            "name": person_name.take(pa.array(hf)),
            "balance": pa.array(balance[hf]),
            "retired": pa.array(retired[hf]),
            "retirement_date": pa.array(ret_day.astype("datetime64[D]"), mask=~retired[hf]),
            "as_of": pa.array(np.full(len(hf), AS_OF).astype("datetime64[D]")),
        }
    )

    ce = np.flatnonzero((etype == E_COMPANY) & used)
    ce = ce[ce >= skip]  # a later shard: the global entities are in the register already
    bk_day = e["bk_day"][ce]
    u = rng.random(len(ce))
    status = np.where(
        bk_day >= 0,
        "bankrupt",
        np.where(u < 0.05, "revoked", np.where(u < 0.1, "cancelled", "active")),
    )
    status = np.where((e["eflags"][ce] & EF_INSTITUTION) != 0, "active", status)
    established = first[ce] - (365 * (1 + rng.random(len(ce)) * 15)).astype(np.int64)
    admin_firm = (ce * 31 + 7) % n_firms  # the firm appointed administrator (as for the parties)
    bankrupt = pa.array(bk_day >= 0)
    null_c = pa.nulls(len(ce), pa.string())
    registry_enterprises = pa.table(
        {
            "uscc": pa.array(uscc[ce], pa.string()),
            "name": names.take(pa.array(ce)),
            "status": pa.array(status.astype(object), pa.string()),
            "legal_rep": legal_rep.take(pa.array(ce)),
            "registered_capital": pa.array(np.round(np.exp(rng.normal(14, 1.5, len(ce))), -4)),
            "established_date": pa.array(established.astype("datetime64[D]")),
            "bankruptcy_accepted_date": pa.array(
                np.maximum(bk_day, 0).astype("datetime64[D]"), mask=bk_day < 0
            ),
            "administrator_name": pc.if_else(
                bankrupt, firm_names.take(pa.array(admin_firm)), null_c
            ),
            "administrator_uscc": pc.if_else(
                bankrupt, pa.array(firm_uscc, pa.string()).take(pa.array(admin_firm)), null_c
            ),
        }
    )
    holders, former = enterprise_registers(
        registers_stream(rng), e, ce, established, first, ps.person_name, org.rep_name,
        legal_rep, names, org.former_name, org.renamed, ids, birth, uscc,
    )  # fmt: skip
    return registry_population, registry_housing_fund, registry_enterprises, holders, former


def _body(i: int) -> str:
    """An 8-character organisation-code body, injective in ``i`` (base 31 over the credit-code
    alphabet, scrambled so neighbouring numbers do not look alike)."""
    x = (i * 2_654_435_761 + 97) % (31**8)
    out = []
    for _ in range(8):
        x, r = divmod(x, 31)
        out.append(USCC_CHARSET[r])
    return "".join(out)
