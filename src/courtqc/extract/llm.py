"""Optional LLM backend: an OpenAI-compatible chat endpoint fills contract fields that the
rules left empty. Off by default; nothing here runs unless a caller asks for it.

Configure with environment variables (or pass an `LLMConfig`):

    COURTQC_LLM_BASE_URL   e.g. http://127.0.0.1:8000/v1  (the /chat/completions endpoint is appended)
    COURTQC_LLM_MODEL      model name sent in the request
    COURTQC_LLM_API_KEY    bearer token (optional for local servers)
    COURTQC_LLM_TIMEOUT    seconds (default 60)

What the model returns is validated like rule output (ISO dates, known enums, money as
numbers); each value it supplies becomes an info point with rule `llm:<model>`, and only
fields that are still null are filled — the rules always win.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from typing import Any

from courtqc.config import load
from courtqc.extract.model import Extraction, InfoPoint

# Scalar contract fields the LLM may fill, with a validator each.
_PROCEDURES = {"first", "second", "retrial", "other"}
_DOC_KINDS = {"判决书", "裁定书", "调解书", "决定书", "通知书", "支付令"}


def _iso(v: Any) -> str | None:
    if not isinstance(v, str):
        return None
    try:
        return date.fromisoformat(v.strip()[:10]).isoformat()
    except ValueError:
        return None


def _text(v: Any) -> str | None:
    if not isinstance(v, str):
        return None
    v = re.sub(r"\s+", "", v)
    return v if 0 < len(v) <= 100 else None


FIELDS: dict[str, Any] = {
    "case_no": _text,
    "court": _text,
    "doc_kind": lambda v: v if v in _DOC_KINDS else None,
    "procedure": lambda v: v if v in _PROCEDURES else None,
    "decision_date": _iso,
    "prosecutor": _text,
    "clerk": _text,
    "cause": _text,
}


class LLMError(RuntimeError):
    """The endpoint could not be reached or did not answer in the expected format."""


@dataclass(frozen=True, slots=True)
class LLMConfig:
    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 60.0

    @classmethod
    def from_env(cls) -> LLMConfig:
        s = load()  # read now: the environment as it is when the command asks
        base, model = s.llm_base_url, s.llm_model
        if not base or not model:
            raise LLMError(
                "未配置大模型接口：请设置 COURTQC_LLM_BASE_URL 和 COURTQC_LLM_MODEL "
                "(LLM backend not configured: set COURTQC_LLM_BASE_URL and COURTQC_LLM_MODEL)"
            )
        return cls(
            base.rstrip("/"),
            model,
            (s.llm_api_key.get_secret_value() if s.llm_api_key else None) or None,
            s.llm_timeout,
        )


_SYSTEM = (
    "你是法院裁判文书信息抽取助手。只根据给出的文书原文回答，原文没有写明的一律填 null，不得推测。"
    "只输出一个 JSON 对象，不要输出其他文字。"
)


def _prompt(text: str, keys: list[str]) -> str:
    spec = {
        "case_no": "案号，按原文",
        "court": "作出文书的法院全称",
        "doc_kind": "判决书/裁定书/调解书/决定书/通知书/支付令 之一",
        "procedure": "first(一审)/second(二审)/retrial(再审)/other 之一",
        "decision_date": "落款日期，YYYY-MM-DD",
        "prosecutor": "公诉机关",
        "clerk": "书记员姓名",
        "cause": "案由（民事、行政）",
    }
    wanted = {k: spec[k] for k in keys}
    return f"请从下面的裁判文书中抽取这些字段：{json.dumps(wanted, ensure_ascii=False)}\n\n文书：\n{text[:12000]}"


def chat(cfg: LLMConfig, messages: list[dict[str, str]]) -> str:
    """One chat completion; the assistant message's content."""
    body = json.dumps({"model": cfg.model, "messages": messages, "temperature": 0}).encode("utf-8")
    req = urllib.request.Request(cfg.base_url + "/chat/completions", data=body, method="POST")
    req.add_header("Content-Type", "application/json")
    if cfg.api_key:
        req.add_header("Authorization", f"Bearer {cfg.api_key}")
    try:
        with urllib.request.urlopen(req, timeout=cfg.timeout) as resp:
            data = json.loads(resp.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise LLMError(f"大模型接口无法访问 {cfg.base_url}: {e} (LLM endpoint unreachable)") from e
    except json.JSONDecodeError as e:
        raise LLMError(f"大模型接口返回的不是 JSON ({cfg.base_url}: response is not JSON)") from e
    try:
        return data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as e:
        raise LLMError("大模型接口返回格式不符 (response is not in the OpenAI chat format)") from e


def _parse_json(content: str) -> dict[str, Any]:
    s = content.strip()
    m = re.search(r"\{.*\}", s, re.S)  # models wrap JSON in ``` fences or prose
    if not m:
        raise LLMError(f"大模型未返回 JSON 对象 (no JSON object in the answer): {s[:80]!r}")
    try:
        obj = json.loads(m.group(0))
    except json.JSONDecodeError as e:
        raise LLMError(f"大模型返回的 JSON 无法解析 (bad JSON in the answer): {e.msg}") from e
    if not isinstance(obj, dict):
        raise LLMError("大模型返回的不是 JSON 对象 (answer is not a JSON object)")
    return obj


def fill_missing(
    ex: Extraction, text: str, cfg: LLMConfig, keys: list[str] | None = None
) -> list[str]:
    """Ask the model for the contract fields that are still null; set the valid answers and
    add an info point for each with rule `llm:<model>`. Returns the keys it filled."""
    missing = [k for k in (keys or list(FIELDS)) if k in FIELDS and getattr(ex, k) is None]
    if not missing:
        return []
    answer = _parse_json(
        chat(
            cfg,
            [
                {"role": "system", "content": _SYSTEM},
                {"role": "user", "content": _prompt(text, missing)},
            ],
        )
    )
    filled = []
    for k in missing:
        v = FIELDS[k](answer.get(k))
        if v is None:
            continue
        setattr(ex, k, v)
        i = text.find(v) if isinstance(v, str) else -1
        ex.info_points.append(
            InfoPoint(
                k, v, i if i >= 0 else None, i + len(v) if i >= 0 else None, f"llm:{cfg.model}"
            )
        )
        filled.append(k)
    return filled
