"""The specs the report scenarios' cases are written from: ``Who`` (a real person or company),
``Spec`` (one case, planted positive or near miss), and ``Maker``, which draws people,
companies, days and amounts from one RNG (one seed = one court); with the scenario list and
the dates the law turns on."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from courtqc.domain.idnumber import make_id_number
from courtqc.domain.uscc import make_uscc

#: Truth scenarios this package plants (docs/ANOMALIES.md, one model each in the library).
SCENARIOS: tuple[str, ...] = (
    "ecommerce_platform_liability", "trademark_crime_probation", "reconciliation_wrong_article",
    "unfair_competition_interpretation", "appraisal_audit_idling", "repeated_remand",
    "suspension_idling", "false_sales_contract", "gift_disguised_as_sale",
    "factoring_disguised_loan", "plate_rental_disguised", "fundraising_mass_lending",
    "methadone_diversion", "rural_collective_assets", "house_sale_underpriced",
    "yin_yang_equity_transfer", "executive_pay_after_leaving", "transfer_idling",
    "fine_missing_mandatory", "recidivist_probation", "enforcement_suspension_idling",
    "public_notice_without_service", "bankruptcy_claim_wrong_defendant",
    "termination_too_early", "party_died_during_case", "judgment_exceeds_claims",
)  # fmt: skip

AS_OF = dt.date(2026, 6, 30)  # courtqc.synth.timeline.WINDOW.as_of
FIRST_DAY = dt.date(2021, 3, 1)
NEW_UCL = dt.date(2022, 3, 20)  # 法释〔2022〕9号 in force
UCL_2007 = "《最高人民法院关于审理不正当竞争民事案件应用法律若干问题的解释》（法释〔2007〕2号）"
UCL_2022 = (
    "《最高人民法院关于适用〈中华人民共和国反不正当竞争法〉若干问题的解释》（法释〔2022〕9号）"
)
SUITS_PER_FUNDRAISER = 5


def instances(cases: int) -> int:
    """Instances of each scenario: one per 50,000 cases, at least one."""
    return max(1, round(cases / 50_000))


@dataclass
class Who:
    """A real person or company of the report cases (one party row per case it appears in)."""

    key: int
    kind: str  # natural | legal | authority
    name: str
    id_number: str | None = None
    birth: dt.date | None = None
    gender: str | None = None
    uscc: str | None = None
    legal_rep: Who | None = None
    registered: bool = True  # a company in registry_enterprises
    death: dt.date | None = None  # a person the population register records as dead


@dataclass
class Spec:
    scenario: str
    truth: bool  # planted positive (True) or near miss (False)
    note: str
    cause: str
    family: str = "civil"
    type_code: str = "民初"
    procedure: str = "first"
    filing: dt.date = FIRST_DAY
    closing: dt.date | None = None
    method: str | None = "judgment"
    claim: float | None = None
    parties: list[tuple[str, Who]] = field(default_factory=list)
    truth_role: str | None = None  # the role whose party the truth row names (None: the case)
    also: tuple[str, ...] = ()  # other scenarios this case is planted truth of
    text: str | None = None  # judgment text (a document is written when set)
    doc_title: str = "民事判决书"
    side_events: list[tuple[str, dt.date, str]] = field(default_factory=list)
    sentence: dict[str, Any] | None = None
    origin: Spec | None = None
    origin_relation: str | None = None
    intermediate: bool = False  # heard at the intermediate court above the basic court
    court: str | None = None
    award: float | None = None  # principal the judgment awards (a civil_outcomes row when set)
    case_id: int = 0


class Maker:
    """Draws people, companies and dates for the specs (one RNG, so one seed = one court)."""

    SURNAMES = "钮濮邝戚滕阙祁饶谌蒯隗甄鞠勾"
    GIVEN = "澄湛珏琛翊珩瑾璟煜昕皓曦砚骞霁"
    FIRMS = "琨瑜瀚澜祺熠晟骅"
    # Wider name spaces, drawn from only once the narrow one is full (20 instances of every
    # scenario at 1M cases fill 64 company names per word): smaller courts stay as they were.
    MORE_GIVEN = GIVEN + "玥璇琮瑗璘琤玠珣琰璠瑭珝"
    MORE_FIRMS = FIRMS + "璨玮琦瑄炜昱"

    def __init__(self, seed: int):
        self.rng = random.Random(seed * 7919 + 17)
        self._key = 0
        self._names: set[str] = set()

    def _next(self) -> int:
        self._key += 1
        return self._key

    def _unique(self, make, wider=None) -> str:
        for draw, tries in ((make, 1000), (wider, 10_000)):
            for _ in range(tries if draw else 0):
                n = draw()
                if n not in self._names:
                    self._names.add(n)
                    return n
        raise RuntimeError(
            f"报告场景的名称已用尽 (name space exhausted after {len(self._names)} names)"
        )

    def person(self, male: bool | None = None) -> Who:
        r = self.rng
        male = r.random() < 0.6 if male is None else male
        name = self._unique(
            lambda: r.choice(self.SURNAMES) + r.choice(self.GIVEN) + r.choice(self.GIVEN),
            lambda: r.choice(self.SURNAMES) + r.choice(self.MORE_GIVEN) + r.choice(self.MORE_GIVEN),
        )
        birth = dt.date(r.randint(1958, 1995), r.randint(1, 12), r.randint(1, 28))
        idn = make_id_number("310115", birth, r.randint(0, 99), male)
        return Who(self._next(), "natural", name, idn, birth, "male" if male else "female")

    def company(self, word: str, rep: Who | None = None) -> Who:
        r = self.rng
        rep = rep or self.person()
        more = self.MORE_FIRMS
        name = self._unique(
            lambda: f"上海{r.choice(self.FIRMS)}{r.choice(self.FIRMS)}{word}有限公司",
            lambda: f"上海{r.choice(more)}{r.choice(more)}{r.choice(more)}{word}有限公司",
        )
        body = f"{r.randint(0, 99_999_999):08d}"
        return Who(self._next(), "legal", name, uscc=make_uscc("310115", body), legal_rep=rep)

    def day(self, lo: dt.date = FIRST_DAY, hi: dt.date = dt.date(2025, 12, 31)) -> dt.date:
        d = lo + dt.timedelta(days=self.rng.randint(0, (hi - lo).days))
        while d.weekday() >= 5:
            d += dt.timedelta(days=1)
        return d

    def money(self, lo: int, hi: int) -> int:
        return self.rng.randint(int(lo) // 100, int(hi) // 100) * 100


def _judgment(court_kind: str, body: str, ruling: str) -> str:
    return f"上海市{court_kind}人民法院\n{body}\n本院认为，{ruling}"
