"""The PDF layer's guards: what WeasyPrint may read, and text placed in CSS."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from reports import pdf as pdf_module
from reports.pdf import StaticFilesOnly, css_content, garbage_collected_once


@pytest.fixture
def static(tmp_path: Path) -> Path:
    folder = tmp_path / "static"
    folder.mkdir()
    (folder / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "secret.txt").write_text("not for reports")
    return folder


def test_static_files_can_be_read(static: Path) -> None:
    response = StaticFilesOnly(static).fetch((static / "logo.svg").as_uri())
    assert b"<svg" in response.read()


@pytest.mark.parametrize("url", [
    "http://example.com/tracker.png",
    "https://example.com/font.woff2",
    "ftp://example.com/x",
    "data:image/png;base64,AAAA",
])
def test_other_hosts_and_schemes_are_refused(static: Path, url: str) -> None:
    with pytest.raises(ValueError, match="may not load"):
        StaticFilesOnly(static).fetch(url)


def test_files_outside_the_static_folder_are_refused(static: Path) -> None:
    fetcher = StaticFilesOnly(static)
    for url in [(static.parent / "secret.txt").as_uri(), static.as_uri() + "/../secret.txt", "file:///etc/passwd",
                static.as_uri() + "/missing.svg", "file://otherhost" + str(static / "logo.svg")]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_css_content_turns_placeholders_into_page_counters() -> None:
    assert css_content("Seite {page} von {pages}") == '"Seite " counter(page) " von " counter(pages)'
    assert css_content("{pages} pages, this is {page}") == 'counter(pages) " pages, this is " counter(page)'


def test_css_content_cannot_break_out_of_the_string_or_the_style_element() -> None:
    value = css_content('Müller "&" Söhne \\ </style><script>x</script>\nnext')
    assert value.startswith('"') and value.endswith('"') and value.count('"') == 4
    assert "</style>" not in value and "<" not in value
    assert '\\"&\\"' in value and "\\\\" in value and "\\a " in value


class Cycle:
    """An object only the cyclic collector can free, like WeasyPrint's layout boxes."""

    freed = 0

    def __init__(self) -> None:
        self.itself = self

    def __del__(self) -> None:
        Cycle.freed += 1


def test_a_render_frees_its_cycles_when_it_ends_and_turns_the_collector_back_on() -> None:
    gc.collect()
    Cycle.freed = 0
    with garbage_collected_once():
        assert not gc.isenabled()  # no collector passes while the layout objects are in use
        for _ in range(5_000):
            Cycle()
        assert Cycle.freed == 0
    assert Cycle.freed == 5_000  # freed on the way out, not left for a later request
    assert gc.isenabled()


def test_the_collector_is_switched_back_on_when_a_render_fails() -> None:
    with pytest.raises(RuntimeError), garbage_collected_once():
        raise RuntimeError("WeasyPrint failed")
    assert gc.isenabled()


def test_overlapping_renders_keep_the_collector_paused_until_the_last_one_ends() -> None:
    first, second = garbage_collected_once(), garbage_collected_once()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second render is still laying out
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_render_pdf_pauses_the_collector_while_weasyprint_works(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    class FakeDocument:
        def write_pdf(self, **options: object) -> bytes:
            seen.append(gc.isenabled())
            return b"%PDF-1.7"

    monkeypatch.setattr(pdf_module, "HTML", lambda **kwargs: FakeDocument())
    monkeypatch.setattr(pdf_module, "render_html", lambda context, catalogue: "<p>x</p>")
    assert pdf_module.render_pdf({}, None, static_root=Path(".")) == b"%PDF-1.7"  # type: ignore[arg-type]
    assert seen == [False] and gc.isenabled()


def test_a_collector_switched_off_by_someone_else_stays_off() -> None:
    gc.disable()
    try:
        with garbage_collected_once():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_header_line_is_cut_at_a_word_to_fit() -> None:
    from reports.pdf import HEADER_FONT_PT, HEADER_WIDTH_PT, header_line
    from reports.text_layout import text_width

    assert header_line("Quick-Check Digitalisierung") == "Quick-Check Digitalisierung"
    long = "Digitalisierungs-Check für kleine und mittlere Unternehmen, " * 3
    cut = header_line(long)
    assert cut.endswith(" …") and long.startswith(cut[:-2]) and text_width(cut, HEADER_FONT_PT) <= HEADER_WIDTH_PT
    assert not cut[:-2].endswith(",")
    word = header_line("Donaudampfschifffahrtsgesellschaftskapitän" * 4)
    assert word.endswith(" …") and text_width(word, HEADER_FONT_PT) <= HEADER_WIDTH_PT
