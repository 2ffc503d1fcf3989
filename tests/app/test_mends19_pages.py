"""Session 19 mends on the pages (AppTest): one fixture for the demo copy; percentages with
one decimal in every table; the reliability table's two counts of raters; the inflation chart
with one cycle; the access log's ids beside names."""

from __future__ import annotations

import ast
import json
import os
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from analytics.text import render
from analytics.text.render import format_when, iso_when
from tests.app.apptest import open_page

HERE = Path(__file__).resolve().parent


def test_demo_is_one_fixture_a_private_copy_served_to_the_pages(demo, small_demo_db):
    assert os.environ["PERFLENS_DB"] == str(demo) and demo != small_demo_db
    assert demo.stat().st_size == small_demo_db.stat().st_size
    # no page test carries its own copy of it any more
    for path in HERE.glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert "demo" not in defined, path.name


def _config(table) -> dict:
    return json.loads(table.proto.columns)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_percentages_in_a_table_have_one_decimal(demo, lang):
    """The guideline table read -18.24%, 12% and 6% side by side (Streamlit's "percent" drops
    trailing zeros and shows up to two): every share now has one decimal, its value rounded
    to it (the grid cuts the digits beyond its step off)."""
    at = open_page("pages/distributions.py", lang, cycle=["2025Q3"])
    (table,) = [d for d in at.dataframe if "top_excess" in d.value.columns]
    cfg = _config(table)["top_excess"]["type_config"]
    assert cfg["format"] == "percent" and cfg["step"] == 0.001
    values = table.value["top_excess"].dropna()
    assert len(values) and (values.round(3) == values).all()
    # and the overview's completion bars
    at = open_page("pages/overview.py", lang)
    (done,) = [d for d in at.dataframe if "self_done" in d.value.columns]
    for col in ("self_done", "manager_done", "peer_done"):
        assert _config(done)[col]["type_config"]["step"] == 0.001


def test_rounded_percents_round_the_shares_only():
    from ui.tables import rounded_percents

    frame = pl.DataFrame({"share": [0.12349, 0.1239], "mean": [0.12349, 0.5], "n": [3, 4]})
    out = rounded_percents(frame)
    assert out["share"].to_list() == [0.123, 0.124]  # 12.3%, 12.4%: not cut to 12.3%
    assert out["mean"].to_list() == [0.12349, 0.5] and out["n"].to_list() == [3, 4]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_reliability_table_counts_raters_one_way(demo, lang):
    """The "raters" column read 3 in the ICC rows (raters per person) and 299 in the alpha row
    (distinct raters): now the distinct raters in every row; the ICC's k is worded by the
    row's design on the page (its intervals keep their room) and is a column of its own in
    the section the exports write."""
    at = open_page("pages/raters.py", lang)
    (table,) = [d for d in at.dataframe if "n_targets" in d.value.columns]
    frame = table.value
    assert "raters_per_person" not in frame.columns
    icc = frame[frame["measure"].str.startswith("ICC")]
    assert len(icc) and len(frame) > len(icc)
    assert (frame["n_raters"] > 3).all(), frame["n_raters"].tolist()
    k3 = render("design.raters_nested", lang, k=3)
    assert set(icc["design"]) == {k3} and k3 not in set(frame["design"]) - set(icc["design"])
    config = _config(table)
    assert config["n_raters"]["label"] == render("column.n_raters", lang)
    assert not any(config[c].get("hidden") for c in ("value", "n_raters", "design"))
    note = render("raters.reliability_note", lang)
    assert render("column.n_raters", lang) in note and render("column.design", lang) in note
    # the section itself: k in its own column for the ICC rows, null for alpha's panels
    from analytics.findings.lazyscope import load_scope_lazy
    from analytics.findings.scope import Scope
    from analytics.findings.sections import compute_section
    from analytics.store import db

    con = db.connect(demo, read_only=True)
    try:
        section = compute_section("reliability", load_scope_lazy(con, Scope()))
    finally:
        con.close()
    nested = section.filter(pl.col("measure").str.starts_with("ICC"))
    assert nested["raters_per_person"].unique().to_list() == [3]
    assert (
        section.filter(~pl.col("measure").str.starts_with("ICC"))["raters_per_person"]
        .is_null()
        .all()
    )
    assert (section["n_raters"] > 3).all()
    assert render("column.raters_per_person", lang) != render("column.n_raters", lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inflation_chart_with_one_cycle_shows_that_cycle_and_round_share_ticks(demo, lang):
    at = open_page("pages/distributions.py", lang, cycle=["2025Q3"])
    title = render("fig.inflation", lang)
    (spec,) = [
        json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if title in json.dumps(json.loads(c.proto.spec)["layout"].get("title"), ensure_ascii=False)
    ]
    layout = spec["layout"]
    assert layout["xaxis"]["type"] == "category"
    assert layout["yaxis2"]["tickmode"] == "auto" and layout["yaxis2"]["range"][0] == 0
    assert {tuple(t["x"]) for t in spec["data"]} == {("2025Q3",)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_attribution_with_one_cycle_draws_no_empty_chart(demo, lang):
    at = open_page("pages/attribution.py", lang, cycle=["2025Q3"])
    assert render("attr.one_cycle", lang, cycle="2025Q3") in [i.value for i in at.info]
    assert not at.get("plotly_chart") and not at.dataframe


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_access_log_names_the_viewer_and_the_person_refused(lang):
    from ui.audit import worded

    log = pl.DataFrame(
        {
            "at": [datetime(2026, 12, 4, 14, 0)] * 4,
            "event": ["refused", "refused", "sign_in", "refused"],
            "user": ["E2", "E2", "E2", "E2"],
            "role": ["manager"] * 4,
            "reach": ["E2"] * 4,
            "via": ["dashboard"] * 4,
            "dataset": ["demo", "demo", "demo", "other"],
            "scope": [""] * 4,
            "file": [""] * 4,
            "detail": ["person: E1", "department: 市场部", "", "person: E1"],
        }
    )
    names = pl.DataFrame({"employee_id": ["E1", "E2"], "name": ["韩欣", "李娜"]})
    out = worded(log, lang, names, "demo")
    user, reach, detail = (out.get_column(out.columns[i]).to_list() for i in (2, 4, -1))
    li, han = (
        render("person.named", lang, name=n, id=e) for n, e in (("李娜", "E2"), ("韩欣", "E1"))
    )
    sep = render("accesslog.refused_sep", lang)
    assert user[:3] == reach[:3] == [li] * 3
    assert detail[0] == render("accesslog.refused.person", lang) + sep + han
    assert detail[1] == render("accesslog.refused.department", lang) + sep + "市场部"
    # another dataset's ids are not looked up in this roster
    assert user[3] == reach[3] == "E2"
    assert detail[3] == render("accesslog.refused.person", lang) + sep + "E1"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_access_log_says_a_command_line_user_is_an_os_account(lang):
    """The command line logs the operating-system account ("root"): a bare English word in the
    Chinese log read like a code; a roster id used on the command line (report --as) is named."""
    from ui.audit import worded

    log = pl.DataFrame(
        {
            "at": [datetime(2026, 12, 4, 14, 0)] * 3,
            "event": ["import", "export", "export"],
            "user": ["root", "E2", "root"],
            "role": ["hr_admin", "manager", "hr_admin"],
            "reach": ["", "E2", ""],
            "via": ["cli", "cli", "dashboard"],
            "dataset": ["demo"] * 3,
            "scope": [""] * 3,
            "file": [""] * 3,
            "detail": ["loaded", "", ""],
        }
    )
    names = pl.DataFrame({"employee_id": ["E2"], "name": ["李娜"]})
    out = worded(log, lang, names, "demo")
    user = out.get_column(out.columns[2]).to_list()
    assert user[0] == render("accesslog.os_account", lang, user="root")
    assert "root" in user[0] and user[0] != "root"
    assert user[1] == render("person.named", lang, name="李娜", id="E2")
    assert user[2] == "root"  # a dashboard user named root is a user name, said as it is
    assert "_raw_user" not in out.columns and len(out.columns) == 10


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_data_page_access_log_shows_names_beside_ids(demo, lang):
    """The log listed a manager's id (user, reach) and the person refused without names."""
    from analytics.store import accesslog, db
    from ui import shell

    con = db.connect(demo, read_only=True)
    try:
        (viewed, name_v), (boss, name_b) = con.execute(
            "SELECT employee_id, name FROM employees ORDER BY employee_id LIMIT 2"
        ).fetchall()
    finally:
        con.close()
    at = open_page("pages/overview.py", lang)
    at.query_params["employee"] = viewed
    at.switch_page("pages/person.py").run()
    at.session_state[shell.REDIRECT_KEY] = True
    at.run()
    (dataset,) = set(accesslog.read(demo)["dataset"].to_list())  # the person view's
    accesslog.append(
        demo,
        accesslog.Entry(
            "refused", boss, "manager", reach=boss, dataset=dataset, detail=f"person: {viewed}"
        ),
    )
    at.switch_page("pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    user_col = render("accesslog.col.user", lang)
    (log,) = [d.value for d in at.dataframe if user_col in d.value.columns]
    named_b = render("person.named", lang, name=name_b, id=boss)
    named_v = render("person.named", lang, name=name_v, id=viewed)
    refused = log[log[user_col] == named_b]
    assert len(refused) == 1
    assert refused[render("accesslog.col.reach", lang)].tolist() == [named_b]
    sep = render("accesslog.refused_sep", lang)
    detail = render("accesslog.col.detail", lang)
    assert refused[detail].tolist() == [render("accesslog.refused.person", lang) + sep + named_v]
    assert named_v in log[detail].tolist()  # the person view, as before
    # the grid's own CSV hidden: the log's own download below it (left29 item 7)
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert "[class*='st-key-access_entries'] button" in styles
    # each time as the pages say times, not "2026-12-07 23:57:19+00:00" (session 45)
    stored = accesslog.read(demo)["at"].to_list()
    said = [format_when(iso_when(v), lang) for v in stored]
    assert log[render("accesslog.col.at", lang)].tolist() == said
