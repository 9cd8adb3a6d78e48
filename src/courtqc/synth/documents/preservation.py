"""Follow-up rulings (之N): the preservation ruling of a civil suit whose plaintiff had property
preserved during the suit, numbered with the suit's number and 之一, 之二 …"""

from __future__ import annotations

from dataclasses import replace

from courtqc.domain.caseno import format_case_no, parse_case_no
from courtqc.synth.documents.courts import _Courts
from courtqc.synth.documents.paragraphs import (
    _collegial,
    _heading,
    _names,
    _of,
    _party_lines,
)
from courtqc.synth.documents.records import (
    _Case,
)
from courtqc.synth.documents.text import (
    _CPL_2022,
    _CPL_2024,
    _ad,
    _money,
    _Var,
)

_PRESERVATION_LAW = (
    "第一百条、第一百零二条、第一百零三条第一款",  # 民事诉讼法 2017
    "第一百零三条、第一百零五条、第一百零六条第一款",  # 2021 and 2023 amendments
    "第一百零三条、第一百零五条、第一百零六条第一款",
)


def _preservation_fee(amount: str | None) -> int:
    """申请费 for a preservation (诉讼费用交纳办法 Art. 14(2)): 30 yuan up to 1,000, then 1 % to
    100,000 and 0.5 % above, at most 5,000."""
    x = float(amount or 0)
    fee = 30 + max(min(x, 100_000) - 1000, 0) * 0.01 + max(x - 100_000, 0) * 0.005
    return int(min(fee, 5000) + 0.5)


def _suffixed(case_no: str, n: int) -> str:
    """The suit's number with 之N (（2023）沪0115民初1234号之一)."""
    k = parse_case_no(case_no)
    return format_case_no(k.year, k.court_code, k.type_code, k.seq, k.specialist, suffix=n)


def _preservation_ruling(
    c: _Case, courts: _Courts, v: _Var, n: int, day: int, amount: str | None, names: list[str]
) -> list[str]:
    """民事裁定书 (之N) preserving the respondents' property during the suit."""
    r = replace(c, case_no=_suffixed(c.case_no, n), closing=day, decided=None)
    P, D = _of(c, "plaintiff"), _of(c, "defendant")
    A = _names(P)
    # the respondents as this suit writes them (the 执保 case may spell them differently)
    written = {p.name.replace(" ", "").replace("\u3000", ""): p.name for p in D}
    B = "、".join(written.get(x.replace(" ", "").replace("\u3000", ""), x) for x in names)
    money = _money(amount)
    era = 0 if day < _CPL_2022 else (1 if day < _CPL_2024 else 2)
    lines = _heading(r, courts, "民事裁定书", v, None)
    lines += _party_lines(r, v, courts, {})
    lines.append(
        f"原告{A}与被告{_names(D)}{c.cause or '合同纠纷'}一案，本院于{_ad(c.filing)}立案。"
        f"原告{A}于{_ad(day)}向本院提出财产保全申请，请求对被告{B}名下价值{money}元的财产"
        f"采取保全措施，并{v.pick(('已提供担保', '以保险公司出具的保函提供担保'))}。"
    )
    lines.append(
        f"本院经审查认为，原告{A}的申请符合法律规定。依照《中华人民共和国民事诉讼法》"
        f"{_PRESERVATION_LAW[era]}之规定，裁定如下："
    )
    lines.append(f"冻结被告{B}名下银行存款{money}元或查封、扣押其相应价值的财产。")
    lines.append(f"申请费{_preservation_fee(amount)}元，由原告{A}负担。")
    lines.append("本裁定立即开始执行。")
    lines.append(
        "如不服本裁定，可以自收到裁定书之日起五日内向本院申请复议一次。复议期间不停止裁定的执行。"
    )
    lines += courts.signatures(r, v, _collegial(c), jurors=True)
    return lines
