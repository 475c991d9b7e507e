"""Every interface text has a German translation, and the compiled catalogue is current."""

from __future__ import annotations

import io

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.conftest import ROOT

CATALOGUE = ROOT / "app" / "translations" / "de" / "LC_MESSAGES"


def test_every_message_in_the_code_has_a_german_translation(tmp_path) -> None:  # type: ignore[no-untyped-def]
    template = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
         "-o", str(template), "--no-location", str(ROOT)]
    )
    wanted = {m.id for m in read_po(io.BytesIO(template.read_bytes())) if m.id}
    assert len(wanted) > 50, "the extraction found no interface texts"
    german = {m.id: m.string for m in read_po(io.BytesIO((CATALOGUE / "messages.po").read_bytes())) if m.id}
    assert sorted(wanted - german.keys()) == [], "run pybabel update and translate the new texts"
    assert sorted(k for k in wanted if not german[k]) == []


def test_compiled_catalogue_matches_the_po_file() -> None:
    def entry(value: object) -> object:  # plural entries come as lists from one reader, tuples from the other
        return tuple(value) if isinstance(value, list | tuple) else value

    po = {entry(m.id): entry(m.string) for m in read_po(io.BytesIO((CATALOGUE / "messages.po").read_bytes())) if m.id}
    mo = {entry(m.id): entry(m.string) for m in read_mo(io.BytesIO((CATALOGUE / "messages.mo").read_bytes())) if m.id}
    assert mo == po, "run: pybabel compile -d app/translations -D messages"


def test_templates_translate_with_variables_escaped_and_follow_force_locale(make_app) -> None:  # type: ignore[no-untyped-def]
    from flask import render_template_string
    from flask_babel import force_locale

    app = make_app()
    template = '{{ _("Page %(number)d of %(count)d", number=2, count=9) }}|{{ _("Back") }}|{{ _("%(check)s", check=name) }}'
    with app.test_request_context("/"):
        assert render_template_string(template, name="<b>") == "Seite 2 von 9|Zurück|&lt;b&gt;"
        with force_locale("en"):
            assert render_template_string(template, name="A & B") == "Page 2 of 9|Back|A &amp; B"
    with app.test_request_context("/"):
        from flask import session

        session["language"] = "en"
        assert render_template_string('{{ _("Back") }}') == "Back"
