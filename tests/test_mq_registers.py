"""The enterprise register's shareholders and former names on the message queue (issue 15):
`qy.shareholder` and `qy.former_name` messages reach registry_enterprise_shareholders and
registry_enterprise_names through mappings/mq.yaml, standardised as every intake path is; a
holding that ends is updated in place, not added twice; a bad share or an unknown holder type is
a dead letter with its field; and the controlling shareholder the queue brings is the company's
controller for the models (party_controller). Real RabbitMQ (scripts/rabbitmq.sh), as
tests/test_mq.py."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from courtqc import operators
from tests.support.mq import broker_url, delete_intake

AS_OF = dt.date(2026, 6, 30)
FORMER = "上海旧名测试贸易有限公司"


@pytest.fixture(scope="module")
def url() -> str:
    return broker_url()


@pytest.fixture()
def queue(url: str) -> Iterator[str]:
    name = f"cq_test_{uuid.uuid4().hex[:10]}"
    yield name
    delete_intake(url, name)


@pytest.fixture()
def hub(cms_court: Path, tmp_path: Path) -> Path:
    path = tmp_path / "hub.duckdb"
    shutil.copy(cms_court, path)
    return path


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
