"""Multiple-testing corrections shared by the statistics modules.

Why one home: unit comparisons (distributions) and department shifts (attribution) both
correct a family of p-values with Holm's step-down procedure; one implementation means one
definition of the family (null p-values are not members) and one place to test it.

References
----------
Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian
Journal of Statistics 6(2), 65-70.
Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. Journal of the Royal
Statistical Society B 57(1), 289-300.
Genovese, C. R., Roeder, K. & Wasserman, L. (2006). False discovery control with p-value
weighting. Biometrika 93(3), 509-524.
Hu, J. X., Zhao, H. & Zhou, H. H. (2010). False discovery rate control with groups. Journal
of the American Statistical Association 105(491), 1215-1227.
Storey, J. D., Taylor, J. E. & Siegmund, D. (2004). Strong control, conservative point
estimation and simultaneous conservative consistency of false discovery rates. JRSS B 66(1),
187-205.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

__all__ = ["bh", "group_weights", "holm", "holm_by", "weighted_bh"]

_ROW = "__holm_row__"
_ONE = "__holm_family__"


def holm_by(frame: pl.DataFrame, p: str, over: Sequence[str], out: str = "p_holm") -> pl.DataFrame:
    """``frame`` with column ``out``: Holm adjusted p-values of column ``p`` within each
    group of ``over`` (no columns: one family).

    Vectorised: sort by p inside each group, multiply the i-th smallest by (m - i + 1), cap at
    1 and take the running maximum. Null p-values stay null and are not counted in m.
    """
    over = list(over) or [_ONE]
    ranked = (
        frame.with_row_index(_ROW)
        .with_columns(*([pl.lit(0).alias(_ONE)] if over == [_ONE] else []))
        .sort([*over, p], nulls_last=True)
        .with_columns(
            _m=pl.col(p).count().over(over),
            _r=pl.int_range(1, pl.len() + 1).over(over),
        )
        .with_columns(_raw=((pl.col("_m") - pl.col("_r") + 1) * pl.col(p)).clip(upper_bound=1.0))
        .with_columns(pl.col("_raw").cum_max().over(over).alias(out))
        .with_columns(pl.when(pl.col(p).is_not_null()).then(pl.col(out)).alias(out))
    )
    drop = [_ROW, "_m", "_r", "_raw", *([_ONE] if over == [_ONE] else [])]
    return ranked.sort(_ROW).drop(drop)


def holm(p: np.ndarray) -> np.ndarray:
    """Holm adjusted p-values of one family given as an array; NaNs stay NaN and are left
    out of the family (:func:`holm_by` on a one-column frame)."""
    p = np.asarray(p, dtype=np.float64)
    frame = pl.DataFrame({"p": p.ravel()}).with_columns(pl.col("p").fill_nan(None))
    adj = holm_by(frame, "p", []).get_column("p_holm").fill_null(np.nan).to_numpy()
    return adj.astype(np.float64).reshape(p.shape)


def bh(p: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values) of one family given as an array: the
    i-th smallest of m times m / i, then the running minimum from the largest down, capped at 1.
    NaNs stay NaN and are not counted in m. ``q < alpha`` controls the false discovery rate at
    alpha for independent or positively dependent tests."""
    p = np.asarray(p, dtype=np.float64)
    flat = p.ravel()
    out = np.full(flat.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(flat))
    m = ok.size
    if m:
        order = ok[np.argsort(flat[ok], kind="stable")]
        raw = flat[order] * m / np.arange(1, m + 1)
        out[order] = np.minimum(np.minimum.accumulate(raw[::-1])[::-1], 1.0)
    return out.reshape(p.shape)


def weighted_bh(p: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted Benjamini-Hochberg q-values (Genovese, Roeder & Wasserman 2006): BH on
    ``p / w`` with the weights rescaled to mean 1 over the finite p-values. With weights fixed
    before the p-values are seen, ``q < alpha`` keeps the false discovery rate at alpha for
    independent tests, and hypotheses with more weight need less evidence. NaN p-values stay
    NaN; a weight of 0 gives q = 1."""
    p = np.asarray(p, dtype=np.float64)
    w = np.broadcast_to(np.asarray(w, dtype=np.float64), p.shape)
    ok = ~np.isnan(p) & np.isfinite(w) & (w >= 0)
    if not ok.any() or w[ok].sum() <= 0:
        return bh(p)
    scaled = np.where(ok, w / w[ok].mean(), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        pw = np.where(ok, np.where(scaled > 0, p / scaled, np.inf), np.nan)
    q = bh(np.where(np.isinf(pw), 1e300, pw))
    return np.where(np.isnan(p), np.nan, np.minimum(q, 1.0))


def group_weights(p: np.ndarray, group: np.ndarray, lam: float = 0.5) -> np.ndarray:
    """Per hypothesis, the weight of its group for :func:`weighted_bh`: the estimated share of
    non-null hypotheses in the group over the share of null ones, ``pi1_g / pi0_g`` (Hu, Zhao
    & Zhou 2010), with Storey's estimate ``pi0_g = (1 + #{p > lam}) / (m_g (1 - lam))``
    (capped at 1; the +1 keeps a small group from looking non-null by chance) and a floor of
    one hypothesis's worth (``1 / m``) so no group is switched off. All groups estimated null
    (or one group): equal weights, i.e. plain BH. Why: where one kind of hypothesis (a rater
    role) is rarely non-null, its many tests spend the error budget on false discoveries
    while the groups that hold the real effects lose power; weighting by group moves the
    budget to where the effects are, and the FDR stays controlled (asymptotically, GBH)."""
    p = np.asarray(p, dtype=np.float64)
    group = np.asarray(group)
    ok = ~np.isnan(p)
    w = np.ones(p.shape)
    m = int(ok.sum())
    if m == 0:
        return w
    codes, g = np.unique(group[ok], return_inverse=True)
    if codes.size < 2:
        return w
    m_g = np.bincount(g).astype(np.float64)
    above = np.bincount(g, weights=(p[ok] > lam).astype(np.float64))
    pi0 = np.minimum((1.0 + above) / (m_g * (1.0 - lam)), 1.0)
    pi1 = 1.0 - pi0
    if not (pi1 > 0).any():
        return w
    wg = (pi1 + 1.0 / m) / pi0
    w[ok] = wg[g]
    return w
