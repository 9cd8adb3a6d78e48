"""Benchmark the scenario-model engine: node mode, the naive way, review mode, GoRules ZEN.

    .venv/bin/python bench/bench_engine.py --db /tmp/eng_1m.duckdb --events 2000 \
        --naive-events 20 --json /tmp/bench_engine_1m.json

The store must be writable (node mode creates its lookup indexes and records alerts) and should
have had identity resolution run (courtqc.identity.resolve_parties). Everything compared is
measured in the same run on the same store:

* node mode: N (case, node) events — random rows of the events table, so nodes come up as often
  as cases reach them (per node too, in `by_node`) — each running
  every live and shadow built-in model bound to that node on the case's context (latency per
  event: p50 / p95 / p99; sequential throughput; CPU per event);
* node mode sustained: the same events arriving at a fixed rate (--rate, events/s) to W worker
  processes (--workers), each with its own read-only connection and one DuckDB thread, each
  draining what has arrived as one batch (NodeChecker.check_many, at most --batch events):
  the rate it keeps up with and the latency from arrival to answer (p50 / p99);
* the naive way: the same models for the same events, but the same SQL run over the full tables
  filtered to the case (a subset of the events, it is slow);
* review: every built-in model over all cases (the time of each and in all);
* ZEN: each pure-condition model exported as a decision table and evaluated by GoRules ZEN row
  by row over its subject's rows, against the SQL engine on the same rows.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import time
from pathlib import Path

import duckdb

from vmspeed import vm_speed


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))
    return xs[k]


def machine() -> str:
    from courtqc import runtime

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()}-core {platform.machine()} VM, {mem:.0f} GiB, Python "
        f"{platform.python_version()}, DuckDB {duckdb.__version__}, allocator {runtime.in_use()}"
    )


def sample_events(con: duckdb.DuckDBPyConnection, n: int, seed: int) -> list[tuple[int, str]]:
    """Node events as a CMS sends them: random rows of the events table — a case reaching a
    node — so each node comes up as often as cases pass through it (filing once per case,
    service and scheduling often several times ...)."""
    rows = con.execute(
        f"SELECT case_id, node FROM events USING SAMPLE reservoir({int(n)} ROWS) REPEATABLE ({int(seed)})"
    ).fetchall()
    rows.sort()  # the sample's order depends on the scan's threads; the shuffle below does not
    random.Random(seed).shuffle(rows)
    return [(int(c), str(node)) for c, node in rows]


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def bench_node(con, models, events, as_of, slowest: int = 0):
    from courtqc.engine.node import NodeChecker

    checker = NodeChecker(con, models, as_of=as_of)
    for case_id, node in events[:20]:  # warm-up: indexes, caches, plans
        checker.check(case_id, node)
    lat, ctx, n_models, n_run, alerts, errors = [], [], [], [], 0, 0
    by_node: dict[str, list[float]] = {}
    detail: list[dict] = []  # per event, for the breakdown of the slowest (see _breakdown)
    gc_ms = [0.0]
    gc_t = [0.0]

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            gc_t[0] = time.perf_counter()
        else:
            gc_ms[0] += (time.perf_counter() - gc_t[0]) * 1000

    gc.callbacks.append(on_gc)
    load0 = load()
    t0, c0 = time.perf_counter(), time.process_time()
    for case_id, node in events:
        e_cpu, e_gc = time.process_time(), gc_ms[0]
        res = checker.check(case_id, node)
        detail.append(_event_detail(res, time.process_time() - e_cpu, gc_ms[0] - e_gc))
        lat.append(res.elapsed_ms)
        by_node.setdefault(node, []).append(res.elapsed_ms)
        ctx.append(res.context_ms)
        n_models.append(len(res.runs))
        n_run.append(sum(1 for r in res.runs if r.elapsed_ms > 0))
        alerts += len(res.alerts) + len(res.shadow_alerts)
        errors += len(res.errors)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    gc.callbacks.remove(on_gc)
    slow = _breakdown(checker, detail, slowest)
    checker.close()
    return {
        "events": len(events),
        "p50_ms": round(pct(lat, 50), 2),
        "p95_ms": round(pct(lat, 95), 2),
        "p99_ms": round(pct(lat, 99), 2),
        "mean_ms": round(statistics.fmean(lat), 2),
        "context_p50_ms": round(pct(ctx, 50), 2),
        "models_per_event_mean": round(statistics.fmean(n_models), 1),
        "models_run_per_event_mean": round(statistics.fmean(n_run), 1),
        "events_per_s": round(len(events) / wall, 1),
        "cpu_ms_per_event": round(cpu * 1000 / len(events), 2),
        "alerts": alerts,
        "errors": errors,
        "load_before_after": [load0, load()],
        # Per node: events, p50, p99 and how many models are bound there (busiest first).
        "by_node": {
            node: {
                "events": len(xs),
                "p50_ms": round(pct(xs, 50), 2),
                "p99_ms": round(pct(xs, 99), 2),
                "models": len(checker.models_for(node)),
            }
            for node, xs in sorted(by_node.items(), key=lambda kv: -len(kv[1]))
        },
        "gc_ms_total": round(gc_ms[0], 1),
        "slowest": slow,
    }


def _event_detail(res, cpu_s: float, gc_ms: float) -> dict:
    """What one node check spent its time on: the context, each model run (ms), the rest."""
    runs = {r.model_id: round(r.elapsed_ms, 2) for r in res.runs if r.elapsed_ms > 0}
    return {
        "case_id": res.case_id,
        "node": res.node,
        "ms": round(res.elapsed_ms, 2),
        "cpu_ms": round(cpu_s * 1000, 2),
        "gc_ms": round(gc_ms, 2),
        "context_ms": round(res.context_ms, 2),
        "context_cases": res.context_cases,
        "models_ms": runs,
    }


def _breakdown(checker, detail: list[dict], n: int) -> list[dict]:
    """The n slowest events, each with its breakdown and the same event checked twice again
    (`again_ms`, `again_cpu_ms`): an event slow only the first time was a first-run cost
    (a statement shape planned, a cache filled), one slow every time is its data."""
    out = []
    for d in sorted(detail, key=lambda d: -d["ms"])[:n]:
        again = []
        for _ in range(2):
            c = time.process_time()
            res = checker.check(d["case_id"], d["node"])
            again.append((round(res.elapsed_ms, 2), round((time.process_time() - c) * 1000, 2)))
        top = sorted(d["models_ms"].items(), key=lambda kv: -kv[1])[:4]
        out.append({**d, "models_ms": dict(top), "again_ms": [a[0] for a in again],
                    "again_cpu_ms": [a[1] for a in again], **_reach(checker, d["case_id"])})  # fmt: skip
    return out


def _reach(checker, case_id: int) -> dict:
    """What makes a context big: its cases when only the parties' own identities are followed
    and when their controllers' are too (party_controller), the identities followed, and the
    most case rows any one of them has (a lender just under the hub threshold has ~200)."""
    ctx = checker.ctx
    plain = ctx.gather(case_id, False)
    cases, _, linked = ctx.gather(case_id, True)
    ids = ",".join(str(int(p)) for p in linked) or "NULL"
    n, top = checker.con.execute(
        "WITH k AS (SELECT DISTINCT coalesce(person_key, 'party:' || party_id) AS k FROM parties "
        f"WHERE party_id IN ({ids})), r AS (SELECT k.k, count(*) AS n FROM k JOIN parties p "
        "ON coalesce(p.person_key, 'party:' || p.party_id) = k.k JOIN case_parties USING (party_id) "
        "GROUP BY k.k) SELECT count(*), max(n) FROM r"
    ).fetchone()
    return {"reach_cases_own_identities": len(plain[0]), "reach_cases_with_controllers": len(cases),
            "identities_followed": n, "max_case_rows_of_one": top}  # fmt: skip


def _sustain_worker(db, as_of, events, start_at, rate, n_total, offset, stride, batch, out_q):
    """One node-mode worker: event i of the whole stream arrives at start_at + i / rate; this
    worker takes events offset, offset + stride, ... and answers whatever has arrived, as one
    batch of at most `batch`. Reports (arrival-to-answer latencies ms, batch sizes, finish)."""
    from courtqc.engine import open_store
    from courtqc.engine.node import NodeChecker
    from courtqc.models import builtin_models

    con = open_store(db, read_only=True)
    con.execute("SET threads = 1")
    # With one worker per core, each worker keeps to its core (no second session per check).
    checker = NodeChecker(con, list(builtin_models()), as_of=as_of, record=False,
                          make_indexes=False, parallel=stride == 1)  # fmt: skip
    for case_id, node in events[: min(20, len(events))]:  # warm-up
        checker.check(case_id, node)
    mine = list(range(offset, n_total, stride))
    lat, sizes, k = [], [], 0
    while time.time() < start_at:
        time.sleep(0.001)
    while k < len(mine):
        now = time.time()
        due = [i for i in mine[k : k + batch] if start_at + i / rate <= now]
        if not due:
            time.sleep(max(0.0, start_at + mine[k] / rate - now))
            continue
        checker.check_many([events[i] for i in due])
        done = time.time()
        lat += [(done - (start_at + i / rate)) * 1000 for i in due]
        sizes.append(len(due))
        k += len(due)
    checker.close()
    con.close()
    out_q.put((list(zip(mine, lat, strict=True)), sizes, time.time()))


def bench_sustained(db, events, as_of, rate: float, workers: int, batch: int):
    """Events arriving at `rate` per second to `workers` processes (see _sustain_worker)."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    start_at = time.time() + 8 + 2 * workers  # after every worker has opened and warmed up
    procs = [
        ctx.Process(
            target=_sustain_worker,
            args=(str(db), as_of, events, start_at, rate, len(events), w, workers, batch, q),
        )
        for w in range(workers)
    ]
    load0 = load()
    for p in procs:
        p.start()
    results = [q.get() for _ in procs]
    for p in procs:
        p.join()
    by_event = sorted(x for r in results for x in r[0])
    lat = [x for _, x in by_event]
    tenth = max(1, len(lat) // 10)
    sizes = [x for r in results for x in r[1]]
    finish = max(r[2] for r in results)
    return {
        "offered_events_per_s": rate,
        "workers": workers,
        "max_batch": batch,
        "events": len(lat),
        "achieved_events_per_s": round(len(lat) / (finish - start_at), 1),
        "latency_p50_ms": round(pct(lat, 50), 1),
        "latency_p99_ms": round(pct(lat, 99), 1),
        # kept up: the last events wait no longer than the first (no backlog building up)
        "latency_p50_first_last_tenth_ms": [
            round(pct(lat[:tenth], 50), 1),
            round(pct(lat[-tenth:], 50), 1),
        ],
        "batch_size_mean": round(statistics.fmean(sizes), 1),
        "load_before_after": [load0, load()],
    }


def bench_naive(con, models, events, as_of):
    """The same models for the same events, run over the full tables filtered to the case."""
    from courtqc import operators
    from courtqc.engine import session
    from courtqc.engine.run import Scope, run_model
    from courtqc.models.lifecycle import RUNS_IN

    cur = session(con)
    operators.install(cur, as_of)
    lat = []
    for case_id, node in events:
        t = time.perf_counter()
        for m in models:
            if m.model.binds(node) and m.model.state in RUNS_IN["node"]:
                run_model(cur, m, Scope(focus_case_id=case_id))
        lat.append((time.perf_counter() - t) * 1000)
    cur.close()
    return {
        "events": len(events),
        "p50_ms": round(pct(lat, 50), 1),
        "mean_ms": round(statistics.fmean(lat), 1),
    }


def bench_review(con, models, as_of):
    from courtqc.engine.review import review

    t = time.perf_counter()
    res = review(con, models, model_ids=[m.id for m in models], as_of=as_of, save=False)
    wall = time.perf_counter() - t
    return {
        "seconds": round(wall, 2),
        "alerts": len(res.alerts),
        "models": {
            r.model_id: {"ms": round(r.elapsed_ms), "hits": len(r.alerts), "status": r.status}
            for r in res.runs
        },
    }


def bench_zen(con, models, as_of, max_rows: int):
    import zen

    from courtqc import operators
    from courtqc.engine import session
    from courtqc.engine.run import Scope, run_model
    from courtqc.engine.zen_export import exportable, input_fields, to_decision, zen_row

    cur = session(con)
    operators.install(cur, as_of)
    engine = zen.ZenEngine()
    out = {}
    for m in models:
        if not exportable(m):
            continue
        decision = engine.create_decision(json.dumps(to_decision(m), ensure_ascii=False))
        subject = m.model.logic.conditions.subject
        t = time.perf_counter()
        sql_run = run_model(cur, m, Scope())
        sql_ms = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        names = input_fields(m)
        rel = cur.execute(f"SELECT {', '.join(names)} FROM {subject} LIMIT {max_rows}")
        rows = rel.fetchall()
        fetch_ms = (time.perf_counter() - t) * 1000
        total = cur.execute(f"SELECT count(*) FROM {subject}").fetchone()[0]
        t = time.perf_counter()
        hits = 0
        for values in rows:
            if decision.evaluate(zen_row(names, values))["result"]["hit"]:
                hits += 1
        zen_ms = (time.perf_counter() - t) * 1000
        per_row_us = zen_ms * 1000 / max(1, len(rows))
        out[m.id] = {
            "subject_rows": total,
            "zen_rows_evaluated": len(rows),
            "zen_us_per_row": round(per_row_us, 1),
            "zen_ms_all_rows": round(per_row_us * total / 1000),
            "zen_fetch_ms": round(fetch_ms),
            "sql_ms_all_rows": round(sql_ms),
            "sql_hits": len(sql_run.alerts),
            "zen_hits_evaluated_rows": hits,
            "ratio_zen_over_sql": round(per_row_us * total / 1000 / max(sql_ms, 0.001), 1),
        }
    cur.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, type=Path)
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--naive-events", type=int, default=20)
    ap.add_argument("--zen-rows", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rate", type=float, nargs="*", default=[200.0],
                    help="offered node events/s for the sustained runs")  # fmt: skip
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    ap.add_argument("--batch", type=int, default=64, help="most events one worker answers at once")
    ap.add_argument("--sustain-events", type=int, default=3000)
    ap.add_argument(
        "--skip", nargs="*", default=[], choices=["node", "sustained", "naive", "review", "zen"]
    )
    ap.add_argument("--slowest", type=int, default=0,
                    help="break the N slowest node events down (context, models, CPU, GC)")  # fmt: skip
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()

    from courtqc import runtime

    # As the daemons run (courtqc.runtime): tcmalloc where installed; COURTQC_ALLOCATOR=system
    # measures with glibc's malloc.
    runtime.use_fast_allocator()

    from courtqc.engine.node import latest_data_day
    from courtqc.models import builtin_models

    con = duckdb.connect(str(args.db))
    models = list(builtin_models())
    as_of = latest_data_day(con)
    n_cases = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    result = {"machine": machine(), "vm_speed": vm_speed(), "db": str(args.db), "cases": n_cases,
              "as_of": str(as_of), "models": len(models)}  # fmt: skip
    events = sample_events(con, args.events, args.seed)
    print(
        f"{n_cases:,} cases, {len(models)} models, {len(events)} events — {result['machine']}; "
        f"VM speed (lower is faster, bench/vmspeed.py): {result['vm_speed']}",
        flush=True,
    )
    if "node" not in args.skip:
        # A node-mode process runs one DuckDB thread: its statements are tiny, and the other
        # core is for the second worker (the sustained runs). Reset before review.
        con.execute("SET threads = 1")
        result["node"] = bench_node(con, models, events, as_of, args.slowest)
        con.execute("RESET threads")
        print("node", {k: v for k, v in result["node"].items() if k != "slowest"}, flush=True)
        for d in result["node"]["slowest"]:
            print("slow", json.dumps(d, ensure_ascii=False), flush=True)
    if "sustained" not in args.skip:
        stream = sample_events(con, args.sustain_events, args.seed + 1)
        con.close()  # the workers open the store read-only, which needs it unlocked
        result["sustained"] = []
        for workers in args.workers:
            for rate in args.rate:
                r = bench_sustained(args.db, stream, as_of, rate, workers, args.batch)
                result["sustained"].append(r)
                print("sustained", r, flush=True)
        con = duckdb.connect(str(args.db))
    if "naive" not in args.skip:
        result["naive"] = bench_naive(con, models, events[: args.naive_events], as_of)
        print("naive", result["naive"], flush=True)
        if "node" in result:
            result["naive"]["ratio_p50_vs_node"] = round(
                result["naive"]["p50_ms"] / result["node"]["p50_ms"], 1
            )
    if "review" not in args.skip:
        result["review"] = bench_review(con, models, as_of)
        print("review", result["review"]["seconds"], "s", flush=True)
    if "zen" not in args.skip:
        result["zen"] = bench_zen(con, models, as_of, args.zen_rows)
        print("zen", json.dumps(result["zen"], ensure_ascii=False), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
