"""Model definitions: YAML loading with locations, validation, SQL safety, compilation."""

from __future__ import annotations

import textwrap

import pytest

from courtqc.models import ModelError, builtin_models, load_model_text
from courtqc.models.conditions import compile_conditions
from courtqc.models.definition import ConditionLogic
from courtqc.models.lifecycle import allowed_next
from courtqc.models.sqlcheck import SqlProblem, check_select
from courtqc.operators import allowed_tables, columns_of

BASE = """\
id: demo_model
title: {{zh: 演示, en: Demo}}
category: procedure
nodes: [filing]
message: "案件{{case_no}}命中"
legal_basis: [某法第1条]
state: live
logic:
{logic}
"""


def model_text(logic: str) -> str:
    return BASE.format(logic=textwrap.indent(textwrap.dedent(logic).strip("\n"), "  "))


def problems(text: str) -> list:
    with pytest.raises(ModelError) as ei:
        load_model_text(text, "m.yaml")
    return ei.value.problems


def test_valid_sql_model_compiles():
    cm = load_model_text(model_text("sql: SELECT case_id FROM cases WHERE status = 'pending'"))
    assert cm.id == "demo_model"
    assert cm.columns == ["case_id"]
    assert cm.tables == {"cases"}


def test_yaml_syntax_error_names_line():
    text = model_text("sql: SELECT case_id FROM cases") + "bad: [unclosed\n"
    (p,) = problems(text)
    assert p.file == "m.yaml" and p.line == 11 and "语法" in p.message


def test_unknown_field_names_field_and_line():
    text = model_text("sql: SELECT case_id FROM cases").replace(
        "state: live", "state: live\nsevrity: high"
    )
    (p,) = problems(text)
    assert p.field == "sevrity" and p.line == 8 and "未知字段" in p.message


def test_bad_value_and_missing_field():
    text = model_text("sql: SELECT case_id FROM cases").replace(
        "category: procedure", "category: gossip"
    )
    text = text.replace("legal_basis: [某法第1条]\n", "")
    ps = {p.field: p for p in problems(text)}
    assert ps["category"].line == 3
    assert "legal_basis" in ps and "缺少" in ps["legal_basis"].message


def test_unknown_node_rejected():
    text = model_text("sql: SELECT case_id FROM cases").replace("[filing]", "[lunch]")
    (p,) = problems(text)
    assert p.field == "nodes" and "lunch" in p.message


@pytest.mark.parametrize(
    "sql, fragment",
    [
        ("DELETE FROM cases", "DELETE"),
        ("INSERT INTO cases SELECT * FROM cases", "INSERT"),
        ("DROP TABLE cases", "DROP"),
        ("UPDATE cases SET status = 'closed'", "UPDATE"),
        ("CREATE TABLE x AS SELECT 1", "CREATE"),
        ("PRAGMA database_list", "PRAGMA"),
        ("ATTACH 'x.db' AS x", "ATTACH"),
        ("COPY cases TO 'out.csv'", "COPY"),
        ("SELECT case_id FROM cases; DELETE FROM cases", "一条"),
        ("SELECT * FROM alerts", "alerts"),
        ("SELECT * FROM users", "users"),
        ("SELECT * FROM truth_anomalies", "truth_anomalies"),
        ("SELECT * FROM main.cases", "带库名"),
        ("SELECT * FROM read_csv('/etc/passwd')", "read_csv"),
        ("SELECT * FROM 'secret.csv'", "secret.csv"),
        ("SELECT getenv('HOME') AS case_id", "getenv"),
        ("SELECT * FROM query('select 1')", "query"),
        ("SELECT case_id FROM cases WHERE case_id IN (SELECT case_id FROM alerts)", "alerts"),
        ("WITH a AS (SELECT * FROM credentials) SELECT * FROM a", "credentials"),
    ],
)
def test_sql_safety(sql, fragment):
    with pytest.raises(SqlProblem) as ei:
        check_select(sql, allowed_tables(), {"op_party_frequency"})
    assert fragment.lower() in str(ei.value).lower()


def test_refused_sql_reported_with_file_and_field():
    (p,) = problems(model_text("sql: DELETE FROM cases"))
    assert p.field == "logic.sql" and p.line == 9


def test_sql_syntax_error_line_maps_into_file():
    logic = """
    sql: |
      SELECT case_id
      FROM cases
      WHERE (status = 'x'
    """
    (p,) = problems(model_text(logic))
    assert p.field == "logic.sql" and "语法" in p.message
    assert p.line is not None and p.line >= 10


def test_unknown_column_caught_before_running():
    (p,) = problems(model_text("sql: SELECT case_id FROM cases WHERE no_such_column = 1"))
    assert "does not bind" in p.message


def test_sql_must_return_case_id():
    (p,) = problems(model_text("sql: SELECT case_no FROM cases"))
    assert "case_id" in p.message


def test_placeholder_must_be_returned():
    text = model_text("sql: SELECT case_id FROM cases").replace(
        "案件{case_no}命中", "{missing_col}"
    )
    (p,) = problems(text)
    assert p.field == "message" and "missing_col" in p.message


def test_condition_unknown_field_names_path():
    logic = """
    conditions:
      subject: op_fine_check
      where:
        all:
          - {field: fine_yuan, op: gt, value: 1}
          - {field: fine_yen, op: gt, value: 1}
    """
    (p,) = problems(model_text(logic))
    assert p.field == "logic.conditions.where.all.1.field"
    assert p.line == 14 and "fine_yen" in p.message


def test_condition_bad_op_and_shape():
    logic = """
    conditions:
      subject: cases
      where: {field: status, op: resembles, value: x}
    """
    (p,) = problems(model_text(logic))
    assert "unknown op" in p.message
    logic2 = """
    conditions:
      subject: cases
      where: {all: [], field: status, op: eq, value: x}
    """
    assert "exactly one" in problems(model_text(logic2))[0].message


def test_python_operator_must_be_registered():
    (p,) = problems(model_text("python: {operator: no_such_operator}"))
    assert p.field == "logic.python.operator" and "no_such_operator" in p.message


def test_logic_needs_exactly_one_kind():
    p = problems(model_text("sql: SELECT case_id FROM cases\npython: {operator: x}"))[0]
    assert "exactly one" in p.message


def _compile(where: dict, subject: str = "cases") -> str:
    cl = ConditionLogic.model_validate({"subject": subject, "where": where})
    return compile_conditions(cl, set(columns_of(subject)))


def test_condition_compiler_ops():
    import duckdb

    from courtqc.schema import create_schema

    con = duckdb.connect()
    create_schema(con)
    con.execute(
        "INSERT INTO cases (case_id, case_no, year, court_code, type_code, seq, family, procedure,"
        " cause_name, filing_date, closing_date, status, current_node, claim_amount) VALUES"
        " (1, 'a', 2023, '沪0115', '民初', 1, 'civil', 'first', '民间借贷纠纷', DATE '2023-01-01', NULL, 'pending', 'filing', 5000),"
        " (2, 'b', 2023, '沪0115', '民初', 2, 'civil', 'first', '买卖合同纠纷', DATE '2023-02-01', DATE '2023-03-01', 'closed', 'closing', 20000),"
        " (3, 'c', 2023, '沪0101', '刑初', 3, 'criminal', 'first', '盗窃罪', DATE '2023-03-01', DATE '2023-09-01', 'closed', 'closing', NULL)"
    )

    def hits(where: dict) -> list[int]:
        return sorted(r[0] for r in con.execute(_compile(where)).fetchall())

    assert hits({"field": "family", "op": "eq", "value": "civil"}) == [1, 2]
    assert hits({"field": "family", "op": "ne", "value": "civil"}) == [3]
    assert hits({"field": "court_code", "op": "in", "value": ["沪0101"]}) == [3]
    assert hits({"field": "court_code", "op": "not_in", "value": ["沪0101"]}) == [1, 2]
    assert hits({"field": "claim_amount", "op": "between", "value": [1000, 6000]}) == [1]
    assert hits({"field": "cause_name", "op": "contains", "value": "合同"}) == [2]
    assert hits({"field": "cause_name", "op": "not_contains", "value": "合同"}) == [1, 3]
    assert hits({"field": "cause_name", "op": "regex", "value": "^民间.*纠纷$"}) == [1]
    assert hits({"field": "cause_name", "op": "starts_with", "value": "盗"}) == [3]
    assert hits({"field": "closing_date", "op": "is_null"}) == [1]
    assert hits({"field": "claim_amount", "op": "gt", "value": 10000}) == [2]
    # NULL comparisons are false; `not` of a false leaf is true.
    assert hits({"not": {"field": "claim_amount", "op": "gt", "value": 10000}}) == [1, 3]
    assert hits({"any": [{"field": "family", "op": "eq", "value": "criminal"},
                         {"field": "claim_amount", "op": "lt", "value": 6000}]}) == [1, 3]  # fmt: skip
    # value from another field of the row
    assert hits({"field": "closing_date", "op": "gt",
                 "value": {"ref": "filing_date", "add_days": 100}}) == [3]  # fmt: skip
    assert hits({"field": "closing_date", "op": "le", "value": "2023-03-01"}) == [2]
    # count within a window: cases of the same family filed within 40 days (self included)
    w = {"op": "count_within_window", "value": 2,
         "window": {"partition": ["family"], "date": "filing_date", "days": 40}}  # fmt: skip
    assert hits(w) == [1, 2]
    w["window"]["where"] = {"field": "status", "op": "eq", "value": "closed"}
    assert hits(w) == []


def test_version_covers_behaviour_not_cosmetics():
    """Title, logic, nodes ... are a new version (tests/security/test_versions.py has every
    field); the author's revision number, the declared state and the layout are not."""
    a = load_model_text(model_text("sql: SELECT case_id FROM cases"))
    b = load_model_text(model_text("sql: SELECT case_id FROM cases").replace("演示", "演示二"))
    c = load_model_text(model_text("sql: SELECT case_id FROM cases WHERE year > 2000"))
    d = load_model_text(
        model_text("sql: SELECT case_id FROM cases").replace(
            "state: live", "state: proposed\nversion: 3  # 注释"
        )
    )
    assert len({a.version, b.version, c.version}) == 3
    assert d.version == a.version


@pytest.mark.parametrize(
    "sql, fragment",
    [
        ("WITH truth_anomalies AS (SELECT 1 AS case_id) SELECT * FROM truth_anomalies, truth_anomalies t2", None),
        ("SELECT * FROM (WITH truth_anomalies AS (SELECT 1) SELECT * FROM truth_anomalies) s, truth_anomalies", "truth_anomalies"),
        ("WITH users AS (SELECT * FROM users) SELECT * FROM users", "users"),
        ("SELECT * FROM information_schema.tables", "带库名"),
        ("SELECT getvariable('x') AS case_id", "getvariable"),
        ("SELECT " + "(" * 5000 + "1" + ")" * 5000 + " AS case_id", "嵌套过深"),
    ],
)  # fmt: skip
def test_sql_checker_resolves_ctes_by_scope(sql, fragment):
    if fragment is None:
        check_select(sql, allowed_tables(), set())
        return
    with pytest.raises(SqlProblem, match=fragment):
        check_select(sql, allowed_tables(), set())


def test_lifecycle_transitions():
    assert allowed_next("proposed") == ("modelling", "retired")
    assert "live" in allowed_next("embedding_test")
    assert "live" not in allowed_next("modelling")
    assert allowed_next("retired") == ("modelling",)


def test_builtin_library_is_valid_and_large_enough():
    ms = builtin_models()
    assert len(ms) >= 25
    for m in ms:
        assert m.model.legal_basis and m.model.message
    kinds = {m.model.logic.kind for m in ms}
    assert kinds == {"sql", "conditions", "python"}


def test_every_anomaly_scenario_has_a_model():
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[1] / "docs" / "ANOMALIES.md").read_text(
        encoding="utf-8"
    )
    scenarios = set(re.findall(r"^\| `(\w+)` \|", doc, re.M))
    declared = {s for m in builtin_models() for s in m.model.scenarios}
    assert scenarios and scenarios <= declared, scenarios - declared


def test_not_found_is_not_found_error_not_key_error():
    """An unknown model, Python operator or operator view is `NotFound` (404 / exit 2), never
    a KeyError a caller must unpack (issue 14)."""
    from courtqc.errors import NotFound
    from courtqc.models import pyops
    from courtqc.models.library import find
    from courtqc.operators import TABLE_MACROS, VIEWS, view_body

    with pytest.raises(NotFound, match="unknown model") as ei:
        find(builtin_models(), "no_such_model")
    assert not isinstance(ei.value, KeyError)
    with pytest.raises(NotFound, match=r"no_such_operator.*known: .*extract_checks"):
        pyops.get("no_such_operator")
    with pytest.raises(NotFound):
        pyops.reads("no_such_operator")
    assert view_body(VIEWS[0]).upper().lstrip("( \n").startswith(("SELECT", "WITH", "FROM"))
    for name in ("no_such_view", TABLE_MACROS[0]):
        with pytest.raises(NotFound, match="not an operator view"):
            view_body(name)


def test_models_cli_reports_refusals_without_traceback(tmp_path):
    from typer.testing import CliRunner

    from courtqc.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["models", "show", "no_such_model"])
    assert r.exit_code == 2 and "未知模型" in r.output and "Traceback" not in r.output
    missing = tmp_path / "missing.duckdb"
    r = runner.invoke(
        app, ["models", "promote", "dead_party", "--to", "retired", "--db", str(missing),
              "--by", "x"],
    )  # fmt: skip
    assert r.exit_code == 2 and "数据库不存在" in r.output and not missing.exists()
    r = runner.invoke(app, ["models", "list", "--db", str(missing)])
    assert r.exit_code == 2 and "数据库不存在" in r.output


# ---------------------------------------------------------------- relative dates (days_since)


def _as_of_con(day: str):  # type: ignore[no-untyped-def]
    """A store with three cases and the engine's as_of() macro set to `day`."""
    import datetime as dt

    import duckdb

    from courtqc import operators
    from courtqc.schema import create_schema

    con = duckdb.connect()
    create_schema(con)
    con.execute(
        "INSERT INTO cases (case_id, case_no, year, court_code, type_code, seq, family, procedure,"
        " filing_date, status, current_node) VALUES"
        " (1, 'a', 2022, '沪0115', '民初', 1, 'civil', 'first', DATE '2022-01-01', 'pending', 'filing'),"
        " (2, 'b', 2023, '沪0115', '民初', 2, 'civil', 'first', DATE '2023-01-01', 'pending', 'filing'),"
        " (3, 'c', 2023, '沪0115', '民初', 3, 'civil', 'first', DATE '2023-06-30', 'pending', 'filing')"
    )
    operators.install(con, dt.date.fromisoformat(day))
    return con


def test_days_since_counts_to_the_runs_day_not_the_wall_clock():
    from courtqc.models.conditions import subject_columns

    where = {"days_since": "filing_date", "op": "gt", "value": 365}
    cl = ConditionLogic.model_validate({"subject": "cases", "where": where})
    sql = compile_conditions(cl, subject_columns("cases"))
    assert "as_of()" in sql.lower() and "now" not in sql.lower()
    # 立案距今 > 365 天, as of two different days: the answer follows the run's day
    assert sorted(r[0] for r in _as_of_con("2023-07-01").execute(sql).fetchall()) == [1]
    assert sorted(r[0] for r in _as_of_con("2024-07-01").execute(sql).fetchall()) == [1, 2, 3]
    between = {"days_since": "filing_date", "op": "between", "value": [0, 1]}
    cl2 = ConditionLogic.model_validate({"subject": "cases", "where": between})
    con = _as_of_con("2023-07-01")
    assert con.execute(compile_conditions(cl2, subject_columns("cases"))).fetchall() == [(3,)]


@pytest.mark.parametrize(
    "leaf,field,needle",
    [
        ("{days_since: filing_dat, op: gt, value: 365}", "where.all.0.days_since", "filing_dat"),
        ("{days_since: status, op: gt, value: 365}", "where.all.0.days_since", "status"),
        ("{days_since: filing_date, op: gt, value: a year}", "where.all.0.value", "whole days"),
        ("{days_since: filing_date, op: contains, value: 3}", "where.all.0", "days_since"),
        ("{days_since: filing_date, field: status, op: gt, value: 3}", "where.all.0", "not both"),
    ],
)
def test_days_since_refusals_name_the_field(leaf, field, needle):
    logic = f"""
    conditions:
      subject: cases
      where:
        all:
          - {leaf}
    """
    (p,) = problems(model_text(logic))
    assert p.field == "logic.conditions." + field and p.line == 13
    assert needle in p.message


def test_days_since_round_trips_through_yaml():
    import yaml

    logic = """
    conditions:
      subject: cases
      where:
        any:
          - {days_since: filing_date, op: ge, value: 365}
          - not: {days_since: closing_date, op: is_null}
    """
    cm = load_model_text(model_text(logic))
    dumped = cm.model.model_dump(mode="json", by_alias=True, exclude_none=True)
    again = load_model_text(yaml.safe_dump(dumped, allow_unicode=True))
    assert again.model == cm.model and again.sql == cm.sql and again.version == cm.version
    leaf = dumped["logic"]["conditions"]["where"]["any"][0]
    assert leaf == {"days_since": "filing_date", "op": "ge", "value": 365}


def test_days_since_matches_python_date_arithmetic_for_any_day():
    """Property: for any filing date, run day, op and threshold, the compiled condition holds
    exactly where Python's (as_of - filing).days compares so."""
    import datetime as dt
    import operator

    import duckdb
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from courtqc.models.conditions import subject_columns

    cols = subject_columns("cases")
    ops = {"eq": operator.eq, "ne": operator.ne, "gt": operator.gt, "ge": operator.ge,
           "lt": operator.lt, "le": operator.le}  # fmt: skip
    con = _as_of_con("2023-07-01")
    days = st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))

    @settings(max_examples=60, deadline=None)
    @given(filing=days, as_of=days, op=st.sampled_from(sorted(ops)), n=st.integers(-400, 4000))
    def check(filing: dt.date, as_of: dt.date, op: str, n: int) -> None:
        cl = ConditionLogic.model_validate(
            {"subject": "cases", "where": {"days_since": "filing_date", "op": op, "value": n}}
        )
        sql = compile_conditions(cl, cols)
        cur = con.cursor()
        cur.execute(f"CREATE OR REPLACE TEMP MACRO as_of() AS DATE '{as_of.isoformat()}'")
        cur.execute("UPDATE cases SET filing_date = ? WHERE case_id = 1", [filing])
        got = 1 in {r[0] for r in cur.execute(sql).fetchall()}
        assert got == ops[op]((as_of - filing).days, n)

    check()
    assert isinstance(con, duckdb.DuckDBPyConnection)


def test_every_field_and_op_has_a_label():
    """The builder shows words, not codes: a label (zh and en) for every field of every subject
    a model may read (models/labels.yaml) and for every condition operator."""
    import duckdb

    from courtqc.models.conditions import subject_columns
    from courtqc.models.definition import CONDITION_OPS
    from courtqc.models.labels import field_label, labels

    lab = labels()
    assert set(lab.ops) == set(CONDITION_OPS)
    missing = set()
    for name in allowed_tables():
        try:
            cols = subject_columns(name)
        except duckdb.Error:
            continue
        missing |= {c for c in cols if c not in lab.fields}
    assert not missing, f"labels.yaml lacks: {sorted(missing)}"
    assert field_label("filing_date") == "立案日期" and field_label("side", "en") == "side"


def test_served_yaml_says_the_lifecycles_state():
    from courtqc.models.yamlstate import with_state

    text = "id: m\nowner_court: 沪\nstate: modelling  # set by the workshop\nlogic:\n  sql: |\n    SELECT 1\n"
    out = with_state(text, "live")
    assert "state: live\n" in out and "modelling" not in out
    assert out.replace("state: live", "state: modelling  # set by the workshop") == text
    assert "owner_court: 沪\nstate: review_rollout\n" in with_state(
        "id: m\nowner_court: 沪\n", "review_rollout"
    )
    with pytest.raises(ValueError):
        with_state(text, "flying")
