"""Caps on what a request may send, before any endpoint reads it: body size and JSON nesting.

A pure ASGI middleware, so it sits in front of every route (API, UI, docs) and works on the
raw byte stream: a body past its limit is refused with 413 as soon as its Content-Length says
so, or as soon as the bytes read pass the limit when it does not (chunked), without buffering
more than the limit; a JSON body nested deeper than the limit is refused with 422 before the
JSON parser (which recurses, and fails with RecursionError around depth 1,000) sees it. Either
answer is `{"detail": "中文 (English)"}`, as every API error.

Limits are data (`Limits`): a default for every path and larger ones by path prefix; the
defaults are the settings `max_body_bytes` and `max_json_depth` (courtqc.config, docs/CONFIG.md:
COURTQC_MAX_BODY_BYTES, COURTQC_MAX_JSON_DEPTH).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from courtqc.config import settings
from courtqc.errors import CourtqcError, InvalidInput, TooLarge

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MIB = 1024 * 1024

# One token at a time: a JSON string (escapes included; brackets inside one do not nest) or a
# bracket. A string without its closing quote runs to the end instead of failing, and the
# quantifiers are possessive, so the scan never backtracks: linear in the body's length
# (a pattern that must find the closing quote retries from every quote: quadratic).
_TOKEN = re.compile(rb'"(?:[^"\\]++|\\.)*+"?|[\[\]{}]', re.S)


@dataclass(frozen=True)
class Limits:
    """What a request may send. `paths`: a larger (or smaller) body limit for paths starting
    with a prefix, the longest matching prefix winning — CMS events carry whole documents."""

    max_body_bytes: int = field(default_factory=lambda: settings().max_body_bytes)
    max_json_depth: int = field(default_factory=lambda: settings().max_json_depth)
    paths: dict[str, int] = field(default_factory=lambda: {"/api/events": 4 * MIB})

    def body_limit(self, path: str) -> int:
        best, limit = -1, self.max_body_bytes
        for prefix, n in self.paths.items():
            if path.startswith(prefix) and len(prefix) > best:
                best, limit = len(prefix), n
        return limit


def json_depth(body: bytes, cap: int) -> int:
    """Nesting depth of a JSON text's arrays and objects, counted on the bytes (no parsing, no
    recursion); stops counting once past `cap`, so a hostile body costs little."""
    depth = deepest = 0
    for m in _TOKEN.finditer(body):
        tok = m.group()
        if tok[:1] == b'"':
            continue
        if tok in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > cap:
                    break
        else:
            depth = max(0, depth - 1)
    return deepest


def _size(n: int, unit: str = "bytes") -> str:
    return f"{n / MIB:.1f} MiB" if n >= MIB else f"{n} {unit}"


class BodyLimits:
    """ASGI middleware: 413 for a body past its path's limit, 422 for JSON nested too deeply."""

    def __init__(self, app: ASGIApp, limits: Limits | None = None) -> None:
        self.app = app
        self.limits = limits or Limits()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.body_limit(scope.get("path", ""))
        too_large = TooLarge(
            f"请求体过大，上限 {_size(limit, '字节')} (request body too large: limit {_size(limit)})"
        )
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.strip().isdigit() and int(length) > limit:
            await _answer(send, too_large)
            return
        chunks: list[bytes] = []
        size = 0
        disconnected: Message | None = None
        while True:
            message = await receive()
            if message["type"] != "http.request":
                disconnected = message
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _answer(send, too_large)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body.lstrip()[:1] in (b"{", b"["):
            cap = self.limits.max_json_depth
            if json_depth(body, cap) > cap:
                await _answer(
                    send,
                    InvalidInput(
                        f"JSON 嵌套过深，上限 {cap} 层 (JSON nested deeper than {cap} levels)"
                    ),
                )
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if disconnected is not None and replayed:
                return disconnected
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _answer(send: Send, error: CourtqcError) -> None:
    payload = json.dumps({"detail": error.message}, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [
                (b"content-type", b"application/json; charset=utf-8"),
                (b"content-length", str(len(payload)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
