"""Render the synthetic court's closing documents in the layout real courts use.

One `documents` row per closed case that ends with a document:

=====================  ==========================================  ============================
case                   closing (cases.closing_method /              document (kind, title)
                       appeal_results.result)
=====================  ==========================================  ============================
criminal, first        judgment                                    judgment, 刑事判决书
criminal, second       upheld / remanded / withdrawn               ruling, 刑事裁定书
criminal, second       modified / partly_modified                  judgment, 刑事判决书
civil*, first          judgment                                    judgment, 民事判决书
civil*, first          mediation                                   mediation, 民事调解书
civil*, first          withdrawal (准许撤诉) / dismissal (驳回起诉)  ruling, 民事裁定书
civil*, second         upheld / modified / partly_modified         judgment, 民事判决书
civil*, second         remanded / withdrawn / dismissed            ruling, 民事裁定书
administrative         as civil (判决 / 裁定, no mediation)          行政判决书 / 行政裁定书
enforcement            termination_current (终本)                  ruling, 执行裁定书
=====================  ==========================================  ============================

(civil* = the civil, commercial, ip, maritime and financial families.) Other closings
(enforced in full, transfer, bankruptcy ...) get no document here.

Follow-up rulings (之N): a closed civil first instance whose plaintiff had property preserved
during the suit (a 执保 case with ``origin_relation = 'preservation'`` pointing at it) also gets
the preservation ruling, 民事裁定书 numbered with the suit's number and 之一, 之二 … in the order
the 执保 cases were filed, dated the 执保 filing day, written right after the closing document.
A criminal case tried separately (分案) is a case of its own whose case_no carries the 之N.

Truth is preserved: every name, number, date and amount in a document is read from the
canonical tables (FIELD_SOURCES lists where each comes from), so extraction can be checked by
a round trip. Where the tables carry a planted defect (a wrong late-interest article, an
omitted late-interest clause, a wrong sentence end date, an interest rate over the cap) the
document shows exactly that defect. The prose between the values (facts, reasons, defences)
is boilerplate in the courts' style, varied deterministically from the seed and case id.

Speed: the inputs are read with a handful of set-based queries per chunk of cases, dates
travel as day numbers and amounts as text (both cheap to hand to Python), and documents are
inserted through pyarrow a chunk at a time.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

import duckdb
import pyarrow as pa
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from courtqc.domain.caseno import format_case_no, parse_case_no
from courtqc.domain.cnnum import format_cn_date, format_duration_months
from courtqc.domain.cnnum import int_to_cn as _int_to_cn
from courtqc.synth.catalog import ADMIN_APPEAL_COURT, CIVIL_BY_NAME

__all__ = ["FIELD_SOURCES", "NOT_IN_TABLES", "render_documents"]

# Where each value rendered into a document comes from. The extraction round-trip test reads
# this map: a rendered field must equal the column it names.
FIELD_SOURCES: dict[str, str] = {
    "court name (first line)": "courts.name via cases.court_code",
    "document title": "derived from cases.family, cases.procedure, cases.closing_method, appeal_results.result",
    "case number": "cases.case_no",
    "party role label": "case_parties.role (+ role in the origin case for 上诉人（原审被告）)",
    "party name": "parties.name (as stored, variants included)",
    "gender / birth / ethnicity / address": "parties.gender, parties.birth_date, parties.ethnicity, parties.address",
    "legal representative": "parties.legal_rep",
    "agent / defender": "case_agents.agent_name, case_agents.agent_kind; firm: law_firms.name via lawyers.firm_id",
    "prosecutor": "parties.name of the case_parties row with role 'prosecutor' (origin case's for appeals); "
    "absent: the court name with 人民法院 → 人民检察院",
    "cause / charge": "cases.cause_name; criminal: sentences.charges (';'-separated, 罪 appended)",
    "filing date (立案 / 提起公诉)": "cases.filing_date",
    "hearing date (开庭)": "min(events.occurred_at) where events.node = 'hearing'",
    "procedure (简易程序 ...)": "cases.trial_procedure",
    "claims (诉讼请求 amount)": "cases.claim_amount",
    "custody date (刑事拘留)": "sentences.custody_start",
    "sentence": "sentences.principal_penalty, term_months, probation_months, fine_yuan, "
    "political_rights_months, confiscation",
    "term start / end (即自…起至…止)": "sentences.term_start, sentences.term_end",
    "crime amount": "sentences.crime_amount",
    "victim": "parties.name of role 'victim'",
    "cited criminal-law articles": "CHARGE_ARTICLES[charge] plus the general articles the sentence uses",
    "civil main-text items": "civil_outcomes (kind, amount_yuan, payer_party_id, payee_party_id) in item_seq order",
    "interest wording": "civil_outcomes.interest_basis, interest_from, interest_rate_text "
    "(or interest_annual_pct when the text is NULL)",
    "loan contract date (facts)": "civil_outcomes.contract_date",
    "late-interest article": "civil_outcomes.late_clause_article (NULL on every item: clause omitted)",
    "case acceptance fee": "civil_outcomes row of kind 'costs' if any, else the 诉讼费用交纳办法 "
    "schedule applied to cases.claim_amount (halved for simple procedure, mediation, withdrawal)",
    "appeal court (上诉于)": "court of the appeal case whose origin is this case, else courts.parent_code",
    "origin judgment (原判 / 一审)": "the origin case (cases.origin_case_id): case_no, court, closing_date, "
    "its sentences / civil_outcomes / parties",
    "enforcement measures": "enforcement_actions (kind, first action_date per kind, amount)",
    "amount recovered (已执行到位)": "sum(payments.amount) where direction = 'in'",
    "unit defendant (被告单位)": "a criminal_defendant whose parties.kind is not 'natural'; "
    "诉讼代表人 from parties.legal_rep",
    "confiscation": "sentences.confiscation: with the sentence when it confiscates 财产, else its own item",
    "presiding judge (审判长 / 审判员)": "judges.name via cases.presiding_judge_id",
    "other panel members, judge's assistant, clerk": "judges of the case's department (else court) with "
    "title judge / juror / assistant_judge / clerk, picked deterministically from the case id",
    "document date (落款)": "appeal_results.decided_date for appeals, else cases.closing_date",
    "preservation ruling (之N)": "the case's 执保 cases (cases.origin_case_id = this case, "
    "cases.origin_relation 'preservation'): N by cases.filing_date, date = that cases.filing_date, "
    "amount = cases.claim_amount, respondents' parties.name (written as in this case where the "
    "names agree)",
}

# What a real document states but no canonical column records, and what is written instead.
NOT_IN_TABLES: dict[str, str] = {
    "起诉书 number, 检察员 and arrest (逮捕) date": "left out (…以起诉书指控…, 指派检察员出庭…)",
    "detention house": "the 看守所 of the trial court's district (courts.district)",
    "divorce judgment": "准予离婚 (no column says whether the divorce was granted)",
    "administrative judgment": "驳回原告的诉讼请求 unless civil_outcomes rows order a payment",
    "dismissal ground (驳回起诉)": "one of four standard grounds, chosen from the seed",
    "claims, defences, facts and reasons": "boilerplate per cause / charge around the table values",
}

CIVIL_FAMILIES = frozenset({"civil", "commercial", "ip", "maritime", "financial"})

# 刑法 article of each common charge. Charges outside this table are rendered without their
# own article (the general ones still appear).
CHARGE_ARTICLES: dict[str, str] = {
    "盗窃": "第二百六十四条", "诈骗": "第二百六十六条", "危险驾驶": "第一百三十三条之一",
    "交通肇事": "第一百三十三条", "故意伤害": "第二百三十四条第一款", "抢劫": "第二百六十三条",
    "抢夺": "第二百六十七条第一款", "敲诈勒索": "第二百七十四条", "寻衅滋事": "第二百九十三条",
    "聚众斗殴": "第二百九十二条第一款", "妨害公务": "第二百七十七条第一款",
    "贩卖毒品": "第三百四十七条", "走私、贩卖、运输、制造毒品": "第三百四十七条",
    "容留他人吸毒": "第三百五十四条", "非法吸收公众存款": "第一百七十六条",
    "集资诈骗": "第一百九十二条", "合同诈骗": "第二百二十四条", "信用卡诈骗": "第一百九十六条",
    "贪污": "第三百八十二条第一款、第三百八十三条", "受贿": "第三百八十五条第一款、第三百八十六条",
    "行贿": "第三百八十九条、第三百九十条", "职务侵占": "第二百七十一条第一款",
    "挪用资金": "第二百七十二条第一款", "非国家工作人员受贿": "第一百六十三条第一款",
    "帮助信息网络犯罪活动": "第二百八十七条之二第一款", "掩饰、隐瞒犯罪所得": "第三百一十二条",
    "开设赌场": "第三百零三条第二款", "赌博": "第三百零三条第一款", "强奸": "第二百三十六条",
    "故意杀人": "第二百三十二条", "非法经营": "第二百二十五条", "虚假诉讼": "第三百零七条之一",
    "拒不执行判决、裁定": "第三百一十三条", "侵犯公民个人信息": "第二百五十三条之一",
    "生产、销售伪劣产品": "第一百四十条", "假冒注册商标": "第二百一十三条",
    "销售假冒注册商标的商品": "第二百一十四条", "故意毁坏财物": "第二百七十五条",
    "非法拘禁": "第二百三十八条", "重大责任事故": "第一百三十四条第一款",
    "组织、领导传销活动": "第二百二十四条之一", "骗取贷款": "第一百七十五条之一",
    "虚开增值税专用发票": "第二百零五条", "洗钱": "第一百九十一条",
}  # fmt: skip

# What the defendant did, in the court's words, for the reasoning and the facts.
_CHARGE_CONDUCT: dict[str, str] = {
    "盗窃": "以非法占有为目的，秘密窃取他人财物",
    "诈骗": "以非法占有为目的，虚构事实、隐瞒真相，骗取他人财物",
    "危险驾驶": "在道路上醉酒驾驶机动车",
    "交通肇事": "违反交通运输管理法规，因而发生重大交通事故，致人重伤、死亡或者使公私财产遭受重大损失",
    "故意伤害": "故意非法损害他人身体健康，致人轻伤",
    "抢劫": "以非法占有为目的，当场使用暴力劫取他人财物",
    "寻衅滋事": "随意殴打他人，情节恶劣，破坏社会秩序",
    "贩卖毒品": "明知是毒品而贩卖",
    "容留他人吸毒": "提供场所容留他人吸食毒品",
    "非法吸收公众存款": "违反国家金融管理法规，变相吸收公众存款，扰乱金融秩序",
    "集资诈骗": "以非法占有为目的，使用诈骗方法非法集资",
    "合同诈骗": "以非法占有为目的，在签订、履行合同过程中骗取对方当事人财物",
    "贪污": "身为国家工作人员，利用职务上的便利，侵吞公共财物",
    "受贿": "身为国家工作人员，利用职务上的便利，非法收受他人财物，为他人谋取利益",
    "职务侵占": "利用职务上的便利，将本单位财物非法占为己有",
    "帮助信息网络犯罪活动": "明知他人利用信息网络实施犯罪，仍为其犯罪提供支付结算帮助，情节严重",
    "掩饰、隐瞒犯罪所得": "明知是犯罪所得而予以转移、掩饰、隐瞒",
    "开设赌场": "以营利为目的，开设赌场",
    "虚假诉讼": "以捏造的事实提起民事诉讼，妨害司法秩序",
    "拒不执行判决、裁定": "对人民法院的判决、裁定有能力执行而拒不执行，情节严重",
}

_ROLE_LABEL = {
    "plaintiff": "原告", "defendant": "被告", "third_party": "第三人", "appellant": "上诉人",
    "appellee": "被上诉人", "applicant": "申请执行人", "respondent": "被执行人",
    "criminal_defendant": "被告人", "prosecutor": "公诉机关", "victim": "被害人",
}  # fmt: skip
# Order of the party paragraphs in the heading.
_ROLE_ORDER = {
    r: i
    for i, r in enumerate(
        ("prosecutor", "appellant", "appellee", "plaintiff", "applicant", "criminal_defendant",
         "defendant", "respondent", "third_party", "victim")
    )
}  # fmt: skip

_EPOCH = dt.date(1970, 1, 1)
_CPL_2022 = (dt.date(2022, 1, 1) - _EPOCH).days  # 民事诉讼法 2021 amendment in force
_CPL_2024 = (dt.date(2024, 1, 1) - _EPOCH).days  # 2023 amendment in force
_CIVIL_CODE = (dt.date(2021, 1, 1) - _EPOCH).days  # 民法典 in force
_CRIM_PL_2018 = (dt.date(2018, 10, 26) - _EPOCH).days  # 刑事诉讼法 2018 in force

CHUNK_CASES = 40_000


# --- small formatting helpers ------------------------------------------------------------


@cache
def _ad(days: int) -> str:
    d = _EPOCH + dt.timedelta(days=days)
    return f"{d.year}年{d.month}月{d.day}日"


@cache
def _cn(days: int) -> str:
    return format_cn_date(_EPOCH + dt.timedelta(days=days))


@lru_cache(maxsize=4096)
def int_to_cn(n: int) -> str:
    """cnnum.int_to_cn, cached: documents say the same small numbers over and over."""
    return _int_to_cn(n)


@lru_cache(maxsize=4096)
def format_duration(months: int) -> str:
    return format_duration_months(months)


@lru_cache(maxsize=4096)
def _article(n: int) -> str:
    return f"第{int_to_cn(n)}条"


def _money(text: str | None, grouped: bool = False) -> str:
    """An amount from SQL (DECIMAL cast to text, '100000.00') as judgments write it."""
    if text is None:
        return ""
    whole, _, cents = text.partition(".")
    if grouped:
        whole = f"{int(whole):,}"
    return whole if not cents or cents.strip("0") == "" else f"{whole}.{cents}"


def _money_cn(text: str) -> str:
    """A fine in Chinese numerals (五千元) when whole, else in digits."""
    whole, _, cents = text.partition(".")
    if cents.strip("0"):
        return f"{whole}.{cents}元"
    return f"{int_to_cn(int(whole))}元"


def _case_fee(amount: str | None, cause: str | None) -> int:
    """Case acceptance fee (诉讼费用交纳办法 Art. 13) for a property claim; fixed fees for the
    non-property causes. Whole yuan, as courts round it."""
    cause = cause or ""
    if amount is None:
        if "劳动" in cause:
            return 10
        if "离婚" in cause:
            return 300
        return 100
    x = float(amount)
    bands = (
        (10_000, 0.0, 50.0),
        (100_000, 0.025, None),
        (200_000, 0.02, None),
        (500_000, 0.015, None),
        (1_000_000, 0.01, None),
        (2_000_000, 0.009, None),
        (5_000_000, 0.008, None),
        (10_000_000, 0.007, None),
        (20_000_000, 0.006, None),
        (float("inf"), 0.005, None),
    )
    fee, lower = 50.0, 10_000.0
    if x <= lower:
        return 50
    for upper, rate, _ in bands[1:]:
        part = min(x, upper) - lower
        if part <= 0:
            break
        fee += part * rate
        lower = upper
    return round(fee)


class _Var:
    """Deterministic choices for one document, from the seed and the case id."""

    __slots__ = ("h",)

    def __init__(self, case_id: int, seed: int) -> None:
        self.h = self._mix(case_id * 0x9E3779B97F4A7C15 + (seed + 1) * 0xBF58476D1CE4E5B9)

    @staticmethod
    def _mix(x: int) -> int:
        x &= 0xFFFFFFFFFFFFFFFF
        x ^= x >> 31
        x = (x * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 29
        return x | 1 << 63  # keep plenty of bits to draw from

    def pick(self, options: Sequence[str]) -> str:
        return options[self.idx(len(options))]

    def idx(self, n: int) -> int:
        if self.h < 1 << 20:
            self.h = self._mix(self.h * 0xD6E8FEB86659FD93 + 0x632BE59BD9B4E019)
        self.h, r = divmod(self.h, n)
        return r

    def chance(self, percent: int) -> bool:
        return self.idx(100) < percent


# --- the rows read from the store --------------------------------------------------------


@dataclass(slots=True)
class _Party:
    role: str
    seq: int
    party_id: int
    kind: str
    name: str
    gender: str | None
    birth: int | None
    ethnicity: str | None
    address: str | None
    legal_rep: str | None
    agents: list[tuple[str, str, str | None]] = field(default_factory=list)


@dataclass(slots=True)
class _Sentence:
    party_id: int
    charges: str
    penalty: str
    term_months: int | None
    probation_months: int | None
    fine: str | None
    crime_amount: str | None
    custody_start: int | None
    term_start: int | None
    term_end: int | None
    political_months: int | None
    confiscation: str | None


@dataclass(slots=True)
class _Outcome:
    seq: int
    payer: int | None
    payee: int | None
    kind: str
    amount: str | None
    basis: str | None
    interest_from: int | None
    rate_text: str | None
    rate_pct: str | None
    contract_date: int | None
    late_article: int | None


@dataclass(slots=True)
class _Case:
    case_id: int
    case_no: str
    court_code: str
    family: str
    procedure: str
    trial_procedure: str | None
    cause: str | None
    filing: int
    closing: int
    method: str | None
    dept_id: int | None
    presiding_id: int | None
    claim: str | None
    result: str | None
    decided: int | None
    hearing: int | None
    appeal_court: str | None
    o_case_no: str | None
    o_court: str | None
    o_closing: int | None
    o_method: str | None
    o_claim: str | None
    o_cause: str | None
    o_filing: int | None
    parties: list[_Party] = field(default_factory=list)
    sentences: list[_Sentence] = field(default_factory=list)
    outcomes: list[_Outcome] = field(default_factory=list)
    o_parties: list[_Party] = field(default_factory=list)
    o_sentences: list[_Sentence] = field(default_factory=list)
    o_outcomes: list[_Outcome] = field(default_factory=list)
    actions: list[tuple[str, int, str | None]] = field(default_factory=list)
    paid_in: str | None = None
    # preservation during the suit: (day, amount, respondent names), in filing order
    preservations: list[tuple[int, str | None, list[str]]] = field(default_factory=list)


def _days(col: str) -> str:
    return f"date_diff('day', DATE '1970-01-01', CAST({col} AS DATE))"


_SQL_CASES = f"""
SELECT c.case_id, c.case_no, c.court_code, c.family, c.procedure, c.trial_procedure,
       c.cause_name, {_days("c.filing_date")}, {_days("c.closing_date")}, c.closing_method,
       c.dept_id, c.presiding_judge_id, CAST(c.claim_amount AS VARCHAR),
       ar.result, {_days("ar.decided_date")}, {_days("h.d")}, ap.court_code,
       o.case_no, o.court_code, {_days("o.closing_date")}, o.closing_method,
       CAST(o.claim_amount AS VARCHAR), o.cause_name, {_days("o.filing_date")}
FROM cases c
LEFT JOIN appeal_results ar ON ar.case_id = c.case_id
LEFT JOIN cases o ON o.case_id = c.origin_case_id
LEFT JOIN (SELECT case_id, min(occurred_at) AS d FROM events
           WHERE node = 'hearing' AND case_id BETWEEN $lo AND $hi GROUP BY case_id) h
       ON h.case_id = c.case_id
LEFT JOIN (SELECT origin_case_id, min(court_code) AS court_code FROM cases
           WHERE origin_relation = 'appeal' AND origin_case_id BETWEEN $lo AND $hi
           GROUP BY origin_case_id) ap
       ON ap.origin_case_id = c.case_id
WHERE c.status = 'closed' AND c.closing_date IS NOT NULL AND c.case_id BETWEEN $lo AND $hi
ORDER BY c.case_id
"""

_PARTY_COLS = f"""cp.role, cp.seq, p.party_id, p.kind, p.name, p.gender, {_days("p.birth_date")},
       p.ethnicity, p.address, p.legal_rep"""

# Heading order of the roles (prosecutor first ... victim last), for ORDER BY.
_ROLE_RANK = (
    "CASE cp.role "
    + " ".join(f"WHEN '{r}' THEN {i}" for r, i in _ROLE_ORDER.items())
    + " ELSE 99 END"
)

_SQL_PARTIES = f"""
SELECT cp.case_id, {_PARTY_COLS}
FROM case_parties cp JOIN parties p ON p.party_id = cp.party_id
WHERE cp.case_id BETWEEN $lo AND $hi
ORDER BY cp.case_id, {_ROLE_RANK}, cp.seq, p.party_id
"""

# Parties of the origin case, keyed by the later case (appeal or enforcement).
_SQL_ORIGIN_PARTIES = f"""
SELECT c.case_id, {_PARTY_COLS}
FROM cases c JOIN case_parties cp ON cp.case_id = c.origin_case_id
JOIN parties p ON p.party_id = cp.party_id
WHERE c.case_id BETWEEN $lo AND $hi AND c.status = 'closed' AND c.origin_case_id IS NOT NULL
ORDER BY c.case_id, {_ROLE_RANK}, cp.seq, p.party_id
"""

_SQL_AGENTS = """
SELECT a.case_id, a.party_id, a.agent_name, a.agent_kind, f.name
FROM case_agents a LEFT JOIN lawyers l ON l.lawyer_id = a.lawyer_id
LEFT JOIN law_firms f ON f.firm_id = l.firm_id
WHERE a.case_id BETWEEN $lo AND $hi
"""

_SENTENCE_COLS = f"""s.party_id, s.charges, s.principal_penalty, s.term_months,
       s.probation_months, CAST(s.fine_yuan AS VARCHAR), CAST(s.crime_amount AS VARCHAR),
       {_days("s.custody_start")}, {_days("s.term_start")}, {_days("s.term_end")},
       s.political_rights_months, s.confiscation"""

_SQL_SENTENCES = f"""
SELECT s.case_id, {_SENTENCE_COLS} FROM sentences s WHERE s.case_id BETWEEN $lo AND $hi
ORDER BY s.case_id, s.party_id
"""

_SQL_ORIGIN_SENTENCES = f"""
SELECT c.case_id, {_SENTENCE_COLS}
FROM cases c JOIN sentences s ON s.case_id = c.origin_case_id
WHERE c.case_id BETWEEN $lo AND $hi AND c.status = 'closed' AND c.procedure = 'second'
ORDER BY c.case_id, s.party_id
"""

_OUTCOME_COLS = f"""o.item_seq, o.payer_party_id, o.payee_party_id, o.kind,
       CAST(o.amount_yuan AS VARCHAR), CAST(o.interest_basis AS VARCHAR),
       {_days("o.interest_from")}, o.interest_rate_text,
       CAST(CAST(o.interest_annual_pct AS DECIMAL(8,2)) AS VARCHAR), {_days("o.contract_date")},
       o.late_clause_article"""

_SQL_OUTCOMES = f"""
SELECT o.case_id, {_OUTCOME_COLS} FROM civil_outcomes o WHERE o.case_id BETWEEN $lo AND $hi
ORDER BY o.case_id, o.item_seq
"""

_SQL_ORIGIN_OUTCOMES = f"""
SELECT c.case_id, {_OUTCOME_COLS}
FROM cases c JOIN civil_outcomes o ON o.case_id = c.origin_case_id
WHERE c.case_id BETWEEN $lo AND $hi AND c.status = 'closed' AND c.procedure = 'second'
ORDER BY c.case_id, o.item_seq
"""

_SQL_ACTIONS = f"""
SELECT case_id, kind, {_days("min(action_date)")}, CAST(sum(amount) AS VARCHAR)
FROM enforcement_actions WHERE case_id BETWEEN $lo AND $hi GROUP BY case_id, kind
ORDER BY case_id, 3, kind
"""

_SQL_PRESERVATIONS = f"""
SELECT c.origin_case_id, {_days("c.filing_date")}, CAST(c.claim_amount AS VARCHAR),
       list(p.name ORDER BY cp.seq, p.party_id)
FROM cases c
JOIN case_parties cp ON cp.case_id = c.case_id AND cp.role = 'respondent'
JOIN parties p ON p.party_id = cp.party_id
WHERE c.origin_relation = 'preservation' AND c.origin_case_id BETWEEN $lo AND $hi
GROUP BY c.origin_case_id, c.case_id, c.filing_date, c.claim_amount
ORDER BY c.origin_case_id, c.filing_date, c.case_id
"""

_SQL_PAID = """
SELECT case_id, CAST(sum(amount) AS VARCHAR) FROM payments
WHERE direction = 'in' AND case_id BETWEEN $lo AND $hi GROUP BY case_id
"""


def _rows(con: duckdb.DuckDBPyConnection, sql: str, lo: int, hi: int) -> list[tuple]:
    return con.execute(sql, {"lo": lo, "hi": hi}).fetchall()


def _load_chunk(con: duckdb.DuckDBPyConnection, lo: int, hi: int) -> list[_Case]:
    cases = [_Case(*r) for r in _rows(con, _SQL_CASES, lo, hi)]
    by_id = {c.case_id: c for c in cases}
    agents: dict[tuple[int, int], list] = defaultdict(list)
    for cid, pid, name, kind, firm in _rows(con, _SQL_AGENTS, lo, hi):
        agents[cid, pid].append((name, kind, firm))
    for r in _rows(con, _SQL_PARTIES, lo, hi):
        c = by_id.get(r[0])
        if c is not None:
            p = _Party(*r[1:])
            p.agents = agents.get((r[0], p.party_id), [])
            c.parties.append(p)
    for r in _rows(con, _SQL_ORIGIN_PARTIES, lo, hi):
        c = by_id.get(r[0])
        if c is not None:
            c.o_parties.append(_Party(*r[1:]))
    for sql, attr in (
        (_SQL_SENTENCES, "sentences"),
        (_SQL_ORIGIN_SENTENCES, "o_sentences"),
    ):
        for r in _rows(con, sql, lo, hi):
            c = by_id.get(r[0])
            if c is not None:
                getattr(c, attr).append(_Sentence(*r[1:]))
    for sql, attr in ((_SQL_OUTCOMES, "outcomes"), (_SQL_ORIGIN_OUTCOMES, "o_outcomes")):
        for r in _rows(con, sql, lo, hi):
            c = by_id.get(r[0])
            if c is not None:
                getattr(c, attr).append(_Outcome(*r[1:]))
    if any(c.family == "enforcement" for c in cases):
        for cid, kind, day, amount in _rows(con, _SQL_ACTIONS, lo, hi):
            c = by_id.get(cid)
            if c is not None:
                c.actions.append((kind, day, amount))
        for cid, amount in _rows(con, _SQL_PAID, lo, hi):
            c = by_id.get(cid)
            if c is not None:
                c.paid_in = amount
    for cid, day, amount, names in _rows(con, _SQL_PRESERVATIONS, lo, hi):
        c = by_id.get(cid)
        if c is not None:
            c.preservations.append((day, amount, names))
    for c in cases:  # every child query is ordered in SQL: parties in heading order ...
        c.claim, c.o_claim = _claim(c.claim), _claim(c.o_claim)
    return cases


# --- courts and judges -------------------------------------------------------------------


@dataclass(slots=True)
class _Bench:
    """Names by title for one department (or a whole court, as fallback)."""

    judge: list[str] = field(default_factory=list)
    juror: list[str] = field(default_factory=list)
    assistant_judge: list[str] = field(default_factory=list)
    clerk: list[str] = field(default_factory=list)


class _Courts:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        rows = con.execute(
            "SELECT court_code, name, parent_code, district, level FROM courts"
        ).fetchall()
        self.name = {r[0]: r[1] for r in rows}
        self.parent = {r[0]: r[2] for r in rows}
        self.district = {r[0]: r[3] for r in rows}
        self.level = {r[0]: r[4] for r in rows}
        self.judge_name: dict[int, str] = {}
        self.by_dept: dict[tuple[str, int | None], _Bench] = defaultdict(_Bench)
        self.by_court: dict[str, _Bench] = defaultdict(_Bench)
        for jid, court, dept, name, title in con.execute(
            "SELECT judge_id, court_code, dept_id, name, title FROM judges ORDER BY judge_id"
        ).fetchall():
            self.judge_name[jid] = name
            for bench in (self.by_dept[court, dept], self.by_court[court]):
                lst = getattr(bench, title, None)
                if lst is not None:
                    lst.append(name)

    def court_name(self, code: str | None) -> str:
        return self.name.get(code or "", code or "")

    def appeal_court(self, c: _Case) -> str:
        """The court an appeal goes to: the court of the actual appeal case where there is
        one, else where this kind of case is appealed (IP → 沪73, financial → 沪74,
        administrative → 沪03 from a basic court), else the parent court."""
        if c.appeal_court:
            return self.court_name(c.appeal_court)
        if self.level.get(c.court_code) == "basic":
            if c.family == "ip" and "沪73" in self.name:
                return self.name["沪73"]
            if c.family == "administrative" and ADMIN_APPEAL_COURT in self.name:
                return self.name[ADMIN_APPEAL_COURT]
            cause = CIVIL_BY_NAME.get(c.cause or "")
            if cause is not None and cause.financial and "沪74" in self.name:
                return self.name["沪74"]
        parent = self.parent.get(c.court_code)
        return self.court_name(parent) if parent else "最高人民法院"

    def procuratorate(self, code: str) -> str:
        return self.court_name(code).replace("人民法院", "人民检察院")

    def detention_house(self, code: str) -> str:
        district = self.district.get(code)
        return f"上海市{district}看守所" if district else "上海市看守所"

    def _pick(self, lst: list[str], v: _Var, avoid: Sequence[str]) -> str | None:
        if not lst:
            return None
        start = v.idx(len(lst))
        for k in range(len(lst)):
            name = lst[(start + k) % len(lst)]
            if name not in avoid:
                return name
        return None

    def _pick_first(self, pools: Sequence[list[str]], v: _Var, avoid: Sequence[str]) -> str | None:
        for pool in pools:
            name = self._pick(pool, v, avoid)
            if name is not None:
                return name
        return None

    def signatures(self, c: _Case, v: _Var, collegial: bool, jurors: bool) -> list[str]:
        """The signature lines: panel, date, (assistant), clerk."""
        bench = self.by_dept.get((c.court_code, c.dept_id)) or self.by_court.get(c.court_code)
        court_bench = self.by_court.get(c.court_code) or _Bench()
        bench = bench or court_bench
        presiding = self.judge_name.get(c.presiding_id or -1)
        if presiding is None:
            presiding = self._pick(bench.judge or court_bench.judge, v, ()) or ""
        panel: list[tuple[str, str]] = []
        if collegial:
            panel.append(("审判长", presiding))
            taken = [presiding]
            for _ in range(2):
                # a juror where the court has them (ordinary first instance), else a judge of
                # the department, else of the court: a panel always has three members
                name, title = None, "人民陪审员"
                if jurors and v.chance(60):
                    name = self._pick_first((bench.juror, court_bench.juror), v, taken)
                if name is None:
                    title = "审判员"
                    name = self._pick_first((bench.judge, court_bench.judge), v, taken)
                if name:
                    panel.append((title, name))
                    taken.append(name)
        else:
            panel.append(("审判员", presiding))
        style = v.idx(3)
        lines = [_sign(title, name, style) for title, name in panel]
        lines.append(_cn(c.decided if c.decided is not None else c.closing))
        if v.chance(25):
            lines.append("本件与原本核对无异")
        assistant = self._pick(bench.assistant_judge, v, ())
        if assistant and v.chance(50):
            lines.append(_sign("法官助理", assistant, style))
        clerk = self._pick(bench.clerk or court_bench.clerk, v, ())
        if clerk:
            lines.append(_sign("书记员", clerk, style))
        return lines


def _sign(title: str, name: str, style: int) -> str:
    if style == 0:
        return f"{title}{name}"
    if style == 1:
        return f"{title}　{name}"
    spaced = "　".join(title) if len(title) == 3 else title
    return f"{spaced}　　{name}"


# --- shared paragraph pieces -------------------------------------------------------------


def _date(days: int | None, v: _Var, cn_percent: int = 0) -> str:
    if days is None:
        return ""
    return _cn(days) if cn_percent and v.chance(cn_percent) else _ad(days)


def _person(p: _Party, v: _Var, criminal: bool) -> str:
    """名称, 性别, 出生, 民族, 住址 as the heading writes a natural person."""
    bits = [p.name]
    if p.gender:
        bits.append("男" if p.gender == "male" else "女")
    if p.birth is not None:
        bits.append(f"{_date(p.birth, v, 8)}出生")
    if p.ethnicity:
        bits.append(p.ethnicity)
    if p.address:
        bits.append(("户籍地" if criminal and v.chance(40) else "住") + p.address)
    return "，".join(bits) + "。"


def _party_lines(
    c: _Case, v: _Var, courts: _Courts, labels: dict[int, str], criminal: bool = False
) -> list[str]:
    colon = "" if criminal else v.pick(("：", "：", ""))
    out: list[str] = []
    for p in c.parties:
        if p.role == "victim":
            continue
        label = labels.get(p.party_id, _ROLE_LABEL.get(p.role, p.role))
        if p.role == "prosecutor":
            out.append(f"{label}{p.name}。")
            continue
        if p.kind == "natural":
            line = f"{label}{colon}{_person(p, v, criminal)}"
        else:
            line = f"{label}{colon}{p.name}" + (f"，住所地{p.address}。" if p.address else "。")
        out.append(line)
        if p.kind != "natural" and p.legal_rep:
            head = "负责人" if p.kind == "authority" and v.chance(30) else "法定代表人"
            out.append(f"{head}{colon}{p.legal_rep}。")
        for name, kind, firm in p.agents:
            out.append(_agent_line(name, kind, firm, criminal, colon, courts, c, v))
    return out


def _agent_line(
    name: str, kind: str, firm: str | None, criminal: bool, colon: str, courts: _Courts,
    c: _Case, v: _Var,
) -> str:  # fmt: skip
    head = "辩护人" if criminal else v.pick(("委托诉讼代理人", "委托诉讼代理人", "委托代理人"))
    sep = "" if criminal else colon
    if kind == "legal_aid":
        district = courts.district.get(c.court_code)
        centre = f"上海市{district}法律援助中心" if district else "上海市法律援助中心"
        tail = f"，{centre}指派的{firm}律师。" if firm else f"，{centre}指派律师。"
        return f"{head}{sep}{name}{tail}"
    if kind == "lawyer" and firm:
        return f"{head}{sep}{name}，{firm}律师。"
    return f"{head}{sep}{name}。"


def _names(parties: Sequence[_Party]) -> str:
    return "、".join(p.name for p in parties)


def _of(c: _Case, *roles: str) -> list[_Party]:
    return [p for p in c.parties if p.role in roles]


def _heading(c: _Case, courts: _Courts, title: str, v: _Var, caption: str | None) -> list[str]:
    lines = [caption] if caption and v.chance(15) else []
    spaced = " ".join(title) if v.chance(30) else title
    lines += [courts.court_name(c.court_code), spaced, c.case_no]
    return lines


def _procedure_words(tp: str | None, criminal: bool) -> str:
    if criminal:
        return {
            "simple": "依法适用简易程序，实行独任审判",
            "fast_track": "依法适用速裁程序，实行独任审判",
        }.get(tp or "", "依法组成合议庭")
    return {
        "simple": "依法适用简易程序",
        "small_claims": "依法适用小额诉讼程序",
    }.get(tp or "", "依法适用普通程序")


def _collegial(c: _Case) -> bool:
    return c.procedure == "second" or c.trial_procedure not in (
        "simple",
        "small_claims",
        "fast_track",
    )


def _ordinal(i: int) -> str:
    return int_to_cn(i)


def _numbered(items: Sequence[str], v: _Var) -> list[str]:
    """Main-text items: a single item stands alone, several are numbered 一、二、."""
    if len(items) == 1:
        return [items[0] + "。"]
    return [
        f"{_ordinal(i)}、{it}{'；' if i < len(items) else '。'}" for i, it in enumerate(items, 1)
    ]


# --- civil -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _CauseStyle:
    noun: str  # what the principal is (借款本金, 货款 ...)
    verb: str  # 偿还 / 支付 / 赔偿
    code_articles: str  # citation from 2021 (民法典 era)
    old_articles: str  # citation before 2021
    fact: str  # 经审理查明 sentence, {A} plaintiff, {B} defendant, {amt}, {date}
    reason: str


_GENERIC = _CauseStyle(
    "欠款", "支付",
    "《中华人民共和国民法典》第五百零九条、第五百七十七条",
    "《中华人民共和国合同法》第六十条、第一百零七条",
    "原告{A}与被告{B}之间存在{cause}法律关系，被告{B}尚欠原告{amt}元未付，经原告催讨，被告至今未履行付款义务",
    "当事人应当按照约定全面履行自己的义务。被告未按约履行付款义务，应当承担相应的民事责任",
)  # fmt: skip

_STYLES: tuple[tuple[tuple[str, ...], _CauseStyle], ...] = (
    # first match wins: the more specific keys come first
    (("信用卡",), _CauseStyle(
        "透支本金", "偿还",
        "《中华人民共和国民法典》第六百七十五条、第六百七十六条",
        "《中华人民共和国合同法》第二百零六条、第二百零七条",
        "被告{B}向原告{A}申领信用卡并透支消费，截至起诉之日尚欠透支本金{amt}元未还",
        "被告透支后未按约还款，构成违约，应当承担还款责任",
    )),
    (("民间借贷", "借款合同"), _CauseStyle(
        "借款本金", "偿还",
        "《中华人民共和国民法典》第六百六十七条、第六百七十四条、第六百七十五条、第六百七十六条",
        "《中华人民共和国合同法》第二百零六条、第二百零七条、第二百一十一条",
        "{date}原告{A}向被告{B}出借款项{amt}元，被告{B}出具借条一份。借款到期后，经原告多次催讨，被告未归还借款",
        "合法的借贷关系受法律保护。原告提供的借条、银行转账凭证等证据能够证明双方之间的借贷关系真实存在，被告应当按约归还借款并支付相应利息",
    )),
    (("追偿权",), _CauseStyle(
        "代偿款", "支付",
        "《中华人民共和国民法典》第七百条",
        "《中华人民共和国担保法》第三十一条",
        "原告{A}为被告{B}的借款提供担保，并依约向债权人代为清偿{amt}元",
        "保证人承担保证责任后，有权在其承担保证责任的范围内向债务人追偿",
    )),
    (("融资租赁",), _CauseStyle(
        "租金", "支付",
        "《中华人民共和国民法典》第七百三十五条、第七百五十二条",
        "《中华人民共和国合同法》第二百三十七条、第二百四十八条",
        "原告{A}与被告{B}签订融资租赁合同，被告{B}未按期支付租金，尚欠租金{amt}元",
        "承租人应当按照约定支付租金，经催告后在合理期限内仍不支付的，出租人可以请求支付全部租金",
    )),
    (("租赁",), _CauseStyle(
        "租金", "支付",
        "《中华人民共和国民法典》第七百零三条、第七百二十一条、第七百二十二条",
        "《中华人民共和国合同法》第二百一十二条、第二百二十六条、第二百二十七条",
        "原告{A}与被告{B}签订租赁合同，被告{B}承租后拖欠租金{amt}元",
        "承租人应当按照约定的期限支付租金，被告拖欠租金，应予支付",
    )),
    (("保险人代位求偿",), _CauseStyle(
        "赔偿款", "支付",
        "《中华人民共和国保险法》第六十条第一款、《中华人民共和国民法典》第一千一百六十五条",
        "《中华人民共和国保险法》第六十条第一款、《中华人民共和国侵权责任法》第六条",
        "原告{A}承保的车辆与被告{B}发生事故，原告依约向被保险人赔付{amt}元后取得代位求偿权",
        "因第三者对保险标的的损害而造成保险事故的，保险人自向被保险人赔偿保险金之日起，在赔偿金额范围内代位行使被保险人对第三者请求赔偿的权利",
    )),
    (("产品责任",), _CauseStyle(
        "赔偿款", "支付",
        "《中华人民共和国民法典》第一千二百零二条、第一千二百零三条",
        "《中华人民共和国侵权责任法》第四十一条、第四十三条",
        "原告{A}向被告{B}购买商品，因商品存在缺陷主张赔偿{amt}元",
        "因产品存在缺陷造成他人损害的，生产者、销售者应当承担侵权责任",
    )),
    (("买卖合同",), _CauseStyle(
        "货款", "支付",
        "《中华人民共和国民法典》第五百七十七条、第五百九十五条、第六百二十六条",
        "《中华人民共和国合同法》第一百零七条、第一百五十九条",
        "原告{A}与被告{B}之间存在买卖关系，双方经对账确认被告{B}尚欠货款{amt}元",
        "双方之间的买卖合同关系合法有效，被告收货后未按约支付货款，应承担违约责任",
    )),
    (("建设工程", "装饰装修", "承揽"), _CauseStyle(
        "工程款", "支付",
        "《中华人民共和国民法典》第五百七十七条、第七百八十八条、第七百九十九条",
        "《中华人民共和国合同法》第一百零七条、第二百六十九条、第二百七十九条",
        "原告{A}承接被告{B}发包的工程并已施工完毕，经结算被告{B}尚欠工程款{amt}元",
        "工程经竣工验收，发包人应当按照约定支付价款",
    )),
    (("劳务",), _CauseStyle(
        "劳务费", "支付",
        "《中华人民共和国民法典》第五百零九条、第五百七十七条",
        "《中华人民共和国合同法》第六十条、第一百零七条",
        "原告{A}为被告{B}提供劳务，被告{B}尚欠劳务费{amt}元",
        "原告提供劳务后，被告应当按约支付劳务报酬",
    )),
    (("劳动",), _CauseStyle(
        "劳动报酬", "支付",
        "《中华人民共和国劳动合同法》第三十条",
        "《中华人民共和国劳动合同法》第三十条",
        "原告{A}在被告{B}处工作，被告{B}拖欠原告劳动报酬{amt}元",
        "用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬",
    )),
    (("物业服务",), _CauseStyle(
        "物业服务费", "支付",
        "《中华人民共和国民法典》第九百三十七条、第九百四十四条",
        "《物业管理条例》第四十一条",
        "原告{A}为被告{B}所在小区提供物业服务，被告{B}欠付物业服务费{amt}元",
        "业主应当按照约定向物业服务人支付物业费",
    )),
    (("服务合同",), _CauseStyle(
        "服务费", "支付",
        "《中华人民共和国民法典》第五百零九条、第五百七十七条",
        "《中华人民共和国合同法》第六十条、第一百零七条",
        "原告{A}依约向被告{B}提供服务，被告{B}尚欠服务费{amt}元",
        "原告已依约提供服务，被告应当支付相应的服务费",
    )),
    (("房屋买卖",), _CauseStyle(
        "购房款", "支付",
        "《中华人民共和国民法典》第五百零九条、第五百七十七条、第五百九十五条",
        "《中华人民共和国合同法》第六十条、第一百零七条",
        "原告{A}与被告{B}签订房屋买卖合同，约定房屋转让价款，现就{amt}元价款发生争议",
        "双方签订的房屋买卖合同合法有效，当事人应当按约履行",
    )),
    (("委托理财",), _CauseStyle(
        "投资款", "返还",
        "《中华人民共和国民法典》第五百零九条、第九百二十九条",
        "《中华人民共和国合同法》第六十条、第四百零六条",
        "原告{A}委托被告{B}进行理财，交付投资款{amt}元，到期后被告未按约返还",
        "受托人应当按照约定处理委托事务，被告未按约返还投资款，应承担相应责任",
    )),
    (("合伙",), _CauseStyle(
        "合伙款项", "返还",
        "《中华人民共和国民法典》第九百六十七条、第九百七十八条",
        "《中华人民共和国民法通则》第三十条、第三十五条",
        "原告{A}与被告{B}合伙经营，合伙结束后经结算被告{B}应返还原告{amt}元",
        "合伙合同终止后，合伙财产在支付因终止而产生的费用以及清偿合伙债务后有剩余的，应当按约分配",
    )),
    (("侵害", "著作权", "商标", "专利"), _CauseStyle(
        "经济损失", "赔偿",
        "《中华人民共和国民法典》第一千一百八十五条",
        "《中华人民共和国侵权责任法》第十五条",
        "被告{B}未经原告{A}许可，实施了侵害原告知识产权的行为，原告主张经济损失及合理开支{amt}元",
        "被告的行为侵害了原告依法享有的知识产权，应当承担停止侵害、赔偿损失的民事责任",
    )),
    (("运输", "海上", "海事"), _CauseStyle(
        "运费", "支付",
        "《中华人民共和国海商法》第六十九条、《中华人民共和国民法典》第五百七十七条",
        "《中华人民共和国海商法》第六十九条、《中华人民共和国合同法》第一百零七条",
        "原告{A}为被告{B}提供运输服务，被告{B}尚欠运费{amt}元",
        "托运人应当按照约定向承运人支付运费",
    )),
    (("交通事故", "侵权", "健康权", "生命权", "财产损害", "医疗损害"), _CauseStyle(
        "损失", "赔偿",
        "《中华人民共和国民法典》第一千一百六十五条、第一千一百七十九条",
        "《中华人民共和国侵权责任法》第六条、第十六条",
        "被告{B}的侵权行为造成原告{A}损失，经核定原告各项损失合计{amt}元",
        "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任",
    )),
)  # fmt: skip


@lru_cache(maxsize=2048)
def _style(cause: str | None) -> _CauseStyle:
    if cause:
        for keys, style in _STYLES:
            if any(k in cause for k in keys):
                return style
    return _GENERIC


def _rate(o: _Outcome) -> str:
    if o.rate_text:
        return o.rate_text if o.rate_text.startswith("按") else "按" + o.rate_text
    if o.rate_pct:
        return f"按年利率{_money(o.rate_pct)}%"
    return "按约定利率"


def _interest_paren(o: _Outcome, v: _Var, grouped: bool) -> str:
    basis = f"以{_money(o.basis, grouped)}元为基数，" if o.basis else ""
    start = f"自{_date(o.interest_from, v)}起" if o.interest_from is not None else ""
    return f"（{basis}{start}{_rate(o)}计算至实际清偿之日止）"


def _civil_items(
    c: _Case, outcomes: Sequence[_Outcome], parties: Sequence[_Party], v: _Var,
    deadline: str, grouped: bool,
) -> list[str]:  # fmt: skip
    """Money items of the main text, in item order; a principal and the interest on it with
    the same payer and payee make one item, as courts write them."""
    label = {p.party_id: _ROLE_LABEL.get(p.role, "") + p.name for p in parties}
    style = _style(c.cause or c.o_cause)
    items: list[str] = []
    i = 0
    money = [o for o in outcomes if o.kind != "costs"]
    while i < len(money):
        o = money[i]
        payer = label.get(o.payer, "") if o.payer is not None else ""
        payee = label.get(o.payee, "") if o.payee is not None else ""
        amt = _money(o.amount, grouped)
        nxt = money[i + 1] if i + 1 < len(money) else None
        if o.kind == "principal":
            text = f"{payer}{deadline}{style.verb}{payee}{style.noun}{amt}元"
            if nxt and nxt.kind == "interest" and nxt.payer == o.payer and nxt.payee == o.payee:
                text += "及利息" + _interest_paren(nxt, v, grouped)
                if nxt.amount:
                    text += f"（已计算至起诉之日的利息为{_money(nxt.amount, grouped)}元）"
                i += 1
            items.append(text)
        elif o.kind == "interest":
            text = f"{payer}{deadline}支付{payee}利息"
            text += f"{amt}元" if o.amount else _interest_paren(o, v, grouped)
            if o.amount and (o.basis or o.rate_text):
                text += _interest_paren(o, v, grouped)
            items.append(text)
        elif o.kind == "damages":
            items.append(f"{payer}{deadline}支付{payee}赔偿金{amt}元")
        elif o.kind == "compensation":
            items.append(f"{payer}{deadline}赔偿{payee}各项损失{amt}元")
        else:
            what = "财产折价款" if c.cause and "离婚" in c.cause else "款项"
            items.append(f"{payer}{deadline}支付{payee}{what}{amt}元")
        i += 1
    return items


def _late_clause(outcomes: Sequence[_Outcome], v: _Var, doc: str = "本判决") -> str | None:
    """The doubled-late-interest sentence, citing exactly the article the table records."""
    article = next((o.late_article for o in outcomes if o.late_article is not None), None)
    if article is None:
        return None
    lead = v.pick(("如果未按", "如果未按", "如未按"))
    dep = v.pick(("依照", "依照", "按照"))
    tail = v.pick(("之规定", "之规定", "规定", "的规定"))
    return (
        f"{lead}{doc}指定的期间履行给付金钱义务，应当{dep}《中华人民共和国民事诉讼法》"
        f"{_article(article)}{tail}，加倍支付迟延履行期间的债务利息。"
    )


def _cpl(c: _Case, key: str) -> str:
    """民事诉讼法 article for a procedural step, by the version in force on the closing date."""
    era = 0 if c.closing < _CPL_2022 else (1 if c.closing < _CPL_2024 else 2)
    return _CPL_ARTICLES[key][era]


_CPL_ARTICLES = {
    "withdraw": ("第一百四十五条第一款", "第一百四十八条第一款", "第一百四十八条第一款"),
    "dismiss": (
        "第一百一十九条、第一百五十四条第一款第三项",
        "第一百二十二条、第一百五十七条第一款第三项",
        "第一百二十二条、第一百五十七条第一款第三项",
    ),
    "default": ("第一百四十四条", "第一百四十七条", "第一百四十七条"),
    "upheld": (
        "第一百七十条第一款第一项",
        "第一百七十七条第一款第一项",
        "第一百七十七条第一款第一项",
    ),
    "modified": (
        "第一百七十条第一款第二项",
        "第一百七十七条第一款第二项",
        "第一百七十七条第一款第二项",
    ),
    "remanded": (
        "第一百七十条第一款第三项",
        "第一百七十七条第一款第三项",
        "第一百七十七条第一款第三项",
    ),
    "withdraw_appeal": ("第一百七十三条", "第一百八十条", "第一百八十条"),
}


def _fee_line(
    c: _Case, v: _Var, bearer: str, halved: bool, prefix: str = "案件受理费",
    claim: str | None = None, cause: str | None = None,
) -> str:  # fmt: skip
    costs = next((o for o in c.outcomes if o.kind == "costs" and o.amount), None)
    if costs is not None:
        payer = next((p for p in c.parties if p.party_id == costs.payer), None)
        who = (_ROLE_LABEL.get(payer.role, "") + payer.name) if payer else bearer
        # The recorded amount is what is borne: already halved for a mediation.
        half = "减半收取计" if halved and c.method == "mediation" else ""
        return f"{prefix}{half}{_money(costs.amount)}元，由{who}负担。"
    fee = _case_fee(claim if claim is not None else c.claim, cause or c.cause)
    if halved and fee > 10:
        half = fee / 2
        half_txt = f"{half:.0f}" if half == int(half) else f"{half:.2f}"
        return f"{prefix}{fee}元，减半收取计{half_txt}元，由{bearer}负担。"
    return f"{prefix}{fee}元，由{bearer}负担。"


def _claim(amount: str | None) -> str | None:
    """A claimed amount, or None where the case claims no money (离婚 ... carry 0)."""
    return amount if amount is not None and float(amount) > 0 else None


def _claims(c: _Case, plaintiffs: str, defendants: str, v: _Var, grouped: bool) -> str:
    style = _style(c.cause)
    n = v.pick(("{}.", "{}、", "{}."))
    asks: list[str] = []
    if "离婚" in (c.cause or ""):
        asks.append(f"判令原告与被告{defendants}离婚")
    if c.claim:
        asks.append(f"判令被告{defendants}{style.verb}原告{style.noun}{_money(c.claim, grouped)}元")
    interest = next((o for o in c.outcomes if o.kind == "interest"), None)
    if interest is not None:
        start = (
            f"自{_date(interest.interest_from, v)}起" if interest.interest_from is not None else ""
        )
        asks.append(f"判令被告{defendants}支付利息（{start}计算至实际清偿之日止）")
    if any(o.kind == "damages" for o in c.outcomes):
        asks.append(f"判令被告{defendants}支付赔偿金")
    asks.append("本案诉讼费用由被告负担")
    numbered = "；".join(n.format(i) + a for i, a in enumerate(asks, 1))
    return f"原告{plaintiffs}向本院提出诉讼请求：{numbered}。"


def _principal_total(outcomes: Sequence[_Outcome]) -> float:
    return sum(float(o.amount) for o in outcomes if o.kind == "principal" and o.amount)


def _civil_first(c: _Case, courts: _Courts, v: _Var, title: str) -> list[str]:
    P = _of(c, "plaintiff")
    D = _of(c, "defendant")
    T = _of(c, "third_party")
    A, B = _names(P), _names(D)
    cause = c.cause or "合同纠纷"
    style = _style(c.cause)
    grouped = v.chance(5)
    admin = c.family == "administrative"
    lines = _heading(c, courts, title, v, f"{A}与{B}{cause}一审{title}")
    lines += _party_lines(c, v, courts, {})
    absent = not admin and bool(D) and all(p.kind != "authority" for p in D) and v.chance(30)
    open_day = f"于{_date(c.hearing, v)}" if c.hearing is not None and v.chance(60) else ""
    third = f"、第三人{_names(T)}" if T else ""
    if admin:
        lines.append(
            f"原告{A}诉被告{B}{cause}一案，本院于{_ad(c.filing)}立案后，依法组成合议庭，"
            f"{open_day}公开开庭审理了本案。原告{A}、被告{B}{third}的委托诉讼代理人到庭参加诉讼。"
            "本案现已审理终结。"
        )
    else:
        presence = (
            f"被告{B}经本院合法传唤，无正当理由拒不到庭参加诉讼，本院依法缺席审理。"
            if absent
            else "当事人到庭参加诉讼。"
        )
        lines.append(
            f"原告{A}与被告{B}{third}{cause}一案，本院于{_ad(c.filing)}立案后，"
            f"{_procedure_words(c.trial_procedure, False)}，{open_day}公开开庭进行了审理。"
            f"{presence}本案现已审理终结。"
        )
    principal = _principal_total(c.outcomes)
    first_date = next((o.contract_date for o in c.outcomes if o.contract_date is not None), None)
    amt = _money(c.claim, grouped) if c.claim else (f"{principal:.0f}" if principal else "")
    fact = style.fact.format(
        A=A, B=B, amt=amt, cause=cause, date=(_date(first_date, v) + "，") if first_date else ""
    )
    if admin:
        lines.append(f"原告{A}诉称，被告作出的行政行为认定事实不清，适用法律错误，请求依法撤销。")
        lines.append(
            f"被告{B}辩称，被诉行政行为认定事实清楚，证据确凿，适用法律正确，符合法定程序，"
            "请求驳回原告的诉讼请求。"
        )
        lines.append(f"经审理查明：被告{B}于原告起诉前作出被诉行政行为，原告不服，诉至本院。")
    else:
        lines.append(_claims(c, A, B, v, grouped) + f"事实和理由：{fact}。")
        if absent:
            lines.append(f"被告{B}未作答辩。")
        else:
            lines.append(
                f"被告{B}辩称，"
                + v.pick((
                    "对原告主张的事实无异议，但因经济困难暂时无力履行，请求法院酌情处理。",
                    "原告主张的数额过高，请求依法驳回原告的部分诉讼请求。",
                    "双方之间确有往来，但具体数额应以实际结算为准。",
                ))
            )  # fmt: skip
        lines.append(
            v.pick(("经审理查明：", "本院经审理认定事实如下：", "本院查明："))
            + fact + "。上述事实，有当事人的陈述及相关证据在案佐证，本院予以确认。"
        )  # fmt: skip
    deadline = v.pick(
        ("于本判决生效之日起十日内", "应于本判决生效之日起十日内", "于本判决生效后十日内")
    )
    items = _civil_items(c, c.outcomes, c.parties, v, deadline, grouped)
    if "离婚" in cause and not admin:
        items.insert(0, f"准予原告{A}与被告{B}离婚")
    supported_all = c.claim is None or principal >= float(c.claim) - 0.005
    laws = style.code_articles if c.closing >= _CIVIL_CODE else style.old_articles
    if any(o.kind == "damages" for o in c.outcomes) and style.noun == "货款":
        laws += "，《中华人民共和国食品安全法》第一百四十八条第二款"
    if admin:
        if items:
            reason = (
                f"本院认为，被告{B}作出的行政行为损害了原告的合法权益，应当承担相应的法律责任。"
            )
            laws = "《中华人民共和国行政诉讼法》第七十六条"
        else:
            reason = (
                f"本院认为，被告{B}作出的被诉行政行为认定事实清楚，证据确凿，适用法律、法规正确，"
                "符合法定程序。原告的诉讼请求缺乏事实和法律依据，本院不予支持。"
            )
            laws = "《中华人民共和国行政诉讼法》第六十九条"
            items = [f"驳回原告{A}的诉讼请求"]
    else:
        reason = f"本院认为，{style.reason}。"
        if not items:
            reason = "本院认为，原告提供的证据不足以证明其主张，应承担举证不能的不利后果。"
            items = [f"驳回原告{A}的全部诉讼请求"]
        elif not supported_all and c.claim:
            reason += "原告主张超出部分，缺乏事实和法律依据，本院不予支持。"
            items.append(f"驳回原告{A}的其他诉讼请求")
        cpl = f"《中华人民共和国民事诉讼法》{_cpl(c, 'default')}" if absent else ""
        laws = "、".join(x for x in (laws, cpl) if x)
    if absent:
        reason += f"被告{B}经本院合法传唤，无正当理由拒不到庭，视为放弃抗辩的权利。"
    lines.append(f"{reason}{v.pick(('综上，', '据此，', ''))}依照{laws}之规定，判决如下：")
    lines += _numbered(items, v)
    late = None if admin else _late_clause(c.outcomes, v)
    if late:
        lines.append(late)
    bearer = f"原告{A}" if items[0].startswith("驳回") else f"被告{B}"
    if admin:
        lines.append(f"案件受理费50元，由{bearer}负担。")
    else:
        lines.append(_fee_line(c, v, bearer, c.trial_procedure in ("simple", "small_claims")))
    if c.trial_procedure == "small_claims":
        lines.append("本判决为终审判决。")
    else:
        lines.append(_appeal_notice(c, courts, v, "判决", 15))
    lines += courts.signatures(c, v, _collegial(c), jurors=True)
    return lines


def _appeal_notice(c: _Case, courts: _Courts, v: _Var, doc: str, days: int) -> str:
    return (
        f"如不服本{doc}，{v.pick(('可以在', '可在'))}{doc}书送达之日起{int_to_cn(days)}日内，"
        f"向本院递交上诉状，并按{v.pick(('照', ''))}对方当事人{v.pick(('或者代表人', ''))}的人数提出副本，"
        f"上诉于{courts.appeal_court(c)}。"
    )


def _civil_mediation(c: _Case, courts: _Courts, v: _Var, title: str) -> list[str]:
    P, D = _of(c, "plaintiff"), _of(c, "defendant")
    A, B = _names(P), _names(D)
    cause = c.cause or "合同纠纷"
    grouped = v.chance(5)
    lines = _heading(c, courts, title, v, None)
    lines += _party_lines(c, v, courts, {})
    lines.append(
        f"原告{A}与被告{B}{cause}一案，本院于{_ad(c.filing)}立案后，"
        f"{_procedure_words(c.trial_procedure, False)}进行了审理。"
    )
    lines.append(_claims(c, A, B, v, grouped))
    lines.append(
        v.pick(("本案审理过程中，经本院主持调解，", "本案在审理过程中，经本院主持调解，"))
        + v.pick(("当事人自愿达成如下协议：", "双方当事人自愿达成如下协议："))
    )
    deadline = v.pick(("于本调解书生效之日起十日内", "应于本调解书签收之日起十日内"))
    items = _civil_items(c, c.outcomes, c.parties, v, deadline, grouped)
    if "离婚" in cause:
        items.insert(0, f"原告{A}与被告{B}自愿离婚")
    items.append("双方当事人就本案再无其他争议")
    fee = _fee_line(c, v, f"被告{B}", True).rstrip("。")
    items.append(fee)
    lines += _numbered(items, v)
    late = _late_clause(c.outcomes, v, "本调解书")
    if late:
        lines.append(late)
    lines.append("上述协议，不违反法律规定，本院予以确认。")
    lines.append(
        v.pick(
            (
                "本调解书经双方当事人签收后，即具有法律效力。",
                "本调解书经各方当事人签收后，即具有法律效力。",
            )
        )
    )
    lines += courts.signatures(c, v, _collegial(c), jurors=True)
    return lines


_DISMISS_REASONS = (
    "原告提供的证据不能证明其与本案有直接利害关系",
    "双方当事人在合同中约定了仲裁条款，本案不属于人民法院受理民事诉讼的范围",
    "原告的起诉没有具体的诉讼请求和事实、理由",
    "原告就同一纠纷重复起诉",
)


def _ruling_first(c: _Case, courts: _Courts, v: _Var, title: str, withdrawal: bool) -> list[str]:
    admin = c.family == "administrative"
    P, D = _of(c, "plaintiff"), _of(c, "defendant")
    A, B = _names(P), _names(D)
    cause = c.cause or ("行政行为" if admin else "合同纠纷")
    lines = _heading(c, courts, title, v, None)
    lines += _party_lines(c, v, courts, {})
    link = "诉" if admin else "与"
    what = "撤回起诉" if admin else "撤诉"
    if withdrawal:
        lines.append(
            f"原告{A}{link}被告{B}{cause}一案，本院于{_ad(c.filing)}立案。"
            f"原告{A}{v.pick(('向本院提出撤诉申请。', '以双方已自行和解为由，向本院申请撤回起诉。'))}"
        )
        law = (
            "《中华人民共和国行政诉讼法》第六十二条"
            if admin
            else f"《中华人民共和国民事诉讼法》{_cpl(c, 'withdraw')}"
        )
        lines.append(f"本院认为，原告{A}的撤诉申请符合法律规定，依照{law}之规定，裁定如下：")
        lines.append(f"准许原告{A}{what}。")
        if admin:
            lines.append(f"案件受理费50元，减半收取计25元，由原告{A}负担。")
        else:
            lines.append(_fee_line(c, v, f"原告{A}", True))
        lines += courts.signatures(c, v, False, jurors=False)
        return lines
    lines.append(f"原告{A}{link}被告{B}{cause}一案，本院于{_ad(c.filing)}立案后，依法进行了审理。")
    if not admin:
        lines.append(_claims(c, A, B, v, False))
    reason = v.pick(_DISMISS_REASONS)
    law = (
        "《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》第六十九条第一款"
        if admin
        else f"《中华人民共和国民事诉讼法》{_cpl(c, 'dismiss')}"
    )
    lines.append(
        f"本院经审查认为，{reason}，原告的起诉不符合法定的起诉条件，应予驳回。依照{law}之规定，裁定如下："
    )
    lines.append(f"驳回原告{A}的起诉。")
    fee = 50 if admin else _case_fee(c.claim, c.cause)
    lines.append(f"原告{A}预交的案件受理费{fee}元予以退还。")
    lines.append(_appeal_notice(c, courts, v, "裁定", 10))
    lines += courts.signatures(c, v, _collegial(c), jurors=True)
    return lines


# --- second instance (civil and administrative) ------------------------------------------

_ORIGIN_ROLE = {
    "plaintiff": "原审原告", "defendant": "原审被告", "third_party": "原审第三人",
    "criminal_defendant": "原审被告人",
}  # fmt: skip


def _appeal_labels(c: _Case) -> dict[int, str]:
    origin_role = {p.party_id: p.role for p in c.o_parties}
    by_name = {p.name: p.role for p in c.o_parties}
    labels = {}
    for p in c.parties:
        base = _ROLE_LABEL.get(p.role, p.role)
        orig = origin_role.get(p.party_id) or by_name.get(p.name)
        if orig in _ORIGIN_ROLE and p.role in ("appellant", "appellee", "third_party"):
            labels[p.party_id] = f"{base}（{_ORIGIN_ROLE[orig]}）"
        elif p.role == "third_party" and orig:
            labels[p.party_id] = "原审第三人"
    return labels


def _origin_doc(c: _Case, kind: str) -> str:
    return f"{kind}{'调解书' if c.o_method == 'mediation' else '判决'}"


def _civil_second(c: _Case, courts: _Courts, v: _Var, title: str, result: str) -> list[str]:
    admin = c.family == "administrative"
    kind = "行政" if admin else "民事"
    appellants = _of(c, "appellant") or _of(c, "plaintiff")
    appellees = _of(c, "appellee") or _of(c, "defendant")
    A, B = _names(appellants), _names(appellees)
    cause = c.cause or c.o_cause or ("行政行为" if admin else "合同纠纷")
    grouped = v.chance(5)
    o_court = courts.court_name(c.o_court)
    o_doc = f"{o_court}{c.o_case_no or ''}{kind}判决"
    lines = _heading(c, courts, title, v, f"{A}与{B}{cause}二审{title}")
    lines += _party_lines(c, v, courts, _appeal_labels(c))
    lines.append(
        f"上诉人{A}因与被上诉人{B}{cause}一案，不服{o_doc}，向本院提起上诉。"
        f"本院于{_ad(c.filing)}立案后，依法组成合议庭，"
        + v.pick(("公开开庭进行了审理。", "进行了审理。"))
        + "本案现已审理终结。"
    )
    if result == "withdrawn":
        lines[-1] = lines[-1].replace("本案现已审理终结。", "")
        law = (
            "《中华人民共和国行政诉讼法》第六十二条"
            if admin
            else f"《中华人民共和国民事诉讼法》{_cpl(c, 'withdraw_appeal')}"
        )
        lines.append(f"本院审理过程中，上诉人{A}向本院申请撤回上诉。")
        lines.append(f"本院认为，上诉人{A}撤回上诉的请求符合法律规定，依照{law}之规定，裁定如下：")
        lines.append(f"准许上诉人{A}撤回上诉。一审判决自本裁定书送达之日起发生法律效力。")
        lines.append(
            _fee_line(c, v, f"上诉人{A}", True, "二审案件受理费", c.claim or c.o_claim, cause)
        )
        lines.append("本裁定为终审裁定。")
        lines += courts.signatures(c, v, True, jurors=False)
        return lines
    lines.append(
        f"{A}上诉请求：撤销一审判决，依法改判或发回重审。事实和理由：一审判决认定事实不清，适用法律错误。"
    )
    lines.append(f"{B}辩称，一审判决认定事实清楚，适用法律正确，请求驳回上诉，维持原判。")
    o_plaintiffs = [p for p in c.o_parties if p.role == "plaintiff"]
    o_defs = [p for p in c.o_parties if p.role == "defendant"]
    if o_plaintiffs and c.o_claim and not admin:
        style = _style(cause)
        lines.append(
            f"{_names(o_plaintiffs)}向一审法院起诉请求：判令{_names(o_defs)}{style.verb}"
            f"{style.noun}{_money(c.o_claim, grouped)}元。"
        )
    if c.o_outcomes:
        o_items = _civil_items(c, c.o_outcomes, c.o_parties, v, "于判决生效之日起十日内", grouped)
        lines.append(
            "一审法院判决："
            + "；".join(f"{_ordinal(i)}、{t}" for i, t in enumerate(o_items, 1))
            + "。"
        )
    lines.append(
        v.pick((
            "本院二审期间，当事人没有提交新证据。本院对一审查明的事实予以确认。",
            "二审中，当事人均未提交新的证据。本院经审理查明的事实与一审法院查明的事实一致，本院予以确认。",
        ))
    )  # fmt: skip
    art = 89 if admin else None
    law_of = (
        "《中华人民共和国行政诉讼法》第八十九条第一款" if admin else "《中华人民共和国民事诉讼法》"
    )

    def law(key: str) -> str:
        if art:
            return law_of + {"upheld": "第一项", "modified": "第二项", "remanded": "第三项"}[key]
        return law_of + _cpl(c, key)

    fee_claim = c.claim or c.o_claim
    if result == "upheld":
        lines.append(
            "本院认为，一审判决认定事实清楚，适用法律正确，应予维持。上诉人的上诉请求缺乏事实和法律依据，"
            f"本院不予支持。依照{law('upheld')}之规定，判决如下："
        )
        lines.append("驳回上诉，维持原判。")
        if admin:
            lines.append(f"二审案件受理费50元，由上诉人{A}负担。")
        else:
            lines.append(_fee_line(c, v, f"上诉人{A}", False, "二审案件受理费", fee_claim, cause))
        lines.append("本判决为终审判决。")
    elif result in ("modified", "partly_modified"):
        lines.append(
            "本院认为，一审判决认定部分事实有误，本院予以纠正。上诉人的上诉请求部分成立，本院予以支持。"
            f"依照{law('modified')}之规定，判决如下："
        )
        items = (
            [f"撤销{o_doc}"]
            if result == "modified"
            else [f"维持{o_doc}第一项", f"撤销{o_doc}第二项"]
        )
        items += _civil_items(c, c.outcomes, c.parties, v, "于本判决生效之日起十日内", grouped)
        if result == "partly_modified":
            items.append(f"驳回上诉人{A}的其他上诉请求")
        lines += _numbered(items, v)
        late = None if admin else _late_clause(c.outcomes, v)
        if late:
            lines.append(late)
        if admin:
            lines.append(f"二审案件受理费50元，由被上诉人{B}负担。")
        else:
            lines.append(_fee_line(c, v, f"被上诉人{B}", False, "二审案件受理费", fee_claim, cause))
        lines.append("本判决为终审判决。")
    elif result == "remanded":
        lines.append(f"本院认为，一审判决认定基本事实不清，依照{law('remanded')}之规定，裁定如下：")
        lines += _numbered([f"撤销{o_doc}", f"本案发回{o_court}重审"], v)
        fee = 50 if admin else _case_fee(fee_claim, cause)
        lines.append(f"上诉人{A}预交的二审案件受理费{fee}元予以退回。")
        lines.append("本裁定为终审裁定。")
    else:  # dismissed: the suit should not have been heard
        lines.append(
            "本院认为，原审原告的起诉不符合法定的起诉条件，一审法院对本案进行实体审理不当，应予纠正。"
            "依照《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第三百三十条之规定，裁定如下："
        )
        target = _names(o_plaintiffs) or A
        lines += _numbered([f"撤销{o_doc}", f"驳回{target}的起诉"], v)
        lines.append("本裁定为终审裁定。")
    lines += courts.signatures(c, v, True, jurors=False)
    return lines


# --- criminal ----------------------------------------------------------------------------


def _charges(s: _Sentence) -> list[str]:
    return [x.strip() for x in s.charges.split(";") if x.strip()]


def _charge_text(s: _Sentence) -> str:
    return "、".join(f"{ch}罪" for ch in _charges(s))


def _penalty(s: _Sentence, v: _Var, fine_cn: bool) -> str:
    """判处… as the main text states it."""
    p = s.penalty
    dur = format_duration
    fine = ""
    if s.fine:
        fine = _money_cn(s.fine) if fine_cn else f"{_money(s.fine)}元"
    if p == "not_guilty":
        return "无罪"
    if p == "exempt":
        return "免予刑事处罚"
    if p == "fine_only":
        return f"判处罚金人民币{fine}"
    parts = []
    if p == "fixed_term":
        parts.append(f"判处有期徒刑{dur(s.term_months or 0)}")
    elif p == "criminal_detention":
        parts.append(f"判处拘役{dur(s.term_months or 0)}")
    elif p == "public_surveillance":
        parts.append(f"判处管制{dur(s.term_months or 0)}")
    elif p == "life":
        parts.append("判处无期徒刑，剥夺政治权利终身")
    elif p == "death":
        parts.append("判处死刑，缓期二年执行，剥夺政治权利终身")
    else:
        parts.append(f"判处{p}")
    if s.probation_months:
        parts.append(f"缓刑{dur(s.probation_months)}")
    if s.political_months and p not in ("life", "death"):
        parts.append(f"剥夺政治权利{dur(s.political_months)}")
    if fine:
        parts.append(f"并处罚金人民币{fine}")
    if s.confiscation and _is_property_penalty(s.confiscation):
        conf = s.confiscation
        parts.append(conf if conf.startswith("并处") else f"并处{conf}")
    return "，".join(parts)


def _is_property_penalty(confiscation: str) -> bool:
    """没收（个人全部/部分）财产 is a penalty stated with the sentence; confiscating tools or
    proceeds (没收作案工具, 追缴违法所得) is a main-text item of its own."""
    return "财产" in confiscation


_FINE_DUE = (
    "罚金于本判决生效后十日内缴纳。",
    "罚金于判决生效后一个月内缴纳。",
    "罚金限本判决生效后十日内缴纳。",
    "罚金于本判决生效之日起十日内向本院缴纳。",
)


def _term_paren(s: _Sentence, v: _Var) -> str:
    """The bracket after the sentence: how the term runs (with its start and end, as the
    table records them) and when the fine is due."""
    fine = v.pick(_FINE_DUE) if s.fine and s.penalty != "not_guilty" else ""
    if s.probation_months:
        return f"（缓刑考验期限，从判决确定之日起计算。{fine}）"
    timed = s.penalty in ("fixed_term", "criminal_detention", "public_surveillance")
    if timed and s.term_start is not None and s.term_end is not None:
        span = f"即自{_date(s.term_start, v, 3)}起至{_date(s.term_end, v, 3)}止"
        if s.custody_start is not None:
            rate = "二日" if s.penalty == "public_surveillance" else "一日"
            return (
                f"（刑期从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵刑期{rate}，"
                f"{span}。{fine}）"
            )
        return f"（刑期从判决执行之日起计算，{span}。{fine}）"
    return f"（{fine}）" if fine else ""


def _sentence_item(who: str, s: _Sentence, v: _Var, fine_cn: bool) -> str:
    if s.penalty == "not_guilty":
        return f"{who}无罪"
    charges = _charge_text(s)
    multi = len(_charges(s)) > 1
    body = _penalty(s, v, fine_cn)
    head = f"{who}犯{charges}，" + ("数罪并罚，决定执行" if multi and s.penalty != "exempt" else "")
    if multi and body.startswith("判处"):
        body = body[2:]
    return head + body


def _accused(p: _Party) -> str:
    """被告人 for a person, 被告单位 for a company tried for a unit crime (单位犯罪)."""
    return "被告人" if p.kind == "natural" else "被告单位"


def _accused_list(defs: Sequence[_Party]) -> str:
    """被告单位X、被告人A、B: the unit first, as judgments list them."""
    units = [p.name for p in defs if p.kind != "natural"]
    people = [p.name for p in defs if p.kind == "natural"]
    parts = []
    if units:
        parts.append("被告单位" + "、".join(units))
    if people:
        parts.append("被告人" + "、".join(people))
    return "、".join(parts)


def _criminal_articles(sentences: Sequence[_Sentence]) -> str:
    arts: list[str] = []
    for s in sentences:
        for ch in _charges(s):
            a = CHARGE_ARTICLES.get(ch)
            if a and a not in arts:
                arts.append(a)
    extra = ["第六十七条第三款"]
    if any(len(_charges(s)) > 1 for s in sentences):
        extra.append("第六十九条")
    if any(s.probation_months for s in sentences):
        extra += ["第七十二条第一款", "第七十三条第二款、第三款"]
    if any(s.fine for s in sentences):
        extra += ["第五十二条", "第五十三条"]
    if any(s.confiscation for s in sentences):
        extra.append("第六十四条")
    if any(s.penalty == "exempt" for s in sentences):
        extra.append("第三十七条")
    return "《中华人民共和国刑法》" + "、".join(arts + extra)


def _prosecutor(c: _Case, courts: _Courts, parties: Sequence[_Party]) -> str:
    p = next((p for p in parties if p.role == "prosecutor"), None)
    return p.name if p else courts.procuratorate(c.o_court or c.court_code)


def _criminal_first(c: _Case, courts: _Courts, v: _Var, title: str) -> list[str]:
    defs = _of(c, "criminal_defendant", "defendant")
    victims = _of(c, "victim")
    sent = {s.party_id: s for s in c.sentences}
    names = _names(defs)
    accused = _accused_list(defs)
    pros = _prosecutor(c, courts, c.parties)
    fine_cn = v.chance(70)
    all_charges = "、".join(dict.fromkeys(ch for s in c.sentences for ch in _charges(s)))
    caption = f"{names}{all_charges or c.cause or ''}一审刑事判决书"
    lines = _heading(c, courts, title, v, caption)
    if not any(p.role == "prosecutor" for p in c.parties):
        lines.append(f"公诉机关{pros}。")
    for line in _criminal_party_lines(c, v, courts, sent, {}):
        lines.append(line)
    charge_words = "、".join(f"{x}罪" for x in all_charges.split("、") if x) or (c.cause or "")
    open_day = f"于{_date(c.hearing, v)}" if c.hearing is not None and v.chance(50) else ""
    defenders = [a[0] for p in defs for a in p.agents]
    attend = f"{accused}" + (f"及其辩护人{'、'.join(defenders)}" if defenders else "")
    lines.append(
        f"{pros}以起诉书指控{accused}犯{charge_words}，于{_ad(c.filing)}向本院提起公诉。"
        f"本院{_procedure_words(c.trial_procedure, True)}，{open_day}公开开庭审理了本案。"
        f"{pros}指派检察员出庭支持公诉，{attend}到庭参加诉讼。现已审理终结。"
    )
    facts = []
    for p in defs:
        s = sent.get(p.party_id)
        if s is None:
            continue
        for ch in _charges(s):
            conduct = _CHARGE_CONDUCT.get(ch, f"实施了{ch}犯罪行为")
            victim = f"（被害人{_names(victims)}）" if victims and v.chance(50) else ""
            amount = f"，涉案金额人民币{_money(s.crime_amount)}元" if s.crime_amount else ""
            facts.append(f"{_accused(p)}{p.name}{conduct}{victim}{amount}")
        if s.custody_start is not None:
            facts.append(f"{_ad(s.custody_start)}，{_accused(p)}{p.name}被公安机关抓获归案")
    fact_text = "。".join(facts) + "。" if facts else ""
    lead = v.idx(2)
    if lead == 0:
        lines.append(f"公诉机关指控：{fact_text}")
        lines.append(
            f"上述事实，{accused}在开庭审理过程中亦无异议，且有被害人陈述、证人证言、"
            "书证、被告人供述等证据证实，足以认定。"
        )
    else:
        lines.append(f"{pros}指控{accused}犯{charge_words}，并提出了量刑建议。")
        lines.append(
            f"{accused}对指控的犯罪事实和罪名均无异议，"
            + v.pick(("自愿认罪认罚。", "当庭表示认罪。"))
        )
        lines.append(f"经审理查明：{fact_text}")
        lines.append("上述事实，有经庭审举证、质证的证据予以证实，本院予以确认。")
    reasons = []
    for p in defs:
        s = sent.get(p.party_id)
        if s is None:
            continue
        if s.penalty == "not_guilty":
            reasons.append(
                f"公诉机关指控{_accused(p)}{p.name}犯{_charge_text(s)}的事实不清、证据不足，指控的犯罪不能成立"
            )
            continue
        conduct = "；".join(
            _CHARGE_CONDUCT.get(ch, f"其行为符合{ch}罪的构成要件") for ch in _charges(s)
        )
        reasons.append(f"{_accused(p)}{p.name}{conduct}，其行为已构成{_charge_text(s)}")
    reason = "本院认为，" + "；".join(reasons) + "。" if reasons else "本院认为，"
    if any(s.penalty != "not_guilty" for s in c.sentences):
        reason += "公诉机关指控的罪名成立。" + v.pick((
            f"{accused}到案后如实供述自己的罪行，依法可以从轻处罚。",
            f"{accused}到案后能如实供述罪行，且自愿认罪认罚，依法可以从宽处理。",
        ))  # fmt: skip
    lines.append(f"{reason}依照{_criminal_articles(c.sentences)}之规定，判决如下：")
    items = []
    for p in defs:
        s = sent.get(p.party_id)
        if s is None:
            continue
        items.append(
            _sentence_item(f"{_accused(p)}{p.name}", s, v, fine_cn) + "。" + _term_paren(s, v)
        )
    for conf in dict.fromkeys(
        s.confiscation
        for s in c.sentences
        if s.confiscation and not _is_property_penalty(s.confiscation)
    ):
        items.append(f"{conf}。")
    if len(items) == 1:
        lines.append(items[0])
    else:
        lines += [f"{_ordinal(i)}、{it}" for i, it in enumerate(items, 1)]
    copies = v.pick(("一", "二"))
    lines.append(
        f"如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向{courts.appeal_court(c)}"
        f"提出上诉。书面上诉的，应当提交上诉状正本一份，副本{copies}份。"
    )
    lines += courts.signatures(c, v, _collegial(c), jurors=True)
    return lines


def _criminal_party_lines(
    c: _Case, v: _Var, courts: _Courts, sent: dict[int, _Sentence], labels: dict[int, str]
) -> list[str]:
    out = []
    for p in c.parties:
        if p.role in ("victim", "prosecutor"):
            if p.role == "prosecutor":
                out.append(f"公诉机关{p.name}。")
            continue
        label = labels.get(p.party_id, _ROLE_LABEL.get(p.role, p.role))
        if p.kind == "natural":
            line = f"{label}{_person(p, v, True)}"
        else:
            label = label.replace("被告人", "被告单位")
            line = f"{label}{p.name}" + (f"，住所地{p.address}。" if p.address else "。")
            if p.legal_rep:
                line += f"\n诉讼代表人{p.legal_rep}。"
        s = sent.get(p.party_id)
        if s is not None and s.custody_start is not None:
            line += f"因涉嫌{_charge_text(s)}于{_date(s.custody_start, v, 8)}被刑事拘留。"
            if s.penalty in ("fixed_term", "criminal_detention") and not s.probation_months:
                line += f"现羁押于{courts.detention_house(c.o_court or c.court_code)}。"
        out.append(line)
        for name, kind, firm in p.agents:
            out.append(_agent_line(name, kind, firm, True, "", courts, c, v))
    return out


def _criminal_second(c: _Case, courts: _Courts, v: _Var, title: str, result: str) -> list[str]:
    appellants = _of(c, "appellant", "criminal_defendant")
    names = _names(appellants)
    o_court = courts.court_name(c.o_court)
    o_doc = f"{o_court}{c.o_case_no or ''}刑事判决"
    pros = _prosecutor(c, courts, c.o_parties)
    labels = {p.party_id: "上诉人（原审被告人）" for p in appellants}
    fine_cn = v.chance(70)
    lines = _heading(c, courts, title, v, None)
    lines.append(f"原公诉机关{pros}。")
    sent = {s.party_id: s for s in c.sentences}
    o_sent = {s.party_id: s for s in c.o_sentences}
    for line in _criminal_party_lines(c, v, courts, sent or o_sent, labels):
        if not line.startswith("公诉机关"):
            lines.append(line)
    charges = "、".join(dict.fromkeys(ch for s in c.o_sentences for ch in _charges(s)))
    charge_words = "、".join(f"{x}罪" for x in charges.split("、") if x) or (c.cause or "")
    o_date = f"于{_cn(c.o_closing)}" if c.o_closing is not None else ""
    lines.append(
        f"{o_court}审理{pros}指控原审被告人{names}犯{charge_words}一案，{o_date}作出{c.o_case_no or ''}"
        f"刑事判决。原审被告人{names}不服，提出上诉。本院受理后依法组成合议庭，"
        + v.pick((
            "经过阅卷，讯问上诉人，听取辩护人的意见，认为本案事实清楚，决定不开庭审理。",
            "公开开庭审理了本案。",
        ))
        + "现已审理终结。"
    )  # fmt: skip
    o_items = [
        _sentence_item(f"{_accused(p)}{p.name}", o_sent[p.party_id], v, fine_cn)
        for p in appellants
        if p.party_id in o_sent
    ]
    if o_items:
        lines.append(
            "原判认定被告人" + names + "犯" + charge_words + "，判决：" + "；".join(o_items) + "。"
        )
    if result == "withdrawn":
        lines.append(f"本院审理过程中，上诉人{names}申请撤回上诉。")
        lines.append(
            "本院认为，上诉人在上诉期满后要求撤回上诉，经审查原判认定事实和适用法律正确，量刑适当，"
            "依照《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第三百八十三条之规定，裁定如下："
        )
        lines.append(f"准许上诉人{names}撤回上诉。")
        lines.append("本裁定为终审裁定。")
        lines += courts.signatures(c, v, True, jurors=False)
        return lines
    lines.append(f"上诉人{names}上诉提出，原判量刑过重，请求二审法院从轻改判。")
    lines.append("经审理查明的事实和证据与原判相同，本院予以确认。")
    art = "第二百三十六条第一款" if c.closing >= _CRIM_PL_2018 else "第二百二十五条第一款"
    cpl = f"《中华人民共和国刑事诉讼法》{art}"
    if result == "upheld":
        lines.append(
            f"本院认为，原判认定事实清楚，证据确实、充分，定罪准确，量刑适当，审判程序合法。"
            f"上诉人{names}的上诉理由不能成立，本院不予采纳。依照{cpl}第（一）项之规定，裁定如下："
        )
        lines.append("驳回上诉，维持原判。")
        lines.append("本裁定为终审裁定。")
    elif result in ("modified", "partly_modified"):
        lines.append(
            "本院认为，原判认定事实清楚，定罪准确，但量刑不当，本院予以纠正。"
            f"依照{_criminal_articles(c.sentences or c.o_sentences)}、{cpl}第（二）项之规定，判决如下："
        )
        items = [f"撤销{o_doc}；"]
        for p in appellants:
            s = sent.get(p.party_id)
            if s is not None:
                items.append(
                    _sentence_item(f"上诉人（原审被告人）{p.name}", s, v, fine_cn)
                    + "。"
                    + _term_paren(s, v)
                )
        lines += [f"{_ordinal(i)}、{it}" for i, it in enumerate(items, 1)]
        lines.append("本判决为终审判决。")
    else:  # remanded
        lines.append(f"本院认为，原判认定事实不清、证据不足。依照{cpl}第（三）项之规定，裁定如下：")
        lines += _numbered([f"撤销{o_doc}", f"发回{o_court}重新审判"], v)
        lines.append("本裁定为终审裁定。")
    lines += courts.signatures(c, v, True, jurors=False)
    return lines


# --- enforcement -------------------------------------------------------------------------

_ACTION_WORDS = {
    "notice": "向被执行人{R}发出执行通知书，责令其履行生效法律文书确定的义务",
    "property_report_order": "向被执行人{R}发出报告财产令，责令其如实申报财产",
    "online_search": "通过网络执行查控系统对被执行人名下的银行存款、车辆、不动产、证券、网络资金等财产进行查询",
    "freeze": "冻结被执行人名下银行存款{amt}",
    "seizure": "查封被执行人名下财产",
    "auction": "对查封财产进行网络司法拍卖{amt}",
    "consumption_restriction": "对被执行人{R}采取限制消费措施",
    "dishonest_list": "将被执行人{R}纳入失信被执行人名单",
}


def _doc_name(case_no: str, method: str | None) -> str:
    """民事判决书 / 刑事判决书 / 行政判决书 / 民事调解书 of an enforced title, from its number."""
    kind = "刑事" if "刑" in case_no else ("行政" if "行" in case_no else "民事")
    return kind + ("调解书" if method == "mediation" else "判决书")


def _enforcement_ruling(c: _Case, courts: _Courts, v: _Var, title: str) -> list[str]:
    applicants = _of(c, "applicant", "plaintiff")
    respondents = _of(c, "respondent", "defendant")
    A, R = _names(applicants), _names(respondents)
    cause = c.cause or c.o_cause or ""
    lines = _heading(c, courts, title, v, None)
    lines += _party_lines(c, v, courts, {})
    if c.o_case_no and c.o_method == "termination_current":
        lines.append(
            f"本院在执行申请执行人{A}与被执行人{R}{cause}一案中，于{_ad(c.o_closing)}作出"
            f"{c.o_case_no}执行裁定，终结本次执行程序。后申请执行人{A}以发现被执行人有可供执行财产为由"
            f"申请恢复执行，本院于{_ad(c.filing)}立案恢复执行。"
            if c.o_closing is not None
            else f"申请执行人{A}申请恢复执行{c.o_case_no}案，本院于{_ad(c.filing)}立案恢复执行。"
        )
    elif c.o_case_no:
        kind = _doc_name(c.o_case_no, c.o_method)
        lines.append(
            f"申请执行人{A}与被执行人{R}{cause}一案，{courts.court_name(c.o_court)}作出的{c.o_case_no}"
            f"{kind}已经发生法律效力。申请执行人{A}向本院申请强制执行，本院于{_ad(c.filing)}立案执行。"
        )
    else:
        lines.append(f"申请执行人{A}与被执行人{R}{cause}一案，本院于{_ad(c.filing)}立案执行。")
    if c.claim:
        lines[-1] += f"执行标的为{_money(c.claim)}元。"
    steps = []
    for kind, day, amount in c.actions:
        words = _ACTION_WORDS.get(kind)
        if words is None:
            continue
        amt = ""
        if amount and kind == "freeze":
            amt = f"{_money(amount)}元"
        elif amount and kind == "auction":
            amt = f"，成交价款{_money(amount)}元"
        steps.append(f"于{_ad(day)}" + words.format(R=R, amt=amt))
    if steps:
        lines.append("执行过程中，本院" + "；".join(steps) + "。")
    if c.paid_in:
        lines.append(f"本案已执行到位款项{_money(c.paid_in)}元。")
    else:
        lines.append("本案未执行到位款项。")
    lines.append(
        "经本院穷尽财产调查措施，未发现被执行人有其他可供执行的财产。"
        + v.pick((f"申请执行人{A}同意终结本次执行程序。", f"本院将上述情况告知申请执行人{A}，申请执行人对终结本次执行程序无异议。"))
    )  # fmt: skip
    article = "第五百一十七条" if c.closing >= _CIVIL_CODE else "第五百一十九条"
    lines.append(
        "本院认为，本案已穷尽财产调查措施，被执行人暂无可供执行的财产，符合终结本次执行程序的条件。"
        f"依照《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》{article}之规定，裁定如下："
    )
    lines.append("终结本次执行程序。")
    lines.append(
        "申请执行人发现被执行人有可供执行财产的，可以再次申请执行。被执行人负有继续向申请执行人履行债务的义务。"
    )
    lines.append("本裁定送达后立即生效。")
    lines += courts.signatures(c, v, v.chance(50), jurors=False)
    return lines


# --- follow-up rulings (之N) ---------------------------------------------------------------

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


# --- dispatch ----------------------------------------------------------------------------


def _document(c: _Case, courts: _Courts, v: _Var) -> tuple[str, str, list[str]] | None:
    """(kind, title, lines) for a closed case, or None where it has no closing document."""
    method = c.method or ""
    fam = c.family
    if fam == "criminal":
        if c.procedure == "first" and method == "judgment":
            return "judgment", "刑事判决书", _criminal_first(c, courts, v, "刑事判决书")
        if c.procedure == "second":
            result = c.result or method
            if result in ("modified", "partly_modified"):
                return (
                    "judgment",
                    "刑事判决书",
                    _criminal_second(c, courts, v, "刑事判决书", result),
                )
            if result in ("upheld", "remanded", "withdrawn"):
                return "ruling", "刑事裁定书", _criminal_second(c, courts, v, "刑事裁定书", result)
        return None
    if fam in CIVIL_FAMILIES or fam == "administrative":
        prefix = "行政" if fam == "administrative" else "民事"
        if c.procedure == "first":
            if method == "judgment":
                t = prefix + "判决书"
                return "judgment", t, _civil_first(c, courts, v, t)
            if method == "mediation" and fam != "administrative":
                return "mediation", "民事调解书", _civil_mediation(c, courts, v, "民事调解书")
            if method in ("withdrawal", "dismissal"):
                t = prefix + "裁定书"
                return "ruling", t, _ruling_first(c, courts, v, t, method == "withdrawal")
            return None
        if c.procedure == "second":
            result = c.result or method
            if result in ("upheld", "modified", "partly_modified"):
                t = prefix + "判决书"
                return "judgment", t, _civil_second(c, courts, v, t, result)
            if result in ("remanded", "withdrawn", "withdrawal", "dismissed"):
                t = prefix + "裁定书"
                result = "withdrawn" if result == "withdrawal" else result
                return "ruling", t, _civil_second(c, courts, v, t, result)
        return None
    if fam == "enforcement" and method == "termination_current":
        return "ruling", "执行裁定书", _enforcement_ruling(c, courts, v, "执行裁定书")
    return None


def _chunks(con: duckdb.DuckDBPyConnection, size: int) -> Iterator[tuple[int, int, int]]:
    """(first case_id, last case_id, closed cases) covering the closed cases in id order."""
    ids = [
        r[0]
        for r in con.execute(
            "SELECT case_id FROM cases WHERE status = 'closed' ORDER BY case_id"
        ).fetchall()
    ]
    for i in range(0, len(ids), size):
        part = ids[i : i + size]
        yield part[0], part[-1], len(part)


def render_documents(con: duckdb.DuckDBPyConnection, seed: int, progress: bool = True) -> int:
    """Write one `documents` row per closed case that has a closing document (judgment,
    ruling, mediation document); return how many were written. Deterministic for a seed."""
    courts = _Courts(con)
    total = con.execute("SELECT count(*) FROM cases WHERE status = 'closed'").fetchall()[0][0]
    next_id = con.execute("SELECT coalesce(max(doc_id), 0) + 1 FROM documents").fetchall()[0][0]
    # Millions of short-lived, acyclic objects: the cyclic collector would only rescan them
    # (it doubles the load time); reference counting frees them all the same.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        written = _render_all(con, seed, progress, courts, total, next_id)
    finally:
        if gc_was_enabled:
            gc.enable()
    return written


def _render_all(
    con: duckdb.DuckDBPyConnection, seed: int, progress: bool, courts: _Courts, total: int,
    next_id: int,
) -> int:  # fmt: skip
    written = 0
    bar = Progress(
        TextColumn("生成裁判文书 documents"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        disable=not progress,
    )
    with bar:
        task = bar.add_task("documents", total=total)
        for lo, hi, n in _chunks(con, CHUNK_CASES):
            ids: list[int] = []
            kinds: list[str] = []
            titles: list[str] = []
            texts: list[str] = []
            dates: list[int] = []
            for c in _load_chunk(con, lo, hi):
                v = _Var(c.case_id, seed)
                doc = _document(c, courts, v)
                if doc is not None:
                    kind, title, lines = doc
                    ids.append(c.case_id)
                    kinds.append(kind)
                    titles.append(title)
                    texts.append("\n".join(lines))
                    dates.append(c.decided if c.decided is not None else c.closing)
                for k, (day, amount, names) in enumerate(c.preservations, start=1):
                    lines = _preservation_ruling(
                        c, courts, _Var(-8 * c.case_id - k, seed), k, day, amount, names
                    )
                    ids.append(c.case_id)
                    kinds.append("ruling")
                    titles.append("民事裁定书")
                    texts.append("\n".join(lines))
                    dates.append(day)
            if ids:
                batch = pa.table(
                    {
                        "doc_id": pa.array(range(next_id, next_id + len(ids)), pa.int64()),
                        "case_id": pa.array(ids, pa.int64()),
                        "kind": pa.array(kinds, pa.string()),
                        "title": pa.array(titles, pa.string()),
                        "text": pa.array(texts, pa.string()),
                        "issue_date": pa.array(dates, pa.int32()).cast(pa.date32()),
                    }
                )
                con.register("_documents_batch", batch)
                try:
                    con.execute("INSERT INTO documents SELECT * FROM _documents_batch")
                finally:
                    con.unregister("_documents_batch")
                next_id += len(ids)
                written += len(ids)
            bar.advance(task, n)
    return written
