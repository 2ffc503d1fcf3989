"""Halo against the same people's other raters on simulated companies with even-profile teams
(fast subset; the 20-seed run is ``python -m tests.sim.halo``, quoted in docs/methods.md)."""

from __future__ import annotations

import polars as pl

from analytics.stats import raters
from tests.sim.halo import halo_company, halo_rates


def test_honest_managers_of_even_teams_are_not_charged_with_halo() -> None:
    r = halo_rates(range(4))
    assert r["even_flagged_rate"] <= 0.05, r  # issue 18: 18 of 20 against the company median
    assert r["other_false_per_company"] <= 0.25, r
    assert r["halo_recall"] >= 0.9, r  # the managers who really give one score are found


def test_a_manager_only_company_says_halo_cannot_be_estimated() -> None:
    c = halo_company(0, manager_only=True)
    h = raters.halo(c.ratings)
    assert h.height == 40
    assert (h["reason"] == "halo_no_other_raters").all()
    assert h["ratio"].is_null().all() and h["flag"].is_null().all()
    # the rater table carries the reason, worded from the catalogue
    table = raters.rater_table(c.ratings)
    assert set(table["halo_reason"].drop_nulls()) == {"halo_no_other_raters"}


def test_the_company_median_would_have_charged_the_even_teams() -> None:
    """The design is adversarial for the old baseline: against the median spread of all raters,
    most honest managers of even teams fall below half of it."""
    c = halo_company(1)
    h = raters.halo(c.ratings).filter(pl.col("rater_id").is_in(list(c.even_managers)))
    median = raters.halo(c.ratings)["index"].median()
    assert (h["index"] / median < 0.5).mean() >= 0.5
    assert h["flag"].is_null().all()
