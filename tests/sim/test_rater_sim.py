"""The rater model on simulated companies (fast subset: few seeds, small companies; the full
run is ``python -m tests.sim``, quoted in docs/methods.md)."""

from __future__ import annotations

import polars as pl
import pytest

from tests.sim.rates import rater_rates
from tests.sim.simulate import DESIGNS, company


@pytest.fixture(scope="module")
def rates() -> dict[str, dict[str, float]]:
    seeds = {"null": range(4), "manager_only": range(2), "manager_skip": range(2)}
    return {d: rater_rates(d, seeds.get(d, range(4))) for d in DESIGNS}


def test_null_company_flags_at_most_one_rater_on_average(rates) -> None:
    assert rates["null"]["false_strict"] <= 1.0
    assert rates["null"]["false_any"] <= 1.0


def test_manager_only_design_says_no_manager_can_be_estimated(rates) -> None:
    r = rates["manager_only"]
    assert r["managers"] > 0
    assert r["managers_not_estimable"] == r["managers"]
    assert r["managers_clear"] == 0


@pytest.mark.parametrize("design", DESIGNS)
def test_no_zero_width_interval(rates, design: str) -> None:
    assert rates[design]["zero_width"] == 0


def test_full_360_finds_most_effects_of_twice_the_threshold(rates) -> None:
    r = rates["full_360"]
    assert r["big_effects"] > 0
    assert r["recall_any"] >= 0.5, r
    assert r["wrong_sign"] == 0


def test_simulator_plants_what_it_says() -> None:
    c = company("full_360", 3)
    assert set(c.ratings["rater_role"].unique()) == {"manager", "skip_level", "peer", "self"}
    assert c.truth.filter(c.truth["effect"] != 0).height > 0
    assert company("null", 3).truth["effect"].abs().max() == 0
    only = company("manager_only", 3).ratings
    per = only.group_by("cycle_id", "employee_id").agg(n=pl.col("rater_id").n_unique())
    assert per["n"].max() == 1  # nested: one rater per person and cycle
    assert set(only["rater_role"].unique()) == {"manager"}


def test_a_peer_gap_flags_no_manager_for_it() -> None:
    """stat28: peers 0.05 higher and compressed (slope 0.5). Taken against the set's mean
    (mostly peers) every manager carried the gap: 5 unbiased raters per company strictly
    flagged, 19.6 with the likely tier (20 seeds); against raters of their own role none."""
    r = rater_rates("peer_gap", range(1))
    assert r["false_strict"] == 0 and r["false_any"] <= 1, r
    assert r["wrong_sign"] == 0 and r["recall_any"] >= 0.5, r
