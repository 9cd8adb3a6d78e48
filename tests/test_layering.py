"""A lower package never imports a higher one (issue 14; docs/ARCHITECTURE.md, "Layers").

Every import in src/courtqc is read with ast — at module level and inside functions, under
`if TYPE_CHECKING:` too — so an import moved into a function to dodge a cycle still counts.
Packages in the same layer may import each other. A package's command-line module (`cli.py`,
`*_cli.py`) belongs to the command line, the top layer: it composes what its commands need.

The few upward imports that remain are listed in ALLOWED with why; the test fails when one of
them is gone, so the list only shrinks.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "courtqc"

#: Lowest first. Every package and top-level module of src/courtqc is in exactly one layer.
LAYERS: list[tuple[str, frozenset[str]]] = [
    ("shared ground", frozenset({"errors", "config", "clock", "transaction", "textio", "runtime"})),
    ("domain", frozenset({"domain"})),
    ("law/schema", frozenset({"law", "schema"})),
    ("synth/identity/extract", frozenset({"synth", "identity", "extract"})),
    ("models/operators", frozenset({"models", "operators"})),
    ("engine", frozenset({"engine"})),
    # what reads the store through the engine and the models: indicators and their analyses,
    # the party graph (an operator), mining, draft checks, element-based trial (reads
    # pleadings with the extractor), the Parquet export and Spark over it
    (
        "indicators/analytics",
        frozenset(
            {"indicators", "analytics", "graph", "mining", "drafts", "elements", "export", "spark"}
        ),
    ),
    # getting data in: ingestion, the simulated CMS, governance at intake
    ("ingest/cms", frozenset({"ingest", "cms", "governance"})),
    # what users and outside bodies reach: the platform and its 数助决策 services
    ("web", frozenset({"web", "services"})),
    ("command line", frozenset({"cli", "cli_common", "demo"})),
]

#: Pairs that the layers allow but the design does not: (importer, imported) → why.
FORBIDDEN: dict[tuple[str, str], str] = {
    ("ingest", "cms"): "the real ingestion reads a court's CMS through ingest.pg; the simulator "
    "builds on ingestion, never the other way round",
}

#: Upward imports still there: (importing file under src/courtqc, imported module) → why.
ALLOWED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    file: str  # relative to src/courtqc
    line: int
    module: str  # the courtqc module imported (for `from a import b`: a, or a.b when b is one)


def _unit(rel: Path) -> str:
    """The package (or top-level module) a file belongs to."""
    return rel.parts[0].removesuffix(".py")


def _is_cli(rel: Path) -> bool:
    return rel.name == "cli.py" or rel.name.endswith("_cli.py")


def _imports(path: Path) -> list[Import]:
    rel = path.relative_to(SRC)
    package = ["courtqc", *rel.parent.parts]
    out: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this file's package
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            # `from courtqc import synth` / `from courtqc.engine import store`: the name may be
            # a module; count it as one when a file or package of that name exists.
            names = [module]
            for a in node.names:
                sub = SRC.parent.joinpath(*f"{module}.{a.name}".split("."))
                if sub.with_suffix(".py").is_file() or sub.is_dir():
                    names.append(f"{module}.{a.name}")
            if len(names) > 1:
                names = names[1:]
        else:
            continue
        out += [Import(str(rel), node.lineno, n) for n in names if n.startswith("courtqc.")]
    return out


def _rank() -> dict[str, int]:
    return {unit: i for i, (_, units) in enumerate(LAYERS) for unit in units}


def _units_on_disk() -> set[str]:
    return {
        p.name.removesuffix(".py")
        for p in SRC.iterdir()
        if (p.is_dir() and any(p.glob("*.py")))  # cms/ and spark/ have no __init__.py
        or (p.suffix == ".py" and p.name != "__init__.py")
    }


def _violations() -> tuple[list[tuple[Import, str]], set[tuple[str, str]]]:
    rank = _rank()
    top = len(LAYERS) - 1
    found: list[tuple[Import, str]] = []
    used: set[tuple[str, str]] = set()
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if rel == Path("__init__.py"):  # the package's docstring and version
            continue
        src_unit = _unit(rel)
        src_rank = top if _is_cli(rel) else rank[src_unit]
        for imp in _imports(path):
            dst_unit = imp.module.split(".")[1]
            if dst_unit == src_unit or dst_unit not in rank:
                continue
            why = None
            if rank[dst_unit] > src_rank:
                why = (
                    f"{LAYERS[src_rank][0]} ({src_unit}) imports {LAYERS[rank[dst_unit]][0]} "
                    f"({dst_unit})"
                )
            elif (src_unit, dst_unit) in FORBIDDEN:
                why = FORBIDDEN[(src_unit, dst_unit)]
            if why is None:
                continue
            if (imp.file, imp.module) in ALLOWED:
                used.add((imp.file, imp.module))
                continue
            found.append((imp, why))
    return found, used


def test_every_package_has_a_layer() -> None:
    placed = [u for _, units in LAYERS for u in units]
    assert len(placed) == len(set(placed)), "a package is in two layers"
    on_disk = _units_on_disk()
    assert not on_disk - set(placed), (
        f"place these in LAYERS (tests/test_layering.py): {sorted(on_disk - set(placed))}"
    )
    assert not set(placed) - on_disk, f"gone from src/courtqc: {sorted(set(placed) - on_disk)}"


def test_no_lower_package_imports_a_higher_one() -> None:
    found, _ = _violations()
    assert not found, "upward imports (docs/ARCHITECTURE.md, Layers):\n" + "\n".join(
        f"  src/courtqc/{imp.file}:{imp.line} imports {imp.module}: {why}" for imp, why in found
    )


def test_allowed_exceptions_are_still_needed() -> None:
    _, used = _violations()
    stale = sorted(set(ALLOWED) - used)
    assert not stale, f"no longer imported: remove from ALLOWED in tests/test_layering.py: {stale}"


def test_the_check_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    """The parser is not blind: an import inside a function and a relative import are found."""
    global SRC
    saved = SRC
    pkg = tmp_path / "courtqc" / "law"
    pkg.mkdir(parents=True)
    (tmp_path / "courtqc" / "engine").mkdir()
    (tmp_path / "courtqc" / "engine" / "__init__.py").write_text("")
    (tmp_path / "courtqc" / "engine" / "store.py").write_text("")
    (pkg / "__init__.py").write_text("")
    (pkg / "x.py").write_text(
        "def f():\n    from courtqc.engine import store\n\nfrom ..engine import store as s\n"
    )
    try:
        SRC = tmp_path / "courtqc"
        found = _imports(pkg / "x.py")
    finally:
        SRC = saved
    assert sorted((i.line, i.module) for i in found) == [
        (2, "courtqc.engine.store"),
        (4, "courtqc.engine.store"),
    ]
