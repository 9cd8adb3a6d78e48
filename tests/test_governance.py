"""Data governance at intake (issue 15 item 4): canonical forms, the same on every intake
path, raw values kept beside, and the quality report in the CLI and the admin API."""

from __future__ import annotations

import json
import warnings
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from courtqc.cli import app as cli_app
from courtqc.domain.cnnum import format_cn_date
from courtqc.domain.idnumber import id18_to_15, make_id_number, validate_id_number
from courtqc.domain.uscc import make_uscc
from courtqc.governance.intake import standardise_store
from courtqc.governance.report import quality_report
from courtqc.governance.standardise import (
    standardise,
    standardise_date,
    standardise_id_number,
    standardise_name,
    standardise_phone,
    standardise_uscc,
)
from courtqc.identity.normalize import normalize_address, normalize_party_name, normalize_phone
from courtqc.ingest.apply import Applier, Change
from courtqc.ingest.load import load_file
from courtqc.ingest.mapping import load_mapping

ID = make_id_number("310115", date(1980, 1, 2), 12, True)
USCC = make_uscc("310115", "MA1FL0L0")

# ------------------------------------------------------------------ examples


@pytest.mark.parametrize(
    ("fn", "raw", "value", "status"),
    [
        (standardise_name, "阿依古丽 • 买买提", "阿依古丽·买买提", "changed"),
        (standardise_name, "阿依古丽．买买提", "阿依古丽·买买提", "changed"),
        (standardise_name, "张\u3000三", "张三", "changed"),
        (standardise_name, "ＪＯＨＮ  SMITH", "JOHN SMITH", "changed"),
        (
            standardise_name,
            "上海某某有限公司(浦东分公司)",
            "上海某某有限公司（浦东分公司）",
            "changed",
        ),
        (standardise_name, "上海某某有限责任公司", "上海某某有限责任公司", "unchanged"),
        (standardise_id_number, id18_to_15(ID), ID, "changed"),
        (standardise_id_number, ID.lower(), ID, "changed" if ID.lower() != ID else "unchanged"),
        (standardise_id_number, "".join(chr(ord(c) + 0xFEE0) for c in ID), ID, "changed"),
        (standardise_id_number, ID[:-1] + ("0" if ID[-1] != "0" else "1"), None, "invalid"),
        (standardise_uscc, USCC[:8] + " " + USCC[8:].lower(), USCC, "changed"),
        (standardise_phone, "+86 138-1234-5678", "13812345678", "changed"),
        (standardise_phone, "0086-13812345678", "13812345678", "changed"),
        (standardise_phone, "(021)6234-5678", "021-62345678", "changed"),
        (standardise_phone, "+86 21 6234 5678", "021-62345678", "changed"),
        (standardise_phone, "010 8888 6666", "010-88886666", "changed"),
        (standardise_phone, "0571-88886666", "0571-88886666", "unchanged"),
        (standardise_phone, "6234 5678", "62345678", "changed"),
        (standardise_phone, "12345", "12345", "invalid"),
        (standardise_date, "1980年1月2日", "1980-01-02", "changed"),
        (standardise_date, "一九八〇年一月二日", "1980-01-02", "changed"),
        (standardise_date, "二〇二〇年三月五日", "2020-03-05", "changed"),
        (standardise_date, "二〇二〇年", "2020", "partial"),
        (standardise_date, "2020年3月", "2020-03", "partial"),
        (standardise_date, "１９８０．１．２", "1980-01-02", "changed"),
        (standardise_date, "19800102", "1980-01-02", "changed"),
        (standardise_date, "2020年2月30日", None, "invalid"),
        (standardise_date, "去年", None, "invalid"),
    ],
)
def test_canonical_forms(fn, raw, value, status) -> None:  # type: ignore[no-untyped-def]
    got = fn(raw)
    if status == "invalid" and value is None and fn is standardise_id_number:
        assert got.status == "invalid" and got.value == raw
        return
    assert (got.value, got.status) == (value, status)


def test_empty_and_typed_values() -> None:
    assert standardise("phone", "  ").value is None
    assert standardise("phone", None).status == "unchanged"
    assert standardise("date", date(2020, 1, 1)).status == "unchanged"


# ------------------------------------------------------------------ properties

_births = st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31))
_ids = st.builds(
    lambda b, s, m: make_id_number("310115", b, s, m), _births, st.integers(0, 99), st.booleans()
)


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


@settings(max_examples=300, deadline=None)
@given(_ids, st.sampled_from(["plain", "15", "lower", "full", "spaced"]))
def test_every_written_form_of_an_id_number_gives_the_18_digit_number(n: str, form: str) -> None:
    raw = {
        "plain": n,
        "15": id18_to_15(n),
        "lower": n.lower(),
        "full": _fullwidth(n.lower()),
        "spaced": f"{n[:6]} {n[6:14]}-{n[14:]}",
    }[form]
    got = standardise_id_number(raw)
    assert got.value == n and validate_id_number(got.value)
    assert got.status == ("unchanged" if raw == n else "changed")


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.sampled_from(["", "+86", "+86 ", "0086", "86-"]),
    st.booleans(),
    st.booleans(),
)
def test_mobiles_in_any_form_are_11_digits(m: str, prefix: str, dashes: bool, full: bool) -> None:
    body = f"{m[:3]}-{m[3:7]}-{m[7:]}" if dashes else m
    raw = prefix + body
    raw = _fullwidth(raw) if full else raw
    assert standardise_phone(raw).value == m
    assert normalize_phone(standardise_phone(raw).value) == normalize_phone(raw)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["021", "010", "0571", "0755", "0991"]),
    st.from_regex(r"[2-8][0-9]{7}", fullmatch=True),
    st.sampled_from(["{a}-{n}", "({a}){n}", "{a} {n}", "+86 {a1} {n}", "0086{a}{n}", "{a}{n}"]),
)
def test_landlines_keep_their_area_code(area: str, num: str, form: str) -> None:
    raw = form.format(a=area, a1=area[1:], n=num)
    got = standardise_phone(raw)
    assert got.value == f"{area}-{num}"
    # identity's key of the canonical form is that of the domestic form (identity alone
    # does not read +86 before a landline: intake is what makes them agree)
    assert normalize_phone(got.value) == normalize_phone(f"{area}-{num}")


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.integers(0, 5))
def test_every_written_form_of_a_date_gives_iso(d: date, form: int) -> None:
    raw = [
        format_cn_date(d),
        format_cn_date(d, "arabic"),
        d.isoformat(),
        f"{d.year}/{d.month}/{d.day}",
        _fullwidth(f"{d.year}.{d.month}.{d.day}"),
        d.strftime("%Y%m%d"),
    ][form]
    assert standardise_date(raw).value == d.isoformat()


_text = st.text(
    alphabet=st.sampled_from(list("张三阿依古丽买买提有限公司()（）·•．. \u3000ＡaB1１-")),
    max_size=20,
)


@settings(max_examples=500, deadline=None)
@given(_text, st.sampled_from(["name", "address", "phone", "id_number", "uscc"]))
def test_standardising_is_idempotent(raw: str, kind: str) -> None:
    once = standardise(kind, raw)
    if once.value is not None:
        assert standardise(kind, once.value).value == once.value


@settings(max_examples=500, deadline=None)
@given(_text)
def test_identity_keys_do_not_change_when_values_are_standardised(raw: str) -> None:
    """Identity resolution compares the normalised forms; the canonical form must give the
    same comparison key as the raw value, so intake never changes who a party is."""
    name = standardise_name(raw).value
    assert normalize_party_name(name) == normalize_party_name(raw) if name else True
    addr = standardise("address", raw).value
    assert normalize_address(addr) == normalize_address(raw) if addr else True


# ------------------------------------------------------------------ intake paths

PARTIES_HEADER = "party_id,kind,name,id_number,birth_date,address,phone,uscc,legal_rep"


def test_file_load_standardises_and_keeps_raw_values(tmp_path: Path) -> None:
    con = duckdb.connect(":memory:")
    f = tmp_path / "parties.csv"
    f.write_text(
        PARTIES_HEADER
        + f"\n1,natural,阿依古丽 • 买买提,{id18_to_15(ID)},1980年1月2日,上海市 浦东新区 1 号,+86 138-1234-5678,,"
        + f"\n2,legal,上海某某有限公司(浦东分公司),,,,(021)6234-5678,{USCC.lower()},张　三"
        + f"\n3,natural,王五,{ID},二〇二〇年,,,,"
        + "\n4,natural,赵六,310115198001021231,,,,,",  # wrong check digit: quarantined
        encoding="utf-8",
    )
    res = load_file(con, f)
    assert (res.loaded, res.quarantined) == (3, 1)
    rows = con.execute(
        "SELECT party_id, name, id_number, birth_date, address, phone, uscc, legal_rep "
        "FROM parties ORDER BY 1"
    ).fetchall()
    assert rows[0] == (
        1,
        "阿依古丽·买买提",
        ID,
        date(1980, 1, 2),
        "上海市浦东新区1号",
        "13812345678",
        None,
        None,
    )
    assert rows[1][1:] == (
        "上海某某有限公司（浦东分公司）",
        None,
        None,
        None,
        "021-62345678",
        USCC,
        "张三",
    )
    assert rows[2][3] is None  # a year alone is not a birth date
    raw = {
        (k, c): (r, v, s)
        for k, c, r, v, s in con.execute(
            "SELECT row_key, column_name, raw, canonical, status FROM raw_values"
        ).fetchall()
    }
    assert raw[("1", "id_number")] == (id18_to_15(ID), ID, "changed")
    assert raw[("1", "birth_date")] == ("1980年1月2日", "1980-01-02", "changed")
    assert raw[("3", "birth_date")] == ("二〇二〇年", "2020", "partial")
    assert ("3", "id_number") not in raw  # already canonical
    assert not any(k == "4" for k, _ in raw)  # quarantined rows keep nothing here
    stats = dict(
        con.execute(
            "SELECT column_name, changed FROM intake_stats WHERE source = 'parties.csv'"
        ).fetchall()
    )
    assert stats["id_number"] == 1 and stats["phone"] == 2 and stats["birth_date"] == 1


def _tb_dsr(dsrbs: int, **over: str) -> dict:
    row = {
        "dsrbs": dsrbs, "ajbs": 1, "dsrlx": "1", "mc": "李四", "zjlx": "01", "zjhm": ID,
        "csrq": "19800102", "xb": "1", "mz": "01", "dz": "浦东新区1号", "lxdh": "13812345678",
        "fddbr": None, "ssdw": "01", "xh": 1,
    }  # fmt: skip
    row.update(over)
    return row


def test_the_shared_applier_standardises_cdc_event_and_mq_rows() -> None:
    """CDC, the event API and the MQ consumer all apply through Applier.apply."""
    con = duckdb.connect(":memory:")
    applier = Applier(con, load_mapping())
    res = applier.apply(
        [
            Change(
                "tb_dsr", "I", _tb_dsr(1, mc="李 四", zjhm=ID.lower(), lxdh="0086 138 1234 5678")
            ),
            Change("tb_dsr", "I", _tb_dsr(2, zjhm=id18_to_15(ID), csrq="一九八〇年一月二日")),
            Change("tb_dsr", "I", _tb_dsr(3)),
        ],
        source="cdc",
    )
    assert not res.rejected, res.rejected
    rows = con.execute(
        "SELECT party_id, name, id_number, phone, birth_date, person_key FROM parties ORDER BY 1"
    ).fetchall()
    assert [r[1:5] for r in rows] == [("李四", ID, "13812345678", date(1980, 1, 2))] * 3
    assert len({r[5] for r in rows}) == 1  # one strong key on arrival
    raw = con.execute(
        "SELECT row_key, column_name, raw, source FROM raw_values ORDER BY 1, 2"
    ).fetchall()
    assert ("2", "birth_date", "一九八〇年一月二日", "cdc") in raw
    assert ("1", "phone", "0086 138 1234 5678", "cdc") in raw
    assert not [r for r in raw if r[0] == "3"]
    # an update with clean values leaves no stale raw value
    applier.apply([Change("tb_dsr", "U", _tb_dsr(1))], source="events")
    assert not con.execute("SELECT * FROM raw_values WHERE row_key = '1'").fetchall()


# ------------------------------------------------------------------ report


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gov") / "q.duckdb"
    con = duckdb.connect(str(path))
    from courtqc.schema import create_schema

    create_schema(con)
    con.execute(
        "INSERT INTO courts VALUES ('沪', '上海市高级人民法院', 'high', 'general', NULL, NULL, NULL),"
        "('沪01', '一中院', 'intermediate', 'general', '沪', NULL, NULL),"
        "('沪0115', '浦东法院', 'basic', 'general', '沪01', '浦东新区', '310115')"
    )
    for cid, court, day in [
        (1, "沪0115", "2024-01-05"),
        (2, "沪0115", "2024-02-05"),
        (3, "沪01", "2024-02-07"),
    ]:
        con.execute(
            "INSERT INTO cases (case_id, case_no, year, court_code, type_code, seq, family, "
            "procedure, filing_date, status, current_node) "
            "VALUES (?, ?, 2024, ?, '民初', ?, 'civil', 'first', ?, 'pending', 'filing')",
            [cid, f"（2024）{court}民初{cid}号", court, cid, day],
        )
    parties = [
        (1, "natural", "张 三", ID.lower(), "13812345678", None),
        (2, "natural", "张三", ID, None, None),
        (3, "natural", "李四", "123", "+86 139 0000 0000", None),
        (4, "legal", "某某公司", None, "021-62345678", USCC),
    ]
    for pid, kind, name, idn, phone, uscc in parties:
        con.execute(
            "INSERT INTO parties (party_id, kind, name, id_number, phone, uscc) VALUES (?, ?, ?, ?, ?, ?)",
            [pid, kind, name, idn, phone, uscc],
        )
    for cid, pid in [(1, 1), (2, 2), (2, 3), (3, 4)]:
        con.execute("INSERT INTO case_parties VALUES (?, ?, 'plaintiff', 1)", [cid, pid])
    con.close()
    return path


def test_report_counts_before_and_after_standardising(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    path.write_bytes(store.read_bytes())
    con = duckdb.connect(str(path))
    before = {r["court_code"]: r for r in quality_report(con)["courts"]}
    pd = before["沪0115"]
    assert pd["rows"] == 3
    assert pd["fields"]["id_number"] == {
        "expected": 3, "present": 3, "valid": 1, "completeness": 1.0, "validity": 0.3333
    }  # fmt: skip
    assert pd["fields"]["phone"]["present"] == 2 and pd["fields"]["phone"]["valid"] == 1
    assert pd["duplicates"]["duplicate_rows_by_id_number"] == 0  # ID and id.lower() differ
    assert [t["month"] for t in pd["trend"]] == ["2024-01", "2024-02"]
    assert before["沪01"]["fields"]["uscc"]["valid"] == 1

    done = standardise_store(con, source="store")
    assert done["parties"] == 4  # name, id_number of row 1, phone of row 3, id_number of row 3
    after = {r["court_code"]: r for r in quality_report(con)["courts"]}["沪0115"]
    assert after["fields"]["id_number"]["valid"] == 2
    assert after["fields"]["phone"]["valid"] == 2
    assert after["duplicates"]["duplicate_rows_by_id_number"] == 1  # now visible
    assert after["standardised"]["id_number"] == {"changed": 1, "invalid": 1}
    src = quality_report(con)["sources"]
    assert {(s["source"], s["column"]) for s in src} >= {("store", "id_number"), ("store", "phone")}
    con.close()


def test_cli_report_json_and_court_subtree(store: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(
        cli_app, ["quality", "report", "--db", str(store), "--court", "沪01", "--json"]
    )
    assert r.exit_code == 0, r.output
    got = json.loads(r.stdout)
    assert {c["court_code"] for c in got["courts"]} == {"沪01", "沪0115"}
    assert "sources" not in got
    r = runner.invoke(cli_app, ["quality", "report", "--db", str(store)])
    assert r.exit_code == 0 and "沪0115" in r.stdout
    r = runner.invoke(cli_app, ["quality", "report", "--db", str(store), "--court", "沪99"])
    assert r.exit_code == 2 and "Traceback" not in r.output


# ------------------------------------------------------------------ admin API


def test_admin_api_is_scoped_to_the_court_tree(tmp_path: Path) -> None:
    from tests.support.web_matrix_court import Logins, build_court, make_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    court = build_court(tmp_path / "court.duckdb")
    app = make_app(court)
    try:
        client = TestClient(app)
        login = Logins(client)
        whole = client.get("/api/admin/quality", headers=login("admin"))
        assert whole.status_code == 200, whole.text
        assert "sources" in whole.json()
        a = client.get("/api/admin/quality", headers=login("admin_a")).json()
        assert {c["court_code"] for c in a["courts"]} <= {"沪0115"} and "sources" not in a
        assert a["courts"], "the basic court's own parties are reported"
        r = client.get("/api/admin/quality", params={"court": "沪0104"}, headers=login("admin_a"))
        assert r.status_code == 403
        assert client.get("/api/admin/quality", headers=login("judge_a")).status_code == 403
    finally:
        app.state.store.close()
