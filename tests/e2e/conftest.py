"""Fixtures of the real-browser tests: Chromium, and the dashboard served on a copy of the bundled
demo (read-only: one server per process; changing the data: one per module)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.startup import CHROMIUM, LAUNCH_ARGS, DashboardServer


def _serve(folder: Path, bundled_db: Path):
    assert Path(CHROMIUM).exists(), "Debian chromium is required: `make test` installs it"
    db = folder / "perflens.duckdb"
    shutil.copyfile(bundled_db, db)
    app = DashboardServer(db)
    try:
        app.wait_healthy(timeout=90)
        yield {"base": app.base, "tmp": folder}
    finally:
        app.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory, bundled_db):
    """A copy of the database built from the bundled demo exports (the `make run` path) and a
    live server on it, each module its own: for tests that change the data (uploads, datasets)
    or need a server that has answered nothing yet (the deep link)."""
    yield from _serve(tmp_path_factory.mktemp("browser"), bundled_db)


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory, bundled_db):
    """The same, shared by every test of the process that only reads (pages, clicks, routes):
    one start, and the sections it computes stay cached for the next test."""
    yield from _serve(tmp_path_factory.mktemp("browser_shared"), bundled_db)


@pytest.fixture(scope="module")
def browser():
    """Per module, not per process: Playwright's sync API runs an event loop while a browser is
    open, and the packet tests (Chromium printing a PDF through the same API) cannot run then."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        b.new_page = _reduced_motion(b.new_page)  # also ``page.context.browser.new_page``
        b.new_context = _reduced_motion(b.new_context)
        yield b
        b.close()


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
