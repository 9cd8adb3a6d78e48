"""From the plan to canonical rows: cases (with case numbers), case parties and agents, workflow
events, civil outcomes, sentences, appeal results, enforcement actions and payments.

Cases and events are produced a chunk of case ids at a time (they are the big tables); the
rest are a few percent of that and are built in one go. Every date is derived from the case's
own filing and closing days, so events, outcomes and payments stay inside the case's life.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from courtqc.domain.caseno import format_case_no
from courtqc.domain.nodes import ENFORCEMENT_NODES, TRIAL_NODES
from courtqc.law.civil_procedure import late_interest_article
from courtqc.law.fines import fine_range
from courtqc.law.lpr import interest_cap_pct, lpr_1y_on
from courtqc.law.sentencing import expected_term_end, term_end_from
from courtqc.synth import catalog as cat
from courtqc.synth.court import Staff
from courtqc.synth.people import People, _join, _s
from courtqc.synth.plan import (
    CAUSE_FAMILY,
    COURT_CODES,
    E_COMPANY,
    E_NATURAL,
    EF_INSTITUTION,
    F_FORCE_INTEREST,
    F_LATE_PAYMENTS,
    F_OMIT_ARTICLE,
    F_OVER_CAP,
    F_PROPERTY_TO_SPOUSE,
    F_PUNITIVE,
    F_WRONG_ARTICLE,
    KIND_INFO,
    KINDS,
    METHODS,
    N_CIVIL,
    PROCS,
    REASONS,
    RELATIONS,
    RESULTS,
    ROLE,
    ROLES,
    S_FINE_OUT,
    S_WRONG_END,
    K,
    M,
    Plan,
    R,
    pick,
)
from courtqc.synth.timeline import AS_OF, CAUSE_LIST_2025_FROM, day, to_date, years_of

TRIAL_IDS = [n.id for n in TRIAL_NODES]
ENF_IDS = [n.id for n in ENFORCEMENT_NODES]
T = {n: i for i, n in enumerate(TRIAL_IDS)}
E = {n: i for i, n in enumerate(ENF_IDS)}
JUDGED = [M["judgment"], M["upheld"], M["modified"], M["remanded"]]
METHOD_ZH = {
    "judgment": "判决", "mediation": "调解", "withdrawal": "撤诉", "dismissal": "驳回起诉", "transfer": "移送",
    "ruling": "裁定", "upheld": "维持原判", "modified": "改判", "remanded": "发回重审",
    "enforced_in_full": "执行完毕", "termination_current": "终结本次执行程序", "termination": "终结执行",
    "settlement": "和解长期履行",
}  # fmt: skip
TORT_CAUSES = (
    "机动车交通事故责任纠纷",
    "生命权、身体权、健康权纠纷",
    "医疗损害责任纠纷",
    "产品责任纠纷",
)
CIVIL_KINDS = [K[k] for k in ("civ1", "civ1_int", "fin1", "ip1", "mar1", "remand", "bk_derived")]


@cache
def _article(d: int) -> int:
    return late_interest_article(to_date(d))


@cache
def _cap(d: int) -> float:
    return float(interest_cap_pct(to_date(d)))


@cache
def _lpr(d: int) -> float:
    v = lpr_1y_on(to_date(d))
    return float(v) if v is not None else 4.35


def _fmt_pct(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


class Details:
    def __init__(self, plan: Plan, people: People, staff: Staff, seed: int) -> None:
        self.p, self.people, self.staff, self.seed = plan, people, staff, seed
        c = plan.cases.cols()
        n = plan.cases.n
        self.n = n
        # Case ids in filing order.
        self.order = np.lexsort((np.arange(n), c["filing"]))
        self.case_id = np.empty(n, np.int64)
        self.case_id[self.order] = np.arange(1, n + 1)
        self.closed = c["end"] <= AS_OF
        self._numbering()
        s = plan.slots.cols()
        self.slot_party = people.slot_party
        # Party id of role/seq per case (first defendant, first plaintiff …).
        self._role_party: dict[tuple[str, int], np.ndarray] = {}
        self.s = s
        # 执异 filed against an execution case: the day, for that case's objection event.
        self.objection_day = np.full(n, -1, np.int64)
        obj = np.flatnonzero(c["kind"] == K["enf_obj"])
        self.objection_day[c["origin"][obj]] = c["filing"][obj]

    def rng(self, stream: int) -> np.random.Generator:
        return np.random.default_rng([self.seed, 7919, stream])

    def party_of(self, role: str, seq: int = 1) -> np.ndarray:
        key = (role, seq)
        if key not in self._role_party:
            s = self.s
            sel = (s["role"] == ROLE[role]) & (s["seq"] == seq)
            out = np.zeros(self.n, np.int64)
            out[s["case"][sel]] = self.slot_party[sel]
            self._role_party[key] = out
        return self._role_party[key]

    # --- case numbers -------------------------------------------------------------------------
    def _numbering(self) -> None:
        c = self.p.cases.cols()
        kind = c["kind"]
        cause = c["cause"]
        ip = (cause >= 0) & (cause < N_CIVIL) & (CAUSE_FAMILY[np.maximum(cause, 0)] == "ip")
        civil_kind = np.isin(
            kind,
            [K[k] for k in ("ip1", "ip2", "high2", "remand", "retrial_review", "retrial", "civ2")],
        )
        self.spec = ip & civil_kind
        types = sorted({i.type_code for i in KIND_INFO.values()})
        self.type_codes = types
        tix = np.array([types.index(KIND_INFO[k].type_code) for k in KINDS])[kind]
        self.year = years_of(c["filing"])
        key = ((self.year.astype(np.int64) - 2000) * 100 + c["court"]) * 100 + tix * 2 + self.spec
        # A 之N case takes no number of its own: it is left out of the count (a key of its own)
        # and gets its base case's year and sequence number.
        base = c["base"]
        split = np.flatnonzero(base >= 0)
        key[split] = -1 - split
        o = np.lexsort((self.case_id, key))
        ks = key[o]
        start = np.r_[0, np.flatnonzero(np.diff(ks)) + 1]
        rank = np.arange(len(ks)) - np.repeat(start, np.diff(np.r_[start, len(ks)]))
        self.seq = np.empty(self.n, np.int64)
        self.seq[o] = rank + 1
        self.seq[split] = self.seq[base[split]]
        self.year[split] = self.year[base[split]]
        self.suffix = c["suffix"]
        self.tix = tix

    # --- cases ----------------------------------------------------------------------------------
    def case_rows(self, idx: np.ndarray, current_node: np.ndarray) -> pa.Table:
        c = self.p.cases.cols()
        kind = c["kind"][idx]
        cause = c["cause"][idx]
        court = np.array(COURT_CODES)[c["court"][idx]]
        spec = self.spec[idx]
        type_code = np.array(self.type_codes)[self.tix[idx]]
        suffix = self.suffix[idx]
        case_no = [
            format_case_no(int(y), str(ct), str(t), int(q), "知" if sp else None, int(x) or None)
            for y, ct, t, q, sp, x in zip(
                self.year[idx], court, type_code, self.seq[idx], spec, suffix, strict=True
            )
        ]
        fam_kind = np.array([KIND_INFO[k].family or "" for k in KINDS])[kind]
        cause_fam = np.where(cause >= 0, CAUSE_FAMILY[np.maximum(cause, 0)], "commercial")
        family = np.where(fam_kind != "", fam_kind, cause_fam)
        family = np.where(
            (family == "civil") | (family == "commercial"),
            np.where(court == "沪74", "financial", np.where(court == "沪72", "maritime", family)),
            family,
        )
        procedure = np.array([KIND_INFO[k].procedure for k in KINDS])[kind]
        closed = self.closed[idx]
        filing = c["filing"][idx]
        cv = _cause_columns(cause, filing)
        proc = c["proc"][idx]
        origin = c["origin"][idx]
        rel = c["relation"][idx]
        amount = c["amount"][idx]
        return pa.table({
            "case_id": pa.array(self.case_id[idx]),
            "case_no": pa.array(case_no, pa.string()),
            "year": pa.array(self.year[idx].astype(np.int32)),
            "court_code": pa.array(court.astype(object), pa.string()),
            "specialist_code": pa.array(np.where(spec, "知", None).astype(object), pa.string()),
            "type_code": pa.array(type_code.astype(object), pa.string()),
            "seq": pa.array(self.seq[idx].astype(np.int32)),
            "suffix": pa.array(suffix.astype(np.int32), mask=suffix == 0),
            "family": pa.array(family.astype(object), pa.string()),
            "procedure": pa.array(procedure.astype(object), pa.string()),
            "trial_procedure": pa.array(np.where(proc >= 0, np.array(PROCS)[np.maximum(proc, 0)], None).astype(object), pa.string()),
            "cause_code": cv[0], "cause_name": cv[1], "cause_list_version": cv[2],
            "filing_date": pa.array(filing.astype("datetime64[D]")),
            "closing_date": pa.array(c["end"][idx].astype("datetime64[D]"), mask=~closed),
            "closing_method": pa.array(np.where(closed, np.array(METHODS)[np.maximum(c["method"][idx], 0)], None).astype(object), pa.string()),
            "status": pa.array(np.where(closed, "closed", "pending").astype(object), pa.string()),
            "current_node": pa.array(current_node.astype(object), pa.string()),
            "dept_id": pa.array(self.staff.case_dept[idx]),
            "presiding_judge_id": pa.array(self.staff.case_judge[idx]),
            "claim_amount": pa.array(amount, mask=amount <= 0),
            "origin_case_id": pa.array(np.where(origin >= 0, self.case_id[np.maximum(origin, 0)], 0), mask=origin < 0),
            "origin_relation": pa.array(np.where(rel >= 0, np.array(RELATIONS)[np.maximum(rel, 0)], None).astype(object), pa.string()),
            "extended_days": pa.array(c["ext"][idx].astype(np.int32)),
            "excluded_days": pa.array(c["excl"][idx].astype(np.int32)),
        })  # fmt: skip

    # --- parties and agents ---------------------------------------------------------------------
    def case_parties(self) -> pa.Table:
        s = self.s
        key = self.case_id[s["case"]] * 10_000_000_000 + self.slot_party * 16 + s["role"]
        _, first = np.unique(key, return_index=True)
        return pa.table(
            {
                "case_id": pa.array(self.case_id[s["case"]][first]),
                "party_id": pa.array(self.slot_party[first]),
                "role": pa.array(np.array(ROLES)[s["role"][first]].astype(object), pa.string()),
                "seq": pa.array(s["seq"][first].astype(np.int32)),
            }
        )

    def case_agents(self) -> pa.Table:
        rng = self.rng(1)
        s = self.s
        c = self.p.cases.cols()
        e = self.p.ents.c.cols()
        ent = s["entity"]
        role = s["role"]
        etype = e["etype"][ent]
        inst = (e["eflags"][ent] & EF_INSTITUTION) != 0
        kind = c["kind"][s["case"]]
        enf = np.isin(kind, [K["enf"], K["enf_resume"], K["enf_pres"], K["enf_obj"]])
        active = np.isin(role, [ROLE[r] for r in ("plaintiff", "appellant", "applicant")])
        passive = np.isin(
            role, [ROLE[r] for r in ("defendant", "appellee", "respondent", "third_party")]
        )
        p_lawyer = np.select(
            [role == ROLE["criminal_defendant"], role == ROLE["victim"], role == ROLE["prosecutor"],
             active & (etype != E_NATURAL), active, passive & (etype == 2), passive],
            [0.55, 0.1, 0.0, 0.85, 0.45, 0.5, 0.28], 0.0)  # fmt: skip
        p_lawyer = np.where(enf & active, 0.4, np.where(enf & passive, 0.05, p_lawyer))
        p_lawyer = np.where(etype == 2, np.where(passive, 0.5, 0.0), p_lawyer)  # authorities
        u = rng.random(len(ent))
        forced = s["lawyer"]
        lawyer_agent = ((u < p_lawyer) & (forced == -1)) | (forced >= 0)
        legal_aid = (role == ROLE["criminal_defendant"]) & (u >= 0.55) & (u < 0.8) & (forced == -1)
        citizen = (
            (~lawyer_agent)
            & (~legal_aid)
            & (u > 0.95)
            & np.isin(etype, [E_NATURAL, E_COMPANY])
            & (forced == -1)
        )
        nl = self.people.n_lawyers
        popular = 1.0 / np.arange(1, nl + 1) ** 0.7
        lawyer = pick(rng, popular, len(ent))
        # Institutions keep a small panel of lawyers; so do the courts' duty lawyers.
        lawyer = np.where(inst, (ent * 7919 + rng.integers(0, 3, len(ent))) % nl, lawyer)
        lawyer = np.where(forced >= 0, forced, lawyer)
        sel = np.flatnonzero((lawyer_agent | legal_aid | citizen) & (forced != -2))
        case_id = self.case_id[s["case"][sel]]
        party = self.slot_party[sel]
        key = case_id * 10_000_000_000 + party
        _, first = np.unique(key, return_index=True)
        sel = sel[first]
        is_l = (lawyer_agent | legal_aid)[sel]
        lid = self._one_side_only(sel, is_l, lawyer[sel] + 1, forced[sel] >= 0, rng)
        names_l = self.people.lawyer_names.take(pa.array(np.maximum(lid - 1, 0)))
        cit_names = _join(
            _s(cat.SURNAMES).take(pa.array(pick(rng, cat.SURNAME_WEIGHTS, len(sel)))),
            _s(cat.GIVEN_MALE + cat.GIVEN_FEMALE).take(
                pa.array(rng.integers(0, len(cat.GIVEN_MALE) + len(cat.GIVEN_FEMALE), len(sel)))
            ),
            _s(cat.GIVEN_FEMALE).take(pa.array(rng.integers(0, len(cat.GIVEN_FEMALE), len(sel)))),
        )
        agent_kind = np.where(legal_aid[sel], "legal_aid", np.where(is_l, "lawyer", "citizen"))
        return pa.table(
            {
                "case_id": pa.array(self.case_id[s["case"][sel]]),
                "party_id": pa.array(self.slot_party[sel]),
                "lawyer_id": pa.array(lid.astype(np.int32), mask=~is_l),
                "agent_name": pc.if_else(pa.array(is_l), names_l, cit_names),
                "agent_kind": pa.array(agent_kind.astype(object), pa.string()),
            }
        )

    def _one_side_only(
        self,
        sel: np.ndarray,
        is_l: np.ndarray,
        lid: np.ndarray,
        forced: np.ndarray,
        rng: np.random.Generator,
    ) -> np.ndarray:
        """律师法 Art. 39: no lawyer acts for both sides of one case. Agent rows ``sel`` (one per
        case and party) whose drawn lawyer also acts for the other side get another lawyer;
        lawyers forced by a planted pattern stay (the planted ``lawyer_both_sides`` cases)."""
        s = self.s
        role = s["role"]
        claimant = np.isin(role, [ROLE[r] for r in ("plaintiff", "appellant", "applicant")])
        respondent = np.isin(
            role, [ROLE[r] for r in ("defendant", "appellee", "respondent", "criminal_defendant")]
        )
        side = np.where(claimant, 1, 0) | np.where(respondent, 2, 0)
        # the sides of each (case, party), over every role the party has in the case
        key = self.case_id[s["case"]] * 10_000_000_000 + self.slot_party
        uk, inv = np.unique(key, return_inverse=True)
        sides = np.zeros(len(uk), np.int64)
        np.bitwise_or.at(sides, inv, side)
        case = self.case_id[s["case"][sel]]
        row_side = sides[np.searchsorted(uk, case * 10_000_000_000 + self.slot_party[sel])]
        nl = self.people.n_lawyers
        lid = lid.copy()
        for _ in range(50):
            group = np.where(is_l, case * 1_000_000 + lid, -1)
            ug, ginv = np.unique(group, return_inverse=True)
            gs = np.zeros(len(ug), np.int64)
            np.bitwise_or.at(gs, ginv, row_side)
            clash = (gs[ginv] == 3) & is_l
            if not clash.any():
                break
            # move the respondent side's lawyer, or the claimant's where that one is forced
            move_r = clash & ~forced & ((row_side & 2) != 0)
            movable = np.zeros(len(ug), bool)
            movable[ginv[move_r]] = True
            move = move_r | (clash & ~forced & ~movable[ginv] & ((row_side & 1) != 0))
            if not move.any():
                break
            lid[move] = (lid[move] - 1 + rng.integers(1, nl, int(move.sum()))) % nl + 1
        return lid

    # --- civil outcomes ----------------------------------------------------------------------
    def civil_outcomes(self) -> pa.Table:
        rng = self.rng(2)
        c = self.p.cases.cols()
        cause = c["cause"]
        divorce = cause == next(i for i, x in enumerate(cat.CIVIL_CAUSES) if x.name == "离婚纠纷")
        flags = c["flags"]
        decided = (
            self.closed
            & np.isin(c["kind"], CIVIL_KINDS)
            & np.isin(c["method"], [M["judgment"], M["mediation"]])
        )
        prop = (
            divorce
            & (c["method"] == M["mediation"])
            & (((flags & F_PROPERTY_TO_SPOUSE) != 0) | (rng.random(self.n) < 0.3))
        )
        award = np.where(
            prop & (c["award"] <= 0), np.round(np.exp(rng.normal(13, 0.8, self.n)), -3), c["award"]
        )
        cases = np.flatnonzero(decided & ((award > 0) | prop))
        n = len(cases)
        payer = self.party_of("defendant")[cases]
        payee = self.party_of("plaintiff")[cases]
        names = np.array(
            [x.name for x in cat.CIVIL_CAUSES] + [""] * (len(cat.CHARGES) + len(cat.ADMIN_CAUSES))
        )
        cname = names[cause[cases]]
        loan = np.array(
            [x.loan for x in cat.CIVIL_CAUSES]
            + [False] * (len(cat.CHARGES) + len(cat.ADMIN_CAUSES))
        )[cause[cases]]
        fl = flags[cases]
        judged = c["method"][cases] == M["judgment"]
        filing = c["filing"][cases]
        end = c["end"][cases]
        amount = award[cases]
        punitive = (fl & F_PUNITIVE) != 0
        price = np.where(punitive, np.round(c["amount"][cases] / 11, 2), 0.0)
        punit = np.where(punitive, np.round(np.maximum(1000.0, price * 10), 2), 0.0)
        price = np.where(punitive, np.maximum(np.round(amount - punit, 2), 0.0), 0.0)
        main_kind = np.where(
            np.isin(cname, TORT_CAUSES),
            "compensation",
            np.where(cname == "离婚纠纷", "other", "principal"),
        )
        main_amt = np.where(punitive, price, amount)

        # Interest on loans: standard wording under the cap; planted cases over it.
        interest = loan & ((rng.random(n) < 0.85) | ((fl & F_FORCE_INTEREST) != 0))
        contract = (filing - rng.integers(60, 1500, n)).astype(np.int64)
        contract = np.maximum(contract, day("2015-06-01"))
        i_from = np.minimum(contract + rng.integers(30, 400, n), filing - 1)
        rate_text = np.full(n, None, dtype=object)
        rate_pct = np.full(n, np.nan)
        private = cname == "民间借贷纠纷"
        over = (fl & F_OVER_CAP) != 0
        u = rng.random(n)
        for i in np.flatnonzero(interest):
            if private[i]:
                cap = _cap(int(contract[i]))
                if over[i]:
                    options = [x for x in (18.0, 20.0, 24.0, 30.0, 36.0) if x >= cap + 1.5]
                    x = options[int(u[i] * len(options))]
                    if x == 24.0 and u[i] < 0.5:
                        rate_text[i], rate_pct[i] = "按月利率2%", 24.0
                    else:
                        rate_text[i], rate_pct[i] = f"按年利率{_fmt_pct(x)}%", x
                elif u[i] < 0.35:
                    rate_text[i] = "按全国银行间同业拆借中心公布的一年期贷款市场报价利率"
                    rate_pct[i] = _lpr(int(filing[i]))
                elif u[i] < 0.8:
                    options = [
                        x for x in (4.0, 5.0, 6.0, 7.2, 8.0, 9.0, 10.0, 12.0) if x <= 0.75 * cap
                    ]
                    x = options[int((u[i] - 0.35) / 0.45 * len(options))]
                    rate_text[i], rate_pct[i] = f"按年利率{_fmt_pct(x)}%", x
                else:
                    options = [y for y in (0.4, 0.5, 0.6, 0.75) if 12 * y <= 0.75 * cap]
                    y = options[int((u[i] - 0.8) / 0.2 * len(options))]
                    rate_text[i], rate_pct[i] = f"按月利率{_fmt_pct(y)}%", round(12 * y, 4)
            elif cname[i] == "信用卡纠纷":
                rate_text[i], rate_pct[i] = "按日利率万分之五", 18.0
            else:
                x = float(np.round(4.35 + u[i] * 8, 1))
                rate_text[i], rate_pct[i] = f"按合同约定的年利率{_fmt_pct(x)}%", x

        # Late-interest clause: on judgments with a money order, the article of the day.
        art = np.array(
            [_article(int(d)) if j else 0 for d, j in zip(end, judged, strict=True)], dtype=np.int64
        )
        wrong = (fl & F_WRONG_ARTICLE) != 0
        alt = np.where(
            art == 264,
            np.where(u < 0.5, 260, 253),
            np.where(art == 260, np.where(u < 0.5, 253, 264), 260),
        )
        art = np.where(wrong, alt, art)
        art_mask = ~judged | ((fl & F_OMIT_ARTICLE) != 0)

        base = np.arange(n)
        parts = [
            (base, main_kind, payer, payee, main_amt),
            (
                base[interest],
                np.full(interest.sum(), "interest"),
                payer[interest],
                payee[interest],
                np.zeros(interest.sum()),
            ),
            (
                base[punitive],
                np.full(punitive.sum(), "damages"),
                payer[punitive],
                payee[punitive],
                punit[punitive],
            ),
        ]
        fee = np.array([_fee(a) for a in np.where(amount > 0, amount, 0)])
        fee = np.where(judged, fee, np.round(fee / 2, 2))
        parts.append(
            (base, np.full(n, "costs"), np.where(judged, payer, payee), np.zeros(n, np.int64), fee)
        )
        pos = np.concatenate([p[0] for p in parts])
        kinds = np.concatenate([p[1].astype(object) for p in parts])
        pay = np.concatenate([p[2] for p in parts])
        rec = np.concatenate([p[3] for p in parts])
        amt = np.concatenate([p[4] for p in parts])
        rank_key = np.concatenate([np.full(len(p[0]), j) for j, p in enumerate(parts)])
        o = np.lexsort((rank_key, pos))
        pos, kinds, pay, rec, amt = pos[o], kinds[o], pay[o], rec[o], amt[o]
        item = np.arange(len(pos)) - np.searchsorted(pos, pos, side="left") + 1
        is_int = kinds == "interest"
        return pa.table(
            {
                "case_id": pa.array(self.case_id[cases][pos]),
                "item_seq": pa.array(item.astype(np.int32)),
                "payer_party_id": pa.array(pay, mask=pay <= 0),
                "payee_party_id": pa.array(rec, mask=rec <= 0),
                "kind": pa.array(kinds, pa.string()),
                "amount_yuan": pa.array(amt, mask=is_int),
                "interest_basis": pa.array(main_amt[pos], mask=~is_int),
                "interest_from": pa.array(i_from[pos].astype("datetime64[D]"), mask=~is_int),
                "interest_rate_text": pa.array(np.where(is_int, rate_text[pos], None), pa.string()),
                "interest_annual_pct": pa.array(
                    np.round(np.nan_to_num(rate_pct[pos]), 4), mask=~is_int
                ),
                "contract_date": pa.array(contract[pos].astype("datetime64[D]"), mask=~is_int),
                "late_clause_article": pa.array(art[pos].astype(np.int32), mask=art_mask[pos]),
            }
        )

    # --- sentences ---------------------------------------------------------------------------
    def sentences(self) -> pa.Table:
        rng = self.rng(3)
        c = self.p.cases.cols()
        s = self.s
        e = self.p.ents.c.cols()
        crim = self.closed & (c["kind"] == K["crim1"]) & (c["method"] == M["judgment"])
        rows = np.flatnonzero((s["role"] == ROLE["criminal_defendant"]) & crim[s["case"]])
        out: dict[str, list] = {k: [] for k in (
            "case_id", "party_id", "charges", "principal_penalty", "term_months", "probation_months",
            "fine_yuan", "crime_amount", "custody_start", "custody_days", "term_start", "term_end",
            "political_rights_months", "confiscation")}  # fmt: skip
        by_slot: dict[tuple[int, int], tuple] = {}
        u = rng.random((len(rows), 8))
        for j, r in enumerate(rows):
            ci = int(s["case"][r])
            ch = cat.CHARGES[int(c["cause"][ci]) - N_CIVIL]
            flag = int(s["sflag"][r])
            filing, end = int(c["filing"][ci]), int(c["end"][ci])
            amount = float(c["amount"][ci]) if ch.amount else None
            if ch.name == "盗窃" and amount is not None:
                amount = max(amount, 3000.0)
            if ch.name in cat.CORRUPTION_CHARGES:
                amount = _corruption_amount(amount)
            unit = e["etype"][s["entity"][r]] != E_NATURAL
            row = _sentence(ch, amount, unit, flag, filing, end, u[j])
            by_slot[(ci, int(s["entity"][r]))] = row
            self._emit(out, ci, int(self.slot_party[r]), ch.name, row)
        # 改判 on appeal: the appellants' new (lighter) sentences, from the same custody dates.
        appeal = np.flatnonzero(
            self.closed & (c["kind"] == K["crim2"]) & (c["method"] == M["modified"])
        )
        arows = np.flatnonzero((s["role"] == ROLE["appellant"]) & np.isin(s["case"], appeal))
        for r in arows:
            ci = int(s["case"][r])
            old = by_slot.get((int(c["origin"][ci]), int(s["entity"][r])))
            if old is None:
                continue
            ch = cat.CHARGES[int(c["cause"][ci]) - N_CIVIL]
            row = _lighter(old, int(c["end"][ci]), ch.name)
            self._emit(out, ci, int(self.slot_party[r]), ch.name, row)
        return pa.table(
            {
                "case_id": pa.array(out["case_id"], pa.int64()),
                "party_id": pa.array(out["party_id"], pa.int64()),
                "charges": pa.array(out["charges"], pa.string()),
                "principal_penalty": pa.array(out["principal_penalty"], pa.string()),
                "term_months": pa.array(out["term_months"], pa.int32()),
                "probation_months": pa.array(out["probation_months"], pa.int32()),
                "fine_yuan": pa.array(out["fine_yuan"], pa.float64()),
                "crime_amount": pa.array(out["crime_amount"], pa.float64()),
                "custody_start": pa.array(out["custody_start"], pa.date32()),
                "custody_days": pa.array(out["custody_days"], pa.int32()),
                "term_start": pa.array(out["term_start"], pa.date32()),
                "term_end": pa.array(out["term_end"], pa.date32()),
                "political_rights_months": pa.array(out["political_rights_months"], pa.int32()),
                "confiscation": pa.array(out["confiscation"], pa.string()),
            }
        )

    def _emit(self, out: dict[str, list], ci: int, party: int, charge: str, row: tuple) -> None:
        penalty, term, prob, fine, amount, cstart, cdays, tstart, tend, pol, conf = row
        out["case_id"].append(int(self.case_id[ci]))
        out["party_id"].append(party)
        out["charges"].append(charge)
        out["principal_penalty"].append(penalty)
        out["term_months"].append(term)
        out["probation_months"].append(prob)
        out["fine_yuan"].append(fine)
        out["crime_amount"].append(amount)
        out["custody_start"].append(cstart)
        out["custody_days"].append(cdays)
        out["term_start"].append(tstart)
        out["term_end"].append(tend)
        out["political_rights_months"].append(pol)
        out["confiscation"].append(conf)

    # --- appeal results ------------------------------------------------------------------------
    def appeal_results(self) -> pa.Table:
        c = self.p.cases.cols()
        sel = np.flatnonzero(self.closed & (c["result"] >= 0) & (c["origin"] >= 0))
        return pa.table(
            {
                "case_id": pa.array(self.case_id[sel]),
                "origin_case_id": pa.array(self.case_id[c["origin"][sel]]),
                "result": pa.array(np.array(RESULTS)[c["result"][sel]].astype(object), pa.string()),
                "reason": pa.array(
                    np.where(
                        c["reason"][sel] >= 0,
                        np.array(REASONS)[np.maximum(c["reason"][sel], 0)],
                        None,
                    ).astype(object),
                    pa.string(),
                ),
                "decided_date": pa.array(c["end"][sel].astype("datetime64[D]")),
            }
        )

    def quality_reviews(self) -> pa.Table:
        """案件质量评查 of first-instance cases reversed or remanded on appeal or retrial: most
        get reviewed a month or few after the decision; some find an error, a few someone
        accountable."""
        rng = self.rng(5)
        c = self.p.cases.cols()
        hit = (
            self.closed
            & (c["origin"] >= 0)
            & np.isin(c["result"], [R["modified"], R["partly_modified"], R["remanded"]])
        )
        sel = np.flatnonzero(hit & (rng.random(self.n) < 0.7))
        when = c["end"][sel] + rng.integers(30, 121, len(sel))
        sel, when = sel[when <= AS_OF], when[when <= AS_OF]
        u = rng.random(len(sel))
        outcome = np.where(u < 0.5, "no_error", np.where(u < 0.85, "flawed", "error"))
        return pa.table(
            {
                "case_id": pa.array(self.case_id[c["origin"][sel]]),
                "reviewed_at": pa.array(when.astype("datetime64[D]")),
                "reviewer": pa.array(
                    np.where(
                        rng.random(len(sel)) < 0.6, "审判管理办公室", "案件质量评查委员会"
                    ).astype(object),
                    pa.string(),
                ),
                "outcome": pa.array(outcome.astype(object), pa.string()),
                "accountable": pa.array((outcome == "error") & (rng.random(len(sel)) < 0.3)),
            }
        )

    # --- enforcement -----------------------------------------------------------------------------
    def enforcement(self) -> tuple[pa.Table, pa.Table]:
        """Enforcement actions and payments; remembers each case's first payout day."""
        rng = self.rng(4)
        c = self.p.cases.cols()
        kind = c["kind"]
        ex = np.flatnonzero(np.isin(kind, [K["enf"], K["enf_resume"]]))
        pres = np.flatnonzero(kind == K["enf_pres"])
        f, end, m, amt = c["filing"][ex], c["end"][ex], c["method"][ex], c["amount"][ex]
        last = np.minimum(end, AS_OF)
        n = len(ex)
        acts: list[tuple[np.ndarray, str, np.ndarray, np.ndarray]] = []

        def act(
            sel: np.ndarray, kind_: str, d: np.ndarray, amount: np.ndarray | None = None
        ) -> None:
            d = np.minimum(d, last[sel])
            acts.append(
                (ex[sel], kind_, d, np.full(len(ex[sel]), np.nan) if amount is None else amount)
            )

        zb = m == M["termination_current"]
        everyone = np.ones(n, bool)
        notice = f + rng.integers(1, 6, n)
        act(everyone, "notice", notice)
        act(everyone, "property_report_order", notice)
        act(everyone, "online_search", f + rng.integers(2, 11, n))
        fr = rng.random(n) < 0.55
        act(
            fr,
            "freeze",
            (f + rng.integers(5, 41, n))[fr],
            np.round(amt * rng.uniform(0.05, 1.0, n), 2)[fr],
        )
        sz = rng.random(n) < 0.2
        act(sz, "seizure", (f + rng.integers(10, 61, n))[sz])
        au = (m == M["enforced_in_full"]) & (rng.random(n) < 0.12) & (end - f > 90)
        act(
            au,
            "auction",
            (f + 60 + (rng.random(n) * np.maximum(end - f - 70, 1)).astype(int))[au],
            np.round(amt * 0.9, 2)[au],
        )
        lim = zb | (rng.random(n) < 0.25)
        lim_day = np.minimum(f + rng.integers(30, 90, n), np.where(zb, end - 3, f + 90))
        act(lim, "consumption_restriction", lim_day[lim])
        act(lim, "dishonest_list", lim_day[lim])
        act(zb, "termination_current", end[zb])
        res = kind[ex] == K["enf_resume"]
        act(res, "resumed", f[res])
        pf = c["filing"][pres]
        p_last = np.minimum(c["end"][pres], AS_OF)
        acts.append(
            (
                pres,
                "freeze",
                np.minimum(pf + rng.integers(1, 4, len(pres)), p_last),
                np.round(c["amount"][pres], 2),
            )
        )
        a_case = np.concatenate([a[0] for a in acts])
        a_kind = np.concatenate([np.full(len(a[0]), a[1], dtype=object) for a in acts])
        a_day = np.concatenate([a[2] for a in acts]).astype(np.int64)
        a_amt = np.concatenate([a[3] for a in acts])
        keep = a_day <= AS_OF
        a_case, a_kind, a_day, a_amt = a_case[keep], a_kind[keep], a_day[keep], a_amt[keep]
        o = np.lexsort((a_day, self.case_id[a_case]))
        actions = pa.table(
            {
                "action_id": pa.array(np.arange(1, len(o) + 1, dtype=np.int64)),
                "case_id": pa.array(self.case_id[a_case[o]]),
                "kind": pa.array(a_kind[o], pa.string()),
                "action_date": pa.array(a_day[o].astype("datetime64[D]")),
                "amount": pa.array(a_amt[o], mask=np.isnan(a_amt[o])),
                "note": pa.nulls(len(o), pa.string()),
            }
        )
        self.measure_day = np.full(self.n, -1, np.int64)
        meas = np.isin(a_kind, ["freeze", "seizure", "auction", "consumption_restriction"])
        mo = np.lexsort((-a_day[meas], a_case[meas]))  # last write wins: the earliest day
        self.measure_day[a_case[meas][mo]] = a_day[meas][mo]
        self.notice_day = np.full(self.n, -1, np.int64)
        nt = a_kind == "notice"
        self.notice_day[a_case[nt]] = a_day[nt]
        self.search_day = np.full(self.n, -1, np.int64)
        st = a_kind == "online_search"
        self.search_day[a_case[st]] = a_day[st]

        # Payments in (by the respondent) and out (案款发放 to the applicant).
        pending = end > AS_OF
        full = (m == M["enforced_in_full"]) & ~pending
        settle = (m == M["settlement"]) & ~pending & (rng.random(n) < 0.7)
        partial_zb = zb & ~pending & (rng.random(n) < 0.4)
        partial_open = pending & (rng.random(n) < 0.3) & (f + 10 <= AS_OF - 25)
        total = np.select([full, settle, partial_zb, partial_open],
                          [amt, np.round(amt * rng.uniform(0.3, 0.8, n), 2), np.round(amt * rng.uniform(0.05, 0.4, n), 2),
                           np.round(amt * rng.uniform(0.05, 0.5, n), 2)], 0.0)  # fmt: skip
        k = np.where(full, rng.integers(1, 4, n), np.where(settle, rng.integers(1, 3, n), 1))
        k = np.where(total > 0, k, 0)
        lo = f + 10
        hi = np.where(pending, AS_OF - 25, end - 5)
        late = (c["flags"][ex] & F_LATE_PAYMENTS) != 0
        lo = np.where(late, end - 30, lo)
        hi = np.maximum(hi, lo)
        rep = np.repeat(np.arange(n), k)
        j = np.arange(len(rep)) - np.repeat(np.cumsum(k) - k, k)
        d_in = lo[rep] + (rng.random(len(rep)) * (hi[rep] - lo[rep] + 1)).astype(np.int64)
        # amounts: equal shares with noise; the last installment takes the remainder exactly
        share = np.round(total[rep] / k[rep] * rng.uniform(0.8, 1.2, len(rep)), 2)
        firsts = np.cumsum(k) - k
        lasts = firsts + k - 1
        ok = k > 0
        paid_before_last = np.zeros(n)
        np.add.at(paid_before_last, rep[j < k[rep] - 1], share[j < k[rep] - 1])
        share[lasts[ok]] = np.round(total[ok] - paid_before_last[ok], 2)
        bad = share <= 0
        if bad.any():  # noise overshot: fall back to equal shares for those cases
            cases_bad = np.unique(rep[bad])
            for q in cases_bad:
                sel = rep == q
                eq = np.round(total[q] / k[q], 2)
                vals = np.full(sel.sum(), eq)
                vals[-1] = np.round(total[q] - eq * (k[q] - 1), 2)
                share[sel] = vals
        order_in = np.lexsort((d_in, rep))
        rep, d_in, share = rep[order_in], d_in[order_in], share[order_in]
        out_cap = np.where(pending, AS_OF, end)[rep]
        d_out = np.minimum(d_in + rng.integers(3, 21, len(rep)), out_cap)
        d_out = np.maximum(d_out, d_in)
        respondent = self.party_of("respondent")[ex]
        applicant = self.party_of("applicant")[ex]
        p_case = np.concatenate([ex[rep], ex[rep]])
        p_dir = np.concatenate(
            [np.full(len(rep), "in", dtype=object), np.full(len(rep), "out", dtype=object)]
        )
        p_party = np.concatenate([respondent[rep], applicant[rep]])
        p_amt = np.concatenate([share, share])
        p_day = np.concatenate([d_in, d_out])
        o = np.lexsort((p_dir == "out", p_day, self.case_id[p_case]))
        payments = pa.table(
            {
                "payment_id": pa.array(np.arange(1, len(o) + 1, dtype=np.int64)),
                "case_id": pa.array(self.case_id[p_case[o]]),
                "direction": pa.array(p_dir[o], pa.string()),
                "party_id": pa.array(p_party[o]),
                "amount": pa.array(p_amt[o]),
                "paid_date": pa.array(p_day[o].astype("datetime64[D]")),
            }
        )
        self.payout_day = np.full(self.n, -1, np.int64)
        outs = p_dir == "out"
        po = np.lexsort((-p_day[outs], p_case[outs]))
        self.payout_day[p_case[outs][po]] = p_day[outs][po]
        return actions, payments

    # --- events -------------------------------------------------------------------------------
    def events(self, idx: np.ndarray, first_event_id: int) -> tuple[pa.Table, np.ndarray]:
        """Workflow events of the cases ``idx`` (in case-id order) and each case's current node."""
        rng = np.random.default_rng([self.seed, 104_729, int(idx[0]) if len(idx) else 0])
        c = self.p.cases.cols()
        kind = c["kind"][idx]
        trial = np.array([KIND_INFO[k].track == "trial" for k in KINDS])[kind]
        tr, en = idx[trial], idx[~trial]
        t_case, t_node, t_ts, t_actor, t_note = self._trial_events(tr, rng)
        e_case, e_node, e_ts, e_actor, e_note = self._enf_events(en, rng)
        case = np.concatenate([t_case, e_case])
        node = np.concatenate([t_node, e_node])
        ts = np.concatenate([t_ts, e_ts])
        actor = np.concatenate([t_actor, e_actor])
        note = np.concatenate([t_note, e_note])
        o = np.lexsort((ts, self.case_id[case]))
        case, node, ts, actor, note = case[o], node[o], ts[o], actor[o], note[o]
        current = np.full(self.n, "", dtype=object)
        current[case] = node  # the last event of each case wins
        table = pa.table(
            {
                "event_id": pa.array(
                    np.arange(first_event_id, first_event_id + len(o), dtype=np.int64)
                ),
                "case_id": pa.array(self.case_id[case]),
                "node": pa.array(node, pa.string()),
                "occurred_at": pa.array(ts.astype("datetime64[s]")),
                "actor_id": pa.array(actor.astype(np.int32), mask=actor <= 0),
                "note": pa.array(note, pa.string()),
            }
        )
        return table, current[idx]

    def _office(self, t: np.ndarray) -> np.ndarray:
        """Seconds since epoch → the same day, 09:00–17:00 (monotonic, so order is kept)."""
        d = t // 86400
        return d * 86400 + 9 * 3600 + ((t - d * 86400) * 8) // 24

    def _trial_events(self, idx: np.ndarray, rng: np.random.Generator):
        c = self.p.cases.cols()
        n = len(idx)
        nn = len(TRIAL_IDS)
        kind, m, proc = c["kind"][idx], c["method"][idx], c["proc"][idx]
        f, end = c["filing"][idx].astype(np.int64), c["end"][idx].astype(np.int64)
        u = rng.random((n, 6))
        judged = np.isin(m, JUDGED)
        second = np.isin(
            kind, [K["civ2"], K["fin2"], K["ip2"], K["high2"], K["crim2"], K["adm2"], K["retrial"]]
        )
        criminal = np.isin(kind, [K["crim1"], K["crim2"]])
        P = np.zeros((n, nn), bool)
        P[:, T["pre_filing_mediation"]] = c["pfm"][idx]
        P[:, T["filing"]] = True
        P[:, T["assignment"]] = True
        P[:, T["service"]] = True
        light = np.isin(m, [M["withdrawal"], M["transfer"]])
        P[:, T["scheduling"]] = ~light | (u[:, 0] < 0.4)
        p_hear = np.select(
            [judged & criminal, judged & second, judged, m == M["mediation"], m == M["dismissal"]],
            [1.0, 0.6, 0.92, 0.5, 0.3],
            0.1,
        )
        P[:, T["hearing"]] = (u[:, 1] < p_hear) & P[:, T["scheduling"]]
        collegial = (proc == 0) | second | (proc < 0)
        P[:, T["deliberation"]] = collegial & (judged | (m == M["ruling"]))
        P[:, T["committee"]] = P[:, T["deliberation"]] & judged & (u[:, 2] < 0.01)
        P[:, T["drafting"]] = True
        P[:, T["signing"]] = True
        P[:, T["pronouncement"]] = judged
        P[:, T["closing"]] = True
        P[:, T["archiving"]] = True
        # times: intermediate nodes at increasing fractions of the case's life
        f_ts = f * 86400 + (rng.random(n) * 0.1 * 86400).astype(np.int64)
        e_ts = end * 86400 + 86399 - (rng.random(n) * 0.1 * 86400).astype(np.int64)
        inc = rng.exponential(1.0, (n, nn)) * P
        inc[:, T["pre_filing_mediation"]] = 0
        inc[:, T["filing"]] = 0
        inc[:, T["closing"]] = 0
        inc[:, T["archiving"]] = 0
        tail = rng.exponential(0.3, n)
        frac = np.cumsum(inc, axis=1) / (inc.sum(axis=1) + tail)[:, None]
        ts = f_ts[:, None] + (frac * (e_ts - f_ts)[:, None]).astype(np.int64)
        ts[:, T["filing"]] = f_ts
        ts[:, T["closing"]] = e_ts
        ts[:, T["pre_filing_mediation"]] = (f - rng.integers(5, 31, n)) * 86400 + rng.integers(
            0, 86400, n
        )
        ts[:, T["archiving"]] = (end + rng.integers(15, 61, n)) * 86400 + rng.integers(0, 86400, n)
        ts = self._office(ts)
        limit = (AS_OF + 1) * 86400
        P &= ts < limit
        P[:, T["closing"]] &= self.closed[idx]
        P[:, T["archiving"]] &= self.closed[idx]
        rows, cols = np.nonzero(P)
        case = idx[rows]
        node = np.array(TRIAL_IDS, dtype=object)[cols]
        st = self.staff
        judge = st.case_judge[case]
        clerk = st.clerk_of[judge]
        court = c["court"][case]
        actor = np.select(
            [cols == T["filing"], np.isin(cols, [T["assignment"], T["signing"]]), cols == T["committee"],
             np.isin(cols, [T["service"], T["scheduling"], T["closing"], T["archiving"]]), cols == T["pre_filing_mediation"]],
            [st.filing_staff[court], st.head_of_dept[st.case_dept[case]], st.leader[court], clerk, 0], judge)  # fmt: skip
        excl = c["excl"][case] > 0
        notes = np.full(len(case), None, dtype=object)
        notes[cols == T["pre_filing_mediation"]] = "委派调解"
        sv = cols == T["service"]
        notes[sv] = np.where(
            excl[sv], "公告送达", np.where(u[rows[sv], 3] < 0.6, "电子送达", "邮寄送达")
        )
        hr = cols == T["hearing"]
        private = np.isin(
            c["cause"][case], [i for i, x in enumerate(cat.CIVIL_CAUSES) if x.name == "离婚纠纷"]
        )
        notes[hr] = np.where(private[hr], "不公开开庭审理", "公开开庭审理")
        notes[cols == T["committee"]] = "提交审判委员会讨论"
        cl = cols == T["closing"]
        notes[cl] = np.array([METHOD_ZH[x] for x in METHODS], dtype=object)[
            np.maximum(c["method"][case[cl]], 0)
        ]
        return case, node, ts[rows, cols], actor, notes

    def _enf_events(self, idx: np.ndarray, rng: np.random.Generator):
        c = self.p.cases.cols()
        n = len(idx)
        nn = len(ENF_IDS)
        kind = c["kind"][idx]
        f, end = c["filing"][idx].astype(np.int64), c["end"][idx].astype(np.int64)
        execution = np.isin(kind, [K["enf"], K["enf_resume"]])
        D = np.full((n, nn), -1, np.int64)  # day of each node, -1 absent
        D[:, E["enf_filing"]] = f
        D[:, E["enf_resumption"]] = np.where(kind == K["enf_resume"], f, -1)
        D[:, E["enf_notice"]] = np.where(execution, self.notice_day[idx], -1)
        D[:, E["property_search"]] = np.where(execution, self.search_day[idx], -1)
        D[:, E["enf_measures"]] = self.measure_day[idx]
        obj = np.where(kind == K["enf_obj"], f + rng.integers(1, 4, n), self.objection_day[idx])
        D[:, E["enf_objection"]] = np.where(obj >= 0, np.minimum(obj, np.maximum(end - 1, f)), -1)
        D[:, E["payout"]] = self.payout_day[idx]
        D[:, E["enf_closing"]] = np.where(self.closed[idx], end, -1)
        P = (D >= 0) & (D <= AS_OF)
        ts = D * 86400 + 9 * 3600 + 1800 + (rng.random((n, nn)) * 7 * 3600).astype(np.int64)
        ts[:, E["enf_filing"]] = (
            D[:, E["enf_filing"]] * 86400 + 9 * 3600 + (rng.random(n) * 1200).astype(np.int64)
        )
        ts[:, E["enf_resumption"]] = ts[:, E["enf_filing"]] + 600
        ts[:, E["enf_closing"]] = (
            D[:, E["enf_closing"]] * 86400
            + 16 * 3600
            + 2400
            + (rng.random(n) * 1200).astype(np.int64)
        )
        rows, cols = np.nonzero(P)
        case = idx[rows]
        st = self.staff
        judge = st.case_judge[case]
        actor = np.select(
            [cols == E["enf_filing"], cols == E["payout"]],
            [st.filing_staff[c["court"][case]], st.clerk_of[judge]],
            judge,
        )
        notes = np.full(len(case), None, dtype=object)
        cl = cols == E["enf_closing"]
        notes[cl] = np.array([METHOD_ZH[x] for x in METHODS], dtype=object)[
            np.maximum(c["method"][case[cl]], 0)
        ]
        return case, np.array(ENF_IDS, dtype=object)[cols], ts[rows, cols], actor, notes


def _cause_columns(cause: np.ndarray, filing: np.ndarray) -> tuple[pa.Array, pa.Array, pa.Array]:
    """cause_code, cause_name, cause_list_version: the civil list in force at filing (2020
    list, from 2026-01-01 the 2025 list), criminal charges by article, administrative keys."""
    n_ch = len(cat.CHARGES)
    codes_2020 = (
        [x.code_2020 for x in cat.CIVIL_CAUSES]
        + [x.article for x in cat.CHARGES]
        + [a[0] for a in cat.ADMIN_CAUSES]
    )
    codes_2025 = (
        [x.code_2025 for x in cat.CIVIL_CAUSES]
        + [x.article for x in cat.CHARGES]
        + [a[0] for a in cat.ADMIN_CAUSES]
    )
    names = (
        [x.name for x in cat.CIVIL_CAUSES]
        + [x.name + "罪" for x in cat.CHARGES]
        + [a[1] for a in cat.ADMIN_CAUSES]
    )
    ver = ["civil"] * N_CIVIL + ["criminal"] * n_ch + ["administrative"] * len(cat.ADMIN_CAUSES)
    has = cause >= 0
    ci = np.maximum(cause, 0)
    new = filing >= CAUSE_LIST_2025_FROM
    code = np.where(
        new, np.array(codes_2025, dtype=object)[ci], np.array(codes_2020, dtype=object)[ci]
    )
    version = np.array(ver, dtype=object)[ci]
    version = np.where(version == "civil", np.where(new, "2025", "2020"), version)
    return (
        pa.array(np.where(has, code, None), pa.string()),
        pa.array(np.where(has, np.array(names, dtype=object)[ci], None), pa.string()),
        pa.array(np.where(has, version, None), pa.string()),
    )


def _fee(amount: float) -> float:
    """案件受理费 for a property claim (诉讼费用交纳办法 Art. 13), before halving."""
    if amount <= 10_000:
        return 50.0
    bands = ((100_000, 0.025), (200_000, 0.02), (500_000, 0.015), (1_000_000, 0.01), (2_000_000, 0.009),
             (5_000_000, 0.008), (10_000_000, 0.007), (20_000_000, 0.006), (float("inf"), 0.005))  # fmt: skip
    fee, lo = 50.0, 10_000.0
    for hi, rate in bands:
        if amount <= lo:
            break
        fee += (min(amount, hi) - lo) * rate
        lo = hi
    return round(fee, 2)


def _corruption_amount(amount: float | None) -> float:
    """Keep clean corruption amounts away from the band edges of 法释〔2016〕9号 (30k / 200k / 3M)."""
    a = max(amount or 50_000.0, 40_000.0)
    if 180_000 <= a < 250_000:
        a = 150_000.0
    if 2_700_000 <= a < 3_500_000:
        a = 4_000_000.0
    return round(a, -2)


def _fine_range(
    charge: str, amount: float | None, term: int, penalty: str
) -> tuple[float, float | None]:
    low, high = fine_range(
        charge,
        None if amount is None else _dec(amount),
        term if penalty == "fixed_term" else None,
        penalty,
    )
    return float(low), None if high is None else float(high)


def _clean_fine(ch: cat.Charge, amount: float | None, term: int, penalty: str, u: float) -> float:
    """A fine well inside the charge's lawful range (law.fines.fine_range): theft up to 1.5 ×
    the amount, corruption in the middle of its band, other charges in the catalogue range."""
    lo_f, hi_f = _fine_range(ch.name, amount, term, penalty)
    if ch.name == "盗窃":
        fine = max(2000.0, round((0.2 + 0.8 * u) * 1.5 * (amount or 3000) / 1000) * 1000)
        fine = min(fine, (hi_f or fine) * 0.75)
    elif ch.name in cat.CORRUPTION_CHARGES:
        top = hi_f * 0.75 if hi_f is not None else lo_f * 3
        fine = round((lo_f * 1.25 + (top - lo_f * 1.25) * u) / 10_000) * 10_000
    else:
        fine = max(float(round(ch.fine[0] + (ch.fine[1] - ch.fine[0]) * u, -3)), 2000.0)
    return float(round(fine / 1000) * 1000) if fine >= 1000 else fine


def _sentence(
    ch: cat.Charge,
    amount: float | None,
    unit: bool,
    flag: int,
    filing: int,
    end: int,
    u: np.ndarray,
) -> tuple:
    """(penalty, term, probation, fine, amount, custody_start, custody_days, term_start,
    term_end, political_rights_months, confiscation) for one defendant."""
    if unit:  # 单位犯罪: the company is fined
        fine = float(round(500_000 + u[0] * 4_500_000, -4))
        return ("fine_only", None, None, fine, amount, None, None, None, None, None, None)
    keys, w = zip(
        *[(k, float(v)) for k, v in (x.split(":") for x in ch.penalty.split(","))], strict=True
    )
    penalty = keys[
        min(int(np.searchsorted(np.cumsum(w) / sum(w), u[1], side="right")), len(keys) - 1)
    ]
    if ch.name in cat.CORRUPTION_CHARGES:
        a = amount or 50_000.0
        term = (
            int(6 + u[2] * 24)
            if a < 200_000
            else (int(42 + u[2] * 72) if a < 3_000_000 else int(126 + u[2] * 54))
        )
        penalty = "fixed_term"
    elif penalty == "criminal_detention":
        term = int(1 + u[2] * 6)
    elif penalty == "public_surveillance":
        term = int(3 + u[2] * 21)
    else:
        lo, hi = ch.term
        term = int(lo + (hi - lo) * u[2] ** 1.8)
    exempt = u[3] < 0.01 and not flag
    if exempt:
        return ("exempt", None, None, None, amount, None, None, None, None, None, None)
    if flag & S_WRONG_END and penalty == "public_surveillance":
        penalty, term = "fixed_term", max(ch.term[0], 6)
    probation = None
    can_prob = (penalty == "criminal_detention") or (penalty == "fixed_term" and term <= 36)
    if can_prob and u[4] < ch.probation and not (flag & S_WRONG_END):
        probation = max(term, 2 if penalty == "criminal_detention" else 12) + int(u[5] * 12)
        probation = min(probation, 12 if penalty == "criminal_detention" else 60)
        probation = max(probation, term)
    # Fine: inside the charge's lawful range with a margin; planted ones outside it.
    fine = None
    if ch.fine is not None:
        fine = _clean_fine(ch, amount, term, penalty, float(u[6]))
        if flag & S_FINE_OUT:
            low, high = _fine_range(ch.name, amount, term, penalty)
            if high is not None and u[7] < 0.6:
                fine = float(round(high + 1000 + u[6] * 20_000, -3))
            else:
                fine = float(max(low - 500 - round(u[6] * 0.5 * low, -2), 200.0))
    lead = int(20 + u[5] * 130)  # days in custody before the prosecution reaches the court
    if probation is None and penalty in ("fixed_term", "criminal_detention"):
        lead = min(lead, max(3, term * 30 - 15))  # short terms: detained shortly before trial
    custody_start = filing - lead
    cstart = to_date(custody_start)
    tstart = tend = None
    if probation is not None:
        cdays = int(1 + u[7] * 30)
    elif penalty in ("fixed_term", "criminal_detention"):
        tstart = cstart
        tend = expected_term_end(cstart, term, penalty)
        # in custody until the judgment, or until the term ran out before it (刑满释放)
        cdays = min(end, (tend - date(1970, 1, 1)).days + 1) - custody_start
    else:  # public surveillance: released before trial, the term runs from the judgment
        cdays = int(1 + u[7] * 40)
        tstart = to_date(end + 11)
        tend = expected_term_end(cstart, term, penalty, custody_days=cdays, term_start=tstart)
    if flag & S_WRONG_END and tend is not None:
        how = int(u[6] * 3)
        if how == 0:
            bad = tend.toordinal() + 1  # counted start + term, without the day off
        elif how == 1:
            bad = term_end_from(to_date(end), term).toordinal()  # ignored the custody
        else:
            bad = tend.toordinal() + (int(u[7] * 50) + 3) * (1 if u[4] < 0.5 else -1)
        if bad == tend.toordinal():
            bad += 7
        tend = date.fromordinal(bad)
    pol = None
    if ch.name in ("贩卖毒品", *cat.CORRUPTION_CHARGES) and penalty == "fixed_term" and term >= 120:
        pol = 24 + int(u[3] * 36)
    conf = (
        "追缴违法所得"
        if ch.name in cat.CORRUPTION_CHARGES
        else ("没收作案工具" if ch.name == "开设赌场" else None)
    )
    return (penalty, term, probation, fine, amount, cstart, cdays, tstart, tend, pol, conf)


#: Clean corruption terms by 法释〔2016〕9号 band (months), away from the 36 / 120 edges.
CORRUPTION_TERM_BANDS = ((6, 30), (42, 114), (126, 180))


def _lighter(old: tuple, end: int, charge: str) -> tuple:
    """The sentence after 改判: a shorter term from the same custody start. A corruption term
    stays in its band, so the fine (fixed by the band) stays lawful."""
    penalty, term, prob, fine, amount, cstart, cdays, tstart, tend, pol, conf = old
    if penalty not in ("fixed_term", "criminal_detention") or term is None:
        return old
    lighter = max(1, int(term * 0.8))
    if charge in cat.CORRUPTION_CHARGES:
        lo, _hi = next(b for b in CORRUPTION_TERM_BANDS if b[0] <= term <= b[1])
        lighter = max(lighter, lo)
    term = lighter
    ch = cat.CHARGE_BY_NAME[charge]
    if fine is not None and ch.fine is not None:
        low, high = _fine_range(charge, amount, term, penalty)
        if not (low <= fine and (high is None or fine <= high)):  # 改判 corrects the fine too
            fine = _clean_fine(ch, amount, term, penalty, 0.5)
    if prob is None and cstart is not None:
        tend = expected_term_end(cstart, term, penalty)
        cdays = end - (cstart - date(1970, 1, 1)).days
        tstart = cstart
    else:
        prob = max(prob or term, term)
    return (penalty, term, prob, fine, amount, cstart, cdays, tstart, tend, pol, conf)


def _dec(x: float):
    from decimal import Decimal

    return Decimal(str(round(x, 2)))


__all__ = ["Details"]
