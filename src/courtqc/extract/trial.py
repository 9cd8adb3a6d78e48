"""Readers of the trial's record that one pattern cannot fill (issue 18 item 2): the disputed
issues (争议焦点), an enumerated list the court writes once (本案的争议焦点为：一、…；二、…),
split into its items; and the role of each cited article (the substantive rule the decision
rests on, the procedure it followed, a judicial interpretation).

Linear time: one bounded search for the list's head, then a split on its separators."""

from __future__ import annotations

import re
from typing import Any, Protocol

from courtqc.extract.model import CitedArticle

_ISSUES_HEAD = re.compile(r"争议焦点(?:主要)?(?:为|是|在于)?\s*[:]")
_ISSUE_ITEM = re.compile(
    r"(?:(?<=:)|;)\s*(?:[一二三四五六七八九十]{1,2}\s*[、.]|\d{1,2}\s*[.、]|\(\s*[一二三四五六七八九十\d]{1,2}\s*\))\s*"
)
_PROCEDURAL = ("民事诉讼法", "刑事诉讼法", "行政诉讼法", "诉讼费用交纳办法")


class _Adds(Protocol):
    text: str
    orig: str

    def span(self, *names: str) -> list[tuple[int, int]]: ...

    def add(
        self, key: str, value: Any, start: int | None, end: int | None,
        rule: str | None = None, subject: str | None = None,
    ) -> None: ...  # fmt: skip


def read_disputed_issues(doc: _Adds) -> None:
    """`dispute.issue` for each item of the list after 争议焦点为：, and `dispute.count`."""
    t = doc.text
    for s, e in doc.span("facts", "reasoning"):
        m = _ISSUES_HEAD.search(t, s, e)
        if m is None:
            continue
        end = t.find("。", m.end(), e)
        end = e if end < 0 else end
        items = [(x.end(), x.start()) for x in _ISSUE_ITEM.finditer(t, m.end(), end)]
        if not items:  # one issue, not numbered
            items = [(m.end(), m.end())]
        bounds = [b for _, b in items[1:]] + [end]
        n = 0
        for (a, _), b in zip(items, bounds, strict=True):
            value = re.sub(r"\s+", "", doc.orig[a:b]).rstrip("；;，,")
            if 2 <= len(value) <= 80:
                doc.add("dispute.issue", value, a, b, "reader:dispute.issue")
                n += 1
        if n:
            doc.add("dispute.count", n, m.start(), end, "reader:dispute.issue")
        return


def article_role(c: CitedArticle) -> str:
    """substantive | procedural | interpretation, from the law the article belongs to."""
    if c.law.startswith("最高人民法院") or "解释" in c.law:
        return "interpretation"
    if any(p in c.law for p in _PROCEDURAL):
        return "procedural"
    return "substantive"
