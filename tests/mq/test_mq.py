"""Message-queue intake (courtqc.ingest.mq) against a real RabbitMQ broker started by
scripts/rabbitmq.sh: round trip from the simulated systems to the store, dead letters with their
reasons, duplicates applied once, replay, an unreachable broker. The kill test is
tests/mq/test_mq_kill.py (fixtures: tests/mq/conftest.py). Skipped only where scripts/rabbitmq.sh reports that RabbitMQ cannot be
installed on this machine (exit 3)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import duckdb

from tests.support.cdc import courtqc_cmd, subprocess_env

AS_OF = dt.date(2026, 6, 30)


def consume(hub: Path, url: str, queue: str, **kw):
    from courtqc.ingest.mq import MqConsumer
    from courtqc.models.library import builtin_models

    models = [m for m in builtin_models() if m.id == "dead_party"]
    kw.setdefault("checks", True)
    c = MqConsumer(hub, url, queue=queue, models=models, as_of=AS_OF, until_idle=0.5, **kw)
    return c.run()


def send(url: str, queue: str, *messages: dict | bytes, routing_key: str | None = None) -> None:
    from courtqc.ingest.mq import Publisher

    pub = Publisher(url, queue)
    try:
        for m in messages:
            pub.publish(m, routing_key)
    finally:
        pub.close()


def message(kind: str, mid: str, **data) -> dict:
    return {"message_id": mid, "type": kind, "system": "测试", "sent_at": "2026-06-30T08:00:00Z",
            "data": data}  # fmt: skip


def test_round_trip_from_the_simulated_systems(cms_court: Path, hub: Path, url: str, queue: str):
    """Every kind of message reaches its canonical table, the moved cases are at their nodes
    and checked once each, and registry values are standardised as CDC's are."""
    from courtqc.cms import mqsim

    wl = mqsim.plan(cms_court, count=150, seed=3)
    kinds = {p.routing_key for p in wl.messages}
    assert kinds == set(mqsim.MIX), kinds
    mqsim.publish(wl, url, queue)
    # a death as a register writes it carelessly: lower-case x, spaces in the name
    con = duckdb.connect(str(cms_court), read_only=True)
    idn, name = con.execute(
        "SELECT id_number, name FROM parties WHERE kind = 'natural' AND id_number LIKE '%X' "
        "AND id_number NOT IN (SELECT id_number FROM registry_population WHERE status = 'dead') "
        "LIMIT 1"
    ).fetchone()
    con.close()
    careless = message("rk.death", "rk-careless", gmsfhm=idn.lower(), xm=" ".join(name),
                       swrq="2026-01-05")  # fmt: skip
    send(url, queue, careless)

    stats = consume(hub, url, queue)
    log = wl.to_log()
    assert stats.dead == 0 and stats.duplicates == 0
    assert stats.applied == len(log["applied"]) + 1

    con = duckdb.connect(str(hub))
    stored = {r[0] for r in con.execute("SELECT message_id FROM ingest_mq_messages").fetchall()}
    assert stored == {*log["applied"], "rk-careless"}
    by_kind: dict[str, list[dict]] = {}
    for p in wl.messages:
        by_kind.setdefault(p.routing_key, []).append(json.loads(p.body)["data"])
    for d in by_kind["sd.served"] + by_kind["da.archived"]:
        eid = d.get("sdbs") or d.get("gdbs")
        got = con.execute("SELECT case_id, node FROM events WHERE event_id = ?", [eid]).fetchone()
        assert got is not None and got[0] == d["ajbs"], d
    for d in by_kind["ssfw.material"]:
        assert con.execute(
            "SELECT case_id FROM documents WHERE doc_id = ?", [d["clbs"]]
        ).fetchone() == (d["ajbs"],)
    for d in by_kind["qy.change"]:
        status = con.execute(
            "SELECT status FROM registry_enterprises WHERE uscc = ?", [d["tyshxydm"]]
        ).fetchone()
        assert status == ({"01": "active", "02": "revoked"}[d["djzt"]],)
    for d in by_kind["qy.shareholder"]:
        assert con.execute(
            "SELECT CAST(share_pct AS VARCHAR), valid_to FROM registry_enterprise_shareholders "
            "WHERE uscc = ? AND seq = ?",
            [d["tyshxydm"], d["xh"]],
        ).fetchone() == (d["cgbl"], d["jzrq"] and dt.date.fromisoformat(d["jzrq"])), d
    for d in by_kind["qy.former_name"]:
        assert con.execute(
            "SELECT valid_to FROM registry_enterprise_names WHERE uscc = ? AND name = ?",
            [d["tyshxydm"], d["jmc"]],
        ).fetchone() == (dt.date.fromisoformat(d["bgrq"]),), d
    # moved: each case at the node its message named, and checked there once
    moves = {tuple(m) for m in log["moves"]}
    assert moves, "the workload moved no case"
    for case_id, node in moves:
        assert con.execute(
            "SELECT current_node FROM cases WHERE case_id = ?", [case_id]
        ).fetchone() == (node,)
    checks = con.execute(
        "SELECT case_id, node, status FROM ingest_node_checks WHERE source = ?", [f"mq:{queue}"]
    ).fetchall()
    assert {(c, n) for c, n, _ in checks} <= moves and len(checks) == len(
        {(c, n) for c, n, _ in checks}
    )
    assert {s for *_, s in checks} <= {"done"}
    assert any(n == "service" for _, n, _ in checks), (
        "no check at the service node (bound by dead_party)"
    )
    # the careless death: canonical ID and name, the raw values kept
    assert con.execute(
        "SELECT name, status FROM registry_population WHERE id_number = ?", [idn]
    ).fetchone() == (name, "dead")
    raw = con.execute(
        "SELECT count(*) FROM raw_values WHERE table_name = 'registry_population' AND row_key = ?",
        [idn],
    ).fetchone()[0]
    assert raw >= 1
    con.close()


def test_invalid_messages_go_to_the_dead_letters_with_their_reason(
    cms_court: Path, hub: Path, url: str, queue: str
):
    from courtqc.ingest import mq

    case_id = (
        duckdb.connect(str(cms_court), read_only=True)
        .execute("SELECT min(case_id) FROM cases WHERE status = 'pending'")
        .fetchone()[0]
    )
    served = dict(sdbs=8_800_001, ajbs=case_id, lcjd="0103", sdsj="2026-06-01T09:00:00", sdfs="01")
    bad = {
        "not_json": (b'{"message_id": "x1", "type": ', "sd.served"),
        "schema": (
            message("sd.served", "x2", **{k: v for k, v in served.items() if k != "sdbs"}),
            None,
        ),
        "type": (message("sd.unknown", "x3", **served), None),
        "code": (message("sd.served", "x4", **{**served, "sdfs": "99"}), None),
        "case": (
            message("sd.served", "x5", **{**served, "sdbs": 8_800_002, "ajbs": 987_654_321}),
            None,
        ),
        "date": (
            message("rk.death", "x6", gmsfhm="110101199003074514", xm="王五", swrq="2026-02-30"),
            None,
        ),
    }
    good = message("sd.served", "ok1", **served)
    for body, key in bad.values():
        send(url, queue, body, routing_key=key)
    send(url, queue, good)
    stats = consume(hub, url, queue, checks=False)
    assert (stats.applied, stats.dead) == (1, len(bad))

    dead = mq.dead_letters(url, queue)
    assert len(dead) == len(bad)
    reasons = {}
    for d in dead:
        try:
            mid = json.loads(d["body"])["message_id"]
        except ValueError:
            mid = "x1"
        reasons[mid] = (d["reason"], d["field"], d["routing_key"])
    assert reasons["x1"][0].startswith("消息不是 JSON (message is not JSON)")
    assert reasons["x1"][2] == "sd.served"
    assert (
        reasons["x2"][0].startswith("不符合消息类型 sd.served 的格式")
        and "'sdbs' is a required property" in reasons["x2"][0]
    )
    assert reasons["x3"][1] == "type"
    assert "代码 '99' 不在代码表 sdfs 中" in reasons["x4"][0] and reasons["x4"][1] == "data.sdfs"
    assert reasons["x5"] == ("案件 987654321 不在库中 (unknown case)", "data.ajbs", "sd.served")
    assert reasons["x6"][1] == "data.swrq"
    con = duckdb.connect(str(hub))
    assert [r[0] for r in con.execute("SELECT message_id FROM ingest_mq_messages").fetchall()] == [
        "ok1"
    ]
    assert con.execute("SELECT count(*) FROM events WHERE event_id = 8800001").fetchone()[0] == 1
    # the unknown case arrives later (through CDC, say): replaying the dead letters applies x5;
    # the others are dead again, with the same reasons
    con.execute("INSERT INTO cases SELECT * REPLACE (987654321 AS case_id, '（2026）沪0115民初987654号' AS case_no) "
                "FROM cases WHERE case_id = ?", [case_id])  # fmt: skip
    con.close()
    assert mq.replay_dead(url, queue) == len(bad)
    assert mq.queue_depths(url, queue) == {queue: len(bad), f"{queue}.dead": 0}
    again = consume(hub, url, queue, checks=False)
    assert (again.applied, again.dead, again.duplicates) == (1, len(bad) - 1, 0), again
    con = duckdb.connect(str(hub), read_only=True)
    assert con.execute("SELECT case_id FROM events WHERE event_id = 8800002").fetchone() == (
        987_654_321,
    )
    con.close()


def test_a_duplicate_is_applied_once(cms_court: Path, hub: Path, url: str, queue: str):
    """The same message three times — twice in one batch, once after it was applied — is
    applied once: one message row, one event, one move, one node check."""
    case_id = (
        duckdb.connect(str(cms_court), read_only=True)
        .execute(
            "SELECT min(case_id) FROM cases WHERE status = 'pending' AND family <> 'enforcement' "
            "AND current_node <> 'service'"
        )
        .fetchone()[0]
    )
    m = message("sd.served", "dup-1", sdbs=8_800_100, ajbs=case_id, lcjd="0103",
                sdsj="2026-07-01T09:00:00", sdfs="03")  # fmt: skip
    send(url, queue, m, m)
    first = consume(hub, url, queue)
    send(url, queue, m)
    second = consume(hub, url, queue)
    assert (first.applied, first.duplicates, first.moved) == (1, 1, 1)
    assert (second.applied, second.duplicates, second.moved) == (0, 1, 0)
    con = duckdb.connect(str(hub), read_only=True)
    assert con.execute("SELECT count(*) FROM ingest_mq_messages").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM events WHERE event_id = 8800100").fetchone()[0] == 1
    assert con.execute(
        "SELECT current_node FROM cases WHERE case_id = ?", [case_id]
    ).fetchone() == ("service",)
    assert (
        con.execute(
            "SELECT count(*) FROM ingest_node_checks WHERE case_id = ? AND node = 'service'",
            [case_id],
        ).fetchone()[0]
        == 1
    )
    con.close()


def test_a_late_message_does_not_move_a_case_back(cms_court: Path, hub: Path, url: str, queue: str):
    """A 送达 older than the case's latest event is stored as an event but leaves the node."""
    case_id, node, latest = (
        duckdb.connect(str(cms_court), read_only=True)
        .execute(
            "SELECT c.case_id, c.current_node, max(e.occurred_at) FROM cases c JOIN events e USING (case_id) "
            "WHERE c.status = 'pending' AND c.family <> 'enforcement' AND c.current_node <> 'service' "
            "GROUP BY ALL ORDER BY c.case_id LIMIT 1"
        )
        .fetchone()
    )
    early = (latest - dt.timedelta(days=3)).isoformat()
    send(url, queue, message("sd.served", "late-1", sdbs=8_800_200, ajbs=case_id, lcjd="0103",
                             sdsj=early, sdfs="02"))  # fmt: skip
    stats = consume(hub, url, queue, checks=False)
    assert (stats.applied, stats.moved) == (1, 0)
    con = duckdb.connect(str(hub), read_only=True)
    assert con.execute(
        "SELECT current_node FROM cases WHERE case_id = ?", [case_id]
    ).fetchone() == (node,)
    con.close()


def test_an_unreachable_broker_is_named_and_exits_2(tmp_path: Path):
    r = subprocess.run(
        courtqc_cmd("ingest", "mq", "--db", str(tmp_path / "h.duckdb"),
                    "--url", "amqp://guest:guest@127.0.0.1:9/%2F", "--no-checks"),
        env=subprocess_env(), capture_output=True, text=True, timeout=300  # 6 s of CPU; minutes on a loaded machine,
    )  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert "无法连接消息代理 127.0.0.1:9 (message broker unreachable" in r.stderr
    assert "Traceback" not in r.stderr
