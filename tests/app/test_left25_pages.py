"""Session 25's reviewer items on the pages (task left25), in both languages: the inflation
trend broken at a change of scale (rev23b item 9), a leaf department without teams named as
itself and its box of 3 not drawn (rev23b item 13), ..."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section
from analytics.findings.units import unit_of_scales
from analytics.store import db
from analytics.text import render
from tests.app.apptest import open_page
from tests.test_rev23b import import_wide, wide_export

#: rev23b's edge.csv: a department of three, no sub-departments, no teams, in the last cycle
LEGAL = [
    ("L0001", "Legal Head", "Legal", "", "2026Q2", "3.9", "", ""),
    ("L0002", "Legal Counsel One", "Legal", "L0001", "2026Q2", "4.8", "4.9", "4.7"),
    ("L0003", "Legal Counsel Two", "Legal", "L0001", "2026Q2", "4.6", "4.8", "4.5"),
]


@pytest.fixture(scope="module")
def legal_db(tmp_path_factory):
    """A small wide English export (60 people, six cycles) with rev23b's Legal department."""
    return import_wide(tmp_path_factory.mktemp("legal"), wide_export(n=60) + LEGAL)


def _cycle_scales(path) -> list[tuple[str, str]]:
    """``(cycle_id, scale)`` in cycle order, from the rating batches."""
    con = db.connect(path, read_only=True)
    try:
        return con.execute(
            "SELECT r.cycle_id, min(b.scale) FROM review_batches b JOIN "
            "(SELECT DISTINCT cycle_id, batch FROM review_rows) r USING (batch) "
            "JOIN cycles c ON c.cycle_id = r.cycle_id GROUP BY r.cycle_id, c.ordering "
            "ORDER BY c.ordering"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inflation_trend_is_not_tested_across_a_change_of_scale(demo, lang):
    """rev23b item 9: the small demo rates its last cycle on 0-100 and the others on 1-5. The
    page says where the scale changed and that the trend is not compared across it, gives the
    trend of the 1-5 cycles in points on 1-5 and says the 0-100 cycle alone has no trend; the
    chart's mean line is broken in two pieces with a marker at the change."""
    scales = _cycle_scales(demo)
    assert [s for _, s in scales] == ["1-5"] * (len(scales) - 1) + ["0-100"]
    at = open_page("pages/distributions.py", lang)
    words = [m.value for m in at.markdown]
    first, last = scales[0][0], scales[-2][0]
    one, hundred = (unit_of_scales([s]).words(lang) for s in ("1-5", "0-100"))
    assert (
        render("dist.inflation_scale_break", lang, before=one, after=hundred, cycle=scales[-1][0])
        in words
    )
    lead = render("dist.inflation_segment", lang, first=first, last=last, unit=one)
    trend = [w for w in words if w.startswith(lead)]
    assert len(trend) == 1 and one in trend[0]
    assert render("dist.inflation_segment_one", lang, cycle=scales[-1][0], unit=hundred) in words
    # no sentence of a trend over every cycle on the mixed 0-1 score (before: "... 0-1
    # score: scales mixed), p=0.383")
    assert not [w for w in words if render("unit.mixed", lang) in w]
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    title = render("fig.inflation", lang)
    chart = next(
        c for c in charts if title in json.dumps(c["layout"].get("title", {}), ensure_ascii=False)
    )
    means = [tr for tr in chart["data"] if tr.get("legendgroup") == "mean"]
    assert [tr["x"] for tr in means] == [[c for c, _ in scales[:-1]], [scales[-1][0]]]
    marks = [
        s for s in chart["layout"].get("shapes", []) if s.get("line", {}).get("dash") == "dash"
    ]
    assert len(marks) == 1 and marks[0]["x0"] == len(scales) - 1.5


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_department_without_teams_is_named_and_its_three_get_no_box(legal_db, monkeypatch, lang):
    """rev23b item 13: ``?dept=Legal`` (3 people, no sub-departments, no teams) showed a box of
    3 whose whiskers were single people's scores (4.8 and 3.9). Beside the other departments
    its label stands in the box chart with no box, and the section sends no quartile or
    whisker of it. (Naming the team-less unit "Legal" inside ``?dept=Legal`` was taken back:
    a click on its bar re-ran the page without end; it reads "Unassigned" there again.)"""
    monkeypatch.setenv("PERFLENS_DB", str(legal_db))
    at = open_page("pages/distributions.py", lang, query={"cycle": "2026Q2"})
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    boxes = [c for c in charts if any(tr.get("type") == "box" for tr in c["data"])]
    assert len(boxes) == 1
    legal = [tr for tr in boxes[0]["data"] if str(tr["x"][0]).startswith("Legal<br>")]
    assert len(legal) == 1 and legal[0]["type"] == "scatter"
    assert render("fig.box_too_few", lang, n=3, min=5) in legal[0]["x"][0]


def test_the_box_section_sends_no_quartile_of_a_small_unit(legal_db):
    """The section behind the box chart (also in the exports) empties the quartiles, mean and
    whiskers of a unit under 5 people: for Legal's 3 they were single people's scores."""
    con = duckdb.connect(str(legal_db), read_only=True)
    try:
        box = compute_section("score_box", load_scope_lazy(con, Scope(cycles=("2026Q2",))))
    finally:
        con.close()
    legal = box.filter(pl.col("unit") == "Legal").row(0, named=True)
    assert legal["n"] == 3
    assert all(legal[c] is None for c in ("q1", "median", "q3", "mean", "lowerfence", "upperfence"))
    assert box.filter(pl.col("n") >= 5)["median"].null_count() == 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hidden_strengths_say_why_they_are_empty(legal_db, monkeypatch, lang):
    """left25 item 6: with one cycle the hidden-strengths list said "no data". In the wide
    export the manager is each person's only identified rater, so no rater's standard can be
    estimated: one cycle says it needs at least two cycles; all six say no rater can be
    estimated here. Neither says "no data"."""
    monkeypatch.setenv("PERFLENS_DB", str(legal_db))
    at = open_page("pages/potential.py", lang, query={"cycle": "2025Q3"})
    infos = [i.value for i in at.info]
    assert render("pot.hidden_needs_cycles", lang, cycle="2025Q3") in infos, infos
    at = open_page("pages/potential.py", lang)
    infos = [i.value for i in at.info]
    assert render("pot.hidden_no_raters", lang) in infos, infos
    assert render("common.no_data", lang) not in infos


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_kappa_table_keeps_rows_with_a_value_and_says_the_others(demo, lang):
    """left25 item 7 on the rater page: the small demo's last cycle (0-100, no grades) gave
    rows of "—" under the kappa table's rows with values; they are a sentence now, and the
    table keeps the rows with a value."""
    from analytics.findings.headlines import blank_row_lines

    con = db.connect(demo, read_only=True)
    try:
        kappa = compute_section("agreement", load_scope_lazy(con, Scope()))
    finally:
        con.close()
    table, lines = blank_row_lines(kappa)
    assert lines and table.height
    at = open_page("pages/raters.py", lang)
    infos = [i.value for i in at.info]
    for code, params in lines:
        assert render(code, lang, **params) in infos
    shown = [d.value for d in at.dataframe]
    kappas = [f for f in shown if "kappa" in f.columns]
    assert len(kappas) == 1 and kappas[0]["kappa"].isna().sum() == 0
    assert len(kappas[0]) == table.height


def test_one_function_builds_the_reason_category_box():
    """left25 item 9: the move form (ui/calibration.py), the pending moves (pages/
    meeting.py) and the moves of ticked people (ui/bins.py) each built the same
    reason-category select box; one function builds it."""
    root = Path(__file__).resolve().parents[2]
    built = [
        path.relative_to(root).as_posix()
        for path in [*(root / "ui").glob("*.py"), *(root / "pages").glob("*.py")]
        if 't("cs.category")' in path.read_text(encoding="utf-8")
    ]
    assert built == ["ui/calibration.py"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_move_form_and_the_pending_moves_offer_the_same_categories(
    team_session, monkeypatch, lang
):
    """Both boxes on the meeting page (the pending one after a table edit): the same label,
    the same categories, worded alike. (A session of its own, the newest, in the module's
    copy of the small demo: the edit is left pending, nothing is saved.)"""
    from analytics.calibration.moves import REASON_CATEGORIES

    path, _ = team_session
    monkeypatch.setenv("PERFLENS_DB", str(path))
    at = open_page("pages/meeting.py", lang)
    grid = at.data_editor[0]  # one grade changed in the table: a move pending
    edit = dict(edited_rows={list(grid.value["final_grade"]).index("B"): {"final_grade": "C"}})
    at.session_state[grid.key] = edit | dict(added_rows=[], deleted_rows=[])
    assert not at.run().exception
    boxes = {key: at.selectbox(key=key) for key in ("cs_category", "cs_pending_category")}
    words = [render(f"calib.reason.{c}", lang) for c in REASON_CATEGORIES]
    for box in boxes.values():
        assert box.label == render("cs.category", lang)
        assert list(box.options) == words
