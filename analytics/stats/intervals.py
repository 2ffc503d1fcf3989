"""Confidence intervals used by several statistics: a binomial share (Wilson), the difference
of two shares (Newcombe), a mean (t) and a mean of values in (0, 1), such as percentiles (t on
the logit scale).

Why one place: the guideline fit, the grade shares, the score summaries and the
high-potential backtest all report a share or a mean with its interval; one implementation
keeps their numbers comparable and their edge cases (n = 0, n = 1) the same.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from analytics.stats.quantiles import t_quantile

__all__ = [
    "logit_mean_interval",
    "mean_interval",
    "newcombe_difference",
    "t_critical",
    "wilson_interval",
]


def wilson_interval(
    x: np.ndarray, n: np.ndarray, conf: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for the proportions ``x / n`` (vectorised); NaN where n = 0.

    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. Journal of the American Statistical Association 22(158), 209-212."""
    # the normal quantile from the standard library, not SciPy: the overview's first run after
    # a server start computes one interval for its guideline headline, and imported
    # scipy.stats for it (0.75 s, session 39), then scipy.special (0.17 s of that run's script
    # thread at 40M ratings, session 43). ``NormalDist.inv_cdf`` (Wichura's AS241) and
    # ``scipy.special.ndtri`` (Cephes) are both exact to double precision: they differ by at
    # most 7e-16 (at 95%: 1.9599639845400536 against 1.959963984540054; tests/test_quantiles.py)
    x = np.asarray(x, float)
    n = np.asarray(n, float)
    z = NormalDist().inv_cdf(0.5 + conf / 2.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = x / n
        denom = 1.0 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lo = np.where(n > 0, np.clip(centre - half, 0.0, 1.0), np.nan)
    hi = np.where(n > 0, np.clip(centre + half, 0.0, 1.0), np.nan)
    return lo, hi


def t_critical(n: np.ndarray, conf: float = 0.95) -> np.ndarray:
    """The two-sided t critical value for a mean of ``n`` values (n - 1 degrees of freedom);
    NaN where n < 2."""
    dfree = np.asarray(n, float) - 1.0
    return t_quantile(np.where(dfree >= 1, dfree, np.nan), 0.5 + conf / 2.0)


def mean_interval(values: np.ndarray, conf: float = 0.95) -> tuple[float, float, float, int]:
    """(mean, low, high, n) of the finite ``values``: the t interval of their mean. The mean is
    NaN with no value; the interval NaN with fewer than two."""
    v = np.asarray(values, float)
    v = v[np.isfinite(v)]
    n = int(v.size)
    if n == 0:
        return float("nan"), float("nan"), float("nan"), 0
    mean = float(v.mean())
    if n < 2:
        return mean, float("nan"), float("nan"), n
    half = float(t_critical(np.array([n]), conf)[0]) * float(v.std(ddof=1)) / np.sqrt(n)
    return mean, mean - half, mean + half, n


def logit_mean_interval(values: np.ndarray, conf: float = 0.95) -> tuple[float, float, float, int]:
    """(mean, low, high, n) of the finite ``values`` in (0, 1), e.g. mid-rank percentiles: the
    t interval of the mean on the logit scale (delta method: ``logit(m) ± t·s/(√n·m(1 − m))``),
    mapped back. Why: the plain t interval of a few high percentiles runs past 100% (rev19c:
    "73% (95% interval 23% to 124%)"); this one stays inside (0, 1) and covered the true mean
    more often than the t interval in docs/methods.md's simulation. NaN as :func:`mean_interval`;
    a mean at 0 or 1 (or no spread) gives the mean as both ends."""
    mean, lo, hi, n = mean_interval(values, conf)
    if not np.isfinite(lo):
        return mean, lo, hi, n
    if mean <= 0 or mean >= 1 or hi == lo:
        return mean, mean, mean, n
    half = (hi - lo) / 2 / (mean * (1 - mean))  # t·se on the logit scale
    centre = float(np.log(mean / (1 - mean)))
    low, high = (float(1 / (1 + np.exp(-(centre + k * half)))) for k in (-1, 1))
    return mean, low, high, n


def newcombe_difference(
    x1: np.ndarray, n1: np.ndarray, x2: np.ndarray, n2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``x1/n1 - x2/n2`` with Newcombe's hybrid score 95% interval (method 10): the Wilson
    intervals of the two shares combined. NaN where either n is 0.

    Newcombe, R. G. (1998). Interval estimation for the difference between independent
    proportions: comparison of eleven methods. Statistics in Medicine 17(8), 873-890."""
    x1, n1, x2, n2 = (np.asarray(a, float) for a in (x1, n1, x2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson_interval(x1, n1)
    l2, u2 = wilson_interval(x2, n2)
    d = p1 - p2
    lo = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    hi = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    bad = (n1 <= 0) | (n2 <= 0)
    return (np.where(bad, np.nan, d), np.where(bad, np.nan, lo), np.where(bad, np.nan, hi))
