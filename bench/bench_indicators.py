"""Speed of the indicator engine on synthetic courts of growing size.

    .venv/bin/python bench/bench_indicators.py                       # 100k and 1M (generated once)
    .venv/bin/python bench/bench_indicators.py --sizes 100000 --replicate 3

Stores are generated with `courtqc.synth.generate` into /tmp/court_100k.duckdb,
/tmp/court_1m.duckdb ... and reused when present. `--replicate K` adds a K-times-larger
store made by copying the largest store's case facts K times under new case ids (the engine's
cost at that size; the prepare step is not measured there).

Measured per size (medians of --reps runs):
* prepare: building `ind_case_facts` from the canonical tables;
* one indicator for one slice, for every indicator x six slices (city-wide year, the busiest
  basic court year, an intermediate court with its basic courts for a month, the busiest judge
  year, civil cases city-wide for a quarter, one type code + cause for a month): median and worst;
* the same single indicator computed from the live tables (the fact view, not materialised):
  the baseline that the materialised table is measured against;
* the whole catalogue for each of those slices;
* the whole catalogue for every court (each with the courts below it) x 12 months; baseline:
  one compute() per court and month (measured for one month, the figure given per month);
* drill-down of a city-wide numerator (first 100 rows) and a full basic-court drill.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import duckdb

from courtqc.indicators import Slice, breakdown, compute, default, drill, facts
from courtqc.indicators.periods import months_back

LABEL = {100_000: "100k", 1_000_000: "1m", 3_000_000: "3m"}


def _machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()}-core {platform.machine()} VM, {mem:.0f} GiB, DuckDB {duckdb.__version__}"
    )


def _time(f, reps: int) -> float:
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def store(size: int, seed: int) -> Path:
    path = Path(f"/tmp/court_{LABEL.get(size, size)}.duckdb")
    if not path.exists():
        from courtqc.synth import generate

        print(f"generating {size:,} cases into {path} (once; reused later) …", flush=True)
        t = time.perf_counter()
        generate(path, cases=size, seed=seed)
        print(f"  generated in {time.perf_counter() - t:.0f} s", flush=True)
    return path


def replicate(src: Path, k: int) -> Path:
    """A store with the source's case facts copied k times (new case ids, same courts)."""
    dst = src.with_name(src.stem + f"_x{k}.duckdb")
    if dst.exists():
        return dst
    con = duckdb.connect(str(dst))
    con.execute(f"ATTACH '{src}' AS s (READ_ONLY)")
    for t in ("courts", "judges", "departments", "district_population"):
        con.execute(f"CREATE TABLE {t} AS SELECT * FROM s.{t}")
    step = con.execute("SELECT max(case_id) + 1 FROM s.ind_case_facts").fetchone()[0]
    con.execute(f"CREATE TABLE {facts.FACTS} AS SELECT * FROM s.{facts.FACTS} LIMIT 0")
    for i in range(k):
        con.execute(
            f"INSERT INTO {facts.FACTS} SELECT * REPLACE (case_id + {i * step} AS case_id, "
            f"case_no || '#{i}' AS case_no) FROM s.{facts.FACTS}"
        )
    con.execute(f"CREATE TABLE {facts.TREE} AS SELECT * FROM s.{facts.TREE}")
    con.execute(f"CREATE TABLE {facts.META} AS SELECT * FROM s.{facts.META}")
    con.close()
    return dst


def slices(con: duckdb.DuckDBPyConnection, year: str) -> dict[str, Slice]:
    F = facts.FACTS
    basic = con.execute(
        f"SELECT f.court_code FROM {F} f JOIN courts c USING (court_code) WHERE c.level = 'basic' "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    inter = con.execute(
        "SELECT court_code FROM courts WHERE level = 'intermediate' ORDER BY court_code LIMIT 1"
    ).fetchone()[0]
    judge = con.execute(
        f"SELECT judge_id FROM {F} WHERE judge_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    tc, cause = con.execute(
        f"SELECT type_code, cause_name FROM {F} WHERE cause_name IS NOT NULL GROUP BY ALL "
        "ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    return {
        "city, year": Slice(period=year),
        f"basic court {basic}, year": Slice(period=year, court=basic),
        f"{inter} + its courts, month": Slice(period=f"{year}-06", court=inter),
        f"judge {judge}, year": Slice(period=year, judge_id=judge),
        "civil city-wide, quarter": Slice(period=f"{year}Q2", family="civil"),
        f"{tc} {cause}, month": Slice(period=f"{year}-03", type_code=tc, cause=cause),
    }


def bench_store(path: Path, reps: int, replicated: bool) -> dict:
    con = duckdb.connect(str(path))
    out: dict = {"store": str(path)}
    if not replicated:
        t = time.perf_counter()
        facts.prepare(con)
        out["prepare_s"] = time.perf_counter() - t
    out["cases"] = con.execute(f"SELECT count(*) FROM {facts.FACTS}").fetchone()[0]
    # the last full calendar year of filings
    last = con.execute(f"SELECT max(filing_date) FROM {facts.FACTS}").fetchone()[0]
    year = str(last.year if (last.month, last.day) == (12, 31) else last.year - 1)
    out["year"] = year
    ids = list(default())
    sls = slices(con, year)
    compute(con, sls["city, year"])  # warm the cache once

    singles = []  # (ms, slice, id)
    whole = {}
    for name, sl in sls.items():
        for i in ids:
            singles.append((1000 * _time(lambda sl=sl, i=i: compute(con, sl, [i]), reps), name, i))
        whole[name] = 1000 * _time(lambda sl=sl: compute(con, sl), reps)
    ms = [s[0] for s in singles]
    worst = max(singles)
    out["single_ms"] = {
        "median": statistics.median(ms),
        "p95": sorted(ms)[int(0.95 * len(ms))],
        "worst": worst[0],
        "worst_at": f"{worst[2]} / {worst[1]}",
        "count": len(ms),
    }
    out["whole_catalogue_ms"] = whole

    if not replicated:
        city = sls["city, year"]
        fast = 1000 * _time(lambda: compute(con, city, ["within_limit_rate"]), reps)
        live = 1000 * _time(
            lambda: compute(con, city, ["within_limit_rate"], live=True), max(1, reps // 2)
        )
        out["live_baseline"] = {
            "indicator": "within_limit_rate",
            "slice": "city, year",
            "fact_table_ms": fast,
            "live_view_ms": live,
            "ratio": live / fast,
        }

    months = months_back(year, 12)
    t = time.perf_counter()
    n_values = 0
    for p in months:
        rows = breakdown(con, Slice(period=p.label), "court")
        n_values += sum(len(r.values) for r in rows)
    grid_s = time.perf_counter() - t
    courts = [r[0] for r in con.execute("SELECT court_code FROM courts ORDER BY 1").fetchall()]
    t = time.perf_counter()
    for c in courts:
        compute(con, Slice(period=months[-1].label, court=c))
    loop_month_s = time.perf_counter() - t
    out["grid"] = {
        "courts": len(courts),
        "months": 12,
        "indicators": len(ids),
        "values": n_values,
        "seconds": grid_s,
        "baseline_per_court_loop_one_month_s": loop_month_s,
        "grid_per_month_s": grid_s / 12,
    }

    city = sls["city, year"]
    basic = next(v for k, v in sls.items() if k.startswith("basic"))
    out["drill_ms"] = {
        "city numerator, first 100": 1000
        * _time(lambda: drill(con, "within_limit_rate", city, limit=100), reps),
        "basic court, full denominator": 1000
        * _time(lambda: drill(con, "within_limit_rate", basic, "denominator"), reps),
        "basic court rows": len(drill(con, "within_limit_rate", basic, "denominator")),
    }
    con.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument(
        "--replicate", type=int, default=0, help="also a K x replica of the largest store"
    )
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args()
    results = {"machine": _machine(), "runs": []}
    print(results["machine"], flush=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    for n in sizes:
        r = bench_store(store(n, args.seed), args.reps, replicated=False)
        results["runs"].append(r)
        print(json.dumps(r, ensure_ascii=False, indent=1), flush=True)
    if args.replicate:
        r = bench_store(
            replicate(store(max(sizes), args.seed), args.replicate), args.reps, replicated=True
        )
        r["note"] = f"{args.replicate} x the {max(sizes):,}-case store's facts"
        results["runs"].append(r)
        print(json.dumps(r, ensure_ascii=False, indent=1), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
