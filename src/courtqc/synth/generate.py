"""``generate``: the synthetic city court system, end to end, into one DuckDB file.

Order of work: plant the anomaly patterns that need cases of their own, build the clean caseload
around them (exactly ``cases`` cases in all), flag clean cases that carry a planted defect,
staff the courts, name the parties, then write every table (cases and events a chunk at a
time), compute the ground truth from the written data, and render the documents.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from courtqc.schema import connect
from courtqc.synth import catalog as cat
from courtqc.synth.clean import CleanBuilder, _agency, _procuratorate, build_clean
from courtqc.synth.court import Staff, assign_staff, build_court
from courtqc.synth.details import Details
from courtqc.synth.people import DISTRICTS, DIVISION_CODES, People, build_people
from courtqc.synth.plan import COURT_CODES, E_COMPANY, Plan
from courtqc.synth.planted import Planter, plant_flags, plant_new_cases
from courtqc.synth.scenarios import add_report_cases, reserved
from courtqc.synth.shards import IdTaken, Shard, shard_seed, shard_sizes
from courtqc.synth.timeline import AS_OF, START
from courtqc.synth.truth import SCENARIOS, compute_truth, truth_table

CHUNK = 100_000  # cases per chunk of the big tables (cases, events)
#: Cases per shard (issue 21): a bigger court is planned and written a shard at a time, each
#: holding only its own plan (courtqc.synth.shards). Every court of at most this many cases
#: is one shard, generated exactly as before sharding existed.
SHARD_CASES = 1_000_000
MIN_SHARD = 500  # as for a court: every planted pattern needs clean cases around it


class SynthError(ValueError):
    """The generator cannot run with these arguments; the message says why."""


@dataclass
class GenerationStats:
    """What one run produced."""

    db_path: str
    cases: int
    seed: int
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    truth_cases: dict[str, int] = field(default_factory=dict)  # cases per scenario in truth
    incidental: dict[str, int] = field(default_factory=dict)  # truth rows nobody planted
    unmatched: dict[str, int] = field(default_factory=dict)  # planted rows missing from truth
    stage_seconds: dict[str, float] = field(default_factory=dict)
    stage_peak_mb: dict[str, float] = field(default_factory=dict)  # process peak RSS so far
    stage_rss_mb: dict[str, float] = field(default_factory=dict)  # RSS at the stage's end
    stage_duckdb_mb: dict[str, float] = field(default_factory=dict)  # DuckDB's share of it
    documents: int = 0
    shards: int = 1
    # per shard, plans of earlier shards still alive when it began (0: each plan was freed)
    live_plans: list[int] = field(default_factory=list)
    # per shard, the entity numbers [first, end) of its own entities (truth identities
    # P/O/A/M + 8 digits); numbers below global_entities are the shared pools and authorities
    shard_entities: list[tuple[int, int]] = field(default_factory=list)
    global_entities: int = 0


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> int:
    con.register("_synth_src", data)
    cols = ", ".join(data.column_names)
    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _synth_src")
    con.unregister("_synth_src")
    return data.num_rows


def _memory_mb() -> tuple[float, float]:
    """(peak, current) resident memory of this process in MB: the peak is what the 8 GB
    bound is about; the current figure shows what a stage leaves behind for the next."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        with open("/proc/self/statm") as f:
            now = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # not Linux: the peak is all there is
        now = peak
    return round(peak, 1), round(now, 1)


def _progress(enabled: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[info]}"),
        disable=not enabled,
        console=Console(stderr=True),
    )


def generate(
    db_path: str | Path,
    cases: int,
    seed: int,
    progress: bool = True,
    shard_cases: int = SHARD_CASES,
) -> GenerationStats:
    """Generate a synthetic Shanghai court system of exactly ``cases`` cases into ``db_path``
    (a new or empty canonical store). Deterministic: the same seed gives the same data.
    More than ``shard_cases`` cases: planned and written as ceil(cases / shard_cases) shards
    (courtqc.synth.shards), memory bounded by the shard's size."""
    if cases < MIN_SHARD:
        raise SynthError(
            f"案件数至少为500（--cases {cases}）：每个埋设场景都需要足够的正常案件作对照 "
            "(at least 500 cases: every planted pattern needs clean cases around it)"
        )
    sizes = shard_sizes(cases, max(1, shard_cases))
    if min(sizes) < MIN_SHARD:
        raise SynthError(
            f"每个分片至少500件（--shard-cases {shard_cases}）：每个分片自带埋设场景 "
            "(at least 500 cases a shard: each shard plants its own patterns)"
        )
    t_start = time.perf_counter()
    stats = GenerationStats(db_path=str(db_path), cases=cases, seed=seed)
    con = connect(db_path)
    # Keep DuckDB's buffer pool well inside the 8 GB budget the generator promises (it
    # spills to disk beyond it); the Python side holds the plan, a few GB at 10^6 cases.
    con.execute("SET memory_limit = '3GB'")
    # No row-group vacuum at checkpoints. Every chunked insert (100,000 cases, 40,000 cases'
    # documents) ends in a part-filled row group; at the next automatic checkpoint DuckDB
    # merged runs of them, rewriting several 122,880-row groups of the documents table
    # (~370 MB of text each): 0.5–1.6 GB of transient memory and 15–40 s of CPU per merge,
    # the documents stage's growth (docs/SYNTH.md, "Memory"). Nothing is deleted while a
    # court is generated, so there is nothing else for a vacuum to reclaim.
    con.execute("SET max_vacuum_tasks = 0")
    if con.execute("SELECT count(*) FROM cases").fetchall()[0][0]:
        con.close()
        raise SynthError(
            f"数据库 {db_path} 已有案件数据；请换一个 --db 路径或使用 --replace "
            f"(the store already holds cases: use a new path or --replace)"
        )
    t = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal t
        now = time.perf_counter()
        stats.stage_seconds[stage] = round(now - t, 3)
        stats.stage_peak_mb[stage], stats.stage_rss_mb[stage] = _memory_mb()
        stats.stage_duckdb_mb[stage] = round(
            con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchall()[0][0]
            / 2**20,
            1,
        )
        t = now

    with _progress(progress) as bar:
        if len(sizes) == 1:
            _write_court(con, bar, stats, cases, seed, lap)
        else:
            _write_shards(con, bar, stats, sizes, seed, lap)

    from courtqc.synth.documents import render_documents

    stats.documents = render_documents(con, seed=seed, progress=progress)
    lap("documents")
    extra = add_report_cases(con, cases, seed)  # courtqc.synth.scenarios (issue 17)
    for k in ("truth_cases", "incidental", "unmatched"):
        getattr(stats, k).update(extra[k])
    lap("report_cases")
    # the papers of a case's life for a sample of cases, last: their own random stream
    from courtqc.synth.documents.papers import render_papers

    stats.documents += render_papers(con, seed=seed)
    lap("papers")
    # complaints, defences and evidence lists of the element-trial cases: their own stream too
    from courtqc.synth.documents.court_pleadings import render_pleadings

    stats.documents += render_pleadings(con, seed=seed)
    lap("pleadings")
    for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1"
    ).fetchall():
        stats.rows[name] = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
    con.close()
    stats.seconds = round(time.perf_counter() - t_start, 2)
    return stats


def _write_court(
    con: duckdb.DuckDBPyConnection,
    bar: Progress,
    stats: GenerationStats,
    cases: int,
    seed: int,
    lap: Callable[[str], None],
) -> None:
    """One court in one go (one shard): plan, then write everything and the ground truth."""
    plan, staff, people = _plan(bar, cases, seed, lap)
    details = Details(plan, people, staff, seed)
    _write_reference(con, bar, stats, staff, people)
    lap("write_reference")
    _write_details(con, bar, stats, details)
    lap("details")
    _write_cases_events(con, bar, stats, details, cases)
    lap("cases_events")
    notes = _planted_notes(plan, details)
    _write_truth(con, bar, stats, _rep_table(plan), _licensed_table(plan), notes)
    lap("truth")


def _write_shards(
    con: duckdb.DuckDBPyConnection,
    bar: Progress,
    stats: GenerationStats,
    sizes: list[int],
    seed: int,
    lap: Callable[[str], None],
) -> None:
    """A court of ``sum(sizes)`` cases as shards of those sizes, one after another, each from
    random streams of its own (shards.shard_seed) and holding only its own plan; the shards
    share what courtqc.synth.shards keeps. The ground truth is computed once, at the end,
    over the whole store."""
    cases = sum(sizes)
    stats.shards = len(sizes)
    shard = Shard(0, len(sizes), ids=IdTaken(len(DIVISION_CODES), bitmap=True))
    con.execute("CREATE TEMP TABLE _synth_rep_all (identity VARCHAR, rep_identity VARCHAR)")
    notes: dict[tuple[str, int, int | None], str] = {}
    licensed = None
    live: weakref.WeakSet[Plan] = weakref.WeakSet()
    report = reserved(cases, seed)  # the report scenarios' cases: taken from the last shard
    for k, size in enumerate(sizes):
        gc.collect()
        stats.live_plans.append(len(live))

        def lap_k(stage: str, k: int = k) -> None:
            lap(f"{stage}@{k}")

        s_seed = shard_seed(seed, k)
        last = k == len(sizes) - 1
        plan, staff, people = _plan(
            bar, size, s_seed, lap_k, shard=shard, total=cases, report=report if last else 0
        )
        live.add(plan)
        details = Details(plan, people, staff, s_seed, shard)
        _write_reference(con, bar, stats, staff, people)
        lap_k("write_reference")
        _write_details(con, bar, stats, details)
        lap_k("details")
        _write_cases_events(con, bar, stats, details, plan.cases.n, shard.event0)
        _insert(con, "_synth_rep_all", _rep_table(plan, shard.entity_numbers(plan.ents.c.n)))
        notes.update(_planted_notes(plan, details))
        licensed = _licensed_table(plan)  # the pools: the same entities in every shard
        lap_k("cases_events")
        stats.global_entities = shard.prefix
        stats.shard_entities.append(
            (shard.entity0 + shard.prefix, shard.entity0 + shard.n_entities)
        )
        shard.next_shard(stats.rows)
        del plan, staff, people, details
        _give_back()
    rep = con.sql("SELECT * FROM _synth_rep_all").to_arrow_table()
    con.execute("DROP TABLE _synth_rep_all")
    _write_truth(con, bar, stats, rep, licensed, notes)
    lap("truth")


def _give_back() -> None:
    """Return the freed shard's memory to the system: Arrow's pool and glibc keep freed
    blocks for reuse, so without this the RSS stays at the shard's high-water mark."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def _global_entities(plan: Plan, cases: int) -> int:
    """A sharded court's global entities, first in every shard (shards.Shard.prefix): the
    institutional pools sized to the whole court, and every procuratorate and agency."""
    plan.ents.make_pools(np.random.default_rng(0), cases)  # (draws nothing)
    for court in COURT_CODES:
        try:
            plan.ents.authority(_procuratorate(court))
        except KeyError:  # a specialised court: no procuratorate of its own
            continue
    for d in DISTRICTS:
        for agency in cat.AGENCIES:
            plan.ents.authority(_agency(d, agency))
    return plan.ents.c.n


def _plan(
    bar: Progress,
    cases: int,
    seed: int,
    lap: Callable[[str], None],
    shard: Shard | None = None,
    total: int | None = None,
    report: int | None = None,
) -> tuple[Plan, Staff, People]:
    """Plan every case (planted patterns first, the clean caseload around them, then the flags
    on clean cases), staff the courts and name the parties; one random stream per stage.
    ``shard``: one shard of a court of ``total`` cases, with ``report`` of them left to the
    report scenarios."""
    task = bar.add_task("规划案件 planning cases", total=4, info="")
    plan = Plan(cases)
    total = cases if total is None else total
    n_lawyers = max(60, total // 150)
    if shard is None:
        plan.ents.make_pools(np.random.default_rng([seed, 1]), cases)
    else:
        shard.prefix = _global_entities(plan, total)
    builder = CleanBuilder(plan, np.random.default_rng([seed, 2]))
    planter = Planter(plan, builder, np.random.default_rng([seed, 3]), cases, n_lawyers)
    plant_new_cases(planter)
    bar.update(task, advance=1, info=f"{plan.cases.n:,} planted")
    if report is None:
        report = reserved(cases, seed)  # the report scenarios' cases, written last
    build_clean(plan, np.random.default_rng([seed, 4]), cases - plan.cases.n - report)
    bar.update(task, advance=1, info=f"{plan.cases.n:,} cases")
    plant_flags(planter)
    if plan.cases.n != cases - report:
        raise SynthError(f"planned {plan.cases.n} cases instead of {cases}")
    years = (AS_OF - START) / 365.25
    if shard is None:
        staff = build_court(plan, np.random.default_rng([seed, 5]), years)
    elif shard.index == 0:  # the first shard staffs the whole court
        staff = build_court(plan, np.random.default_rng([seed, 5]), years, total / cases)
        none = np.empty(0, np.int32)  # kept without this shard's per-case columns
        shard.staff = dataclasses.replace(staff, tables={}, case_dept=none, case_judge=none)
    else:
        staff = assign_staff(plan, np.random.default_rng([seed, 5]), shard.staff)
    bar.update(task, advance=1, info="courts staffed")
    lap("plan")
    people = build_people(plan, np.random.default_rng([seed, 6]), n_lawyers, shard)
    bar.update(task, advance=1, info=f"{people.party_key.size:,} party rows")
    lap("people")
    return plan, staff, people


def _write_reference(
    con: duckdb.DuckDBPyConnection,
    bar: Progress,
    stats: GenerationStats,
    staff: Staff,
    people: People,
) -> None:
    """Write the courts, the people and the registries (the reference tables)."""
    reference = {**staff.tables, **people.tables}
    task = bar.add_task("写入参考表 reference tables", total=len(reference), info="")
    for name in ("courts", "departments", "judges", "causes", "district_population", "law_firms",
                 "lawyers", "registry_population",
                 "registry_enterprises", "registry_enterprise_shareholders",
                 "registry_enterprise_names", "registry_housing_fund"):  # fmt: skip
        if name in reference:  # a later shard: the court, firms and lawyers are written
            stats.rows[name] = stats.rows.get(name, 0) + _insert(con, name, reference.pop(name))
        bar.update(task, advance=1, info=name)
    # Not a canonical table: the synthetic court's own record of how each party row is
    # written (people.VARIANT_* bits), for scoring identity resolution per variant class.
    con.execute(
        "CREATE TABLE IF NOT EXISTS truth_party_variants (party_id BIGINT, variant INTEGER)"
    )
    # Nor this: the cases the report scenarios write (courtqc.synth.scenarios), whose
    # judgments are short texts rather than the full layout documents.py renders.
    con.execute("CREATE TABLE IF NOT EXISTS truth_case_sources (case_id BIGINT, source VARCHAR)")
    del people.tables
    # The party rows last, a chunk at a time as they are built (people.PARTY_CHUNK).
    for k in ("parties", "truth_identities", "truth_party_variants"):
        stats.rows.setdefault(k, 0)
    for chunk in people.party_chunks() if people.party_chunks else ():
        for k, data in zip(
            ("parties", "truth_identities", "truth_party_variants"), chunk, strict=True
        ):
            stats.rows[k] += _insert(con, k, data)
        del chunk, data
        bar.update(task, info=f"{stats.rows['parties']:,} parties")
    people.party_chunks = None  # frees the per-entity names, contacts and ID numbers


def _write_details(
    con: duckdb.DuckDBPyConnection, bar: Progress, stats: GenerationStats, details: Details
) -> None:
    """Write the case details: enforcement and payments, parties and agents, outcomes,
    sentences, appeal results and quality reviews (in this order: their random streams)."""
    steps = (
        ("enforcement", details.enforcement),
        ("case_parties", details.case_parties),
        ("case_agents", details.case_agents),
        ("civil_outcomes", details.civil_outcomes),
        ("sentences", details.sentences),
        ("appeal_results", details.appeal_results),
        ("quality_reviews", details.quality_reviews),
    )
    task = bar.add_task("案件明细 case details", total=len(steps), info="")
    for name, make in steps:
        data = make()
        if name == "enforcement":
            actions, payments = data
            for k, rows in (("enforcement_actions", actions), ("payments", payments)):
                stats.rows[k] = stats.rows.get(k, 0) + _insert(con, k, rows)
        else:
            stats.rows[name] = stats.rows.get(name, 0) + _insert(con, name, data)
        del data  # not kept while the next table is built
        bar.update(task, advance=1, info=name)


def _write_cases_events(
    con: duckdb.DuckDBPyConnection,
    bar: Progress,
    stats: GenerationStats,
    details: Details,
    cases: int,
    event0: int = 0,
) -> None:
    """Write the cases and their events, a chunk of CHUNK cases at a time (event ids after
    ``event0``)."""
    n_chunks = (cases + CHUNK - 1) // CHUNK
    task = bar.add_task("案件与流程节点 cases + events", total=n_chunks, info="")
    stats.rows.setdefault("cases", 0)
    stats.rows.setdefault("events", 0)
    event_id = event0 + 1
    for k in range(n_chunks):
        idx = details.order[k * CHUNK : (k + 1) * CHUNK]
        events, current = details.events(idx, event_id)
        event_id += events.num_rows
        stats.rows["events"] += _insert(con, "events", events)
        stats.rows["cases"] += _insert(con, "cases", details.case_rows(idx, current))
        bar.update(task, advance=1, info=f"{stats.rows['events']:,} events")


def _write_truth(
    con: duckdb.DuckDBPyConnection,
    bar: Progress,
    stats: GenerationStats,
    rep: pa.Table,
    licensed: pa.Table,
    notes: dict[tuple[str, int, int | None], str],
) -> None:
    """Compute the ground truth from the written data, write it, and count per scenario what
    was planted and found, found without being planted, and planted but not found."""
    task = bar.add_task("计算真值 ground truth", total=1, info="")
    truth = compute_truth(con, rep, licensed)
    stats.rows["truth_anomalies"] = _insert(con, "truth_anomalies", truth_table(truth, notes))
    planted = {}
    for (s, c, p), _n in notes.items():
        planted.setdefault(s, set()).add((c, p))
    for s in SCENARIOS:
        got = truth.get(s, set())
        want = planted.get(s, set())
        stats.truth_cases[s] = len({c for c, _ in got})
        stats.incidental[s] = len(got - want)
        stats.unmatched[s] = len(want - got)
    bar.update(task, advance=1, info=f"{stats.rows['truth_anomalies']:,} rows")


def _rep_table(plan: Plan, gid: np.ndarray | None = None) -> pa.Table:
    """Company identity → identity of the person who controls it — its legal representative,
    or the man behind a nominee (``ctrl``) — where that person is an entity of the data (the
    lender behind companies); other companies represent themselves."""
    e = plan.ents.c.cols()
    boss = np.where(e["ctrl"] >= 0, e["ctrl"], e["rep"])
    sel = np.flatnonzero((e["etype"] == E_COMPANY) & (boss >= 0))
    g = np.arange(plan.ents.c.n, dtype=np.int64) if gid is None else gid  # a shard's numbers
    # built in Arrow, not as Python strings (millions of companies at 10^7 cases)
    return pa.table(
        {"identity": _identity("O", g[sel]), "rep_identity": _identity("P", g[boss[sel]])}
    )


def _identity(prefix: str, entities: np.ndarray) -> pa.Array:
    """``O00001234``-style identities (people.truth_identities' form) of entity numbers."""
    digits = pc.utf8_lpad(pc.cast(pa.array(entities, pa.int64()), pa.string()), 8, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _licensed_table(plan: Plan) -> pa.Table:
    """Identities of licensed lenders: the banks, insurers, small-loan, finance-lease and
    guarantee companies of the institutional pools (法释〔2020〕27号: the local financial
    organisations are financial institutions, outside the private-lending rules)."""
    ents = [int(i) for code in "BILFG" for i in plan.ents.pools.get(code, ())]
    return pa.table({"identity": _identity("O", np.array(ents, np.int64))})


def _planted_notes(plan: Plan, d: Details) -> dict[tuple[str, int, int | None], str]:
    """(scenario, case_id, party_id) → note, for every planted truth row."""
    s = plan.slots.cols()
    planted_cases = np.array(sorted({c for _s, c, _e, _n in plan.truth_planted}), dtype=np.int64)
    rows = np.flatnonzero(np.isin(s["case"], planted_cases))
    party: dict[tuple[int, int], int] = {}
    for case, ent, pid in zip(
        s["case"][rows].tolist(),
        s["entity"][rows].tolist(),
        d.slot_party[rows].tolist(),
        strict=True,
    ):
        party.setdefault((case, ent), pid)
    out = {}
    for scenario, case, ent, note in plan.truth_planted:
        pid = None if ent < 0 else party.get((case, ent))
        out[(scenario, int(d.case_id[case]), pid)] = f"planted: {note}" if note else "planted"
    return out


def replace_store(path: str | Path) -> None:
    """Delete a store file (and its WAL) so it can be generated afresh."""
    for p in (Path(path), Path(f"{path}.wal")):
        if p.exists():
            os.remove(p)
