"""Whole numbers in proportion to shares: Hamilton's largest-remainder method, once.

Why one home: the guideline's target counts per unit and grade (distributions) and the demo
company's department sizes (analytics.demo) both split a count by shares. The bonus pool
(analytics.calibration.bonus) splits money by the same rule in exact fractions, ties broken by
employee id, so that no float rounding can move a cent; it keeps its own exact arithmetic.

References
----------
Balinski, M. L., & Young, H. P. (2001). Fair Representation: Meeting the Ideal of One Man,
One Vote (2nd ed.). Brookings Institution Press. (Hamilton's method, ch. 2.)
"""

from __future__ import annotations

from typing import Literal

import numpy as np

__all__ = ["largest_remainder", "rounded_parts"]


def largest_remainder(
    n: np.ndarray, shares: np.ndarray, ties: Literal["share", "position"] = "share"
) -> np.ndarray:
    """Integer counts per row of ``n`` (one total a row) and per share (columns), each row
    summing to its total: the floor of each quota ``n * share``, then the leftover units to the
    largest fractional remainders.

    ``ties="share"``: the quotas' floors and remainders are taken to 1e-9 (float noise is no
    remainder), equal remainders go to the larger share, then to the share listed first.
    ``ties="position"``: floors and remainders as computed, equal ones to the share listed
    first (the demo company's split: a seed keeps giving the same company).
    """
    n = np.asarray(n, float)
    shares = np.asarray(shares, float)
    quota = n[:, None] * shares[None, :]
    exact = ties == "position"
    base = np.floor(quota) if exact else np.floor(quota + 1e-9)
    rem = quota - base
    left = (n - base.sum(axis=1)).round().astype(int)
    k = shares.size
    # sort keys: remainder desc (rounded to kill float noise), share desc, position asc
    key_rem = -rem if exact else -np.round(rem, 9)
    key_share = np.zeros(rem.shape) if exact else np.broadcast_to(-shares[None, :], rem.shape)
    key_pos = np.broadcast_to(np.arange(k)[None, :], rem.shape)
    order = np.lexsort((key_pos, key_share, key_rem), axis=-1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(k), order.shape), axis=1)
    return (base + (ranks < left[:, None])).astype(np.int64)


def rounded_parts(
    parts: np.ndarray, totals: np.ndarray, step: float
) -> tuple[np.ndarray, np.ndarray]:
    """``parts`` (rows x parts) and their ``totals`` (one a row, the parts' sum) rounded to
    multiples of ``step`` so that each row's rounded parts add up to its rounded total: each
    part is its quota floored or raised by one step, the steps left over going to the largest
    remainders (Hamilton's method on the steps). Rows with a missing value are left as they
    are. Why: a change and its parts each rounded on their own ("+0.002 + 0.000 - 0.002 -
    0.033" beside "-0.034", rev28b item 6) no longer add up as shown."""
    parts = np.asarray(parts, float)
    totals = np.asarray(totals, float)
    ok = np.isfinite(parts).all(axis=1) & np.isfinite(totals)
    out_parts, out_totals = parts.copy(), totals.copy()
    if not ok.any():
        return out_parts, out_totals
    q = parts[ok] / step
    base = np.floor(q + 1e-9)  # float noise is no remainder
    rem = q - base
    whole = np.round(totals[ok] / step)
    k = q.shape[1]
    left = np.clip(whole - base.sum(axis=1), 0, k).astype(int)
    order = np.argsort(-np.round(rem, 9), axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(k), order.shape), axis=1)
    out_parts[ok] = (base + (ranks < left[:, None])) * step
    out_totals[ok] = whole * step
    return out_parts, out_totals
