"""The answering piece on its own: pages shown and sent without the check's routes or database,
as a workshop or a Konvoi will use it with records of their own."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, render_template
from werkzeug.datastructures import MultiDict

from app.answering import PROFILE, PageView, pages, show_page, submit_page
from app.answering.answer_form import NOT_A_NUMBER
from questionnaires import Questionnaire


@dataclass
class Sheet:
    """Someone's answers as another audience might keep them: nothing but the four fields."""

    id: int = 7
    profile: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Any] = field(default_factory=dict)
    pages_done: tuple[str, ...] = ()


def html_of(view: PageView) -> str:
    return "".join(str(block) for section in view.sections for block in section.blocks)


def test_a_word_for_a_number_shows_the_page_again_with_the_fields_message(app: Flask, example: Questionnaire) -> None:
    with app.test_request_context():
        sent = submit_page(example, Sheet(), PROFILE, MultiDict({"industry": "crafts", "employees": "many"}), "de")
        assert sent.view is not None and sent.status == 422
        employees = example.profile[1]
        assert sent.view.errors == [("employees", employees.text.get("de"), str(NOT_A_NUMBER))]
        html = html_of(sent.view)
        assert 'id="employees-error"' in html and 'value="many"' in html  # the person's own input again
        assert sent.values == {} and sent.profile == {} and sent.answers == {}  # nothing to store


def test_a_valid_page_gives_the_values_to_store_and_the_next_page(app: Flask, example: Questionnaire) -> None:
    sheet = Sheet(answers={"website": "basic"})
    with app.test_request_context():
        sent = submit_page(example, sheet, PROFILE, MultiDict({"industry": "crafts", "employees": "12"}), "de")
    assert sent.view is None
    assert sent.values == {"industry": "crafts", "employees": 12}
    assert sent.profile == {"industry": "crafts", "employees": 12} and sent.answers == {"website": "basic"}
    assert sent.page_done and sent.go_to == pages(example)[1]


def test_back_keeps_invalid_input_aside_and_the_page_shows_it_again(app: Flask, example: Questionnaire) -> None:
    page = "processes"
    index = pages(example).index(page)
    sheet = Sheet(profile={"industry": "crafts"})
    with app.test_request_context():
        sent = submit_page(example, sheet, page, MultiDict(
            {"einvoice": "receive", "paper_share": "lots", "move": "back"}), "de")
        assert sent.view is None and sent.go_to == pages(example)[index - 1] and not sent.page_done
        assert sent.values == {"einvoice": "receive"}  # the valid answer is stored, the word is not
        shown = show_page(example, Sheet(profile=sheet.profile, answers=sent.answers), page, "de")
    assert [name for name, _text, _message in shown.errors] == ["paper_share"]
    assert 'value="lots"' in html_of(shown)


def test_the_shared_template_posts_where_the_audience_says(app: Flask, example: Questionnaire) -> None:
    with app.test_request_context():
        view = show_page(example, Sheet(profile={"industry": "crafts", "employees": 3}), PROFILE, "de")
        page = render_template("answering/page.html", q=example, action="/workshop/answer/profile", **view.context())
    assert '<form method="post" action="/workshop/answer/profile"' in page
    assert 'value="crafts" checked' in page and 'value="3"' in page
    assert "private-link" not in page  # the check's own frame is not part of it
