"""Request validation errors said to a user: Chinese first, English in brackets, one line per
bad field, and none of pydantic's insides (its wording, the value sent back, documentation
links, Python type names).

FastAPI answers a request that does not fit its parameters with pydantic's error list; the
app's handler (courtqc.web.app) answers with `validation_body` instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Where a parameter was sent.
_PLACE_ZH = {
    "query": "查询参数",
    "path": "路径参数",
    "body": "请求体字段",
    "header": "请求头",
    "cookie": "Cookie",
}

# pydantic error type -> (Chinese, English); {ge}, {le}, ... come from the error's context.
_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("必须提供", "is required"),
    "int_parsing": ("应为整数", "must be a whole number"),
    "int_from_float": ("应为整数", "must be a whole number"),
    "int_type": ("应为整数", "must be a whole number"),
    "float_parsing": ("应为数字", "must be a number"),
    "float_type": ("应为数字", "must be a number"),
    "decimal_parsing": ("应为数字", "must be a number"),
    "finite_number": ("应为有限的数字", "must be a finite number"),
    "bool_parsing": ("应为 true 或 false", "must be true or false"),
    "bool_type": ("应为 true 或 false", "must be true or false"),
    "string_type": ("应为文本", "must be text"),
    "string_unicode": ("应为文本", "must be text"),
    "string_too_short": ("至少 {min_length} 个字符", "needs at least {min_length} characters"),
    "string_too_long": ("最多 {max_length} 个字符", "takes at most {max_length} characters"),
    "string_pattern_mismatch": ("取值不在允许范围内", "is not one of the allowed values"),
    "greater_than_equal": ("应不小于 {ge}", "must be >= {ge}"),
    "greater_than": ("应大于 {gt}", "must be > {gt}"),
    "less_than_equal": ("应不大于 {le}", "must be <= {le}"),
    "less_than": ("应小于 {lt}", "must be < {lt}"),
    "too_short": ("至少 {min_length} 项", "needs at least {min_length} items"),
    "too_long": ("最多 {max_length} 项", "takes at most {max_length} items"),
    "list_type": ("应为列表", "must be a list"),
    "dict_type": ("应为对象", "must be an object"),
    "model_type": ("应为 JSON 对象", "must be a JSON object"),
    "model_attributes_type": ("应为 JSON 对象", "must be a JSON object"),
    "json_invalid": ("不是有效的 JSON", "is not valid JSON"),
    "json_type": ("不是有效的 JSON", "is not valid JSON"),
    "literal_error": ("取值不在允许范围内", "is not one of the allowed values"),
    "enum": ("取值不在允许范围内", "is not one of the allowed values"),
    "date_parsing": ("应为日期 YYYY-MM-DD", "must be a date YYYY-MM-DD"),
    "date_from_datetime_parsing": ("应为日期 YYYY-MM-DD", "must be a date YYYY-MM-DD"),
    "date_type": ("应为日期 YYYY-MM-DD", "must be a date YYYY-MM-DD"),
    "datetime_parsing": ("应为日期时间", "must be a date and time"),
    "datetime_from_date_parsing": ("应为日期时间", "must be a date and time"),
    "datetime_type": ("应为日期时间", "must be a date and time"),
    "extra_forbidden": ("不是可用的字段", "is not a field of this request"),
    "none_required": ("不应提供", "must be left out"),
}
_FALLBACK = ("取值无效", "is not a valid value")

# Starlette's English-only answers, with the Chinese first.
HTTP_DEFAULTS_ZH: dict[str, str] = {
    "Not Found": "找不到该地址 (not found)",
    "Method Not Allowed": "该地址不支持此请求方法 (method not allowed)",
    "Unauthorized": "请先登录 (not logged in)",
    "Forbidden": "无权访问 (forbidden)",
    "Request Entity Too Large": "请求体过大 (request body too large)",
    "Unsupported Media Type": "不支持的内容类型 (unsupported media type)",
}


def _field(loc: Sequence[Any]) -> tuple[str, str]:
    """(place, dotted field name) of an error location such as ("query", "page") or
    ("body", "items", 3, "name"); a whole body that is wrong is the field "body"."""
    place = str(loc[0]) if loc else "body"
    rest = [str(x) for x in loc[1:]]
    return place, ".".join(rest) if rest else place


def _value_error_text(err: dict[str, Any]) -> str | None:
    """The message of a ValueError raised by one of courtqc's own validators (already
    Chinese and English), without pydantic's "Value error, " prefix."""
    ctx = err.get("ctx") or {}
    e = ctx.get("error")
    text = str(e) if e is not None else str(err.get("msg", ""))
    text = text.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return text or None


def message(err: dict[str, Any]) -> dict[str, str]:
    """One pydantic error as {"field", "place", "message"}."""
    place, field = _field(err.get("loc") or ())
    kind = err.get("type", "")
    place_zh = _PLACE_ZH.get(place, "参数")
    if kind in ("value_error", "assertion_error") and (own := _value_error_text(err)):
        text = f"{place_zh} {field}：{own}"
    else:
        zh, en = _MESSAGES.get(kind, _FALLBACK)
        ctx = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, int | float | str)}
        try:
            zh, en = zh.format(**ctx), en.format(**ctx)
        except (KeyError, IndexError):
            zh, en = _FALLBACK
        if field == place == "body":
            text = f"请求体{zh} (request body {en})"
        else:
            text = f"{place_zh} {field} {zh} ({field} {en})"
    return {"field": field, "place": place, "message": text}


def validation_body(errors: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The 422 answer: `detail` the messages joined (what the UI shows), `errors` one per
    field."""
    items = [message(e) for e in errors]
    seen: set[str] = set()
    unique = [i for i in items if not (i["message"] in seen or seen.add(i["message"]))]
    return {
        "detail": "；".join(i["message"] for i in unique) or "请求无效 (invalid request)",
        "errors": unique,
    }
