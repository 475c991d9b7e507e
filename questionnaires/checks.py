"""Cross-reference checks that a schema cannot express: ids, references, bands, conditions.

Runs on the model that survived schema validation. Parts that were cut away for their
own errors are remembered, so a reference to them is not reported a second time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from pydantic import BaseModel

from .conditions import Condition, ConditionError, compile_condition
from .model import (
    DONT_KNOW,
    NOT_APPLICABLE,
    Action,
    AnyQuestion,
    FreeText,
    MultipleChoice,
    Number,
    Questionnaire,
    Scale,
    SingleChoice,
    Text,
)
from .problems import Problem, did_you_mean
from .schema import Validated
from .yamlsource import Path, Source

_SCORING_KEYS = ("weight", "allow_na", "allow_unknown")
_PROFILE_TYPES = ("single", "multiple", "number", "text")
_CONDITION_WORDS = frozenset({"and", "or", "not", "in"})
_ANSWER_WORDS = frozenset({NOT_APPLICABLE, DONT_KNOW})
# Page ids are part of a page's address in the check; these addresses are taken by the check itself.
RESERVED_PAGE_IDS = ("profile", "results", "delete", "again")


class CrossChecker:
    """Reporting helpers for checks that run on a validated model but point into the file."""

    def __init__(self, source: Source, validated: Validated[Any]):
        self.source = source
        self.validated = validated
        self.problems: list[Problem] = []

    def report(self, path: Path, message: str, hint: str = "", *, key: bool = False) -> None:
        original = self.validated.original(path)
        line, col = self.source.position(original, key=key)
        self.problems.append(Problem(self.source.file, line, col, self.source.describe(original), message, hint))

    def damaged(self, path: Path) -> bool:
        return self.validated.damaged(self.validated.original(path))

    def unique(self, items: list[tuple[Path, str]], kind: str) -> None:
        seen: dict[str, Path] = {}
        for path, ident in items:
            if ident in seen:
                first = self.source.position(self.validated.original(seen[ident]))[0]
                self.report(path + ("id",), f"duplicate {kind} id '{ident}'", f"first used on line {first}")
            else:
                seen[ident] = path


class Checker(CrossChecker):
    def __init__(self, source: Source, validated: Validated[Questionnaire], centre_topics: Collection[str] | None = None):
        super().__init__(source, validated)
        assert validated.model is not None
        self.q = validated.model
        self.centre_topics = centre_topics  # known only when the questionnaire is loaded with a centre catalogue
        self.written_ids = _written_question_ids(source.data)

    def run(self) -> list[Problem]:
        self.check_languages()
        self.check_unique_ids()
        self.check_profile()
        self.check_dimensions()
        self.check_pages()
        self.check_levels()
        self.check_conditions()
        self.check_actions()
        self.check_translations()
        return self.problems

    def check_languages(self) -> None:
        if "de" not in self.q.languages:
            self.report(("languages",), "German (de) must be one of the languages")
        if len(set(self.q.languages)) != len(self.q.languages):
            self.report(("languages",), "a language is listed twice")

    def check_unique_ids(self) -> None:
        self.unique([(("dimensions", i), d.id) for i, d in enumerate(self.q.dimensions)], "dimension")
        self.unique(list(self._question_ids()), "question")
        self.unique([(("levels", i), lvl.id) for i, lvl in enumerate(self.q.levels)], "level")
        self.unique([(("actions", i), a.id) for i, a in enumerate(self.q.actions)], "action")
        for path, question in self._all_questions():
            if question.id in _CONDITION_WORDS:
                self.report(path + ("id",), f"'{question.id}' is a word of the condition language", "choose another id")
            if isinstance(question, SingleChoice | MultipleChoice):
                self.unique([(path + ("options", i), o.id) for i, o in enumerate(question.options)], "option")
                for i, option in enumerate(question.options):
                    if option.id in _ANSWER_WORDS:
                        meaning = "does not apply" if option.id == NOT_APPLICABLE else "don't know"
                        self.report(path + ("options", i, "id"), f"option id '{option.id}' is reserved for '{meaning}'",
                                    f"use allow_{'na' if option.id == NOT_APPLICABLE else 'unknown'}: true instead")

    def _question_ids(self) -> Iterator[tuple[Path, str]]:
        for path, question in self._all_questions():
            yield path, question.id

    def _all_questions(self) -> Iterator[tuple[Path, AnyQuestion]]:
        for i, question in enumerate(self.q.profile):
            yield ("profile", i), question
        for d, dimension in enumerate(self.q.dimensions):
            for i, question in enumerate(dimension.questions):
                yield ("dimensions", d, "questions", i), question

    def check_profile(self) -> None:
        for i, question in enumerate(self.q.profile):
            path: Path = ("profile", i)
            for key in _SCORING_KEYS:
                if key in question.model_fields_set:
                    self.report(path + (key,), f"profile questions are not scored; remove '{key}'", key=True)
            if question.type not in _PROFILE_TYPES:
                self.report(path + ("type",), "profile questions use " + ", ".join(_PROFILE_TYPES))
            options = question.options if isinstance(question, SingleChoice | MultipleChoice) else ()
            for o, option in enumerate(options):
                if option.score is not None:
                    self.report(path + ("options", o, "score"), "profile options are not scored; remove 'score'", key=True)
            if isinstance(question, Number) and question.bands:
                self.report(path + ("bands",), "profile questions are not scored; remove 'bands'", key=True)

    def check_dimensions(self) -> None:
        for d, dimension in enumerate(self.q.dimensions):
            base: Path = ("dimensions", d)
            if not dimension.scored_questions and not self.damaged(base):
                self.report(base, f"dimension '{dimension.id}' has no scored question")
            for i, question in enumerate(dimension.questions):
                self.check_question(base + ("questions", i), question)
            self.check_centre_topics(base, dimension.centre_topics or ())

    def check_centre_topics(self, base: Path, declared: tuple[str, ...]) -> None:
        if len(set(declared)) != len(declared):
            self.report(base + ("centre_topics",), "a centre topic is listed twice")
        if self.centre_topics is None:
            return
        for i, topic in enumerate(declared):
            if topic not in self.centre_topics:
                self.report(base + ("centre_topics", i), f"unknown centre topic '{topic}'",
                            did_you_mean(topic, self.centre_topics) or "see the topics of the centre catalogue")

    def check_pages(self) -> None:
        """Each dimension on exactly one page, in the order of `dimensions:` (the order they are asked)."""
        if not self.q.pages:
            for d, dimension in enumerate(self.q.dimensions):
                if dimension.id in RESERVED_PAGE_IDS:
                    self.report(("dimensions", d, "id"), f"'{dimension.id}' names a page of the check itself",
                                "without pages:, each dimension is a page named by its id: choose another id")
            return
        self.unique([(("pages", i), p.id) for i, p in enumerate(self.q.pages)], "page")
        order = {d.id: i for i, d in enumerate(self.q.dimensions)}
        placed: dict[str, tuple[Path, str]] = {}
        last = -1
        for i, page in enumerate(self.q.pages):
            if page.id in RESERVED_PAGE_IDS:
                self.report(("pages", i, "id"), f"'{page.id}' names a page of the check itself",
                            "choose another id; " + ", ".join(RESERVED_PAGE_IDS) + " are taken")
            if not page.dimensions:
                self.report(("pages", i, "dimensions"), f"page '{page.id}' has no dimension",
                            "list the dimensions it asks, e.g. dimensions: [strategy, customers]")
            for j, ident in enumerate(page.dimensions):
                path: Path = ("pages", i, "dimensions", j)
                if ident not in order:
                    if not self.damaged(("dimensions",)):
                        self.report(path, f"unknown dimension '{ident}'", did_you_mean(ident, order))
                elif ident in placed:
                    first_path, first_page = placed[ident]
                    first = self.source.position(self.validated.original(first_path))[0]
                    where = "this page" if first_page == page.id else f"page '{first_page}'"
                    self.report(path, f"dimension '{ident}' is already on {where} (line {first})",
                                "each dimension goes on exactly one page")
                else:
                    placed[ident] = (path, page.id)
                    if order[ident] < last:
                        self.report(path, f"dimension '{ident}' is asked out of order",
                                    "pages take the dimensions in the order of dimensions:, which is the order they are asked in")
                    last = max(last, order[ident])
        if self.damaged(("pages",)):
            return  # a page cut for its own errors may have held the missing dimensions
        for d, dimension in enumerate(self.q.dimensions):
            if dimension.id not in placed:
                self.report(("dimensions", d, "id"), f"dimension '{dimension.id}' is on no page",
                            "with pages:, list every dimension under one page's dimensions:")

    def check_question(self, path: Path, question: AnyQuestion) -> None:
        if isinstance(question, FreeText):
            for key in _SCORING_KEYS:
                if key in question.model_fields_set:
                    self.report(path + (key,), f"free text is never scored; remove '{key}'", key=True)
        if isinstance(question, SingleChoice | MultipleChoice):
            for o, option in enumerate(question.options):
                if option.score is None:
                    self.report(path + ("options", o), f"option '{option.id}' has no score", "add score: 0 to 100")
                if option.exclusive and isinstance(question, SingleChoice):
                    self.report(path + ("options", o, "exclusive"), "only multiple-choice options can be exclusive")
        if isinstance(question, Scale) and question.min >= question.max:
            self.report(path + ("max",), "max must be greater than min")
        if isinstance(question, Number):
            self.check_number(path, question)

    def check_number(self, path: Path, question: Number) -> None:
        if question.min is not None and question.max is not None and question.min > question.max:
            self.report(path + ("max",), "max must not be smaller than min")
        if not question.bands:
            self.report(path, f"number question '{question.id}' needs bands to be scored",
                        "e.g. bands: [{from: 0, score: 0}, {from: 10, score: 100}]")
            return
        starts = [band.start for band in question.bands]
        if any(b <= a for a, b in zip(starts, starts[1:])):
            self.report(path + ("bands",), "bands must be listed with rising 'from' values")
        if question.min is not None and starts[0] > question.min:
            self.report(path + ("bands", 0, "from"), f"the first band must start at or below min ({question.min:g})")

    def check_levels(self) -> None:
        if self.damaged(("levels",)):
            return
        levels = self.q.levels
        for i, level in enumerate(levels):
            if level.min >= level.max:
                self.report(("levels", i), f"level '{level.id}': min must be below max")
        if levels[0].min != 0:
            self.report(("levels", 0, "min"), "the first level must start at 0", "levels must cover 0 to 100")
        for i, (lower, upper) in enumerate(zip(levels, levels[1:]), start=1):
            if upper.min != lower.max:
                gap = "a gap" if upper.min > lower.max else "an overlap"
                self.report(("levels", i, "min"),
                            f"{gap} between '{lower.id}' (up to {lower.max:g}) and '{upper.id}' (from {upper.min:g})",
                            "each level must start where the previous one ends")
        if levels[-1].max != 100:
            self.report(("levels", len(levels) - 1, "max"), "the last level must end at 100",
                        "levels must cover 0 to 100")

    def check_conditions(self) -> None:
        order = [q for _, q in self._all_questions()]
        all_ids = [q.id for q in order]
        for position, (path, question) in enumerate(self._all_questions()):
            if question.show_if is None:
                continue
            earlier = {q.id: q for q in order[:position]}
            later = set(all_ids[position:])
            question._condition = self._compile(path + ("show_if",), question.show_if, earlier, later)

    def check_actions(self) -> None:
        every = {q.id: q for _, q in self._all_questions()}
        dimension_ids = [d.id for d in self.q.dimensions]
        for i, action in enumerate(self.q.actions):
            path: Path = ("actions", i)
            if action.dimension not in dimension_ids and not self.damaged(("dimensions",)):
                self.report(path + ("dimension",), f"unknown dimension '{action.dimension}'",
                            did_you_mean(action.dimension, dimension_ids))
            for j, level in enumerate(action.levels):
                if level not in self.q.level_index and not self.damaged(("levels",)):
                    self.report(path + ("levels", j), f"unknown level '{level}'", did_you_mean(level, self.q.level_index))
            if not action.levels and not action.triggers:
                self.report(path, f"action '{action.id}' needs 'levels', 'when' or both", "otherwise it never applies")
            self.check_kind(path, action)
            many = not isinstance(action.when, str)
            compiled = [self._compile(path + (("when", j) if many else ("when",)), source, every, set())
                        for j, source in enumerate(action.triggers)]
            action._conditions = tuple(c for c in compiled if c is not None)

    def check_kind(self, path: Path, action: Action) -> None:
        """A core step must say for which industries it is core, and only a core step may."""
        if action.kind == "core" and not action.core_for:
            self.report(path + ("kind",), f"action '{action.id}' is a core step but has no 'core_for'",
                        "list the industries it is core for, e.g. core_for: [construction, trade]")
        if action.core_for and action.kind != "core":
            self.report(path + ("core_for",), "'core_for' is only allowed with kind: core",
                        f"this action is kind: {action.kind}")
        if len(set(action.core_for)) != len(action.core_for):
            self.report(path + ("core_for",), "an industry is listed twice")
        industry = self.q.profile_index.get("industry")
        if action.core_for and not isinstance(industry, SingleChoice):
            self.report(path + ("core_for",), "'core_for' needs a single-choice profile question 'industry'")
            return
        for j, option in enumerate(action.core_for):
            if isinstance(industry, SingleChoice) and option not in industry.option_ids:
                self.report(path + ("core_for", j), f"'industry' has no option '{option}'",
                            did_you_mean(option, industry.option_ids))

    def _compile(self, path: Path, source: str, known: dict[str, AnyQuestion], later: set[str]) -> Condition | None:
        try:
            return compile_condition(source, known, later)
        except ConditionError as exc:
            for issue in exc.issues:
                if "unknown question" in issue.message and issue.message.split("'")[1] in self.written_ids:
                    continue  # that question was cut for its own errors, already reported
                self.report(path, f"{issue.message} (column {issue.column} of the condition)", issue.hint)
            return None

    def check_translations(self) -> None:
        if "en" not in self.q.languages:
            return
        for path, text in _texts(self.q, ()):
            if text.en is None:
                self.report(path, "English text missing", "languages lists en: add en: ...")


def _texts(node: Any, path: Path) -> Iterator[tuple[Path, Text]]:
    if isinstance(node, Text):
        yield path, node
    elif isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            yield from _texts(getattr(node, name), path + (info.alias or name,))
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            yield from _texts(item, path + (i,))


def _written_question_ids(data: Any) -> set[str]:
    """Question ids as written in the file, including ones whose question had errors."""
    ids: set[str] = set()
    if not isinstance(data, dict):
        return ids
    sections = [data.get("profile")] + [d.get("questions") for d in data.get("dimensions") or [] if isinstance(d, dict)]
    for section in sections:
        for item in section if isinstance(section, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.add(item["id"])
    return ids
