"""The legal rules against real judgments (../shared/data/real; skipped where absent)."""

from __future__ import annotations

import json
import re
from datetime import date

from courtqc.domain.cnnum import CnNumberError, parse_cn_date, parse_duration_months
from courtqc.law.civil_procedure import check_interest_wording
from courtqc.law.sentencing import term_end_from

# "判处有期徒刑一年，（刑期…）即自2017年4月28日起至2018年4月27日止"
_TERM = re.compile(
    r"判处(?:有期徒刑|拘役)([^，,。（(]{1,12}?)[，,（(].{0,120}?即自(.{6,20}?)起至(.{6,20}?)止"
)


def test_term_end_convention_matches_real_judgments(real_dir):
    # Start + term − 1 day is UNVERIFIED in docs/DOMAIN.md §4.7; real judgments state both ends.
    # Mismatches come from custody breaks, bail, and the regex pairing clauses of different
    # defendants, so most — not all — statements must match.
    matched = total = 0
    with open(real_dir / "judge_criminal_fulltext.jsonl", encoding="utf-8") as f:
        for line in f:
            for m in _TERM.finditer(json.loads(line)["fd"]):  # fd: the full document
                try:
                    months = parse_duration_months(m.group(1))
                    start, end = parse_cn_date(m.group(2)), parse_cn_date(m.group(3))
                except CnNumberError:
                    continue
                total += 1
                matched += term_end_from(start, months) == end
    assert total >= 100
    assert matched / total >= 0.75, f"{matched}/{total} real end dates follow the convention"


def test_real_late_interest_clauses_pass(real_dir):
    # Judgments with a case number of 2013–2020 were decided under the 2012/2017 law (Art. 253).
    checked = 0
    with open(real_dir / "cail2020_sfzy_civil_fulltext_sample.jsonl", encoding="utf-8") as f:
        for line in f:
            text = "".join(s["sentence"] for s in json.loads(line)["text"])
            year = re.search(r"（(\d{4})）", text)
            if not year or not 2013 <= int(year.group(1)) <= 2020 or "第二百五十三条" not in text:
                continue
            main = text.split("判决如下", 1)[-1].split("如不服本判决")[0]
            findings = check_interest_wording(main, date(int(year.group(1)), 12, 31))
            assert [f.code for f in findings] == [], main[:200]
            checked += 1
    assert checked >= 5
