"""How we judge: pure functions from answers to results. Imports only questionnaires/ models."""

from .answers import AnswerSet, InvalidAnswer, check_value
from .engine import score, visible_questions, visible_values
from .matching import CentreMatch, match_centres
from .outcome import Outcome, evaluate
from .plan import check_answers
from .recommend import Recommendation, recommend
from .result import Contribution, DimensionResult, Result

__all__ = [
    "AnswerSet",
    "CentreMatch",
    "Contribution",
    "DimensionResult",
    "InvalidAnswer",
    "Outcome",
    "Recommendation",
    "Result",
    "check_answers",
    "check_value",
    "evaluate",
    "match_centres",
    "recommend",
    "score",
    "visible_questions",
    "visible_values",
]
