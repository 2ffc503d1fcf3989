"""fixrev32b on the pages (AppTest): a grade a signed-off calibration session gave reaches the
person page's outcomes, with the session, who signed it off and when (rev32b item 2)."""

from __future__ import annotations

import polars as pl
import pytest
import streamlit as st

from analytics.calibration import sessions
from analytics.calibration.moves import Move
from tests.app.apptest import open_page
from tests.app.conftest import smallest_team_session


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_person_page_shows_the_signed_off_grade(demo, lang):
    sid = smallest_team_session(demo)
    s = sessions.load(demo, sid)
    row = s.grades.filter(pl.col("final") == "B").row(0, named=True)
    person = row["employee_id"]
    sessions.apply(demo, sid, [Move(person, "C", "other", "x", row["version"])], "hr")
    sessions.sign_off(demo, sid, "Daniel")
    st.cache_data.clear()
    at = open_page("pages/person.py", lang, employee=person)
    assert not at.exception
    shown = [df.value for df in at.dataframe if "final_grade" in df.value.columns]
    assert len(shown) == 1, [list(df.value.columns) for df in at.dataframe]
    mine = shown[0][shown[0]["session_id"] == sid]
    assert list(mine["grade"]) == ["B"] and list(mine["final_grade"]) == ["C"]
    assert list(mine["signed_by"]) == ["Daniel"] and list(mine["calibrated"]) == [True]
