"""The questionnaires this deployment offers, loaded once at start-up and kept on the app."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, abort, current_app

from questionnaires import Catalogue, Questionnaire, load_catalogue
from questionnaires.catalogue import SHIPPED, questionnaire_files
from questionnaires.centres import CentreCatalogue, RegionTable, load_centres, load_regions

_KEY = "digicheck.content"


@dataclass(frozen=True)
class Content:
    questionnaires: Catalogue
    centres: CentreCatalogue
    regions: RegionTable


def init_content(app: Flask) -> None:
    """Fail at start-up, with every problem listed, rather than on a user's first click.

    The questionnaires are checked against the centre catalogue, so a dimension cannot
    point at a centre topic that does not exist.
    """
    folder = app.config.get("DIGICHECK_QUESTIONNAIRES") or SHIPPED
    centres = load_centres()
    questionnaires = load_catalogue(questionnaire_files(Path(folder)), centre_topics=centres.topic_index)
    app.extensions[_KEY] = Content(questionnaires, centres, load_regions())


def content() -> Content:
    found = current_app.extensions[_KEY]
    assert isinstance(found, Content)
    return found


def catalogue() -> Catalogue:
    return content().questionnaires


def pinned_questionnaire(questionnaire_id: str, version: str) -> Questionnaire:
    """The check text a workshop or Konvoi was made with; 410 when that version left the deployment."""
    q = catalogue().get(questionnaire_id, version)
    if q is None:
        abort(410)
    return q
