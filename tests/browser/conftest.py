"""Browser tests: the app served on 127.0.0.1 (or as localhost), driven by Debian's chromium through Playwright.

Everything here is marked `browser`. The tests skip with a reason when chromium, the
`playwright` package or node_modules/axe-core is missing (a laptop), and fail instead
when DIGICHECK_REQUIRE_BROWSER=1 (CI), so CI always proves them.

Fixtures:
- `live_server`: base URL of the app on a fresh SQLite database, CSRF on (real forms).
- `live_server_db`: the same, once on SQLite and once in a throwaway PostgreSQL schema.
- `make_live_server(config)`: serve an app built with any settings.
- `make_live_app(config, host=...)`: the same, returning the app too; `host="localhost"` gives
  URLs at http://localhost:<port>, the domain passkeys are bound to (never an IP address).
- `browser`: one headless chromium per session.
- `page` / `page_log`: a German desktop page whose context may not reach other hosts.
- `open_page(**context_options)`: more pages, e.g. one with CSP enforced or a phone viewport.
- `screenshot(page, name)`: saves into $DIGICHECK_SCREENSHOTS when it is set.
Helpers: `axe_violations(page)` and `format_violations(violations)`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

ROOT = Path(__file__).resolve().parent.parent.parent
HERE = Path(__file__).resolve().parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("DIGICHECK_CHROMIUM") or "/usr/bin/chromium"
BROWSER_REQUIRED = os.environ.get("DIGICHECK_REQUIRE_BROWSER") == "1"
SCREENSHOTS = os.environ.get("DIGICHECK_SCREENSHOTS", "")

# Without the networking flags chromium phones Google's hosts (and is refused here).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
# Schemes that never leave the browser; everything else must go to a local host.
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ is a browser test (`-m "not browser"` leaves them out)."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --- what is needed, and skip or fail without it ---------------------------------------------


def missing_requirements() -> list[str]:
    missing = []
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"no chromium at {CHROMIUM} (apt-get install chromium, or set DIGICHECK_CHROMIUM)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the Python package playwright is not installed (./manage.sh test installs it)")
    if not AXE.is_file():
        missing.append(f"{AXE.relative_to(ROOT)} is missing (npm ci)")
    return missing


def _require_browser() -> None:
    missing = missing_requirements()
    if missing and BROWSER_REQUIRED:
        pytest.fail(
            "browser tests are required here (DIGICHECK_REQUIRE_BROWSER=1), but: " + "; ".join(missing), pytrace=False
        )
    if missing:
        pytest.skip("browser tests cannot run: " + "; ".join(missing))


@pytest.fixture(autouse=True)
def _browser_available() -> None:
    """Skip (or fail) before anything is built or served."""
    _require_browser()


class _NoPlaywright(pytest.Item):
    """Stands in for a test module that cannot even be imported without playwright."""

    def runtest(self) -> None:
        _require_browser()

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, self.name


class _ModuleWithoutPlaywright(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        yield _NoPlaywright.from_parent(self, name="browser tests")


def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Without playwright a test module's imports would fail collection; skip (or fail) it instead."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return _ModuleWithoutPlaywright.from_parent(parent, path=module_path)
    return None


# --- the app, served for real ----------------------------------------------------------------


def closed_at_once(app: Any) -> Callable[[dict[str, Any], Any], list[bytes]]:
    """The app with each response read whole and closed before it is sent.

    Werkzeug's development server skips closing a response when the browser resets the
    connection while the server drains the request (serving.py, `execute`'s finally block):
    a static file would stay open, and its ResourceWarning would fail whichever test runs
    when it is collected. Pages here are small, so buffering them costs nothing.
    """

    def wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()

    return wsgi


@dataclass(frozen=True)
class LiveApp:
    """A served app: the Flask app (for making people in its database) and its base URL."""

    app: Any
    url: str


@pytest.fixture
def make_live_app(make_app: Any) -> Iterator[Callable[..., LiveApp]]:
    """A factory: build the app with `config`, migrate it, serve it on 127.0.0.1; returns app and base URL.

    Uses the root conftest's `make_app` (temporary instance folder, engines disposed afterwards)
    but with CSRF on, because browser tests submit real forms. `host` is the name in the URL:
    "localhost" reaches the same socket by name, which passkeys need (they are bound to a domain).
    """
    import flask_migrate
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args: Any, **kwargs: Any) -> None:  # one line per request is noise here
            pass

    servers: list[tuple[Any, threading.Thread]] = []

    def serve(config: Mapping[str, Any] | None = None, host: str = "127.0.0.1") -> LiveApp:
        if host not in LOCAL_HOSTS:
            raise ValueError(f"the live server is only reachable as one of {sorted(LOCAL_HOSTS)}")
        app = make_app(**{"WTF_CSRF_ENABLED": True, **dict(config or {})})
        with app.app_context():
            flask_migrate.upgrade()
        server = make_server("127.0.0.1", 0, closed_at_once(app), threaded=True, request_handler=QuietHandler)
        # A short poll interval: shutdown() waits for one poll, and there is one server per test.
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True
        )
        thread.start()
        servers.append((server, thread))
        return LiveApp(app, f"http://{host}:{server.server_port}")

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def make_live_server(make_live_app: Callable[..., LiveApp]) -> Callable[..., str]:
    """A factory: serve an app built with `config` on 127.0.0.1; returns the base URL."""

    def serve(config: Mapping[str, Any] | None = None) -> str:
        return make_live_app(config).url

    return serve


@pytest.fixture
def live_server(make_live_server: Callable[..., str], tmp_path: Path) -> str:
    return make_live_server({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.db'}"})


@pytest.fixture
def live_server_db(make_live_server: Callable[..., str], database_config: dict[str, Any]) -> str:
    """The live server once on SQLite and once on PostgreSQL (a throwaway schema; skips without it)."""
    return make_live_server(database_config)


# --- the browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@dataclass
class PageLog:
    """What a page did: every request, the ones to other hosts (aborted), console and script errors."""

    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]


@dataclass
class OpenedPage:
    page: Page
    log: PageLog


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


OPENED = pytest.StashKey[list[PageLog]]()


def _misbehaviour(logs: list[PageLog]) -> list[str]:
    """Requests to other hosts and uncaught script errors not yet reported (and now reported)."""
    problems = []
    for log in logs:
        problems += [f"request to another host: {url}" for url in log.foreign]
        problems += [f"uncaught script error: {error}" for error in log.page_errors]
        log.foreign.clear()
        log.page_errors.clear()
    return problems


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail the test itself (not only its teardown) when one of its pages misbehaved."""
    result = yield
    problems = _misbehaviour(item.stash.get(OPENED, []))
    if problems:
        pytest.fail("the page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)
    return result


@pytest.fixture
def open_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Callable[..., OpenedPage]]:
    """A factory for pages in fresh contexts, guarded so that no request leaves this machine (127.0.0.1, localhost).

    Every request passes a route handler; one to another host is aborted and recorded, and
    the test fails if there was any (so also a test that forgets to look). Uncaught script
    errors fail it too. What only surfaces while the context closes fails the teardown.

    `bypass_csp` is True by default for one reason only: axe-core is injected as a script,
    and the app's strict Content-Security-Policy (script-src 'self') would block it. The CSP
    itself is checked in its own test with `open_page(bypass_csp=False)`.
    """
    contexts: list[BrowserContext] = []
    logs = request.node.stash.setdefault(OPENED, [])

    def open_(*, bypass_csp: bool = True, **options: Any) -> OpenedPage:
        settings: dict[str, Any] = {"viewport": DESKTOP, "locale": "de-DE", "bypass_csp": bypass_csp}
        settings.update(options)
        context = browser.new_context(**settings)
        log = PageLog()

        def guard(route: Route) -> None:
            url = route.request.url
            log.requests.append(f"{route.request.method} {url}")
            if _is_local(url):
                route.continue_()
            else:
                log.foreign.append(url)
                route.abort("blockedbyclient")

        context.route("**/*", guard)
        context.on("weberror", lambda error: log.page_errors.append(str(error.error)))
        page = context.new_page()
        page.on("console", lambda message: log.console.append((message.type, message.text)))
        page.on("websocket", lambda ws: None if _is_local(ws.url) else log.foreign.append(ws.url))
        contexts.append(context)
        logs.append(log)
        return OpenedPage(page, log)

    yield open_
    for context in contexts:
        context.close()
    problems = _misbehaviour(logs)
    if problems:
        pytest.fail("the page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def _opened(open_page: Callable[..., OpenedPage]) -> OpenedPage:
    return open_page()


@pytest.fixture
def page(_opened: OpenedPage) -> Page:
    """A desktop page (1280x900, de-DE) whose requests may only go to 127.0.0.1."""
    return _opened.page


@pytest.fixture
def page_log(_opened: OpenedPage) -> PageLog:
    """What `page` requested, logged and threw."""
    return _opened.log


# --- looking at pages ------------------------------------------------------------------------


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; the violations of the given impacts.

    Needs a context with bypass_csp=True (the default of `page`): axe is injected as a script.
    """
    page.add_script_tag(path=str(AXE))
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        raise RuntimeError("axe-core did not load: is the page's context opened with bypass_csp=True?")
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [v for v in violations if v["impact"] in impacts]


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One readable line per violation, for an assertion message."""
    lines = [f"{len(violations)} accessibility violation(s):"]
    for v in violations:
        nodes = ", ".join(v["nodes"][:5]) + (f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else "")
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} -- {nodes}")
    return "\n".join(lines)


def save_screenshot(page: Page, name: str) -> Path | None:
    """Full-page PNG into $DIGICHECK_SCREENSHOTS (e.g. screenshots/) when set; otherwise nothing."""
    if not SCREENSHOTS:
        return None
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path | None]:
    """`screenshot(page, "phone")` saves <test name>-phone.png when DIGICHECK_SCREENSHOTS is set."""
    prefix = request.node.name.replace("[", "-").replace("]", "").replace("/", "-")

    def take(page: Page, name: str = "") -> Path | None:
        return save_screenshot(page, f"{prefix}-{name}" if name else prefix)

    return take
