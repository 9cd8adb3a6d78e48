"""The clean caseload: first instances (civil, criminal, administrative, bankruptcy,
execution) in their shares of the whole, then the cases that stem from them (``dependents``),
topped up to exactly the number asked."""

from __future__ import annotations

import numpy as np

from courtqc.domain.population import DISTRICT_RESIDENTS
from courtqc.synth import catalog as cat
from courtqc.synth.dependents import DependentCases
from courtqc.synth.plan import (
    ADMIN0,
    BASIC,
    CAUSE_MONEY,
    CI,
    CIVIL,
    COURT_CODES,
    DISTRICT_OF_COURT,
    EXT_DAYS,
    F_NO_DEPS,
    LIMIT_DAYS,
    N_CIVIL,
    PARENT,
    REL,
    M,
    P,
    Plan,
    _mix,
    draw_durations,
    pick,
)
from courtqc.synth.timeline import AS_OF, START, weekday_shift

# --- the clean caseload --------------------------------------------------------------------------

ROOT_SHARES = {"civ1": 0.555, "civ1_int": 0.004, "fin1": 0.006, "ip1": 0.012, "mar1": 0.004,
               "crim1": 0.040, "adm1": 0.012, "bk_app": 0.0015, "enf": 0.075}  # fmt: skip
DEP_SHARES = {"civ2": 0.035, "fin2": 0.006, "ip2": 0.002, "high2": 0.002, "crim2": 0.004,
              "adm2": 0.005, "enf": 0.12, "enf_pres": 0.03, "enf_resume": 0.012, "enf_obj": 0.008,
              "retrial_review": 0.003, "crim_split": 0.0006}  # fmt: skip


class CleanBuilder(DependentCases):
    """Builds the clean caseload: first instances, then the cases that stem from them."""

    def __init__(self, plan: Plan, rng: np.random.Generator) -> None:
        self.p = plan
        self.rng = rng
        pop = np.array(
            [DISTRICT_RESIDENTS[DISTRICT_OF_COURT[c]] * cat.COURT_LOAD_FACTOR[c] for c in BASIC]
        )
        self.basic_w = pop / pop.sum()
        civil = [c for c in cat.CIVIL_CAUSES if c.weight > 0]
        self.civil_idx = np.array([CIVIL[c.name] for c in civil])
        self.civil_w = np.array([c.weight for c in civil])

    # helpers ----------------------------------------------------------------------------------
    def basic_courts(self, n: int) -> np.ndarray:
        return np.array([CI[c] for c in BASIC], dtype=np.int16)[pick(self.rng, self.basic_w, n)]

    def parties(self, cases: np.ndarray, spec: str, role: str, seq: int = 1, **kw) -> np.ndarray:
        keys, w = _mix(spec)
        kinds = np.array(keys)[pick(self.rng, w, len(cases))]
        ents = self.p.ents.draw(self.rng, kinds)
        self.p.slot(cases, ents, role, seq, **kw)
        return ents

    def civil_parties(self, cases: np.ndarray) -> None:
        """Plaintiff, defendant(s) per the cause's party mix. Divorce: opposite genders."""
        rng, p = self.rng, self.p
        cause = p.cases["cause"][cases]
        for ci in np.unique(cause):
            c = cat.CIVIL_CAUSES[ci]
            sel = cases[cause == ci]
            if c.name == "离婚纠纷":
                g = (rng.random(len(sel)) < 0.35).astype(np.int8)  # 65 % of petitioners are women
                p.slot(sel, p.ents.persons(len(sel), gender=g), "plaintiff")
                p.slot(sel, p.ents.persons(len(sel), gender=1 - g), "defendant")
                continue
            self.parties(sel, c.plaintiff, "plaintiff")
            self.parties(sel, c.defendant, "defendant")
            co = sel[rng.random(len(sel)) < c.co_defendant]
            if len(co):
                self.parties(co, f"{c.co_kind}:1", "defendant", seq=2)

    def first_instance(
        self,
        kind: str,
        n: int,
        court: np.ndarray,
        cause: np.ndarray,
        filing: np.ndarray | None = None,
        **cols: object,
    ) -> np.ndarray:
        """Civil-type first instances: procedure, closing method, duration, amounts."""
        rng = self.rng
        if filing is None:
            filing = self.p.days.sample(rng, n)
        filing = weekday_shift(filing)
        causes = [cat.CIVIL_CAUSES[i] for i in cause]
        median = np.array([c.amount_median for c in causes])
        sigma = np.array([c.amount_sigma for c in causes])
        amount = np.where(
            median > 0, np.round(median * np.exp(sigma * rng.standard_normal(n)), -1), 0.0
        )
        amount = np.where((median > 0) & (amount < 500), 500.0, amount)
        profile = np.array([c.closing for c in causes])
        method = np.zeros(n, dtype=np.int8)
        for prof in np.unique(profile):
            sel = np.flatnonzero(profile == prof)
            method[sel] = pick(rng, cat.CLOSING_PROFILES[prof], len(sel))  # first six METHODS
        # Procedure: small claims for small money claims, ordinary for big or complex ones.
        u = rng.random(n)
        proc = np.where(u < 0.70, P["simple"], P["ordinary"]).astype(np.int8)
        small = (amount > 0) & (amount <= 60_000) & (rng.random(n) < 0.45)
        proc = np.where(small, P["small_claims"], proc)
        proc = np.where(amount > 2_000_000, P["ordinary"], proc)
        if kind in ("civ1_int", "fin1", "mar1", "ip1"):
            proc = np.where(rng.random(n) < 0.8, P["ordinary"], P["simple"]).astype(np.int8)
        limit = np.select(
            [proc == P["small_claims"], proc == P["simple"]],
            [LIMIT_DAYS["small_claims"], LIMIT_DAYS["simple"]],
            LIMIT_DAYS["ordinary"],
        )
        ext_max = np.select([proc == P["ordinary"]], [EXT_DAYS["ordinary"]], EXT_DAYS["simple"])
        lo = np.select(
            [method == M["withdrawal"], method == M["mediation"], method == M["transfer"]],
            [0.05, 0.1, 0.03],
            0.3,
        )
        hi = np.select([method == M["withdrawal"], method == M["transfer"]], [0.6, 0.25], 0.9)
        dur, ext, excl = draw_durations(rng, limit.astype(float), ext_max, lo, hi, 0.08, 0.04, 0.03)
        end = weekday_shift(filing + dur)
        ratio = np.where(
            method == M["judgment"], 0.55 + 0.45 * rng.random(n), 0.5 + 0.4 * rng.random(n)
        )
        # Some judgments dismiss every claim (驳回诉讼请求): no money order.
        lost = (method == M["judgment"]) & (rng.random(n) < 0.12)
        money = CAUSE_MONEY[cause] & np.isin(method, [M["judgment"], M["mediation"]]) & ~lost
        award = np.where(money, np.round(amount * ratio, 0), 0.0)
        pfm = (kind == "civ1") & (rng.random(n) < 0.3)
        return self.p.add(
            kind,
            n,
            court=court,
            cause=cause,
            filing=filing,
            end=end,
            method=method,
            proc=proc,
            amount=amount,
            award=award,
            ext=ext,
            excl=excl,
            pfm=pfm,
            **cols,
        )

    # roots -------------------------------------------------------------------------------------
    def roots(self, counts: dict[str, int]) -> None:
        rng, p = self.rng, self.p
        n = counts["civ1"]
        cause = self.civil_idx[pick(rng, self.civil_w, n)].astype(np.int16)
        court = self.basic_courts(n)
        # IP-designated basic courts also take the IP first instances (知民初) below.
        self.civil_parties(self.first_instance("civ1", n, court, cause))

        n = counts["civ1_int"]
        cause = np.array([CIVIL[c] for c in cat.INTERMEDIATE_FIRST_CAUSES], dtype=np.int16)[
            rng.integers(0, 4, n)
        ]
        court = np.array([CI["沪01"], CI["沪02"], CI["沪03"]], dtype=np.int16)[
            rng.integers(0, 3, n)
        ]
        idx = self.first_instance("civ1_int", n, court, cause)
        p.cases["amount"][idx] = np.round(p.cases["amount"][idx] * 40 + 50_000_000, -3)
        p.cases["award"][idx] = np.where(
            p.cases["award"][idx] > 0, np.round(p.cases["amount"][idx] * 0.7), 0
        )
        self.civil_parties(idx)

        n = counts["fin1"]
        cause = np.array([CIVIL[c] for c in cat.FINANCIAL_COURT_CAUSES], dtype=np.int16)[
            pick(rng, [0.6, 0.25, 0.15], n)
        ]
        idx = self.first_instance("fin1", n, np.full(n, CI["沪74"], np.int16), cause)
        p.cases["amount"][idx] = np.round(p.cases["amount"][idx] * 30 + 5_000_000, -3)
        p.cases["award"][idx] = np.where(
            p.cases["award"][idx] > 0, np.round(p.cases["amount"][idx] * 0.8), 0
        )
        self.civil_parties(idx)

        n = counts["ip1"]
        cause = np.array([CIVIL[c] for c in cat.IP_CAUSES], dtype=np.int16)[
            pick(rng, cat.IP_WEIGHTS, n)
        ]
        at73 = rng.random(n) < 0.25
        ipc = np.array([CI[c] for c in cat.IP_BASIC_COURTS], dtype=np.int16)
        court = np.where(at73, CI["沪73"], ipc[rng.integers(0, len(ipc), n)]).astype(np.int16)
        self.civil_parties(self.first_instance("ip1", n, court, cause))

        n = counts["mar1"]
        cause = np.full(n, CIVIL["海上、通海水域货物运输合同纠纷"], np.int16)
        self.civil_parties(self.first_instance("mar1", n, np.full(n, CI["沪72"], np.int16), cause))

        self.criminal(counts["crim1"])
        self.administrative(counts["adm1"])
        self.bankruptcy(counts["bk_app"])
        self.standalone_enforcement(counts["enf"])

    def criminal(
        self,
        n: int,
        filing: np.ndarray | None = None,
        charge: np.ndarray | None = None,
        unit: np.ndarray | None = None,
        court: np.ndarray | None = None,
        parties: bool = True,
        **cols: object,
    ) -> np.ndarray:
        """刑初 cases; ``court`` given: tried there (else a basic court, serious ones at the
        intermediate court); ``parties`` False: the caller adds the parties."""
        rng, p = self.rng, self.p
        if charge is None:
            charge = pick(rng, [c.weight for c in cat.CHARGES], n)
        ch = [cat.CHARGES[i] for i in charge]
        serious = np.array([c.name in ("集资诈骗", "贩卖毒品") for c in ch]) & (
            rng.random(n) < 0.08
        )
        if court is None:
            court = self.basic_courts(n)
            court = np.where(serious, [CI[PARENT[COURT_CODES[c]]] for c in court], court)
        else:  # tried at an intermediate court: as serious as the case that went there
            serious = ~np.isin(court, [CI[b] for b in BASIC])
        court = np.asarray(court).astype(np.int16)
        if filing is None:
            filing = p.days.sample(rng, n)
        filing = weekday_shift(filing)
        ft = np.array([c.fast_track for c in ch])
        u = rng.random(n)
        proc = np.where(
            u < ft, P["fast_track"], np.where(u < ft + (1 - ft) * 0.5, P["simple"], P["ordinary"])
        )
        proc = np.where(serious, P["ordinary"], proc).astype(np.int8)
        limit = np.select([proc == P["fast_track"], proc == P["simple"]], [10, 20], 92).astype(
            float
        )
        ext_max = np.select([proc == P["fast_track"], proc == P["ordinary"]], [5, 90], 0)
        lo = np.select([proc == P["fast_track"]], [0.3], 0.35)
        dur, ext, excl = draw_durations(rng, limit, ext_max, lo, np.full(n, 0.85), 0.04, 0.01, 0.01)
        end = weekday_shift(filing + dur)
        method = np.where(rng.random(n) < 0.985, M["judgment"], M["withdrawal"]).astype(np.int8)
        amount = np.zeros(n)
        for i, c in enumerate(cat.CHARGES):
            sel = charge == i
            if c.amount and sel.any():
                med, sig = c.amount
                amount[sel] = np.round(med * np.exp(sig * rng.standard_normal(sel.sum())), -1)
        idx = p.add(
            "crim1",
            n,
            court=court,
            cause=(N_CIVIL + charge).astype(np.int16),
            filing=filing,
            end=end,
            method=method,
            proc=proc,
            amount=amount,
            ext=ext,
            excl=excl,
            **cols,
        )
        if parties:
            self.criminal_parties(idx, unit)
        return idx

    def split_trials(self, n: int) -> None:
        """分案审理: an accomplice tried on his own (caught later, or prosecuted separately)
        under the original case's number with 之一 — 之二 for a second one — as in the real
        （2022）沪03刑初48号之一. A case of its own (filing, defendant, judgment) at the same
        court for the same charge; prosecutor and victims as in the original case."""
        p, rng = self.p, self.rng
        base = self.choose(self.eligible(["crim1"], ["judgment"], 60), n)
        if not len(base):
            return
        base = np.sort(np.concatenate([base, base[rng.random(len(base)) < 0.15]]))
        c = p.cases.cols()
        filing = self.gap_filing(c["end"][base], 20, 400)
        # 之一 for the earlier of two, 之二 for the later
        order = np.lexsort((filing, base))
        base, filing = base[order], filing[order]
        suffix = np.where(np.r_[False, base[1:] == base[:-1]], 2, 1).astype(np.int8)
        idx = self.criminal(
            len(base),
            filing=filing,
            charge=(c["cause"][base] - N_CIVIL).astype(np.int64),
            court=c["court"][base],
            parties=False,
            base=base,
            suffix=suffix,
            flags=F_NO_DEPS,
        )
        male = (rng.random(len(idx)) < 0.85).astype(np.int8)
        p.slot(idx, p.ents.persons(len(idx), gender=male), "criminal_defendant")
        p.copy_slots(base, idx, {"prosecutor": "prosecutor", "victim": "victim"})

    def criminal_parties(self, idx: np.ndarray, unit: np.ndarray | None = None) -> None:
        rng, p = self.rng, self.p
        charge = p.cases["cause"][idx] - N_CIVIL
        ch = [cat.CHARGES[i] for i in charge]
        acc = np.array([c.accomplices for c in ch])
        ndef = np.where(rng.random(len(idx)) < acc, rng.integers(2, 5, len(idx)), 1)
        for k in range(1, 5):
            sel = idx[ndef >= k]
            if len(sel):
                p.slot(
                    sel,
                    p.ents.persons(len(sel), gender=(rng.random(len(sel)) < 0.85).astype(np.int8)),
                    "criminal_defendant",
                    seq=k,
                )
        if unit is None:
            unit = rng.random(len(idx)) < np.array([c.unit for c in ch])
        if unit.any():
            sel = idx[unit]
            p.slot(
                sel,
                p.ents.companies(len(sel), sub=rng.integers(0, len(cat.INDUSTRIES), len(sel))),
                "criminal_defendant",
                seq=9,
            )
        courts = p.cases["court"][idx]
        pros = np.array([p.ents.authority(_procuratorate(COURT_CODES[c])) for c in courts])
        p.slot(idx, pros, "prosecutor")
        vmin = np.array([c.victims[0] for c in ch])
        vmax = np.array([c.victims[1] for c in ch])
        nv = vmin + (rng.random(len(idx)) * (vmax - vmin + 1)).astype(int)
        for k in range(1, int(nv.max(initial=0)) + 1):
            sel = idx[nv >= k]
            if len(sel):
                p.slot(sel, p.ents.persons(len(sel)), "victim", seq=k)

    def administrative(self, n: int) -> None:
        rng, p = self.rng, self.p
        filing = weekday_shift(p.days.sample(rng, n))
        cause = (ADMIN0 + pick(rng, [w for _, _, w in cat.ADMIN_CAUSES], n)).astype(np.int16)
        proc = np.where(rng.random(n) < 0.8, P["ordinary"], P["simple"]).astype(np.int8)
        method = np.array([M["judgment"], M["withdrawal"], M["dismissal"]])[
            pick(rng, [0.5, 0.3, 0.2], n)
        ].astype(np.int8)
        limit = np.where(proc == P["ordinary"], 183, 45).astype(float)
        dur, ext, excl = draw_durations(
            rng, limit, np.zeros(n), np.full(n, 0.2), np.full(n, 0.85), 0.0, 0.02, 0.02
        )
        idx = p.add(
            "adm1",
            n,
            court=CI[cat.ADMIN_FIRST_COURT],
            cause=cause,
            filing=filing,
            end=weekday_shift(filing + dur),
            method=method,
            proc=proc,
            ext=ext,
            excl=excl,
        )
        self.parties(idx, "N:0.8,C:0.2", "plaintiff")
        districts = list(DISTRICT_RESIDENTS)
        d = rng.integers(0, len(districts), n)
        a = pick(rng, cat.AGENCY_WEIGHTS, n)
        ents = np.array(
            [
                p.ents.authority(_agency(districts[i], cat.AGENCIES[j]))
                for i, j in zip(d, a, strict=True)
            ]
        )
        p.slot(idx, ents, "defendant")

    def bankruptcy(
        self,
        n: int,
        debtor: np.ndarray | None = None,
        filing: np.ndarray | None = None,
        accept: np.ndarray | None = None,
        pre_enforcement: bool = True,
        **cols: object,
    ) -> np.ndarray:
        """破申 reviews; accepted ones open a 破 case (acceptance = its filing day) and record
        the acceptance and the administrator on the debtor. Returns the 破 cases."""
        rng, p = self.rng, self.p
        if filing is None:
            filing = p.days.sample(rng, n, hi=AS_OF - 60)
        filing = weekday_shift(filing)
        at03 = rng.random(n) < 0.8
        court = np.where(at03, CI[cat.BANKRUPTCY_COURT], self.basic_courts(n)).astype(np.int16)
        end = weekday_shift(filing + rng.integers(25, 60, n))
        if accept is None:
            accept = rng.random(n) < 0.7
        app = p.add("bk_app", n, court=court, filing=filing, end=end, method=M["ruling"], **cols)
        if debtor is None:
            debtor = p.ents.companies(n, sub=rng.integers(0, len(cat.INDUSTRIES), n))
        creditor_files = rng.random(n) < 0.6
        applicant = np.where(
            creditor_files, p.ents.companies(n, sub=rng.integers(0, len(cat.INDUSTRIES), n)), debtor
        )
        p.slot(app, applicant, "applicant")
        p.slot(app[creditor_files], debtor[creditor_files], "respondent")
        acc = np.flatnonzero(accept & (end <= AS_OF))
        if not len(acc):
            return np.empty(0, np.int64)
        bf = end[acc] + 1
        bf = weekday_shift(bf)
        dur = rng.integers(240, 1100, len(acc))
        bk = p.add(
            "bk",
            len(acc),
            court=court[acc],
            filing=bf,
            end=weekday_shift(bf + dur),
            method=M["termination"],
            origin=app[acc],
            relation=REL["bankruptcy"],
            **{k: (v[acc] if isinstance(v, np.ndarray) else v) for k, v in cols.items()},
        )
        # A debtor filing for itself is the applicant only: one party on both sides would read
        # as one lawyer acting for both (律师法 Art. 39).
        p.slot(bk, applicant[acc], "applicant")
        p.slot(bk[creditor_files[acc]], debtor[acc][creditor_files[acc]], "respondent")
        e = p.ents.c
        e.set("bk_day", debtor[acc], bf)
        e.set("court", debtor[acc], court[acc])
        if pre_enforcement:
            self._pre_bankruptcy_enforcement(debtor[acc], bf)
        return bk

    def _pre_bankruptcy_enforcement(self, debtor: np.ndarray, accepted: np.ndarray) -> None:
        """Execution against a company before its bankruptcy (执转破): terminated at acceptance
        or 终本 before it, every payment before the acceptance day (the clean counterpart of
        ``payout_after_bankruptcy``)."""
        rng = self.rng
        filing = (accepted - rng.integers(250, 700, len(debtor))).astype(np.int32)
        # only where the execution is over by the snapshot (no open case collects after acceptance)
        sel = (rng.random(len(debtor)) < 0.5) & (filing >= START) & (accepted + 40 <= AS_OF)
        if not sel.any():
            return
        d, t, f = debtor[sel], accepted[sel], filing[sel]
        n = len(d)
        zb = rng.random(n) < 0.5
        method = np.where(zb, M["termination_current"], M["termination"])
        idx = self.standalone_enforcement(n, respondent=d, filing=f, method=method, flags=F_NO_DEPS)
        c = self.p.cases.cols()
        # 终本 at least 100 days after filing and 30+ days before acceptance (filing is 250+ days
        # before it); a plain termination shortly after acceptance, with no payments.
        end = np.where(zb, t - rng.integers(30, 120, n), t + rng.integers(1, 30, n))
        c["end"][idx] = weekday_shift(end.astype(np.int32))

    def standalone_enforcement(
        self,
        n: int,
        respondent: np.ndarray | None = None,
        filing: np.ndarray | None = None,
        method: np.ndarray | None = None,
        **cols: object,
    ) -> np.ndarray:
        """执 cases whose title is outside the data (arbitration awards, notarised debts, judgments
        from before the window): cause drawn like civil suits, no origin."""
        rng, p = self.rng, self.p
        if filing is None:
            filing = p.days.sample(rng, n)
        cause = self.civil_idx[pick(rng, self.civil_w, n)].astype(np.int16)
        amount = np.round(60_000 * np.exp(1.2 * rng.standard_normal(n)), -1) + 1000
        idx = self.enforcement("enf", self.basic_courts(n), filing, cause, amount, method, **cols)
        app = np.array(["N", "C", "B", "L"])[pick(rng, [0.45, 0.3, 0.2, 0.05], n)]
        p.slot(idx, p.ents.draw(rng, app), "applicant")
        if respondent is None:
            respondent = p.ents.draw(rng, np.array(["N", "C"])[pick(rng, [0.75, 0.25], n)])
        p.slot(idx, respondent, "respondent")
        return idx

    def enforcement(
        self,
        kind: str,
        court: np.ndarray,
        filing: np.ndarray,
        cause: np.ndarray,
        amount: np.ndarray,
        method: np.ndarray | None = None,
        **cols: object,
    ) -> np.ndarray:
        """执 / 执恢 cases: closing method and duration (终本 only after 3 months, docs/DOMAIN.md
        §4.10: here at least 100 days)."""
        rng = self.rng
        n = len(filing)
        filing = weekday_shift(np.asarray(filing, dtype=np.int32))
        if method is None:
            if kind == "enf":
                opts = [
                    M["enforced_in_full"],
                    M["termination_current"],
                    M["settlement"],
                    M["termination"],
                    M["ruling"],
                ]
                method = np.array(opts)[pick(rng, [0.34, 0.42, 0.12, 0.09, 0.03], n)]
            else:  # resumed execution: property was found, so it mostly gets paid
                opts = [M["enforced_in_full"], M["settlement"], M["termination"]]
                method = np.array(opts)[pick(rng, [0.65, 0.22, 0.13], n)]
        method = np.asarray(method, dtype=np.int8)
        lo = np.select([method == M["termination_current"]], [100], 20)
        hi = np.select(
            [method == M["termination_current"], method == M["enforced_in_full"]], [240, 160], 170
        )
        dur = lo + (rng.random(n) * (hi - lo)).astype(int)
        ext = np.where((dur > 165) & (rng.random(n) < 0.9), EXT_DAYS["enf"], 0)  # approved in time
        over = rng.random(n) < 0.03
        dur = np.where(
            over & (method != M["termination_current"]),
            183 + ext + 20 + rng.integers(0, 200, n),
            dur,
        )
        end = weekday_shift(filing + dur)
        return self.p.add(
            kind,
            n,
            court=court,
            cause=cause,
            filing=filing,
            end=end,
            method=method,
            amount=amount,
            ext=ext,
            **cols,
        )


def _procuratorate(court: str) -> str:
    if court in ("沪01", "沪02", "沪03"):
        return {"沪01": "上海市人民检察院第一分院", "沪02": "上海市人民检察院第二分院",
                "沪03": "上海市人民检察院第三分院"}[court]  # fmt: skip
    if court == "沪":
        return "上海市人民检察院"
    if court == "沪7101":
        return "上海铁路运输检察院"
    return f"上海市{DISTRICT_OF_COURT[court]}人民检察院"


def _agency(district: str, agency: str) -> str:
    if district == "浦东新区":
        return f"上海市浦东新区{agency}"
    return f"上海市{district}{agency}"


def build_clean(plan: Plan, rng: np.random.Generator, n: int) -> None:
    """Roots, dependents, then top up to exactly ``n`` clean cases with first instances and
    execution cases that have no dependents."""
    b = CleanBuilder(plan, rng)
    start = plan.cases.n
    counts = {k: round(v * n) for k, v in ROOT_SHARES.items()}
    b.roots(counts)
    b.dependents({k: round(v * n) for k, v in DEP_SHARES.items()})
    made = plan.cases.n - start
    if made > n:  # only possible for tiny n: drop nothing, the caller's total just runs over
        return
    deficit = n - made
    n_enf = int(deficit * 0.3)
    n_civ = deficit - n_enf
    if n_civ:
        cause = b.civil_idx[pick(rng, b.civil_w, n_civ)].astype(np.int16)
        b.civil_parties(
            b.first_instance("civ1", n_civ, b.basic_courts(n_civ), cause, flags=F_NO_DEPS)
        )
    if n_enf:
        b.standalone_enforcement(n_enf, flags=F_NO_DEPS)
