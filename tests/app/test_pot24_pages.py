"""The high-potential page says only what is true for the cycles chosen (rev24b items 6 and
10, rev24a items 5 and 14): one method for the 9-box axis, which cycles the list counts and
the rule behind its length, and why the sustained lists are empty with too few cycles."""

from __future__ import annotations

import pytest

from analytics.stats.potential import TREND_MIN_CHANGE, TREND_MIN_CYCLES
from analytics.text import render
from tests.app.apptest import open_page


def _cycles(path) -> list[str]:
    from analytics.store import db

    con = db.connect(path, read_only=True)
    try:
        rows = con.execute("SELECT DISTINCT cycle_id FROM outcomes ORDER BY 1").fetchall()
    finally:
        con.close()
    return [r[0] for r in rows]


@pytest.mark.parametrize(("lang", "k"), [("zh", 1), ("en", 1), ("en", 2)])
def test_too_few_cycles_say_why_there_is_no_trend_list(demo, lang, k):
    chosen = _cycles(demo)[-k:]
    at = open_page("pages/potential.py", lang, cycle=chosen)
    infos = [i.value for i in at.info]
    needs = render("pot.trend_needs_cycles", lang, n=TREND_MIN_CYCLES, k=k)
    assert infos.count(needs) == 2, infos  # risers and decliners, not "no data"
    said = [c.value for c in at.caption]
    assert render("common.no_data", lang) not in said
    shrunk = render("pot.axis_shrunk", lang).strip()
    assert any(shrunk in c for c in said) is (k > 1), said  # one cycle: no level to shrink
    listed = render("pot.list_cycles", lang, n=k, cycles=", ".join(chosen))
    assert listed in said, said


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_all_cycles_state_the_shrunk_axis_the_list_rule_and_the_trend_rule(demo, lang):
    at = open_page("pages/potential.py", lang)
    said = [c.value for c in at.caption]
    shrunk = render("pot.axis_shrunk", lang).strip()
    assert any(shrunk in c for c in said), said
    rule = render("pot.trend_rule", lang, n=TREND_MIN_CYCLES, change=TREND_MIN_CHANGE)
    assert rule in said
    # the list's length is its cap: 20% of the people ranked, at most 50 (the sentence's
    # tail after the counts is fixed); with no cycle chosen, no "selected cycles only"
    tail = render("pot.list_rule", lang, ranked=0, share=0.2, cap=50)[-30:]
    assert any(c.endswith(tail) for c in said), said
    only = render("pot.list_cycles", lang, n=1, cycles="x")[-40:]
    assert not any(c.endswith(only) for c in said), said
