"""A court generated a shard at a time (issue 21): what is kept from one shard to the next.

A court of more than ``generate.SHARD_CASES`` cases is planned and written as shards, each a
sub-court built by the ordinary code from random streams of its own (``shard_seed``), holding
only its own plan in memory. What the shards share is kept here, small and bounded by the
court's structure rather than its size:

- the *global entities*: the institutional pools (banks, insurers, lenders … sized to the whole
  court) and every procuratorate and agency, created first in every shard with the same entity
  numbers ``0 .. prefix-1`` and, from the second shard on, given the first shard's names,
  addresses, phones and credit codes (``Shard.keep`` / ``Shard.restore``), so their party rows
  in every shard write the same real party; their registry rows are written once;
- where each shard starts in every id space: cases, party rows, events, enforcement actions,
  payments, and entity numbers (which seed phones, credit codes and truth identities, so two
  entities of two shards never share them);
- per (year, court, type) the case-number sequence reached, so case numbers never repeat (a
  later shard's numbers continue the earlier shards', so within a year numbers follow filing
  order only within a shard);
- per industry the company-name ranks handed out (names are unique by construction);
- the ID numbers handed out: per (division, birth day, sex) the sequence codes taken, as a
  bitmap of 100 bits per group (~40 MB whatever the court's size), and a counter per group
  so a shard starts past the codes earlier shards used;
- the staff (courts, departments, judges: sized in the first shard to the whole caseload), the
  law firms and lawyers.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

if TYPE_CHECKING:  # (people and court import this module)
    from courtqc.synth.court import Staff
    from courtqc.synth.people import _Firms

#: Birth days an ID number can carry here (days since 1970): 1900-01-01 .. 2039-12-31.
_DAY0 = -25_567
_N_DAYS = 51_135


def shard_seed(seed: int, shard: int) -> int:
    """The seed of shard ``shard`` of a court generated from ``seed``: the seed itself for the
    first shard, then one drawn from (seed, shard), so each shard has streams of its own."""
    if shard == 0:
        return seed
    return int(np.random.SeedSequence([seed, 0x5A4D, shard]).generate_state(1)[0])


def shard_sizes(cases: int, shard_cases: int) -> list[int]:
    """ceil(cases / shard_cases) shards of (nearly) equal size, summing to ``cases``."""
    k = -(-cases // shard_cases)
    return [cases // k + (1 if i < cases % k else 0) for i in range(k)]


class IdTaken:
    """Which ID numbers are handed out, by (division index, birth day, male, sequence code):
    a set for one court, a bitmap across the shards of a sharded one."""

    def __init__(self, n_divisions: int, bitmap: bool = False) -> None:
        self.bits = np.zeros((n_divisions, _N_DAYS, 2, 13), np.uint8) if bitmap else None
        self.set: set[tuple[int, int, int, int]] = set()
        # per group, the sequence codes earlier shards started from (kept with the bitmap)
        self.next = np.zeros((n_divisions, _N_DAYS, 2), np.int16) if bitmap else None

    def _at(self, div: int, day: int) -> int:
        j = day - _DAY0
        if not 0 <= j < _N_DAYS:
            raise ValueError(f"出生日期超出范围 (birth day {day} outside 1900–2039)")
        return j

    def __contains__(self, key: tuple[int, int, int, int]) -> bool:
        if self.bits is None:
            return key in self.set
        div, day, male, t = key
        return bool(self.bits[div, self._at(div, day), male, t >> 3] & (1 << (t & 7)))

    def add(self, key: tuple[int, int, int, int]) -> None:
        if self.bits is None:
            self.set.add(key)
            return
        div, day, male, t = key
        self.bits[div, self._at(div, day), male, t >> 3] |= 1 << (t & 7)

    def base(self, div: np.ndarray, day: np.ndarray, male: np.ndarray) -> np.ndarray:
        """Per person, the sequence code its group starts from in this shard (0 for one court)."""
        if self.next is None:
            return np.zeros(len(div), np.int64)
        if len(day) and not (day.min() >= _DAY0 and day.max() < _DAY0 + _N_DAYS):
            raise ValueError("出生日期超出范围 (a birth day outside 1900–2039)")
        return self.next[div, day - _DAY0, male].astype(np.int64)

    def advance(self, div: np.ndarray, day: np.ndarray, male: np.ndarray) -> None:
        """Count this shard's persons into their groups' counters."""
        if self.next is not None:
            np.add.at(self.next, (div, day - _DAY0, male), 1)


@dataclass
class Shard:
    """Shard ``index`` of ``count``: where it starts in every id space, and what the shards
    share (see the module's docstring)."""

    index: int
    count: int
    prefix: int = 0  # global entities: numbers 0 .. prefix-1 in every shard
    entity0: int = 0  # entity numbers handed out to earlier shards' own entities
    case0: int = 0
    party0: int = 0
    event0: int = 0
    action0: int = 0
    payment0: int = 0
    caseno: dict[int, int] = field(default_factory=dict)  # numbering key → last seq
    industry: dict[int, int] = field(default_factory=dict)  # industry → companies named
    ids: IdTaken | None = None
    kept: dict[str, dict[str, object]] = field(default_factory=dict)  # global entities' traits
    firms: _Firms | None = None  # the first shard's law firms and lawyers
    staff: Staff | None = None  # the first shard's staff of the whole court
    n_entities: int = 0  # entities of the current shard (set by people)

    def entity_numbers(self, n: int) -> np.ndarray:
        """Global number of each of the shard's ``n`` entities."""
        g = np.arange(n, dtype=np.int64)
        g[self.prefix :] += self.entity0
        return g

    def keep(self, name: str, obj: object) -> None:
        """Keep the global entities' slice of a per-entity dataclass (first shard)."""
        self.kept[name] = {
            f.name: _head(getattr(obj, f.name), self.prefix) for f in dataclasses.fields(obj)
        }

    def restore(self, name: str, obj: object) -> None:
        """Give the global entities of this shard the first shard's traits (later shards)."""
        for k, head in self.kept[name].items():
            if head is not None:
                setattr(obj, k, _with_head(getattr(obj, k), head))

    def next_shard(self, rows: dict[str, int]) -> None:
        """Move on to the next shard, past the rows written so far (``rows``: per table, ids
        being 1 .. rows in every table the shards number)."""
        self.index += 1
        self.entity0 += self.n_entities - self.prefix
        self.case0 = rows["cases"]
        self.party0 = rows["parties"]
        self.event0 = rows["events"]
        self.action0 = rows["enforcement_actions"]
        self.payment0 = rows["payments"]


def _head(v: object, n: int) -> object:
    if isinstance(v, pa.Array):
        # a copy: a slice would keep the whole shard's buffer (every entity's names) alive
        return v.take(pa.array(np.arange(n, dtype=np.int64)))
    if isinstance(v, np.ndarray) and v.ndim == 1:
        return v[:n].copy()
    return None


def _with_head(v: object, head: object) -> object:
    if isinstance(v, pa.Array):
        return pa.concat_arrays([head, v.slice(len(head))])
    v = v.copy()
    v[: len(head)] = head
    return v
