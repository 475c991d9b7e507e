"""Validate parsed YAML against a pydantic model and report every error with its line.

Pydantic reports all structural errors at once. To let the cross-reference checks run as
well, the broken parts are then cut away (an unknown key is dropped, a list item with an
error is removed) and the rest is validated again; the checks get the surviving model
plus a map back to the original positions.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .problems import Problem, SchemaError, bound_words, did_you_mean, shown
from .yamlsource import Path, Source

_ROUNDS = 6
M = TypeVar("M", bound=BaseModel)


@dataclass
class Validated(Generic[M]):
    """The outcome of schema validation: a model when one could be built, and what was cut away."""

    model: M | None
    problems: list[Problem]
    removed: set[Path] = field(default_factory=set)
    kept: dict[Path, list[int]] = field(default_factory=dict)

    def original(self, path: Path) -> Path:
        """Translate a path in the surviving data back to the file's own indices."""
        out: list[str | int] = []
        for part in path:
            if isinstance(part, int):
                indices = self.kept.get(tuple(out))
                part = indices[part] if indices is not None and part < len(indices) else part
            out.append(part)
        return tuple(out)

    def damaged(self, path: Path) -> bool:
        """True when something at or below this (original) path was cut away."""
        return any(r[: len(path)] == path for r in self.removed)


def validate(source: Source, model: type[M], stand_ins: dict[str, Any] | None = None) -> Validated[M]:
    """Validate, then cut broken parts away until the rest validates.

    `stand_ins` are valid values for required top-level keys, put in place of broken
    ones so that an error in, say, the version does not hide errors in the questions.
    """
    removed: set[Path] = set()
    replaced: dict[Path, Any] = {}
    problems: list[Problem] = []
    for round_ in range(_ROUNDS):
        kept: dict[Path, list[int]] = {}
        data = _without(source.data, removed, (), kept, replaced)
        outcome: Validated[M] = Validated(None, problems, removed, kept)
        try:
            outcome.model = model.model_validate(data)
            return outcome
        except ValidationError as exc:
            cuts = set()
            for error in _root_causes(exc.errors(include_url=False)):
                path = outcome.original(_data_path(data, error["loc"]))
                if round_ == 0:
                    problems.append(_problem(source, model, error, path))
                cut = _cut_for(error, path)
                if cut is None and path and path[0] in (stand_ins or {}):
                    replaced[path[:1]] = (stand_ins or {})[path[0]]
                    removed.add(path[:1])
                elif cut is None:
                    return outcome
                else:
                    cuts.add(cut)
            removed |= cuts
    return Validated(None, problems, removed)


def _root_causes(errors: list[Any]) -> list[Any]:
    """Drop a list's "too short" when it only follows from a broken item inside that list."""
    locs = [tuple(e["loc"]) for e in errors]
    return [
        e for e in errors
        if e["type"] != "too_short" or not any(len(o) > len(e["loc"]) and o[: len(e["loc"])] == tuple(e["loc"]) for o in locs)
    ]


def _without(
    data: Any, removed: set[Path], path: Path, kept: dict[Path, list[int]], replaced: dict[Path, Any]
) -> Any:
    if isinstance(data, dict):
        copy = {
            k: _without(v, removed, path + (k,), kept, replaced)
            for k, v in data.items()
            if path + (k,) not in removed
        }
        copy.update({p[-1]: v for p, v in replaced.items() if p[:-1] == path})
        return copy
    if isinstance(data, list):  # a tuple, because the frozen models hold tuples and validate strictly
        kept[path] = [i for i in range(len(data)) if path + (i,) not in removed]
        return tuple(_without(data[i], removed, path + (i,), kept, replaced) for i in kept[path])
    return data


def _data_path(data: Any, loc: tuple[int | str, ...]) -> Path:
    """Pydantic's error location without the union tags it inserts (e.g. 'single').

    The tag comes right after the list item it selects a model for, and is tried first:
    a `text` question has a key `text` too, and its tag must not be read as that key.
    """
    path: list[str | int] = []
    node = data
    tag_possible = False
    for part in loc:
        if tag_possible and isinstance(node, dict) and _is_tag(node, part):
            tag_possible = False
            continue
        tag_possible = False
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, tuple) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            tag_possible = True
        elif isinstance(node, dict) and isinstance(part, str) and not _is_tag(node, part):
            path.append(part)  # a missing or unknown key: keep it, nothing below it
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def _is_tag(node: dict[str, Any], part: int | str) -> bool:
    return node.get("type") == part


def _cut_for(error: Any, path: Path) -> Path | None:
    if error["type"] == "extra_forbidden":
        return path
    for i in range(len(path) - 1, -1, -1):
        if isinstance(path[i], int):
            return path[: i + 1]
    return None


def _problem(source: Source, model: type[BaseModel], error: Any, path: Path) -> Problem:
    kind = error["type"]
    key = path[-1] if path else ""
    hint = ""
    if kind == "missing":
        message = f"'{key}' is required"
        line, col = source.position(path[:-1])
        return Problem(source.file, line, col, source.describe(path[:-1]), message)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, error["loc"][:-1])
        message = f"unknown key '{key}'"
        hint = did_you_mean(key, allowed) or ("allowed: " + ", ".join(allowed) if allowed else "")
        line, col = source.position(path, key=True)
        return Problem(source.file, line, col, source.describe(path), message, hint)
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        expected = error.get("ctx", {}).get("expected_tags", "")
        tags = [t.strip(" '") for t in str(expected).split(",") if t.strip()]
        found = error.get("ctx", {}).get("tag")
        message = f"unknown question type '{found}'" if found else "'type' is required"
        hint = did_you_mean(found, tags) or "types: " + ", ".join(tags)
        path = path + ("type",) if found else path
    elif kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = [t.strip(" '") for t in str(expected).replace(" or ", ",").split(",") if t.strip()]
        message = f"{shown(error['input'])} is not allowed here"
        hint = did_you_mean(error["input"], choices) or "use one of: " + ", ".join(choices)
    else:
        structured = SchemaError(kind, str(key), error.get("input"), dict(error.get("ctx") or {}),
                                 _bounds(model, error["loc"]))
        message, hint = structured.explain()
        if kind == "model_type" and _allowed_keys(model, error["loc"]) == ["de", "en"]:
            hint = "write texts as {de: ..., en: ...}"
    line, col = source.position(path)
    return Problem(source.file, line, col, source.describe(path), message, hint)


def _allowed_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The keys a mapping at this location may have, for 'did you mean' and 'allowed:' hints."""
    target = _unwrap(_walk(model, loc)[0], None)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return [f.alias or name for name, f in target.model_fields.items()]
    return []


def _bounds(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    """The limits the schema sets on the value at this location, in words ('' when none)."""
    info = _walk(model, loc)[1]
    if info is None or isinstance(loc[-1], int):
        return ""
    bounds = {k: getattr(m, k) for m in info.metadata for k in ("gt", "ge", "lt", "le") if hasattr(m, k)}
    return bound_words(bounds)


def _walk(model: type[BaseModel], loc: tuple[int | str, ...]) -> tuple[Any, FieldInfo | None]:
    """The type expected at a location of pydantic's error, and the field it belongs to."""
    target: Any = model
    info: FieldInfo | None = None
    for part in loc:
        target = _unwrap(target, part)
        if isinstance(part, int):
            continue
        if isinstance(target, type) and issubclass(target, BaseModel):
            fields = {f.alias or name: f for name, f in target.model_fields.items()}
            found = fields.get(part) or target.model_fields.get(part)
            if found is not None:
                target, info = found.annotation, found
                continue
        target, info = _pick_variant(target, part), None
    return target, info


def _unwrap(target: Any, part: int | str | None) -> Any:
    while True:
        origin = get_origin(target)
        if origin is Annotated:
            target = get_args(target)[0]
        elif origin in (tuple, list):
            target = get_args(target)[0]
            if isinstance(part, int):
                return target
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(target) if a is not type(None)]
            if len(members) == 1:
                target = members[0]
            else:
                return target
        else:
            return target


def _pick_variant(target: Any, tag: int | str) -> Any:
    for member in get_args(target):
        fields = getattr(member, "model_fields", {})
        if "type" in fields and get_origin(fields["type"].annotation) is Literal:
            if tag in get_args(fields["type"].annotation):
                return member
    return None
