"""The registry of info-point kinds, and the order the pattern rules behind most of them run in.

Every kind the extractor can emit is registered here with its section and a description;
docs/INFO_POINTS.md is generated from this registry (`python -m courtqc.extract.docs`), so
the list cannot drift from the code. Structured kinds (parties, defendants, main-text items
…) are filled by their readers; pattern kinds are one regular expression each over one or
more sections, in the court's fixed phrasing (courtqc.extract.patterns, one module per part
of the judgment).
"""

from __future__ import annotations

from dataclasses import dataclass

from courtqc.extract.patterns import (
    casetype,
    causes,
    civil,
    closing,
    criminal,
    procedure,
    record,
    trial,
)
from courtqc.extract.patterns.rule import PatternRule

ANY = ("*",)


@dataclass(frozen=True, slots=True)
class PointKind:
    key: str
    zh: str
    en: str
    sections: tuple[str, ...]
    source: str  # "pattern" | "reader" | "check" | "llm"


REGISTRY: dict[str, PointKind] = {}


def declare_kind(
    key: str, zh: str, en: str, sections: tuple[str, ...] = ANY, source: str = "reader"
) -> str:
    """Add an info-point kind to REGISTRY; a key declared twice is a programming error."""
    if key in REGISTRY:
        raise ValueError(f"info-point kind registered twice: {key}")
    REGISTRY[key] = PointKind(key, zh, en, sections, source)
    return key


# --- kinds filled by the structured readers ---------------------------------------------
_R = [
    (
        "case_no",
        "案号（原文写法，括号为全角）",
        "case number as written (full-width brackets)",
        ("heading",),
    ),
    ("case_no.canonical", "案号（规范写法）", "case number, canonical form", ("heading",)),
    ("case_no.raw", "案号（原文）", "case number exactly as in the text", ("heading",)),
    ("case_no.year", "收案年度", "year of receipt in the case number", ("heading",)),
    ("case_no.court_code", "法院代字", "court code in the case number", ("heading",)),
    ("case_no.type_code", "类型代字", "case type code", ("heading",)),
    ("case_no.seq", "案件编号", "sequence number", ("heading",)),
    ("case_no.old_style", "旧式案号（字第）", "old-style case number (字第)", ("heading",)),
    ("title", "案件标题行", "case-title line before the court name", ("heading",)),
    ("court", "法院", "court", ("heading",)),
    ("doc_kind", "文书种类", "document kind (判决书/裁定书/调解书…)", ("heading",)),
    ("doc_title", "文书标题", "document title (刑事判决书…)", ("heading",)),
    ("family", "案件类别", "case family (criminal/civil/administrative…)", ("heading",)),
    ("procedure", "审级", "procedure: first/second/retrial/other", ("heading",)),
    (
        "procedure_detail",
        "审级（细分）",
        "procedure, schema value (retrial_review, enforcement…)",
        ("heading",),
    ),
    ("cause", "案由", "cause of action (charge for criminal cases)", ("history",)),
    ("prosecutor", "公诉机关", "procuratorate", ("parties", "history")),
    ("party", "当事人（诉讼地位：姓名）", "party: canonical role and name", ("parties",)),
    ("party.role_text", "诉讼地位原文", "role as written", ("parties",)),
    ("party.original_role", "原审诉讼地位", "role in the case below", ("parties",)),
    ("party.kind", "当事人类型", "natural / legal / authority", ("parties",)),
    ("party.gender", "性别", "gender", ("parties",)),
    ("party.birth_date", "出生日期", "date of birth", ("parties",)),
    ("party.ethnicity", "民族", "ethnicity", ("parties",)),
    ("party.address", "住所", "address", ("parties",)),
    ("party.id_masked", "身份证号（脱敏）", "ID number, masked", ("parties",)),
    ("party.uscc", "统一社会信用代码", "unified social credit code", ("parties",)),
    ("party.legal_representative", "法定代表人/负责人", "legal representative", ("parties",)),
    ("party.agent", "委托代理人/辩护人", "agent or defender", ("parties",)),
    ("party.agent_firm", "律师事务所", "agent's law firm", ("parties",)),
    (
        "party.agent_kind",
        "代理人类型",
        "agent kind (lawyer/legal_aid/citizen/guardian)",
        ("parties",),
    ),
    ("judge", "审判人员（角色：姓名）", "judge or juror: role and name", ("signatures",)),
    ("judge.presiding", "审判长", "presiding judge", ("signatures",)),
    ("judge.juror", "人民陪审员", "people's juror", ("signatures",)),
    ("judge.count", "审判组织人数", "number of judges and jurors signing", ("signatures",)),
    ("clerk", "书记员", "clerk", ("signatures",)),
    ("judge_assistant", "法官助理", "judge assistant", ("signatures",)),
    ("court_recorder", "速录员", "court recorder", ("signatures",)),
    ("decision_date", "裁判日期", "decision date", ("signatures",)),
    ("defendant", "被告人", "criminal defendant sentenced", ("main_text",)),
    ("defendant.charge", "罪名", "charge (without 罪)", ("main_text",)),
    ("defendant.penalty", "主刑种类", "principal penalty", ("main_text",)),
    ("defendant.term_months", "刑期（月）", "term in months", ("main_text",)),
    ("defendant.term_days", "刑期（日）", "term in days (拘役十五日)", ("main_text",)),
    ("defendant.probation_months", "缓刑考验期（月）", "probation in months", ("main_text",)),
    ("defendant.fine_yuan", "罚金（元）", "fine in yuan", ("main_text",)),
    ("defendant.term_start", "刑期起算日", "term start date", ("main_text",)),
    ("defendant.term_end", "刑期届满日", "term end date", ("main_text",)),
    (
        "defendant.political_rights_months",
        "剥夺政治权利（月）",
        "deprivation of political rights, months",
        ("main_text",),
    ),
    (
        "defendant.political_rights_life",
        "剥夺政治权利终身",
        "political rights deprived for life",
        ("main_text",),
    ),
    ("defendant.confiscation", "没收财产", "confiscation of property", ("main_text",)),
    (
        "defendant.death_reprieve",
        "死刑缓期二年执行",
        "death with two-year reprieve",
        ("main_text",),
    ),
    (
        "defendant.from_original",
        "刑罚取自原判",
        "sentence read from the recited first-instance judgment",
        ("history", "facts"),
    ),
    (
        "crime.victim",
        "被害人",
        "victim named in the accusation or the facts",
        ("history", "claims", "facts"),
    ),
    ("cited_article", "引用法条", "article cited (law 第N条)", ("reasoning", "main_text")),
    ("cited_law", "引用法律", "law cited", ("reasoning", "main_text")),
    (
        "cited_article.count",
        "引用法条数",
        "number of distinct articles cited",
        ("reasoning", "main_text"),
    ),
    ("main_text.item", "主文给付项（金额）", "main-text money item (amount)", ("main_text",)),
    ("main_text.payer", "给付义务人", "who pays", ("main_text",)),
    ("main_text.payee", "给付权利人", "who is paid", ("main_text",)),
    ("main_text.kind", "给付项类别", "item kind (principal/interest/…)", ("main_text",)),
    ("main_text.interest_basis", "利息计算基数", "principal the interest runs on", ("main_text",)),
    ("main_text.interest_rate_text", "利率表述", "interest-rate wording", ("main_text",)),
    ("main_text.interest_from", "利息起算日", "interest start date", ("main_text",)),
    (
        "main_text.total_awarded",
        "判决给付合计",
        "sum of money items awarded (excl. interest)",
        ("main_text",),
    ),
    ("main_text.item_count", "主文项数", "number of numbered main-text items", ("main_text",)),
    ("costs.fee", "诉讼费用（项目：金额）", "court fee and its amount", ("costs", "main_text")),
    ("costs.acceptance_fee", "案件受理费", "case acceptance fee", ("costs", "main_text")),
    (
        "costs.charged",
        "实收受理费（减半后）",
        "fee actually charged (after halving)",
        ("costs", "main_text"),
    ),
    ("costs.bearer", "诉讼费用负担人", "who bears the costs", ("costs", "main_text")),
    ("costs.bearer_amount", "负担金额", "amount borne", ("costs", "main_text")),
    ("claims.item", "诉讼请求", "claim item", ("claims", "history")),
    ("claims.amount", "诉讼请求金额", "amount claimed in one item", ("claims", "history")),
    ("claims.total", "诉讼请求金额合计", "total amount claimed", ("claims", "history")),
    ("section", "文书结构段落", "document part and its span", ANY),
    (
        "second_instance.result",
        "二审/再审结果",
        "appeal/retrial result: upheld/modified/remanded/…",
        ("main_text",),
    ),
    ("outcome", "裁判结果类型", "outcome kind (claims dismissed, partly upheld …)", ("main_text",)),
    (
        "cited_article.role",
        "引用法条的作用",
        "a cited article's role: substantive / procedural / interpretation",
        ("reasoning", "main_text"),
    ),
    ("dispute.issue", "争议焦点", "a disputed issue the court names", ("facts", "reasoning")),
    ("dispute.count", "争议焦点数", "number of disputed issues", ("facts", "reasoning")),
]
for _k, _zh, _en, _s in _R:
    declare_kind(_k, _zh, _en, _s, "reader")


# --- pattern rules (courtqc.extract.patterns), in the order they run ----------------------
PATTERNS: list[PatternRule] = [
    *procedure.RULES,
    *criminal.RULES,
    *civil.RULES,
    *trial.RULES,
    *record.RULES,
    *casetype.RULES,
    *causes.RULES,
    *closing.RULES,
]
for _r in PATTERNS:
    declare_kind(_r.key, _r.zh, _r.en, _r.sections, "pattern")


# kinds filled by the checks (checks.py) and by the optional LLM backend
for _k, _zh, _en in [
    (
        "check.interest_wording",
        "检查：迟延履行利息表述",
        "check: late-interest wording vs the standard",
    ),
    (
        "check.interest_cap",
        "检查：利率是否超过上限",
        "check: awarded rate vs the cap in force (LPR)",
    ),
    ("check.term_end", "检查：刑期届满日", "check: sentence end date vs start + term − custody"),
    ("check.fine", "检查：罚金幅度", "check: fine vs the charge's rule"),
    (
        "check.award_exceeds_claim",
        "检查：判决超出诉讼请求",
        "check: main text awards more than claimed",
    ),
]:
    declare_kind(_k, _zh, _en, ("main_text",), "check")

# --- documents of every kind (issue 18): the kind, and what filings, notices and records
# say (courtqc.extract.filings); `filing` is the whole paper (no judgment sections)
for _k, _zh, _en in (
    (
        "doc_type",
        "文书类型代码",
        "document kind code (kinds.yaml: judgment, complaint, indictment …)",
    ),
    ("issuer", "制作主体", "who issues the paper: court / party / procuratorate / police / record"),
    (
        "case_no.referenced",
        "引用的案号",
        "a case number the paper cites (the judgment appealed, the title enforced)",
    ),
    ("document_no", "文号", "the procuratorate's or police's own number (…检刑诉〔2023〕215号)"),
    ("police", "侦查机关", "the police body that sends a case for prosecution"),
    ("charge", "指控罪名", "a charge the indictment, protest or transcript brings"),
    ("evidence.item", "证据名称", "an item of an evidence list"),
    ("record.panel", "审判组织成员（笔录）", "panel member or clerk named in a transcript"),
):
    declare_kind(_k, _zh, _en, ("filing",), "reader")
