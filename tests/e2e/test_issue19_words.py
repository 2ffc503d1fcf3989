"""What only a browser shows (issue 19, session 23): no page of the Chinese dashboard shows
Streamlit's own English ("Choose an option", "No options to select", the uploader's "Drag and
drop files here" ...) with every selector empty and every expander open; the meeting page's
sign-off confirmation is not cut short with "…" at 1280 or 1920 px wide, in either language."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.calibration import sessions
from analytics.text import render
from tests.e2e.test_browser import PAGES, open_page, wait_idle

#: the calibration journeys' group (tests/e2e/test_calibration_session.py): their server
#: (``meeting_server``), after them
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser_calibration")]

#: words Streamlit's frontend writes itself, in English whatever the page's language (1.67):
#: select boxes' placeholders and empty lists, the file uploader, the input hints
STREAMLIT_ENGLISH = (
    "Choose an option",
    "Choose options",
    "Choose or add",
    "Add an option",
    "No options to select",
    "No results",
    "Select all",
    "Drag and drop",
    "Browse files",
    "per file",
    "Upload",
    "Press Enter",
)

#: (JavaScript) what a reader can see: the text of every element drawn with a non-zero font
#: (the catalogue's words replace Streamlit's by a style sheet that sets its font to 0 and
#: adds its own text after it), generated text (``::before``/``::after``) and every input's
#: placeholder (shown once the box is emptied, also in a tab not open)
SEEN = """() => {
    const out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
        const node = walk.currentNode, el = node.parentElement;
        if (!el || !node.textContent.trim() || el.closest('style, script, noscript')) continue;
        const css = getComputedStyle(el);
        if (parseFloat(css.fontSize) === 0 || css.visibility === 'hidden') continue;
        if (!el.getClientRects().length) continue;
        out.push(node.textContent);
    }
    document.querySelectorAll('[placeholder]').forEach(e => out.push(e.getAttribute('placeholder')));
    document.querySelectorAll('body *').forEach(e => {
        for (const where of ['::before', '::after']) {
            const c = getComputedStyle(e, where).content;
            if (c && c !== 'none' && c !== 'normal') out.push(c);
        }
    });
    return out.join('\\n');
}"""

#: (JavaScript) a file dragged over the uploader: Streamlit then shows its own line
DRAG = """el => {
    const data = new DataTransfer();
    data.items.add(new File(['a'], 'a.csv', {type: 'text/csv'}));
    el.dispatchEvent(new DragEvent('dragenter', {dataTransfer: data, bubbles: true}));
}"""


def _english(seen: str) -> list[str]:
    return [words for words in STREAMLIT_ENGLISH if words in seen]


def _open_expanders(page) -> None:
    """Open every expander shown (one at a time: each click may draw more of the page)."""
    closed = page.locator(
        '[data-testid="stExpander"] details:not([open]) > summary >> visible=true'
    )
    for _ in range(30):
        if not closed.count():
            break
        closed.first.click()
        wait_idle(page)


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
    for name in PAGES:  # every selector as a page opens: empty (no ?employee=, no filter)
        open_page(page, with_session["base"], name, "zh")
        _open_expanders(page)
        if name == "data":  # the line shown while a file is dragged over the uploader
            zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
            zone.evaluate(DRAG)
            zone.locator("> div:not([data-testid]) > span").wait_for(timeout=10_000)
        if english := _english(page.evaluate(SEEN)):
            found[name] = english
    page.close()
    assert not found, found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sign_off_confirmation_is_shown_whole(with_session, browser, lang):
    for width, height in ((1280, 800), (1920, 1080)):
        page = browser.new_page(viewport={"width": width, "height": height})
        open_page(page, with_session["base"], "meeting", lang)
        label = page.locator('[data-testid="stCheckbox"] [data-testid="stMarkdownContainer"]')
        label = label.filter(has_text=render("cs.signoff_confirm", lang, n=0)[:8]).first
        label.wait_for(timeout=60_000)
        shown, whole = label.evaluate("el => [el.clientWidth, el.scrollWidth]")
        assert whole <= shown + 1, (width, lang, shown, whole)  # no "…": nothing cut off
        page.close()
