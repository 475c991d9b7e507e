"""How we judge: pure functions from answers to results. Imports only questionnaires/ models."""

from .answers import AnswerSet, InvalidAnswer, check_value
from .engine import score, visible_questions
from .plan import check_answers
from .result import Contribution, DimensionResult, Result

__all__ = [
    "AnswerSet",
    "Contribution",
    "DimensionResult",
    "InvalidAnswer",
    "Result",
    "check_answers",
    "check_value",
    "score",
    "visible_questions",
]
