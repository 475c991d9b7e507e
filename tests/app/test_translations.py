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
    po = {m.id: m.string for m in read_po(io.BytesIO((CATALOGUE / "messages.po").read_bytes())) if m.id}
    mo = {m.id: m.string for m in read_mo(io.BytesIO((CATALOGUE / "messages.mo").read_bytes())) if m.id}
    assert mo == po, "run: pybabel compile -d app/translations -D messages"
