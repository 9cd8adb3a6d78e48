"""The closing parts of a judgment: the appeal notice, the signatures and the appended
statutes.

Pattern rules in the court's fixed phrasing; `courtqc.extract.points` registers them in
order (procedure, criminal, civil, closing), the order they are run in."""

from __future__ import annotations

from courtqc.extract.patterns.rule import (
    PatternRule,
    rule,
)

RULES: list[PatternRule] = [
    # appeal notice and signatures
    rule(
        "appeal.deadline_days",
        "上诉期（日）",
        "appeal period in days",
        ("appeal_notice",),
        r"(?P<v>[十五\d]{1,3})\s*日内[^。]{0,40}?(?:上诉|递交上诉状)",
        "int",
    ),
    rule(
        "appeal.court",
        "上诉法院",
        "court of appeal",
        ("appeal_notice",),
        r"(?:向|上诉于)\s*(?P<v>[\u4e00-\u9fff]{2,40}?(?:人民法院|法院))",
        "text",
    ),
    rule(
        "appeal.copies",
        "上诉状副本份数",
        "copies of the appeal petition",
        ("appeal_notice",),
        r"副本\s*(?P<v>[一二两三四五六七八九十\d]+)\s*份",
        "text",
    ),
    rule(
        "final",
        "终审判决/裁定",
        "final judgment or ruling",
        ("appeal_notice", "main_text"),
        r"为终审(?:判决|裁定)|为终审",
    ),
    rule(
        "execution.deadline_note",
        "申请执行期限告知",
        "notice of the time to apply for enforcement",
        ("appeal_notice", "main_text", "costs"),
        r"(?:二年|两年|2年)内[^。]{0,10}?申请(?:强制)?执行",
    ),
    rule(
        "doc.certified_copy",
        "本件与原本核对无异",
        "certified true copy note",
        ("signatures", "appendix"),
        r"本件与原本核对无异|与原本核对无异",
    ),
    rule(
        "doc.no_text_page",
        "此页无正文",
        "page-without-text note",
        ("appeal_notice", "signatures"),
        r"此页无正文",
    ),
    rule(
        "appendix.present",
        "附法律条文",
        "statutes appended",
        ("appendix",),
        r"《|第[零〇一二三四五六七八九十百]+条",
    ),
]
