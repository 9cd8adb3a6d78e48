"""CDC soak: the daemon under a steady workload for many minutes, reported minute by minute.

    .venv/bin/python bench/soak_cdc.py --cases 20000 --rate 500 --minutes 8
    .venv/bin/python bench/soak_cdc.py --court big.duckdb --rate 500 --minutes 60   # the 1M soak

A 20-second run (bench/bench_cdc.py) cannot show memory that grows or checks that fall behind;
this one can. Against the local PostgreSQL of scripts/pg.sh (started if needed), in a database
of its own (dropped first and at the end):

1. A synthetic court of --cases cases (or an existing court store, --court) seeds the CMS;
   `ingest cdc` snapshots it into a fresh store, and `identity resolve` gives its parties
   their person_key (--no-resolve leaves that out), as a court would before going live.
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
import signal
import socket
import subprocess
import sys
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


def smaps_rollup(pid: int) -> dict[str, float]:
    """Anonymous vs file-backed resident memory (MB) from /proc/<pid>/smaps_rollup."""
    out: dict[str, float] = {}
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == "kB" and parts[0] in ("Rss:", "Anonymous:"):
            out[parts[0][:-1].lower()] = int(parts[1]) / 1024
    if "rss" in out and "anonymous" in out:
        out["file"] = out["rss"] - out["anonymous"]
    return out


def mappings(pid: int) -> dict[tuple[str, str], float]:
    """Resident MB per mapping of /proc/<pid>/smaps, keyed by (start address, name)."""
    out: dict[tuple[str, str], float] = {}
    key = None
    try:
        text = Path(f"/proc/{pid}/smaps").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        head = line.split()
        if head and re.fullmatch(r"[0-9a-f]+-[0-9a-f]+", head[0]):
            name = head[5] if len(head) > 5 else "[anon]"
            key = (head[0].split("-")[0], name)
        elif key and head and head[0] == "Rss:":
            out[key] = int(head[1]) / 1024
    return out


def growth_by_name(before: dict, after: dict) -> list[tuple[str, float, int]]:
    """(mapping name, MB gained, mappings added) between two mappings() samples, largest first."""
    by: dict[str, list[float]] = {}
    for key in set(before) | set(after):
        g = by.setdefault(key[1], [0.0, 0])
        g[0] += after.get(key, 0.0) - before.get(key, 0.0)
        g[1] += (key in after) - (key in before)
    return sorted(((n, mb, int(k)) for n, (mb, k) in by.items()), key=lambda x: -x[1])


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
    ap.add_argument("--memory-limit", default="1GB", help="the daemon's DuckDB --memory-limit")
    ap.add_argument("--no-resolve", action="store_true", help="skip identity resolution")
    ap.add_argument("--shed-after", type=float, default=0.0,
                    help="the daemon's --shed-after (s): checks older than this are shed")  # fmt: skip
    ap.add_argument("--json", type=Path, help="also write the per-minute rows here")
    ap.add_argument(
        "--drain", type=float, default=300.0, help="seconds the daemon may catch up at the end"
    )
    ap.add_argument(
        "--daemon-env", action="append", default=[], metavar="KEY=VALUE",
        help="set in the daemon's environment only (e.g. MALLOC_ARENA_MAX=2, "
        "COURTQC_ALLOCATOR=system: the daemon then starts without this script's preload)",
    )  # fmt: skip
    args = ap.parse_args()

    from courtqc import runtime
    from fresh_cms import with_fresh_cms

    runtime.use_fast_allocator()
    with_fresh_cms(args.db, "soak_cdc_", lambda dsn, tmp: soak(args, dsn, tmp))


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
    CdcRunner(dsn, args.db, store, load_mapping(), checks=False, until_lsn=current_lsn(dsn),
              reference_from=court).run()  # fmt: skip
    print(f"snapshot: {time.perf_counter() - t0:.0f} s", flush=True)
    if not args.no_resolve:
        # as a court runs it: identity resolution over the store before node checks go live
        # (without person_key, a check looks up a party's other rows by scanning parties)
        t0 = time.perf_counter()
        subprocess.run(courtqc("identity", "resolve", "--db", str(store)), check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        print(f"identity resolution: {time.perf_counter() - t0:.0f} s", flush=True)

    env = dict(os.environ, PYTHONUNBUFFERED="1")
    daemon_env = dict(env, **dict(kv.split("=", 1) for kv in args.daemon_env))
    if any(kv.startswith("COURTQC_ALLOCATOR=") for kv in args.daemon_env):
        # the daemon chooses its allocator itself, not inheriting this script's preload
        daemon_env.pop("LD_PRELOAD", None)
        daemon_env.pop("_COURTQC_ALLOCATOR_STARTED", None)
    port = None if args.no_metrics else free_port()
    metrics = [] if port is None else ["--metrics-port", str(port)]
    cdc_log = open(tmp / "cdc.log", "w")  # noqa: SIM115 - closed below
    cdc = subprocess.Popen(
        courtqc("ingest", "cdc", "--dsn", dsn, "--slot", args.db, "--db", str(store), *metrics,
                "--memory-limit", args.memory_limit, "--shed-after", str(args.shed_after)),
        env=daemon_env, stdout=subprocess.PIPE, stderr=cdc_log, text=True,
    )  # fmt: skip
    pg = cmsdb.connect(dsn, autocommit=True)
    while True:  # streaming (models loaded) before the clock starts
        with pg.cursor() as cur:
            cur.execute("SELECT active FROM pg_replication_slots WHERE slot_name = %s", [args.db])
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
    samples = [{"minute": 0, "rss_mb": rss_mb(cdc.pid), **smaps_rollup(cdc.pid), **_metrics(port)}]
    print(f"minute 0: {samples[-1]}", flush=True)
    maps_at_1: dict = {}
    minute = 1
    while wl.poll() is None or minute <= args.minutes:
        wait = started + 60 * minute - time.time()
        if wait > 0:
            time.sleep(wait)
        if cdc.poll() is not None:
            raise SystemExit("CDC stopped:\n" + (tmp / "cdc.log").read_text()[-3000:])
        samples.append(
            {"minute": minute, "rss_mb": rss_mb(cdc.pid), "duck_mb": _duck_mb(tmp / "cdc.log"),
             **smaps_rollup(cdc.pid), **_metrics(port)}
        )  # fmt: skip
        print(f"minute {minute}: {samples[-1]}", flush=True)
        maps_now = mappings(cdc.pid)
        if minute == 1:
            maps_at_1 = maps_now
        else:  # which mappings grew since minute 1 (by name; [anon] = anonymous mmap)
            top = growth_by_name(maps_at_1, maps_now)[:5]
            print(
                "  grown since minute 1: "
                + ", ".join(f"{n} {mb:+.1f} MB ({k:+d} maps)" for n, mb, k in top),
                flush=True,
            )
        minute += 1
        if minute > args.minutes + 1:
            break
    out, err = wl.communicate(timeout=120)
    if wl.returncode != 0:
        raise SystemExit(err)
    work = json.loads(out.strip().splitlines()[-1])
    # let the daemon catch up (at most --drain seconds), then stop it as an operator would
    deadline = time.time() + args.drain
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
        """SELECT epoch(committed_at) - ?, epoch_ms(checked_at) - epoch_ms(committed_at), alerts,
                  status
           FROM ingest_node_checks WHERE status IN ('done', 'shed') AND committed_at IS NOT NULL
             AND epoch(committed_at) >= ?""",
        [started, started],
    ).fetchall()
    con.close()
    by_minute: dict[int, list[tuple[float, int]]] = {}
    shed_by_minute: dict[int, int] = {}
    for t, ms, alerts, status in rows:
        if status == "shed":  # answered without running: counted, not in the latencies
            shed_by_minute[int(t // 60) + 1] = shed_by_minute.get(int(t // 60) + 1, 0) + 1
            continue
        by_minute.setdefault(int(t // 60) + 1, []).append((float(ms), int(alerts)))
    print(f"\nworkload: {work['rate']} node changes/s achieved over {work['elapsed_s']} s "
          f"(target {args.rate:g}); caught up {catch_up:.0f} s after it ended; "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    first, last = samples[1], samples[-1]
    changes = (last.get("changes") or 0) - (first.get("changes") or 0)
    if changes > 0 and last["minute"] > first["minute"]:
        grew = last["rss_mb"] - first["rss_mb"]
        print(
            f"RSS minute {first['minute']} → {last['minute']}: {grew:+.0f} MB over "
            f"{changes:,.0f} row changes applied = {grew / changes * 1e5:+.1f} MB per 100k "
            f"changes, {grew / (last['minute'] - first['minute']):+.1f} MB per minute "
            f"(anonymous {last.get('anonymous', 0) - first.get('anonymous', 0):+.0f} MB)"
        )
    print("\n| minute | RSS MB | DuckDB MB | LSN lag bytes | LSN lag s | queue | check lag s | checks "
          "| shed | commit→result p50 ms | p99 ms | with alerts p50 ms | p99 ms |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    table = []
    for s in samples[1:]:
        lat = by_minute.get(s["minute"], [])
        allv = [ms for ms, _ in lat] or [float("nan")]
        alv = [ms for ms, a in lat if a] or [float("nan")]
        row = {**s, "checks": len(lat), "shed": shed_by_minute.get(s["minute"], 0),
               "p50": pct(allv, 50), "p99": pct(allv, 99),
               "a50": pct(alv, 50), "a99": pct(alv, 99)}  # fmt: skip
        table.append(row)
        print(
            f"| {s['minute']} | {s['rss_mb']:.0f} | {_f(s.get('duck_mb'))} | {_f(s.get('lag_bytes'))} | "
            f"{_f(s.get('lag_s'), 1)} | {_f(s.get('queue'))} | {_f(s.get('check_lag_s'), 1)} | "
            f"{len(lat)} | {row['shed']} | {row['p50']:.0f} | {row['p99']:.0f} | {row['a50']:.0f} | {row['a99']:.0f} |"
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
        "changes": m.get("courtqc_cdc_changes_total"),
    }


if __name__ == "__main__":
    main()
