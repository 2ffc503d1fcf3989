"""Strong teams with compressing peers (fast subset: a few seeds; the full run is
``python -m tests.sim.scale_use``, quoted in docs/methods.md)."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.stats import raters
from tests.sim.scale_use import scale_use_company, scale_use_rates

SEEDS = range(10)


@pytest.fixture(scope="module")
def compressing() -> dict[str, float]:
    return scale_use_rates(SEEDS)


def test_unbiased_managers_of_strong_teams_are_not_called_lenient(compressing) -> None:
    # issue 18's target: at most 5% of the flags (strict or likely) false; measured 1.5% at
    # 20 seeds and 1.6% at 50 (docs/methods.md), 4.3-6.6% before the role-weighted tier
    assert compressing["strong_team_false"] <= 0.1, compressing
    assert compressing["false_share"] <= 0.05, compressing
    assert compressing["false_share_strict"] == 0, compressing
    # ... not by flagging nothing: about a third of the planted biases are still found
    assert compressing["flags"] >= 2.5 and compressing["recall"] >= 0.25, compressing


@pytest.mark.parametrize(("seed", "rater"), [(9, "M029"), (10, "E00024")])
def test_former_false_flags_are_gone(seed: int, rater: str) -> None:
    """The false flags of the method before (50 seeds): M029, an unbiased manager of a strong
    team (slope 1.36, 0.83-1.88, among peers who compress; nothing left at the middle of the
    scale), and peers whose tier q-value came from a family of 360 mostly-null tests."""
    c = scale_use_company(seed)
    t = raters.rater_table(c.ratings, c.kpi_results).filter(pl.col("rater_id") == rater)
    assert t["flag"].item() is None and t["fdr_flag"].item() is None


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
