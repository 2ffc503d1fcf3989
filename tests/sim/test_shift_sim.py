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


def _scope_data(ratings: pl.DataFrame):
    """The findings' view of a simulated company: every rating in scope, no side tables."""
    from analytics import schema as S
    from analytics.findings.scope import Scope, ScopeData

    employees = S.EMPLOYEES.conform(
        ratings.group_by("employee_id").agg(pl.col("department", "team", "level").last())
    )
    cycles = S.CYCLES.conform(
        ratings.select("cycle_id", pl.col("cycle_order").alias("ordering")).unique()
    ).sort("ordering")
    side = {t.name: t.empty() for t in (S.OUTCOMES, S.KPI_RESULTS, S.APPEALS)}
    return ScopeData(
        scope=Scope(),
        ratings=ratings,
        company_ratings=ratings,
        employees=employees,
        cycles=cycles,
        outcomes=side[S.OUTCOMES.name],
        kpi_results=side[S.KPI_RESULTS.name],
        appeals=side[S.APPEALS.name],
        extras={"company_employees": employees},
    )


def test_findings_name_the_manager_change_and_headline_the_shock() -> None:
    """Through the findings layer (sections, headlines, the page's sentences, the JSON's
    words): the new manager's department is no headline but a rater change, in both languages;
    the shocked department is a headline."""
    from analytics.findings import sections
    from analytics.findings.headlines import headlines
    from analytics.findings.stories import rater_change_sentences
    from analytics.text import render, render_column

    a = _scope_data(shift_company("manager_change", 2).ratings)
    shifts = sections.compute_section("department_shifts", a)
    assert not shifts["significant"].any()
    d0 = shifts.filter(pl.col("dept") == "D00").row(0, named=True)
    assert d0["confounded_with_rater_change"] and d0["rater_change_share"] > 0.8
    assert sections.compute_section("against_trend", a).filter(pl.col("dept") == "D00").is_empty()
    teams = sections.compute_section("manager_changes", a)
    assert set(teams["manager_to"]) == {"N000"} and not teams["estimated"].any()
    lines = rater_change_sentences(shifts)
    en = render_column(lines["reason"], "en", "reason")[0]
    zh = render_column(lines["reason"], "zh", "reason")[0]
    assert "cannot be separated from a real change in the team" in en
    assert "新上级的尺度无法与团队的真实变化区分开" in zh
    heads = {h.code: h.params for h in headlines({"department_shifts": shifts})}
    assert "overview.headline_shift" not in heads  # no shift: no "0 shifts" headline
    assert heads["overview.headline_rater_change"]["n"] == 1
    assert "1" in render("overview.headline_rater_change", "zh", n=1)

    b = _scope_data(shift_company("market_shock", 2).ratings)
    shifts = sections.compute_section("department_shifts", b)
    assert shifts.filter(pl.col("significant"))["dept"].to_list() == ["D00"]
    assert rater_change_sentences(shifts).is_empty()
