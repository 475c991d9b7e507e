"""`digicheck score QUESTIONNAIRE ANSWERS.json`: score an answers file without the web app."""

from __future__ import annotations

import json
from pathlib import Path

import click

from questionnaires import ContentError, Questionnaire
from questionnaires.centres import load_centres, load_regions
from scoring import AnswerSet, InvalidAnswer, Outcome, evaluate

from .loading import folder_option, matching_questionnaire

EFFORT = {"de": {"low": "gering", "medium": "mittel", "high": "hoch"}, "en": {"low": "low", "medium": "medium", "high": "high"}}


@click.command("score")
@click.argument("questionnaire")
@click.argument("answers_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["de", "en"]), default="de", show_default=True)
@folder_option
def score_command(questionnaire: str, answers_file: Path, fmt: str, lang: str, folder: Path | None) -> None:
    """Score ANSWERS_FILE against QUESTIONNAIRE (an id or a YAML path): result, next steps, centres."""
    try:
        data = json.loads(answers_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{answers_file} is not valid JSON: {exc}") from None
    try:
        answer_set = AnswerSet.from_mapping(data)
    except InvalidAnswer as exc:
        raise click.ClickException(f"{answers_file}: {exc}") from None
    q = matching_questionnaire(questionnaire, answer_set, answers_file, folder)
    try:
        catalogue, regions = load_centres(), load_regions()
    except ContentError as exc:
        raise click.ClickException(f"the centre catalogue has errors:\n{exc}") from None
    try:
        outcome = evaluate(q, answer_set.answers, answer_set.profile, catalogue, regions)
    except InvalidAnswer as exc:
        raise click.ClickException(f"{answers_file}: {exc}") from None
    if fmt == "json":
        click.echo(json.dumps(outcome.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_table(q, outcome, lang))


def render_table(q: Questionnaire, outcome: Outcome, lang: str) -> str:
    result = outcome.result
    en = lang == "en"

    def level(level_id: str | None) -> str:
        return q.level_index[level_id].title.get(lang) if level_id else "–"

    def number(value: float | None) -> str:
        return f"{value:5.1f}" if value is not None else "    –"

    header = ("Dimension", "Score", "Level", "Answered") if en else ("Bereich", "Wert", "Stufe", "Beantwortet")
    rows = [(q.dimension_index[d.dimension_id].title.get(lang), number(d.score), level(d.level_id),
             f"{d.answered}/{d.asked}") for d in result.dimensions]
    total = ("Overall" if en else "Gesamt", number(result.score), level(result.level_id), f"{result.answered}/{result.asked}")
    widths = [max(len(str(r[i])) for r in [*rows, header, total]) for i in range(4)]
    rule = "  ".join("-" * w for w in widths)

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()

    lines = [f"{q.title.get(lang)} (version {q.version})", "", line(header), rule, *map(line, rows), rule, line(total)]
    if outcome.actions:
        lines += ["", "Next steps" if en else "Nächste Schritte"]
        for n, rec in enumerate(outcome.actions, start=1):
            effort = EFFORT[lang][rec.action.effort]
            impact = EFFORT[lang][rec.action.impact]
            label = f"effort {effort}, impact {impact}" if en else f"Aufwand {effort}, Wirkung {impact}"
            lines.append(f"{n:2}. {rec.action.title.get(lang)} ({label})")
            lines.append(f"    {rec.reason.get(lang)}")
    if outcome.centres:
        lines += ["", "Where to get help" if en else "Passende Anlaufstellen"]
        for n, match in enumerate(outcome.centres, start=1):
            where = ", ".join([match.centre.city] + ([match.distance.get(lang)] if match.distance else []))
            lines.append(f"{n:2}. {match.centre.name}, {where}")
            lines.append(f"    {match.reason.get(lang)}")
            if match.centre.website:
                lines.append(f"    {match.centre.website}")
    return "\n".join(lines)
