"""`courtqc mq publish|status`: the simulated courts' other systems on the message queue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from courtqc.cli_common import fail, print_json

mq_app = typer.Typer(
    help="模拟诉讼服务、送达、档案与外部登记系统的消息 (the courts' other systems on RabbitMQ).",
    no_args_is_help=True,
)
UrlOpt = Annotated[
    str | None,
    typer.Option("--url", help="AMQP URL of the RabbitMQ broker (default: COURTQC_MQ_URL)"),
]
QueueOpt = Annotated[str, typer.Option("--queue", help="the intake's exchange and queue")]


@mq_app.command("publish")
def publish_cmd(
    court: Annotated[
        Path, typer.Option("--court", help="the synthetic court the messages are about")
    ],
    url: UrlOpt = None,
    queue: QueueOpt = "courtqc.intake",
    count: Annotated[int, typer.Option("--count", min=1, help="messages (distinct)")] = 1000,
    rate: Annotated[
        float | None,
        typer.Option("--rate", help="messages per second (default: as fast as possible)"),
    ] = None,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    invalid_share: Annotated[
        float, typer.Option("--invalid-share", min=0, max=1, help="share broken on purpose")
    ] = 0.0,
    duplicate_share: Annotated[
        float, typer.Option("--duplicate-share", min=0, max=1, help="share sent twice")
    ] = 0.0,
    log: Annotated[
        Path | None, typer.Option("--log", help="write what each message should do (JSON)")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help="only this message type (repeatable; e.g. qy.shareholder): their shares of "
            "the mix scaled up to --count",
        ),
    ] = None,
) -> None:
    """发布模拟消息 — publish messages of litigation services, service of documents, archives
    and the registers (deaths, enterprise changes, shareholdings, former names) about a
    synthetic court, persistent and confirmed by the broker."""
    import logging

    from courtqc.cms import mqsim
    from courtqc.ingest import mq

    logging.getLogger("pika").setLevel(logging.CRITICAL)  # a lost connection is retried, not news
    if not court.is_file():
        fail(f"找不到法院库 {court} (no such store)")
    wl = mqsim.plan(court, count=count, seed=seed, invalid_share=invalid_share, kinds=kind)
    if log is not None:
        log.write_text(json.dumps(wl.to_log(), ensure_ascii=False), encoding="utf-8")
    res = mqsim.publish(
        wl, url or mq.default_url(), queue, rate=rate, duplicate_share=duplicate_share, seed=seed
    )
    print_json(res)


@mq_app.command("status")
def status_cmd(url: UrlOpt = None, queue: QueueOpt = "courtqc.intake") -> None:
    """队列深度 — messages waiting in the intake queue and in its dead letters."""
    from courtqc.ingest import mq

    print_json(mq.queue_depths(url or mq.default_url(), queue))


def register(app: typer.Typer) -> None:
    """Add `courtqc mq ...` to the top-level app."""
    app.add_typer(mq_app, name="mq")
