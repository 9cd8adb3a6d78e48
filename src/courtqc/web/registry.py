"""The models the platform runs: the built-in library, overlaid with models saved in the
workshop (a saved model with a built-in's id is that model's newer version).

A model saved in the workshop always starts in "modelling", whatever state its YAML declares:
the lifecycle is moved only by promotion, by a role allowed to (courtqc.web.roles).
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb

from courtqc.models.library import (
    CompiledModel,
    ModelError,
    builtin_models,
    compile_model,
    load_dir,
    parse_model,
)

WORKSHOP_STATE = "modelling"


class Registry:
    def __init__(self, models_dir: Path | None = None):
        self.extra: list[CompiledModel] = list(load_dir(models_dir)) if models_dir else []
        self._compiled: dict[tuple[str, str], CompiledModel] = {}
        self._lock = threading.Lock()
        # Bumped on every save or state change, so cached runners (the node checker) rebuild.
        self.generation = 0

    def bump(self) -> None:
        with self._lock:
            self.generation += 1

    def compile_text(self, text: str, file: str = "<工坊>") -> CompiledModel:
        """Validate and compile a workshop YAML text (state forced to modelling)."""
        model, doc = parse_model(text, file)
        model.state = WORKSHOP_STATE
        return compile_model(model, doc, file)

    def _workshop(self, con: duckdb.DuckDBPyConnection) -> list[CompiledModel]:
        rows = con.execute(
            """SELECT model_id, arg_max(model_version, saved_at), arg_max(yaml, saved_at)
               FROM workshop_models GROUP BY model_id ORDER BY model_id"""
        ).fetchall()
        out = []
        for mid, ver, text in rows:
            with self._lock:
                cm = self._compiled.get((mid, ver))
            if cm is None:
                try:
                    cm = self.compile_text(text, f"<工坊:{mid}>")
                except ModelError:  # saved under an older schema; skipped, not fatal
                    continue
                with self._lock:
                    self._compiled[(mid, ver)] = cm
            out.append(cm)
        return out

    def all(self, con: duckdb.DuckDBPyConnection) -> list[CompiledModel]:
        by_id: dict[str, CompiledModel] = {m.id: m for m in builtin_models()}
        for m in self.extra:
            by_id[m.id] = m
        for m in self._workshop(con):
            by_id[m.id] = m
        return list(by_id.values())

    def find(self, con: duckdb.DuckDBPyConnection, model_id: str) -> CompiledModel | None:
        for m in self.all(con):
            if m.id == model_id:
                return m
        return None

    def source_text(self, con: duckdb.DuckDBPyConnection, cm: CompiledModel) -> str | None:
        row = con.execute(
            "SELECT yaml FROM workshop_models WHERE model_id = ? AND model_version = ?",
            [cm.id, cm.version],
        ).fetchone()
        if row:
            return row[0]
        p = Path(cm.source)
        return p.read_text(encoding="utf-8") if p.is_file() else None

    def is_workshop(self, con: duckdb.DuckDBPyConnection, cm: CompiledModel) -> bool:
        return bool(
            con.execute(
                "SELECT count(*) FROM workshop_models WHERE model_id = ? AND model_version = ?",
                [cm.id, cm.version],
            ).fetchone()[0]
        )

    def save(
        self, con: duckdb.DuckDBPyConnection, text: str, by: str
    ) -> tuple[CompiledModel, bool]:
        """Store a workshop version; (model, new) — new is False when the same logic was saved."""
        import datetime as dt

        # Microseconds: the latest save is the current version, also for two saves in a second.
        now = dt.datetime.now
        cm = self.compile_text(text)
        exists = con.execute(
            "SELECT count(*) FROM workshop_models WHERE model_id = ? AND model_version = ?",
            [cm.id, cm.version],
        ).fetchone()[0]
        if exists:
            con.execute(
                """UPDATE workshop_models SET yaml = ?, saved_by = ?, saved_at = ?
                   WHERE model_id = ? AND model_version = ?""",
                [text, by, now(), cm.id, cm.version],
            )
        else:
            con.execute(
                "INSERT INTO workshop_models VALUES (?, ?, ?, ?, ?)",
                [cm.id, cm.version, text, by, now()],
            )
        with self._lock:
            self._compiled[(cm.id, cm.version)] = cm
        self.bump()
        return cm, not exists
