"""Every interface text has a German translation, and the compiled catalogue is current."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.conftest import ROOT

CATALOGUE = ROOT / "app" / "translations" / "de" / "LC_MESSAGES"


KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
TRANSLATING = {name for name in KEYWORDS}


def extracted() -> dict[str | tuple[str, ...], list[str]]:
    """Every msgid in the code and templates (by babel.cfg), with where it is used."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str | tuple[str, ...], list[str]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, directory_filter=_not_built
    ):
        found.setdefault(message, []).append(f"{filename}:{line}")
    return found


def _not_built(path: str) -> bool:
    return not any(part in {".venv", "node_modules", ".git"} or part.startswith(".") for part in Path(path).parts[1:])


def test_every_message_in_the_code_has_a_complete_german_translation() -> None:
    """Extracted with Babel's own API: every msgid translated, none fuzzy, every plural form filled."""
    wanted = extracted()
    assert len(wanted) > 50, "the extraction found no interface texts"
    catalogue = read_po(io.BytesIO((CATALOGUE / "messages.po").read_bytes()))
    nplurals = catalogue.num_plurals
    assert nplurals == 2, catalogue.plural_forms
    problems = []
    for msgid, places in sorted(wanted.items(), key=lambda item: str(item[0])):
        message = catalogue.get(msgid if isinstance(msgid, str) else msgid[0])
        plural = isinstance(msgid, tuple)
        if message is None:
            problems.append(f"{places[0]}: not in the German catalogue: {msgid!r}")
        elif message.fuzzy:
            problems.append(f"{places[0]}: marked fuzzy: {msgid!r}")
        elif plural != message.pluralizable or (plural and tuple(message.id) != msgid):
            problems.append(f"{places[0]}: singular/plural mismatch with the catalogue: {msgid!r}")
        elif plural and (len(message.string) != nplurals or not all(message.string)):
            problems.append(f"{places[0]}: plural forms incomplete: {msgid!r}")
        elif not plural and not message.string:
            problems.append(f"{places[0]}: empty translation: {msgid!r}")
    assert problems == [], "translate in app/translations/de/LC_MESSAGES/messages.po:\n" + "\n".join(problems)


def test_no_translated_text_hides_where_babel_cannot_find_it() -> None:
    """A `_()` inside an f-string is invisible to the extraction, so its text stays English."""
    hidden = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in TRANSLATING:
                        hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert hidden == []


def test_counted_texts_use_plural_forms() -> None:
    """A number in a sentence needs ngettext: "1 Minuten" is wrong German."""
    counted = re.compile(r"%\((minutes|num|n|count|questions|dimensions|answered|asked|max)\)d")
    singular_only = [msgid for msgid in extracted() if isinstance(msgid, str) and counted.search(msgid)
                     and not msgid.startswith("Page ")]
    assert singular_only == []


def _key(text: str | list[str] | tuple[str, ...]) -> str | tuple[str, ...]:
    """Plural messages come as lists from one reader and tuples from the other."""
    return text if isinstance(text, str) else tuple(text)


def test_compiled_catalogue_matches_the_po_file() -> None:
    po = {_key(m.id): _key(m.string) for m in read_po(io.BytesIO((CATALOGUE / "messages.po").read_bytes())) if m.id}
    mo = {_key(m.id): _key(m.string) for m in read_mo(io.BytesIO((CATALOGUE / "messages.mo").read_bytes())) if m.id}
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


def test_counts_read_as_german_in_the_singular_and_the_plural(make_app) -> None:  # type: ignore[no-untyped-def]
    from flask import render_template_string

    app = make_app()
    template = '{{ ngettext("about %(num)d minute left", "about %(num)d minutes left", n) }}'
    with app.test_request_context("/"):
        assert render_template_string(template, n=1) == "noch ca. 1 Minute"
        assert render_template_string(template, n=4) == "noch ca. 4 Minuten"


def test_a_german_question_page_marks_required_questions_in_german(make_app) -> None:  # type: ignore[no-untyped-def]
    from tests.app.checkflow import start
    from tests.conftest import migrated

    client = migrated(make_app()).test_client()
    token = start(client, "quick-check")
    page = client.get(f"/a/{token}/profile").get_data(as_text=True)
    assert "(Pflichtfrage)" in page and "(required)" not in page
    client.get("/language/en?next=/")
    assert "(required)" in client.get(f"/a/{token}/profile").get_data(as_text=True)
