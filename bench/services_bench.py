"""Measure the services on a synthetic court: a push run of every built-in push model (rows,
seconds, to a file drop) and query latency of both query ports at a target rate.

    python bench/services_bench.py --court court.duckdb [--rate 50] [--seconds 20]
        [--workers 16] [--no-push] [--tmp DIR] [--breakdown]

The court is never written: it is copied first (into --tmp, default the system's temporary
folder; a 1M-case court needs ~2.5 GB there) and the copy removed at the end. The lookup indexes
the ports probe are built on the copy before the server starts (`indexes_s`; a served store
keeps them). The
queries go to the platform served by uvicorn in a process of its own, as `courtqc serve` runs
it, from a pool of client threads on an open-loop schedule: query i is due at start + i / rate
whatever the earlier ones took, and its latency runs from when it was due to when its answer
arrived (a slow answer delays no later query, so queueing is counted, not hidden). Half
minors-bar, half enterprise queries, each with its purpose, audited and logged as in service.
With --breakdown the server is bench/services_timing.py, which times every request stage by
stage on the server's side (`breakdown`: each stage's wall and CPU time, the slowest 2 % of
requests against the rest, and the garbage collector's pauses and the event loop's lags while
the queries ran). Prints one JSON object."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from courtqc.engine import open_store
from courtqc.engine.context import ensure_indexes
from courtqc.services import agency, push, pushmodel, store


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--court", "--db", dest="court", required=True, help="the court to measure")
    ap.add_argument("--rate", type=float, default=50)
    ap.add_argument("--seconds", type=float, default=20)
    ap.add_argument("--workers", type=int, default=16)
    ap.add_argument("--no-push", action="store_true", help="measure the queries only")
    ap.add_argument("--tmp", default=None, help="folder for the copy (default: system temp)")
    ap.add_argument("--seed", type=int, default=1, help="the sample of people and firms asked")
    ap.add_argument(
        "--breakdown", action="store_true", help="time each request's stages on the server"
    )
    a = ap.parse_args()
    if not Path(a.court).is_file():
        raise SystemExit(f"没有法院数据 {a.court} (no such court file)")
    tmp = Path(tempfile.mkdtemp(dir=a.tmp))
    try:
        out = _measure(a, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # the copy of the store and the drops
    print(json.dumps(out, ensure_ascii=False))


def _measure(a: argparse.Namespace, tmp: Path) -> dict:
    """Copy the court into tmp, run every push model, serve the copy and query it."""
    load_before = os.getloadavg()
    db = tmp / "court.duckdb"
    try:
        shutil.copy(a.court, db)
    except OSError as e:
        raise SystemExit(f"不能复制法院数据 (cannot copy the court): {e}") from None
    con = open_store(db)
    store.ensure(con)
    t0 = time.perf_counter()
    ensure_indexes(con)
    indexes_s = time.perf_counter() - t0
    for b in {m.spec.body for m in pushmodel.builtin()}:
        push.set_receiver(con, b, "file", str(tmp / "drop" / b))
    t0 = time.perf_counter()
    res = [] if a.no_push else push.run(con)
    push_s = time.perf_counter() - t0
    edu = agency.create(
        con,
        name="bench edu",
        kind="education",
        scopes=["minors_bar"],
        court="沪",
        created_by="bench",
        rate_per_minute=6000,
    )
    bank = agency.create(
        con,
        name="bench bank",
        kind="bank",
        scopes=["enterprise_litigation"],
        court="沪",
        created_by="bench",
        rate_per_minute=6000,
    )
    people = con.execute(
        "SELECT p.name, p.id_number FROM parties p WHERE p.kind = 'natural' "
        f"AND length(p.id_number) = 18 USING SAMPLE 200 ROWS (reservoir, {a.seed})"
    ).fetchall()
    firms = [
        r[0]
        for r in con.execute(
            "SELECT uscc FROM (SELECT DISTINCT uscc FROM parties WHERE uscc IS NOT NULL) "
            f"USING SAMPLE 200 ROWS (reservoir, {a.seed})"
        ).fetchall()
    ]
    cases = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    con.close()
    with socket.socket() as so:
        so.bind(("127.0.0.1", 0))
        port = so.getsockname()[1]
    timings = tmp / "timings.json"
    if a.breakdown:
        serve = [
            str(Path(__file__).with_name("services_timing.py")),
            str(db),
            str(port),
            str(timings),
        ]
    else:
        serve = [
            "-c",
            "import sys, uvicorn; from courtqc.web.app import create_app; "
            "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), "
            "log_level='warning')",
            str(db), str(port),
        ]  # fmt: skip
    server = subprocess.Popen([sys.executable, *serve])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 1800  # a 1M court's server takes a while to open
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("server did not start")
            time.sleep(0.2)
        cpu0 = _cpu_s(server.pid)
        lat, achieved, n, statuses = _queries(base, edu, bank, people, firms, a)
        server_cpu_ms = (_cpu_s(server.pid) - cpu0) * 1000 / n
    finally:
        server.terminate()
        server.wait(timeout=30)

    def pct(xs: list[float], q: float) -> float:
        return round(statistics.quantiles(xs, n=100)[int(q) - 1] * 1000, 1)

    every = [x for v in lat.values() for x in v]
    return {
        "court": str(a.court),
        "cases": cases,
        "load_avg_before": [round(x, 2) for x in load_before],
        "load_avg_after": [round(x, 2) for x in os.getloadavg()],
        "indexes_s": round(indexes_s, 2),
        "push_models": len(res),
        "push_rows": sum(r.new_rows for r in res),
        "push_batches": sum(1 for r in res if r.batch_id),
        "push_run_s": round(push_s, 2),
        "select_s": round(sum(r.select_s for r in res), 2),
        "push_per_model": {
            r.model_id: {
                "rows": r.new_rows,
                "session_s": round(r.session_s, 2),
                "select_s": round(r.select_s, 2),
                "prepare_s": round(r.prepare_s, 2),
                "deliver_s": round(r.deliver_s, 2),
                "delivered": len(r.delivered),
                "pending": len(r.pending),
            }
            for r in res
        },
        "query_rate_target": a.rate,
        "query_rate_achieved": round(achieved, 1),
        **{f"{k}_p50_ms": pct(v, 50) for k, v in lat.items()},
        **{f"{k}_p99_ms": pct(v, 99) for k, v in lat.items()},
        "all_p50_ms": pct(every, 50),
        "all_p99_ms": pct(every, 99),
        "queries": n,
        "statuses": statuses,
        "server_cpu_ms_per_query": round(server_cpu_ms, 1),
        "workers": a.workers,
        **({"breakdown": breakdown(json.loads(timings.read_text()))} if a.breakdown else {}),
    }


STAGES = ("auth", "agency", "authorise", "lookup", "insert_query", "insert_audit", "record")


def breakdown(t: dict) -> dict:
    """What the server's side of each query cost, stage by stage (bench/services_timing.py):
    per stage p50/p99 of wall and thread-CPU ms; for the slowest 2 % of requests (server time,
    arrival to answer) and the rest, the mean ms from arrival to the first thread, to each stage
    and in each stage; and the stalls of the whole process while the queries ran."""
    reqs = t["requests"]
    if not reqs:
        return {}

    def q(xs: list[float], p: float) -> float:
        xs = sorted(xs)
        return round(xs[min(len(xs) - 1, int(p / 100 * len(xs)))] * 1000, 2)

    def mean_ms(xs: list[float]) -> float:
        return round(statistics.fmean(xs) * 1000, 1) if xs else 0.0

    out: dict = {
        "server_ms": {"p50": q([r["done"] - r["arrive"] for r in reqs], 50),
                      "p99": q([r["done"] - r["arrive"] for r in reqs], 99)},
        "stages_ms": {
            s: {"p50": q([r.get(s, 0) for r in reqs], 50), "p99": q([r.get(s, 0) for r in reqs], 99),
                "cpu_p50": q([r.get(s + "_cpu", 0) for r in reqs], 50),
                "cpu_p99": q([r.get(s + "_cpu", 0) for r in reqs], 99)}
            for s in STAGES
        },
    }  # fmt: skip
    by_time = sorted(reqs, key=lambda r: r["done"] - r["arrive"])
    k = max(1, len(reqs) // 50)
    for name, group in (("rest", by_time[:-k]), ("slowest_2pct", by_time[-k:])):
        row = {"n": len(group), "server": mean_ms([r["done"] - r["arrive"] for r in group])}
        for mark in ("cursor", "auth", "lookup", "record"):
            row[f"to_{mark}"] = mean_ms(
                [r.get(f"{mark}_at", r["arrive"]) - r["arrive"] for r in group]
            )
        for s in STAGES:
            row[s] = mean_ms([r.get(s, 0) for r in group])
        row["ports"] = dict(Counter(r["port"] for r in group))
        out[name] = row
    t0, t1 = reqs[0]["arrive"], max(r["done"] for r in reqs)
    gc_in = [(at, s, g) for at, s, g in t["gc"] if t0 <= at <= t1]
    lag_in = [(at, s) for at, s in t["loop_lag"] if t0 <= at <= t1]
    out["gc"] = {
        f"gen{g}": {"n": sum(1 for x in gc_in if x[2] == g),
                    "max_ms": round(max([x[1] for x in gc_in if x[2] == g], default=0) * 1000, 1)}
        for g in (0, 1, 2)
    }  # fmt: skip
    out["loop_lag_over_20ms"] = {
        "n": sum(1 for _a, s in lag_in if s > 0.02),
        "max_ms": round(max([s for _a, s in lag_in], default=0) * 1000, 1),
    }
    return out


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process has used: what a query costs the server,
    whatever else the machine is doing."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _queries(base, edu, bank, people, firms, a):  # type: ignore[no-untyped-def]
    """Open-loop queries at a.rate per second for a.seconds; latency from when each was due."""
    client = httpx.Client(base_url=base, timeout=30, limits=httpx.Limits(max_connections=a.workers))
    n = int(a.rate * a.seconds)
    start = time.perf_counter() + 0.5

    def one(i: int) -> tuple[str, float, int]:
        due = start + i / a.rate
        d = due - time.perf_counter()
        if d > 0:
            time.sleep(d)
        if i % 2 == 0:
            name, idn = people[i % len(people)]
            r = client.post(
                "/api/services/query/minors-bar",
                headers={"X-API-Key": edu},
                json={"name": name, "id_number": idn, "purpose": "基准测试"},
            )
            kind = "minors_bar"
        else:
            r = client.post(
                "/api/services/query/enterprise",
                headers={"X-API-Key": bank},
                json={"uscc": firms[i % len(firms)], "purpose": "基准测试"},
            )
            kind = "enterprise"
        return kind, time.perf_counter() - due, r.status_code

    with ThreadPoolExecutor(a.workers) as pool:
        done = list(pool.map(one, range(n)))
    achieved = n / (time.perf_counter() - start)
    client.close()
    lat: dict[str, list[float]] = {"minors_bar": [], "enterprise": []}
    statuses: dict[str, int] = {}
    for kind, s, code in done:
        lat[kind].append(s)
        statuses[str(code)] = statuses.get(str(code), 0) + 1
    bad = {k: v for k, v in statuses.items() if k not in ("200", "404", "422")}
    if bad:
        raise SystemExit(f"unexpected answers: {bad}")
    return lat, achieved, n, statuses


if __name__ == "__main__":
    main()
