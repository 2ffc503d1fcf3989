"""Routes of the fresh-user review of issue 19 (rev19e) in a real browser: a heat-map cell is
one Back step (minor 6); the rater clicked on the leniency chart is in the URL, so a copied link
reopens it, and the detail line names them (minor 7)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from analytics.text import render
from tests.e2e.test_browser import (
    TITLES,
    assert_no_error,
    click_heatmap_cell,
    plotly_click,
    wait_idle,
)
from tests.e2e.test_navigation import DEPT, LABEL, goto

pytestmark = pytest.mark.browser

HISTORY = "() => window.history.length"


def test_heatmap_cell_is_one_back_step(shared_server, browser):
    """The cell sets the cycle and the unit in one URL change: one history entry, and Back
    returns to the view before the click (it went to ``?cycle=…`` alone, never shown)."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    goto(page, f"{shared_server['base']}/distributions", TITLES["zh"]["distributions"])
    page.wait_for_timeout(1500)  # the bound widgets' first writes are done
    before, start = page.evaluate(HISTORY), page.url
    click_heatmap_cell(page)  # waits for cycle= and dept= in the URL
    page.wait_for_timeout(2000)  # no later write adds a second entry
    assert_no_error(page)
    assert page.evaluate(HISTORY) == before + 1, page.url
    page.go_back()
    page.wait_for_function(
        "() => !location.search.includes('cycle=') && !location.search.includes('dept=')",
        timeout=30_000,
    )
    assert page.url == start
    page.close()


def _effects_point(page):
    """The first marker of the rater page's leniency chart (its first chart with markers)."""
    chart = page.locator('[data-testid="stPlotlyChart"]').filter(has=page.locator("path.point"))
    point = chart.first.locator("path.point").first
    point.scroll_into_view_if_needed()
    point.wait_for(timeout=60_000)
    return point.bounding_box()


@pytest.mark.parametrize("lang", list(LABEL))
def test_rater_click_goes_into_the_url_and_the_link_reopens_it(shared_server, browser, lang):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    goto(
        page,
        f"{shared_server['base']}/raters?lang={LABEL[lang]}&dept={DEPT}",
        TITLES[lang]["raters"],
    )
    box = _effects_point(page)
    plotly_click(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => location.search.includes('rater=')", timeout=60_000)
    wait_idle(page)
    assert_no_error(page)
    (rater,) = parse_qs(urlparse(page.url).query)["rater"]
    head = render(
        "raters.selected", lang, rater="\0", effect=0, lo=0, hi=0, unit="", n=0, ratees=0, flags=""
    ).split("\0")[0]  # "评价人 "
    line = page.locator('[data-testid="stAlertContentInfo"]').filter(has_text=head.strip())
    line = line.filter(has_text=rater).first
    line.wait_for(timeout=60_000)
    text = line.inner_text()
    sep, close = ("（", "）") if lang == "zh" else (" (", ")")
    assert f"{sep}{rater}{close}" in text, text  # named: "韩娟鹏（E000091）"
    named = text[len(head) : text.index(f"{sep}{rater}")].strip()
    assert named and named != rater, text
    # a copied link details the same rater
    copied = page.context.browser.new_page(viewport={"width": 1280, "height": 800})
    goto(copied, page.url, TITLES[lang]["raters"])
    again = copied.locator('[data-testid="stAlertContentInfo"]').filter(has_text=rater).first
    again.wait_for(timeout=60_000)
    assert f"{named}{sep}{rater}{close}" in again.inner_text()
    copied.close()
    page.close()
