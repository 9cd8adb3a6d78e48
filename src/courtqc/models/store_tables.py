"""The tables the scenario models' work is kept in (store.sql): alerts with stable
fingerprints, feedback on them, the lifecycle's state changes and every model run.

They sit beside the case data in the same DuckDB file but are platform tables: the SQL checker
refuses them to models. The engine writes alerts and runs (courtqc.engine.store) and the
lifecycle its states (courtqc.models.lifecycle); both create the tables with `ensure`, so the
schema lives here, in the lower of the two layers.
"""

from __future__ import annotations

from importlib.resources import files

import duckdb

DDL: str = files(__package__).joinpath("store.sql").read_text(encoding="utf-8")
STORE_TABLES = ("alerts", "alert_feedback", "model_states", "model_runs")


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables that are missing (every statement is IF NOT EXISTS)."""
    con.execute(DDL)
