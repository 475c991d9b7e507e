"""`digicheck questionnaires validate|show`: for authors checking their YAML before publishing."""

from __future__ import annotations

from pathlib import Path

import click

from questionnaires import ContentError, load_questionnaire
from questionnaires.catalogue import questionnaire_files
from questionnaires.centres import FOLDER as CENTRES
from questionnaires.centres import load_centres, load_regions
from questionnaires.loader import read_text

from .loading import find_questionnaire, folder_option, questionnaire_folder


@click.group()
def questionnaires() -> None:
    """Check and inspect questionnaire files."""


@questionnaires.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@folder_option
def validate(paths: tuple[Path, ...], folder: Path | None) -> None:
    """Validate content files (default: the questionnaire folder and the centre catalogue); list every problem.

    Questionnaires, the centre catalogue and the postcode-region table are told apart by
    their top-level key (`centres:` or `regions:`). The questionnaires' centre topics are
    checked against the catalogue among the files, or else the shipped one.
    """
    files: list[Path] = []
    for path in paths or (questionnaire_folder(folder), CENTRES):
        try:  # a path given is a file unless it is a folder; the default ones are folders
            files.extend(questionnaire_files(path) if path.is_dir() or not paths else [path])
        except ContentError as exc:
            raise click.ClickException(str(exc)) from None
    if not files:
        raise click.ClickException("no content files found")
    failed = 0
    topics = _centre_topics(files)
    for file in files:
        try:
            click.echo(f"ok   {file}  ({_check(file, topics)})")
        except ContentError as exc:
            failed += 1
            click.echo(str(exc), err=True)
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) have problems", err=True)
        raise SystemExit(1)


def _top_keys(file: Path) -> set[str]:
    text = read_text(file)
    return {line.split(":", 1)[0] for line in text.splitlines() if line[:1].isalpha() and ":" in line}


def _centre_topics(files: list[Path]) -> set[str] | None:
    """The topic ids questionnaires may name; None when no valid catalogue is at hand (its own errors are listed)."""
    catalogues = [file for file in files if _is_kind(file, "centres")] or [CENTRES / "centres.yaml"]
    try:
        return set(load_centres(catalogues[0]).topic_index)
    except ContentError:
        return None


def _is_kind(file: Path, key: str) -> bool:
    try:
        return key in _top_keys(file)
    except ContentError:
        return False


def _check(file: Path, centre_topics: set[str] | None) -> str:
    """Load the file with the loader its top-level key calls for; a summary for the 'ok' line."""
    keys = _top_keys(file)
    if "centres" in keys:
        catalogue = load_centres(file)
        return f"centre catalogue, {len(catalogue.centres)} centres, {len(catalogue.topics)} topics"
    if "regions" in keys:
        return f"postcode regions, {len(load_regions(file).regions)} regions"
    q = load_questionnaire(file, centre_topics)
    return f"{q.id} version {q.version}, {len(q.questions)} questions"


@questionnaires.command()
@click.argument("questionnaire_id")
@click.option("--version", "version", default=None, help="A specific version (default: the newest).")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True)
@folder_option
def show(questionnaire_id: str, version: str | None, lang: str, folder: Path | None) -> None:
    """Summarise a questionnaire (an id or a YAML path): dimensions, question counts, estimated minutes."""
    q = find_questionnaire(questionnaire_id, version, folder)
    click.echo(f"{q.title.get(lang)}  ({q.id}, version {q.version})")
    click.echo(f"{q.description.get(lang)}")
    click.echo(f"about {q.estimated_minutes} minutes · {len(q.profile)} profile questions · "
               f"{len(q.questions)} questions · languages: {', '.join(q.languages)}")
    click.echo(f"overall index: {q.scoring.overall.replace('_', ' ')} of the dimensions")
    width = max(len(d.title.get(lang)) for d in q.dimensions)
    for d in q.dimensions:
        scored = len(d.scored_questions)
        conditional = sum(1 for qu in d.questions if qu.show_if)
        click.echo(f"  {d.title.get(lang):<{width}}  {scored:>2} scored"
                   f"{f', {conditional} conditional' if conditional else ''}"
                   f"  weight {d.weight:g}, {d.aggregation.replace('_', ' ')}")
    levels = " < ".join(f"{lvl.title.get(lang)} ({lvl.min:g})" for lvl in q.levels)
    click.echo(f"levels: {levels}")
    click.echo(f"actions: {len(q.actions)}")
