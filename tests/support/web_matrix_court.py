"""The court of the web security tests: tests/support/web_court.py's court (read it first) with what
administration by court tree needs beside it — an administrator at each basic court and at
沪03, a document and a machine key at each basic court, a stored one-click review of each —
and the markers of each case's data (case number, party and judge names, ID numbers), so a
test can say "nothing of court X is in this answer".

    沪 > 沪03 > 沪0115 (cases A1 A2: 甲某 乙某, 张法官 李法官)
    沪 > 沪01 > 沪0104 (case B1: 丙某, 王法官);  沪01 itself: C1 (赵法官)
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from courtqc.web import security, users
from courtqc.web.app import create_app
from tests.support.web_court import ACCOUNTS, PASSWORD, build

# username -> (role, court, judge_id, dept_id), beside tests.support.web_court.ACCOUNTS
EXTRA_ACCOUNTS: dict[str, tuple[str, str, int | None, int | None]] = {
    "admin_a": ("admin", "沪0115", None, None),
    "admin_b": ("admin", "沪0104", None, None),
    "admin_03": ("admin", "沪03", None, None),
    "leader_b": ("court_leader", "沪0104", None, None),
}
CASE_COURT = {"A1": "沪0115", "A2": "沪0115", "B1": "沪0104", "C1": "沪01"}
PARTY = {"A1": "甲某", "A2": "乙某", "B1": "丙某"}
JUDGE_NAME = {"沪0115": ("张法官", "李法官"), "沪0104": ("王法官",), "沪01": ("赵法官",)}
KEY_NAME = "办案系统密钥-{court}-matrix"


@dataclass
class Court:
    path: Path
    ids: dict[str, int]  # case label -> case_id
    case_no: dict[str, str]
    doc: dict[str, int]  # case label -> doc_id
    alert: dict[str, int]  # case label -> an alert on it
    keys: dict[str, str] = field(default_factory=dict)  # court -> full machine key
    key_ids: dict[str, str] = field(default_factory=dict)
    review: dict[str, int] = field(default_factory=dict)  # court -> review_id
    user_id: dict[str, int] = field(default_factory=dict)
    id_numbers: dict[str, str] = field(default_factory=dict)  # case label -> party ID number

    def court_of_user(self, username: str) -> str:
        return {**ACCOUNTS, **EXTRA_ACCOUNTS}[username][1]

    def markers(self, visible: frozenset[str]) -> dict[str, str]:
        """Strings that belong to courts outside `visible` -> what they are: none of them may
        appear in an answer to someone who sees only `visible`."""
        out: dict[str, str] = {}
        for label, court in CASE_COURT.items():
            if court in visible:
                continue
            out[self.case_no[label]] = f"case number of {label}"
            if label in PARTY:
                out[PARTY[label]] = f"party of {label}"
            if label in self.id_numbers:
                idn = self.id_numbers[label]
                out[idn] = f"ID number of {label}"
                out[idn[:6] + "********" + idn[-4:]] = f"masked ID number of {label}"
        for court, names in JUDGE_NAME.items():
            if court not in visible:
                for n in names:
                    out[n] = f"judge of {court}"
        for court in self.keys:
            if court not in visible:
                out[KEY_NAME.format(court=court)] = f"key of {court}"
                out[self.key_ids[court]] = f"key id of {court}"
        for username, (_role, court, *_) in {**ACCOUNTS, **EXTRA_ACCOUNTS}.items():
            # a user name that is also a role's name ("admin") is not a marker: it is in every
            # answer that lists permissions
            if court not in visible and "_" in username:
                out[f'"{username}"'] = f"account of {court}"
        return out


def build_court(path: Path) -> Court:
    ids = build(path)
    con = duckdb.connect(str(path))
    try:
        for username, (role, court, judge_id, dept_id) in EXTRA_ACCOUNTS.items():
            users.create(con, username, PASSWORD, role, court, judge_id=judge_id, dept_id=dept_id)
        next_doc = con.execute("SELECT coalesce(max(doc_id), 0) + 1 FROM documents").fetchone()[0]
        con.execute(
            "INSERT INTO documents VALUES (?, ?, 'judgment', '民事判决书', ?, DATE '2023-09-01')",
            [next_doc, ids["B1"], "被告：丙某。判决如下：驳回原告的诉讼请求。"],
        )
        case_no = dict(
            (label, con.execute("SELECT case_no FROM cases WHERE case_id = ?", [cid]).fetchone()[0])
            for label, cid in ids.items()
        )
        doc = {
            label: r[0]
            for label, cid in ids.items()
            if (
                r := con.execute(
                    "SELECT min(doc_id) FROM documents WHERE case_id = ?", [cid]
                ).fetchone()
            )[0]
            is not None
        }
        alert = {
            label: r[0]
            for label, cid in ids.items()
            if (
                r := con.execute(
                    "SELECT min(alert_id) FROM alerts WHERE case_id = ?", [cid]
                ).fetchone()
            )[0]
            is not None
        }
        id_numbers = {
            label: con.execute(
                "SELECT id_number FROM parties WHERE name = ? LIMIT 1", [name]
            ).fetchone()[0]
            for label, name in PARTY.items()
        }
        court = Court(path, ids, case_no, doc, alert, id_numbers=id_numbers)
        for code in ("沪0115", "沪0104"):
            key = security.create_api_key(con, KEY_NAME.format(court=code), code, "test")
            court.keys[code] = key
            court.key_ids[code] = key[len(security.KEY_PREFIX) :].split("_", 1)[0]
            court.review[code] = con.execute(
                """INSERT INTO review_batches (started_by, court_code, model_ids, started_at,
                       finished_at, status, models_run, hits, new_alerts, summary)
                   VALUES ('supervisor', ?, ?, now(), now(), 'done', 1, 1, 0, ?)
                   RETURNING review_id""",
                [code, json.dumps(["dead_party"]), json.dumps({})],
            ).fetchone()[0]
        for username, uid in con.execute("SELECT username, user_id FROM users").fetchall():
            court.user_id[username] = uid
    finally:
        con.close()
    return court


class Logins:
    """Bearer headers by user name, one login each (argon2 is slow on purpose)."""

    def __init__(self, client: TestClient, password: str = PASSWORD):
        self.client = client
        self.password = password
        self._tokens: dict[str, str] = {}

    def token(self, user: str) -> str:
        if user not in self._tokens:
            r = self.client.post(
                "/api/auth/login", json={"username": user, "password": self.password}
            )
            assert r.status_code == 200, (user, r.text)
            self._tokens[user] = r.json()["token"]
        return self._tokens[user]

    def __call__(self, user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user)}"}


def make_app(court: Court, **settings):  # type: ignore[no-untyped-def]
    from courtqc.web.security import Settings

    return create_app(court.path, settings=Settings(**settings), prepare_facts=True)
