"""The questionnaires this deployment offers, loaded once at start-up and kept on the app."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from questionnaires import Catalogue, load_catalogue
from questionnaires.catalogue import SHIPPED, questionnaire_files
from questionnaires.centres import CentreCatalogue, RegionTable, load_centres, load_regions

_KEY = "digicheck.content"


@dataclass(frozen=True)
class Content:
    questionnaires: Catalogue
    centres: CentreCatalogue
    regions: RegionTable


def init_content(app: Flask) -> None:
    """Fail at start-up, with every problem listed, rather than on a user's first click."""
    folder = app.config.get("DIGICHECK_QUESTIONNAIRES") or SHIPPED
    app.extensions[_KEY] = Content(load_catalogue(questionnaire_files(Path(folder))), load_centres(), load_regions())


def content() -> Content:
    found = current_app.extensions[_KEY]
    assert isinstance(found, Content)
    return found


def catalogue() -> Catalogue:
    return content().questionnaires
