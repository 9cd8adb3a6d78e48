"""CDC soak: the daemon under a steady workload for many minutes, reported minute by minute.

    .venv/bin/python bench/soak_cdc.py --cases 20000 --rate 500 --minutes 8
    .venv/bin/python bench/soak_cdc.py --court big.duckdb --rate 500 --minutes 60   # the 1M soak

A 20-second run (bench/bench_cdc.py) cannot show memory that grows or checks that fall behind;
this one can. Against the local PostgreSQL of scripts/pg.sh (started if needed), in a database
of its own (dropped first and at the end):

1. A synthetic court of --cases cases (or an existing court store, --court) seeds the CMS;
   `ingest cdc` snapshots it into a fresh store.
2. `courtqc ingest cdc --metrics-port P` runs as its own process (the whole built-in model
   library, node checks on) while `courtqc cms run` moves cases at --rate node changes per
   second for --minutes minutes.
3. Every minute: the daemon's RSS (/proc), and from its /metrics endpoint the LSN lag (bytes,
   seconds), the check queue depth and the check lag. At the end, from the store, per minute of
   CMS commit time: checks done and commit → stored result p50 / p99 (and for the checks that
   raised alerts).

--no-metrics leaves the endpoint out (to measure a daemon that has none: RSS only).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from bench_cdc import courtqc, machine, pct  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def scrape(port: int) -> dict[str, float]:
    """The daemon's /metrics as {name: value} (unlabelled samples; histograms' _sum/_count)."""
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("#") or "{" in line or not line.strip():
            continue
        name, value = line.rsplit(" ", 1)
        out[name] = float(value)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--cases", type=int, default=20_000, help="synthetic court size")
    ap.add_argument("--court", type=Path, help="use this court store instead of generating one")
    ap.add_argument("--rate", type=float, default=500.0, help="node changes per second")
    ap.add_argument("--minutes", type=float, default=8.0)
    ap.add_argument("--workers", type=int, default=4, help="workload connections")
    ap.add_argument("--db", default="cq_soak", help="CMS database name (dropped first)")
    ap.add_argument("--no-metrics", action="store_true", help="run the daemon without /metrics")
    ap.add_argument("--json", type=Path, help="also write the per-minute rows here")
    args = ap.parse_args()

    from courtqc import runtime
    from courtqc.cms import db as cmsdb

    runtime.use_fast_allocator()
    r = subprocess.run(
        [str(REPO / "scripts" / "pg.sh"), "start"], capture_output=True, text=True, check=True
    )
    dsn = cmsdb.with_dbname(r.stdout.strip().splitlines()[-1], args.db)
    cmsdb.drop_database(dsn)
    cmsdb.ensure_database(dsn)
    tmp = Path(tempfile.mkdtemp(prefix="soak_cdc_"))
    try:
        soak(args, dsn, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        cmsdb.drop_database(dsn)


def soak(args: argparse.Namespace, dsn: str, tmp: Path) -> None:
    from courtqc.cms import db as cmsdb
    from courtqc.cms import seed
    from courtqc.ingest.cdc import CdcRunner, current_lsn
    from courtqc.ingest.mapping import load_mapping

    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}", flush=True)
    court, store = args.court or tmp / "court.duckdb", tmp / "store.duckdb"
    if args.court is None:
        from courtqc.synth import generate

        t0 = time.perf_counter()
        generate(court, cases=args.cases, seed=1, progress=False)
        print(f"court of {args.cases} cases: {time.perf_counter() - t0:.0f} s", flush=True)
    pg = cmsdb.connect(dsn)
    cmsdb.create_schema(pg)
    src = duckdb.connect(str(court), read_only=True)
    seed.seed_from_store(src, pg)
    src.close()
    pg.close()
    t0 = time.perf_counter()
    CdcRunner(dsn, "soak", store, load_mapping(), checks=False, until_lsn=current_lsn(dsn),
              reference_from=court).run()  # fmt: skip
    print(f"snapshot: {time.perf_counter() - t0:.0f} s", flush=True)

    env = dict(os.environ, PYTHONUNBUFFERED="1")
    port = None if args.no_metrics else free_port()
    metrics = [] if port is None else ["--metrics-port", str(port)]
    cdc_log = open(tmp / "cdc.log", "w")  # noqa: SIM115 - closed below
    cdc = subprocess.Popen(
        courtqc("ingest", "cdc", "--dsn", dsn, "--slot", "soak", "--db", str(store), *metrics),
        env=env, stdout=subprocess.PIPE, stderr=cdc_log, text=True,
    )  # fmt: skip
    pg = cmsdb.connect(dsn, autocommit=True)
    while True:  # streaming (models loaded) before the clock starts
        with pg.cursor() as cur:
            cur.execute("SELECT active FROM pg_replication_slots WHERE slot_name = 'soak'")
            if cur.fetchone()[0]:
                break
        if cdc.poll() is not None:
            raise SystemExit((tmp / "cdc.log").read_text()[-3000:])
        time.sleep(0.5)
    pg.close()
    time.sleep(2)
    started = time.time()
    seconds = args.minutes * 60
    wl = subprocess.Popen(
        courtqc("cms", "run", "--dsn", dsn, "--rate", str(args.rate), "--duration", str(seconds),
                "--workers", str(args.workers), "--dead-from", str(court), "--seed", "3"),
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    samples = [{"minute": 0, "rss_mb": rss_mb(cdc.pid), **_metrics(port)}]
    print(f"minute 0: {samples[-1]}", flush=True)
    minute = 1
    while wl.poll() is None or minute <= args.minutes:
        wait = started + 60 * minute - time.time()
        if wait > 0:
            time.sleep(wait)
        if cdc.poll() is not None:
            raise SystemExit("CDC stopped:\n" + (tmp / "cdc.log").read_text()[-3000:])
        samples.append(
            {"minute": minute, "rss_mb": rss_mb(cdc.pid), "duck_mb": _duck_mb(tmp / "cdc.log"),
             **_metrics(port)}
        )  # fmt: skip
        print(f"minute {minute}: {samples[-1]}", flush=True)
        minute += 1
        if minute > args.minutes + 1:
            break
    out, err = wl.communicate(timeout=120)
    if wl.returncode != 0:
        raise SystemExit(err)
    work = json.loads(out.strip().splitlines()[-1])
    # let the daemon catch up (at most 5 minutes), then stop it as an operator would
    deadline = time.time() + 300
    while time.time() < deadline and port is not None:
        m = _metrics(port)
        if m.get("queue", 1) == 0 and m.get("lag_bytes", 1) < 1_000_000:
            break
        time.sleep(2)
    catch_up = time.time() - started - seconds
    cdc.send_signal(signal.SIGTERM)
    cdc.communicate(timeout=900)
    cdc_log.close()
    if cdc.returncode != 0:
        raise SystemExit((tmp / "cdc.log").read_text()[-3000:])

    con = duckdb.connect(str(store), read_only=True)
    rows = con.execute(
        """SELECT epoch(committed_at) - ?, epoch_ms(checked_at) - epoch_ms(committed_at), alerts
           FROM ingest_node_checks WHERE status = 'done' AND committed_at IS NOT NULL
             AND epoch(committed_at) >= ?""",
        [started, started],
    ).fetchall()
    con.close()
    by_minute: dict[int, list[tuple[float, int]]] = {}
    for t, ms, alerts in rows:
        by_minute.setdefault(int(t // 60) + 1, []).append((float(ms), int(alerts)))
    print(f"\nworkload: {work['rate']} node changes/s achieved over {work['elapsed_s']} s "
          f"(target {args.rate:g}); caught up {catch_up:.0f} s after it ended; "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print("\n| minute | RSS MB | DuckDB MB | LSN lag bytes | LSN lag s | queue | check lag s | checks "
          "| commit→result p50 ms | p99 ms | with alerts p50 ms | p99 ms |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    table = []
    for s in samples[1:]:
        lat = by_minute.get(s["minute"], [])
        allv = [ms for ms, _ in lat] or [float("nan")]
        alv = [ms for ms, a in lat if a] or [float("nan")]
        row = {**s, "checks": len(lat), "p50": pct(allv, 50), "p99": pct(allv, 99),
               "a50": pct(alv, 50), "a99": pct(alv, 99)}  # fmt: skip
        table.append(row)
        print(
            f"| {s['minute']} | {s['rss_mb']:.0f} | {_f(s.get('duck_mb'))} | {_f(s.get('lag_bytes'))} | "
            f"{_f(s.get('lag_s'), 1)} | {_f(s.get('queue'))} | {_f(s.get('check_lag_s'), 1)} | "
            f"{len(lat)} | {row['p50']:.0f} | {row['p99']:.0f} | {row['a50']:.0f} | {row['a99']:.0f} |"
        )
    if args.json:
        args.json.write_text(json.dumps({"workload": work, "minutes": table}, indent=2))


def _duck_mb(log: Path) -> float | None:
    """DuckDB's own memory (duckdb_memory(), all tags) from the daemon's last progress line."""
    found = re.findall(r"DuckDB memory (\d+) MB", log.read_text(errors="replace")[-20_000:])
    return float(found[-1]) if found else None


def _f(v: float | None, digits: int = 0) -> str:
    return "–" if v is None else f"{v:,.{digits}f}"


def _metrics(port: int | None) -> dict[str, float]:
    if port is None:
        return {}
    try:
        m = scrape(port)
    except OSError:
        return {}
    return {
        "lag_bytes": m.get("courtqc_cdc_lsn_lag_bytes"),
        "lag_s": m.get("courtqc_cdc_lsn_lag_seconds"),
        "queue": m.get("courtqc_cdc_check_queue_depth"),
        "check_lag_s": m.get("courtqc_cdc_check_lag_seconds"),
        "rss_metric_mb": (m.get("process_resident_memory_bytes") or 0) / 2**20,
    }


if __name__ == "__main__":
    main()
