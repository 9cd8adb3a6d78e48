"""Seed the simulated CMS from a canonical store (normally a synthetic court).

This is the simulator's side: it writes a court's data the way a case-management system keeps
it — codes instead of names, one party row per party per case, case numbers typed with
half-width brackets, dates as YYYYMMDD text in the older tables. The mapping
(ingest/mappings/simcms.yaml) is written independently against the CMS's code book; the
round-trip test holds the two to each other.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb
import psycopg2.extensions
from psycopg2 import sql

from courtqc.cms import db
from courtqc.cms.codes import CODEBOOK, FYDM
from courtqc.domain.courts import COURTS

# canonical value → CMS code, per code table
TO_CODE: dict[str, dict[str, str]] = {
    "ajlb": {"criminal": "1", "civil": "2", "commercial": "3", "administrative": "4",
             "enforcement": "5", "bankruptcy": "6", "ip": "7", "maritime": "8", "financial": "9",
             "state_compensation": "10"},
    "bmlx": {"filing": "01", "criminal": "02", "civil": "03", "commercial": "04", "administrative": "05",
             "enforcement": "06", "bankruptcy": "07", "ip": "08", "maritime": "09", "financial": "10",
             "retrial": "11", "state_compensation": "12"},
    "spcx": {"first": "1", "second": "2", "retrial": "3", "retrial_review": "4", "enforcement": "5",
             "bankruptcy": "6", "special": "7", "preservation": "8", "other": "9"},
    "sycx": {"ordinary": "1", "simple": "2", "small_claims": "3", "fast_track": "4"},
    "jafs": {"judgment": "01", "mediation": "02", "withdrawal": "03", "dismissal": "04",
             "transfer": "05", "ruling": "06", "upheld": "07", "modified": "08", "remanded": "09",
             "enforced_in_full": "10", "termination_current": "11", "termination": "12",
             "settlement": "13", "partly_modified": "14", "not_accepted": "15", "other": "99"},
    "lcjd": {"pre_filing_mediation": "0100", "filing": "0101", "assignment": "0102",
             "service": "0103", "scheduling": "0104", "hearing": "0105", "deliberation": "0106",
             "committee": "0107", "drafting": "0108", "signing": "0109", "pronouncement": "0110",
             "closing": "0111", "archiving": "0112", "enf_filing": "0201", "enf_notice": "0202",
             "property_search": "0203", "enf_measures": "0204", "enf_objection": "0205",
             "payout": "0206", "enf_closing": "0207", "enf_resumption": "0208",
             "case_acceptance_review": "0113", "fee_payment": "0114", "preservation": "0115",
             "retrial_filing": "0116", "jurisdiction_objection": "0117",
             "jurisdiction_transfer": "0118", "public_notice_service": "0119",
             "evidence_exchange": "0120", "appraisal": "0121", "audit": "0122",
             "suspension": "0123", "resumption": "0124", "extension": "0125",
             "mediation": "0126", "settlement_review": "0127", "sentencing_review": "0128",
             "remand": "0129", "appeal_transfer": "0130", "auction": "0209",
             "dishonest_listing": "0210", "enf_suspension": "0211",
             "termination_review": "0212", "bk_acceptance": "0301", "bk_claims": "0302",
             "bk_closing": "0303", "petition_intake": "0401", "petition_review": "0402",
             "petition_reply": "0403"},
    "glgx": {"appeal": "1", "retrial": "2", "enforcement": "3", "resumed_enforcement": "4",
             "remand_retrial": "5", "preservation": "6", "objection": "7", "bankruptcy": "8"},
    "ssdw": {"plaintiff": "01", "defendant": "02", "third_party": "03", "appellant": "04",
             "appellee": "05", "applicant": "06", "respondent": "07", "criminal_defendant": "08",
             "prosecutor": "09", "victim": "10"},
    "dsrlx": {"natural": "1", "legal": "2", "authority": "3"},
    "xb": {"male": "1", "female": "2"},
    "mz": {name: code for code, name in CODEBOOK["mz"].items()},
    "zw": {"judge": "1", "assistant_judge": "2", "clerk": "3", "juror": "4"},
    "fyjb": {"high": "1", "intermediate": "2", "specialised": "3", "basic": "4"},
    "fylx": {"general": "1", "maritime": "2", "ip": "3", "financial": "4", "railway": "5"},
    "dllx": {"lawyer": "1", "citizen": "2", "legal_aid": "3"},
    "wslx": {"judgment": "01", "ruling": "02", "mediation": "03", "indictment": "04",
             "complaint": "05", "decision": "06", "notice": "07", "transcript": "08",
             "power_of_attorney": "09", "enforcement_application": "10",
             "evidence_notice": "11", "response_notice": "12", "acceptance_notice": "13",
             "fee_notice": "14", "payment_order": "15", "summons": "16",
             "enforcement_closure_notice": "17", "appeal": "18", "admin_complaint": "19",
             "enforcement_ruling": "20", "defence": "21", "evidence_list": "22", "other": "99"},
    "zxlx": {"fixed_term": "01", "criminal_detention": "02", "public_surveillance": "03",
             "life": "04", "death": "05", "fine_only": "06", "exempt": "07", "not_guilty": "08"},
    "ssjg": {"upheld": "1", "modified": "2", "partly_modified": "3", "remanded": "4",
             "withdrawn": "5", "dismissed": "6"},
    "gpyy": {"fact_error": "1", "law_error": "2", "procedure_error": "3", "new_evidence": "4",
             "no_ground": "5"},
    "cslx": {"notice": "01", "property_report_order": "02", "online_search": "03", "freeze": "04",
             "seizure": "05", "auction": "06", "consumption_restriction": "07",
             "dishonest_list": "08", "termination_current": "09", "resumed": "10"},
    "sffx": {"in": "1", "out": "2"},
}  # fmt: skip


class SeedError(ValueError):
    """A canonical value the CMS has no code for; names the table, column and value."""


@dataclass
class SeedResult:
    rows: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # reason → rows not carried over


def code(table: str, value: Any, where: str) -> str | None:
    if value is None:
        return None
    c = TO_CODE[table].get(value)
    if c is None:
        raise SeedError(
            f"{where}={value!r}: 审判管理系统代码表 {table} 中没有对应代码 (no CMS code)"
        )
    return c


def ymd(d: dt.date | None) -> str | None:
    return None if d is None else d.strftime("%Y%m%d")


def typed_case_no(case_no: str) -> str:
    """The way clerks type it into the CMS: half-width brackets."""
    return case_no.replace("（", "(").replace("）", ")")


def _rows(con: duckdb.DuckDBPyConnection, query: str) -> Iterator[dict[str, Any]]:
    cur = con.execute(query)
    names = [d[0] for d in cur.description]
    while True:
        chunk = cur.fetchmany(20_000)
        if not chunk:
            return
        for r in chunk:
            yield dict(zip(names, r, strict=True))


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND database_name = current_database()",
            [table],
        ).fetchone()[0]
    )


def copy_rows(
    pg: psycopg2.extensions.connection, table: str, columns: list[str], rows: Iterable[tuple]
) -> int:
    """COPY rows into a CMS table in chunks; returns the number written."""
    total = 0
    stmt = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT csv)").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    n = 0

    def flush() -> None:
        buf.seek(0)
        with pg.cursor() as cur:
            cur.copy_expert(stmt, buf)
        buf.seek(0)
        buf.truncate()

    for r in rows:
        w.writerow(["" if v is None else v for v in r])
        n += 1
        if n % 50_000 == 0:
            flush()
    if n % 50_000:
        flush()
    total += n
    return total


def seed_from_store(
    con: duckdb.DuckDBPyConnection, pg: psycopg2.extensions.connection
) -> SeedResult:
    """Write the canonical store's court into the (empty) CMS tables; one transaction."""
    seeder = _Seeder(con, pg)
    # In the CMS's own order: what a row refers to is written before it.
    seeder.codes_and_courts()
    seeder.cases()
    seeder.parties()
    seeder.agents()
    seeder.events_and_documents()
    seeder.sentences()
    seeder.appeals_and_enforcement()
    seeder.payments()
    pg.commit()
    db.reset_sequences(pg)
    with pg.cursor() as cur:
        cur.execute("ANALYZE")
    pg.commit()
    return seeder.res


class _Seeder:
    """The steps of `seed_from_store`, one CMS table family each, sharing what they learn:
    the rows written and skipped, and which tb_dsr row stands for a (case, party)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, pg: psycopg2.extensions.connection):
        self.con, self.pg = con, pg
        self.res = SeedResult()
        # One tb_dsr row per party per case; remember which row stands for (case, party).
        self.dsr_of: dict[tuple[int, int], int] = {}
        self.first_dsr: dict[int, int] = {}

    def put(self, table: str, cols: list[str], rows: Iterable[tuple]) -> None:
        self.res.rows[table] = copy_rows(self.pg, table, cols, rows)

    def skip(self, reason: str) -> None:
        self.res.skipped[reason] = self.res.skipped.get(reason, 0) + 1

    @staticmethod
    def fydm(court: str | None, where: str) -> str | None:
        if court is None:
            return None
        if court not in FYDM:
            raise SeedError(
                f"{where}={court!r}: 审判管理系统没有该法院的法院代码 (no CMS court code)"
            )
        return FYDM[court]

    def codes_and_courts(self) -> None:
        """The code book, then courts (the packaged tree when the store has none), departments
        and judges."""
        con, put, fydm = self.con, self.put, self.fydm
        put(
            "ts_dm",
            ["dmlx", "dm", "mc"],
            ((t, c, n) for t, codes in CODEBOOK.items() for c, n in codes.items()),
        )
        courts = (
            list(_rows(con, "SELECT * FROM courts ORDER BY court_code"))
            if _has(con, "courts")
            else []
        )
        if not courts:
            courts = [
                {"court_code": c.code, "name": c.name, "level": c.level, "kind": c.kind, "parent_code": c.parent,
                 "district": c.district, "division_code": c.division_code}
                for c in COURTS
            ]  # fmt: skip
        put(
            "tb_fy",
            ["fydm", "fyjc", "fymc", "fyjb", "fylx", "sjfydm", "xzqmc", "xzqhdm"],
            (
                (fydm(c["court_code"], "courts.court_code"), c["court_code"], c["name"],
                 code("fyjb", c["level"], "courts.level"), code("fylx", c["kind"], "courts.kind"),
                 fydm(c["parent_code"], "courts.parent_code"), c["district"], c["division_code"])
                for c in courts
            ),
        )  # fmt: skip
        put(
            "tb_bm",
            ["bmbs", "fydm", "bmmc", "bmlx"],
            (
                (d["dept_id"], fydm(d["court_code"], "departments.court_code"), d["name"],
                 code("bmlx", d["family"], "departments.family"))
                for d in _rows(con, "SELECT * FROM departments ORDER BY dept_id")
            ),
        )  # fmt: skip
        put(
            "tb_ry",
            ["rybs", "fydm", "bmbs", "xm", "zw", "sfzz"],
            (
                (j["judge_id"], fydm(j["court_code"], "judges.court_code"), j["dept_id"], j["name"],
                 code("zw", j["title"], "judges.title"), "1" if j["active"] else "0")
                for j in _rows(con, "SELECT * FROM judges ORDER BY judge_id")
            ),
        )  # fmt: skip

    def cases(self) -> None:
        """Trial cases into tb_ajxx, enforcement cases into tb_zxaj."""
        con, put, fydm = self.con, self.put, self.fydm

        def ajzt(c: dict) -> str:
            if c["status"] == "pending":
                return "1"
            return "3" if c["current_node"] == "archiving" else "2"

        cases = "SELECT * FROM cases ORDER BY case_id"
        put(
            "tb_ajxx",
            ["ajbs", "ah", "fydm", "ajlb", "spcx", "sycx", "aydm", "aymc", "aybb", "larq", "jarq", "jafs",
             "ajzt", "lcjd", "cbbm", "cbr", "bdje", "yajbs", "glgx", "ycts", "kcts"],
            (
                (c["case_id"], typed_case_no(c["case_no"]), fydm(c["court_code"], "cases.court_code"),
                 code("ajlb", c["family"], "cases.family"), code("spcx", c["procedure"], "cases.procedure"),
                 code("sycx", c["trial_procedure"], "cases.trial_procedure"), c["cause_code"], c["cause_name"],
                 c["cause_list_version"], ymd(c["filing_date"]), ymd(c["closing_date"]),
                 code("jafs", c["closing_method"], "cases.closing_method"), ajzt(c),
                 code("lcjd", c["current_node"], "cases.current_node"), c["dept_id"], c["presiding_judge_id"],
                 c["claim_amount"], c["origin_case_id"], code("glgx", c["origin_relation"], "cases.origin_relation"),
                 c["extended_days"], c["excluded_days"])
                for c in _rows(con, cases) if c["family"] != "enforcement"
            ),
        )  # fmt: skip
        put(
            "tb_zxaj",
            ["ajbs", "ah", "fydm", "zxlb", "zxyjbs", "glgx", "aydm", "aymc", "aybb", "sqzxbd", "larq", "jarq",
             "jafs", "ajzt", "lcjd", "cbbm", "cbr", "ycts", "kcts"],
            (
                (c["case_id"], typed_case_no(c["case_no"]), fydm(c["court_code"], "cases.court_code"),
                 code("spcx", c["procedure"], "cases.procedure"), c["origin_case_id"],
                 code("glgx", c["origin_relation"], "cases.origin_relation"), c["cause_code"], c["cause_name"],
                 c["cause_list_version"], c["claim_amount"], c["filing_date"], c["closing_date"],
                 code("jafs", c["closing_method"], "cases.closing_method"), ajzt(c),
                 code("lcjd", c["current_node"], "cases.current_node"), c["dept_id"], c["presiding_judge_id"],
                 c["extended_days"], c["excluded_days"])
                for c in _rows(con, cases) if c["family"] == "enforcement"
            ),
        )  # fmt: skip

    def parties(self) -> None:
        """One tb_dsr row per party per case (the ID number or the credit code: the CMS keeps
        one)."""
        con, skip, dsr_of, first_dsr = self.con, self.skip, self.dsr_of, self.first_dsr

        def dsr_rows() -> Iterator[tuple]:
            q = """SELECT cp.case_id, cp.role, cp.seq, p.* FROM case_parties cp
                   JOIN parties p USING (party_id) ORDER BY cp.case_id, cp.role, cp.seq, cp.party_id"""
            for n, r in enumerate(_rows(con, q), 1):
                dsr_of.setdefault((r["case_id"], r["party_id"]), n)
                first_dsr.setdefault(r["party_id"], n)
                if r["id_number"] and (r["kind"] == "natural" or not r["uscc"]):
                    zjlx, zjhm = "01", r["id_number"]
                elif r["uscc"]:
                    zjlx, zjhm = "11", r["uscc"]
                else:
                    zjlx = zjhm = None
                if r["id_number"] and r["uscc"]:
                    skip(
                        "当事人同时有身份证号和信用代码，系统只存一个 (party has both an ID number and a credit code)"
                    )
                yield (
                    n, r["case_id"], code("ssdw", r["role"], "case_parties.role"), r["seq"],
                    code("dsrlx", r["kind"], "parties.kind"), r["name"], zjlx, zjhm,
                    code("xb", r["gender"], "parties.gender"), ymd(r["birth_date"]),
                    code("mz", r["ethnicity"], "parties.ethnicity"), r["address"], r["phone"], r["legal_rep"],
                )  # fmt: skip

        self.put(
            "tb_dsr",
            [
                "dsrbs",
                "ajbs",
                "ssdw",
                "xh",
                "dsrlx",
                "mc",
                "zjlx",
                "zjhm",
                "xb",
                "csrq",
                "mz",
                "dz",
                "lxdh",
                "fddbr",
            ],
            dsr_rows(),
        )

    def dsr(self, case_id: int, party_id: int, what: str, any_case: bool = False) -> int | None:
        """The tb_dsr row of a party in a case (any case of the party's, if `any_case`)."""
        d = self.dsr_of.get((case_id, party_id))
        if d is None and any_case:
            d = self.first_dsr.get(party_id)
        if d is None:
            self.skip(f"{what}: 当事人不在该案当事人中 (party is not a party of the case)")
        return d

    def agents(self) -> None:
        """Agents (tb_dlr) of parties of the case."""
        con, dsr = self.con, self.dsr
        if _has(con, "case_agents"):

            def agents() -> Iterator[tuple]:
                n = 0
                for a in _rows(
                    con, "SELECT * FROM case_agents ORDER BY case_id, party_id, agent_name"
                ):
                    d = dsr(a["case_id"], a["party_id"], "case_agents")
                    if d is None:
                        continue
                    n += 1
                    yield (n, a["case_id"], d, a["lawyer_id"], a["agent_name"],
                           code("dllx", a["agent_kind"], "case_agents.agent_kind"))  # fmt: skip

            self.put("tb_dlr", ["dlrbs", "ajbs", "dsrbs", "lsbs", "xm", "dllx"], agents())

    def events_and_documents(self) -> None:
        """Workflow events (tb_lcjl) and documents (tb_ws)."""
        con, put = self.con, self.put
        put(
            "tb_lcjl",
            ["jlbs", "ajbs", "jddm", "fssj", "czr", "bz"],
            (
                (e["event_id"], e["case_id"], code("lcjd", e["node"], "events.node"), e["occurred_at"],
                 e["actor_id"], e["note"])
                for e in _rows(con, "SELECT * FROM events ORDER BY event_id")
            ),
        )  # fmt: skip
        if _has(con, "documents"):
            put(
                "tb_ws",
                ["wsbs", "ajbs", "wslx", "wsmc", "wsnr", "qfrq"],
                (
                    (d["doc_id"], d["case_id"], code("wslx", d["kind"], "documents.kind"), d["title"], d["text"],
                     ymd(d["issue_date"]))
                    for d in _rows(con, "SELECT * FROM documents ORDER BY doc_id")
                ),
            )  # fmt: skip

    def sentences(self) -> None:
        """Criminal sentences (tb_xspj), one per defendant of the case."""
        con, dsr = self.con, self.dsr
        if _has(con, "sentences"):

            def sentences() -> Iterator[tuple]:
                for s in _rows(con, "SELECT * FROM sentences ORDER BY case_id, party_id"):
                    d = dsr(s["case_id"], s["party_id"], "sentences")
                    if d is not None:
                        yield (
                            s["case_id"], d, s["charges"], code("zxlx", s["principal_penalty"], "sentences.principal_penalty"),
                            s["term_months"], s["probation_months"], s["fine_yuan"], s["crime_amount"],
                            s["custody_start"], s["custody_days"], s["term_start"], s["term_end"],
                            s["political_rights_months"], s["confiscation"],
                        )  # fmt: skip

            self.put(
                "tb_xspj",
                ["ajbs", "dsrbs", "zm", "zxlx", "xqys", "hxys", "fjje", "fzje", "jyqsrq", "jyts", "xqqr", "xqzr",
                 "bzzqys", "msnr"],
                sentences(),
            )  # fmt: skip

    def appeals_and_enforcement(self) -> None:
        """Appeal results (tb_ssjg) and enforcement actions (tb_zxcs)."""
        con, put = self.con, self.put
        if _has(con, "appeal_results"):
            put(
                "tb_ssjg",
                ["ajbs", "yajbs", "jg", "yy", "jdrq"],
                (
                    (a["case_id"], a["origin_case_id"], code("ssjg", a["result"], "appeal_results.result"),
                     code("gpyy", a["reason"], "appeal_results.reason"), ymd(a["decided_date"]))
                    for a in _rows(con, "SELECT * FROM appeal_results ORDER BY case_id")
                ),
            )  # fmt: skip
        if _has(con, "enforcement_actions"):
            put(
                "tb_zxcs",
                ["csbs", "ajbs", "cslx", "csrq", "je", "bz"],
                (
                    (a["action_id"], a["case_id"], code("cslx", a["kind"], "enforcement_actions.kind"),
                     a["action_date"], a["amount"], a["note"])
                    for a in _rows(con, "SELECT * FROM enforcement_actions ORDER BY action_id")
                ),
            )  # fmt: skip

    def payments(self) -> None:
        """Payments (tb_ajk) by a party of the case, else of any case of the party's."""
        con, dsr = self.con, self.dsr
        if _has(con, "payments"):

            def payments() -> Iterator[tuple]:
                for p in _rows(con, "SELECT * FROM payments ORDER BY payment_id"):
                    d = dsr(p["case_id"], p["party_id"], "payments", any_case=True)
                    if d is not None:
                        yield (p["payment_id"], p["case_id"], code("sffx", p["direction"], "payments.direction"), d,
                               p["amount"], p["paid_date"])  # fmt: skip

            self.put("tb_ajk", ["kxbs", "ajbs", "sffx", "dsrbs", "je", "rq"], payments())
