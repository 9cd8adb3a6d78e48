"""Import CSV / Parquet / JSON files in a CMS's own layout through its mapping.

A file is named after its CMS table (tb_ajxx.csv, tb_dsr.part2.parquet) or given one with
--table. Every row goes through the mapping (codes, dates, case numbers), then the checks of
`courtqc load` that a mapped value can still fail: ID-number and credit-code checksums. A bad
row is quarantined with the file, its 1-based data row, the source column and the reason; every
good row is applied — as an upsert, so re-importing a newer extract updates the store. Problems
with a file as a whole (unknown table, a column the mapping needs is missing) load nothing from
that file and are reported as LoadError.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from courtqc.ingest.apply import Applier, Change, Rejected
from courtqc.ingest.load import LoadError, _domain_checks, _read_rows, each_file, infer_table
from courtqc.ingest.mapping import Mapper

# canonical columns whose values get the domain checks of `courtqc load`
_CHECKED = ("id_number", "uscc", "case_no")


@dataclass
class MappedFileResult:
    file: str
    table: str  # source table
    rows: int = 0
    loaded: int = 0
    quarantined: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    written: dict[str, int] = field(default_factory=dict)  # canonical table → rows written
    reasons: dict[str, int] = field(default_factory=dict)


def import_file(
    con: duckdb.DuckDBPyConnection, mapper: Mapper, path: str | Path, table: str | None = None
) -> MappedFileResult:
    """Validate, map and apply one file (in the caller's transaction)."""
    path = Path(path)
    if not path.is_file():
        raise LoadError(f"{path}: no such file")
    table = table or infer_table(path)
    if table not in mapper.targets:
        raise LoadError(
            f"{path}: 映射 {mapper.name} 中没有源表 {table!r} (no such source table in the mapping); "
            f"可用: {', '.join(mapper.source_tables())}"
        )
    needed = mapper.source_columns(table)
    header, rows = _read_rows(path, sorted(needed))
    missing = sorted(needed - set(header))
    if missing:
        raise LoadError(
            f"{path}: 缺少映射所需的列 {missing} (columns the mapping reads are missing) for {table}"
        )
    res = MappedFileResult(str(path), table, ignored_columns=[h for h in header if h not in needed])
    source = str(path)
    changes: list[Change] = []
    bad: list[Rejected] = []
    for n, rec, problem in rows:
        res.rows += 1
        if problem or rec is None:
            column, reason = problem or (None, "unreadable row")
            bad.append(Rejected(source, n, table, column, reason, rec or {}))
            continue
        changes.append(Change(table, "U", rec, position=n))
    changes = _domain_check(mapper, table, changes, bad, source)
    applier = Applier(con, mapper)
    out = applier.apply(changes, source=source, quarantine=False)
    bad.extend(out.rejected)
    applier.quarantine(bad)
    res.quarantined = len({b.position for b in bad})
    res.loaded = len(changes) - len({r.position for r in out.rejected})
    res.written = dict(out.upserted)
    for b in bad:
        key = b.reason if len(b.reason) < 80 else b.reason[:77] + "..."
        res.reasons[key] = res.reasons.get(key, 0) + 1
    return res


def _domain_check(
    mapper: Mapper, table: str, changes: list[Change], bad: list[Rejected], source: str
) -> list[Change]:
    """Map each row once to see its canonical values; quarantine checksum failures and rows
    whose key repeats an earlier row of the file."""
    from courtqc.ingest.mapping import MapValueError

    checks = _domain_checks()
    seen: set[tuple] = set()
    good = []
    for ch in changes:
        try:
            mapped = mapper.map_row(table, ch.row or {})
        except MapValueError:
            good.append(ch)  # the applier quarantines it with its reason
            continue
        problem = None
        for tgt, key, values in mapped:
            if (tgt.table, key) in seen:
                problem = (None, f"重复的键 {tgt.key}={list(key)} (duplicate key within the file)")
                break
            for col, v in zip(tgt.columns, values, strict=True):
                if col in _CHECKED and v is not None:
                    ok, reason = checks[col]
                    if not ok(str(v)):
                        src = next(g.source for g in tgt.getters if g.name == col)
                        problem = (src, f"{src}={v!r}: {reason}")
                        break
            if problem:
                break
        if problem:
            bad.append(Rejected(source, ch.position, table, problem[0], problem[1], ch.row or {}))
            continue
        seen.update((tgt.table, key) for tgt, key, _ in mapped)
        good.append(ch)
    return good


def import_files(
    db: str | Path, mapper: Mapper, paths: list[Path], table: str | None = None
) -> tuple[list[MappedFileResult], list[str]]:
    """Import several files, each in its own transaction; file-level errors are collected."""
    return each_file(
        db,
        paths,
        lambda con: Applier(con, mapper),
        lambda con, p: import_file(con, mapper, p, table),
    )
