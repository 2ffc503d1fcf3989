"""The last rough edges an HR leader meets (issue 19, session 23), in both languages: the
meeting page's move form opens on the person's current grade and a save without a change says
"no change" and records nothing; every person picker words a person the one way (id, name,
department)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics.calibration import sessions
from analytics.text import render
from tests.app.apptest import open_page


def _meeting(path: Path, lang: str, monkeypatch) -> AppTest:
    monkeypatch.setenv("PERFLENS_DB", str(path))
    return open_page("pages/meeting.py", lang, timeout=180)


def _grade_box(at: AppTest, sid: str, emp: str, version: int = 0):
    return at.selectbox(key=f"cs_grade_{sid}_{emp}_{version}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_move_form_opens_on_the_current_grade_and_says_no_change(
    team_session, lang, monkeypatch
):
    path, sid = team_session
    s = sessions.load(path, sid)
    at = _meeting(path, lang, monkeypatch)
    # a person of each grade of the session: the grade box shows the grade they have now (it
    # showed S, the list's first, whoever was chosen). A page run per grade, whose values (the
    # grades) do not depend on the language: in zh only
    firsts = s.grades.unique("final", keep="first", maintain_order=True)
    for row in firsts.iter_rows(named=True) if lang == "zh" else []:
        at.selectbox(key="cs_person").set_value(row["employee_id"]).run()
        assert not at.exception, [e.value for e in at.exception]
        assert _grade_box(at, sid, row["employee_id"]).value == row["final"]
    # the person worded as every picker words them: id, name, department
    person = at.selectbox(key="cs_person")
    emp = s.grades.filter(pl.col("final") == "B").row(0, named=True)
    assert person.format_func(emp["employee_id"]) == render(
        "person.option_dept", lang, id=emp["employee_id"], name=emp["name"], dept=emp["department"]
    )
    # saved as it opened: "no change", and nothing recorded
    person.set_value(emp["employee_id"]).run()
    # a form's inputs reach the page with its submit (AppTest as the browser): one run
    at.selectbox(key="cs_category").set_value("kpi_evidence")  # none chosen before (rev30b)
    at.text_input(key="cs_reason").input("KPI")
    at.button(key="cs_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    who = render("person.named", lang, name=emp["name"], id=emp["employee_id"])
    said = render("cs.no_change", lang, who=who, grade="B")
    assert said in [i.value for i in at.info], [i.value for i in at.info]
    after = sessions.load(path, sid)
    assert "move" not in after.audit["action"].to_list()
    assert after.row["status"] == "draft"
    if lang == "en":  # the rest writes and reads grades, not words: in zh only
        return
    # a real change still saves, with its confirmation
    _grade_box(at, sid, emp["employee_id"]).set_value("A")
    at.selectbox(key="cs_category").set_value("kpi_evidence")  # none chosen before (rev30b)
    at.text_input(key="cs_reason").input("KPI 130%")
    at.button(key="cs_save").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    after = sessions.load(path, sid)
    moved = after.grades.filter(pl.col("employee_id") == emp["employee_id"])
    assert moved["final"][0] == "A"
    # and the box opens on the new grade
    assert _grade_box(at, sid, emp["employee_id"], 1).value == "A"
