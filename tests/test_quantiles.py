"""quantiles.ppf_per_df gives scipy's quantiles, each distinct degree of freedom inverted once."""

from __future__ import annotations

import numpy as np
from scipy import stats

from analytics.stats.intervals import mean_interval, wilson_interval
from analytics.stats.quantiles import ppf_per_df


def test_same_as_scipy_on_repeated_missing_and_invalid_dfs() -> None:
    df = np.array([1, 5, 5, 30, 1, np.nan, 0, -2, 5, 2.5, 1e6])
    for dist, q in ((stats.t, 0.975), (stats.chi2, 0.025), (stats.chi2, 0.975)):
        got = ppf_per_df(dist, q, df)
        np.testing.assert_array_equal(got, dist.ppf(q, df))  # NaN where scipy gives NaN
    assert abs(ppf_per_df(stats.t, 0.975, np.array([10]))[0] - 2.228138852) < 1e-8  # t table


def test_keeps_the_shape_and_integer_input() -> None:
    df = np.arange(12).reshape(3, 4)
    got = ppf_per_df(stats.t, 0.9, df)
    assert got.shape == (3, 4) and got.dtype == np.float64
    np.testing.assert_array_equal(got, stats.t.ppf(0.9, df))


def test_wilson_interval_matches_newcombe_1998() -> None:
    """Newcombe (1998), Statistics in Medicine 17, Table I: 81/263 gives the Wilson 95%
    interval 0.2553-0.3662; 15/148 gives 0.0624-0.1605; 0/20: 0-0.1611."""
    lo, hi = wilson_interval(np.array([81, 15, 0, 0]), np.array([263, 148, 20, 0]))
    np.testing.assert_allclose(lo[:3], [0.2553, 0.0624, 0.0], atol=5e-5)
    np.testing.assert_allclose(hi[:3], [0.3662, 0.1605, 0.1611], atol=5e-5)
    assert np.isnan(lo[3]) and np.isnan(hi[3])  # no trial: no interval


def test_wilson_interval_at_other_levels_uses_the_normal_quantile() -> None:
    """The interval's z is the normal quantile of any level (the standard library's, SciPy's to
    within 1e-15): at five levels it is Wilson's formula written out here with SciPy's
    quantile, for 1/29 (Newcombe's fourth example), and at 95% it gives his 0.0061-0.1718."""
    x, n = 1.0, 29.0
    for conf in (0.8, 0.9, 0.95, 0.99, 0.999):
        z = stats.norm.ppf(0.5 + conf / 2)
        p = x / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        lo, hi = wilson_interval(np.array([x]), np.array([n]), conf=conf)
        np.testing.assert_allclose([lo[0], hi[0]], [centre - half, centre + half], rtol=1e-14)
    lo, hi = wilson_interval(np.array([1]), np.array([29]))
    np.testing.assert_allclose([lo[0], hi[0]], [0.0061, 0.1718], atol=5e-5)
    lo90, hi90 = wilson_interval(np.array([1]), np.array([29]), conf=0.9)
    assert lo[0] < lo90[0] < hi90[0] < hi[0]  # a lower level, a narrower interval


def test_mean_interval_by_hand() -> None:
    """values 1..5: mean 3, sd 1.5811, t(0.975, 4) = 2.776445: 3 -/+ 1.9632."""
    mean, lo, hi, n = mean_interval(np.array([1, 2, 3, 4, 5, np.nan]))
    assert n == 5 and mean == 3.0
    assert abs(lo - (3 - 2.776445 * 1.5811388 / 5**0.5)) < 1e-5
    assert abs(hi - (3 + 2.776445 * 1.5811388 / 5**0.5)) < 1e-5
    m1 = mean_interval(np.array([2.0]))
    assert m1[0] == 2.0 and np.isnan(m1[1]) and m1[3] == 1
    assert np.isnan(mean_interval(np.array([]))[0])
