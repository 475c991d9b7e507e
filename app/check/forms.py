"""WTForms built from the questionnaire: one form per page, one field per question.

"Does not apply" and "don't know" are offered as extra choices where the question allows
them. A posted value the page never offered (an unknown field, an option id that is not
among the choices) cannot come from a person using the form, so it is refused as a bad
request instead of being shown as a field error.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field, RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..i18n import current_language
from .choices import SEEN_FIELD, SPECIAL_LABELS, choices_of
from questionnaires import DONT_KNOW, NOT_APPLICABLE, AnyQuestion
from questionnaires.model import FreeText, MultipleChoice, Number, Scale
from scoring.wording import written_number

SPECIAL_SUFFIX = "__special"


class Tampered(Exception):
    """The post holds something no rendering of this page could have produced."""


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _choices(question: AnyQuestion, language: str) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in choices_of(question, language)]


def _field(question: AnyQuestion, language: str) -> tuple[Field, Field | None]:
    """The question's field, and for numbers and text a separate radio group for the special answers."""
    label = question.text.get(language)
    required = [InputRequired(message=_l("Please answer this question."))] if question.required else [Optional()]
    choices = _choices(question, language)
    if isinstance(question, MultipleChoice):
        return CheckboxListField(label, choices=choices, validators=required), None
    if isinstance(question, Number | FreeText):
        special = RadioField(choices=choices, validators=[Optional()]) if choices else None
        if isinstance(question, Number):
            return StringField(label, validators=required), special
        length = Length(max=question.max_length, message=lazy_ngettext(
            "Please write at most %(num)d character.", "Please write at most %(num)d characters.", question.max_length))
        return StringField(label, validators=[*required, length]), special
    return RadioField(label, choices=choices, validators=required), None


def build_form(questions: list[AnyQuestion], language: str, formdata: MultiDict[str, str]) -> FlaskForm:
    """A form class made for this page's questions, filled from the post (used to parse and validate)."""
    fields: dict[str, Field] = {}
    for question in questions:
        field, special = _field(question, language)
        fields[question.id] = field
        if special is not None:
            fields[question.id + SPECIAL_SUFFIX] = special
    form_class = type("PageForm", (FlaskForm,), fields)
    return form_class(formdata=formdata)


def reject_tampering(form: FlaskForm, formdata: MultiDict[str, str]) -> None:
    """Raise Tampered for unknown fields or values outside a field's choices."""
    known = {field.name for field in form} | {"csrf_token", "move", SEEN_FIELD}  # move: which button was pressed
    unknown = set(formdata.keys()) - known
    if unknown:
        raise Tampered(f"unknown field {sorted(unknown)[0]!r}")
    for field in form:
        choices = getattr(field, "choices", None)
        if not choices:
            continue
        allowed = {choice.value for choice in choices}
        for value in formdata.getlist(field.name):
            if value not in allowed:
                raise Tampered(f"{field.name}: {value!r} is not an offered choice")


def answers_from(form: FlaskForm, questions: list[AnyQuestion]) -> dict[str, Any]:
    """The page's answers in the stored form; None for a question left blank.

    Adds field errors (and so makes the form invalid) for input a person can get wrong:
    a word where a number belongs, a number out of range, a special answer combined with
    options.
    """
    answers: dict[str, Any] = {}
    for question in questions:
        field = form[question.id]
        special = form._fields.get(question.id + SPECIAL_SUFFIX)
        try:
            answers[question.id] = _value(question, field, special)
        except ValidationError as error:
            field.errors = [*field.errors, str(error)]
    return answers


def _value(question: AnyQuestion, field: Field, special: Field | None) -> Any:
    if isinstance(question, MultipleChoice):
        chosen = list(field.data or [])
        specials = [c for c in chosen if c in (NOT_APPLICABLE, DONT_KNOW)]
        if specials and len(chosen) > 1:
            raise ValidationError(_l("Choose either options or “%(special)s”, not both.",
                                     special=SPECIAL_LABELS[specials[0]]))
        exclusive = [c for c in chosen if c in question.exclusive_ids]
        if exclusive and len(chosen) > 1:
            raise ValidationError(_l("“%(option)s” cannot be combined with other options.",
                                     option={c.value: c.label for c in field.choices}[exclusive[0]]))
        return specials[0] if specials else (chosen or None)
    if isinstance(question, Number):
        text = (field.data or "").strip()
        if special is not None and special.data:
            if text:
                raise ValidationError(_l("Enter a number or choose one of the answers below, not both."))
            return special.data
        if not text:
            return None
        return _number(question, text)
    if isinstance(question, Scale):
        return int(field.data) if field.data and field.data.lstrip("-").isdigit() else (field.data or None)
    if isinstance(question, FreeText):
        return (field.data or "").strip() or None
    return field.data or None


def _range_message(low: float | None, high: float | None) -> str:
    """What range to enter, with the numbers written as the reader writes them."""
    language = current_language()
    if low is not None and high is not None:
        return _("Please enter a number from %(low)s to %(high)s.", low=written_number(low, language),
                 high=written_number(high, language))
    if low is not None:
        return _("Please enter a number of at least %(low)s.", low=written_number(low, language))
    assert high is not None, "a value can only be out of range when there is a bound"
    return _("Please enter a number of at most %(high)s.", high=written_number(high, language))


def _number(question: Number, text: str) -> float | int:
    try:
        value = float(text.replace(" ", "").replace(".", "").replace(",", ".")) if "," in text else float(text)
    except ValueError:
        raise ValidationError(_l("Please enter a number, for example 25.")) from None
    if question.integer and value != int(value):
        raise ValidationError(_l("Please enter a whole number."))
    low, high = question.min, question.max
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValidationError(_range_message(low, high))
    return int(value) if question.integer or value == int(value) else value
