"""Small parts of the web platform: masking of free text, the court tree, the CLI commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from courtqc.cli import app as cli_app
from courtqc.domain.idnumber import make_id_number
from courtqc.web.masking import mask_record, mask_text
from courtqc.web.roles import PROMOTE_TO, ROLES, can, can_promote_to
from courtqc.web.visibility import CourtTree
from tests.support.web_court import build

ID = make_id_number("310115", dt.date(1980, 5, 17), 3, False)


def test_mask_text_hides_id_numbers_and_phones_and_keeps_length() -> None:
    text = f"被告王某，公民身份号码{ID}，电话138-1234-5678，座机021-62345678，案号（2024）沪0115民初123号。"
    masked = mask_text(text)
    assert masked is not None and len(masked) == len(text)  # info-point spans stay valid
    assert ID not in masked and ID[:6] + "********" + ID[-4:] in masked
    assert "138-****-5678" in masked and "021-****5678" in masked
    assert "（2024）沪0115民初123号" in masked  # case numbers are not phone numbers


def test_mask_text_leaves_longer_numbers_alone() -> None:
    s = "账号6222021234567890123456"
    assert mask_text(s) == s


def test_mask_record_by_key() -> None:
    r = mask_record({"name": "王某", "id_number": ID, "party_phone": "13912345678", "n": 3})
    assert r == {"name": "王某", "id_number": ID[:6] + "********" + ID[-4:],
                 "party_phone": "139****5678", "n": 3}  # fmt: skip


def test_court_tree_descendants() -> None:
    from courtqc.domain.courts import COURTS

    tree = CourtTree((c.code, c.parent, c.name, c.level) for c in COURTS)
    assert tree.descendants("沪0115") == ["沪0115"]
    assert set(tree.descendants("沪03")) == {"沪03", "沪0115", "沪7101"}
    assert len(tree.descendants("沪")) == len(COURTS)


def test_roles_and_lifecycle_steps() -> None:
    assert set(PROMOTE_TO) <= set(ROLES)
    assert not can("judge", "models.promote") and not can("judge", "admin.audit")
    assert can_promote_to("modeller", "review_rollout") and not can_promote_to("modeller", "live")
    assert can("cms", "events.post") and not can("cms", "cases.read")


def test_cli_users_and_keys(tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    build(db)
    runner = CliRunner()
    r = runner.invoke(cli_app, ["users", "seed", "--db", str(db), "--password", "demo-seed-pass-1"])
    assert r.exit_code == 0, r.output
    assert "supervisor" in r.output and "demo-seed-pass-1" in r.output
    r = runner.invoke(cli_app, ["users", "list", "--db", str(db)])
    assert r.exit_code == 0 and "审管办" in r.output
    r = runner.invoke(
        cli_app, ["users", "add", "--db", str(db), "--username", "x1", "--role", "judge",
                  "--court", "沪0115", "--password", "long-password-9"],
    )  # fmt: skip
    assert r.exit_code == 2 and "judge_id" in r.output  # a judge account needs its judge
    r = runner.invoke(
        cli_app, ["apikey", "create", "--db", str(db), "--name", "CMS", "--court", "沪0115"]
    )
    assert r.exit_code == 0 and r.output.strip().startswith("cqk_")
    r = runner.invoke(
        cli_app, ["apikey", "create", "--db", str(db), "--name", "CMS", "--court", "沪99"]
    )
    assert r.exit_code == 2 and "未知法院" in r.output
    r = runner.invoke(cli_app, ["serve", "--db", str(tmp_path / "missing.duckdb")])
    assert r.exit_code == 2 and "数据库不存在" in r.output
