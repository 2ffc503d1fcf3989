"""rev30b's findings on the pages (AppTest): the new-session form keeps a participant's
name whole (item 2)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from analytics.calibration import sessions
from tests.test_writeback_original import imported_copy


def _form() -> None:
    from ui import cache, calibration, newsession

    options = {"cycles": ["2025Q4"], "departments": ["研发中心"]}
    newsession.form(cache.db_path(), calibration.author(), options, lambda: None, open_=True)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return imported_copy(tmp_path_factory)


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


def _category_box() -> None:
    import streamlit as st

    from ui import calibration

    st.session_state["chosen"] = calibration.reason_category(st, "cs_category", "en")


def test_the_reason_category_starts_unchosen():
    """rev30b item 7: "KPI evidence" came preselected, so moves were recorded with a category
    nobody chose; the box starts empty and a move without one is refused in words."""
    at = AppTest.from_function(_category_box, default_timeout=60)
    at.session_state["lang"] = "English"
    at.run()
    assert at.selectbox(key="cs_category").value is None
    assert at.session_state["chosen"] is None
    at.selectbox(key="cs_category").set_value("peer_evidence").run()
    assert at.session_state["chosen"] == "peer_evidence"


def _empty_tables() -> None:
    import polars as pl

    from analytics.stats.attribution import AGAINST_Z
    from ui import tables
    from ui.i18n import t

    tables.show(pl.DataFrame(), key="attr_against", empty=t("attr.against_none", z=AGAINST_Z))
    tables.show(pl.DataFrame(), key="other")


def test_an_empty_against_trend_table_says_why_not_no_data():
    """rev30b item 5: changes in the scope but nobody's own part 2 SD against the shift read
    "No data in the current scope"; it now says the threshold nobody passed."""
    from analytics.text import render

    at = AppTest.from_function(_empty_tables, default_timeout=60)
    at.session_state["lang"] = "English"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    said = [c.value for c in at.caption]
    assert said == [render("attr.against_none", "en", z=2.0), render("common.no_data", "en")]
    assert "|individual z| ≥ 2)" in said[0]


def test_a_departments_guideline_table_starts_with_the_department(demo):
    """rev30b item 1 on /distributions: with a department chosen, the guideline table's first
    row is the department as a whole (everyone in it), its teams below."""
    from analytics.store import db
    from tests.app.apptest import open_page

    con = db.connect(demo, read_only=True)
    try:
        (dept,) = con.execute(
            "SELECT department FROM employees WHERE team IS NOT NULL GROUP BY 1 "
            "ORDER BY count(DISTINCT team) DESC, 1 LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    at = open_page("pages/distributions.py", "en", dept=dept)
    (table,) = [d.value for d in at.dataframe if "top_excess_ci" in d.value.columns]
    first, rest = table.iloc[0], table.iloc[1:]
    assert dept.rsplit("/", 1)[-1] in str(first.iloc[0]), table.iloc[:, 0].tolist()
    assert len(rest) >= 2 and first["n"] >= rest["n"].sum(), table
