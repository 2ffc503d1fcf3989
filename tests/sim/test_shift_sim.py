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


def test_shock_with_new_managers_headlines_the_stable_teams_part(rates) -> None:
    """rev18 D3/D4: a real shock plus severe new managers in some of the department's teams
    was headlined "department -0.39, change of rater +0" (the department part 57% too big),
    and colleagues whose manager did not change were listed against that trend more often
    than with neutral new managers."""
    r, n = rates["shock_and_new_managers"], rates["shock_and_neutral_managers"]
    c = shift_company("shock_and_new_managers", 0)
    assert r["headlined"] == 1.0 and r["confounded"] == 0.0
    # the department part is the stable teams' (the shock, less the company's share of it)
    assert r["headline_department"] == pytest.approx(r["broad_shift"])
    assert abs(r["headline_department"] - n["headline_department"]) < 0.015
    assert abs(r["department"]) > abs(r["headline_department"]) + 0.02  # the whole was bigger
    # the new managers' excess is the change of rater: (2 of 6 teams) x -0.12
    assert r["headline_rater"] == pytest.approx(c.new_manager_effect / 3, abs=0.015)
    assert 0.2 < r["rater_change_share"] < 0.5
    assert r["against_in_dept"] <= n["against_in_dept"] + 0.34


def test_parts_of_a_person_with_a_new_manager_add_up_and_sit_in_the_changed_teams() -> None:
    from analytics.stats import attribution, raters

    c = shift_company("shock_and_new_managers", 1)
    eff = raters.rater_effects(c.ratings).with_columns(pl.col("effect_shrunk").alias("effect"))
    ch = attribution.score_changes(c.ratings, eff)
    parts = ch.select(
        pl.sum_horizontal("company", "department", "rater", "new_manager", "individual")
    )
    assert (parts.to_series() - ch["change"]).abs().max() < 1e-9
    d0 = ch.filter(pl.col("dept") == c.dept)
    moved = d0.filter(pl.col("manager_changed"))
    assert (d0.filter(~pl.col("manager_changed"))["new_manager"] == 0).all()
    assert moved.height == 16 and (moved["new_manager"] < -0.05).all()
    assert d0["department"].n_unique() == 1  # one environment for the whole department
    sh = attribution.department_shifts(ch, min_shift=0.05).filter(pl.col("dept") == c.dept)
    assert sh["broad_shift"][0] == pytest.approx(d0["department"][0])
    assert sh["rater_change_shift"][0] == pytest.approx(d0["new_manager"].mean())
    lo, hi = sh["broad_ci95_low"][0], sh["broad_ci95_high"][0]
    assert lo < sh["broad_shift"][0] < hi and hi - lo > 0


def test_the_headline_sentence_gives_the_stable_teams_and_the_rater_change() -> None:
    from analytics.findings import sections
    from analytics.findings.stories import shift_sentences
    from analytics.text import render_column

    a = _scope_data(shift_company("shock_and_new_managers", 2).ratings)
    shifts = sections.compute_section("department_shifts", a)
    changes = sections.compute_section("attribution", a)
    assert shifts.filter(pl.col("significant"))["dept"].to_list() == ["D00"]
    story = shift_sentences(shifts, changes, None)["story"]
    en = render_column(story, "en", "story")[0]
    zh = render_column(story, "zh", "story")[0]
    assert "from the teams whose manager did not change" in en
    assert "change of rater -" in en and "cannot be separated from a real change" in en
    assert "由未更换上级的团队估计" in zh and "无法与这些团队的真实变化区分开" in zh
