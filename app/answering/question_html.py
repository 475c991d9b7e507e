"""The HTML of one question, built once per question and language, then reused.

A page of the check has some forty radio buttons and checkboxes, labels, legends and help
texts, and almost none of it changes between requests: only which inputs are ticked,
what was typed, and error messages. So the escaped markup is cached per question and
language, and a request only fills in those few things. This keeps a question page within
a third of a bare Flask route's speed (see benchmarks/README.md); WTForms is still what
parses and validates a posted page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from questionnaires import DONT_KNOW, NOT_APPLICABLE, AnyQuestion, Questionnaire
from questionnaires.model import FreeText, MultipleChoice, Number, Scale
from scoring.wording import written_number

from .page_flow import live_questions, page_of


@dataclass(frozen=True)
class Shown:
    """What a person sees in a question: ticked values, typed text, and error messages."""

    ticked: frozenset[str] = frozenset()
    typed: str = ""
    errors: tuple[str, ...] = ()
    hidden: bool = False  # a question its page's own answers do not (yet) call for


@dataclass(frozen=True)
class _Static:
    opening: str  # up to the fieldset's class list, which gets " has-error" when needed
    heading: str  # the rest of the fieldset tag after its class, legend and help
    inputs_kind: str  # "choices" or "typed"
    parts: tuple[tuple[str, str, str], ...]  # (value, markup before `checked`, after) per choice
    before_input: str  # choices: the list's opening tag; typed: the input, with ATTRS and TYPED to fill in
    after_input: str  # choices: the list's closing tag
    closing: str


ATTRS, TYPED = "\x00attrs\x00", "\x00typed\x00"  # escaped text never contains NUL

# Posted from a live question's fieldset only while it is shown (a hidden one is also
# disabled), so the server knows which follow-up questions the person has actually seen.
# Not a valid question id (those have no hyphen), so it never clashes with one.
SEEN_FIELD = "question-seen"


SPECIAL_LABELS = {NOT_APPLICABLE: _l("Does not apply to us"), DONT_KNOW: _l("I don't know")}


def _specials(question: AnyQuestion) -> list[tuple[str, str]]:
    offered = [(NOT_APPLICABLE, question.allow_na), (DONT_KNOW, question.allow_unknown)]
    return [(value, str(SPECIAL_LABELS[value])) for value, allowed in offered if allowed]


def choices_of(question: AnyQuestion, language: str) -> list[tuple[str, str]]:
    """The (value, label) pairs a choice question offers, special answers last."""
    if isinstance(question, Scale):
        plain = [(str(v), str(v)) for v in range(question.min, question.max + 1)]
    elif isinstance(question, Number | FreeText):
        plain = []
    else:
        plain = [(o.id, o.text.get(language)) for o in question.options]
    return plain + _specials(question)


def _choice_parts(name: str, kind: str, choices: Sequence[tuple[str, str]]) -> tuple[tuple[str, str, str], ...]:
    parts = []
    for index, (value, label) in enumerate(choices):
        css = ' class="special"' if value in (NOT_APPLICABLE, DONT_KNOW) else ""
        ident = f"{escape(name)}-{index}"
        head = f'<li{css}><input type="{kind}" id="{ident}" name="{escape(name)}" value="{escape(value)}"'
        parts.append((value, head, f'> <label for="{ident}">{escape(label)}</label></li>'))
    return tuple(parts)


def _static(q: Questionnaire, question: AnyQuestion, language: str) -> _Static:
    key = f"question-html:{question.id}:{language}"
    found = q.derived.get(key)
    if found is None:
        found = q.derived[key] = _build(question, language, live_condition(q, question))
    assert isinstance(found, _Static)
    return found


def live_condition(q: Questionnaire, question: AnyQuestion) -> Any:
    """The condition's JSON tree when it depends on an answer on the same page, else None.

    Only those need the browser's help: the server already knows answers of earlier pages.
    """
    condition = question.condition
    if condition is None or question.id not in live_questions(q, page_of(q, question.id)):
        return None
    return condition.tree


def _build(question: AnyQuestion, language: str, condition: Any) -> _Static:
    qid = escape(question.id)
    closing = f'<input type="hidden" name="{SEEN_FIELD}" value="{qid}"></fieldset>' if condition is not None else "</fieldset>"
    show_if = f' data-condition="{escape(json.dumps(condition))}"' if condition is not None else ""
    required_mark = _("required")  # outside the f-string, where Babel's extraction finds it
    required = f' <span class="required">({escape(required_mark)})</span>' if question.required else ""
    help_text = f'<p class="help" id="{qid}-help">{escape(question.help.get(language))}</p>' if question.help else ""
    heading = f' id="field-{qid}"{show_if}><legend>{escape(question.text.get(language))}{required}</legend>{help_text}'
    scale = ""
    if isinstance(question, Scale) and (question.min_label or question.max_label):
        ends = [f'<span class="scale-end">{value} = {escape(label.get(language))}</span>'
                for value, label in ((question.min, question.min_label), (question.max, question.max_label)) if label]
        scale = f'<div class="scale">{"".join(ends)}</div>'
    if isinstance(question, Number | FreeText):
        special_parts = _choice_parts(question.id + "__special", "radio", _specials(question))
        label = f'<label class="visually-hidden" for="{qid}">{escape(question.text.get(language))}</label>'
        if isinstance(question, Number):
            unit = f'<span class="unit">{escape(question.unit.get(language))}</span>' if question.unit else ""
            field = (f'<input type="text" inputmode="decimal" autocomplete="off" id="{qid}" name="{qid}"'
                     f' value="{TYPED}"{ATTRS}>{label}{unit}')
        elif question.max_length > 200:
            field = f'<textarea id="{qid}" name="{qid}" maxlength="{question.max_length}"{ATTRS}>{TYPED}</textarea>{label}'
        else:
            field = (f'<input type="text" id="{qid}" name="{qid}" maxlength="{question.max_length}"'
                     f' value="{TYPED}"{ATTRS}>{label}')
        return _Static('<fieldset class="question', heading + scale, "typed", special_parts,
                       f'<div class="input">{field}</div>', "", closing)
    kind = "checkbox" if isinstance(question, MultipleChoice) else "radio"
    parts = _choice_parts(question.id, kind, choices_of(question, language))
    css = "choices choices-scale" if isinstance(question, Scale) else "choices"
    return _Static('<fieldset class="question', heading + scale, "choices", parts, f'<ul class="{css}">', "</ul>",
                   closing)


def render_question(q: Questionnaire, question: AnyQuestion, language: str, shown: Shown) -> Markup:
    static = _static(q, question, language)
    described = f' aria-describedby="{escape(question.id)}-error"' if shown.errors else ""
    out = [static.opening, " has-error" if shown.errors else "", '" hidden disabled' if shown.hidden else '"',
           static.heading]
    if shown.errors:
        out.append(f'<p class="error" id="{escape(question.id)}-error">{escape(" ".join(shown.errors))}</p>')
    if static.inputs_kind == "choices":
        out.append(static.before_input)
        out.extend(head + (" checked" if value in shown.ticked else "") + described + tail
                   for value, head, tail in static.parts)
        out.append(static.after_input)
    else:
        attrs = ' aria-invalid="true"' + described if shown.errors else ""
        out.append(static.before_input.replace(ATTRS, attrs).replace(TYPED, str(escape(shown.typed))))
        if static.parts:
            out.append('<ul class="choices">')
            out.extend(head + (" checked" if value in shown.ticked else "") + tail for value, head, tail in static.parts)
            out.append("</ul>")
    out.append(static.closing)
    return Markup("".join(out))


def shown_from_answer(question: AnyQuestion, value: Any, language: str) -> Shown:
    """A stored answer as the page shows it."""
    if value is None:
        return Shown()
    if value in (NOT_APPLICABLE, DONT_KNOW):
        return Shown(ticked=frozenset({value}))
    if isinstance(question, MultipleChoice):
        return Shown(ticked=frozenset(value))
    if isinstance(question, Number):
        return Shown(typed=written_number(value, language))
    if isinstance(question, FreeText):
        return Shown(typed=str(value))
    return Shown(ticked=frozenset({str(value)}))


def shown_from_form(question: AnyQuestion, form: Any) -> Shown:
    """What was posted, as typed, so a page with errors shows the person's own input again."""
    field = form[question.id]
    special = form._fields.get(question.id + "__special")
    errors = tuple(str(e) for e in field.errors)
    if isinstance(question, Number | FreeText):
        ticked = frozenset({special.data}) if special is not None and special.data else frozenset()
        return Shown(ticked=ticked, typed=field.data or "", errors=errors)
    data = field.data
    ticked = frozenset(data or []) if isinstance(question, MultipleChoice) else frozenset({data} if data else set())
    return Shown(ticked=ticked, errors=errors)
