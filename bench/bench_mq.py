"""Message-queue intake: messages applied per second, and publish → stored latency.

    python bench/bench_mq.py [--court court.duckdb | --cases 2000] [--count 5000]
                             [--rate 100 --seconds 30] [--url AMQP_URL]

Needs the broker of scripts/rabbitmq.sh (started if not running). Two runs on copies of one
synthetic court, each through the real daemon (`courtqc ingest mq`, a separate process):

1. **Throughput**: `--count` messages of the simulator's mix are queued first, then the daemon
   drains them; messages/s = messages applied ÷ (last − first store commit), read from
   `ingest_mq_messages.applied_at`. Once without node checks, once with the whole library.
2. **Latency**: the daemon runs (whole library at the nodes); the simulator publishes at
   `--rate` for `--seconds`, each message stamped with the moment it is published
   (`sent_at`); latency = `applied_at − sent_at` (applied_at is taken in the store
   transaction just before its commit), p50/p99.

Prints one JSON object with the load average before and after, so a figure is never quoted
without the machine's state.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from courtqc.cms import mqsim  # noqa: E402
from courtqc.ingest import mq  # noqa: E402


def daemon(hub: Path, url: str, queue: str, *extra: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "courtqc.cli", "ingest", "mq", "--db", str(hub), "--url", url,
           "--queue", queue, "--quiet", *extra]  # fmt: skip
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_consuming(url: str, queue: str, timeout: float = 300) -> None:
    """Until the daemon holds a consumer on the queue (it has loaded its models)."""
    conn = mq.connect(url)
    try:
        ch = conn.channel()
        mq.Topology(queue).declare(ch)
        deadline = time.monotonic() + timeout
        while ch.queue_declare(queue, passive=True).method.consumer_count == 0:
            if time.monotonic() > deadline:
                raise SystemExit("the daemon did not start consuming")
            time.sleep(0.2)
    finally:
        conn.close()


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def throughput(court: Path, work: Path, url: str, count: int, checks: bool) -> dict:
    hub = work / f"hub_{uuid.uuid4().hex[:6]}.duckdb"
    shutil.copy(court, hub)
    queue = f"bench_{uuid.uuid4().hex[:8]}"
    wl = mqsim.plan(court, count=count, seed=11)
    mqsim.publish(wl, url, queue, stamp=False)
    p = daemon(hub, url, queue, "--until-idle", "2", *([] if checks else ["--no-checks"]))
    out, err = p.communicate(timeout=1800)
    if p.returncode != 0:
        raise SystemExit(err)
    stats = json.loads(out)
    con = duckdb.connect(str(hub), read_only=True)
    n, first, last = con.execute(
        "SELECT count(*), min(applied_at), max(applied_at) FROM ingest_mq_messages"
    ).fetchone()
    con.close()
    _drop(url, queue)
    span = (last - first).total_seconds()
    return {"messages": n, "seconds": round(span, 2), "per_second": round(n / span, 1) if span else None,
            "node_checks": stats["checks"], "moved": stats["moved"], "batches": stats["batches"]}  # fmt: skip


def latency(court: Path, work: Path, url: str, rate: float, seconds: float) -> dict:
    hub = work / f"hub_{uuid.uuid4().hex[:6]}.duckdb"
    shutil.copy(court, hub)
    queue = f"bench_{uuid.uuid4().hex[:8]}"
    p = daemon(hub, url, queue, "--prefetch", "200")
    wait_consuming(url, queue)
    wl = mqsim.plan(court, count=int(rate * seconds), seed=12)
    pub = mqsim.publish(wl, url, queue, rate=rate)
    time.sleep(3)
    p.terminate()
    p.communicate(timeout=300)
    con = duckdb.connect(str(hub), read_only=True)
    lat = [
        r[0]
        for r in con.execute(
            "SELECT epoch_ms(applied_at) - epoch_ms(sent_at) FROM ingest_mq_messages"
        ).fetchall()
    ]
    checks = con.execute(
        "SELECT count(*), median(elapsed_ms) FROM ingest_node_checks WHERE status = 'done'"
    ).fetchone()
    con.close()
    _drop(url, queue)
    return {"rate": rate, "published": pub["published"], "publish_seconds": pub["seconds"],
            "applied": len(lat), "p50_ms": round(pct(lat, 50), 1), "p99_ms": round(pct(lat, 99), 1),
            "max_ms": round(max(lat), 1), "node_checks": checks[0],
            "node_check_p50_ms": round(checks[1] or 0, 1)}  # fmt: skip


def _drop(url: str, queue: str) -> None:
    conn = mq.connect(url)
    ch = conn.channel()
    for q in (queue, f"{queue}.dead"):
        ch.queue_delete(q)
        ch.exchange_delete(q)
    conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--court", type=Path, help="a synthetic court (default: generate one)")
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--count", type=int, default=5000)
    ap.add_argument("--rate", type=float, default=100.0)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--url", default=None)
    args = ap.parse_args()
    url = args.url
    if url is None:
        r = subprocess.run([str(REPO / "scripts" / "rabbitmq.sh"), "start"], capture_output=True,
                           text=True, check=True)  # fmt: skip
        url = r.stdout.strip().splitlines()[-1]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench_mq_") as tmp:
        work = Path(tmp)
        court = args.court
        if court is None:
            from courtqc.synth import generate

            court = work / "court.duckdb"
            generate(court, cases=args.cases, seed=1, progress=False)
        con = duckdb.connect(str(court), read_only=True)
        cases = con.execute("SELECT count(*) FROM cases").fetchone()[0]
        con.close()
        result = {
            "court_cases": cases,
            "throughput_no_checks": throughput(court, work, url, args.count, checks=False),
            "throughput_with_checks": throughput(court, work, url, args.count, checks=True),
            "latency": latency(court, work, url, args.rate, args.seconds),
        }
    result["load_average_before"] = [round(x, 2) for x in load_before]
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
