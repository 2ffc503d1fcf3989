"""rev31b (an English CHRO's manager-only export, 0-100): the links' reasons on the score's
points, "Review Year" / "Rating" recognised, a manager-only export read as the manager's
ratings (fixrev31b)."""

from __future__ import annotations

import re

import polars as pl
from openpyxl import Workbook

from analytics.findings.units import PHRASE_SCORES, Unit, convert
from analytics.ingest import pipeline as ingest
from analytics.ingest.detect import detect_file
from analytics.ingest.headers import map_headers
from analytics.ingest.typos import one_edit_apart
from analytics.stats.distributions import dataset_guideline, inflation_trend
from analytics.stats.links import team_contrasts
from analytics.store import db
from analytics.text.messages import render, render_page
from analytics.text.render import entries, phrase, render_column
from analytics.text.render import render as render_code

_PT = re.compile(r"\{(\w+):(?:\+?pt0?|hlpt)\}")


def test_a_pair_of_linked_raters_says_its_effect_in_points():
    # stored on 0-1: +0.02234 is +2.2 points on 0-100 (the CSV said "the effect 0.0 points")
    frame = pl.DataFrame({"effect": [0.02234, -0.02234]}).with_columns(
        status_reason=phrase("link_pair", n=pl.lit(6, pl.Int64), effect=pl.col("effect"))
    )
    out = convert(frame, Unit("0-100", 0.0, 100.0))
    assert out["effect"].round(3).to_list() == [2.234, -2.234]
    for lang, words in (
        ("en", ("+2.2 points on 0-100", "-2.2 points on 0-100")),
        ("zh", ("+2.2", "-2.2")),
    ):
        said = render_column(out["status_reason"], lang, "reason").to_list()
        assert [w in s for w, s in zip(words, said, strict=True)] == [True, True], said
    thr = pl.DataFrame({"x": [1]}).with_columns(
        status_reason=phrase(
            "link_clear", n=pl.lit(6, pl.Int64), raters=pl.lit(3, pl.Int64), thr=0.05
        )
    )
    assert (
        "±5.0 points on 0-100"
        in render_column(convert(thr, Unit("0-100", 0.0, 100.0))["status_reason"], "en", "reason")[
            0
        ]
    )


def test_every_reason_that_states_points_is_converted():
    # the family of the bug: a reason (a stored phrase) whose sentence names the scale and
    # states a score must have that score in PHRASE_SCORES (scope_shift_* carry their scale)
    missing = {}
    for code, text in entries().items():
        family, _, short = code.partition(".")
        if family != "reason" or short.startswith("scope_shift_"):
            continue
        for lang in ("zh", "en"):
            if "{score_scale:unit}" in text[lang]:
                left = set(_PT.findall(text[lang])) - set(PHRASE_SCORES.get(short, {}))
                if left:
                    missing[code] = sorted(left)
    assert missing == {}


def test_review_year_and_rating_beside_a_score_are_the_cycle_and_the_grade():
    cols = ["Employee ID", "Review Year", "Manager ID", "Score", "Rating"]
    got, _ = map_headers(cols)
    assert got == {
        "Employee ID": "employee_id",
        "Review Year": "cycle",
        "Manager ID": "manager_id",
        "Score": "score",
        "Rating": "grade",
    }
    # "Rating" before "Score": the score still takes the score
    got, _ = map_headers(["Employee ID", "Year", "Rating", "Score"])
    assert got["Rating"] == "grade" and got["Score"] == "score" and got["Year"] == "cycle"
    # alone, "Rating" stays the score; the other spellings
    assert map_headers(["Employee ID", "Rating"])[0]["Rating"] == "score"
    for cycle in ("Performance Year", "Review Period", "考核年度", "年度", "绩效年度"):
        assert map_headers(["工号", cycle])[0][cycle] == "cycle", cycle
    for grade in ("Final Rating", "Performance Rating", "评级", "绩效评级", "绩效等级"):
        assert map_headers(["工号", "得分", grade])[0][grade] == "grade", grade


def _manager_only(path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Acme performance reviews"])
    ws.append([])
    ws.append(["Employee ID", "Employee Name", "Review Year", "Manager ID", "Score", "Rating"])
    for year, boss in ((2024, "9014"), (2025, "9100")):
        ws.append(["1001", "Ann", year, boss, 80 if year == 2024 else 70, "Exceeds"])
        ws.append(["1002", "Bob", year, boss, 60, "Meets"])
        ws.append(["1003", "Cy", year, "9001", 55, "Partially Meets"])
    wb.save(path)
    return path


def test_a_manager_only_export_loads_the_managers_ratings(tmp_path):
    path = _manager_only(tmp_path / "acme.xlsx")
    det = detect_file(path)[0][0]
    assert det.mapping["Score"] == "manager_score" and det.mapping["Rating"] == "grade"
    assert [c for c, _ in det.warnings] == ["score_by_manager"]
    con = db.connect(":memory:")
    res = ingest.import_file(con, path)
    got = db.query(
        con, "SELECT employee_id, cycle_id, rater_id, rater_role, score FROM reviews ORDER BY 2, 1"
    )
    assert got["rater_id"].to_list() == ["9014", "9014", "9001", "9100", "9100", "9001"]
    assert set(got["rater_role"]) == {"manager"}
    said = dict(res.warnings)["score_by_manager"]
    en, zh = (render("score_by_manager", lang, **said) for lang in ("en", "zh"))
    assert "'Score' is read as the rating by the person's manager (column 'Manager ID'" in en
    assert "列「Score」按直属上级（列「Manager ID」）" in zh


def test_the_results_only_hint_leads_to_the_manager_score():
    # the page said "set it to Rater ID": a manager column so set made every rating a peer's
    for lang, word in (("en", "“Manager score”"), ("zh", "“上级评分”")):
        assert word in render_page("no_rater_results_only", lang, file="f.xlsx", sheet="")
    for lang in ("en", "zh"):
        assert "manager_score" in render("no_rater_results_only", lang, file="f.xlsx", sheet="")


def test_a_digit_more_in_a_team_number_is_no_typo():
    assert not one_edit_apart("ENG-10", "ENG-1") and not one_edit_apart("ENG-1", "ENG-10")
    assert not one_edit_apart("ENG-12", "ENG-2")
    assert one_edit_apart("Sales", "Saless") and one_edit_apart("销售部", "销售部门")


def test_one_id_as_a_decimal_is_said_in_the_singular():
    one = render(
        "ids_decimal_dropped",
        "en",
        file="f.xlsx",
        columns="Employee ID",
        n=1,
        examples="1013.0 → 1013",
    )
    two = render(
        "ids_decimal_dropped",
        "en",
        file="f.xlsx",
        columns="Employee ID",
        n=2,
        examples="1013.0 → 1013",
    )
    assert (
        "1 id was a whole number written as a decimal (a" in one
        and "2 ids were whole numbers" in two
    )


def test_a_team_too_small_to_tell_gets_no_interval_wider_than_the_scale():
    # one department, one cycle: team A of 2 people far apart, team B of 3 alike, the rest
    rows = [("A", "a1", 0.9), ("A", "a2", 0.1)]
    rows += [("B", f"b{i}", 0.6 + i / 100) for i in range(3)]
    rows += [("C", f"c{i}", 0.5 + (i % 3) / 50) for i in range(8)]
    pairs = pl.DataFrame(
        {
            "rater_id": [r for r, _, _ in rows],
            "employee_id": [e for _, e, _ in rows],
            "cycle_id": ["2026"] * len(rows),
            "y": [y for _, _, y in rows],
        }
    )
    got = {r["rater_id"]: r for r in team_contrasts(pairs, None).iter_rows(named=True)}
    # A: gap 0.5 - rest mean; t(1 df) = 12.71 x SE (0.4 from its 2 people) spans more than 0-1
    a = got["A"]
    assert a["team_people"] == 2 and a["team_diff"] is not None
    assert a["team_ci95_low"] is None and a["team_ci95_high"] is None
    b = got["B"]  # three alike: an interval, inside the scale
    assert b["team_ci95_low"] < b["team_diff"] < b["team_ci95_high"]
    assert b["team_ci95_high"] - b["team_ci95_low"] < 1.0
    for lang, word in (
        (
            "en",
            "1 team has no interval: with 2 people, the 95% interval would be wider than the whole scale, too few to tell",
        ),
        ("zh", "1 个团队没有区间：只有 2 人"),
    ):
        assert word in render_code("raters.team_too_few", lang, n=1, people="2")


_OWN = ["Exceeds", "Meets", "Partially Meets", "Does Not Meet"]


def test_the_guideline_form_offers_the_grades_the_data_records():
    # Workday's short forms, no Outstanding: asked for as recorded, best first
    assert dataset_guideline(None, ["Meets", "Does Not Meet", "Exceeds", "Partially Meets"]) == (
        None,
        _OWN,
    )
    # a sparse dataset (two grades so far): its scale's grades, in its own spelling
    assert dataset_guideline(None, ["合格", "良好"]) == (None, ["优秀", "良好", "合格", "待改进"])
    assert dataset_guideline(None, ["Exceeds", "Meets"])[1] == [
        "Outstanding",
        "Exceeds",
        "Meets",
        "Partially Meets Expectations",
        "Does Not Meet Expectations",
    ]


def test_the_top_share_is_named_by_the_grades_recorded():
    # Exceeds is the top band recorded (Outstanding, the scale's other top band, never is)
    grades = [
        "Exceeds",
        "Meets",
        "Meets",
        "Does Not Meet",
        "Exceeds",
        "Exceeds",
        "Meets",
        "Partially Meets",
    ]
    scores = pl.DataFrame(
        {
            "employee_id": [f"e{i}" for i in range(4)] * 2,
            "cycle_id": ["2025"] * 4 + ["2026"] * 4,
            "cycle_order": [1] * 4 + [2] * 4,
            "score": [0.8, 0.5, 0.5, 0.1, 0.8, 0.8, 0.5, 0.3],
            "grade": grades,
        }
    )
    trend = inflation_trend(scores)
    assert trend["n_top"].to_list() == [1, 2]
    assert trend["top_grades"].unique().to_list() == ["Exceeds"]


def test_no_currency_is_guessed_for_the_bonus_pool():
    for lang in ("en", "zh"):
        default = render_code("calib.currency_default", lang)
        said = render_code(
            "cs.bonus_spent", lang, after=1e5, pool=1e5, n=3, currency=default, which="default"
        )
        assert "CNY" not in said and "元" not in said, said
    assert "100,000.00 (no currency entered)" in render_code(
        "cs.bonus_spent",
        "en",
        after=1e5,
        pool=1e5,
        n=3,
        currency="(no currency entered)",
        which="default",
    )
