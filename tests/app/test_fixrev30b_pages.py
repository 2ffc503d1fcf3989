"""rev30b's findings on the pages (AppTest): the new-session form keeps a participant's
name whole (item 2)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from analytics.calibration import sessions
from tests.test_writeback_original import imported


def _form() -> None:
    from ui import cache, calibration, newsession

    options = {"cycles": ["2025Q4"], "departments": ["研发中心"]}
    newsession.form(cache.db_path(), calibration.author(), options, lambda: None, open_=True)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return imported(tmp_path_factory.mktemp("fixrev30b_pages"))


def test_the_form_keeps_participants_names_whole(dataset, monkeypatch):
    monkeypatch.setenv("PERFLENS_DB", str(dataset))
    at = AppTest.from_function(_form, default_timeout=60)
    at.session_state["lang"] = "English"
    at.run()
    at.text_input(key="cs_participants").input("Priya Nair, Daniel Ong (Sales head)")
    at.button(key="cs_create").click().run()
    assert not at.exception, [e.value for e in at.exception]
    s = sessions.load(dataset, at.session_state["cs_open"])
    assert json.loads(s.row["participants"]) == ["Priya Nair", "Daniel Ong (Sales head)"]
