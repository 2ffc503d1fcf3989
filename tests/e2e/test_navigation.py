"""Navigation in a real browser: every page's path opens directly, every route into a person puts
``?employee=`` in the URL so a copied link opens the same profile, the breadcrumb's way back
gives back the cycles a heat-map drill picked, and there is no Deploy menu."""

from __future__ import annotations

import contextlib
import json
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from analytics.text import render
from tests.e2e.first_loads import DEPT, FIRST_LOADS, LABEL, SEEN, path_url
from tests.e2e.test_browser import (
    PAGES,
    TITLES,
    assert_no_error,
    click_heatmap_cell,
    click_until,
    menu_to,
    plotly_click,
    wait_idle,
)
from ui.shell import landing_script

pytestmark = pytest.mark.browser


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def assert_found(page) -> None:
    """No "Page not found" dialog (Streamlit's own words: it runs the main page instead)."""
    assert "Page not found" not in page.locator("body").inner_text()
    assert_no_error(page)


def goto(page, url: str, title: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=title).first.wait_for(timeout=90_000)
    wait_idle(page)


@pytest.mark.parametrize(
    "lang",
    [pytest.param(lang, marks=pytest.mark.xdist_group(f"chart_pages_{lang}")) for lang in LABEL],
)
def test_every_path_opens_directly_with_language_and_filter(shared_server, browser, lang):
    """Every page's path with the language and a department filter: the page, not "Page not
    found", the filter kept, the menu whole; then the menu's entries keep both. The pages that the every-page test and the draw
    test (tests/e2e/test_browser.py, tests/e2e/test_draw_passes.py: the same ``xdist_group``,
    run before this) opened at the same address on this server are read from their first load
    (:data:`FIRST_LOADS`), the others opened here."""
    base = shared_server["base"]
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    for name in PAGES:
        seen = FIRST_LOADS.get((base, lang, name))
        if seen is None:
            goto(page, path_url(base, name, lang), TITLES[lang][name])
            seen = page.evaluate(SEEN)
        # "Page not found" is Streamlit's dialog for an unknown path (it runs the main page)
        assert not seen["not_found"], (name, seen["url"])
        assert seen["errors"] == 0, (name, seen["error"])
        url = urlparse(seen["url"])
        assert url.path == f"/{name}", seen["url"]
        if name != "data":  # the data page has no filters
            assert parse_qs(url.query).get("dept") == [DEPT], seen["url"]
        # the menu's entry for the page: the overview's is the root's (its default page)
        assert seen["nav"] == len(PAGES), (name, seen["nav"])
    # the sidebar's menu keeps the language and the filter, also clicked on a fresh load as
    # soon as the filters are drawn (rev33a: a menu drawn before the filters took the click to
    # the next page without ?dept=, the company-wide view; ui.shell.draw_menu)
    page.goto(f"{base}/?lang={LABEL[lang]}&dept={DEPT}")
    page.locator('.st-key-role [data-testid="stWidgetLabel"]').wait_for(timeout=90_000)
    page.locator('[data-testid="stSidebarNavLink"][href$="/distributions"]').first.click()
    page.wait_for_function("() => location.pathname === '/distributions'", timeout=30_000)
    page.get_by_role("heading", name=TITLES[lang]["distributions"]).first.wait_for(timeout=90_000)
    wait_idle(page)
    assert_found(page)
    assert params(page).get("dept") == [DEPT], page.url
    assert ("lang=English" in page.url) == (lang == "en"), page.url
    for name in ("person", "overview"):  # the root still opens the overview
        menu_to(page, name, lang)  # its heading in this language, its path
        assert_found(page)
        assert params(page).get("dept") == [DEPT], (name, page.url)
        assert ("lang=English" in page.url) == (lang == "en"), (name, page.url)
    page.close()


def click_first_row(page, grid) -> None:
    """Select the first data row of a ``st.dataframe`` (its row-selection column)."""
    grid.scroll_into_view_if_needed()
    grid.wait_for(timeout=30_000)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)


def opened_person(page, lang: str) -> str:
    """Wait for the person page with a person chosen; returns the ``employee`` in the URL."""
    page.get_by_role("heading", name=TITLES[lang]["person"]).first.wait_for(timeout=60_000)
    history = {"zh": "各周期评分", "en": "Scores across cycles"}[lang]
    page.get_by_role("heading", name=history).first.wait_for(timeout=60_000)
    wait_idle(page)
    assert_no_error(page)
    page.wait_for_function("() => window.location.search.includes('employee=')", timeout=30_000)
    found = params(page)
    assert found.get("dept") == [DEPT], page.url  # the filter stays
    assert ("lang" in found) == (lang == "en")  # 中文 is the default: left out of the URL
    assert ("lang=English" in page.url) == (lang == "en")
    return found["employee"][0]


def assert_copied_link_opens(browser, url: str, employee: str, lang: str) -> None:
    """A new browser session (a colleague pasting the link) shows the same person."""
    other = browser.new_page(viewport={"width": 1280, "height": 800})
    goto(other, url, TITLES[lang]["person"])
    history = {"zh": "各周期评分", "en": "Scores across cycles"}[lang]
    other.get_by_role("heading", name=history).first.wait_for(timeout=60_000)
    assert_no_error(other)
    assert (
        employee
        in other.locator('[data-testid="stMarkdown"]').filter(has_text=employee).first.inner_text()
    )
    assert params(other).get("employee") == [employee]
    other.close()


def address_form(url: str) -> tuple[str, frozenset[str]]:
    """An address's path and the names of its parameters: the form a copied link of it takes.

    Why: a copied link carries its address alone into a new session, which opens it by its
    parameters' names (the values are the person, the filter, the change); the two attribution
    routes (the against-trend row, the "Open person" button) end at the same form (``?pair=``
    beside the person's), whose copied link the journey loads once a language (it loaded
    both: a load of the person page more)."""
    found = urlparse(url)
    return found.path, frozenset(parse_qs(found.query))


def person_address(url: str, employee: str, lang: str) -> bool:
    """Whether ``url`` is the person page's own address for ``employee``: ``/person`` with the
    filter, the person and the language (English; 中文 is the default) and nothing else.

    Why: a copied link carries nothing but its address into a new session, so every route
    that ends at this address opens in a colleague's browser as any other does; that a copied
    address of this form opens the same person, in either language, on this server, is
    ``tests/e2e/test_rev19e_routes.py::test_person_picker_names_people_and_keeps_the_id_in_
    the_url`` (:func:`assert_copied_link_opens`, both languages). The person routes, and the
    rater page's "Open person" (the same module's rater test), load a copied link only where a
    route's address differs (each load 2-4 CPU s; five a language)."""
    want = {
        "dept": [DEPT],
        "employee": [employee],
        **({"lang": ["English"]} if lang == "en" else {}),
    }
    found = urlparse(url)
    return found.path == "/person" and parse_qs(found.query) == want


def route_high_potential_row(page, lang: str) -> None:
    """A row click on the high-potential list (st.switch_page used to raise "Cannot clear query
    parameters" here, with the language and a department filter in the URL)."""
    click_first_row(page, page.locator('[data-testid="stDataFrame"]').first)


def box_members_heading(lang: str) -> str:
    """The heading of the 9-box's star cell's list (box 9, 明星), without its count."""
    members = render("pot.box_members", lang, box=9, label=render("box.star", lang), n=0)
    return members[: members.rindex("0")].rstrip("（( ")


def route_nine_box_member(page, lang: str) -> None:
    drag = page.locator('[data-testid="stPlotlyChart"]').first.locator(".nsewdrag").first
    drag.wait_for(timeout=30_000)
    box = drag.bounding_box()
    # top-right cell: high performance, high potential (box 9, 明星): its people are listed
    plotly_click(page, box["x"] + box["width"] * 5 / 6, box["y"] + box["height"] / 6)
    members = box_members_heading(lang)
    page.get_by_text(members).first.wait_for(timeout=60_000)
    page.get_by_text(render("pot.clear", lang)).first.wait_for(timeout=60_000)
    wait_idle(page)
    assert_no_error(page)
    # the cell is in the URL: a copied link opens its list (rev19d minor 8)
    page.wait_for_function("() => location.search.includes('box=9')", timeout=30_000)
    copied = page.context.browser.new_page(viewport={"width": 1280, "height": 800})
    goto(copied, page.url, TITLES[lang]["potential"])
    copied.get_by_text(members).first.wait_for(timeout=60_000)
    copied.close()
    click_first_row(page, page.locator('[data-testid="stDataFrame"]').first)


def route_attribution_button(page, lang: str) -> None:
    page.get_by_role("link", name=render("common.open_person", lang)).first.click()


def chart_after(page, heading: str):
    """The first Plotly chart below the subheader ``heading``."""
    return page.locator(
        f'xpath=//h3[contains(., "{heading}")]/following::*[@data-testid="stPlotlyChart"][1]'
    ).first


def click_first_marker(page, chart) -> None:
    chart.scroll_into_view_if_needed()
    marker = chart.locator("path.point").first
    marker.wait_for(timeout=30_000)
    box = marker.bounding_box()
    plotly_click(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def route_recheck_chart_click(page, lang: str) -> None:
    """A person's marker on the self / manager / peer chart opens that person."""
    click_first_marker(page, chart_after(page, render("raters.dumbbell", lang)))


def route_against_trend_row(page, lang: str) -> None:
    """A row click on the attribution page's "against the trend" table."""
    heading = render("attr.against", lang)
    grid = page.locator(
        f'xpath=//h3[contains(., "{heading}")]/following::*[@data-testid="stDataFrame"][1]'
    ).first
    click_first_row(page, grid)


def _effects_point(page):
    """The first marker of the rater page's leniency chart (its first chart with markers)."""
    chart = page.locator('[data-testid="stPlotlyChart"]').filter(has=page.locator("path.point"))
    point = chart.first.locator("path.point").first
    point.scroll_into_view_if_needed()
    point.wait_for(timeout=60_000)
    return point.bounding_box()


def route_rater_click_goes_into_the_url_and_the_link_reopens_it(page, lang: str) -> str:
    """The rater clicked on the leniency chart is in the URL, so a copied link reopens it, and
    the detail line names them (rev19e minor 7); "Open person" beside the line opens the
    rater's own profile: returns the rater, the person the journey must find opened.

    Folded into this journey from
    ``tests/e2e/test_rev19e_routes.py::test_rater_click_goes_into_the_url_and_the_link_reopens_it``
    (both languages), which loaded the rater page at the same address (the filter, the
    language) to take it: a load a language fewer. ``page``: the rater page, no rater picked."""
    assert "rater=" not in page.url, page.url
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
    # "Open person" beside the line opens the rater's own profile, ``?employee=`` in the URL
    # (the journey: :func:`opened_person`, and a copied link where the address is not the
    # person page's own, whose copied link opening its person is
    # ``tests/e2e/test_rev19e_routes.py::test_person_picker_names_people_and_keeps_the_id_in_the_url``)
    wait_idle(page)
    page.get_by_role("link", name=render("common.open_person", lang)).first.click()
    return rater


#: the routes into a person, each taken from its page (the department filter set). The rater
#: page's "Open person" after a rater picked on its effects chart is taken by
#: ``tests/e2e/test_rev19e_routes.py::test_rater_click_goes_into_the_url_and_the_link_reopens_it``
#: (both languages), which picks the rater there; the person page's search and a row of its
#: hits (``person_search_row``, the person page loaded at the filter) by
#: ``tests/e2e/test_rev19e_routes.py::test_person_picker_names_people_and_keeps_the_id_in_the_url``
#: (both languages, :func:`opened_person` on the person it opens: the filter, the language,
#: ``?employee=``), which searches the filter's department there (this journey loaded the
#: person page at the same address to take it: a load and a menu click a language more). A
#: route returns the person it must open, where it knows them (None: any)
ROUTES = {
    "recheck_chart_click": route_recheck_chart_click,
    "rater_click_goes_into_the_url_and_the_link_reopens_it": (
        route_rater_click_goes_into_the_url_and_the_link_reopens_it
    ),
    "high_potential_row": route_high_potential_row,
    "nine_box_member": route_nine_box_member,
    "attribution_button": route_attribution_button,
    "against_trend_row": route_against_trend_row,
}
#: the routes of one page taken one after the other: a table-row route comes back (Back) to
#: the page and the next route starts there, instead of opening the page again; after a route
#: without a way back the page is opened again by the sidebar's menu (from the person's page:
#: the filter and the language kept, no rater picked), unless it ends its page's part of the
#: journey. The pages in this order, one
#: journey a language: the first loaded, each next opened from where the one before ended by
#: the sidebar's menu (which keeps the language and the filter), as a reader goes on; never
#: the person page from a person's own page (the menu's click there would not open it anew)
JOURNEYS = {
    "potential": ("high_potential_row", "nine_box_member"),
    "attribution": ("against_trend_row", "attribution_button"),
    "raters": ("recheck_chart_click", "rater_click_goes_into_the_url_and_the_link_reopens_it"),
}
#: a route taken here in one language: the other takes it elsewhere. The high-potential row
#: in zh: ``tests/e2e/test_dataset_routes.py::test_row_click_opens_the_person_of_the_dataset_
#: shown[zh]`` (the same list's row click, its person and URL)
ONE_LANGUAGE = {"high_potential_row": "en"}
#: the table-row routes and the page each came from: Back returns there with its filter
#: (rev19b M-A). The list before the 9-box: a picked cell replaces the list by its members.
CAME_FROM = {
    "high_potential_row": "potential",
    "nine_box_member": "potential",
    "against_trend_row": "attribution",
    "rater_click_goes_into_the_url_and_the_link_reopens_it": "raters",  # its "Open person"
}
#: Back from a person to the rater page lands at the rater it came from (the card and its
#: "Open person" link, ``.st-key-rater_picked``), in the window, below the app's header: it
#: opened at the page's top (session 44's tester; ``ui.shell.land_at``)
RATER_IN_VIEW = """() => {
  const el = document.querySelector('.st-key-rater_picked');
  if (!el) return false;
  const r = el.getBoundingClientRect();
  return r.top >= 40 && r.top < window.innerHeight / 2;
}"""


def assert_back_returns(page, route: str, lang: str) -> None:
    """Back after a table-row route into a person stayed on ``/person?employee=…`` without the
    filter (the bound widgets' write-back was a second history entry): now every route carries
    the whole query string in one entry, like the "Open person" link.

    One Back returns to the page as it was: from a 9-box cell's member, to that cell's list
    (``?box=9``). It went to ``/potential?employee=…`` first, without the cell: the switch's
    query string was an entry of the page still shown (session 44's tester); and no
    ``?employee=`` is left on the page the route came from."""
    came_from = CAME_FROM[route]
    page.go_back()
    page.wait_for_function(f"() => window.location.pathname === '/{came_from}'", timeout=30_000)
    page.get_by_role("heading", name=TITLES[lang][came_from]).first.wait_for(timeout=60_000)
    wait_idle(page)
    assert_no_error(page)
    assert params(page).get("dept") == [DEPT], (came_from, page.url)
    assert ("lang=English" in page.url) == (lang == "en"), (came_from, page.url)
    assert "employee" not in params(page), (route, page.url)
    if route == "nine_box_member":  # the cell's list, as it was before the row click
        assert params(page).get("box") == ["9"], (route, page.url)
        page.get_by_text(box_members_heading(lang)).first.wait_for(timeout=30_000)
    if came_from == "raters":  # at the rater's card, not the page's top
        assert "rater" in params(page), (route, page.url)
        page.wait_for_function(RATER_IN_VIEW, timeout=30_000)


# one group per language: two processes take the routes (each group serves its own copy)
@pytest.mark.parametrize(
    "lang",
    [pytest.param(lang, marks=pytest.mark.xdist_group(f"person_routes_{lang}")) for lang in LABEL],
)
def test_person_route_puts_employee_in_url_and_the_link_reopens(shared_server, browser, lang):
    """Each route into a person puts ``?employee=`` in the URL, a copied link opens the same
    person (the person page's own address, whose copied link another test opens:
    :func:`person_address`; each other form of address once: :func:`address_form`), and after
    a table-row route Back returns to the page it came from, filter kept (each route taken once
    for all three; the routes of one page one after the other, the pages in one journey:
    :data:`JOURNEYS`. It was one test a page, each loading its page: three loads a language
    more). The rater page's "Open person" after a rater picked on its leniency chart, folded
    in: :func:`route_rater_click_goes_into_the_url_and_the_link_reopens_it`."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    base = shared_server["base"]
    first = next(iter(JOURNEYS))
    goto(page, f"{base}/{first}?lang={LABEL[lang]}&dept={DEPT}", TITLES[lang][first])
    # the bound widgets' first writes after the load done: the app idle, the page and its
    # address unchanged for a second (a row clicked before them was lost: the person page never
    # opened, 1 run in 2 under load; the journey reached this page by the menu before)
    wait_idle(page, quiet=1000)
    loaded = set()  # the forms of address whose copied link this journey loaded
    for name, routes in JOURNEYS.items():
        if name != first:
            menu_to(page, name, lang)
            assert params(page).get("dept") == [DEPT], (name, page.url)
        taken = [r for r in routes if ONE_LANGUAGE.get(r, lang) == lang]
        for route in taken:
            expected = ROUTES[route](page, lang)
            employee = opened_person(page, lang)
            assert expected in (None, employee), (route, expected, page.url)
            form = address_form(page.url)
            # the person page's own address: another test's; another form: its first route's
            if not person_address(page.url, employee, lang) and form not in loaded:
                assert_copied_link_opens(browser, page.url, employee, lang)
                loaded.add(form)
            if route in CAME_FROM:
                assert_back_returns(page, route, lang)
            elif route != taken[-1]:  # no way back: the page again by the menu
                menu_to(page, name, lang)
                assert params(page).get("dept") == [DEPT], (name, page.url)
    page.close()


def test_distributions_drills_and_their_ways_back(shared_server, browser):
    """The distributions page's drills, from one load of the page (company-wide, 中文):

    - a heat-map cell sets the cycle and the unit in one URL change: one history entry, and
      Back returns to the view before the click (it went to ``?cycle=…`` alone, never shown:
      rev19e minor 6);
    - a heat-map cell narrows to a unit in one cycle; 全公司 › goes back to the company with
      the cycles chosen before that click (none here), not with the drilled cycle, and stays
      there (the drilling click is not replayed);
    - a bar of the first chart narrows the scope to its unit (``dept=``), and the
      breadcrumb's 全公司 › leads back to the company.

    Each was a test of its own that loaded the page again."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    goto(page, f"{shared_server['base']}/distributions", TITLES["zh"]["distributions"])
    # the bound widgets' first writes are done: the app idle, the page and its address unchanged
    # for a second (it slept 1.5 s)
    wait_idle(page, quiet=1000)
    before, start = page.evaluate("() => window.history.length"), page.url
    click_heatmap_cell(page)  # waits for cycle= and dept= in the URL
    wait_idle(page, quiet=1000)  # no later write adds a second entry (it slept 2 s)
    assert_no_error(page)
    assert page.evaluate("() => window.history.length") == before + 1, page.url
    page.go_back()
    page.wait_for_function(
        "() => !location.search.includes('cycle=') && !location.search.includes('dept=')",
        timeout=30_000,
    )
    assert page.url == start
    wait_idle(page)
    # the cell again: the breadcrumb's way back gives back the cycles before the click
    click_heatmap_cell(page)  # narrows to the cell's unit and cycle
    assert_no_error(page)
    company = render("crumb.company", "zh") + " ›"
    back = page.get_by_role("button", name=company)
    back.wait_for(timeout=30_000)
    click_until(
        page,
        back,
        "!window.location.search.includes('dept=') && !window.location.search.includes('cycle=')",
    )
    # and it stays there: the drilling click is not replayed (a replay is a run the page asks
    # for: the app idle with nothing changed on the page for a second; it slept 2 s)
    wait_idle(page, quiet=1000)
    assert "dept=" not in page.url and "cycle=" not in page.url, page.url
    assert_no_error(page)
    # a bar of the first chart: the scope narrows to its unit, and 全公司 › leads back
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    bar = chart.locator("g.point path").first
    bar.wait_for(timeout=30_000)
    box = bar.bounding_box()
    plotly_click(page, box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.6)
    page.wait_for_function("() => window.location.search.includes('dept=')", timeout=60_000)
    wait_idle(page)
    assert_no_error(page)
    assert "dept=" in page.url
    click_until(page, back, "!window.location.search.includes('dept=')")
    page.close()


#: every address the page's history was given (pushState, replaceState), in order: what Back
#: and Forward go through, and what a copied address is
URL_LOG = """(() => {
  window.__urls = [];
  for (const f of ["pushState", "replaceState"]) {
    const orig = history[f].bind(history);
    history[f] = (state, title, url) => {
      window.__urls.push([f, String(url)]);
      return orig(state, title, url);
    };
  }
})();"""


#: a long page whose heading ``recheck`` is drawn before the list under it (``{below}`` ms
#: later), the landing script in an iframe as the app draws it (Streamlit sends a run's
#: elements as the script reaches them; on a loaded server the list comes later)
LATE_LIST = """<html><body style="margin:0">
<div style="height:1500px">charts</div><h3 id="recheck">list</h3><div id="below"></div>
<iframe id="landing" height="1"></iframe>
<script>
document.getElementById("landing").srcdoc = {script};
setTimeout(() => {{ document.getElementById("below").style.height = "3000px"; }}, {below});
</script></body></html>"""


def test_landing_scrolls_again_once_the_list_under_the_heading_is_drawn(browser):
    """The landing script of the overview's "Open" links (:func:`ui.shell.landing_script`)
    brings the heading to the top also when the list under it is drawn after it. It scrolled
    once the heading was there, which fell short while the page ended below the heading, and
    scrolled again only when the heading moved: the list drawn, the page grew but the heading
    stayed where it was, 755 px down the screen (the re-check landing test below timed out so
    in 2 of 24 CI runs)."""
    script = json.dumps(landing_script("recheck")).replace("</", "<\\/")
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_content(LATE_LIST.format(script=script, below=1500))
    top = "() => document.getElementById('recheck').getBoundingClientRect().top"
    # the list drawn (at 1.5 s) and the heading brought to the top since (it slept 2.5 s); not
    # within 10 s: the assertion says where the heading stayed
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            f"() => document.getElementById('below').style.height === '3000px'"
            f" && Math.abs(({top})()) < 5",
            timeout=10_000,
        )
    assert abs(page.evaluate(top)) < 5, page.evaluate(top)
    page.close()


@pytest.mark.parametrize("lang", list(LABEL))
def test_overview_open_lands_at_the_recheck_list(shared_server, browser, lang):
    """The overview's "Open" beside the re-check headline opens the rater page at its re-check
    list (it opened at the page's top, screens above: rev19d minor 9), which says the count the
    headline gave. Landed, the section leaves the address without a history entry, and no
    later address of the journey (a drill back to the company, Back, Forward) names it again
    (rev19e nit 14: a stale ``section=`` stayed after Back; the first fix's address came back
    1 run in 5, because the session wrote the section it still had into the next URL).

    Then, in Chinese, the rater page opened from the overview by the menu, at the filter: its
    flagged raters' row click (:func:`flagged_rater_row_opens_the_rater`)."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    base = shared_server["base"]
    goto(page, f"{base}/overview?lang={LABEL[lang]}&dept={DEPT}", TITLES[lang]["overview"])
    # the log from here on (the journey stays in this document: a new one has no log, and the
    # read at the end fails); not an init script, which made the tab one not kept (a new
    # renderer for the next test)
    page.evaluate(URL_LOG)
    head = render("overview.headline_recheck", lang, n=0)
    head = head[head.index("0") + 1 :].strip()  # the words after the count
    line = page.locator('[data-testid="stHorizontalBlock"]').filter(has_text=head).first
    line.wait_for(timeout=60_000)
    n = int("".join(ch for ch in line.inner_text().split(head)[0] if ch.isdigit()))
    line.get_by_role("link", name=render("overview.go", lang)).click()
    heading = page.get_by_role("heading", name=render("raters.recheck", lang)).first
    heading.wait_for(timeout=90_000)
    page.get_by_text(render("raters.recheck_count", lang, n=n)).first.wait_for(timeout=60_000)
    page.wait_for_function(
        "() => { const h = document.getElementById('recheck');"
        " return h && Math.abs(h.getBoundingClientRect().top) < 200; }",
        timeout=60_000,
    )
    # landed: the section leaves the address, which keeps the language and the filter
    page.wait_for_function("() => !location.search.includes('section=')", timeout=30_000)
    assert params(page).get("dept") == [DEPT], page.url
    assert ("lang=English" in page.url) == (lang == "en"), page.url
    # the app idle, nothing changed on the page for a second (it slept 1.5 s), and no address
    # given since the landing names the section (the log at the end holds any given later)
    wait_idle(page, quiet=1000)
    assert "section=" not in page.url, page.url
    landed = page.url
    # a drill back to the whole company: the session writes the next address, without it
    crumb = page.get_by_role("button", name=render("crumb.company", lang) + " ›")
    click_until(page, crumb, "!window.location.search.includes('dept=')")
    wait_idle(page, quiet=1000)
    assert "section=" not in page.url and urlparse(page.url).path == "/raters", page.url
    page.go_back()  # the landed view: the filter again, no section
    page.wait_for_function("() => location.search.includes('dept=')", timeout=30_000)
    wait_idle(page, quiet=1000)
    assert page.url == landed, (page.url, landed)
    page.go_forward()
    page.wait_for_function("() => !location.search.includes('dept=')", timeout=30_000)
    wait_idle(page)
    page.go_back()
    page.wait_for_function("() => location.search.includes('dept=')", timeout=30_000)
    wait_idle(page)
    page.go_back()  # the overview, as it was
    page.get_by_role("heading", name=TITLES[lang]["overview"]).first.wait_for(timeout=60_000)
    wait_idle(page)
    assert "section=" not in page.url and params(page).get("dept") == [DEPT], page.url
    urls = page.evaluate("window.__urls")
    first = next(i for i, (_, u) in enumerate(urls) if "section=" in u)  # the link's landing
    later = [u for _, u in urls[first + 1 :] if "section=" in u]
    assert not later, urls
    assert_no_error(page)
    if lang == "zh":  # from the overview at the filter, by the menu: the flagged raters' row
        menu_to(page, "raters", lang)
        assert params(page).get("dept") == [DEPT] and "lang" not in params(page), page.url
        flagged_rater_row_opens_the_rater(page)
    page.close()


def test_person_breadcrumb_leads_back_to_the_page_at_the_unit(shared_server, browser):
    """A person opened from the high-potential list of a team reads 全公司 › 销售中心 › 华东区
    › 华东一组 › the person; the 华东区 crumb goes back to that list (the page the person was
    opened from), at 销售中心/华东区 without the team or the person (minor28 item 9)."""
    unit, team = f"{DEPT}/华东区", "华东一组"
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    url = f"{shared_server['base']}/potential?dept={unit}&team={team}"
    goto(page, url, TITLES["zh"]["potential"])
    click_first_row(page, page.locator('[data-testid="stDataFrame"]').first)
    page.get_by_role("heading", name=TITLES["zh"]["person"]).first.wait_for(timeout=60_000)
    page.get_by_role("heading", name="各周期评分").first.wait_for(timeout=60_000)
    wait_idle(page)
    crumbs = page.locator(".st-key-crumbs button")
    texts = [crumbs.nth(i).inner_text().strip() for i in range(crumbs.count())]
    company = render("crumb.company", "zh")
    assert texts[:4] == [f"{company} ›", f"{DEPT} ›", "华东区 ›", f"{team} ›"], texts
    assert len(texts) == 5 and page.locator(".st-key-crumb_person button").is_disabled()
    employee = params(page)["employee"][0]
    assert employee in texts[4], texts  # the person: 名（id）
    person_url, entries = page.url, page.evaluate("history.length")
    click_until(page, crumbs.nth(2), "window.location.pathname === '/potential'")
    page.get_by_role("heading", name=TITLES["zh"]["potential"]).first.wait_for(timeout=60_000)
    wait_idle(page)
    assert_no_error(page)
    found = params(page)
    assert found.get("dept") == [unit], page.url
    assert "team" not in found and "employee" not in found, page.url
    # one history entry, and one Back returns to the person as they were (session 45: the
    # crumb's st.switch_page added /person?dept=… without the person, which Back showed)
    assert page.evaluate("history.length") == entries + 1
    page.go_back()
    page.wait_for_function("() => window.location.pathname === '/person'", timeout=30_000)
    wait_idle(page)
    assert page.url == person_url, (page.url, person_url)
    page.close()


def flagged_rater_row_opens_the_rater(page) -> None:
    """A click on a row of the rater page's flagged-raters table opens that rater (``?rater=``
    and the rater's "Open person" link to their profile), as a click on the chart's dot does
    (import28, rev28a item 13). ``page``: the rater page in Chinese at :data:`DEPT`, no rater
    picked (the re-check landing's journey reaches it by the menu: it was a test of its own
    that loaded that address)."""
    grid = page.locator('.st-key-raters_flagged [data-testid="stDataFrame"]').first
    assert "rater=" not in page.url
    click_first_row(page, grid)
    page.wait_for_function("() => location.search.includes('rater=')", timeout=30_000)
    rater = params(page)["rater"][0]
    link = page.get_by_role("link", name=render("common.open_person", "zh")).first
    link.wait_for(timeout=60_000)
    wait_idle(page)
    assert_no_error(page)
    assert f"employee={rater}" in link.get_attribute("href"), link.get_attribute("href")
