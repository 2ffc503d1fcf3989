"""rev24a item 4: the meeting says the session department's own shift beside "N to move"
(ui.calibration.scope_shift_note, drawn by pages/meeting.py under the guideline's moves). The
note alone is run (AppTest.from_function) on a session row as ``sessions.load`` gives it
(``scope``, not the list's ``session_scope``), with the department's shifts of a simulated
company where that department fell 6 points; the browser journey walks the page."""

from __future__ import annotations

from types import SimpleNamespace

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics.findings.units import Unit
from analytics.stats.attribution import department_shifts, score_changes
from tests.sim.company_part import shifted_company

LANGS = {"zh": "中文", "en": "English"}


def _note() -> None:
    import streamlit as st

    from ui import calibration

    calibration.scope_shift_note(st.session_state["session"], "v")


@pytest.fixture(scope="module")
def shifts() -> pl.DataFrame:
    return department_shifts(score_changes(shifted_company("one_down", 3)))


@pytest.mark.parametrize(("dept", "lang"), [("D0", "zh"), ("D0", "en"), ("D1", "en")])
def test_the_note_beside_the_moves(shifts, dept, lang, monkeypatch):
    from ui import cache

    asked = []

    def section(name, scope, version):
        asked.append((name, scope.department, scope.cycles))
        return shifts.filter(pl.col("dept") == scope.department)

    monkeypatch.setattr(cache, "section", section)
    monkeypatch.setattr(cache, "unit", lambda cycles, version: Unit("0-100", 0.0, 100.0))
    monkeypatch.setattr(cache, "cycle_units", lambda version: {})
    at = AppTest.from_function(_note, default_timeout=60)
    at.session_state["lang"] = LANGS[lang]
    row = {"cycle_id": "2026H1", "scope_kind": "department", "scope": dept}
    at.session_state["session"] = SimpleNamespace(row=row)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # the department over every cycle: the session's one cycle has no pair of its own
    assert asked == [("department_shifts", dept, ())]
    d = shifts.filter(pl.col("dept") == dept).row(0, named=True)
    if dept == "D0":  # fell: a warning with the points, the interval, n and the sentence
        said = [w.value for w in at.warning]
        assert len(said) == 1 and f"{d['department'] * 100:+.1f}" in said[0]
        assert f"n={d['n']}" in said[0]
        want = {"zh": "转嫁到个人身上", "en": "would pass it on to individuals"}
        assert want[lang] in said[0]
    else:  # flat: said quietly, no warning
        assert not at.warning and "no department-wide shift" in at.caption[0].value


def test_no_note_for_a_session_of_named_people(monkeypatch):
    from ui import cache

    monkeypatch.setattr(cache, "section", lambda *a: pytest.fail("nothing to read"))
    at = AppTest.from_function(_note, default_timeout=60)
    at.session_state["lang"] = "English"
    at.session_state["session"] = SimpleNamespace(
        row={"cycle_id": "2026H1", "scope_kind": "people", "scope": "E1,E2"}
    )
    at.run()
    assert not at.exception and not at.warning and not at.caption
