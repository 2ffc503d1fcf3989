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
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

__all__ = ["bh", "holm", "holm_by"]

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
