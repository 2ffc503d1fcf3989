"""The trend attribution on simulated nested companies: a manager change vs a market shock
(fast subset: 3 seeds per design; the 20-seed run is ``python -m tests.sim``, quoted in
docs/methods.md)."""

from __future__ import annotations

import polars as pl
import pytest

from tests.sim.rates import shift_rates
from tests.sim.simulate import SHIFT_DESIGNS, shift_company


@pytest.fixture(scope="module")
def rates() -> dict[str, dict[str, float]]:
    return {d: shift_rates(d, range(3)) for d in SHIFT_DESIGNS}


def test_manager_change_is_never_headlined_as_a_department_shift(rates) -> None:
    r = rates["manager_change"]
    assert r["headlined_old_rule"] == 1.0  # the design does fool the rule before
    assert r["headlined"] == 0.0
    assert r["confounded"] == 1.0
    assert r["rater_change_share"] > 0.8
    assert r["new_manager_not_separable"] == 1.0  # nested: named as not separable


def test_colleagues_of_a_new_manager_are_not_against_the_trend(rates) -> None:
    for design in SHIFT_DESIGNS:
        assert rates[design]["against_manager_changed"] == 0.0
    assert rates["manager_change"]["against_in_dept"] == 0.0


def test_market_shock_is_still_headlined(rates) -> None:
    r = rates["market_shock"]
    assert r["headlined"] == 1.0
    assert r["confounded"] == 0.0
    assert abs(r["rater_change_share"]) < 0.2
    for design in SHIFT_DESIGNS:
        assert rates[design]["other_headlined"] == 0.0


def test_shift_simulator_plants_what_it_says() -> None:
    a = shift_company("manager_change", 1)
    assert set(a.ratings["rater_role"].unique()) == {"manager"}
    per = a.ratings.group_by("cycle_id", "employee_id").agg(n=pl.col("rater_id").n_unique())
    assert per["n"].max() == 1  # nested: one rater per person and cycle
    new = a.ratings.filter(pl.col("rater_id") == "N000")
    assert set(new["team"].unique()) == set(a.changed_teams) and len(a.changed_teams) == 3
    assert set(new["cycle_id"].unique()) == {"2025H2"} and set(new["department"]) == {a.dept}
    b = shift_company("market_shock", 1)
    assert b.shock < 0 and b.new_manager_effect == 0.0 and len(b.changed_teams) == 1
