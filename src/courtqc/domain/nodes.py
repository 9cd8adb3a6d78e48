"""Workflow nodes (流程节点) of trial and enforcement, after REFERENCE.md §5.

Node ids are stable English identifiers used in events.node, cases.current_node and the
`nodes:` binding of scenario models; the Chinese name is what users see.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    name_zh: str
    track: str  # trial | enforcement
    order: int


TRIAL_NODES: tuple[Node, ...] = (
    Node("pre_filing_mediation", "诉前调解", "trial", 0),
    Node("filing", "立案", "trial", 1),
    Node("assignment", "分案", "trial", 2),
    Node("service", "送达", "trial", 3),
    Node("scheduling", "排期", "trial", 4),
    Node("hearing", "开庭", "trial", 5),
    Node("deliberation", "合议", "trial", 6),
    Node("committee", "审委会", "trial", 7),
    Node("drafting", "文书制作", "trial", 8),
    Node("signing", "签发", "trial", 9),
    Node("pronouncement", "宣判", "trial", 10),
    Node("closing", "结案", "trial", 11),
    Node("archiving", "归档", "trial", 12),
)

ENFORCEMENT_NODES: tuple[Node, ...] = (
    Node("enf_filing", "执行立案", "enforcement", 1),
    Node("enf_notice", "执行通知", "enforcement", 2),
    Node("property_search", "财产查控", "enforcement", 3),
    Node("enf_measures", "执行实施", "enforcement", 4),
    Node("enf_objection", "执行异议", "enforcement", 5),
    Node("payout", "案款发放", "enforcement", 6),
    Node("enf_closing", "执行结案", "enforcement", 7),
    Node("enf_resumption", "恢复执行", "enforcement", 8),
)

NODES: dict[str, Node] = {n.id: n for n in (*TRIAL_NODES, *ENFORCEMENT_NODES)}


def node_name(node_id: str) -> str:
    """Chinese name of a node id (the id itself if unknown)."""
    n = NODES.get(node_id)
    return n.name_zh if n else node_id
