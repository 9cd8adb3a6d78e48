"""Load and validate the indicator catalogue (catalogue/*.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

import yaml
from pydantic import ValidationError

from courtqc.indicators.models import Indicator, Measure
from courtqc.indicators.sql import (
    FragmentError,
    check,
    check_explain,
    implies_activity,
    period_bound,
)


class CatalogueError(ValueError):
    """Bad catalogue entry; the message names file, entry and field."""


@dataclass(frozen=True)
class Compiled:
    """An indicator with its fragments expanded and checked, ready to put into SQL."""

    ind: Indicator
    file: str
    # part -> (boolean SQL or None, value SQL or None) for case measures
    preds: dict[str, str | None] = field(default_factory=dict)
    exprs: dict[str, str | None] = field(default_factory=dict)
    # part -> whether only cases active in the period can count (sql.implies_activity)
    active: dict[str, bool] = field(default_factory=dict)


def _compile_measure(ind: Indicator, part: str, m: Measure) -> tuple[str | None, str | None]:
    if m.explain:
        check_explain(m.explain)
    if m.agg not in ("count", "sum"):
        return None, None
    conds = []
    if ind.filters:
        conds.append(f"({check(ind.filters, boolean=True)})")
    if m.where:
        conds.append(f"({check(m.where, boolean=True)})")
    expr = check(m.expr, boolean=False) if m.expr else None
    pred = " AND ".join(conds) or None
    # the engine skips cases filed after the period, so every case measure must be a
    # statement about the period (a case that did not exist yet cannot count)
    if not pred or not period_bound(pred):
        raise FragmentError(
            "条件未限定统计期间 (the condition must refer to the period: a set such as {closed}, "
            "{in:COLUMN}, or $start / $end / $as_of)"
        )
    return pred, expr


def _load_file(path: Path, text: str) -> list[Compiled]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise CatalogueError(f"{path}: YAML 无法解析 (cannot parse): {e}") from None
    if not isinstance(data, list):
        raise CatalogueError(f"{path}: 应为指标列表 (expected a list of indicators)")
    out = []
    for i, entry in enumerate(data, 1):
        where = f"{path}: 第 {i} 项 (entry {i}, id={entry.get('id') if isinstance(entry, dict) else '?'})"
        try:
            ind = Indicator.model_validate(entry)
        except ValidationError as e:
            errs = "; ".join(
                f"{'.'.join(str(x) for x in er['loc']) or '(entry)'}: {er['msg']}"
                for er in e.errors()
            )
            raise CatalogueError(f"{where}: {errs}") from None
        c = Compiled(ind, path.name)
        for part, m in ind.measures():
            try:
                c.preds[part], c.exprs[part] = _compile_measure(ind, part, m)
                c.active[part] = c.preds[part] is not None and implies_activity(c.preds[part])
            except FragmentError as e:
                raise CatalogueError(f"{where}, {part}: {e}") from None
        out.append(c)
    return out


def load(paths: list[Path] | None = None) -> dict[str, Compiled]:
    """Indicators by id, in catalogue order. Default: the packaged catalogue."""
    sources: list[tuple[Path, str]]
    if paths is None:
        root = files("courtqc.indicators").joinpath("catalogue")
        sources = [
            (Path("catalogue") / p.name, p.read_text(encoding="utf-8"))
            for p in sorted(root.iterdir(), key=lambda p: p.name)
            if p.name.endswith(".yaml")
        ]
    else:
        sources = []
        for p in paths:
            for f in sorted(p.glob("*.yaml")) if p.is_dir() else [p]:
                sources.append((f, f.read_text(encoding="utf-8")))
    out: dict[str, Compiled] = {}
    for path, text in sources:
        for c in _load_file(path, text):
            if c.ind.id in out:
                raise CatalogueError(
                    f"{path}: 指标 id 重复 (duplicate id) {c.ind.id!r}, 已见于 {out[c.ind.id].file}"
                )
            out[c.ind.id] = c
    return out


@cache
def default() -> dict[str, Compiled]:
    return load()
