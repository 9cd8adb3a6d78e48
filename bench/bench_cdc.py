"""Ingestion benchmark: sustained CDC apply throughput, and end-to-end latency from a CMS commit
to the stored node-check result (and alert) while the CMS makes node changes at a given rate.

    .venv/bin/python bench/bench_cdc.py                       # 2,000-case court, defaults below
    .venv/bin/python bench/bench_cdc.py --changes 200000 --rates 50,500 --duration 20

Runs against the local PostgreSQL of scripts/pg.sh (started if needed), in a database of its
own (dropped first). Steps:

1. A synthetic court of --cases cases seeds the CMS; `ingest cdc` snapshots it into a store.
2. Throughput. PostgreSQL itself writes about --changes row changes in small transactions (a
   node move: case row + flow record + party row, 3 changes each) plus one bulk update of every
   party row. Baseline, same run, same changes: a second slot read and JSON-decoded with
   nothing applied — what the stream alone costs. Then CDC applies them (node checks off) and
   the rate is row changes / seconds from the first to the last batch commit.
3. Latency. CDC runs as its own process with node checks on (the whole built-in model library)
   while the workload driver (`courtqc cms run`, another process) moves cases at --rate node
   changes per second for --duration seconds. Per node check: checked_at (its result and alerts
   committed in the store) minus the CMS's commit time of the change (from the log). Also the
   CPU of CDC, PostgreSQL and the workload driver while it runs, and of each CDC thread.
   --no-floor skips the extra run at the top rate with one cheap model (dead_party).

--latency-only skips step 2. The VM's speed (bench/vmspeed.py) is printed at the start and end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psycopg2
import psycopg2.errors
import psycopg2.extras

from vmspeed import describe

REPO = Path(__file__).resolve().parents[1]


def machine() -> str:
    from courtqc import runtime

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()}-core {platform.machine()} VM, {mem:.0f} GiB, Python {platform.python_version()}, "
        f"DuckDB {duckdb.__version__}, PostgreSQL 15 + wal2json, allocator {runtime.in_use()} "
        "(the CDC process's too)"
    )


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))]


def courtqc(*args: str) -> list[str]:
    return [sys.executable, "-m", "courtqc.cli", *args]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument(
        "--changes", type=int, default=120_000, help="row changes for the throughput run"
    )
    ap.add_argument(
        "--rates",
        type=lambda v: [float(x) for x in v.split(",")],
        default=[50.0, 500.0],
        help="node changes per second for the latency runs (comma-separated)",
    )
    ap.add_argument(
        "--duration", type=float, default=20, help="seconds of workload for the latency run"
    )
    ap.add_argument("--workers", type=int, default=4, help="workload connections")
    ap.add_argument("--db", default="cq_bench")
    ap.add_argument("--latency-only", action="store_true", help="skip the throughput run (step 2)")
    ap.add_argument(
        "--no-floor", action="store_true", help="skip the latency run with one cheap model"
    )
    args = ap.parse_args()
    from courtqc import runtime

    # As the CDC daemon runs (courtqc.runtime: tcmalloc where installed; it starts itself so
    # too); COURTQC_ALLOCATOR=system measures both with glibc's malloc.
    runtime.use_fast_allocator()

    from fresh_cms import with_fresh_cms

    with_fresh_cms(args.db, "bench_cdc_", lambda dsn, tmp: measure(args, dsn, tmp))


def measure(args: argparse.Namespace, dsn: str, tmp: Path) -> None:
    """Steps 1–3 on a fresh CMS database `dsn`, the stores in `tmp`."""
    from courtqc.cms import db as cmsdb
    from courtqc.cms import seed
    from courtqc.ingest.cdc import CdcRunner, current_lsn
    from courtqc.ingest.mapping import load_mapping
    from courtqc.synth import generate

    court, store = tmp / "court.duckdb", tmp / "store.duckdb"
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f}")
    print(describe())
    generate(court, cases=args.cases, seed=1, progress=False)
    pg = cmsdb.connect(dsn)
    cmsdb.create_schema(pg)
    src = duckdb.connect(str(court), read_only=True)
    seed.seed_from_store(src, pg)
    src.close()
    mapper = load_mapping()
    t0 = time.perf_counter()
    CdcRunner(
        dsn, "bench", store, mapper, checks=False, until_lsn=current_lsn(dsn), reference_from=court
    ).run()
    print(f"snapshot of a {args.cases}-case court: {time.perf_counter() - t0:.1f} s")

    stats = None
    if not args.latency_only:
        stats, rate, seen, raw_s, apply_s, equal = throughput(dsn, store, pg, mapper, args)

    # ---------------------------------------------------------------- latency
    pg.commit()
    pg.autocommit = True
    runs = [latency_run(dsn, store, court, pg, tmp, r, args) for r in args.rates]
    if not args.no_floor:  # the pipeline's own floor: the same top rate, one cheap model
        runs.append(
            latency_run(dsn, store, court, pg, tmp, max(args.rates), args, models=["dead_party"])
        )

    print()
    print("| measure | value |\n|---|---:|")
    if stats is not None:
        print_throughput(stats, rate, seen, raw_s, apply_s, equal)
    for w in runs:
        print_latency(w)
    print(f"\nload average after: {os.getloadavg()[0]:.1f}; {describe()}")
    pg.close()


def print_throughput(stats, rate, seen, raw_s, apply_s, equal) -> None:
    print(
        f"| row changes applied (node checks off) | {stats.changes:,} in {stats.transactions:,} transactions, {stats.batches} store transactions |"
    )
    print(f"| **CDC apply** | **{rate:,.0f} row changes/s** ({apply_s:.1f} s) |")
    print(
        f"| baseline: read + decode the same stream, apply nothing | {seen / raw_s:,.0f} row changes/s ({raw_s:.1f} s) |"
    )
    print(f"| apply / baseline | {rate / (seen / raw_s):.2f} |")
    print(f"| store equals the CMS afterwards | {equal} |")


def print_latency(w: dict) -> None:
    print(
        f"| **at {w['target']:.0f} node changes/s, {w['models']}** (achieved {w['rate']:.0f}/s for {w['elapsed']:.0f} s) | {w['checks']:,} node checks, {w['with_alerts']:,} with alerts |"
    )
    print(
        f"| commit → stored check result, p50 / p90 / p99 / max | **{w['p50']:.0f} / {w['p90']:.0f} / {w['p99']:.0f}** / {w['max']:.0f} ms |"
    )
    print(
        f"| commit → stored alert, p50 / p90 / p99 / max | **{w['a50']:.0f} / {w['a90']:.0f} / {w['a99']:.0f}** / {w['amax']:.0f} ms |"
    )
    print(
        f"| … of which commit → applied and queued, p50 / p99 | {w['q50']:.0f} / {w['q99']:.0f} ms |"
    )
    print(
        f"| check batches | {w['batches']:,}, {w['per_batch']:.0f} checks each on average; {w['left']} left queued |"
    )
    print(
        f"| … node mode per batch (`check_many`), p50 / p90 | {w['b50']:.0f} / {w['b90']:.0f} ms |"
    )
    print(
        f"| CPU while the workload ran (cores, of {os.cpu_count()}): CDC / PostgreSQL / workload driver | {w['cpu_cdc']:.2f} / {w['cpu_pg']:.2f} / {w['cpu_wl']:.2f} |"
    )
    print(f"| … CDC by thread (cores) | {w['cpu_threads']} |")


def throughput(dsn, store, pg, mapper, args):
    """Step 2: PostgreSQL writes ~--changes row changes; a raw read of the same stream is the
    baseline; then CDC applies them with node checks off."""
    from courtqc.ingest.cdc import CdcRunner, current_lsn
    from courtqc.ingest.verify import compare

    with pg.cursor() as cur:
        cur.execute("SELECT pg_create_logical_replication_slot('bench_raw', 'wal2json')")
        cur.execute("SELECT count(*) FROM tb_dsr")
        n_dsr = cur.fetchone()[0]
    pg.commit()
    txs = max(1, (args.changes - n_dsr) // 3)
    pg.autocommit = True
    t0 = time.perf_counter()
    with pg.cursor() as cur:
        cur.execute(
            f"""DO $$
            DECLARE ids BIGINT[]; n INT; d BIGINT[]; k BIGINT;
            BEGIN
              SELECT array_agg(ajbs) INTO ids FROM tb_ajxx;
              SELECT array_agg(dsrbs) INTO d FROM tb_dsr;
              n := array_length(ids, 1);
              FOR i IN 1..{txs} LOOP
                k := ids[1 + (i % n)];
                UPDATE tb_ajxx SET lcjd = CASE lcjd WHEN '0104' THEN '0105' ELSE '0104' END, gxsj = now()
                  WHERE ajbs = k;
                INSERT INTO tb_lcjl (jlbs, ajbs, jddm, fssj) VALUES (nextval('seq_jlbs'), k, '0104', now());
                UPDATE tb_dsr SET lxdh = '139' || lpad((i % 100000000)::text, 8, '0') WHERE dsrbs = d[1 + (i % array_length(d, 1))];
                COMMIT;
              END LOOP;
            END $$"""
        )
        cur.execute("UPDATE tb_dsr SET dz = coalesce(dz, '') || '·'")
    target = current_lsn(dsn)
    gen_s = time.perf_counter() - t0
    total_changes = txs * 3 + n_dsr
    print(f"CMS wrote {total_changes:,} row changes in {txs + 1:,} transactions in {gen_s:.1f} s")

    # baseline: read and decode the same stream, apply nothing
    rconn = psycopg2.connect(dsn, connection_factory=psycopg2.extras.LogicalReplicationConnection)
    rcur = rconn.cursor()
    options = {"format-version": "2", "include-lsn": "1", "include-timestamp": "1", "include-types": "0",
               "add-tables": ",".join(f"public.{t}" for t in mapper.source_tables())}  # fmt: skip
    rcur.start_replication(slot_name="bench_raw", decode=True, options=options)
    t0 = time.perf_counter()
    seen, last = 0, time.perf_counter()
    while True:
        m = rcur.read_message()
        if m is None:
            if rcur.wal_end >= target:
                break
            rcur.send_feedback(reply=True)
            time.sleep(0.005)
            continue
        d = json.loads(m.payload)
        if d["action"] in ("I", "U", "D"):
            seen += 1
            last = time.perf_counter()
    raw_s = last - t0
    rconn.close()
    for _ in range(100):  # the walsender lets go of the slot a moment after the connection closes
        try:
            with pg.cursor() as cur:
                cur.execute("SELECT pg_drop_replication_slot('bench_raw')")
            break
        except psycopg2.errors.ObjectInUse:
            time.sleep(0.1)

    runner = CdcRunner(dsn, "bench", store, mapper, checks=False, until_lsn=target)
    stats = runner.run()
    apply_s = stats.last_apply - stats.streaming_since
    rate = stats.changes / apply_s
    con = duckdb.connect(str(store), read_only=True)
    equal = all(d.equal for d in compare(con, dsn, mapper))
    con.close()

    return stats, rate, seen, raw_s, apply_s, equal


def cpu_seconds(pid: int, children: bool = False) -> float:
    """CPU time of a live process (user + system), with its reaped children's if asked."""
    f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(f[11]) + int(f[12]) + (int(f[13]) + int(f[14]) if children else 0)
    return ticks / os.sysconf("SC_CLK_TCK")


def thread_cpu(pid: int) -> dict[str, float]:
    """CPU seconds of each thread of a process, by thread name (threads of one name summed)."""
    out: dict[str, float] = {}
    for t in Path(f"/proc/{pid}/task").iterdir():
        try:
            stat = (t / "stat").read_text()
        except OSError:
            continue
        name = stat.split("(", 1)[1].rsplit(")", 1)[0]
        f = stat.rsplit(")", 1)[1].split()
        out[name] = out.get(name, 0.0) + (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
    return out


def postgres_cpu() -> float:
    """CPU time of every PostgreSQL process, backends already gone included (the postmaster's
    reaped children)."""
    total = 0.0
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        if not stat.split(" ", 2)[1].startswith("(postgres"):
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        try:
            parent = Path(f"/proc/{ppid}/stat").read_text().split(" ", 2)[1]
        except OSError:
            parent = ""
        try:
            total += cpu_seconds(int(d.name), children=not parent.startswith("(postgres"))
        except OSError:
            continue
    return total


def latency_run(dsn, store, court, pg, tmp, rate, args, models=None) -> dict:
    """CDC (its own process; the whole model library unless `models`) while the workload
    moves cases at `rate` node changes per second."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    only = [a for m in models or [] for a in ("--model", m)]
    cdc = subprocess.Popen(
        courtqc("ingest", "cdc", "--dsn", dsn, "--slot", "bench", "--db", str(store), "--quiet", *only),
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    while True:  # streaming (models loaded, indexes made) before the clock starts
        with pg.cursor() as cur:
            cur.execute("SELECT active FROM pg_replication_slots WHERE slot_name = 'bench'")
            if cur.fetchone()[0]:
                break
        if cdc.poll() is not None:
            raise SystemExit(cdc.communicate()[1])
        time.sleep(0.2)
    time.sleep(1.0)
    started = time.time()
    cpu0 = (cpu_seconds(cdc.pid), postgres_cpu(), resource.getrusage(resource.RUSAGE_CHILDREN))
    threads0 = thread_cpu(cdc.pid)
    wall0 = time.perf_counter()
    wl = subprocess.run(
        courtqc("cms", "run", "--dsn", dsn, "--rate", str(rate), "--duration", str(args.duration),
                "--workers", str(args.workers), "--dead-from", str(court), "--seed", str(int(rate)),
                "--log", str(tmp / f"workload_{rate:.0f}.json")),
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    wall = time.perf_counter() - wall0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    threads = {k: (v - threads0.get(k, 0.0)) / wall for k, v in thread_cpu(cdc.pid).items()}
    cpu = {
        "cpu_cdc": (cpu_seconds(cdc.pid) - cpu0[0]) / wall,
        "cpu_pg": (postgres_cpu() - cpu0[1]) / wall,
        "cpu_wl": (ru.ru_utime + ru.ru_stime - cpu0[2].ru_utime - cpu0[2].ru_stime) / wall,
        "cpu_threads": ", ".join(
            f"{k} {v:.2f}" for k, v in sorted(threads.items(), key=lambda kv: -kv[1]) if v >= 0.01
        ),
    }
    work = json.loads(wl.stdout.strip().splitlines()[-1])
    time.sleep(3)
    cdc.send_signal(signal.SIGTERM)  # applies what it holds, finishes its checks, exits
    _, err = cdc.communicate(timeout=600)
    if cdc.returncode != 0:
        raise SystemExit(err)
    con = duckdb.connect(str(store), read_only=True)
    rows = con.execute(
        """SELECT epoch_ms(checked_at) - epoch_ms(committed_at), alerts, status,
                  epoch_ms(queued_at) - epoch_ms(committed_at), checked_at, elapsed_ms
           FROM ingest_node_checks
           WHERE source = 'cdc:bench' AND committed_at >= make_timestamp(?::BIGINT * 1000000)""",
        [int(started * 1_000_000) // 1_000_000],
    ).fetchall()
    left = con.execute(
        "SELECT count(*) FROM ingest_node_checks WHERE status = 'queued'"
    ).fetchone()[0]
    con.close()
    lat = [float(r[0]) for r in rows if r[2] == "done"] or [0.0]
    lat_alert = [float(r[0]) for r in rows if r[2] == "done" and r[1]] or [0.0]
    lat_apply = [float(r[3]) for r in rows if r[2] == "done"] or [0.0]
    batches = len({r[4] for r in rows}) or 1
    # node mode's own time per batch (NodeChecker.check_many), the same for each of its checks
    batch_ms = [float(ms) for ms in {r[4]: r[5] for r in rows if r[5] is not None}.values()] or [
        0.0
    ]
    return {
        "models": ", ".join(models) if models else "whole library",
        "target": rate, "rate": work["rate"], "elapsed": work["elapsed_s"], "checks": len(rows),
        "with_alerts": sum(1 for r in rows if r[1]), "left": left, "batches": batches,
        "per_batch": len(rows) / batches,
        "p50": pct(lat, 50), "p90": pct(lat, 90), "p99": pct(lat, 99), "max": max(lat),
        "a50": pct(lat_alert, 50), "a90": pct(lat_alert, 90), "a99": pct(lat_alert, 99), "amax": max(lat_alert),
        "q50": pct(lat_apply, 50), "q99": pct(lat_apply, 99),
        "b50": pct(batch_ms, 50), "b90": pct(batch_ms, 90), **cpu,
    }  # fmt: skip


if __name__ == "__main__":
    main()
