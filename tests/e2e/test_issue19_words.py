"""What only a browser shows (issue 19, session 23): no page of the Chinese dashboard shows
Streamlit's own English ("Choose an option", "No options to select", the uploader's "Drag and
drop files here" ...) with every selector empty and every expander open; the meeting page's
sign-off confirmation is not cut short with "…" at 1280 or 1920 px wide, in either language
(in Chinese on the first test's own load of the page)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analytics.calibration import sessions
from analytics.text import render
from tests.e2e.first_loads import NOT_DRAWN
from tests.e2e.test_browser import PAGES, menu_to, open_page
from tests.e2e.waits import settled
from tests.e2e.words import DRAG, SEEN, english, open_expanders

#: the calibration journeys' group (tests/e2e/test_calibration_session.py): their server
#: (``meeting_server``), after them
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser_calibration")]


@pytest.fixture(scope="module")
def with_session(meeting_server):
    """The meeting pages' server with one more calibration session, the newest: the one the
    meeting page opens (the calibration journeys' sessions, when they ran before, are older)."""
    db = Path(meeting_server["tmp"]) / "perflens.duckdb"
    sessions.create(db, cycle="2025Q4", department="研发中心", author="local")
    return meeting_server


def test_no_page_shows_streamlit_s_english_in_chinese(with_session, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    found = {}
    # every selector as a page opens: empty (no ?employee=, no filter). The chart pages so
    # opened (company-wide, ``?lang=中文``) are looked at by the every-page test on its own
    # load of each (tests/e2e/test_browser.py, ``streamlit_english``): these are the others
    # (the first loaded, the others opened from it by the sidebar's menu: no filter to carry)
    for i, name in enumerate(name for name in PAGES if name in NOT_DRAWN):
        if i == 0:
            open_page(page, with_session["base"], name, "zh")
        else:
            menu_to(page, name, "zh")
        open_expanders(page)
        if name == "data":  # the line shown while a file is dragged over the uploader
            zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
            zone.evaluate(DRAG)
            zone.locator("> div:not([data-testid]) > span").wait_for(timeout=10_000)
        if shown := english(page.evaluate(SEEN)):
            found[name] = shown
    # the meeting page, the last, is the Chinese sign-off's page (at 1280x800, no filter): its
    # confirmation looked at on this load (a test of its own loaded it again)
    assert name == "meeting"
    sign_off_shown_whole(page, "zh")
    page.close()
    assert not found, found


#: the checkboxes' labels
LABELS = '[data-testid="stCheckbox"] [data-testid="stMarkdownContainer"]'
#: (JavaScript, ``%s`` the label's first words as a JSON string) the label's width and the
#: width of its words: wider words are cut off with "…"
WIDTHS = (
    f"() => {{ const el = [...document.querySelectorAll('{LABELS}')]"
    ".find(e => e.innerText.includes(%s)); return el ? [el.clientWidth, el.scrollWidth] : null; }"
)


@pytest.mark.parametrize("lang", ["en"])
def test_the_sign_off_confirmation_is_shown_whole(with_session, browser, lang):
    """At a laptop's window and at a wide one: the page loaded at the first, the window then
    widened (the page's layout is the browser's, drawn again at the new width; it was a load
    of the page at each). In Chinese: on the meeting page of
    :func:`test_no_page_shows_streamlit_s_english_in_chinese`."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    open_page(page, with_session["base"], "meeting", lang)
    sign_off_shown_whole(page, lang)
    page.close()


def sign_off_shown_whole(page, lang: str) -> None:
    """The meeting page's sign-off confirmation (``page``: the page at 1280x800) is not cut
    short with "…" at that window nor once it is widened to 1920x1080."""
    words = render("cs.signoff_confirm", lang, n=0)[:8]
    label = page.locator(LABELS).filter(has_text=words).first
    label.wait_for(timeout=60_000)
    for width, height in ((1280, 800), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        # the label's widths once two looks at drawn frames read the same (the new layout)
        shown, whole = settled(page, WIDTHS % json.dumps(words))
        assert page.evaluate("() => window.innerWidth") == width
        assert whole <= shown + 1, (width, lang, shown, whole)  # no "…": nothing cut off
