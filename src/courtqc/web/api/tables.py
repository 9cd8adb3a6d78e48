"""Case tables behind a number (drill-downs, reversals): sorted, filtered and paged on the
server, and exported whole as CSV or XLSX — so no table stops silently at a cap and what a
user downloads is what the filter shows, not the page."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
from fastapi.responses import Response

from courtqc.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Column:
    """One exported column: the row key and its Chinese header."""

    key: str
    zh: str


def judge_names(con: duckdb.DuckDBPyConnection) -> dict[int, tuple[str, int | None, str | None]]:
    """judge_id → (name, dept_id, department name): the columns a case table adds to a row."""
    return {
        int(jid): (name, dept, dname)
        for jid, name, dept, dname in con.execute(
            """SELECT j.judge_id, j.name, j.dept_id, d.name
               FROM judges j LEFT JOIN departments d ON d.dept_id = j.dept_id"""
        ).fetchall()
    }


def days_pending(filing: dt.date | None, closing: dt.date | None, as_of: dt.date) -> int | None:
    """Days from filing to closing, or to `as_of` for a case still pending (its age)."""
    if filing is None:
        return None
    end = closing if closing is not None and closing <= as_of else as_of
    return (end - filing).days


def filter_sort_page(
    items: list[dict[str, Any]],
    *,
    filters: dict[str, Callable[[dict[str, Any]], bool]],
    sort: str | None,
    order: str,
    page: int,
    size: int,
    sortable: Sequence[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(every row that passes the filters, sorted; the page asked for). None sorts last."""
    rows_ = [r for r in items if all(f(r) for f in filters.values())]
    if sort:
        if sort not in sortable:
            raise InvalidInput(
                f"不能按 {sort!r} 排序 (cannot sort by it); 可用: {', '.join(sortable)}"
            )
        present = [r for r in rows_ if r.get(sort) is not None]
        absent = [r for r in rows_ if r.get(sort) is None]
        present.sort(key=lambda r: r[sort], reverse=order == "desc")
        rows_ = present + absent
    start = (page - 1) * size
    return rows_, rows_[start : start + size]


def _cell(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, dt.date):
        return v.isoformat()
    return "" if v is None else v


def export(rows_: list[dict[str, Any]], columns: Sequence[Column], fmt: str, name: str) -> Response:
    """The rows as a CSV (UTF-8 with BOM, so Excel reads the Chinese) or an XLSX download."""
    header = [c.zh for c in columns]
    body = [[_cell(r.get(c.key)) for c in columns] for r in rows_]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(header)
        w.writerows(body)
        data = ("\ufeff" + buf.getvalue()).encode("utf-8")
        media = "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet(name[:31])
        ws.append(header)
        for line in body:
            ws.append(line)
        out = io.BytesIO()
        wb.save(out)
        data = out.getvalue()
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise InvalidInput(f"不支持的导出格式 {fmt!r} (format must be csv or xlsx)")
    ascii_name = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in name) or "export"
    return Response(
        data,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="{ascii_name}.{fmt}"',
        },
    )
