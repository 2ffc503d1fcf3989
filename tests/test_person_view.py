"""A rater's view of their team (issue 19): each person they rated, their mean against everyone
else's mean of the same person in the same cycle, and the mean difference with its interval."""

from __future__ import annotations

import polars as pl
import pytest
from scipy import stats

from analytics.findings.person import by_dimension, person_frames, rater_view


def test_their_scores_against_everyone_elses(demo_con):
    rater = demo_con.execute(
        "SELECT rater_id FROM reviews WHERE rater_role = 'manager' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    rated = person_frames(demo_con, rater)["rated_by_them"]
    assert rated.height > 5
    row = rated.filter(pl.col("others_mean").is_not_null()).row(0, named=True)
    others = demo_con.execute(
        "SELECT avg(score), count(DISTINCT rater_id) FROM reviews WHERE cycle_id = ? AND employee_id = ? "
        "AND rater_id <> ? AND rater_id <> employee_id",
        [row["cycle_id"], row["employee_id"], rater],
    ).fetchone()
    assert row["others_mean"] == pytest.approx(others[0]) and row["others_raters"] == others[1]
    assert row["diff_vs_others"] == pytest.approx(row["mean_score"] - others[0])
    view = rater_view(rated)
    d = rated["diff_vs_others"].drop_nulls().to_numpy()
    lo, hi = stats.t.interval(0.95, len(d) - 1, loc=d.mean(), scale=stats.sem(d))
    assert (view["diff"], view["lo"], view["hi"], view["n"]) == pytest.approx(
        (d.mean(), lo, hi, len(d))
    )


def test_no_other_rater_means_cannot_be_estimated():
    rated = pl.DataFrame({"diff_vs_others": [None, None]}, schema={"diff_vs_others": pl.Float64})
    assert rater_view(rated) is None


def test_adjustment_is_signed_as_applied(demo_con):
    """raw + adjustment = adjusted on every row (the person page showed 校正量 0.044 while the
    adjusted score was the raw score minus 0.044)."""
    from analytics.findings.lazyscope import load_scope_lazy
    from analytics.findings.scope import Scope
    from analytics.findings.sections import compute_section

    adjusted = compute_section("adjusted", load_scope_lazy(demo_con, Scope()))
    gap = adjusted.select((pl.col("raw") + pl.col("adjustment") - pl.col("adjusted")).abs().max())
    assert gap.item() < 1e-12
    assert adjusted["adjustment"].min() < 0 < adjusted["adjustment"].max()


def test_dimension_table_columns_in_role_order():
    # the pivot's columns followed a group_by's order, which differs between runs (session 27):
    # rows arrive peer first, an unknown role among them, over many shuffles
    rows = pl.DataFrame(
        {
            "cycle_order": [1, 2, 2, 2, 2, 2, 2],
            "dimension": ["a", "a", "b", "a", "b", "a", "b"],
            "rater_role": ["self", "peer", "peer", "coach", "manager", "self", "self"],
            "score": [0.1, 0.6, 0.4, 0.9, 0.5, 0.2, 0.3],
        }
    )
    for seed in range(20):
        table = by_dimension(rows.sample(fraction=1.0, shuffle=True, seed=seed))
        assert table.columns == ["dimension", "self", "manager", "peer", "coach"]
        assert table.rows() == [("a", 0.2, None, 0.6, 0.9), ("b", 0.3, 0.5, 0.4, None)]
