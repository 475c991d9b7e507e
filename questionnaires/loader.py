"""Load content files: parse, validate, cross-check, and for questionnaires compile and hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from .checks import Checker
from .model import Questionnaire
from .problems import ContentError, Problem
from .schema import Validated, validate
from .yamlsource import Source, read_yaml

M = TypeVar("M", bound=BaseModel)
CrossCheck = Callable[[Source, Validated[Any]], list[Problem]]

_STAND_INS = {
    "id": "invalid",
    "version": "0",
    "title": {"de": "?"},
    "description": {"de": "?"},
    "languages": ["de"],
    "estimated_minutes": 1,
    "scoring": {},
    "profile": [],
    "pages": [],
    "actions": [],
}


def load_questionnaire(path: str | Path, centre_topics: Collection[str] | None = None) -> Questionnaire:
    """Load one YAML file; every problem in it is raised together as a ContentError.

    With `centre_topics` (the topic ids of the centre catalogue in use) the dimensions'
    `centre_topics` are checked against them too.
    """
    return parse_questionnaire(read_text(path), str(path), centre_topics)


def parse_questionnaire(
    text: str, file: str = "<questionnaire>", centre_topics: Collection[str] | None = None
) -> Questionnaire:
    questionnaire, source = load_document(
        text, file, Questionnaire, stand_ins=_STAND_INS, cross_check=lambda s, v: Checker(s, v, centre_topics).run()
    )
    questionnaire._content_hash = content_hash(source.data)
    return questionnaire


def load_document(
    text: str,
    file: str,
    model: type[M],
    *,
    stand_ins: Mapping[str, Any] | None = None,
    cross_check: CrossCheck | None = None,
) -> tuple[M, Source]:
    """The shared pipeline of every content file: YAML with positions, schema, cross-checks."""
    source = read_yaml(text, file)
    if not isinstance(source.data, dict):
        raise ContentError([Problem(file, 1, 1, "", "the file must be a mapping of keys (id: ..., version: ...)")])
    validated = validate(source, model, dict(stand_ins or {}))
    problems = list(validated.problems)
    if validated.model is not None and cross_check is not None:
        problems += cross_check(source, validated)
    if problems or validated.model is None:
        raise ContentError(problems)
    return validated.model, source


def read_text(path: str | Path) -> str:
    """Read a content file as UTF-8; a missing or unreadable file is a ContentError, not a traceback."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(str(path), 0, 0, "", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(str(path), 0, 0, "", f"not UTF-8 text (byte {exc.start})")]) from None
    except OSError as exc:
        raise ContentError([Problem(str(path), 0, 0, "", f"cannot read the file: {exc.strerror}")]) from None


def content_hash(data: object) -> str:
    """A hash of the content, not the bytes: comments and layout may change, questions may not."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
