"""Fixtures of the real-browser tests: Chromium (one per process, its tabs reused), and the
dashboard served on a copy of the bundled demo (read-only: one server per process; changing the
data: one per module)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.startup import CHROMIUM, LAUNCH_ARGS, DashboardServer, compile_sources

#: the browser tests' Chromium: the benchmark's switches, and V8 compiling no further than its
#: baseline tier (Sparkplug), without its optimising compilers (Maglev, TurboFan). Why: each page
#: load is a new document, whose hot functions V8 optimised anew on background threads, a
#: fifth of Chromium's CPU for a few hundred milliseconds of script per load that the
#: optimised code did not win back (36 loads of the nine pages in both languages: Chromium
#: 43.5-52.6 CPU s, with the switch 32.4-44.0 s, five runs each, session 42). Ignition alone
#: (``--max-opt=0``) was 17% slower (session 41). Not the benchmark's: ``make bench`` times
#: pages as a user's browser draws them, with every tier.
TEST_LAUNCH_ARGS = [*LAUNCH_ARGS, "--js-flags=--max-opt=1"]


@pytest.fixture(scope="session", autouse=True)
def _bytecode() -> None:
    """PerfLens's own modules compiled once (``__pycache__``, ignored by git) before the first
    server starts. Why: with ``PYTHONDONTWRITEBYTECODE`` set (as on the CI machine) every
    dashboard server and every CLI import these tests start compiled ``analytics`` and ``ui``
    from source again, about 0.4 CPU s each; they only read the bytecode."""
    compile_sources()


def _serve(folder: Path, source: Path, launcher: str = "ui.serve"):
    assert Path(CHROMIUM).exists(), "Debian chromium is required: `make test` installs it"
    db = folder / "perflens.duckdb"
    shutil.copyfile(source, db)
    app = DashboardServer(db, launcher=launcher)
    try:
        app.wait_healthy(timeout=90)
        yield {"base": app.base, "tmp": folder}
    finally:
        app.stop()


@pytest.fixture(scope="package")
def meeting_server(tmp_path_factory, bundled_db):
    """A copy of the bundled demo's database and a live server on it for the meeting page's
    tests, which add calibration sessions to it: the calibration journeys
    (tests/e2e/test_calibration_session.py) and then issue 19's words
    (tests/e2e/test_issue19_words.py, which adds a session of its own), one ``xdist_group``
    run in that order. Why one: each module started a server on its own copy (its start, its
    stop and its first loads of the pages, the meeting page's included)."""
    yield from _serve(tmp_path_factory.mktemp("browser_meeting"), bundled_db)


@pytest.fixture(scope="module")
def small_server(tmp_path_factory, small_demo_db):
    """A live server on a copy of the small demo (300 people, 3 cycles), each module its own:
    for tests that change the data through the pages and assert what the page says about the
    change, not the demo's numbers, or need a server that has answered nothing yet (the deep
    link). Why not the bundled demo: every import on its server refits
    the models of 2,000 people (the five data-changing browser tests: 33 CPU s of the server
    and Chromium on it, 16 on this one)."""
    yield from _serve(tmp_path_factory.mktemp("browser_small"), small_demo_db)


@pytest.fixture()
def held_server(tmp_path, small_demo_db):
    """A server on a copy of the small demo whose sessions' first runs hold once the menu is
    drawn until the browser's next request has started the next run, which waits for the held
    run to end before it puts back lost parameters (``tests/e2e/held_run_serve.py``): a menu
    click stopping a first run still under way, in the order that lost the parameters."""
    yield from _serve(tmp_path, small_demo_db, launcher="tests.e2e.held_run_serve")


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory, bundled_db):
    """The same, shared by every test of the process that only reads (pages, clicks, routes):
    one start, and the sections it computes stay cached for the next test."""
    yield from _serve(tmp_path_factory.mktemp("browser_shared"), bundled_db)


@pytest.fixture(scope="module")
def browser():
    """Chromium, one per process for as long as it runs browser tests (:class:`Chromium`),
    whose ``new_page`` lends a tab of one context (:class:`Tabs`): a tab a test closed before
    when there is one."""
    return CHROMIUM_OF_PROCESS.get()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """Chromium closed once the process's next test is not a browser test (or there is none),
    after the test's own fixtures (its server) are torn down."""
    if nextitem is None or nextitem.get_closest_marker("browser") is None:
        CHROMIUM_OF_PROCESS.stop()


@pytest.fixture(autouse=True)
def _tabs_back():
    """After each test: the tabs it left open are given back, and the context forgets its
    cookies (a sign-in's), so the next test starts as a new visitor, as in a new context."""
    yield
    if CHROMIUM_OF_PROCESS.tabs is not None:
        CHROMIUM_OF_PROCESS.tabs.end_test()


class Chromium:
    """Playwright and Chromium, started by the first browser test of a process and kept for
    the browser tests after it (``make test`` hands each process the browser modules first),
    stopped when a test of another kind comes next: Playwright's sync API runs an event loop
    while it is started, and the packet tests (Chromium printing a PDF through the same API)
    cannot run then. Why not one per module, as before: each module started Playwright's
    driver and Chromium again, and its first tabs cold (:class:`Tabs`)."""

    def __init__(self) -> None:
        self.playwright = None
        self.browser = None
        self.tabs: Tabs | None = None

    def get(self):
        if self.browser is not None and not self.browser.is_connected():
            self.stop()  # crashed: started again
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            self.playwright = sync_playwright().start()
            b = self.playwright.chromium.launch(executable_path=CHROMIUM, args=TEST_LAUNCH_ARGS)
            self.tabs = Tabs(b)
            b.new_page = self.tabs.new_page  # also ``page.context.browser.new_page``
            b.new_context = _reduced_motion(b.new_context)
            self.browser = b
        return self.browser

    def stop(self) -> None:
        if self.playwright is None:
            return
        try:
            if self.browser.is_connected():
                self.tabs.close()
                self.browser.close()
        finally:
            self.playwright.stop()
            self.playwright = self.browser = self.tabs = None


#: a tab given back with more entries in its history than this has its history forgotten
#: (:func:`forget_history`; closed, not kept, where that fails): Chromium keeps 50 at most, and
#: tests count the entries a click adds (``history.length``)
KEEP_ENTRIES = 25
#: (JavaScript) the page's storage emptied, where it has any (not on ``about:blank``)
FORGET = """() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }"""


class Tabs:
    """The tabs of the process's browser: one context (reduced motion, downloads accepted) whose
    tabs are lent by ``new_page`` and, when the test closes one, kept for the next
    ``new_page`` (the page it showed left for ``about:blank``, its storage cleared) instead of
    closed.

    Why: each page used to be a new context with its own renderer process, which started cold:
    the frontend's scripts (Streamlit's, Plotly's 4.7 MB) parsed and compiled anew for every
    page, the tab's compositor set up again. A tab kept keeps its renderer process and what
    that has compiled: eight page loads cost Chromium 15-18 CPU s in one tab against 28-32 in a
    new context each (session 26, docs/benchmarks.md). What a test sees does not change: a tab
    lent is a new document, with a new Streamlit session (a new connection), its viewport set,
    no cookies from another test and no storage (``localStorage``, ``sessionStorage``) from
    the page before; a tab that had an init script added is closed, not kept (the script
    would run in the next test's pages); one whose history holds more than
    :data:`KEEP_ENTRIES` entries has it forgotten (a test that counts the entries its clicks
    add must not reach Chromium's 50), and is closed only where that fails."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.context = None
        self.kept: list = []
        self.lent: list = []

    def new_page(self, viewport: dict[str, int] | None = None, **options):
        """A tab at ``viewport`` (``options`` as ``Browser.new_page`` takes them: reduced
        motion and accepted downloads are the context's)."""
        assert options.get("reduced_motion", "reduce") == "reduce", options
        assert set(options) <= {"accept_downloads", "reduced_motion"}, options
        if self.context is None:
            self.context = self.browser.new_context(reduced_motion="reduce", accept_downloads=True)
        page = self.kept.pop() if self.kept else self._open()
        page.bring_to_front()  # a kept tab left behind another is hidden: its lists draw empty
        page.set_viewport_size(viewport or {"width": 1280, "height": 720})
        self.lent.append(page)
        return page

    def _open(self):
        from playwright.sync_api import Error as PlaywrightError

        page = self.context.new_page()
        close, add_init_script = page.close, page.add_init_script

        def give_back(**kwargs) -> None:
            if page in self.lent:
                self.lent.remove(page)
            if not page.is_closed():
                keep(**kwargs)
            shown = [other for other in self.lent if not other.is_closed()]
            if shown:  # the test's other tab in front again, shown (as in its own window)
                shown[-1].bring_to_front()

        def keep(**kwargs) -> None:
            if getattr(page, "_script_added", False):
                close(**kwargs)
                return
            try:
                page.evaluate(FORGET)
                page.goto("about:blank")
                entries = page.evaluate("() => history.length")
                if entries > KEEP_ENTRIES:  # its history forgotten, the tab (and renderer) kept
                    forget_history(page)
                    page.goto("about:blank")
                    entries = page.evaluate("() => history.length")
            except PlaywrightError:  # closing while it navigates, or crashed: not kept
                close(**kwargs)
                return
            if entries > KEEP_ENTRIES:  # Chromium keeps 50 at most: history.length stops
                close(**kwargs)
                return
            self.kept.append(page)

        def init_script(*args, **kwargs):
            page._script_added = True
            return add_init_script(*args, **kwargs)

        page.close = give_back
        page.add_init_script = init_script
        return page

    def end_test(self) -> None:
        for page in list(self.lent):
            page.close()
        if self.context is not None:
            self.context.clear_cookies()

    def close(self) -> None:
        if self.context is not None:
            self.context.close()


CHROMIUM_OF_PROCESS = Chromium()


def forget_history(page) -> None:
    """The tab's back/forward history emptied but for the page shown (Chromium's DevTools
    ``Page.resetNavigationHistory``), so that a tab whose history grew long is kept, not
    closed. Why: a tab opened anew for the next test started a new renderer process, cold (the
    frontend's scripts parsed and compiled again: :class:`Tabs`); a tab kept past
    :data:`KEEP_ENTRIES` entries was closed every few tests."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("Page.resetNavigationHistory")
    finally:
        session.detach()


def _reduced_motion(make):
    """``make`` (a browser's ``new_page`` or ``new_context``) opening pages that prefer reduced
    motion, unless the test asks otherwise. Why: Streamlit's animations (the running
    indicator, fades, skeletons) made Chromium draw frames for as long as a run lasted; with
    them off, six warm page loads cost Chromium 10.4-10.6 CPU s instead of 14.1-15.4 (its
    compositor 0.6-0.7 s instead of 3.0-3.1) at load 30; on a quiet machine the draw test
    saves 4% (session 23, docs/benchmarks.md). What the tests
    read (the page's elements, text, URL, layout) does not move; the benchmarks measure pages
    as a user's browser draws them and do not use this fixture. Chromium's
    ``--force-prefers-reduced-motion`` switch is not enough: Playwright's per-page media
    emulation overrides it."""

    def opened(*args, **kwargs):
        kwargs.setdefault("reduced_motion", "reduce")
        return make(*args, **kwargs)

    return opened
