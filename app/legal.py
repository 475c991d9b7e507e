"""Impressum and Datenschutzerklärung, filled from the operator's configuration.

A German deployment must name who runs it (§ 5 DDG) and tell visitors what happens to
their data (Art. 13 GDPR). digicheck cannot know its operator, so the operator configures
it: environment variables `DIGICHECK_OPERATOR_<FIELD>`, or a TOML file named by
`DIGICHECK_OPERATOR_FILE` (variables win over the file). Without name, address and
e-mail the pages say plainly that they are not configured, and start-up logs a warning.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, current_app, render_template

from .content import catalogue
from .privacy import NOT_STORED, STORED, retention_days

log = logging.getLogger(__name__)
bp = Blueprint("legal", __name__)
_KEY = "digicheck.operator"
PREFIX = "DIGICHECK_OPERATOR_"


@dataclass(frozen=True)
class Operator:
    """Who runs this deployment, as the Impressum and the privacy notice name them."""

    name: str = ""  # person or organisation, with legal form
    address: str = ""  # postal address for service (no P.O. box); line breaks are kept
    email: str = ""
    phone: str = ""
    representative: str = ""  # who represents a legal person
    register: str = ""  # e.g. "Vereinsregister Amtsgericht Musterstadt, VR 1234"
    vat_id: str = ""
    content_responsible: str = ""  # for editorial content (§ 18 Abs. 2 MStV), with address
    privacy_officer: str = ""  # contact of the data protection officer, where one is appointed
    supervisory_authority: str = ""  # the data protection authority responsible for the operator
    privacy_note: str = ""  # anything the operator adds, e.g. on the web server's access logs

    REQUIRED = ("name", "address", "email")

    @property
    def missing(self) -> list[str]:
        return [name for name in self.REQUIRED if not getattr(self, name)]

    @property
    def configured(self) -> bool:
        return not self.missing


class OperatorConfigError(ValueError):
    """The operator file cannot be used; start-up stops, like for a broken questionnaire."""


FIELDS = tuple(f.name for f in fields(Operator))


def load_operator(config: Mapping[str, Any]) -> Operator:
    values: dict[str, str] = {}
    file = config.get(PREFIX + "FILE")
    if file:
        values.update(_read_file(Path(file)))
    for name in FIELDS:
        value = config.get(PREFIX + name.upper())
        if value:
            values[name] = str(value)
    return Operator(**{k: v.strip() for k, v in values.items()})


def _read_file(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OperatorConfigError(f"{path}: cannot read the operator file: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise OperatorConfigError(f"{path}: not a valid TOML file: {exc}") from None
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise OperatorConfigError(f"{path}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(FIELDS)})")
    wrong = sorted(key for key, value in data.items() if not isinstance(value, str))
    if wrong:
        raise OperatorConfigError(f"{path}: {', '.join(wrong)} must be text in quotes")
    return dict(data)


def init_legal(app: Flask) -> None:
    known = {PREFIX + name.upper() for name in FIELDS} | {PREFIX + "FILE"}
    for key in sorted(k for k in app.config if k.startswith(PREFIX) and k not in known):
        log.warning("Unknown setting %s is ignored (known: %s)", key, ", ".join(sorted(known)))
    operator = load_operator(app.config)
    app.extensions[_KEY] = operator
    app.register_blueprint(bp)
    if not operator.configured:
        variables = ", ".join(PREFIX + name.upper() for name in operator.missing)
        log.warning("The Impressum and the privacy notice are not configured: set %s (or %sFILE); "
                    "see docs/deployment.md. Until then both pages say that the operator has not "
                    "configured them.", variables, PREFIX)

    @app.context_processor
    def _operator() -> dict[str, object]:
        return {"operator": operator}


def operator() -> Operator:
    found = current_app.extensions[_KEY]
    assert isinstance(found, Operator)
    return found


@bp.get("/impressum")
def imprint() -> str:
    return render_template("legal/imprint.html")


@bp.get("/datenschutz")
def privacy() -> str:
    unfinished, finished = retention_days()
    profiles = [(q.title, [question.text for question in q.profile]) for q in catalogue().latest()]
    return render_template("legal/privacy.html", stored=STORED, not_stored=NOT_STORED, profiles=profiles,
                           unfinished_days=unfinished, finished_days=finished)
