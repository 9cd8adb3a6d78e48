"""`courtqc ingest mq`: the message-queue intake daemon (courtqc.ingest.mq, docs/INGEST.md)."""

from __future__ import annotations

import logging
import signal
from pathlib import Path
from typing import Annotated

import typer

from courtqc.cli_common import parse_date, print_json
from courtqc.ingest.cdc_cli import ingest_app

UrlOpt = Annotated[
    str | None,
    typer.Option("--url", help="AMQP URL of the RabbitMQ broker (default: COURTQC_MQ_URL)"),
]
QueueOpt = Annotated[
    str,
    typer.Option("--queue", help="the intake's exchange and queue (dead letters: <queue>.dead)"),
]


def mq_cmd(
    db: Annotated[Path, typer.Option("--db", help="canonical DuckDB store (created if absent)")],
    url: UrlOpt = None,
    queue: QueueOpt = "courtqc.intake",
    mapping: Annotated[
        str, typer.Option("--mapping", help="mapping YAML of the message types (default: mq)")
    ] = "mq",
    checks: Annotated[
        bool, typer.Option("--checks/--no-checks", help="node mode when a message moves a case")
    ] = True,
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model", help="only these models (repeatable; default: the built-in library)"
        ),
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="node mode's today, YYYY-MM-DD")
    ] = None,
    prefetch: Annotated[
        int,
        typer.Option("--prefetch", min=1, help="unacknowledged messages held, and most per batch"),
    ] = 500,
    until_idle: Annotated[
        float | None,
        typer.Option("--until-idle", help="stop once no message has come for this many seconds"),
    ] = None,
    replay_dead: Annotated[
        bool,
        typer.Option(
            "--replay-dead", help="first put the dead letters back on the queue (after a fix)"
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="log warnings only")] = False,
) -> None:
    """消息队列采集（诉讼服务、送达、档案、外部登记） — consume the courts' other systems'
    messages from RabbitMQ into the store: durable queue, acknowledged after commit, applied
    once by message id, invalid ones to <queue>.dead with the reason. An unreachable broker at
    start exits 2; a connection lost later is reopened with backoff."""
    from courtqc.ingest import mq
    from courtqc.ingest.cdc_cli import _mapper, _models

    logging.basicConfig(
        level=logging.WARNING if quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # pika logs every connection step, and each failed one with its traceback: the daemon says
    # itself what failed and what it does about it
    logging.getLogger("pika").setLevel(logging.CRITICAL)
    url = url or mq.default_url()
    _mapper(mapping)  # a bad mapping: its problems, exit 2
    consumer = mq.MqConsumer(
        db, url, queue=queue, mapping=mapping, checks=checks, models=_models(model),
        as_of=parse_date(as_of, "--as-of"), prefetch=prefetch, until_idle=until_idle,
    )  # fmt: skip
    if replay_dead:
        n = mq.replay_dead(url, queue)
        logging.getLogger("courtqc.ingest.mq").info("replayed %d dead letters", n)
    signal.signal(signal.SIGTERM, consumer.stop)
    signal.signal(signal.SIGINT, consumer.stop)
    stats = consumer.run()
    print_json(stats.to_dict())


def register(app: typer.Typer) -> None:
    """Add `courtqc ingest mq` to the ingest group (made by courtqc.ingest.cdc_cli)."""
    ingest_app.command("mq")(mq_cmd)
