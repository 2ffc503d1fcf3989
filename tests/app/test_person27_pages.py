"""The person page lists a person's appeals without the company's appeal statistics (person27:
computing them for its few rows, 1.26M graded person-cycles at 40M ratings, was most of the
page's first visit once its team view read by person)."""

from __future__ import annotations

import duckdb
import pytest
import streamlit as st

import ui.appeals
from tests.app.apptest import open_page


def _refuse(*args, **kwargs):
    raise AssertionError("the company's appeal statistics were computed")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_persons_appeals_without_the_company_statistics(demo, monkeypatch, lang):
    con = duckdb.connect(str(demo), read_only=True)
    try:
        emp, n = con.execute(
            "SELECT employee_id, count(*) FROM appeals GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
        ).fetchall()[0]
    finally:
        con.close()
    st.cache_data.clear()  # nothing computed by an earlier test under the same keys
    monkeypatch.setattr(ui.appeals, "appeal_findings", _refuse)
    at = open_page("pages/person.py", lang, employee=emp)
    heads = [h.value for h in at.subheader]
    assert ("申诉" if lang == "zh" else "Appeals") in heads
    shown = [df.value for df in at.dataframe if "appeal_source" in df.value.columns]
    assert len(shown) == 1 and len(shown[0]) == n
