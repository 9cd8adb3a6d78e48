"""Few-shot LLM backend for the pattern info-point kinds (issue 18 item 2): where the rules
found nothing of a kind in a document, an OpenAI-compatible model is asked for it, with one
prompt per kind — what the kind is (from the registry), the form of its value (ISO date,
amount in yuan, whole number, one of the rule's codes, yes, or text copied from the
document) and a few examples of the sentence a court writes and the value it gives, taken
from a labelled set (`example_bank`).

Off unless a caller asks (`fill_kinds(ex, text, cfg)`); the rules always win (only kinds with
no point yet are asked for); every answer is validated like rule output, and a text value
must occur in the document (the model copies, it does not write). Each value becomes an info
point with rule `llm:<model>`. The kinds are asked for in batches (`per_call`), one block per
kind in the same request, so a document costs a few calls, not hundreds.

The bank: `example_bank(labelled)` takes (text, truth) pairs — the synthetic court's
documents with the values their writer rendered (`TrialRecord.truth`; the round trip of
tests/test_extract_points.py), or any hand-labelled set in that form — and keeps, per kind,
the sentence around the rule's span for a value the label confirms.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from courtqc.extract.llm import LLMConfig, LLMError, _iso, _parse_json, chat
from courtqc.extract.model import Extraction, InfoPoint
from courtqc.extract.points import PATTERNS, REGISTRY

_RULES = {r.key: r for r in PATTERNS}
_FORMS = {
    "date": "日期，YYYY-MM-DD",
    "reldate": "日期，YYYY-MM-DD",
    "money": "金额，以元为单位的数字",
    "months": "月数，整数",
    "int": "整数",
    "float": "数字（百分比不带 % 号）",
    "flag": "原文写明时填 true",
    "text": "原文中的原样文字",
}


@dataclass(frozen=True, slots=True)
class Example:
    sentence: str
    value: Any


def _sentence(text: str, start: int, end: int, width: int = 80) -> str:
    """The sentence around a span, at most `width` characters either side."""
    a = max(text.rfind("。", 0, start), text.rfind("\n", 0, start), start - width)
    b_candidates = [i for i in (text.find("。", end), text.find("\n", end)) if i >= 0]
    b = min([*b_candidates, end + width])
    return text[a + 1 : b + 1].strip()


def example_bank(
    labelled: Iterable[tuple[str, dict[str, list]]], per_kind: int = 2
) -> dict[str, list[Example]]:
    """Per pattern kind, up to per_kind examples: the sentence where the rules read a value
    that the label confirms, and that value (distinct sentences, first seen first)."""
    from courtqc.extract import extract

    bank: dict[str, list[Example]] = {}
    for text, truth in labelled:
        for p in extract(text).info_points:
            if p.key not in _RULES or p.start is None or p.value not in truth.get(p.key, []):
                continue
            got = bank.setdefault(p.key, [])
            s = _sentence(text, p.start, p.end or p.start)
            if len(got) < per_kind and all(e.sentence != s for e in got):
                got.append(Example(s, p.value))
    return bank


BANK_FILE = Path(__file__).with_name("llm_examples.json")


def load_bank(path: Path = BANK_FILE) -> dict[str, list[Example]]:
    """The shipped example bank (built by eval/llm_examples.py from the labelled synthetic
    set); empty where the file is absent."""
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {k: [Example(e["sentence"], e["value"]) for e in v] for k, v in raw.items()}


def save_bank(bank: dict[str, list[Example]], path: Path = BANK_FILE) -> None:
    data = {
        k: [{"sentence": e.sentence, "value": e.value} for e in v] for k, v in sorted(bank.items())
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def kind_prompt(key: str, examples: Sequence[Example] = ()) -> str:
    """The prompt block of one kind: its description, the form of its value, examples."""
    k, r = REGISTRY[key], _RULES[key]
    form = _FORMS.get(r.value, "原文中的原样文字")
    if r.value == "map" and r.mapping:
        codes = sorted({str(v) for v in r.mapping.values()})
        form = "以下代码之一：" + " / ".join(codes)
    lines = [f"【{key}】{k.zh}（{k.en}）；取值：{form}；原文没有写明的填 null。"]
    for e in examples:
        lines.append(f"  例：「{e.sentence}」→ {json.dumps(e.value, ensure_ascii=False)}")
    return "\n".join(lines)


def _valid(key: str, v: Any, text: str) -> Any:
    """The model's answer as the rule would give it, or None."""
    if v is None:
        return None
    r = _RULES[key]
    if r.value in ("date", "reldate"):
        return _iso(v)
    if r.value == "money":
        return (
            float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 else None
        )
    if r.value == "float":
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None
    if r.value in ("int", "months"):
        return v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 10_000 else None
    if r.value == "flag":
        return r.const if v is True else None
    if r.value == "map":
        allowed = list((r.mapping or {}).values())
        return v if v in allowed and not isinstance(v, dict) else None
    if not isinstance(v, str):
        return None
    v = re.sub(r"\s+", "", v)
    squeezed = re.sub(r"\s+", "", text)
    return v if 0 < len(v) <= 100 and v in squeezed else None


_SYSTEM = (
    "你是法院裁判文书信息抽取助手。只根据给出的文书原文回答，原文没有写明的一律填 null，不得推测。"
    "只输出一个 JSON 对象，键为要求的信息点代码，不要输出其他文字。"
)


def fill_kinds(
    ex: Extraction,
    text: str,
    cfg: LLMConfig,
    kinds: Sequence[str] | None = None,
    bank: dict[str, list[Example]] | None = None,
    per_call: int = 20,
) -> list[str]:
    """Ask the model for the pattern kinds (all, or `kinds`) that have no point in ex; add an
    info point with rule `llm:<model>` for each valid answer. Returns the kinds filled.
    `bank` gives the examples (default: the shipped bank, `load_bank()`)."""
    have = {p.key for p in ex.info_points}
    wanted = [k for k in (kinds or list(_RULES)) if k in _RULES and k not in have]
    unknown = [k for k in (kinds or ()) if k not in _RULES]
    if unknown:
        raise LLMError(f"不是规则信息点：{', '.join(unknown)} (not pattern kinds)")
    filled: list[str] = []
    for i in range(0, len(wanted), per_call):
        batch = wanted[i : i + per_call]
        examples = load_bank() if bank is None else bank
        blocks = "\n".join(kind_prompt(k, examples.get(k, ())) for k in batch)
        user = f"请从下面的文书中抽取这些信息点：\n{blocks}\n\n文书：\n{text[:12000]}"
        answer = _parse_json(
            chat(cfg, [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": user}])
        )
        for k in batch:
            v = _valid(k, answer.get(k), text)
            if v is None:
                continue
            at = text.find(v) if isinstance(v, str) else -1
            span = (at, at + len(v)) if at >= 0 else (None, None)
            ex.info_points.append(InfoPoint(k, v, span[0], span[1], f"llm:{cfg.model}"))
            filled.append(k)
    return filled
