"""Page loads shared by the browser tests of one process: what a page's first load at the path
test's address showed (``test_every_path_opens_directly_with_language_and_filter``,
tests/e2e/test_navigation.py), kept by the tests that open that address before it in the same
``xdist_group`` (``chart_pages_zh``, ``chart_pages_en``) so that it reads the page instead of
loading it again."""

from __future__ import annotations

#: the department filter of the path test's addresses
DEPT = "销售中心"
LABEL = {"zh": "中文", "en": "English"}

#: what a page's first load showed, per (server, language, page): the draw test
#: (tests/e2e/test_draw_passes.py) keeps the five chart pages it opens at the path test's
#: address (its person page names a person, the path test's does not), the every-page test
#: (tests/e2e/test_browser.py) the four others (calibration, person, data, meeting). The path
#: test reads them when it runs after them in the same process and loads a page itself
#: otherwise. Why: eighteen page loads a run (2-4 CPU s each, most of it Chromium's)
FIRST_LOADS: dict[tuple[str, str, str], dict] = {}
#: (JavaScript) what the path test reads of a page: its URL, "Page not found" (Streamlit's words
#: when a path is unknown: it runs the main page instead), the error elements' first text, and
#: the menu's entries
SEEN = """() => {
  const errors = document.querySelectorAll(
    '[data-testid="stException"], [data-testid="stAlertContentError"]');
  return {url: location.href, not_found: document.body.innerText.includes('Page not found'),
    errors: errors.length, error: errors.length ? errors[0].innerText.slice(0, 500) : '',
    nav: document.querySelectorAll('[data-testid="stSidebarNavLink"]').length};
}"""


def path_url(base: str, name: str, lang: str) -> str:
    """The path test's address of page ``name``: its path, the language and :data:`DEPT`."""
    return f"{base}/{name}?lang={LABEL[lang]}&dept={DEPT}"


#: the path test's pages that the draw test does not keep: the every-page test opens these at
#: the path test's address
NOT_DRAWN = ("calibration", "person", "data", "meeting")
