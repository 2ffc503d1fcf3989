"""Strong teams with compressing peers (fast subset: a few seeds; the full run is
``python -m tests.sim.scale_use``, quoted in docs/methods.md)."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.stats import raters
from tests.sim.scale_use import scale_use_company, scale_use_rates

SEEDS = range(5)


@pytest.fixture(scope="module")
def compressing() -> dict[str, float]:
    return scale_use_rates(SEEDS)


def test_unbiased_managers_of_strong_teams_are_not_called_lenient(compressing) -> None:
    assert compressing["strong_team_false"] <= 0.2, compressing
    assert compressing["false_share"] <= 0.10, compressing
    assert compressing["false_share_strict"] == 0, compressing


def test_gaps_put_down_to_scale_use_are_said(compressing) -> None:
    assert compressing["scale_use"] > 0
    c = scale_use_company(0)
    t = raters.rater_table(c.ratings, c.kpi_results)
    said = t.filter(pl.col("status") == "scale_use")
    assert said.height > 0
    assert said["flag"].null_count() == said.height and said["fdr_flag"].null_count() == said.height
    codes = set(said["status_reason"].struct.field("code"))
    assert codes <= {"scale_use_kpi", "scale_use_slope", "scale_use_fit"}


def test_slopes_recover_who_compresses() -> None:
    c = scale_use_company(1, kpi_r=None)
    t = raters.rater_table(c.ratings)
    by = t.group_by("main_role").agg(pl.col("discrimination").median())
    slope = dict(by.iter_rows())
    # managers see all of the true differences, peers 60%: against the consensus of the
    # others (mostly peers) a manager's slope is about 1 / 0.6
    assert 1.4 < slope["manager"] < 2.0, slope
    assert slope["peer"] < 1.0, slope


def test_same_scale_changes_nothing() -> None:
    # every source sees the same differences: slopes near 1, no gap put down to scale use
    r = scale_use_rates(range(2), see=1.0)
    assert r["scale_use"] <= 0.5, r
    assert r["false_share"] == 0, r
    c = scale_use_company(0, see=1.0)
    t = raters.rater_table(c.ratings, c.kpi_results)
    med = t.filter(pl.col("main_role") == "manager")["discrimination"].median()
    assert 0.85 < med < 1.15
    assert t["infit"].drop_nulls().median() == pytest.approx(1.0, abs=0.2)
