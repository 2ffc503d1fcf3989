"""rev19d: the person page honours the sidebar's cycles (history, scores in the points of
their scale, changes within them; the profile says it is the whole history), the 9-box cell
is in the URL, and the rater page's appeals follow the scope (AppTest, catalogue words)."""

from __future__ import annotations

import json

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


def _appeal_scope(path) -> tuple[str, str, int, int]:
    """The top department and cycle with the most appeals of graded people, and the graded
    person-cycles and appealed ones in them."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        graded = """FROM outcomes o JOIN employees e USING (employee_id)
            WHERE o.grade IS NOT NULL"""
        appealed = "(o.cycle_id, o.employee_id) IN (SELECT (cycle_id, employee_id) FROM appeals)"
        dept, cycle = con.execute(
            f"SELECT split_part(e.department, '/', 1), o.cycle_id {graded} AND {appealed}"
            " GROUP BY ALL ORDER BY count(*) DESC, 1, 2 LIMIT 1"
        ).fetchone()
        n, k = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE {appealed}) {graded}"
            " AND o.cycle_id = $c AND (e.department = $d OR e.department LIKE $d || '/%')",
            {"c": cycle, "d": dept},
        ).fetchone()
        (total,) = con.execute(f"SELECT count(*) {graded}").fetchone()
    finally:
        con.close()
    assert 0 < n < total and k > 0
    return dept, cycle, n, k


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rater_page_appeals_follow_the_scope_in_percent(demo, lang):
    dept, cycle, n, k = _appeal_scope(demo)
    at = open_page("pages/raters.py", lang, cycle=[cycle], dept=dept)
    said = "\n".join(m.value for m in at.markdown)
    words = render(
        "appeals.scope", lang, n=n, appealed=k, rate=0.5, lo=0.5, hi=0.5, decided=1,
        overturned=1, orate=0.5, olo=0.5, ohi=0.5,
    )  # fmt: skip
    head = words[: words.index("50.0%")].rstrip(
        "（( "
    )  # the counts: the scope's, not the company's
    assert head in said, said[-1500:]
    company = render("appeals.company", lang, n=1, appealed=1, rate=0.5, lo=0.5, hi=0.5,
                     decided=1, overturned=1, orate=0.5, olo=0.5, ohi=0.5)  # fmt: skip
    assert company[:6] not in said
    (raters,) = [d for d in at.dataframe if "overturn_diff" in d.value.columns]
    assert raters.value["n_appealed"].sum() == k  # the raters of the scope's appeals only
    config = json.loads(raters.proto.columns)
    for col in ("appeal_rate", "overturn_rate", "rest_rate"):  # percentages, as the sentence
        assert "percent" in json.dumps(config[col]), config.get(col)


def _mean_change_title(lang: str, unit_words: str) -> str:
    return render("unit.header", lang, label=render("fig.mean_change", lang), unit=unit_words)


def _panels(spec: dict) -> dict[str, tuple[str, set[str]]]:
    """Each y axis of a chart's spec: its title and the cycles its bars end in."""
    ends: dict[str, set[str]] = {}
    for trace in spec["data"]:
        ends.setdefault(trace.get("yaxis", "y"), set()).update(trace["x"][1])
    return {
        axis: (spec["layout"]["yaxis" + axis[1:]]["title"]["text"], cycles)
        for axis, cycles in ends.items()
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_attribution_chart_in_the_points_of_each_pair(demo, lang):
    """All cycles mix 1-5 and 0-100: the pair on 1-5 is drawn in its points (as the shift
    sentences say it), the pair across scales in 0-1, each panel saying its unit (rev19d)."""
    cycles, _ = _cycles_and_person(demo)
    (_, scale), (c2, _), (c3, _) = cycles
    at = open_page("pages/attribution.py", lang)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    points = _mean_change_title(lang, render("unit.points", lang, scale=scale))
    mixed = _mean_change_title(lang, render("unit.score01", lang))
    assert sorted(_panels(spec).values()) == sorted([(points, {c2}), (mixed, {c3})])
    # the packet's chart of the same section alike (the findings of every cycle)
    from analytics.export.figures import report_figures
    from analytics.findings.report import build_findings
    from analytics.store import access

    con, _ = access.connect_reader(demo)
    try:
        findings = build_findings(con)
    finally:
        con.close()
    (fig,) = [f for f in report_figures(findings, lang) if len(f.data) >= 8]
    assert sorted(_panels(json.loads(fig.to_json())).values()) == sorted(
        [(points, {c2}), (mixed, {c3})]
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_recheck_link_lands_at_the_list_with_its_count(demo, lang):
    """The overview's "Open" beside "N cases ... re-check" carries ``?section=recheck``; the
    rater page's re-check heading has that anchor and says the same N for the same scope
    (rev19d minor 9)."""
    cycles, _ = _cycles_and_person(demo)
    state = {"cycle": [cycles[1][0]]}
    at = open_page("pages/overview.py", lang, **state)
    said = [m.value for m in at.markdown]
    (n,) = [
        k for k in range(1, 5000) if f"- {render('overview.headline_recheck', lang, n=k)}" in said
    ]
    links = {link.proto.query_string for link in at.get("page_link")}
    assert "section=recheck" in links and "section=leniency" in links, links
    at = open_page("pages/raters.py", lang, **state)
    at.query_params["section"] = "recheck"  # the link lands on the rater page
    at.run()
    (head,) = [s for s in at.subheader if s.value == render("raters.recheck", lang)]
    assert head.proto.anchor == "recheck"
    assert render("raters.recheck_count", lang, n=n) in [c.value for c in at.caption]
    # the page scrolls to the heading: a script naming it, for that anchor only
    scripts = [e.proto.srcdoc for e in at.get("iframe")]
    assert any('"recheck"' in s and "scrollIntoView" in s for s in scripts), scripts


def _waterfall_title(at) -> str:
    titles = [json.loads(c.proto.spec)["layout"].get("title", {}) for c in at.get("plotly_chart")]
    (title,) = [t["text"] for t in titles if "→" in t.get("text", "")]
    return title


def test_person_page_opens_on_the_change_the_attribution_page_showed(demo):
    """ "Open person" under the attribution page's waterfall carries its pair (``?pair=``);
    the person page opens its waterfall on that change, not the latest (rev19d M1)."""
    cycles, emp = _cycles_and_person(demo)
    (c1, _), (c2, _), (c3, _) = cycles
    at = open_page("pages/attribution.py", "en")
    at.selectbox(key="attr_pair").set_value(c2).run()
    links = [link.proto.query_string for link in at.get("page_link")]
    assert any(f"pair={c2}" in q for q in links), links
    latest = open_page("pages/person.py", "en", employee=emp)
    assert f"{c2} → {c3}" in _waterfall_title(latest)
    picked = open_page("pages/person.py", "en", query={"pair": c2}, employee=emp)
    assert f"{c1} → {c2}" in _waterfall_title(picked)


def _history_cycles(at, lang: str = "en") -> set[str]:
    """The cycles on the person page's "mean score per cycle by source" chart (its traces'
    x values)."""
    title = render("fig.person_history", lang)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    (spec,) = [s for s in specs if s["layout"]["title"]["text"].startswith(title)]
    return {str(x) for trace in spec["data"] for x in trace.get("x", [])}


def test_the_history_chart_follows_the_cycles_chosen_after_another_choice(demo):
    """rev24b item 1: the chart was built once per person and language for the whole server,
    so the cycles of whoever drew it first were shown under every later filter (and in the
    unit of that first filter). Two opens in one process, the second with other cycles."""
    cycles, emp = _cycles_and_person(demo)
    first, later = [cycles[0][0]], [cycles[1][0], cycles[2][0]]
    assert _history_cycles(open_page("pages/person.py", "en", cycle=first, employee=emp)) == set(
        first
    )
    at = open_page("pages/person.py", "en", cycle=later, employee=emp)
    assert _history_cycles(at) == set(later)
