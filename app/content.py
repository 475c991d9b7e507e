"""The questionnaires this deployment offers, loaded once at start-up and kept on the app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from questionnaires import Catalogue, load_catalogue
from questionnaires.catalogue import SHIPPED, questionnaire_files

_KEY = "digicheck.catalogue"


def init_content(app: Flask) -> None:
    """Fail at start-up, with every problem listed, rather than on a user's first click."""
    folder = app.config.get("DIGICHECK_QUESTIONNAIRES") or SHIPPED
    app.extensions[_KEY] = load_catalogue(questionnaire_files(Path(folder)))


def catalogue() -> Catalogue:
    found = current_app.extensions[_KEY]
    assert isinstance(found, Catalogue)
    return found
