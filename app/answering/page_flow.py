"""The order of pages in a check, what each page asks, where to resume, how much is left."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from questionnaires import AnyQuestion, Dimension, Questionnaire
from scoring import visible_questions

PROFILE = "profile"


class AnswersSoFar(Protocol):
    """What the flow needs of an assessment: a stored row or a read-only snapshot of one."""

    @property
    def profile(self) -> Mapping[str, Any]: ...

    @property
    def answers(self) -> Mapping[str, Any]: ...

    @property
    def pages_done(self) -> Collection[str]: ...


def pages(q: Questionnaire) -> list[str]:
    """The profile, then the questionnaire's pages (one per dimension unless it groups them)."""
    return [PROFILE, *(p.id for p in q.question_pages)]


def page_dimensions(q: Questionnaire, page: str) -> tuple[Dimension, ...]:
    return () if page == PROFILE else tuple(q.dimension_index[d] for d in q.page_index[page].dimensions)


def page_questions(q: Questionnaire, page: str) -> tuple[AnyQuestion, ...]:
    if page == PROFILE:
        return q.profile
    return tuple(question for dimension in page_dimensions(q, page) for question in dimension.questions)


def page_title(q: Questionnaire, page: str, language: str) -> str | None:
    return None if page == PROFILE else q.page_index[page].title.get(language)


@dataclass(frozen=True)
class Section:
    """Part of a page under one heading: a dimension's questions when a page groups several."""

    dimension: Dimension | None  # None: no heading of its own (the profile, or a page of one dimension)
    blocks: list[Any]
    ids: list[str]  # the question of each block, for an audience that adds something under a question


def page_sections(q: Questionnaire, page: str, blocks: Mapping[str, Any]) -> list[Section]:
    """A page's question blocks (by question id, in order) grouped under their dimensions' headings."""
    dimensions = page_dimensions(q, page)
    if len(dimensions) < 2:
        return [Section(None, list(blocks.values()), list(blocks))]
    sections = [Section(d, [blocks[qu.id] for qu in d.questions if qu.id in blocks],
                        [qu.id for qu in d.questions if qu.id in blocks]) for d in dimensions]
    return [section for section in sections if section.blocks]


def shown_on_page(q: Questionnaire, page: str, assessment: AnswersSoFar,
                  page_values: Mapping[str, Any]) -> list[AnyQuestion]:
    """Questions the person should see: judged by the answers of the other pages plus this
    page's own values (stored ones when showing the page, posted ones when saving it).

    `page_values` replaces whatever is stored for this page, so a cleared answer counts as
    unanswered; it holds answered questions only.
    """
    questions = page_questions(q, page)
    on_page = {qu.id for qu in questions}
    if page == PROFILE:
        values = {**{k: v for k, v in assessment.profile.items() if k not in on_page}, **page_values}
        shown = []
        for qu in questions:  # in order, so a hidden question counts as unanswered for the ones after it
            if qu.condition is None or qu.condition(values):
                shown.append(qu)
            else:
                values.pop(qu.id, None)
        return shown
    answers = {**{k: v for k, v in assessment.answers.items() if k not in on_page}, **page_values}
    visible = set(visible_questions(q, answers, assessment.profile))
    return [qu for qu in questions if qu.id in visible]


def live_questions(q: Questionnaire, page: str) -> frozenset[str]:
    """Questions whose `show_if` looks at another question of the same page.

    Only these can appear or disappear while the page is being filled in: the browser
    decides live, and the server again when the page is sent.
    """
    key = f"live-questions:{page}"
    found = q.derived.get(key)
    if found is None:
        on_page = {qu.id for qu in page_questions(q, page)}
        found = q.derived[key] = frozenset(
            qu.id for qu in page_questions(q, page) if qu.condition is not None and qu.condition.references & on_page)
    assert isinstance(found, frozenset)
    return found


def page_of(q: Questionnaire, question_id: str) -> str:
    """The page that asks this question."""
    key = "page-of-question"
    found = q.derived.get(key)
    if found is None:
        found = q.derived[key] = {qu.id: p for p in pages(q) for qu in page_questions(q, p)}
    assert isinstance(found, dict)
    return str(found[question_id])


def stored_on_page(q: Questionnaire, page: str, assessment: AnswersSoFar) -> dict[str, Any]:
    stored = assessment.profile if page == PROFILE else assessment.answers
    return {qu.id: stored[qu.id] for qu in page_questions(q, page) if stored.get(qu.id) is not None}


def may_show(q: Questionnaire, page: str, assessment: AnswersSoFar) -> list[AnyQuestion]:
    """Everything the page's form holds: what is shown now, plus what this page's answers may still show."""
    shown = {qu.id for qu in shown_on_page(q, page, assessment, stored_on_page(q, page, assessment))}
    live = live_questions(q, page)
    return [qu for qu in page_questions(q, page) if qu.id in shown or qu.id in live]


def resume_page(q: Questionnaire, assessment: AnswersSoFar) -> str | None:
    """The first page not yet sent; None when the check is complete."""
    return next((p for p in pages(q) if p not in assessment.pages_done), None)


@dataclass(frozen=True)
class Progress:
    page_number: int  # 1-based
    page_count: int
    done: int  # pages sent
    minutes_left: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.page_count)


def progress(q: Questionnaire, assessment: AnswersSoFar, page: str) -> Progress:
    all_pages = pages(q)
    counts = {p: len(page_questions(q, p)) for p in all_pages}
    open_questions = sum(n for p, n in counts.items() if p not in assessment.pages_done)
    total = sum(counts.values()) or 1
    minutes = q.estimated_minutes * open_questions / total
    return Progress(
        page_number=all_pages.index(page) + 1,
        page_count=len(all_pages),
        done=len([p for p in all_pages if p in assessment.pages_done]),
        minutes_left=max(1, round(minutes)) if open_questions else 0,
    )
