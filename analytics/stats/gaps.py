"""Source gaps: where self, manager, peer and skip-level views of one person disagree.

A calibration meeting cannot re-read every review; it can re-read the ones where the sources
disagree by a full grade. These functions compute per-source means per person and cycle and
rank the disagreements, each with its n and (for manager vs peers) a 95% CI. Pure, vectorised
Polars; see ``docs/methods.md`` for the methods note.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.stats.checks import require_columns
from analytics.stats.intervals import t_critical
from analytics.stats.keys import ROW, as_string, gather_rows, sorted_by
from analytics.stats.quantiles import t_quantile

__all__ = [
    "RECHECK_GAP",
    "SOURCES",
    "recheck_from_means",
    "recheck_list",
    "source_means",
    "source_means_from_pairs",
    "source_summary",
    "unestimable_gaps",
]

SOURCES: tuple[str, ...] = ("self", "manager", "peer", "skip_level", "subordinate")
#: the gap between two sources that puts a review on the re-check list: a quarter of the
#: scale's range (1 point on 1-5, 25 points on 0-100); the page states it on the company's scale
RECHECK_GAP = 0.25
_EPS = 1e-9
_ATTRS = ("cycle_order", "department", "team", "level", "job_family", "manager_id")


_NEEDS = ("cycle_id", "employee_id", "rater_id", "rater_role", "score")


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
    return _source_means(ratings, None)


def source_means_from_pairs(ratings: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
    """:func:`source_means` starting from ``pairs`` = :func:`analytics.stats.keys.rating_pairs`
    of these ratings (the rows are then not grouped again). Why: several company models start
    from the same pairs."""
    return _source_means(ratings, pairs)


def _source_means(ratings: pl.DataFrame, pairs: pl.DataFrame | None) -> pl.DataFrame:
    require_columns(ratings, _NEEDS, "ratings")
    w = (
        pl.col("weight").cast(pl.Float64).fill_null(1.0)
        if "weight" in ratings.columns
        else pl.lit(1.0)
    )
    attrs = [c for c in _ATTRS if c in ratings.columns]
    rows = (
        ratings.lazy()
        .with_row_index(ROW)
        .filter(pl.col("score").is_not_null() & pl.col("score").is_finite())
        .with_columns(_w=w)
        .filter(pl.col("_w") > 0)
    )
    # keys only: the attributes are gathered once per person at the end (keys.gather_rows)
    if pairs is not None:  # the shared pass: its weighted sums over the positive weights
        per_rater = (
            pairs.lazy()
            .filter(pl.col("_nw") > 0)
            .select(
                "cycle_id",
                "employee_id",
                "rater_role",
                "rater_id",
                m=pl.col("_sws") / pl.col("_sw"),
                _r=pl.col("_roww"),
            )
        )
    else:
        per_rater = rows.group_by(
            "cycle_id",
            "employee_id",
            "rater_role",
            "rater_id",  # a null id is one source
        ).agg(m=(pl.col("score") * pl.col("_w")).sum() / pl.col("_w").sum(), _r=pl.col(ROW).min())
    role = pl.col("rater_role")
    aggs: list[pl.Expr] = []
    for src in SOURCES:
        aggs.append(pl.when(role == src).then(pl.col("m")).mean().alias(src))
        aggs.append((role == src).sum().cast(pl.UInt32).alias(f"n_{src}"))
    aggs.append(pl.when(role == "peer").then(pl.col("m")).std().alias("peer_sd"))
    aggs.append(pl.col("_r").min())
    out = (
        per_rater.group_by("cycle_id", "employee_id")
        .agg(aggs)
        .with_columns(
            gap_self_manager=pl.col("self") - pl.col("manager"),
            gap_manager_peer=pl.col("manager") - pl.col("peer"),
        )
        .collect()
    )
    out = sorted_by(out, ["cycle_id", "employee_id"])
    # the first valid row of each person: the attributes ``first()`` would have carried;
    # Categorical text (db.ratings_frame) goes out as String, as the tables it is joined with
    out = as_string(out.with_columns(gather_rows(ratings, out["_r"], attrs)).drop("_r"))
    front = ["cycle_id", "employee_id", *attrs]
    return out.select(front + [c for c in out.columns if c not in front])


#: the measures of :func:`source_summary`: each source's mean, then the two gaps
SUMMARY_MEASURES: tuple[str, ...] = (*SOURCES, "gap_self_manager", "gap_manager_peer")
#: the measures :func:`source_summary` lists in every cycle, with n = 0 where no one has them
_ALWAYS = frozenset(("self", "manager", "peer", "gap_self_manager", "gap_manager_peer"))


def source_summary(means: pl.DataFrame) -> pl.DataFrame:
    """Per cycle, each source's mean score over the people it rated, and the mean gaps
    (self - manager, manager - peer) over the people with both sides, each with its n people
    and 95% t interval.

    Parameters
    ----------
    means
        :func:`source_means` (one row per person and cycle).

    Returns
    -------
    One row per (cycle_id, measure): ``measure`` (a source of :data:`SOURCES`,
    ``gap_self_manager`` or ``gap_manager_peer``), ``n`` (people), ``mean``, ``sd``,
    ``ci95_low``, ``ci95_high`` (null below 2 people: cannot be estimated). A measure that some
    cycle of ``means`` has, and self, manager, peer and their two gaps always, get a row in
    every cycle: ``n`` = 0 and no mean where that cycle has none (a cycle of manager ratings
    only listed the manager alone, and the self and peer rows were silently absent: rev23b
    item 3).

    Notes
    -----
    The unit is the person: a person's source mean (the mean over that source's raters) or
    gap counts once, and the interval is mean +/- t(n - 1) sd / sqrt(n) over people, taken as
    independent. People who share a manager share that manager's standard, so for the
    manager's mean and the gaps with it the interval is too narrow where a few managers rate
    many people (it describes these people's ratings, not the company's managers in general).
    The gap is paired: the mean of each person's own gap, not the difference of two means.
    """
    measures = [m for m in SUMMARY_MEASURES if m in means.columns]
    long = (
        means.lazy()
        .select("cycle_id", *measures)
        .unpivot(index="cycle_id", variable_name="measure", value_name="_v")
        .filter(pl.col("_v").is_not_null() & pl.col("_v").is_finite())
        .group_by("cycle_id", "measure")
        .agg(
            n=pl.len().cast(pl.Int64),
            mean=pl.col("_v").mean(),
            sd=pl.col("_v").std(),
        )
        .collect()
    )
    shown = [m for m in measures if m in _ALWAYS or m in set(long["measure"])]
    grid = means.select(pl.col("cycle_id").unique()).join(
        pl.DataFrame({"measure": shown}, schema={"measure": long.schema["measure"]}), how="cross"
    )
    long = grid.join(long, on=["cycle_id", "measure"], how="left").with_columns(
        pl.col("n").fill_null(0)
    )
    order = {m: i for i, m in enumerate(SUMMARY_MEASURES)}
    long = long.with_columns(
        _o=pl.col("measure").replace_strict(order, return_dtype=pl.Int32)
    ).sort("cycle_id", "_o")
    half = (
        pl.Series(t_critical(long["n"].to_numpy())).fill_nan(None)
        * pl.col("sd")
        / pl.col("n").sqrt()
    )
    return long.with_columns(
        ci95_low=pl.col("mean") - half, ci95_high=pl.col("mean") + half
    ).select("cycle_id", "measure", "n", "mean", "sd", "ci95_low", "ci95_high")


def unestimable_gaps(summary: pl.DataFrame) -> pl.DataFrame:
    """``cycle_id, missing`` for the cycles of a :func:`source_summary` where neither gap (self
    - manager, manager - peer) can be computed for anyone: ``missing`` the sources among self,
    manager and peer that no one has there. In such a cycle "no one to re-check" would be
    false comfort: the disagreement cannot be estimated (rev23b item 3)."""
    core = ("self", "manager", "peer")
    if summary.is_empty():
        return pl.DataFrame(schema={"cycle_id": pl.String, "missing": pl.List(pl.String)})
    n = summary.pivot("measure", index="cycle_id", values="n", aggregate_function="sum")
    col = {m: pl.col(m).fill_null(0) if m in n.columns else pl.lit(0) for m in core}
    col |= {
        g: pl.col(g).fill_null(0) if g in n.columns else pl.lit(0)
        for g in ("gap_self_manager", "gap_manager_peer")
    }
    blind = n.filter((col["gap_self_manager"] == 0) & (col["gap_manager_peer"] == 0))
    return blind.select(
        pl.col("cycle_id").cast(pl.String),
        pl.concat_list(
            pl.when(col[m] == 0).then(pl.lit(m)).otherwise(pl.lit(None, pl.String)) for m in core
        )
        .list.drop_nulls()
        .alias("missing"),
    ).sort("cycle_id")


_RECHECK_NEEDS = (
    "cycle_id",
    "employee_id",
    "n_peer",
    "peer_sd",
    "gap_self_manager",
    "gap_manager_peer",
)


def recheck_list(
    ratings: pl.DataFrame,
    threshold: float = RECHECK_GAP,
    self_threshold: float = RECHECK_GAP,
    min_peers: int = 2,
) -> pl.DataFrame:
    """The reviews worth re-reading: :func:`recheck_from_means` of :func:`source_means`."""
    return recheck_from_means(source_means(ratings), threshold, self_threshold, min_peers)


def recheck_from_means(
    means: pl.DataFrame,
    threshold: float = RECHECK_GAP,
    self_threshold: float = RECHECK_GAP,
    min_peers: int = 2,
) -> pl.DataFrame:
    """The reviews worth re-reading: manager vs peers, or self vs manager, a grade apart.

    Parameters
    ----------
    means
        :func:`source_means` of the ratings (the raters page shows both, so a caller that has
        them does not average the ratings twice).
    threshold, self_threshold
        Flag limits in score units for |manager - peer| and |self - manager|.
    min_peers
        Fewest peers for a manager-peer flag.

    Returns
    -------
    One row per flagged (cycle_id, employee_id), ranked by the largest absolute gap: the
    :func:`source_means` columns, plus ``mp_se`` (SE of the peer mean), ``mp_ci95_low``,
    ``mp_ci95_high`` (95% CI of manager - peer), ``max_gap`` (score units),
    ``reasons`` (list of ``manager_peer`` / ``self_manager``), ``threshold``,
    ``self_threshold`` and ``rank`` (1 = largest gap). Every score and gap is on 0-1, so
    the gaps sit in the unit of the source means beside them; the pages and exports put both
    on the scope's points together (:func:`analytics.findings.units.convert`). Why: a column
    of gaps pre-multiplied into 1-5 points sat beside 0-1 means, and on a 0-100 cycle read
    -1.6 for a 40-point gap (rev19e major 1).

    Notes
    -----
    ``manager_peer`` when ``|manager - peer| > threshold`` and ``n_peer >= min_peers``;
    ``self_manager`` when ``|self - manager| > self_threshold``; both by more than 1e-9, so a gap
    of exactly one grade (common: scores are multiples of 1/8 or 1/100) is never flagged,
    whichever way the multithreaded sums round it. The CI treats the manager's
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
    sm = means
    require_columns(sm, _RECHECK_NEEDS, "source_means")
    # _EPS: an exact one-grade gap must not flip with floating-point summation order
    mp = (pl.col("gap_manager_peer").abs() > threshold + _EPS) & (pl.col("n_peer") >= min_peers)
    sf = pl.col("gap_self_manager").abs() > self_threshold + _EPS
    flagged = (
        sm.lazy()
        .with_columns(_mp=mp.fill_null(False), _sf=sf.fill_null(False))
        .filter(pl.col("_mp") | pl.col("_sf"))
        .collect()
    )
    # t quantiles for the flagged rows only (one inversion per distinct peer count)
    n_peer = flagged["n_peer"].to_numpy().astype(np.float64)
    tcrit = pl.Series("tcrit", t_quantile(np.where(n_peer >= 2, n_peer - 1, np.nan))).fill_nan(None)
    out = (
        flagged.with_columns(tcrit)
        .with_columns(mp_se=pl.col("peer_sd") / pl.col("n_peer").cast(pl.Float64).sqrt())
        .with_columns(
            mp_ci95_low=pl.col("gap_manager_peer") - pl.col("tcrit") * pl.col("mp_se"),
            mp_ci95_high=pl.col("gap_manager_peer") + pl.col("tcrit") * pl.col("mp_se"),
        )
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
        # ranked on the gap rounded to 1e-9: equal gaps that the sums rounded apart tie, and
        # the ids decide, so the ranks are the same on every run
        .sort(
            [pl.col("max_gap").round(9), "cycle_id", "employee_id"], descending=[True, False, False]
        )
        .with_row_index("rank", offset=1)
    )
    return out.select([c for c in out.columns if c != "rank"] + ["rank"])
