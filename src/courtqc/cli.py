"""The `courtqc` command line. Each package contributes its commands through a
`register(app)` function in its own `cli` module, listed in COMMAND_MODULES. What the commands
share (options, opening a store, `fail`, the translation of a `CourtqcError` into a message and
an exit status for every command) is in courtqc.cli_common."""

from __future__ import annotations

import importlib
import itertools
import sys

import typer

from courtqc.cli_common import CourtqcGroup
from courtqc.errors import CourtqcError

app = typer.Typer(
    cls=CourtqcGroup,
    name="courtqc",
    help="courtqc — 审判监督管理平台 (court trial supervision and management).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

# One line per package that adds commands; order is the order of `courtqc --help`.
COMMAND_MODULES: list[str] = [
    "courtqc.synth.cli",
    "courtqc.ingest.cli",
    "courtqc.demo",
    "courtqc.indicators.cli",
    "courtqc.engine.cli",
    "courtqc.models.cli",
    "courtqc.extract.cli",
    "courtqc.web.cli",
    "courtqc.cms.cli",
    "courtqc.ingest.cdc_cli",
    "courtqc.ingest.mq_cli",
    "courtqc.cms.mq_cli",
    "courtqc.identity.cli",
    "courtqc.mining.cli",
    "courtqc.services.cli",
    "courtqc.export.cli",
    "courtqc.spark.cli",
    "courtqc.governance.cli",
    "courtqc.elements.cli",
]


def _register_all() -> None:
    for mod in COMMAND_MODULES:
        importlib.import_module(mod).register(app)


_register_all()


# Commands that run for long (daemons, the demo that ends serving): started with the faster
# allocator (courtqc.runtime), decided here, before any command code runs.
LONG_RUNNING = {("serve",), ("demo",), ("ingest", "cdc"), ("ingest", "serve"), ("ingest", "mq")}


def long_running(argv: list[str]) -> bool:
    """Whether the command line (without the program name) names a LONG_RUNNING command."""
    words = list(itertools.takewhile(lambda a: not a.startswith("-"), argv))
    return any(tuple(words[: len(c)]) == c for c in LONG_RUNNING)


def main() -> None:
    if long_running(sys.argv[1:]):
        from courtqc import runtime

        try:
            runtime.use_fast_allocator()
        except CourtqcError as e:  # COURTQC_ALLOCATOR names no allocator, settings unreadable
            typer.echo(f"错误 error: {e}", err=True)
            raise SystemExit(e.exit_code) from None
    app()


if __name__ == "__main__":
    main()
