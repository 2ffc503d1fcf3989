"""Routes of the fresh-user review of issue 19 (rev19e) in a real browser: the person picker
lists "id name · department", the search box finds a person by name or id, and the URL keeps the bare id through picks, Back,
Forward and a copied link (minor 3); the attribution page's sentences round every number alike
(minor 9). The rater clicked on the leniency chart in the URL, a copied link reopening it,
the detail line naming them (minor 7), and its "Open person" (the test
``test_rater_click_goes_into_the_url_and_the_link_reopens_it`` of this module, folded into the
person routes' journey, which reaches the rater page by the menu at the same address:
tests/e2e/test_navigation.py, ``route_rater_click_goes_into_the_url_and_the_link_reopens_it``);
a heat-map cell as one Back step (minor 6): tests/e2e/test_navigation.py, the distributions
journey."""

from __future__ import annotations

import re

import pytest

from analytics.text import render
from analytics.text.render import entries
from tests.e2e.test_browser import (
    TITLES,
    assert_no_error,
    open_box,
    wait_idle,
)
from tests.e2e.test_navigation import (
    DEPT,
    LABEL,
    assert_copied_link_opens,
    click_first_row,
    goto,
    opened_person,
    params,
    person_address,
)

pytestmark = pytest.mark.browser


#: a person picker option: "id name · department" (rev21 item 6)
OPTION = re.compile(r"^([A-Za-z]*\d+) (.+) · (.+)$")


def _find(page, lang: str, typed: str, emp: str, option: str) -> None:
    """Search ``typed`` in the person page's one search box: the person ``emp`` opens at once
    when they are the only match, else they are chosen as ``option`` from the list the search
    left (the list itself cannot be typed in: rev21 item 6)."""
    wait_idle(page)
    search = page.get_by_label(render("person.search", lang), exact=True)
    search.fill(typed)
    search.press("Enter")
    wait_idle(page)
    if params(page).get("employee") == [emp]:
        return
    box = page.get_by_role("combobox", name=render("person.pick", lang), exact=True).first
    assert open_box(page, box)
    listed = page.get_by_role("option").all_inner_texts()
    assert listed and all(typed in o for o in listed if not o.startswith(f"{emp} ")), listed
    page.get_by_role("option", name=option, exact=True).first.click(timeout=30_000)


def _shows(page, lang: str, emp: str, name: str, dept: str) -> None:
    """The URL's ``?employee=`` is the bare id, the header names the person and the picker
    shows "id name · department"."""
    page.wait_for_function(
        f"() => new URLSearchParams(location.search).get('employee') === {emp!r}",
        timeout=60_000,
    )
    named = render("person.named", lang, name=name, id=emp)
    page.locator('[data-testid="stMarkdown"]').filter(has_text=named).first.wait_for(timeout=60_000)
    label = render("person.pick", lang)
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box = page.get_by_role("combobox", name=label, exact=True).first
    shown = f"{picker.inner_text()} {box.input_value()}"
    assert render("person.option_dept", lang, id=emp, name=name, dept=dept) in shown, shown
    assert params(page).get("dept") == [DEPT], page.url  # the filter stays
    assert ("lang=English" in page.url) == (lang == "en"), page.url


@pytest.mark.parametrize("lang", list(LABEL))
def test_person_picker_names_people_and_keeps_the_id_in_the_url(shared_server, browser, lang):
    """/person → the picker listed 1001, 1002… (rev19e minor 3): each option now reads "id
    name · department" (rev21 item 6); the search box finds a person by name or id; a pick
    puts the bare id in the URL (a bound picker wrote "id name" there, and the links every
    page gives stopped opening people); Back and Forward go through the people picked, a
    copied link opens the person."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    goto(
        page,
        f"{shared_server['base']}/person?lang={LABEL[lang]}&dept={DEPT}",
        TITLES[lang]["person"],
    )
    box = page.get_by_role("combobox", name=render("person.pick", lang), exact=True).first
    assert open_box(page, box)
    page.get_by_role("option").first.wait_for(timeout=30_000)  # the list drawn (CI: [] once)
    options = page.get_by_role("option").all_inner_texts()
    people = [OPTION.fullmatch(o) for o in options]
    assert len(people) > 5 and all(people), options
    people = [m.groups() for m in people]
    assert all(
        o == render("person.option_dept", lang, id=i, name=n, dept=d)
        for o, (i, n, d) in zip(options, people)
    )
    page.keyboard.press("Escape")
    (a, a_name, a_dept), (b, b_name, b_dept) = people[1], people[4]
    history = page.evaluate("history.length")
    _find(page, lang, a_name, a, options[1])  # by name
    _shows(page, lang, a, a_name, a_dept)
    _find(page, lang, b, b, options[4])  # by id
    _shows(page, lang, b, b_name, b_dept)
    wait_idle(page)
    assert page.evaluate("history.length") == history + 2  # one entry a person
    assert_no_error(page)
    page.go_back()  # the person before
    _shows(page, lang, a, a_name, a_dept)
    page.go_forward()
    _shows(page, lang, b, b_name, b_dept)
    wait_idle(page)
    assert_no_error(page)
    # the person page's own address, whose copied link the person routes load no more
    # (tests/e2e/test_navigation.py, :func:`person_address`): this one, loaded here
    assert person_address(page.url, b, lang), page.url
    assert_copied_link_opens(browser, page.url, b, lang)
    _a_new_search_opens_no_one(page, lang, b)
    page.close()


def _a_new_search_opens_no_one(page, lang: str, shown: str) -> None:
    """A row of the search's table opens its person (the route into a person
    ``person_search_row`` of tests/e2e/test_navigation.py's journeys, taken here:
    :func:`opened_person`); a new search then lists its people and opens no one. The row selected on the last search's table stayed selected on the new one
    and opened whoever the new rows held there: typing 王 after a row click opened a person
    never clicked (session 36, found by a history log: an entry more, Back to the one before);
    each search's rows are a grid of their own now."""
    search = page.get_by_label(render("person.search", lang), exact=True)
    search.fill(DEPT)  # everyone of the filter's department: the table of hits
    search.press("Enter")
    wait_idle(page)
    click_first_row(page, page.locator("[class*='st-key-person_hits']").first)
    page.wait_for_function(
        f"() => new URLSearchParams(location.search).get('employee') !== {shown!r}",
        timeout=60_000,
    )
    # the person opened with the filter and the language kept; their address is the person
    # page's own, whose copied link this test opened above
    employee = opened_person(page, lang)
    assert person_address(page.url, employee, lang), page.url
    opened, entries = params(page)["employee"], page.evaluate("history.length")
    search.fill("王")  # many people: a table, no one opened
    search.press("Enter")
    wait_idle(page)
    page.locator("[class*='st-key-person_hits']").first.wait_for(timeout=30_000)
    assert params(page)["employee"] == opened, page.url
    assert page.evaluate("history.length") == entries
    assert_no_error(page)


#: the attribution test's filter: three 1-5 cycles whose pairs hold the demo's two 销售中心 shifts
ATTR_FILTER = "cycle=2025Q3&cycle=2025Q4&cycle=2026Q1"
#: a decimal number in a sentence (not a count, a cycle's name or "95%")
NUMBER = re.compile(r"(?<![\w.])[+-]?\d+\.(\d+)(?![\d%])")


def _words(lang: str) -> dict[str, str]:
    """The fixed words of the shift sentences, from the catalogue: the clause that lists the
    parts, the KPI clause's lead, and how a sentence names the 0-1 score."""
    own, mixed = (entries()[f"story.shift_story{m}"][lang] for m in ("", "_mixed"))
    comma = "，" if lang == "zh" else ", "
    return {
        "parts": own.split("{company")[0].rsplit(comma, 1)[-1].strip(),
        "kpi": own.split("{kpi}")[0].rsplit("。" if lang == "zh" else ". ", 1)[-1],
        "hundred": "0-100",  # the demo's last cycles' scale, as a sentence names it
        "score01": mixed.split("{change:+pt}")[1]
        .strip()[1:]
        .split("：" if lang == "zh" else ":")[0],
    }


@pytest.mark.parametrize("lang", list(LABEL))
def test_attribution_sentences_round_every_number_alike(shared_server, browser, lang):
    """/attribution (a cycle filter set): the department-shift list mixed "平均变动 -0.4" and
    "-0.42" (rev19e minor 9). Each sentence writes its scores and changes to the decimals of
    the scale it names: one on 0-100, two on 1-5, three on the 0-1 score (the KPI clause is
    percentage points of attainment, another quantity)."""
    words = _words(lang)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    url = f"{shared_server['base']}/attribution?lang={LABEL[lang]}&{ATTR_FILTER}"
    goto(page, url, TITLES[lang]["attribution"])
    page.get_by_role("heading", name=render("attr.stories", lang)).first.wait_for(timeout=120_000)
    wait_idle(page)
    items = page.locator('[data-testid="stMarkdown"] li').filter(has_text=words["parts"])
    items.first.wait_for(timeout=120_000)
    said = items.all_inner_texts()
    assert said
    for sentence in said:
        named = sentence.split(words["kpi"])[0]
        want = 1 if words["hundred"] in named else 3 if words["score01"] in named else 2
        assert {len(d) for d in NUMBER.findall(named)} == {want}, sentence
    assert_no_error(page)
    page.close()
