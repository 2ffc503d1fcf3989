"""Source gaps: where self, manager, peer and skip-level views of one person disagree.

A calibration meeting cannot re-read every review; it can re-read the ones where the sources
disagree by a full grade. These functions compute per-source means per person and cycle and
rank the disagreements, each with its n and (for manager vs peers) a 95% CI. Pure, vectorised
Polars; see ``docs/methods.md`` for the methods note.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import stats

__all__ = ["SOURCES", "POINTS_PER_UNIT", "source_means", "recheck_list"]

SOURCES: tuple[str, ...] = ("self", "manager", "peer", "skip_level", "subordinate")
POINTS_PER_UNIT = 4.0  # a normalised score difference of 0.25 = 1 point on a 5-point scale
_EPS = 1e-9
_ATTRS = ("cycle_order", "department", "team", "level", "job_family", "manager_id")


def _check(ratings: pl.DataFrame) -> None:
    if not isinstance(ratings, pl.DataFrame):
        raise TypeError(f"ratings must be a polars DataFrame, got {type(ratings).__name__}")
    need = ("cycle_id", "employee_id", "rater_id", "rater_role", "score")
    missing = [c for c in need if c not in ratings.columns]
    if missing:
        raise ValueError(f"ratings lacks column(s) {missing}")


def source_means(ratings: pl.DataFrame) -> pl.DataFrame:
    """Per person and cycle, the mean score each source gave, and the gaps between sources.

    Returns
    -------
    One row per (cycle_id, employee_id): the employee attributes present (cycle_order,
    department, team, level, job_family, manager_id); per source in :data:`SOURCES` the mean
    (null when absent) and ``n_<source>`` (number of raters); ``peer_sd`` (SD of the per-peer
    means, null below 2 peers); ``gap_self_manager = self - manager`` and
    ``gap_manager_peer = manager - peer`` (score units, null when a side is missing).

    Notes
    -----
    Each rater's score for the person is the dimension-weight-weighted mean of their rows
    (``weight`` null -> 1; equal weights when the column is absent); a source mean is the
    unweighted mean over its raters, so a peer who rated more dimensions does not count more.
    Rows with a null rater_id (aggregated exports) count as one rater of their source.
    """
    _check(ratings)
    w = (
        pl.col("weight").cast(pl.Float64).fill_null(1.0)
        if "weight" in ratings.columns
        else pl.lit(1.0)
    )
    attrs = [c for c in _ATTRS if c in ratings.columns]
    rows = (
        ratings.lazy()
        .filter(pl.col("score").is_not_null() & pl.col("score").is_finite())
        .with_columns(_w=w)
        .filter(pl.col("_w") > 0)
    )
    per_rater = rows.group_by(
        "cycle_id", "employee_id", "rater_role", "rater_id"  # a null id is one source
    ).agg(m=(pl.col("score") * pl.col("_w")).sum() / pl.col("_w").sum())
    role = pl.col("rater_role")
    aggs: list[pl.Expr] = []
    for src in SOURCES:
        aggs.append(pl.col("m").filter(role == src).mean().alias(src))
        aggs.append((role == src).sum().cast(pl.UInt32).alias(f"n_{src}"))
    aggs.append(pl.col("m").filter(role == "peer").std().alias("peer_sd"))
    means = (
        per_rater.group_by("cycle_id", "employee_id")
        .agg(aggs)
        .with_columns(
            gap_self_manager=pl.col("self") - pl.col("manager"),
            gap_manager_peer=pl.col("manager") - pl.col("peer"),
        )
    )
    if attrs:
        unit = rows.group_by("cycle_id", "employee_id").agg(pl.col(c).first() for c in attrs)
        m_df, u_df = pl.collect_all([means, unit])
        out = m_df.join(u_df, on=["cycle_id", "employee_id"], how="left")
    else:
        out = means.collect()
    front = ["cycle_id", "employee_id", *attrs]
    out = out.select(front + [c for c in out.columns if c not in front]).sort(
        "cycle_id", "employee_id"
    )
    return out


def recheck_list(
    ratings: pl.DataFrame,
    threshold: float = 0.25,
    self_threshold: float = 0.25,
    min_peers: int = 2,
) -> pl.DataFrame:
    """The reviews worth re-reading: manager vs peers, or self vs manager, a grade apart.

    Returns
    -------
    One row per flagged (cycle_id, employee_id), ranked by the largest absolute gap: the
    :func:`source_means` columns, plus ``mp_se`` (SE of the peer mean), ``mp_ci95_low``,
    ``mp_ci95_high`` (95% CI of manager - peer), ``gap_manager_peer_points`` and
    ``gap_self_manager_points`` (5-point scale points), ``max_gap`` (score units),
    ``reasons`` (list of ``manager_peer`` / ``self_manager``), ``threshold``,
    ``self_threshold`` and ``rank`` (1 = largest gap).

    Notes
    -----
    ``manager_peer`` when ``|manager - peer| > threshold`` (by more than 1e-9) and
    ``n_peer >= min_peers``;
    ``self_manager`` when ``|self - manager| > self_threshold``. The CI treats the manager's
    score as the fixed value under review and the peer mean as an estimate:
    ``SE = peer_sd / sqrt(n_peer)``, ``CI = gap -/+ t(0.975, n_peer - 1) * SE``. With few peers the
    CI is wide; it is reported, while the flag itself is a calibration convention (one grade:
    0.25 = 1 point on a 5-point scale), not a significance test. Self-manager disagreement is
    the self-other agreement of Fleenor et al. (2010).

    References
    ----------
    Fleenor, Smither, Atwater, Braddy & Sturm (2010). Self-other rating agreement in leadership:
    a review. The Leadership Quarterly 21, 1005-1034.
    """
    sm = source_means(ratings)
    n_peer = pl.col("n_peer").cast(pl.Float64)
    tcrit = pl.Series(
        "tcrit",
        np.where(
            sm["n_peer"].to_numpy() >= 2,
            stats.t.ppf(0.975, np.maximum(sm["n_peer"].to_numpy().astype(np.float64) - 1, 1)),
            np.nan,
        ),
    ).fill_nan(None)
    # _EPS: an exact one-grade gap must not flip with floating-point summation order
    mp = (pl.col("gap_manager_peer").abs() > threshold + _EPS) & (pl.col("n_peer") >= min_peers)
    sf = pl.col("gap_self_manager").abs() > self_threshold + _EPS
    out = (
        sm.with_columns(tcrit)
        .with_columns(mp_se=pl.col("peer_sd") / n_peer.sqrt())
        .with_columns(
            mp_ci95_low=pl.col("gap_manager_peer") - pl.col("tcrit") * pl.col("mp_se"),
            mp_ci95_high=pl.col("gap_manager_peer") + pl.col("tcrit") * pl.col("mp_se"),
            gap_manager_peer_points=pl.col("gap_manager_peer") * POINTS_PER_UNIT,
            gap_self_manager_points=pl.col("gap_self_manager") * POINTS_PER_UNIT,
            _mp=mp.fill_null(False),
            _sf=sf.fill_null(False),
        )
        .filter(pl.col("_mp") | pl.col("_sf"))
        .with_columns(
            reasons=pl.concat_list(
                pl.when(pl.col("_mp")).then(pl.lit("manager_peer")).otherwise(None),
                pl.when(pl.col("_sf")).then(pl.lit("self_manager")).otherwise(None),
            ).list.drop_nulls(),
            max_gap=pl.max_horizontal(
                pl.when(pl.col("_mp")).then(pl.col("gap_manager_peer").abs()),
                pl.when(pl.col("_sf")).then(pl.col("gap_self_manager").abs()),
            ),
            threshold=pl.lit(threshold),
            self_threshold=pl.lit(self_threshold),
        )
        .drop("_mp", "_sf", "tcrit")
        .sort(["max_gap", "cycle_id", "employee_id"], descending=[True, False, False])
        .with_row_index("rank", offset=1)
    )
    return out.select([c for c in out.columns if c != "rank"] + ["rank"])
