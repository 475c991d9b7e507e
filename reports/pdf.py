"""The PDF report: Jinja renders HTML from plain data, WeasyPrint turns it into an A4 PDF.

The context holds only primitives (strings, numbers, lists and dicts of them, the radar as
SVG markup), so the same report comes out of the web app and the command line. User-typed
text is escaped by Jinja's autoescaping; WeasyPrint may read only files below the static
folder it is given, so a report can never reach another host or the rest of the disk.
"""

from __future__ import annotations

import gc
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .template_text import Catalogue, template_functions
from .text_layout import text_width

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "reports"
PDF_VARIANT = "pdf/ua-1"  # tagged PDF: reading order and structure for screen readers
# The running header's left box (report.css: 64 % of A4's 174 mm text width) and its type size.
HEADER_WIDTH_PT = 0.64 * 174 / 25.4 * 72
HEADER_FONT_PT = 7.5


class StaticFilesOnly(URLFetcher):
    """Serves files below one folder and refuses everything else: no network, no other paths."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=("file",))
        self.root = root.resolve()

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"the report may not load {url!r}")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise ValueError(f"the report may only load the app's static files, not {url!r}")
        return URLFetcherResponse(url, path.read_bytes())


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html", "css"), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["css_content"] = css_content
    environment.filters["header_line"] = header_line
    return environment


@lru_cache(maxsize=1)
def _fonts() -> FontConfiguration:
    """One font configuration for all reports: finding and loading fonts is the slow part."""
    return FontConfiguration()


def render_html(context: Mapping[str, Any], catalogue: Catalogue) -> str:
    return _environment().get_template("report.html").render(**context, **template_functions(catalogue))


def render_pdf(context: Mapping[str, Any], catalogue: Catalogue, *, static_root: Path) -> bytes:
    """The report as PDF bytes, in the catalogue's language; `static_root` is all it may read."""
    return html_to_pdf(render_html(context, catalogue), static_root=static_root)


def html_to_pdf(html: str, *, static_root: Path) -> bytes:
    """Any of the app's printable pages as a tagged PDF; `static_root` is all it may read (no web)."""
    with garbage_collected_once():
        document = HTML(string=html, base_url=static_root.resolve().as_uri() + "/",
                        url_fetcher=StaticFilesOnly(static_root))
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT, font_config=_fonts())
    assert pdf is not None  # write_pdf returns the bytes when no target is given
    return pdf


class _CollectorPause:
    """Counts the renders in progress, so that with several threads per process the collector
    stays paused until the last of them ends, and only a collector that was on is turned on."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.renders = 0
        self.resume = False

    def begin(self) -> None:
        with self.lock:
            if self.renders == 0:
                self.resume = gc.isenabled()
                gc.disable()
            self.renders += 1

    def end(self) -> None:
        with self.lock:
            self.renders -= 1
            if self.renders == 0 and self.resume:
                gc.enable()
                gc.collect(0)


_PAUSE = _CollectorPause()


@contextmanager
def garbage_collected_once() -> Iterator[None]:
    """Collects the cyclic garbage of a render in one pass at its end, not ~150 passes during it.

    A full report allocates hundreds of thousands of layout objects, some 50,000 of them in
    reference cycles. With the collector on, Python scans the young objects again and again
    while they are still in use, which cost about 0.09 s of a 0.65 s render. One pass over
    the youngest generation afterwards frees the same cycles (a full collection after it
    finds nothing more). The pause is process-wide: other threads of a threaded worker go
    without cyclic collection for the half second, which costs memory, not correctness.
    The collector is switched back on even when rendering fails.
    """
    _PAUSE.begin()
    try:
        yield
    finally:
        _PAUSE.end()


def css_content(text: str) -> Markup:
    """A CSS `content` value for running headers and footers, safe inside <style>.

    Literal text becomes quoted strings (quotes, backslashes, line breaks and angle brackets
    escaped, so no text can end the style element); the placeholders {page} and {pages}
    become the page counters, so a translation may put them in any order.
    """
    parts = []
    for piece in _COUNTER.split(str(text)):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append('"' + "".join(_CSS_ESCAPES.get(c, c) for c in piece) + '"')
    return Markup(" ".join(parts) or '""')


def header_line(text: str, max_width: float = HEADER_WIDTH_PT, font_size: float = HEADER_FONT_PT) -> str:
    """The text cut at a word, with "…", so that it fits one line of the running header.

    A margin box has a fixed height: a title that wrapped to three lines would run into the
    page edge or the text below, and any questionnaire may have a long title.
    """
    if text_width(text, font_size) <= max_width:
        return text
    words = text.split()
    while len(words) > 1 and text_width(" ".join(words) + " …", font_size) > max_width:
        words.pop()
    line = " ".join(words).rstrip(",;:–-")
    while text_width(line + " …", font_size) > max_width and len(line) > 1:
        line = line[:-1]  # one very long word: cut inside it
    return line + " …"


_COUNTER = re.compile(r"(\{pages?\})")
_CSS_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\a ", "<": "\\3c ", ">": "\\3e "}
