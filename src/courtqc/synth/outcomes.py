"""Civil outcomes (what a judgment or mediation orders: principal, interest and its rate,
costs, the late-interest clause) and criminal sentences, for ``Details``."""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np
import pyarrow as pa

from courtqc.law.civil_procedure import late_interest_article
from courtqc.law.fines import fine_range
from courtqc.law.lpr import interest_cap_pct, lpr_1y_on
from courtqc.law.sentencing import expected_term_end, term_end_from
from courtqc.synth import catalog as cat
from courtqc.synth.plan import (
    E_NATURAL,
    F_FORCE_INTEREST,
    F_OMIT_ARTICLE,
    F_OVER_CAP,
    F_PROPERTY_TO_SPOUSE,
    F_PUNITIVE,
    F_WRONG_ARTICLE,
    N_CIVIL,
    ROLE,
    S_FINE_OUT,
    S_WRONG_END,
    K,
    M,
)
from courtqc.synth.timeline import AS_OF, day, to_date

CIVIL_KINDS = [K[k] for k in ("civ1", "civ1_int", "fin1", "ip1", "mar1", "remand", "bk_derived")]
TORT_CAUSES = (
    "机动车交通事故责任纠纷",
    "生命权、身体权、健康权纠纷",
    "医疗损害责任纠纷",
    "产品责任纠纷",
)


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


class Outcomes:
    """The outcome half of ``Details``: civil_outcomes and sentences (each on its own random
    stream)."""

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
        private = cname == "民间借贷纠纷"
        over = (fl & F_OVER_CAP) != 0
        u = rng.random(n)
        rate_text, rate_pct = _interest_rates(interest, private, over, cname, contract, filing, u)
        art, art_mask = _late_clause(end, judged, fl, u)

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
        slot_row: dict[tuple[int, int], int] = {}  # (case, entity) → its row in out
        ents: list[int] = []
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
            slot_row[(ci, int(s["entity"][r]))] = len(ents)
            ents.append(int(s["entity"][r]))
            self._emit(out, ci, int(self.slot_party[r]), ch.name, row)
        # 改判 on appeal: the appellants' new (lighter) sentences, from the same custody dates.
        appeal = np.flatnonzero(
            self.closed & (c["kind"] == K["crim2"]) & (c["method"] == M["modified"])
        )
        arows = np.flatnonzero((s["role"] == ROLE["appellant"]) & np.isin(s["case"], appeal))
        superseded: set[int] = set()  # first-instance rows an appeal's sentence replaced
        for r in arows:
            ci = int(s["case"][r])
            old = by_slot.get((int(c["origin"][ci]), int(s["entity"][r])))
            if old is None:
                continue
            ch = cat.CHARGES[int(c["cause"][ci]) - N_CIVIL]
            row = _lighter(old, int(c["end"][ci]), ch.name)
            superseded.add(slot_row[(int(c["origin"][ci]), int(s["entity"][r]))])
            ents.append(int(s["entity"][r]))
            self._emit(out, ci, int(self.slot_party[r]), ch.name, row)
        # case_id k is the k-th case in filing order (self.order), counted from this court's
        # (shard's) first case id
        first_id = self.case_id.min()
        ends = c["end"][self.order[np.asarray(out["case_id"], np.int64) - first_id]]
        female = e["gender"][np.asarray(ents, np.int64)] == 0
        ex = _execution(out, ends, female, superseded, self.rng(6))
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
                "parole_date": pa.array(ex[0], pa.date32()),
                "outside_prison_from": pa.array(ex[1], pa.date32()),
                "outside_prison_until": pa.array(ex[2], pa.date32()),
                "outside_prison_reason": pa.array(ex[3], pa.string()),
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


def _interest_rates(
    interest: np.ndarray,
    private: np.ndarray,
    over: np.ndarray,
    cname: np.ndarray,
    contract: np.ndarray,
    filing: np.ndarray,
    u: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The interest rate as the judgment words it, and as an annual percentage, per decided
    case that awards interest: private loans at the LPR or a rate under the cap of the
    contract's day (planted ones over it), credit cards per day, other loans per contract."""
    n = len(interest)
    rate_text = np.full(n, None, dtype=object)
    rate_pct = np.full(n, np.nan)
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
                options = [x for x in (4.0, 5.0, 6.0, 7.2, 8.0, 9.0, 10.0, 12.0) if x <= 0.75 * cap]
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
    return rate_text, rate_pct


def _late_clause(
    end: np.ndarray, judged: np.ndarray, fl: np.ndarray, u: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The article a judgment's late-interest clause cites, and where the clause is absent."""
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
    return art, art_mask


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


def _execution(
    out: dict[str, list],
    ends: np.ndarray,
    female: np.ndarray,
    superseded: set[int],
    rng: np.random.Generator,
) -> tuple[list, list, list, list]:
    """Parole and 暂予监外执行 per sentence row: (parole_date, outside_prison_from,
    outside_prison_until, outside_prison_reason), from their own random stream (6) so that
    every other column of every table stays as it was drawn before these columns existed.

    Parole (刑法第八十一条、第八十三条): a fixed term of 12 months or more, not suspended, after
    half to nine tenths of it served (counted from the custody start, as the term is), at least
    three months after the judgment and before the term ends, and no later than the data's
    snapshot day. 暂予监外执行 (刑事诉讼法第二百六十五条): decided by the court on judgment for a
    custodial sentence still running then; the first day outside is when the judgment takes
    effect and the prisoner would have been delivered; it lasts to the term's end (the time
    counts as served, 第二百六十八条), or for a nursing mother until the baby is one, or until
    the illness has passed and the rest is served inside. A row an appeal's sentence replaced
    gets neither: the handover follows the final sentence."""
    n = len(out["case_id"])
    u = rng.random((n, 4))
    reasons, weights = zip(*cat.OUTSIDE_PRISON_REASONS, strict=True)
    cum = np.cumsum(weights) / sum(weights)
    parole: list = [None] * n
    o_from: list = [None] * n
    o_until: list = [None] * n
    o_reason: list = [None] * n
    for i in range(n):
        pen, term, prob = (
            out["principal_penalty"][i],
            out["term_months"][i],
            out["probation_months"][i],
        )
        tstart, tend = out["term_start"][i], out["term_end"][i]
        if i in superseded or prob is not None or tstart is None or tend is None:
            continue
        if pen not in ("fixed_term", "criminal_detention"):
            continue
        start, end_t, judged = day(tstart), day(tend), int(ends[i])
        if end_t <= judged + 30:
            continue  # served (nearly) all of it before the judgment
        if u[i, 0] < cat.OUTSIDE_PRISON_SHARE:
            first = judged + 11 + int(u[i, 1] * 20)
            reason = reasons[
                min(int(np.searchsorted(cum, u[i, 2], side="right")), len(reasons) - 1)
            ]
            if reason == "pregnant_or_nursing" and not female[i]:
                reason = "serious_illness"
            last = end_t
            if reason == "pregnant_or_nursing":
                last = min(end_t, first + 200 + int(u[i, 3] * 330))  # to the baby's first birthday
            elif u[i, 3] < 0.3:
                last = min(end_t, first + 180 + int(u[i, 3] / 0.3 * 540))  # recovered: back inside
            if first < end_t:
                o_from[i], o_until[i], o_reason[i] = to_date(first), to_date(last), reason
            continue
        barred = term >= 120 and any(x in cat.PAROLE_BARRED for x in out["charges"][i].split(";"))
        if pen != "fixed_term" or term < 12 or barred:
            continue
        if u[i, 1] < cat.PAROLE_SHARE / (1 - cat.OUTSIDE_PRISON_SHARE):
            d = start + int((end_t - start) * (0.5 + 0.4 * u[i, 2]))
            d = max(d, judged + 90)
            if d < end_t - 30 and d <= AS_OF:
                parole[i] = to_date(d)
    return parole, o_from, o_until, o_reason


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
