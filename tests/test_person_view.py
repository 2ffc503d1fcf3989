"""A rater's view of their team (issue 19): each person they rated, their mean against everyone
else's mean of the same person in the same cycle, and the mean difference with its interval."""

from __future__ import annotations

import polars as pl
import pytest
from scipy import stats

from analytics.calibration.evidence import RATER_COLUMNS
from analytics.findings.person import RATER_TABLE_COLUMNS, by_dimension, person_frames, rater_view


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


def _team_view_everywhere(con, rater: str) -> pl.DataFrame:
    """The team view from every review (what the query read before session 27), in Polars."""
    w = con.sql("SELECT * FROM reviews").pl()
    d = pl.when(pl.col("weight").is_null() | pl.col("weight").is_nan())
    w = w.with_columns(d=d.then(1.0).otherwise(pl.col("weight").clip(lower_bound=0.0)))
    wmean = (pl.col("d") * pl.col("score")).filter(pl.col("d") > 0).sum() / pl.col("d").filter(
        pl.col("d") > 0
    ).sum()
    mine = (
        w.filter((pl.col("rater_id") == rater) & (pl.col("employee_id") != rater))
        .group_by("cycle_id", "employee_id", "rater_role")
        .agg(mean_score=wmean, n=pl.len())
    )
    others = (
        w.filter((pl.col("rater_id") != rater) & (pl.col("rater_id") != pl.col("employee_id")))
        .join(mine.select("cycle_id", "employee_id").unique(), on=["cycle_id", "employee_id"])
        .group_by("cycle_id", "employee_id")
        .agg(others_mean=wmean, others_raters=pl.col("rater_id").n_unique())
    )
    return mine.join(others, on=["cycle_id", "employee_id"], how="left").sort(
        "cycle_id", "employee_id", "rater_role"
    )


def test_team_view_reads_their_peoples_rows_to_the_same_answer(demo_con):
    # the query reads the rater's rows and their people's (session 27: it read every review,
    # 4.3-4.7 CPU s at 40M ratings): a manager, a peer and someone who rated no one
    manager, peer = (
        demo_con.execute(
            f"SELECT rater_id FROM reviews WHERE rater_role = '{role}' GROUP BY 1 ORDER BY 1 LIMIT 1"
        ).fetchall()[0][0]
        for role in ("manager", "peer")
    )
    for rater in (manager, peer, "nobody"):
        got = person_frames(demo_con, rater)["rated_by_them"]
        want = _team_view_everywhere(demo_con, rater)
        key = ["cycle_id", "employee_id", "rater_role"]
        got = got.sort(key)
        assert (
            got.select(*key, "n", "others_raters").rows()
            == want.select(*key, "n", "others_raters").rows()
        ), rater
        for col in ("mean_score", "others_mean"):
            assert got[col].to_list() == pytest.approx(want[col].to_list(), nan_ok=True), rater
        assert (rater == "nobody") == (got.height == 0)


def test_the_rater_table_columns_the_page_reads(demo_con):
    # the person page reads these columns of the rater table, not the whole (session 27)
    assert set(RATER_COLUMNS) <= set(RATER_TABLE_COLUMNS)
    stored = {
        r[0]
        for r in demo_con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'mat_sec_raters'"
        ).fetchall()
    }
    assert set(RATER_TABLE_COLUMNS) <= stored
    assert len(stored) > len(RATER_TABLE_COLUMNS)
