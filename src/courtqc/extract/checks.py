"""Legal checks on an extracted judgment, using the rules in `courtqc.law`:

* interest wording against the standard sentence and the cap in force (docs/DOMAIN.md §4.1–4.3):
  `check_interest` (law.civil_procedure.check_interest_wording, law.lpr.interest_cap_pct);
* sentence end date against start + term − custody (§4.7): `check_term_end`
  (law.sentencing.check_term_end);
* fine against the charge's rule (§4.8): `check_fines` (law.fines.check_fine);
* a main text that awards more than was claimed: `check_award_exceeds_claim`.

Each returns `CheckResult`s; `run_checks` runs all four and adds them to the extraction as
`check.*` info points. Scenario models run them through the Python operator `extract_checks`
(courtqc.operators.extract_checks, reading the `documents` table) — the same code in node,
review and backtest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from courtqc.extract.model import Extraction, InfoPoint
from courtqc.extract.text import MONEY_RE, read_money_dec
from courtqc.law.civil_procedure import check_interest_wording
from courtqc.law.findings import Finding
from courtqc.law.fines import check_fine
from courtqc.law.sentencing import TERM_PENALTIES, check_term_end

# finding code → info-point key
_KEY = {
    "late_interest_clause_missing": "check.interest_wording",
    "late_interest_article_wrong": "check.interest_wording",
    "interest_rate_colloquial": "check.interest_wording",
    "interest_base_missing": "check.interest_wording",
    "interest_over_cap": "check.interest_cap",
    "sentence_end_date_wrong": "check.term_end",
    "fine_out_of_range": "check.fine",
    "award_exceeds_claim": "check.award_exceeds_claim",
}


@dataclass(slots=True)
class CheckResult:
    finding: Finding
    subject: str | None = None  # the defendant or item concerned
    start: int | None = None
    end: int | None = None

    @property
    def key(self) -> str:
        return _KEY.get(self.finding.code, "check." + self.finding.code)

    def as_point(self) -> InfoPoint:
        return InfoPoint(
            self.key,
            self.finding.code,
            self.start,
            self.end,
            f"check:{self.finding.code}",
            self.subject,
        )


def _d(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(s)
    except ValueError:
        return None


def _section(ex: Extraction, name: str):
    return next((s for s in ex.sections if s.name == name), None)


def check_interest(ex: Extraction, text: str) -> list[CheckResult]:
    """Interest wording of a civil judgment's main text. The cap is checked for private
    lending (民间借贷), where the loan date is known, at the contract date."""
    if ex.family not in ("civil", None) or ex.doc_kind != "判决书":
        return []
    jd = _d(ex.decision_date)
    main = _section(ex, "main_text")
    if jd is None or main is None:
        return []
    end = main.end
    for nm in ("costs", "appeal_notice"):
        s = _section(ex, nm)
        if s is not None:
            end = max(end, s.end) if nm == "costs" else end
    body = text[main.start : end]
    contract = _d(ex.point("loan.date")) if ex.cause and "民间借贷" in ex.cause else None
    filing = _d(ex.point("filing_date"))
    try:
        findings = check_interest_wording(body, jd, contract_date=contract, filing_date=filing)
    except (ValueError, ArithmeticError):
        return []
    return [CheckResult(f, None, main.start, end) for f in findings]


_BREAK = re.compile(r"取保候审|监视居住|释放|变更强制措施|脱逃|暂予监外")


def check_term_ends(ex: Extraction, text: str = "") -> list[CheckResult]:
    """Each defendant's stated end date against start + term (1 day of custody = 1 day for
    fixed-term imprisonment and detention; the statement's start is the first day in custody).
    Where custody was interrupted (bail, residential surveillance, release: the end is then
    postponed by that time, §4.7) the document does not give enough to check, so it is left."""
    out = []
    parties = _section(ex, "parties")
    if text and parties is not None and _BREAK.search(text, parties.start, parties.end):
        return out
    for d in ex.defendants:
        if d.penalty not in TERM_PENALTIES or d.penalty == "public_surveillance":
            continue  # surveillance needs the custody days (1:2), which the sentence does not state
        s, e = _d(d.term_start), _d(d.term_end)
        if s is None or e is None or not d.term_months or d.term_days:
            continue
        f = check_term_end(s, d.term_months, d.penalty, e)
        if f is not None:
            out.append(CheckResult(f, d.name, d.start, d.end))
    return out


_TOTAL_AMOUNT = re.compile(
    r"(?:共计|合计|总计|累计|总价值|总金额|数额|价值|涉案金额|犯罪金额|盗窃金额)(?:人民币)?\s*("
    + MONEY_RE
    + ")"
)


def _crime_amount(ex: Extraction, text: str) -> Decimal | None:
    """The crime amount the court found: the largest total (共计/合计/价值 … 元) stated in the
    facts found (or the reasoning where there is no facts section)."""
    for name in ("facts", "reasoning", "claims"):
        s = _section(ex, name)
        if s is None:
            continue
        vals = [
            v
            for m in _TOTAL_AMOUNT.finditer(text, s.start, s.end)
            if (v := read_money_dec(m.group(1))) is not None
        ]
        if vals:
            return max(vals)
    return None


def check_fines(ex: Extraction, text: str) -> list[CheckResult]:
    out = []
    amount = _crime_amount(ex, text)
    minor = bool(ex.point("person.minor"))
    for d in ex.defendants:
        if d.fine_yuan is None or len(d.charges) != 1 or d.penalty is None:
            continue
        try:
            f = check_fine(
                d.charges[0], Decimal(str(d.fine_yuan)), amount, d.term_months, d.penalty, minor
            )
        except (ValueError, ArithmeticError):
            continue
        if f is not None:
            out.append(CheckResult(f, d.name, d.start, d.end))
    return out


def check_award_exceeds_claim(ex: Extraction) -> list[CheckResult]:
    """The money awarded (principal, damages, compensation — not interest or costs) against
    the amounts claimed. Only first-instance judgments: an appeal does not restate claims."""
    if ex.procedure != "first" or ex.doc_kind != "判决书":
        return []
    claimed = ex.point("claims.total")
    awarded = ex.point("main_text.total_awarded")
    if not isinstance(claimed, int | float) or not isinstance(awarded, int | float) or claimed <= 0:
        return []
    if awarded <= claimed + 0.005:
        return []
    c, a = (
        Decimal(str(claimed)).quantize(Decimal("0.01")),
        Decimal(str(awarded)).quantize(Decimal("0.01")),
    )
    f = Finding(
        "award_exceeds_claim",
        f"判决给付合计{a:,}元，超出诉讼请求金额{c:,}元（超出{a - c:,}元），可能超出诉请裁判",
        f"the main text awards {a:,} yuan, more than the {c:,} yuan claimed (+{a - c:,})",
        {"claimed": str(c), "awarded": str(a)},
    )
    main = _section(ex, "main_text")
    return [CheckResult(f, None, main.start if main else None, main.end if main else None)]


def run_checks(ex: Extraction, text: str) -> list[CheckResult]:
    """All four checks; their findings are also appended to `ex.info_points`."""
    results = (
        check_interest(ex, text)
        + check_term_ends(ex, text)
        + check_fines(ex, text)
        + check_award_exceeds_claim(ex)
    )
    ex.info_points.extend(r.as_point() for r in results)
    return results


def finding_codes() -> frozenset[str]:
    """Every finding code the checks can give."""
    return frozenset(_KEY)


def ex_text(text: str) -> str:
    """The text as the extractor reads it (spans refer to it; same length as the input)."""
    from courtqc.extract.text import normalise

    return normalise(text)
