"""Quantiles of a distribution at many degrees of freedom, each distinct one computed once.

Why: the per-rater and per-employee intervals ask scipy for a t or chi-square quantile at
every rater's or employee's degrees of freedom: hundreds of thousands of values at enterprise
scale, of which only a few hundred differ (they are counts). Inverting the distribution once
per distinct value and spreading the results back gives the same numbers for a fraction of
the cost (about 0.1 s per call at 200,000 raters).
"""

from __future__ import annotations

import numpy as np

__all__ = ["ppf_per_df"]


def ppf_per_df(dist, q: float, df: np.ndarray) -> np.ndarray:
    """``dist.ppf(q, df)`` (``dist``: a scipy.stats distribution taking the degrees of freedom
    as its shape, e.g. ``stats.t`` or ``stats.chi2``) for an array of degrees of freedom."""
    df = np.asarray(df, dtype=np.float64)
    distinct, where = np.unique(df, return_inverse=True)  # NaNs collapse into one value
    return np.asarray(dist.ppf(q, distinct), dtype=np.float64)[where.ravel()].reshape(df.shape)
