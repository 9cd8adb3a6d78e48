"""Node checks for ingested changes: a case reached a node → node mode → alerts stored (and
queued for the webhook).

A node change is first queued (ingest_node_checks) in the same transaction that applied the
change, then checked after that transaction commits; the check, its alerts and its deliveries
commit together. Killed in between, the queue still holds the check and it runs on restart;
alerts are keyed by fingerprint, so a check that ran but was not marked done adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import duckdb

from courtqc.domain.nodes import NODES
from courtqc.ingest.apply import NodeChange, ensure_tables

if TYPE_CHECKING:
    from courtqc.engine.node import NodeChecker, NodeResult
    from courtqc.ingest.webhook import WebhookPusher


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


@dataclass
class CheckOutcome:
    check_id: int
    case_id: int
    node: str
    status: str  # done | skipped | error
    alerts: list[dict[str, Any]]
    elapsed_ms: float
    error: str | None = None


def alert_payload(a: dict[str, Any], node: str) -> dict[str, Any]:
    """What the webhook receives for one alert (the alert as stored, plus the node's name)."""
    return {**a, "node": node, "node_name": NODES[node].name_zh if node in NODES else node}


class NodeDispatcher:
    """Queues node changes and runs node mode for them on one store connection."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        webhook: WebhookPusher | None = None,
        models: list | None = None,
    ):
        self.con = con
        self.webhook = webhook
        self._models = models
        self._checker: NodeChecker | None = None
        ensure_tables(con)

    @property
    def checker(self) -> NodeChecker:
        # Built on first use: it reads the store (data day, indexes), so after the snapshot.
        if self._checker is None:
            from courtqc.engine.node import NodeChecker

            self._checker = NodeChecker(self.con, self._models)
        return self._checker

    def bound(self, node: str) -> bool:
        """Does any model that runs at nodes bind this node? (Others need no check.)"""
        return node in NODES and bool(self.checker.models_for(node))

    def enqueue(self, changes: Iterable[NodeChange], source: str) -> int:
        """Queue the checks, in the caller's transaction."""
        now = utcnow()
        rows = [
            (source, c.case_id, c.node, c.lsn, c.committed_at, now)
            for c in changes
            if self.bound(c.node)
        ]
        if rows:
            self.con.executemany(
                "INSERT INTO ingest_node_checks (source, case_id, node, lsn, committed_at, queued_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                rows,
            )
        return len(rows)

    def pending(self) -> int:
        return self.con.execute(
            "SELECT count(*) FROM ingest_node_checks WHERE status = 'queued'"
        ).fetchone()[0]

    def run_pending(self, limit: int | None = None) -> list[CheckOutcome]:
        """Check every queued (case, node), oldest first; each in its own transaction."""
        q = "SELECT check_id, case_id, node FROM ingest_node_checks WHERE status = 'queued' ORDER BY check_id"
        if limit:
            q += f" LIMIT {int(limit)}"
        out = [
            self._run_one(cid, case_id, node)
            for cid, case_id, node in self.con.execute(q).fetchall()
        ]
        if self.webhook is not None and any(o.alerts for o in out):
            self.webhook.wake()
        return out

    def check_now(
        self, case_id: int, node: str, source: str
    ) -> tuple[CheckOutcome, NodeResult | None]:
        """Queue and check at once, inside the caller's transaction (the event API)."""
        check_id = self.con.execute(
            "INSERT INTO ingest_node_checks (source, case_id, node, queued_at) VALUES (?, ?, ?, ?) RETURNING check_id",
            [source, case_id, node, utcnow()],
        ).fetchone()[0]
        return self._check(check_id, case_id, node)

    def _run_one(self, check_id: int, case_id: int, node: str) -> CheckOutcome:
        self.con.execute("BEGIN")
        try:
            outcome, _ = self._check(check_id, case_id, node)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return outcome

    def _check(
        self, check_id: int, case_id: int, node: str
    ) -> tuple[CheckOutcome, NodeResult | None]:
        result = None
        alerts: list[dict[str, Any]] = []
        error = None
        try:
            result = self.checker.check(int(case_id), node)
            status = "done"
            alerts = [alert_payload(a.to_dict(), node) for a in result.alerts]
            if result.errors:
                error = json.dumps(result.errors, ensure_ascii=False)[:2000]
        except KeyError as e:  # the case was deleted before its check ran
            status, error = "skipped", str(e.args[0])
        except ValueError as e:
            status, error = "error", str(e)
        if alerts and self.webhook is not None:
            now = utcnow()
            self.con.executemany(
                "INSERT INTO ingest_deliveries (fingerprint, node, case_id, payload, created_at, next_attempt_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [
                    (a["fingerprint"], node, case_id, json.dumps(a, ensure_ascii=False), now, now)
                    for a in alerts
                ],
            )
        elapsed = result.elapsed_ms if result is not None else 0.0
        self.con.execute(
            "UPDATE ingest_node_checks SET status = ?, checked_at = ?, alerts = ?, elapsed_ms = ?, error = ? "
            "WHERE check_id = ?",
            [status, utcnow(), len(alerts), elapsed, error, check_id],
        )
        return CheckOutcome(check_id, case_id, node, status, alerts, elapsed, error), result


def on_node_change(con: duckdb.DuckDBPyConnection, case_id: int, node: str) -> list[dict[str, Any]]:
    """Run node mode for one case at one node against a store and store its alerts; the
    alerts (as dicts) are returned. The one call ingestion makes into the engine."""
    from courtqc.engine.node import NodeChecker

    checker = NodeChecker(con)
    try:
        return [a.to_dict() for a in checker.check(case_id, node).alerts]
    finally:
        checker.close()
