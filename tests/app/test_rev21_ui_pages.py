"""Review 21's page items (AppTest, both languages, assertions in catalogue words): the person
page finds anyone by name, id or department from one search box and lists them as
"1051 王伟 · 销售中心", never through Streamlit's own (English) "No results" (item 6); the
meeting page says what a save changed, lists the audit trail newest first and keeps the
session picker's status current (item 8); the Data page says why a new dataset's import waits
(item 10); a drill into the unit "未分配" / "Unassigned" is not offered as a drill to nowhere
(imp21)."""

from __future__ import annotations

import json

import polars as pl
import pytest
from streamlit.proto.SelectWidgetFilterMode_pb2 import SelectWidgetFilterMode

from analytics.calibration import sessions
from analytics.findings.sections import UNASSIGNED
from analytics.store import db
from analytics.text import render
from tests.app.apptest import open_page
from tests.app.test_data_page import _data_page, _no_model_fits
from tests.app.test_meeting_edits import _meeting
from tests.app.test_rev21_pages import _page, plain  # noqa: F401 (fixture)
from tests.test_datasets import DEPTS, company_csv, partial_team_csv

PICK_MAX = 200  # pages/person.py


def _roster(path) -> pl.DataFrame:
    con = db.connect(path)
    try:
        return db.query(con, "SELECT employee_id, name, department FROM employees ORDER BY 1")
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_search_box_finds_anyone_and_the_list_cannot_say_no_results(demo, lang):
    people = _roster(demo)
    assert people.height > PICK_MAX  # more people than the list holds
    at = open_page("pages/person.py", lang)
    picker = at.selectbox(key="employee")
    # the list is not typed in: its own filter said "No results" in English (rev21 item 6)
    assert picker.proto.filter_mode == SelectWidgetFilterMode.FILTER_MODE_NONE
    assert len(picker.options) == PICK_MAX
    captions = [c.value for c in at.caption]
    more = people.height - PICK_MAX
    assert render("person.pick_more", lang, shown=PICK_MAX, more=more) in captions
    # someone beyond the first 200, by a name no one else has: found and opened at once
    once = people.filter(pl.col("name").is_unique() & pl.col("name").is_not_null())
    late = once.filter(~pl.col("employee_id").is_in(people["employee_id"].head(PICK_MAX)))
    emp, name, dept = late.row(0)
    at.text_input(key="person_search").set_value(name).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["employee"] == [emp] or at.query_params["employee"] == emp
    picker = at.selectbox(key="employee")
    assert picker.value == emp
    assert picker.options == [render("person.option_dept", lang, id=emp, name=name, dept=dept)]
    assert render("person.search_found", lang, found=1, query=name) in [c.value for c in at.caption]
    # a department and part of a name, two words: everyone who matches both, each worded
    first = people.filter(pl.col("department") == dept)["name"].drop_nulls()[0][:1]
    at.text_input(key="person_search").set_value(f"{dept} {first}").run()
    options = at.selectbox(key="employee").options
    want = people.filter((pl.col("department") == dept) & pl.col("name").str.contains(first))
    listed = {o.split(" ")[0] for o in options} - {emp}
    assert listed == set(want["employee_id"].to_list()) - {emp}
    assert all(o.endswith(f" · {dept}") for o in options)
    # no one: said in the page's words, and no list (Streamlit's empty list is English too)
    at.text_input(key="person_search").set_value("没有这个人 nobody").run()
    assert render("person.search_none", lang, query="没有这个人 nobody", total=people.height) in [
        c.value for c in at.caption
    ]
    # the person shown stays listed (the URL is the one truth), nobody else
    shown = at.query_params["employee"]
    shown = shown[0] if isinstance(shown, list) else shown
    row = people.filter(pl.col("employee_id") == shown).row(0, named=True)
    assert at.selectbox(key="employee").options == [
        render("person.option_dept", lang, id=shown, name=row["name"], dept=row["department"])
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_save_is_confirmed_the_audit_is_newest_first_and_the_status_current(
    team_session,
    lang,
    monkeypatch,
):
    """A session of its own (the newest, which the meeting page opens) in the module's copy of
    the small demo (:func:`tests.app.conftest.team_session`): the other language's session
    beside it is not this one's."""
    path, sid = team_session
    at = _meeting(path, lang, monkeypatch)
    draft = render("calib.status.draft", lang)
    assert (
        f"（{draft}）" in at.selectbox(key="cs_open").options[0]
        or draft in (at.selectbox(key="cs_open").options[0])
    )
    editor = at.data_editor[0]
    row = list(editor.value["final_grade"]).index("B")
    emp, name = editor.value["employee_id"][row], editor.value["name"][row]
    at.session_state[editor.key] = {
        "edited_rows": {row: {"final_grade": "A"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.selectbox(key="cs_pending_category").set_value("kpi_evidence")  # chosen (rev30b 7)
    at.text_input(key="cs_pending_reason").set_value("KPI 130%").run()
    at.button(key="cs_pending_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    s = sessions.load(path, sid)
    assert s.row["status"] == "in_progress" and s.audit["action"].to_list()[-1] == "move"
    # the save said, naming the change
    who = render("person.named", lang, name=name, id=emp)
    change = render("cs.saved_move", lang, who=who, old="B", new="A")
    assert render("cs.saved", lang, n=1, changes=[change]) in [x.value for x in at.success]
    # the move is the audit trail's first row, and the page says the order
    action, seq, who_col = "audit_action", "audit_seq", "employee_id"  # worded in the config
    (audit,) = [d.value for d in at.dataframe if action in d.value.columns]
    assert audit[who_col].iloc[0] == emp and audit[action].iloc[0] == render(
        "calib.action.move", lang
    )
    assert list(audit[seq]) == sorted(audit[seq], reverse=True) and len(audit) >= 2
    assert render("cs.audit_order", lang) in [c.value for c in at.caption]
    # the picker's chosen session in its current words (it kept "（草稿）" in the browser)
    picker = at.selectbox(key="cs_open")
    assert picker.value == sid
    now = render("calib.status.in_progress", lang)
    assert now in picker.format_func(picker.value) and draft not in picker.format_func(sid)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_new_dataset_without_a_name_says_why_the_import_waits(tmp_path, monkeypatch, lang):
    from ui.datasetpanel import NEW

    _no_model_fits(monkeypatch)
    monkeypatch.setenv("PERFLENS_DB", str(tmp_path / "p.duckdb"))
    at = _data_page(tmp_path, lang, {"c.csv": company_csv(tmp_path / "c.csv", 12, 1, 5, 3)})
    at.selectbox(key="data_target").set_value(NEW).run()
    button = at.button(key="data_import_c.csv")
    assert button.disabled
    assert render("dataset.name_needed", lang) in [w.value for w in at.warning]
    at.text_input(key="data_new_name").set_value("华创科技2026上半年").run()
    assert not at.button(key="data_import_c.csv").disabled
    assert render("dataset.name_needed", lang) not in [w.value for w in at.warning]


def _click_unit(at, unit: str) -> None:
    """A click on ``unit``'s bar of the distribution page's unit chart."""
    (chart,) = [c for c in at.get("plotly_chart") if "dist_units" in c.proto.id]
    bars = json.loads(chart.proto.spec)["data"][0]
    assert unit in bars["customdata"]
    state = {"selection": {"points": [{"customdata": unit}], "point_indices": [0]}}
    at.session_state[chart.proto.id.split("-", 2)[2]] = state  # "$$ID-<hash>-<key>"
    at.run()
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture(scope="module")
def partial(tmp_path_factory):
    """The 30-person file with a team column: two of every three people in a team (T1, T2),
    the third with none."""
    from analytics.cli import main

    tmp = tmp_path_factory.mktemp("rev21_partial")
    path = partial_team_csv(tmp / "partial.csv", 30, 3)
    dbp = tmp / "p.duckdb"
    assert main(["import", str(path), "--db", str(dbp), "--quiet"]) == 0
    return dbp


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_unassigned_unit_is_not_a_drill_to_nowhere(partial, monkeypatch, lang):
    """A click on the "未分配" bar (people without a team, beside the teams T1 and T2) does not
    narrow the page to a team called "unassigned" (no one: an empty page); the page says why
    it stays."""
    at = _page(partial, monkeypatch, lang, "pages/distributions.py", {"dept": DEPTS[0]})
    _click_unit(at, UNASSIGNED)
    assert "team" not in at.query_params
    assert render("dist.unassigned_no_drill", lang) in [i.value for i in at.info]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_department_without_teams_is_not_a_drill_into_itself(plain, monkeypatch, lang):  # noqa: F811
    """rev23b item 13: a leaf department with no teams is one bar named as itself; a click on
    it narrows to nothing (session 25: a drill to a team named as the department re-ran the
    page without end) and the page says there is nothing below it; the chart's title does not
    invite a drill."""
    at = _page(plain, monkeypatch, lang, "pages/distributions.py", {"dept": DEPTS[0]})
    (chart,) = [c for c in at.get("plotly_chart") if "dist_units" in c.proto.id]
    title = json.loads(chart.proto.spec)["layout"]["title"]["text"]
    _click_unit(at, DEPTS[0])
    assert "team" not in at.query_params and at.query_params["dept"] == DEPTS[0]
    said = render("dist.no_teams_no_drill", lang, unit=DEPTS[0])
    assert said in [i.value for i in at.info]
    assert render("dist.unassigned_no_drill", lang) not in [i.value for i in at.info]
    assert title == render("fig.unit_means_no_drill", lang, cycle="2025H2")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_words_the_select_box_no_results_line(demo, lang):
    """Any select box typed into with no match shows the catalogue's words, not Streamlit's
    English "No results" (the sidebar's filters, the attribution picker ...)."""
    from ui.stinternals import empty_dropdown_class

    at = open_page("pages/overview.py", lang)
    found = empty_dropdown_class()
    styles = [e.proto.body for e in at.get("html") if found in e.proto.body]
    assert styles and f'content: "{render("common.no_results", lang)}"' in styles[0]
