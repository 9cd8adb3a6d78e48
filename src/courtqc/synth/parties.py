"""Party rows: how each appearance (slot) writes its party, and the rows that follow from it.

Its one job: from the entities named in ``courtqc.synth.people``, draw each slot's variant
(``people.VARIANT_*`` bits: a space in the name, the ID number missing or in another form, the
company under its former name, the phone as typed, ...) and build the ``parties``,
``truth_identities`` and ``truth_party_variants`` rows for the distinct (entity, variant) keys.
``people.build_people`` calls it; the rates and variant bits stay documented there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from courtqc.synth import catalog as cat
from courtqc.synth.people import (
    DISTRICTS,
    MESS,
    N_VARIANTS,
    NO_ID_OTHER,
    NO_ID_SHARE,
    VARIANT_ADDR,
    VARIANT_BRACKET,
    VARIANT_FORMER,
    VARIANT_FULLWIDTH,
    VARIANT_ID15,
    VARIANT_ID_FW,
    VARIANT_LLC,
    VARIANT_LOWER_X,
    VARIANT_NO_DOT,
    VARIANT_NO_ID,
    VARIANT_NO_REP,
    VARIANT_PHONE,
    VARIANT_SPACE,
    _join,
    _num,
    _s,
)
from courtqc.synth.plan import (
    E_ADMINISTRATOR,
    E_AUTHORITY,
    E_COMPANY,
    E_NATURAL,
    EF_KEEP_ID,
    EF_NO_VARIANT,
    ROLE,
    Plan,
)

if TYPE_CHECKING:
    from courtqc.synth.people import _Contacts, _Firms, _Organisations, _Persons

_ALT_DOTS = ("•", "．", ".", "・")  # the separator as typed instead of ·
_BORN_1982 = (np.datetime64("1982-01-01") - np.datetime64("1970-01-01")).astype(int)
_FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def _variants(
    plan: Plan,
    rng: np.random.Generator,
    e: dict[str, np.ndarray],
    etype: np.ndarray,
    ps: _Persons,
    org: _Organisations,
) -> np.ndarray:
    """How each appearance (slot) writes its party: entity * N_VARIANTS + VARIANT_* bits."""
    birth, uy, ends_x, person_name = ps.birth, ps.uy, ps.ends_x, ps.person_name
    jsc, fixed, latin, bracketed, renamed = (
        org.jsc,
        org.fixed,
        org.latin,
        org.bracketed,
        org.renamed,
    )
    # --- party rows ----------------------------------------------------------------------------
    s = plan.slots.cols()
    ent = s["entity"]
    v = s["variant"].astype(np.int64)
    rnd = v < 0
    r = rng.random(len(ent))
    is_nat = etype[ent] == E_NATURAL
    is_comp = etype[ent] == E_COMPANY
    auto = np.zeros(len(ent), np.int64)
    auto |= np.where(is_nat & ends_x[ent] & (r < 0.3), VARIANT_LOWER_X, 0)
    two_char = np.asarray(pc.utf8_length(person_name.take(pa.array(ent)))) == 2
    auto |= np.where(is_nat & two_char & (r > 0.985), VARIANT_SPACE, 0)
    auto |= np.where(is_nat & uy[ent] & (r > 0.6), VARIANT_FULLWIDTH, 0)
    auto |= np.where(is_nat & two_char & (r > 0.6) & (r < 0.608), VARIANT_FULLWIDTH, 0)
    plain_ltd = ~jsc[ent] & ~fixed[ent]
    auto |= np.where(is_comp & plain_ltd & (r < 0.05), VARIANT_LLC, 0)
    auto |= np.where(is_comp & latin[ent] & (r > 0.6), VARIANT_FULLWIDTH, 0)
    # No ID number, drawn per appearance (the same person shows up with and without it); where
    # it is missing the name is written with a space or an ideographic space more often, so
    # only name, birth date, sex, address and phone link the row to the person.
    p_no_id = np.full(len(ent), NO_ID_OTHER)
    for role_name, share in NO_ID_SHARE.items():
        p_no_id[s["role"] == ROLE[role_name]] = share
    r2 = rng.random(len(ent))
    no_id = is_nat & (r2 < p_no_id)
    r3 = rng.random(len(ent))
    auto |= np.where(no_id, VARIANT_NO_ID, 0)
    auto |= np.where(no_id & two_char & (r3 < 0.12), VARIANT_SPACE, 0)
    auto |= np.where(no_id & two_char & (r3 >= 0.12) & (r3 < 0.18), VARIANT_FULLWIDTH, 0)
    v = np.where(rnd, auto, v)
    # The format mess, on every appearance, planted or not (rates: MESS).
    m = rng.random((8, len(ent)))
    v |= np.where(m[0] < MESS["id15"], VARIANT_ID15, 0)
    v |= np.where(m[1] < MESS["id_fw"], VARIANT_ID_FW, 0)
    v |= np.where(m[2] < MESS["no_dot"], VARIANT_NO_DOT, 0)
    v |= np.where(m[3] < MESS["phone"], VARIANT_PHONE, 0)
    v |= np.where(m[4] < MESS["addr"], VARIANT_ADDR, 0)
    v |= np.where(m[5] < MESS["bracket"], VARIANT_BRACKET, 0)
    v |= np.where(m[6] < MESS["former"], VARIANT_FORMER, 0)
    v |= np.where(m[7] < MESS["no_rep"], VARIANT_NO_REP, 0)
    # Only what applies to the entity: no x-variant without an X (nor without the number), no
    # 有限责任公司 for a person, the ID kept where a planted registry match needs it, a 15-digit
    # number only for someone born before 1982 (first-generation cards were issued from 1984
    # to adults and replaced by 2013).
    keep_id = (e["eflags"][ent] & EF_KEEP_ID) != 0
    fmt = VARIANT_PHONE | VARIANT_ADDR
    ok = np.where(
        is_nat,
        VARIANT_SPACE
        | VARIANT_FULLWIDTH
        | fmt
        | VARIANT_ID_FW
        | np.where(birth[ent] < _BORN_1982, VARIANT_ID15, 0)
        | np.where(uy[ent], VARIANT_NO_DOT, 0)
        | np.where(ends_x[ent], VARIANT_LOWER_X, 0)
        | np.where(keep_id, 0, VARIANT_NO_ID),
        np.where(
            is_comp & ~fixed[ent],
            fmt
            | VARIANT_NO_REP
            | np.where(bracketed[ent], VARIANT_BRACKET, 0)
            | np.where(renamed[ent], VARIANT_FORMER, 0)
            | np.where(plain_ltd, VARIANT_LLC | np.where(latin[ent], VARIANT_FULLWIDTH, 0), 0),
            0,
        ),
    )
    v &= ok
    v = np.where((e["eflags"][ent] & EF_NO_VARIANT) != 0, 0, v)
    v = np.where((v & VARIANT_SPACE) & (v & VARIANT_FULLWIDTH), v & ~VARIANT_FULLWIDTH, v)
    v = np.where(v & VARIANT_NO_ID, v & ~(VARIANT_LOWER_X | VARIANT_ID15 | VARIANT_ID_FW), v)
    v = np.where(v & VARIANT_ID15, v & ~VARIANT_LOWER_X, v)  # a 15-digit number has no X
    v = np.where(v & VARIANT_NO_DOT, v & ~VARIANT_FULLWIDTH, v)
    pkey = ent * N_VARIANTS + v
    return pkey


def _party_names(
    e: dict[str, np.ndarray],
    etype: np.ndarray,
    org: _Organisations,
    ps: _Persons,
    n_firms: int,
    party_key: np.ndarray,
) -> tuple:
    """For party rows (distinct entity * N_VARIANTS + variant keys): entity, variant, type and
    the name as that row writes it (administrators: "<debtor>管理人")."""
    names, former_name, person_name, uy = org.names, org.former_name, ps.person_name, ps.uy
    pe = party_key // N_VARIANTS
    pv = party_key % N_VARIANTS
    pt = etype[pe]

    base = names.take(pa.array(pe))
    sp = pa.array((pv & VARIANT_SPACE) != 0)
    fw = pa.array((pv & VARIANT_FULLWIDTH) != 0)
    llc = pa.array((pv & VARIANT_LLC) != 0)
    pn = person_name.take(pa.array(pe))
    surname_p = pc.utf8_slice_codeunits(pn, 0, 1)
    rest_p = pc.utf8_slice_codeunits(pn, 1, 10)
    name = pc.if_else(sp, _join(surname_p, " ", rest_p), base)
    uy_p = pa.array(uy[pe])
    # Each person's records use one other separator (• ． . ・), or none.
    alt = pe % len(_ALT_DOTS)
    dot_variant = pc.replace_substring(pn, cat.NAME_DOTS[0], _ALT_DOTS[0])
    for j, d in enumerate(_ALT_DOTS[1:], start=1):
        dot_variant = pc.if_else(
            pa.array(alt == j), pc.replace_substring(pn, cat.NAME_DOTS[0], d), dot_variant
        )
    name = pc.if_else(
        pa.array((pv & VARIANT_NO_DOT) != 0), pc.replace_substring(pn, cat.NAME_DOTS[0], ""), name
    )
    name = pc.if_else(
        pc.and_(fw, uy_p),
        dot_variant,
        pc.if_else(
            pc.and_(fw, pc.and_(pa.array(pt == E_NATURAL), pc.invert(uy_p))),
            _join(surname_p, "\u3000", rest_p),
            name,
        ),
    )
    name = pc.if_else(pa.array((pv & VARIANT_FORMER) != 0), former_name.take(pa.array(pe)), name)
    name = pc.if_else(llc, pc.replace_substring(name, cat.SUFFIX_LTD, cat.SUFFIX_LLC), name)
    name = pc.if_else(
        pa.array((pv & VARIANT_BRACKET) != 0),
        pc.replace_substring(name, "（上海）", "(上海)"),
        name,
    )
    # Full-width Latin letters in company names (ＡＢＣ): only the letters change.
    fwc = np.flatnonzero(((pv & VARIANT_FULLWIDTH) != 0) & (pt == E_COMPANY))
    name = _patch(
        name, fwc, [s.translate(_FULLWIDTH) for s in name.take(pa.array(fwc)).to_pylist()]
    )

    # Administrators: "<debtor>管理人", the appointed firm's code and head.
    adm = np.flatnonzero(pt == E_ADMINISTRATOR)
    debtor_of = e["rep"][pe[adm]]
    firm_of = (debtor_of * 31 + 7) % n_firms
    name = _patch(
        name, adm, [f"{d}管理人" for d in names.take(pa.array(debtor_of, pa.int64())).to_pylist()]
    )
    return pe, pv, pt, name, adm, firm_of


def _party_tables(
    plan: Plan,
    ps: _Persons,
    ct: _Contacts,
    org: _Organisations,
    fm: _Firms,
    uscc: np.ndarray,
    pe: np.ndarray,
    pv: np.ndarray,
    pt: np.ndarray,
    name: pa.Array,
    adm: np.ndarray,
    firm_of: np.ndarray,
    first_id: int = 1,
    gid: np.ndarray | None = None,
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """The parties table (ID numbers, addresses and phones as each row writes them),
    truth_identities and truth_party_variants, for party rows ``first_id`` onwards."""
    ids, birth, gender, ethnicity = ps.ids, ps.birth, ps.gender, ps.ethnicity
    home, office, phone = ct.home, org.office, org.phone
    legal_rep, fixed, firm_uscc, firm_head = org.legal_rep, org.fixed, fm.firm_uscc, fm.firm_head
    ids_p = pa.array(ids[pe], pa.string())
    ids_p = pc.if_else(pa.array((pv & VARIANT_LOWER_X) != 0), pc.utf8_lower(ids_p), ids_p)
    # First-generation form: the century and the check character dropped (id18_to_15).
    ids_p = pc.if_else(
        pa.array((pv & VARIANT_ID15) != 0),
        _join(pc.utf8_slice_codeunits(ids_p, 0, 6), pc.utf8_slice_codeunits(ids_p, 8, 17)),
        ids_p,
    )
    fwd = np.flatnonzero((pv & VARIANT_ID_FW) != 0)
    ids_p = _patch(
        ids_p,
        fwd,
        [x.translate(_FULLWIDTH) if x else x for x in ids_p.take(pa.array(fwd)).to_pylist()],
    )
    natp = pa.array(pt == E_NATURAL)
    with_id = pa.array((pt == E_NATURAL) & ((pv & VARIANT_NO_ID) == 0))
    legal = pa.array((pt == E_COMPANY) | (pt == E_ADMINISTRATOR))
    uscc_p = _patch(pa.array(uscc[pe], pa.string()), adm, [firm_uscc[f] for f in firm_of])
    kind = pc.if_else(natp, "natural", pc.if_else(legal, "legal", "authority"))
    null_s = pa.nulls(len(pe), pa.string())
    rep_p = _patch(
        legal_rep.take(pa.array(pe)), adm, firm_head.take(pa.array(firm_of, pa.int64())).to_pylist()
    )
    addr = pc.if_else(natp, home.take(pa.array(pe)), office.take(pa.array(pe)))
    # Less detail: without the city, and a person's address without the room (…号 kept).
    short = pa.array((pv & VARIANT_ADDR) != 0)
    less = pc.replace_substring_regex(addr, r"^上海市", "")
    less = pc.if_else(natp, pc.replace_substring_regex(less, r"[0-9]+室$", ""), less)
    addr = pc.if_else(short, less, addr)
    ph = _phones_as_typed(phone, pe, pv)
    # Institutions and authorities named after a district sit in it.
    fx = np.flatnonzero(fixed[pe])
    moved = []
    for j, a in zip(fx, addr.take(pa.array(fx)).to_pylist(), strict=True):
        nm = plan.ents.names[int(pe[j])]
        d = next((x for x in DISTRICTS if x in nm), None)
        if d:
            other = next(x for x in DISTRICTS if a.startswith(f"上海市{x}"))
            a = f"上海市{d}" + a[len(f"上海市{other}") :]
        moved.append(a)
    addr = _patch(addr, fx, moved)
    parties = pa.table(
        {
            "party_id": pa.array(np.arange(first_id, first_id + len(pe), dtype=np.int64)),
            "kind": kind,
            "name": name,
            "id_number": pc.if_else(with_id, ids_p, null_s),
            "birth_date": pa.array(
                np.where(pt == E_NATURAL, birth[pe], 0).astype("datetime64[D]"),
                mask=pt != E_NATURAL,
            ),
            "gender": pc.if_else(
                natp, pc.if_else(pa.array(gender[pe] == 1), "male", "female"), null_s
            ),
            "ethnicity": pc.if_else(
                natp, _s(cat.ETHNICITIES).take(pa.array(ethnicity[pe])), null_s
            ),
            "address": addr,
            "phone": pc.if_else(pa.array(pt == E_AUTHORITY), null_s, ph),
            "uscc": pc.if_else(
                legal, uscc_p, pc.if_else(pa.array(pt == E_AUTHORITY), uscc_p, null_s)
            ),
            "legal_rep": pc.if_else(
                pc.or_(natp, pa.array((pv & VARIANT_NO_REP) != 0)), null_s, rep_p
            ),
            "person_key": null_s,
        }
    )
    prefix = np.where(
        pt == E_NATURAL,
        "P",
        np.where(pt == E_AUTHORITY, "A", np.where(pt == E_ADMINISTRATOR, "M", "O")),
    )
    # the entity's number in the whole court (shards.Shard.entity_numbers)
    ent_no = pe if gid is None else gid[pe]
    identity = _join(pa.array(prefix.astype(object), pa.string()), _num(ent_no, 8))
    truth_identities = pa.table({"party_id": parties["party_id"], "identity": identity})
    # How each row is written (VARIANT_* bits), so resolution can be scored per variant class.
    truth_party_variants = pa.table(
        {"party_id": parties["party_id"], "variant": pa.array(pv.astype(np.int32))}
    )
    return parties, truth_identities, truth_party_variants


def _phones_as_typed(phone: pa.Array, pe: np.ndarray, pv: np.ndarray) -> pa.Array:
    """Each party row's phone as typed: where the row has VARIANT_PHONE, +86 / 0086 / dashes
    for mobiles, a landline without its area code or with it in brackets."""
    ph = phone.take(pa.array(pe))
    is_land = pc.starts_with(ph, "021-")
    local = pc.utf8_slice_codeunits(ph, 4, 12)
    styles = pe % 4
    mob = pc.if_else(
        pa.array(styles == 0),
        _join("+86 ", ph),
        pc.if_else(
            pa.array(styles == 1),
            _join("0086-", ph),
            _join(
                pc.utf8_slice_codeunits(ph, 0, 3),
                "-",
                pc.utf8_slice_codeunits(ph, 3, 7),
                "-",
                pc.utf8_slice_codeunits(ph, 7, 11),
            ),
        ),
    )
    land = pc.if_else(pa.array(styles % 2 == 0), local, _join("(021)", local))
    ph = pc.if_else(pa.array((pv & VARIANT_PHONE) != 0), pc.if_else(is_land, land, mob), ph)
    return ph


def _patch(values: pa.Array, idx: np.ndarray, new: list) -> pa.Array:
    """``values`` with the (sorted) positions ``idx`` replaced by ``new``."""
    if not len(idx):
        return values
    mask = np.zeros(len(values), bool)
    mask[idx] = True
    return pc.replace_with_mask(values, pa.array(mask), pa.array(new, values.type))
