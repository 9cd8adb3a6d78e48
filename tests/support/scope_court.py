"""A small synthetic court for the model-scope and budget tests, with its platform users, and
the markers of what a 浦东 (沪0115) user's model runs must never return: other courts' case
numbers, party names and addresses, and anyone's ID numbers and phones in clear.

The markers are worked out from the store with plain SQL, independently of the engine's
scoping: a value counts as foreign only if it appears nowhere in what the scope may show
(浦东's own rows, the whole reference tables, the register rows of 浦东's parties).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import duckdb

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.identity.resolve import resolve_parties
from courtqc.synth.generate import generate
from courtqc.web import users
from courtqc.web.app import create_app
from courtqc.web.db import ensure_platform
from tests.support.web_court import PASSWORD

COURT = "沪0115"  # 浦东: a basic court, no courts below it
CASES = 600
SEED = 11
ACCOUNTS = {
    "modeller_pd": ("modeller", COURT),
    "supervisor_pd": ("supervisor", COURT),
    "supervisor_hc": ("supervisor", "沪"),
}

# Per case-data table: the SQL of its rows in 浦东's scope (independent of engine.scoped).
_IN = f"(SELECT case_id FROM cases WHERE court_code = '{COURT}')"
_PARTIES = (
    f"(SELECT party_id FROM case_parties WHERE case_id IN {_IN} UNION "
    f"SELECT party_id FROM payments WHERE case_id IN {_IN} UNION "
    f"SELECT party_id FROM case_agents WHERE case_id IN {_IN} UNION "
    f"SELECT party_id FROM sentences WHERE case_id IN {_IN} UNION "
    f"SELECT payer_party_id FROM civil_outcomes WHERE case_id IN {_IN} UNION "
    f"SELECT payee_party_id FROM civil_outcomes WHERE case_id IN {_IN})"
)
VISIBLE = {
    "cases": f"SELECT * FROM cases WHERE court_code = '{COURT}'",
    "parties": f"SELECT * FROM parties WHERE party_id IN {_PARTIES}",
    **{
        t: f"SELECT * FROM {t} WHERE {col} IN (SELECT upper(replace(p.{col}, ' ', '')) "
        f"FROM parties p WHERE p.party_id IN {_PARTIES})"
        for t, col in (
            ("registry_population", "id_number"),
            ("registry_housing_fund", "id_number"),
            ("registry_enterprises", "uscc"),
        )
    },
    **{
        t: f"SELECT * FROM {t} WHERE case_id IN {_IN}"
        for t in (
            "case_parties",
            "case_agents",
            "events",
            "documents",
            "info_points",
            "sentences",
            "civil_outcomes",
            "enforcement_actions",
            "payments",
            "quality_reviews",
        )
    },
    "appeal_results": f"SELECT * FROM appeal_results WHERE case_id IN {_IN} "
    f"OR origin_case_id IN {_IN}",
    **{
        t: f"SELECT * FROM {t}"
        for t in (
            "courts",
            "departments",
            "judges",
            "causes",
            "law_firms",
            "lawyers",
            "district_population",
        )
    },
}


@dataclass
class Markers:
    case_nos: set[str]  # of cases outside 浦东
    names: set[str]  # of parties outside 浦东, shown nowhere in its scope
    addresses: set[str]  # of parties outside 浦东
    ids: set[str]  # every party's and register's ID number, normalised (digits + X)
    phones: set[str]  # every party's mobile number (11 digits)

    def found_in(self, text: str) -> list[str]:
        """The markers in an answer (ID numbers and phones also with separators removed)."""
        flat = re.sub(r"[\s\-]", "", text.translate(_FULLWIDTH))
        flat += "\n" + flat[::-1]  # reversed values too
        hits = [m for m in self.case_nos | self.names | self.addresses if m in text]
        hits += [m for m in self.ids | self.phones if m in flat]
        hits += [m for m in self.ids if len(m) == 18 and m[:17] in flat]  # arithmetic on IDs
        return hits


_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘＡ", "0123456789XxA")


def markers(con: duckdb.DuckDBPyConnection) -> Markers:
    shown: list[str] = []
    for sql in VISIBLE.values():
        cur = con.execute(sql)
        for row in cur.fetchall():
            shown.extend(str(v) for v in row if isinstance(v, str))
    corpus = "\n".join(shown)
    foreign = con.execute(
        f"SELECT name, address FROM parties WHERE party_id NOT IN "
        f"(SELECT * FROM {_PARTIES} WHERE party_id IS NOT NULL)"
    ).fetchall()
    case_nos = {
        r[0]
        for r in con.execute(f"SELECT case_no FROM cases WHERE court_code <> '{COURT}'").fetchall()
        if r[0] not in corpus
    }
    names = {n for n, _ in foreign if n and len(n) >= 2 and n not in corpus}
    addresses = {a for _, a in foreign if a and len(a) >= 6 and a not in corpus}
    ids = {
        re.sub(r"[\s\-]", "", r[0].translate(_FULLWIDTH)).upper()
        for r in con.execute(
            "SELECT id_number FROM parties WHERE id_number IS NOT NULL UNION "
            "SELECT id_number FROM registry_population"
        ).fetchall()
    }
    ids = {i for i in ids if len(i) in (15, 18)}
    phones = {
        d[-11:]
        for (p,) in con.execute("SELECT phone FROM parties WHERE phone IS NOT NULL").fetchall()
        if len(d := re.sub(r"\D", "", p.translate(_FULLWIDTH))) >= 11 and d[-11] == "1"
    }
    return Markers(case_nos, names, addresses, ids, phones)


def build(path: Path) -> Markers:
    generate(path, CASES, SEED, progress=False)
    con = duckdb.connect(str(path))
    try:
        resolve_parties(con)
        ensure_platform(con)
        for username, (role, court) in ACCOUNTS.items():
            users.create(con, username, PASSWORD, role, court)
        return markers(con)
    finally:
        con.close()


def login(client: TestClient, user: str) -> dict[str, str]:
    r = client.post("/api/auth/login", json={"username": user, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def app_for(path: Path):  # type: ignore[no-untyped-def]
    return create_app(path, prepare_facts=False)
