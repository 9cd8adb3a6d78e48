"""A SparkSession for courtqc: local[N] on one machine, or a cluster's master URL.

Settings that make Spark answer as DuckDB does: UTC session time zone (stored instants are
naive UTC, courtqc.clock), non-ANSI arithmetic (a division by zero is NULL, as in DuckDB's
`/` on a zero denominator guarded by the models), and few shuffle partitions on a small
machine (the default 200 costs more in task start-up than a 20k court's whole review).
"""

from __future__ import annotations

import shutil

from courtqc.config import settings
from courtqc.errors import Unavailable


def java_available() -> bool:
    return shutil.which("java") is not None  # PySpark starts `java` from PATH here


def spark_session(
    master: str = "local[2]", *, app: str = "courtqc", shuffle_partitions: int | None = None
):
    """Get (or create) the SparkSession. Unavailable, with what to install, where pyspark or
    Java is missing."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise Unavailable(
            "未安装 pyspark (pyspark is not installed): pip install pyspark"
        ) from None
    if not java_available():
        raise Unavailable("找不到 Java (no Java runtime): apt-get install openjdk-17-jre-headless")
    local = master.startswith("local")
    parts = shuffle_partitions or (4 if local else 200)
    builder = (
        SparkSession.builder.master(master)
        .appName(app)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(parts))
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.parquet.datetimeRebaseModeInRead", "CORRECTED")
        .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
    )
    if local:
        builder = builder.config("spark.driver.memory", settings().spark_memory)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
