"""quantiles.ppf_per_df gives scipy's quantiles, each distinct degree of freedom inverted once."""

from __future__ import annotations

import numpy as np
from scipy import stats

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
