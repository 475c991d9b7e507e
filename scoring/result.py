"""The outcome of scoring: frozen, plain data that reports and the app can show as they like."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

AnswerStatus = Literal["scored", "not_applicable", "dont_know", "unanswered"]
AnswerValue = str | int | float | tuple[str, ...]


class Contribution(NamedTuple):
    """One visible question of a dimension and what it added: the 'why' behind a score.

    A NamedTuple rather than a frozen dataclass: equally immutable, four times cheaper
    to create, and scoring creates one per question.
    """

    question_id: str
    status: AnswerStatus
    value: AnswerValue | None
    score: float | None  # 0-100, None when the answer does not count
    weight: float


class DimensionResult(NamedTuple):
    """One area's score and the contributions behind it (a NamedTuple for the reason Contribution is)."""

    dimension_id: str
    score: float | None  # None when no question of the dimension could be scored
    level_id: str | None
    answered: int  # visible scored questions with any answer, including "does not apply" / "don't know"
    asked: int  # visible scored questions
    contributions: tuple[Contribution, ...]

    @property
    def coverage(self) -> float:
        return self.answered / self.asked if self.asked else 0.0


class Result(NamedTuple):
    """The whole assessment's scores (a NamedTuple, cheap to create like its parts)."""

    questionnaire_id: str
    version: str
    content_hash: str
    dimensions: tuple[DimensionResult, ...]
    score: float | None  # the overall index, 0-100
    level_id: str | None

    @property
    def answered(self) -> int:
        return sum(d.answered for d in self.dimensions)

    @property
    def asked(self) -> int:
        return sum(d.asked for d in self.dimensions)

    def dimension(self, dimension_id: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.dimension_id == dimension_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready primitives, e.g. for the CLI, the API and golden files."""
        return {
            "questionnaire_id": self.questionnaire_id,
            "version": self.version,
            "content_hash": self.content_hash,
            "score": self.score,
            "level_id": self.level_id,
            "answered": self.answered,
            "asked": self.asked,
            "dimensions": [
                {
                    "dimension_id": d.dimension_id,
                    "score": d.score,
                    "level_id": d.level_id,
                    "answered": d.answered,
                    "asked": d.asked,
                    "contributions": [
                        {**c._asdict(), "value": list(c.value) if isinstance(c.value, tuple) else c.value}
                        for c in d.contributions
                    ],
                }
                for d in self.dimensions
            ],
        }
