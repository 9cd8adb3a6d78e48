"""Whatever the code and docs cite lives in the repository's docs/ (issue 14).

Domain facts are in docs/DOMAIN.md and the product brief in docs/BRIEF.md, both numbered by
section. This test fails if a file under src, tests, bench, eval or docs (or README.md) still
cites the design and reference files a user of the repository never has, cites a doc under
docs/ that does not exist, or cites a section (`docs/DOMAIN.md §4.9`, `§4.1–4.3`,
`§2.2、§5.1`) that the cited doc does not have. COURTQC_CITATIONS_ROOT points it at another
checkout (to try a rewrite on a copy first).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(os.environ.get("COURTQC_CITATIONS_ROOT") or Path(__file__).resolve().parents[1])
SCANNED = ("src", "tests", "bench", "eval", "docs", "README.md")
SKIPPED_DIRS = {"node_modules", "static", "__pycache__", ".pytest_cache"}
TEXT_SUFFIXES = {".py", ".md", ".sql", ".yaml", ".yml", ".toml", ".txt", ".js", ".vue", ".sh"}

# The files outside the repository, spelt in pieces so that this file does not cite them.
OUTSIDE = re.compile(r"\b(?:" + "|".join(("MISSION", "DESIGN", "REFERENCE")) + r")\.md\b")
SECTION = r"(\d+(?:\.\d+)*)(?:\s*[–-]\s*(\d+(?:\.\d+)*))?"
CITATION = re.compile(r"docs/([A-Za-z_]+\.md)((?:\s*§\s*" + SECTION + r")?)")
# Further sections named right after the first: "§2.2、§5.1", "§4.3, §4.1–4.2", "§1.2 and §4.9".
MORE = re.compile(r"^(?:\s*[、,，;；]\s*|\s+and\s+)§\s*" + SECTION)
HEADING = re.compile(r"^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s")
NUMBERED_ITEM = re.compile(r"^(\d+\.\d+)\s")  # docs/BRIEF.md's "2.5 Six steps ..." items


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.what}"


def sections(doc: Path) -> set[str]:
    """The section numbers a doc defines: its numbered headings and numbered items."""
    out: set[str] = set()
    for line in doc.read_text(encoding="utf-8").splitlines():
        m = HEADING.match(line) or NUMBERED_ITEM.match(line)
        if m:
            out.add(m.group(1))
    return out


def scanned_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for name in SCANNED:
        top = root / name
        if top.is_file():
            files.append(top)
        elif top.is_dir():
            for p in sorted(top.rglob("*")):
                rel = p.relative_to(root).parts
                if p.is_file() and p.suffix in TEXT_SUFFIXES and not SKIPPED_DIRS & set(rel):
                    files.append(p)
    return files


def problems(root: Path) -> list[Problem]:
    """Every citation under `root` that a reader of the repository could not follow."""
    found: list[Problem] = []
    known: dict[str, set[str] | None] = {}
    for path in scanned_files(root):
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for n, line in enumerate(text.splitlines(), 1):
            for m in OUTSIDE.finditer(line):
                found.append(Problem(rel, n, f"cites {m.group(0)}, which is not in the repository"))
            for m in CITATION.finditer(line):
                doc = m.group(1)
                if doc not in known:
                    target = root / "docs" / doc
                    known[doc] = sections(target) if target.is_file() else None
                have = known[doc]
                if have is None:
                    found.append(Problem(rel, n, f"cites docs/{doc}, which does not exist"))
                    continue
                if not m.group(2):
                    continue
                cited = [m.group(3), m.group(4)]
                rest = line[m.end() :]
                while more := MORE.match(rest):
                    cited += [more.group(1), more.group(2)]
                    rest = rest[more.end() :]
                for sec in filter(None, cited):
                    if sec not in have:
                        found.append(Problem(rel, n, f"cites docs/{doc} §{sec}, which it lacks"))
    return found


def test_every_citation_is_in_the_repository() -> None:
    if not (ROOT / "docs" / "DOMAIN.md").is_file():
        pytest.fail(f"{ROOT}/docs/DOMAIN.md is missing")
    found = problems(ROOT)
    assert not found, f"{len(found)} citations cannot be followed:\n" + "\n".join(
        map(str, found[:40])
    )


def test_domain_and_brief_keep_the_section_numbers_cited() -> None:
    """The numbering the citations rely on: DOMAIN §1.1–§6, BRIEF §1.1–§7."""
    domain = sections(ROOT / "docs" / "DOMAIN.md")
    for sec in ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "5", "5.1", "5.2"):
        assert sec in domain, f"docs/DOMAIN.md lost §{sec}"
    assert {f"4.{i}" for i in range(1, 13)} <= domain
    brief = sections(ROOT / "docs" / "BRIEF.md")
    assert {"2.3", "2.5", "4.2", "5", "6", "7"} <= brief


def test_the_checker_finds_what_it_must(tmp_path: Path) -> None:
    """A citation of an outside file, of a missing doc and of a missing section are all found;
    a good one (with a range and a second section) is not."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "DOMAIN.md").write_text("## 4. Law\n### 4.1 A\n### 4.3 C\n")
    (tmp_path / "src").mkdir()
    outside, missing = "REFERENCE", "docs/" + "NOPE.md"
    (tmp_path / "src" / "a.py").write_text(
        f"# good (docs/DOMAIN.md §4.1–4.3、§4)\n"
        f"# old ({outside}.md §4.1)\n"
        f"# no such doc ({missing})\n"
        f"# no such section (docs/DOMAIN.md §4.1, §4.9)\n"
    )
    found = [(p.line, p.what.split(",")[0]) for p in problems(tmp_path)]
    assert found == [
        (2, f"cites {outside}.md"),
        (3, f"cites {missing}"),
        (4, "cites docs/DOMAIN.md §4.9"),
    ]
