"""Safe YAML for model definitions (issue 13 item 4, issue 16 "models validate"): anchors and
aliases refused at their line, size and depth capped, every encoding handled one way, and
`courtqc models validate` ending with exit 0 or 2 and file, line, field, never a traceback.
Also the request limits in front of the API (courtqc.web.limits) and who may validate."""

from __future__ import annotations

import json
import time
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from courtqc.models.library import ModelError, load_model_text
from courtqc.models.yamlload import MAX_DEPTH, MAX_YAML_BYTES
from tests.support.waiting import HANG_GUARD_S

GOOD = """\
id: yaml_probe
title: {zh: 探针, en: Probe}
category: procedure
nodes: [filing]
message: "案件{case_no}命中"
legal_basis: ["某法第1条"]
logic:
  sql: SELECT case_id FROM cases WHERE status = 'pending'
"""


def _laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels + 1):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


# name -> (text, line expected, words the message must hold)
HOSTILE = {
    "billion laughs": (_laughs(), 1, ["锚点", "anchors"]),
    "self-referencing alias": ("a: &a [*a]\n", 1, ["锚点", "aliases"]),
    "alias only": (GOOD + "b: *x\n", 9, ["别名", "aliases"]),
    "anchor on a model field": (GOOD.replace("nodes: [filing]", "nodes: &n [filing]"), 4, ["锚点"]),
    "merge key": (GOOD + "base: &b {x: 1}\nother:\n  <<: *b\n", 9, ["锚点"]),
    "deep block nesting": ("".join(" " * i + f"k{i}:\n" for i in range(200)), MAX_DEPTH + 1, ["嵌套"]),
    "deep flow nesting": ("x: " + "[" * 5000 + "]" * 5000 + "\n", 1, ["nesting"]),
    "huge integer": (GOOD.replace("logic:", "time_budget_ms: " + "9" * 5000 + "\nlogic:"), 7, ["无法读取的值"]),
    "impossible date": (GOOD.replace("logic:", "when: 2024-13-45\nlogic:"), 7, ["month"]),
    "list as key": (GOOD + "? [a, b]\n: c\n", 9, ["键"]),
    "duplicate key": (GOOD + "id: other\n", 9, ["重复的键", "duplicate"]),
    "python tag": (GOOD.replace("id: yaml_probe", "id: !!python/object/apply:os.system [ls]"), 1, ["标签"]),
    "control character": (GOOD.replace("探针", "探\x01针"), None, ["unacceptable"]),
    "lone surrogate": (GOOD.replace("探针", "探\ud800针"), 2, ["surrogate"]),
    "two documents": (GOOD + "---\nid: second\n", 9, ["语法"]),
    "too large": (GOOD + "# " + "x" * MAX_YAML_BYTES + "\n", None, ["过大", "too large"]),
}  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_yaml_answers_at_once_with_line(name: str) -> None:
    text, line, words = HOSTILE[name]
    t0 = time.perf_counter()
    with pytest.raises(ModelError) as ei:
        load_model_text(text, "bomb.yaml")
    assert time.perf_counter() - t0 < HANG_GUARD_S
    (p,) = ei.value.problems[:1]
    assert p.file == "bomb.yaml" and p.line == line, (p.line, p.message)
    for w in words:
        assert w in p.message, p.message


def _cli(*args: str):  # type: ignore[no-untyped-def]
    from courtqc.cli import app

    return CliRunner().invoke(app, ["models", "validate", *args])


@pytest.mark.parametrize("name", HOSTILE)
def test_cli_validate_never_tracebacks(name: str, tmp_path: Path) -> None:
    text = HOSTILE[name][0]
    f = tmp_path / "bomb.yaml"
    f.write_bytes(text.encode("utf-8", "surrogatepass"))
    r = _cli(str(f))
    assert r.exit_code == 2, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "Traceback" not in r.output and "bomb.yaml" in r.output


@pytest.mark.parametrize(
    "encoding, ok",
    [("gbk", True), ("gb18030", True), ("utf-8-sig", True), ("utf-16", True), ("utf-32", True),
     ("utf-16-le", False)],
)  # fmt: skip
def test_cli_validate_encodings(encoding: str, ok: bool, tmp_path: Path) -> None:
    """GBK and GB18030 are decoded (as everywhere: UTF-8, else GB18030); UTF-16/32 with a BOM
    too; UTF-16 without a BOM is named as such."""
    f = tmp_path / "yaml_probe.yaml"
    f.write_bytes(GOOD.encode(encoding))
    r = _cli(str(f))
    if ok:
        assert r.exit_code == 0, r.output
    else:
        assert r.exit_code == 2 and "yaml_probe.yaml" in r.output and "UTF-16" in r.output


def test_cli_validate_binary_and_unreadable(tmp_path: Path) -> None:
    png = tmp_path / "image.yaml"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    r = _cli(str(png))
    assert r.exit_code == 2 and "image.yaml" in r.output and "二进制" in r.output
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(bytes(range(128, 256)) * 4)
    r = _cli(str(junk))
    assert r.exit_code == 2 and "junk.yaml" in r.output
    r = _cli(str(tmp_path / "missing.yaml"))
    assert r.exit_code == 2 and "missing.yaml" in r.output
    folder = tmp_path / "models"
    (folder / "dir.yaml").mkdir(parents=True)  # a folder named like a model file
    r = _cli(str(folder))
    assert r.exit_code == 2 and "dir.yaml" in r.output


def test_cli_validate_deep_sql_names_file_line_and_field(tmp_path: Path) -> None:
    f = tmp_path / "yaml_probe.yaml"
    deep = "SELECT " + "(" * 5000 + "1" + ")" * 5000 + " AS case_id"
    f.write_text(GOOD.replace("  sql: SELECT case_id FROM cases WHERE status = 'pending'",
                              "  sql: |\n    " + deep), encoding="utf-8")  # fmt: skip
    r = _cli(str(f))
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "yaml_probe.yaml:9" in r.output and "logic.sql" in r.output and "嵌套过深" in r.output


# ---------------------------------------------------------------- through the API


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

    from courtqc.web.app import create_app
    from tests.support.web_court import build

    path = tmp_path_factory.mktemp("yamlsafety") / "court.duckdb"
    build(path)
    app = create_app(path, prepare_facts=False)
    yield TestClient(app)
    app.state.store.close()


_TOKENS: dict[str, str] = {}


def _h(client, user: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from tests.support.web_court import PASSWORD

    if user not in _TOKENS:
        r = client.post("/api/auth/login", json={"username": user, "password": PASSWORD})
        assert r.status_code == 200, r.text
        _TOKENS[user] = r.json()["token"]
    return {"Authorization": f"Bearer {_TOKENS[user]}"}


def test_api_alias_bombs_answer_at_once(client) -> None:  # type: ignore[no-untyped-def]
    for name in ("billion laughs", "self-referencing alias", "deep flow nesting", "python tag"):
        body = json.dumps({"yaml": HOSTILE[name][0]}).encode()
        t0 = time.perf_counter()
        r = client.post(
            "/api/models/validate",
            headers={**_h(client, "modeller"), "content-type": "application/json"},
            content=body,
        )
        assert time.perf_counter() - t0 < HANG_GUARD_S, name
        assert r.status_code == 200, (name, r.text)
        body = r.json()
        assert body["ok"] is False and body["problems"][0]["line"] is not None, name


def test_api_validation_only_for_roles_that_work_on_drafts(client) -> None:  # type: ignore[no-untyped-def]
    for user in ("judge_a", "divhead_a", "leader_03"):
        r = client.post("/api/models/validate", headers=_h(client, user), json={"yaml": _laughs()})
        assert r.status_code == 403, user
    for user in ("modeller", "supervisor", "admin"):
        r = client.post("/api/models/validate", headers=_h(client, user), json={"yaml": GOOD})
        assert r.status_code == 200 and r.json()["ok"] is True, user


def test_api_body_size_is_capped_on_every_endpoint(client) -> None:  # type: ignore[no-untyped-def]
    big = b'{"yaml": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    for path in ("/api/models/validate", "/api/auth/login", "/api/nowhere"):
        r = client.post(path, content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413, path
        assert "请求体过大" in r.json()["detail"] and "too large" in r.json()["detail"]

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(40):
            yield b"x" * 65536

    r = client.post("/api/models/validate", content=chunks(), headers=_h(client, "modeller"))
    assert r.status_code == 413


def test_api_json_depth_is_capped(client) -> None:  # type: ignore[no-untyped-def]
    for body in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50 + b"1" + b"}" * 50):
        t0 = time.perf_counter()
        r = client.post(
            "/api/models/validate",
            content=body,
            headers={**_h(client, "modeller"), "content-type": "application/json"},
        )
        assert time.perf_counter() - t0 < HANG_GUARD_S
        assert r.status_code == 422 and "嵌套过深" in r.json()["detail"], r.text
    # brackets inside strings do not count
    r = client.post(
        "/api/models/validate",
        headers=_h(client, "modeller"),
        json={"yaml": "x: '" + "[" * 500 + "'"},
    )
    assert r.status_code == 200


def test_limits_configuration() -> None:
    from courtqc.web.limits import Limits, json_depth

    lim = Limits(max_body_bytes=10, paths={"/api/events": 100, "/api/events/big": 1000})
    assert lim.body_limit("/api/models") == 10
    assert lim.body_limit("/api/events") == 100
    assert lim.body_limit("/api/events/big/x") == 1000
    assert json_depth(b'{"a": [1, {"b": "]]]"}]}', 99) == 3
    assert json_depth(b'["a\\"[", [[]]]', 99) == 3  # an escaped quote does not end the string
    # Linear on hostile bodies: unterminated strings full of escaped quotes, or only quotes.
    for body in (b'"' + b'\\"' * 500_000, b'"' * 1_000_000):
        t0 = time.perf_counter()
        json_depth(body, 32)
        assert time.perf_counter() - t0 < HANG_GUARD_S
