"""Cited statutes: 《中华人民共和国刑法》第二百六十六条、第二十三条、第六十七条第三款 → one
{law, article} per article, with the law name normalised (《刑法》 → 中华人民共和国刑法)."""

from __future__ import annotations

import re

from courtqc.extract.model import CitedArticle
from courtqc.extract.text import read_int

_NUM = r"[0-9零〇一二两三四五六七八九十百千]+"
_CN_SMALL = r"[一二三四五六七八九十]+"
_QUAL = (
    rf"(?:\s*+(?:[、,和及与]|以及)?\s*+第\s*+{_NUM}\s*+(?:条款|[款项])"
    rf"|\s*+(?:[、,和及与]|以及)?\s*+第?\s*+[(（]{_CN_SMALL}[)）]\s*+项?"
    rf"|\s*+(?:[、,和及与]|以及)?\s*+第?\s*+{_NUM}(?:\s*+[、,和及]\s*+{_NUM})*\s*+[款项])"
)
_ARTICLE = re.compile(
    rf"\s*+(?:[、,和及与]|以及)?\s*+第?\s*+(?P<list>{_NUM}(?:\s*+[、,]\s*+{_NUM})*)\s*+"
    rf"(?:(?P<tiao>条)|(?=第\s*+{_NUM}\s*+款))(?:\s*+之\s*+(?P<suf>{_CN_SMALL}))?(?:{_QUAL})*"
    # a short gloss after the article (第六十七条坦白、第五十二条罚金、… / 第二百三十六条［强奸罪］),
    # never the next citation (…第一款及第七十三条第二款、…)
    rf"(?:(?:(?!第|及|和|以及)[\u4e00-\u9fff]){{1,10}}?(?=[、,]\s*+第)|\s*+[\[【][^\[\]【】]{{1,20}}[\]】])?"
)
_QUOTE = re.compile(r"\s*+:?\s*+“[^”]{0,1500}”")
_QUAL_QUOTED = re.compile(rf"\s*+(?:[、,和及与]|以及)?\s*+第?\s*+{_NUM}\s*+[款项](?=\s*+:?\s*+“)")
_INTERP_HEAD = re.compile(
    r"(?:最高人民(?:法院|检察院)(?:[、和与]最高人民(?:法院|检察院))?)?关于[\u4e00-\u9fff]{0,20}$"
)
_INTERP_TAIL = re.compile(
    r"的?(?:若干问题的)?(?:解释|规定|意见|批复)(?:\([一二三四五六七八九十]\))?"
)
_VERSION = re.compile(r"[(（][^()（）]{0,20}(?:修正|修订|年|版)[^()（）]{0,10}[)）]$")
# Well-known national laws cited by their short name.
_NATIONAL_SHORT = frozenset(
    [
        "刑法",
        "刑事诉讼法",
        "民法典",
        "民事诉讼法",
        "行政诉讼法",
        "合同法",
        "民法通则",
        "民法总则",
        "物权法",
        "担保法",
        "侵权责任法",
        "婚姻法",
        "继承法",
        "收养法",
        "劳动法",
        "劳动合同法",
        "劳动争议调解仲裁法",
        "公司法",
        "合伙企业法",
        "保险法",
        "票据法",
        "证券法",
        "商业银行法",
        "消费者权益保护法",
        "食品安全法",
        "产品质量法",
        "道路交通安全法",
        "治安管理处罚法",
        "行政处罚法",
        "行政复议法",
        "行政许可法",
        "行政强制法",
        "国家赔偿法",
        "土地管理法",
        "城市房地产管理法",
        "城乡规划法",
        "商标法",
        "专利法",
        "著作权法",
        "反不正当竞争法",
        "电子商务法",
        "社会保险法",
        "未成年人保护法",
        "妇女权益保障法",
        "老年人权益保障法",
        "仲裁法",
        "人民调解法",
        "涉外民事关系法律适用法",
        "禁毒法",
        "出境入境管理法",
        "海关法",
        "税收征收管理法",
        "安全生产法",
        "环境保护法",
        "森林法",
        "野生动物保护法",
        "农村土地承包法",
        "律师法",
        "法官法",
        "监察法",
        "民族区域自治法",
        "个人所得税法",
        "建筑法",
        "招标投标法",
        "拍卖法",
        "信托法",
        "企业破产法",
        "个人信息保护法",
        "网络安全法",
        "数据安全法",
        "药品管理法",
        "广告法",
        "价格法",
        "反垄断法",
        "外商投资法",
        "就业促进法",
        "职业病防治法",
    ]
)


def normalise_law(name: str) -> str:
    """《刑法》 → 中华人民共和国刑法; drop version notes such as （2017年修正）."""
    n = re.sub(r"\s+", "", name).strip("《》〈〉<>")
    n = n.replace("〈", "《").replace("〉", "》")
    n = _VERSION.sub("", n)
    n = re.sub(r"^中华人民共和国(?:共和国)+", "中华人民共和国", n)  # a doubled word (a typo)
    if (
        n.startswith("中华人民共和国")
        or n.startswith("最高人民")
        or n.startswith("全国人民代表大会")
    ):
        return n
    if n in _NATIONAL_SHORT:
        return "中华人民共和国" + n
    base = n
    if base.endswith(("法实施条例", "法实施细则")) and base.split("法实施")[0] in _NATIONAL_SHORT:
        return "中华人民共和国" + base
    return n


def _matching_close(text: str, i: int, end: int) -> int:
    """Index of the 》 closing the 《 at i (nested 《》 allowed), or -1."""
    depth = 0
    j = i
    while j < end:
        c = text[j]
        if c == "《":
            depth += 1
        elif c == "》":
            depth -= 1
            if depth == 0:
                return j
        elif c in "。\n" or j - i > 120:
            return -1
        j += 1
    return -1


def find_citations(text: str, start: int, end: int) -> list[tuple[CitedArticle, int, int]]:
    """Every (law, article) cited in text[start:end], with the span of the article words."""
    out: list[tuple[CitedArticle, int, int]] = []
    i = text.find("《", start, end)
    while i != -1:
        j = _matching_close(text, i, end)
        if j == -1:
            i = text.find("《", i + 1, end)
            continue
        law = normalise_law(text[i + 1 : j])
        pos = j + 1
        # an interpretation named around the law's marks: 最高人民法院关于适用《中华人民共和国
        # 刑事诉讼法》的解释第三百八十九条 cites the interpretation, not the law
        head = _INTERP_HEAD.search(text, max(start, i - 40), i)
        tail = _INTERP_TAIL.match(text, j + 1, end) if head else None
        if head and tail:
            law = normalise_law(text[head.start() : tail.end()])
            pos = tail.end()
        # a version note after the title: 《刑法》（2015年修正）
        vm = re.match(r"\s*+[(（][^()（）]{0,20}[)）]", text[pos : pos + 24])
        if vm and ("修" in vm.group(0) or "年" in vm.group(0)):
            pos += vm.end()
        while True:
            m = _ARTICLE.match(text, pos, end)
            if not m:
                break
            nums = re.split(r"\s*+[、,]\s*+", m.group("list"))
            if len(nums) > 1 and not m.group("tiao"):
                break
            suf = read_int(m.group("suf")) if m.group("suf") else None
            written = re.sub(r"\s+", "", m.group(0)).lstrip("、,和及与以")
            for k in nums:
                n = read_int(k)
                if n is not None and 0 < n < 2000 and law:
                    out.append(
                        (
                            CitedArticle(law, n, suf if k == nums[-1] else None, written),
                            m.start("list") - 1,
                            m.end(),
                        )
                    )
            pos = m.end()
            # the article's words quoted after it: 第七十二条:“对于被判处拘役…”、第七十三条…,
            # paragraph by paragraph (第七十三条第二款:“…”、第三款:“…”)
            q = _QUOTE.match(text, pos, end)
            while q:
                pos = q.end()
                qq = _QUAL_QUOTED.match(text, pos, end)
                q = _QUOTE.match(text, qq.end(), end) if qq else None
        i = text.find("《", max(j + 1, pos), end)
    return out


def dedupe(cites: list[tuple[CitedArticle, int, int]]) -> list[tuple[CitedArticle, int, int]]:
    seen: set[tuple[str, int, int | None]] = set()
    out = []
    for c, s, e in cites:
        k = (c.law, c.article, c.suffix)
        if k not in seen:
            seen.add(k)
            out.append((c, s, e))
    return out
