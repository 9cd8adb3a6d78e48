"""The inputs that crashed or hung courtqc (issue 16), regenerated from their descriptions.

Nothing here is a stored binary blob: each entry is built from a sentence of the issue, so the
corpus says what it covers and can grow by a line. `load_corpus()` gives files for
`courtqc load`, `extract_corpus()` texts and JSONL records for `courtqc extract`. The fuzz
tests (tests/fuzz) and the bench campaign (bench/fuzz_campaign.py) both use them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

CASES_HEADER = (
    "case_id,case_no,year,court_code,type_code,seq,family,procedure,filing_date,status,current_node"
)
GOOD_CASE = "1,（2024）沪0115民初1号,2024,沪0115,民初,1,civil,first,2024-01-05,pending,filing"


@dataclass(frozen=True)
class Sample:
    name: str  # file name: the table it loads into and the format
    data: bytes
    why: str  # the words


def _case(i: int, court: str = "沪0115", family: str = "civil", status: str = "pending") -> str:
    return (
        f"{i},（2024）沪0115民初{i}号,2024,{court},民初,{i},{family},first,2024-01-05,"
        f"{status},filing"
    )


def _jcase(i: int, **over: object) -> dict:
    rec: dict[str, object] = dict(zip(CASES_HEADER.split(","), _case(i).split(","), strict=True))
    rec.update(over)
    return rec


def _lines(recs: list[dict]) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n"


def _deep(n: int) -> str:
    return "[" * n + "]" * n


def load_corpus() -> list[Sample]:
    """Files for `courtqc load` (each named after its table)."""
    csv = CASES_HEADER + "\n" + GOOD_CASE + "\n"
    jsonl = _lines([_jcase(1), _jcase(2)])
    garbage = "\n".join(
        [
            CASES_HEADER,
            _case(1),
            _case(2, court="ZZ9999"),
            _case(3, family="朝三暮四"),
            _case(4, status="\x01\x02"),
            _case(5, court="'; DROP TABLE cases; --"),
            _case(6),
        ]
    )
    return [
        Sample(
            "cases.csv",
            ("case_no," + CASES_HEADER + "\n（2024）沪0115民初1号," + GOOD_CASE + "\n").encode(),
            "a duplicate header column gives an Arrow error",
        ),
        Sample("cases.csv", csv.encode("gbk"), "GBK (as CSV)"),
        Sample("cases.json", json.dumps([_jcase(1)], ensure_ascii=False).encode("gbk"), "GBK JSON"),
        Sample("cases.jsonl", jsonl.encode("gbk"), "GBK JSONL"),
        Sample("cases.jsonl", jsonl.encode("utf-16"), "UTF-16 JSONL"),
        Sample("cases.json", json.dumps([_jcase(1)]).encode("utf-16-le"), "UTF-16 without BOM"),
        Sample("cases.csv", csv.encode("utf-16"), "UTF-16 CSV"),
        Sample("cases.json", bytes(range(256)) * 8, "binary JSON"),
        Sample("cases.jsonl", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary JSONL"),
        Sample("cases.csv", bytes(range(256)) * 8, "the same bytes as CSV"),
        Sample("cases.json", _deep(100_000).encode(), "deeply nested JSON"),
        Sample(
            "cases.jsonl",
            (_lines([_jcase(1)]) + _deep(100_000) + "\n" + _lines([_jcase(2)])).encode(),
            "deeply nested JSONL line among good ones",
        ),
        Sample(
            "cases.jsonl",
            _lines([_jcase(1, court_code={"a": [1, {"b": 2}]}), _jcase(2)]).encode(),
            "a nested value where a column wants one value",
        ),
        Sample(
            "cases.jsonl",
            ('{"case_id": 1, "case_id": 2}\n' + _lines([_jcase(3)])).encode(),
            "a key twice in one JSON record",
        ),
        Sample("cases.csv", garbage.encode(), "garbage in court_code, family and status"),
        Sample(
            "cases.jsonl",
            _lines([_jcase(1, case_id=99999999999999999999999), _jcase(2, seq=2**64)]).encode(),
            "values out of range",
        ),
        Sample("cases.csv", b"", "an empty file"),
        Sample("cases.jsonl", "\ufeff".encode() + jsonl.encode(), "JSONL with a UTF-8 BOM"),
        Sample("cases.parquet", b"PAR1" + bytes(100) + b"PAR1", "a broken Parquet file"),
    ]


#: a short criminal judgment in the courts' layout (tests/test_extract.py has longer ones)
JUDGMENT = (
    "上海市浦东新区人民法院\n刑事判决书\n（2023）沪0115刑初101号\n"
    "公诉机关上海市浦东新区人民检察院。\n被告人张三，男，1990年1月1日出生。\n"
    "本院认为，被告人张三犯盗窃罪。依照《中华人民共和国刑法》第二百六十四条、"
    "第六十七条第三款之规定，判决如下：\n被告人张三犯盗窃罪，判处有期徒刑一年。\n"
    "审判长　王五\n二〇二三年三月十日\n书记员　赵六\n"
)


#: Chinese text that keeps a document with a long run of digits Chinese enough to be read
PAD = "本院认为被告人的行为构成犯罪应予处罚。" * 600


def tabs_in_citation(n: int = 1500) -> str:
    """'1,500 tabs inside a citation take 86 s on a 1.7 KB judgment'."""
    i = JUDGMENT.index("第六十七条")
    return JUDGMENT[:i] + "\t" * n + JUDGMENT[i:]


def extract_texts() -> list[tuple[str, str]]:
    """(why, text) for `courtqc extract` on one document."""
    cite = JUDGMENT.index("第二百六十四条") + len("第二百六十四条")
    case_no = JUDGMENT.index("101号")
    return [
        ("1,500 tabs inside a citation", tabs_in_citation()),
        ("1,500 spaces after an article", JUDGMENT[:cite] + " " * 1500 + JUDGMENT[cite:]),
        ("1,500 tabs inside the case number", JUDGMENT[:case_no] + "\t" * 1500 + JUDGMENT[case_no:]),
        ("3,000 newlines in the operative part", JUDGMENT.replace("判决如下：\n", "判决如下：" + "\n" * 3000)),
        ("a lone surrogate in the text", JUDGMENT.replace("张三", "张\ud800三")),
        # found by bench/fuzz_campaign.py: date arithmetic on a 30-digit term overflowed, and a
        # 5,000-digit amount could not be written as JSON
        ("a 30-digit term", JUDGMENT.replace("有期徒刑一年", "有期徒刑" + "9" * 30 + "个月")),
        ("a 5,000-digit fine", JUDGMENT.replace("一年。", "一年，并处罚金" + "9" * 5000 + "元。") + PAD),
    ]  # fmt: skip


def extract_jsonl() -> list[tuple[str, bytes]]:
    """(why, JSONL bytes) for `courtqc extract FILE --text-field text`: every record but the
    bad ones must come out."""
    good = json.dumps({"id": 1, "text": JUDGMENT}, ensure_ascii=False)
    surrogate = '{"id": 2, "text": "' + JUDGMENT.replace("\n", "\\n") + '\\ud800"}'
    deep = '{"id": 3, "text": ' + _deep(50_000) + "}"
    deep_top = _deep(100_000)
    many = "\n".join([good] * 3 + [surrogate] + [good] * 3)
    return [
        ("a lone surrogate (\\ud800) in a JSONL record", (many + "\n").encode()),
        ("deeply nested JSON", "\n".join([good, deep, deep_top, good]).encode()),
        ("JSONL in GB18030", (good + "\n" + good + "\n").encode("gb18030")),
        ("JSONL in UTF-16", (good + "\n").encode("utf-16")),
        ("a source field with a lone surrogate", ('{"id": "\\udfff", "text": ' + json.dumps(JUDGMENT) + "}\n").encode()),
        ("binary JSONL", b"\x00\x01\x02" * 100),
    ]  # fmt: skip
