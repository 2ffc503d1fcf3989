"""How often the browser draws each chart per page load (issue 19, speed in the browser): once.

Why it is counted: until session 22 every Plotly chart was drawn three times per load: once by
Plotly; once more when Plotly's auto-margin pushed the margins out for the axes and the legend;
and once more when Streamlit's chart element re-applied its theme after mounting (it copies the
figure, and Plotly.js draws again when ``layout.template`` is a new object). Now each chart
comes with its own template written in and its margins up front
(:func:`analytics.export.figures.written_in`, and each builder's margins), and a chart drawn a
second time means one of them stopped fitting. Session 23 gave the last three their room (the
attribution bars' and KPI drivers' two-level axes, the waterfall's range widened for the text
written outside its bars); before it they were drawn twice, and this test fails there.

What is counted is the placing of what each chart draws: Plotly sets every marker's
``transform`` and every bar's, box's and line's path (``d``) once per draw. Counts, unlike a
timing, do not change with the machine's load."""

from __future__ import annotations

import pytest

from analytics.text import render
from bench.browser_pages import FILTER, PAGES, load_page, page_url
from tests.e2e.first_loads import FIRST_LOADS, SEEN
from tests.e2e.test_browser import assert_no_error
from tests.e2e.waits import settled

pytestmark = pytest.mark.browser

#: counts, per chart, every placement of a marker, bar, box or line (each draw places each once)
COUNT_PLACEMENTS = """(() => {
  const set = Element.prototype.setAttribute;
  window.__placed = new Map();
  const kind = (el, name) => {
    if (name === 'transform') return el.classList.contains('point') ? 'marker' : null;
    if (name !== 'd') return null;
    if (el.classList.contains('box')) return 'box';
    if (el.classList.contains('js-line')) return 'line';
    return el.parentNode && el.parentNode.classList && el.parentNode.classList.contains('point')
      ? 'bar' : null;
  };
  Element.prototype.setAttribute = function (name, value) {
    // the legend's own symbols are drawn apart from the chart's data: not counted
    const k = this.tagName === 'path' && !this.closest('.legend') ? kind(this, name) : null;
    if (k) {
      const chart = this.closest('[data-testid="stPlotlyChart"]');
      const counts = window.__placed.get(chart) || {};
      counts[k] = (counts[k] || 0) + 1;
      window.__placed.set(chart, counts);
    }
    return set.apply(this, arguments);
  };
})()"""
#: per chart: its key, and per kind of mark how many there are and how often they were placed
PLACEMENTS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(c => {
  const box = c.closest('[class*="st-key-"]');
  const key = box ? [...box.classList].find(k => k.startsWith('st-key-')) : '?';
  const marks = {
    marker: c.querySelectorAll('path.point').length,
    bar: c.querySelectorAll('g.point > path').length,
    box: c.querySelectorAll('path.box').length,
    line: [...c.querySelectorAll('path.js-line')].filter(p => !p.closest('.legend')).length,
  };
  return [key, marks, window.__placed.get(c) || {}];
})"""
#: the pages that draw charts without a calibration session (the meeting page needs one)
CHART_PAGES = ("overview", "distributions", "raters", "attribution", "potential", "person")


def draws(marks: dict[str, int], placed: dict[str, int]) -> float:
    """How many times a chart was drawn: its marks' placements over their number (the most of
    any kind of mark it has)."""
    return max(placed.get(k, 0) / n for k, n in marks.items() if n)


@pytest.mark.parametrize(
    "lang",
    [
        pytest.param(lang, marks=pytest.mark.xdist_group(f"chart_pages_{lang}"))
        for lang in ("zh", "en")
    ],
)
def test_every_chart_is_drawn_once_per_load(shared_server, browser, lang):
    """Every chart of every chart page, a department filter set: the page's first load is
    counted, and a chart drawn twice in it is counted once more in a second load (no warm-up
    load before the first count: 6 of each language's 12-18 loads, a third of the CPU; a chart
    drawn twice only in a cold load passes on the warm one, as before)."""
    titles = dict(PAGES)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.add_init_script(COUNT_PLACEMENTS)
    seen = {}
    for name in CHART_PAGES:
        url = page_url(shared_server["base"], name, lang, FILTER)
        title = render(titles[name], lang)
        counts: dict[str, float] = {}
        # a chart drawn twice is loaded once more and counted again: a machine busy with other
        # tests, or a first load whose sections are computed while it draws, can delay a page's
        # lower elements past the first draw (seen once in a clean clone's run, the raters'
        # dumbbell; never on a quiet machine); one drawn twice in both loads is a chart whose
        # margins do not fit, which is what this test is for
        for again in range(2):
            load_page(page, url, title)
            # the placements once three looks in a row (at drawn frames 0.1 s apart) count the
            # same: a chart drawn again shows as a change (it slept 0.7 s for that)
            charts = settled(page, PLACEMENTS, gap_ms=100, looks=3)
            if not again and name != "person":
                FIRST_LOADS[(shared_server["base"], lang, name)] = page.evaluate(SEEN)
            assert_no_error(page)
            assert charts, name
            for key, marks, placed in charts:
                assert any(marks.values()), (name, key, marks)  # something drawn to count
                counts[key] = min(counts.get(key, 99.0), draws(marks, placed))
            if all(n == 1 for n in counts.values()):
                break
        seen.update({(name, key): n for key, n in counts.items()})
    assert len(seen) >= 12, seen  # the demo's charts on these pages
    again = {k: n for k, n in seen.items() if n != 1}
    assert again == {}, again
    page.close()
