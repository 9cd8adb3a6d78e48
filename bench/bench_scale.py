"""Scale: export time and size, and a review of the model library on Spark against DuckDB.

    python bench/bench_scale.py --db court.duckdb [--spark] [--models a,b]

Prints JSON: export seconds and bytes per table; with --spark, per-model seconds on DuckDB and
on Spark local[2] (setup — registering the export and the operator views — reported apart).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from courtqc.engine import open_store
from courtqc.engine import review as duck_review
from courtqc.export import export_parquet


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--spark", action="store_true")
    ap.add_argument("--models", default="")
    a = ap.parse_args()
    out: dict = {"db": a.db}
    with tempfile.TemporaryDirectory() as d:
        pq = Path(d) / "pq"
        res = export_parquet(a.db, pq)
        con = open_store(a.db, read_only=True)
        out["cases"] = con.execute("SELECT count(*) FROM cases").fetchone()[0]
        out["duckdb_file_bytes"] = Path(a.db).stat().st_size
        out["export_s"], out["export_bytes"] = res.seconds, res.bytes
        if a.spark:
            from courtqc.spark import review as spark_review
            from courtqc.spark.session import spark_session

            ids = [m for m in a.models.split(",") if m] or None
            t = time.perf_counter()
            dk = duck_review.review(con, model_ids=ids, save=False)
            out["duckdb_review_s"] = round(time.perf_counter() - t, 2)
            spark = spark_session("local[2]")
            t = time.perf_counter()
            sp = spark_review.review(spark, pq, model_ids=[r.model_id for r in dk.runs])
            out["spark_review_s"] = round(time.perf_counter() - t, 2)
            out["spark_setup_s"] = sp.setup_s
            out["spark_alerts"] = len(sp.alerts)
            out["duckdb_alerts"] = len(dk.alerts)
        con.close()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
