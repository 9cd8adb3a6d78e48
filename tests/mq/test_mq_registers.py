"""The enterprise register's shareholders and former names on the message queue (issue 15):
`qy.shareholder` and `qy.former_name` messages reach registry_enterprise_shareholders and
registry_enterprise_names through mappings/mq.yaml, standardised as every intake path is; a
holding that ends is updated in place, not added twice; a bad share or an unknown holder type is
a dead letter with its field; and the controlling shareholder the queue brings is the company's
controller for the models (party_controller); and the simulator's register messages, replayed
into an empty hub, rebuild both tables row for row. Real RabbitMQ (scripts/rabbitmq.sh), as
tests/mq/test_mq.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from courtqc import operators

AS_OF = dt.date(2026, 6, 30)
FORMER = "上海旧名测试贸易有限公司"


def _consume(hub: Path, url: str, queue: str):
    from courtqc.ingest.mq import MqConsumer

    return MqConsumer(hub, url, queue=queue, models=[], as_of=AS_OF, until_idle=0.5,
                      checks=False).run()  # fmt: skip


def _send(url: str, queue: str, *messages: dict) -> None:
    from courtqc.ingest.mq import Publisher

    pub = Publisher(url, queue)
    try:
        for m in messages:
            pub.publish(m, None)
    finally:
        pub.close()


def _msg(kind: str, mid: str, **data) -> dict:
    return {"message_id": mid, "type": kind, "system": "企业登记", "sent_at": "2026-06-30T08:00:00Z",
            "data": data}  # fmt: skip


def _pick(hub: Path) -> tuple[str, str, str]:
    """(a company's credit code, a person's ID number, his name): a company that controls
    itself today (no representative or contact of a party behind it) and a person unrelated to
    it, both parties of the court."""
    con = duckdb.connect(str(hub))
    operators.install(con, AS_OF)
    uscc = con.execute(
        "SELECT p.uscc FROM party_controller pc JOIN parties p USING (party_id) "
        "WHERE pc.kind = 'legal' AND pc.controller_key = pc.identity_key AND NOT pc.licensed "
        "AND regexp_matches(p.uscc, '^[0-9A-Z]{18}$') ORDER BY p.party_id LIMIT 1"
    ).fetchone()[0]
    idn, name = con.execute(
        "SELECT id_number, name FROM parties WHERE kind = 'natural' "
        "AND regexp_matches(id_number, '^[0-9]{17}X$') AND length(name) = 3 "
        "ORDER BY party_id LIMIT 1"
    ).fetchone()
    con.close()
    return uscc, idn, name


def _controller(hub: Path, uscc: str, idn: str) -> tuple[str, str]:
    """(the company's controller key, the person's identity key) on the hub."""
    con = duckdb.connect(str(hub))
    operators.install(con, AS_OF)
    got = con.execute(
        "SELECT (SELECT any_value(pc.controller_key) FROM party_controller pc "
        "        JOIN parties p USING (party_id) WHERE p.uscc = ?), "
        "       (SELECT any_value(identity_key) FROM party_identity WHERE id_number = ?)",
        [uscc, idn],
    ).fetchone()
    con.close()
    return got


def test_shareholders_and_former_names_from_the_queue(hub: Path, url: str, queue: str):
    from courtqc.ingest import mq

    uscc, idn, name = _pick(hub)
    holding = dict(tyshxydm=uscc, xh=90, gdmc=f"{name[0]} {name[1:]}", gdlx="1",
                   zjhm=idn.lower(), cgbl="60.5", qsrq="2020-01-01")  # fmt: skip
    corporate = dict(tyshxydm=uscc, xh=91, gdmc="上海某控股有限公司", gdlx="2",
                     gddm="91310000MA1FL0009X", cgbl=10, qsrq="2021-03-01")  # fmt: skip
    _send(
        url,
        queue,
        _msg("qy.shareholder", "gd-1", **holding),
        _msg("qy.shareholder", "gd-2", **corporate),
        _msg("qy.former_name", "mc-1", tyshxydm=uscc, jmc=FORMER, bgrq="2019-06-30"),
        _msg("qy.shareholder", "bad-pct", **{**holding, "xh": 92, "cgbl": 150}),
        _msg("qy.shareholder", "bad-kind", **{**holding, "xh": 93, "gdlx": "9"}),
        _msg("qy.former_name", "bad-date", tyshxydm=uscc, jmc="某", bgrq=None),
    )
    stats = _consume(hub, url, queue)
    assert (stats.applied, stats.dead) == (3, 3), stats

    con = duckdb.connect(str(hub), read_only=True)
    rows = con.execute(
        "SELECT seq, holder_name, holder_kind, holder_id_number, holder_uscc, "
        "CAST(share_pct AS DOUBLE), valid_from, valid_to "
        "FROM registry_enterprise_shareholders WHERE uscc = ? AND seq >= 90 ORDER BY seq",
        [uscc],
    ).fetchall()
    assert rows == [
        (90, name, "natural", idn, None, 60.5, dt.date(2020, 1, 1), None),  # standardised
        (
            91,
            "上海某控股有限公司",
            "legal",
            None,
            "91310000MA1FL0009X",
            10.0,
            dt.date(2021, 3, 1),
            None,
        ),
    ]
    assert con.execute(
        "SELECT valid_to FROM registry_enterprise_names WHERE uscc = ? AND name = ?", [uscc, FORMER]
    ).fetchall() == [(dt.date(2019, 6, 30),)]
    con.close()
    dead = {json.loads(d["body"])["message_id"]: d["field"] for d in mq.dead_letters(url, queue)}
    assert dead == {"bad-pct": "data.cgbl", "bad-kind": "data.gdlx", "bad-date": "data.bgrq"}

    # the queue's controlling shareholder controls the company for the models
    ctrl, person = _controller(hub, uscc, idn)
    assert person is not None and ctrl == person

    # the holding ends: the same row updated, and he controls it no more
    _send(url, queue, _msg("qy.shareholder", "gd-1-left", **{**holding, "jzrq": "2026-06-01"}))
    assert _consume(hub, url, queue).applied == 1
    con = duckdb.connect(str(hub), read_only=True)
    assert con.execute(
        "SELECT count(*), max(valid_to) FROM registry_enterprise_shareholders "
        "WHERE uscc = ? AND seq = 90",
        [uscc],
    ).fetchone() == (1, dt.date(2026, 6, 1))
    con.close()
    ctrl, person = _controller(hub, uscc, idn)
    assert ctrl != person


REGISTERS = {
    "registry_enterprise_shareholders": ("uscc", "seq"),
    "registry_enterprise_names": ("uscc", "name"),
}


def _as_sent(con: duckdb.DuckDBPyConnection, table: str, key: tuple[str, ...]) -> list[tuple]:
    """A table's rows as text, each value the intake standardised put back as it arrived (its
    raw value, kept under the row's key); sorted."""
    cols = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    has_raw = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'raw_values'"
    ).fetchone()[0]
    raw = {}
    if has_raw:
        raw = {
            (k, c): r
            for k, c, r in con.execute(
                "SELECT row_key, column_name, raw FROM raw_values WHERE table_name = ?", [table]
            ).fetchall()
        }
    out = []
    for row in con.execute(f"SELECT * FROM {table}").fetchall():
        d = dict(zip(cols, row, strict=True))
        at = "|".join(str(d[k]) for k in key)
        out.append(tuple(raw.get((at, c), None if v is None else str(v)) for c, v in d.items()))
    return sorted(out, key=repr)


def test_the_simulator_replays_the_registers_into_an_empty_hub(
    cms_court: Path, tmp_path: Path, url: str, queue: str
):
    """`courtqc mq publish` sends the enterprise register's shareholdings and former names
    (here only those kinds, each row once): consumed into an empty hub they rebuild both
    tables — the same rows, each value as the court holds it or standardised with the court's
    value kept in raw_values."""
    from courtqc.cms import mqsim
    from courtqc.errors import InvalidInput

    con = duckdb.connect(str(cms_court), read_only=True)
    court = {t: _as_sent(con, t, k) for t, k in REGISTERS.items()}
    con.close()
    assert all(court.values()), "the synthetic court has no register rows to send"
    n = sum(len(rows) for rows in court.values())
    wl = mqsim.plan(cms_court, count=2 * n, seed=4, kinds=["qy.shareholder", "qy.former_name"])
    assert len(wl.messages) == n  # every row once, nothing else
    mqsim.publish(wl, url, queue)

    hub = tmp_path / "empty_hub.duckdb"
    stats = _consume(hub, url, queue)
    assert (stats.applied, stats.dead, stats.duplicates) == (n, 0, 0), stats
    con = duckdb.connect(str(hub), read_only=True)
    for table, key in REGISTERS.items():
        assert _as_sent(con, table, key) == court[table], table
    con.close()

    with pytest.raises(InvalidInput, match=r"未知的消息类型 qy\.nothing"):
        mqsim.plan(cms_court, count=10, kinds=["qy.nothing"])
