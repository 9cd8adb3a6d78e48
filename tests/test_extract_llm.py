"""The optional LLM backend against a local OpenAI-compatible server (http.server on
127.0.0.1): it fills only what the rules left null, validates, and marks its provenance."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from courtqc.extract import extract
from courtqc.extract.llm import LLMConfig, LLMError, fill_missing

from .test_extract import CRIMINAL

# A draft: no signature block, so no date and no clerk for the rules to find.
DRAFT = CRIMINAL.split("审判员　王审判")[0]


class _Server:
    def __init__(self, answer: Any, status: int = 200) -> None:
        self.answer = answer
        self.status = status
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append(
                    {
                        "path": self.path,
                        "auth": self.headers.get("Authorization"),
                        "json": json.loads(body),
                    }
                )
                content = (
                    outer.answer
                    if isinstance(outer.answer, str)
                    else json.dumps(outer.answer, ensure_ascii=False)
                )
                payload = {
                    "id": "chatcmpl-1",
                    "object": "chat.completion",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": content},
                            "finish_reason": "stop",
                        }
                    ],
                }
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = HTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> LLMConfig:
        self.thread.start()
        host, port = self.httpd.server_address[:2]
        return LLMConfig(f"http://{host}:{port}/v1", "local-test-model", "sk-test", timeout=5)

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_llm_fills_only_missing_fields_with_provenance() -> None:
    answer = {
        "decision_date": "2023-03-10",
        "clerk": "钱书记",
        "court": "别的法院",  # the rules found the court: the model's answer is not used
        "doc_kind": "不是一种文书",
    }
    srv = _Server("```json\n" + json.dumps(answer, ensure_ascii=False) + "\n```")
    with srv as cfg:
        ex = extract(DRAFT, llm=cfg)
    assert ex.decision_date == "2023-03-10" and ex.clerk == "钱书记"
    assert ex.court == "上海市浦东新区人民法院"
    llm_points = {p.key: p for p in ex.info_points if p.rule.startswith("llm:")}
    assert set(llm_points) == {"decision_date", "clerk"}
    assert llm_points["clerk"].rule == "llm:local-test-model"
    # the request: OpenAI chat format, bearer key, only the missing fields asked for
    (req,) = srv.requests
    assert req["path"] == "/v1/chat/completions" and req["auth"] == "Bearer sk-test"
    assert req["json"]["model"] == "local-test-model"
    prompt = req["json"]["messages"][-1]["content"]
    assert "decision_date" in prompt and "case_no" not in prompt.split("文书：")[0]


def test_llm_off_by_default_and_nothing_to_ask() -> None:
    ex = extract(DRAFT)
    assert ex.decision_date is None and not [p for p in ex.info_points if p.rule.startswith("llm:")]
    srv = _Server({})
    with srv as cfg:
        filled = fill_missing(extract(CRIMINAL), CRIMINAL, cfg, keys=["case_no", "court"])
    assert filled == [] and srv.requests == []  # complete documents cost no call


def test_llm_bad_answers_are_clear_errors() -> None:
    with _Server("对不起，我无法回答") as cfg, pytest.raises(LLMError, match="JSON"):
        extract(DRAFT, llm=cfg)
    with pytest.raises(LLMError, match="无法访问"):
        extract(DRAFT, llm=LLMConfig("http://127.0.0.1:9", "m", timeout=2))


def test_llm_config_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COURTQC_LLM_BASE_URL", raising=False)
    with pytest.raises(LLMError, match="COURTQC_LLM_BASE_URL"):
        LLMConfig.from_env()
    monkeypatch.setenv("COURTQC_LLM_BASE_URL", "http://127.0.0.1:1/v1/")
    monkeypatch.setenv("COURTQC_LLM_MODEL", "qwen")
    cfg = LLMConfig.from_env()
    assert (cfg.base_url, cfg.model, cfg.api_key) == ("http://127.0.0.1:1/v1", "qwen", None)
