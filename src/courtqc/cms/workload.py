"""The CMS workload driver: clerks and judges at work, at a chosen rate.

Live (pending) cases move through the workflow nodes of their track, one node per
transaction, as a CMS writes it: the case row's node (and, at closing, its status, closing date
and method) is updated and a flow record inserted. Around that, the way a court's day goes:
new cases are filed (parties drawn from people already known to the court, so the same persons
keep coming back — and, given a list, some of them dead), party details are corrected, wrong
flow records are entered and deleted, a just-filed case is withdrawn (deleted with its rows),
enforcement cases get measures and payments, and now and then a party petitions (信访) about a
closed case. `rate` counts node changes per second, filings included.

Each case walks a route planned for its kind (``plan_route``) when it first moves: the main path
of its track plus the side steps of the node catalogue (courtqc.domain.nodes) a case of that
kind passes with some probability — acceptance review, fees, preservation, jurisdiction
objection and transfer, public-notice service, evidence exchange, appraisal, audit, suspension
and resumption, extension, mediation, criminal settlement review and sentencing review, the
adjudication committee, remand, appeal transfer; auction, credit listing, objection, suspension
and the 终本 review in enforcement; the bankruptcy and petition tracks — in catalogue order, so
CDC's node mode meets every node a model binds to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
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
BANKRUPTCY_PATH = ("0301", "0302", "0303", "0112")
PETITION_PATH = ("0401", "0402", "0403")
CLOSING = {"0111": "2", "0112": "3", "0207": "2", "0303": "2"}  # node → 案件状态 it sets
TRIAL_METHODS = ("01", "01", "01", "03")  # 判决, 撤诉 (调解 comes with the mediation step)
APPEAL_METHODS = ("07", "07", "07", "08", "14", "16")  # 维持, 改判, 部分改判, 准予撤回上诉
ENFORCEMENT_METHODS = ("10", "11", "13")  # 执行完毕, 终本, 和解
MEASURES = {"0203": "03", "0204": "04", "0209": "06", "0210": "08"}  # node → 执行措施 it records
CIVIL_LIKE = frozenset({"2", "3", "7", "8", "9"})  # 民事, 商事, 知产, 海事, 金融 (ajlb)

# Side steps: (node code, probability, which cases pass it). ``kind`` is (ajlb, spcx) for trial
# cases; a step that ends the case early (transfer, mediation, remand) sets its closing method.
_TRIAL_STEPS: tuple[tuple[str, float, Callable[[str, str], bool]], ...] = (
    ("0100", 0.15, lambda lb, cx: lb in CIVIL_LIKE and cx == "1"),  # 诉前调解
    ("0113", 0.30, lambda lb, cx: cx in ("1", "3")),  # 立案审查
    ("0114", 0.60, lambda lb, cx: lb != "1"),  # 诉讼费缴纳
    ("0115", 0.10, lambda lb, cx: lb in CIVIL_LIKE and cx == "1"),  # 财产保全
    ("0116", 1.00, lambda lb, cx: cx == "3"),  # 再审立案
    ("0117", 0.06, lambda lb, cx: lb != "1" and cx == "1"),  # 管辖权异议
    ("0119", 0.08, lambda lb, cx: lb != "1"),  # 公告送达
    ("0120", 0.30, lambda lb, cx: lb != "1" and cx == "1"),  # 证据交换
    ("0121", 0.08, lambda lb, cx: True),  # 委托鉴定
    ("0122", 0.05, lambda lb, cx: lb in ("3", "9")),  # 委托审计
    ("0125", 0.10, lambda lb, cx: True),  # 审限延长
    ("0127", 0.10, lambda lb, cx: lb == "1"),  # 和解审查
    ("0128", 0.50, lambda lb, cx: lb == "1" and cx == "1"),  # 量刑评议
    ("0107", 0.03, lambda lb, cx: True),  # 审委会
)
_ENFORCEMENT_STEPS = (("0210", 0.25), ("0209", 0.15), ("0205", 0.08), ("0211", 0.05))
TRANSFER, SUSPENSION, MEDIATION, REMAND, APPEAL, RESUMED = 0.02, 0.04, 0.20, 0.06, 0.15, 0.15

# share of operations (the rest are node changes of existing cases)
NEW_CASE, PARTY_UPDATE, WRONG_RECORD, WITHDRAW, PETITION = 0.08, 0.06, 0.03, 0.01, 0.01


@cache
def _rank() -> dict[str, float]:
    """Node code → its position for ordering a route: the catalogue's order in its track; the
    bankruptcy track is laid over the trial one (acceptance at filing, claims at the hearing,
    its end at closing) so a bankruptcy case seeded at a trial node resumes in the right place."""
    from courtqc.cms.seed import TO_CODE
    from courtqc.domain.nodes import NODES

    rank = {code: NODES[node].order for node, code in TO_CODE["lcjd"].items() if node in NODES}
    rank.update({"0301": 1.0, "0302": 5.0, "0303": 11.0})
    return rank


@dataclass(frozen=True)
class Route:
    """The nodes one case walks, in order, and how it is closed."""

    nodes: tuple[str, ...]
    method: str | None = None  # 结案方式 set at the closing node

    def start(self, node: str) -> int:
        """The step a case now at `node` is at (-1: before the first); a case seeded at a node
        off its route resumes at the first route node beyond it."""
        if node in self.nodes:
            return self.nodes.index(node)
        rank = _rank()
        here = rank.get(node, -1.0)
        later = (i for i, n in enumerate(self.nodes) if rank.get(n, 99.0) > here)
        return next(later, len(self.nodes)) - 1


def plan_route(table: str, ajlb: str, spcx: str, rng: random.Random) -> Route:
    """The route of a case of this kind (tb_ajxx ajlb/spcx, or an enforcement case): main path
    plus the side steps it passes, in catalogue order. Realistic shapes: a transfer, a
    successful mediation or a remand ends the trial early with that closing method; a
    suspension is followed by resumption; only a 终本 closing passes the 终本 review; a
    first-instance judgment may be appealed (appeal transfer after closing)."""
    rank = _rank()
    if table == "tb_zxaj":
        method = rng.choice(ENFORCEMENT_METHODS)
        nodes = list(ENFORCEMENT_PATH) + [c for c, p in _ENFORCEMENT_STEPS if rng.random() < p]
        if method == "11":
            nodes.append("0212")
        nodes.sort(key=rank.__getitem__)
        if method == "11" and rng.random() < RESUMED:  # property found: resumed, 终本 again
            nodes += ["0208", "0203", "0204", "0212", "0207"]
        return Route(tuple(nodes), method)
    if ajlb == "6":
        return Route(BANKRUPTCY_PATH, "06")
    nodes = list(TRIAL_PATH) + [
        c for c, p, fits in _TRIAL_STEPS if fits(ajlb, spcx) and rng.random() < p
    ]
    method = "01" if ajlb == "1" else rng.choice(APPEAL_METHODS if spcx == "2" else TRIAL_METHODS)
    cut = "0105" if method in ("03", "16") else None  # withdrawn: no deliberation or document
    if spcx == "1" and rng.random() < TRANSFER:
        nodes.append("0118")
        method, cut = "05", "0118"
    elif rng.random() < SUSPENSION:
        nodes += ["0123", "0124"]
    if cut is None and ajlb in CIVIL_LIKE and rng.random() < MEDIATION:
        nodes.append("0126")
        method, cut = "02", "0126"
    if cut is None and spcx == "2" and rng.random() < REMAND:
        nodes.append("0129")
        method, cut = "09", "0129"
    nodes.sort(key=rank.__getitem__)
    if cut is not None:
        stop = nodes.index(cut)
        nodes = nodes[: stop + 1] + [n for n in nodes[stop + 1 :] if n in ("0111", "0112")]
    if spcx == "1" and method == "01" and rng.random() < APPEAL:
        nodes.insert(nodes.index("0112"), "0130")
    return Route(tuple(nodes), method)


@dataclass
class WorkloadStats:
    node_changes: int = 0  # includes filings of new cases
    new_cases: int = 0
    party_updates: int = 0
    records_deleted: int = 0
    cases_withdrawn: int = 0
    petitions: int = 0
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
    ajlb: str = "5"
    spcx: str = "5"
    route: Route | None = None  # planned when the case first moves
    step: int = -1  # index of `node` in the route


class _Court:
    """What the driver knows about the CMS at the start, shared by the workers."""

    def __init__(self, pg: psycopg2.extensions.connection, rng: random.Random):
        with pg.cursor() as cur:
            cur.execute(
                "SELECT ajbs, 'tb_ajxx', lcjd, fydm, ajlb, spcx FROM tb_ajxx WHERE ajzt = '1' "
                "UNION ALL SELECT ajbs, 'tb_zxaj', lcjd, fydm, '5', '5' FROM tb_zxaj WHERE ajzt = '1' ORDER BY 1"
            )
            self.live = [_Case(*r) for r in cur.fetchall()]
            # closed trial cases a party may petition about (信访)
            cur.execute(
                "SELECT ajbs, 'tb_ajxx', lcjd, fydm, ajlb, spcx FROM tb_ajxx WHERE ajzt <> '1' "
                "ORDER BY ajbs DESC LIMIT 5000"
            )
            self.closed = [_Case(*r) for r in cur.fetchall()]
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
        rng.shuffle(self.closed)
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
            elif (
                r < NEW_CASE + PARTY_UPDATE + WRONG_RECORD + WITHDRAW + PETITION
                and self.court.closed
            ):
                self._petition(cur)
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
        if case.route is None:
            case.route = plan_route(case.table, case.ajlb, case.spcx, self.rng)
            case.step = case.route.start(case.node)
        if case.step + 1 >= len(case.route.nodes):
            self.cases.remove(case)
            return
        case.step += 1
        node = case.route.nodes[case.step]
        today = dt.date.today()
        judge = self._judge(case.fydm)
        if node in CLOSING and case.route.nodes != PETITION_PATH:
            status = CLOSING[node]
            if case.table == "tb_ajxx":
                jarq = today.strftime("%Y%m%d")
                if node in ("0111", "0303"):
                    cur.execute(
                        "UPDATE tb_ajxx SET lcjd = %s, ajzt = %s, jarq = %s, jafs = %s, gxsj = now() WHERE ajbs = %s",
                        [
                            node,
                            status,
                            jarq,
                            case.route.method or self.rng.choice(TRIAL_METHODS),
                            case.ajbs,
                        ],
                    )
                else:
                    cur.execute(
                        "UPDATE tb_ajxx SET lcjd = %s, ajzt = %s, gxsj = now() WHERE ajbs = %s",
                        [node, status, case.ajbs],
                    )
            else:
                cur.execute(
                    "UPDATE tb_zxaj SET lcjd = %s, ajzt = %s, jarq = %s, jafs = %s, gxsj = now() WHERE ajbs = %s",
                    [
                        node,
                        status,
                        today,
                        case.route.method or self.rng.choice(ENFORCEMENT_METHODS),
                        case.ajbs,
                    ],
                )
        elif node == "0208":  # resumed after 终本: pending again
            cur.execute(
                "UPDATE tb_zxaj SET lcjd = %s, ajzt = '1', gxsj = now() WHERE ajbs = %s",
                [node, case.ajbs],
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
        if node in MEASURES:
            cur.execute(
                "INSERT INTO tb_zxcs (csbs, ajbs, cslx, csrq, je) VALUES (nextval('seq_csbs'), %s, %s, %s, %s)",
                [
                    case.ajbs,
                    MEASURES[node],
                    today,
                    None if node == "0210" else round(self.rng.uniform(1e3, 5e5), 2),
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
        if case.step == len(case.route.nodes) - 1:
            self.cases.remove(case)
            if case in self.mine_new:
                self.mine_new.remove(case)
        elif node == "0111" and case in self.mine_new:
            self.mine_new.remove(case)  # closed: no longer withdrawn
        self.stats.node_changes += 1
        self.stats.log.append((case.ajbs, node))

    def _petition(self, cur: Any) -> None:
        """A party petitions about a closed case: the case enters the petition track (its
        status stays closed) and walks intake, review and reply."""
        with self.court.lock:  # the closed cases are shared by the workers
            if not self.court.closed:
                return self._advance(cur)
            case = self.court.closed.pop()
        case.route, case.node, case.step = Route(PETITION_PATH), "0401", 0
        cur.execute("UPDATE tb_ajxx SET lcjd = '0401', gxsj = now() WHERE ajbs = %s", [case.ajbs])
        cur.execute(
            "INSERT INTO tb_lcjl (jlbs, ajbs, jddm, fssj, czr) VALUES (nextval('seq_jlbs'), %s, '0401', now(), %s)",
            [case.ajbs, self._judge(case.fydm)],
        )
        self.cases.append(case)
        self.stats.petitions += 1
        self.stats.node_changes += 1
        self.stats.log.append((case.ajbs, "0401"))

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
        route = plan_route("tb_ajxx", "2", "1", self.rng)
        first = route.nodes[0]  # 诉前调解, 立案审查 or 立案
        cur.execute(
            "INSERT INTO tb_ajxx (ajbs, ah, fydm, ajlb, spcx, sycx, aydm, aymc, aybb, larq, ajzt, lcjd, cbr, bdje) "
            "VALUES (%s, %s, %s, '2', '1', %s, %s, %s, %s, %s, '1', %s, %s, %s)",
            [ajbs, ah, fydm, self.rng.choice("122"), aydm, aymc, aybb, today.strftime("%Y%m%d"), first, judge,
             round(self.rng.uniform(5e3, 5e5), 2)],
        )  # fmt: skip
        self._person(cur, ajbs, "01", dead=False)
        self._person(cur, ajbs, "02", dead=self.rng.random() < self.dead_share)
        cur.execute(
            "INSERT INTO tb_lcjl (jlbs, ajbs, jddm, fssj, czr) VALUES (nextval('seq_jlbs'), %s, %s, now(), %s)",
            [ajbs, first, judge],
        )
        case = _Case(ajbs, "tb_ajxx", first, fydm, "2", "1", route, 0)
        self.cases.append(case)
        self.mine_new.append(case)
        self.stats.new_cases += 1
        self.stats.node_changes += 1
        self.stats.log.append((ajbs, first))

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
                  "payments", "transactions", "lost_connections", "petitions"):  # fmt: skip
            setattr(out, f, getattr(out, f) + getattr(p, f))
        out.log.extend(p.log)
        out.withdrawn.extend(p.withdrawn)
    return out
