"""Safe YAML reading that remembers where every value stood in the file.

PyYAML's composer keeps line and column marks; we turn its node tree into plain
Python values plus a table of positions, so that every later error can point at
a line. Booleans follow YAML 1.2 (only true/false), so option ids such as
`yes`, `no` or `on` stay strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import ContentError, Problem

Path = tuple[str | int, ...]

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc,valid-type]
    pass


_YAML11_ONLY = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"}
_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] not in _YAML11_ONLY]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# YAML 1.2 readings: no yes/no/on/off booleans, no octal 010, no sexagesimal 1:30, no dates.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"
        r"|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
    ),
    list("-+0123456789."),
)

MAX_BYTES = 2 * 1024 * 1024


@dataclass
class Source:
    """Parsed YAML data and where each value (and each mapping key) stood."""

    file: str
    data: Any
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def describe(self, path: Path) -> str:
        """A readable path that names list items by their id where they have one."""
        parts: list[str] = []
        node = self.data
        for part in path:
            if isinstance(part, int):
                item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
                label = item.get("id") if isinstance(item, dict) else None
                parts.append(f"[{label}]" if isinstance(label, str) and label else f"[{part}]")
                node = item
            else:
                parts.append(f".{part}" if parts else part)
                node = node.get(part) if isinstance(node, dict) else None
        return "".join(parts)

    def position(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for a path: the value, its key, or its nearest parent."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return (1, 1)


def read_yaml(text: str, file: str) -> Source:
    """Parse one YAML document; malformed YAML becomes a ContentError, never a traceback."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise ContentError([Problem(file, 0, 0, "", f"file is larger than {MAX_BYTES // 1024} KiB")])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = f"invalid YAML: {exc.problem or exc.context}"
        raise ContentError([Problem(file, line, col, "", message)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(file, 0, 0, "", f"invalid YAML: {exc}")]) from None
    if node is None:
        raise ContentError([Problem(file, 0, 0, "", "the file is empty")])
    source = Source(file, None)
    problems: list[Problem] = []
    source.data = _Walker(source, problems).value(node, ())
    if problems:
        raise ContentError(problems)
    return source


class _Walker:
    def __init__(self, source: Source, problems: list[Problem]):
        self.source = source
        self.problems = problems
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def problem(self, node: yaml.Node, path: Path, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.source.file, mark.line + 1, mark.column + 1, dotted(path), message, hint)
        )

    def value(self, node: yaml.Node, path: Path) -> Any:
        self.source.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.seen:  # an alias: the composer hands back the anchored node itself
            line, col = self.source.keys.get(path, (node.start_mark.line + 1, node.start_mark.column + 1))
            self.problems.append(Problem(self.source.file, line, col, dotted(path),
                                         "anchors and aliases (&name / *name) are not supported",
                                         "write the value out in full"))
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:str":
            return node.value  # most scalars are text; skip the constructor's dispatch
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            self.problem(node, path, f"unsupported value: {getattr(exc, 'problem', exc)}")
            return None

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, path, "keys must be plain names (no merge keys or nested keys)")
                continue
            key = str(key_node.value)
            if key in result:
                self.problem(key_node, path + (key,), f"duplicate key '{key}'", "each key may appear once")
                continue
            self.source.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.value(value_node, path + (key,))
        return result


def dotted(path: Path) -> str:
    """A readable path such as `dimensions[0].questions[2].options[1].score`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
