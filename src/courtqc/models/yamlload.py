"""Load YAML while keeping the line of every key and value, so that a bad model definition is
reported as `file:line: field: what is wrong` instead of a bare pydantic traceback."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


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


class YamlSyntaxError(ValueError):
    def __init__(self, file: str, line: int | None, message: str):
        self.file, self.line, self.message = file, line, message
        super().__init__(f"{file}:{line or '?'}: YAML 语法错误 (syntax error): {message}")


def load_located(text: str, file: str = "<string>") -> Located:
    """Parse one YAML document; raises YamlSyntaxError naming file and line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise YamlSyntaxError(file, line, str(e.problem or e)) from None
    except yaml.YAMLError as e:
        raise YamlSyntaxError(file, None, str(e)) from None
    out = Located(data=None)
    if node is None:
        return out
    out.data = _convert(node, (), out)
    return out


def load_file(path: str | Path) -> Located:
    p = Path(path)
    return load_located(p.read_text(encoding="utf-8"), str(p))


_constructor = yaml.SafeLoader(" ")


def _convert(node: yaml.Node, path: Path_, out: Located) -> Any:
    out.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _constructor.construct_object(key_node, deep=True)
            sub = (*path, key)
            out.lines[sub] = key_node.start_mark.line + 1
            if isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">"):
                out.content_lines[sub] = value_node.start_mark.line + 2
            result[key] = _convert(value_node, sub, out)
            out.lines[sub] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), out) for i, item in enumerate(node.value)]
    return _constructor.construct_object(node, deep=True)
