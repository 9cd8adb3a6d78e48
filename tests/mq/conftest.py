"""Fixtures of the message-queue tests: the shared RabbitMQ broker of scripts/rabbitmq.sh, a
fresh intake (exchange and queues) per test, and a hub that is a copy of the small synthetic
court (`cms_court`, tests/conftest.py). The broker's helpers (a private broker to kill, removing
an intake) are in tests/support/mq.py."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.mq import broker_url, delete_intake


@pytest.fixture(scope="module")
def url() -> str:
    """The shared broker's AMQP URL (started if it is not running; skips where RabbitMQ cannot
    be installed)."""
    return broker_url()


@pytest.fixture()
def queue(url: str) -> Iterator[str]:
    """A fresh intake of this test's own, deleted afterwards."""
    name = f"cq_test_{uuid.uuid4().hex[:10]}"
    yield name
    delete_intake(url, name)


@pytest.fixture()
def hub(cms_court: Path, tmp_path: Path) -> Path:
    """The hub: a copy of the synthetic court the messages are about."""
    path = tmp_path / "hub.duckdb"
    shutil.copy(cms_court, path)
    return path
