"""The cases that stem from the clean first instances: appeals, execution of judgments,
preservation, resumed execution and objections, remands, retrials and the suits a bankruptcy
brings (``DependentCases``, the second half of ``clean.CleanBuilder``)."""

from __future__ import annotations

import numpy as np

from courtqc.synth import catalog as cat
from courtqc.synth.plan import (
    CAUSE_FINANCIAL,
    CI,
    CIVIL,
    COURT_CODES,
    E_ADMINISTRATOR,
    EF_INSTITUTION,
    EF_NO_VARIANT,
    F_NO_DEPS,
    F_PLANTED,
    PARENT,
    REL,
    ROLE,
    K,
    M,
    P,
    Plan,
    R,
    draw_durations,
    pick,
)
from courtqc.synth.timeline import AS_OF, weekday_shift


class DependentCases:
    """The dependent-case half of ``CleanBuilder``: cases drawn from (and numbered after) the
    cases already planned. Relies on the builder's ``p``, ``rng`` and first-instance methods."""

    p: Plan
    rng: np.random.Generator

    # dependents ----------------------------------------------------------------------------------
    def eligible(
        self, kinds: list[str], methods: list[str] | None, gap: int, extra=None
    ) -> np.ndarray:
        c = self.p.cases.cols()
        ok = np.isin(c["kind"], [K[k] for k in kinds]) & (c["end"] + gap <= AS_OF)
        ok &= (c["flags"] & (F_PLANTED | F_NO_DEPS)) == 0
        if methods is not None:
            ok &= np.isin(c["method"], [M[m] for m in methods])
        if extra is not None:  # masks built before the latest cases were added cover fewer rows
            ok[: len(extra)] &= extra[: len(ok)]
            ok[len(extra) :] = False
        return np.flatnonzero(ok)

    def choose(self, pool: np.ndarray, n: int) -> np.ndarray:
        n = min(n, len(pool))
        return np.sort(self.rng.choice(pool, n, replace=False)) if n else pool[:0]

    def gap_filing(self, origin_end: np.ndarray, lo: int, hi: int) -> np.ndarray:
        g = self.rng.integers(lo, hi + 1, len(origin_end))
        return weekday_shift(np.minimum(origin_end + g, AS_OF - 3)).astype(np.int32)

    def dependents(self, counts: dict[str, int]) -> None:
        """The cases that stem from those planned, in this order (the order of their random
        draws): appeals, remands, retrials, execution of judgments, preservation, resumed
        execution, objections to execution, and the suits a bankruptcy brings."""
        p = self.p
        used = np.zeros(p.cases.n + 4 * p.n_target + 1000, bool)  # at most one appeal / one 执
        self._appeals(counts, used)
        self.remands()
        self.retrials(counts["retrial_review"])
        self._execution(counts, used)
        self._preservation(counts)
        self._resumed(counts)
        self._objections(counts)
        self.bankruptcy_derived()

    def _appeal(
        self,
        c: dict[str, np.ndarray],
        used: np.ndarray,
        kind: str,
        origin: np.ndarray,
        court: np.ndarray,
        limit: float,
        crim: bool = False,
    ) -> np.ndarray:
        """Appeals of ``kind`` from the ``origin`` cases (columns ``c``) to ``court``."""
        rng, p = self.rng, self.p
        if not len(origin):
            return np.empty(0, np.int64)
        used[origin] = True
        n = len(origin)
        filing = self.gap_filing(c["end"][origin], 25, 75)
        res = pick(
            rng,
            [0.70, 0.065, 0.035, 0.03, 0.15, 0.02]
            if not crim
            else [0.85, 0.05, 0.03, 0.0, 0.07, 0.0],
            n,
        )
        method = np.array(
            [
                M["upheld"],
                M["modified"],
                M["modified"],
                M["remanded"],
                M["withdrawal"],
                M["ruling"],
            ]
        )[res]
        lo = np.where(res == R["withdrawn"], 0.1, 0.3)
        dur, ext, excl = draw_durations(
            rng,
            np.full(n, limit),
            np.full(n, 60 if crim else 0),
            lo,
            np.full(n, 0.9),
            0.03,
            0.0,
            0.03,
        )
        reason = np.where(
            np.isin(res, [R["modified"], R["partly_modified"], R["remanded"]]),
            pick(rng, [0.4, 0.35, 0.15, 0.1], n),
            np.where(res == R["dismissed"], 4, -1),
        )
        idx = p.add(
            kind,
            n,
            court=court,
            cause=c["cause"][origin],
            filing=filing,
            end=weekday_shift(filing + dur),
            method=method,
            amount=c["amount"][origin],
            award=c["award"][origin],
            origin=origin,
            relation=REL["appeal"],
            ext=ext,
            excl=excl,
            result=res,
            reason=reason,
        )
        return idx

    def _appeals(self, counts: dict[str, int], used: np.ndarray) -> None:
        """Civil, IP, High Court, criminal and administrative appeals (and 分案 trials)."""
        p = self.p
        c = p.cases.cols()
        # civil appeals: to the parent intermediate court, financial causes to 沪74, IP to 沪73,
        # appeals from intermediate / specialised first instances to the High Court.
        judged = self.eligible(["civ1"], ["judgment"], 30)
        cause = c["cause"][judged]
        fin = CAUSE_FINANCIAL[cause]
        for kind, pool, court_of in (
            ("civ2", judged[~fin], lambda o: [CI[PARENT[COURT_CODES[x]]] for x in c["court"][o]]),
            ("fin2", judged[fin], lambda o: [CI["沪74"]] * len(o)),
        ):
            o = self.choose(pool, counts[kind])
            idx = self._appeal(c, used, kind, o, np.array(court_of(o), dtype=np.int16), 92.0)
            self._appeal_parties(o, idx)
        ip_basic = self.eligible(["ip1"], ["judgment"], 30, c["court"] != CI["沪73"])
        o = self.choose(ip_basic, counts["ip2"])
        self._appeal_parties(
            o, self._appeal(c, used, "ip2", o, np.full(len(o), CI["沪73"], np.int16), 92.0)
        )
        high = self.eligible(
            ["civ1_int", "fin1", "ip1", "mar1"],
            ["judgment"],
            30,
            np.isin(
                c["court"], [CI["沪01"], CI["沪02"], CI["沪03"], CI["沪72"], CI["沪73"], CI["沪74"]]
            ),
        )
        o = self.choose(high, counts["high2"])
        self._appeal_parties(
            o, self._appeal(c, used, "high2", o, np.full(len(o), CI["沪"], np.int16), 92.0)
        )
        o = self.choose(self.eligible(["crim1"], ["judgment"], 30), counts["crim2"])
        idx = self._appeal(
            c,
            used,
            "crim2",
            o,
            np.array(
                [
                    CI[PARENT[COURT_CODES[x]]] if PARENT[COURT_CODES[x]] != "沪" else CI["沪"]
                    for x in c["court"][o]
                ],
                dtype=np.int16,
            ),
            61.0,
            crim=True,
        )
        p.copy_slots(o, idx, {"criminal_defendant": "appellant", "prosecutor": "prosecutor"})
        self.split_trials(counts["crim_split"])
        o = self.choose(self.eligible(["adm1"], ["judgment", "dismissal"], 30), counts["adm2"])
        idx = self._appeal(
            c, used, "adm2", o, np.full(len(o), CI[cat.ADMIN_APPEAL_COURT], np.int16), 92.0
        )
        p.copy_slots(o, idx, {"plaintiff": "appellant", "defendant": "appellee"})

    def _execution(self, counts: dict[str, int], used: np.ndarray) -> None:
        p = self.p
        c = p.cases.cols()
        # execution of money judgments and mediations (not appealed; the 执 court is the
        # first-instance court), then preservation, resumption after 终本, objections.
        money = c["award"] > 0
        pool = self.eligible(
            ["civ1", "civ1_int", "fin1", "ip1", "mar1"],
            ["judgment", "mediation"],
            40,
            money & ~used[: len(money)] & _has_private_respondent(p),
        )
        o = self.choose(pool, counts["enf"])
        used[o] = True
        filing = self.gap_filing(c["end"][o], 35, 400)
        idx = self.enforcement(
            "enf",
            c["court"][o],
            filing,
            c["cause"][o],
            c["award"][o],
            origin=o,
            relation=REL["enforcement"],
        )
        p.copy_slots(o, idx, {"plaintiff": "applicant"})
        self._private_respondents(o, idx)

    def _preservation(self, counts: dict[str, int]) -> None:
        rng, p = self.rng, self.p
        c = p.cases.cols()
        # 执保: the execution of a preservation ruling made in the suit soon after filing (the
        # ruling is numbered 之一 of the suit, documents.py); some plaintiffs apply a second time
        # (之二). The suit runs on past the ruling, so the ruling never falls on its closing day.
        pool = self.eligible(
            ["civ1"],
            None,
            -10_000,
            (c["amount"] >= 50_000)
            & _has_private_respondent(p)
            & (c["end"] - c["filing"] > 15)
            # the ruling (filing + 0..5 days, moved off a weekend) is made by the snapshot day
            & (c["filing"] + 8 <= AS_OF),
        )
        o = self.choose(pool, counts["enf_pres"])
        f = weekday_shift(c["filing"][o] + rng.integers(0, 6, len(o))).astype(np.int32)
        again = (rng.random(len(o)) < 0.08) & (c["end"][o] - f > 40)
        f2 = f[again] + 10 + (rng.random(again.sum()) * (c["end"][o][again] - f[again] - 25))
        # a second application is made by the snapshot day too (a pending suit's end is later)
        again[np.flatnonzero(again)[f2 + 3 > AS_OF]] = False
        f2 = f2[f2 + 3 <= AS_OF]
        o = np.concatenate([o, o[again]])
        f = np.concatenate([f, weekday_shift(f2.astype(np.int32))]).astype(np.int32)
        idx = p.add(
            "enf_pres",
            len(o),
            court=c["court"][o],
            cause=c["cause"][o],
            filing=f,
            end=weekday_shift(f + rng.integers(3, 30, len(o))),
            method=M["enforced_in_full"],
            amount=c["amount"][o],
            origin=o,
            relation=REL["preservation"],
        )
        p.copy_slots(o, idx, {"plaintiff": "applicant"})
        self._private_respondents(o, idx)

    def _resumed(self, counts: dict[str, int]) -> None:
        """Execution resumed after 终本 (the debtor found to have property)."""
        rng, p = self.rng, self.p
        c = p.cases.cols()
        o = self.choose(self.eligible(["enf"], ["termination_current"], 60), counts["enf_resume"])
        filing = self.gap_filing(c["end"][o], 60, 1000)
        idx = self.enforcement(
            "enf_resume",
            c["court"][o],
            filing,
            c["cause"][o],
            np.round(c["amount"][o] * (0.6 + 0.4 * rng.random(len(o)))),
            origin=o,
            relation=REL["resumed_enforcement"],
        )
        p.copy_slots(o, idx, {"applicant": "applicant", "respondent": "respondent"})

    def _objections(self, counts: dict[str, int]) -> None:
        """Objections to execution (执异), by the debtor or by an outsider."""
        rng, p = self.rng, self.p
        c = p.cases.cols()
        live = c["end"] - c["filing"] > 60
        o = self.choose(
            self.eligible(["enf"], None, -10_000, live & (c["filing"] + 40 <= AS_OF)),
            counts["enf_obj"],
        )
        span = np.maximum(c["end"][o] - c["filing"][o] - 45, 1)
        f = weekday_shift(c["filing"][o] + 20 + (rng.random(len(o)) * span).astype(int)).astype(
            np.int32
        )
        f = np.minimum(f, AS_OF - 2).astype(np.int32)
        idx = p.add(
            "enf_obj",
            len(o),
            court=c["court"][o],
            cause=c["cause"][o],
            filing=f,
            end=weekday_shift(f + rng.integers(10, 25, len(o))),
            method=M["ruling"],
            amount=c["amount"][o],
            origin=o,
            relation=REL["objection"],
        )
        by_debtor = rng.random(len(o)) < 0.6
        p.copy_slots(
            o[by_debtor], idx[by_debtor], {"respondent": "applicant", "applicant": "third_party"}
        )
        outsider = idx[~by_debtor]
        if len(outsider):
            p.slot(outsider, p.ents.persons(len(outsider)), "applicant")
            p.copy_slots(o[~by_debtor], outsider, {"applicant": "third_party"})

    def _appeal_parties(self, origin: np.ndarray, idx: np.ndarray) -> None:
        if not len(origin):
            return
        by_defendant = self.rng.random(len(origin)) < 0.55
        self.p.copy_slots(
            origin[by_defendant],
            idx[by_defendant],
            {"defendant": "appellant", "plaintiff": "appellee"},
        )
        self.p.copy_slots(
            origin[~by_defendant],
            idx[~by_defendant],
            {"plaintiff": "appellant", "defendant": "appellee"},
        )

    def _private_respondents(self, origin: np.ndarray, idx: np.ndarray) -> None:
        """Defendants who are not institutions become respondents (insurers and hospitals pay)."""
        if not len(origin):
            return
        p = self.p
        order, start, count = p.slot_index()
        s = p.slots.cols()
        inst = (p.ents.c["eflags"] & EF_INSTITUTION) != 0
        n = count[origin]
        rows = order[
            np.repeat(start[origin], n) + np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        ]
        dest = np.repeat(idx, n)
        keep = (s["role"][rows] == ROLE["defendant"]) & ~inst[s["entity"][rows]]
        p.slots.add(
            int(keep.sum()),
            case=dest[keep],
            entity=s["entity"][rows][keep],
            role=ROLE["respondent"],
            seq=s["seq"][rows][keep],
        )

    def remands(self) -> None:
        """发回重审: a new first instance at the original court, same parties and cause."""
        p, rng = self.p, self.rng
        c = p.cases.cols()
        ap = np.flatnonzero(
            (c["method"] == M["remanded"])
            & (c["end"] + 40 <= AS_OF)
            & np.isin(c["kind"], [K["civ2"], K["fin2"], K["ip2"], K["high2"], K["adm2"]])
        )
        if not len(ap):
            return
        first = c["origin"][ap]
        filing = self.gap_filing(c["end"][ap], 10, 40)
        kind_first = c["kind"][first]
        is_adm = kind_first == K["adm1"]
        civil_ap, adm_ap = ap[~is_adm], ap[is_adm]
        if len(civil_ap):
            f = first[~is_adm]
            idx = self.first_instance(
                "remand",
                len(civil_ap),
                c["court"][f],
                c["cause"][f],
                filing[~is_adm],
                origin=civil_ap,
                relation=REL["remand_retrial"],
                flags=F_NO_DEPS,
            )
            m = p.cases["method"]
            m[idx] = np.where(rng.random(len(idx)) < 0.75, M["judgment"], M["mediation"])
            p.copy_slots(
                f,
                idx,
                {"plaintiff": "plaintiff", "defendant": "defendant", "third_party": "third_party"},
            )
        if len(adm_ap):
            f = first[is_adm]
            fl = filing[is_adm]
            idx = p.add(
                "adm1",
                len(f),
                court=c["court"][f],
                cause=c["cause"][f],
                filing=fl,
                end=weekday_shift(fl + rng.integers(40, 150, len(f))),
                method=M["judgment"],
                proc=P["ordinary"],
                origin=adm_ap,
                relation=REL["remand_retrial"],
                flags=F_NO_DEPS,
            )
            p.copy_slots(f, idx, {"plaintiff": "plaintiff", "defendant": "defendant"})

    def retrials(self, n: int) -> None:
        """民申 at the High Court against appeal judgments; a few are granted → 民再."""
        p, rng = self.p, self.rng
        pool = self.eligible(["civ2", "fin2", "high2"], ["upheld", "modified"], 60)
        o = self.choose(pool, n)
        if not len(o):
            return
        c = p.cases.cols()
        filing = self.gap_filing(c["end"][o], 40, 300)
        dur = rng.integers(30, 95, len(o))
        granted = rng.random(len(o)) < 0.12
        res = np.where(granted, -1, R["dismissed"])
        rev = p.add(
            "retrial_review",
            len(o),
            court=CI["沪"],
            cause=c["cause"][o],
            filing=filing,
            end=weekday_shift(filing + dur),
            method=M["ruling"],
            amount=c["amount"][o],
            origin=o,
            relation=REL["retrial"],
            result=res,
            reason=np.where(granted, -1, 4),
        )
        p.copy_slots(o, rev, {"appellant": "applicant", "appellee": "respondent"})
        c = p.cases.cols()
        g = rev[granted & (c["end"][rev] + 20 <= AS_OF)]
        if not len(g):
            return
        f = self.gap_filing(c["end"][g], 10, 30)
        res = pick(rng, [0.5, 0.3, 0.1, 0.1], len(g))
        res = np.array([R["upheld"], R["modified"], R["partly_modified"], R["remanded"]])[res]
        method = np.select(
            [res == R["upheld"], res == R["remanded"]], [M["upheld"], M["remanded"]], M["modified"]
        )
        reason = np.where(res == R["upheld"], -1, pick(rng, [0.4, 0.4, 0.1, 0.1], len(g)))
        idx = p.add(
            "retrial",
            len(g),
            court=CI["沪"],
            cause=c["cause"][g],
            filing=f,
            end=weekday_shift(f + rng.integers(40, 120, len(g))),
            method=method.astype(np.int8),
            amount=c["amount"][g],
            origin=c["origin"][g],
            relation=REL["retrial"],
            result=res,
            reason=reason,
            flags=F_NO_DEPS,
        )
        p.copy_slots(g, idx, {"applicant": "applicant", "respondent": "respondent"})

    def bankruptcy_derived(self) -> None:
        """Suits stemming from a bankruptcy (与破产有关的纠纷), at the bankruptcy court: the
        administrator avoids preferences (管理人 as plaintiff, docs/DOMAIN.md §4.11), the debtor
        (represented by the administrator) collects debts, creditors sue for claim confirmation."""
        p, rng = self.p, self.rng
        c = p.cases.cols()
        bk = np.flatnonzero(
            (c["kind"] == K["bk"]) & (c["filing"] + 60 <= AS_OF) & ((c["flags"] & F_PLANTED) == 0)
        )
        bk = bk[rng.random(len(bk)) < 0.6]
        if not len(bk):
            return
        resp = p.role_entities(bk, "respondent")
        debtor = np.where(resp >= 0, resp, p.role_entities(bk, "applicant"))
        for cause, share in (
            ("请求撤销个别清偿行为纠纷", 0.45),
            ("对外追收债权纠纷", 0.35),
            ("破产债权确认纠纷", 0.4),
        ):
            sel = rng.random(len(bk)) < share
            self.derived_suits(bk[sel], debtor[sel], cause)

    def derived_suits(
        self,
        bk: np.ndarray,
        debtor: np.ndarray,
        cause: str,
        debtor_plaintiff: bool = False,
        **cols: object,
    ) -> np.ndarray:
        p, rng = self.p, self.rng
        n = len(bk)
        if not n:
            return bk
        c = p.cases.cols()
        lo = c["filing"][bk] + 30
        hi = np.minimum(np.maximum(c["end"][bk], lo + 30), AS_OF - 20)
        filing = (lo + rng.random(n) * np.maximum(hi - lo, 1)).astype(np.int32)
        idx = self.first_instance(
            "bk_derived",
            n,
            c["court"][bk],
            np.full(n, CIVIL[cause], np.int16),
            filing,
            origin=bk,
            relation=REL["bankruptcy"],
            **cols,
        )
        other = p.ents.companies(n, sub=rng.integers(0, len(cat.INDUSTRIES), n))
        if cause == "请求撤销个别清偿行为纠纷":
            plaintiff = debtor if debtor_plaintiff else administrator_of(p, debtor)
            p.slot(idx, plaintiff, "plaintiff")
            p.slot(idx, other, "defendant")
        elif cause == "对外追收债权纠纷":
            p.slot(idx, debtor, "plaintiff")
            p.slot(idx, other, "defendant")
        else:
            p.slot(idx, other, "plaintiff")
            p.slot(idx, debtor, "defendant")
        p.cases.set("flags", idx, p.cases["flags"][idx] | F_NO_DEPS)
        return idx


def administrator_of(p: Plan, debtor: np.ndarray) -> np.ndarray:
    """The administrator (管理人) party of each bankrupt debtor: one per debtor, an entity of
    its own (the law firm appointed, acting as 管理人 of that debtor; ``rep`` = the debtor)."""
    out = np.empty(len(debtor), np.int64)
    for i, d in enumerate(debtor):
        d = int(d)
        if d not in p.ents.admins:
            p.ents.admins[d] = int(
                p.ents.c.add(1, etype=E_ADMINISTRATOR, rep=d, eflags=EF_NO_VARIANT)[0]
            )
        out[i] = p.ents.admins[d]
    return out


def _has_private_respondent(p: Plan) -> np.ndarray:
    """Per case: has a defendant who is not an institution (who could be executed against)."""
    s = p.slots.cols()
    inst = (p.ents.c["eflags"] & EF_INSTITUTION) != 0
    ok = (s["role"] == ROLE["defendant"]) & ~inst[s["entity"]]
    out = np.zeros(p.cases.n, bool)
    out[s["case"][ok]] = True
    return out
