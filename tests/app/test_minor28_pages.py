"""Session 28's English review (rev28b), its minors on the pages: each in both languages."""

from __future__ import annotations

import duckdb
import pytest

import ui.state
from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.findings.units import unit_of_scales
from analytics.stats.potential import BOX_CODES
from analytics.text import render
from tests.app.apptest import open_page


def _empty_box(path) -> tuple[str, str, int]:
    """A team of the demo with an empty 9-box cell: (department, team, box)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        teams = con.execute(
            "SELECT department, team FROM employees WHERE team IS NOT NULL"
            " GROUP BY ALL HAVING count(*) >= 5 ORDER BY count(*), 1, 2 LIMIT 1"
        ).fetchone()
        data = load_scope_lazy(con, Scope(department=teams[0], team=teams[1]))
        boxes = compute_section("nine_box", data)
    finally:
        con.close()
    return teams[0], teams[1], min(set(range(1, 10)) - set(boxes["box"].to_list()))


# --- item 8: an empty 9-box cell says nobody is there, not "no data" ------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_empty_box_says_nobody_is_in_it(demo, lang):
    dept, team, box = _empty_box(demo)  # the reviewer's: 财务核算二组's "Star" n=0
    at = open_page("pages/potential.py", lang, query={"dept": dept, "team": team, "box": str(box)})
    label = render(f"box.{BOX_CODES[box]}", lang)
    assert render("pot.box_members", lang, box=box, label=label, n=0) in [h.value for h in at.subheader]  # fmt: skip
    said = [i.value for i in at.info]  # (other sections below may be empty: not asserted)
    nobody = render("pot.box_nobody", lang, box=box, label=label, cycles=render("scope.all_cycles", lang))  # fmt: skip
    assert nobody in said, said


# --- item 9: the person page's breadcrumb leads back up to the unit it was opened in ---------


def _someone(path) -> tuple[str, str, str, str | None]:
    """(employee, department, team, name) of the demo's first person in a team two deep."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "SELECT employee_id, department, team, name FROM employees WHERE team IS NOT NULL"
            " AND department LIKE '%/%' ORDER BY employee_id LIMIT 1"
        ).fetchone()
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_person_page_has_a_breadcrumb_up_to_the_unit(demo, lang, monkeypatch):
    emp, dept, team, name = _someone(demo)
    # the reviewer's route: the team's 9-box, then a person of it
    at = open_page("pages/potential.py", lang, employee=emp, query={"dept": dept, "team": team})
    at.switch_page("pages/person.py").run()
    crumbs = {b.key: b for b in at.button if b.key and b.key.startswith("crumb_")}
    top, sub = dept.split("/")[:2]
    labels = [crumbs[f"crumb_{i}"].label for i in range(4)]
    assert labels == [render("crumb.company", lang) + " ›", top + " ›", sub + " ›", team + " ›"]
    person = crumbs["crumb_person"]
    assert person.disabled and emp in person.label and (name or emp) in person.label
    # AppTest follows no link: where the crumb sends the browser (a link it follows, one
    # history entry, session 45: st.switch_page left an entry of the person without them)
    went = []
    monkeypatch.setattr(ui.state, "_follow_link", lambda *link: went.append(link))
    at.button(key="crumb_1").click().run()  # up to the top department, on the 9-box it came from
    assert not at.exception, [e.value for e in at.exception]
    ((page, params, bound),) = went
    assert page == "pages/potential.py"
    assert params["dept"] == [top]  # (AppTest keeps the language in the session, not the URL)
    assert not {"team", "employee", "box"} & set(params)
    assert bound["dept"] == [top] and bound["team"] == []  # the address's, given for the click


# --- item 7: attribution across a change of scale says what /distributions says -------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_attribution_warns_across_the_change_of_scale(demo, lang):
    # the small demo: 2025Q1 and 2025Q2 on 1-5, 2025Q3 on 0-100
    at = open_page("pages/attribution.py", lang)
    words = {s: unit_of_scales([s]).words(lang) for s in ("1-5", "0-100")}
    said = render("attr.scale_break", lang, before=words["1-5"], after=words["0-100"], cycle="2025Q3", from_cycle="2025Q2")  # fmt: skip
    assert [w.value for w in at.warning if "2025Q3" in w.value] == [said]
    # the waterfall opens on the latest change on one scale, not the one across the break
    assert at.selectbox(key="attr_pair").value == "2025Q2"
    at.selectbox(key="attr_pair").set_value("2025Q3").run()  # across it: said under the chart
    crossing = render("attr.waterfall_scale_break", lang, before=words["1-5"], after=words["0-100"])  # fmt: skip
    assert crossing in [w.value for w in at.warning]
