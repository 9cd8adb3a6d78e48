"""The extractor never crashes: any text gives an Extraction or a clear ExtractInputError.
Hypothesis feeds it random text, shuffled judgment fragments and mangled real-layout
documents (~20 s in CI)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courtqc.extract import ExtractInputError, extract

from .test_extract import CIVIL, CRIMINAL, OLD_STYLE, SECOND

# The phrases the readers key on, so random documents reach deep into every reader.
FRAGMENTS = [
    "上海市浦东新区人民法院", "刑事判决书", "民 事 判 决 书", "裁定书", "调解书", "（2023）沪0115刑初101号",
    "格刑初字第117号", "(2015)东刑初字第0106号", "公诉机关", "被告人", "原告：", "被告：", "上诉人（原审被告）",
    "委托诉讼代理人：", "法定代表人：", "辩护人", "一案", "起诉书指控", "向本院提起公诉", "诉讼请求：", "辩称",
    "经审理查明", "本院认为", "依照《中华人民共和国刑法》第二百六十四条、第六十七条第三款之规定", "《刑法》第",
    "判决如下：", "裁定如下", "一、", "二、", "犯盗窃罪", "判处有期徒刑一年六个月", "缓刑二年", "拘役十五日",
    "并处罚金人民币五千元", "决定执行", "剥夺政治权利终身", "免予刑事处罚", "无罪", "维持", "撤销", "即自",
    "2023年1月5日起至2024年7月4日止", "同年2月8日", "次日", "于本判决生效之日起十日内", "支付", "偿还原告",
    "100,000元", "以100000元为基数", "按年利率12%计算", "案件受理费2300元", "由被告负担", "如不服本判决",
    "本判决为终审判决", "审判长", "审判员", "人民陪审员", "二〇二三年三月十日", "二O一八年五月二十八日", "书记员",
    "附：相关法律条文", "《", "》", "（", "）", "，", "。", "；", "：", "\n", " ", "　", "１２３", "×××", "某某",
]  # fmt: skip

fragments = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=60).map("".join)


def _mangle(doc: str, cuts: list[tuple[int, int]], noise: str) -> str:
    out = doc
    for a, b in cuts:
        a, b = sorted((a % (len(out) + 1), b % (len(out) + 1)))
        out = out[:a] + noise + out[b:]
    return out


mangled = st.builds(
    _mangle,
    st.sampled_from([CRIMINAL, CIVIL, OLD_STYLE, SECOND]),
    st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 4000)), max_size=4),
    st.text(max_size=6),
)


def _ok(text: str) -> None:
    try:
        ex = extract(text, checks=True)
    except ExtractInputError as e:
        assert str(e)  # a clear message, never an empty one
        return
    json.dumps(ex.to_dict(), ensure_ascii=False, default=str)
    for p in ex.info_points:
        assert p.start is None or 0 <= p.start <= p.end <= len(text)
    secs = ex.sections
    assert not secs or (secs[0].start == 0 and secs[-1].end == len(text))


_settings = settings(max_examples=2500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    _ok(text)


@_settings
@given(fragments)
def test_shuffled_fragments(text: str) -> None:
    _ok(text)


@_settings
@given(mangled)
def test_mangled_documents(text: str) -> None:
    _ok(text)
