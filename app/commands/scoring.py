"""`digicheck score QUESTIONNAIRE ANSWERS.json`: score an answers file without the web app."""

from __future__ import annotations

import json
from pathlib import Path

import click

from questionnaires import Questionnaire
from scoring import AnswerSet, InvalidAnswer, Result, score

from .loading import find_questionnaire


@click.command("score")
@click.argument("questionnaire")
@click.argument("answers_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True)
def score_command(questionnaire: str, answers_file: Path, fmt: str, lang: str) -> None:
    """Score ANSWERS_FILE against QUESTIONNAIRE (an id or a YAML path)."""
    try:
        data = json.loads(answers_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{answers_file} is not valid JSON: {exc}") from None
    try:
        answer_set = AnswerSet.from_mapping(data)
    except InvalidAnswer as exc:
        raise click.ClickException(f"{answers_file}: {exc}") from None
    q = find_questionnaire(questionnaire, answer_set.version)
    if not answer_set.matches(q):
        raise click.ClickException(
            f"{answers_file} answers {answer_set.questionnaire} version {answer_set.version}, "
            f"not {q.id} version {q.version}"
        )
    try:
        result = score(q, answer_set.answers, answer_set.profile)
    except InvalidAnswer as exc:
        raise click.ClickException(f"{answers_file}: {exc}") from None
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_table(q, result, lang))


def render_table(q: Questionnaire, result: Result, lang: str) -> str:
    def level(level_id: str | None) -> str:
        return q.level_index[level_id].title.get(lang) if level_id else "–"

    def number(value: float | None) -> str:
        return f"{value:5.1f}" if value is not None else "    –"

    header = ("Dimension", "Score", "Level", "Answered") if lang == "en" else ("Bereich", "Wert", "Stufe", "Beantwortet")
    rows = [(q.dimension_index[d.dimension_id].title.get(lang), number(d.score), level(d.level_id),
             f"{d.answered}/{d.asked}") for d in result.dimensions]
    overall = "Overall" if lang == "en" else "Gesamt"
    rows.append((overall, number(result.score), level(result.level_id), f"{result.answered}/{result.asked}"))
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(4)]
    lines = [f"{q.title.get(lang)} (version {q.version})", ""]
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    lines.append("  ".join("-" * w for w in widths))
    for i, row in enumerate(rows):
        if i == len(rows) - 1:
            lines.append("  ".join("-" * w for w in widths))
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
    return "\n".join(lines)
