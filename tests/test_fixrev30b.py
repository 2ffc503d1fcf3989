"""rev30b's findings (Priya Nair, a manager-only A-D company), each on a small case worked by
hand: the meeting's participants are names, not words (item 2); ..."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from analytics.calibration import record, sessions
from analytics.stats.potential import nine_box, nine_box_counts
from analytics.text import render
from tests.test_writeback_original import imported

T0 = datetime(2026, 12, 6, 9, 0, 0)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """tests/test_writeback_original.py's 8-person export imported (about 1.5 CPU s)."""
    return imported(tmp_path_factory.mktemp("fixrev30b"))


def test_participants_are_split_on_commas_and_new_lines_never_on_spaces():
    assert sessions.split_names("Priya Nair, Daniel Ong (Sales head)") == [
        "Priya Nair",
        "Daniel Ong (Sales head)",
    ]
    assert sessions.split_names("王 伟，赵敏、李娜;Ann Lee\n Bo Chen ,, ") == [
        "王 伟",
        "赵敏",
        "李娜",
        "Ann Lee",
        "Bo Chen",
    ]
    assert sessions.split_names("") == []


def test_the_signed_record_names_each_participant_whole(small):
    names = sessions.split_names("Priya Nair, Daniel Ong (Sales head)")
    sid = sessions.create(
        small, cycle="2025Q4", department="研发中心", author="hr", participants=names, at=T0
    )
    sessions.sign_off(small, sid, "boss", T0)
    s = sessions.load(small, sid)
    page = record.record_html(s, sessions.writeback_rows(small, s), "en")
    assert "Participants: Priya Nair, Daniel Ong (Sales head)" in page


def test_nine_box_counts_say_how_many_certainties_are_unknown():
    """One cycle of one manager rating each: no performance interval, so no box certainty;
    the count of "not estimable" is kept beside "near a boundary" (rev30b item 3)."""
    prof = pl.DataFrame(
        {
            "employee_id": ["a", "b", "c", "d"],
            "pct_adjusted": [0.90, 0.50, 0.10, 0.90],
            "pct_ci95_low": [None, None, None, 0.60],
            "pct_ci95_high": [None, None, None, 0.97],
            "potential_score": [0.9, 0.5, 0.1, 0.9],
            "potential_ci95_low": [None] * 4,
            "potential_ci95_high": [None] * 4,
            "potential_source": ["outcome"] * 4,
        }
    )
    cnt = nine_box_counts(nine_box(prof))
    assert cnt["n"].sum() == 4
    assert cnt["n_not_estimable"].sum() == 3 and cnt["n_near_boundary"].sum() == 1
    assert cnt.filter(pl.col("box") == 9)["n_not_estimable"].item() == 1
    for lang in ("zh", "en"):
        said = render("pot.certainty_unknown", lang, k=60, n=60)
        assert "60" in said and "{" not in said
    assert render("pot.certainty_unknown", "en", k=60, n=60).startswith(
        "Box certainty cannot be estimated for 60 of 60 people"
    )


def test_a_box_with_q1_equal_to_q3_draws_its_people_beyond_the_whiskers():
    """Product 2026H1: 19 x 3, 8 x 2 and 8 x 4 (n=35) has Q1 = Q3 = 3 and whiskers at 3: the
    box was a flat line hiding 16 of 35 people (rev30b item 4). They are drawn as points."""
    from analytics.export import figures

    stats = pl.DataFrame(
        {
            "unit": ["Product", "Sales"],
            "cycle_id": ["2026H1", "2026H1"],
            "n": [35, 3],
            "q1": [3.0, None],
            "median": [3.0, None],
            "q3": [3.0, None],
            "mean": [3.0, None],
            "lowerfence": [3.0, None],
            "upperfence": [3.0, None],
            "outliers": [[2.0] * 8 + [4.0] * 8, None],
        }
    )
    fig = figures.score_box(stats, "en", min_n=5)
    points = [t for t in fig.data if t.meta == "outliers"]
    assert len(points) == 1 and points[0].boxpoints == "all"
    assert sorted(points[0].y) == [2.0] * 8 + [4.0] * 8
    assert set(points[0].x) == {fig.data[0].x[0]}  # at Product's box
    assert fig.layout.yaxis.range is None or fig.layout.yaxis.range[0] <= 2.0


def test_the_whole_scope_sentence_weighs_the_bottom_grades_too():
    """Sales 2026H1 (A6 B28 C24 D2 of 60, guideline A15/B60/C20/D5): its 10% A (Wilson
    4.7-20.1%) holds 15%, but its 43.3% C+D does not hold 25%; the whole-scope sentence
    checked only the top grade and said nothing (rev30b item 1)."""
    from analytics.findings.headlines import guideline_whole_lines

    half = {"A": 3, "B": 14, "C": 12, "D": 1}
    shares = pl.DataFrame(
        [
            {"unit": u, "grade": g, "n": 30, "count": k}
            for u in ("Team 1", "Team 2")
            for g, k in half.items()
        ]
    )
    lines = guideline_whole_lines(shares, {"A": 0.15, "B": 0.60, "C": 0.20, "D": 0.05}, "Sales")
    assert [code for code, _ in lines] == ["dist.whole_above", "dist.whole_units_alike"]
    params = lines[0][1]
    assert params["grade"] == "C+D" and params["n"] == 60
    assert params["share"] == pytest.approx(26 / 60) and params["target"] == pytest.approx(0.25)
    assert params["lo"] > 0.25
    said = render(lines[0][0], "en", **params)
    assert said.startswith("Sales as a whole (60 people) gives C+D to 43.3%"), said
