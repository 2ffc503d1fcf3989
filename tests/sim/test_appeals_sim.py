"""Overturns as a rater signal on simulated companies (docs/methods.md quotes the full run,
``python -m tests.sim.appeals``: 200 companies per design)."""

from __future__ import annotations

from tests.sim.appeals import appeal_null_rates


def test_no_rater_differs_so_rarely_any_is_flagged() -> None:
    # Holm bounds the family-wise error at 5%; Fisher's exact test is conservative (a fast
    # subset of 100 companies: 4 with a false flag; 7 of the full run's 200)
    r = appeal_null_rates("null_15_large", range(100))
    assert r["companies"] == 100 and r["tested"] == 15
    assert r["any_false"] <= 0.05, r


def test_small_raters_are_not_tested_and_a_planted_one_is_found() -> None:
    small = appeal_null_rates("null_40_small", range(30))
    assert small["too_few"] > small["tested"] > 0 and small["any_false"] <= 0.1, small
    bad = appeal_null_rates("bad_1_of_15_large", range(40))
    assert bad["found"] >= 0.6 and bad["any_false"] <= 0.1, bad
