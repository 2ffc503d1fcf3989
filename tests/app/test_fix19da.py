"""rev19d: the person page honours the sidebar's cycles (history, scores in the points of
their scale, changes within them; the profile says it is the whole history), the 9-box cell
is in the URL, and the rater page's appeals follow the scope (AppTest, catalogue words)."""

from __future__ import annotations

import duckdb
import pytest

from analytics.text import render
from tests.app.apptest import open_page


def _cycles_and_person(path) -> tuple[list[tuple[str, str]], str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        cycles = con.execute(
            "SELECT DISTINCT r.cycle_id, r.scale FROM reviews r JOIN cycles c USING (cycle_id)"
            " ORDER BY c.ordering"
        ).fetchall()
        emp = con.execute(
            "SELECT employee_id FROM reviews WHERE rater_role = 'manager' GROUP BY 1"
            " HAVING count(DISTINCT cycle_id) = (SELECT count(*) FROM cycles) ORDER BY 1 LIMIT 1"
        ).fetchone()[0]
    finally:
        con.close()
    return cycles, emp


def _table(at, column: str):
    """The one table with ``column`` (the person page's tables have no widget key)."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def _captions(at) -> list[str]:
    return [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_person_page_keeps_two_cycles(demo, lang):
    cycles, emp = _cycles_and_person(demo)
    (c1, scale), (c2, scale2) = cycles[0], cycles[1]
    assert scale == scale2 and scale != cycles[-1][1]  # two cycles on one scale; all mix
    at = open_page("pages/person.py", lang, cycle=[c1, c2], employee=emp)
    caps = _captions(at)
    assert render("unit.caption_mixed", lang) not in caps  # points, not the 0-1 banner
    points = render("unit.caption", lang, unit=render("unit.points", lang, scale=scale))
    assert points in caps
    adjusted = _table(at, "adjustment")
    assert set(adjusted["cycle_id"].astype(str)) == {c1, c2}
    changes = _table(at, "from_cycle")
    assert list(zip(changes["from_cycle"], changes["to_cycle"])) == [(c1, c2)]
    assert render("person.whole_history", lang) in caps  # the profile: every cycle, said


def test_person_page_with_one_cycle_and_without(demo):
    cycles, emp = _cycles_and_person(demo)
    one = cycles[1][0]
    at = open_page("pages/person.py", "en", cycle=[one], employee=emp)
    adjusted = _table(at, "adjustment")
    assert set(adjusted["cycle_id"].astype(str)) == {one}
    heads = [s.value for s in at.subheader]
    assert render("person.attribution", "en") not in heads  # a change needs two cycles
    assert render("person.history", "en") in heads
    everything = open_page("pages/person.py", "en", employee=emp)
    caps = _captions(everything)
    assert render("unit.caption_mixed", "en") in caps  # all cycles mix scales: 0-1, said
    assert render("person.whole_history", "en") not in caps
    assert len(_table(everything, "adjustment")) == len(cycles)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_nine_box_cell_opens_from_the_url_and_clears(demo, lang):
    """``/potential?box=9`` (a copied link) lists the cell's people; back to the list drops
    the parameter (rev19d minor 8; the click that sets it: tests/e2e/test_navigation.py)."""
    at = open_page("pages/potential.py", lang, query={"box": "9"})
    heads = [s.value for s in at.subheader]
    members = render("pot.box_members", lang, box=9, label=render("box.star", lang), n=0)
    assert any(h.startswith(members[: members.rindex("0")]) for h in heads), heads
    assert render("pot.list", lang) not in heads
    at.button(key="pot_clear").click().run()
    assert "box" not in at.query_params
    assert render("pot.list", lang) in [s.value for s in at.subheader]
    at = open_page("pages/potential.py", lang, query={"box": "x"})  # nonsense: the list
    assert render("pot.list", lang) in [s.value for s in at.subheader]
