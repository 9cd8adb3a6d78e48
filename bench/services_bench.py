"""Measure the services on a synthetic court: a push run of every built-in push model (rows,
seconds, to a file drop) and query latency of both query ports at a target rate.

    python bench/services_bench.py --db court.duckdb [--rate 50] [--seconds 20]

The store is copied first (the run writes batches). Prints one JSON object."""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from courtqc.engine import open_store
from courtqc.services import agency, push, pushmodel, store


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--rate", type=float, default=50)
    ap.add_argument("--seconds", type=float, default=20)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    db = tmp / "court.duckdb"
    shutil.copy(a.db, db)
    con = open_store(db)
    store.ensure(con)
    for b in {m.spec.body for m in pushmodel.builtin()}:
        push.set_receiver(con, b, "file", str(tmp / "drop" / b))
    t0 = time.perf_counter()
    res = push.run(con)
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
        "SELECT p.name, p.id_number FROM parties p WHERE p.kind = 'natural' AND length(p.id_number) = 18 USING SAMPLE 200 ROWS"
    ).fetchall()
    firms = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT uscc FROM parties WHERE uscc IS NOT NULL USING SAMPLE 200 ROWS"
        ).fetchall()
    ]
    con.close()
    from courtqc.web.app import create_app

    app = create_app(db)
    client = TestClient(app)
    lat: dict[str, list[float]] = {"minors_bar": [], "enterprise": []}
    n = int(a.rate * a.seconds)
    interval = 1.0 / a.rate
    start = time.perf_counter()
    for i in range(n):
        target = start + i * interval
        d = target - time.perf_counter()
        if d > 0:
            time.sleep(d)
        if i % 2 == 0:
            name, idn = people[i % len(people)]
            t = time.perf_counter()
            r = client.post(
                "/api/services/query/minors-bar",
                headers={"X-API-Key": edu},
                json={"name": name, "id_number": idn, "purpose": "基准测试"},
            )
            lat["minors_bar"].append(time.perf_counter() - t)
        else:
            t = time.perf_counter()
            r = client.post(
                "/api/services/query/enterprise",
                headers={"X-API-Key": bank},
                json={"uscc": firms[i % len(firms)], "purpose": "基准测试"},
            )
            lat["enterprise"].append(time.perf_counter() - t)
        assert r.status_code in (200, 404, 422), r.text
    achieved = n / (time.perf_counter() - start)

    def pct(xs: list[float], q: float) -> float:
        return round(statistics.quantiles(xs, n=100)[int(q) - 1] * 1000, 1)

    print(
        json.dumps(
            {
                "push_models": len(res),
                "push_rows": sum(r.new_rows for r in res),
                "push_batches": sum(1 for r in res if r.batch_id),
                "push_run_s": round(push_s, 2),
                "select_s": round(sum(r.select_s for r in res), 2),
                "query_rate_target": a.rate,
                "query_rate_achieved": round(achieved, 1),
                **{f"{k}_p50_ms": pct(v, 50) for k, v in lat.items()},
                **{f"{k}_p99_ms": pct(v, 99) for k, v in lat.items()},
                "queries": n,
            },
            ensure_ascii=False,
        )
    )
    app.state.store.close()


if __name__ == "__main__":
    main()
