"""fixrev32b on the pages (AppTest): a grade a signed-off calibration session gave reaches the
person page's outcomes, with the session, who signed it off and when (rev32b item 2)."""

from __future__ import annotations

import polars as pl
import pytest
import streamlit as st

from analytics.calibration import record, sessions
from analytics.calibration.moves import Move
from analytics.text import render
from tests.app.apptest import open_page
from tests.app.conftest import smallest_team_session


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_person_page_shows_the_signed_off_grade(demo, lang):
    sid = smallest_team_session(demo)
    s = sessions.load(demo, sid)
    row = s.grades.filter(pl.col("final") == "B").row(0, named=True)
    person = row["employee_id"]
    sessions.apply(demo, sid, [Move(person, "C", "other", "x", row["version"])], "hr")
    sessions.sign_off(demo, sid, "local-admin")  # no sign-in: the local administrator
    st.cache_data.clear()
    at = open_page("pages/person.py", lang, employee=person)
    assert not at.exception
    shown = [df.value for df in at.dataframe if "final_grade" in df.value.columns]
    assert len(shown) == 1, [list(df.value.columns) for df in at.dataframe]
    mine = shown[0][shown[0]["session_id"] == sid]
    assert list(mine["grade"]) == ["B"] and list(mine["final_grade"]) == ["C"]
    assert list(mine["calibrated"]) == [True]
    # who and when in the meeting's words, not "local-admin" and a bare ISO time (rev33a 5)
    assert list(mine["signed_by"]) == [render("signin.local_user", lang)]
    at_ = sessions.load(demo, sid).row["signed_at"]
    assert list(mine["signed_at"]) == [record.when(at_, lang)], list(mine["signed_at"])


def test_a_row_of_every_rater_table_opens_the_rater(demo, monkeypatch):
    """rev32b item 6: the page says "Click … a row of the table below to see the rater", but
    in a manager-only company a click on "All raters" or on the teams' table only highlighted
    a cell. Every rater table of the page now opens the rater on a row click."""
    import ui.tables
    from ui import state

    seen = {}
    show = ui.tables.show

    def spy(frame, key, *args, **kwargs):
        seen[key] = kwargs.get("pick")
        return show(frame, key, *args, **kwargs)

    monkeypatch.setattr(ui.tables, "show", spy)
    at = open_page("pages/raters.py", "en", raters_all_open=True)
    assert not at.exception
    assert {"raters_flagged", "raters_all"} <= set(seen), seen
    for key in ("raters_flagged", "raters_all", "raters_teams"):
        if key in seen:
            assert seen[key] == ("rater_id", state.open_rater), key
