"""WTForms built from the questionnaire: one form per page, one field per question.

"Does not apply" and "don't know" are offered as extra choices where the question allows
them. A posted value the page never offered (an unknown field, an option id that is not
among the choices) cannot come from a person using the form, so it is refused as a bad
request instead of being shown as a field error.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal
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
from .question_html import SEEN_FIELD, SPECIAL_LABELS, choices_of
from questionnaires import DONT_KNOW, NOT_APPLICABLE, AnyQuestion
from questionnaires.model import FreeText, MultipleChoice, Number, Scale
from scoring.wording import written_number

SPECIAL_SUFFIX = "__special"
# Longer than any number a person types; keeps Decimal, int() and JSON away from absurd input.
MAX_NUMBER_LENGTH = 32
# Without a declared maximum, a number is still kept to what a float holds exactly as a whole number.
LARGEST_NUMBER = 10**15
# Control characters other than tab and line feed: invisible, often breaking storage (a NUL
# cannot be stored by PostgreSQL's JSON functions) and never typed on purpose.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NOT_A_NUMBER = _l("Please enter a number, for example 25.")


class Tampered(Exception):
    """The post holds something no rendering of this page could have produced."""


def clean_text(value: str | None) -> str | None:
    """Free text as stored: line breaks as \\n (browsers send \\r\\n), no other control characters, trimmed."""
    if value is None:
        return None
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


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
        # Typed input: whether a required answer is there is decided when it is read (`_value`),
        # where spaces alone and a chosen special answer are known.
        special = RadioField(choices=choices, validators=[Optional()]) if choices else None
        if isinstance(question, Number):
            return StringField(label, validators=[Optional()]), special
        length = Length(max=question.max_length, message=lazy_ngettext(
            "Please write at most %(num)d character.", "Please write at most %(num)d characters.", question.max_length))
        return StringField(label, validators=[Optional(), length], filters=[clean_text]), special
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
            _refuse_if_required(question)
            return None
        return _number(question, text)
    if isinstance(question, Scale):
        return int(field.data) if field.data and field.data.lstrip("-").isdigit() else (field.data or None)
    if isinstance(question, FreeText):
        text = field.data or ""  # already cleaned by the field's filter
        if text and question.pattern is not None and not re.fullmatch(question.pattern, text):
            raise ValidationError(_l("Please check your entry: it does not have the form this question asks for."))
        if not text:
            _refuse_if_required(question)
        return text or None
    return field.data or None


def _refuse_if_required(question: AnyQuestion) -> None:
    """A blank field is unanswered, unless the question is required (spaces alone pass the browser's check)."""
    if question.required:
        raise ValidationError(_l("Please answer this question."))


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


def parse_number(text: str, language: str) -> Decimal:
    """A number as people write it in the page's language: 1.000,5 in German, 1,000.5 in English.

    Babel reads the locale's marks strictly, so "47.5" on a German page is questioned rather
    than read as 475. Spaces may group thousands. Only the digits 0-9 and a leading sign are
    accepted, which keeps out what Python alone would read as a number: nan, inf, 1e999, 1_000.
    Raises ValidationError with a message for the person.
    """
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()  # NFKC: full-width digits, NBSP
    decimal, group = get_decimal_symbol(language), get_group_symbol(language)
    marks = re.escape(decimal + group)
    if len(text) > MAX_NUMBER_LENGTH or not re.fullmatch(rf"[+-]?[0-9{marks}][0-9{marks} ]*", text, re.ASCII):
        raise ValidationError(NOT_A_NUMBER)
    try:
        value = parse_decimal(text.replace(" ", group), locale=language, strict=True)
    except NumberFormatError as error:
        if not error.suggestions:  # a mark in a place no way of writing numbers puts it
            raise ValidationError(NOT_A_NUMBER) from None
        # Marks that fit another language's way, such as 47.5 on a German page: say how to write it here.
        raise ValidationError(_l("Please check the number: write decimals with a point, for example 12.5, "
                                 "and thousands as 1,000 or 1000.")) from None
    if not value.is_finite():  # cannot pass the pattern above; kept as the rule that matters
        raise ValidationError(NOT_A_NUMBER)
    return value


def _number(question: Number, text: str) -> float | int:
    value = parse_number(text, current_language())
    if question.integer and value != value.to_integral_value():
        raise ValidationError(_l("Please enter a whole number."))
    low, high = question.min, question.max
    if (low is not None and value < Decimal(str(low))) or (high is not None and value > Decimal(str(high))):
        raise ValidationError(_range_message(low, high))
    if abs(value) > LARGEST_NUMBER:
        raise ValidationError(_l("Please enter a smaller number."))
    whole = value == value.to_integral_value()
    return int(value) if question.integer or whole else float(value)
