"""Finding a questionnaire by id or path for the CLI, with errors as clean messages.

Every command looks for questionnaires in the same folder as the web app: the one named by
`--questionnaires` or `DIGICHECK_QUESTIONNAIRES`, else the shipped one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from questionnaires import Catalogue, ContentError, Questionnaire, load_catalogue, load_questionnaire
from questionnaires.catalogue import SHIPPED, questionnaire_files
from scoring import AnswerSet

F = TypeVar("F", bound=Callable[..., Any])


def folder_option(command: F) -> F:
    """The common `--questionnaires PATH` option, read from DIGICHECK_QUESTIONNAIRES when not given."""
    return click.option(
        "--questionnaires", "folder", type=click.Path(path_type=Path), envvar="DIGICHECK_QUESTIONNAIRES",
        show_envvar=True, default=None,
        help="The folder of questionnaire files (default: the shipped questionnaires/ folder).",
    )(command)


def questionnaire_folder(folder: Path | None) -> Path:
    return folder or SHIPPED


def is_path(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) or Path(name).is_file()


def find_questionnaire(name: str, version: str | None = None, folder: Path | None = None) -> Questionnaire:
    """A path to a YAML file, or the id (and version) of a questionnaire in the folder."""
    try:
        if is_path(name):
            return load_questionnaire(name)
        catalogue = folder_catalogue(folder)
    except ContentError as exc:
        raise click.ClickException(f"the questionnaire has errors:\n{exc}") from None
    found = catalogue.get(name, version)
    if found is None:
        known = ", ".join(sorted({q.id for q in catalogue.questionnaires})) or "none"
        wanted = f"'{name}'" + (f" version {version}" if version else "")
        raise click.ClickException(f"no questionnaire {wanted} in {questionnaire_folder(folder)} (known: {known})")
    return found


def folder_catalogue(folder: Path | None) -> Catalogue:
    return load_catalogue(questionnaire_files(questionnaire_folder(folder)))


def matching_questionnaire(name: str, answer_set: AnswerSet, answers_file: Path, folder: Path | None) -> Questionnaire:
    """The questionnaire an answers file is scored against: it must be the id and version the file answers."""
    q = find_questionnaire(name, answer_set.version, folder)
    if not answer_set.matches(q):
        raise click.ClickException(
            f"{answers_file} answers {answer_set.questionnaire} version {answer_set.version}, "
            f"not {q.id} version {q.version}"
        )
    return q
