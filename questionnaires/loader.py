"""Load a questionnaire file: parse, validate, cross-check, compile conditions, hash."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .checks import Checker
from .model import Questionnaire
from .problems import ContentError, Problem
from .schema import validate
from .yamlsource import read_yaml


_STAND_INS = {
    "id": "invalid",
    "version": "0",
    "title": {"de": "?"},
    "description": {"de": "?"},
    "languages": ["de"],
    "estimated_minutes": 1,
    "scoring": {},
    "profile": [],
    "actions": [],
}


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Load one YAML file; every problem in it is raised together as a ContentError."""
    return parse_questionnaire(read_text(path), str(path))


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


def parse_questionnaire(text: str, file: str = "<questionnaire>") -> Questionnaire:
    source = read_yaml(text, file)
    if not isinstance(source.data, dict):
        raise ContentError([Problem(file, 1, 1, "", "a questionnaire file is a mapping (id: ..., version: ..., ...)")])
    validated = validate(source, Questionnaire, _STAND_INS)
    problems = list(validated.problems)
    if validated.model is not None:
        problems += Checker(source, validated).run()
    if problems or validated.model is None:
        raise ContentError(problems)
    questionnaire = validated.model
    questionnaire._content_hash = content_hash(source.data)
    return questionnaire


def content_hash(data: object) -> str:
    """A hash of the content, not the bytes: comments and layout may change, questions may not."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
