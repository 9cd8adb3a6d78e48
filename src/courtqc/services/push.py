"""Push runs: select, prepare a batch, deliver it, log every attempt.

A run of a push model has two steps, each safe to kill at any instant:

1. **Prepare** (one transaction): run the selection on a session scoped to the sending court's
   tree (courtqc.engine.scoped, unmasked data: the model's own masks apply per field), keep the
   rows whose key was never put in a batch of this model, mask the declared fields, and store
   the batch (id, content hash, payload) together with its row keys. Killed before the commit,
   nothing happened; after it, the batch exists and its rows will never be prepared again.
2. **Deliver**: every batch not yet delivered (this run's and any a kill left behind) is sent,
   with retries on exponential backoff (tenacity); each attempt is a row of push_deliveries, the
   receipt is stored with the batch. Killed mid-send, the batch is still `prepared` and the next
   run sends the same bytes under the same id: the body keeps the first and drops the copy.

So nothing is lost and no row is sent in two batches; the body deduplicates by batch id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa
from tenacity import RetryError, Retrying, retry_if_result, stop_after_attempt, wait_exponential

from courtqc.clock import utcnow_s
from courtqc.engine.scoped import DataScope, open_scoped, qualify_onto_scope
from courtqc.errors import InvalidInput, NotFound
from courtqc.services import channels, masks, store
from courtqc.services.channels import Outcome, Receiver
from courtqc.services.pushmodel import PushModel, builtin
from courtqc.transaction import transaction
from courtqc.web.visibility import CourtTree


@dataclass
class RetryPolicy:
    attempts: int = 5
    base_s: float = 1.0  # 1, 2, 4, 8 s between attempts
    max_s: float = 60.0


@dataclass
class RunResult:
    model_id: str
    body: str
    selected: int = 0
    new_rows: int = 0
    batch_id: str | None = None
    select_s: float = 0.0
    prepare_s: float = 0.0  # the whole preparation: selection, dedup, masks, the batch's commit
    session_s: float = 0.0  # opening the court's scoped session (the first model of a court)
    deliver_s: float = 0.0  # sending its undelivered batches, retries included
    delivered: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- receivers


def set_receiver(
    con: duckdb.DuckDBPyConnection,
    body_id: str,
    channel: str,
    target: str,
    *,
    secret: str | None = None,
    file_format: str = "jsonl",
    ca_file: str | None = None,
) -> str:
    """Configure where a body receives; returns its signing key (made if not given)."""
    from courtqc.services.definition import bodies

    if body_id not in bodies():
        raise NotFound(f"没有接收单位 {body_id} (no such body; see bodies.yaml)")
    if channel not in ("webhook", "file"):
        raise InvalidInput(
            f"渠道只能是 webhook 或 file (channel must be webhook or file): {channel}"
        )
    if channel == "webhook" and not target.startswith("https://"):
        raise InvalidInput(f"推送地址必须是 https (the webhook must be https): {target}")
    if file_format not in ("jsonl", "csv"):
        raise InvalidInput(
            f"文件格式只能是 jsonl 或 csv (format must be jsonl or csv): {file_format}"
        )
    store.ensure(con)
    key = secret or secrets.token_hex(32)
    con.execute(
        "INSERT OR REPLACE INTO push_receivers VALUES (?, ?, ?, ?, ?, ?, ?)",
        [body_id, channel, target, file_format, key, ca_file, utcnow_s()],
    )
    return key


def receiver(con: duckdb.DuckDBPyConnection, body_id: str) -> Receiver | None:
    row = con.execute(
        "SELECT body_id, channel, target, secret, file_format, ca_file FROM push_receivers "
        "WHERE body_id = ?",
        [body_id],
    ).fetchone()
    return Receiver(*row) if row else None


# ---------------------------------------------------------------- prepare


def _row_key(values: tuple) -> str:
    return hashlib.sha256(channels.canonical([masks.plain(v) for v in values])).hexdigest()[:32]


def court_session(con: duckdb.DuckDBPyConnection, court: str) -> duckdb.DuckDBPyConnection:
    """A session that sees only `court`'s tree, unmasked (the fields' masks apply when the batch
    is made). Opening one costs seconds on a large store, so a run opens one per court and runs
    every model of that court on it. Close it when done."""
    tree = CourtTree.load(con)
    if court not in tree:
        raise NotFound(f"推送模型的法院 {court} 不存在 (no such court)")
    courts = None if tree.parent.get(court) is None else frozenset(tree.descendants(court))
    return open_scoped(con, DataScope(courts=courts, masked=False))


def select(
    con: duckdb.DuckDBPyConnection,
    model: PushModel,
    session: duckdb.DuckDBPyConnection | None = None,
) -> tuple[list[str], list[tuple]]:
    """The selection's rows over the sending court's tree, on `session` if given (it must be
    `court_session(con, model.spec.court)`)."""
    cur = session or court_session(con, model.spec.court)
    try:
        rel = cur.execute(qualify_onto_scope(model.sql))
        names = [d[0] for d in rel.description]
        return names, rel.fetchall()
    finally:
        if session is None:
            cur.close()


def prepare(
    con: duckdb.DuckDBPyConnection,
    model: PushModel,
    result: RunResult,
    session: duckdb.DuckDBPyConnection | None = None,
) -> str | None:
    """Make the batch of this model's new rows (see the module docstring); None if none."""
    t0 = time.perf_counter()
    names, rows = select(con, model, session)
    result.select_s = time.perf_counter() - t0
    result.selected = len(rows)
    pos = {n: i for i, n in enumerate(names)}
    key_idx = [pos[k] for k in model.spec.key]
    sent = {
        r[0]
        for r in con.execute(
            "SELECT row_key FROM push_sent WHERE model_id = ?", [model.id]
        ).fetchall()
    }
    keys, payload = [], []
    for r in rows:
        k = _row_key(tuple(r[i] for i in key_idx))
        if k in sent:
            continue
        sent.add(k)  # the same key twice in one selection is sent once
        keys.append(k)
        payload.append({f.name: masks.apply(f.mask, r[pos[f.name]]) for f in model.spec.fields})
    result.new_rows = len(payload)
    if not payload:
        return None
    now = utcnow_s()
    batch_id = f"{model.id}-{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
    content_hash = hashlib.sha256(channels.canonical(payload)).hexdigest()
    with transaction(con):
        con.execute(
            "INSERT INTO push_batches (batch_id, model_id, model_version, body_id, court_code, "
            "prepared_at, row_count, content_hash, payload, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'prepared')",
            [
                batch_id, model.id, model.version, model.spec.body, model.spec.court, now,
                len(payload), content_hash, channels.canonical(payload).decode(),
            ],
        )  # fmt: skip
        table = pa.table(
            {
                "model_id": [model.id] * len(keys),
                "row_key": keys,
                "batch_id": [batch_id] * len(keys),
            }
        )
        con.register("qc_new_sent", table)
        try:
            con.execute("INSERT INTO push_sent SELECT * FROM qc_new_sent")
        finally:
            con.unregister("qc_new_sent")
    result.batch_id = batch_id
    return batch_id


# ---------------------------------------------------------------- deliver


def envelope(con: duckdb.DuckDBPyConnection, batch_id: str) -> dict:
    """What is sent for a batch: fixed at preparation, so every send is byte-identical (but for
    the signature's timestamp)."""
    row = con.execute(
        "SELECT batch_id, model_id, model_version, body_id, court_code, prepared_at, row_count, "
        "content_hash, payload FROM push_batches WHERE batch_id = ?",
        [batch_id],
    ).fetchone()
    if row is None:
        raise NotFound(f"没有推送批次 {batch_id} (no such batch)")
    bid, mid, ver, body, court, at, n, h, payload = row
    try:
        model = next(m for m in builtin() if m.id == mid)
        fields = [{"name": f.name, "mask": f.mask} for f in model.spec.fields]
        basis = list(model.spec.legal_basis)
    except StopIteration:  # a model since removed: its rows still say what they hold
        rows = json.loads(payload)
        fields = [{"name": k, "mask": "?"} for k in (rows[0] if rows else {})]
        basis = []
    return {
        "batch_id": bid,
        "model": mid,
        "model_version": ver,
        "body": body,
        "court": court,
        "prepared_at": at.isoformat(),
        "row_count": n,
        "content_hash": h,
        "legal_basis": basis,
        "fields": fields,
        "rows": json.loads(payload),
    }


def _log(con, batch_id: str, rcv_channel: str, resend: bool, o: Outcome, by: str) -> None:
    con.execute(
        "INSERT INTO push_deliveries (batch_id, attempted_at, channel, resend, ok, http_status, "
        "receipt, error, by_whom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [batch_id, utcnow_s(), rcv_channel, resend, o.ok, o.http_status, o.receipt, o.error, by],
    )


def deliver(
    con: duckdb.DuckDBPyConnection,
    batch_id: str,
    *,
    resend: bool = False,
    policy: RetryPolicy | None = None,
    by: str = "scheduler",
    sleep: Callable[[float], None] = time.sleep,
) -> Outcome:
    """Send one batch with retries; record each attempt and, on success, the receipt."""
    policy = policy or RetryPolicy()
    env = envelope(con, batch_id)
    status = con.execute(
        "SELECT status FROM push_batches WHERE batch_id = ?", [batch_id]
    ).fetchone()[0]
    if status == "delivered" and not resend:
        return Outcome(True, receipt="already delivered")
    rcv = receiver(con, env["body"])
    if rcv is None:
        o = Outcome(
            False,
            error=f"接收单位 {env['body']} 未配置接收方 (no receiver configured)",
            retry=False,
        )
        con.execute(
            "UPDATE push_batches SET last_error = ? WHERE batch_id = ?", [o.error, batch_id]
        )
        return o

    def attempt() -> Outcome:
        o = channels.deliver(rcv, env, resend=resend)
        _log(con, batch_id, rcv.channel, resend, o, by)
        con.execute(
            "UPDATE push_batches SET attempts = attempts + 1 WHERE batch_id = ?", [batch_id]
        )
        return o

    retrying = Retrying(
        stop=stop_after_attempt(policy.attempts),
        wait=wait_exponential(multiplier=policy.base_s, max=policy.max_s),
        retry=retry_if_result(lambda o: not o.ok and o.retry),
        sleep=sleep,
    )
    try:
        outcome = retrying(attempt)
    except RetryError as e:
        outcome = e.last_attempt.result()
    if outcome.ok:
        if status != "delivered":
            con.execute(
                "UPDATE push_batches SET status = 'delivered', delivered_at = ?, receipt = ?, "
                "last_error = NULL WHERE batch_id = ?",
                [utcnow_s(), outcome.receipt, batch_id],
            )
    else:
        con.execute(
            "UPDATE push_batches SET status = CASE WHEN status = 'delivered' THEN status "
            "ELSE 'failed' END, last_error = ? WHERE batch_id = ?",
            [outcome.error, batch_id],
        )
    return outcome


def undelivered(con: duckdb.DuckDBPyConnection, model_id: str | None = None) -> list[str]:
    q = "SELECT batch_id FROM push_batches WHERE status <> 'delivered'"
    params: list = []
    if model_id:
        q += " AND model_id = ?"
        params.append(model_id)
    return [r[0] for r in con.execute(q + " ORDER BY prepared_at, batch_id", params).fetchall()]


def run(
    con: duckdb.DuckDBPyConnection,
    models: list[PushModel] | tuple[PushModel, ...] | None = None,
    *,
    policy: RetryPolicy | None = None,
    by: str = "cli",
    deliver_now: bool = True,
) -> list[RunResult]:
    """Prepare and deliver each model's batch; batches left undelivered by an earlier run (a
    kill, a body that was down) are delivered first."""
    store.ensure(con)
    out = []
    chosen = [m for m in (models if models is not None else builtin()) if m.spec.enabled]
    sessions: dict[str, duckdb.DuckDBPyConnection] = {}
    try:
        for m in chosen:
            res = RunResult(m.id, m.spec.body)
            t0 = time.perf_counter()
            if m.spec.court not in sessions:
                sessions[m.spec.court] = court_session(con, m.spec.court)
                res.session_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            prepare(con, m, res, sessions[m.spec.court])
            res.prepare_s = time.perf_counter() - t0
            out.append(res)
    finally:
        for s in sessions.values():
            s.close()
    for res in out:
        if deliver_now:
            t0 = time.perf_counter()
            for bid in undelivered(con, res.model_id):
                o = deliver(con, bid, policy=policy, by=by)
                (res.delivered if o.ok else res.pending).append(bid)
                if not o.ok and o.error:
                    res.errors.append(o.error)
            res.deliver_s = time.perf_counter() - t0
    return out


def resend(
    con: duckdb.DuckDBPyConnection, batch_id: str, *, by: str, policy: RetryPolicy | None = None
) -> Outcome:
    """Send a batch again, as it was (same id, same rows, marked as a re-send)."""
    store.ensure(con)
    return deliver(con, batch_id, resend=True, policy=policy, by=by)


# ---------------------------------------------------------------- status


def status(
    con: duckdb.DuckDBPyConnection, *, limit: int = 50, court: frozenset[str] | None = None
) -> dict:
    """Per model: batches, rows, delivered, pending; and the latest batches with their last
    delivery attempt."""
    store.ensure(con)
    where, params = "", []
    if court is not None:
        where = f"WHERE b.court_code IN ({', '.join('?' * len(court))})" if court else "WHERE FALSE"
        params = sorted(court)
    per_model = con.execute(
        f"""SELECT b.model_id, b.body_id, count(*) AS batches, sum(b.row_count) AS rows,
                   count(*) FILTER (WHERE b.status = 'delivered') AS delivered,
                   count(*) FILTER (WHERE b.status <> 'delivered') AS pending,
                   max(b.delivered_at) AS last_delivered
            FROM push_batches b {where} GROUP BY ALL ORDER BY 1""",
        params,
    ).fetchall()
    latest = con.execute(
        f"""SELECT b.batch_id, b.model_id, b.body_id, b.court_code, b.prepared_at, b.row_count,
                   b.content_hash, b.status, b.attempts, b.delivered_at, b.receipt, b.last_error,
                   (SELECT count(*) FROM push_deliveries d WHERE d.batch_id = b.batch_id AND d.resend) AS resends
            FROM push_batches b {where} ORDER BY b.prepared_at DESC, b.batch_id DESC LIMIT {int(limit)}""",
        params,
    )
    names = [d[0] for d in latest.description]
    return {
        "models": [
            dict(
                zip(
                    (
                        "model_id",
                        "body",
                        "batches",
                        "rows",
                        "delivered",
                        "pending",
                        "last_delivered",
                    ),
                    r,
                    strict=True,
                )
            )
            for r in per_model
        ],
        "batches": [dict(zip(names, r, strict=True)) for r in latest.fetchall()],
    }


def deliveries(con: duckdb.DuckDBPyConnection, batch_id: str) -> list[dict]:
    cur = con.execute(
        "SELECT delivery_id, attempted_at, channel, resend, ok, http_status, receipt, error, by_whom "
        "FROM push_deliveries WHERE batch_id = ? ORDER BY delivery_id",
        [batch_id],
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def since(days: int) -> dt.datetime:
    return utcnow_s() - dt.timedelta(days=days)
