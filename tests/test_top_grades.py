"""The top grades follow the company's scale: S+A of S-D, 优秀+良好 of 优秀-待改进 (rev23a: a
company grading 优秀/良好/合格/待改进 saw an "S+A share" of 0% in every cycle)."""

from __future__ import annotations

from analytics.calibration.adverse import top_grades
from analytics.export import figures
from analytics.stats.distributions import inflation_trend, recorded_top_grades, top_bands
from analytics.text import render
from tests.frames import two_cycle_grades


def test_top_bands_are_the_two_best_of_four_or_more():
    assert top_bands(["S", "A", "B", "C", "D"]) == ["S", "A"]
    assert top_bands(["优秀", "良好", "合格", "待改进"]) == ["优秀", "良好"]
    assert top_bands(["高", "中", "低"]) == ["高"]
    assert top_grades(["S", "A", "B", "C", "D"]) == top_bands(["S", "A", "B", "C", "D"])


def test_recorded_grades_name_their_scale_top():
    assert recorded_top_grades(["合格", "良好", None, "待改进"]) == ["优秀", "良好"]
    assert recorded_top_grades(["b", "ｓ", "C"])[:2] == ["S", "A"]  # spelling as recorded kept
    assert "ｓ" in recorded_top_grades(["b", "ｓ", "C"])
    assert recorded_top_grades(["金", "银"]) == []  # no known scale: top cannot be told
    assert recorded_top_grades([]) == []


def test_chinese_grades_give_their_own_top_share_with_an_interval():
    # cycle 1: 2 of 4 top (优秀, 良好); cycle 2: 3 of 4
    grades = ["优秀", "良好", "合格", "待改进", "优秀", "良好", "良好", "合格"]
    trend = inflation_trend(two_cycle_grades(grades))
    assert trend["n_top"].to_list() == [2, 3]
    assert trend["top_share"].to_list() == [0.5, 0.75]
    assert trend["top_grades"].unique().to_list() == ["优秀+良好"]
    lo, hi = trend["top_share_lo"][0], trend["top_share_hi"][0]
    # Wilson 95% for 2 of 4: 0.150 to 0.850
    assert abs(lo - 0.1500) < 5e-4 and abs(hi - 0.8500) < 5e-4
    fig = figures.inflation_chart(trend, "zh")
    share = next(tr for tr in fig.data if tr.yaxis == "y2")
    assert share.name == render("fig.top_share", "zh", grades="优秀+良好") == "优秀+良好 占比"
    assert share.error_y.array is not None and len(share.error_y.array) == 2


def test_letters_still_count_s_and_a_and_an_explicit_choice_wins():
    grades = ["S", "A", "B", "C", "B", "A", "A", "D"]
    trend = inflation_trend(two_cycle_grades(grades))
    assert trend["n_top"].to_list() == [2, 2] and trend["top_grades"][0] == "S+A"
    only_s = inflation_trend(two_cycle_grades(grades), top_grades=["S"])
    assert only_s["n_top"].to_list() == [1, 0] and only_s["top_grades"][0] == "S"


def test_grades_on_no_known_scale_have_no_top_share_and_no_second_axis():
    trend = inflation_trend(two_cycle_grades(["金", "银", "铜", "金", "银", "铜"]))
    assert trend["n_graded"].to_list() == [3, 3]  # the grades are counted as recorded
    assert trend["top_share"].null_count() == 2 and trend["top_grades"].null_count() == 2
    assert not figures.has_top_share(trend)
