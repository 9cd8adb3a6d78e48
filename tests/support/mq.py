"""RabbitMQ for the message-queue tests: the shared node of scripts/rabbitmq.sh, or a private
one (own port and data folder) for a test that kills the broker."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

MQ_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "rabbitmq.sh"


def _start(env: dict[str, str] | None = None) -> str:
    r = subprocess.run(
        [str(MQ_SCRIPT), "start"], capture_output=True, text=True, timeout=600, env=env
    )
    if r.returncode == 3:
        pytest.skip(f"RabbitMQ cannot be installed on this machine: {r.stderr.strip()}")
    if r.returncode != 0:
        pytest.fail(f"scripts/rabbitmq.sh start failed ({r.returncode}):\n{r.stderr}")
    return r.stdout.strip().splitlines()[-1]


def broker_url() -> str:
    """The AMQP URL of the shared test broker (started if it is not running)."""
    return _start()


def delete_intake(url: str, name: str) -> None:
    """Remove a test's exchanges and queues."""
    from courtqc.ingest.mq import Topology, connect

    with contextlib.suppress(Exception):
        conn = connect(url)
        ch = conn.channel()
        t = Topology(name)
        for q in (t.name, t.dead):
            ch.queue_delete(q)
        for x in (t.name, t.dead):
            ch.exchange_delete(x)
        conn.close()


@contextlib.contextmanager
def private_broker() -> Iterator[tuple[str, dict[str, str]]]:
    """A broker of its own (free port, data in /tmp), stopped and removed afterwards. Yields
    (URL, the environment for scripts/rabbitmq.sh to kill or restart it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    if port + 1000 > 65535:  # the node's distribution port is port + 1000
        port -= 20000
    data = Path(f"/tmp/courtqc-mq-test-{uuid.uuid4().hex[:8]}")
    env = dict(os.environ, COURTQC_MQ_PORT=str(port), COURTQC_MQ_DATA=str(data))
    try:
        # inside: a broker that boots after start gave up waiting is killed too, not left
        yield _start(env), env
    finally:
        # its data is thrown away: SIGKILL is enough, and quick on a busy machine
        with contextlib.suppress(subprocess.TimeoutExpired):
            subprocess.run([str(MQ_SCRIPT), "kill"], capture_output=True, timeout=120, env=env)
        shutil.rmtree(data, ignore_errors=True)


def kill_broker(env: dict[str, str]) -> None:
    r = subprocess.run(
        [str(MQ_SCRIPT), "kill"], capture_output=True, text=True, timeout=60, env=env
    )
    assert r.returncode == 0, r.stderr


def restart_broker(env: dict[str, str]) -> str:
    return _start(env)
