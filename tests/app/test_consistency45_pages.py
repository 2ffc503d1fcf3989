"""The person page's adjusted scores of a cycle are the calibration meeting's (one fit: the
selected cycles'), and the as-a-rater section says the rater page's estimate beside the raw
difference (session 45, helper C; s44 A 7)."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from analytics.calibration import evidence
from analytics.text import render
from tests.app.apptest import open_page


def _cycle_and_person(path) -> tuple[str, str, pl.DataFrame]:
    """The last cycle, and the person whose adjusted score there moves most between the
    all-cycles fit and the cycle's own (the meeting's), with the cycle's fit."""
    from analytics.findings.lazyscope import load_scope_lazy
    from analytics.findings.scope import Scope
    from analytics.findings.sections import compute_section

    with duckdb.connect(str(path), read_only=True) as con:
        cycle = con.execute("SELECT max(cycle_id) FROM outcomes").fetchone()[0]
        one = evidence.adjusted_of_scope(con, cycle)
        every = compute_section("adjusted", load_scope_lazy(con, Scope()))
    every = every.filter(pl.col("cycle_id") == cycle).select("employee_id", whole="adjusted")
    gap = one.join(every, on="employee_id").with_columns(
        d=(pl.col("adjusted") - pl.col("whole")).abs()
    )
    emp = gap.sort("d", descending=True)["employee_id"][0]
    return cycle, emp, one.filter(pl.col("employee_id") == emp)


@pytest.mark.parametrize("lang", ["zh"])
def test_the_person_pages_adjusted_score_of_a_cycle_is_the_meetings(demo, lang):
    cycle, emp, meeting = _cycle_and_person(demo)
    at = open_page("pages/person.py", lang, employee=emp, query={"cycle": cycle})
    table = next(d.value for d in at.dataframe if {"raw", "adjusted"} <= set(d.value.columns))
    assert table["adjusted"].to_list() == [pytest.approx(100 * meeting["adjusted"][0], abs=1e-6)]
    captions = [c.value for c in at.caption]
    assert render("person.adjusted_fit_cycles", lang) in captions
    # they rate people: the rater page's estimate is said beside the raw difference
    model = render("person.rater_model", lang, effect=0, lo=0, hi=0, score_scale="0-100", n=0)
    assert any(c.startswith(model.split("：")[0]) for c in captions)


def _note() -> None:
    import streamlit as st

    from ui import calibration

    calibration.scope_shift_note(st.session_state["session"], "v")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_meetings_shift_across_a_change_of_scale_carries_the_caveat(lang, monkeypatch):
    # s44 A 9: "部门整体变动 … -0.3（0-100 分制）" across 1-5 -> 0-100, without the caveat the
    # attribution and person pages give (attr.waterfall_scale_break)
    from types import SimpleNamespace

    from streamlit.testing.v1 import AppTest

    from analytics.findings.units import Unit
    from analytics.stats.attribution import department_shifts, score_changes
    from tests.sim.company_part import shifted_company
    from ui import cache

    shifts = department_shifts(score_changes(shifted_company("one_down", 3)))
    five, hundred = Unit("1-5", 1.0, 5.0), Unit("0-100", 0.0, 100.0)
    monkeypatch.setattr(cache, "section", lambda *a: shifts.filter(pl.col("dept") == "D0"))
    monkeypatch.setattr(cache, "unit", lambda cycles, version: hundred)
    monkeypatch.setattr(cache, "cycle_units", lambda version: {"2025H2": five, "2026H1": hundred})
    monkeypatch.setattr(cache, "version", lambda: "v")
    at = AppTest.from_function(_note, default_timeout=60)
    at.session_state["lang"] = {"zh": "中文", "en": "English"}[lang]
    row = {"cycle_id": "2026H1", "scope_kind": "department", "scope": "D0"}
    at.session_state["session"] = SimpleNamespace(row=row)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    caveat = render(
        "attr.waterfall_scale_break", lang, before=five.words(lang), after=hundred.words(lang)
    )
    assert caveat in [w.value for w in at.warning]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_meeting_says_what_its_start_changed_beside_the_people_to_move(
    meeting_db, monkeypatch, lang
):
    # s44 A 5: the packet's "需调整 50 人" and the ranking start's 112 changed grades, nothing
    # between them: the start's choice says how they differ, the session both numbers
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from analytics.calibration import sessions
    from analytics.calibration.fit import start_counts
    from analytics.calibration.start import guideline_start
    from tests.app.apptest import LANGS, direct

    monkeypatch.setenv("PERFLENS_DB", str(meeting_db))
    with duckdb.connect(str(meeting_db), read_only=True) as con:
        cycle = con.execute("SELECT max(cycle_id) FROM outcomes").fetchone()[0]
    proposed = guideline_start(meeting_db, cycle, "研发中心", None, None, "stepwise")
    sid = sessions.create(
        meeting_db,
        cycle=cycle,
        department="研发中心",
        proposed=proposed,
        author="local",
        start="stepwise",
    )
    s = sessions.load(meeting_db, sid)
    changed, fewest = start_counts(s.grades, s.guideline)
    assert changed >= fewest
    root = Path(__file__).resolve().parents[2]
    at = AppTest.from_file(str(root / "dashboard.py"), default_timeout=240)
    at.query_params["lang"] = LANGS[lang]
    at.switch_page(direct("pages/meeting.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    captions = "\n".join(c.value for c in at.caption)
    assert render("cs.start_summary", lang, changed=changed, fewest=fewest) in captions
    assert render("calib.start.stepwise", lang) in captions
    assert render("cs.start_note", lang) in captions  # under the new session's start choice
    radio = next(r for r in at.radio if r.key == "cs_start")
    assert radio.options == [
        render(f"calib.start.{v}", lang) for v in ("imported", "what_if", "stepwise")
    ]


def test_the_meetings_evidence_reads_the_session_cycles_fit(meeting_db, monkeypatch):
    # the evidence's adjusted score was the whole history's (98.9 beside the bins' 98.8, s44 A
    # 7a) and its raters' effects too: now both are the session cycle's fit, as the bins and
    # the person page of that cycle
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from analytics.calibration import sessions
    from analytics.findings.lazyscope import load_scope_lazy
    from analytics.findings.scope import Scope
    from analytics.findings.sections import compute_section
    from tests.app.apptest import direct

    monkeypatch.setenv("PERFLENS_DB", str(meeting_db))
    cycle, emp, meeting = _cycle_and_person(meeting_db)
    with duckdb.connect(str(meeting_db), read_only=True) as con:
        dept = con.execute(
            "SELECT department FROM employees WHERE employee_id = $e", {"e": emp}
        ).fetchone()[0]
        raters = compute_section("raters", load_scope_lazy(con, Scope(cycles=(cycle,))))
    sid = sessions.create(meeting_db, cycle=cycle, department=dept, author="local")
    root = Path(__file__).resolve().parents[2]
    at = AppTest.from_file(str(root / "dashboard.py"), default_timeout=240)
    at.query_params["lang"] = "中文"
    at.query_params["session"] = sid
    at.switch_page(direct("pages/meeting.py")).run()
    at.selectbox(key=f"cs_evidence_{sid}").set_value(emp).run()
    assert not at.exception, [e.value for e in at.exception]
    said = render(
        "cs.evidence_adjusted",
        "zh",
        cycle=cycle,
        adjusted=100 * meeting["adjusted"][0],
        lo=100 * meeting["ci95_low"][0],
        hi=100 * meeting["ci95_high"][0],
        raw=0,
        n=0,
        score_scale="0-100",
    )
    assert any(m.value.startswith(said.split("，")[0]) for m in at.markdown)
    shown = next(d.value for d in at.dataframe if {"rater_role", "effect"} <= set(d.value.columns))
    shown = pl.from_pandas(shown[["rater_id", "effect"]]).drop_nulls()
    want = raters.select("rater_id", want="effect").with_columns(want=pl.col("want") * 100)
    both = shown.join(want, on="rater_id")
    assert both.height and (both["effect"] - both["want"]).abs().max() < 1e-6


@pytest.mark.parametrize("lang", ["zh"])
def test_the_overview_names_a_shift_on_one_scale_in_its_points(demo, monkeypatch, lang):
    # s44 A 14: the overview said "销售中心 2025Q4 整体 -0.102（0-1 标准分）" (its scope mixes
    # 1-5 and 0-100) beside the attribution's "-0.41 分（1-5 分制）"; the small demo has no
    # significant shift, so one on its two 1-5 cycles is handed to the page
    from ui import cache

    shift = pl.DataFrame(
        {
            "dept": ["研发中心"],
            "from_cycle": ["2025Q1"],
            "to_cycle": ["2025Q2"],
            "department": [-0.1025],
            "significant": [True],
        }
    )
    real = cache.section

    def section(name, scope, version, **params):
        return shift if name == "department_shifts" else real(name, scope, version, **params)

    monkeypatch.setattr(cache, "section", section)
    at = open_page("pages/overview.py", lang)
    said = "\n".join(m.value for m in at.markdown)
    clause = render(
        "overview.shift_named",
        lang,
        dept="研发中心",
        cycle="2025Q2",
        shift=-0.41,
        score_scale="1-5",
    )
    assert clause in said and "-0.102" not in said
