"""The session page's new-session form (ui/newsession.py) and bonus section (ui/bonus.py), in
both languages, run alone (AppTest.from_function) on the imported export of
tests/test_writeback_original.py: a session for a list of people with facilitator,
participants and guideline; the pool shared by ranking with a base column of the export."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analytics.calibration import sessions
from analytics.text import render
from tests.test_writeback_original import imported_copy

LANGS = {"zh": "中文", "en": "English"}


def _form() -> None:
    import streamlit as st

    from ui import cache, calibration, newsession

    options = {"cycles": ["2025Q4"], "departments": ["研发中心"]}
    newsession.form(cache.db_path(), calibration.author(), options, lambda: None, open_=True)
    if err := st.session_state.get("cs_error"):
        st.error(err)


def _bonus() -> None:
    import streamlit as st

    from analytics.calibration import sessions as ss
    from ui import bonus, cache

    path = cache.db_path()
    lang = {"中文": "zh", "English": "en"}[st.session_state["lang"]]
    bonus.section(ss.load(path, st.session_state["sid"]), path, lang)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return imported_copy(tmp_path_factory)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_session_for_a_list_of_people_with_its_people(dataset, lang, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(dataset))
    at = AppTest.from_function(_form, default_timeout=60)
    at.session_state["lang"] = LANGS[lang]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.radio(key="cs_scope_kind").set_value("people").run()
    assert at.text_area(key="cs_people").label == render("cs.people", lang)
    at.text_area(key="cs_people").input("E001, E002\nE003")
    at.text_input(key="cs_facilitator").input("li.na")
    at.text_input(key="cs_participants").input("wang.wei，zhao.min")
    at.text_input(key="cs_gl").input("S=0.2,A=0.2,B=0.4,C=0.1,D=0.1")
    at.button(key="cs_create").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    sid = at.session_state["cs_open"]
    s = sessions.load(dataset, sid)
    assert s.row["scope_kind"] == "people" and s.grades.height == 3
    assert s.row["facilitator"] == "li.na"
    assert s.row["participants"] == '["wang.wei", "zhao.min"]'
    assert s.guideline == {"S": 0.2, "A": 0.2, "B": 0.4, "C": 0.1, "D": 0.1}
    assert s.row["start"] == "imported"


def test_a_bad_guideline_is_said_and_nothing_created(dataset, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(dataset))
    before = sessions.list_sessions(dataset).height
    at = AppTest.from_function(_form, default_timeout=60)
    at.session_state["lang"] = LANGS["en"]
    at.run()
    at.text_input(key="cs_gl").input("S=0.5,A=0.2").run()
    at.button(key="cs_create").click().run()
    assert "cannot be read" in at.error[0].value
    assert sessions.list_sessions(dataset).height == before


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pool_by_ranking_with_a_base_column(dataset, lang, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(dataset))
    sid = sessions.create(dataset, cycle="2025Q4", department="研发中心", author="hr")
    at = AppTest.from_function(_bonus, default_timeout=60)
    at.session_state["lang"] = LANGS[lang]
    at.session_state["sid"] = sid
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.radio(key="cs_scheme").set_value("rank").run()
    at.selectbox(key="cs_base").set_value("销售额").run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    currency = render("calib.currency_default", lang)  # none entered: the default, said so
    spent = render(
        "cs.bonus_spent",
        lang,
        after=100000.0,
        pool=100000.0,
        n=8,
        currency=currency,
        which="default",
    )
    assert at.caption[0].value == spent
    at.selectbox(key="cs_base").set_value("性别").run()  # not an amount: said, not guessed
    assert "性别" in at.warning[0].value
