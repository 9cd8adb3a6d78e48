"""Cost of generating the synthetic court (courtqc.synth.generate) at several sizes.

    .venv/bin/python bench/bench_synth.py                       # 10k, 100k, 1M cases
    .venv/bin/python bench/bench_synth.py --sizes 10000,100000  # quicker

Each size runs in a fresh process (so peak RSS is that run's own) and reports wall time, time
per stage, peak resident memory and rows per table. Baseline, measured in the same run on the
same machine: the *store floor* — writing the same number of rows into the same tables of a
fresh store with INSERT ... SELECT over DuckDB's range() (no Python at all), i.e. what the
writes alone cost. The ratio generation / floor is how much the generating itself adds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Rows per table written by the floor: each table gets plain typed filler of its own width.
_FLOOR = {
    "cases": """INSERT INTO cases (case_id, case_no, year, court_code, type_code, seq, family, procedure,
        filing_date, closing_date, closing_method, status, current_node, claim_amount)
        SELECT i, '（2024）沪0115民初' || i || '号', 2024, '沪0115', '民初', i, 'civil', 'first',
        DATE '2024-01-01' + CAST(i % 300 AS INTEGER), DATE '2024-03-01' + CAST(i % 300 AS INTEGER),
        'judgment', 'closed', 'closing', i * 1.5 FROM range(1, $n + 1) t(i)""",
    "events": """INSERT INTO events SELECT i, i // 8 + 1, 'hearing',
        TIMESTAMP '2024-01-01 09:00:00' + INTERVAL (i % 100000) SECOND, CAST(i % 900 AS INTEGER), NULL
        FROM range(1, $n + 1) t(i)""",
    "parties": """INSERT INTO parties SELECT i, 'natural', '张三' || (i % 1000), '310115199001011234',
        DATE '1990-01-01', 'male', '汉族', '上海市浦东新区世纪大道' || i || '号', '13800000000', NULL, NULL, NULL
        FROM range(1, $n + 1) t(i)""",
    "case_parties": """INSERT INTO case_parties SELECT i // 2 + 1, i, CASE WHEN i % 2 = 0 THEN 'plaintiff'
        ELSE 'defendant' END, 1 FROM range(1, $n + 1) t(i)""",
    "civil_outcomes": """INSERT INTO civil_outcomes (case_id, item_seq, payer_party_id, payee_party_id, kind,
        amount_yuan, late_clause_article) SELECT i, 1, i, i + 1, 'principal', i * 2.5, 264
        FROM range(1, $n + 1) t(i)""",
    "enforcement_actions": """INSERT INTO enforcement_actions SELECT i, i // 5 + 1, 'freeze',
        DATE '2024-01-01' + CAST(i % 300 AS INTEGER), i * 1.0, NULL FROM range(1, $n + 1) t(i)""",
    "payments": """INSERT INTO payments SELECT i, i // 2 + 1, 'in', i, i * 3.0,
        DATE '2024-01-01' + CAST(i % 300 AS INTEGER) FROM range(1, $n + 1) t(i)""",
    "registry_population": """INSERT INTO registry_population SELECT lpad(i::VARCHAR, 18, '0'), '张三',
        'alive', NULL, '浦东新区' FROM range(1, $n + 1) t(i)""",
}


def _child(cases: int, path: str) -> None:
    """Run one generation; print its figures as JSON on the last line."""
    import resource

    from courtqc.synth import generate

    t = time.perf_counter()
    stats = generate(path, cases=cases, seed=1, progress=False)
    wall = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "cases": cases,
                "wall_s": wall,
                "peak_mb": peak_mb,
                "stages": stats.stage_seconds,
                "rows": stats.rows,
                "documents": stats.documents,
                "truth_cases": stats.truth_cases,
                "incidental": stats.incidental,
            }
        )
    )


def _floor(rows: dict[str, int], path: str) -> float:
    from courtqc.schema import connect

    con = connect(path)
    t = time.perf_counter()
    for table, sql in _FLOOR.items():
        con.execute(sql.replace("$n", str(int(rows.get(table, 0)))))
    elapsed = time.perf_counter() - t
    con.close()
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--path", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.path)
        return
    machine = f"{os.cpu_count()}-core {platform.machine()} VM, {_ram_gib()} GiB RAM, Python {platform.python_version()}"
    print(f"# courtqc synth benchmark — {machine}")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            path = str(Path(tmp) / f"court{n}.duckdb")
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(n), "--path", path],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            os.remove(path)
            r["floor_s"] = _floor(r["rows"], str(Path(tmp) / f"floor{n}.duckdb"))
            os.remove(str(Path(tmp) / f"floor{n}.duckdb"))
            results.append(r)
            total = sum(v for k, v in r["rows"].items())
            print(
                f"\n## {n:,} cases: {r['wall_s']:.1f} s wall, peak RSS {r['peak_mb']:,.0f} MB, "
                f"{total:,} rows ({total / r['wall_s']:,.0f} rows/s); store floor {r['floor_s']:.1f} s "
                f"(generation = {r['wall_s'] / r['floor_s']:.1f} × floor)"
            )
            print("stages (s): " + ", ".join(f"{k} {v:.1f}" for k, v in r["stages"].items()))
            print("rows: " + ", ".join(f"{k} {v:,}" for k, v in sorted(r["rows"].items()) if v))
            print(
                "truth cases: "
                + ", ".join(f"{k} {v}" for k, v in r["truth_cases"].items())
                + f"; incidental {sum(r['incidental'].values())}"
            )
    print(
        "\n| cases | wall (s) | per 1k cases (s) | peak RSS (MB) | rows written | documents | floor (s) | ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        total = sum(r["rows"].values())
        print(
            f"| {r['cases']:,} | {r['wall_s']:.1f} | {1000 * r['wall_s'] / r['cases']:.2f} | {r['peak_mb']:,.0f} "
            f"| {total:,} | {r['documents']:,} | {r['floor_s']:.1f} | {r['wall_s'] / r['floor_s']:.1f} |"
        )


def _ram_gib() -> int:
    with open("/proc/meminfo") as f:
        return round(int(f.readline().split()[1]) / 1024**2)


if __name__ == "__main__":
    main()
