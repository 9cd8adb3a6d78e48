"""The mining methods by id, with their Chinese names: one list for the miner, the CLI's help,
the API's choice and the workshop's checkboxes (which offer and pre-select every one), so a
method added to the miner is offered everywhere (tests/test_mining.py checks each place)."""

from __future__ import annotations

#: id -> Chinese name, in the order a run takes them.
METHOD_ZH: dict[str, str] = {
    "tree": "决策树",
    "rules": "关联规则",
    "cluster": "案件聚类",
    "party_cluster": "当事人聚类",
    "lawyer_cluster": "律师聚类",
    "regression": "回归",
}

METHODS: tuple[str, ...] = tuple(METHOD_ZH)
