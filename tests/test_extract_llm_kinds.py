"""The few-shot LLM backend for the pattern kinds (courtqc.extract.llm_kinds), against a local
OpenAI-compatible server (http.server on 127.0.0.1, the stub of test_extract_llm): one prompt
block per kind with its examples from the labelled bank, only kinds the rules missed are
asked for, answers validated like rule output, provenance marked."""

from __future__ import annotations

import pytest

from courtqc.extract import extract
from courtqc.extract.llm import LLMError
from courtqc.extract.llm_kinds import (
    Example,
    example_bank,
    fill_kinds,
    kind_prompt,
    load_bank,
)
from courtqc.extract.points import PATTERNS

from .test_extract_llm import _Server

# A judgment whose phrasing the rules do not read for these kinds (the model's job).
TEXT = (
    "上海市浦东新区人民法院\n民事判决书\n（2023）沪0115民初100号\n"
    "原告：张三，男，1980年1月1日出生，汉族，住上海市。\n被告：李四，男，1981年2月2日出生，汉族，住上海市。\n"
    "原告张三与被告李四民间借贷纠纷一案，本院于2023年1月5日立案后，依法适用简易程序，公开开庭进行了审理。\n"
    "原告张三向本院提出诉讼请求：判令被告偿还借款10000元。\n"
    "经审理查明：被告所借款项系打入其招商银行上海分行的卡中，被告从2022年5月1日那天起就没有再还过钱。"
    "李四的父亲李大为此事作了担保并签了名。\n"
    "本院认为，合法的借贷关系受法律保护。依照《中华人民共和国民法典》第六百七十五条之规定，判决如下：\n"
    "被告李四于本判决生效之日起十日内偿还原告张三借款10000元。\n案件受理费50元，由被告李四负担。\n"
    "审判员王五\n二〇二三年三月一日\n书记员赵六"
)
KINDS = ["loan.overdue_since", "guarantee.guarantor", "loan.repayment_method", "filing_date"]


def test_prompt_per_kind_with_examples_and_valid_answers_only() -> None:
    bank = {"loan.overdue_since": [Example("被告自2021年3月1日起未按期还款。", "2021-03-01")]}
    answer = {
        "loan.overdue_since": "2022-05-01",
        "guarantee.guarantor": "李大",
        "loan.repayment_method": "每月还一点",  # not one of the rule's codes: dropped
        "filing_date": "2020-01-01",  # the rules found it: never asked, never used
    }
    srv = _Server(answer)
    ex = extract(TEXT)
    assert ex.point("filing_date") == "2023-01-05"
    with srv as cfg:
        filled = fill_kinds(ex, TEXT, cfg, kinds=KINDS, bank=bank)
    assert filled == ["loan.overdue_since", "guarantee.guarantor"]
    got = {p.key: p for p in ex.info_points if p.rule.startswith("llm:")}
    assert got["loan.overdue_since"].value == "2022-05-01"
    assert got["guarantee.guarantor"].value == "李大"
    assert TEXT[got["guarantee.guarantor"].start : got["guarantee.guarantor"].end] == "李大"
    assert ex.point("filing_date") == "2023-01-05"
    (req,) = srv.requests
    prompt = req["json"]["messages"][-1]["content"].split("文书：")[0]
    assert (
        "【loan.overdue_since】逾期起始日" in prompt and "被告自2021年3月1日起未按期还款" in prompt
    )
    assert "【loan.repayment_method】" in prompt and "equal_instalments" in prompt  # the codes
    assert "filing_date" not in prompt


def test_text_answers_must_be_copied_from_the_document() -> None:
    with _Server({"guarantee.guarantor": "王老五", "mortgage.property": None}) as cfg:
        ex = extract(TEXT)
        assert fill_kinds(ex, TEXT, cfg, kinds=["guarantee.guarantor", "mortgage.property"]) == []


def test_batches_and_errors() -> None:
    srv = _Server({})
    with srv as cfg:
        ex = extract(TEXT)
        fill_kinds(ex, TEXT, cfg, kinds=[r.key for r in PATTERNS[:45]], per_call=20, bank={})
        with pytest.raises(LLMError, match="not pattern kinds"):
            fill_kinds(ex, TEXT, cfg, kinds=["case_no"])
    asked = {r.key for r in PATTERNS[:45]} - {p.key for p in extract(TEXT).info_points}
    assert len(srv.requests) == -(-len(asked) // 20)


def test_bank_from_labelled_documents_and_the_shipped_bank() -> None:
    labelled = [(TEXT.replace("被告所借款项", "被告自2022年5月1日起未按期还款。被告所借款项"),
                 {"loan.overdue_since": ["2022-05-01"], "filing_date": ["2023-01-05"]})]  # fmt: skip
    bank = example_bank(labelled)
    assert [e.value for e in bank["loan.overdue_since"]] == ["2022-05-01"]
    assert "未按期还款" in bank["loan.overdue_since"][0].sentence
    assert (
        "filing_date" in bank and "guarantee.guarantor" not in bank
    )  # only what the label confirms
    shipped = load_bank()
    assert len(shipped) >= 150, len(shipped)  # eval/llm_examples.py over the synthetic set
    assert "例：" in kind_prompt("contract.deposit", shipped["contract.deposit"])
