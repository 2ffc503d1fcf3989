"""Coverage of the issue-18 intervals on simulated data (fast subset; the 200-replication
table is ``python -m tests.sim.intervals``, quoted in docs/methods.md)."""

from __future__ import annotations

from tests.sim.intervals import (
    band_rates,
    composite_coverage,
    g_coverage,
    nested_coverage,
    share_coverage,
)


def test_change_share_intervals_cover() -> None:
    cov = share_coverage(100, 60, seed=3)
    assert all(0.85 <= c <= 1.0 for c in cov.values()), cov


def test_g_and_d_study_intervals_cover() -> None:
    cov = g_coverage(300, 40, seed=11)
    assert all(0.85 <= c <= 1.0 for c in cov.values()), cov


def test_a_certain_nine_box_band_is_the_true_band() -> None:
    rates = band_rates(range(2))
    assert rates["true_band_if_certain"] >= 0.93, rates
    assert rates["true_band_if_certain"] > rates["true_band_all"] + 0.1


def test_composite_intervals_cover_the_expected_composite() -> None:
    cov = composite_coverage(draws=8, n=300, seed=4)
    assert 0.88 <= cov["covered"] <= 0.99, cov


def test_manager_only_adjusted_score_intervals_cover() -> None:
    cov = nested_coverage(3, seed=5)
    assert cov["zero_width"] == 0.0, cov
    assert 0.9 <= cov["covers_repeat"] <= 1.0, cov


def test_a_mean_percentiles_logit_interval_covers_at_least_as_often_as_t() -> None:
    """rev19c M5: the backtest's t interval ran past 100%; the logit one stays inside and
    covers the true mean of a few high percentiles better (tests.sim.backtest_interval)."""
    from tests.sim.backtest_interval import coverage

    for mean, conc, n in ((0.75, 2, 3), (0.9, 8, 5), (0.5, 2, 10)):
        c = coverage(mean, conc, n, reps=400, seed=5)
        assert c["logit"] >= 0.9 and c["logit"] >= c["t"] - 0.01, (mean, conc, n, c)
