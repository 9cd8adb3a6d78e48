"""Export of the canonical store to open formats that other engines read (Apache Spark first).

`courtqc.export.parquet.export_parquet` writes the store as Hive-partitioned Parquet: one
folder per table, case tables split by the filing year of their case. docs/SCALE.md says why
this layout and not Delta or Iceberg.
"""

from courtqc.export.parquet import ExportResult, export_parquet, read_manifest

__all__ = ["ExportResult", "export_parquet", "read_manifest"]
