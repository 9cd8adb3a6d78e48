"""The registry of info-point kinds, and the declarative pattern rules behind most of them.

Every kind the extractor can emit is registered here with its section and a description;
docs/INFO_POINTS.md is generated from this registry (`python -m courtqc.extract.docs`), so
the list cannot drift from the code. Structured kinds (parties, defendants, main-text items
…) are filled by their readers; pattern kinds are one regular expression each over one or
more sections, in the court's fixed phrasing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from courtqc.extract.text import DATE_RE, MONEY_RE, read_date, read_money, read_months

ANY = ("*",)


@dataclass(frozen=True, slots=True)
class PointKind:
    key: str
    zh: str
    en: str
    sections: tuple[str, ...]
    source: str  # "pattern" | "reader" | "check" | "llm"


REGISTRY: dict[str, PointKind] = {}


def register(
    key: str, zh: str, en: str, sections: tuple[str, ...] = ANY, source: str = "reader"
) -> str:
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
]
for _k, _zh, _en, _s in _R:
    register(_k, _zh, _en, _s, "reader")


# --- pattern rules ----------------------------------------------------------------------

_REL_DATE = rf"{DATE_RE}|(?:\d{{4}}\s*年|同年|当年|次年|同日|当日|次日)?\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|同日|当日|次日|当天"


@dataclass(frozen=True, slots=True)
class PatternRule:
    key: str
    zh: str
    en: str
    sections: tuple[str, ...]
    pattern: re.Pattern[str]
    value: str = "flag"  # flag | text | date | reldate | money | months | int | map | const
    mapping: dict[str, Any] | None = None
    multi: bool = False
    const: Any = True


PATTERNS: list[PatternRule] = []


def rule(
    key: str,
    zh: str,
    en: str,
    sections: tuple[str, ...],
    pattern: str,
    value: str = "flag",
    mapping: dict[str, Any] | None = None,
    multi: bool = False,
    const: Any = True,
) -> None:
    register(key, zh, en, sections, "pattern")
    PATTERNS.append(
        PatternRule(key, zh, en, sections, re.compile(pattern), value, mapping, multi, const)
    )


H = ("history",)
HP = ("history", "parties")
P = ("parties",)
B = ("history", "claims", "defence", "facts", "reasoning")  # the body
R = ("reasoning",)
RM = ("reasoning", "main_text")
M = ("main_text", "costs")
F = ("facts", "claims")
D = DATE_RE
MY = MONEY_RE

# how the case came to court and was heard
rule(
    "filing_date",
    "立案日期",
    "filing date",
    H,
    rf"(?:本院)?于\s*(?P<v>{D})\s*(?:立案|受理|登记立案|立案受理)",
    "date",
)
rule(
    "prosecution_date",
    "提起公诉日期",
    "date the prosecution was brought",
    H,
    rf"于\s*(?P<v>{D})\s*向本院提起公诉",
    "date",
)
rule(
    "indictment_no",
    "起诉书文号",
    "indictment number",
    H,
    r"以\s*(?P<v>[^,。;]{2,40}?号)\s*(?:起诉书|起诉决定书)",
    "text",
)
rule(
    "trial_procedure",
    "审理程序",
    "trial procedure (simple/ordinary/fast_track/small_claims)",
    H + R,
    r"适用(?P<v>简易|普通|速裁|小额诉讼|第一审普通|特别)程序",
    "map",
    {
        "简易": "simple",
        "普通": "ordinary",
        "第一审普通": "ordinary",
        "速裁": "fast_track",
        "小额诉讼": "small_claims",
        "特别": "special",
    },
)
rule(
    "procedure_converted",
    "简易程序转普通程序",
    "converted from simple to ordinary procedure",
    H,
    r"(?:转为|转换为|转入)普通程序",
)
rule(
    "panel",
    "审判组织",
    "bench: collegial panel or sole judge",
    H,
    r"(?P<v>组成合议庭|独任审判|独任审理|独任制|由审判员[^,。]{1,6}?独任)",
    "map",
    {
        "组成合议庭": "collegial",
        "独任审判": "sole_judge",
        "独任审理": "sole_judge",
        "独任制": "sole_judge",
    },
)
rule(
    "hearing.publicity",
    "公开/不公开审理",
    "public or closed hearing",
    H,
    r"(?P<v>不公开|公开)(?:开庭|审理)",
    "map",
    {"公开": "public", "不公开": "closed"},
)
rule(
    "hearing.date",
    "开庭日期",
    "hearing date",
    H,
    rf"(?:于|在)\s*(?P<v>{D})\s*(?:、[^,。]{{1,20}}?)?(?:依法)?(?:公开|不公开)?(?:开庭|进行了?开庭|进行了?公开开庭|开庭进行了?审理|进行了?审理)",
    "date",
    multi=True,
)
rule(
    "hearing.not_opened",
    "不开庭审理",
    "decided without a hearing",
    H,
    r"不开庭(?:审理|方式)|决定不开庭|书面审理",
)
rule(
    "hearing.online",
    "在线/远程开庭",
    "online or remote hearing",
    H,
    r"(?:在线|网络|远程视频|视频)(?:方式)?(?:开庭|庭审|审理)|互联网法院诉讼平台",
)
rule(
    "hearing.default",
    "缺席审理",
    "default (a party absent)",
    H,
    r"缺席(?:审理|判决)|拒不到庭|未到庭参加诉讼",
)
rule("hearing.attended", "出庭参加诉讼", "parties attended the hearing", H, r"到庭参加(?:了)?诉讼")
rule(
    "prosecutor.officer",
    "出庭检察员",
    "prosecutor in court",
    H,
    r"指派(?:检察员|代理检察员|检察官|助理检察员)\s*(?P<v>[^\s,。、出]{2,4}?)(?:、[^\s,。出]{2,4})*\s*出庭",
    "text",
)
rule(
    "appeal.by",
    "上诉人（提起上诉）",
    "who appealed",
    H,
    r"(?P<v>(?:原审)?(?:被告人|原告|被告|第三人)[^\s,。、]{1,20}?)(?:均)?不服[^。]{0,40}?(?:提出|提起)上诉",
    "text",
)
rule(
    "appeal.protest",
    "检察院抗诉",
    "procuratorate protest (抗诉)",
    H,
    r"(?:检察院|检察机关)[^。]{0,20}?(?:提出|提起)抗诉|抗诉机关",
)
rule(
    "original.case_no",
    "原审案号",
    "case number of the judgment below",
    (*H, "facts"),
    r"作出\s*(?P<v>[(（]\d{4}[)）][^,。;]{2,30}?号)",
    "text",
)
rule(
    "original.decision_date",
    "原审裁判日期",
    "date of the judgment below",
    H,
    rf"于\s*(?P<v>{D})\s*作出",
    "date",
)
rule(
    "original.court",
    "原审法院",
    "court below",
    H,
    r"(?P<v>[\u4e00-\u9fff]{2,30}?人民法院)(?:审理|于\d|作出|\(\d{4}\))",
    "text",
)
rule(
    "retrial.basis",
    "再审启动方式",
    "how the retrial began",
    H,
    r"(?P<v>本院院长[^。]{0,10}?提交审判委员会|检察院[^。]{0,20}?抗诉|申请再审|指令[^。]{0,20}?再审|提审)",
    "text",
)
rule(
    "mediation.failed",
    "调解不成",
    "mediation failed",
    B,
    r"调解(?:不成|无效|未果|未成)|不同意调解|未能达成(?:调解)?协议",
)
rule(
    "mediation.agreed",
    "达成调解协议",
    "settled by mediation",
    ("history", "main_text"),
    r"(?:自愿)?达成(?:如下|以下)?(?:调解)?协议",
)
rule(
    "withdrawal",
    "撤诉/撤回上诉",
    "suit or appeal withdrawn",
    (*B, "main_text"),
    r"(?:申请)?撤回(?:起诉|上诉|抗诉|再审申请|对[^。]{1,20}?的起诉)|准许[^。]{0,20}?撤诉|撤诉",
)
rule("counterclaim", "反诉", "counterclaim", B, r"反诉")
rule(
    "joinder",
    "追加当事人",
    "a party was joined",
    B,
    r"追加[^。]{0,30}?为(?:本案)?(?:被告|第三人|原告|共同被告)",
)
rule("preservation", "财产保全", "property preservation", B + M, r"(?:财产|诉讼|诉前|证据)保全")
rule("service.public_notice", "公告送达", "service by public notice", B, r"公告(?:方式)?送达")
rule(
    "appraisal",
    "鉴定",
    "forensic or expert appraisal",
    B,
    r"(?:司法)?鉴定(?:意见|结论|报告|书)|委托[^。]{0,30}?鉴定",
)
rule(
    "extension", "延长审限", "time limit extended", B, r"延长(?:审理期限|审限)|报请[^。]{0,20}?延长"
)
rule("suspension", "中止审理", "proceedings suspended", B, r"中止(?:审理|诉讼)")
rule(
    "supplementary_investigation",
    "退回补充侦查",
    "returned for supplementary investigation",
    H,
    r"退回(?:公安机关)?补充侦查",
)
rule("jurisdiction_objection", "管辖权异议", "objection to jurisdiction", B, r"管辖权?异议")
rule("transfer", "移送", "case transferred", H, r"(?:移送|移交)[^。]{0,10}?(?:本院|审理|管辖)")
rule(
    "judicial_committee",
    "审判委员会讨论",
    "discussed by the judicial committee",
    (*B, "main_text"),
    r"审判委员会(?:讨论|决定)",
)
rule("duty_lawyer", "值班律师", "duty lawyer", B + P, r"值班律师")
rule("legal_aid", "法律援助", "legal aid", P + H, r"法律援助")
rule(
    "plea_agreement_signed",
    "签署认罪认罚具结书",
    "plea agreement signed",
    B,
    r"(?:签署|签订|自愿签署)[^。]{0,10}?认罪认罚具结书",
)

# the defendant's paragraph: custody, record, person
rule(
    "custody.detained",
    "刑事拘留日期",
    "date detained (刑事拘留)",
    P + H,
    rf"(?P<v>{_REL_DATE})\s*(?:因[^。]{{0,20}}?)?被[^,。;]{{0,30}}?刑事拘留",
    "reldate",
    multi=True,
)
rule(
    "custody.arrested",
    "逮捕日期",
    "date arrested (逮捕)",
    P + H,
    rf"(?P<v>{_REL_DATE})\s*(?:经[^,。;]{{0,30}}?)?(?:被[^,。;]{{0,30}}?)?(?:批准|决定)?(?:执行)?逮捕",
    "reldate",
    multi=True,
)
rule(
    "custody.bail",
    "取保候审日期",
    "date released on bail (取保候审)",
    P + H,
    rf"(?P<v>{_REL_DATE})\s*(?:被|经)[^,。;]{{0,30}}?取保候审",
    "reldate",
    multi=True,
)
rule(
    "custody.residential_surveillance",
    "监视居住日期",
    "date put under residential surveillance",
    P + H,
    rf"(?P<v>{_REL_DATE})\s*(?:被|经)[^,。;]{{0,30}}?监视居住",
    "reldate",
    multi=True,
)
rule("custody.administrative_detention", "行政拘留", "administrative detention", P, r"行政拘留")
rule(
    "custody.caught",
    "抓获/归案日期",
    "date caught or surrendered",
    P + F,
    rf"(?P<v>{_REL_DATE})\s*(?:[^,。;]{{0,20}}?)?(?:被[^,。;]{{0,20}}?抓获|归案|投案)",
    "reldate",
    multi=True,
)
rule(
    "custody.place",
    "羁押场所",
    "place of custody",
    P,
    r"(?:现)?(?:羁押|关押|在押)于\s*(?P<v>[^,。;]{2,30}?(?:看守所|监狱|拘留所|戒毒所))",
    "text",
)
rule(
    "custody.compulsory_rehab", "强制隔离戒毒", "compulsory drug rehabilitation", P, r"强制隔离戒毒"
)
rule(
    "record.prior_conviction",
    "前科（曾被判刑）",
    "prior criminal conviction",
    P,
    r"(?:曾)?因(?:犯)?[^。;]{1,30}?罪[^。;]{0,40}?(?:被|经)[^。;]{0,40}?判处",
)
rule(
    "record.prior_admin_penalty",
    "曾受行政处罚",
    "prior administrative penalty",
    P,
    r"(?:曾)?因[^。;]{1,30}?(?:被|经)[^。;]{0,30}?(?:行政拘留|罚款|行政处罚|劳动教养)",
)
rule(
    "record.released",
    "刑满释放日期",
    "date released after a prior sentence",
    P,
    rf"(?P<v>{D})\s*(?:刑满释放|释放|假释)",
    "date",
)
rule(
    "person.education",
    "文化程度",
    "education",
    P,
    r"(?P<v>文盲|半文盲|小学|初中|高中|中专|职高|技校|大专|大学|本科|研究生|硕士|博士)(?:文化|毕业|肄业|学历|文化程度)",
    "text",
)
rule(
    "person.occupation",
    "职业",
    "occupation",
    P,
    r"[,,](?P<v>无业|无固定职业|农民|务农|务工|个体(?:工商户|经营|户)?|职员|工人|学生|退休|自由职业)",
    "text",
)
rule(
    "person.birthplace",
    "出生地",
    "place of birth",
    P,
    r"(?:出生于|出生地(?:为)?)\s*[:]?\s*(?P<v>[\u4e00-\u9fff]{2,20}?(?:省|市|县|区|旗|州))",
    "text",
)
rule("person.age", "年龄", "age stated", P, r"(?P<v>\d{1,3})\s*(?:周岁|岁)", "int")
rule(
    "person.alias",
    "曾用名/绰号",
    "former name or nickname",
    P,
    r"(?:曾用名|绰号|别名|化名|又名)\s*[:]?\s*[\"“]?(?P<v>[^,。;\"”]{1,10})",
    "text",
)
rule("person.party_member", "中共党员", "Communist Party member", P, r"中共党员|中国共产党党员")
rule(
    "person.household",
    "户籍地",
    "household registration",
    P,
    r"户籍(?:所在地|地)?(?:为|在)?\s*[:]?\s*(?P<v>[^,。;\s]{2,40})",
    "text",
)
rule(
    "person.minor",
    "未成年人",
    "a minor is involved",
    P + B,
    r"未成年|不满十八周岁|已满十六周岁不满十八周岁|已满十四周岁",
)
rule(
    "person.disability",
    "残疾/精神疾病",
    "disability or mental illness",
    P + B,
    r"精神(?:病|疾病|障碍)|限制(?:刑事|民事)?责任能力|残疾人|聋哑|盲人",
)

# criminal accusation, facts and sentencing circumstances
rule(
    "accusation.charge",
    "指控罪名",
    "charge in the indictment",
    (*H, "claims"),
    r"指控(?:原审)?被告(?:人|单位)[^。]{0,40}?犯(?P<v>[^,。;]{1,40}?)罪",
    "text",
    multi=True,
)
rule(
    "accusation.recommendation",
    "量刑建议",
    "sentencing recommendation",
    ("claims", "reasoning"),
    r"(?:量刑建议|建议(?:对被告人[^,。]{0,10}?)?判处)[^,。;]{0,6}?(?P<v>(?:有期徒刑|拘役|管制)[^,。;]{1,30}|免予刑事处罚|缓刑)",
    "text",
)
rule(
    "accusation.recommendation_adopted",
    "量刑建议被采纳",
    "sentencing recommendation adopted",
    R,
    r"量刑建议[^。]{0,20}?(?:适当|恰当|合理|妥当)?[^。]{0,10}?(?:予以采纳|本院(?:予以)?采纳|应予采纳|可予采纳)",
)
rule(
    "accusation.charge_changed",
    "变更指控罪名",
    "court changed the charge",
    R,
    r"(?:指控|罪名)[^。]{0,30}?(?:不当|有误|不能成立|予以纠正|予以变更|不予认定)",
)
rule(
    "circumstance.surrender",
    "自首",
    "surrender (自首)",
    R,
    r"(?<!不构成)(?<!不属)(?<!不能认定为)自首",
)
rule("circumstance.confession", "坦白", "confession (坦白/如实供述)", R, r"坦白|如实供述")
rule("circumstance.meritorious", "立功", "meritorious service (立功)", R, r"(?<!不构成)立功")
rule("circumstance.recidivist", "累犯", "recidivist (累犯)", R, r"(?<!不构成)(?<!不属于)累犯")
rule("circumstance.drug_repeat", "毒品再犯", "drug reoffender (毒品再犯)", R, r"毒品再犯|系再犯")
rule(
    "circumstance.accessory", "从犯", "accessory (从犯)", R, r"(?<!不属于)(?<!不构成)(?<!不是)从犯"
)
rule("circumstance.principal", "主犯", "principal offender (主犯)", R, r"(?<!不属于)(?<!不是)主犯")
rule("circumstance.coerced", "胁从犯", "coerced accomplice", R, r"胁从犯")
rule("circumstance.attempt", "犯罪未遂", "attempted crime", R, r"(?:犯罪)?未遂")
rule("circumstance.discontinued", "犯罪中止", "discontinued crime", R, r"犯罪中止|系中止")
rule("circumstance.preparation", "犯罪预备", "preparation of a crime", R, r"犯罪预备")
rule(
    "circumstance.guilty_plea",
    "认罪认罚",
    "guilty plea (认罪认罚)",
    (*R, "history", "facts"),
    r"认罪认罚",
)
rule(
    "circumstance.admitted_in_court",
    "当庭自愿认罪",
    "admitted guilt in court",
    R,
    r"(?:当庭)?(?:自愿)?认罪(?:悔罪)?(?!认罚)",
)
rule(
    "circumstance.forgiveness",
    "取得谅解",
    "victim's forgiveness (谅解)",
    (*R, "facts"),
    r"(?<!未)(?<!没有)(?:取得|获得|得到)[^。]{0,20}?谅解|谅解书",
)
rule(
    "circumstance.compensated",
    "赔偿被害人",
    "compensated the victim",
    (*R, "facts"),
    r"(?:积极)?赔偿(?:了)?(?:被害人|被害方|受害人)",
)
rule(
    "circumstance.restitution",
    "退赃退赔",
    "returned the gains (退赃/退赔)",
    (*R, "facts"),
    r"退赃|退赔|退缴|退还[^。]{0,10}?(?:赃款|违法所得)",
)
rule("circumstance.first_offence", "初犯偶犯", "first or occasional offender", R, r"初犯|偶犯")
rule("circumstance.joint_crime", "共同犯罪", "joint crime", R, r"共同犯罪")
rule(
    "circumstance.multiple_crimes",
    "数罪并罚",
    "several crimes punished together",
    R + M,
    r"数罪并罚",
)
rule(
    "circumstance.self_defence_excess",
    "防卫过当/避险过当",
    "excessive self-defence or necessity",
    R,
    r"防卫过当|避险过当",
)
rule("circumstance.mitigated", "从轻处罚", "lenient punishment (从轻)", R, r"从轻(?:处罚|判处)")
rule("circumstance.reduced", "减轻处罚", "reduced punishment (减轻)", R, r"减轻(?:处罚|判处)")
rule("circumstance.aggravated", "从重处罚", "heavier punishment (从重)", R, r"从重(?:处罚|判处)")
rule("circumstance.exempted", "免除处罚", "punishment exempted", R, r"免除处罚|免予刑事处罚")
rule(
    "defence.adopted",
    "辩护/代理意见被采纳",
    "defence opinion adopted",
    R,
    r"(?:辩护|代理|辩解)意见[^。]{0,30}?(?<!不)(?:予以采纳|本院予以采纳|可予采纳|予以支持|酌情采纳)",
)
rule(
    "defence.rejected",
    "辩护/代理意见未被采纳",
    "defence opinion rejected",
    R,
    r"(?:辩护|代理|辩解)意见[^。]{0,40}?(?:不予采纳|不予支持|不能成立|不予认可)",
)
rule(
    "crime.amount",
    "犯罪数额",
    "amount of the crime",
    F + R,
    rf"(?:价值|共计|合计|数额|骗取|窃得|盗窃|侵占|贪污|受贿|挪用)(?:人民币)?\s*(?P<v>{MY})",
    "money",
    multi=True,
)
rule(
    "crime.drug_weight",
    "毒品数量（克）",
    "drug quantity in grams",
    F + R,
    r"(?:净重|重|共计|合计)\s*(?P<v>\d+(?:\.\d+)?)\s*克",
    "text",
    multi=True,
)
rule(
    "crime.blood_alcohol",
    "血液酒精含量（mg/100ml）",
    "blood alcohol, mg/100ml",
    F + R,
    r"(?:乙醇|酒精)(?:含量)?(?:为|是)?\s*(?P<v>\d+(?:\.\d+)?)\s*(?:mg|毫克)\s*/\s*(?:100\s*ml|100\s*毫升|百毫升)",
    "text",
)
rule(
    "crime.injury_grade",
    "伤情等级",
    "injury grade",
    F + R,
    r"(?P<v>轻伤[一二]级|重伤[一二]级|轻微伤|轻伤|重伤|伤残[^\s,。]{0,3}级|[一二三四五六七八九十]+级伤残)",
    "text",
    multi=True,
)
rule(
    "crime.death",
    "致人死亡",
    "a death resulted",
    F + R,
    r"(?:致|造成)[^。]{0,10}?死亡|抢救无效死亡",
)
rule("crime.date", "案发日期", "date of the offence", ("facts", "claims"), rf"(?P<v>{D})", "date")
rule(
    "crime.gains",
    "违法所得",
    "illegal gains",
    F + R + M,
    rf"(?:违法所得|非法获利|获利)(?:人民币)?\s*(?P<v>{MY})",
    "money",
)

# sentence execution in the main text
rule(
    "sentence.offset_rule",
    "羁押折抵规则",
    "custody offset rule",
    M,
    r"羁押一日折抵刑期(?P<v>一日|二日|两日)",
    "map",
    {"一日": 1, "二日": 2, "两日": 2},
)
rule(
    "sentence.probation_from_final",
    "缓刑考验期自判决确定之日起算",
    "probation runs from finality",
    M,
    r"缓刑考验期限?[,]?从判决确定之日起计算",
)
rule("sentence.community_correction", "社区矫正", "community correction", M + R, r"社区矫正")
rule(
    "sentence.prohibition_order",
    "禁止令",
    "prohibition order",
    M + R,
    r"禁止令|禁止(?:其|被告人)?[^。]{0,20}?(?:进入|从事|接触)",
)
rule(
    "sentence.fine_deadline",
    "罚金缴纳期限",
    "fine payment deadline",
    M,
    r"罚金[^。]{0,30}?(?:于|在|限)[^。]{0,20}?(?P<v>(?:十|\d+|[一二三]个月|一个月|三个月|[一二三四五六七八九十]+日|[一二三四五六七八九十]+天)[^。]{0,4}?)内",
    "text",
)
rule(
    "sentence.fine_paid",
    "罚金已缴纳",
    "fine already paid",
    M + R,
    r"罚金(?:已|业已)(?:预)?缴纳|已预缴罚金",
)
rule(
    "sentence.confiscate_tools",
    "没收作案工具/违禁品",
    "tools or contraband confiscated",
    M,
    r"没收[^。;]{0,40}?(?:作案工具|工具|毒品|违禁品|赌资|手机|车辆|枪支)|予以没收",
)
rule(
    "sentence.recover_gains",
    "追缴违法所得",
    "illegal gains recovered",
    M,
    r"追缴[^。;]{0,20}?(?:违法所得|赃款|非法所得)|违法所得[^。;]{0,20}?予以追缴",
)
rule(
    "sentence.restitution_order",
    "责令退赔",
    "ordered to return gains to victims",
    M,
    r"责令[^。;]{0,20}?退赔|发还(?:给)?被害人",
)
rule("sentence.seized", "扣押在案物品处理", "seized items dealt with", M, r"扣押在案|随案移送|暂扣")
rule(
    "civil_compensation.amount",
    "附带民事赔偿数额",
    "incidental civil compensation awarded",
    M,
    rf"赔偿[^。;]{{0,30}}?附带民事诉讼原告人[^。;]{{0,20}}?(?P<v>{MY})",
    "money",
)

# civil reasoning
rule(
    "contract.valid",
    "合同有效",
    "contract held valid",
    R,
    r"(?:合同|协议|借款关系|借贷关系|买卖关系)[^。]{0,30}?(?:合法有效|依法成立并生效|真实有效|应属有效|有效成立)",
)
rule(
    "contract.void",
    "合同无效",
    "contract held void",
    R,
    r"(?:合同|协议)[^。]{0,20}?(?:无效|不发生效力)",
)
rule(
    "contract.rescinded",
    "合同解除",
    "contract rescinded",
    R + M,
    r"(?:合同|协议)[^。]{0,20}?(?:解除|终止)",
)
rule(
    "burden_of_proof",
    "举证不能",
    "failure of proof",
    R,
    r"举证不能|(?:承担|负)不利(?:的法律)?后果|举证责任",
)
rule("limitation", "诉讼时效", "limitation period", R, r"诉讼时效")
rule(
    "liability.joint",
    "连带责任",
    "joint and several liability",
    R + M,
    r"连带(?:清偿|赔偿|给付|支付)?责任|连带(?:清偿|赔偿|给付|支付)",
)
rule(
    "liability.share",
    "责任比例",
    "share of liability",
    R + M,
    r"承担(?P<v>\d{1,3}%|[一二三四五六七八九十百]+成|全部|主要|次要|同等)(?:的)?(?:赔偿)?责任",
    "text",
    multi=True,
)
rule(
    "liability.guarantee",
    "保证/担保责任",
    "guarantor liability",
    R + M,
    r"保证责任|担保责任|优先受偿",
)
rule(
    "interest.rate_text",
    "约定/判定利率",
    "interest rate stated",
    R + M + F,
    r"(?P<v>(?:年|月|日)(?:利率|息|利息)\s*(?:为|按)?\s*\d+(?:\.\d+)?\s*(?:%|‰|分|厘))",
    "text",
    multi=True,
)
rule("interest.lpr", "以LPR计息", "interest tied to the LPR", R + M, r"贷款市场报价利率|LPR")
rule(
    "interest.lpr_multiple",
    "LPR倍数",
    "multiple of the LPR",
    R + M,
    r"贷款市场报价利率[^。,;]{0,6}?的?(?P<v>[一二三四1-4](?:\.\d+)?)倍",
    "text",
)
rule(
    "interest.pboc_rate",
    "以人民银行同期贷款利率计息",
    "interest at the PBoC benchmark rate",
    R + M,
    r"中国人民银行[^。]{0,10}?(?:同期|同类)[^。]{0,10}?(?:贷款)?(?:基准)?利率",
)
rule(
    "interest.cap_24",
    "年利率24%上限",
    "24 % annual cap mentioned",
    R + M,
    r"(?:年利率|年息)\s*24\s*%|24%",
)
rule("interest.cap_36", "年利率36%", "36 % mentioned", R, r"(?:年利率|年息)\s*36\s*%|36%")
rule(
    "loan.date",
    "借款日期",
    "loan date",
    ("facts", "claims"),
    rf"(?P<v>{D})[^。]{{0,60}}?(?:借款|借给|出借|借到|借条|借据|借款合同)",
    "date",
)
rule(
    "loan.amount",
    "借款金额",
    "loan amount",
    ("facts", "claims"),
    rf"(?:借款|借给|出借|借到|借)(?:本金)?(?:人民币)?\s*(?P<v>{MY})",
    "money",
)
rule(
    "facts.amount",
    "查明事实中的金额",
    "amount in the facts found",
    ("facts",),
    rf"(?P<v>{MY})",
    "money",
    multi=True,
)
rule(
    "facts.date",
    "查明事实中的日期",
    "date in the facts found",
    ("facts",),
    rf"(?P<v>{D})",
    "date",
    multi=True,
)
rule(
    "divorce.granted",
    "准予离婚",
    "divorce granted",
    M,
    r"准予?(?:原告[^。]{0,10}?与被告[^。]{0,10}?)?离婚|准许离婚",
)
rule(
    "divorce.refused",
    "不准离婚",
    "divorce refused",
    M,
    r"不准(?:予)?(?:原告[^。]{0,10}?与被告[^。]{0,10}?)?离婚",
)
rule("custody.child", "子女抚养", "child custody", M, r"(?:随|由)[^。;]{0,10}?(?:抚养|生活)")
rule("child_support", "抚养费", "child support", M, rf"抚养费[^。;]{{0,20}}?(?P<v>{MY})", "money")
rule(
    "labour.relationship",
    "确认劳动关系",
    "employment relationship confirmed",
    M + R,
    r"(?:确认|存在)[^。;]{0,40}?劳动关系",
)
rule(
    "punitive_damages",
    "惩罚性赔偿",
    "punitive damages",
    R + M,
    r"惩罚性赔偿|(?:价款|价格)[^。]{0,6}?十倍|(?:三|3)倍赔偿|十倍赔偿",
)
rule("property.priority", "优先受偿权", "priority of payment", M, r"优先受偿")
rule(
    "performance_period",
    "履行期限",
    "period to perform",
    M,
    r"(?:于|在)?本?判决(?:书)?(?:发生法律效力|生效)(?:之日)?(?:起|后)\s*(?P<v>[0-9一二三四五六七八九十]+)\s*日内",
    "int",
)
rule(
    "late_interest.clause",
    "迟延履行加倍利息条款",
    "doubled late-interest clause present",
    (*M, "appeal_notice"),
    r"加倍支付迟延履行期间的债务利息",
)
rule(
    "late_interest.article",
    "迟延履行条款引用条文",
    "article cited for doubled late interest",
    (*M, "appeal_notice"),
    r"民事诉讼法》?第\s*(?P<v>[零〇一二三四五六七八九十百\d]+)\s*条[^。]{0,20}?加倍支付迟延履行",
    "int",
)
rule("costs.halved", "受理费减半收取", "fee halved", M, r"减半收取")

# administrative
rule(
    "admin.act",
    "被诉行政行为",
    "administrative act reviewed",
    (*H, "claims"),
    r"(?P<v>行政处罚|行政许可|行政强制|行政复议|行政确认|行政征收|行政登记|政府信息公开|行政协议|行政赔偿|工伤认定|行政给付|行政裁决|履行法定职责)",
    "text",
)
rule(
    "admin.outcome",
    "行政判决结果",
    "administrative outcome",
    M,
    r"(?P<v>撤销[^。;]{0,40}?(?:决定|行为|处罚)|确认[^。;]{0,40}?(?:违法|无效)|责令[^。;]{0,30}?(?:重新作出|履行)|驳回原告[^。;]{0,20}?诉讼请求)",
    "text",
)
rule(
    "admin.reconsideration",
    "经行政复议",
    "went through administrative reconsideration",
    B,
    r"(?:行政)?复议(?:决定|机关)",
)

# appeal notice and signatures
rule(
    "appeal.deadline_days",
    "上诉期（日）",
    "appeal period in days",
    ("appeal_notice",),
    r"(?P<v>[十五\d]{1,3})\s*日内[^。]{0,40}?(?:上诉|递交上诉状)",
    "int",
)
rule(
    "appeal.court",
    "上诉法院",
    "court of appeal",
    ("appeal_notice",),
    r"(?:向|上诉于)\s*(?P<v>[\u4e00-\u9fff]{2,40}?(?:人民法院|法院))",
    "text",
)
rule(
    "appeal.copies",
    "上诉状副本份数",
    "copies of the appeal petition",
    ("appeal_notice",),
    r"副本\s*(?P<v>[一二两三四五六七八九十\d]+)\s*份",
    "text",
)
rule(
    "final",
    "终审判决/裁定",
    "final judgment or ruling",
    ("appeal_notice", "main_text"),
    r"为终审(?:判决|裁定)|为终审",
)
rule(
    "execution.deadline_note",
    "申请执行期限告知",
    "notice of the time to apply for enforcement",
    ("appeal_notice", "main_text", "costs"),
    r"(?:二年|两年|2年)内[^。]{0,10}?申请(?:强制)?执行",
)
rule(
    "doc.certified_copy",
    "本件与原本核对无异",
    "certified true copy note",
    ("signatures", "appendix"),
    r"本件与原本核对无异|与原本核对无异",
)
rule(
    "doc.no_text_page",
    "此页无正文",
    "page-without-text note",
    ("appeal_notice", "signatures"),
    r"此页无正文",
)
rule(
    "appendix.present",
    "附法律条文",
    "statutes appended",
    ("appendix",),
    r"《|第[零〇一二三四五六七八九十百]+条",
)


def apply_value(r: PatternRule, m: re.Match[str], text: str, floor: int) -> Any:
    if r.value == "flag":
        return r.const
    v = m.group("v") if "v" in r.pattern.groupindex else m.group(0)
    if v is None:
        return None
    if r.value == "text":
        return re.sub(r"\s+", "", v)
    if r.value == "date":
        return read_date(v)
    if r.value == "reldate":
        return resolve_relative_date(v, text, m.start("v"), floor)
    if r.value == "money":
        return read_money(v)
    if r.value == "months":
        return read_months(v)[0]
    if r.value == "int":
        from courtqc.extract.text import read_int

        return read_int(v)
    if r.value == "map":
        assert r.mapping is not None
        return r.mapping.get(re.sub(r"\s+", "", v), re.sub(r"\s+", "", v))
    return v


_YEAR = re.compile(r"(\d{4})\s*年")
_ABS = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_ABS = re.compile(DATE_RE)
_MD = re.compile(r"(?:(同年|当年|次年))?\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def resolve_relative_date(v: str, text: str, pos: int, floor: int) -> str | None:
    """同年6月27日 / 次日 / 同日 → ISO, from the last full date before it (not before floor)."""
    v = re.sub(r"\s+", "", v)
    if _ABS.fullmatch(v) or _CN_ABS.fullmatch(v):
        return read_date(v)
    prev = list(_ABS.finditer(text, max(floor, pos - 300), pos))
    if not prev:
        return None
    y, mo, d = (int(g) for g in prev[-1].groups())
    import datetime as _dt

    try:
        base = _dt.date(y, mo, d)
    except ValueError:
        return None
    if v in ("同日", "当日", "当天"):
        return base.isoformat()
    if v == "次日":
        return (base + _dt.timedelta(days=1)).isoformat()
    m = _MD.fullmatch(v)
    if not m:
        return None
    year = y + (1 if m.group(1) == "次年" else 0)
    try:
        return _dt.date(year, int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


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
    register(_k, _zh, _en, ("main_text",), "check")

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
    register(_k, _zh, _en, ("filing",), "reader")
