"""The team's answers as a CSV file: per question the distribution, median and disagreement.

Only what the dashboard shows: counts per answer, never anyone's own answer or role, and
nothing of a question fewer than three people answered (scoring.team.MIN_ANSWERS). Built
in the workshop's language, the way Excel in that language opens it: German uses ";" and a
decimal comma, English "," and a decimal point; UTF-8 with a byte order mark for umlauts.
Cells that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first)
get a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator

from flask_babel import force_locale
from flask_babel import gettext as _

from questionnaires import Questionnaire
from scoring.team import QuestionSpread, TeamView

from ..models import Workshop
from ..spreadsheets import Cell, safe

SPELLED: dict[str, str | int | None] = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def file_name(workshop: Workshop) -> str:
    return f"workshop-{slug(workshop.firm_name)}-{workshop.held_on.isoformat()}.csv"


def slug(name: str) -> str:
    """ASCII for a file name: umlauts spelled out, anything else a dash."""
    spelled = name.lower().translate(str.maketrans(SPELLED))
    ascii_only = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")[:60].strip("-") or "firm"


def csv_text(workshop: Workshop, q: Questionnaire, team: TeamView) -> str:
    """The whole file, byte order mark first."""
    language = workshop.language
    delimiter, decimal = (";", ",") if language == "de" else (",", ".")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    with force_locale(language):
        writer.writerow([_("Firm"), _("Date"), _("Question id"), _("Question"), _("Area"), _("Answer"), _("Count"),
                         _("Median (0-100)"), _("Disagreement (points)")])
        for row in _rows(q, team, language):
            writer.writerow([safe(cell, decimal) for cell in (workshop.firm_name, workshop.held_on.isoformat(), *row)])
    return "\ufeff" + buffer.getvalue()


def _rows(q: Questionnaire, team: TeamView, language: str) -> Iterator[tuple[Cell, ...]]:
    order = {question_id: n for n, question_id in enumerate(q.question_index)}
    for s in sorted(team.questions, key=lambda s: order.get(s.question_id, len(order))):
        question = q.question_index.get(s.question_id)
        text = question.text.get(language) if question else s.question_id
        dimension = q.dimension_index.get(s.dimension_id)
        area = dimension.title.get(language) if dimension else s.dimension_id
        head = (s.question_id, text, area)
        if not s.shown:
            yield (*head, _("hidden: fewer than three answers"), None, None, None)
            continue
        tail = (s.median, s.disagreement)
        for answer, count in _answers(question, s, language):
            yield (*head, answer, count, *tail)
        yield (*head, _("don't know"), s.dont_know, *tail)
        yield (*head, _("does not apply"), s.not_applicable, *tail)


def _answers(question: object, s: QuestionSpread, language: str) -> list[tuple[str, int]]:
    """Each option with its count (none left out), or each value given (numbers, scales) in order."""
    options = getattr(question, "options", None)
    if options is not None:
        return [(o.text.get(language), s.answers[o.id]) for o in options]

    def number(value: str) -> tuple[int, float | str]:
        try:
            return 0, float(value)
        except ValueError:
            return 1, value

    return [(value, s.answers[value]) for value in sorted(s.answers, key=number)]
