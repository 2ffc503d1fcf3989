"""Issue 18 review D10/D11: with no potential recorded the report does not announce
"high-potential candidates", says potential is not recorded, and the nine-box's empty cells
show no "nan%"."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.export.figures import nine_box_grid
from analytics.export.packet import to_packet_html
from analytics.findings.headlines import headlines
from analytics.findings.report import Findings
from analytics.findings.scope import Scope
from analytics.stats import potential, raters
from analytics.text import render
from tests.sim.simulate import company


@pytest.fixture(scope="module")
def sections() -> dict[str, pl.DataFrame]:
    # the simulated dimensions have no growth/leadership dimension: potential is not recorded
    r = company("null", seed=2, n_teams=4, team_size=5, n_cycles=2, n_peers=2).ratings
    eff = raters.rater_effects(r)
    emp = r.select("employee_id", "department", "team", "level", "job_family").unique("employee_id")
    prof = potential.performance_profile(raters.adjusted_scores(r, eff), emp, min_group=5)
    return {
        "potential_check": potential.potential_check(prof),
        "nine_box_counts": potential.nine_box_counts(potential.nine_box(prof)),
        "high_potential": potential.high_potential(prof, top_n=10),
    }


def test_headline_says_potential_is_not_recorded(sections):
    assert sections["potential_check"]["n_not_recorded"][0] == 20
    codes = [h.code for h in headlines(sections)]
    assert codes == ["overview.headline_hipo_no_potential"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_packet_says_not_recorded_and_has_no_nan(sections, lang):
    page = to_packet_html(Findings(Scope(), dict(sections)), lang)
    rule = {"n": 10, "ranked": 20, "share": 0.2, "cap": 50}  # the list's rule (rev24b 10)
    assert render("overview.headline_hipo", lang, **rule) not in page
    assert render("overview.headline_hipo_no_potential", lang, **rule) in page
    assert render("pot.check_not_recorded", lang, n=20, all=20) in page
    assert "nan" not in page.lower()


def test_empty_nine_box_cells_have_no_nan_share(sections):
    counts = sections["nine_box_counts"]
    assert counts["share"].is_null().all()
    fig = nine_box_grid(counts, "en")
    assert not any("nan" in a.text for a in fig.layout.annotations)
