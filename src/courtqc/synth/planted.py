"""Planted anomalies (docs/ANOMALIES.md): each scenario adds the cases that show its pattern, or
flags clean cases for the downstream generators to write with the defect, and records what it
planted. The ground truth itself is computed afterwards from the data (``truth``), so it also
catches any pattern the random draws produce by accident; the tests check there is none.

Hard variants are forced on planted parties (names with a space, lower-case x, 有限责任公司,
appearances without the ID number, one lender behind several companies) so the scenario models
must resolve identities to win.
"""

from __future__ import annotations

import numpy as np

from courtqc.synth import catalog as cat
from courtqc.synth.clean import CleanBuilder
from courtqc.synth.plan import (
    CHARGE,
    CIVIL,
    EF_HOLD_ONLY,
    EF_ID_X,
    EF_KEEP_ID,
    EF_RETIRED_BALANCE,
    F_FORCE_INTEREST,
    F_LATE_PAYMENTS,
    F_OMIT_ARTICLE,
    F_OVER_CAP,
    F_PLANTED,
    F_PROPERTY_TO_SPOUSE,
    F_PUNITIVE,
    F_RING,
    F_WRONG_ARTICLE,
    FIRST_INSTANCE,
    N_CIVIL,
    REL,
    ROLE,
    S_FINE_OUT,
    S_WRONG_END,
    K,
    M,
    Plan,
    pick,
)
from courtqc.synth.timeline import AS_OF, START, day, weekday_shift

# Variant codes a slot may force (see people.VARIANT_*): 0 as registered, 1 name with a space,
# 2 ID with lower-case x, 4 有限责任公司 for 有限公司, 16 no ID number (natural persons; a
# company keeps its code). Registry patterns mark their person EF_KEEP_ID instead: the models
# match the registers on the ID number as written.
V_PLAIN, V_SPACE, V_LOWER_X, V_LLC, V_NO_ID = 0, 1, 2, 4, 16
PERSON_VARIANTS = (V_PLAIN, V_PLAIN, V_SPACE, V_LOWER_X, V_NO_ID, V_NO_ID | V_SPACE)


def instances(n_cases: int, per: int, minimum: int) -> int:
    return max(minimum, round(n_cases / per))


class Planter:
    def __init__(
        self,
        plan: Plan,
        builder: CleanBuilder,
        rng: np.random.Generator,
        n_cases: int,
        n_lawyers: int,
    ) -> None:
        self.p, self.b, self.rng, self.n, self.n_lawyers = plan, builder, rng, n_cases, n_lawyers

    # helpers -----------------------------------------------------------------------------------
    def civil(
        self,
        n: int,
        cause: str | list[str],
        filing: np.ndarray,
        method: str | np.ndarray,
        end: np.ndarray | None = None,
        court: np.ndarray | None = None,
        flags: int = 0,
        group: int = -1,
    ) -> np.ndarray:
        """First-instance civil suits with the given method (and end day), marked planted."""
        rng = self.rng
        names = [cause] * n if isinstance(cause, str) else cause
        ci = np.array([CIVIL[c] for c in names], dtype=np.int16)
        court = self.b.basic_courts(n) if court is None else court
        idx = self.b.first_instance(
            "civ1",
            n,
            court,
            ci,
            np.asarray(filing, dtype=np.int32),
            flags=F_PLANTED | flags,
            group=group,
        )
        c = self.p.cases.cols()
        meth = np.full(n, M[method]) if isinstance(method, str) else np.asarray(method)
        c["method"][idx] = meth
        if end is not None:
            c["end"][idx] = weekday_shift(np.asarray(end, dtype=np.int32))
        else:  # keep the drawn duration but never beyond the snapshot for a planted case
            c["end"][idx] = np.minimum(c["end"][idx], AS_OF - rng.integers(5, 30, n))
            c["end"][idx] = np.maximum(c["end"][idx], c["filing"][idx] + 10)
        money = np.isin(meth, [M["judgment"], M["mediation"]]) & np.array(
            [cat.CIVIL_CAUSES[i].money for i in ci]
        )
        c["award"][idx] = np.where(
            money, np.round(c["amount"][idx] * (0.6 + 0.4 * rng.random(n))), 0
        )
        return idx

    def window(self, span: int, before_end: int = 60) -> int:
        """A start day leaving ``span`` days (and some slack) before the snapshot."""
        return int(self.p.days.sample(self.rng, 1, hi=AS_OF - span - before_end)[0])

    def note(
        self, scenario: str, case: np.ndarray | int, entity: np.ndarray | int, note: str
    ) -> None:
        for c, e in zip(
            np.atleast_1d(case), np.broadcast_to(entity, np.shape(np.atleast_1d(case))), strict=True
        ):
            self.p.truth_planted.append((scenario, int(c), int(e), note))

    def variants(self, n: int, options=PERSON_VARIANTS) -> np.ndarray:
        return np.asarray(options, dtype=np.int8)[self.rng.integers(0, len(options), n)]

    # scenarios ---------------------------------------------------------------------------------
    def professional_lender(self) -> None:
        """Lenders in three forms — in person, through 2–3 companies whose legal representative
        he is, through companies that name a nominee as legal representative (his phone or
        address on their rows) — each with near misses that are not truth: a namesake (same
        name, half of them the same birth date) with a few loan suits of his own, and per
        instance one of: a licensed small-loan company with a dozen 民间借贷 suits (licensed
        lenders are outside the rule), a lender whose 10th suit falls one day outside the two
        years (and, as the positive edge, one whose 10 suits span exactly 730 days)."""
        p, rng = self.p, self.rng
        for k in range(instances(self.n, 20_000, 2)):
            g = p.group("professional_lender", f"lender {k}")
            born = day(
                f"{int(rng.integers(1960, 1990))}-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 28)):02d}"
            )
            lender = p.ents.persons(1, eflags=EF_ID_X, gender=1, birth=born)[0]
            n = int(rng.integers(11, 16))
            span = int(rng.integers(200, 600))
            start = self.window(span)
            filing = weekday_shift(start + np.sort(rng.integers(0, span, n)))
            idx = self._loan_suits(n, filing, g)
            form = (k + 1) % 3  # the companies first: small courts have two lenders
            if form == 1:  # through 2–3 companies whose legal representative is the lender
                firms = p.ents.companies(int(rng.integers(2, 4)), sub=8, rep=lender)
                note = f"lender {k} through {len(firms)} companies he represents"
            elif form == 2:  # through companies fronted by a nominee representative
                firms = p.ents.companies(int(rng.integers(2, 4)), sub=8, ctrl=lender)
                note = f"lender {k} through {len(firms)} companies with nominee representatives"
            else:
                firms = np.zeros(0, np.int64)
                note = f"lender {k}"
            if len(firms):
                who = rng.integers(-1, len(firms), n)
                plaintiff = np.where(who < 0, lender, firms[np.maximum(who, 0)])
            else:
                plaintiff = np.full(n, lender)
            p.slot(
                idx,
                plaintiff,
                "plaintiff",
                variant=self.variants(n, (0, 0, V_SPACE, V_LOWER_X, V_LLC, V_NO_ID)),
            )
            p.slot(idx, p.ents.persons(n), "defendant")
            self.note("professional_lender", idx, plaintiff, note)
            # Near miss: a namesake with three loan suits of his own in the same period.
            same_day = k % 2 == 0
            twin_birth = born if same_day else born + int(rng.integers(1, 300))
            twin = p.ents.persons(1, gender=1, twin=lender, birth=twin_birth)[0]
            tf = weekday_shift(start + np.sort(rng.integers(0, span, 3)))
            tidx = self._loan_suits(3, tf, g)
            p.slot(
                tidx,
                np.full(3, twin),
                "plaintiff",
                variant=self.variants(3, (0, V_NO_ID, V_NO_ID | V_SPACE)),
            )
            p.slot(tidx, p.ents.persons(3), "defendant")
            edge = k % 3
            if edge == 0:  # a licensed small-loan company suing under 民间借贷 (not truth)
                lic = self.p.ents.pools["L"][k % len(self.p.ents.pools["L"])]
                m = 12
                lf = weekday_shift(start + np.sort(rng.integers(0, span, m)))
                lidx = self._loan_suits(m, lf, g)
                p.slot(lidx, np.full(m, lic), "plaintiff")
                p.slot(lidx, p.ents.persons(m), "defendant")
            else:
                # 10 suits: edge 1 spans 731 days (the first is alone in its two years, the rest
                # nine: not truth); edge 2 spans exactly 730 days (all ten are truth).
                s0 = self.window(800)
                days = (
                    np.r_[0, 731 + np.sort(rng.integers(0, 60, 9))]
                    if edge == 1
                    else np.r_[0, np.sort(rng.integers(1, 730, 8)), 730]
                )
                ef = s0 + days  # exact days: no weekday shift, the edge is the point
                e_lender = p.ents.persons(1, gender=int(rng.integers(0, 2)))[0]
                eidx = self._loan_suits(10, ef, g, shift=False)
                p.slot(
                    eidx,
                    np.full(10, e_lender),
                    "plaintiff",
                    variant=self.variants(10, (0, 0, V_NO_ID)),
                )
                p.slot(eidx, p.ents.persons(10), "defendant")
                if edge == 2:
                    self.note(
                        "professional_lender",
                        eidx,
                        e_lender,
                        f"edge: 10 suits in exactly 730 days (lender {k})",
                    )

    def lender_through_holdings(self) -> None:
        """Lenders who control one or two companies only as their majority shareholder (51–95 %
        or all of it, 《公司法》（2023）第265条 控股股东): not their legal representative, no shared
        phone or address — only the enterprise register links them (EF_HOLD_ONLY). He sues 3–5
        times in person and 4–9 times through each company, 11–15 suits in all, so only the
        shareholding adds him up to ten. Near miss (not truth): a man with 4–5 suits of his own who holds a minority
        (20–45 %) of a company suing 5–6 times: related by the register, in control of nothing."""
        p, rng = self.p, self.rng
        for k in range(instances(self.n, 20_000, 1)):
            g = p.group("professional_lender", f"holder {k}")
            lender = p.ents.persons(1, eflags=EF_KEEP_ID)[0]
            firms = p.ents.companies(int(rng.integers(1, 3)), sub=8, ctrl=lender,
                                     eflags=EF_HOLD_ONLY)  # fmt: skip
            own, nf = int(rng.integers(3, 6)), len(firms)
            rest = int(rng.integers(max(11 - own, 4 * nf), min(9 * nf, 15 - own) + 1))
            per_firm = np.array([len(x) for x in np.array_split(np.arange(rest), nf)])
            plaintiff = np.r_[np.full(own, lender), np.repeat(firms, per_firm)]
            n = len(plaintiff)
            span = int(rng.integers(200, 600))
            filing = weekday_shift(self.window(span) + np.sort(rng.integers(0, span, n)))
            idx = self._loan_suits(n, filing, g)
            plaintiff = plaintiff[rng.permutation(n)]
            p.slot(idx, plaintiff, "plaintiff",
                   variant=self.variants(n, (0, 0, V_SPACE, V_LLC)))  # fmt: skip
            p.slot(idx, p.ents.persons(n), "defendant")
            self.note("professional_lender", idx, plaintiff,
                      f"lender {k} through {len(firms)} companies he holds, not represents")  # fmt: skip
            # Near miss: a minority holder; his suits and the company's are not one lender's.
            holder = p.ents.persons(1, eflags=EF_KEEP_ID)[0]
            firm = p.ents.companies(1, sub=8, minor=holder)[0]
            own, by_firm = int(rng.integers(4, 6)), int(rng.integers(5, 7))
            who = np.r_[np.full(own, holder), np.full(by_firm, firm)]
            m = len(who)
            nf = weekday_shift(self.window(span) + np.sort(rng.integers(0, span, m)))
            nidx = self._loan_suits(m, nf, g)
            p.slot(nidx, who[rng.permutation(m)], "plaintiff")
            p.slot(nidx, p.ents.persons(m), "defendant")

    def _loan_suits(self, n: int, filing: np.ndarray, group: int, shift: bool = True) -> np.ndarray:
        """``n`` 民间借贷 first instances filed on ``filing``: judged, withdrawn or mediated;
        mediations take more than 45 days (a lender is not a ring)."""
        p, rng = self.p, self.rng
        method = np.array([M["judgment"], M["withdrawal"], M["mediation"]])[
            pick(rng, [0.6, 0.25, 0.15], n)
        ]
        end = filing + np.where(
            method == M["mediation"], rng.integers(50, 120, n), rng.integers(20, 150, n)
        )
        court = np.full(n, self.b.basic_courts(1)[0])
        court[rng.random(n) < 0.2] = self.b.basic_courts(1)[0]
        idx = self.civil(n, "民间借贷纠纷", filing, method, end, court, group=group)
        if not shift:
            p.cases.cols()["filing"][idx] = filing
        return idx

    def counterfeit_hunter(self) -> None:
        p, rng = self.p, self.rng
        for k in range(instances(self.n, 100_000, 1)):
            g = p.group("counterfeit_hunter", f"hunter {k}")
            hunter = p.ents.persons(1)[0]
            n = int(rng.integers(8, 13))
            span = int(rng.integers(120, 300))
            filing = weekday_shift(self.window(span) + np.sort(rng.integers(0, span, n)))
            causes = list(np.array(cat.PUNITIVE_CAUSES)[pick(rng, [0.3, 0.3, 0.4], n)])
            method = np.array([M["judgment"], M["mediation"], M["withdrawal"]])[
                pick(rng, [0.5, 0.25, 0.25], n)
            ]
            idx = self.civil(
                n,
                causes,
                filing,
                method,
                filing + rng.integers(25, 90, n),
                flags=F_PUNITIVE,
                group=g,
            )
            price = np.round(np.exp(rng.normal(5.5, 1.0, n)), 1)  # goods worth a few hundred yuan
            c = p.cases.cols()
            c["amount"][idx] = np.round(price + np.maximum(1000, 10 * price), 2)
            c["award"][idx] = np.where(c["award"][idx] > 0, c["amount"][idx], 0)
            sellers = p.ents.companies(n, sub=cat.INDUSTRIES.index("食品"))
            p.slot(idx, np.full(n, hunter), "plaintiff", variant=self.variants(n))
            p.slot(idx, sellers, "defendant")
            self.note("counterfeit_hunter", idx, hunter, f"hunter {k}: {n} suits in {span} days")

    def refiling_after_withdrawal(self) -> None:
        p, rng = self.p, self.rng
        causes = (
            "民间借贷纠纷",
            "房屋租赁合同纠纷",
            "服务合同纠纷",
            "劳务合同纠纷",
            "合伙合同纠纷",
        )
        for k in range(instances(self.n, 10_000, 2)):
            for distractor in (False, True):
                if distractor and rng.random() < 0.5:
                    continue
                g = p.group(
                    "refiling_after_withdrawal",
                    f"pair {k}" + (" (distractor: > 180 days)" if distractor else ""),
                )
                cause = causes[int(rng.integers(0, len(causes)))]
                f1 = self.window(700)
                e1 = f1 + int(rng.integers(15, 80))
                gap = int(rng.integers(200, 400)) if distractor else int(rng.integers(10, 170))
                first_method = "withdrawal" if rng.random() < 0.75 else "dismissal"
                a = self.civil(1, cause, [f1], first_method, [e1], group=g)
                e1 = int(p.cases["end"][a[0]])
                b = self.civil(
                    1,
                    cause,
                    [weekday_shift(np.array([e1 + gap]))[0]],
                    "judgment",
                    court=p.cases["court"][a],
                    group=g,
                )
                plaintiff = p.ents.persons(1)[0]
                defendant = (p.ents.persons if rng.random() < 0.6 else p.ents.companies)(1)[0]
                p.slot(a, plaintiff, "plaintiff")
                p.slot(a, defendant, "defendant")
                p.slot(b, plaintiff, "plaintiff")
                p.slot(
                    b,
                    defendant,
                    "defendant",
                    variant=self.variants(1, (V_SPACE, V_LLC, V_LOWER_X, V_NO_ID | V_SPACE)),
                )
                if not distractor:
                    self.note(
                        "refiling_after_withdrawal",
                        b,
                        plaintiff,
                        f"refiled {gap} days after {first_method}",
                    )

    def repeated_termination(self) -> None:
        p, rng, b = self.p, self.rng, self.b
        for k in range(instances(self.n, 10_000, 2)):
            g = p.group("repeated_termination", f"chain {k}")
            f = np.array([self.window(1100)])
            a = b.standalone_enforcement(
                1, filing=f, method=np.array([M["termination_current"]]), flags=F_PLANTED, group=g
            )
            resp = p.role_entities(a, "respondent")
            prev = a
            for step in range(2 if rng.random() < 0.4 else 1):
                c = p.cases.cols()
                f = b.gap_filing(c["end"][prev], 60, 300)
                if f[0] + 130 > AS_OF:
                    break
                r = b.enforcement(
                    "enf_resume",
                    c["court"][prev],
                    f,
                    c["cause"][prev],
                    np.round(c["amount"][prev] * 0.9),
                    np.array([M["termination_current"]]),
                    origin=prev,
                    relation=REL["resumed_enforcement"],
                    flags=F_PLANTED,
                    group=g,
                )
                p.copy_slots(prev, r, {"applicant": "applicant", "respondent": "respondent"})
                self.note("repeated_termination", r, resp, f"终本 again (resumption {step + 1})")
                prev = r

    def dead_party(self) -> None:
        p, rng, b = self.p, self.rng, self.b
        for k in range(instances(self.n, 5_000, 3)):
            g = p.group("dead_party", f"dead {k}")
            how = k % 3
            if how == 0:  # sued after death
                f = self.window(300)
                dead = p.ents.persons(
                    1, death=f - int(rng.integers(30, 900)), eflags=EF_ID_X | EF_KEEP_ID
                )[0]
                idx = self.civil(
                    1, "民间借贷纠纷", [f], "judgment", [f + int(rng.integers(40, 120))], group=g
                )
                p.slot(idx, p.ents.persons(1), "plaintiff")
                p.slot(idx, dead, "defendant", variant=self.variants(1, (V_PLAIN, V_LOWER_X)))
                self.note("dead_party", idx, dead, "defendant dead before filing")
            elif how == 1:  # a suit in a dead person's name (虚假诉讼 risk)
                f = self.window(300)
                died = f - int(rng.integers(60, 1200))
                dead = p.ents.persons(1, death=died, eflags=EF_KEEP_ID)[0]
                idx = self.civil(
                    1,
                    "房屋租赁合同纠纷",
                    [f],
                    "mediation",
                    [f + int(rng.integers(20, 90))],
                    group=g,
                )
                p.slot(idx, dead, "plaintiff", variant=self.variants(1, (V_PLAIN, V_SPACE)))
                p.slot(idx, p.ents.persons(1), "defendant")
                self.note("dead_party", idx, dead, "plaintiff dead before filing")
            else:  # judgment while alive, execution applied for after the debtor died
                f = self.window(900)
                idx = self.civil(
                    1, "买卖合同纠纷", [f], "judgment", [f + int(rng.integers(60, 150))], group=g
                )
                end = int(p.cases["end"][idx[0]])
                death = end + int(rng.integers(30, 200))
                dead = p.ents.persons(1, death=death, eflags=EF_KEEP_ID)[0]
                p.slot(idx, p.ents.companies(1, sub=0), "plaintiff")
                p.slot(idx, dead, "defendant")
                ef = weekday_shift(np.array([death + int(rng.integers(30, 300))], dtype=np.int32))
                if ef[0] + 120 > AS_OF:
                    ef[0] = min(death + 31, AS_OF - 130)
                e = b.enforcement(
                    "enf",
                    p.cases["court"][idx],
                    ef,
                    p.cases["cause"][idx],
                    p.cases["award"][idx],
                    np.array([M["termination_current"]]),
                    origin=idx,
                    relation=REL["enforcement"],
                    flags=F_PLANTED,
                    group=g,
                )
                p.copy_slots(idx, e, {"plaintiff": "applicant"})
                p.slot(e, dead, "respondent", variant=self.variants(1, (V_SPACE, V_LOWER_X)))
                self.note(
                    "dead_party", e, dead, "execution against a debtor who died after the judgment"
                )

    def bankruptcy_avoidance(self) -> None:
        p, rng, b = self.p, self.rng, self.b
        for k in range(instances(self.n, 50_000, 1)):
            g = p.group("bankruptcy_avoidance_wrong_plaintiff", f"debtor {k}")
            debtor = p.ents.companies(1, sub=int(rng.integers(0, len(cat.INDUSTRIES))))
            bk = b.bankruptcy(
                1,
                debtor=debtor,
                filing=np.array([self.window(700)]),
                accept=np.array([True]),
                pre_enforcement=False,
                flags=F_PLANTED,
                group=g,
            )
            if not len(bk):
                continue
            wrong = b.derived_suits(
                bk,
                debtor,
                "请求撤销个别清偿行为纠纷",
                debtor_plaintiff=True,
                flags=F_PLANTED,
                group=g,
            )
            b.derived_suits(
                bk, debtor, "请求撤销个别清偿行为纠纷", flags=F_PLANTED, group=g
            )  # correct one
            b.derived_suits(
                bk, debtor, "对外追收债权纠纷", flags=F_PLANTED, group=g
            )  # debtor sues: fine
            self.note(
                "bankruptcy_avoidance_wrong_plaintiff",
                wrong,
                debtor[0],
                "debtor sued instead of 管理人",
            )

    def debtor_receives_money(self) -> None:
        p, rng, b = self.p, self.rng, self.b
        for k in range(instances(self.n, 20_000, 1)):
            for distractor in (False, True):
                g = p.group(
                    "enforcement_debtor_receives_money",
                    f"debtor {k}" + (" (distractor: paid up first)" if distractor else ""),
                )
                r = p.ents.persons(1)[0]
                t0 = self.window(800)
                method = (
                    M["enforced_in_full"]
                    if distractor
                    else (M["termination_current"] if rng.random() < 0.7 else M["enforced_in_full"])
                )
                a = b.standalone_enforcement(
                    1,
                    respondent=np.array([r]),
                    filing=np.array([t0]),
                    method=np.array([method]),
                    flags=F_PLANTED,
                    group=g,
                )
                if not distractor and method == M["enforced_in_full"]:  # still open on the snapshot
                    p.cases["end"][a] = AS_OF + int(rng.integers(30, 200))
                # R wins a suit of its own and is paid out in its execution, after A was filed.
                f = t0 + int(rng.integers(-200, 60))
                s = self.civil(
                    1,
                    "买卖合同纠纷",
                    [max(f, START)],
                    "judgment",
                    [max(f, START) + int(rng.integers(40, 120))],
                    group=g,
                )
                p.slot(s, r, "plaintiff", variant=self.variants(1))
                p.slot(s, p.ents.persons(1), "defendant")
                c = p.cases.cols()
                ef = np.maximum(
                    c["end"][s] + 40, int(c["end"][a][0]) + 10 if distractor else t0 + 30
                )
                ef = np.minimum(ef, AS_OF - 200).astype(np.int32)
                e = b.enforcement(
                    "enf",
                    c["court"][s],
                    ef,
                    c["cause"][s],
                    c["award"][s],
                    np.array([M["enforced_in_full"]]),
                    origin=s,
                    relation=REL["enforcement"],
                    flags=F_PLANTED,
                    group=g,
                )
                p.copy_slots(s, e, {"plaintiff": "applicant", "defendant": "respondent"})
                if not distractor:
                    self.note(
                        "enforcement_debtor_receives_money",
                        a,
                        r,
                        "debtor paid out in its own execution",
                    )

    def terminated_debtor_pays(self) -> None:
        p, rng, b = self.p, self.rng, self.b
        for k in range(instances(self.n, 20_000, 1)):
            for distractor in (False, True):
                g = p.group(
                    "terminated_debtor_pays_elsewhere",
                    f"debtor {k}" + (" (distractor: partial)" if distractor else ""),
                )
                r = (p.ents.persons if rng.random() < 0.7 else p.ents.companies)(1)[0]
                t0 = self.window(900)
                a = b.standalone_enforcement(
                    1,
                    respondent=np.array([r]),
                    filing=np.array([t0]),
                    method=np.array([M["termination_current"]]),
                    flags=F_PLANTED,
                    group=g,
                )
                f = np.array(
                    [int(p.cases["end"][a][0]) + int(rng.integers(30, 300))], dtype=np.int32
                )
                f = np.minimum(f, AS_OF - 200)
                method = M["settlement"] if distractor else M["enforced_in_full"]
                b.standalone_enforcement(
                    1,
                    respondent=np.array([r]),
                    filing=f,
                    method=np.array([method]),
                    flags=F_PLANTED,
                    group=g,
                )
                if not distractor:
                    self.note(
                        "terminated_debtor_pays_elsewhere",
                        a,
                        r,
                        "终本 debtor paid another execution in full",
                    )

    def retired_debtor_housing_fund(self) -> None:
        p, rng, b = self.p, self.rng, self.b
        for k in range(instances(self.n, 10_000, 2)):
            g = p.group("retired_debtor_housing_fund", f"debtor {k}")
            male = rng.random() < 0.6
            birth = day(f"{int(rng.integers(1950, 1962))}-{int(rng.integers(1, 13)):02d}-15")
            r = p.ents.persons(
                1, gender=int(male), birth=birth, eflags=EF_RETIRED_BALANCE | EF_KEEP_ID
            )[0]
            a = b.standalone_enforcement(
                1,
                respondent=np.array([r]),
                filing=np.array([self.window(400)]),
                method=np.array([M["termination_current"]]),
                flags=F_PLANTED,
                group=g,
            )
            self.note(
                "retired_debtor_housing_fund", a, r, "retired, housing-fund balance not withdrawn"
            )

    def payout_after_bankruptcy(self) -> None:
        p, rng, b = self.p, self.rng, self.b
        for k in range(instances(self.n, 30_000, 1)):
            g = p.group("payout_after_bankruptcy", f"debtor {k}")
            debtor = p.ents.companies(1, sub=int(rng.integers(0, len(cat.INDUSTRIES))))
            bk = b.bankruptcy(
                1,
                debtor=debtor,
                filing=np.array([self.window(500)]),
                accept=np.array([True]),
                pre_enforcement=False,
                flags=F_PLANTED,
                group=g,
            )
            if not len(bk):
                continue
            t = int(p.cases["filing"][bk[0]])
            f = np.array([max(START, t - int(rng.integers(40, 160)))], dtype=np.int32)
            e = b.standalone_enforcement(
                1,
                respondent=debtor,
                filing=f,
                method=np.array([M["enforced_in_full"]]),
                flags=F_PLANTED | F_LATE_PAYMENTS,
                group=g,
            )
            p.cases["end"][e] = weekday_shift(
                np.array([t + int(rng.integers(60, 150))], dtype=np.int32)
            )
            self.note(
                "payout_after_bankruptcy",
                e,
                debtor[0],
                "execution money paid after bankruptcy acceptance",
            )

    def fundraising_victims(self) -> None:
        p, rng, b = self.p, self.rng, self.b
        for k in range(instances(self.n, 50_000, 1)):
            g = p.group("fundraising_victim_contract_suit", f"scheme {k}")
            charge = "非法吸收公众存款" if rng.random() < 0.7 else "集资诈骗"
            f = self.window(800, 200)
            crim = b.criminal(
                1,
                filing=np.array([f]),
                charge=np.array([CHARGE[charge] - N_CIVIL]),
                unit=np.array([True]),
                flags=F_PLANTED,
                group=g,
            )
            s = p.slots.cols()
            company = int(s["entity"][(s["case"] == crim[0]) & (s["seq"] == 9)][0])
            victims = s["entity"][(s["case"] == crim[0]) & (s["role"] == ROLE["victim"])]
            cf = int(p.cases["filing"][crim[0]])
            n = len(victims)
            filing = weekday_shift(np.minimum(cf + rng.integers(30, 400, n), AS_OF - 60))
            causes = list(np.array(["民间借贷纠纷", "委托理财合同纠纷"])[rng.integers(0, 2, n)])
            idx = self.civil(n, causes, filing, "judgment", group=g)
            p.slot(idx, victims, "plaintiff")
            p.slot(
                idx, np.full(n, company), "defendant", variant=self.variants(n, (V_PLAIN, V_LLC))
            )
            self.note(
                "fundraising_victim_contract_suit",
                idx,
                company,
                f"victims of {charge} sue the company",
            )
            # Distractor: an investor who sued before the criminal case existed.
            if cf - 200 > START:
                d = self.civil(
                    1, "民间借贷纠纷", [cf - int(rng.integers(60, 200))], "judgment", group=g
                )
                p.slot(d, p.ents.persons(1), "plaintiff")
                p.slot(d, company, "defendant")

    def fake_divorce(self) -> None:
        p, rng = self.p, self.rng
        for k in range(instances(self.n, 20_000, 1)):
            for distractor in (False, True):
                g = p.group(
                    "fake_divorce_debt_evasion",
                    f"couple {k}" + (" (distractor: suits after a year)" if distractor else ""),
                )
                male = rng.random() < 0.7
                debtor = p.ents.persons(1, gender=int(male))[0]
                spouse = p.ents.persons(1, gender=int(not male))[0]
                f = self.window(900)
                d = self.civil(
                    1,
                    "离婚纠纷",
                    [f],
                    "mediation",
                    [f + int(rng.integers(15, 60))],
                    flags=F_PROPERTY_TO_SPOUSE,
                    group=g,
                )
                p.cases["award"][d] = np.round(
                    np.exp(rng.normal(14.5, 0.5)), -3
                )  # the flat moved over
                # The debtor is the defendant: details writes the property transfer defendant → plaintiff.
                p.slot(d, spouse, "plaintiff")
                p.slot(d, debtor, "defendant")
                end = int(p.cases["end"][d][0])
                n = int(rng.integers(2, 4))
                lag = rng.integers(400, 600, n) if distractor else rng.integers(20, 330, n)
                filing = weekday_shift(np.minimum(end + lag, AS_OF - 30))
                causes = list(np.array(["民间借贷纠纷", "买卖合同纠纷"])[rng.integers(0, 2, n)])
                suits = self.civil(n, causes, filing, "judgment", group=g)
                p.slot(suits, p.ents.persons(n), "plaintiff")
                p.slot(suits, np.full(n, debtor), "defendant", variant=self.variants(n))
                if not distractor:
                    self.note(
                        "fake_divorce_debt_evasion",
                        d,
                        debtor,
                        f"{n} debt suits within a year of the divorce",
                    )

    def false_lending_ring(self) -> None:
        """Rings of 5–8 borrowers; every other one sues half its borrowers through a company
        the lender represents (his phone or address on its rows), so only the controller adds
        up to five. Near misses (not truth): the same with four borrowers, and five borrowers
        of whom one case took 31 days (the rule says within 30)."""
        p, rng = self.p, self.rng
        for k in range(instances(self.n, 20_000, 1)):
            g = p.group("false_lending_ring", f"ring {k}")
            for kind in ("ring", "four", "slow"):
                person = rng.random() < 0.7 or k % 2 == 0
                lender = (p.ents.persons(1) if person else p.ents.companies(1, sub=8))[0]
                lawyer = int(rng.integers(0, self.n_lawyers))
                n = int(rng.integers(5, 9)) if kind == "ring" else 4 if kind == "four" else 5
                span = int(rng.integers(60, 300))
                filing = weekday_shift(self.window(span) + np.sort(rng.integers(0, span, n)))
                took = rng.integers(5, 28, n)
                if kind == "slow":
                    took[0] = 31
                idx = self.civil(
                    n, "民间借贷纠纷", filing, "mediation", filing + took, flags=F_RING, group=g
                )
                if kind == "slow":  # exactly 31 days, not shifted to a weekday
                    c = p.cases.cols()
                    c["end"][idx[0]] = c["filing"][idx[0]] + 31
                plaintiff = np.full(n, lender)
                if k % 2 == 0:
                    firm = p.ents.companies(1, sub=8, rep=lender)[0]
                    plaintiff[1::2] = firm
                p.slot(
                    idx,
                    plaintiff,
                    "plaintiff",
                    lawyer=lawyer,
                    variant=self.variants(n, (0, 0, V_SPACE, V_LLC, V_NO_ID)),
                )
                p.slot(idx, p.ents.persons(n), "defendant", lawyer=-2)
                if kind == "ring":
                    self.note(
                        "false_lending_ring", idx, plaintiff, f"ring {k}: {n} borrowers, one lawyer"
                    )

    def lawyer_both_sides(self) -> None:
        """One lawyer acting for the plaintiff and the defendant of one suit (律师法 Art. 39, a
        mark of a staged suit), settled by mediation soon after filing. Distractor: the same
        lawyer for a plaintiff in one suit and for the defendant in another (allowed)."""
        p, rng = self.p, self.rng
        causes = ("民间借贷纠纷", "买卖合同纠纷", "房屋租赁合同纠纷", "服务合同纠纷")
        for k in range(instances(self.n, 20_000, 2)):
            g = p.group("lawyer_both_sides", f"lawyer {k}")
            lawyer = int(rng.integers(0, self.n_lawyers))
            cause = causes[int(rng.integers(0, len(causes)))]
            f = self.window(400)
            idx = self.civil(1, cause, [f], "mediation", [f + int(rng.integers(12, 60))], group=g)
            if rng.random() < 0.6:
                plaintiff = p.ents.persons(1)[0]
            else:
                plaintiff = p.ents.companies(1, sub=int(rng.integers(0, len(cat.INDUSTRIES))))[0]
            p.slot(idx, plaintiff, "plaintiff", lawyer=lawyer)
            p.slot(idx, p.ents.persons(1), "defendant", lawyer=lawyer)
            self.note("lawyer_both_sides", idx, -1, f"lawyer_id {lawyer + 1} for both sides")
            later = weekday_shift(f + np.sort(rng.integers(30, 300, 2)))
            d = self.civil(2, cause, later, "judgment", group=g)
            p.slot(d, p.ents.persons(2), "plaintiff", lawyer=np.array([lawyer, -1]))
            p.slot(d, p.ents.persons(2), "defendant", lawyer=np.array([-1, lawyer]))

    # flags on clean cases -----------------------------------------------------------------------
    def _clean_pool(self, kinds: list[str], methods: list[str], extra=None) -> np.ndarray:
        c = self.p.cases.cols()
        ok = np.isin(c["kind"], [K[x] for x in kinds]) & np.isin(
            c["method"], [M[m] for m in methods]
        )
        ok &= (c["flags"] & F_PLANTED) == 0
        ok &= c["end"] <= AS_OF
        # Not a judgment under appeal: the appeal's document quotes the judgment (原判…), so the
        # defect would show in a second case that is not truth.
        appeal = c["origin"][(c["relation"] == REL["appeal"]) & (c["origin"] >= 0)]
        ok[appeal] = False
        if extra is not None:
            ok &= extra
        return np.flatnonzero(ok)

    def interest_wording(self) -> None:
        c = self.p.cases.cols()
        money = (
            (c["award"] > 0) & np.isin(c["cause"], np.arange(N_CIVIL)) & FIRST_INSTANCE[c["kind"]]
        )
        pool = self._clean_pool(["civ1", "civ1_int", "remand"], ["judgment"], money)
        pick_ = self.b.choose(pool, instances(self.n, 2_000, 3))
        omit = self.rng.random(len(pick_)) < 0.3
        c["flags"][pick_[omit]] |= F_OMIT_ARTICLE | F_PLANTED
        c["flags"][pick_[~omit]] |= F_WRONG_ARTICLE | F_PLANTED
        for i, o in zip(pick_, omit, strict=True):
            self.p.truth_planted.append(
                (
                    "interest_wording_nonstandard",
                    int(i),
                    -1,
                    "clause omitted" if o else "wrong article",
                )
            )

    def interest_over_cap(self) -> None:
        c = self.p.cases.cols()
        pool = self._clean_pool(
            ["civ1"], ["judgment"], (c["cause"] == CIVIL["民间借贷纠纷"]) & (c["award"] > 0)
        )
        pick_ = self.b.choose(pool, instances(self.n, 5_000, 2))
        c["flags"][pick_] |= F_OVER_CAP | F_FORCE_INTEREST | F_PLANTED
        for i in pick_:
            self.p.truth_planted.append(
                ("interest_over_cap", int(i), -1, "rate above 4 × LPR / 24 %")
            )

    def sentences(self) -> None:
        p = self.p
        c = p.cases.cols()
        s = p.slots.cols()
        charge = c["cause"] - N_CIVIL
        judged = self._clean_pool(["crim1"], ["judgment"])
        first_def = (s["role"] == ROLE["criminal_defendant"]) & (s["seq"] == 1)
        rows = np.flatnonzero(first_def & np.isin(s["case"], judged))
        fined = np.array([ch.fine is not None for ch in cat.CHARGES])
        has_fine = fined[charge[s["case"][rows]]]
        for scenario, flag, pool, per in (
            ("sentence_end_date_wrong", S_WRONG_END, rows, 5_000),
            ("fine_out_of_range", S_FINE_OUT, rows[has_fine], 5_000),
        ):
            taken = s["sflag"][pool] != 0
            chosen = self.b.choose(pool[~taken], instances(self.n, per, 2))
            s["sflag"][chosen] = flag
            c["flags"][s["case"][chosen]] |= F_PLANTED
            for r in chosen:
                p.truth_planted.append((scenario, int(s["case"][r]), int(s["entity"][r]), ""))


def plant_new_cases(planter: Planter) -> None:
    """Scenarios that add cases of their own (run before the clean caseload is built)."""
    planter.professional_lender()
    planter.counterfeit_hunter()
    planter.refiling_after_withdrawal()
    planter.repeated_termination()
    planter.dead_party()
    planter.bankruptcy_avoidance()
    planter.debtor_receives_money()
    planter.terminated_debtor_pays()
    planter.retired_debtor_housing_fund()
    planter.payout_after_bankruptcy()
    planter.fundraising_victims()
    planter.fake_divorce()
    planter.false_lending_ring()
    planter.lawyer_both_sides()
    planter.lender_through_holdings()


def plant_flags(planter: Planter) -> None:
    """Scenarios that write a defect into clean cases (run after the clean caseload)."""
    planter.interest_wording()
    planter.interest_over_cap()
    planter.sentences()


__all__ = ["Planter", "plant_flags", "plant_new_cases"]
