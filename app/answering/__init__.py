"""Answering a questionnaire: one piece for every audience that asks questions.

A business owner in the public check, a workshop participant and a Konvoi member answer
through this same code, so validation, messages, accessibility, follow-up questions and
language stay the same wherever a question is asked (DESIGN.md, "One answering UI").

- `page_flow`: the order of pages, what each asks, which questions show, where to resume.
- `question_html`: one question's HTML, cached per question and language.
- `answer_form`: the WTForms form a sent page is parsed and validated with.
- `drafts`: invalid input left with "Back", kept in the person's session.
- `answer_page`: `show_page` and `submit_page`, built from the four above, and
  `submit_answer`: one question sent on its own by the page's script (saved as it is given).

How another audience (a workshop, a Konvoi) uses it, with its own record of answers (any
object with `id`, `profile`, `answers`, `pages_done`: see `AnswerSheet`)::

    view = show_page(q, sheet, page, language)
    return render_template("workshop/page.html", q=q, action=url_for(...), **view.context())

    sent = submit_page(q, sheet, page, request.form, language)
    if sent.view is not None:  # errors, or follow-up questions to answer first
        return render_template("workshop/page.html", q=q, action=..., **sent.view.context()), sent.status
    store sent.profile and sent.answers; mark the page done if sent.page_done, else open
    redirect to sent.go_to (a page id), or to the results when it is None

With JavaScript each answer can be saved as it is given: pass `answer_url` to the template
(a route that posts one question, with QUESTION_FIELD naming it) and store what
`submit_answer` returns (see `save_answer` in app/check/routes.py). The page sent whole
stays the authority: only it marks a page done.

Its template extends templates/answering/page.html, which renders the questions and
buttons and posts to `action`; the audience fills in the blocks around them. Storing,
finding the person and the URLs stay with the audience (app/assessments.py for the check).
"""

from .answer_page import (QUESTION_FIELD, AnswerSheet, AnswerSubmission, PageSubmission, PageView, show_page,
                          submit_answer, submit_page)
from .page_flow import PROFILE, pages, resume_page

__all__ = ["PROFILE", "QUESTION_FIELD", "AnswerSheet", "AnswerSubmission", "PageSubmission", "PageView", "pages",
           "resume_page", "show_page", "submit_answer", "submit_page"]
