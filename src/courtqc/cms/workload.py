"""The CMS workload driver: clerks and judges at work, at a chosen rate.

Live (pending) cases move through the workflow nodes of their track, one node per
transaction, as a CMS writes it: the case row's node (and, at closing, its status, closing date
and method) is updated and a flow record inserted. Around that, the way a court's day goes:
new cases are filed (parties drawn from people already known to the court, so the same persons
keep coming back — and, given a list, some of them dead), party details are corrected, wrong
flow records are entered and deleted, a just-filed case is withdrawn (deleted with its rows),
enforcement cases get measures and payments. `rate` counts node changes per second, filings
included.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg2
import psycopg2.extensions

from courtqc.cms import db
from courtqc.domain.caseno import CaseNumberError, parse_case_no

TRIAL_PATH = (
    "0101",
    "0102",
    "0103",
    "0104",
    "0105",
    "0106",
    "0108",
    "0109",
    "0110",
    "0111",
    "0112",
)
ENFORCEMENT_PATH = ("0201", "0202", "0203", "0204", "0206", "0207")
CLOSING = {"0111": "2", "0112": "3", "0207": "2"}  # node → 案件状态 it sets
TRIAL_METHODS = ("01", "01", "01", "02", "02", "03")  # 判决, 调解, 撤诉
ENFORCEMENT_METHODS = ("10", "11", "13")  # 执行完毕, 终本, 和解

# share of operations (the rest are node changes of existing cases)
NEW_CASE, PARTY_UPDATE, WRONG_RECORD, WITHDRAW = 0.08, 0.06, 0.03, 0.01


@dataclass
class WorkloadStats:
    node_changes: int = 0  # includes filings of new cases
    new_cases: int = 0
    party_updates: int = 0
    records_deleted: int = 0
    cases_withdrawn: int = 0
    measures: int = 0
    payments: int = 0
    transactions: int = 0
    lost_connections: int = 0  # operations cut off by a lost connection (PostgreSQL restarted)
    elapsed_s: float = 0.0
    log: list[tuple[int, str]] = field(default_factory=list)  # (ajbs, node code) per node change
    withdrawn: list[int] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.node_changes / self.elapsed_s if self.elapsed_s else 0.0


@dataclass
class _Case:
    ajbs: int
    table: str  # tb_ajxx | tb_zxaj
    node: str
    fydm: str


class _Court:
    """What the driver knows about the CMS at the start, shared by the workers."""

    def __init__(self, pg: psycopg2.extensions.connection, rng: random.Random):
        with pg.cursor() as cur:
            cur.execute(
                "SELECT ajbs, 'tb_ajxx', lcjd, fydm FROM tb_ajxx WHERE ajzt = '1' "
                "UNION ALL SELECT ajbs, 'tb_zxaj', lcjd, fydm FROM tb_zxaj WHERE ajzt = '1' ORDER BY 1"
            )
            self.live = [_Case(*r) for r in cur.fetchall()]
            cur.execute("SELECT rybs, fydm FROM tb_ry WHERE zw = '1' AND sfzz = '1'")
            self.judges: dict[str, list[int]] = {}
            for rybs, fydm in cur.fetchall():
                self.judges.setdefault(fydm, []).append(rybs)
            cur.execute(
                "SELECT DISTINCT aydm, aymc, aybb FROM tb_ajxx WHERE ajlb = '2' AND spcx = '1' AND aymc IS NOT NULL"
            )
            self.causes = cur.fetchall() or [("103(3)", "民间借贷纠纷", "2020")]
            # people known to the court, to file new cases with
            cur.execute(
                "SELECT dsrlx, mc, zjlx, zjhm, xb, csrq, mz, dz, lxdh, fddbr FROM tb_dsr "
                "WHERE dsrlx IN ('1', '2') ORDER BY dsrbs LIMIT 20000"
            )
            self.people = cur.fetchall()
            cur.execute("SELECT ah FROM tb_ajxx UNION ALL SELECT ah FROM tb_zxaj")
            self.next_seq: dict[tuple[int, str, str], int] = {}
            for (ah,) in cur.fetchall():
                try:
                    c = parse_case_no(ah)
                except CaseNumberError:
                    continue
                k = (c.year or 0, c.court_code, c.type_code)
                self.next_seq[k] = max(self.next_seq.get(k, 0), c.seq)
            cur.execute("SELECT fydm, fyjc FROM tb_fy WHERE fyjb = '4' AND fylx = '1'")
            self.basic = cur.fetchall()
        pg.rollback()
        rng.shuffle(self.live)
        self.lock = threading.Lock()

    def case_no(self, year: int, court: str, type_code: str) -> str:
        with self.lock:
            k = (year, court, type_code)
            self.next_seq[k] = self.next_seq.get(k, 0) + 1
            return f"({year}){court}{type_code}{self.next_seq[k]}号"


class _Worker:
    def __init__(
        self,
        dsn: str,
        court: _Court,
        cases: list[_Case],
        rng: random.Random,
        stats: WorkloadStats,
        dead: list[tuple],
        dead_share: float,
    ):
        self.dsn = dsn
        self.pg = db.connect(dsn)
        self.court, self.cases, self.rng, self.stats = court, cases, rng, stats
        self.dead, self.dead_share = dead, dead_share
        self.wrong: list[int] = []  # flow records entered by mistake, to be deleted
        self.mine_new: list[_Case] = []

    def op(self) -> None:
        r = self.rng.random()
        with self.pg.cursor() as cur:
            if r < NEW_CASE or not self.cases:
                self._new_case(cur)
            elif r < NEW_CASE + PARTY_UPDATE:
                self._party_update(cur)
            elif r < NEW_CASE + PARTY_UPDATE + WRONG_RECORD:
                self._wrong_record(cur)
            elif r < NEW_CASE + PARTY_UPDATE + WRONG_RECORD + WITHDRAW and self.mine_new:
                self._withdraw(cur)
            else:
                self._advance(cur)
        self.pg.commit()
        self.stats.transactions += 1

    def reconnect(self, until: float) -> None:
        """After a lost connection (a PostgreSQL restart): connect again, with backoff, until
        `until` (monotonic). The operation cut off is not retried; whether its COMMIT reached
        the server is unknown, so the log may name a change that did not happen or miss one
        that did — compare the CMS itself (ingest verify), not the log, in such runs."""
        with contextlib.suppress(psycopg2.Error):
            self.pg.close()
        delay = 0.2
        while True:
            try:
                self.pg = db.connect(self.dsn)
                return
            except db.CmsError:
                if time.monotonic() + delay > until:
                    raise
                time.sleep(delay)
                delay = min(2.0, delay * 2)

    def _judge(self, fydm: str) -> int | None:
        js = self.court.judges.get(fydm)
        return self.rng.choice(js) if js else None

    def _advance(self, cur: Any) -> None:
        case = self.cases[self.rng.randrange(len(self.cases))]
        path = TRIAL_PATH if case.table == "tb_ajxx" else ENFORCEMENT_PATH
        i = path.index(case.node) + 1 if case.node in path else 0
        if i >= len(path):
            self.cases.remove(case)
            return
        node = path[i]
        today = dt.date.today()
        judge = self._judge(case.fydm)
        if node in CLOSING:
            status = CLOSING[node]
            if case.table == "tb_ajxx":
                jarq = today.strftime("%Y%m%d")
                if node == "0111":
                    cur.execute(
                        "UPDATE tb_ajxx SET lcjd = %s, ajzt = %s, jarq = %s, jafs = %s, gxsj = now() WHERE ajbs = %s",
                        [node, status, jarq, self.rng.choice(TRIAL_METHODS), case.ajbs],
                    )
                else:
                    cur.execute(
                        "UPDATE tb_ajxx SET lcjd = %s, ajzt = %s, gxsj = now() WHERE ajbs = %s",
                        [node, status, case.ajbs],
                    )
            else:
                cur.execute(
                    "UPDATE tb_zxaj SET lcjd = %s, ajzt = %s, jarq = %s, jafs = %s, gxsj = now() WHERE ajbs = %s",
                    [node, status, today, self.rng.choice(ENFORCEMENT_METHODS), case.ajbs],
                )
        else:
            cur.execute(
                f"UPDATE {case.table} SET lcjd = %s, gxsj = now() WHERE ajbs = %s",
                [node, case.ajbs],
            )
        cur.execute(
            "INSERT INTO tb_lcjl (jlbs, ajbs, jddm, fssj, czr) VALUES (nextval('seq_jlbs'), %s, %s, now(), %s)",
            [case.ajbs, node, judge],
        )
        if node in ("0203", "0204"):
            cur.execute(
                "INSERT INTO tb_zxcs (csbs, ajbs, cslx, csrq, je) VALUES (nextval('seq_csbs'), %s, %s, %s, %s)",
                [
                    case.ajbs,
                    "03" if node == "0203" else "04",
                    today,
                    round(self.rng.uniform(1e3, 5e5), 2),
                ],
            )
            self.stats.measures += 1
        elif node == "0206":
            cur.execute(
                "SELECT dsrbs FROM tb_dsr WHERE ajbs = %s AND ssdw = '06' ORDER BY xh LIMIT 1",
                [case.ajbs],
            )
            row = cur.fetchone()
            if row:
                cur.execute(
                    "INSERT INTO tb_ajk (kxbs, ajbs, sffx, dsrbs, je, rq) VALUES (nextval('seq_kxbs'), %s, '2', %s, %s, %s)",
                    [case.ajbs, row[0], round(self.rng.uniform(1e3, 2e5), 2), today],
                )
                self.stats.payments += 1
        case.node = node
        if node in ("0112", "0207"):
            self.cases.remove(case)
            if case in self.mine_new:
                self.mine_new.remove(case)
        elif node == "0111" and case in self.mine_new:
            self.mine_new.remove(case)  # closed: no longer withdrawn
        self.stats.node_changes += 1
        self.stats.log.append((case.ajbs, node))

    def _person(self, cur: Any, ajbs: int, ssdw: str, dead: bool) -> None:
        if dead and self.dead:
            name, id_number = self.rng.choice(self.dead)
            row = ("1", name, "01", id_number, None, None, None, None, None, None)
        else:
            row = self.rng.choice(self.court.people)
        cur.execute(
            "INSERT INTO tb_dsr (dsrbs, ajbs, ssdw, xh, dsrlx, mc, zjlx, zjhm, xb, csrq, mz, dz, lxdh, fddbr) "
            "VALUES (nextval('seq_dsrbs'), %s, %s, 1, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [ajbs, ssdw, *row],
        )

    def _new_case(self, cur: Any) -> None:
        fydm, fyjc = self.rng.choice(self.court.basic)
        today = dt.date.today()
        ah = self.court.case_no(today.year, fyjc, "民初")
        aydm, aymc, aybb = self.rng.choice(self.court.causes)
        cur.execute("SELECT nextval('seq_ajbs')")
        ajbs = cur.fetchone()[0]
        judge = self._judge(fydm)
        cur.execute(
            "INSERT INTO tb_ajxx (ajbs, ah, fydm, ajlb, spcx, sycx, aydm, aymc, aybb, larq, ajzt, lcjd, cbr, bdje) "
            "VALUES (%s, %s, %s, '2', '1', %s, %s, %s, %s, %s, '1', '0101', %s, %s)",
            [ajbs, ah, fydm, self.rng.choice("122"), aydm, aymc, aybb, today.strftime("%Y%m%d"), judge,
             round(self.rng.uniform(5e3, 5e5), 2)],
        )  # fmt: skip
        self._person(cur, ajbs, "01", dead=False)
        self._person(cur, ajbs, "02", dead=self.rng.random() < self.dead_share)
        cur.execute(
            "INSERT INTO tb_lcjl (jlbs, ajbs, jddm, fssj, czr) VALUES (nextval('seq_jlbs'), %s, '0101', now(), %s)",
            [ajbs, judge],
        )
        case = _Case(ajbs, "tb_ajxx", "0101", fydm)
        self.cases.append(case)
        self.mine_new.append(case)
        self.stats.new_cases += 1
        self.stats.node_changes += 1
        self.stats.log.append((ajbs, "0101"))

    def _party_update(self, cur: Any) -> None:
        case = self.rng.choice(self.cases)
        cur.execute(
            "UPDATE tb_dsr SET dz = %s, lxdh = %s, gxsj = now() WHERE dsrbs = "
            "(SELECT dsrbs FROM tb_dsr WHERE ajbs = %s ORDER BY dsrbs LIMIT 1)",
            [
                f"上海市某区某路{self.rng.randint(1, 999)}号",
                f"139{self.rng.randint(0, 99999999):08d}",
                case.ajbs,
            ],
        )
        self.stats.party_updates += 1

    def _wrong_record(self, cur: Any) -> None:
        if self.wrong:  # the clerk notices and deletes it
            cur.execute("DELETE FROM tb_lcjl WHERE jlbs = %s", [self.wrong.pop()])
            self.stats.records_deleted += 1
            return
        case = self.rng.choice(self.cases)
        cur.execute(
            "INSERT INTO tb_lcjl (jlbs, ajbs, jddm, fssj, bz) VALUES (nextval('seq_jlbs'), %s, %s, now(), '误录') "
            "RETURNING jlbs",
            [case.ajbs, case.node],
        )
        self.wrong.append(cur.fetchone()[0])

    def _withdraw(self, cur: Any) -> None:
        case = self.mine_new.pop(self.rng.randrange(len(self.mine_new)))
        for t in ("tb_lcjl", "tb_dlr", "tb_dsr", "tb_zxcs", "tb_ajk"):
            cur.execute(f"DELETE FROM {t} WHERE ajbs = %s", [case.ajbs])
        cur.execute("DELETE FROM tb_ajxx WHERE ajbs = %s", [case.ajbs])
        if case in self.cases:
            self.cases.remove(case)
        self.stats.cases_withdrawn += 1
        self.stats.withdrawn.append(case.ajbs)


def run_workload(
    dsn: str,
    rate: float,
    duration: float,
    *,
    seed: int = 1,
    workers: int = 2,
    dead: list[tuple[str, str]] | None = None,
    dead_share: float = 0.2,
    stop: threading.Event | None = None,
    progress: Callable[[WorkloadStats], None] | None = None,
) -> WorkloadStats:
    """Drive the CMS at `rate` node changes per second for `duration` seconds.

    `dead`: (name, ID number) of people the population register lists as dead; that share of
    new cases gets one of them as defendant. Each worker owns a slice of the live cases, so two
    workers never move the same case."""
    if rate <= 0 or duration <= 0:
        raise ValueError("rate 和 duration 须为正数 (rate and duration must be positive)")
    rng = random.Random(seed)
    pg = db.connect(dsn)
    court = _Court(pg, rng)
    pg.close()
    stats = WorkloadStats()
    per_worker = [WorkloadStats() for _ in range(workers)]
    ws = [
        _Worker(dsn, court, court.live[i::workers], random.Random(seed * 1000 + i), per_worker[i], dead or [],
                dead_share)
        for i in range(workers)
    ]  # fmt: skip
    ops_rate = rate / (1 - PARTY_UPDATE - WRONG_RECORD - WITHDRAW)
    interval = workers / ops_rate
    stop = stop or threading.Event()
    t0 = time.monotonic()
    errors: list[BaseException] = []

    def work(i: int) -> None:
        w = ws[i]
        nxt = t0 + i * interval / workers
        try:
            while not stop.is_set():
                now = time.monotonic()
                if now - t0 >= duration:
                    return
                if nxt > now:
                    time.sleep(nxt - now)
                try:
                    w.op()
                except (psycopg2.OperationalError, psycopg2.InterfaceError):
                    w.stats.lost_connections += 1
                    w.reconnect(t0 + duration + 60)
                nxt += interval
        except BaseException as e:  # surface it in the caller
            errors.append(e)
            stop.set()
        finally:
            w.pg.close()

    threads = [
        threading.Thread(target=work, args=(i,), name=f"cms-worker-{i}") for i in range(workers)
    ]
    for t in threads:
        t.start()
    try:
        while any(t.is_alive() for t in threads):
            for t in threads:
                t.join(timeout=1.0)
            if progress:
                progress(_merge(per_worker, time.monotonic() - t0))
    except KeyboardInterrupt:
        stop.set()
        for t in threads:
            t.join()
    if errors:
        raise errors[0]
    stats = _merge(per_worker, time.monotonic() - t0)
    return stats


def _merge(parts: list[WorkloadStats], elapsed: float) -> WorkloadStats:
    out = WorkloadStats(elapsed_s=elapsed)
    for p in parts:
        for f in ("node_changes", "new_cases", "party_updates", "records_deleted", "cases_withdrawn", "measures",
                  "payments", "transactions", "lost_connections"):  # fmt: skip
            setattr(out, f, getattr(out, f) + getattr(p, f))
        out.log.extend(p.log)
        out.withdrawn.extend(p.withdrawn)
    return out
