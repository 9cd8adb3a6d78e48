"""Reading text and JSON from outside the same way in every mode.

Court exports arrive as UTF-8 (with or without a byte-order mark), UTF-16 from Windows tools,
or GB18030/GBK from older systems. `detect_encoding` decides once, by one rule — a BOM names
its encoding; otherwise the bytes that decode as UTF-8 are UTF-8; otherwise GB18030 (a
superset of GBK and GB2312) — and refuses binary data. `courtqc load`, `courtqc ingest file`
and `courtqc extract` (single files, folders and JSONL) all call it, so the same bytes are
read the same way whatever the command.

`loads_json` caps nesting depth: Python's parser would otherwise stop on its recursion limit
with a `RecursionError` that names no file or row.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from courtqc.errors import InvalidInput, TooLarge, Where

#: byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACKS = ("utf-8", "gb18030")
_CHUNK = 1 << 20

#: deepest JSON nesting accepted anywhere (a record of records of lists is depth 3)
MAX_JSON_DEPTH = 64

# C0 controls other than tab, newline, carriage return and form feed: text rarely has them
_CONTROLS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f") | {"\x7f"}


class UnreadableText(InvalidInput):
    """Bytes that are not text in an encoding courtqc reads (binary, or an unknown encoding)."""


def detect_encoding(chunks: Callable[[], Iterable[bytes]], where: str | None = None) -> str:
    """The encoding of a byte stream (`chunks()` yields it afresh for each try): the BOM's,
    else UTF-8 if every byte decodes, else GB18030. Raises UnreadableText for binary data (a
    NUL byte without a UTF-16/32 BOM) or bytes neither decodes."""
    first = b""
    for chunk in chunks():  # enough bytes to see a BOM
        first += chunk
        if len(first) >= 4:
            break
    named = next((enc for bom, enc in _BOMS if first.startswith(bom)), None)
    for enc in (named,) if named else _FALLBACKS:
        dec = codecs.getincrementaldecoder(enc)()
        try:
            for chunk in chunks():
                if named is None and b"\x00" in chunk:
                    raise UnreadableText(
                        "含有 NUL 字节，疑为二进制文件或无 BOM 的 UTF-16 "
                        "(binary data, or UTF-16 without a byte-order mark)",
                        where=Where(file=where),
                    )
                dec.decode(chunk)
            dec.decode(b"", True)
        except UnicodeDecodeError:
            continue
        return enc
    if named:
        raise UnreadableText(
            f"文件以 {named} 的字节顺序标记开头，但内容不是合法的 {named} "
            f"(starts with a {named} byte-order mark but is not valid {named})",
            where=Where(file=where),
        )
    raise UnreadableText(
        "无法识别的文本编码，不是 UTF-8、UTF-16 或 GB18030 "
        "(not UTF-8, UTF-16 or GB18030 text; binary?)",
        where=Where(file=where),
    )


def decode_bytes(data: bytes, where: str | None = None) -> str:
    """Text from bytes by `detect_encoding`'s rule; binary-looking text is refused too."""
    enc = detect_encoding(
        lambda: (data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK)), where
    )
    text = data.decode(enc)
    _refuse_binary(text, where)
    return text


def read_text(path: str | Path) -> str:
    """A whole file as text (decode_bytes)."""
    return decode_bytes(Path(path).read_bytes(), str(path))


def file_encoding(path: str | Path) -> str:
    """The encoding of a file, read in chunks (for readers that stream, such as CSV)."""

    def chunks() -> Iterable[bytes]:
        with Path(path).open("rb") as fh:
            while block := fh.read(_CHUNK):
                yield block

    return detect_encoding(chunks, str(path))


def _refuse_binary(text: str, where: str | None) -> None:
    sample = text[:20000]
    bad = sum(1 for c in sample if c in _CONTROLS)
    if bad > max(3, len(sample) // 100):
        raise UnreadableText(
            f"含有大量控制字符，疑为二进制文件 (looks binary: {bad} control characters)",
            where=Where(file=where),
        )


def json_depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value (a scalar is 0, [] and {} are 1), iteratively."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict):
            deepest = max(deepest, d + 1)
            stack.extend((x, d + 1) for x in v.values())
        elif isinstance(v, list):
            deepest = max(deepest, d + 1)
            stack.extend((x, d + 1) for x in v)
        else:
            deepest = max(deepest, d)
    return deepest


def loads_json(
    text: str | bytes,
    *,
    where: Where | None = None,
    max_depth: int = MAX_JSON_DEPTH,
    **kwargs: Any,
) -> Any:
    """json.loads with nesting capped at max_depth (TooLarge). JSONDecodeError passes through
    for the caller to place (it knows the row)."""
    try:
        value = json.loads(text, **kwargs)
    except RecursionError:
        value = None
        depth = None
    else:
        depth = json_depth(value)
        if depth <= max_depth:
            return value
    raise TooLarge(
        f"JSON 嵌套过深{'' if depth is None else f' ({depth} 层)'}，上限 {max_depth} 层 "
        f"(JSON nested deeper than {max_depth} levels)",
        where=where,
    )


def has_surrogates(value: Any) -> bool:
    """Whether any string in a parsed JSON value holds a lone surrogate (\\ud800), which no
    UTF-8 output can carry."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
