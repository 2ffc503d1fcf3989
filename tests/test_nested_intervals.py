"""Issue 18 review D1/D2: in a manager-only company no interval is zero-width from a boundary
variance estimate, every percentile interval holds its estimate, and where nothing can be
estimated (one cycle) the interval is missing, not degenerate."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.findings.person import adjusted_notes
from analytics.stats import raters
from analytics.stats.potential import high_potential, performance_profile
from tests.sim.simulate import company


def _employees(r: pl.DataFrame) -> pl.DataFrame:
    return r.select("employee_id", "department", "team", "level", "job_family").unique(
        "employee_id"
    )


@pytest.fixture(scope="module")
def nested():
    r = company("manager_only", seed=3, n_teams=6, team_size=5, n_cycles=3).ratings
    eff = raters.rater_effects(r)
    return r, eff, raters.adjusted_scores(r, eff)


def test_manager_only_scores_have_a_width(nested):
    _, eff, adj = nested
    assert (eff["status"] == "not_estimable").all()
    assert adj["se"].is_not_null().all() and (adj["se"] > 0).all()
    assert (adj["ci95_high"] > adj["ci95_low"]).all()
    # the raters were not adjusted for: nobody counts as adjusted
    assert (adj["n_adjusted_raters"] == 0).all()
    assert adj["adjusted"].to_list() == adj["raw"].to_list()
    # and the person page says so under the table
    assert adjusted_notes(adj.filter(pl.col("employee_id") == "E00000")) == ["person.adjusted_none"]


def test_one_cycle_interval_cannot_be_estimated():
    r = company("manager_only", seed=4, n_teams=4, team_size=5, n_cycles=1).ratings
    adj = raters.adjusted_scores(r, raters.rater_effects(r))
    assert adj["se"].is_null().all() and adj["ci95_low"].is_null().all()
    assert "person.adjusted_no_interval" in adjusted_notes(adj.head(1))


def test_percentile_interval_holds_its_estimate(nested):
    r, eff, adj = nested
    prof = performance_profile(adj, _employees(r), rater_effects=eff, min_group=5)
    hp = high_potential(prof, top_n=None)
    lo, hi, pct = hp["pct_ci95_low"], hp["pct_ci95_high"], hp["pct_adjusted"]
    assert lo.is_not_null().all()
    assert ((lo <= pct) & (pct <= hi)).all()
    assert (hi > lo).all()


def test_packet_draws_no_empty_rater_chart(nested):
    from analytics.export.packet import to_packet_html
    from analytics.findings.report import Findings
    from analytics.findings.scope import Scope

    r, _, _ = nested
    page = to_packet_html(Findings(Scope(), {"raters": raters.rater_table(r)}), "en")
    raters_part = page[page.find("<section") :]
    assert "class='chart'" not in raters_part
    assert "was not tested" in raters_part
