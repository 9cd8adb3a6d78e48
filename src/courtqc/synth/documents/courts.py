"""Courts and judges: court names, where an appeal goes, the procuratorate and detention house
of a district, and the signature lines (panel, date, assistant, clerk) of a document."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from courtqc.synth.catalog import ADMIN_APPEAL_COURT, CIVIL_BY_NAME
from courtqc.synth.documents.records import (
    _Case,
)
from courtqc.synth.documents.text import (
    _cn,
    _Var,
)


@dataclass(slots=True)
class _Bench:
    """Names by title for one department (or a whole court, as fallback)."""

    judge: list[str] = field(default_factory=list)
    juror: list[str] = field(default_factory=list)
    assistant_judge: list[str] = field(default_factory=list)
    clerk: list[str] = field(default_factory=list)


class _Courts:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = con.execute(
            "SELECT court_code, name, parent_code, district, level FROM courts"
        ).fetchall()
        self.name = {r[0]: r[1] for r in rows}
        self.parent = {r[0]: r[2] for r in rows}
        self.district = {r[0]: r[3] for r in rows}
        self.level = {r[0]: r[4] for r in rows}
        self.judge_name: dict[int, str] = {}
        self.by_dept: dict[tuple[str, int | None], _Bench] = defaultdict(_Bench)
        self.by_court: dict[str, _Bench] = defaultdict(_Bench)
        for jid, court, dept, name, title in con.execute(
            "SELECT judge_id, court_code, dept_id, name, title FROM judges ORDER BY judge_id"
        ).fetchall():
            self.judge_name[jid] = name
            for bench in (self.by_dept[court, dept], self.by_court[court]):
                lst = getattr(bench, title, None)
                if lst is not None:
                    lst.append(name)

    def court_name(self, code: str | None) -> str:
        return self.name.get(code or "", code or "")

    def appeal_court(self, c: _Case) -> str:
        """The court an appeal goes to: the court of the actual appeal case where there is
        one, else where this kind of case is appealed (IP → 沪73, financial → 沪74,
        administrative → 沪03 from a basic court), else the parent court."""
        if c.appeal_court:
            return self.court_name(c.appeal_court)
        if self.level.get(c.court_code) == "basic":
            if c.family == "ip" and "沪73" in self.name:
                return self.name["沪73"]
            if c.family == "administrative" and ADMIN_APPEAL_COURT in self.name:
                return self.name[ADMIN_APPEAL_COURT]
            cause = CIVIL_BY_NAME.get(c.cause or "")
            if cause is not None and cause.financial and "沪74" in self.name:
                return self.name["沪74"]
        parent = self.parent.get(c.court_code)
        return self.court_name(parent) if parent else "最高人民法院"

    def procuratorate(self, code: str) -> str:
        return self.court_name(code).replace("人民法院", "人民检察院")

    def detention_house(self, code: str) -> str:
        district = self.district.get(code)
        return f"上海市{district}看守所" if district else "上海市看守所"

    def _pick(self, lst: list[str], v: _Var, avoid: Sequence[str]) -> str | None:
        if not lst:
            return None
        start = v.idx(len(lst))
        for k in range(len(lst)):
            name = lst[(start + k) % len(lst)]
            if name not in avoid:
                return name
        return None

    def _pick_first(self, pools: Sequence[list[str]], v: _Var, avoid: Sequence[str]) -> str | None:
        for pool in pools:
            name = self._pick(pool, v, avoid)
            if name is not None:
                return name
        return None

    def signatures(self, c: _Case, v: _Var, collegial: bool, jurors: bool) -> list[str]:
        """The signature lines: panel, date, (assistant), clerk."""
        bench = self.by_dept.get((c.court_code, c.dept_id)) or self.by_court.get(c.court_code)
        court_bench = self.by_court.get(c.court_code) or _Bench()
        bench = bench or court_bench
        presiding = self.judge_name.get(c.presiding_id or -1)
        if presiding is None:
            presiding = self._pick(bench.judge or court_bench.judge, v, ()) or ""
        panel: list[tuple[str, str]] = []
        if collegial:
            panel.append(("审判长", presiding))
            taken = [presiding]
            for _ in range(2):
                # a juror where the court has them (ordinary first instance), else a judge of
                # the department, else of the court: a panel always has three members
                name, title = None, "人民陪审员"
                if jurors and v.chance(60):
                    name = self._pick_first((bench.juror, court_bench.juror), v, taken)
                if name is None:
                    title = "审判员"
                    name = self._pick_first((bench.judge, court_bench.judge), v, taken)
                if name:
                    panel.append((title, name))
                    taken.append(name)
        else:
            panel.append(("审判员", presiding))
        style = v.idx(3)
        lines = [_sign(title, name, style) for title, name in panel]
        lines.append(_cn(c.decided if c.decided is not None else c.closing))
        if v.chance(25):
            lines.append("本件与原本核对无异")
        assistant = self._pick(bench.assistant_judge, v, ())
        if assistant and v.chance(50):
            lines.append(_sign("法官助理", assistant, style))
        clerk = self._pick(bench.clerk or court_bench.clerk, v, ())
        if clerk:
            lines.append(_sign("书记员", clerk, style))
        return lines


def _sign(title: str, name: str, style: int) -> str:
    if style == 0:
        return f"{title}{name}"
    if style == 1:
        return f"{title}　{name}"
    spaced = "　".join(title) if len(title) == 3 else title
    return f"{spaced}　　{name}"
