"""Export a condition-tree model as a GoRules JDM decision (a decision table), so a rules engine
such as GoRules ZEN (`zen-engine`) can evaluate the same rule row by row — used by the benchmark
to compare ZEN with the SQL engine on the pure-condition models, and tested to give the same
answer.

The tree is put in negation normal form, then in disjunctive normal form: each conjunction is a
table row (hit policy "first"), each distinct leaf a column. SQL semantics are kept: a comparison
with a missing (null) value is false, and `not` of it is true. Dates travel as day numbers.
"""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import json
from typing import Any

from courtqc.models.definition import Condition, ValueRef
from courtqc.models.library import CompiledModel

EPOCH = dt.date(1970, 1, 1)


class NotExportable(ValueError):
    pass


def _lit(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        try:
            return str((dt.date.fromisoformat(v) - EPOCH).days)
        except ValueError:
            return json.dumps(v, ensure_ascii=False)
    raise NotExportable(f"value {v!r}")


def _value(v: Any) -> tuple[str, list[str]]:
    """(expression, fields it needs to be non-null)."""
    if isinstance(v, dict):
        ref = ValueRef.model_validate(v)
        expr = ref.ref
        if ref.mul is not None:
            expr = f"({expr} * {ref.mul!r})"
        if ref.add is not None:
            expr = f"({expr} + {ref.add!r})"
        if ref.add_days is not None:
            expr = f"({expr} + {ref.add_days})"
        return expr, [ref.ref]
    return _lit(v), []


def _atoms(c: Condition) -> list[str]:
    """The leaf as a conjunction of ZEN unary atoms on `$`, true only where SQL's comparison
    is true (a null operand makes it false). ZEN's unary syntax takes no parenthesised
    groups, so a leaf stays a flat list of atoms."""
    op = c.op
    if op == "is_null":
        return ["$ == null"]
    if op == "not_null":
        return ["$ != null"]
    atoms = ["$ != null"]
    simple = {"eq": "==", "ne": "!=", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
    if op in simple:
        expr, refs = _value(c.value)
        return [*atoms, *(f"{r} != null" for r in refs), f"$ {simple[op]} {expr}"]
    if op in ("in", "not_in"):
        items = ", ".join(_lit(x) for x in c.value)
        return [*atoms, f"$ {'in' if op == 'in' else 'not in'} [{items}]"]
    if op == "between":
        (lo, r1), (hi, r2) = _value(c.value[0]), _value(c.value[1])
        return [*atoms, *(f"{r} != null" for r in (*r1, *r2)), f"$ >= {lo}", f"$ <= {hi}"]
    if op == "contains":
        return [*atoms, f"contains($, {_lit(c.value)})"]
    if op == "not_contains":
        return [*atoms, f"not(contains($, {_lit(c.value)}))"]
    if op == "starts_with":
        return [*atoms, f"startsWith($, {_lit(c.value)})"]
    if op == "regex":
        return [*atoms, f"matches($, {_lit(c.value)})"]
    raise NotExportable(f"op {op}")


def _negate(atoms: list[str]) -> str:
    out = []
    for a in atoms:
        if a.endswith(" != null") and a.count(" ") == 2:
            out.append(a.replace(" != null", " == null"))
        elif a.endswith(" == null") and a.count(" ") == 2:
            out.append(a.replace(" == null", " != null"))
        else:
            out.append(f"not({a})")
    return " or ".join(out)


def _nnf_dnf(c: Condition, negate: bool = False) -> list[list[tuple[str, str]]]:
    """Conjunctions of (field, unary test)."""
    if c.not_ is not None:
        return _nnf_dnf(c.not_, not negate)
    if c.all is not None or c.any is not None:
        parts = [_nnf_dnf(x, negate) for x in (c.all if c.all is not None else c.any)]
        conj = (c.all is not None) != negate
        if conj:
            return [list(itertools.chain(*combo)) for combo in itertools.product(*parts)]
        return list(itertools.chain(*parts))
    if c.op == "count_within_window":
        raise NotExportable("count_within_window compares rows with each other")
    atoms = _atoms(c)
    return [[(c.field, _negate(atoms) if negate else " and ".join(atoms))]]


def decision_tree(cm: CompiledModel) -> Condition:
    """The model's condition with its applicability (families, type codes, causes) added, as
    the engine's wrapper applies it — so the decision answers exactly what the model does."""
    cl = cm.model.logic.conditions
    if cl is None:
        raise NotExportable(f"{cm.id} is not a condition-tree model")
    a = cm.model.applies_to
    extra = [
        Condition(field=f, op="in", value=v)
        for f, v in (("family", a.families), ("type_code", a.type_codes), ("cause_name", a.causes))
        if v
    ]
    return Condition(all=[cl.where, *extra]) if extra else cl.where


def input_fields(cm: CompiledModel) -> list[str]:
    """The subject fields the decision reads (the only ones worth sending to ZEN)."""
    fields: set[str] = set()

    def walk(c: Condition) -> None:
        for sub in (c.all or []) + (c.any or []) + ([c.not_] if c.not_ else []):
            walk(sub)
        if c.field:
            fields.add(c.field)
        vals = c.value if isinstance(c.value, list) else [c.value]
        fields.update(v["ref"] for v in vals if isinstance(v, dict) and "ref" in v)

    walk(decision_tree(cm))
    return sorted(fields | {"case_id"})


def to_decision(cm: CompiledModel) -> dict[str, Any]:
    """The JDM document of a condition-tree model; raises NotExportable otherwise."""
    rows = _nnf_dnf(decision_tree(cm))
    columns: dict[tuple[str, str], str] = {}
    table_rows = []
    for i, conj in enumerate(rows):
        row: dict[str, str] = {"_id": f"r{i}", "hit": "true"}
        for field, test in conj:
            col = columns.setdefault((field, test), f"c{len(columns)}")
            row[col] = test
        table_rows.append(row)
    inputs = [{"id": col, "name": f, "field": f} for (f, _), col in columns.items()]
    rules = [
        {**{c: r.get(c, "") for c in columns.values()}, "_id": r["_id"], "hit": "true"}
        for r in table_rows
    ]
    rules.append({**dict.fromkeys(columns.values(), ""), "_id": "default", "hit": "false"})
    return {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "row", "position": {"x": 0, "y": 0}},
            {
                "id": "table",
                "type": "decisionTableNode",
                "name": cm.id,
                "position": {"x": 200, "y": 0},
                "content": {
                    "hitPolicy": "first",
                    "inputs": inputs,
                    "outputs": [{"id": "hit", "name": "hit", "field": "hit"}],
                    "rules": rules,
                },
            },
            {"id": "out", "type": "outputNode", "name": "result", "position": {"x": 400, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "in", "targetId": "table", "type": "edge"},
            {"id": "e2", "sourceId": "table", "targetId": "out", "type": "edge"},
        ],
    }


def zen_row(names: list[str], values: tuple) -> dict[str, Any]:
    """A subject row as ZEN input: dates as day numbers, decimals as floats."""
    out: dict[str, Any] = {}
    for n, v in zip(names, values, strict=True):
        if isinstance(v, dt.datetime):
            v = (v.date() - EPOCH).days
        elif isinstance(v, dt.date):
            v = (v - EPOCH).days
        elif isinstance(v, decimal.Decimal):
            v = float(v)
        out[n] = v
    return out


def exportable(cm: CompiledModel) -> bool:
    try:
        to_decision(cm)
    except NotExportable:
        return False
    return True
