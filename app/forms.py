"""The base of digicheck's own forms: typed text arrives the way it will be stored.

Browsers send line breaks as \\r\\n, and a tampered post may carry a NUL (which PostgreSQL
refuses: it was a 500) or other control characters that would end up in PDFs, exports and
mails. Every text field but passwords gets `clean_text` as its last filter, so a new form or
field cannot forget it. (Flask-Security-Too's own sign-in forms keep their own handling.)
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField

from .answering.answer_form import clean_text


class Form(FlaskForm):  # Flask-WTF has no type information: its base is Any
    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
                options = {**options, "filters": [*unbound_field.kwargs.get("filters", ()), clean_text]}
            return super().bind_field(form, unbound_field, options)  # type: ignore[misc]
