"""Compute indicators for a slice, break them down, follow them over months, drill to cases.

Every case-counted measure of the catalogue becomes one `count(*) FILTER (WHERE ...)` or
`sum(expr) FILTER (WHERE ...)` column of a single SELECT over `ind_case_facts`, so a whole
catalogue for a slice is one scan; identical aggregates and the period sets are computed once
per row, and cases not active in the period are skipped first (sql.implies_activity). Judge
head counts and resident population come from their own small tables. Counts and sums are
additive over courts, so a court-by-court breakdown is one grouped scan rolled up the tree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

import duckdb

from courtqc.clock import court_today
from courtqc.domain.population import DISTRICT_RESIDENTS
from courtqc.domain.population import SOURCE as CENSUS_SOURCE
from courtqc.errors import NotFound
from courtqc.indicators import facts as F
from courtqc.indicators.catalogue import Compiled, default
from courtqc.indicators.labels import (
    CLOSING_ZH,
    FAMILY_ZH,
    PROCEDURE_ZH,
    REASON_ZH,
    REVIEW_ZH,
    TRIAL_PROCEDURE_ZH,
)
from courtqc.indicators.models import (
    SCALE,
    BreakdownRow,
    DrillRow,
    IndicatorValue,
    Slice,
)
from courtqc.indicators.periods import Period, months_back, parse_period
from courtqc.indicators.sql import DRILL_EXTRAS, SET_COLUMNS, used_params

DIMENSIONS: dict[str, str] = {
    # breakdown key -> fact column; "court" rolls each court's subtree up, "court_own" does not
    "court": "court_code",
    "court_own": "court_code",
    "judge": "judge_id",
    "dept": "dept_id",
    "family": "family",
    "procedure": "procedure",
    "type_code": "type_code",
    "cause": "cause_name",
    "court_level": "court_level",
}


class UnknownIndicator(NotFound):
    """An indicator id the catalogue does not have."""


# ---------------------------------------------------------------- slices


def slice_sql(sl: Slice) -> tuple[str, dict]:
    conds, params = [], {}
    if sl.court:
        params["s_court"] = sl.court
        conds.append(
            f"court_code IN (SELECT court_code FROM {F.TREE} WHERE ancestor = $s_court)"
            if sl.subtree
            else "court_code = $s_court"
        )
    for field, col in (
        ("court_level", "court_level"),
        ("dept_id", "dept_id"),
        ("judge_id", "judge_id"),
        ("family", "family"),
        ("procedure", "procedure"),
        ("type_code", "type_code"),
    ):
        v = getattr(sl, field)
        if v is not None:
            params[f"s_{field}"] = v
            conds.append(f"{col} = $s_{field}")
    if sl.cause:
        params["s_cause"] = sl.cause
        conds.append("(cause_code = $s_cause OR cause_name = $s_cause)")
    return (" AND ".join(conds) or "TRUE"), params


def check_slice(con: duckdb.DuckDBPyConnection, sl: Slice) -> None:
    """Refuse a slice naming a court the store does not know (it would silently give zeros)."""
    if sl.court and sl.court not in _courts(con):
        raise ValueError(f"未知法院代字 (unknown court code): {sl.court!r}（courts 表中没有）")


def _courts(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str, str | None, str | None]]:
    """court_code -> (name, level, parent, district)."""
    return {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT court_code, name, level, parent_code, district FROM courts"
        ).fetchall()
    }


def _court_set(con: duckdb.DuckDBPyConnection, sl: Slice) -> set[str] | None:
    """Courts a slice covers (None = all)."""
    if not sl.court and not sl.court_level:
        return None
    if sl.court:
        if sl.subtree:
            codes = {
                r[0]
                for r in con.execute(
                    f"SELECT court_code FROM {F.TREE} WHERE ancestor = ?", [sl.court]
                ).fetchall()
            }
        else:
            codes = {sl.court}
    else:
        codes = set(_courts(con))
    if sl.court_level:
        lv = {c for c, (_, level, _, _) in _courts(con).items() if level == sl.court_level}
        codes &= lv
    return codes


# ---------------------------------------------------------------- non-case denominators


def _judges(con: duckdb.DuckDBPyConnection, sl: Slice, by: str | None = None) -> list[tuple]:
    """(key, judge_id, name, court_code, dept name) of 员额法官 (title judge, active) in the slice."""
    conds, params = ["j.title = 'judge'", "j.active"], {}
    if sl.court:
        params["s_court"] = sl.court
        conds.append(
            f"j.court_code IN (SELECT court_code FROM {F.TREE} WHERE ancestor = $s_court)"
            if sl.subtree
            else "j.court_code = $s_court"
        )
    if sl.court_level:
        params["s_level"] = sl.court_level
        conds.append("co.level = $s_level")
    if sl.dept_id is not None:
        params["s_dept"] = sl.dept_id
        conds.append("j.dept_id = $s_dept")
    if sl.judge_id is not None:
        params["s_judge"] = sl.judge_id
        conds.append("j.judge_id = $s_judge")
    if sl.family:
        params["s_family"] = sl.family
        conds.append("d.family = $s_family")
    key = {
        None: "NULL",
        "court": "j.court_code",
        "court_own": "j.court_code",
        "judge": "j.judge_id",
        "dept": "j.dept_id",
        "family": "d.family",
        "court_level": "co.level",
    }.get(by, "NULL")  # procedure / type / cause: judges are not divided that way
    sql = f"""SELECT {key}, j.judge_id, j.name, j.court_code, d.name
        FROM judges j LEFT JOIN departments d ON d.dept_id = j.dept_id
        LEFT JOIN courts co ON co.court_code = j.court_code
        WHERE {" AND ".join(conds)} ORDER BY j.court_code, j.judge_id"""
    return con.execute(sql, params).fetchall()


def population_rows(
    con: duckdb.DuckDBPyConnection, sl: Slice, year: int
) -> list[tuple[str, str, int, int, str]]:
    """(court_code, district, residents, year, source) for the districts the slice serves.

    Uses district_population (the figure of the latest year not after the period, else the
    earliest); where the store has none, the census figures packaged in
    courtqc.domain.population for the districts named in `courts`."""
    rows = con.execute(
        """SELECT court_code, district, resident_population, year, source FROM (
             SELECT *, row_number() OVER (PARTITION BY district
                 ORDER BY (year <= $y) DESC, CASE WHEN year <= $y THEN -year ELSE year END) AS rn
             FROM district_population) WHERE rn = 1""",
        {"y": year},
    ).fetchall()
    if not rows:
        from courtqc.domain.population import CENSUS_YEAR

        rows = [
            (code, district, DISTRICT_RESIDENTS[district], CENSUS_YEAR, CENSUS_SOURCE)
            for code, (_, _, _, district) in _courts(con).items()
            if district in DISTRICT_RESIDENTS
        ]
    codes = _court_set(con, sl)
    return sorted(r for r in rows if codes is None or r[0] in codes)


# ---------------------------------------------------------------- the aggregate SELECT


class _Plan:
    """Aggregate columns for a set of indicators, identical aggregates shared."""

    def __init__(self, comps: list[Compiled]):
        self.comps = comps
        self.columns: list[str] = []
        self.alias: dict[tuple[str, str], str] = {}
        self.needs_judges = False
        self.needs_population = False
        self.active = True  # every case measure provably about cases active in the period
        seen: dict[str, str] = {}
        for c in comps:
            for part, m in c.ind.measures():
                if m.agg == "judges":
                    self.needs_judges = True
                    continue
                if m.agg == "population":
                    self.needs_population = True
                    continue
                pred, expr = c.preds[part], c.exprs[part]
                self.active = self.active and c.active[part]
                if m.agg == "count":
                    sql = f"count(*) FILTER (WHERE {pred})" if pred else "count(*)"
                else:
                    sql = f"coalesce(sum(CAST({expr} AS DOUBLE)){f' FILTER (WHERE {pred})' if pred else ''}, 0)"
                if sql not in seen:
                    seen[sql] = f"a{len(self.columns)}"
                    self.columns.append(f"{sql} AS {seen[sql]}")
                self.alias[(c.ind.id, part)] = seen[sql]

    def select(self, where: str, key: str | None = None, *, live: bool = False) -> str:
        cols = ",\n  ".join(self.columns) or "count(*) AS a_unused"
        src = source(where, active=self.active, live=live)
        if key:
            return f"SELECT {key} AS k,\n  {cols}\nFROM {src} GROUP BY 1"
        return f"SELECT {cols}\nFROM {src}"


def source(where: str, *, active: bool = False, live: bool = False) -> str:
    """The slice's cases with the period sets as columns.

    active: every measure can only count cases active in the period (catalogue.Compiled.active),
    so the others are skipped before aggregating — most of a long history for a month. live
    reads the fact view over the canonical tables instead of its materialisation, and skips
    nothing: the reference path the fast one is tested against."""
    sets = ", ".join(f"{sql} AS {col}" for col, sql in SET_COLUMNS.items())
    table = f"{F.FACTS}_live" if live else F.FACTS
    if active and not live:
        where += " AND filing_date < $end AND (closing_date IS NULL OR last_activity >= $start)"
    return f"(SELECT *, {sets} FROM {table} WHERE {where}) AS f"


def _select(comps_all: dict[str, Compiled], ids: Iterable[str] | None) -> list[Compiled]:
    if ids is None:
        return list(comps_all.values())
    out = []
    for i in ids:
        if i not in comps_all:
            raise UnknownIndicator(f"未知指标 (unknown indicator) {i!r}")
        out.append(comps_all[i])
    return out


def _value(c: Compiled, n: float, d: float | None) -> tuple[float | None, str | None]:
    ind = c.ind
    if d is None:  # a total (count or amount)
        return n, None
    if not d:
        return None, "分母为 0 (denominator is zero)"
    r = n / d
    if ind.complement:
        r = 1.0 - r
    return SCALE.get(ind.unit, 1.0) * r, None


def _make_values(
    plan: _Plan, sl: Slice, period: Period, agg: dict[str, float], judges: float, population: float
) -> list[IndicatorValue]:
    out = []
    for c in plan.comps:
        ind = c.ind
        sides: dict[str, float] = {}
        for part, m in ind.measures():
            if m.agg == "judges":
                sides[part] = judges
            elif m.agg == "population":
                sides[part] = population
            else:
                sides[part] = float(agg.get(plan.alias[(ind.id, part)]) or 0)
        n, d = sides["numerator"], sides.get("denominator")
        v, note = _value(c, n, d)
        out.append(
            IndicatorValue(
                id=ind.id,
                name_zh=ind.name_zh,
                name_en=ind.name_en,
                group=ind.group,
                unit=ind.unit,
                direction=ind.direction,
                value=v,
                numerator=n,
                denominator=d,
                period=period.label,
                start=period.start,
                end=period.end,
                as_of=period.as_of,
                slice=sl,
                note=note,
            )
        )
    return out


def _run(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> duckdb.DuckDBPyRelation:
    return con.execute(sql, used_params(sql, params))


def resolve_period(con: duckdb.DuckDBPyConnection, text: str) -> Period:
    """Parse a period and end it at the data's last day when it runs past it, so that
    "pending at the end" and ages are measured to date, not on a day the data has not reached."""
    p = parse_period(text)
    last = F.data_as_of(con)
    if last is not None and p.start <= last < p.as_of:
        return Period(p.label, p.start, last + timedelta(days=1))
    return p


def _default_period(con: duckdb.DuckDBPyConnection) -> str:
    y = con.execute(f"SELECT max(year(filing_date)) FROM {F.FACTS}").fetchone()[0]
    return str(y or court_today().year)


# ---------------------------------------------------------------- public API


def compute(
    con: duckdb.DuckDBPyConnection,
    sl: Slice,
    ids: Iterable[str] | None = None,
    *,
    catalogue: dict[str, Compiled] | None = None,
    live: bool = False,
) -> list[IndicatorValue]:
    """The indicators (all, or `ids`) for one slice. live=True computes from the live tables
    (the fact view, not its materialised table): always current, much slower."""
    F.ensure(con, check=False)
    check_slice(con, sl)
    period = resolve_period(con, sl.period)
    plan = _Plan(_select(catalogue or default(), ids))
    where, sparams = slice_sql(sl)
    params = {**period.params(), **sparams}
    cur = _run(con, plan.select(where, live=live), params)
    names = [d[0] for d in cur.description]
    row = cur.fetchone()
    agg = dict(zip(names, row, strict=True))
    judges = float(len(_judges(con, sl))) if plan.needs_judges else 0.0
    pop = (
        float(sum(r[2] for r in population_rows(con, sl, period.start.year)))
        if plan.needs_population
        else 0.0
    )
    return _make_values(plan, sl, period, agg, judges, pop)


def breakdown(
    con: duckdb.DuckDBPyConnection,
    sl: Slice,
    by: str,
    ids: Iterable[str] | None = None,
    *,
    keys: Iterable[str] | None = None,
    catalogue: dict[str, Compiled] | None = None,
) -> list[BreakdownRow]:
    """The indicators for each value of a dimension within the slice (one grouped scan).

    by="court" gives each court with every court below it (rolled up the tree); "court_own"
    each court's own cases; also judge, dept, family, procedure, type_code, cause, court_level.
    """
    if by not in DIMENSIONS:
        raise ValueError(
            f"未知的分组维度 (unknown dimension) {by!r}; 可用: {', '.join(DIMENSIONS)}"
        )
    F.ensure(con, check=False)
    check_slice(con, sl)
    period = resolve_period(con, sl.period)
    plan = _Plan(_select(catalogue or default(), ids))
    where, sparams = slice_sql(sl)
    params = {**period.params(), **sparams}
    cur = _run(con, plan.select(where, key=DIMENSIONS[by]), params)
    names = [d[0] for d in cur.description][1:]
    per_key: dict[object, dict[str, float]] = {
        r[0]: dict(zip(names, (float(x or 0) for x in r[1:]), strict=True)) for r in cur.fetchall()
    }
    judges_by: dict[object, float] = defaultdict(float)
    total_judges = 0.0
    if plan.needs_judges:
        for k, *_ in _judges(con, sl, by):
            judges_by[k] += 1
            total_judges += 1
    pop_by: dict[object, float] = defaultdict(float)
    total_pop = 0.0
    if plan.needs_population:
        for code, _, n, _, _ in population_rows(con, sl, period.start.year):
            pop_by[code] += n
            total_pop += n

    courts = _courts(con)
    if by == "court":
        # roll every court's subtree up: counts and sums are additive across courts
        tree = defaultdict(list)
        for anc, code in con.execute(f"SELECT ancestor, court_code FROM {F.TREE}").fetchall():
            tree[anc].append(code)
        scope = _court_set(con, sl)
        wanted = (
            list(keys) if keys is not None else [c for c in courts if scope is None or c in scope]
        )
        rolled: dict[object, dict[str, float]] = {}
        rj: dict[object, float] = {}
        rp: dict[object, float] = {}
        for anc in wanted:
            acc: dict[str, float] = defaultdict(float)
            for code in tree.get(anc, [anc]):
                for a, v in per_key.get(code, {}).items():
                    acc[a] += v
            rolled[anc] = acc
            rj[anc] = sum(judges_by.get(code, 0) for code in tree.get(anc, [anc]))
            rp[anc] = sum(pop_by.get(code, 0) for code in tree.get(anc, [anc]))
        per_key, judges_by, pop_by = rolled, rj, rp
    elif keys is not None:
        ks = list(keys)
        per_key = {k: per_key.get(k, {}) for k in ks}

    # judges divide by court, department and department family; population only by court
    split_judges = by in ("court", "court_own", "judge", "dept", "family", "court_level")
    split_pop = by in ("court", "court_own")

    labels = _labels(con, by, courts)
    out = []
    for k in sorted(per_key, key=lambda x: (x is None, str(x))):
        sub = sl.model_copy(update=_slice_update(by, k))
        out.append(
            BreakdownRow(
                key=str(k),
                label=labels.get(k, str(k)),
                values=_make_values(
                    plan,
                    sub,
                    period,
                    per_key[k],
                    judges_by.get(k, 0.0) if split_judges else total_judges,
                    pop_by.get(k, 0.0) if split_pop else total_pop,
                ),
            )
        )
    return out


def _slice_update(by: str, k: object) -> dict:
    return {
        "court": {"court": k, "subtree": True},
        "court_own": {"court": k, "subtree": False},
        "judge": {"judge_id": k},
        "dept": {"dept_id": k},
        "family": {"family": k},
        "procedure": {"procedure": k},
        "type_code": {"type_code": k},
        "cause": {"cause": k},
        "court_level": {"court_level": k},
    }[by]


def _labels(con: duckdb.DuckDBPyConnection, by: str, courts: dict) -> dict:
    if by in ("court", "court_own"):
        return {c: v[0] for c, v in courts.items()}
    if by == "judge":
        return dict(con.execute("SELECT judge_id, name FROM judges").fetchall())
    if by == "dept":
        return {
            d: f"{name}（{court}）"
            for d, name, court in con.execute(
                "SELECT dept_id, name, court_code FROM departments"
            ).fetchall()
        }
    if by == "family":
        return dict(FAMILY_ZH)
    if by == "procedure":
        return dict(PROCEDURE_ZH)
    return {}


def trend(
    con: duckdb.DuckDBPyConnection,
    indicator_id: str,
    sl: Slice,
    months: int = 12,
    *,
    catalogue: dict[str, Compiled] | None = None,
) -> list[IndicatorValue]:
    """One indicator month by month: the `months` months ending with the slice's period."""
    return [
        compute(
            con, sl.model_copy(update={"period": p.label}), [indicator_id], catalogue=catalogue
        )[0]
        for p in months_back(sl.period, months)
    ]


def compare(
    con: duckdb.DuckDBPyConnection,
    indicator_id: str,
    period: str,
    courts: Iterable[str] | None = None,
    *,
    subtree: bool = True,
    catalogue: dict[str, Compiled] | None = None,
) -> list[IndicatorValue]:
    """One indicator court against court (each court with the courts below it, by default)."""
    rows = breakdown(
        con,
        Slice(period=period),
        "court" if subtree else "court_own",
        [indicator_id],
        keys=list(courts) if courts is not None else None,
        catalogue=catalogue,
    )
    return [r.values[0] for r in rows]


# ---------------------------------------------------------------- drill-down

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_CODE_LABELS = {
    "closing_method": CLOSING_ZH,
    "appeal_result": CLOSING_ZH,
    "retrial_result": CLOSING_ZH,
    "own_result": CLOSING_ZH,
    "family": FAMILY_ZH,
    "procedure": PROCEDURE_ZH,
    "appeal_reason": REASON_ZH,
    "retrial_reason": REASON_ZH,
    "own_reason": REASON_ZH,
    "review_outcome": REVIEW_ZH,
    "trial_procedure": TRIAL_PROCEDURE_ZH,
}
_DEFAULT_EXPLAIN = "{filing_date} 立案，{closing_date} 结案（{closing_method}）"
_DRILL_COLS = (
    "case_id",
    "case_no",
    "court_code",
    "family",
    "procedure",
    "type_code",
    "judge_id",
    "filing_date",
    "closing_date",
    "closing_method",
    "status",
)


def _fmt(v: object, col: str) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "是" if v else "否"
    if col in _CODE_LABELS:
        return _CODE_LABELS[col].get(str(v), str(v))
    if isinstance(v, float):
        return f"{v:,.2f}" if v != int(v) else f"{int(v):,}"
    return str(v)


def drill(
    con: duckdb.DuckDBPyConnection,
    indicator_id: str,
    sl: Slice,
    part: str = "numerator",
    *,
    limit: int | None = None,
    catalogue: dict[str, Compiled] | None = None,
) -> list[DrillRow]:
    """The cases (or judges, or districts) behind one side of an indicator, each with the reason
    it counts. Their number (or the sum of `amount`) is exactly that side's value."""
    if part not in ("numerator", "denominator"):
        raise ValueError("part 应为 numerator 或 denominator")
    cat = catalogue or default()
    if indicator_id not in cat:
        raise UnknownIndicator(f"未知指标 (unknown indicator) {indicator_id!r}")
    c = cat[indicator_id]
    m = c.ind.numerator if part == "numerator" else c.ind.denominator
    if m is None:
        raise ValueError(f"指标 {indicator_id} 没有分母 (a count indicator has no denominator)")
    F.ensure(con, check=False)
    check_slice(con, sl)
    period = resolve_period(con, sl.period)

    if m.agg == "judges":
        return [
            DrillRow(
                indicator_id=indicator_id,
                part=part,
                judge_id=jid,
                court_code=court,
                amount=1.0,
                reason=f"员额法官 {name}（{court} {dept or ''}）",
            )
            for _, jid, name, court, dept in _judges(con, sl)
        ][:limit]
    if m.agg == "population":
        return [
            DrillRow(
                indicator_id=indicator_id,
                part=part,
                court_code=code,
                amount=float(n),
                reason=f"{district} 常住人口 {n:,} 人（{year} 年；来源：{source}）",
            )
            for code, district, n, year, source in population_rows(con, sl, period.start.year)
        ][:limit]

    template = m.explain or _DEFAULT_EXPLAIN
    cols = list(dict.fromkeys([*_DRILL_COLS, *_PLACEHOLDER.findall(template)]))
    select = ", ".join(f"{DRILL_EXTRAS[c]} AS {c}" if c in DRILL_EXTRAS else c for c in cols)
    where, sparams = slice_sql(sl)
    pred = c.preds[part]
    amount = f"CAST({c.exprs[part]} AS DOUBLE)" if m.agg == "sum" else "1.0"
    sql = (
        f"SELECT {select}, {amount} AS amount FROM {source(where, active=c.active[part])} "
        f"WHERE {pred or 'TRUE'} ORDER BY filing_date, case_id"
        + (f" LIMIT {int(limit)}" if limit else "")
    )
    cur = _run(con, sql, {**period.params(), **sparams})
    out = []
    for r in cur.fetchall():
        row = dict(zip([*cols, "amount"], r, strict=True))
        reason = _PLACEHOLDER.sub(
            lambda mm, row=row: _fmt(row.get(mm.group(1)), mm.group(1)), template
        )
        out.append(
            DrillRow(
                indicator_id=indicator_id,
                part=part,
                amount=float(row.pop("amount") or 0),
                reason=reason,
                **{k: row[k] for k in _DRILL_COLS},
            )
        )
    return out


def default_period(con: duckdb.DuckDBPyConnection) -> str:
    """The latest filing year in the store, the CLI's default period."""
    F.ensure(con, check=False)
    return _default_period(con)
