"""Message-queue intake (MISSION 1.1): the courts' systems other than the CMS — litigation
services, service of documents (送达), archives, the population and enterprise registers —
publish messages to RabbitMQ, and this consumer maps them into the canonical store.

Why this shape:

- **One mapping path.** A message type is a "source table" of `mappings/mq.yaml`, its `data`
  one source row, applied by the same `Applier` as CDC (so the same standardisation,
  `governance.intake`, and the same node-change rules). Each type's shape is a JSON Schema in
  `mq_schemas/` (`envelope.json` plus `<type>.json`); its `x-courtqc` says which source table
  it is, which field names the case, and whether it moves the case to a node.
- **Nothing lost, nothing twice.** Queues are durable, messages persistent, acknowledgements
  manual and sent only after the store transaction that holds the message's rows **and its
  id** (`ingest_mq_messages`) has committed. A message delivered again — the consumer killed
  before its ack, the broker restarted, a sender repeating itself, a replay — finds its id
  stored, is acknowledged and applied no further.
- **Dead letters with a reason.** A message that cannot be applied (not JSON, not its schema,
  a code the mapping does not know, a case the store does not hold) is published to the
  dead-letter queue `<queue>.dead` with the reason in its headers (`x-courtqc-reason`,
  `x-courtqc-field`, `x-courtqc-routing-key`), confirmed by the broker, before its batch
  commits and is acknowledged. At least once: a kill between the two can leave a second copy
  of a dead letter, never none. `replay_dead` puts them back once the mapping is fixed.
- **Node checks as CDC.** A 送达 or 归档 message whose event is the case's latest moves the
  case to that node (`cases.current_node`); the node check is queued in the same transaction
  (`ingest_node_checks`, NodeDispatcher) and answered by a worker thread, as CDC's are.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import duckdb
import pyarrow as pa

from courtqc.clock import utcnow
from courtqc.engine import attach_table
from courtqc.errors import Unavailable
from courtqc.ingest.apply import Applier, Change, NodeChange, keys_in
from courtqc.ingest.mapping import Mapper, load_mapping
from courtqc.transaction import transaction

log = logging.getLogger("courtqc.ingest.mq")

DEFAULT_QUEUE = "courtqc.intake"
MQ_MAPPING = "mq"
#: Largest message body taken; a bigger one is dead-lettered unread.
MAX_BODY_BYTES = 4 * 1024 * 1024
REASON = "x-courtqc-reason"
FIELD = "x-courtqc-field"
ROUTING_KEY = "x-courtqc-routing-key"
_DDL = files(__package__).joinpath("mq.sql").read_text(encoding="utf-8")


class MqError(Unavailable):
    """The broker cannot be reached (exit 2 on the command line, 503 in an API)."""


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_DDL)


def default_url() -> str:
    from courtqc.config import settings

    return settings().mq_url


def where(url: str) -> str:
    """host:port of an AMQP URL, for messages (never the password)."""
    u = urlparse(url)
    return f"{u.hostname or '127.0.0.1'}:{u.port or 5672}"


# --------------------------------------------------------------------------- topology


@dataclass(frozen=True)
class Topology:
    """One intake: a topic exchange and a durable queue of the same name (every routing key,
    which is the message type), and the dead letters' exchange and queue `<name>.dead`."""

    name: str = DEFAULT_QUEUE

    @property
    def dead(self) -> str:
        return f"{self.name}.dead"

    def declare(self, ch: Any) -> None:
        ch.exchange_declare(self.name, "topic", durable=True)
        ch.exchange_declare(self.dead, "fanout", durable=True)
        ch.queue_declare(self.dead, durable=True)
        ch.queue_bind(self.dead, self.dead)
        # a message the consumer rejects outright goes to the dead letters too (the broker's
        # own dead-lettering, x-death headers); the consumer's own refusals carry a reason
        ch.queue_declare(self.name, durable=True, arguments={"x-dead-letter-exchange": self.dead})
        ch.queue_bind(self.name, self.name, routing_key="#")


#: Longest a connection attempt may take, whatever pika does: its blocking connect can wait
#: in the AMQP handshake past its own socket and stack timeouts (a broker half up, a full
#: accept backlog), so the attempt runs in a thread that the caller stops waiting for.
CONNECT_DEADLINE = 30.0


def connect(url: str, *, heartbeat: int = 30, deadline: float = CONNECT_DEADLINE) -> Any:
    """A blocking pika connection, or MqError naming the broker (also after `deadline` s)."""
    import pika
    import pika.exceptions

    params = pika.URLParameters(url)
    params.heartbeat = heartbeat
    params.blocked_connection_timeout = 60
    params.connection_attempts = 1
    params.socket_timeout = 5
    params.stack_timeout = 10
    result: dict[str, Any] = {}
    abandoned = threading.Event()

    def attempt() -> None:
        try:
            conn = pika.BlockingConnection(params)
        except BaseException as e:  # handed to the caller below
            result["error"] = e
            return
        result["conn"] = conn
        if abandoned.is_set():  # the caller gave up: nobody else will close it
            with contextlib.suppress(Exception):
                conn.close()

    worker = threading.Thread(target=attempt, name="courtqc-mq-connect", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        abandoned.set()
        if "conn" in result:  # finished between the join and the flag
            return result["conn"]
        raise MqError(
            f"连接消息代理 {where(url)} 超时 (message broker did not answer in {deadline:.0f} s)"
        )
    if "conn" in result:
        return result["conn"]
    e = result["error"]
    if not isinstance(e, pika.exceptions.AMQPError | OSError):
        raise e
    detail = (str(e).strip() or (str(e.args[0]) if e.args else ""))[:200]
    raise MqError(
        f"无法连接消息代理 {where(url)} (message broker unreachable"
        f"{': ' + detail if detail else ''}); "
        "请先启动 RabbitMQ：scripts/rabbitmq.sh start (start it first)"
    ) from None


def queue_depths(url: str, queue: str = DEFAULT_QUEUE) -> dict[str, int]:
    """Messages waiting in the queue and in its dead letters."""
    conn = connect(url)
    try:
        ch = conn.channel()
        topo = Topology(queue)
        topo.declare(ch)
        return {
            q: ch.queue_declare(q, passive=True).method.message_count
            for q in (topo.name, topo.dead)
        }
    finally:
        conn.close()


# --------------------------------------------------------------------------- schemas


class Invalid(Exception):
    """A message that cannot be applied: why (Chinese first) and where in the message."""

    def __init__(self, reason: str, field: str | None = None, message_id: str | None = None):
        super().__init__(reason)
        self.reason, self.field, self.message_id = reason, field, message_id


@dataclass(frozen=True)
class Message:
    message_id: str
    type: str
    system: str
    sent_at: dt.datetime | None  # naive UTC
    data: dict[str, Any]
    source_table: str
    case_field: str | None
    moves: dict[str, str] | None  # {"node": field, "at": field}


def parse_instant(text: str) -> dt.datetime:
    """ISO 8601 → naive UTC (a value without an offset is UTC already)."""
    t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return t.astimezone(dt.UTC).replace(tzinfo=None) if t.tzinfo else t


def _is_instant(v: object) -> bool:
    if not isinstance(v, str):
        return True
    try:
        parse_instant(v)
    except ValueError:
        return False
    return True


def _is_date(v: object) -> bool:
    if not isinstance(v, str):
        return True
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return len(v) == 10


class Schemas:
    """The envelope and one JSON Schema per message type, from mq_schemas/ (or a folder)."""

    def __init__(self, folder: Path | None = None):
        from jsonschema import Draft202012Validator, FormatChecker

        base = folder or files(__package__).joinpath("mq_schemas")
        fmt = FormatChecker()
        fmt.checks("date-time")(_is_instant)
        fmt.checks("date")(_is_date)
        docs = {
            p.name.removesuffix(".json"): json.loads(p.read_text(encoding="utf-8"))
            for p in base.iterdir()
            if p.name.endswith(".json")
        }
        self.envelope = Draft202012Validator(docs.pop("envelope"), format_checker=fmt)
        self.types = {t: Draft202012Validator(d, format_checker=fmt) for t, d in docs.items()}
        self.meta = {t: d.get("x-courtqc", {}) for t, d in docs.items()}
        # optional fields a sender leaves out are null to the mapping
        self.fields = {
            t: list(d["properties"]["data"].get("properties", {})) for t, d in docs.items()
        }

    @staticmethod
    def _first(validator: Any, doc: Any, what: str, mid: str | None) -> None:
        from jsonschema.exceptions import best_match

        err = best_match(validator.iter_errors(doc))
        if err is not None:
            path = ".".join(str(p) for p in err.absolute_path) or None
            msg = err.message if len(err.message) <= 300 else err.message[:300] + "…"
            raise Invalid(f"不符合{what}的格式 (does not match its JSON Schema): {msg}", path, mid)

    def check(self, body: bytes) -> Message:
        if len(body) > MAX_BODY_BYTES:
            raise Invalid(f"消息超过 {MAX_BODY_BYTES} 字节 (message too large)")
        try:
            doc = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError:
            raise Invalid("消息不是 UTF-8 文本 (message is not UTF-8)") from None
        except (json.JSONDecodeError, RecursionError) as e:
            raise Invalid(f"消息不是 JSON (message is not JSON): {str(e)[:200]}") from None
        mid = doc.get("message_id") if isinstance(doc, dict) else None
        mid = mid if isinstance(mid, str) else None
        self._first(self.envelope, doc, "消息信封", mid)
        mtype = doc["type"]
        if mtype not in self.types:
            raise Invalid(f"没有消息类型 {mtype} 的格式 (no schema for the type)", "type", mid)
        self._first(self.types[mtype], doc, f"消息类型 {mtype} ", mid)
        meta = self.meta[mtype]
        return Message(
            message_id=mid or "",
            type=mtype,
            system=doc["system"],
            sent_at=parse_instant(doc["sent_at"]),
            data={**dict.fromkeys(self.fields[mtype]), **doc["data"]},
            source_table=meta["source_table"],
            case_field=meta.get("case"),
            moves=meta.get("moves_case"),
        )


@functools.cache
def schemas() -> Schemas:
    return Schemas()


# --------------------------------------------------------------------------- applying


@dataclass
class MqStats:
    received: int = 0
    applied: int = 0
    duplicates: int = 0
    dead: int = 0
    moved: int = 0
    checks: int = 0
    batches: int = 0
    reconnects: int = 0
    dead_reasons: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Outcome:
    """What one batch did: message ids applied, seen before, and the dead ones with reasons."""

    applied: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    dead: list[tuple[int, Invalid]] = field(default_factory=list)  # (index in batch, why)
    node_changes: list[NodeChange] = field(default_factory=list)


class MessageApplier:
    """Applies a batch of message bodies to the store, inside the caller's transaction."""

    def __init__(self, con: duckdb.DuckDBPyConnection, mapper: Mapper, queue: str):
        self.con = con
        self.mapper = mapper
        self.queue = queue
        self.source = f"mq:{queue}"
        self.applier = Applier(con, mapper)
        self.schemas = schemas()
        ensure_tables(con)

    def apply(self, bodies: list[bytes]) -> Outcome:
        out = Outcome()
        msgs: list[tuple[int, Message]] = []
        for i, body in enumerate(bodies):
            try:
                msgs.append((i, self.schemas.check(body)))
            except Invalid as e:
                out.dead.append((i, e))
        # seen before (stored) or earlier in this batch: acknowledged, not applied
        ids = [m.message_id for _, m in msgs]
        cond, params = keys_in("message_id", ids)
        stored = {
            r[0]
            for r in self.con.execute(
                f"SELECT message_id FROM ingest_mq_messages WHERE {cond}", params
            ).fetchall()
        } if ids else set()  # fmt: skip
        fresh: list[tuple[int, Message]] = []
        seen: set[str] = set()
        for i, m in msgs:
            if m.message_id in stored or m.message_id in seen:
                out.duplicates.append(m.message_id)
            else:
                seen.add(m.message_id)
                fresh.append((i, m))
        fresh = self._known_cases(fresh, out)
        if not fresh:
            return out
        res = self.applier.apply(
            [
                Change(m.source_table, "U", row=m.data, position=i + 1, committed_at=m.sent_at)
                for i, m in fresh
            ],
            source=self.source,
            quarantine=False,
        )
        rejected = {r.position - 1: r for r in res.rejected}
        for i, r in rejected.items():
            col = f"data.{r.column}" if r.column else "data"
            out.dead.append((i, Invalid(f"不能映射 (cannot be mapped): {r.reason}", col)))
        fresh = [(i, m) for i, m in fresh if i not in rejected]
        moved = self._move(fresh, out)
        now = utcnow()
        rows = [
            (
                m.message_id, m.type, m.system, self.queue, m.sent_at, now,
                m.data.get(m.case_field) if m.case_field else None, moved.get(i),
            )
            for i, m in fresh
        ]  # fmt: skip
        cols = ["message_id", "type", "system", "queue", "sent_at", "applied_at", "case_id",
                "moved_to"]  # fmt: skip
        types = [pa.string()] * 4 + [pa.timestamp("us")] * 2 + [pa.int64(), pa.string()]
        attach_table(
            self.con,
            "_qc_mq",
            pa.table(
                {c: pa.array([r[k] for r in rows], type=types[k]) for k, c in enumerate(cols)}
            ),
        )
        try:
            self.con.execute(
                f"INSERT INTO ingest_mq_messages ({', '.join(cols)}) SELECT * FROM _qc_mq"
            )
        finally:
            self.con.unregister("_qc_mq")
        out.applied = [m.message_id for _, m in fresh]
        return out

    def _known_cases(
        self, msgs: list[tuple[int, Message]], out: Outcome
    ) -> list[tuple[int, Message]]:
        """A message about a case the store does not hold is dead-lettered (the case may come
        later through CDC: replay the dead letters then)."""
        ids = {
            m.data.get(m.case_field)
            for _, m in msgs
            if m.case_field and isinstance(m.data.get(m.case_field), int)
        }
        if not ids:
            return msgs
        cond, params = keys_in("case_id", sorted(ids))
        known = {
            r[0]
            for r in self.con.execute(f"SELECT case_id FROM cases WHERE {cond}", params).fetchall()
        }
        keep = []
        for i, m in msgs:
            c = m.data.get(m.case_field) if m.case_field else None
            if m.case_field and c not in known:
                reason = f"案件 {c} 不在库中 (unknown case)"
                out.dead.append((i, Invalid(reason, f"data.{m.case_field}", m.message_id)))
            else:
                keep.append((i, m))
        return keep

    def _move(self, msgs: list[tuple[int, Message]], out: Outcome) -> dict[int, str]:
        """Cases moved by their messages: a message whose event is the case's latest (the
        stored events, this batch's included) puts the case at its node — so a late or
        replayed message never moves a case back."""
        movers = []
        for i, m in msgs:
            if not m.moves:
                continue
            node = self.mapper.node_of(str(m.data[m.moves["node"]]))
            at = parse_instant(m.data[m.moves["at"]])
            movers.append((i, m, int(m.data[m.case_field]), node, at))
        if not movers:
            return {}
        cond, params = keys_in("c.case_id", sorted({c for _, _, c, _, _ in movers}))
        state = {
            c: (node, latest)
            for c, node, latest in self.con.execute(
                "SELECT c.case_id, c.current_node, max(e.occurred_at) FROM cases c "
                f"LEFT JOIN events e USING (case_id) WHERE {cond} GROUP BY ALL",
                params,
            ).fetchall()
        }
        moved: dict[int, str] = {}
        for i, m, case_id, node, at in sorted(movers, key=lambda x: x[4]):
            current, latest = state[case_id]
            if node is None or (latest is not None and at < latest) or node == current:
                continue
            state[case_id] = (node, latest)
            moved[i] = node
            out.node_changes.append(NodeChange(case_id, node, None, m.sent_at))
        if out.node_changes:
            last = {c.case_id: c.node for c in out.node_changes}
            self.con.executemany(
                "UPDATE cases SET current_node = ? WHERE case_id = ?",
                [(n, c) for c, n in last.items()],
            )
        return moved


# --------------------------------------------------------------------------- the consumer


def _amqp_errors() -> tuple[type[BaseException], ...]:
    import pika.exceptions

    return (pika.exceptions.AMQPError, ConnectionError, OSError)


def backoff(attempt: int, base: float = 0.5, cap: float = 30.0) -> float:
    """base·2^(attempt−1), capped, with ±25 % jitter (many consumers do not reconnect in step)."""
    return min(cap, base * 2 ** max(0, attempt - 1)) * random.uniform(0.75, 1.25)


class MqConsumer:
    """`courtqc ingest mq`: consume, apply in batches, acknowledge after commit, reconnect."""

    def __init__(
        self,
        db: str | Path,
        url: str,
        *,
        queue: str = DEFAULT_QUEUE,
        mapping: str = MQ_MAPPING,
        checks: bool = True,
        models: list | None = None,
        as_of: dt.date | None = None,
        prefetch: int = 500,
        batch_wait: float = 0.1,
        until_idle: float | None = None,
        on_batch: Callable[[Outcome], None] | None = None,
    ):
        self.db, self.url, self.topo = str(db), url, Topology(queue)
        self.mapper = load_mapping(mapping)
        self.checks, self.models, self.as_of = checks, models, as_of
        self.prefetch, self.batch_wait, self.until_idle = prefetch, batch_wait, until_idle
        self.on_batch = on_batch
        self.stats = MqStats()
        self._stop = threading.Event()
        self.con: duckdb.DuckDBPyConnection | None = None
        self.worker: Any = None

    def stop(self, *_: Any) -> None:
        self._stop.set()

    def run(self) -> MqStats:
        conn = connect(self.url)  # unreachable at start: MqError, exit 2
        self.con = duckdb.connect(self.db)
        self.applier = MessageApplier(self.con, self.mapper, self.topo.name)
        self._start_checks()
        attempt = 0
        try:
            while not self._stop.is_set():
                try:
                    if conn is None:
                        conn = connect(self.url)
                        self.stats.reconnects += 1
                        log.warning("reconnected to %s", where(self.url))
                    attempt = 0
                    if self._consume(conn):
                        break  # idle for until_idle seconds
                except (*_amqp_errors(), MqError) as e:
                    attempt += 1
                    wait = backoff(attempt)
                    log.warning(
                        "消息代理连接中断，%.1f 秒后重连 (broker connection lost: %s; retrying in %.1f s)",
                        wait, str(e)[:200] or type(e).__name__, wait,
                    )  # fmt: skip
                    self._close(conn)
                    conn = None
                    self._stop.wait(wait)
        finally:
            self._close(conn)
            if self.worker is not None:
                self.worker.stop()  # answers every queued check
                self.stats.checks = self.worker.checks
            self.con.close()
        return self.stats

    @staticmethod
    def _close(conn: Any) -> None:
        if conn is not None and conn.is_open:
            with contextlib.suppress(Exception):  # already gone: nothing to close
                conn.close()

    def _start_checks(self) -> None:
        if not self.checks:
            self.dispatcher = None
            return
        from courtqc.ingest.alerts import CheckWorker, NodeDispatcher

        self.con.execute("SET threads = 1")  # node mode: many small statements (as CDC)
        self.dispatcher = NodeDispatcher(self.con.cursor(), models=self.models, as_of=self.as_of)
        _ = self.dispatcher.checker  # the models loaded before the first message
        self.worker = CheckWorker(self.dispatcher).start()  # first: checks a kill left queued

    def _consume(self, conn: Any) -> bool:
        """Consume until stopped (False) or idle for until_idle seconds (True)."""
        ch = conn.channel()
        self.topo.declare(ch)
        ch.confirm_delivery()  # dead letters are confirmed before their batch commits
        ch.basic_qos(prefetch_count=self.prefetch)
        log.info("consuming %s at %s", self.topo.name, where(self.url))
        batch: list[tuple[Any, Any, bytes]] = []
        first = last_seen = time.monotonic()
        for method, props, body in ch.consume(self.topo.name, inactivity_timeout=self.batch_wait):
            now = time.monotonic()
            if method is not None:
                if not batch:
                    first = now
                batch.append((method, props, body))
                last_seen = now
            if batch and (
                len(batch) >= self.prefetch or now - first >= self.batch_wait or method is None
            ):
                self._flush(ch, batch)
                batch = []
            if self.worker is not None and self.worker.error is not None:
                raise self.worker.error
            if self._stop.is_set():
                break
            if (
                method is None
                and self.until_idle is not None
                and now - last_seen >= self.until_idle
            ):
                ch.cancel()
                return True
        if batch:
            self._flush(ch, batch)
        ch.cancel()  # unacknowledged deliveries go back to the queue
        return False

    def _flush(self, ch: Any, batch: list[tuple[Any, Any, bytes]]) -> None:
        import pika

        bodies = [b for _, _, b in batch]
        with transaction(self.con):
            out = self.applier.apply(bodies)
            if self.dispatcher is not None and out.node_changes:
                self.stats.checks += self.dispatcher.enqueue(
                    self.con, out.node_changes, self.applier.source
                )
            for i, why in out.dead:
                method, props, body = batch[i]
                headers = dict(props.headers or {})
                headers.update({REASON: why.reason, FIELD: why.field or "",
                                ROUTING_KEY: method.routing_key})  # fmt: skip
                ch.basic_publish(
                    self.topo.dead,
                    method.routing_key,
                    body,
                    pika.BasicProperties(
                        delivery_mode=2,
                        headers=headers,
                        message_id=props.message_id,
                        content_type=props.content_type,
                        timestamp=props.timestamp,
                    ),
                    mandatory=True,
                )
        ch.basic_ack(batch[-1][0].delivery_tag, multiple=True)
        if self.worker is not None and out.node_changes:
            self.worker.wake()
        s = self.stats
        s.batches += 1
        s.received += len(batch)
        s.applied += len(out.applied)
        s.duplicates += len(out.duplicates)
        s.dead += len(out.dead)
        s.moved += len(out.node_changes)
        for _, why in out.dead:
            key = why.reason.split(" (")[0][:40]
            s.dead_reasons[key] = s.dead_reasons.get(key, 0) + 1
        if self.on_batch is not None:
            self.on_batch(out)


# --------------------------------------------------------------------------- publishing, replay


class Publisher:
    """Publishes messages persistently with broker confirms; on a lost connection it
    reconnects (with backoff, for up to `retry_for` seconds) and publishes the unconfirmed
    message again — at least once, which the consumer's idempotency makes exactly once."""

    def __init__(self, url: str, queue: str = DEFAULT_QUEUE, *, retry_for: float = 120.0):
        self.url, self.topo, self.retry_for = url, Topology(queue), retry_for
        self.conn: Any = None
        self.ch: Any = None
        self.republished = 0
        self._open()

    def _open(self) -> None:
        self.conn = connect(self.url)
        self.ch = self.conn.channel()
        self.topo.declare(self.ch)
        self.ch.confirm_delivery()

    def publish(self, msg: dict[str, Any] | bytes, routing_key: str | None = None) -> None:
        import pika

        body = msg if isinstance(msg, bytes) else json.dumps(msg, ensure_ascii=False).encode()
        key = routing_key or (msg.get("type", "unknown") if isinstance(msg, dict) else "unknown")
        mid = msg.get("message_id") if isinstance(msg, dict) else None
        props = pika.BasicProperties(
            delivery_mode=2, content_type="application/json", message_id=mid,
            timestamp=int(time.time()),
        )  # fmt: skip
        deadline = time.monotonic() + self.retry_for
        attempt = 0
        while True:
            try:
                if self.ch is None:
                    self._open()
                self.ch.basic_publish(self.topo.name, key, body, props, mandatory=True)
                return
            except (*_amqp_errors(), MqError):
                attempt += 1
                MqConsumer._close(self.conn)
                self.conn = self.ch = None
                if time.monotonic() > deadline:
                    raise
                self.republished += 1
                time.sleep(backoff(attempt, cap=5.0))

    def close(self) -> None:
        MqConsumer._close(self.conn)


def dead_letters(
    url: str, queue: str = DEFAULT_QUEUE, *, limit: int = 10_000
) -> list[dict[str, Any]]:
    """Read (and leave in place) the dead letters: body, routing key and reason of each."""
    conn = connect(url)
    out = []
    try:
        ch = conn.channel()
        Topology(queue).declare(ch)
        for _ in range(limit):
            method, props, body = ch.basic_get(Topology(queue).dead, auto_ack=False)
            if method is None:
                break
            h = props.headers or {}
            out.append({"body": body, "routing_key": h.get(ROUTING_KEY, method.routing_key),
                        "reason": h.get(REASON), "field": h.get(FIELD) or None})  # fmt: skip
    finally:
        conn.close()  # unacknowledged: they stay in the queue
    return out


def replay_dead(url: str, queue: str = DEFAULT_QUEUE, *, limit: int | None = None) -> int:
    """Move dead letters back to the intake queue (after the mapping or the store has been
    fixed): each republished with confirms, then acknowledged. Those still wrong come back."""
    import pika

    conn = connect(url)
    n = 0
    try:
        ch = conn.channel()
        topo = Topology(queue)
        topo.declare(ch)
        ch.confirm_delivery()
        while limit is None or n < limit:
            method, props, body = ch.basic_get(topo.dead, auto_ack=False)
            if method is None:
                break
            h = {k: v for k, v in (props.headers or {}).items() if not k.startswith("x-")}
            key = (props.headers or {}).get(ROUTING_KEY, method.routing_key)
            ch.basic_publish(
                topo.name, key, body,
                pika.BasicProperties(delivery_mode=2, headers=h or None, message_id=props.message_id,
                                     content_type=props.content_type),
                mandatory=True,
            )  # fmt: skip
            ch.basic_ack(method.delivery_tag)
            n += 1
    finally:
        conn.close()
    return n
