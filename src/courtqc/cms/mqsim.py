"""A simulator of the courts' other systems on the message queue: litigation services (诉讼服务),
service of documents (送达), archives (档案), the population register (deaths) and the enterprise
register (changes, shareholdings, former names), each publishing messages about a synthetic
court (`courtqc mq publish`).

The messages are drawn, deterministically from the seed, from the court's own cases, parties and
registers, so a hub holding the same court can apply them: 送达 for pending trial cases (the
event a day after the case's latest, so it moves the case to service — documents are served at
several stages), 归档 for closed cases at closing, online filings of documents, deaths of parties
of pending cases, changes of registered enterprises, and the enterprise register's own rows —
each shareholding and each former name once, as the court holds it, so a workload large
enough (or one of only those kinds, `kinds=`) replayed into an empty hub rebuilds
registry_enterprise_shareholders and registry_enterprise_names. Optionally some are broken in the ways a
real sender breaks them (not JSON, a field missing, an unknown code, an unknown case) and some
are sent twice. `Workload` says what each message is expected to do, for the tests and the
benchmark to compare with the store.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from courtqc.clock import utcnow
from courtqc.errors import InvalidInput, Where

#: Share of each kind of message in a workload (the rest of a kind with too few rows spills
#: into documents). The register's shareholdings and former names took their shares from the
#: documents', so the kinds that move cases keep theirs (and the benchmark its comparability).
MIX = {"sd.served": 0.35, "da.archived": 0.15, "ssfw.material": 0.1, "rk.death": 0.15,
       "qy.change": 0.15, "qy.shareholder": 0.07, "qy.former_name": 0.03}  # fmt: skip
SYSTEMS = {"sd.served": "电子送达平台", "da.archived": "电子档案系统", "ssfw.material": "诉讼服务平台",
           "rk.death": "人口信息库", "qy.change": "企业信用信息库",
           "qy.shareholder": "企业信用信息库", "qy.former_name": "企业信用信息库"}  # fmt: skip
#: The kind that takes what the others cannot fill (any pending case can receive a document).
SPILL = "ssfw.material"
BROKEN = ("not_json", "schema", "code", "case")


@dataclass
class Planned:
    routing_key: str
    body: bytes
    message_id: str | None
    expect: str  # apply | dead:<kind>
    moves: tuple[int, str] | None = None  # (case_id, node) it moves the case to


@dataclass
class Workload:
    messages: list[Planned] = field(default_factory=list)

    def to_log(self) -> dict[str, Any]:
        return {
            "applied": [p.message_id for p in self.messages if p.expect == "apply"],
            "dead": [[p.message_id, p.expect] for p in self.messages if p.expect != "apply"],
            "moves": [list(p.moves) for p in self.messages if p.moves],
        }


def _iso(t: dt.datetime) -> str:
    return t.replace(microsecond=0).isoformat()


@dataclass
class _Court:
    """What the messages are drawn from: per kind, the court's rows each message takes one of
    (shuffled by `plan`), the pending cases a document can go to, and the court's today."""

    pools: dict[str, list]
    pending: list[int]
    today: dt.date


def _read(court: str | Path) -> _Court:
    """The court's rows per kind, read once (in key order, so a seed draws the same rows)."""
    con = duckdb.connect(str(court), read_only=True)
    try:
        served = con.execute(
            "SELECT c.case_id, max(e.occurred_at) FROM cases c LEFT JOIN events e USING (case_id) "
            "WHERE c.status = 'pending' AND c.family <> 'enforcement' "
            "AND c.current_node NOT IN ('service', 'public_notice_service') "
            "GROUP BY ALL ORDER BY c.case_id"
        ).fetchall()
        archived = con.execute(
            "SELECT c.case_id, c.case_no, greatest(max(e.occurred_at), c.closing_date::TIMESTAMP) "
            "FROM cases c LEFT JOIN events e USING (case_id) WHERE c.status = 'closed' "
            "AND c.current_node IN ('closing', 'enf_closing') GROUP BY c.case_id, c.case_no, c.closing_date ORDER BY c.case_id"
        ).fetchall()
        pending = [r[0] for r in con.execute(
            "SELECT case_id FROM cases WHERE status = 'pending' ORDER BY case_id").fetchall()]  # fmt: skip
        people = con.execute(
            "SELECT DISTINCT p.id_number, p.name, rp.district FROM parties p "
            "JOIN case_parties cp USING (party_id) JOIN cases c USING (case_id) "
            "LEFT JOIN registry_population rp ON rp.id_number = p.id_number "
            "WHERE c.status = 'pending' AND p.kind = 'natural' AND p.id_number IS NOT NULL "
            "AND coalesce(rp.status, 'alive') = 'alive' ORDER BY p.id_number"
        ).fetchall()
        firms = con.execute(
            "SELECT uscc, name, status, legal_rep, registered_capital, established_date "
            "FROM registry_enterprises WHERE status = 'active' ORDER BY uscc"
        ).fetchall()
        holdings = con.execute(
            "SELECT uscc, seq, holder_name, holder_kind, holder_id_number, holder_uscc, "
            "CAST(share_pct AS VARCHAR), valid_from, valid_to "
            "FROM registry_enterprise_shareholders WHERE share_pct IS NOT NULL ORDER BY uscc, seq"
        ).fetchall()
        former = con.execute(
            "SELECT uscc, name, valid_from, valid_to FROM registry_enterprise_names "
            "ORDER BY uscc, name"
        ).fetchall()
        today = con.execute("SELECT max(filing_date) FROM cases").fetchone()[0] or dt.date.today()
    finally:
        con.close()
    pools: dict[str, list] = {"sd.served": served, "da.archived": archived, "rk.death": people,
                              "qy.change": firms, "qy.shareholder": holdings,
                              "qy.former_name": former}  # fmt: skip
    return _Court(pools, pending, today)


def plan(
    court: str | Path,
    *,
    count: int,
    seed: int = 1,
    invalid_share: float = 0.0,
    id_base: int | None = None,
    kinds: Iterable[str] | None = None,
) -> Workload:
    """`count` distinct messages about the court (each sent once; `publish` repeats some),
    of `kinds` only where given (their shares of MIX scaled up to the whole). A kind drawn from
    the court's rows sends each row at most once; without documents among the kinds, what the
    rows cannot fill is not sent (the workload is smaller than `count`)."""
    mix = _mix(kinds)
    rng = random.Random(seed)
    base = id_base if id_base is not None else 9_000_000_000 + seed * 10_000_000
    src = _read(court)
    pools = src.pools
    for pool in pools.values():
        rng.shuffle(pool)
    scale = sum(mix.values())
    want = {k: round(count * s / scale) for k, s in mix.items()}
    for k in want:
        if k in pools:
            want[k] = min(want[k], len(pools[k]))
    if SPILL in want:
        want[SPILL] = count - sum(v for k, v in want.items() if k != SPILL)
    order = [k for k, n in want.items() for _ in range(n)]
    rng.shuffle(order)
    n_bad = round(count * invalid_share)
    bad_at = set(rng.sample(range(len(order)), min(n_bad, len(order))))
    taken = {k: 0 for k in mix}
    wl = Workload()
    sent = utcnow()
    for i, kind in enumerate(order):
        row = pools[kind][taken[kind]] if kind in pools else None
        taken[kind] += 1
        rid = base + i + 1
        data, mid, moves = _draw(kind, row, rid, src, rng)
        msg = {"message_id": mid, "type": kind, "system": SYSTEMS[kind], "sent_at": _iso(sent),
               "data": data}  # fmt: skip
        expect = "apply"
        if i in bad_at:
            how = rng.choice(BROKEN)
            if how == "case" and "ajbs" not in msg["data"]:
                how = "schema"  # a register's message names no case
            msg, expect = _break(msg, how, rng), f"dead:{how}"
            moves = None
        body = msg if isinstance(msg, bytes) else json.dumps(msg, ensure_ascii=False).encode()
        wl.messages.append(Planned(kind, body, mid, expect, moves))
    return wl


def _draw(
    kind: str, row: tuple | None, rid: int, src: _Court, rng: random.Random
) -> tuple[dict[str, Any], str, tuple[int, str] | None]:
    """One message's data, id and the move it makes (case, node), from its row of the court
    (None for a document, which goes to any pending case); `rid` is its record number."""
    today = src.today
    moves = None
    if kind == "sd.served":
        case_id, latest = row
        at = (latest or dt.datetime.combine(today, dt.time(9))) + dt.timedelta(
            days=1, hours=rng.randint(0, 8)
        )
        node = "0119" if rng.random() < 0.1 else "0103"
        data = {"sdbs": rid, "ajbs": case_id, "lcjd": node, "sdsj": _iso(at),
                "sdfs": "04" if node == "0119" else rng.choice(["01", "02", "03"]),
                "ssdr": None}  # fmt: skip
        mid = f"sd-{rid}"
        moves = (case_id, "public_notice_service" if node == "0119" else "service")
    elif kind == "da.archived":
        case_id, case_no, latest = row
        at = latest + dt.timedelta(days=rng.randint(15, 60), hours=10)
        data = {"gdbs": rid, "ajbs": case_id, "lcjd": "0112", "gdsj": _iso(at),
                "dah": f"{case_no[1:5]}-{case_id}-{rng.randint(1, 9)}"}  # fmt: skip
        mid = f"da-{rid}"
        moves = (case_id, "archiving")
    elif kind == "ssfw.material":
        case_id = src.pending[rng.randrange(len(src.pending))]
        data = {"clbs": rid, "ajbs": case_id, "cllx": rng.choice(["01", "02", "03"]),
                "clmc": "网上提交材料", "nr": f"当事人通过诉讼服务平台提交材料（编号 {rid}）。",
                "tjrq": (today - dt.timedelta(days=rng.randint(0, 30))).isoformat()}  # fmt: skip
        mid = f"ssfw-{rid}"
    elif kind == "rk.death":
        idn, name, district = row
        swrq = today - dt.timedelta(days=rng.randint(1, 400))
        data = {"gmsfhm": idn, "xm": name, "swrq": swrq.isoformat(), "hjqx": district}
        mid = f"rk-{idn}-{swrq.isoformat()}"
    elif kind == "qy.shareholder":
        uscc, seq, holder, hkind, idn, huscc, pct, since, until = row
        data = {"tyshxydm": uscc, "xh": seq, "gdmc": holder,
                "gdlx": "1" if hkind == "natural" else "2", "zjhm": idn, "gddm": huscc,
                "cgbl": pct, "qsrq": _date(since), "jzrq": _date(until)}  # fmt: skip
        mid = f"gd-{uscc}-{seq}-{rid}"
    elif kind == "qy.former_name":
        uscc, name, since, until = row
        data = {"tyshxydm": uscc, "jmc": name, "qyrq": _date(since), "bgrq": _date(until)}
        mid = f"mc-{uscc}-{rid}"
    else:
        uscc, name, _status, rep, capital, established = row
        change = rng.random()
        data = {
            "tyshxydm": uscc, "qymc": name,
            "djzt": "02" if change < 0.3 else "01",
            "fddbr": (rep or "") + ("（变更）" if change >= 0.3 else "") or None,
            "zczb": float(capital) if capital is not None else None,
            "clrq": established.isoformat() if established else None,
        }  # fmt: skip
        mid = f"qy-{uscc}-{rid}"
    return data, mid, moves


def _mix(kinds: Iterable[str] | None) -> dict[str, float]:
    """MIX, or its shares of the kinds asked for."""
    if kinds is None:
        return dict(MIX)
    asked = list(dict.fromkeys(kinds))
    unknown = [k for k in asked if k not in MIX]
    if unknown or not asked:
        raise InvalidInput(
            f"未知的消息类型 {', '.join(unknown) or '（空）'}，可选 {', '.join(MIX)} "
            f"(unknown message kind; known: {', '.join(MIX)})",
            where=Where(field="kind"),
        )
    return {k: s for k, s in MIX.items() if k in asked}


def _date(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _break(msg: dict[str, Any], how: str, rng: random.Random) -> dict[str, Any] | bytes:
    data = dict(msg["data"])
    if how == "not_json":
        return json.dumps(msg, ensure_ascii=False).encode()[:-7]
    if how == "schema":
        data.pop(next(iter(data)))  # the record's id: required by every schema
    elif how == "code":
        code_field = {"sd.served": "sdfs", "ssfw.material": "cllx", "qy.change": "djzt",
                      "qy.shareholder": "gdlx"}  # fmt: skip
        if msg["type"] in code_field:
            data[code_field[msg["type"]]] = "99"
        else:  # no coded field: a date that is no date
            data[next(k for k in ("swrq", "gdsj", "bgrq") if k in data)] = "2025-02-30"
    elif how == "case":
        data["ajbs"] = 987_654_321
    return {**msg, "data": data}


def publish(
    wl: Workload,
    url: str,
    queue: str,
    *,
    rate: float | None = None,
    duplicate_share: float = 0.0,
    seed: int = 1,
    stamp: bool = True,
    on_sent: Callable[[Planned], None] | None = None,
) -> dict[str, int]:
    """Publish the workload at `rate` messages/s (None: as fast as confirms allow), each
    persistent and confirmed; a share sent twice. `stamp` sets sent_at to the moment of
    publishing (publish → stored latency)."""
    from courtqc.ingest.mq import Publisher

    rng = random.Random(seed + 1)
    pub = Publisher(url, queue)
    t0 = time.monotonic()
    n = dup = 0
    try:
        for p in wl.messages:
            body = p.body
            if stamp and p.expect == "apply":
                doc = json.loads(body)
                doc["sent_at"] = utcnow().isoformat()
                body = json.dumps(doc, ensure_ascii=False).encode()
            pub.publish(body, p.routing_key)
            n += 1
            if rng.random() < duplicate_share:
                pub.publish(body, p.routing_key)
                dup += 1
            if on_sent is not None:
                on_sent(p)
            if rate:
                ahead = (n / rate) - (time.monotonic() - t0)
                if ahead > 0:
                    time.sleep(ahead)
    finally:
        pub.close()
    return {"published": n, "duplicates": dup, "republished": pub.republished,
            "seconds": round(time.monotonic() - t0, 3)}  # fmt: skip
