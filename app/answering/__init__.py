"""Answering a questionnaire: one piece for every audience that asks questions.

A business owner in the public check, a workshop participant and a Konvoi member answer
through this same code, so validation, messages, accessibility, follow-up questions and
language stay the same wherever a question is asked (DESIGN.md, "One answering UI").

- `page_flow`: the order of pages, what each asks, which questions show, where to resume.
- `question_html`: one question's HTML, cached per question and language.
- `answer_form`: the WTForms form a sent page is parsed and validated with.
- `drafts`: invalid input left with "Back", kept in the person's session.
- `answer_page`: `show_page` and `submit_page`, built from the four above.

How another audience (a workshop, a Konvoi) uses it, with its own record of answers (any
object with `id`, `profile`, `answers`, `pages_done`: see `AnswerSheet`)::

    view = show_page(q, sheet, page, language)
    return render_template("workshop/page.html", q=q, action=url_for(...), **view.context())

    sent = submit_page(q, sheet, page, request.form, language)
    if sent.view is not None:  # errors, or follow-up questions to answer first
        return render_template("workshop/page.html", q=q, action=..., **sent.view.context()), sent.status
    store sent.profile and sent.answers; mark the page done if sent.page_done, else open
    redirect to sent.go_to (a page id), or to the results when it is None

Its template extends templates/answering/page.html, which renders the questions and
buttons and posts to `action`; the audience fills in the blocks around them. Storing,
finding the person and the URLs stay with the audience (app/assessments.py for the check).
"""

from .answer_page import AnswerSheet, PageSubmission, PageView, show_page, submit_page
from .page_flow import PROFILE, pages, resume_page

__all__ = ["PROFILE", "AnswerSheet", "PageSubmission", "PageView", "pages", "resume_page", "show_page", "submit_page"]
