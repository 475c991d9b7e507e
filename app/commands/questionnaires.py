"""`digicheck questionnaires validate|show`: for authors checking their YAML before publishing."""

from __future__ import annotations

from pathlib import Path

import click

from questionnaires import ContentError, load_questionnaire
from questionnaires.catalogue import SHIPPED, questionnaire_files

from .loading import find_questionnaire


@click.group()
def questionnaires() -> None:
    """Check and inspect questionnaire files."""


@questionnaires.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Validate questionnaire files (default: the shipped ones); list every problem found."""
    files: list[Path] = []
    for path in paths or (SHIPPED,):
        files.extend(questionnaire_files(path) if path.is_dir() else [path])
    if not files:
        raise click.ClickException("no questionnaire files found")
    failed = 0
    for file in files:
        try:
            q = load_questionnaire(file)
        except ContentError as exc:
            failed += 1
            click.echo(str(exc), err=True)
            continue
        click.echo(f"ok   {file}  ({q.id} version {q.version}, {len(q.questions)} questions)")
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) have problems", err=True)
        raise SystemExit(1)


@questionnaires.command()
@click.argument("questionnaire_id")
@click.option("--version", "version", default=None, help="A specific version (default: the newest).")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True)
def show(questionnaire_id: str, version: str | None, lang: str) -> None:
    """Summarise a questionnaire: dimensions, question counts, estimated minutes."""
    q = find_questionnaire(questionnaire_id, version)
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
