"""The canonical tables of a Parquet export (courtqc.export) and the operator library as
Spark temporary views, so model SQL reads the same names it reads in DuckDB.

- each exported table becomes a view of its canonical columns (the partition column
  `filing_year` is read for pruning, not shown: a model's `SELECT *` sees what DuckDB shows);
- operator views are transpiled (courtqc.spark.transpile) and created in the order of
  operators.sql; macros are expanded where they are called;
- qc_hubs (institutional litigants) is counted over the whole court as operators.install does;
- op_enforcement_root, the one recursive operator, is computed by joining chains of 执恢 cases
  until none is added (Spark 3.5 has no recursive CTE);
- the identity views every model reads (party_identity, case_roles, party_controller) are
  cached: Spark would otherwise recompute them for each model that reads them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from courtqc import operators
from courtqc.export.parquet import PARTITION_COLUMN, read_manifest
from courtqc.spark.transpile import Untranslatable, operator_objects, to_spark, view_body

CACHED_VIEWS = ("party_identity_raw", "party_identity", "case_roles", "party_controller")


_TYPES = {
    "VARCHAR": "STRING", "BIGINT": "BIGINT", "INTEGER": "INT", "SMALLINT": "SMALLINT",
    "TINYINT": "TINYINT", "DOUBLE": "DOUBLE", "FLOAT": "FLOAT", "BOOLEAN": "BOOLEAN",
    "DATE": "DATE", "TIMESTAMP": "TIMESTAMP", "VARCHAR[]": "ARRAY<STRING>",
    "INTEGER[]": "ARRAY<INT>", "BIGINT[]": "ARRAY<BIGINT>",
}  # fmt: skip


def spark_schema(columns: list[str], types: list[str], *, partitioned: bool) -> str | None:
    """A Spark DDL schema for an exported table from its DuckDB types; None where one type has
    no plain equivalent here (Spark then infers it from the files)."""
    out = []
    for c, t in zip(columns, types, strict=True):
        if t.startswith("DECIMAL"):
            out.append(f"`{c}` {t}")
        elif t in _TYPES:
            out.append(f"`{c}` {_TYPES[t]}")
        else:
            return None
    if partitioned:
        out.append(f"`{PARTITION_COLUMN}` INT")
    return ", ".join(out)


def register_tables(spark, root: str | Path) -> dict:
    """Every table of the export under `root` as a temp view; returns the manifest."""
    root = Path(root)
    manifest = read_manifest(root)
    for t in manifest["tables"]:
        path = str(root / t["table"])
        reader = spark.read.option("basePath", path)
        ddl = spark_schema(t["columns"], t["types"], partitioned=t["partitioned"])
        if ddl:  # a given schema spares Spark a job per table to infer it
            reader = reader.schema(ddl)
        df = reader.parquet(path)
        df.select(
            *[f"`{c}`" for c in t["columns"] if c != PARTITION_COLUMN]
        ).createOrReplaceTempView(t["table"])
    return manifest


def _enforcement_root(spark) -> None:
    """op_enforcement_root without recursion: (case, root 执 case) grown one 执恢 link a round."""
    from pyspark.sql import functions as F

    cases = spark.table("cases").select("case_id", "origin_case_id", "type_code")
    chain = cases.where(F.col("type_code") == "执").select(
        "case_id", F.col("case_id").alias("root")
    )
    frontier = chain.select(F.col("case_id").alias("parent_id"), "root")
    resumed = cases.where(F.col("type_code") == "执恢").select(
        F.col("case_id").alias("child_id"), "origin_case_id"
    )
    for _ in range(64):  # a chain of 64 resumptions would be a data error, not a case
        step = (
            resumed.join(frontier, F.col("origin_case_id") == F.col("parent_id"))
            .select(F.col("child_id").alias("case_id"), "root")
            .localCheckpoint()
        )
        if step.isEmpty():
            break
        chain = chain.unionByName(step)
        frontier = step.select(F.col("case_id").alias("parent_id"), "root")
    chain.groupBy("case_id").agg(F.min("root").alias("root")).cache().createOrReplaceTempView(
        "op_enforcement_root"
    )


def install_operators(spark, as_of: dt.date, hub_threshold: int | None = None) -> list[str]:
    """The operator views on `spark`; returns the names of those that could not be made."""
    missing: list[str] = []
    # qc_hubs first: party_identity reads it
    raw = to_spark(view_body("party_identity_raw"), as_of=as_of)
    spark.sql(f"CREATE OR REPLACE TEMP VIEW party_identity_raw AS {raw}")
    threshold = operators.HUB_THRESHOLD if hub_threshold is None else hub_threshold
    spark.sql(
        "SELECT r.raw_key AS identity_key, count(*) AS case_rows FROM case_parties cp "
        "JOIN party_identity_raw r ON r.party_id = cp.party_id GROUP BY r.raw_key "
        f"HAVING count(*) > {int(threshold)}"
    ).cache().createOrReplaceTempView("qc_hubs")
    for name, (kind, _stmt) in operator_objects().items():
        if kind != "VIEW" or name == "party_identity_raw":
            continue
        if name == "op_enforcement_root":
            _enforcement_root(spark)
            continue
        try:
            body = to_spark(view_body(name), as_of=as_of)
        except Untranslatable:
            missing.append(name)
            continue
        spark.sql(f"CREATE OR REPLACE TEMP VIEW {name} AS {body}")
    for name in CACHED_VIEWS:
        spark.sql(f"CACHE LAZY TABLE {name}")
    return missing
