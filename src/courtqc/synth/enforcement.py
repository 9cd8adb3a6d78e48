"""Execution (执行) cases: their actions (search, notice, measures) and the payments to the
applicant, for ``Details``."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from courtqc.synth.plan import (
    F_LATE_PAYMENTS,
    K,
    M,
)
from courtqc.synth.timeline import AS_OF


class Enforcement:
    """The enforcement half of ``Details``: enforcement actions and payments; it records the
    action days that the execution cases' events use."""

    action0 = 0  # ids before this court's (shard's) first enforcement action and payment
    payment0 = 0

    # --- enforcement -----------------------------------------------------------------------------
    def enforcement(self) -> tuple[pa.Table, pa.Table]:
        """Enforcement actions and payments; remembers each case's first payout day."""
        rng = self.rng(4)
        c = self.p.cases.cols()
        ex = np.flatnonzero(np.isin(c["kind"], [K["enf"], K["enf_resume"]]))
        actions = self._enforcement_actions(rng, c, ex)
        payments = self._payments(rng, c, ex)
        return actions, payments

    def _enforcement_actions(
        self, rng: np.random.Generator, c: dict[str, np.ndarray], ex: np.ndarray
    ) -> pa.Table:
        """Actions of the execution cases ``ex`` (and the 执保 freezes); remembers each case's
        first measure, notice and search days."""
        kind = c["kind"]
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
                "action_id": pa.array(np.arange(1, len(o) + 1, dtype=np.int64) + self.action0),
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
        return actions

    def _payments(
        self, rng: np.random.Generator, c: dict[str, np.ndarray], ex: np.ndarray
    ) -> pa.Table:
        """Payments in (by the respondent) and out (案款发放 to the applicant); remembers each
        case's first payout day."""
        f, end, m, amt = c["filing"][ex], c["end"][ex], c["method"][ex], c["amount"][ex]
        n = len(ex)
        zb = m == M["termination_current"]
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
                "payment_id": pa.array(np.arange(1, len(o) + 1, dtype=np.int64) + self.payment0),
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
        return payments
