"""The case plan: every case of the synthetic court, its parties and the real entities behind them,
as numpy columns. Nothing here is a string yet; ``people`` and ``details`` turn the plan into rows.

A case is a row of ``Plan.cases`` (indexed 0..n-1 in the order added; ``finish`` sorts them by
filing day into case ids). A party appearance is a row of ``Plan.slots`` (case, entity, role).
An entity is a real person or organisation (``Entities``); the same entity in several cases is
the same real party, possibly written differently (see ``people``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from courtqc.domain.courts import COURTS
from courtqc.domain.population import DISTRICT_RESIDENTS
from courtqc.synth import catalog as cat
from courtqc.synth.timeline import AS_OF, START, DaySampler, weekday_shift

# --- code tables ------------------------------------------------------------------------------

KINDS = (
    "civ1", "civ1_int", "fin1", "ip1", "mar1", "civ2", "fin2", "ip2", "high2", "retrial_review",
    "retrial", "remand", "crim1", "crim2", "adm1", "adm2", "enf", "enf_resume", "enf_pres",
    "enf_obj", "bk_app", "bk", "bk_derived",
)  # fmt: skip
K = {k: i for i, k in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class KindInfo:
    type_code: str
    procedure: str
    family: str | None  # None: from the cause (civil / commercial)
    track: str  # trial | enforcement


KIND_INFO: dict[str, KindInfo] = {
    "civ1": KindInfo("民初", "first", None, "trial"),
    "civ1_int": KindInfo("民初", "first", None, "trial"),
    "fin1": KindInfo("民初", "first", "financial", "trial"),
    "ip1": KindInfo("民初", "first", "ip", "trial"),
    "mar1": KindInfo("民初", "first", "maritime", "trial"),
    "civ2": KindInfo("民终", "second", None, "trial"),
    "fin2": KindInfo("民终", "second", "financial", "trial"),
    "ip2": KindInfo("民终", "second", "ip", "trial"),
    "high2": KindInfo("民终", "second", None, "trial"),
    "retrial_review": KindInfo("民申", "retrial_review", None, "trial"),
    "retrial": KindInfo("民再", "retrial", None, "trial"),
    "remand": KindInfo("民初", "first", None, "trial"),
    "crim1": KindInfo("刑初", "first", "criminal", "trial"),
    "crim2": KindInfo("刑终", "second", "criminal", "trial"),
    "adm1": KindInfo("行初", "first", "administrative", "trial"),
    "adm2": KindInfo("行终", "second", "administrative", "trial"),
    "enf": KindInfo("执", "enforcement", "enforcement", "enforcement"),
    "enf_resume": KindInfo("执恢", "enforcement", "enforcement", "enforcement"),
    "enf_pres": KindInfo("执保", "preservation", "enforcement", "enforcement"),
    "enf_obj": KindInfo("执异", "other", "enforcement", "enforcement"),
    "bk_app": KindInfo("破申", "bankruptcy", "bankruptcy", "trial"),
    "bk": KindInfo("破", "bankruptcy", "bankruptcy", "trial"),
    "bk_derived": KindInfo("民初", "first", "commercial", "trial"),
}
TRIAL_KINDS = np.array([KIND_INFO[k].track == "trial" for k in KINDS])
FIRST_INSTANCE = np.array([KIND_INFO[k].procedure == "first" for k in KINDS])

METHODS = (
    "judgment", "mediation", "withdrawal", "dismissal", "transfer", "ruling", "upheld",
    "modified", "remanded", "enforced_in_full", "termination_current", "termination",
    "settlement",
)  # fmt: skip
M = {m: i for i, m in enumerate(METHODS)}
RESULTS = ("upheld", "modified", "partly_modified", "remanded", "withdrawn", "dismissed")
R = {r: i for i, r in enumerate(RESULTS)}
REASONS = ("fact_error", "law_error", "procedure_error", "new_evidence", "no_ground")
PROCS = ("ordinary", "simple", "small_claims", "fast_track")
P = {p: i for i, p in enumerate(PROCS)}
RELATIONS = (
    "appeal", "retrial", "enforcement", "resumed_enforcement", "remand_retrial", "preservation",
    "objection", "bankruptcy",
)  # fmt: skip
REL = {r: i for i, r in enumerate(RELATIONS)}
ROLES = (
    "plaintiff", "defendant", "third_party", "appellant", "appellee", "applicant", "respondent",
    "criminal_defendant", "prosecutor", "victim",
)  # fmt: skip
ROLE = {r: i for i, r in enumerate(ROLES)}

# Global cause index: civil causes, then criminal charges, then administrative causes.
CIVIL = {c.name: i for i, c in enumerate(cat.CIVIL_CAUSES)}
N_CIVIL = len(cat.CIVIL_CAUSES)
CHARGE = {c.name: N_CIVIL + i for i, c in enumerate(cat.CHARGES)}
N_CHARGES = len(cat.CHARGES)
ADMIN0 = N_CIVIL + N_CHARGES
N_CAUSES = ADMIN0 + len(cat.ADMIN_CAUSES)
CAUSE_FAMILY = np.array([c.family for c in cat.CIVIL_CAUSES] + ["criminal"] * N_CHARGES
                        + ["administrative"] * len(cat.ADMIN_CAUSES))  # fmt: skip
CAUSE_FINANCIAL = np.array([c.financial for c in cat.CIVIL_CAUSES] + [False] * (N_CAUSES - N_CIVIL))
CAUSE_MONEY = np.array([c.money for c in cat.CIVIL_CAUSES] + [False] * (N_CAUSES - N_CIVIL))

# Case flags (bit mask): what planting asks of the downstream generators.
F_PLANTED = 1 << 0  # part of a planted pattern: never drawn as the origin of a clean case
F_WRONG_ARTICLE = 1 << 1  # late-interest clause cites another article
F_OMIT_ARTICLE = 1 << 2  # late-interest clause left out
F_OVER_CAP = 1 << 3  # private-lending rate above the cap
F_RING = 1 << 4  # false-lending ring: borrower never contests, no agent
F_FORCE_INTEREST = 1 << 5  # the judgment awards interest (needed by a pattern)
F_PROPERTY_TO_SPOUSE = 1 << 6  # divorce mediation moving property to the spouse
F_PUNITIVE = 1 << 7  # punitive damages claimed (食品安全法 148)
F_LATE_PAYMENTS = 1 << 8  # enforcement payments only in the last month of the case
F_NO_DEPS = 1 << 9  # never an origin of a generated dependent case
F_NO_OUTCOME = 1 << 10  # no money order (e.g. a withdrawn suit)

# Slot flags: per defendant sentence anomalies.
S_WRONG_END = 1
S_FINE_OUT = 2

#: "No day given" for entity dates (births before 1970 are negative day numbers).
NO_DAY = np.iinfo(np.int32).min

# Entity types and flags.
E_NATURAL, E_COMPANY, E_AUTHORITY, E_ADMINISTRATOR = 0, 1, 2, 3
EF_RETIRED_BALANCE = 1  # retired with a housing-fund balance (planted)
EF_INSTITUTION = 2  # a repeat institutional party (bank, insurer …)
EF_NO_VARIANT = 4  # always written the same way
EF_LATIN = 8  # company name with Latin letters (full-width variant possible)
EF_ID_X = 16  # ID number ending in X (so the lower-case x variant can show)
EF_KEEP_ID = 32  # always written with the ID number (a planted registry match needs it)

COURT_CODES = [c.code for c in COURTS]
CI = {c: i for i, c in enumerate(COURT_CODES)}
BASIC = [c.code for c in COURTS if c.level == "basic" and c.kind == "general"]
PARENT = {c.code: c.parent for c in COURTS}
DIVISION = {c.code: c.division_code for c in COURTS if c.division_code}
DISTRICT_OF_COURT = {c.code: c.district for c in COURTS if c.district}


def _mix(spec: str) -> tuple[list[str], np.ndarray]:
    pairs = [p.split(":") for p in spec.split(",")]
    keys = [k for k, _ in pairs]
    w = np.array([float(v) for _, v in pairs])
    return keys, w / w.sum()


def pick(rng: np.random.Generator, weights, n: int) -> np.ndarray:
    """Indices drawn with the given (unnormalised) weights."""
    w = np.asarray(weights, dtype=float)
    return np.searchsorted(np.cumsum(w / w.sum()), rng.random(n), side="right").clip(0, len(w) - 1)


# --- growable column store ----------------------------------------------------------------------


class Columns:
    """Columns appended in parts and consolidated on read."""

    def __init__(self, schema: dict[str, tuple[type, object]]) -> None:
        self.schema = schema
        self.parts: list[dict[str, np.ndarray]] = []
        self.n = 0
        self._cols: dict[str, np.ndarray] | None = {
            k: np.empty(0, t) for k, (t, _) in schema.items()
        }

    def add(self, n: int, **cols: object) -> np.ndarray:
        part = {}
        for k, (t, default) in self.schema.items():
            v = cols.pop(k, default)
            part[k] = np.broadcast_to(np.asarray(v, dtype=t), (n,)).copy()
        if cols:
            raise KeyError(f"unknown columns {sorted(cols)}")
        self.parts.append(part)
        self._cols = None
        idx = np.arange(self.n, self.n + n, dtype=np.int64)
        self.n += n
        return idx

    def cols(self) -> dict[str, np.ndarray]:
        if self._cols is None:
            base = {k: [] for k in self.schema}
            for p in self.parts:
                for k in self.schema:
                    base[k].append(p[k])
            self._cols = {k: np.concatenate(v) for k, v in base.items()}
            self.parts = [self._cols]
        return self._cols

    def __getitem__(self, k: str) -> np.ndarray:
        return self.cols()[k]

    def set(self, k: str, idx: np.ndarray, value: object) -> None:
        self.cols()[k][idx] = value


CASE_SCHEMA: dict[str, tuple[type, object]] = {
    "kind": (np.int8, 0), "court": (np.int16, 0), "cause": (np.int16, -1),
    "filing": (np.int32, 0), "end": (np.int32, 0), "method": (np.int8, -1), "proc": (np.int8, -1),
    "amount": (np.float64, 0.0), "award": (np.float64, 0.0), "origin": (np.int64, -1),
    "relation": (np.int8, -1), "ext": (np.int16, 0), "excl": (np.int16, 0), "flags": (np.int32, 0),
    "result": (np.int8, -1), "reason": (np.int8, -1), "pfm": (np.bool_, False),
    "group": (np.int32, -1), "base": (np.int64, -1), "suffix": (np.int8, 0),
}  # fmt: skip
# base / suffix: a case numbered after another one with 之N (分案审理, ``split_trials``): it takes
# the base case's year and sequence number, and N.
SLOT_SCHEMA: dict[str, tuple[type, object]] = {
    "case": (np.int64, 0), "entity": (np.int64, 0), "role": (np.int8, 0), "seq": (np.int8, 1),
    "variant": (np.int16, -1), "sflag": (np.int8, 0), "lawyer": (np.int32, -1),
}  # fmt: skip
ENTITY_SCHEMA: dict[str, tuple[type, object]] = {
    "etype": (np.int8, 0), "sub": (np.int16, -1), "gender": (np.int8, -1), "birth": (np.int32, NO_DAY),
    "death": (np.int32, -1), "rep": (np.int64, -1), "eflags": (np.int32, 0),
    "bk_day": (np.int32, -1), "firm": (np.int32, -1), "court": (np.int16, -1),
    "ctrl": (np.int64, -1), "twin": (np.int64, -1),
}  # fmt: skip
# ctrl: the person who controls a company without being its legal representative (a nominee
# stands in the register; the company's rows share the controller's phone or address).
# twin: a person who bears the name of another (a namesake: a different ID number, perhaps
# the same birth date when the plan sets it).


class Entities:
    """Real persons and organisations. ``names`` holds the fixed names of institutions and
    authorities; everyone else is named by ``people`` from the seed."""

    def __init__(self) -> None:
        self.c = Columns(ENTITY_SCHEMA)
        self.names: dict[int, str] = {}
        self.pools: dict[str, np.ndarray] = {}
        self._authority: dict[str, int] = {}
        self.admins: dict[int, int] = {}  # bankrupt debtor → its administrator entity

    def persons(self, n: int, **cols: object) -> np.ndarray:
        return self.c.add(n, etype=E_NATURAL, **cols)

    def companies(self, n: int, **cols: object) -> np.ndarray:
        return self.c.add(n, etype=E_COMPANY, **cols)

    def named(self, name: str, etype: int, **cols: object) -> int:
        cols["eflags"] = int(cols.get("eflags", 0)) | EF_NO_VARIANT
        i = int(self.c.add(1, etype=etype, **cols)[0])
        self.names[i] = name
        return i

    def authority(self, name: str) -> int:
        if name not in self._authority:
            self._authority[name] = self.named(name, E_AUTHORITY)
        return self._authority[name]

    def make_pools(self, rng: np.random.Generator, n_cases: int) -> None:
        """Repeat institutional parties, sized to the caseload."""
        for code, (per100k, minimum) in cat.INSTITUTION_POOLS.items():
            size = max(minimum, round(n_cases * per100k / 100_000))
            if code == "B":
                names = list(cat.BANKS)[:size]
                ids = [
                    self.named(nm, E_COMPANY, eflags=EF_NO_VARIANT | EF_INSTITUTION) for nm in names
                ]
            elif code == "I":
                names = list(cat.INSURERS)[:size]
                ids = [
                    self.named(nm, E_COMPANY, eflags=EF_NO_VARIANT | EF_INSTITUTION) for nm in names
                ]
            elif code == "H":
                districts = list(DISTRICT_RESIDENTS)
                ids = []
                for j in range(size):
                    d = districts[j % len(districts)]
                    kind = cat.HOSPITAL_KINDS[(j // len(districts)) % len(cat.HOSPITAL_KINDS)]
                    nm = (
                        f"上海市{d}{kind}"
                        if j < len(districts) * len(cat.HOSPITAL_KINDS)
                        else f"上海市{d}第{j}医院"
                    )
                    ids.append(self.named(nm, E_COMPANY, eflags=EF_NO_VARIANT | EF_INSTITUTION))
            else:
                # Named by ``people`` like other companies, in the institution's industry.
                ids = list(
                    self.c.add(
                        size, etype=E_COMPANY, sub=-2 - "LFPG".index(code), eflags=EF_INSTITUTION
                    )
                )
            self.pools[code] = np.asarray(ids, dtype=np.int64)

    def draw(self, rng: np.random.Generator, kinds: np.ndarray) -> np.ndarray:
        """An entity per requested kind code: fresh persons (N) and companies (C), or a member
        of an institutional pool (B, I, L, F, P, H, G)."""
        out = np.full(len(kinds), -1, dtype=np.int64)
        for code in np.unique(kinds):
            sel = np.flatnonzero(kinds == code)
            if code == "N":
                out[sel] = self.persons(len(sel))
            elif code == "C":
                out[sel] = self.companies(
                    len(sel), sub=rng.integers(0, len(cat.INDUSTRIES), len(sel))
                )
            else:
                pool = self.pools[str(code)]
                # Heavy-tailed: a few big banks / property managers file most suits.
                w = 1.0 / np.arange(1, len(pool) + 1) ** 0.8
                out[sel] = pool[pick(rng, w, len(sel))]
        return out


class Plan:
    """All cases, party slots and entities of one generation."""

    def __init__(self, n_target: int) -> None:
        self.n_target = n_target
        self.cases = Columns(CASE_SCHEMA)
        self.slots = Columns(SLOT_SCHEMA)
        self.ents = Entities()
        self.days = DaySampler()
        self.groups: list[tuple[str, str]] = []  # planted group id → (scenario, note)
        self.truth_planted: list[tuple[str, int, int, str]] = []  # scenario, case, entity, note

    # convenience ------------------------------------------------------------------------------
    def add(self, kind: str, n: int, **cols: object) -> np.ndarray:
        return self.cases.add(n, kind=K[kind], **cols)

    def slot(
        self, case: np.ndarray | int, entity: np.ndarray | int, role: str, seq=1, **cols
    ) -> None:
        case = np.atleast_1d(np.asarray(case, dtype=np.int64))
        self.slots.add(len(case), case=case, entity=entity, role=ROLE[role], seq=seq, **cols)

    def group(self, scenario: str, note: str) -> int:
        self.groups.append((scenario, note))
        return len(self.groups) - 1

    def slot_index(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(order, start, count): slots sorted by case, and per case where its slots begin."""
        case = self.slots["case"]
        order = np.argsort(case, kind="stable")
        count = np.bincount(case, minlength=self.cases.n)
        start = np.concatenate([[0], np.cumsum(count)[:-1]])
        return order, start, count

    def copy_slots(
        self, origin: np.ndarray, dest: np.ndarray, role_map: dict[str, str | None]
    ) -> None:
        """Give each ``dest`` case the parties of its ``origin`` case, roles renamed by
        ``role_map`` (None drops the role; roles not in the map are dropped)."""
        if len(origin) == 0:
            return
        order, start, count = self.slot_index()
        n = count[origin]
        rep_dest = np.repeat(dest, n)
        offs = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        rows = order[np.repeat(start[origin], n) + offs]
        s = self.slots.cols()
        roles = s["role"][rows]
        new_role = np.full(len(rows), -1, dtype=np.int8)
        for src, dst in role_map.items():
            if dst is not None:
                new_role[roles == ROLE[src]] = ROLE[dst]
        keep = new_role >= 0
        if keep.any():
            self.slots.add(
                int(keep.sum()),
                case=rep_dest[keep],
                entity=s["entity"][rows][keep],
                role=new_role[keep],
                seq=s["seq"][rows][keep],
            )

    def role_entities(self, cases: np.ndarray, role: str, seq: int = 1) -> np.ndarray:
        """The entity holding ``role`` (with ``seq``) in each case, -1 where none."""
        s = self.slots.cols()
        sel = (s["role"] == ROLE[role]) & (s["seq"] == seq)
        lookup = np.full(self.cases.n, -1, dtype=np.int64)
        lookup[s["case"][sel]] = s["entity"][sel]
        return lookup[cases]


# --- durations ---------------------------------------------------------------------------------

#: Approximate 审限 in days for duration drawing (the exact deadline is courtqc.law.time_limits;
#: draws stay ≥ 10 % away from it either way, so the approximation never decides overdue).
LIMIT_DAYS = {"ordinary": 183, "simple": 92, "small_claims": 61, "fast_track": 10,
              "crim_simple": 20, "crim_ordinary": 92, "second": 92, "crim_second": 61,
              "adm_ordinary": 183, "adm_simple": 45, "enf": 183, "review": 92}  # fmt: skip
EXT_DAYS = {"ordinary": 180, "simple": 30, "small_claims": 30, "crim_ordinary": 90,
            "fast_track": 5, "crim_second": 60, "enf": 90}  # fmt: skip


def draw_durations(
    rng: np.random.Generator,
    limit: np.ndarray,
    ext_max: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    p_ext: float,
    p_excl: float,
    p_over: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(duration, extended_days, excluded_days). Most cases close within ``lo``–``hi`` of the
    limit; some get an approved extension and use part of it, some have excluded days
    (公告, 鉴定), a few run ≥ 10 % past every allowance (overdue)."""
    n = len(limit)
    frac = lo + rng.random(n) * (hi - lo)
    dur = frac * limit
    ext = np.where((rng.random(n) < p_ext) & (ext_max > 0), ext_max, 0)
    use_ext = ext > 0
    dur = np.where(use_ext, limit * 1.1 + rng.random(n) * (0.85 * (limit + ext) - limit * 1.1), dur)
    excl = np.where(rng.random(n) < p_excl, rng.integers(30, 121, n), 0)
    dur = dur + excl
    over = rng.random(n) < p_over
    dur = np.where(over, (limit + ext + excl) * (1.12 + rng.random(n) * 0.5), dur)
    return (
        np.maximum(np.round(dur), 1).astype(np.int32),
        ext.astype(np.int16),
        excl.astype(np.int16),
    )


# --- the clean caseload --------------------------------------------------------------------------

ROOT_SHARES = {"civ1": 0.555, "civ1_int": 0.004, "fin1": 0.006, "ip1": 0.012, "mar1": 0.004,
               "crim1": 0.040, "adm1": 0.012, "bk_app": 0.0015, "enf": 0.075}  # fmt: skip
DEP_SHARES = {"civ2": 0.035, "fin2": 0.006, "ip2": 0.002, "high2": 0.002, "crim2": 0.004,
              "adm2": 0.005, "enf": 0.12, "enf_pres": 0.03, "enf_resume": 0.012, "enf_obj": 0.008,
              "retrial_review": 0.003, "crim_split": 0.0006}  # fmt: skip


class CleanBuilder:
    """Builds the clean caseload: first instances, then the cases that stem from them."""

    def __init__(self, plan: Plan, rng: np.random.Generator) -> None:
        self.p = plan
        self.rng = rng
        pop = np.array(
            [DISTRICT_RESIDENTS[DISTRICT_OF_COURT[c]] * cat.COURT_LOAD_FACTOR[c] for c in BASIC]
        )
        self.basic_w = pop / pop.sum()
        civil = [c for c in cat.CIVIL_CAUSES if c.weight > 0]
        self.civil_idx = np.array([CIVIL[c.name] for c in civil])
        self.civil_w = np.array([c.weight for c in civil])

    # helpers ----------------------------------------------------------------------------------
    def basic_courts(self, n: int) -> np.ndarray:
        return np.array([CI[c] for c in BASIC], dtype=np.int16)[pick(self.rng, self.basic_w, n)]

    def parties(self, cases: np.ndarray, spec: str, role: str, seq: int = 1, **kw) -> np.ndarray:
        keys, w = _mix(spec)
        kinds = np.array(keys)[pick(self.rng, w, len(cases))]
        ents = self.p.ents.draw(self.rng, kinds)
        self.p.slot(cases, ents, role, seq, **kw)
        return ents

    def civil_parties(self, cases: np.ndarray) -> None:
        """Plaintiff, defendant(s) per the cause's party mix. Divorce: opposite genders."""
        rng, p = self.rng, self.p
        cause = p.cases["cause"][cases]
        for ci in np.unique(cause):
            c = cat.CIVIL_CAUSES[ci]
            sel = cases[cause == ci]
            if c.name == "离婚纠纷":
                g = (rng.random(len(sel)) < 0.35).astype(np.int8)  # 65 % of petitioners are women
                p.slot(sel, p.ents.persons(len(sel), gender=g), "plaintiff")
                p.slot(sel, p.ents.persons(len(sel), gender=1 - g), "defendant")
                continue
            self.parties(sel, c.plaintiff, "plaintiff")
            self.parties(sel, c.defendant, "defendant")
            co = sel[rng.random(len(sel)) < c.co_defendant]
            if len(co):
                self.parties(co, f"{c.co_kind}:1", "defendant", seq=2)

    def first_instance(
        self,
        kind: str,
        n: int,
        court: np.ndarray,
        cause: np.ndarray,
        filing: np.ndarray | None = None,
        **cols: object,
    ) -> np.ndarray:
        """Civil-type first instances: procedure, closing method, duration, amounts."""
        rng = self.rng
        if filing is None:
            filing = self.p.days.sample(rng, n)
        filing = weekday_shift(filing)
        causes = [cat.CIVIL_CAUSES[i] for i in cause]
        median = np.array([c.amount_median for c in causes])
        sigma = np.array([c.amount_sigma for c in causes])
        amount = np.where(
            median > 0, np.round(median * np.exp(sigma * rng.standard_normal(n)), -1), 0.0
        )
        amount = np.where((median > 0) & (amount < 500), 500.0, amount)
        profile = np.array([c.closing for c in causes])
        method = np.zeros(n, dtype=np.int8)
        for prof in np.unique(profile):
            sel = np.flatnonzero(profile == prof)
            method[sel] = pick(rng, cat.CLOSING_PROFILES[prof], len(sel))  # first six METHODS
        # Procedure: small claims for small money claims, ordinary for big or complex ones.
        u = rng.random(n)
        proc = np.where(u < 0.70, P["simple"], P["ordinary"]).astype(np.int8)
        small = (amount > 0) & (amount <= 60_000) & (rng.random(n) < 0.45)
        proc = np.where(small, P["small_claims"], proc)
        proc = np.where(amount > 2_000_000, P["ordinary"], proc)
        if kind in ("civ1_int", "fin1", "mar1", "ip1"):
            proc = np.where(rng.random(n) < 0.8, P["ordinary"], P["simple"]).astype(np.int8)
        limit = np.select(
            [proc == P["small_claims"], proc == P["simple"]],
            [LIMIT_DAYS["small_claims"], LIMIT_DAYS["simple"]],
            LIMIT_DAYS["ordinary"],
        )
        ext_max = np.select([proc == P["ordinary"]], [EXT_DAYS["ordinary"]], EXT_DAYS["simple"])
        lo = np.select(
            [method == M["withdrawal"], method == M["mediation"], method == M["transfer"]],
            [0.05, 0.1, 0.03],
            0.3,
        )
        hi = np.select([method == M["withdrawal"], method == M["transfer"]], [0.6, 0.25], 0.9)
        dur, ext, excl = draw_durations(rng, limit.astype(float), ext_max, lo, hi, 0.08, 0.04, 0.03)
        end = weekday_shift(filing + dur)
        ratio = np.where(
            method == M["judgment"], 0.55 + 0.45 * rng.random(n), 0.5 + 0.4 * rng.random(n)
        )
        # Some judgments dismiss every claim (驳回诉讼请求): no money order.
        lost = (method == M["judgment"]) & (rng.random(n) < 0.12)
        money = CAUSE_MONEY[cause] & np.isin(method, [M["judgment"], M["mediation"]]) & ~lost
        award = np.where(money, np.round(amount * ratio, 0), 0.0)
        pfm = (kind == "civ1") & (rng.random(n) < 0.3)
        return self.p.add(
            kind,
            n,
            court=court,
            cause=cause,
            filing=filing,
            end=end,
            method=method,
            proc=proc,
            amount=amount,
            award=award,
            ext=ext,
            excl=excl,
            pfm=pfm,
            **cols,
        )

    # roots -------------------------------------------------------------------------------------
    def roots(self, counts: dict[str, int]) -> None:
        rng, p = self.rng, self.p
        n = counts["civ1"]
        cause = self.civil_idx[pick(rng, self.civil_w, n)].astype(np.int16)
        court = self.basic_courts(n)
        # IP-designated basic courts also take the IP first instances (知民初) below.
        self.civil_parties(self.first_instance("civ1", n, court, cause))

        n = counts["civ1_int"]
        cause = np.array([CIVIL[c] for c in cat.INTERMEDIATE_FIRST_CAUSES], dtype=np.int16)[
            rng.integers(0, 4, n)
        ]
        court = np.array([CI["沪01"], CI["沪02"], CI["沪03"]], dtype=np.int16)[
            rng.integers(0, 3, n)
        ]
        idx = self.first_instance("civ1_int", n, court, cause)
        p.cases["amount"][idx] = np.round(p.cases["amount"][idx] * 40 + 50_000_000, -3)
        p.cases["award"][idx] = np.where(
            p.cases["award"][idx] > 0, np.round(p.cases["amount"][idx] * 0.7), 0
        )
        self.civil_parties(idx)

        n = counts["fin1"]
        cause = np.array([CIVIL[c] for c in cat.FINANCIAL_COURT_CAUSES], dtype=np.int16)[
            pick(rng, [0.6, 0.25, 0.15], n)
        ]
        idx = self.first_instance("fin1", n, np.full(n, CI["沪74"], np.int16), cause)
        p.cases["amount"][idx] = np.round(p.cases["amount"][idx] * 30 + 5_000_000, -3)
        p.cases["award"][idx] = np.where(
            p.cases["award"][idx] > 0, np.round(p.cases["amount"][idx] * 0.8), 0
        )
        self.civil_parties(idx)

        n = counts["ip1"]
        cause = np.array([CIVIL[c] for c in cat.IP_CAUSES], dtype=np.int16)[
            pick(rng, cat.IP_WEIGHTS, n)
        ]
        at73 = rng.random(n) < 0.25
        ipc = np.array([CI[c] for c in cat.IP_BASIC_COURTS], dtype=np.int16)
        court = np.where(at73, CI["沪73"], ipc[rng.integers(0, len(ipc), n)]).astype(np.int16)
        self.civil_parties(self.first_instance("ip1", n, court, cause))

        n = counts["mar1"]
        cause = np.full(n, CIVIL["海上、通海水域货物运输合同纠纷"], np.int16)
        self.civil_parties(self.first_instance("mar1", n, np.full(n, CI["沪72"], np.int16), cause))

        self.criminal(counts["crim1"])
        self.administrative(counts["adm1"])
        self.bankruptcy(counts["bk_app"])
        self.standalone_enforcement(counts["enf"])

    def criminal(
        self,
        n: int,
        filing: np.ndarray | None = None,
        charge: np.ndarray | None = None,
        unit: np.ndarray | None = None,
        court: np.ndarray | None = None,
        parties: bool = True,
        **cols: object,
    ) -> np.ndarray:
        """刑初 cases; ``court`` given: tried there (else a basic court, serious ones at the
        intermediate court); ``parties`` False: the caller adds the parties."""
        rng, p = self.rng, self.p
        if charge is None:
            charge = pick(rng, [c.weight for c in cat.CHARGES], n)
        ch = [cat.CHARGES[i] for i in charge]
        serious = np.array([c.name in ("集资诈骗", "贩卖毒品") for c in ch]) & (
            rng.random(n) < 0.08
        )
        if court is None:
            court = self.basic_courts(n)
            court = np.where(serious, [CI[PARENT[COURT_CODES[c]]] for c in court], court)
        else:  # tried at an intermediate court: as serious as the case that went there
            serious = ~np.isin(court, [CI[b] for b in BASIC])
        court = np.asarray(court).astype(np.int16)
        if filing is None:
            filing = p.days.sample(rng, n)
        filing = weekday_shift(filing)
        ft = np.array([c.fast_track for c in ch])
        u = rng.random(n)
        proc = np.where(
            u < ft, P["fast_track"], np.where(u < ft + (1 - ft) * 0.5, P["simple"], P["ordinary"])
        )
        proc = np.where(serious, P["ordinary"], proc).astype(np.int8)
        limit = np.select([proc == P["fast_track"], proc == P["simple"]], [10, 20], 92).astype(
            float
        )
        ext_max = np.select([proc == P["fast_track"], proc == P["ordinary"]], [5, 90], 0)
        lo = np.select([proc == P["fast_track"]], [0.3], 0.35)
        dur, ext, excl = draw_durations(rng, limit, ext_max, lo, np.full(n, 0.85), 0.04, 0.01, 0.01)
        end = weekday_shift(filing + dur)
        method = np.where(rng.random(n) < 0.985, M["judgment"], M["withdrawal"]).astype(np.int8)
        amount = np.zeros(n)
        for i, c in enumerate(cat.CHARGES):
            sel = charge == i
            if c.amount and sel.any():
                med, sig = c.amount
                amount[sel] = np.round(med * np.exp(sig * rng.standard_normal(sel.sum())), -1)
        idx = p.add(
            "crim1",
            n,
            court=court,
            cause=(N_CIVIL + charge).astype(np.int16),
            filing=filing,
            end=end,
            method=method,
            proc=proc,
            amount=amount,
            ext=ext,
            excl=excl,
            **cols,
        )
        if parties:
            self.criminal_parties(idx, unit)
        return idx

    def split_trials(self, n: int) -> None:
        """分案审理: an accomplice tried on his own (caught later, or prosecuted separately)
        under the original case's number with 之一 — 之二 for a second one — as in the real
        （2022）沪03刑初48号之一. A case of its own (filing, defendant, judgment) at the same
        court for the same charge; prosecutor and victims as in the original case."""
        p, rng = self.p, self.rng
        base = self.choose(self.eligible(["crim1"], ["judgment"], 60), n)
        if not len(base):
            return
        base = np.sort(np.concatenate([base, base[rng.random(len(base)) < 0.15]]))
        c = p.cases.cols()
        filing = self.gap_filing(c["end"][base], 20, 400)
        # 之一 for the earlier of two, 之二 for the later
        order = np.lexsort((filing, base))
        base, filing = base[order], filing[order]
        suffix = np.where(np.r_[False, base[1:] == base[:-1]], 2, 1).astype(np.int8)
        idx = self.criminal(
            len(base),
            filing=filing,
            charge=(c["cause"][base] - N_CIVIL).astype(np.int64),
            court=c["court"][base],
            parties=False,
            base=base,
            suffix=suffix,
            flags=F_NO_DEPS,
        )
        male = (rng.random(len(idx)) < 0.85).astype(np.int8)
        p.slot(idx, p.ents.persons(len(idx), gender=male), "criminal_defendant")
        p.copy_slots(base, idx, {"prosecutor": "prosecutor", "victim": "victim"})

    def criminal_parties(self, idx: np.ndarray, unit: np.ndarray | None = None) -> None:
        rng, p = self.rng, self.p
        charge = p.cases["cause"][idx] - N_CIVIL
        ch = [cat.CHARGES[i] for i in charge]
        acc = np.array([c.accomplices for c in ch])
        ndef = np.where(rng.random(len(idx)) < acc, rng.integers(2, 5, len(idx)), 1)
        for k in range(1, 5):
            sel = idx[ndef >= k]
            if len(sel):
                p.slot(
                    sel,
                    p.ents.persons(len(sel), gender=(rng.random(len(sel)) < 0.85).astype(np.int8)),
                    "criminal_defendant",
                    seq=k,
                )
        if unit is None:
            unit = rng.random(len(idx)) < np.array([c.unit for c in ch])
        if unit.any():
            sel = idx[unit]
            p.slot(
                sel,
                p.ents.companies(len(sel), sub=rng.integers(0, len(cat.INDUSTRIES), len(sel))),
                "criminal_defendant",
                seq=9,
            )
        courts = p.cases["court"][idx]
        pros = np.array([p.ents.authority(_procuratorate(COURT_CODES[c])) for c in courts])
        p.slot(idx, pros, "prosecutor")
        vmin = np.array([c.victims[0] for c in ch])
        vmax = np.array([c.victims[1] for c in ch])
        nv = vmin + (rng.random(len(idx)) * (vmax - vmin + 1)).astype(int)
        for k in range(1, int(nv.max(initial=0)) + 1):
            sel = idx[nv >= k]
            if len(sel):
                p.slot(sel, p.ents.persons(len(sel)), "victim", seq=k)

    def administrative(self, n: int) -> None:
        rng, p = self.rng, self.p
        filing = weekday_shift(p.days.sample(rng, n))
        cause = (ADMIN0 + pick(rng, [w for _, _, w in cat.ADMIN_CAUSES], n)).astype(np.int16)
        proc = np.where(rng.random(n) < 0.8, P["ordinary"], P["simple"]).astype(np.int8)
        method = np.array([M["judgment"], M["withdrawal"], M["dismissal"]])[
            pick(rng, [0.5, 0.3, 0.2], n)
        ].astype(np.int8)
        limit = np.where(proc == P["ordinary"], 183, 45).astype(float)
        dur, ext, excl = draw_durations(
            rng, limit, np.zeros(n), np.full(n, 0.2), np.full(n, 0.85), 0.0, 0.02, 0.02
        )
        idx = p.add(
            "adm1",
            n,
            court=CI[cat.ADMIN_FIRST_COURT],
            cause=cause,
            filing=filing,
            end=weekday_shift(filing + dur),
            method=method,
            proc=proc,
            ext=ext,
            excl=excl,
        )
        self.parties(idx, "N:0.8,C:0.2", "plaintiff")
        districts = list(DISTRICT_RESIDENTS)
        d = rng.integers(0, len(districts), n)
        a = pick(rng, cat.AGENCY_WEIGHTS, n)
        ents = np.array(
            [
                p.ents.authority(_agency(districts[i], cat.AGENCIES[j]))
                for i, j in zip(d, a, strict=True)
            ]
        )
        p.slot(idx, ents, "defendant")

    def bankruptcy(
        self,
        n: int,
        debtor: np.ndarray | None = None,
        filing: np.ndarray | None = None,
        accept: np.ndarray | None = None,
        pre_enforcement: bool = True,
        **cols: object,
    ) -> np.ndarray:
        """破申 reviews; accepted ones open a 破 case (acceptance = its filing day) and record
        the acceptance and the administrator on the debtor. Returns the 破 cases."""
        rng, p = self.rng, self.p
        if filing is None:
            filing = p.days.sample(rng, n, hi=AS_OF - 60)
        filing = weekday_shift(filing)
        at03 = rng.random(n) < 0.8
        court = np.where(at03, CI[cat.BANKRUPTCY_COURT], self.basic_courts(n)).astype(np.int16)
        end = weekday_shift(filing + rng.integers(25, 60, n))
        if accept is None:
            accept = rng.random(n) < 0.7
        app = p.add("bk_app", n, court=court, filing=filing, end=end, method=M["ruling"], **cols)
        if debtor is None:
            debtor = p.ents.companies(n, sub=rng.integers(0, len(cat.INDUSTRIES), n))
        creditor_files = rng.random(n) < 0.6
        applicant = np.where(
            creditor_files, p.ents.companies(n, sub=rng.integers(0, len(cat.INDUSTRIES), n)), debtor
        )
        p.slot(app, applicant, "applicant")
        p.slot(app[creditor_files], debtor[creditor_files], "respondent")
        acc = np.flatnonzero(accept & (end <= AS_OF))
        if not len(acc):
            return np.empty(0, np.int64)
        bf = end[acc] + 1
        bf = weekday_shift(bf)
        dur = rng.integers(240, 1100, len(acc))
        bk = p.add(
            "bk",
            len(acc),
            court=court[acc],
            filing=bf,
            end=weekday_shift(bf + dur),
            method=M["termination"],
            origin=app[acc],
            relation=REL["bankruptcy"],
            **{k: (v[acc] if isinstance(v, np.ndarray) else v) for k, v in cols.items()},
        )
        # A debtor filing for itself is the applicant only: one party on both sides would read
        # as one lawyer acting for both (律师法 Art. 39).
        p.slot(bk, applicant[acc], "applicant")
        p.slot(bk[creditor_files[acc]], debtor[acc][creditor_files[acc]], "respondent")
        e = p.ents.c
        e.set("bk_day", debtor[acc], bf)
        e.set("court", debtor[acc], court[acc])
        if pre_enforcement:
            self._pre_bankruptcy_enforcement(debtor[acc], bf)
        return bk

    def _pre_bankruptcy_enforcement(self, debtor: np.ndarray, accepted: np.ndarray) -> None:
        """Execution against a company before its bankruptcy (执转破): terminated at acceptance
        or 终本 before it, every payment before the acceptance day (the clean counterpart of
        ``payout_after_bankruptcy``)."""
        rng = self.rng
        filing = (accepted - rng.integers(250, 700, len(debtor))).astype(np.int32)
        # only where the execution is over by the snapshot (no open case collects after acceptance)
        sel = (rng.random(len(debtor)) < 0.5) & (filing >= START) & (accepted + 40 <= AS_OF)
        if not sel.any():
            return
        d, t, f = debtor[sel], accepted[sel], filing[sel]
        n = len(d)
        zb = rng.random(n) < 0.5
        method = np.where(zb, M["termination_current"], M["termination"])
        idx = self.standalone_enforcement(n, respondent=d, filing=f, method=method, flags=F_NO_DEPS)
        c = self.p.cases.cols()
        # 终本 at least 100 days after filing and 30+ days before acceptance (filing is 250+ days
        # before it); a plain termination shortly after acceptance, with no payments.
        end = np.where(zb, t - rng.integers(30, 120, n), t + rng.integers(1, 30, n))
        c["end"][idx] = weekday_shift(end.astype(np.int32))

    def standalone_enforcement(
        self,
        n: int,
        respondent: np.ndarray | None = None,
        filing: np.ndarray | None = None,
        method: np.ndarray | None = None,
        **cols: object,
    ) -> np.ndarray:
        """执 cases whose title is outside the data (arbitration awards, notarised debts, judgments
        from before the window): cause drawn like civil suits, no origin."""
        rng, p = self.rng, self.p
        if filing is None:
            filing = p.days.sample(rng, n)
        cause = self.civil_idx[pick(rng, self.civil_w, n)].astype(np.int16)
        amount = np.round(60_000 * np.exp(1.2 * rng.standard_normal(n)), -1) + 1000
        idx = self.enforcement("enf", self.basic_courts(n), filing, cause, amount, method, **cols)
        app = np.array(["N", "C", "B", "L"])[pick(rng, [0.45, 0.3, 0.2, 0.05], n)]
        p.slot(idx, p.ents.draw(rng, app), "applicant")
        if respondent is None:
            respondent = p.ents.draw(rng, np.array(["N", "C"])[pick(rng, [0.75, 0.25], n)])
        p.slot(idx, respondent, "respondent")
        return idx

    def enforcement(
        self,
        kind: str,
        court: np.ndarray,
        filing: np.ndarray,
        cause: np.ndarray,
        amount: np.ndarray,
        method: np.ndarray | None = None,
        **cols: object,
    ) -> np.ndarray:
        """执 / 执恢 cases: closing method and duration (终本 only after 3 months, REFERENCE.md
        §4.10: here at least 100 days)."""
        rng = self.rng
        n = len(filing)
        filing = weekday_shift(np.asarray(filing, dtype=np.int32))
        if method is None:
            if kind == "enf":
                opts = [
                    M["enforced_in_full"],
                    M["termination_current"],
                    M["settlement"],
                    M["termination"],
                    M["ruling"],
                ]
                method = np.array(opts)[pick(rng, [0.34, 0.42, 0.12, 0.09, 0.03], n)]
            else:  # resumed execution: property was found, so it mostly gets paid
                opts = [M["enforced_in_full"], M["settlement"], M["termination"]]
                method = np.array(opts)[pick(rng, [0.65, 0.22, 0.13], n)]
        method = np.asarray(method, dtype=np.int8)
        lo = np.select([method == M["termination_current"]], [100], 20)
        hi = np.select(
            [method == M["termination_current"], method == M["enforced_in_full"]], [240, 160], 170
        )
        dur = lo + (rng.random(n) * (hi - lo)).astype(int)
        ext = np.where((dur > 165) & (rng.random(n) < 0.9), EXT_DAYS["enf"], 0)  # approved in time
        over = rng.random(n) < 0.03
        dur = np.where(
            over & (method != M["termination_current"]),
            183 + ext + 20 + rng.integers(0, 200, n),
            dur,
        )
        end = weekday_shift(filing + dur)
        return self.p.add(
            kind,
            n,
            court=court,
            cause=cause,
            filing=filing,
            end=end,
            method=method,
            amount=amount,
            ext=ext,
            **cols,
        )

    # dependents ----------------------------------------------------------------------------------
    def eligible(
        self, kinds: list[str], methods: list[str] | None, gap: int, extra=None
    ) -> np.ndarray:
        c = self.p.cases.cols()
        ok = np.isin(c["kind"], [K[k] for k in kinds]) & (c["end"] + gap <= AS_OF)
        ok &= (c["flags"] & (F_PLANTED | F_NO_DEPS)) == 0
        if methods is not None:
            ok &= np.isin(c["method"], [M[m] for m in methods])
        if extra is not None:  # masks built before the latest cases were added cover fewer rows
            ok[: len(extra)] &= extra[: len(ok)]
            ok[len(extra) :] = False
        return np.flatnonzero(ok)

    def choose(self, pool: np.ndarray, n: int) -> np.ndarray:
        n = min(n, len(pool))
        return np.sort(self.rng.choice(pool, n, replace=False)) if n else pool[:0]

    def gap_filing(self, origin_end: np.ndarray, lo: int, hi: int) -> np.ndarray:
        g = self.rng.integers(lo, hi + 1, len(origin_end))
        return weekday_shift(np.minimum(origin_end + g, AS_OF - 3)).astype(np.int32)

    def dependents(self, counts: dict[str, int]) -> None:
        rng, p = self.rng, self.p
        c = p.cases.cols()
        used = np.zeros(p.cases.n + 4 * p.n_target + 1000, bool)  # at most one appeal / one 执

        def appeals(
            kind: str, origin: np.ndarray, court: np.ndarray, limit: float, crim: bool = False
        ):
            if not len(origin):
                return np.empty(0, np.int64)
            used[origin] = True
            n = len(origin)
            filing = self.gap_filing(c["end"][origin], 25, 75)
            res = pick(
                rng,
                [0.70, 0.065, 0.035, 0.03, 0.15, 0.02]
                if not crim
                else [0.85, 0.05, 0.03, 0.0, 0.07, 0.0],
                n,
            )
            method = np.array(
                [
                    M["upheld"],
                    M["modified"],
                    M["modified"],
                    M["remanded"],
                    M["withdrawal"],
                    M["ruling"],
                ]
            )[res]
            lo = np.where(res == R["withdrawn"], 0.1, 0.3)
            dur, ext, excl = draw_durations(
                rng,
                np.full(n, limit),
                np.full(n, 60 if crim else 0),
                lo,
                np.full(n, 0.9),
                0.03,
                0.0,
                0.03,
            )
            reason = np.where(
                np.isin(res, [R["modified"], R["partly_modified"], R["remanded"]]),
                pick(rng, [0.4, 0.35, 0.15, 0.1], n),
                np.where(res == R["dismissed"], 4, -1),
            )
            idx = p.add(
                kind,
                n,
                court=court,
                cause=c["cause"][origin],
                filing=filing,
                end=weekday_shift(filing + dur),
                method=method,
                amount=c["amount"][origin],
                award=c["award"][origin],
                origin=origin,
                relation=REL["appeal"],
                ext=ext,
                excl=excl,
                result=res,
                reason=reason,
            )
            return idx

        # civil appeals: to the parent intermediate court, financial causes to 沪74, IP to 沪73,
        # appeals from intermediate / specialised first instances to the High Court.
        judged = self.eligible(["civ1"], ["judgment"], 30)
        cause = c["cause"][judged]
        fin = CAUSE_FINANCIAL[cause]
        for kind, pool, court_of in (
            ("civ2", judged[~fin], lambda o: [CI[PARENT[COURT_CODES[x]]] for x in c["court"][o]]),
            ("fin2", judged[fin], lambda o: [CI["沪74"]] * len(o)),
        ):
            o = self.choose(pool, counts[kind])
            idx = appeals(kind, o, np.array(court_of(o), dtype=np.int16), 92.0)
            self._appeal_parties(o, idx)
        ip_basic = self.eligible(["ip1"], ["judgment"], 30, c["court"] != CI["沪73"])
        o = self.choose(ip_basic, counts["ip2"])
        self._appeal_parties(o, appeals("ip2", o, np.full(len(o), CI["沪73"], np.int16), 92.0))
        high = self.eligible(
            ["civ1_int", "fin1", "ip1", "mar1"],
            ["judgment"],
            30,
            np.isin(
                c["court"], [CI["沪01"], CI["沪02"], CI["沪03"], CI["沪72"], CI["沪73"], CI["沪74"]]
            ),
        )
        o = self.choose(high, counts["high2"])
        self._appeal_parties(o, appeals("high2", o, np.full(len(o), CI["沪"], np.int16), 92.0))
        o = self.choose(self.eligible(["crim1"], ["judgment"], 30), counts["crim2"])
        idx = appeals(
            "crim2",
            o,
            np.array(
                [
                    CI[PARENT[COURT_CODES[x]]] if PARENT[COURT_CODES[x]] != "沪" else CI["沪"]
                    for x in c["court"][o]
                ],
                dtype=np.int16,
            ),
            61.0,
            crim=True,
        )
        p.copy_slots(o, idx, {"criminal_defendant": "appellant", "prosecutor": "prosecutor"})
        self.split_trials(counts["crim_split"])
        o = self.choose(self.eligible(["adm1"], ["judgment", "dismissal"], 30), counts["adm2"])
        idx = appeals("adm2", o, np.full(len(o), CI[cat.ADMIN_APPEAL_COURT], np.int16), 92.0)
        p.copy_slots(o, idx, {"plaintiff": "appellant", "defendant": "appellee"})
        c = p.cases.cols()
        self.remands()
        c = p.cases.cols()
        self.retrials(counts["retrial_review"])
        c = p.cases.cols()

        # execution of money judgments and mediations (not appealed; the 执 court is the
        # first-instance court), then preservation, resumption after 终本, objections.
        money = c["award"] > 0
        pool = self.eligible(
            ["civ1", "civ1_int", "fin1", "ip1", "mar1"],
            ["judgment", "mediation"],
            40,
            money & ~used[: len(money)] & _has_private_respondent(p),
        )
        o = self.choose(pool, counts["enf"])
        used[o] = True
        filing = self.gap_filing(c["end"][o], 35, 400)
        idx = self.enforcement(
            "enf",
            c["court"][o],
            filing,
            c["cause"][o],
            c["award"][o],
            origin=o,
            relation=REL["enforcement"],
        )
        p.copy_slots(o, idx, {"plaintiff": "applicant"})
        self._private_respondents(o, idx)
        c = p.cases.cols()

        # 执保: the execution of a preservation ruling made in the suit soon after filing (the
        # ruling is numbered 之一 of the suit, documents.py); some plaintiffs apply a second time
        # (之二). The suit runs on past the ruling, so the ruling never falls on its closing day.
        pool = self.eligible(
            ["civ1"],
            None,
            -10_000,
            (c["amount"] >= 50_000)
            & _has_private_respondent(p)
            & (c["end"] - c["filing"] > 15)
            # the ruling (filing + 0..5 days, moved off a weekend) is made by the snapshot day
            & (c["filing"] + 8 <= AS_OF),
        )
        o = self.choose(pool, counts["enf_pres"])
        f = weekday_shift(c["filing"][o] + rng.integers(0, 6, len(o))).astype(np.int32)
        again = (rng.random(len(o)) < 0.08) & (c["end"][o] - f > 40)
        f2 = f[again] + 10 + (rng.random(again.sum()) * (c["end"][o][again] - f[again] - 25))
        # a second application is made by the snapshot day too (a pending suit's end is later)
        again[np.flatnonzero(again)[f2 + 3 > AS_OF]] = False
        f2 = f2[f2 + 3 <= AS_OF]
        o = np.concatenate([o, o[again]])
        f = np.concatenate([f, weekday_shift(f2.astype(np.int32))]).astype(np.int32)
        idx = p.add(
            "enf_pres",
            len(o),
            court=c["court"][o],
            cause=c["cause"][o],
            filing=f,
            end=weekday_shift(f + rng.integers(3, 30, len(o))),
            method=M["enforced_in_full"],
            amount=c["amount"][o],
            origin=o,
            relation=REL["preservation"],
        )
        p.copy_slots(o, idx, {"plaintiff": "applicant"})
        self._private_respondents(o, idx)
        c = p.cases.cols()

        o = self.choose(self.eligible(["enf"], ["termination_current"], 60), counts["enf_resume"])
        filing = self.gap_filing(c["end"][o], 60, 1000)
        idx = self.enforcement(
            "enf_resume",
            c["court"][o],
            filing,
            c["cause"][o],
            np.round(c["amount"][o] * (0.6 + 0.4 * rng.random(len(o)))),
            origin=o,
            relation=REL["resumed_enforcement"],
        )
        p.copy_slots(o, idx, {"applicant": "applicant", "respondent": "respondent"})
        c = p.cases.cols()

        live = c["end"] - c["filing"] > 60
        o = self.choose(
            self.eligible(["enf"], None, -10_000, live & (c["filing"] + 40 <= AS_OF)),
            counts["enf_obj"],
        )
        span = np.maximum(c["end"][o] - c["filing"][o] - 45, 1)
        f = weekday_shift(c["filing"][o] + 20 + (rng.random(len(o)) * span).astype(int)).astype(
            np.int32
        )
        f = np.minimum(f, AS_OF - 2).astype(np.int32)
        idx = p.add(
            "enf_obj",
            len(o),
            court=c["court"][o],
            cause=c["cause"][o],
            filing=f,
            end=weekday_shift(f + rng.integers(10, 25, len(o))),
            method=M["ruling"],
            amount=c["amount"][o],
            origin=o,
            relation=REL["objection"],
        )
        by_debtor = rng.random(len(o)) < 0.6
        p.copy_slots(
            o[by_debtor], idx[by_debtor], {"respondent": "applicant", "applicant": "third_party"}
        )
        outsider = idx[~by_debtor]
        if len(outsider):
            p.slot(outsider, p.ents.persons(len(outsider)), "applicant")
            p.copy_slots(o[~by_debtor], outsider, {"applicant": "third_party"})
        self.bankruptcy_derived()

    def _appeal_parties(self, origin: np.ndarray, idx: np.ndarray) -> None:
        if not len(origin):
            return
        by_defendant = self.rng.random(len(origin)) < 0.55
        self.p.copy_slots(
            origin[by_defendant],
            idx[by_defendant],
            {"defendant": "appellant", "plaintiff": "appellee"},
        )
        self.p.copy_slots(
            origin[~by_defendant],
            idx[~by_defendant],
            {"plaintiff": "appellant", "defendant": "appellee"},
        )

    def _private_respondents(self, origin: np.ndarray, idx: np.ndarray) -> None:
        """Defendants who are not institutions become respondents (insurers and hospitals pay)."""
        if not len(origin):
            return
        p = self.p
        order, start, count = p.slot_index()
        s = p.slots.cols()
        inst = (p.ents.c["eflags"] & EF_INSTITUTION) != 0
        n = count[origin]
        rows = order[
            np.repeat(start[origin], n) + np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        ]
        dest = np.repeat(idx, n)
        keep = (s["role"][rows] == ROLE["defendant"]) & ~inst[s["entity"][rows]]
        p.slots.add(
            int(keep.sum()),
            case=dest[keep],
            entity=s["entity"][rows][keep],
            role=ROLE["respondent"],
            seq=s["seq"][rows][keep],
        )

    def remands(self) -> None:
        """发回重审: a new first instance at the original court, same parties and cause."""
        p, rng = self.p, self.rng
        c = p.cases.cols()
        ap = np.flatnonzero(
            (c["method"] == M["remanded"])
            & (c["end"] + 40 <= AS_OF)
            & np.isin(c["kind"], [K["civ2"], K["fin2"], K["ip2"], K["high2"], K["adm2"]])
        )
        if not len(ap):
            return
        first = c["origin"][ap]
        filing = self.gap_filing(c["end"][ap], 10, 40)
        kind_first = c["kind"][first]
        is_adm = kind_first == K["adm1"]
        civil_ap, adm_ap = ap[~is_adm], ap[is_adm]
        if len(civil_ap):
            f = first[~is_adm]
            idx = self.first_instance(
                "remand",
                len(civil_ap),
                c["court"][f],
                c["cause"][f],
                filing[~is_adm],
                origin=civil_ap,
                relation=REL["remand_retrial"],
                flags=F_NO_DEPS,
            )
            m = p.cases["method"]
            m[idx] = np.where(rng.random(len(idx)) < 0.75, M["judgment"], M["mediation"])
            p.copy_slots(
                f,
                idx,
                {"plaintiff": "plaintiff", "defendant": "defendant", "third_party": "third_party"},
            )
        if len(adm_ap):
            f = first[is_adm]
            fl = filing[is_adm]
            idx = p.add(
                "adm1",
                len(f),
                court=c["court"][f],
                cause=c["cause"][f],
                filing=fl,
                end=weekday_shift(fl + rng.integers(40, 150, len(f))),
                method=M["judgment"],
                proc=P["ordinary"],
                origin=adm_ap,
                relation=REL["remand_retrial"],
                flags=F_NO_DEPS,
            )
            p.copy_slots(f, idx, {"plaintiff": "plaintiff", "defendant": "defendant"})

    def retrials(self, n: int) -> None:
        """民申 at the High Court against appeal judgments; a few are granted → 民再."""
        p, rng = self.p, self.rng
        pool = self.eligible(["civ2", "fin2", "high2"], ["upheld", "modified"], 60)
        o = self.choose(pool, n)
        if not len(o):
            return
        c = p.cases.cols()
        filing = self.gap_filing(c["end"][o], 40, 300)
        dur = rng.integers(30, 95, len(o))
        granted = rng.random(len(o)) < 0.12
        res = np.where(granted, -1, R["dismissed"])
        rev = p.add(
            "retrial_review",
            len(o),
            court=CI["沪"],
            cause=c["cause"][o],
            filing=filing,
            end=weekday_shift(filing + dur),
            method=M["ruling"],
            amount=c["amount"][o],
            origin=o,
            relation=REL["retrial"],
            result=res,
            reason=np.where(granted, -1, 4),
        )
        p.copy_slots(o, rev, {"appellant": "applicant", "appellee": "respondent"})
        c = p.cases.cols()
        g = rev[granted & (c["end"][rev] + 20 <= AS_OF)]
        if not len(g):
            return
        f = self.gap_filing(c["end"][g], 10, 30)
        res = pick(rng, [0.5, 0.3, 0.1, 0.1], len(g))
        res = np.array([R["upheld"], R["modified"], R["partly_modified"], R["remanded"]])[res]
        method = np.select(
            [res == R["upheld"], res == R["remanded"]], [M["upheld"], M["remanded"]], M["modified"]
        )
        reason = np.where(res == R["upheld"], -1, pick(rng, [0.4, 0.4, 0.1, 0.1], len(g)))
        idx = p.add(
            "retrial",
            len(g),
            court=CI["沪"],
            cause=c["cause"][g],
            filing=f,
            end=weekday_shift(f + rng.integers(40, 120, len(g))),
            method=method.astype(np.int8),
            amount=c["amount"][g],
            origin=c["origin"][g],
            relation=REL["retrial"],
            result=res,
            reason=reason,
            flags=F_NO_DEPS,
        )
        p.copy_slots(g, idx, {"applicant": "applicant", "respondent": "respondent"})

    def bankruptcy_derived(self) -> None:
        """Suits stemming from a bankruptcy (与破产有关的纠纷), at the bankruptcy court: the
        administrator avoids preferences (管理人 as plaintiff, REFERENCE.md §4.11), the debtor
        (represented by the administrator) collects debts, creditors sue for claim confirmation."""
        p, rng = self.p, self.rng
        c = p.cases.cols()
        bk = np.flatnonzero(
            (c["kind"] == K["bk"]) & (c["filing"] + 60 <= AS_OF) & ((c["flags"] & F_PLANTED) == 0)
        )
        bk = bk[rng.random(len(bk)) < 0.6]
        if not len(bk):
            return
        resp = p.role_entities(bk, "respondent")
        debtor = np.where(resp >= 0, resp, p.role_entities(bk, "applicant"))
        for cause, share in (
            ("请求撤销个别清偿行为纠纷", 0.45),
            ("对外追收债权纠纷", 0.35),
            ("破产债权确认纠纷", 0.4),
        ):
            sel = rng.random(len(bk)) < share
            self.derived_suits(bk[sel], debtor[sel], cause)

    def derived_suits(
        self,
        bk: np.ndarray,
        debtor: np.ndarray,
        cause: str,
        debtor_plaintiff: bool = False,
        **cols: object,
    ) -> np.ndarray:
        p, rng = self.p, self.rng
        n = len(bk)
        if not n:
            return bk
        c = p.cases.cols()
        lo = c["filing"][bk] + 30
        hi = np.minimum(np.maximum(c["end"][bk], lo + 30), AS_OF - 20)
        filing = (lo + rng.random(n) * np.maximum(hi - lo, 1)).astype(np.int32)
        idx = self.first_instance(
            "bk_derived",
            n,
            c["court"][bk],
            np.full(n, CIVIL[cause], np.int16),
            filing,
            origin=bk,
            relation=REL["bankruptcy"],
            **cols,
        )
        other = p.ents.companies(n, sub=rng.integers(0, len(cat.INDUSTRIES), n))
        if cause == "请求撤销个别清偿行为纠纷":
            plaintiff = debtor if debtor_plaintiff else administrator_of(p, debtor)
            p.slot(idx, plaintiff, "plaintiff")
            p.slot(idx, other, "defendant")
        elif cause == "对外追收债权纠纷":
            p.slot(idx, debtor, "plaintiff")
            p.slot(idx, other, "defendant")
        else:
            p.slot(idx, other, "plaintiff")
            p.slot(idx, debtor, "defendant")
        p.cases.set("flags", idx, p.cases["flags"][idx] | F_NO_DEPS)
        return idx


def administrator_of(p: Plan, debtor: np.ndarray) -> np.ndarray:
    """The administrator (管理人) party of each bankrupt debtor: one per debtor, an entity of
    its own (the law firm appointed, acting as 管理人 of that debtor; ``rep`` = the debtor)."""
    out = np.empty(len(debtor), np.int64)
    for i, d in enumerate(debtor):
        d = int(d)
        if d not in p.ents.admins:
            p.ents.admins[d] = int(
                p.ents.c.add(1, etype=E_ADMINISTRATOR, rep=d, eflags=EF_NO_VARIANT)[0]
            )
        out[i] = p.ents.admins[d]
    return out


def _has_private_respondent(p: Plan) -> np.ndarray:
    """Per case: has a defendant who is not an institution (who could be executed against)."""
    s = p.slots.cols()
    inst = (p.ents.c["eflags"] & EF_INSTITUTION) != 0
    ok = (s["role"] == ROLE["defendant"]) & ~inst[s["entity"]]
    out = np.zeros(p.cases.n, bool)
    out[s["case"][ok]] = True
    return out


def _procuratorate(court: str) -> str:
    if court in ("沪01", "沪02", "沪03"):
        return {"沪01": "上海市人民检察院第一分院", "沪02": "上海市人民检察院第二分院",
                "沪03": "上海市人民检察院第三分院"}[court]  # fmt: skip
    if court == "沪":
        return "上海市人民检察院"
    if court == "沪7101":
        return "上海铁路运输检察院"
    return f"上海市{DISTRICT_OF_COURT[court]}人民检察院"


def _agency(district: str, agency: str) -> str:
    if district == "浦东新区":
        return f"上海市浦东新区{agency}"
    return f"上海市{district}{agency}"


def build_clean(plan: Plan, rng: np.random.Generator, n: int) -> None:
    """Roots, dependents, then top up to exactly ``n`` clean cases with first instances and
    execution cases that have no dependents."""
    b = CleanBuilder(plan, rng)
    start = plan.cases.n
    counts = {k: round(v * n) for k, v in ROOT_SHARES.items()}
    b.roots(counts)
    b.dependents({k: round(v * n) for k, v in DEP_SHARES.items()})
    made = plan.cases.n - start
    if made > n:  # only possible for tiny n: drop nothing, the caller's total just runs over
        return
    deficit = n - made
    n_enf = int(deficit * 0.3)
    n_civ = deficit - n_enf
    if n_civ:
        cause = b.civil_idx[pick(rng, b.civil_w, n_civ)].astype(np.int16)
        b.civil_parties(
            b.first_instance("civ1", n_civ, b.basic_courts(n_civ), cause, flags=F_NO_DEPS)
        )
    if n_enf:
        b.standalone_enforcement(n_enf, flags=F_NO_DEPS)
