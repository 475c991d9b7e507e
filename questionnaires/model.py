"""The questionnaire as a frozen model: the schema an author writes and the object scoring reads.

One set of classes serves both purposes so the file format and the engine cannot drift
apart. Unknown keys are errors (`extra="forbid"`), and `strict` stops YAML values from
being silently coerced (a quoted "5" is not a number).
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator
from pydantic_core import PydanticCustomError

from .problems import described_pattern
from .taxonomy import CentreKind

if TYPE_CHECKING:
    from .conditions import Condition

ID_PATTERN = described_pattern(r"^[a-z][a-z0-9_]*$", "id", "lowercase letters a-z, digits and _, starting with a letter")
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
# Questionnaire ids name files and URLs, and no condition refers to them, so hyphens are fine.
QUESTIONNAIRE_ID_PATTERN = described_pattern(
    r"^[a-z][a-z0-9_-]*$", "questionnaire id", "lowercase letters a-z, digits, _ and -, starting with a letter")
VERSION_PATTERN = described_pattern(
    r"^[0-9A-Za-z][0-9A-Za-z._-]*$", "version", "letters, digits, ., _ and -, starting with a letter or digit")
Language = Literal["de", "en"]
Aggregation = Literal["weighted_mean", "minimum"]
Rating = Literal["low", "medium", "high"]
# Published assessment models a questionnaire may declare it follows (`based_on:`); the
# report says so only for a questionnaire that declares it.
AssessmentModel = Literal["eu_dma"]
# The ranking puts legal duties first, then core steps for the firm's industry, then quick
# wins, then the rest (docs/scoring.md); `general` is the default, so older files still load.
StepKind = Literal["legal", "core", "quick_win", "general"]

NOT_APPLICABLE = "na"
DONT_KNOW = "unknown"


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Text(Spec):
    """A text in German (required) and English (optional; German is shown when missing)."""

    de: str = Field(min_length=1)
    en: str | None = Field(default=None, min_length=1)

    def get(self, language: str) -> str:
        return (self.en or self.de) if language == "en" else self.de


class Option(Spec):
    id: Id
    text: Text
    score: float | None = Field(default=None, ge=0, le=100)
    exclusive: bool = False


class QuestionBase(Spec):
    id: Id
    text: Text
    help: Text | None = None
    show_if: str | None = None
    required: bool = False
    weight: float = Field(default=1.0, gt=0, le=100)
    allow_na: bool = False
    allow_unknown: bool = False
    _condition: Condition | None = PrivateAttr(default=None)

    @property
    def condition(self) -> Condition | None:
        """The compiled `show_if`, set by the loader; None means always shown."""
        return self._condition

    @property
    def is_scored(self) -> bool:
        return True


class ChoiceQuestion(QuestionBase):
    options: tuple[Option, ...] = Field(min_length=2)

    @cached_property
    def option_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options)

    @cached_property
    def option_scores(self) -> dict[str, float]:
        return {o.id: (o.score if o.score is not None else 0.0) for o in self.options}

    @cached_property
    def lowest_score(self) -> float:
        return min(self.option_scores.values())


class SingleChoice(ChoiceQuestion):
    type: Literal["single"]


class MultipleChoice(ChoiceQuestion):
    """Several options may be ticked; the score is their sum, capped at 100.

    An `exclusive` option ("none of these") cannot be combined with others.
    """

    type: Literal["multiple"]

    @cached_property
    def exclusive_ids(self) -> frozenset[str]:
        return frozenset(o.id for o in self.options if o.exclusive)

    @property
    def lowest_score(self) -> float:
        return 0.0  # ticking nothing is a valid answer and scores 0


_YPN_TEXTS = {
    "yes": Text(de="Ja", en="Yes"),
    "partly": Text(de="Teilweise", en="Partly"),
    "no": Text(de="Nein", en="No"),
}


class YesPartlyNoScores(Spec):
    yes: float = Field(default=100.0, ge=0, le=100)
    partly: float = Field(default=50.0, ge=0, le=100)
    no: float = Field(default=0.0, ge=0, le=100)


class YesPartlyNo(QuestionBase):
    """Yes / partly / no with fixed option ids, so authors need not repeat the three options."""

    type: Literal["yes_partly_no"]
    scores: YesPartlyNoScores = YesPartlyNoScores()

    @cached_property
    def options(self) -> tuple[Option, ...]:
        return tuple(
            Option(id=key, text=text, score=getattr(self.scores, key)) for key, text in _YPN_TEXTS.items()
        )

    @cached_property
    def option_ids(self) -> frozenset[str]:
        return frozenset(_YPN_TEXTS)

    @cached_property
    def option_scores(self) -> dict[str, float]:
        return {key: getattr(self.scores, key) for key in _YPN_TEXTS}

    @cached_property
    def lowest_score(self) -> float:
        return min(self.option_scores.values())


class Scale(QuestionBase):
    """A whole number between `min` and `max`, scored linearly from 0 (min) to 100 (max)."""

    type: Literal["scale"]
    min: int = 0
    max: int = 5
    min_label: Text | None = None
    max_label: Text | None = None

    @property
    def lowest_score(self) -> float:
        return 0.0

    def score_of(self, value: int) -> float:
        return (value - self.min) * 100.0 / (self.max - self.min)


class Band(Spec):
    """From this value upwards (until the next band) a number scores `score`."""

    start: float = Field(alias="from")
    score: float = Field(ge=0, le=100)


class Number(QuestionBase):
    type: Literal["number"]
    min: float | None = 0
    max: float | None = None
    integer: bool = False
    unit: Text | None = None
    bands: tuple[Band, ...] = ()

    @cached_property
    def band_starts(self) -> list[float]:
        return [b.start for b in self.bands]

    @property
    def lowest_score(self) -> float:
        return min((b.score for b in self.bands), default=0.0)

    def score_of(self, value: float) -> float:
        index = bisect.bisect_right(self.band_starts, value) - 1
        return self.bands[max(index, 0)].score


class FreeText(QuestionBase):
    """Free text is stored and shown but never scored; `pattern` restricts it (e.g. a postcode region)."""

    type: Literal["text"]
    max_length: int = Field(default=2000, gt=0, le=20000)
    pattern: str | None = Field(default=None, max_length=200)

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise PydanticCustomError("invalid_pattern", "invalid pattern", {"reason": str(exc)}) from None
        return value

    @property
    def is_scored(self) -> bool:
        return False


Question = Annotated[
    Union[SingleChoice, MultipleChoice, YesPartlyNo, Scale, Number, FreeText],
    Field(discriminator="type"),
]
AnyQuestion = SingleChoice | MultipleChoice | YesPartlyNo | Scale | Number | FreeText
QUESTION_TYPES = ("single", "multiple", "yes_partly_no", "scale", "number", "text")


class Dimension(Spec):
    id: Id
    title: Text
    description: Text | None = None
    weight: float = Field(default=1.0, gt=0, le=100)
    aggregation: Aggregation = "weighted_mean"
    questions: tuple[Question, ...] = Field(min_length=1)
    centre_topics: tuple[Id, ...] | None = None  # topic ids of the centre catalogue this dimension corresponds to

    @cached_property
    def scored_questions(self) -> tuple[AnyQuestion, ...]:
        return tuple(q for q in self.questions if q.is_scored)

    @property
    def matched_topics(self) -> tuple[str, ...]:
        """The declared centre topics; without a declaration, the topic named like the dimension.

        The fallback keeps frozen files written before the declaration existed matched to centres.
        """
        return self.centre_topics if self.centre_topics is not None else (self.id,)


class Page(Spec):
    """A page of the check that asks the questions of one or more dimensions, each keeping its own score."""

    id: Id
    title: Text
    description: Text | None = None
    dimensions: tuple[Id, ...]  # an empty list is reported by the loader's cross-checks, in plain words


class Level(Spec):
    """A named maturity band: scores from `min` up to (not including) `max`; the top band includes 100."""

    id: Id
    title: Text
    description: Text
    min: float = Field(ge=0, le=100)
    max: float = Field(ge=0, le=100)


class Action(Spec):
    """A recommendation, tied to a dimension at some levels, to specific answers (`when`), or both.

    `when` is one condition or a list of them (any one suffices), so one step can be reached
    from several answers without being written twice; the reason names the one that held.
    """

    id: Id
    dimension: Id
    title: Text
    text: Text
    first_step: Text | None = None
    effort: Rating
    impact: Rating
    kind: StepKind = "general"
    core_for: tuple[Id, ...] = ()  # options of the profile question `industry`
    levels: tuple[Id, ...] = ()
    when: str | tuple[str, ...] | None = None
    help_from: tuple[CentreKind, ...] = ()
    _conditions: tuple[Condition, ...] = PrivateAttr(default=())

    @property
    def triggers(self) -> tuple[str, ...]:
        """The `when` conditions as written, one per way of reaching the step."""
        if self.when is None:
            return ()
        return (self.when,) if isinstance(self.when, str) else self.when

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """The compiled `when` conditions, in the order written; set by the loader."""
        return self._conditions


class ScoringRules(Spec):
    """How the overall index is formed and what "don't know" is worth."""

    overall: Aggregation = "weighted_mean"
    dont_know: Literal["lowest", "excluded"] = "lowest"


class Questionnaire(Spec):
    id: str = Field(pattern=QUESTIONNAIRE_ID_PATTERN, max_length=64)
    version: str = Field(min_length=1, max_length=32, pattern=VERSION_PATTERN)
    title: Text
    description: Text
    languages: tuple[Language, ...] = ("de",)
    estimated_minutes: int = Field(gt=0, le=240)
    based_on: AssessmentModel | None = None
    scoring: ScoringRules = ScoringRules()
    profile: tuple[Question, ...] = ()
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    pages: tuple[Page, ...] = ()
    levels: tuple[Level, ...] = Field(min_length=1)
    actions: tuple[Action, ...] = ()
    _content_hash: str = PrivateAttr(default="")

    @field_validator("version", mode="before")
    @classmethod
    def _whole_number_version(cls, value: object) -> object:
        """Allow `version: 3`; a float such as 1.10 would silently become 1.1, so it must be quoted."""
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, float):
            raise PydanticCustomError("quoted_version", "a version with a dot must be quoted")
        return value

    @property
    def content_hash(self) -> str:
        """SHA-256 of the parsed content: stored with every assessment to prove which text was answered."""
        return self._content_hash

    @cached_property
    def derived(self) -> dict[str, object]:
        """Memo for structures that pure layers derive from this (immutable) questionnaire."""
        return {}

    @cached_property
    def questions(self) -> tuple[AnyQuestion, ...]:
        """All dimension questions, in the order they are asked."""
        return tuple(q for d in self.dimensions for q in d.questions)

    @cached_property
    def question_index(self) -> dict[str, AnyQuestion]:
        return {q.id: q for q in self.questions}

    @cached_property
    def profile_index(self) -> dict[str, AnyQuestion]:
        return {q.id: q for q in self.profile}

    @cached_property
    def dimension_index(self) -> dict[str, Dimension]:
        return {d.id: d for d in self.dimensions}

    @cached_property
    def question_pages(self) -> tuple[Page, ...]:
        """The pages after the profile: as written in `pages:`, else one page per dimension (v1 files)."""
        if self.pages:
            return self.pages
        return tuple(Page(id=d.id, title=d.title, description=d.description, dimensions=(d.id,)) for d in self.dimensions)

    @cached_property
    def page_index(self) -> dict[str, Page]:
        return {p.id: p for p in self.question_pages}

    @cached_property
    def level_index(self) -> dict[str, Level]:
        return {lvl.id: lvl for lvl in self.levels}

