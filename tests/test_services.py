"""Push models and their delivery: definitions refused with file/line/field, the built-in
library, runs over a real synthetic court (DuckDB) to a file drop and to a real local HTTPS
receiver (self-signed certificate made here), retries, re-sends, court scoping, and SIGKILL in
the middle of runs losing and duplicating nothing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from courtqc.engine import open_store
from courtqc.errors import InvalidInput
from courtqc.services import channels, push, pushmodel, store
from tests.support.receiver import Receiver

REPO = Path(__file__).resolve().parents[1]

GOOD = """\
id: test_push
title: {zh: 测试推送}
body: tax
legal_basis: [测试依据]
sql: |
  SELECT c.case_id, c.case_no, p.name, p.id_number
  FROM cases c JOIN case_parties cp ON cp.case_id = c.case_id
  JOIN parties p ON p.party_id = cp.party_id
  WHERE c.court_code = '沪0115'
key: [case_id, id_number]
fields:
  - {name: case_no}
  - {name: name, mask: name}
  - {name: id_number, mask: id_number}
schedule: {cron: "0 2 * * 1"}
"""


@pytest.fixture(scope="module")
def synth_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from courtqc.synth import generate

    path = tmp_path_factory.mktemp("svc") / "court.duckdb"
    generate(path, 3000, seed=11, progress=False)
    return path


@pytest.fixture
def db(synth_db: Path, tmp_path: Path) -> Path:
    p = tmp_path / "court.duckdb"
    shutil.copy(synth_db, p)
    return p


# ---------------------------------------------------------------- definitions


def _problem(text: str) -> dict:
    with pytest.raises(InvalidInput) as e:
        pushmodel.load_text(text, "p.yaml")
    return e.value.details[0]


def test_good_definition_loads() -> None:
    m = pushmodel.load_text(GOOD, "p.yaml")
    assert m.columns == ("case_id", "case_no", "name", "id_number")


def test_field_not_selected_is_refused_with_its_line() -> None:
    p = _problem(GOOD.replace("{name: case_no}", "{name: cause_name}"))
    assert p["field"] == "fields.0.name" and p["line"] == 12
    assert "cause_name" in p["message"] and "不在选择结果中" in p["message"]


def test_id_number_in_clear_needs_a_basis() -> None:
    p = _problem(GOOD.replace("{name: id_number, mask: id_number}", "{name: id_number}"))
    assert p["field"].startswith("fields.2") and "unmasked_basis" in p["message"]
    ok = GOOD.replace(
        "{name: id_number, mask: id_number}", "{name: id_number, unmasked_basis: 某法第一条}"
    )
    assert pushmodel.load_text(ok, "p.yaml").spec.fields[2].mask == "none"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("FROM cases c", "FROM users c"), "sql"),  # a platform table
        (("SELECT c.case_id,", "SELECT read_csv('/etc/passwd') AS x, c.case_id,"), "sql"),
        (("body: tax", "body: nobody"), "body"),
        (('cron: "0 2 * * 1"', 'cron: "every monday"'), "schedule.cron"),
        (("key: [case_id, id_number]", "key: [case_id, phone]"), "key.1"),
        (("  SELECT c.case_id, c.case_no", "  SELECT c.case_no"), "sql"),  # no case_id
    ],
)
def test_bad_definitions_name_the_field(change: tuple[str, str], field: str) -> None:
    assert _problem(GOOD.replace(*change))["field"] == field


def test_cli_validate_exits_2_without_traceback(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(GOOD.replace("{name: case_no}", "{name: cause_name}"), encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "courtqc.cli", "push", "validate", str(f)],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "bad.yaml:12" in r.stderr and "fields.0.name" in r.stderr


def test_builtin_library() -> None:
    models = pushmodel.builtin()
    assert len(models) >= 12
    assert len({m.spec.body for m in models}) >= 10
    for m in models:
        assert m.spec.legal_basis and all(b.strip() for b in m.spec.legal_basis)
        for f in m.spec.fields:
            if f.mask == "none" and any(k in f.name for k in ("id_number", "phone")):
                assert f.unmasked_basis, (m.id, f.name)
    docs = (REPO / "docs" / "SERVICES.md").read_text(encoding="utf-8")
    for m in models:
        assert f"`{m.id}`" in docs, f"{m.id} is not described in docs/SERVICES.md"


# ---------------------------------------------------------------- runs


def _file_receivers(con: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, str]:
    return {
        b: push.set_receiver(con, b, "file", str(folder / b))
        for b in {m.spec.body for m in pushmodel.builtin()}
    }


def test_file_drop_is_signed_masked_and_never_repeats(db: Path, tmp_path: Path) -> None:
    con = open_store(db)
    store.ensure(con)
    keys = _file_receivers(con, tmp_path / "drop")
    results = {r.model_id: r for r in push.run(con)}
    assert sum(r.new_rows for r in results.values()) > 500
    cc = results["community_corrections_handover"]
    assert cc.new_rows > 0 and cc.delivered == [cc.batch_id]
    folder = tmp_path / "drop" / "community_corrections"
    manifest = json.loads((folder / f"{cc.batch_id}.manifest.json").read_text(encoding="utf-8"))
    assert channels.verify_manifest(keys["community_corrections"], manifest)
    assert not channels.verify_manifest("another body's key", manifest)
    data = (folder / manifest["file"]).read_bytes()
    import hashlib

    assert hashlib.sha256(data).hexdigest() == manifest["file_sha256"]
    rows = [json.loads(x) for x in data.splitlines()]
    assert len(rows) == manifest["row_count"] == cc.new_rows
    assert set(rows[0]) == {f["name"] for f in manifest["fields"]}  # only declared fields
    # community corrections: ID numbers in clear (a stated basis); the credit list: masked
    with_id = [r["id_number"] for r in rows if r["id_number"]]
    assert with_id and all("*" not in i for i in with_id)
    dl = tmp_path / "drop" / "credit_reference"
    credit = [json.loads(x) for f in dl.glob("*.jsonl") for x in f.read_bytes().splitlines()]
    natural = [r for r in credit if r["debtor_id_number"]]
    assert natural and all("********" in r["debtor_id_number"] for r in natural)
    # a second run finds nothing new
    again = push.run(con)
    assert all(r.new_rows == 0 and r.batch_id is None for r in again)
    sent = con.execute(
        "SELECT count(*), count(DISTINCT (model_id, row_key)) FROM push_sent"
    ).fetchone()
    assert sent[0] == sent[1] == sum(r.new_rows for r in results.values())


def _cc_rows(con: duckdb.DuckDBPyConnection, folder: Path) -> list[dict]:
    """Every row the community-corrections body has received in its drop folder."""
    return [
        json.loads(x)
        for f in sorted((folder / "community_corrections").glob("*.jsonl"))
        for x in f.read_bytes().splitlines()
    ]


def test_community_corrections_sends_parole_and_outside_prison_with_dates(
    db: Path, tmp_path: Path
) -> None:
    con = open_store(db)
    store.ensure(con)
    _file_receivers(con, tmp_path / "drop")
    cc = pushmodel.find("community_corrections_handover")
    push.run(con, [cc])
    rows = _cc_rows(con, tmp_path / "drop")
    kinds = {r["correction_kind"] for r in rows}
    assert {"probation", "parole", "outside_prison"} <= kinds, kinds
    expected = con.execute(
        """SELECT count(*) FILTER (WHERE s.parole_date IS NOT NULL),
                  count(*) FILTER (WHERE s.outside_prison_from IS NOT NULL)
           FROM sentences s JOIN cases c USING (case_id) WHERE c.status = 'closed'"""
    ).fetchone()
    assert sum(r["correction_kind"] == "parole" for r in rows) == expected[0] > 0
    assert sum(r["correction_kind"] == "outside_prison" for r in rows) == expected[1] > 0
    for r in rows:
        if r["correction_kind"] == "parole":
            # 刑法第八十一条/第八十三条: half the term served; the test period runs to its end
            start, end, parole = (r["term_start"], r["term_end"], r["parole_date"])
            assert r["parole_end"] == end and start < parole < end
            served = (_day(parole) - _day(start)) / (_day(end) - _day(start))
            assert served >= 0.5 and r["probation_months"] is None
        elif r["correction_kind"] == "outside_prison":
            assert r["outside_prison_reason"] in (
                "serious_illness", "unable_self_care", "pregnant_or_nursing"
            )  # fmt: skip
            assert r["judgment_date"] < r["outside_prison_from"] <= r["outside_prison_until"]
            assert r["outside_prison_until"] <= r["term_end"] and r["parole_date"] is None
        else:
            assert r["parole_date"] is None and r["outside_prison_from"] is None


def _day(iso: str) -> int:
    import datetime as dt

    return dt.date.fromisoformat(iso).toordinal()


def test_a_later_parole_is_a_handover_of_its_own(db: Path, tmp_path: Path) -> None:
    """A prisoner paroled after the last run is sent then, once; a probationer sent before is
    not sent again, and a parole on a sentence already handed over (outside prison) is a new
    handover of the same person."""
    con = open_store(db)
    store.ensure(con)
    _file_receivers(con, tmp_path / "drop")
    cc = pushmodel.find("community_corrections_handover")
    first = push.run(con, [cc])[0].new_rows
    prisoner = con.execute(
        """SELECT s.case_id, s.party_id, s.term_start, s.term_end FROM sentences s
           JOIN cases c USING (case_id)
           WHERE c.status = 'closed' AND s.principal_penalty = 'fixed_term'
             AND s.probation_months IS NULL AND s.parole_date IS NULL
             AND s.outside_prison_from IS NULL AND s.term_end - s.term_start > 200
           ORDER BY s.case_id LIMIT 1"""
    ).fetchone()
    outside = con.execute(
        "SELECT case_id, party_id FROM sentences WHERE outside_prison_from IS NOT NULL LIMIT 1"
    ).fetchone()
    assert prisoner and outside
    halfway = prisoner[2] + (prisoner[3] - prisoner[2]) * 0.6
    con.execute(
        "UPDATE sentences SET parole_date = ? WHERE case_id = ? AND party_id = ?",
        [halfway, prisoner[0], prisoner[1]],
    )
    con.execute(
        "UPDATE sentences SET parole_date = outside_prison_until, outside_prison_from = NULL,"
        " outside_prison_until = NULL, outside_prison_reason = NULL"
        " WHERE case_id = ? AND party_id = ?",
        list(outside),
    )
    again = push.run(con, [cc])[0]
    assert again.new_rows == 2
    rows = _cc_rows(con, tmp_path / "drop")
    assert len(rows) == first + 2
    paroled = [r for r in rows if r["correction_kind"] == "parole"]
    assert str(halfway) in {r["parole_date"] for r in paroled}
    assert push.run(con, [cc])[0].new_rows == 0


def test_a_store_made_before_the_parole_columns_still_pushes(db: Path, tmp_path: Path) -> None:
    con = duckdb.connect(str(db))
    for col in ("parole_date", "outside_prison_from", "outside_prison_until"):
        con.execute(f"ALTER TABLE sentences DROP COLUMN {col}")
    con.execute("ALTER TABLE sentences DROP COLUMN outside_prison_reason")
    store.ensure(con)  # as `push run` and the server do
    _file_receivers(con, tmp_path / "drop")
    res = push.run(con, [pushmodel.find("community_corrections_handover")])[0]
    rows = _cc_rows(con, tmp_path / "drop")
    assert res.new_rows == len(rows) > 0
    assert {r["correction_kind"] for r in rows} <= {"probation", "public_surveillance"}


def test_push_selects_only_its_court_tree(db: Path) -> None:
    con = open_store(db)
    store.ensure(con)
    text = GOOD.replace("WHERE c.court_code = '沪0115'", "WHERE true").replace(
        "body: tax", "body: tax\ncourt: 沪03"
    )
    m = pushmodel.load_text(text, "p.yaml")
    _names, rows = push.select(con, m)
    ids = [r[0] for r in rows]
    courts = {
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT court_code FROM cases WHERE case_id IN ({','.join(map(str, ids))})"
        ).fetchall()
    }
    assert rows and "沪0104" not in courts  # 徐汇 is under 沪01, not 沪03
    tree = set(
        r[0]
        for r in con.execute(
            "WITH RECURSIVE t AS (SELECT court_code FROM courts WHERE court_code = '沪03' UNION ALL "
            "SELECT c.court_code FROM courts c JOIN t ON c.parent_code = t.court_code) SELECT * FROM t"
        ).fetchall()
    )
    assert courts <= tree
    everything = con.execute(
        "SELECT count(*) FROM cases c JOIN case_parties cp USING (case_id)"
    ).fetchone()[0]
    assert len(rows) < everything


def test_https_webhook_with_retries_receipts_and_resend(db: Path, tmp_path: Path) -> None:
    con = open_store(db)
    store.ensure(con)
    key = "k" * 64
    rcv = Receiver(tmp_path, key, fail_first=2)
    try:
        push.set_receiver(con, "education", "webhook", rcv.url, secret=key, ca_file=str(rcv.cert))
        m = pushmodel.find("education_minors_bar")
        sleeps: list[float] = []
        [res] = push.run(con, [m], policy=push.RetryPolicy(attempts=4, base_s=0.01), by="test")
        assert res.delivered == [res.batch_id] and rcv.requests == 3 and rcv.bad_signatures == 0
        log = push.deliveries(con, res.batch_id)
        assert [d["ok"] for d in log] == [False, False, True] and log[0]["http_status"] == 503
        receipt = con.execute(
            "SELECT status, receipt FROM push_batches WHERE batch_id = ?", [res.batch_id]
        ).fetchone()
        assert receipt[0] == "delivered" and f"R-{res.batch_id}" in receipt[1]
        # a re-send carries the same id and rows; the body sees it is not new
        o = push.resend(con, res.batch_id, by="test")
        assert o.ok and json.loads(o.receipt)["duplicate"] is True
        assert rcv.duplicates == 1 and len(rcv.batches) == 1
        assert rcv.batches[res.batch_id]["row_count"] == res.new_rows
        del sleeps
    finally:
        rcv.close()


def test_untrusted_certificate_is_not_delivered(db: Path, tmp_path: Path) -> None:
    con = open_store(db)
    store.ensure(con)
    rcv = Receiver(tmp_path, "s")
    try:
        push.set_receiver(con, "education", "webhook", rcv.url, secret="s")  # system CAs only
        [res] = push.run(
            con, [pushmodel.find("education_minors_bar")], policy=push.RetryPolicy(2, 0.01)
        )
        assert res.pending == [res.batch_id] and rcv.requests == 0
        assert "CERTIFICATE" in res.errors[0].upper() or "SSL" in res.errors[0].upper()
    finally:
        rcv.close()


def test_sigkill_mid_run_loses_and_duplicates_nothing(db: Path, tmp_path: Path) -> None:
    """Kill `courtqc push run` at several moments while it prepares and sends; then let a run
    finish. Every row of the selection reaches the body exactly once (first copies by batch id),
    every batch is delivered, none is empty."""
    models = [
        "community_corrections_handover",
        "drunk_driving_licence",
        "card_account_fraud",
        "drug_offences",
    ]
    con = open_store(db)
    store.ensure(con)
    key = "x" * 64
    rcv = Receiver(tmp_path, key, delay_s=0.4)
    bodies = {pushmodel.find(m).spec.body for m in models}
    for b in bodies:
        push.set_receiver(con, b, "webhook", rcv.url, secret=key, ca_file=str(rcv.cert))
    expected = {}
    for m in models:
        pm = pushmodel.find(m)
        names, rows = push.select(con, pm)
        expected[m] = {push._row_key(tuple(r[names.index(k)] for k in pm.spec.key)) for r in rows}
    con.close()
    cmd = [sys.executable, "-m", "courtqc.cli", "push", "run", "--db", str(db), "--backoff", "0.05"]
    for m in models:
        cmd += ["--model", m]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    try:
        for delay in (1.0, 3.5, 4.5, 5.5):
            proc = subprocess.Popen(
                cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        r = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        con = open_store(db)
        stored = con.execute(
            "SELECT batch_id, model_id, row_count, status FROM push_batches"
        ).fetchall()
        assert stored and all(s[3] == "delivered" and s[2] > 0 for s in stored)
        assert {s[0] for s in stored} == set(rcv.batches)
        for m in models:
            got = [b for b in rcv.batches.values() if b["model"] == m]
            n = sum(len(b["rows"]) for b in got)
            sent = con.execute("SELECT row_key FROM push_sent WHERE model_id = ?", [m]).fetchall()
            assert {k for (k,) in sent} == expected[m], m  # nothing lost
            assert n == len(expected[m]), m  # nothing twice
        con.close()
    finally:
        rcv.close()


def test_report_pdf_and_html(db: Path, tmp_path: Path) -> None:
    from courtqc.services import reports

    con = open_store(db)
    for topic in reports.TOPICS:
        r = reports.build(con, topic, "沪", "2025")
        assert r.summary["figures"]["total"] > 0 and r.summary["recommendations"]
        assert "<svg" in r.html
        for c in r.summary["cases"]:
            for name in c["respondents"].split("、"):
                assert not name or len(name) > 4 or name.endswith("某")
    out = reports.write(r.html, tmp_path / "r.pdf")
    assert out.read_bytes()[:5] == b"%PDF-"
    assert len(reports.listing(con)) == 3


def test_pdf_without_its_system_libraries_says_what_to_install(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Where WeasyPrint cannot be loaded (no Pango), a PDF is refused with the packages to
    install, as a 503 the API and CLI show, not an import traceback."""
    from courtqc.errors import Unavailable
    from courtqc.services import letters

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as an import that fails
    with pytest.raises(Unavailable) as e:
        letters.pdf("<p>x</p>")
    assert "libpango-1.0-0" in str(e.value) and "HTML" in str(e.value)
    assert e.value.status == 503


def test_long_key_lists_answer_as_probes_do(synth_db: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The query ports send a long key list as one list parameter (services/probe.py) and a
    short one as index probes: both ways give the same answers, for the enterprises with the
    most cases and for convicted people."""
    from courtqc.services import enterprise, minors, probe
    from courtqc.web.visibility import CourtTree

    con = open_store(synth_db, read_only=True)
    tree = CourtTree.load(con)
    courts = frozenset(tree.descendants("沪"))
    firms = [
        r[0]
        for r in con.execute(
            "SELECT p.uscc FROM parties p JOIN case_parties cp USING (party_id) "
            "WHERE p.uscc IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 5"
        ).fetchall()
    ]
    people = con.execute(
        "SELECT DISTINCT p.name, p.id_number FROM sentences s JOIN parties p USING (party_id) "
        "WHERE p.kind = 'natural' AND length(p.id_number) = 18 ORDER BY 2 LIMIT 20"
    ).fetchall()

    def answers() -> list:
        out: list = [enterprise.summary(con, u, courts) | {"as_of": None} for u in firms]
        return out + [minors.query(con, n, i, courts).to_dict() for n, i in people]

    probed = answers()
    assert max(s["cases"] for s in probed[: len(firms)]) > 3
    # the server passes its court tree's names instead of reading `courts` per query: the same
    named = [enterprise.summary(con, u, courts, tree.name) | {"as_of": None} for u in firms]
    named += [minors.query(con, n, i, courts, court_names=tree.name).to_dict() for n, i in people]
    assert named == probed
    assert any(a["answer"] == "barred" for a in probed[len(firms) :])
    monkeypatch.setattr(probe, "PROBE_MAX", 0)  # every list as one parameter
    assert answers() == probed
    sql, params = probe.member("case_id", [3, 1, 2])
    assert sql == "case_id IN (SELECT unnest(?::BIGINT[]))" and params == [[1, 2, 3]]
