"""Workflow events of every case (trial nodes, execution nodes), a chunk of cases at a time,
for ``Details``."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from courtqc.domain.nodes import ENFORCEMENT_NODES, TRIAL_NODES
from courtqc.synth import catalog as cat
from courtqc.synth.plan import (
    KIND_INFO,
    KINDS,
    METHODS,
    K,
    M,
)
from courtqc.synth.timeline import AS_OF

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


class Events:
    """The events half of ``Details``: node events of trial and execution cases."""

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
