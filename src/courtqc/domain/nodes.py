"""Workflow nodes (流程节点) of trial, enforcement, bankruptcy and petitions, as data.

The catalogue is the packaged YAML file ``nodes.yaml`` (validated by pydantic), so a court adds a
node without code: a YAML file of the same shape named by the ``COURTQC_NODES_FILE`` setting is
read after the packaged one (a node of the same id replaces the packaged one). Node ids are
stable English identifiers used in ``events.node``, ``cases.current_node``, the CMS mapping's
``node_codes`` and the ``nodes:`` binding of scenario models; the Chinese name is what users
see. docs/NODES.md is generated from the catalogue with the models bound to each node
(``python -m courtqc.models.nodes_doc``: the models are a layer above).

``NODES`` (id → Node), ``TRIAL_NODES`` and ``ENFORCEMENT_NODES`` (the main path of each track,
in order: what the synthetic court walks every case through) and ``node_name`` are the API the
rest of courtqc imports; they read the catalogue on first use, not at import.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from courtqc.errors import InvalidInput, Where

Track = Literal["trial", "enforcement", "bankruptcy", "petition", "preservation"]
TRACKS: tuple[str, ...] = ("trial", "enforcement", "bankruptcy", "petition", "preservation")
TRACK_ZH = {
    "trial": "审判",
    "enforcement": "执行",
    "bankruptcy": "破产",
    "petition": "信访",
    "preservation": "保全",
}
STAGE_ZH = {
    "filing": "立案",
    "pre_trial": "审前",
    "trial": "审理",
    "decision": "裁判",
    "enforcement": "执行",
    "closing": "结案",
}
#: The environment variable naming a court's own node file (read on first use).
NODES_FILE_ENV = "COURTQC_NODES_FILE"


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    name_zh: str
    track: str  # trial | enforcement | bankruptcy | petition | preservation
    order: float  # position in its track; side steps sit between main steps
    main: bool = True  # on the main path every case of the track walks
    stage: str = ""
    families: tuple[str, ...] = ()  # case families that pass the node; () = all of the track
    description: str = ""


class NodeSpec(BaseModel):
    """One catalogue entry, as written in the YAML file."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{1,47}$")
    zh: str = Field(min_length=1)
    track: Track
    order: float = Field(ge=0)
    main: bool = False
    stage: Literal["filing", "pre_trial", "trial", "decision", "enforcement", "closing"]
    families: list[str] = []
    description: str = ""

    @field_validator("families")
    @classmethod
    def _families(cls, v: list[str]) -> list[str]:
        known = {
            "criminal", "civil", "commercial", "administrative", "enforcement", "bankruptcy",
            "ip", "maritime", "financial", "state_compensation",
        }  # fmt: skip
        bad = [f for f in v if f not in known]
        if bad:
            raise ValueError(f"unknown family {bad}; known: {', '.join(sorted(known))}")
        return v

    def node(self) -> Node:
        order = int(self.order) if self.order == int(self.order) else self.order
        return Node(
            self.id, self.zh, self.track, order, self.main, self.stage,
            tuple(self.families), self.description,
        )  # fmt: skip


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nodes: list[NodeSpec] = Field(min_length=1)


PACKAGED = Path(str(files("courtqc.domain").joinpath("nodes.yaml")))


def read_catalogue(path: str | Path) -> list[Node]:
    """The nodes of one catalogue file; a bad file is InvalidInput naming file and field."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise InvalidInput(
            f"不能读取节点目录 {p} (cannot read the node catalogue): {e.strerror}",
            where=Where(str(p)),
        ) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InvalidInput(
            f"节点目录 YAML 语法错误 (syntax error): {getattr(e, 'problem', e)}",
            where=Where(str(p), None if mark is None else mark.line + 1),
        ) from None
    try:
        cat = Catalogue.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        raise InvalidInput(
            f"节点目录字段无效 (invalid node catalogue): {loc}: {err['msg']}",
            where=Where(str(p), None, loc),
        ) from None
    out = [s.node() for s in cat.nodes]
    seen: set[str] = set()
    for n in out:
        if n.id in seen:
            raise InvalidInput(
                f"节点 id 重复 (duplicate node id): {n.id}", where=Where(str(p), None, "id")
            )
        seen.add(n.id)
    return out


def load_catalogue(*extra: str | Path) -> dict[str, Node]:
    """The packaged catalogue, then each extra file over it (same id replaces), in track and
    order."""
    nodes = {n.id: n for n in read_catalogue(PACKAGED)}
    for path in extra:
        nodes.update({n.id: n for n in read_catalogue(path)})
    ranked = sorted(nodes.values(), key=lambda n: (TRACKS.index(n.track), n.order))
    return {n.id: n for n in ranked}


@cache
def _catalogue() -> dict[str, Node]:
    from courtqc.config import settings

    extra = settings().nodes_file
    return load_catalogue(*([extra] if extra else []))


class _Lazy(Mapping[str, Node]):
    """id → Node, read from the catalogue on first use."""

    def __getitem__(self, key: str) -> Node:
        return _catalogue()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(_catalogue())

    def __len__(self) -> int:
        return len(_catalogue())

    def __contains__(self, key: object) -> bool:
        return key in _catalogue()

    def __repr__(self) -> str:
        return f"NODES({', '.join(_catalogue())})"


NODES: Mapping[str, Node] = _Lazy()


def main_path(track: str) -> tuple[Node, ...]:
    """The main path of a track, in order (what every case of the track walks through)."""
    return tuple(n for n in _catalogue().values() if n.track == track and n.main)


def side_steps(track: str) -> tuple[Node, ...]:
    return tuple(n for n in _catalogue().values() if n.track == track and not n.main)


def __getattr__(name: str) -> tuple[Node, ...]:
    # TRIAL_NODES / ENFORCEMENT_NODES: kept as module attributes for the code that imports
    # them (the synthetic court's event generator), computed from the catalogue on first use.
    if name == "TRIAL_NODES":
        return main_path("trial")
    if name == "ENFORCEMENT_NODES":
        return main_path("enforcement")
    raise AttributeError(name)


def node_name(node_id: str) -> str:
    """Chinese name of a node id (the id itself if unknown)."""
    n = _catalogue().get(node_id)
    return n.name_zh if n else node_id


def render_markdown(bindings: Mapping[str, list[str]] | None = None) -> str:
    """docs/NODES.md: every node by track, with the models bound to it where given."""
    cat = _catalogue()
    out = [
        "# Workflow nodes (流程节点)",
        "",
        "Generated from `src/courtqc/domain/nodes.yaml` by `python -m courtqc.models.nodes_doc`; do",
        "not edit by hand. A court adds a node by a YAML file of the same shape named in",
        f"`{NODES_FILE_ENV}`; its CMS mapping maps its own node codes onto these ids",
        "(docs/INGEST.md), and scenario models bind to them by id (`nodes:`).",
        "",
        f"{len(cat)} nodes; main = on the path every case of its track walks, side = a step "
        "some cases take.",
    ]
    if bindings is not None:
        pts = sum(len(v) for k, v in bindings.items() if k != "*")
        out += [
            "",
            f"Warning points (model × node bindings, `*` models not counted): **{pts}**.",
        ]
    for track in TRACKS:
        rows = [n for n in cat.values() if n.track == track]
        if not rows:
            continue
        out += ["", f"## {TRACK_ZH[track]} ({track})", ""]
        head = "| order | id | 名称 | path | stage | families | what happens |"
        sep = "|---|---|---|---|---|---|---|"
        if bindings is not None:
            head += " models bound |"
            sep += "---|"
        out += [head, sep]
        for n in rows:
            fam = ", ".join(n.families) or "all"
            line = (
                f"| {n.order} | `{n.id}` | {n.name_zh} | {'main' if n.main else 'side'} | "
                f"{STAGE_ZH.get(n.stage, n.stage)} | {fam} | {n.description} |"
            )
            if bindings is not None:
                line += " " + (", ".join(f"`{m}`" for m in bindings.get(n.id, [])) or "—") + " |"
            out.append(line)
    if bindings is not None and bindings.get("*"):
        out += ["", "Bound to every node (`*`): " + ", ".join(f"`{m}`" for m in bindings["*"])]
    return "\n".join(out) + "\n"
