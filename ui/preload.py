"""Start the browser loading the code of a page's charts and tables when the page's run starts,
not when its first chart arrives.

Why: Streamlit's frontend loads each element type's code the first time it draws such an
element; Plotly's (``PlotlyChart.<hash>.js``) is 4.7 MB. A browser that has not cached it yet
(the first visit, or the first after a Streamlit upgrade) fetched, compiled and ran it only
once the page's first chart arrived, which on the rater and person pages is near the end of
the run: their charts were drawn 0.7-1.3 s after the run had finished (session 20,
docs/benchmarks.md), skeletons until then. Imported from the entry's first elements, the code
loads while the server computes the page; the chart's own import then finds it loaded (the
browser's module map: one URL, one module). With the code cached (a warm load) it only
moves the module's start earlier.

The script names only files of the installed Streamlit (:func:`ui.stinternals.frontend_chunks`)
and takes nothing from the address or the data. Its element hides itself (no gap in the
sidebar).
"""

from __future__ import annotations

import json

import streamlit as st

from ui.pagelist import HOME_URL, PAGES
from ui.stinternals import frontend_chunks

__all__ = ["CHART_PAGES", "CHUNKS", "MARKER", "preload_for", "preload_script"]

#: the element types whose code is preloaded: the charts (Plotly) and the tables (the grid)
CHUNKS = ("PlotlyChart", "DataFrame")
#: the url paths of the pages that draw Plotly charts (``tests/app/test_preload.py`` checks the
#: page files against it); the others (the data page, the calibration list) load no chart code
CHART_PAGES = frozenset(
    {"overview", "distributions", "raters", "attribution", "potential", "meeting", "person"}
)
#: the class of the script's element, which its style hides
MARKER = "perflens-preload"


def preload_script(files: tuple[str, ...]) -> str:
    """The HTML that imports ``files`` (names in Streamlit's ``static/js/``) beside the
    frontend's own entry script, so a base URL path (``server.baseUrlPath``) is kept."""
    return (
        f"<style>[data-testid='stElementContainer']:has(.{MARKER}) {{ display: none; }}</style>"
        f"<span class='{MARKER}'></span>"
        "<script>(() => {"
        'const main = document.querySelector(\'script[type="module"][src*="/static/js/index."]\');'
        "if (!main) return;"
        f"for (const file of {json.dumps(list(files))})"
        " import(new URL(file, main.src).href).catch(() => {});"
        "})();</script>"
    )


def preload_for(url_path: str) -> bool:
    """Draw the preload into the sidebar if the page at ``url_path`` (``""``: the default
    page) draws charts; whether it did."""
    page = PAGES[0][2] if url_path in ("", HOME_URL) else url_path
    if page not in CHART_PAGES:
        return False
    files = frontend_chunks(CHUNKS)
    if not files:  # a Streamlit whose frontend is laid out otherwise: the charts load as before
        return False
    st.sidebar.html(preload_script(files), unsafe_allow_javascript=True)
    return True
