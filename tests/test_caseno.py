from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtqc.domain.caseno import (
    TYPE_CODES,
    CaseNumber,
    CaseNumberError,
    find_case_numbers,
    format_case_no,
    parse_case_no,
    type_code_info,
)
from courtqc.domain.courts import COURTS

CN = CaseNumber


@pytest.mark.parametrize(
    ("text", "expected", "canonical"),
    [
        ("（2024）沪0115民初1234号", CN(2024, "沪0115", None, "民初", 1234, None, False), None),
        ("(2023)陕0881刑初439号", CN(2023, "陕0881", None, "刑初", 439), "（2023）陕0881刑初439号"),
        ("〔2024〕沪01民终7号", CN(2024, "沪01", None, "民终", 7), "（2024）沪01民终7号"),
        (
            "（２０２４）沪０１１５执恢１２号",
            CN(2024, "沪0115", None, "执恢", 12),
            "（2024）沪0115执恢12号",
        ),
        ("（2019）沪73知民初12号", CN(2019, "沪73", "知", "民初", 12), None),
        ("（2018）沪01民初937号之三", CN(2018, "沪01", None, "民初", 937, 3), None),
        ("（2023）沪民终216号", CN(2023, "沪", None, "民终", 216), None),
        ("（2019）最高法知民终1号", CN(2019, "最高法", "知", "民终", 1), None),
        ("（2015）沪一中民保字第7号之一", CN(2015, "沪一中", None, "民保", 7, 1, True), None),
        ("（2014）民一终字第174号", CN(2014, "", None, "民一终", 174, None, True), None),
        ("（2013）临罗刑一初字第81号", CN(2013, "临罗", None, "刑一初", 81, None, True), None),
        ("（2015）嘉刑速初字第5号", CN(2015, "嘉", None, "刑速初", 5, None, True), None),
        ("（2015）潍刑二终字第188号", CN(2015, "潍", None, "刑二终", 188, None, True), None),
        ("格刑初字第117号", CN(None, "格", None, "刑初", 117, None, True), None),
        (
            "（2014）烈刑初字第00034号",
            CN(2014, "烈", None, "刑初", 34, None, True),
            "（2014）烈刑初字第34号",
        ),
        (
            "（2016）黑0882刑初字33号",
            CN(2016, "黑0882", None, "刑初", 33, None, True),
            "（2016）黑0882刑初字第33号",
        ),
        ("（2019豫0721行初15号", CN(2019, "豫0721", None, "行初", 15), "（2019）豫0721行初15号"),
        ("（2021）川0181行赔初17号", CN(2021, "川0181", None, "行赔初", 17), None),
    ],
)
def test_parse_examples(text, expected, canonical):
    c = parse_case_no(text)
    assert c == expected
    assert str(c) == (canonical or text)
    assert parse_case_no(str(c)) == c


def test_families_and_procedures():
    assert parse_case_no("（2024）沪0115民初1234号").family == "civil"
    assert parse_case_no("（2019）沪73知民初12号").family == "ip"
    assert parse_case_no("（2024）沪0115执恢3号").procedure == "enforcement"
    assert parse_case_no("（2015）潍刑二终字第188号").procedure == "second"
    assert parse_case_no("（2014）秦刑再终字第3号").procedure == "retrial"
    assert type_code_info("刑速初") == type_code_info("刑速初")
    assert type_code_info("刑速初").family == "criminal"
    assert type_code_info("民破").family == "bankruptcy"
    with pytest.raises(CaseNumberError, match="类型代字"):
        type_code_info("某某")


def test_type_code_table():
    for code, info in TYPE_CODES.items():
        assert info.code == code and info.meaning_zh
        assert info.procedure in {
            "first", "second", "retrial", "retrial_review", "enforcement",
            "bankruptcy", "special", "preservation", "other",
        }  # fmt: skip


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        ("", "为空"),
        ("沪0115民初1234号", "收案年度"),
        ("（2024）沪0115民初号", "无法识别"),
        ("（24）沪0115民初1号", "四位年份"),
        ("（2024）嘉民初1号", "法院代字"),
        ("（2024）沪0115民初1234", "号"),
        ("（2024）沪0115民初0号", "大于0"),
    ],
)
def test_parse_errors(bad, fragment):
    with pytest.raises(CaseNumberError, match=fragment):
        parse_case_no(bad)


def test_format_examples_and_errors():
    assert format_case_no(2024, "沪0115", "民初", 1234) == "（2024）沪0115民初1234号"
    assert format_case_no(2019, "沪73", "民初", 12, specialist="知") == "（2019）沪73知民初12号"
    assert format_case_no(2018, "沪01", "民初", 937, suffix=3) == "（2018）沪01民初937号之三"
    assert format_case_no(2018, "沪01", "民初", 937, suffix=12) == "（2018）沪01民初937号之十二"
    for kwargs in (
        {"year": 1800},
        {"court_code": "嘉定"},
        {"type_code": "M1"},
        {"seq": 0},
        {"suffix": 0},
        {"specialist": "知识"},
    ):
        args = {"year": 2024, "court_code": "沪0115", "type_code": "民初", "seq": 1} | kwargs
        with pytest.raises(CaseNumberError):
            format_case_no(**args)


case_parts = st.tuples(
    st.integers(1990, 2099),
    st.sampled_from([c.code for c in COURTS] + ["最高法", "粤0307", "兵08", "京73"]),
    st.sampled_from(sorted(TYPE_CODES)),
    st.integers(1, 99_999_999),
    st.sampled_from([None, None, "知"]),
    st.one_of(st.none(), st.integers(1, 30)),
)


@given(case_parts)
def test_format_parse_round_trip(parts):
    year, court, type_code, seq, specialist, suffix = parts
    text = format_case_no(year, court, type_code, seq, specialist=specialist, suffix=suffix)
    assert parse_case_no(text) == CN(year, court, specialist, type_code, seq, suffix, False)


_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


@given(case_parts, st.sampled_from(["()", "〔〕", "（）", "[]"]), st.booleans())
def test_variant_writings_parse_the_same(parts, brackets, fullwidth):
    year, court, type_code, seq, specialist, suffix = parts
    canonical = format_case_no(year, court, type_code, seq, specialist=specialist, suffix=suffix)
    variant = brackets[0] + canonical[1:5] + brackets[1] + canonical[6:]
    if fullwidth:
        variant = variant.translate(_FULLWIDTH_DIGITS)
    assert str(parse_case_no(variant)) == canonical


@given(
    st.lists(case_parts, min_size=1, max_size=4),
    st.text(alphabet="，。本院认为原告诉称 依照判决如下：", max_size=8),
)
def test_find_case_numbers_returns_spans(parts_list, filler):
    pieces, expected = [], []
    pos = 0
    for year, court, type_code, seq, specialist, suffix in parts_list:
        text = format_case_no(year, court, type_code, seq, specialist=specialist, suffix=suffix)
        chunk = filler + "，见" + text + "民事判决书。"
        start = pos + len(filler) + 2
        expected.append((text, start, start + len(text)))
        pieces.append(chunk)
        pos += len(chunk)
    doc = "".join(pieces)
    found = find_case_numbers(doc)
    assert [(str(c), s, e) for c, s, e in found] == expected
    assert all(doc[s:e] == t for t, s, e in expected)


def test_find_skips_other_document_numbers():
    text = "公诉机关以沪浦检刑诉（2017）1363号起诉书指控，本院于（2017）沪0115刑初1706号案中。格刑初字第117号"
    found = find_case_numbers(text)
    assert [str(c) for c, _, _ in found] == ["（2017）沪0115刑初1706号", "格刑初字第117号"]
    _c, s, e = found[0]
    assert text[s:e] == "（2017）沪0115刑初1706号"


def _read_jsonl(path):
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_every_real_simucourt_case_number_parses(real_dir):
    path = real_dir / "simucourt_judgments_sectioned.jsonl"
    if not path.exists():
        pytest.skip(f"{path} absent")
    records = _read_jsonl(path)
    assert len(records) > 100
    for i, rec in enumerate(records, 1):
        c = parse_case_no(rec["案号"])
        assert c.year is not None and c.type_info.family, f"row {i}: {rec['案号']}"
        # The canonical form parses back to the same number.
        assert parse_case_no(str(c)) == c


def test_every_real_judgment_heading_has_its_case_number(real_dir):
    path = real_dir / "judge_criminal_fulltext.jsonl"
    if not path.exists():
        pytest.skip(f"{path} absent")
    records = _read_jsonl(path)
    assert len(records) > 100
    old_style = 0
    for i, rec in enumerate(records, 1):
        head = rec["fd"][:400]
        found = find_case_numbers(head)
        assert found, f"row {i}: no case number in {head[:120]!r}"
        c, s, e = found[0]
        assert head[s:e].endswith("号") and c.type_info.family in {"criminal", "ip"}, (
            f"row {i}: {head[s:e]}"
        )
        assert parse_case_no(head[s:e]) == c
        old_style += c.old_style
    assert old_style > 20  # the file's pre-2016 numbers are read too
