"""The chart code is preloaded on the pages that draw charts (``ui/preload.py``): the list of
those pages follows the page files, the preloaded files are the ones the installed Streamlit's
frontend loads for its charts and tables, and the entry draws the preload on a chart page only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.pagelist import PAGES
from ui.preload import CHART_PAGES, CHUNKS, MARKER, preload_script
from ui.stinternals import frontend_chunks, frontend_dir

ROOT = Path(__file__).resolve().parents[2]
#: what draws a Plotly chart in PerfLens's code (``ui.charts.plot`` wraps ``st.plotly_chart``)
DRAWS = re.compile(r"\bcharts\.plot\(|\bst\.plotly_chart\(")


def test_chart_pages_are_the_pages_that_draw_charts():
    drawing = {url for path, _, url, _ in PAGES if DRAWS.search((ROOT / path).read_text("utf-8"))}
    assert drawing == CHART_PAGES
    # a ui module drawing a chart for some page would make that page a chart page unseen here
    others = [
        p.name
        for p in (ROOT / "ui").glob("*.py")
        if p.name != "charts.py" and DRAWS.search(p.read_text("utf-8"))
    ]
    assert not others, f"{others} draw charts: list their pages in ui.preload.CHART_PAGES"


def test_preloaded_files_are_the_ones_the_frontend_loads_lazily():
    """Each chunk is one file of the installed Streamlit, and the frontend's entry script imports
    exactly that file when it first draws the element (an upgrade that renames or merges them
    fails here, not as charts drawn late)."""
    files = frontend_chunks(CHUNKS)
    assert [f.split(".")[0] for f in files] == list(CHUNKS)
    # the entry script the page loads, which the preload's import is resolved against
    page = (frontend_dir().parents[1] / "index.html").read_text("utf-8")
    (entry,) = re.findall(r'<script type="module"[^>]* src="\./static/js/(index\.[^"]+)"', page)
    code = (frontend_dir() / entry).read_text("utf-8")
    for file in files:
        assert f"import(`./{file}`)" in code, file


def test_unknown_chunk_is_left_out():
    assert frontend_chunks(("NoSuchElement",)) == ()


def test_script_imports_the_files_beside_the_frontend_entry():
    html = preload_script(("PlotlyChart.abc.js",))
    assert '["PlotlyChart.abc.js"]' in html
    assert "new URL(file, main.src)" in html  # beside index.js: a base URL path is kept
    assert f":has(.{MARKER})" in html and f"class='{MARKER}'" in html  # hidden, no gap


def _preloads(at: AppTest) -> list[str]:
    return [e.proto.body for e in at.sidebar.get("html") if MARKER in e.proto.body]


@pytest.mark.parametrize(
    ("page", "drawn"),
    [("pages/raters.py", True), ("pages/overview.py", True), ("pages/data.py", False)],
)
def test_entry_preloads_on_chart_pages_only(demo, page, drawn):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    at.switch_page(str(ROOT / page)).run()  # a deep link on a fresh app, as in the browser
    assert not at.exception, [e.value for e in at.exception]
    bodies = _preloads(at)
    if drawn:
        assert len(bodies) == 1
        for file in frontend_chunks(CHUNKS):
            assert file in bodies[0]
        assert at.sidebar.get("html")[0].proto.unsafe_allow_javascript
    else:
        assert bodies == []
