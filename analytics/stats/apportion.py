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

__all__ = ["largest_remainder"]


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
