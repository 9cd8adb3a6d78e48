"""First-screen time of each board, on a large court and on a small one measured in the same run.

    .venv/bin/python bench/bench_web.py --db /tmp/court_1m.duckdb --small /tmp/court_20k.duckdb

Each store is copied first (the server adds platform tables, the indicator fact table and,
if none exist yet, the review alerts: a benchmark must not change someone's data). Then the
platform runs in this process on a local port and, for each board, the requests its first
screen makes are sent together, as the browser does, by the user who would open it:

    数助办案      judge (own inbox) and the review office of the High Court (all of Shanghai)
    数助监督      态势总览, 指标看板, 改发分析 for the High Court
    数助决策      findings of the High Court
    模型工坊      model list and builder metadata
    系统管理      the audit log

Reported per board: median and worst of `--reps` timed loads after one warm-up (the server's
caches and DuckDB's buffer pool warm, as in use), for the large court, the small court, and
their ratio. With `--browser`, also the time from navigation to the board's content drawn in
headless Chromium (bundle cached).
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import os
import platform
import shutil
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import httpx

PASSWORD = "bench-password-1"

# board -> (user, [first-screen requests])
BOARDS: dict[str, tuple[str, list[str]]] = {
    "数助办案（法官收件箱）": (
        "judge",
        ["/api/auth/me", "/api/meta", "/api/boards/handling", "/api/alerts?feedback=none&size=15"],
    ),
    "数助办案（高院审管办）": (
        "supervisor",
        ["/api/auth/me", "/api/meta", "/api/boards/handling", "/api/alerts?feedback=none&size=15"],
    ),
    "数助监督·态势总览": ("supervisor", ["/api/auth/me", "/api/meta", "/api/overview"]),
    "数助监督·指标看板": (
        "supervisor",
        ["/api/meta", "/api/indicators", "/api/indicators/values?group=caseload"],
    ),
    "数助监督·改发分析": ("supervisor", ["/api/meta", "/api/reversals"]),
    "数助决策": ("supervisor", ["/api/auth/me", "/api/meta", "/api/decision/findings"]),
    "模型工坊": ("modeller", ["/api/auth/me", "/api/meta", "/api/models/meta", "/api/models"]),
    "系统管理·审计日志": ("admin", ["/api/auth/me", "/api/meta", "/api/admin/audit?limit=50"]),
}
BOARD_ROUTES = {
    "数助办案（法官收件箱）": ("judge", "#/handling?tab=inbox", "inbox"),
    "数助监督·态势总览": ("supervisor", "#/supervision?tab=overview", "overview"),
    "数助决策": ("supervisor", "#/decision?tab=findings", "findings"),  # services tab opens first
    "模型工坊": ("modeller", "#/workshop", "model-list"),
}


def prepare(src: Path, workdir: Path) -> Path:
    from courtqc.engine.review import review
    from courtqc.web.db import ensure_platform
    from courtqc.web.users import seed_demo_users

    dst = workdir / src.name
    t0 = time.perf_counter()
    shutil.copyfile(src, dst)
    con = duckdb.connect(str(dst))
    n = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    ensure_platform(con)
    if not con.execute("SELECT count(*) FROM alerts").fetchone()[0]:
        t1 = time.perf_counter()
        review(con)
        print(f"  review over {n:,} cases: {time.perf_counter() - t1:.0f} s")
    seed_demo_users(con, PASSWORD)
    alerts = con.execute("SELECT count(*) FROM alerts").fetchone()[0]
    con.close()
    print(
        f"  {src.name}: {n:,} cases, {alerts:,} alerts (prepared in {time.perf_counter() - t0:.0f} s)"
    )
    return dst


class Served:
    def __init__(self, db: Path):
        import uvicorn

        from courtqc.web.app import create_app

        t0 = time.perf_counter()
        self.app = create_app(db)
        self.startup_s = time.perf_counter() - t0
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        self.tokens: dict[str, str] = {}

    def token(self, user: str) -> str:
        if user not in self.tokens:
            r = httpx.post(
                f"{self.url}/api/auth/login", json={"username": user, "password": PASSWORD}
            )
            r.raise_for_status()
            self.tokens[user] = r.json()["token"]
        return self.tokens[user]

    def load(self, user: str, paths: list[str]) -> float:
        """Seconds until every request of the screen has answered (sent together)."""
        h = {"Authorization": f"Bearer {self.token(user)}"}
        with httpx.Client(base_url=self.url, headers=h, timeout=120) as c:
            t0 = time.perf_counter()
            with cf.ThreadPoolExecutor(len(paths)) as ex:
                for r in ex.map(c.get, paths):
                    r.raise_for_status()
            return time.perf_counter() - t0

    def close(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.app.state.store.close()


def browser_times(srv: Served, reps: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        for board, (user, route, testid) in BOARD_ROUTES.items():
            ctx = b.new_context(viewport={"width": 1440, "height": 900})
            page = ctx.new_page()
            page.goto(srv.url + "/#/login")
            page.get_by_test_id("username").fill(user)
            page.get_by_test_id("password").fill(PASSWORD)
            page.get_by_test_id("login").click()
            page.get_by_test_id("whoami").wait_for(timeout=60_000)
            times = []
            for _ in range(reps + 1):
                page.goto(srv.url + "/#/login")  # away, then back: the board mounts afresh
                page.wait_for_load_state()
                t0 = time.perf_counter()
                page.goto(srv.url + "/" + route)
                page.get_by_test_id(testid).locator("tbody tr, canvas").first.wait_for(
                    timeout=60_000
                )
                times.append(time.perf_counter() - t0)
            out[board] = statistics.median(times[1:])
            ctx.close()
        b.close()
    return out


def run(db: Path, reps: int, browser: bool) -> tuple[dict[str, tuple[float, float]], dict, float]:
    srv = Served(db)
    try:
        api: dict[str, tuple[float, float]] = {}
        for board, (user, paths) in BOARDS.items():
            srv.load(user, paths)  # warm-up
            ts = [srv.load(user, paths) for _ in range(reps)]
            api[board] = (statistics.median(ts), max(ts))
        br = browser_times(srv, reps) if browser else {}
        return api, br, srv.startup_s
    finally:
        srv.close()


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--db", type=Path, default=Path("/tmp/court_1m.duckdb"), help="the large court")
    ap.add_argument("--small", type=Path, required=True, help="a small court: the baseline")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--browser", action="store_true", help="also time the boards in Chromium")
    ap.add_argument(
        "--workdir", type=Path, default=None, help="where the copies go (default: a temp dir)"
    )
    args = ap.parse_args()

    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench_web_"))
    work.mkdir(parents=True, exist_ok=True)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print("preparing copies …")
    small = prepare(args.small, work)
    big = prepare(args.db, work)
    results = {}
    for name, db in (("small", small), ("large", big)):
        results[name] = run(db, args.reps, args.browser)
        print(f"  {name}: server start (incl. indicator facts) {results[name][2]:.1f} s")

    (sa, sb, _), (la, lb, _) = results["small"], results["large"]
    print(
        "\n| board (first screen, API) | large median s | large worst s | small median s | large / small |"
    )
    print("|---|---:|---:|---:|---:|")
    for board in BOARDS:
        lm, lw = la[board]
        sm, _ = sa[board]
        print(f"| {board} | {lm:.3f} | {lw:.3f} | {sm:.3f} | {lm / sm:.1f}× |")
    if lb:
        print(
            "\n| board (first screen, Chromium) | large median s | small median s | large / small |"
        )
        print("|---|---:|---:|---:|")
        for board in lb:
            print(f"| {board} | {lb[board]:.3f} | {sb[board]:.3f} | {lb[board] / sb[board]:.1f}× |")
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
