"""The enterprise register's shareholders and former names (registry_enterprise_shareholders,
registry_enterprise_names) for the synthetic court's companies.

Why a module and a random stream of its own: the two tables were added after the rest of the
court, and drawing them from `people`'s stream would shift every value drawn after them. This
stream is derived from the seed (`stream`), so every other table of a court is the same with
and without them.

What they hold (rates: docs/SYNTH.md, "Shareholders and former names"):

* Every company in the data has one to four current shareholders. The person who stands behind
  it — its legal representative where he is a party of the data, else the man behind a nominee
  (`ctrl`) — holds the majority (51–100 %). Of the nominee-fronted companies, NOMINEE_HOLDER
  have the nominee registered as the majority shareholder too (代持: the register then does not
  show the controller; only the shared phone or address does). A company with a representative
  who is not a party of the data is held by him. The other shareholders are people from
  outside Shanghai (ID numbers of another province: never a party's) and, for CORPORATE_HOLDER
  of companies, another company of the data with 5–30 %.
* A namesake of a company's controller (the planted near misses of the lender scenarios: `twin`)
  holds 5 %: he is in the register, but a 5 % holder controls nothing.
* Control through shares only (plan.EF_HOLD_ONLY, planted.Planter.lender_through_holdings): the
  controller is never the nominee-held case — the register always shows him with the majority,
  under his ID number — and the company's rows share neither his phone nor his address, so the
  register is the only trace of him. Its near miss (`minor`): a person holding 20–45 % of a
  company whose majority is someone else's, also under his ID number.
* Written as party rows are: a natural-person shareholder's ID number is missing (HOLDER_NO_ID),
  in the first-generation 15-digit form for people born before 1982 (HOLDER_ID15), with a
  lowercase x; names with an inserted space now and then (HOLDER_SPACE).
* A former holder: FORMER_HOLDER of companies had a shareholder who left (valid_to set).
* Renamed companies (people.RENAMED) have their former name, valid until the renaming day,
  which lies before the company's first case: every party row written under the former name
  (people.MESS["former"]) is written after the renaming, as real filings keep old names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pyarrow as pa

from courtqc.domain.idnumber import make_id_number
from courtqc.synth.plan import EF_HOLD_ONLY

#: Rates (docs/SYNTH.md).
NOMINEE_HOLDER = 0.3  # nominee-fronted companies whose nominee is also the registered holder
CORPORATE_HOLDER = 0.08  # companies with another company among their shareholders
FORMER_HOLDER = 0.15  # companies with a shareholder who has left
HOLDER_NO_ID = 0.08  # natural-person shareholder rows without an ID number
HOLDER_ID15 = 0.05  # ... with a 15-digit number (born before 1982)
HOLDER_SPACE = 0.02  # ... with a space inside the name
#: Shareholders from outside Shanghai: division codes of other provinces (so their ID numbers
#: are never a party's of the synthetic court, whose people are Shanghai's).
OUTSIDE_DIVISIONS = ("320102", "330106", "340104", "370102", "420106", "510107")
_EPOCH = np.datetime64("1970-01-01")
_BORN_1982 = (np.datetime64("1982-01-01") - _EPOCH).astype(int)


def stream(rng: np.random.Generator) -> np.random.Generator:
    """A stream of the registers' own, from the seed of `rng` (drawing nothing from it)."""
    entropy = rng.bit_generator.seed_seq.entropy
    seeds = list(entropy) if isinstance(entropy, (list, tuple)) else [int(entropy)]
    return np.random.default_rng([*seeds, 8_191])


def _written(
    rng: np.random.Generator, ids: list[str | None], births: np.ndarray, keep: list[bool]
) -> list[str | None]:
    """ID numbers as the register writes them: some missing, some 15-digit, some lowercase x
    (``keep``: never missing — a planted holding the truth relies on)."""
    u = rng.random((2, len(ids)))
    out: list[str | None] = []
    for i, x in enumerate(ids):
        if x is None or (u[0, i] < HOLDER_NO_ID and not keep[i]):
            out.append(None)
        elif u[1, i] < HOLDER_ID15 and births[i] < _BORN_1982:
            out.append(x[:6] + x[8:17])
        elif x.endswith("X") and u[1, i] > 0.7:
            out.append(x[:-1] + "x")
        else:
            out.append(x)
    return out


def _spaced(rng: np.random.Generator, names: list[str]) -> list[str]:
    u = rng.random(len(names))
    return [
        f"{s[0]} {s[1:]}" if u[i] < HOLDER_SPACE and len(s) in (2, 3) else s
        for i, s in enumerate(names)
    ]


def enterprise_registers(
    rng: np.random.Generator,
    e: dict[str, np.ndarray],
    ce: np.ndarray,
    established: np.ndarray,
    first: np.ndarray,
    person_name: pa.Array,
    rep_name: pa.Array,
    legal_rep: pa.Array,
    names: pa.Array,
    former_name: pa.Array,
    renamed: np.ndarray,
    ids: np.ndarray,
    birth: np.ndarray,
    uscc: np.ndarray,
) -> tuple[pa.Table, pa.Table]:
    """(registry_enterprise_shareholders, registry_enterprise_names) for the companies `ce`
    (entity numbers) established on `established` (days since 1970)."""
    k = len(ce)
    rep, ctrl, minor = e["rep"][ce], e["ctrl"][ce], e["minor"][ce]
    hold_only = (e["eflags"][ce] & EF_HOLD_ONLY) != 0
    boss = np.where(ctrl >= 0, ctrl, rep)
    twin_of: dict[int, int] = {}
    tw = np.flatnonzero(e["twin"] >= 0)
    for t, b in zip(tw.tolist(), e["twin"][tw].tolist(), strict=True):
        twin_of.setdefault(b, t)
    u = rng.random((4, k))
    n_other = np.searchsorted([0.35, 0.7, 0.9], u[0])  # 0–3 others beside the main holder
    nominee_holds = (ctrl >= 0) & (u[1] < NOMINEE_HOLDER) & ~hold_only
    main_pct = np.where(n_other == 0, 100.0, np.round(51 + u[2] * 44, 1))
    main_pct = np.where(minor >= 0, np.round(55 + u[2] * 20, 1), main_pct)  # room for 20–45 %
    corp = u[3] < CORPORATE_HOLDER
    rep_names = legal_rep.take(pa.array(ce)).to_pylist()
    comp_names = names.take(pa.array(ce)).to_pylist()
    pnames = person_name.to_pylist()
    outside_names = rep_name.to_pylist()
    n_out = len(outside_names)

    rows, add = _holder_rows(uscc, ce)
    draws = rng.random((6, k))
    picks = rng.integers(0, 1 << 30, (4, k))
    for i in range(k):
        est = int(established[i])
        left = 100.0 - float(main_pct[i])
        b = int(boss[i])
        if b >= 0 and not nominee_holds[i]:
            add(i, pnames[b], "natural", ids[b], None, main_pct[i], est, None, birth[b],
                keep=bool(hold_only[i]))  # fmt: skip
        else:  # the representative (a nominee, or not a party of the data) holds the majority
            r = int(rep[i])
            if r >= 0:
                add(i, pnames[r], "natural", ids[r], None, main_pct[i], est, None, birth[r])
            else:
                born = int(-7300 + picks[0, i] % 9000)  # 1950–1994
                idn = make_id_number(
                    OUTSIDE_DIVISIONS[picks[1, i] % len(OUTSIDE_DIVISIONS)],
                    dt.date(1970, 1, 1) + dt.timedelta(days=born),
                    int(picks[2, i] % 100),
                    bool(picks[3, i] % 2),
                )
                add(i, rep_names[i], "natural", idn, None, main_pct[i], est, None, born)
        t = twin_of.get(b) if b >= 0 else None
        if t is not None and left >= 5.0:  # the controller's namesake: a 5 % near miss
            add(i, pnames[t], "natural", ids[t], None, 5.0, est, None, birth[t])
            left -= 5.0
        if minor[i] >= 0:  # a minority holder who is a party: related, not in control
            mi = int(minor[i])
            pct = round(min(left, 20 + draws[0, i] * 25), 1)
            add(i, pnames[mi], "natural", ids[mi], None, pct, est, None, birth[mi], keep=True)
            left -= pct
        if corp[i] and left >= 5.0:
            j = int(ce[(i + 1 + picks[0, i] % max(k - 1, 1)) % k])
            pct = round(min(left, 5 + draws[0, i] * 25), 1)
            add(i, comp_names[(i + 1 + picks[0, i] % max(k - 1, 1)) % k], "legal", None,
                uscc[j], pct, est + 30, None)  # fmt: skip
            left -= pct
        m = int(n_other[i])
        for s in range(m):
            if left <= 0.05:
                break
            pct = round(left if s == m - 1 else left * (0.3 + 0.4 * draws[1 + s % 3, i]), 1)
            if pct <= 0:
                break
            born = int(-7300 + (picks[1, i] + 7919 * s) % 9000)
            idn = make_id_number(
                OUTSIDE_DIVISIONS[(picks[2, i] + s) % len(OUTSIDE_DIVISIONS)],
                dt.date(1970, 1, 1) + dt.timedelta(days=born),
                int((picks[3, i] + 37 * s) % 100),
                bool((picks[3, i] >> s) % 2),
            )
            name = outside_names[int((picks[2, i] * 31 + s * 7 + i) % n_out)]
            add(i, name, "natural", idn, None, pct, est, None, born)
            left -= pct
        if draws[4, i] < FORMER_HOLDER:  # a shareholder who has left
            born = int(-7300 + (picks[0, i] // 7) % 9000)
            idn = make_id_number(
                OUTSIDE_DIVISIONS[(picks[1, i] + 3) % len(OUTSIDE_DIVISIONS)],
                dt.date(1970, 1, 1) + dt.timedelta(days=born),
                int((picks[2, i] + 11) % 100),
                bool(picks[0, i] % 2),
            )
            name = outside_names[int((picks[1, i] * 17 + i) % n_out)]
            until = est + 30 + int(draws[5, i] * max(int(first[ce[i]]) - est - 30, 1))
            add(i, name, "natural", idn, None, round(5 + 20 * draws[5, i], 1), est, until, born)

    shareholders = _shareholder_table(rng, rows)
    former = _former_names(rng, ce, established, first, renamed, uscc, former_name)
    return shareholders, former


def _holder_rows(uscc: np.ndarray, ce: np.ndarray) -> tuple[dict[str, list], Callable[..., None]]:
    """The shareholder rows, column by column (with each holder's birth day), and ``add``, which
    appends one for company ``i`` (``ce[i]``); ``seq`` counts the rows within a company."""
    rows: dict[str, list] = {c: [] for c in (
        "uscc", "seq", "holder_name", "holder_kind", "holder_id_number", "holder_uscc", "share_pct",
        "valid_from", "valid_to", "birth", "keep")}  # fmt: skip

    def add(i, name, kind, idn, hu, pct, since, until, born=0, keep=False):
        same = bool(rows["uscc"]) and rows["uscc"][-1] == uscc[ce[i]]
        rows["seq"].append(rows["seq"][-1] + 1 if same else 1)
        rows["uscc"].append(uscc[ce[i]])
        rows["holder_name"].append(name)
        rows["holder_kind"].append(kind)
        rows["holder_id_number"].append(idn)
        rows["holder_uscc"].append(hu)
        rows["share_pct"].append(float(pct))
        rows["valid_from"].append(int(since))
        rows["valid_to"].append(None if until is None else int(until))
        rows["birth"].append(int(born))
        rows["keep"].append(keep)

    return rows, add


def _shareholder_table(rng: np.random.Generator, rows: dict[str, list]) -> pa.Table:
    """registry_enterprise_shareholders from the collected rows, natural persons' ID numbers
    and names as the register writes them (``_written``, ``_spaced``)."""
    births = np.asarray(rows.pop("birth"))
    keep = rows.pop("keep")
    natural = [kd == "natural" for kd in rows["holder_kind"]]
    written = _written(rng, rows["holder_id_number"], births, keep)
    rows["holder_id_number"] = [w if nat else None for w, nat in zip(written, natural, strict=True)]
    spaced = _spaced(rng, rows["holder_name"])
    rows["holder_name"] = [s if nat else h for s, h, nat in
                           zip(spaced, rows["holder_name"], natural, strict=True)]  # fmt: skip
    day = pa.date32()
    return pa.table(
        {
            "uscc": pa.array(rows["uscc"], pa.string()),
            "seq": pa.array(rows["seq"], pa.int32()),
            "holder_name": pa.array(rows["holder_name"], pa.string()),
            "holder_kind": pa.array(rows["holder_kind"], pa.string()),
            "holder_id_number": pa.array(rows["holder_id_number"], pa.string()),
            "holder_uscc": pa.array(rows["holder_uscc"], pa.string()),
            "share_pct": pa.array(rows["share_pct"], pa.float64()),
            "valid_from": pa.array(rows["valid_from"], pa.int32()).cast(day),
            "valid_to": pa.array(rows["valid_to"], pa.int32()).cast(day),
        }
    )


def _former_names(
    rng: np.random.Generator,
    ce: np.ndarray,
    established: np.ndarray,
    first: np.ndarray,
    renamed: np.ndarray,
    uscc: np.ndarray,
    former_name: pa.Array,
) -> pa.Table:
    """registry_enterprise_names: the renamed companies' former names, renamed between a year
    after establishment and the first case."""
    day = pa.date32()
    rn = np.flatnonzero(renamed[ce])
    est_r = established[rn].astype(np.int64)
    first_r = first[ce[rn]].astype(np.int64)
    lo = est_r + 365
    hi = np.maximum(first_r - 1, lo + 1)
    renaming = lo + (rng.random(len(rn)) * (hi - lo)).astype(np.int64)
    return pa.table(
        {
            "uscc": pa.array(uscc[ce[rn]], pa.string()),
            "name": former_name.take(pa.array(ce[rn])),
            "valid_from": pa.array(est_r.astype(np.int32)).cast(day),
            "valid_to": pa.array(renaming.astype(np.int32)).cast(day),
        }
    )
