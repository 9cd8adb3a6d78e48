"""Load YAML safely while keeping the line of every key and value, so that a bad model (or
mapping) definition is reported as `file:line: field: what is wrong` instead of a traceback.

Safe means that no input can make loading slow, deep or large, whatever its bytes:

- anchors and aliases (`&a`, `*a`) are refused at the first one, with its line: they are what a
  "billion laughs" file or a self-referencing alias is built from, and no definition needs them;
- the text is capped in size (`MAX_YAML_BYTES`) and in nesting (`MAX_DEPTH`), checked on the
  parser's event stream before the (recursive) composer builds a tree;
- only plain YAML types are built (PyYAML's SafeLoader): no Python objects;
- a value YAML cannot build (a 5,000-digit integer, 2024-13-45 as a date, a list as a key)
  and duplicate keys are named with their line;
- bytes are decoded one way everywhere: UTF-8 (with or without BOM), UTF-16/32 with a BOM,
  else GB18030 (older court exports); NUL bytes mean a binary file, which is named and refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from courtqc.errors import InvalidInput, Where
from courtqc.textio import UnreadableText, detect_encoding

Path_ = tuple[str | int, ...]

#: Largest YAML text accepted (bytes of UTF-8). The largest built-in model is about 3 KB.
MAX_YAML_BYTES = 256 * 1024
#: Deepest nesting of mappings and sequences accepted. Models nest condition trees ~10 deep.
MAX_DEPTH = 40

# libyaml's parser where installed (several times faster); PyYAML's own otherwise.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    """A parsed YAML document with the 1-based line of each path (key path -> line)."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    # For block scalars (`sql: |`) the first line of the content, to map SQL errors back.
    content_lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """Line of the longest prefix of `path` that was seen in the file."""
        for n in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:n]))
            if line is not None:
                return line
        return None


class YamlSyntaxError(InvalidInput, ValueError):
    """A YAML text that cannot be loaded: `message` says why (Chinese, English in brackets),
    `line` where (1-based, None when it is the whole file). `syntax` is True for the parser's
    own complaints, False for the limits and refusals of this module."""

    def __init__(self, file: str, line: int | None, message: str, *, syntax: bool = True):
        self.file, self.line, self.syntax = file, line, syntax
        super().__init__(message, where=Where(file=file, row=line))


def decode_text(data: bytes, file: str = "<string>") -> str:
    """Text from a file's bytes, decoded by courtqc.textio's one rule (a BOM names the
    encoding, else UTF-8, else GB18030); YamlSyntaxError naming the file when the bytes are
    binary or no known encoding fits."""
    try:
        enc = detect_encoding(lambda: (data,), file)
    except UnreadableText as e:
        raise YamlSyntaxError(file, None, e.message, syntax=False) from None
    return data.decode(enc)  # the BOM's codecs (utf-8-sig, utf-16, utf-32) drop the BOM


def _refuse_unsafe(text: str, file: str) -> None:
    """Walk the parser's events (no tree is built, no alias expanded) and refuse anchors,
    aliases and nesting past MAX_DEPTH at the first one, naming its line."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlSyntaxError(
                file,
                line,
                "不允许使用 YAML 锚点和别名 (&名称 / *名称)，请直接写出内容 "
                "(YAML anchors and aliases are not allowed: write the content out)",
                syntax=False,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlSyntaxError(
                    file,
                    line,
                    f"YAML 嵌套过深（超过 {MAX_DEPTH} 层）(nested deeper than {MAX_DEPTH} levels)",
                    syntax=False,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_located(text: str, file: str = "<string>") -> Located:
    """Parse one YAML document safely; raises YamlSyntaxError naming file and line."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as e:
        raise YamlSyntaxError(
            file,
            text.count("\n", 0, e.start) + 1,
            "文本含有无效字符（孤立的代理项）(text holds an invalid character: a lone surrogate)",
            syntax=False,
        ) from None
    if size > MAX_YAML_BYTES:
        raise YamlSyntaxError(
            file,
            None,
            f"YAML 文件过大：{size} 字节，上限 {MAX_YAML_BYTES} "
            f"(YAML too large: {size} bytes, limit {MAX_YAML_BYTES})",
            syntax=False,
        )
    try:
        _refuse_unsafe(text, file)
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise YamlSyntaxError(file, line, str(e.problem or e.context or "?")) from None
    except yaml.YAMLError as e:  # the reader's: a character YAML does not allow
        raise YamlSyntaxError(file, getattr(e, "line", None), str(e).splitlines()[0]) from None
    out = Located(data=None)
    if node is None:
        return out
    out.data = _convert(node, (), out, file)
    return out


def read_text(path: str | Path) -> str:
    """A YAML file's text; YamlSyntaxError naming the file when it cannot be read or decoded."""
    p = Path(path)
    try:
        with p.open("rb") as f:
            data = f.read(MAX_YAML_BYTES * 4 + 1)
    except OSError as e:
        raise YamlSyntaxError(
            str(p), None, f"无法读取文件 (cannot read the file): {e.strerror or e}", syntax=False
        ) from None
    if len(data) > MAX_YAML_BYTES * 4:
        raise YamlSyntaxError(
            str(p), None, f"YAML 文件过大 (YAML too large: limit {MAX_YAML_BYTES} bytes)",
            syntax=False,
        )  # fmt: skip
    return decode_text(data, str(p))


def load_file(path: str | Path) -> Located:
    p = Path(path)
    return load_located(read_text(p), str(p))


_constructor = yaml.SafeLoader(" ")


def _scalar(node: yaml.Node, file: str) -> Any:
    try:
        return _constructor.construct_object(node, deep=True)
    except yaml.YAMLError as e:
        msg = str(getattr(e, "problem", None) or e).splitlines()[0]
        raise YamlSyntaxError(file, node.start_mark.line + 1, msg) from None
    except (ValueError, TypeError, OverflowError) as e:
        raise YamlSyntaxError(
            file,
            node.start_mark.line + 1,
            f"无法读取的值 {str(node.value)[:40]!r} (value cannot be read: {str(e)[:80]})",
            syntax=False,
        ) from None


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp", "binary")
)


def _convert(node: yaml.Node, path: Path_, out: Located, file: str) -> Any:
    out.lines.setdefault(path, node.start_mark.line + 1)
    if node.tag not in _PLAIN_TAGS:
        raise YamlSyntaxError(
            file,
            node.start_mark.line + 1,
            f"不支持的 YAML 标签 {node.tag[:60]!r} (only plain YAML types are allowed)",
            syntax=False,
        )
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlSyntaxError(
                    file, line, "键必须是简单值 (a key must be a plain value)", syntax=False
                )
            key = _scalar(key_node, file)
            if key in result:
                raise YamlSyntaxError(file, line, f"重复的键 {key!r} (duplicate key)", syntax=False)
            sub = (*path, key)
            out.lines[sub] = line
            if isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">"):
                out.content_lines[sub] = value_node.start_mark.line + 2
            result[key] = _convert(value_node, sub, out, file)
            out.lines[sub] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), out, file) for i, item in enumerate(node.value)]
    return _scalar(node, file)
