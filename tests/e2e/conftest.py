"""End-to-end fixtures: a synthetic court, the platform serving it, and headless Chromium.

Chromium is Debian's (/usr/bin/chromium, installed by scripts/install_browser.sh), driven by
Python playwright through executable_path — never `playwright install`, which downloads
browsers. The UI must be built (scripts/build_web.sh). Screenshots go to a temporary folder,
or to the folder named by COURTQC_SCREENSHOTS (docs/screenshots to refresh the docs).
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("COURTQC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "e2e-demo-password-1"
CASES = 2000
SEED = 7


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def court_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2,000-case synthetic court with the review models run and demo accounts seeded."""
    import duckdb

    from courtqc.engine.review import review
    from courtqc.synth import generate
    from courtqc.web.db import ensure_platform
    from courtqc.web.demo import replay_recent
    from courtqc.web.users import seed_demo_users

    path = tmp_path_factory.mktemp("e2e") / "court.duckdb"
    generate(path, cases=CASES, seed=SEED, progress=False)
    con = duckdb.connect(str(path))
    review(con)  # alerts for the boards and the inbox
    replay_recent(con, days=60)  # pushes at nodes, as CDC would have caused
    ensure_platform(con)
    seed_demo_users(con, PASSWORD)
    con.close()
    return path


@contextlib.contextmanager
def serve(db: Path, join_timeout: float = 60) -> Iterator[tuple[str, object]]:
    """The platform over `db` on a free local port, in this process (a thread): its URL and app.
    The join waits for the last requests on a loaded machine before the store is closed."""
    import uvicorn

    from courtqc.web.app import STATIC_DIR, create_app

    if not (STATIC_DIR / "index.html").is_file():
        pytest.fail("web UI not built: run scripts/build_web.sh (make install does)")
    app = create_app(db)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            pytest.fail("server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/", app
    finally:
        srv.should_exit = True
        th.join(timeout=join_timeout)
        app.state.store.close()


@pytest.fixture(scope="session")
def server(court_db: Path) -> Iterator[str]:
    """The platform on a free local port, in this process (a thread), for the session."""
    with serve(court_db, join_timeout=10) as (url, _app):
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} missing: run scripts/install_browser.sh (make install does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    pg = ctx.new_page()
    pg.set_default_timeout(20_000)
    yield pg
    ctx.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = os.environ.get("COURTQC_SCREENSHOTS")
    out = Path(d) if d else tmp_path_factory.mktemp("screenshots")
    out.mkdir(parents=True, exist_ok=True)
    return out
