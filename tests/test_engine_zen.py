"""The JDM export of condition-tree models gives GoRules ZEN the same answer as the SQL engine."""

from __future__ import annotations

import json

import zen

from courtqc.engine.run import Scope, run_model
from courtqc.engine.zen_export import exportable, input_fields, to_decision, zen_row
from courtqc.models import builtin_models
from courtqc.operators import install


def test_zen_agrees_with_sql_on_every_condition_model():
    from tests.test_engine_builtin import AS_OF, build_court

    t, _ = build_court()
    cur = t.con.cursor()
    install(cur, AS_OF)
    models = [m for m in builtin_models() if exportable(m)]
    assert len(models) >= 6
    engine = zen.ZenEngine()
    for m in models:
        decision = engine.create_decision(json.dumps(to_decision(m), ensure_ascii=False))
        cl = m.model.logic.conditions
        fields = input_fields(m)
        rel = cur.execute(f"SELECT {', '.join(fields)} FROM {cl.subject}")
        zen_cases = set()
        for values in rel.fetchall():
            row = zen_row(fields, values)
            if decision.evaluate(row)["result"]["hit"]:
                zen_cases.add(row["case_id"])
        sql_run = run_model(cur, m, Scope())
        assert zen_cases == {x.case_id for x in sql_run.alerts}, m.id
        assert zen_cases, f"{m.id}: the fixture court should make it fire"
