"""Every route, fuzzed in-process: no generated request gets a 500, a dead end, or bad stored data.

Requests are built from what the app itself shows: `app.url_map` and the links and forms
of its pages (crawled from a check in progress per questionnaire and a completed one), so
a route added later is fuzzed without touching this file. Three tests, one per kind:

- a form filled as a person can (offered choices ticked or not, anything typed within
  `maxlength`): the page again (422, with its form), a redirect, a page, or a 409 that
  explains itself; never a bare 400, which would be a dead end;
- a link followed as shown (must not fail) or with a query value or the path changed;
- any request to any rule: arguments real or generated, any method, query string,
  headers (Host among them) and body. Any 4xx is fine; never a 5xx.

After every request, each stored assessment must still pass the scoring's answer check
and hold no control characters but line breaks and tabs. With any one of issue 12's
input fixes reverted, the "ci" profile fails (checked when this file was written).

How many requests: the Hypothesis profile in DIGICHECK_HYPOTHESIS_PROFILE (tests/conftest.py):
"ci" (what .ci/run uses) keeps the file within about 30 seconds for both databases, "fuzz"
sends 10,000 requests per test and database.
"""

from __future__ import annotations

import html.parser
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from flask import Flask
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Table, insert, select, update
from werkzeug.datastructures import MultiDict
from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.routing import IntegerConverter, Rule

from app import assessments
from app.answering.page_flow import PROFILE, pages
from app.content import catalogue
from app.extensions import db
from app.models import Assessment, Report
from scoring import check_answers
from tests.conftest import DATABASES, HYPOTHESIS_PROFILE, TEST_SETTINGS, database_settings, migrated

from .checkflow import answer_set

REQUESTS = {"ci": 200, "fuzz": 10_000}.get(HYPOTHESIS_PROFILE, 100)  # per test and database
# Rate limits stay on, but at the pace of a few hundred requests per page and link: at the
# defaults (a person's pace) a third of the "ci" profile's forms would only meet the 429
# page; the "fuzz" profile still runs into the limits, and a 429 must be a proper page.
FUZZ_LIMITS = {"DIGICHECK_LIMIT_START": "200 per minute", "DIGICHECK_LIMIT_ANSWERS": "200 per minute"}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # stored text keeps only \n and \t
NOT_CRAWLED = re.compile(r"\.(pdf|js|css|svg|png|ico)$")  # files, not pages with links and forms

# What people and scripts send that a program is least likely to expect.
TRICKY = [
    "", " ", "0", "-1", "nan", "NaN", "inf", "-inf", "Infinity", "1e999", "1e-999", "1_000", "0x1f", "1,000",
    "1.000,5", "47,5", "47.5", "٣", "１２", "\u221212", "9" * 400, "a\x00b", "a\x07b\r\nc\td", "\r\n", "\x00",
    "\u202eevil", "ä", "\U0001f600", "%", "%00", "%0d%0a", "%zz", "..", "../../etc/passwd", "/a\r\nSet-Cookie: x=1",
    "//evil.example/", "/\\evil.example", "https://evil.example/", "/\t/evil.example", "<script>alert(1)</script>",
    "'; DROP TABLE assessment; --", "x" * 3000,
]
# Typed into number fields: what Python (not a person) reads as a number, and numbers as people write them.
NOT_FINITE = ["nan", "NaN", "NAN", "inf", "-inf", "Infinity", "1e999", "-1e999"]
WRITTEN = ["1,000", "1.000", "47,5", "47.5", "1.000,5", "1,000.5", "-0", "+5", "5-", "1 000", "٣", "9" * 400, "12 %",
           "0,5", "100", "101", "-1", "1e5", "1_000", "0x10"]
HOSTS = ["localhost", "127.0.0.1:5000", "", "a" * 64 + ".example", "a" * 63 + ".example", "x" * 300, "a" * 64,
         "www." + "b" * 100 + ".example:8080", "évil.example", "[::1]:80", "localhost:99999", "a b", "a..b", ".", "-",
         "localhost:", "xn--", "xn--zzz.example"]
EXTRA_METHODS = {"PUT", "DELETE", "PATCH", "TRACE"}
INJECTIONS = ["\r\n", "\n", "\r", "\r\nSet-Cookie: x=1", "\t", "\x00", "%0d%0a", "%00", "/../..", "//evil.example",
              "\\evil.example", "?x=1&x=2", "#x", " ", "\u2028", "\ufeff"]


TROUBLE = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\r\n\t \u00a0\u2028\u202e\ufeff\\/%?#&=.,-+e0ä"


@cache
def tricky_text(max_size: int = 200) -> st.SearchStrategy[str]:
    """Known troublemakers, any text, and (as often as both) short runs of control and separator characters."""
    runs = st.text(st.sampled_from(TROUBLE), min_size=1, max_size=min(max_size, 12))
    return st.one_of(st.sampled_from([t for t in TRICKY if len(t) <= max_size]), st.text(max_size=min(max_size, 60)),
                     runs, runs)


# What gets appended to a real value to break out of it: line breaks, separators, other hosts.
INJECTED = st.one_of(st.sampled_from(INJECTIONS), tricky_text(40))
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=80)
# Host every other request (a malformed one breaks URL building for the whole request), other headers now and then.
HEADERS = st.builds(
    lambda host, others: {**others, **({"Host": host} if host is not None else {})},
    st.one_of(st.none(), st.sampled_from(HOSTS), HEADER_TEXT),
    st.dictionaries(st.sampled_from(["Accept-Language", "Cookie", "Referer", "Range", "If-None-Match",
                                     "If-Modified-Since", "Content-Type", "X-Forwarded-For", "Origin"]),
                    HEADER_TEXT, max_size=2))
CONTENT_TYPES = ["application/x-www-form-urlencoded", "application/json", "multipart/form-data; boundary=x",
                 "text/plain"]
LANGUAGES = st.sampled_from(["de", "en"])
CHANGES = st.sampled_from(["none", "query", "query", "path"])
PATH_CHANGES = st.sampled_from(["none", "path"])
LINK_METHODS = st.sampled_from(["GET", "GET", "GET", "GET", "HEAD", "POST"])


@dataclass
class Form:
    """A form as a browser sees it: where it goes, and what it can send."""

    action: str
    choices: dict[str, list[str]] = field(default_factory=dict)  # radio groups and <select>: one value
    ticks: dict[str, list[str]] = field(default_factory=dict)  # checkboxes: any subset
    typed: dict[str, tuple[int, bool, bool]] = field(default_factory=dict)  # name -> (maxlength, numeric, multiline)
    fixed: dict[str, str] = field(default_factory=dict)  # hidden inputs
    buttons: list[tuple[str, str]] = field(default_factory=list)


class _PageParser(html.parser.HTMLParser):
    """Links and forms of one page."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"])
        elif tag == "form":
            self.forms.append(Form(action=a.get("action") or self.url))
        elif tag == "option" and self.forms and self._select:
            self.forms[-1].choices[self._select].append(a.get("value", ""))
        elif self.forms and "name" in a:
            self._field(self.forms[-1], tag, a)

    def _field(self, form: Form, tag: str, a: dict[str, str]) -> None:
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind == "radio":
                form.choices.setdefault(name, []).append(a.get("value", "on"))
            elif kind == "checkbox":
                form.ticks.setdefault(name, []).append(a.get("value", "on"))
            elif kind == "hidden":
                form.fixed[name] = a.get("value", "")
            elif kind == "submit":
                form.buttons.append((name, a.get("value", "")))
            else:
                numeric = a.get("inputmode") in ("decimal", "numeric") or kind == "number"
                form.typed[name] = (int(a.get("maxlength") or 2000), numeric, False)
        elif tag == "textarea":
            form.typed[name] = (int(a.get("maxlength") or 2000), False, True)
        elif tag == "button" and a.get("type", "submit") == "submit":
            form.buttons.append((name, a.get("value", "")))
        elif tag == "select":
            self._select = name
            form.choices[name] = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


# PDFs rendered for the completed check, by (language, fingerprint): rendering takes seconds,
# and the same check on the next database has the same fingerprint, so its PDF is stored there too.
_PDFS: dict[tuple[str, str], bytes] = {}


@dataclass(repr=False)
class Site:
    """An app with real assessments behind private links, and what its pages link to and ask."""

    app: Flask
    rules: list[Rule]
    known: dict[str, list[str]]  # URL argument or query key -> values seen in links
    forms: list[Form]
    field_names: list[str]
    links: list[str]  # every link found on the pages, with its query string
    saved: list[dict[str, Any]]  # the fixture's assessment rows, restored before each request
    reports: dict[int, dict[str, Any]] = field(default_factory=dict)  # the fixture's stored PDFs
    checked_up_to: int = 0  # assessments after the fixture's are checked once, when new

    def __repr__(self) -> str:
        return f"Site({len(self.rules)} rules, {len(self.links)} links, {len(self.forms)} forms)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Hypothesis prints a failing example's arguments with this, not with every field."""
        printer.text(repr(self))

    @cached_property
    def forms_filled(self) -> st.SearchStrategy[Request]:
        return form_requests(self)

    @cached_property
    def links_followed(self) -> st.SearchStrategy[Request]:
        return _link_requests(self)

    @cached_property
    def any_requests(self) -> st.SearchStrategy[Request]:
        return rule_requests(self)

    def restore(self) -> None:
        """Undo what the last request did to the fixture's assessments (answers, completion, deletion)."""
        table: Table = Assessment.__table__
        ids = [row["id"] for row in self.saved]
        with self.app.app_context(), db.engine.begin() as connection:
            now = {row.id: row._asdict() for row in connection.execute(select(table).where(table.c.id.in_(ids)))}
            for row in self.saved:
                if now.get(row["id"]) == row:
                    continue
                if row["id"] in now:
                    connection.execute(update(table).where(table.c.id == row["id"]).values(**row))
                    continue
                connection.execute(insert(table).values(**row))
                latest = {r["language"]: r for r in sorted(self.reports.values(), key=lambda r: r["id"])
                          if r["assessment_id"] == row["id"]}
                if latest:
                    connection.execute(insert(Report.__table__), list(latest.values()))

    def check_stored(self) -> None:
        """Whatever was stored is whole and clean; the fixture's PDFs are remembered for restore."""
        ids = [row["id"] for row in self.saved]
        reports: Table = Report.__table__
        with self.app.app_context(), db.engine.connect() as connection:
            for report in connection.execute(select(reports).where(reports.c.assessment_id.in_(ids),
                                                                   reports.c.id.not_in(list(self.reports)))):
                self.reports[report.id] = report._asdict()
                _PDFS[(report.language, report.fingerprint)] = report.pdf
            rows = connection.execute(
                select(Assessment.id, Assessment.questionnaire_id, Assessment.questionnaire_version,
                       Assessment.profile, Assessment.answers)
                .where(Assessment.id.in_(ids) | (Assessment.id > self.checked_up_to)))
            for row in rows:
                self.checked_up_to = max(self.checked_up_to, row.id)
                for text in _strings([row.profile, row.answers]):
                    assert not CONTROL.search(text), f"stored with control characters: {text!r}"
                q = catalogue().get(row.questionnaire_id, row.questionnaire_version)
                assert q is not None
                check_answers(q, row.answers, row.profile)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _create_assessments(app: Flask) -> list[str]:
    """A fresh check of every questionnaire, and a completed Quick-Check (results, report, again, delete)."""
    tokens = []
    with app.app_context():
        for q in catalogue().latest():
            tokens.append(assessments.start(q, "de", statistics=False)[1])
        done = answer_set("quick-check-average")
        q = catalogue().get(done["questionnaire"], done["version"])
        assert q is not None
        assessment, token = assessments.start(q, "de", statistics=True)
        assessments.save_profile(assessment, done["profile"])
        assessments.save_answers(assessment, done["answers"])
        for page in pages(q):
            assessments.mark_page_done(assessment, page, pages(q))
        assert assessment.completed
        tokens.append(token)
        db.session.flush()
        for (language, fingerprint), pdf in _PDFS.items():
            db.session.add(Report(assessment_id=assessment.id, language=language, fingerprint=fingerprint, pdf=pdf))
        db.session.commit()
    return tokens


def _crawl(app: Flask, tokens: list[str]) -> tuple[dict[str, set[str]], list[Form], set[str]]:
    """Visit the pages a person reaches, collecting every link, the URL arguments in them, and every form."""
    client = app.test_client()
    adapter = app.url_map.bind("localhost")
    with app.app_context():
        by_token = {t: assessments.snapshot(t) for t in tokens}
        seeds = ["/"] + [f"/a/{t}/{p}" for t, found in by_token.items() if found
                         for p in pages(catalogue().get(found.questionnaire_id, found.questionnaire_version))]
    queue = [*seeds, *(f"/a/{t}" for t in tokens)]
    seen: set[str] = set()
    forms: list[Form] = []
    known: dict[str, set[str]] = {}
    links = set(queue)
    while queue and len(seen) < 200:
        url = queue.pop(0)
        links.add(url)
        path, query = urlsplit(url).path, urlsplit(url).query
        for key, value in parse_qsl(query, keep_blank_values=True):
            known.setdefault("?" + key, set()).add(value)
        if path in seen:
            continue
        seen.add(path)
        try:
            _rule, args = adapter.match(path, method="GET", return_rule=True)
        except Exception:  # noqa: BLE001 - not a page of ours (or a redirect rule); nothing to learn
            args = {}
        for name, value in args.items():
            known.setdefault(name, set()).add(str(value))
        if NOT_CRAWLED.search(path):
            continue
        with client.get(url) as response:
            page = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(response.headers["Location"])
            continue
        parser = _PageParser(path)
        parser.feed(page)
        queue.extend(parser.links)
        queue.extend(form.action for form in parser.forms)
        forms.extend(parser.forms)
    return known, forms, links


@contextmanager
def module_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
               settings: dict[str, Any]) -> Iterator[Flask]:
    """A migrated app on the database of the fixture's parameter (one of DATABASES), for a whole module."""
    from app import create_app

    folder = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as env, database_settings(request.param, folder) as config:
        env.setenv("DIGICHECK_INSTANCE_PATH", str(folder / "instance"))
        app = migrated(create_app({**TEST_SETTINGS, **config, **settings}))
        yield app
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module", params=DATABASES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """One site per database for all the fuzz tests: building and crawling it takes seconds."""
    with module_app(request, tmp_path_factory, FUZZ_LIMITS) as app:
        yield _site(app)


def _site(app: Flask) -> Site:
    tokens = _create_assessments(app)
    known, forms, links = _crawl(app, tokens)
    known.setdefault("token", set()).update(tokens)
    static = Path(app.static_folder or "")
    known.setdefault("filename", set()).update(str(p.relative_to(static)) for p in static.rglob("*") if p.is_file())
    with app.app_context(), db.engine.connect() as connection:
        table = Assessment.__table__
        saved = [row._asdict() for row in connection.execute(select(table).order_by(table.c.id))]
    names = sorted({n for f in forms for group in (f.choices, f.ticks, f.typed, f.fixed) for n in group}
                   | {n for f in forms for n, _ in f.buttons})
    # The generated requests must reach real pages: real tokens and pages, the forms with fields to type into.
    assert len(saved) == len(tokens) >= 3 and PROFILE in known["page"]
    assert any(numeric for form in forms for _, numeric, _ in form.typed.values()), "no number field found"
    assert any(form.ticks for form in forms), "no consent form found"
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, sorted(r.methods or ())))
    return Site(app, rules, {k: sorted(v) for k, v in known.items()}, forms, names, sorted(links), saved)


@dataclass(frozen=True)
class Request:
    path: str
    method: str
    query: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    content_type: str | None = None
    language: str = "de"
    from_browser: bool = False  # a form filled as a person can: must never end in a bare 400
    from_page: bool = False  # a link as a page shows it: must lead somewhere, never to an error


# Strategies are built once per site and only drawn from per request: building and
# validating them anew for every request took more time than answering the request.


def _rule_requests(site: Site, rule: Rule) -> st.SearchStrategy[Request]:
    """Any request to one rule: its arguments real or generated, any method, query, headers and body."""
    arguments = {}
    for name in sorted(rule.arguments):
        converter = rule._converters[name]  # werkzeug keeps a rule's converters here; their regex is public
        known = [st.sampled_from(site.known[name])] * 3 if site.known.get(name) else []
        if isinstance(converter, IntegerConverter):  # an <int:...> part cannot even be built from text;
            arguments[name] = st.one_of(*known, st.integers(min_value=0, max_value=2**63))  # odd paths come below
            continue
        arguments[name] = st.one_of(*known, st.from_regex(converter.regex, fullmatch=True), tricky_text())
    values = st.fixed_dictionaries(arguments)
    allowed = sorted(rule.methods or {"GET"})
    methods = st.one_of(*[st.sampled_from(allowed)] * 4, st.sampled_from(sorted(EXTRA_METHODS)))
    keys = sorted(k[1:] for k in site.known if k.startswith("?"))
    pairs = st.lists(st.tuples(st.one_of(*[st.sampled_from(keys)] * bool(keys), tricky_text(20)), tricky_text()),
                     max_size=4)
    queries = st.one_of(st.none(), pairs, st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=40))
    choices = sorted({v for f in site.forms for vs in f.choices.values() for v in vs})
    fields = st.tuples(st.one_of(st.sampled_from(site.field_names), tricky_text(20)),
                       st.one_of(st.sampled_from(choices), tricky_text()))
    bodies = st.one_of(st.none(), st.lists(fields, max_size=6),
                       st.tuples(st.binary(max_size=200), st.sampled_from(CONTENT_TYPES)))

    @st.composite
    def requests(draw: st.DrawFn) -> Request:
        built = rule.build(draw(values), append_unknown=False)
        path = built[1] if built else rule.rule
        path = draw(st.one_of(*[st.just(path)] * 3, INJECTED.map(lambda tail: path + tail),
                              tricky_text().map(lambda other: "/" + other)))
        body = draw(bodies)
        raw, content_type = body if isinstance(body, tuple) else (body, None)
        return Request(path, draw(methods), draw(queries), draw(HEADERS), raw, content_type, draw(LANGUAGES))

    return requests()


def _link_requests(site: Site) -> st.SearchStrategy[Request]:
    """A link found on a page, followed as it is or with one part changed (a query value, the path's end)."""

    @st.composite
    def requests(draw: st.DrawFn) -> Request:
        parts = urlsplit(draw(st.sampled_from(site.links)))
        path, query = parts.path, parse_qsl(parts.query, keep_blank_values=True)
        change = draw(CHANGES if query else PATH_CHANGES)
        if change == "query":
            index = draw(st.integers(0, len(query) - 1))
            key, value = query[index]
            query[index] = (key, draw(st.one_of(INJECTED.map(lambda tail: value + tail), tricky_text())))
        elif change == "path":
            path = draw(st.one_of(INJECTED.map(lambda tail: path + tail),
                                  tricky_text(40).map(lambda last: path.rsplit("/", 1)[0] + "/" + last)))
        method = draw(LINK_METHODS)
        return Request(path, method, query, language=draw(LANGUAGES), from_page=change == "none" and method == "GET")

    return requests()


def _form_requests(form: Form) -> st.SearchStrategy[Request]:
    """A form filled as a person can: radio groups untouched or set, boxes ticked, anything typed."""
    radios = st.fixed_dictionaries({name: st.sampled_from([None, *values]) for name, values in form.choices.items()})
    ticks = st.fixed_dictionaries({name: st.lists(st.sampled_from(values), unique=True, max_size=2)
                                   for name, values in form.ticks.items()})
    numbers = st.one_of(st.sampled_from(NOT_FINITE), st.sampled_from(NOT_FINITE), st.sampled_from(WRITTEN))
    typed = st.fixed_dictionaries({name: st.one_of(*[numbers] * numeric, tricky_text(maxlength))
                                   for name, (maxlength, numeric, _) in form.typed.items()})
    buttons = st.sampled_from(form.buttons) if form.buttons else st.none()

    @st.composite
    def requests(draw: st.DrawFn) -> Request:
        body = list(form.fixed.items())
        body.extend((name, value) for name, value in draw(radios).items() if value is not None)
        body.extend((name, value) for name, values in draw(ticks).items() for value in values)
        for name, text in draw(typed).items():
            maxlength, _, multiline = form.typed[name]
            # As browsers send it: a line break in a text area as \r\n, none in a one-line input.
            text = re.sub(r"\r\n|\r|\n", "\r\n", text) if multiline else re.sub(r"[\r\n]", "", text)
            body.append((name, text[:maxlength]))
        button = draw(buttons)
        if button is not None:
            body.append(button)
        return Request(form.action, "POST", body=body, language=draw(LANGUAGES), from_browser=True)

    return requests()


def form_requests(site: Site) -> st.SearchStrategy[Request]:
    """Any form; those with fields to type into (where people err) five times as often."""
    forms = [_form_requests(form) for form in site.forms]
    typing = [request for request, form in zip(forms, site.forms, strict=True) if form.typed]
    return st.sampled_from([*forms, *typing * 5]).flatmap(lambda strategy: strategy)


def rule_requests(site: Site) -> st.SearchStrategy[Request]:
    return st.sampled_from([_rule_requests(site, rule) for rule in site.rules]).flatmap(lambda strategy: strategy)


FUZZ = settings(max_examples=REQUESTS, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def send(site: Site, request: Request) -> tuple[int, str]:
    """The request as a browser or script sends it, after undoing what the one before changed.

    Straight to the WSGI app, not through the test client: the client parses the Host itself
    (for its cookie jar) and would fail on names that a server passes on unchecked.
    """
    site.restore()
    session = site.app.session_interface.get_signing_serializer(site.app).dumps({"language": request.language})
    cookie = "; ".join(c for c in (f"session={session}", request.headers.get("Cookie")) if c)
    builder = EnvironBuilder(
        method=request.method, headers={**request.headers, "Cookie": cookie},
        query_string=urlencode(request.query) if isinstance(request.query, list) else request.query,
        data=MultiDict(request.body) if isinstance(request.body, list) else request.body,
        content_type=request.content_type,
    )
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    # The path as a WSGI server hands it on: percent-decoded, its UTF-8 bytes as a latin-1 string.
    environ["PATH_INFO"] = request.path.encode("utf-8").decode("latin-1")
    body, status_line, headers = run_wsgi_app(site.app, environ, buffered=True)
    try:
        content = b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()
    status = int(status_line.split()[0])
    page = content.decode() if headers.get("Content-Type", "").startswith("text/html") else ""
    event(f"status {status}")
    assert status < 500
    site.check_stored()
    return status, page


@FUZZ
@given(data=st.data())
def test_a_form_filled_as_a_person_can_never_ends_in_an_error(site: Site, data: st.DataObject) -> None:
    """The page again with a message (422), the next page, or a 409 that explains itself; never a bare 400.

    429 is an answer too: sent often enough (the "fuzz" profile), a form meets its rate limit,
    and the page says when to try again.
    """
    status, page = send(site, data.draw(site.forms_filled, label="request"))
    assert status in (200, 303, 409, 422, 429), page[:3000]
    if status == 422:
        assert "<form" in page, "the page again, with its form"


@FUZZ
@given(data=st.data())
def test_a_link_followed_or_tampered_with_never_gets_a_server_error(site: Site, data: st.DataObject) -> None:
    """Links as pages show them lead somewhere; changed ones (a query value, the path) get a 4xx at worst."""
    request = data.draw(site.links_followed, label="request")
    status, _page = send(site, request)
    if request.from_page:
        assert status < 400, request.path


@FUZZ
@given(data=st.data())
def test_any_request_to_any_route_never_gets_a_server_error(site: Site, data: st.DataObject) -> None:
    send(site, data.draw(site.any_requests, label="request"))
