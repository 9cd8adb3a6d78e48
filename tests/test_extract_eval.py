"""The extraction scorer (eval/score_extraction.py) and the labelled real-judgment set.

Three layers:
1. the scorer's arithmetic on tiny hand-made inputs, so that it cannot silently lie;
2. the labels file: size, composition, and that every label points at a real document whose
   text carries the labelled values (skipped where ../shared is absent);
3. the extractor on the real set against the issue's F1 targets, one test per field, so that
   each gap is reported on its own (skipped until courtqc.extract.extract exists).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))  # eval/ holds scripts

import real_texts as rt
import score_extraction as ev

LABELS = ev.DEFAULT_LABELS


def run(label: dict, pred: dict) -> ev.Report:
    rec = ev.LabelRecord("judge_criminal_fulltext.jsonl", "k", "criminal", "first", label)
    return ev.score([rec], {rec.key: "text"}, lambda _text: pred)


def prf(report: ev.Report, field: str) -> tuple:
    s = report.fields[field]
    return (s.tp, s.fp, s.fn)


# --- 1. arithmetic -------------------------------------------------------------------------

FULL_LABEL = {
    "case_no": "（2017）沪0120刑初684号",
    "court": "上海市奉贤区人民法院",
    "doc_kind": "刑事判决书",
    "procedure": "first",
    "decision_date": "2017-06-28",
    "prosecutor": "上海市奉贤区人民检察院",
    "clerk": "唐婷",
    "judges": [{"role": "审判长", "name": "李晓杰"}, {"role": "人民陪审员", "name": "王五"}],
    "parties": [{"role": "被告人", "name": "张3"}, {"role": "被告人", "name": "李4"}],
    "defendants": [
        {
            "name": "张3",
            "charges": ["诈骗", "盗窃"],
            "penalty": "fixed_term",
            "term_months": 7,
            "probation_months": 12,
            "fine_yuan": 30000,
        },
        {
            "name": "李4",
            "charges": ["诈骗"],
            "penalty": "criminal_detention",
            "term_months": 4,
            "probation_months": None,
            "fine_yuan": None,
        },
    ],
    "cited_articles": [
        {"law": "中华人民共和国刑法", "article": 266},
        {"law": "中华人民共和国刑法", "article": 67},
    ],
    "main_text_items": [{"payer": "张3", "payee": "王某", "amount_yuan": 2000}],
}


def test_perfect_prediction_scores_one_everywhere():
    r = run(FULL_LABEL, json.loads(json.dumps(FULL_LABEL)))
    for f in ev.FIELDS:
        if f == "cause":  # not labelled here
            assert r.fields[f].docs == 0
            continue
        s = r.fields[f]
        assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0), f
        assert s.fp == s.fn == 0, f
    assert prf(r, "judges") == (2, 0, 0)
    assert prf(r, "charges") == (3, 0, 0)
    assert prf(r, "probation") == (1, 0, 0)  # only one defendant has probation
    assert prf(r, "fine") == (1, 0, 0)


def test_empty_prediction_misses_everything_and_claims_nothing():
    r = run(FULL_LABEL, {})
    assert prf(r, "case_no") == (0, 0, 1)
    assert r.fields["case_no"].precision is None
    assert r.fields["case_no"].recall == 0.0
    assert r.fields["case_no"].f1 == 0.0
    assert prf(r, "judges") == (0, 0, 2)
    assert prf(r, "charges") == (0, 0, 3)
    assert prf(r, "penalty_term") == (0, 0, 2)
    assert prf(r, "main_text_money") == (0, 0, 1)


def test_empty_label_and_empty_prediction_score_nothing():
    r = run({"judges": [], "decision_date": None, "main_text_items": []}, {})
    for f in ("judges", "decision_date", "main_text_money"):
        s = r.fields[f]
        assert (s.tp, s.fp, s.fn, s.docs) == (0, 0, 0, 1)
        assert s.f1 is None  # nothing to measure is not a perfect score


def test_partial_prediction_counts_each_kind_of_error():
    pred = {
        "case_no": "(2017)沪0120刑初685号",  # wrong: one FP and one FN
        "court": None,  # missed: FN only
        "prosecutor": "上海市奉贤区人民检察院",
        "judges": [
            {"role": "presiding_judge", "name": "李晓杰"},
            {"role": "judge", "name": "王五"},
        ],  # role wrong for 王五
        "parties": [{"role": "被告人", "name": "张3"}],
        "cited_articles": [
            {"law": "刑法", "article": 266},
            {"law": "刑法", "article": 266},
            {"law": "刑法", "article": 264},
        ],
    }
    r = run(FULL_LABEL, pred)
    assert prf(r, "case_no") == (0, 1, 1)
    assert prf(r, "court") == (0, 0, 1)
    assert prf(r, "prosecutor") == (1, 0, 0)
    assert prf(r, "judges") == (1, 1, 1)
    s = r.fields["judges"]
    assert s.precision == pytest.approx(0.5) and s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(0.5)
    assert prf(r, "parties") == (1, 0, 1)
    assert r.fields["parties"].f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    # 266 cited twice is one citation; 264 is wrong; 67 is missed.
    assert prf(r, "cited_articles") == (1, 1, 1)


def test_value_where_label_says_absent_is_a_false_positive():
    r = run(
        {"decision_date": None, "judges": []},
        {"decision_date": "2020-01-01", "judges": [{"role": "审判员", "name": "甲"}]},
    )
    assert prf(r, "decision_date") == (0, 1, 0)
    assert prf(r, "judges") == (0, 1, 0)
    assert r.fields["decision_date"].precision == 0.0
    assert r.fields["decision_date"].recall is None


def test_unlabelled_field_is_not_scored():
    r = run(
        {"case_no": "（2017）沪0120刑初684号"},
        {"court": "某法院", "judges": [{"role": "审判员", "name": "甲"}]},
    )
    assert r.fields["court"].docs == 0 and prf(r, "court") == (0, 0, 0)
    assert r.fields["judges"].docs == 0


def test_micro_average_sums_counts_over_documents():
    recs = [
        ev.LabelRecord(
            "judge_criminal_fulltext.jsonl",
            str(i),
            "criminal",
            "first",
            {"judges": [{"role": "审判员", "name": n} for n in names]},
        )
        for i, names in enumerate([["甲"], ["乙", "丙", "丁"]])
    ]
    preds = {"0": [{"role": "审判员", "name": "甲"}], "1": [{"role": "审判员", "name": "乙"}]}
    texts = {r.key: r.record_key for r in recs}
    rep = ev.score(recs, texts, lambda key: {"judges": preds[key]})
    assert prf(rep, "judges") == (2, 0, 2)
    assert rep.fields["judges"].recall == pytest.approx(0.5)  # not the mean of 1.0 and 1/3


def test_normalisation_is_fair_but_strict():
    label = {
        "case_no": "（2014）甬奉刑再字第00002号",
        "doc_kind": "刑事判决书",
        "cause": "民间借贷纠纷",
        "clerk": "文英玲",
        "parties": [{"role": "上诉人", "name": "葛尕女"}, {"role": "原审被告人", "name": "袁某"}],
        "cited_articles": [
            {"law": "中华人民共和国刑法", "article": 67},
            {"law": "最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释", "article": 389},
            {"law": "最高人民法院关于适用财产刑若干问题的规定", "article": 2},
        ],
    }
    pred = {
        "case_no": "〔2014〕甬奉刑再字第００００２号",  # other brackets, full-width digits
        "doc_kind": "判决书",
        "cause": "民间借贷",
        "clerk": "文　英　玲",  # spaced out with ideographic spaces
        "parties": [
            {"role": "appellant", "name": "葛尕女"},
            {"role": "criminal_defendant", "name": "袁某"},
        ],
        "cited_articles": [
            {"law": "《刑法》", "article": "67"},
            {"law": "最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释", "article": 389},
            {"law": "关于适用财产刑若干问题的规定", "article": 2},
        ],
    }
    r = run(label, pred)
    for f in ("case_no", "doc_kind", "cause", "clerk"):
        assert prf(r, f) == (1, 0, 0), f
    assert prf(r, "parties") == (2, 0, 0)
    assert prf(r, "cited_articles") == (3, 0, 0)
    # 原告 is plaintiff (not 告 after dropping a 原审-style prefix); 原审原告 is plaintiff too
    assert ev.norm_party_role("原告") == ev.norm_party_role("原审原告") == "plaintiff"
    assert ev.norm_party_role("被上诉人（原审被告）") == "appellee"
    assert ev.norm_case_no("(2019豫0721行初15号") == ev.norm_case_no("（2019）豫0721行初0015号")
    assert ev.norm_case_no("（2017）沪0120刑初684号") != ev.norm_case_no("（2017）沪120刑初684号")
    # strict: a different name or article number is wrong
    r = run(label, {"clerk": "文英", "cited_articles": [{"law": "刑法", "article": 68}]})
    assert prf(r, "clerk") == (0, 1, 1)
    assert prf(r, "cited_articles") == (0, 1, 3)


def test_criminal_fields_align_defendants_and_skip_recited_sentences():
    label = {
        "defendants": [
            {
                "name": "王某某",
                "charges": ["盗窃"],
                "penalty": "fixed_term",
                "term_months": 6,
                "probation_months": None,
                "fine_yuan": 2000,
            }
        ]
    }
    pred = {
        "defendants": [
            # the first-instance sentence recited in a second-instance judgment: not scored
            {
                "name": "王某某",
                "charges": ["盗窃罪"],
                "penalty": "fixed_term",
                "term_months": 8,
                "fine_yuan": 3000,
                "from_original": True,
            },
            # spelled differently, but the only defendant on both sides
            {
                "name": "王某",
                "charges": ["盗窃罪"],
                "penalty": "fixed_term",
                "term_months": 6,
                "fine_yuan": 2000.0,
                "from_original": False,
            },
        ]
    }
    r = run(label, pred)
    for f in ("charges", "penalty_term", "fine"):
        assert prf(r, f) == (1, 0, 0), f
    assert prf(r, "probation") == (0, 0, 0)
    # a wrong term is wrong even when the penalty kind is right
    pred["defendants"][1]["term_months"] = 7
    assert prf(run(label, pred), "penalty_term") == (0, 1, 1)


def test_money_items_match_on_amount_and_payer_and_ignore_costs():
    label = {
        "main_text_items": [
            {"payer": "孙某、吕某", "amount_yuan": 200000},
            {"payer": "孙某、吕某", "amount_yuan": 63264},
            {"payer": None, "amount_yuan": 500},
        ]
    }
    pred = {
        "main_text_items": [
            {"payer": "被告吕某、孙某", "amount_yuan": "200,000.00", "kind": "principal"},
            {"payer": "孙某", "amount_yuan": 63264, "kind": "interest"},  # payer incomplete
            {"payer": "原告", "amount_yuan": 500, "kind": "other"},  # label has no payer: any
            {"payer": "孙某、吕某", "amount_yuan": 5249, "kind": "costs"},  # court costs: ignored
            {"payer": "孙某、吕某", "amount_yuan": 263264, "kind": "principal"},  # a total: wrong
        ]
    }
    assert prf(run(label, pred), "main_text_money") == (2, 2, 1)


def test_report_flags_targets_and_keeps_error_examples():
    r = run(FULL_LABEL, {"case_no": "（2017）沪0120刑初684号", "judges": []})
    d = r.as_dict()
    assert d["targets"]["case_no"]["met"] is True
    assert d["targets"]["judges"]["met"] is False
    assert d["errors"]["judges"][0]["fn"] == 2
    md = ev.markdown(r)
    assert "| case number 案号 | 1.000 | 1.000 | 1.000 |" in md
    assert "NOT met" in md


def test_extractor_exception_is_reported_not_fatal():
    rec = ev.LabelRecord(
        "judge_criminal_fulltext.jsonl", "k", "criminal", "first", {"case_no": "x"}
    )

    def boom(_text):
        raise RuntimeError("bad")

    r = ev.score([rec], {rec.key: "t"}, boom)
    assert r.failures and "bad" in r.failures[0]["error"]
    assert prf(r, "case_no") == (0, 0, 1)


def test_bad_labels_file_names_file_line_and_field(tmp_path):
    p = tmp_path / "labels.jsonl"
    p.write_text(
        '{"source_file": "judge_criminal_fulltext.jsonl", "record_key": "a", '
        '"family": "criminal", "instance": "first", "labels": {}}\n'
        '{"source_file": "judge_criminal_fulltext.jsonl", "record_key": "b"}\n',
        encoding="utf-8",
    )
    with pytest.raises(ev.LabelError, match=r"labels\.jsonl:2.*'family'"):
        ev.load_labels(p)
    assert ev.main(["--labels", str(p)]) == 2


def test_missing_share_skips_with_a_message(tmp_path, capsys):
    assert ev.main(["--labels", str(LABELS), "--real", str(tmp_path)]) == 0
    assert "real judgments not available" in capsys.readouterr().err


# --- 2. the labelled set -------------------------------------------------------------------


@pytest.fixture(scope="module")
def records() -> list[ev.LabelRecord]:
    return ev.load_labels(LABELS)


def test_labelled_set_size_and_composition(records):
    assert len(records) >= 150
    fam = Counter(r.family for r in records)
    assert fam["criminal"] >= 60 and fam["civil"] >= 60 and fam["administrative"] >= 30
    inst = Counter((r.family, r.instance) for r in records)
    for f in ev.FAMILIES:
        assert inst[(f, "first")] > 0 and inst[(f, "second")] > 0, f
    how = Counter(h.split("(")[0].split("+")[0] for r in records for h in r.how.values())
    assert how["dataset:simucourt"] > 0 and how["read"] > 0


def test_labels_hold_values_not_text(records):
    """No copy of the real documents in the repo: every labelled string is short."""

    def strings(v):
        if isinstance(v, str):
            yield v
        elif isinstance(v, dict):
            for x in v.values():
                yield from strings(x)
        elif isinstance(v, list):
            for x in v:
                yield from strings(x)

    longest = max((s for r in records for s in strings(r.labels)), key=len)
    assert len(longest) < 120, longest


def test_every_label_resolves_to_a_real_document(records, real_dir: Path):
    texts = rt.load_texts(real_dir, [r.key for r in records])
    missing = [r.key for r in records if r.key not in texts]
    assert not missing, f"labels point at records absent from {real_dir}: {missing[:5]}"


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def test_labelled_values_are_in_their_documents(records, real_dir: Path):
    """Labels are read off the documents: case number, court, names and amounts must occur
    in the text they label (a check on the labelling itself)."""
    texts = {k: _squash(t) for k, t in rt.load_texts(real_dir, [r.key for r in records]).items()}
    problems = []
    for r in records:
        t, L = texts[r.key], r.labels
        wanted = [L.get("case_no"), L.get("court"), L.get("prosecutor"), L.get("clerk")]
        wanted += [j["name"] for j in L.get("judges") or []]
        wanted += [p["name"] for p in L.get("parties") or []]
        wanted += [c for d in L.get("defendants") or [] for c in d["charges"]]
        for v in wanted:
            if v and _squash(v) not in t:
                problems.append((r.record_key, v))
    assert not problems, problems[:10]


def test_simucourt_line_keys_still_point_at_the_same_cases(records, real_dir: Path):
    by_line = dict(rt.iter_source(real_dir, rt.SIMUCOURT_FILE))
    for r in records:
        if r.source_file == rt.SIMUCOURT_FILE:
            assert by_line[r.record_key]["案号"].strip() == r.labels["case_no"], r.record_key


def test_simucourt_text_is_deterministic_and_ordered(real_dir: Path):
    recs = dict(rt.iter_source(real_dir, rt.SIMUCOURT_FILE))
    rec = recs["line:181"]  # a criminal appeal
    a, b = rt.simucourt_text(rec), rt.simucourt_text(dict(rec))
    assert a == b
    lines = a.split("\n")
    assert lines[2] == "刑事判决书" and lines[3] == rec["案号"].strip()
    assert lines[4].startswith("上诉人（原审被告人）")
    i_basis = next(i for i, x in enumerate(lines) if x.endswith("判决如下："))
    assert lines[i_basis + 1].startswith("一、维持")
    assert a.index("一审法院依照") < a.rindex("本院认为") < a.rindex("判决如下：")


# --- 3. the extractor against the issue's targets ------------------------------------------


@pytest.fixture(scope="module")
def report(real_dir: Path) -> ev.Report:
    return ev.evaluate(LABELS, real_dir)


@pytest.mark.parametrize("field", sorted(ev.TARGETS, key=list(ev.FIELDS).index))
def test_extraction_meets_issue_target(report: ev.Report, field: str):
    s = report.fields[field]
    target = ev.TARGETS[field]
    worst = "\n".join(
        f"  {e['record']}: label {json.dumps(e['label'], ensure_ascii=False)[:160]} "
        f"→ predicted {json.dumps(e['predicted'], ensure_ascii=False)[:160]}"
        for e in s.errors[:5]
    )
    assert (s.f1 or 0.0) >= target, (
        f"{field}: F1 {s.f1 if s.f1 is None else round(s.f1, 3)} < target {target} "
        f"(P {s.precision}, R {s.recall}; TP {s.tp} FP {s.fp} FN {s.fn} over {s.docs} docs)\n"
        f"worst examples:\n{worst}"
    )
