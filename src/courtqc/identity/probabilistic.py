"""Probabilistic linkage of natural persons on Splink (Fellegi–Sunter, DuckDB backend).

What the rule-based resolver (resolve.py) scores with hand-set points, this scores with weights
Splink learns from the data itself, without labels:

* **Records** are the natural-person profiles of resolve.py (`_idr_np`: one row per distinct
  normalised name, ID number, phone, address, birth date and sex, with its group key); a
  profile holding a valid ID number is *anchored* (its key is the ID number's).
* **Blocking** (which pairs are scored at all): the same normalised name together with one
  more shared attribute — phone, birth date, the first characters of the address, or either
  half of an ID number — so that cost grows with the rows, not their square.
* **Comparisons**: name (exact, Jaro–Winkler ≥ 0.92; the exact level term-frequency adjusted
  so that 张伟 = 张伟 weighs little), ID number (exact, ≤ 2 characters apart — a typing
  error — else), phone (exact), address (exact, one the other with more or less detail,
  Jaro–Winkler ≥ 0.9, else), birth date (exact) and sex (exact).
* **Term frequencies** come from the population register, one row per person
  (`registry_population`), not from party rows: a professional lender is frequent among party
  rows because he sues often, not because his name is common (Splink issue #2502). Names the
  register does not hold take the register's smallest frequency.
* **Training**: λ (the chance two random profiles match) from the profiles sharing a valid
  ID number (taken as 60 % of the matches); u by random sampling; m by expectation
  maximisation on two blocking passes (phone; name + birth date), each leaving its blocking
  columns' m to the other.
* **Small stores** (fewer than MIN_PROFILES profiles) are left to the rules: there is too
  little to learn weights from.
* **Decision**: pairs at or above THRESHOLD match probability merge, best first, through the
  same union-find as the rule-based resolver, which refuses a merge joining two ID numbers,
  two sexes or two birth dates — so a chain of likely pairs cannot make one "person" of two
  anchored identities. The threshold is documented in docs/IDENTITY.md with the figures it
  gives per variant class.

The trained model (Splink's JSON) is kept in the store (`identity_model`) so a rerun and an
audit can see which weights made each key.
"""

from __future__ import annotations

import json
import logging

import duckdb

from courtqc.clock import utcnow

__all__ = ["MIN_PROFILES", "THRESHOLD", "natural_pairs"]

#: Fewer natural-person profiles than this give EM too little to learn from: resolve.py then
#: scores them by the rules.
MIN_PROFILES = 200

#: Match probability at or above which two natural-person profiles are one person.
THRESHOLD = 0.99

_BLOCKS = (
    "l.nname = r.nname AND l.nphone = r.nphone",
    "l.nname = r.nname AND l.birth = r.birth",
    "l.nname = r.nname AND l.ablock = r.ablock",
    "l.nname = r.nname AND substr(l.nid, 1, 9) = substr(r.nid, 1, 9)",
    "l.nname = r.nname AND substr(l.nid, 10) = substr(r.nid, 10)",
)


def _settings():
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    name = cl.CustomComparison(
        comparison_levels=[
            cll.NullLevel("nname"),
            cll.ExactMatchLevel("nname").configure(tf_adjustment_column="nname"),
            cll.JaroWinklerLevel("nname", 0.92),
            cll.ElseLevel(),
        ],
        output_column_name="nname",
    )
    idn = cl.CustomComparison(
        comparison_levels=[
            cll.NullLevel("nid"),
            cll.ExactMatchLevel("nid"),
            cll.CustomLevel(
                "length(nid_l) = 18 AND length(nid_r) = 18 AND levenshtein(nid_l, nid_r) <= 2",
                label_for_charts="ID number 1-2 characters apart",
            ),
            cll.ElseLevel(),
        ],
        output_column_name="nid",
    )
    address = cl.CustomComparison(
        comparison_levels=[
            cll.NullLevel("naddr"),
            cll.ExactMatchLevel("naddr"),
            cll.CustomLevel(
                "starts_with(naddr_l, naddr_r) OR starts_with(naddr_r, naddr_l)",
                label_for_charts="one address the other with more or less detail",
            ),
            cll.JaroWinklerLevel("naddr", 0.9),
            cll.ElseLevel(),
        ],
        output_column_name="naddr",
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="pid",
        comparisons=[
            name,
            idn,
            cl.ExactMatch("nphone"),
            address,
            cl.ExactMatch("birth"),
            cl.ExactMatch("gender"),
        ],
        blocking_rules_to_generate_predictions=list(_BLOCKS),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    ), block_on


def natural_pairs(
    con: duckdb.DuckDBPyConnection, threshold: float = THRESHOLD, *, floor: float | None = None
) -> tuple[list[str], list[str], list[float]]:
    """(group key a, group key b, match probability) of the profile pairs in `_idr_np` at or
    above `threshold` — or above `floor` where lower, for the review list (review.py) — best
    first. Trains the model on the way and stores it."""
    if floor is not None:
        threshold = min(threshold, floor)
    from splink import DuckDBAPI, Linker

    logging.getLogger("splink").setLevel(logging.ERROR)
    settings, block_on = _settings()
    # Splink's own tables go to a private in-memory database: nothing of it enters the store.
    work = duckdb.connect(":memory:")
    profiles = con.sql(
        "SELECT pid, gkey, nname, nid, nphone, naddr, ablock, birth, gender FROM _idr_np"
    ).to_arrow_table()
    work.register("_np_arrow", profiles)
    work.execute("CREATE TABLE profiles AS SELECT * FROM _np_arrow")
    work.unregister("_np_arrow")
    tf = _register_frequencies(con)
    work.register("_tf_arrow", tf)
    work.execute("CREATE TABLE tf_nname AS SELECT * FROM _tf_arrow")
    work.unregister("_tf_arrow")
    floor = work.execute("SELECT coalesce(min(tf_nname), 1e-6) FROM tf_nname").fetchall()[0][0]
    work.execute(
        f"INSERT INTO tf_nname SELECT DISTINCT nname, {floor} FROM profiles "
        "WHERE nname IS NOT NULL AND nname NOT IN (SELECT nname FROM tf_nname)"
    )
    api = DuckDBAPI(work)
    linker = Linker(api.register("profiles"), settings, log_level=None)
    linker.table_management.register_term_frequency_lookup(api.register("tf_nname"), "nname")
    shared = work.execute(
        "SELECT count(*) FROM profiles GROUP BY nid HAVING nid IS NOT NULL AND count(*) > 1"
    ).fetchall()
    if shared:
        linker.training.estimate_probability_two_random_records_match([block_on("nid")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    for rule in (block_on("nphone"), block_on("nname", "birth")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, record_sample_proportion=1.0
        )
    pred = linker.inference.predict(threshold_match_probability=threshold)
    rows = work.execute(
        f"SELECT l.gkey, r.gkey, p.match_probability FROM {pred.physical_name} p "
        "JOIN profiles l ON l.pid = p.pid_l JOIN profiles r ON r.pid = p.pid_r "
        "WHERE l.gkey <> r.gkey ORDER BY p.match_probability DESC, l.gkey, r.gkey"
    ).fetchall()
    _store_model(con, linker.misc.save_model_to_json())
    work.close()
    return [r[0] for r in rows], [r[1] for r in rows], [float(r[2]) for r in rows]


def _register_frequencies(con: duckdb.DuckDBPyConnection):
    """Name frequencies among distinct people: the population register where the store has
    one, else the distinct ID-anchored profiles (each person once)."""
    from courtqc.identity.normalize import sql_name

    have = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE table_name = 'registry_population'"
        ).fetchall()
    }
    if have and con.execute("SELECT count(*) FROM registry_population").fetchall()[0][0]:
        src = f"SELECT {sql_name('name')} AS nname FROM registry_population"
    else:
        src = "SELECT DISTINCT gkey, nname FROM _idr_np"
    return con.sql(
        f"SELECT nname, count(*) / sum(count(*)) OVER () AS tf_nname FROM ({src}) "
        "WHERE nname IS NOT NULL GROUP BY nname"
    ).to_arrow_table()


def _store_model(con: duckdb.DuckDBPyConnection, model: dict) -> None:
    con.execute(
        "CREATE TABLE IF NOT EXISTS identity_model (trained_at TIMESTAMP, kind VARCHAR, model JSON)"
    )
    con.execute(
        "INSERT INTO identity_model VALUES (?, 'splink-natural', ?)",
        [utcnow(), json.dumps(model, ensure_ascii=False)],
    )
