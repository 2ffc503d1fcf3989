"""rev28a's page minors (AppTest): the cells an import will hold back named before it; the
new meeting form started from the sidebar, its guideline example in the dataset's grades."""

from __future__ import annotations

import pytest

from analytics.text import render
from tests.app.test_data_page import _data_page, _no_model_fits
from tests.test_import28 import _two_sheets
from tests.test_writeback_original import imported_copy


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return imported_copy(tmp_path_factory)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_preview_names_the_cells_it_will_hold_back(tmp_path, monkeypatch, lang):
    _no_model_fits(monkeypatch)
    monkeypatch.setenv("PERFLENS_DB", str(tmp_path / "empty.duckdb"))
    name = "绩效.xlsx"
    at = _data_page(tmp_path, lang, {name: _two_sheets(tmp_path / name)})
    captions = "\n".join(c.value for c in at.caption)
    assert render("data.will_hold_back", lang, rows=2, shown=2) in captions, captions
    held = [d.value for d in at.dataframe if "raw_value" in d.value.columns]
    assert len(held) == 1, held
    assert held[0]["row_number"].to_list() == [6, 7]
    assert held[0]["raw_value"].to_list() == ["70", "999"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_held_back_count_is_of_rows_as_the_roles_warning_counts_ratings(
    tmp_path, monkeypatch, lang
):
    """Tester G, session 45, item 4: 300 rows of two dimensions with an unknown rater role
    were "300 cells will not be imported" beside "these 600 ratings go to the quarantine":
    the preview counts the rows (3 here), the warning their ratings (6)."""
    from analytics.text.messages import render_page

    _no_model_fits(monkeypatch)
    monkeypatch.setenv("PERFLENS_DB", str(tmp_path / "empty.duckdb"))
    rows = ["工号,部门,考核周期,评价人工号,评价关系,业绩,能力"]
    roles = ["本人", "上级", "上级领导", "项目同事", "跨部门协作"]
    raters = ["D1000", "M1", "M2", "D1003", "D1001"]  # 本人: the person themselves
    rows += [
        f"D100{i},销售部,2025Q4,{r},{role},4,5"
        for i, (r, role) in enumerate(zip(raters, roles, strict=True))
    ]
    src = tmp_path / "roles.csv"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    at = _data_page(tmp_path, lang, {"roles.csv": src})
    captions = [c.value for c in at.caption]
    assert render("data.will_hold_back", lang, rows=3, shown=3) in captions, captions
    values = ["上级领导", "项目同事", "跨部门协作"]
    params = {"file": "roles.csv", "column": "评价关系", "values": values, "example": values[0]}
    warned = render_page("roles_unknown", lang, n=6, **params)
    assert warned in [w.value for w in at.warning], [w.value for w in at.warning]


def _form() -> None:
    import streamlit as st

    from ui import cache, calibration, newsession

    options = {"cycles": ["2025Q3", "2025Q4"], "departments": ["产品中心", "销售中心"]}
    newsession.form(cache.db_path(), calibration.author(), options, lambda: None, open_=True)
    if err := st.session_state.get("cs_error"):
        st.error(err)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_new_meeting_form_starts_from_the_sidebar_and_words_its_example_in_our_grades(
    dataset, lang, monkeypatch
):
    """With 部门=销售中心 in the sidebar the form offered 产品中心; a refused guideline's example
    named S/A/B/C/D to a dataset of 优秀/良好/合格/待改进."""
    from streamlit.testing.v1 import AppTest

    import ui.guideline
    from analytics.calibration import sessions
    from tests.app.test_meeting_forms import LANGS

    grades = ["优秀", "良好", "合格", "待改进"]
    example = "优秀 15%, 良好 35%, 合格 40%, 待改进 10%"
    monkeypatch.setattr(ui.guideline, "current", lambda version: (None, grades))
    monkeypatch.setenv("PERFLENS_DB", str(dataset))
    before = sessions.list_sessions(dataset).height
    at = AppTest.from_function(_form, default_timeout=60)
    at.session_state["lang"] = LANGS[lang]
    at.session_state["dept"] = "销售中心"
    at.session_state["cycle"] = ("2025Q3",)
    at.run()
    assert at.selectbox(key="cs_dept").value == "销售中心"
    assert at.selectbox(key="cs_cycle").value == "2025Q3"
    # no guideline: the grades to fill in are the field's placeholder, not its value to be
    # overwritten (rev33a finding 7)
    field = at.text_input(key="cs_gl")
    assert field.value == "" and field.placeholder == "优秀 %, 良好 %, 合格 %, 待改进 %"
    at.button(key="cs_create").click().run()  # left empty: refused with the example
    assert render("calib.no_guideline", lang, example=example) == at.error[0].value
    at.text_input(key="cs_gl").input("15, 35, 40, 10").run()
    at.button(key="cs_create").click().run()
    assert render("calib.bad_guideline", lang, text="15, 35, 40, 10", example=example) == (
        at.error[0].value
    )
    assert sessions.list_sessions(dataset).height == before


def _raters_table() -> None:
    import polars as pl
    import streamlit as st

    from ui import state, tables

    st.markdown(f"picked: {state.picked_rater(None)}")
    frame = pl.DataFrame({"rater_id": ["182", "451"], "effect": [0.45, -0.61]})
    tables.show(frame, key="raters_flagged", person_col=None, pick=("rater_id", state.open_rater))


def test_a_click_on_a_row_of_the_flagged_raters_opens_the_rater(dataset, monkeypatch):
    """A click on a row of 有发现的评价人 only selected a cell; the chart's dot opened the rater
    (?rater=182): the row opens it the same way. (The grid's click is what st.dataframe
    returns: a selection of the second row's cell.)"""
    from types import SimpleNamespace

    import streamlit
    from streamlit.testing.v1 import AppTest

    real = streamlit.dataframe

    def clicked(data, *args, **kwargs):
        real(data, *args, **kwargs)
        cell = SimpleNamespace(rows=[], cells=[(1, "effect")])
        return SimpleNamespace(selection=cell) if kwargs.get("on_select") == "rerun" else None

    monkeypatch.setattr(streamlit, "dataframe", clicked)
    monkeypatch.setenv("PERFLENS_DB", str(dataset))
    at = AppTest.from_function(_raters_table, default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params.get("rater") in (["451"], "451")
    assert "picked: 451" in at.markdown[0].value
