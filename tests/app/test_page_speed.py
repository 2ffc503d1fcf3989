"""What keeps a page's rerun cheap (issue 19, speed) without changing what it shows: the
calibration page draws only its open tab, a worded table and a built figure are reused across
sessions for the same content, and never across viewers or contents."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.graph_objects as go
import plotly.io
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics.export import figures
from analytics.findings.report import build_findings
from analytics.store import db
from analytics.text.labels import section_label
from ui import charts, memo, tables

ROOT = Path(__file__).resolve().parents[2]
LANGS = {"zh": "中文", "en": "English"}


def _start(db_path: Path, monkeypatch, lang: str) -> AppTest:
    monkeypatch.setenv("PERFLENS_DB", str(db_path))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=240)
    at.query_params["lang"] = LANGS[lang]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("pages/calibration.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_calibration_draws_the_open_tab_only(small_demo_db, monkeypatch, lang):
    """The first section's table is drawn; choosing another tab draws that one instead (the
    table's rows as the report has them), and switching the language keeps the page whole."""
    con = db.connect(small_demo_db, read_only=True)
    try:
        sections = build_findings(con).sections
    finally:
        con.close()
    names = list(sections)
    shown = [n for n in names if sections[n].height]
    at = _start(small_demo_db, monkeypatch, lang)

    def rows() -> list[int]:  # the tables drawn, by their rows (AppTest shows no table key)
        return [len(d.value) for d in at.dataframe]

    first = sections[names[0]].height
    assert rows() == ([min(first, tables.PAGE_ROWS)] if first else []), rows()
    other = max(shown, key=lambda n: sections[n].height)  # not the first's row count
    assert sections[other].height != first
    at.session_state["cal_section"] = section_label(other, lang)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert rows() == [min(sections[other].height, tables.PAGE_ROWS)]
    switched = LANGS["en" if lang == "zh" else "zh"]
    at.session_state["lang"] = switched
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.dataframe) <= 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_calibration_tabs_are_the_reports_sections_read_one_by_one(
    small_demo_db, monkeypatch, lang
):
    """Session 24: the page reads the sections it shows (``cache.section``), not the whole
    report. Its tabs are the report's, titled as the report titles them, and each section it
    reads is the report's frame (to 1e-9), for the company, a cycle and a department."""
    from polars.testing import assert_frame_equal

    from analytics.findings.headlines import section_title
    from analytics.findings.lazyscope import load_scope_lazy
    from analytics.findings.report import CARRIED, carried_sections
    from analytics.findings.scope import Scope
    from analytics.findings.sections import REPORT_SECTIONS, compute_section

    con = db.connect(small_demo_db, read_only=True)
    try:
        cycle = con.execute("SELECT max(cycle_id) FROM cycles").fetchone()[0]
        dept = con.execute("SELECT min(department) FROM employees").fetchone()[0].split("/")[0]
        for scope in (Scope(), Scope(cycles=(cycle,)), Scope(department=dept)):
            report = build_findings(con, cycles=scope.cycles, department=scope.department)
            assert list(report.sections) == list(REPORT_SECTIONS)
            data = load_scope_lazy(con, scope)
            # a one-cycle scope's attribution tabs: the change into its cycle from every cycle's
            # rows, as the page reads them (pages/calibration.py ``carried``; pack27)
            every = load_scope_lazy(con, Scope())
            carried = (
                carried_sections(
                    {n: compute_section(n, every) for n in CARRIED if n != "variance"},
                    scope.cycles[0],
                )
                if len(scope.cycles) == 1
                else {}
            )
            assert bool(carried) == (len(scope.cycles) == 1)  # the demo's last cycle has a change
            for name in REPORT_SECTIONS:
                frame = carried.get(name, compute_section(name, data))
                frame = pl.DataFrame() if frame is None else frame
                if name == "summary":  # the time it was generated
                    frame, want = frame.drop("generated_at"), report[name].drop("generated_at")
                else:
                    want = report[name]
                assert_frame_equal(frame, want, abs_tol=1e-9, rel_tol=1e-9)
        sections = build_findings(con).sections
    finally:
        con.close()
    at = _start(small_demo_db, monkeypatch, lang)
    assert [tab.label for tab in at.tabs] == [section_title(n, sections, lang) for n in sections]


def test_fingerprint_tells_contents_and_order_apart():
    a = pl.DataFrame({"id": ["E1", "E2"], "x": [0.1, 0.2], "f": [["halo"], []]})
    assert tables.fingerprint(a) == tables.fingerprint(a.clone())
    assert tables.fingerprint(a) != tables.fingerprint(a.reverse())
    assert tables.fingerprint(a) != tables.fingerprint(a.with_columns(x=pl.Series([0.1, 0.3])))
    assert tables.fingerprint(a) != tables.fingerprint(a.rename({"x": "y"}))
    assert tables.fingerprint(a) != tables.fingerprint(a.with_columns(pl.col("x").cast(pl.Float32)))


def test_memo_keeps_the_most_recent():
    m: memo.Memo[int] = memo.Memo(2)
    built = []
    for key in ("a", "b", "a", "c", "a", "b"):
        m.get(key, lambda key=key: built.append(key) or len(built))
    assert built == ["a", "b", "c", "b"]  # "b" dropped when "c" came, "a" kept (used last)


def test_frozen_figure_serialises_as_the_browser_is_sent_it():
    """Computed once; the figure with its template written in (no ``layout.template``, which
    Plotly.js compares by identity and draws the chart again for) and a data revision of its
    own, so the copy Streamlit hands Plotly.js after the first draw changes nothing."""
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[0.5, 0.25, 0.125], customdata=[["E1"]] * 3))
    fig.update_layout(title="t", template=figures.TEMPLATE)
    before = json.loads(plotly.io.to_json(figures.written_in(fig.to_dict()), validate=False))
    same = charts.frozen(go.Figure(fig))
    other = charts.frozen(go.Figure(fig))
    assert same.to_dict() is same.to_dict()
    sent = json.loads(plotly.io.to_json(same.to_dict(), validate=False))
    assert "template" not in sent["layout"]
    revision = sent["layout"].pop("datarevision")
    assert sent == before
    assert other.to_dict()["layout"]["datarevision"] != revision
    # the template's look is in the figure itself: font, grid, hover label
    assert sent["layout"]["font"]["family"] == figures.FONT
    assert sent["layout"]["yaxis"]["gridcolor"] == figures.TEMPLATE.layout.yaxis.gridcolor
    assert sent["layout"]["hoverlabel"]["bordercolor"] == "#DCD8D4"


def test_a_selectable_chart_is_sent_with_the_modes_streamlit_would_set():
    """``on_select``: the click, hover and drag modes Streamlit's chart element sets after the
    first draw (a new click mode draws the chart again) are in the figure sent."""
    fig = charts.frozen(go.Figure(go.Bar(x=["a"], y=[1])))
    charts.selectable(fig.to_dict()["layout"], "points")
    layout = fig.to_dict()["layout"]
    assert (layout["clickmode"], layout["hovermode"], layout["dragmode"]) == (
        "event+select",
        "closest",
        "pan",
    )
    box = charts.frozen(go.Figure(go.Bar(x=["a"], y=[1])))
    charts.selectable(box.to_dict()["layout"], ("box", "lasso"))
    assert (box.to_dict()["layout"]["clickmode"], box.to_dict()["layout"]["dragmode"]) == (
        "none",
        "select",
    )
