"""A participant's last page: the team's picture instead of a result of their own.

A participant answered for the team, so the page shows what the dashboard shows (counts,
medians, disagreement; nothing of a question below three answers, never anyone's own
answers), and only once the consultant has shown the answers to the room or closed the
workshop: until then a thank-you, and the page looks again every 10 seconds. No sharing,
no second round, no PDF, no comparison with peers.
"""

from __future__ import annotations

from flask import render_template

from questionnaires import Questionnaire

from .. import workshops
from ..i18n import current_language
from ..presenters import score_text
from ..charts import team_radar
from ..extensions import db
from ..models import Assessment, Workshop


def team_end(assessment: Assessment, q: Questionnaire) -> str:
    workshop = db.session.get(Workshop, assessment.workshop_id)
    shown = workshop is not None and (workshop.revealed or not workshop.open)
    team = workshops.team(workshop, q) if workshop is not None and shown else None
    return render_template("workshop/team_end.html", workshop=workshop, q=q, questions=q.question_index, team=team,
                           score=lambda value: score_text(value, current_language()),
                           **(team_radar(q, team, current_language()) if team else {}))
