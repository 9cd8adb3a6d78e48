"""Load CSV / Parquet / JSON files that are already in the canonical layout.

Every row is checked before it lands; a bad row goes to `quarantine` with the file, the
1-based data row, the column and the reason, and every good row is loaded. Problems with the
file as a whole (unknown table, unknown or missing required columns, unreadable file) raise
`LoadError` and load nothing from that file, because no row of it can be trusted.

Input handling (docs/INGEST.md, "Input handling"): text files are decoded by
`courtqc.textio` — a byte-order mark, else UTF-8, else GB18030, binary refused — as every
command does; a header that names a column twice is a file error; JSON deeper than
`textio.MAX_JSON_DEPTH` is a file error (a top-level array) or a row error (one JSONL line);
a nested value where a column wants one value, and a code outside its closed list
(`court_code` outside the court tree, `family`, `status`), are row errors.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from courtqc.errors import CourtqcError, InvalidInput, Where
from courtqc.governance.intake import Intake
from courtqc.schema import ALL_TABLES, create_schema, table_columns
from courtqc.textio import file_encoding, has_surrogates, loads_json, read_text
from courtqc.transaction import transaction

ROW = "__row"  # 1-based data row number carried through validation

# Domain checks on top of the SQL type checks: column -> (validator, reason when it fails).
Validator = Callable[[str], bool]
R = TypeVar("R")


def _domain_checks() -> dict[str, tuple[Validator, str]]:
    from courtqc.domain.caseno import CaseNumberError, parse_case_no
    from courtqc.domain.idnumber import validate_id_number
    from courtqc.domain.uscc import validate_uscc

    def case_no_ok(v: str) -> bool:
        try:
            parse_case_no(v)
        except CaseNumberError:
            return False
        return True

    return {
        "id_number": (
            validate_id_number,
            "身份证号码校验失败 (ID number fails its checksum or date)",
        ),
        "uscc": (validate_uscc, "统一社会信用代码校验失败 (credit code fails its checksum)"),
        "case_no": (case_no_ok, "案号无法解析 (case number cannot be parsed)"),
    }


class LoadError(InvalidInput, ValueError):
    """A file that cannot be loaded at all; the message names the file and the problem."""


# A row's problem: (column or None, reason).
Problem = tuple[str | None, str]


# Closed lists: (table, column) → allowed values (docs/SCHEMA.md); `court_code` is checked
# against the court tree separately (_court_codes).
def _closed_lists() -> dict[tuple[str, str], frozenset[str]]:
    from courtqc.law.time_limits import FAMILIES

    families = frozenset(FAMILIES)
    return {
        ("cases", "family"): families,
        ("causes", "family"): families,
        # departments also include the filing and supervision divisions
        ("departments", "family"): families | {"filing", "retrial"},
        ("cases", "status"): frozenset({"pending", "closed"}),
        ("registry_population", "status"): frozenset({"alive", "dead"}),
        ("registry_enterprises", "status"): frozenset(
            {"active", "revoked", "cancelled", "bankrupt"}
        ),
    }


def _court_code_form() -> re.Pattern[str]:
    """What a new court's code may look like in the `courts` table: 最高法, or a province
    abbreviation with 2 or 4 digits (沪, 沪01, 沪0115, 沪7101)."""
    from courtqc.domain.caseno import PROVINCE_CODES

    return re.compile(rf"(?:最高法|[{''.join(sorted(PROVINCE_CODES))}])(?:\d{{2}}|\d{{4}})?")


def _court_codes(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Courts a row may name: the built-in court tree and any court already in the store."""
    from courtqc.domain.courts import BY_CODE

    stored = {r[0] for r in con.execute("SELECT court_code FROM courts").fetchall()}
    return frozenset(BY_CODE) | stored


@dataclass
class FileResult:
    file: str
    table: str
    loaded: int = 0
    quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


@dataclass
class _Bad:
    row: int
    column: str | None
    reason: str
    raw: dict


def infer_table(path: Path) -> str:
    """`cases.csv`, `cases.part1.parquet` -> cases."""
    return path.name.split(".")[0]


def _encoding(path: Path) -> str:
    try:
        return file_encoding(path)
    except CourtqcError as e:
        raise LoadError(e.message, where=e.where) from None


def _no_duplicates(path: Path, header: list[str]) -> None:
    seen: set[str] = set()
    for h in header:
        if h in seen:
            raise LoadError(
                f"表头中列 {h!r} 出现了两次 (column {h!r} appears twice in the header)",
                where=Where(file=str(path), row=1, field=h),
            )
        seen.add(h)


def _printable(v: object) -> str:
    """A value with lone surrogates escaped, so the quarantine can keep it."""
    return json.dumps(v, ensure_ascii=True) if has_surrogates(v) else str(v)


class _Object(dict):
    """A JSON object; `duplicate` names the first key it repeats (json keeps the last one
    silently, so the hook notes it)."""

    duplicate: str | None = None


def _pairs(pairs: list[tuple[str, object]]) -> _Object:
    out = _Object()
    for k, v in pairs:
        if k in out and out.duplicate is None:
            out.duplicate = k
        out[k] = v
    return out


def _json_record(r: dict) -> tuple[dict, Problem | None]:
    """A JSON object as a row of text values, and the problem that keeps it out if any."""
    for k, v in r.items():
        if has_surrogates(v):
            row = {k: _printable(v) for k, v in r.items()}
            return row, (
                k,
                f"字段 {k} 含有孤立的代理字符，不是合法的 Unicode 文本 "
                "(a lone surrogate such as \\ud800 is not text)",
            )
    row = {
        k: (
            None
            if v is None
            else json.dumps(v, ensure_ascii=False)
            if isinstance(v, dict | list)
            else str(v)
        )
        for k, v in r.items()
    }
    dup = getattr(r, "duplicate", None)
    if dup is not None:
        return row, (
            dup,
            f"字段 {dup!r} 在记录中出现了两次 (field {dup!r} appears twice in the record)",
        )
    for k, v in r.items():
        if isinstance(v, dict | list):
            return row, (
                k,
                f"字段 {k} 是嵌套的 JSON，应为单个值 (field {k}: nested value, one value expected)",
            )
    return row, None


def _read_rows(
    path: Path, columns: list[str]
) -> tuple[list[str], Iterator[tuple[int, dict | None, Problem | None]]]:
    """Header and (row number, record or None, problem) for each data row."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        fh = path.open(newline="", encoding=_encoding(path))
        reader = csv.reader(fh)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            fh.close()
            raise LoadError(f"{path}: 空文件，没有表头 (empty file, no header row)") from None
        except (UnicodeDecodeError, csv.Error) as e:
            fh.close()
            raise LoadError(f"{path}: cannot read the header: {e}") from None
        _no_duplicates(path, header)

        def rows() -> Iterator[tuple[int, dict | None, str | None]]:
            with fh:
                n = 0
                while True:
                    try:
                        values = next(reader)
                    except StopIteration:
                        return
                    except csv.Error as e:
                        n += 1
                        yield n, None, (None, f"unreadable row: {e}")
                        continue
                    n += 1
                    if not values:
                        continue
                    if len(values) != len(header):
                        yield (
                            n,
                            {"_values": values},
                            (None, f"expected {len(header)} fields, found {len(values)}"),
                        )
                        continue
                    yield (
                        n,
                        {h: (v if v != "" else None) for h, v in zip(header, values, strict=True)},
                        None,
                    )

        return header, rows()
    if suffix in (".json", ".jsonl", ".ndjson"):
        try:
            text = read_text(path)
        except CourtqcError as e:
            raise LoadError(e.message, where=e.where) from None
        stripped = text.lstrip()
        records: list[tuple[int, object, Problem | None]] = []
        if stripped.startswith("["):
            try:
                data = loads_json(text, where=Where(file=str(path)), object_pairs_hook=_pairs)
            except json.JSONDecodeError as e:
                raise LoadError(
                    f"不是合法的 JSON (not valid JSON: {e.msg})",
                    where=Where(file=str(path), row=e.lineno),
                ) from None
            except CourtqcError as e:
                raise LoadError(e.message, where=e.where) from None
            records = [(i, r, None) for i, r in enumerate(data, 1)]
        else:
            for i, line in enumerate((ln for ln in text.splitlines() if ln.strip()), 1):
                try:
                    records.append((i, loads_json(line, object_pairs_hook=_pairs), None))
                except json.JSONDecodeError as e:
                    records.append(
                        (i, None, (None, f"not valid JSON: {e.msg} at column {e.colno}"))
                    )
                except CourtqcError as e:
                    records.append((i, None, (None, e.message)))
        header = list(dict.fromkeys(k for _, r, _ in records if isinstance(r, dict) for k in r))

        def jrows() -> Iterator[tuple[int, dict | None, Problem | None]]:
            for i, r, problem in records:
                if problem:
                    yield i, None, problem
                elif not isinstance(r, dict):
                    yield i, {"_value": r}, (None, "record is not a JSON object")
                else:
                    yield i, *_json_record(r)

        return header, jrows()
    if suffix == ".parquet":
        try:
            table = pq.read_table(path)
        except Exception:  # pyarrow raises several types for a broken file
            raise LoadError(
                f"{path}: 不是可读的 Parquet 文件 (not a readable Parquet file)"
            ) from None
        header = table.column_names
        _no_duplicates(path, header)
        pylist = table.to_pylist()

        def prows() -> Iterator[tuple[int, dict | None, Problem | None]]:
            for i, r in enumerate(pylist, 1):
                yield i, {k: (None if v is None else str(v)) for k, v in r.items()}, None

        return header, prows()
    raise LoadError(
        f"{path}: unsupported file type {suffix!r} (use .csv, .json, .jsonl or .parquet)"
    )


def load_file(
    con: duckdb.DuckDBPyConnection, path: str | Path, table: str | None = None
) -> FileResult:
    """Validate and load one file into `table` (default: inferred from the file name)."""
    path = Path(path)
    if not path.is_file():
        raise LoadError(f"{path}: no such file")
    table = table or infer_table(path)
    if table not in ALL_TABLES or table in ("quarantine",):
        raise LoadError(
            f"{path}: unknown canonical table {table!r}; name the file after a table or pass --table"
        )
    create_schema(con)
    cols = table_columns(con, table)
    col_names = [c for c, _, _ in cols]
    header, rows = _read_rows(path, col_names)
    unknown = [h for h in header if h not in col_names]
    if unknown:
        raise LoadError(
            f"{path}: unknown column(s) {unknown} for table {table}; expected some of {col_names}"
        )
    defaults = _columns_with_defaults(con, table)
    missing = [
        c for c, _, nullable in cols if not nullable and c not in header and c not in defaults
    ]
    if missing:
        raise LoadError(f"{path}: required column(s) {missing} of table {table} are missing")

    result = FileResult(file=str(path), table=table)
    bad: list[_Bad] = []
    good: dict[str, list] = {c: [] for c in [*header, ROW]}
    for n, rec, problem in rows:
        if problem or rec is None:
            column, reason = problem or (None, "unreadable row")
            bad.append(_Bad(n, column, reason, rec or {}))
            continue
        for h in header:
            good[h].append(rec.get(h))
        good[ROW].append(n)
    intake = Intake()  # canonical forms, raw values kept beside (courtqc.governance)
    intake.columns(table, good, header, good[ROW])

    staged = pa.table(
        {k: pa.array(v, type=pa.int64() if k == ROW else pa.string()) for k, v in good.items()}
    )
    bad.extend(_validate(con, staged, table, cols, header))
    bad_rows = {b.row for b in bad}

    con.register("_staged", staged)
    try:
        keep = ",".join(f'"{h}"' for h in header)
        casts = ",".join(f'TRY_CAST("{h}" AS {t})' for h, t in _types(cols, header))
        rows_sql = "SELECT * FROM _staged"
        if bad_rows:
            con.execute("CREATE OR REPLACE TEMP TABLE _bad_rows(r BIGINT)")
            con.executemany("INSERT INTO _bad_rows VALUES (?)", [(r,) for r in sorted(bad_rows)])
            rows_sql += f" WHERE {ROW} NOT IN (SELECT r FROM _bad_rows)"
        con.execute(f"INSERT INTO {table} ({keep}) SELECT {casts} FROM ({rows_sql}) ORDER BY {ROW}")
        result.loaded = staged.num_rows - len(bad_rows & set(good[ROW]))
    finally:
        con.unregister("_staged")
    intake.drop_rows(bad_rows)
    intake.flush(con, path.name)

    if bad:
        by_row: dict[int, list[_Bad]] = {}
        for b in bad:
            by_row.setdefault(b.row, []).append(b)
        raw_by_row = {n: r for n, r in zip(good[ROW], _records(good, header), strict=True)}
        q = []
        for row, problems in sorted(by_row.items()):
            for b in problems:
                raw = b.raw or raw_by_row.get(row, {})
                q.append(
                    (str(path), row, table, b.column, b.reason, json.dumps(raw, ensure_ascii=False))
                )
                result.reasons[b.reason] = result.reasons.get(b.reason, 0) + 1
        con.executemany(
            "INSERT INTO quarantine (source_file, row_number, table_name, column_name, reason, raw) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            q,
        )
        result.quarantined = len(by_row)
    return result


def _records(good: dict[str, list], header: list[str]) -> Iterator[dict]:
    for i in range(len(good[ROW])):
        yield {h: good[h][i] for h in header}


def _types(cols: list[tuple[str, str, bool]], header: list[str]) -> list[tuple[str, str]]:
    t = {c: ty for c, ty, _ in cols}
    return [(h, t[h]) for h in header]


def _columns_with_defaults(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? AND column_default IS NOT NULL",
        [table],
    ).fetchall()
    return {r[0] for r in rows}


def _primary_key(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT constraint_column_names FROM duckdb_constraints() "
        "WHERE table_name = ? AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')",
        [table],
    ).fetchall()
    return [list(r[0]) for r in rows]  # type: ignore[return-value]


def _validate(
    con: duckdb.DuckDBPyConnection,
    staged: pa.Table,
    table: str,
    cols: list[tuple[str, str, bool]],
    header: list[str],
) -> list[_Bad]:
    """Row-level problems: types, required values, domain checks, duplicate keys."""
    bad: list[_Bad] = []
    con.register("_v", staged)
    try:
        for name, ty, nullable in cols:
            if name not in header:
                continue
            if not nullable:
                for (r,) in con.execute(f'SELECT {ROW} FROM _v WHERE "{name}" IS NULL').fetchall():
                    bad.append(_Bad(r, name, f"{name} 必填但为空 (required value missing)", {}))
            if ty != "VARCHAR":
                q = (
                    f'SELECT {ROW}, "{name}" FROM _v WHERE "{name}" IS NOT NULL '
                    f'AND TRY_CAST("{name}" AS {ty}) IS NULL'
                )
                for r, v in con.execute(q).fetchall():
                    bad.append(
                        _Bad(r, name, f"{name}={v!r} 不是有效的 {ty} (not a valid {ty})", {})
                    )
        checks = _domain_checks()
        for name in header:
            if name in checks:
                ok, reason = checks[name]
                for r, v in con.execute(
                    f'SELECT {ROW}, "{name}" FROM _v WHERE "{name}" IS NOT NULL'
                ).fetchall():
                    if not ok(v):
                        bad.append(_Bad(r, name, f"{name}={v!r}: {reason}", {}))
        bad.extend(_closed_list_problems(con, table, header))
        for key in _primary_key(con, table):
            if not all(k in header for k in key):
                continue
            kc = ",".join(f'"{k}"' for k in key)
            # duplicates inside the file: the first occurrence is kept, later ones quarantined
            q = (
                f"SELECT {ROW} FROM (SELECT {ROW}, row_number() OVER (PARTITION BY {kc} ORDER BY {ROW}) AS k "
                f"FROM _v WHERE {' AND '.join(f'{chr(34)}{k}{chr(34)} IS NOT NULL' for k in key)}) WHERE k > 1"
            )
            for (r,) in con.execute(q).fetchall():
                bad.append(
                    _Bad(r, ",".join(key), f"重复的键 {key} (duplicate key within the file)", {})
                )
            types = dict((c, t) for c, t, _ in cols)
            join = " AND ".join(f'TRY_CAST(v."{k}" AS {types[k]}) = t."{k}"' for k in key)
            q = f"SELECT v.{ROW} FROM _v v JOIN {table} t ON {join}"
            for (r,) in con.execute(q).fetchall():
                bad.append(
                    _Bad(r, ",".join(key), f"键 {key} 已存在 (key already in the store)", {})
                )
    finally:
        con.unregister("_v")
    return bad


def _closed_list_problems(
    con: duckdb.DuckDBPyConnection, table: str, header: list[str]
) -> list[_Bad]:
    """Rows whose `court_code`, `family` or `status` is outside its closed list (on `_v`)."""
    bad: list[_Bad] = []
    lists = _closed_lists()
    for name in header:
        if name == "court_code" and table == "courts":
            form = _court_code_form()
            ok = form.fullmatch
            reason = "不是法院代字 (not a court code such as 沪0115)"
        elif name == "court_code":
            courts = _court_codes(con)
            ok = courts.__contains__
            reason = "不在法院树中，请先导入 courts (not a court of the tree; load courts first)"
        elif (table, name) in lists:
            allowed = lists[table, name]
            ok = allowed.__contains__
            reason = f"不是已知取值 (not one of {', '.join(sorted(allowed))})"
        else:
            continue
        q = f'SELECT {ROW}, "{name}" FROM _v WHERE "{name}" IS NOT NULL'
        for r, v in con.execute(q).fetchall():
            if not ok(v):
                bad.append(_Bad(r, name, f"{name}={v!r} {reason}", {}))
    return bad


def each_file(
    db: str | Path,
    paths: list[Path],
    prepare: Callable[[duckdb.DuckDBPyConnection], object],
    one: Callable[[duckdb.DuckDBPyConnection, Path], R],
) -> tuple[list[R], list[str]]:
    """Open the store, `prepare` it (create the schema), then run `one` on each file in its own
    transaction: a file that cannot be read or loaded is an error message in the list, and the
    files after it still go in. Loading and mapped import share this loop."""
    con = duckdb.connect(str(db))
    results: list[R] = []
    errors: list[str] = []
    try:
        prepare(con)
        for p in paths:
            try:
                with transaction(con):  # one file, all or nothing
                    results.append(one(con, p))
            except LoadError as e:
                errors.append(str(e))
            except OSError as e:  # unreadable: permissions, a device, a vanished file
                errors.append(f"{p}: 无法读取文件 (cannot read the file: {e.strerror or e})")
    finally:
        con.close()
    return results, errors


def load_files(
    db: str | Path, paths: list[Path], table: str | None = None
) -> tuple[list[FileResult], list[str]]:
    """Load several files; file-level errors are collected, other files still load."""
    return each_file(db, paths, create_schema, lambda con, p: load_file(con, p, table))
