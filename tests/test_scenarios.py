"""Issue 17: the workflow-node catalogue as data, and the report scenarios' models against their
planted positives and near misses (the whole library's fixture is test_engine_builtin)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from courtqc.domain import nodes
from courtqc.engine.review import review
from courtqc.engine.testing import TinyCourt
from courtqc.errors import InvalidInput
from courtqc.models import builtin_models
from courtqc.models.nodes_doc import render_nodes_doc
from courtqc.synth.scenarios import SCENARIOS
from tests.support.scenario_cases import add_report_cases

ROOT = Path(__file__).resolve().parents[1]


def test_catalogue_has_forty_nodes_with_petition_and_side_steps():
    ids = set(nodes.NODES)
    assert len(ids) >= 40
    for n in ("petition_intake", "service", "preservation", "appraisal", "audit",
              "jurisdiction_transfer", "suspension", "resumption", "committee", "retrial_filing",
              "pre_filing_mediation", "archiving", "enf_resumption"):  # fmt: skip
        assert n in ids, n
    assert [n.id for n in nodes.TRIAL_NODES][:2] == ["pre_filing_mediation", "filing"]
    assert nodes.node_name("petition_intake") == "信访登记"


def test_a_court_adds_a_node_by_file_and_a_bad_file_is_named(tmp_path):
    f = tmp_path / "ours.yaml"
    f.write_text("nodes:\n  - {id: mediation_review, zh: 调解审查, track: trial, order: 5.91, "
                 "stage: trial}\n", encoding="utf-8")  # fmt: skip
    cat = nodes.load_catalogue(f)
    assert cat["mediation_review"].name_zh == "调解审查" and "filing" in cat
    bad = tmp_path / "bad.yaml"
    bad.write_text("nodes:\n  - {id: x1, zh: 甲, track: moon, order: 1, stage: trial}\n",
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(InvalidInput, match="track"):
        nodes.load_catalogue(bad)


def test_nodes_doc_is_generated_from_the_catalogue():
    doc = (ROOT / "docs" / "NODES.md").read_text(encoding="utf-8")
    assert doc == render_nodes_doc(), "python -m courtqc.models.nodes_doc > docs/NODES.md"


def test_library_binds_report_models_to_their_nodes():
    ms = {m.id: m.model for m in builtin_models()}
    for s in SCENARIOS:
        assert s in ms and s in ms[s].scenarios
        assert set(ms[s].nodes) <= set(nodes.NODES)
    points = sum(len(m.nodes) for m in ms.values() if "*" not in m.nodes)
    assert points >= 90


@pytest.fixture(scope="module")
def report_court():
    t = TinyCourt()
    exp: dict[str, tuple[list[int], list[int]]] = {}
    add_report_cases(t, exp)
    models = [m for m in builtin_models() if m.id in SCENARIOS]
    res = review(t.con, models, model_ids=[m.id for m in models], as_of=dt.date(2026, 6, 30),
                 save=False)  # fmt: skip
    return exp, {r.model_id: r for r in res.runs}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_report_model_hits_planted_and_spares_near_misses(report_court, scenario):
    exp, runs = report_court
    pos, neg = exp[scenario]
    assert pos and neg
    run = runs[scenario]
    assert run.status == "ok", run.error
    hit = {a.case_id for a in run.alerts}
    assert set(pos) <= hit and not set(neg) & hit
    assert all("{" not in a.message for a in run.alerts)
