"""`extract_checks` is a Python operator whatever was imported first (issue 14): pyops loads
its built-in modules itself, so a fresh interpreter that imports only pyops sees it."""

from __future__ import annotations

import subprocess
import sys


def _fresh(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    ).stdout


def test_extract_checks_registered_in_a_fresh_interpreter() -> None:
    out = _fresh(
        "import sys\n"
        "from courtqc.models import pyops\n"
        "assert 'courtqc.extract.store' not in sys.modules\n"
        "print(' '.join(pyops.names()))\n"
        "print(sorted(pyops.reads('extract_checks')))\n"
    )
    names, reads = out.splitlines()
    assert "extract_checks" in names.split()
    assert reads == "['cases', 'documents']"


def test_importing_the_extractor_registers_nothing() -> None:
    """The extractor sits below the model engine: importing it leaves the registry alone."""
    out = _fresh(
        "import courtqc.extract.store, courtqc.extract.checks\n"
        "from courtqc.models import pyops\n"
        "print(sorted(pyops._REGISTRY))\n"
    )
    assert out.strip() == "[]"
