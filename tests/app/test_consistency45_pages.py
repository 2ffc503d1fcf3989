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
