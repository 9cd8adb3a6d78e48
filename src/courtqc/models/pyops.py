"""Registered Python operators: logic that SQL cannot say, still run the same way in every mode.

A Python operator receives a DuckDB connection whose unqualified table names are the model's
data (the full store in review mode, the case's context in node mode) and the model's params,
and returns rows as a list of dicts with at least `case_id`. It must only read case data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import duckdb

from courtqc.errors import NotFound

PyOperator = Callable[[duckdb.DuckDBPyConnection, dict[str, Any]], list[dict[str, Any]]]

_REGISTRY: dict[str, PyOperator] = {}
_READS: dict[str, frozenset[str]] = {}


def register(name: str, reads: tuple[str, ...]) -> Callable[[PyOperator], PyOperator]:
    """Decorator: make a function available to models as `logic: {python: {operator: name}}`.
    `reads` names the tables and operator views it reads (node mode copies those)."""

    def deco(fn: PyOperator) -> PyOperator:
        if name in _REGISTRY and _REGISTRY[name] is not fn:
            raise ValueError(f"Python operator {name!r} is already registered")
        _REGISTRY[name] = fn
        _READS[name] = frozenset(reads)
        return fn

    return deco


def reads(name: str) -> frozenset[str]:
    """The tables and operator views operator `name` reads; `NotFound` for an unknown one."""
    get(name)
    return _READS[name]


def get(name: str) -> PyOperator:
    """The operator registered as `name`; `NotFound` (naming the known ones) otherwise."""
    _load_builtin()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise NotFound(
            f"未注册的 Python 算子 {name!r} (unknown Python operator); "
            f"known: {', '.join(sorted(_REGISTRY))}"
        ) from None


def names() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


#: Modules whose import registers built-in Python operators (as datasette's DEFAULT_PLUGINS):
#: loaded on first use, so no operator depends on what else was imported before.
BUILTIN_MODULES: tuple[str, ...] = (
    "courtqc.operators.python",
    "courtqc.operators.extract_checks",
    "courtqc.graph.party_graph",
    "courtqc.elements.node",
)


def _load_builtin() -> None:
    import importlib

    for module in BUILTIN_MODULES:
        importlib.import_module(module)
