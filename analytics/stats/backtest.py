"""The high-potential list's backtest: how the list the previous cycle would have shown did in
the cycle after it.

Why: a ranking of noisy scores puts lucky people at its top, and they fall back the next
cycle (regression to the mean; issue 18 measured the top 50 of a plain ranking falling from
the 93rd to the 82nd percentile). The list shrinks scores by their reliability to resist
this; the backtest shows, on the company's own data, whether it did: last cycle's list
against last cycle's plain top percentiles and against everyone, in the cycle that followed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from analytics.stats.intervals import logit_mean_interval, wilson_interval
from analytics.stats.potential import high_potential

__all__ = ["BACKTEST_COLUMNS", "BACKTEST_GROUPS", "list_backtest"]

#: the groups compared, in order: the high-potential list as the previous cycle would have
#: ranked it, the same number of people by their previous cycle's percentile alone, everyone
BACKTEST_GROUPS = ("high_potential", "top_percentile", "everyone")

#: the backtest's columns, one row per group
BACKTEST_COLUMNS: dict[str, pl.DataType] = {
    "backtest_group": pl.String,
    "cycle_before": pl.String,
    "cycle_after": pl.String,
    "n_listed": pl.Int64,
    "n_rated": pl.Int64,
    "pct_mean": pl.Float64,
    "pct_ci95_low": pl.Float64,
    "pct_ci95_high": pl.Float64,
    "top_band": pl.Float64,
    "top_band_share": pl.Float64,
    "top_band_ci95_low": pl.Float64,
    "top_band_ci95_high": pl.Float64,
    "below_median_share": pl.Float64,
    "below_median_ci95_low": pl.Float64,
    "below_median_ci95_high": pl.Float64,
}


def list_backtest(
    before: pl.DataFrame,
    after: pl.DataFrame,
    order: Sequence[str],
    top_n: int = 50,
    top_band: float = 0.2,
    top_share: float | None = None,
    min_people: int = 0,
) -> pl.DataFrame:
    """Where last cycle's high-potential list stands this cycle.

    Parameters
    ----------
    before
        :func:`analytics.stats.potential.performance_profile` on every cycle but the latest
        (the list as the previous cycle would have ranked it).
    after
        The same on every cycle: ``pct_adjusted`` is each person's percentile in their peer
        group in their latest cycle, ``latest_cycle`` that cycle.
    order
        The cycle ids, earliest first (``cycle_after`` is the latest one rated in ``after``,
        ``cycle_before`` the latest in ``before``).
    top_n
        The list's length (the high-potential section's: 50).
    top_band
        The top share of a peer group that counts as "top band".
    top_share
        At most this share of the people ranked is listed (the section's
        :data:`analytics.stats.potential.LIST_SHARE`); the plain top percentile takes as many.
    min_people
        No list when fewer people were ranked (:func:`~analytics.stats.potential.high_potential`):
        every group then has ``n_listed`` 0 but ``everyone``.

    Returns
    -------
    pl.DataFrame
        :data:`BACKTEST_COLUMNS`, one row per :data:`BACKTEST_GROUPS` entry: ``n_listed``
        people in the group, ``n_rated`` of them rated in ``cycle_after`` (the others left
        or were not rated), their mean percentile there with its t interval on the logit scale (inside 0-1), and the shares
        in the top band and below the median with Wilson intervals. No rows when there is no
        earlier cycle or no later one.

    Notes
    -----
    The percentiles are mid-rank within the peer group (job family x level) of the latest
    cycle. The previous list is ranked with the rater effects estimated on every cycle (the
    previous cycle's own estimate is not kept), so it knows slightly more than the previous
    cycle did. Everyone's mean percentile is 0.5 and their top-band share ``top_band`` by
    construction, up to who left: the comparison row.
    """
    empty = pl.DataFrame(schema=BACKTEST_COLUMNS)
    if before.is_empty() or after.is_empty():
        return empty
    cycle_after = _latest(after, order)
    cycle_before = _latest(before, order)
    if cycle_after is None or cycle_before is None or cycle_after == cycle_before:
        return empty
    now = after.filter(pl.col("latest_cycle") == cycle_after).select(
        "employee_id", pct=pl.col("pct_adjusted")
    )
    listed = high_potential(
        before, top_n=top_n, top_share=top_share, top_band=top_band, min_people=min_people
    )["employee_id"]
    plain = (
        before.filter(pl.col("latest_cycle") == cycle_before)
        .sort(["pct_adjusted", "employee_id"], descending=[True, False], nulls_last=True)
        .head(listed.len())["employee_id"]  # as many as the list holds
    )
    groups = {
        "high_potential": listed,
        "top_percentile": plain,
        "everyone": before["employee_id"],
    }
    rows = []
    for group in BACKTEST_GROUPS:  # three groups
        ids = groups[group]
        pct = (
            now.join(pl.DataFrame({"employee_id": ids}), on="employee_id", how="semi")["pct"]
            .drop_nulls()
            .to_numpy()
        )
        mean, lo, hi, n = logit_mean_interval(pct)  # inside 0-100%
        counts = np.array([(pct >= 1 - top_band).sum(), (pct < 0.5).sum()])
        s_lo, s_hi = wilson_interval(counts, np.array([n, n]))
        share = counts / n if n else np.array([np.nan, np.nan])
        rows.append(
            {
                "backtest_group": group,
                "cycle_before": cycle_before,
                "cycle_after": cycle_after,
                "n_listed": ids.len(),
                "n_rated": n,
                "pct_mean": mean,
                "pct_ci95_low": lo,
                "pct_ci95_high": hi,
                "top_band": top_band,
                "top_band_share": share[0],
                "top_band_ci95_low": s_lo[0],
                "top_band_ci95_high": s_hi[0],
                "below_median_share": share[1],
                "below_median_ci95_low": s_lo[1],
                "below_median_ci95_high": s_hi[1],
            }
        )
    return pl.DataFrame(rows, schema=BACKTEST_COLUMNS).fill_nan(None)


def _latest(profile: pl.DataFrame, order: Sequence[str]) -> str | None:
    """The latest of ``order`` (cycle ids, earliest first) that is someone's latest cycle."""
    present = set(profile["latest_cycle"].drop_nulls().cast(pl.String).to_list())
    return next((c for c in reversed(order) if c in present), None)
