"""From the plan to canonical rows: cases (with case numbers), case parties and agents, workflow
events, civil outcomes, sentences, appeal results, enforcement actions and payments.

Cases and events are produced a chunk of case ids at a time (they are the big tables); the
rest are a few percent of that and are built in one go. Every date is derived from the case's
own filing and closing days, so events, outcomes and payments stay inside the case's life.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from courtqc.domain.caseno import format_case_no
from courtqc.synth import catalog as cat
from courtqc.synth.court import Staff
from courtqc.synth.enforcement import Enforcement
from courtqc.synth.events import Events
from courtqc.synth.outcomes import Outcomes
from courtqc.synth.people import People, _join, _s
from courtqc.synth.plan import (
    CAUSE_FAMILY,
    COURT_CODES,
    E_COMPANY,
    E_NATURAL,
    EF_INSTITUTION,
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
    K,
    Plan,
    R,
    pick,
)
from courtqc.synth.shards import Shard
from courtqc.synth.timeline import AS_OF, CAUSE_LIST_2025_FROM, years_of


class Details(Outcomes, Enforcement, Events):
    """The plan turned into canonical rows: case numbers, cases, parties and agents, appeal
    results and quality reviews here; outcomes, enforcement and events in their own modules
    (``outcomes``, ``enforcement``, ``events``). Each table draws from its own random stream."""

    def __init__(
        self, plan: Plan, people: People, staff: Staff, seed: int, shard: Shard | None = None
    ) -> None:
        self.p, self.people, self.staff, self.seed = plan, people, staff, seed
        c = plan.cases.cols()
        n = plan.cases.n
        self.n = n
        # Case ids in filing order (a shard's after the earlier shards').
        case0 = shard.case0 if shard else 0
        self.action0 = shard.action0 if shard else 0  # enforcement ids, likewise
        self.payment0 = shard.payment0 if shard else 0
        self.order = np.lexsort((np.arange(n), c["filing"]))
        self.case_id = np.empty(n, np.int64)
        self.case_id[self.order] = np.arange(case0 + 1, case0 + n + 1)
        self.closed = c["end"] <= AS_OF
        self._numbering(shard.caseno if shard else None)
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
    def _numbering(self, last_seq: dict[int, int] | None = None) -> None:
        """Case numbers: per (year, court, type) in case-id order; ``last_seq`` (a sharded
        court) says where each sequence stands after the earlier shards, and is moved on."""
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
        if last_seq is not None:
            keys, counts = np.unique(ks[ks >= 0], return_counts=True)
            at = np.searchsorted(keys, np.maximum(key, 0))
            own = key >= 0
            past = np.array([last_seq.get(int(k), 0) for k in keys.tolist()], np.int64)
            self.seq[own] += past[at[own]]
            for k, n_k in zip(keys.tolist(), counts.tolist(), strict=True):
                last_seq[k] = last_seq.get(k, 0) + n_k
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


__all__ = ["Details"]
