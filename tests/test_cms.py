"""The simulated court CMS in a real PostgreSQL: the cluster script, seeding from the synthetic
court (lossless through the mapping), and the workload driver."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from courtqc.cli import app
from courtqc.cms import db
from courtqc.cms.codes import CODEBOOK
from courtqc.cms.workload import run_workload
from courtqc.ingest.mapping import load_mapping
from courtqc.ingest.verify import expected_store, mapped_columns
from tests.support.cdc import PG_SCRIPT


def test_pg_script_is_idempotent(pg_server: str) -> None:
    r = subprocess.run([str(PG_SCRIPT), "start"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == pg_server
    assert (
        "initialising" not in r.stderr and "starting" not in r.stderr
    )  # already running: nothing to do
    pg = db.connect(pg_server, autocommit=True)
    with pg.cursor() as cur:
        cur.execute("SHOW wal_level")
        assert cur.fetchone()[0] == "logical"
        cur.execute("SHOW listen_addresses")
        assert cur.fetchone()[0] == "127.0.0.1"
    pg.close()


def test_cms_init_seeds_a_schema_of_its_own(cms_dsn: str, cms_court: Path) -> None:
    r = CliRunner().invoke(app, ["cms", "init", "--dsn", cms_dsn, "--from", str(cms_court)])
    assert r.exit_code == 0, r.output
    pg = db.connect(cms_dsn)
    counts = db.row_counts(pg)
    src = duckdb.connect(str(cms_court), read_only=True)
    n_cases, n_enf, n_roles, n_events = src.execute(
        "SELECT count(*), count(*) FILTER (WHERE family = 'enforcement'), (SELECT count(*) FROM case_parties), "
        "(SELECT count(*) FROM events) FROM cases"
    ).fetchone()
    assert counts["tb_ajxx"] + counts["tb_zxaj"] == n_cases and counts["tb_zxaj"] == n_enf
    assert counts["tb_dsr"] == n_roles and counts["tb_lcjl"] == n_events
    assert counts["ts_dm"] == sum(len(c) for c in CODEBOOK.values())
    with pg.cursor() as cur:
        cur.execute("SELECT ah, ajzt, lcjd, larq FROM tb_ajxx ORDER BY ajbs LIMIT 1")
        ah, ajzt, lcjd, larq = cur.fetchone()
        assert (
            ah.startswith("(")
            and ajzt in CODEBOOK["ajzt"]
            and lcjd in CODEBOOK["lcjd"]
            and len(larq) == 8
        )
        cur.execute("SELECT relreplident FROM pg_class WHERE relname = 'tb_dlr'")
        assert cur.fetchone()[0] == "f"
    pg.close()
    # a second init without --replace refuses to overwrite
    r = CliRunner().invoke(app, ["cms", "init", "--dsn", cms_dsn, "--from", str(cms_court)])
    assert r.exit_code == 2 and "--replace" in r.output


def test_seeding_round_trips_through_the_mapping(
    seeded_cms: str, cms_court: Path, tmp_path: Path
) -> None:
    """CMS ← synthetic court, then CMS → canonical through simcms.yaml: the same court, once
    the court's own messy values are standardised as intake standardises what it maps
    (courtqc.governance; the raw values are kept in raw_values)."""
    import shutil

    import duckdb

    from courtqc.governance.intake import standardise_store

    court = tmp_path / "standardised.duckdb"
    shutil.copy(cms_court, court)
    with duckdb.connect(str(court)) as con:
        standardise_store(con)
    m = load_mapping()
    exp = expected_store(seeded_cms, m)
    assert exp.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 0
    exp.execute(f"ATTACH '{court}' AS s (READ_ONLY)")

    def differ(a: str, b: str) -> int:
        return exp.execute(f"SELECT count(*) FROM ({a} EXCEPT ALL {b})").fetchone()[0]

    for t in ("courts", "departments", "judges", "cases", "events", "documents", "enforcement_actions",
              "appeal_results"):  # fmt: skip
        cols = ", ".join(f'"{c}"' for c in mapped_columns(m, t))
        a, b = f"SELECT {cols} FROM {t}", f"SELECT {cols} FROM s.{t}"
        assert (differ(a, b), differ(b, a)) == (0, 0), t
    # party rows are per case in the CMS: compare what each case says about its parties
    q = """SELECT cp.case_id, cp.role, cp.seq, p.kind, p.name, p.id_number, p.uscc, p.birth_date, p.gender,
                  p.ethnicity, p.address, p.phone, p.legal_rep
           FROM {db}case_parties cp JOIN {db}parties p USING (party_id)"""
    assert (
        differ(q.format(db=""), q.format(db="s.")),
        differ(q.format(db="s."), q.format(db="")),
    ) == (0, 0)
    for t, cols in (
        (
            "sentences",
            "x.case_id, p.name, x.term_months, x.term_end, x.fine_yuan, x.principal_penalty",
        ),
        ("payments", "x.payment_id, x.case_id, p.name, x.amount, x.direction, x.paid_date"),
        ("case_agents", "x.case_id, p.name, x.agent_name, x.agent_kind, x.lawyer_id"),
    ):
        a = f"SELECT {cols} FROM {t} x JOIN parties p USING (party_id)"
        b = f"SELECT {cols} FROM s.{t} x JOIN s.parties p USING (party_id)"
        assert (differ(a, b), differ(b, a)) == (0, 0), t


def test_workload_moves_cases_and_writes_what_it_logs(seeded_cms: str, cms_court: Path) -> None:
    con = duckdb.connect(str(cms_court), read_only=True)
    dead = con.execute(
        "SELECT name, id_number FROM registry_population WHERE status = 'dead'"
    ).fetchall()
    con.close()
    pg = db.connect(seeded_cms)
    with pg.cursor() as cur:
        cur.execute(
            "SELECT count(*), (SELECT max(ajbs) FROM (SELECT ajbs FROM tb_ajxx UNION ALL SELECT ajbs FROM tb_zxaj) x) FROM tb_lcjl"
        )
        records_before, last_ajbs = cur.fetchone()
    pg.rollback()
    stats = run_workload(
        seeded_cms, rate=40, duration=2.0, seed=3, workers=2, dead=dead, dead_share=0.5
    )
    assert stats.node_changes == len(stats.log) > 0 and stats.transactions >= stats.node_changes
    withdrawn = set(stats.withdrawn)
    kept = [(a, n) for a, n in stats.log if a not in withdrawn]
    with pg.cursor() as cur:
        # one flow record per node change (withdrawn cases lose theirs; 误录 records are extra)
        cur.execute("SELECT count(*) FROM tb_lcjl WHERE bz IS DISTINCT FROM '误录'")
        assert cur.fetchone()[0] - records_before == len(kept)
        cur.execute("SELECT ajbs, jddm FROM tb_lcjl")
        records = set(cur.fetchall())
        assert all(x in records for x in kept)
        cur.execute("SELECT count(*) FROM tb_ajxx WHERE ajbs > %s", [last_ajbs])
        assert cur.fetchone()[0] == stats.new_cases - stats.cases_withdrawn
        cur.execute(
            "SELECT count(*) FROM tb_dsr WHERE ajbs > %s AND zjhm = ANY(%s)",
            [last_ajbs, [i for _, i in dead]],
        )
        against_dead = cur.fetchone()[0]
    pg.close()
    if stats.new_cases - stats.cases_withdrawn >= 6:
        assert against_dead >= 1  # half of the new cases name a dead defendant


def test_routes_pass_every_node_a_model_binds_to() -> None:
    """The workload's routes (per case kind, plus petitions) reach, through the mapping, every
    node a built-in model binds to, so CDC's node mode meets each model; a route walks its track
    in catalogue order, and the steps that end a trial early set their closing method."""
    from courtqc.cms.workload import PETITION_PATH, _rank, plan_route
    from courtqc.models.library import builtin_models

    mapper = load_mapping()
    rng = random.Random(5)
    kinds = [("tb_zxaj", "5", "5"), ("tb_ajxx", "6", "6")]
    kinds += [
        ("tb_ajxx", lb, cx) for lb in ("1", "2", "3", "4", "7", "9") for cx in ("1", "2", "3")
    ]
    reached = {mapper.node_of(c) for c in PETITION_PATH}
    rank = _rank()
    for table, lb, cx in kinds:
        for _ in range(400):
            route = plan_route(table, lb, cx, rng)
            reached |= {mapper.node_of(c) for c in route.nodes}
            first_pass = (
                route.nodes[: route.nodes.index("0208")] if "0208" in route.nodes else route.nodes
            )
            assert [rank[c] for c in first_pass] == sorted(rank[c] for c in first_pass), route
            assert route.nodes[-1] in ("0112", "0207"), route
            for step, method in (("0118", "05"), ("0126", "02"), ("0129", "09"), ("0212", "11")):
                if step in route.nodes:
                    assert route.method == method, route
            if "0123" in route.nodes:
                assert "0124" in route.nodes, route
            if lb == "1":
                assert not {"0126", "0114"} & set(route.nodes), route
    bound = {n for m in builtin_models() for n in m.model.nodes if n != "*"}
    assert bound - reached == set()
    assert len(reached) >= 45


def test_workload_walks_side_steps(seeded_cms: str) -> None:
    """Over a few hundred node changes the CMS's flow records name side steps of the catalogue
    (not only the main path), each logged change has its record, and 终本 goes through review."""
    stats = run_workload(seeded_cms, rate=200, duration=3.0, seed=11, workers=2)
    side = {c for _, c in stats.log} - {"0101", "0102", "0103", "0104", "0105", "0106", "0108",
                                        "0109", "0110", "0111", "0112", "0201", "0202", "0203",
                                        "0204", "0206", "0207"}  # fmt: skip
    assert len(side) >= 5, side
    withdrawn = set(stats.withdrawn)
    pg = db.connect(seeded_cms)
    with pg.cursor() as cur:
        cur.execute("SELECT ajbs, jddm FROM tb_lcjl")
        records = set(cur.fetchall())
        # a case closed after the 终本 review is closed as 终本
        reviewed = {a for a, c in stats.log if c == "0212"}
        closed = [a for a, c in stats.log if c == "0207" and a in reviewed]
        cur.execute("SELECT DISTINCT jafs FROM tb_zxaj WHERE ajbs = ANY(%s)", [closed])
        methods = {r[0] for r in cur.fetchall()}
    pg.close()
    assert all(x in records for x in stats.log if x[0] not in withdrawn)
    assert methods <= {"11"}
