"""rev19d's minors on the meeting and data pages (AppTest, both languages, catalogue words):
the local administrator by name (not "local-admin"), the guideline in percentages, no stray
"no data" under the bonus pool before any grade change, and an import that restates its scales
and empties the uploader."""

from __future__ import annotations

import pytest

from analytics.auth.roles import LOCAL_ADMIN
from analytics.calibration import sessions
from analytics.calibration.moves import Move
from analytics.text import render
from tests.app.test_data_page import CP1252, _click, _data_page, small_db  # noqa: F401
from tests.app.test_meeting_edits import _meeting
from tests.app.test_no_grades_page import _page, _text, hundred  # noqa: F401


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_meeting_names_the_local_administrator_and_says_why_no_bonus_moved(
    team_session,
    lang,
    monkeypatch,
):
    """A session of its own (the newest, which the meeting page opens) in the module's copy of
    the small demo (:func:`tests.app.conftest.team_session`): its change log and bonus pool
    are its own, whatever the other language's session beside it holds."""
    path, sid = team_session
    at = _meeting(path, lang, monkeypatch)
    name = render("signin.local_user", lang)
    # the new-session form: the user as the sidebar names them, the guideline in percentages
    assert at.text_input(key="cs_facilitator").value == name
    assert at.text_input(key="cs_gl").value == "S 10%, A 20%, B 50%, C 15%, D 5%"
    captions = "\n".join(c.value for c in at.caption)
    # no grade changed yet: said so under the bonus pool, not "no data in the current scope"
    assert render("cs.bonus_no_changes", lang) in captions, captions
    assert render("common.no_data", lang) not in captions, captions
    # a change by the local administrator: the change log names them
    s = sessions.load(path, sid)
    emp = s.grades.filter(s.grades["final"] == "B")["employee_id"][0]
    sessions.apply(path, sid, [Move(emp, "A", "kpi_evidence", "x", 0)], LOCAL_ADMIN.user)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    log = next(d.value for d in at.dataframe if "changed_by" in d.value.columns)
    assert list(log["changed_by"]) == [name, "hr"], (
        log
    )  # newest first: moved by the admin, created by "hr"
    captions = "\n".join(c.value for c in at.caption)
    assert render("cs.bonus_no_changes", lang) not in captions, captions


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_import_restates_its_scales_and_empties_the_uploader(small_db, tmp_path, lang):  # noqa: F811
    name = "Leistung_Q3_2026.csv"
    at = _data_page(tmp_path, lang, {name: CP1252})
    at.selectbox(key=f"data_enc_{name}").set_value("cp1252").run()
    at.number_input(key=f"data_hdr_{name}").set_value(2).run()
    at.selectbox(key=f"data_col_{name}_0_Personnel no.").set_value("employee_id").run()
    assert not at.error
    _click(at, f"data_import_{name}")
    assert not at.exception, [e.value for e in at.exception]
    said = "\n".join(i.value for i in at.info)
    assert render("data.imported_scales", lang) in said, said
    assert "1-5" in said, said
    # the uploader starts empty under its new key, and the imported file's panel is gone
    assert at.session_state["data_upload_round"] == 1
    assert not [b for b in at.button if b.key == f"data_import_{name}"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_inflation_chart_says_what_it_cannot_show(hundred, monkeypatch, lang):  # noqa: F811
    """rev19d: no grades drew an empty "S+A" axis; one cycle drew one point with no note."""
    at = _page(hundred, monkeypatch, lang, "pages/distributions.py")
    body = _text(at)
    assert render("dist.inflation_no_grades", lang) in body, body
    assert render("dist.inflation_one_cycle", lang, cycle="2025H2") not in body
    at.session_state["cycle"] = ["2025H2"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert render("dist.inflation_one_cycle", lang, cycle="2025H2") in _text(at), _text(at)
