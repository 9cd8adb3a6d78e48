"""The case plan: every case of the synthetic court, its parties and the real entities behind them,
as numpy columns. Nothing here is a string yet; ``people`` and ``details`` turn the plan into rows.

A case is a row of ``Plan.cases`` (indexed 0..n-1 in the order added; ``finish`` sorts them by
filing day into case ids). A party appearance is a row of ``Plan.slots`` (case, entity, role).
An entity is a real person or organisation (``Entities``); the same entity in several cases is
the same real party, possibly written differently (see ``people``). The clean caseload is
built by ``clean`` (first instances) and ``dependents`` (the cases that stem from them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from courtqc.domain.courts import COURTS
from courtqc.domain.population import DISTRICT_RESIDENTS
from courtqc.synth import catalog as cat
from courtqc.synth.timeline import DaySampler

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
EF_HOLD_ONLY = 64  # a company whose controller (`ctrl`) shows only as its majority shareholder

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
    "ctrl": (np.int64, -1), "twin": (np.int64, -1), "minor": (np.int64, -1),
}  # fmt: skip
# ctrl: the person who controls a company without being its legal representative (a nominee
# stands in the register; the company's rows share the controller's phone or address).
# twin: a person who bears the name of another (a namesake: a different ID number, perhaps
# the same birth date when the plan sets it).
# minor: a person who holds a minority share of this company (a near miss: he controls nothing).


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
