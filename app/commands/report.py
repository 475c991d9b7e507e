"""`digicheck report ANSWERS.json -o report.pdf`: the PDF report from an answers file, offline."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from scoring import AnswerSet, InvalidAnswer

from ..report import ReportRequest, report_context, report_pdf
from .loading import folder_option, matching_questionnaire


@click.command("report")
@click.argument("answers_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True,
              help="Where to write the PDF.")
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True)
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date on the report (default: today).")
@click.option("-q", "--questionnaire", "name", default=None, metavar="ID|PATH",
              help="The questionnaire: an id in the folder or a YAML file (default: the id the answers file names).")
@folder_option
@with_appcontext
def report_command(answers_file: Path, output: Path, lang: str, on: datetime | None, name: str | None,
                   folder: Path | None) -> None:
    """Write the PDF report for ANSWERS_FILE, the same one the web app offers for download."""
    try:
        answer_set = AnswerSet.from_mapping(json.loads(answers_file.read_text(encoding="utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{answers_file} is not valid JSON: {exc}") from None
    except InvalidAnswer as exc:
        raise click.ClickException(f"{answers_file}: {exc}") from None
    q = matching_questionnaire(name or answer_set.questionnaire, answer_set, answers_file, folder)
    request = ReportRequest(questionnaire=q, answers=answer_set.answers, profile=answer_set.profile,
                            language=lang, completed_on=on.date() if on else date.today())
    try:
        context = report_context(request)  # scoring checks every answer and names the first bad one
    except InvalidAnswer as exc:
        raise click.ClickException(f"{answers_file}: {exc}") from None
    pdf = report_pdf(context)
    output.write_bytes(pdf)
    click.echo(f"wrote {output} ({len(pdf) // 1024} KiB)")
