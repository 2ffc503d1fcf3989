"""Performance profiles, the nine-box grid, high-potential lists with plain-word reasons.

Calibration and succession meetings need a short, defensible list: who is consistently
strong among comparable peers, who is rising, who is under-rated by severe raters and who is
slipping. Every list carries its numbers and its reasons as codes with parameters
(:func:`analytics.text.phrase`); the text layer words them in the reader's language.

Pure, vectorised functions over Polars frames; see ``docs/methods.md``.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from analytics.schema import COMPANY_UNIT
from analytics.stats.keys import align_keys, as_string, cycle_order_map, value_codes
from analytics.stats.quantiles import t_quantile
from analytics.text import phrase, phrases, with_phrases

__all__ = [
    "BOX_CODES",
    "HIDDEN_MIN_GAP",
    "HIGH_POTENTIAL_COLUMNS",
    "HIGH_POTENTIAL_DETAIL",
    "LIST_SHARE",
    "LIST_TOP_N",
    "POTENTIAL_LEVELS",
    "PROXY_DIMENSION_PATTERN",
    "TREND_MIN_CHANGE",
    "TREND_MIN_CYCLES",
    "band",
    "composite_interval",
    "decliners",
    "hidden_strengths",
    "high_potential",
    "nine_box",
    "nine_box_counts",
    "performance_profile",
    "performance_profile_from_pairs",
    "potential_check",
    "proxy_interval",
    "risers",
    "shares_below",
]

#: the rounding slack of a threshold comparison on a fitted number
_TIE = 1e-12

#: the columns of :func:`high_potential`, in order
HIGH_POTENTIAL_COLUMNS: tuple[str, ...] = (
    "rank",
    "employee_id",
    "box",
    "box_label",
    "box_certainty",
    "composite",
    "composite_ci95_low",
    "composite_ci95_high",
    "potential_score",
    "latest_raw",
    "latest_adjusted",
    "pct_adjusted",
    "pct_ci95_low",
    "pct_ci95_high",
    "trajectory_pct",
    "consistency_share",
    "slope",
    "slope_ci95_low",
    "slope_ci95_high",
    "n_cycles",
    "peer_group",
    "peer_group_n",
    "caution",  # the rating manager's caution (analytics.stats.cautions, added by the section)
    "reasons",
    "n",
)
#: those of them behind the ranked list rather than read in it (the composite's parts, the raw
#: score, the slope's interval, the counts): the potential page leaves them to the exports
HIGH_POTENTIAL_DETAIL = frozenset(
    {
        "potential_score",
        "latest_raw",
        "trajectory_pct",
        "consistency_share",
        "slope_ci95_low",
        "slope_ci95_high",
        "n_cycles",
        "peer_group_n",
        "n",
    }
)

#: Potential ratings in outcomes mapped to a 0-1 score (case-insensitive, trimmed).
POTENTIAL_LEVELS: dict[str, float] = {
    "高": 1.0,
    "高潜": 1.0,
    "high": 1.0,
    "h": 1.0,
    "中": 0.5,
    "中等": 0.5,
    "medium": 0.5,
    "mid": 0.5,
    "m": 0.5,
    "moderate": 0.5,
    "低": 0.0,
    "low": 0.0,
    "l": 0.0,
}
#: Dimensions that feed the potential proxy (learning/growth and leadership, either language).
PROXY_DIMENSION_PATTERN = r"(?i)learn|growth|leader|学习|成长|领导"
_NON_SELF = ("manager", "peer", "skip_level")

#: box -> code of its label (catalogue ``box.<code>``); box = 3 * potential_band +
#: performance_band + 1 (bands 0, 1, 2).
BOX_CODES: dict[int, str] = {
    1: "talent_risk",
    2: "effective_contributor",
    3: "trusted_professional",
    4: "inconsistent_performer",
    5: "core_player",
    6: "high_performer",
    7: "rough_diamond",
    8: "growth_employee",
    9: "star",
}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _with_order(frame: pl.DataFrame, cycles: pl.DataFrame | None) -> pl.DataFrame:
    """Attach ``cycle_order`` (from the frame, ``cycles``, or cycle_id sorted as text)."""
    if "cycle_order" in frame.columns:
        return frame
    return frame.join(cycle_order_map(frame, cycles), on="cycle_id", how="left")


def band(expr: pl.Expr, cuts: tuple[float, float]) -> pl.Expr:
    """The 9-box band of a 0-1 value: 0 below ``cuts[0]``, 1 below ``cuts[1]``, else 2; null
    stays null (Int8)."""
    lo, hi = cuts
    return (
        pl.when(expr.is_null())
        .then(None)
        .when(expr < lo)
        .then(pl.lit(0))
        .when(expr < hi)
        .then(pl.lit(1))
        .otherwise(pl.lit(2))
        .cast(pl.Int8)
    )


def _pct(col: str, over: list[str]) -> pl.Expr:
    """Mid-rank percentile in (0, 1): (average rank - 0.5) / n within ``over``. Ranked on the
    value rounded to 1e-9: equal scores summed in another order (multithreaded) differ in the
    last bits, and must still tie."""
    key = pl.col(col).round(9)
    return (key.rank("average").over(over) - 0.5) / key.count().over(over)


def _top_bucket(pct: pl.Expr) -> pl.Expr:
    """Smallest 'top X%' among 1, 5, 10, 20, 25, 33, 50 that contains the percentile."""
    top = 1 - pct
    expr = pl.when(top <= 0.01).then(pl.lit(1))
    for b in (5, 10, 20, 25, 33, 50):
        expr = expr.when(top <= b / 100).then(pl.lit(b))
    return expr.otherwise(pl.lit(None, dtype=pl.Int32)).cast(pl.Int32)


# --------------------------------------------------------------------------------------------
# performance_profile
# --------------------------------------------------------------------------------------------


def proxy_dimensions(ratings: pl.DataFrame) -> list[str]:
    """The dimensions of the ratings that feed the potential proxy (learning, growth,
    leadership), matched once on the few distinct names rather than a regex on every row."""
    dims = ratings.select(pl.col("dimension").unique().drop_nulls().cast(pl.String))["dimension"]
    return dims.filter(dims.str.contains(PROXY_DIMENSION_PATTERN)).to_list()


#: mean |manager - peer| on the 0-1 score (a tenth of the scale's range) under which the
#: reasons say the two sources are close; the sentence states it (rev21 item 11: "agree" at
#: a gap of 0.37 on 1-5 read as a claim with no threshold)
AGREE_TOL = 0.10


def performance_profile(
    adjusted_scores: pl.DataFrame,
    employees: pl.DataFrame,
    outcomes: pl.DataFrame | None = None,
    ratings: pl.DataFrame | None = None,
    cycles: pl.DataFrame | None = None,
    rater_effects: pl.DataFrame | None = None,
    min_group: int = 10,
    top_band: float = 0.2,
    agree_tol: float = AGREE_TOL,
    pot_cuts: tuple[float, float] = (1 / 3, 2 / 3),
    proxy_cycles: int = 2,
) -> pl.DataFrame:
    """One row per employee summarising performance over the cycles in scope.

    Parameters
    ----------
    adjusted_scores
        Per (cycle_id, employee_id): ``raw`` and ``adjusted`` scores (rater-adjusted, e.g.
        ``analytics.stats.raters.adjusted_scores``); ``cycle_order`` is used when present.
    employees
        :data:`analytics.schema.EMPLOYEES` (job_family, level, department).
    outcomes
        Optional :data:`analytics.schema.OUTCOMES`: the latest non-null ``potential``
        (高/中/低, High/Medium/Low) becomes the potential score 1 / 0.5 / 0.
    ratings
        Optional ratings frame: source agreement and the potential proxy come from it.
    cycles
        Optional :data:`analytics.schema.CYCLES` for the order when ``adjusted_scores`` has
        no ``cycle_order``.
    rater_effects
        Optional (rater_id, effect[, cycle_id]): subtracted from the ratings used for source
        agreement and the potential proxy (raters missing from it count 0).
    min_group
        Smallest peer group; job_family x level groups smaller than this fall back to
        job_family, and job_family groups smaller than this to the whole company.
    top_band
        Share at the top of the peer group that counts as "top band" for consistency.
    agree_tol
        Mean |manager - peer| (score units) under which the sources "agree".
    pot_cuts
        Cut points of the 0-1 potential score into Low / Medium / High.
    proxy_cycles
        The potential proxy averages the latest this many cycles.

    Returns
    -------
    pl.DataFrame
        employee_id, job_family, level, department, n_cycles, first_cycle, latest_cycle,
        first_adjusted, latest_adjusted, latest_raw, peer_group, peer_group_n, pct_adjusted,
        pct_raw, pct_adjusted_mean, pct_raw_mean, consistency, slope, slope_se,
        slope_ci95_low, slope_ci95_high, slope_p, slope_df, mgr_peer_gap, n_gap_cycles,
        n_sources, sources_agree, potential_score, potential_ci95_low, potential_ci95_high
        (a proxy's 95% t interval: its per-cycle variance pooled over everyone, over the
        number of cycles averaged; null for a recorded potential rating), potential_source,
        potential_band, potential_label, potential_cycle.

    Notes
    -----
    Percentiles are mid-rank, (rank - 0.5)/n, within the peer group in the same cycle.
    Trajectory: OLS slope of adjusted score on cycle_order per employee, closed form on
    centred sums: b = Sxy/Sxx, se = sqrt((Syy - b Sxy)/(n-2)/Sxx), t with n-2 df (needs
    n >= 3 cycles). Consistency = number of cycles with percentile >= 1 - top_band.
    Potential proxy (when no outcome rating): mean over the latest ``proxy_cycles`` cycles of
    the percentile, within the peer group, of the person's rater-adjusted non-self score on
    the learning/growth/leadership dimensions minus their score on their other dimensions (a
    within-person contrast: the overall level cancels, so the proxy is not a restatement of
    performance; :func:`potential_check` measures how far it is). No growth dimension, or no
    other dimension to contrast with: no proxy, and potential is "not recorded".

    References
    ----------
    Hazen, A. (1914). Storage to be provided in impounding reservoirs. Transactions of the
    ASCE 77, 1539-1669 (mid-rank plotting position (i - 0.5)/n).
    Silzer, R., & Church, A. H. (2009). The pearls and perils of identifying potential.
    Industrial and Organizational Psychology 2(4), 377-412.
    """
    # the parameters, by name: one list of them (the signature), not a second one here
    return _performance_profile(**locals(), pairs=None)


def performance_profile_from_pairs(
    adjusted_scores: pl.DataFrame,
    employees: pl.DataFrame,
    outcomes: pl.DataFrame | None,
    ratings: pl.DataFrame,
    pairs: pl.DataFrame,
    cycles: pl.DataFrame | None = None,
    rater_effects: pl.DataFrame | None = None,
    min_group: int = 10,
    top_band: float = 0.2,
    agree_tol: float = AGREE_TOL,
    pot_cuts: tuple[float, float] = (1 / 3, 2 / 3),
    proxy_cycles: int = 2,
) -> pl.DataFrame:
    """:func:`performance_profile` with the potential proxy from ``pairs`` =
    :func:`analytics.stats.keys.rating_pairs` of ``ratings`` with
    ``growth_dims=proxy_dimensions(ratings)`` (the rows are not grouped again). Why: several
    company models start from the same pairs."""
    return _performance_profile(**locals())


def _peer_rows(
    adjusted_scores: pl.DataFrame,
    employees: pl.DataFrame,
    cycles: pl.DataFrame | None,
    min_group: int,
) -> tuple[pl.LazyFrame, set[int]]:
    """The valid (cycle, employee) scores with their peer group: job family x level in the
    cycle, else the job family, else the company, whichever first has ``min_group`` people;
    and the fallback levels that occur."""
    need = {"cycle_id", "employee_id", "adjusted"}
    if not need <= set(adjusted_scores.columns):
        raise ValueError(f"adjusted_scores needs columns {sorted(need)}")
    s = _with_order(adjusted_scores, cycles)
    if "raw" not in s.columns:
        s = s.with_columns(raw=pl.col("adjusted"))
    emp = employees.select(
        "employee_id",
        pl.col("job_family").fill_null(_UNKNOWN),
        pl.col("level").fill_null(_UNKNOWN),
        pl.col("department"),
    )
    ends = [
        pl.col(c).cast(pl.Float64) if c in s.columns else pl.lit(None, dtype=pl.Float64).alias(c)
        for c in ("ci95_low", "ci95_high")
    ]
    s = (
        s.lazy()
        .select(
            "cycle_id",
            pl.col("cycle_order").cast(pl.Int64),
            "employee_id",
            pl.col("raw").cast(pl.Float64),
            pl.col("adjusted").cast(pl.Float64),
            *ends,
        )
        .filter(pl.col("adjusted").is_not_null() & pl.col("adjusted").is_finite())
        .join(emp.lazy(), on="employee_id", how="left")
        .with_columns(pl.col("job_family").fill_null(_UNKNOWN), pl.col("level").fill_null(_UNKNOWN))
        .collect()
        .lazy()
    )
    # peer group per (cycle, job_family, level), decided on the small table of group sizes
    g1 = ["cycle_id", "job_family", "level"]
    sizes = (
        s.group_by(g1)
        .agg(_n1=pl.len())
        .with_columns(
            _n2=pl.col("_n1").sum().over(["cycle_id", "job_family"]),
            _n3=pl.col("_n1").sum().over("cycle_id"),
            # someone of the cycle has a level: "no level imported" would be wrong (rev28a)
            _lv3=(pl.col("level") != _UNKNOWN).any().over("cycle_id"),
        )
    )
    use1 = pl.col("_n1") >= min_group
    use2 = pl.col("_n2") >= min_group
    sizes = sizes.with_columns(
        peer_group=_group_label(use1, use2),
        peer_group_n=pl.when(use1)
        .then(pl.col("_n1"))
        .when(use2)
        .then(pl.col("_n2"))
        .otherwise(pl.col("_n3")),
        _level=pl.when(use1).then(pl.lit(1)).when(use2).then(pl.lit(2)).otherwise(pl.lit(3)),
        # integer codes of the three nested groups: cheap keys for the rank windows below
        _c1=pl.struct(g1).rank("dense"),
        _c2=pl.struct("cycle_id", "job_family").rank("dense"),
        _c3=pl.col("cycle_id").rank("dense"),
    ).collect()
    levels_used = set(sizes["_level"].unique().to_list())
    s = s.join(
        sizes.lazy().select(*g1, "peer_group", "peer_group_n", "_level", "_c1", "_c2", "_c3"),
        on=g1,
        how="left",
        # the rows in their order: a join's own order changes from call to call, and the
        # per-person sums after it (slopes, means) then rounded differently (left30 item 6)
        maintain_order="left",
    )
    return s, levels_used


#: the peer group of people with neither job family nor level (a code, worded by
#: analytics.text): the whole cycle when nobody has one, else those who have none; the job
#: family group of people without one, when their level group is too small
NO_GROUPS = ("company_no_groups", "no_groups", "no_job_family")
_UNKNOWN = "(unknown)"
_PLACEHOLDED = ("job_family", "level")


def _group_label(use1: pl.Expr, use2: pl.Expr) -> pl.Expr:
    """A peer group's name: its job family and level where known (never "(unknown)"); a
    group with neither named by a code (:data:`NO_GROUPS`); the company by its code. Why: a
    file without level or job family read "(unknown) (unknown)" (rev19e major 2)."""
    jf, lv = pl.col("job_family"), pl.col("level")
    named1 = pl.concat_str(
        [pl.when(jf != _UNKNOWN).then(jf), pl.when(lv != _UNKNOWN).then(lv)],
        separator=" ",
        ignore_nulls=True,
    )
    named = pl.when(use1).then(named1).when(use2).then(pl.when(jf != _UNKNOWN).then(jf))
    n = pl.when(use1).then(pl.col("_n1")).otherwise(pl.col("_n2"))
    nobody = pl.when(n == pl.col("_n3")).then(pl.lit(NO_GROUPS[0])).otherwise(pl.lit(NO_GROUPS[1]))
    # the level group too small, no job family: everyone of the cycle without a job family
    # (a level was imported: rev28a item 11, 184 王欣 of level M2 in a small group)
    no_family = ~use1 & use2 & (jf == _UNKNOWN) & pl.col("_lv3")
    return (
        pl.when(~use1 & ~use2)
        .then(pl.lit(COMPANY_UNIT))  # a code (unit.company), worded by analytics.text
        .when(no_family & (pl.col("_n2") == pl.col("_n3")))
        .then(pl.lit(COMPANY_UNIT))
        .when(no_family)
        .then(pl.lit(NO_GROUPS[2]))
        .when(named.fill_null("") == "")
        .then(nobody)
        .otherwise(named)
    )


def _pct_in_peer_group(col: str, levels_used: set[int]) -> pl.Expr:
    """Percentile of ``col`` within each row's peer group (``_level`` picks among the codes
    ``_c1``/``_c2``/``_c3`` of :func:`_peer_rows`)."""
    lvl = pl.col("_level")
    # the percentile is always among everyone in the group used (e.g. the whole job family);
    # only the fallback levels that occur are ranked
    expr = None
    for level, code in ((1, "_c1"), (2, "_c2"), (3, "_c3")):
        if level not in levels_used:
            continue
        expr = (pl.when(lvl == level) if expr is None else expr.when(lvl == level)).then(
            _pct(col, [code])
        )
    return expr.otherwise(None) if expr is not None else pl.lit(None, dtype=pl.Float64)


def _with_loo_slopes(s: pl.LazyFrame, person: str) -> pl.LazyFrame:
    """``_loo``: per row of ``_dx``/``_dy``, the slope of the row's ``person`` with this cycle
    left out (the OLS sums down-dated: S'xx = Sxx - n/(n-1) (x_k - mean x)^2, S'xy likewise).
    Why windows over the rows, in two steps: the same expression inside the per-person
    aggregation, or one window nested in another, is evaluated group by group (0.5-0.8 CPU s
    at 250,000 person-cycles; 0.03 s like this)."""
    s = s.with_columns(
        _x=pl.col("_dx") - pl.col("_dx").mean().over(person),
        _y=pl.col("_dy") - pl.col("_dy").mean().over(person),
        _c=pl.len().over(person),
    )
    x, y, c = pl.col("_x"), pl.col("_y"), pl.col("_c") / (pl.col("_c") - 1)
    loo = ((x * y).sum().over(person) - c * x * y) / ((x * x).sum().over(person) - c * x * x)
    return s.with_columns(_loo=loo).drop("_x", "_y", "_c")


def _share_at_or_below(
    group: np.ndarray, rank: np.ndarray, end_group: np.ndarray, end_rank: np.ndarray
) -> np.ndarray:
    """For each end (``end_group``, ``end_rank``): the share of the points of its group
    (``group``, ``rank``) whose value is at most the end's (a point equal to an end counts
    below it). Groups are non-negative integer codes, ranks those of one joint ranking of
    the points' and the ends' values; every end's group holds points."""
    width = int(max(rank.max(initial=0), end_rank.max(initial=0))) + 1
    key = np.sort(group.astype(np.int64) * width + rank)  # (group, value) as one exact integer
    size = np.bincount(group, minlength=int(end_group.max(initial=0)) + 1)
    start = np.cumsum(size) - size  # where each group's points begin in ``key``
    below = np.searchsorted(key, end_group.astype(np.int64) * width + end_rank, side="right")
    return (below - start[end_group]) / size[end_group]


def _pct_interval(s: pl.LazyFrame, levels_used: set[int]) -> pl.LazyFrame:
    """``pct_ci95_low`` / ``pct_ci95_high``: where the ends of each score's 95% interval
    (``ci95_low`` / ``ci95_high``) fall among the scores of its peer group (the share of them
    at or below), so a percentile is read with its uncertainty. Why one ranking of every
    value and a NumPy search per fallback level used: sorting the scores and the ends
    together and counting with windows cost 0.3 CPU s at 250,000 person-cycles."""
    rows = s.collect()
    n = rows.height
    ends = ("ci95_low", "ci95_high")
    given = np.concatenate([rows[e].is_not_null().to_numpy() for e in ends])
    values = np.concatenate([rows["adjusted"].to_numpy(), *(rows[e].to_numpy() for e in ends)])
    _, rank = np.unique(values, return_inverse=True)
    level = np.tile(rows["_level"].to_numpy(), 2)
    pct = np.full(2 * n, np.nan)
    for lv, code in ((1, "_c1"), (2, "_c2"), (3, "_c3")):
        mine = given & (level == lv)
        if lv not in levels_used or not mine.any():
            continue
        group = rows[code].to_numpy()
        pct[mine] = _share_at_or_below(group, rank[:n], np.tile(group, 2)[mine], rank[n:][mine])
    return rows.with_columns(
        pl.Series(e, pct[i * n : (i + 1) * n], dtype=pl.Float64).fill_nan(None).alias("pct_" + e)
        for i, e in enumerate(ends)
    ).lazy()


def _trajectory(s: pl.LazyFrame, levels_used: set[int], top_band: float) -> pl.DataFrame:
    """Per employee: latest and mean percentiles in the peer group, consistency and the OLS
    slope of the adjusted score on cycle_order with its t interval and p-value."""
    s = _with_peer_percentiles(s, levels_used)
    # slope from plain sums on globally centred values (no per-employee window pass)
    s = s.with_columns(
        _dx=pl.col("cycle_order") - pl.col("cycle_order").mean(),
        _dy=pl.col("adjusted") - pl.col("adjusted").mean(),
    )
    s = _with_loo_slopes(s, "employee_id")
    prof = _with_slope_se(_per_employee(s, top_band))
    return _with_shrunk(_with_slope_test(prof))


def _with_peer_percentiles(s: pl.LazyFrame, levels_used: set[int]) -> pl.LazyFrame:
    """Percentiles in the peer group, the interval widened to hold its own estimate."""
    return (
        _pct_interval(s, levels_used)
        .with_columns(
            pct_adjusted=_pct_in_peer_group("adjusted", levels_used),
            pct_raw=_pct_in_peer_group("raw", levels_used),
        )
        .with_columns(
            # the ends count a tie as below, the estimate is a mid-rank: an interval must
            # still hold its own estimate (a missing end stays missing)
            pct_ci95_low=pl.when(pl.col("pct_ci95_low").is_not_null()).then(
                pl.min_horizontal("pct_ci95_low", "pct_adjusted")
            ),
            pct_ci95_high=pl.when(pl.col("pct_ci95_high").is_not_null()).then(
                pl.max_horizontal("pct_ci95_high", "pct_adjusted")
            ),
        )
    )


def _per_employee(s: pl.LazyFrame, top_band: float) -> pl.LazyFrame:
    """One row per employee: numeric aggregates and values at first/latest cycle by row index."""
    # rows are sorted by cycle_order once; group_by keeps the row order inside each group, so
    # the first/last row index of each employee is their earliest/latest cycle. Only numbers
    # are aggregated; the text and the values taken at the first or latest cycle are gathered
    # at those rows after (first()/last() of text columns in the group-by cost 3x the rest of
    # it: 0.45 against 0.15 CPU s at 250,000 person-cycles)
    srt = pl.col("cycle_order")
    rows = s.sort("cycle_order").with_row_index("_i").collect()
    agg = (
        rows.lazy()
        # centred on each person's own mean before the sums, not raw moments less their
        # means after: a residual sum near 0 less a product cancelled the last digits, so the
        # slope's SE moved by 4e-9 relative with 1e-16 differences in the scores upstream
        # (two threads against one); `over` costs 0.35 CPU s at 5M person-cycles, an
        # aggregation of centred expressions 10x that
        .with_columns(_cx=_centred("_dx"), _cy=_centred("_dy"))
        .group_by("employee_id")
        .agg(
            _first=pl.col("_i").first(),
            _last=pl.col("_i").last(),
            n_cycles=pl.len(),
            latest_order=srt.max(),
            pct_adjusted_mean=pl.col("pct_adjusted").mean(),
            _loo_lo=pl.col("_loo").min(),
            _loo_hi=pl.col("_loo").max(),
            pct_raw_mean=pl.col("pct_raw").mean(),
            consistency=(pl.col("pct_adjusted") >= 1 - top_band).sum().cast(pl.Int32),
            _sx=pl.col("_dx").sum(),
            _sy=pl.col("_dy").sum(),
            _sxx=pl.col("_cx").pow(2).sum(),
            _sxy=(pl.col("_cx") * pl.col("_cy")).sum(),
            _syy=pl.col("_cy").pow(2).sum(),
        )
        # one row per person in a fixed order: the pooled noise sums over these rows, and a
        # hash group-by's order changes from call to call (left30 item 6)
        .sort("employee_id")
        .collect()
    )
    at_first = rows.select(
        "job_family",
        "level",
        "department",
        first_cycle="cycle_id",
        first_adjusted="adjusted",
    )[agg["_first"]]
    at_last = rows.select(
        "peer_group",
        "peer_group_n",
        "pct_adjusted",
        "pct_ci95_low",
        "pct_ci95_high",
        "pct_raw",
        latest_cycle="cycle_id",
        latest_adjusted="adjusted",
        latest_raw="raw",
        _last_dx="_dx",
    )[agg["_last"]]
    return pl.concat([agg.drop("_first", "_last"), at_first, at_last], how="horizontal").lazy()


def _centred(name: str) -> pl.Expr:
    """A column less each employee's mean of it."""
    return pl.col(name) - pl.col(name).mean().over("employee_id")


def _with_slope_se(prof: pl.LazyFrame) -> pl.DataFrame:
    """Each employee's OLS slope on cycle_order, its degrees of freedom and standard error."""
    return (
        prof.with_columns(
            slope=pl.when(pl.col("_sxx") > 1e-9).then(pl.col("_sxy") / pl.col("_sxx")),
            slope_df=(pl.col("n_cycles").cast(pl.Int32) - 2),  # signed: 1 cycle gives -1
        )
        .with_columns(
            slope_se=pl.when((pl.col("slope_df") > 0) & (pl.col("_sxx") > 1e-9)).then(
                (
                    (pl.col("_syy") - pl.col("slope") * pl.col("_sxy")).clip(lower_bound=0.0)
                    / pl.col("slope_df")
                    / pl.col("_sxx")
                ).sqrt()
            ),
        )
        .collect()
    )


def _with_slope_test(prof: pl.DataFrame) -> pl.DataFrame:
    """The slope's t-test p-value and 95% interval (a straight line with a slope: p = 0)."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import stats

    dfv = prof["slope_df"].cast(pl.Float64).to_numpy()
    ok = dfv > 0
    tq = t_quantile(np.where(ok, dfv, np.nan))
    tstat = (prof["slope"] / prof["slope_se"]).fill_null(np.nan).to_numpy()
    pv = np.full(len(dfv), np.nan)
    okp = ok & np.isfinite(tstat)
    pv[okp] = 2 * stats.t.sf(np.abs(tstat[okp]), dfv[okp])
    # a perfectly straight line (se = 0) with a non-zero slope: p = 0
    zero_se = (
        ok
        & (prof["slope_se"].fill_null(np.nan).to_numpy() == 0)
        & (prof["slope"].fill_null(0).to_numpy() != 0)
    )
    pv[zero_se] = 0.0
    return prof.with_columns(
        _tq=pl.Series(tq).fill_nan(None), slope_p=pl.Series(pv).fill_nan(None)
    ).with_columns(
        slope_ci95_low=pl.col("slope") - pl.col("_tq") * pl.col("slope_se"),
        slope_ci95_high=pl.col("slope") + pl.col("_tq") * pl.col("slope_se"),
    )


def _shrink(estimate: np.ndarray, noise_var: np.ndarray) -> tuple[np.ndarray, float]:
    """Empirical Bayes: each finite estimate pulled toward their mean by its reliability
    ``tau2 / (tau2 + noise_var)``, with the between-person variance ``tau2`` by the method of
    moments (variance of the estimates minus their mean noise variance, at least 0). Returns
    the shrunk estimates (NaN where the estimate or its noise is missing) and ``tau2``.
    Why: the top of a ranking of noisy estimates is full of people whose noise was lucky
    (regression to the mean); shrinking by reliability ranks on what is likely to repeat."""
    ok = np.isfinite(estimate) & np.isfinite(noise_var)
    out = np.full(estimate.shape, np.nan)
    if ok.sum() < 2:
        return out, float("nan")
    x, v = estimate[ok], noise_var[ok]
    centre = float(x.mean())
    tau2 = max(float(x.var(ddof=1) - v.mean()), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(tau2 + v > 0, tau2 / (tau2 + v), 1.0)
    out[ok] = centre + weight * (x - centre)
    return out, tau2


def _with_shrunk(prof: pl.DataFrame) -> pl.DataFrame:
    """``slope_robust``: the rise that survives leaving out any one cycle (the leave-one-out
    slope nearest 0, and 0 where they differ in sign; from 4 cycles, the plain slope with 3),
    shown beside the plain slope;
    ``slope_shrunk``: the plain slope shrunk toward everyone's mean by its reliability
    ``slope_reliability`` = tau2_slope / (tau2_slope + noise / Sxx) (empirical Bayes: the
    between-person variance of true slopes by the method of moments, the noise the residual
    variance pooled over everyone), so with two or three cycles, where a slope is mostly the
    noise of one cycle, it counts little or nothing;
    ``pct_shrunk``: the percentile in the peer group of the person's latest level on their own
    trend line: their mean adjusted score, shrunk by its reliability, moved along the shrunk
    slope to their latest cycle. A stable person is ranked on the mean of their cycles, a riser
    on where a trend that stands out from the noise has taken them, and the recovery from one
    unlucky cycle is neither a high level nor a rise (tests/sim/hipo.py: with 3 cycles the
    plain slope had made one unlucky first cycle three times as likely to make the top 50)."""
    n = prof["n_cycles"].cast(pl.Float64).to_numpy()
    sxx = prof["_sxx"].fill_null(np.nan).to_numpy()
    plain = prof["slope"].fill_null(np.nan).to_numpy()
    resid = prof["_syy"].to_numpy() - np.nan_to_num(plain) * prof["_sxy"].fill_null(0.0).to_numpy()
    df = n - np.where(np.isfinite(sxx) & (sxx > 1e-9), 2, 1)
    ok = df > 0
    pooled = float(resid.clip(0)[ok].sum() / df[ok].sum()) if ok.any() else np.nan
    if not np.isfinite(pooled) or pooled <= 0:
        # nobody has 3 cycles (no residual around a line): the spread around each person's
        # own mean, which holds any true rise too, so the slope is shrunk the more
        syy, many = prof["_syy"].to_numpy(), n > 1
        if many.any() and (n[many] - 1).sum() > 0:
            pooled = float(syy[many].clip(0).sum() / (n[many] - 1).sum())
    lo, hi = (prof[c].fill_null(np.nan).fill_nan(np.nan).to_numpy() for c in ("_loo_lo", "_loo_hi"))
    robust = np.where(n >= 4, np.where(lo > 0, lo, np.where(hi < 0, hi, 0.0)), plain)
    with np.errstate(divide="ignore", invalid="ignore"):
        noise = np.full(n.shape, pooled) / n
        level, tau2 = _shrink(prof["_sy"].to_numpy() / n, noise)
        # the shrunk level's sampling sd: weight * sqrt(noise), weight = tau2 / (tau2 + noise)
        level_se = tau2 / (tau2 + noise) * np.sqrt(noise)
        slope_noise = np.where(sxx > 1e-9, pooled / sxx, np.nan)
        shrunk, tau2_s = _shrink(plain, slope_noise)
        rel = np.where(
            np.isfinite(shrunk),
            np.where(tau2_s + slope_noise > 0, tau2_s / (tau2_s + slope_noise), 1.0),
            np.nan,
        )
        slope_half = _Z95 * rel * np.sqrt(slope_noise)  # the shrunk slope's sampling sd
        # the chance that the true slope is above the group's (normal-normal posterior):
        # Phi(sqrt(reliability) * z of the plain slope); 0.5 where it is all noise
        zp = plain - np.nanmean(plain) if np.isfinite(plain).any() else plain
        zp = zp / np.sqrt(slope_noise)
        root = np.sqrt(np.nan_to_num(rel))
        prob = [_phi(root * (zp + k * _Z95)) for k in (0, -1, 1)]
        rob_half = _Z95 * np.sqrt(slope_noise)  # the robust slope's, pooled
    move = np.nan_to_num(shrunk) * (prof["_last_dx"].to_numpy() - prof["_sx"].to_numpy() / n)
    out = prof.with_columns(
        slope_robust=pl.Series(robust).fill_nan(None),
        slope_shrunk=pl.Series(shrunk).fill_nan(None),
        slope_reliability=pl.Series(rel).fill_nan(None),
        trajectory_prob=pl.Series(prob[0]).fill_nan(None),
        trajectory_prob_ci95_low=pl.Series(prob[1]).fill_nan(None),
        trajectory_prob_ci95_high=pl.Series(prob[2]).fill_nan(None),
        _level=pl.Series(level + move).fill_nan(None),
    ).with_columns(pct_shrunk=_pct("_level", ["peer_group"]))
    lo, hi = shares_below(
        out["peer_group"],
        out["_level"].fill_null(np.nan).to_numpy(),
        [level + move - _Z95 * level_se, level + move + _Z95 * level_se],
    )
    if not np.isfinite(pooled):
        # nobody has two cycles (one cycle selected): no cycle-to-cycle noise to shrink by,
        # and one common reliability would keep the order anyway, so the level's percentile
        # is the cycle's percentile with its interval (rev19c: an empty 9-box for one cycle)
        out = out.with_columns(pct_shrunk=pl.col("pct_adjusted"))
        lo, hi = (out[c].cast(pl.Float64).to_numpy() for c in ("pct_ci95_low", "pct_ci95_high"))
    return out.with_columns(
        pct_shrunk_ci95_low=pl.Series(lo, dtype=pl.Float64).fill_nan(None),
        pct_shrunk_ci95_high=pl.Series(hi, dtype=pl.Float64).fill_nan(None),
        _traj_lo=pl.Series(shrunk - slope_half).fill_nan(None),
        _traj_hi=pl.Series(shrunk + slope_half).fill_nan(None),
        _rob_lo=pl.Series(robust - rob_half).fill_nan(None),
        _rob_hi=pl.Series(robust + rob_half).fill_nan(None),
        # the slope's SE from the residual noise pooled over everyone: the floor of the
        # sustained lists' SE (a line through 3 points can be perfect by chance, rev24a 5)
        slope_se_pooled=pl.Series(np.sqrt(slope_noise)).fill_nan(None),
    )


_Z95 = 1.959963984540054


def _phi(z: np.ndarray) -> np.ndarray:
    """The standard normal distribution function (NaN stays NaN)."""
    from scipy.special import ndtr  # scipy on first use, as in _trajectory

    return ndtr(z)


def shares_below(group: pl.Series, values: np.ndarray, ends: list[np.ndarray]) -> list[np.ndarray]:
    """A stage of :func:`performance_profile` and :func:`composite_interval`, public for its
    test. For each row and each array of ``ends``: the share of its group's finite ``values``
    below the row's end (NaN where the end is NaN). One sort: each group's values are placed
    in [g, g + 1) by their position in the overall range, so one ``searchsorted`` finds every
    end inside its own group."""
    g = value_codes(group.cast(pl.String).fill_null("")).astype(np.float64)  # text order
    ok = np.isfinite(values)
    if not ok.any():
        return [np.full(values.size, np.nan) for _ in ends]
    vmin, vmax = float(values[ok].min()), float(values[ok].max())
    span = (vmax - vmin) * (1 + 1e-9) or 1.0
    place = np.sort(g[ok] + (values[ok] - vmin) / span)
    n_group = np.bincount(g[ok].astype(np.int64), minlength=int(g.max()) + 1)
    start = np.concatenate([[0], np.cumsum(n_group)[:-1]])
    gi = g.astype(np.int64)
    out = []
    for end in ends:  # the two ends of an interval
        e = np.clip(np.asarray(end, dtype=np.float64), vmin, vmax)
        below = np.searchsorted(place, g + (e - vmin) / span, side="left") - start[gi]
        with np.errstate(divide="ignore", invalid="ignore"):
            share = below / n_group[gi]
        # an end beyond the range: all or none below
        share = np.where(np.asarray(end) > vmax, 1.0, share)
        out.append(np.where(np.isfinite(end) & (n_group[gi] > 0), share, np.nan))
    return out


def _rater_sums(ratings: pl.DataFrame, pairs: pl.DataFrame | None) -> pl.LazyFrame:
    """Per (cycle, employee, rater, role) of the non-self ratings: row count and score sum,
    over all dimensions and over the potential proxy's dimensions."""
    if pairs is not None:  # the shared pass (keys.rating_pairs with proxy_dimensions)
        per_rater = (
            pairs.lazy()
            .filter(pl.col("rater_role").is_in(list(_NON_SELF)))
            .select(
                "cycle_id",
                "employee_id",
                "rater_id",
                "rater_role",
                _n="n",
                _s="s",
                _ng="_ng",
                _sg="_sg",
            )
        )
    else:
        r = ratings.lazy().filter(
            pl.col("rater_role").is_in(list(_NON_SELF)) & pl.col("score").is_finite()
        )
        growth_dims = pl.Series(proxy_dimensions(ratings), dtype=pl.String)
        is_dim = pl.col("dimension").is_in(growth_dims.implode())
        # one pass to (cycle, employee, rater, role); rater effects are applied at that level
        per_rater = (
            r.with_columns(_g=pl.when(is_dim).then(pl.col("score")))
            .group_by(["cycle_id", "employee_id", "rater_id", "rater_role"])
            .agg(
                _n=pl.len(),
                _s=pl.col("score").sum(),
                _ng=pl.col("_g").count(),
                _sg=pl.col("_g").sum(),
            )
        )
    return per_rater


def _source_agreement(
    ratings: pl.DataFrame,
    rater_effects: pl.DataFrame | None,
    pairs: pl.DataFrame | None,
    s: pl.LazyFrame,
    levels_used: set[int],
    proxy_cycles: int,
) -> pl.DataFrame:
    """Per employee: mean |manager - peer| gap, sources and the potential proxy (percentile of
    the rater-adjusted growth and peer scores in the peer group, latest ``proxy_cycles``)."""
    per_rater = _rater_sums(ratings, pairs)
    if rater_effects is not None:
        keys = ["cycle_id", "rater_id"] if "cycle_id" in rater_effects.columns else ["rater_id"]
        eff = (
            align_keys(rater_effects.lazy(), ratings.schema, keys)
            .group_by(keys)
            .agg(_eff=pl.col("effect").cast(pl.Float64).mean())
        )
        # in the rows' order: the sums over a person's raters below are in it (left30 item 6)
        per_rater = per_rater.join(eff, on=keys, how="left", maintain_order="left").with_columns(
            pl.col("_eff").fill_null(0.0).fill_nan(0.0)
        )
    else:
        per_rater = per_rater.with_columns(_eff=pl.lit(0.0))
    per_rater = per_rater.with_columns(
        _sa=pl.col("_s") - pl.col("_n") * pl.col("_eff"),
        _sga=pl.col("_sg") - pl.col("_ng") * pl.col("_eff"),
    )

    def _role_mean(role: str) -> pl.Expr:
        sel = pl.col("rater_role") == role
        return pl.when(sel).then(pl.col("_sa")).sum() / pl.when(sel).then(pl.col("_n")).sum()

    per = (
        per_rater.group_by(["cycle_id", "employee_id"])
        .agg(
            _mgr=_role_mean("manager"),
            _peer=_role_mean("peer"),
            _growth=pl.col("_sga").sum() / pl.col("_ng").sum(),
            _other=(pl.col("_sa").sum() - pl.col("_sga").sum())
            / (pl.col("_n").sum() - pl.col("_ng").sum()),
            _roles=pl.col("rater_role").n_unique(),
        )
        .with_columns(
            pl.col("_mgr", "_peer", "_growth", "_other").fill_nan(None),
        )
        .with_columns(
            _gap=(pl.col("_mgr") - pl.col("_peer")).abs(),
            # the growth dimensions against the person's own other dimensions: their overall
            # level cancels, so the proxy does not restate performance (issue 18: the old
            # proxy, growth and peer percentiles, correlated 0.78 with it)
            _contrast=pl.col("_growth") - pl.col("_other"),
        )
    )
    # person level: Categorical keys (db.ratings_frame) as String, as in the scores
    per = as_string(per, ["cycle_id", "employee_id"])
    # percentiles of growth and peer score within the same peer group as the performance
    grp = s.select("cycle_id", "cycle_order", "employee_id", "_level", "_c1", "_c2", "_c3")
    per = per.join(grp, on=["cycle_id", "employee_id"], how="inner")
    per = per.with_columns(_proxy=_pct_in_peer_group("_contrast", levels_used))
    # newest first; group_by keeps this order inside groups, so head(k) = latest k cycles
    agg = (
        per.sort("cycle_order", descending=True)
        .group_by("employee_id")
        .agg(
            mgr_peer_gap=pl.col("_gap").mean(),
            n_gap_cycles=pl.col("_gap").count().cast(pl.Int32),
            n_sources=pl.col("_roles").max().cast(pl.Int32),
            _proxy=pl.col("_proxy").head(proxy_cycles).mean(),
            _pk=pl.col("_proxy").head(proxy_cycles).count(),
            _pss=(pl.col("_proxy").head(proxy_cycles) - pl.col("_proxy").head(proxy_cycles).mean())
            .pow(2)
            .sum(),
        )
        .collect()
    )
    return proxy_interval(agg)


def proxy_interval(agg: pl.DataFrame) -> pl.DataFrame:
    """A stage of :func:`performance_profile`, public for its test. ``agg`` has one row per
    person: ``_proxy`` (the mean of the person's latest k per-cycle proxy percentiles), ``_pk``
    (k) and ``_pss`` (their sum of squares about that mean). Returns ``agg`` without ``_pk`` and
    ``_pss``, with ``_proxy_lo`` / ``_proxy_hi``: the 95% t interval of each person's potential proxy (a
    mean of k per-cycle percentiles), its variance the within-person variance pooled over
    everyone (sum of squares over sum of k - 1: one cycle's proxy moves about as much for
    anyone) over k; null when nobody has two cycles. Clipped to [0, 1]."""
    dof = float((agg["_pk"].cast(pl.Float64) - 1).clip(lower_bound=0).sum())
    pooled = float(agg["_pss"].sum()) / dof if dof > 0 else None
    tq = float(t_quantile(np.array([dof]))[0]) if dof > 0 else None
    if pooled is None or tq is None:
        return agg.with_columns(
            _proxy_lo=pl.lit(None, pl.Float64), _proxy_hi=pl.lit(None, pl.Float64)
        ).drop("_pk", "_pss")
    half = tq * (pooled / pl.col("_pk")).sqrt()
    return agg.with_columns(
        _proxy_lo=pl.when(pl.col("_pk") > 0).then((pl.col("_proxy") - half).clip(0.0, 1.0)),
        _proxy_hi=pl.when(pl.col("_pk") > 0).then((pl.col("_proxy") + half).clip(0.0, 1.0)),
    ).drop("_pk", "_pss")


def _outcome_potential(
    outcomes: pl.DataFrame, cycles: pl.DataFrame | None, s: pl.LazyFrame
) -> pl.DataFrame:
    """Per employee: the latest recorded potential rating, mapped to 0 / 0.5 / 1."""
    o = _with_order(
        outcomes,
        cycles if cycles is not None else s.select("cycle_id", "cycle_order").unique().collect(),
    )
    o = (
        o.lazy()
        .with_columns(
            _pot=pl.col("potential")
            .str.strip_chars()
            .str.to_lowercase()
            .replace_strict(POTENTIAL_LEVELS, default=None, return_dtype=pl.Float64)
        )
        .filter(pl.col("_pot").is_not_null())
        .sort("cycle_order")
        .group_by("employee_id")
        .agg(
            _opot=pl.col("_pot").last(),
            potential_label=pl.col("potential").last(),
            potential_cycle=pl.col("cycle_id").last(),
        )
        .collect()
    )
    return o


#: the columns of a performance profile, in their order
_PROFILE_COLUMNS = (
    "employee_id",
    "job_family",
    "level",
    "department",
    "n_cycles",
    "first_cycle",
    "latest_cycle",
    "first_adjusted",
    "latest_adjusted",
    "latest_raw",
    "peer_group",
    "peer_group_n",
    "pct_adjusted",
    "pct_ci95_low",
    "pct_ci95_high",
    "pct_raw",
    "pct_adjusted_mean",
    "pct_raw_mean",
    "pct_shrunk",
    "pct_shrunk_ci95_low",
    "pct_shrunk_ci95_high",
    "consistency",
    "slope_robust_ci95_low",
    "slope_robust_ci95_high",
    "slope_shrunk",
    "slope_shrunk_ci95_low",
    "slope_shrunk_ci95_high",
    "slope_reliability",
    "trajectory_prob",
    "trajectory_prob_ci95_low",
    "trajectory_prob_ci95_high",
    "slope",
    "slope_robust",
    "slope_se",
    "slope_se_pooled",
    "slope_ci95_low",
    "slope_ci95_high",
    "slope_p",
    "slope_df",
    "mgr_peer_gap",
    "n_gap_cycles",
    "n_sources",
    "sources_agree",
    "potential_score",
    "potential_ci95_low",
    "potential_ci95_high",
    "potential_source",
    "potential_band",
    "potential_label",
    "potential_cycle",
)


def _performance_profile(
    adjusted_scores: pl.DataFrame,
    employees: pl.DataFrame,
    outcomes: pl.DataFrame | None,
    ratings: pl.DataFrame | None,
    cycles: pl.DataFrame | None,
    rater_effects: pl.DataFrame | None,
    min_group: int,
    top_band: float,
    agree_tol: float,
    pot_cuts: tuple[float, float],
    proxy_cycles: int,
    pairs: pl.DataFrame | None,
) -> pl.DataFrame:
    """:func:`performance_profile` in its stages; ``pairs``: see
    :func:`performance_profile_from_pairs`."""
    s, levels_used = _peer_rows(adjusted_scores, employees, cycles, min_group)
    prof = _trajectory(s, levels_used, top_band)
    if ratings is not None:
        agg = _source_agreement(ratings, rater_effects, pairs, s, levels_used, proxy_cycles)
        prof = prof.join(agg, on="employee_id", how="left")
    else:
        prof = prof.with_columns(
            mgr_peer_gap=pl.lit(None, dtype=pl.Float64),
            n_gap_cycles=pl.lit(None, dtype=pl.Int32),
            n_sources=pl.lit(None, dtype=pl.Int32),
            _proxy=pl.lit(None, dtype=pl.Float64),
            _proxy_lo=pl.lit(None, dtype=pl.Float64),
            _proxy_hi=pl.lit(None, dtype=pl.Float64),
        )
    prof = prof.rename(
        {
            "_traj_lo": "slope_shrunk_ci95_low",
            "_traj_hi": "slope_shrunk_ci95_high",
            "_rob_lo": "slope_robust_ci95_low",
            "_rob_hi": "slope_robust_ci95_high",
        }
    )
    prof = prof.with_columns(
        sources_agree=pl.when(pl.col("mgr_peer_gap").is_not_null()).then(
            pl.col("mgr_peer_gap") <= agree_tol + 1e-12
        )
    )
    prof = _with_potential(prof, outcomes, cycles, s, pot_cuts)
    # the placeholder that grouped the people without one is no value to show (rev19e)
    missing = [pl.when(pl.col(c) != _UNKNOWN).then(pl.col(c)).alias(c) for c in _PLACEHOLDED]
    return prof.with_columns(missing).sort("employee_id").select(_PROFILE_COLUMNS)


def _with_potential(
    prof: pl.DataFrame,
    outcomes: pl.DataFrame | None,
    cycles: pl.DataFrame | None,
    s: pl.LazyFrame,
    pot_cuts: tuple[float, float],
) -> pl.DataFrame:
    """Potential: the latest recorded rating, else the proxy with its interval; source, band."""
    if outcomes is not None and "potential" in outcomes.columns:
        prof = prof.join(_outcome_potential(outcomes, cycles, s), on="employee_id", how="left")
    else:
        prof = prof.with_columns(
            _opot=pl.lit(None, dtype=pl.Float64),
            potential_label=pl.lit(None, dtype=pl.String),
            potential_cycle=pl.lit(None, dtype=pl.String),
        )
    return prof.with_columns(
        potential_score=pl.coalesce("_opot", "_proxy"),
        # a recorded rating is what it is (no interval); a proxy is an estimate
        potential_ci95_low=pl.when(pl.col("_opot").is_null()).then(pl.col("_proxy_lo")),
        potential_ci95_high=pl.when(pl.col("_opot").is_null()).then(pl.col("_proxy_hi")),
        potential_source=pl.when(pl.col("_opot").is_not_null())
        .then(pl.lit("outcome"))
        .when(pl.col("_proxy").is_not_null())
        .then(pl.lit("proxy")),
    ).with_columns(potential_band=band(pl.col("potential_score"), pot_cuts))


def potential_check(profile: pl.DataFrame) -> pl.DataFrame:
    """Where each person's potential comes from, and whether the proxy restates performance.

    One row: n_people, n_outcome (a potential rating was imported), n_proxy, n_not_recorded,
    and over the people on the proxy the Pearson correlation ``r`` of the proxy with the
    performance percentile (``pct_adjusted``), its 95% interval (Fisher z, n >= 4) and ``n_r``;
    ``restates``: the interval lies above 0.5 (the proxy mostly re-expresses performance and
    should not be read as potential). Why: the nine-box's two axes must be two things.
    """
    src = pl.col("potential_source")
    proxy = profile.filter(
        (src == "proxy")
        & pl.col("potential_score").is_not_null()
        & pl.col("pct_adjusted").is_not_null()
    )
    n_r = proxy.height
    r = lo = hi = None
    if n_r >= 4:
        x, y = proxy["potential_score"].to_numpy(), proxy["pct_adjusted"].to_numpy()
        if x.std() > 0 and y.std() > 0:
            r = float(np.corrcoef(x, y)[0, 1])
            z, half = np.arctanh(np.clip(r, -0.999999, 0.999999)), 1.959964 / np.sqrt(n_r - 3)
            lo, hi = float(np.tanh(z - half)), float(np.tanh(z + half))
    earlier = profile.filter(carried_forward()) if "latest_cycle" in profile.columns else None
    return pl.DataFrame(
        {
            "n_people": [profile.height],
            "n_outcome": [int((profile["potential_source"] == "outcome").sum())],
            # of them, rated in an earlier cycle than their latest: carried forward (rev22)
            "n_earlier": [earlier.height if earlier is not None else 0],
            "earlier_cycles": [
                sorted(earlier["potential_cycle"].unique().to_list()) if earlier is not None else []
            ],
            "n_proxy": [int((profile["potential_source"] == "proxy").sum())],
            "n_not_recorded": [int(profile["potential_source"].is_null().sum())],
            "r": [r],
            "r_ci95_low": [lo],
            "r_ci95_high": [hi],
            "n_r": [n_r],
            "restates": [lo is not None and lo > 0.5],
        },
        schema={
            "n_people": pl.Int64,
            "n_outcome": pl.Int64,
            "n_earlier": pl.Int64,
            "earlier_cycles": pl.List(pl.String),
            "n_proxy": pl.Int64,
            "n_not_recorded": pl.Int64,
            "r": pl.Float64,
            "r_ci95_low": pl.Float64,
            "r_ci95_high": pl.Float64,
            "n_r": pl.Int64,
            "restates": pl.Boolean,
        },
    )


def carried_forward() -> pl.Expr:
    """A profile row whose potential is a recorded rating of an earlier cycle than the
    person's latest (their latest cycle's potential cell was blank): the rating is carried
    forward, and the pages and exports say from which cycle (rev22)."""
    return (
        (pl.col("potential_source") == "outcome")
        & pl.col("potential_cycle").is_not_null()
        & pl.col("latest_cycle").is_not_null()
        & (pl.col("potential_cycle") != pl.col("latest_cycle"))
    )


# --------------------------------------------------------------------------------------------
# nine-box
# --------------------------------------------------------------------------------------------


def nine_box(
    profile: pl.DataFrame,
    perf_cuts: tuple[float, float] = (1 / 3, 2 / 3),
    pot_cuts: tuple[float, float] = (1 / 3, 2 / 3),
) -> pl.DataFrame:
    """Place each employee in the 3 x 3 performance-potential grid.

    Parameters
    ----------
    profile
        Output of :func:`performance_profile` (uses pct_shrunk, or pct_adjusted for a profile
        without it, and potential_score).
    perf_cuts, pot_cuts
        Cut points on the 0-1 scales (percentile within peers; potential score).

    Returns
    -------
    pl.DataFrame
        employee_id, performance (``pct_shrunk``: the percentile of the person's level shrunk
        by its reliability, empirical Bayes over cycles, the same as the high-potential
        ranking; ``pct_adjusted`` for a profile without it) with performance_ci95_low / _high
        (where that level's 95% interval falls in the peer group), performance_latest (the
        latest cycle's unshrunk percentile, shown beside it), potential (potential_score) with
        potential_ci95_low / _high (a proxy's interval; null for a recorded rating),
        potential_source, perf_band, pot_band (0 low, 1 medium, 2 high), box (1..9),
        box_label (code of the cell's name, :data:`BOX_CODES`), box_certainty (``certain``,
        ``near_boundary`` or ``not_estimable``, see :func:`_box_certainty`), box_n, box_share,
        n (employees placed).

    Notes
    -----
    box = 3 * pot_band + perf_band + 1, so 1 = low/low (bottom left), 3 = high performance &
    low potential, 7 = high potential & low performance, 9 = high/high ('Star', 明星).
    Employees without a percentile or potential get no box (null) and are not counted.

    References
    ----------
    McKinsey & Company / GE (1970s) nine-box matrix; Silzer & Church (2009), Industrial and
    Organizational Psychology 2(4), 377-412, on its use for talent review.
    """
    cols = set(profile.columns)
    none = pl.lit(None, pl.Float64)
    # the performance axis ranks what is likely to repeat, as the high-potential list does:
    # the shrunk level (pct_shrunk) where the profile has it, else the latest percentile
    shrunk = "pct_shrunk" in cols
    perf, lo, hi = (
        ("pct_shrunk", "pct_shrunk_ci95_low", "pct_shrunk_ci95_high")
        if shrunk
        else ("pct_adjusted", "pct_ci95_low", "pct_ci95_high")
    )
    out = profile.select(
        "employee_id",
        pl.col(perf).alias("performance"),
        (pl.col(lo) if lo in cols else none).alias("performance_ci95_low"),
        (pl.col(hi) if hi in cols else none).alias("performance_ci95_high"),
        pl.col("pct_adjusted").alias("performance_latest"),
        pl.col("potential_score").alias("potential"),
        (pl.col("potential_ci95_low") if "potential_ci95_low" in cols else none).alias(
            "potential_ci95_low"
        ),
        (pl.col("potential_ci95_high") if "potential_ci95_high" in cols else none).alias(
            "potential_ci95_high"
        ),
        (
            pl.col("potential_source") if "potential_source" in cols else pl.lit(None, pl.String)
        ).alias("potential_source"),
    ).with_columns(
        perf_band=band(pl.col("performance"), perf_cuts),
        pot_band=band(pl.col("potential"), pot_cuts),
    )
    out = out.with_columns(
        box=(3 * pl.col("pot_band").cast(pl.Int32) + pl.col("perf_band").cast(pl.Int32) + 1)
    )
    out = out.with_columns(
        box_label=pl.col("box").replace_strict(BOX_CODES, default=None, return_dtype=pl.String),
        n=pl.col("box").count(),
        box_certainty=_box_certainty(perf_cuts, pot_cuts),
    )
    return out.with_columns(
        box_n=pl.when(pl.col("box").is_not_null()).then(pl.len().over("box")).cast(pl.Int64),
    ).with_columns(box_share=pl.col("box_n") / pl.col("n"))


def _box_certainty(perf_cuts: tuple[float, float], pot_cuts: tuple[float, float]) -> pl.Expr:
    """``certain``: both axes' 95% intervals lie inside the person's band (a recorded
    potential rating counts as inside); ``near_boundary``: an interval crosses a cut, so the
    person could as well sit in the next box; ``not_estimable``: an axis has no interval (one
    cycle, no interval on the score); null for a person without a box."""

    def inside(lo: str, hi: str, shown: str, cuts: tuple[float, float]) -> pl.Expr:
        return (band(pl.col(lo), cuts) == pl.col(shown)) & (band(pl.col(hi), cuts) == pl.col(shown))

    perf = inside("performance_ci95_low", "performance_ci95_high", "perf_band", perf_cuts)
    recorded = pl.col("potential_source") == "outcome"
    pot = (
        pl.when(recorded)
        .then(pl.lit(True))
        .otherwise(inside("potential_ci95_low", "potential_ci95_high", "pot_band", pot_cuts))
    )
    return (
        pl.when(pl.col("box").is_null())
        .then(None)
        .when((perf == False) | (pot == False))  # noqa: E712 (null is neither)
        .then(pl.lit("near_boundary"))
        .when(perf & pot)
        .then(pl.lit("certain"))
        .otherwise(pl.lit("not_estimable"))
    )


def nine_box_counts(boxes: pl.DataFrame) -> pl.DataFrame:
    """All nine boxes with counts and shares (zero-filled), from :func:`nine_box` output, and
    ``n_near_boundary``: how many of a box's people could as well sit in the next box;
    ``n_not_estimable``: how many have no interval on an axis, so that cannot be told (one
    cycle of one rating each: "0 near a boundary" is not "every box is firm", rev30b item 3)."""
    grid = pl.DataFrame(
        {
            "box": list(range(1, 10)),
            "perf_band": [(b - 1) % 3 for b in range(1, 10)],
            "pot_band": [(b - 1) // 3 for b in range(1, 10)],
            "box_label": [BOX_CODES[b] for b in range(1, 10)],
        },
        schema_overrides={"box": pl.Int32, "perf_band": pl.Int8, "pot_band": pl.Int8},
    )
    known = "box_certainty" in boxes.columns

    def counted(kind: str) -> pl.Expr:
        return (pl.col("box_certainty") == kind).sum() if known else pl.lit(None, pl.UInt32)

    cnt = (
        boxes.drop_nulls("box")
        .group_by("box")
        .agg(
            n=pl.len().cast(pl.Int64),
            n_near_boundary=counted("near_boundary").cast(pl.Int64),
            n_not_estimable=counted("not_estimable").cast(pl.Int64),
        )
    )
    out = grid.join(cnt, on="box", how="left").with_columns(
        pl.col("n").fill_null(0),
        pl.col("n_near_boundary", "n_not_estimable").fill_null(0 if known else None),
    )
    # with nobody in a box (potential not recorded) a share is null, not 0/0 = NaN
    total = pl.col("n").sum()
    return out.with_columns(share=pl.when(total > 0).then(pl.col("n") / total))


# --------------------------------------------------------------------------------------------
# reasons (codes and parameters, worded by analytics.text)
# --------------------------------------------------------------------------------------------


def _reasons(
    p: pl.DataFrame,
    top_band: float,
    before: tuple[pl.Expr, ...] = (),
    after: tuple[pl.Expr, ...] = (),
) -> pl.DataFrame:
    """Add ``reasons``: the phrases (List(Struct{code, params})) this row's numbers support.

    Codes (catalogue ``reason.<code>``): top_pct_in_peer_group (latest percentile in the top
    20% of the peer group), consistently_top (in the top band for >= 2 cycles), rising /
    falling (slope CI above / below 0), sources_agree, rated_high_potential (outcome) or
    high_potential_proxy, under_rated (adjusted percentile >= 15 points above raw).
    Percentiles are passed in points (0-100). ``before`` / ``after``: a list's own phrases
    (null where a row has none) placed before or after these, in one list built at once
    (:func:`~analytics.text.with_phrases`: a list of structs put together by ``concat_list``
    cost 0.6 CPU s per list at 40M ratings).
    """
    top = _top_bucket(pl.col("pct_adjusted"))
    hw = pl.col("slope_ci95_high") - pl.col("slope")
    high = pl.col("potential_band") == 2
    cycles = pl.col("n_cycles")
    own = (
        pl.when(top <= 20).then(
            phrase(
                "top_pct_in_peer_group",
                pct=top / 100,
                group=pl.col("peer_group"),
                n=pl.col("peer_group_n"),
                cycle=pl.col("latest_cycle"),
            )
        ),
        pl.when(pl.col("consistency") >= 2).then(
            phrase("consistently_top", band=float(top_band), k=pl.col("consistency"), cycles=cycles)
        ),
        pl.when(pl.col("slope_ci95_low") > 0).then(
            phrase("rising", slope=pl.col("slope"), hw=hw, cycles=cycles)
        ),
        pl.when(pl.col("slope_ci95_high") < 0).then(
            phrase(
                "falling",
                slope=pl.col("slope").abs(),
                hw=hw,
                p=pl.col("slope_p"),
                cycles=cycles,
            )
        ),
        pl.when(pl.col("sources_agree").fill_null(False)).then(
            phrase(
                "sources_agree",
                gap=pl.col("mgr_peer_gap"),
                tol=pl.lit(AGREE_TOL),
                cycles=pl.col("n_gap_cycles"),
            )
        ),
        pl.when((pl.col("potential_source") == "outcome") & high).then(
            phrase(
                "rated_high_potential",
                label=pl.col("potential_label"),
                cycle=pl.col("potential_cycle"),
            )
        ),
        pl.when((pl.col("potential_source") == "proxy") & high).then(
            phrase("high_potential_proxy", score=pl.col("potential_score"))
        ),
        pl.when(pl.col("pct_adjusted") - pl.col("pct_raw") >= 0.15).then(
            phrase(
                "under_rated",
                raw=pl.col("pct_raw") * 100,
                adjusted=pl.col("pct_adjusted") * 100,
            )
        ),
    )
    # the dtype of the list as written before (these phrases' list between the others: Polars
    # orders the params' fields otherwise), so stored and refitted lists compare equal
    like = pl.concat_list(*before, phrases(*own), *after) if before or after else None
    return with_phrases(p, "reasons", *before, *own, *after, like=like)


# --------------------------------------------------------------------------------------------
# lists
# --------------------------------------------------------------------------------------------


#: the largest share of the people ranked that the list holds: a "high-potential" list of a
#: whole small unit says nothing (a 30-person company once listed all 30 of its people)
LIST_SHARE = 0.2
#: the most the high-potential list holds, whatever the scope's size
LIST_TOP_N = 50


def high_potential(
    profile: pl.DataFrame,
    top_n: int | None = 50,
    top_share: float | None = None,
    weights: tuple[float, float, float, float] = (0.35, 0.40, 0.15, 0.10),
    top_band: float = 0.2,
    min_people: int = 0,
) -> pl.DataFrame:
    """Ranked high-potential list with a composite score and plain-word reasons.

    Parameters
    ----------
    profile
        Output of :func:`performance_profile`.
    top_n
        Keep this many (None: everyone, ranked).
    top_share
        Keep at most this share of the people ranked, rounded up (e.g. :data:`LIST_SHARE`;
        None: no share limit).
    weights
        Weights of (potential, performance percentile, trajectory percentile, consistency).
    min_people
        No list (no rows) when fewer people than this are ranked: a fifth of one person,
        rounded up, is that person, not a list (the sections pass their ``MIN_N``, 5).

    Returns
    -------
    pl.DataFrame
        rank, employee_id, box, box_label, box_certainty, composite, composite_ci95_low,
        composite_ci95_high (see :func:`composite_interval`), potential_score, latest_raw and
        latest_adjusted (the person score of the latest cycle, raw and rater-adjusted, as every
        page shows it: :mod:`analytics.stats.person_score`), pct_adjusted,
        pct_ci95_low, pct_ci95_high (where the ends of the latest score's 95% interval fall in
        the peer group), trajectory_pct, consistency_share, slope, slope_ci95_low, slope_ci95_high, n_cycles,
        peer_group, peer_group_n, reasons (phrases, see :func:`_reasons`), n (ranked).

    Notes
    -----
    composite = 0.35 * potential + 0.40 * pct_shrunk + 0.15 * trajectory percentile
    + 0.10 * consistency / n_cycles. ``pct_shrunk`` is the percentile of the person's latest
    level on their own trend line (their mean adjusted score shrunk by its reliability, moved
    along the shrunk slope), and the trajectory part is ``trajectory_prob`` = Phi(sqrt(r) z),
    the chance that the person's true slope is above the group's under the empirical-Bayes
    normal model (z: the plain slope's distance from the group's mean in noise SDs, r its
    reliability ``slope_reliability``, :func:`performance_profile`): with two or three cycles
    a slope is mostly one cycle's noise and the part stays near 0.5, so the recovery from one
    unlucky cycle is no rise (issue 18: with 3 cycles the plain slope made it three times as likely to make the
    top 50; tests/sim/hipo.py). The trajectory weighs 0.15 (0.25 before).
    Missing potential counts 0.5. Every part is on 0-1, so composite is on 0-1. When nobody
    ranked has a potential (no rating, no proxy), the potential weight is left out and the
    other weights are rescaled to sum to 1 (0.40 / 0.65 ...), so the top of the ranking can
    reach 100% (:func:`renormalised`): a constant 0.5 for everyone changed no rank but capped
    the score well below 100% (rev21 item 7).

    References
    ----------
    Silzer, R., & Church, A. H. (2009). The pearls and perils of identifying potential.
    Industrial and Organizational Psychology 2(4), 377-412.
    """
    weights = renormalised(profile, weights)
    w_pot, w_perf, w_traj, w_cons = weights
    p = profile.with_columns(
        # the chance the person's true slope is above the group's: 0.5 where the slope is
        # mostly one cycle's noise (two or three cycles); a profile from before it: the mid-rank
        # percentile of the robust slope
        trajectory_pct=pl.col("trajectory_prob").fill_null(0.5)
        if "trajectory_prob" in profile.columns
        else pl.when(pl.col("slope_robust").is_not_null())
        .then((pl.col("slope_robust").rank("average") - 0.5) / pl.col("slope_robust").count())
        .otherwise(pl.lit(0.5)),
        consistency_share=pl.col("consistency") / pl.col("n_cycles"),
    )
    p = p.with_columns(
        composite=w_pot * pl.col("potential_score").fill_null(0.5)
        + w_perf * pl.col("pct_shrunk").fill_null(0.5)
        + w_traj * pl.col("trajectory_pct")
        + w_cons * pl.col("consistency_share").fill_null(0.0)
    )
    p = p.with_columns(composite_interval(p, weights))
    boxes = nine_box(profile).select("employee_id", "box", "box_label", "box_certainty")
    p = p.join(boxes, on="employee_id", how="left")
    p = p.sort(["composite", "employee_id"], descending=[True, False]).with_columns(
        rank=pl.int_range(1, pl.len() + 1).cast(pl.Int64), n=pl.len()
    )
    if p.height < min_people:
        top_n = 0
    elif top_share is not None:
        share_n = max(1, math.ceil(top_share * p.height))
        top_n = share_n if top_n is None else min(top_n, share_n)
    if top_n is not None:
        p = p.head(top_n)
    p = _reasons(p, top_band)
    return p.select(c for c in HIGH_POTENTIAL_COLUMNS if c in p.columns)


def renormalised(
    profile: pl.DataFrame, weights: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """The composite's weights for ``profile``: as given when anyone has a potential score;
    with none recorded, the potential's weight is 0 and the others are rescaled to sum to 1
    (the composite is then a performance ranking over the parts that exist)."""
    has = "potential_score" in profile.columns and profile["potential_score"].is_not_null().any()
    _, w_perf, w_traj, w_cons = weights
    rest = w_perf + w_traj + w_cons
    if has or rest <= 0:
        return weights
    return (0.0, w_perf / rest, w_traj / rest, w_cons / rest)


def composite_interval(p: pl.DataFrame, weights: tuple[float, float, float, float]) -> list:
    """The two Series ``composite_ci95_low`` / ``_high`` of :func:`high_potential` for a
    profile ``p`` with its ``composite`` (a stage of it, public for its test; ``weights`` as
    there): each uncertain part's 95% interval (potential proxy, performance level,
    trajectory), its distances below and above the part weighted and added in quadrature (the
    parts' errors taken as independent); a recorded potential, a missing part counted 0.5 and
    the consistency count add none. Null without a performance level."""
    w_pot, w_perf, w_traj, _ = weights

    def col(name: str) -> np.ndarray:  # a profile without the column: no interval
        if name not in p.columns:
            return np.full(p.height, np.nan)
        return p[name].cast(pl.Float64).fill_null(np.nan).to_numpy()

    if "trajectory_prob" in p.columns:  # the part's own interval (the slope's, mapped)
        lo_t, hi_t = col("trajectory_prob_ci95_low"), col("trajectory_prob_ci95_high")
    else:
        lo_t, hi_t = shares_below(
            pl.Series(np.zeros(p.height, dtype=np.int64)),
            col("slope_robust"),
            [col("slope_robust_ci95_low"), col("slope_robust_ci95_high")],
        )
    x_t = col("trajectory_pct")
    pot, pot_lo, pot_hi = (
        col(c) for c in ("potential_score", "potential_ci95_low", "potential_ci95_high")
    )
    perf, perf_lo, perf_hi = (
        col(c) for c in ("pct_shrunk", "pct_shrunk_ci95_low", "pct_shrunk_ci95_high")
    )

    def gap(x: np.ndarray, end: np.ndarray) -> np.ndarray:
        return np.nan_to_num(np.abs(x - end))  # no interval: the part adds no uncertainty

    down = np.sqrt(
        (w_pot * gap(pot, pot_lo)) ** 2
        + (w_perf * gap(perf, perf_lo)) ** 2
        + (w_traj * gap(x_t, lo_t)) ** 2
    )
    up = np.sqrt(
        (w_pot * gap(pot, pot_hi)) ** 2
        + (w_perf * gap(perf, perf_hi)) ** 2
        + (w_traj * gap(x_t, hi_t)) ** 2
    )
    ok = np.isfinite(perf_lo) & np.isfinite(perf_hi)
    comp = p["composite"].to_numpy()
    return [
        pl.Series("composite_ci95_low", np.where(ok, np.clip(comp - down, 0, 1), np.nan)).fill_nan(
            None
        ),
        pl.Series("composite_ci95_high", np.where(ok, np.clip(comp + up, 0, 1), np.nan)).fill_nan(
            None
        ),
    ]


#: how much higher a person's adjusted percentile must be than their raw one to be listed as a
#: hidden strength (20 percentile points)
HIDDEN_MIN_GAP = 0.20


def hidden_strengths(
    profile: pl.DataFrame, min_gap: float = HIDDEN_MIN_GAP, top_band: float = 0.2
) -> pl.DataFrame:
    """People whose rater-adjusted standing is much higher than their raw standing.

    They were rated by severe raters; the raw ranking hides them.

    Parameters
    ----------
    profile
        Output of :func:`performance_profile` (pct_raw, pct_adjusted within peers).
    min_gap
        Minimum pct_adjusted - pct_raw in the latest cycle (0.20 = 20 percentile points).

    Returns
    -------
    pl.DataFrame
        employee_id, peer_group, peer_group_n, latest_cycle, latest_raw, latest_adjusted,
        rater_effect (raw - adjusted), pct_raw, pct_adjusted, pct_gap, pct_gap_mean,
        min_gap, n_cycles, reasons (phrases); sorted by pct_gap.

    Notes
    -----
    pct_gap = pct_adjusted - pct_raw (same peer group and cycle); pct_gap_mean averages
    over all cycles in scope (a persistent gap means persistently severe raters).

    References
    ----------
    Hoffman, B. J., Lance, C. E., Bynum, B., & Gentry, W. A. (2010). Rater source effects
    are alive and well after all. Personnel Psychology 63(1), 119-151.
    """
    p = profile.with_columns(
        pct_gap=pl.col("pct_adjusted") - pl.col("pct_raw"),
        pct_gap_mean=pl.col("pct_adjusted_mean") - pl.col("pct_raw_mean"),
        rater_effect=pl.col("latest_raw") - pl.col("latest_adjusted"),
        min_gap=pl.lit(float(min_gap)),
    ).filter(pl.col("pct_gap") >= min_gap)
    severe = phrase(
        "severe_raters",
        effect=pl.col("rater_effect"),
        cycle=pl.col("latest_cycle"),
        gap=pl.col("pct_gap") * 100,
        min_gap=float(min_gap) * 100,
        mean_gap=pl.col("pct_gap_mean") * 100,
        cycles=pl.col("n_cycles"),
    )
    p = _reasons(p, top_band, after=(severe,))
    return p.sort(["pct_gap", "employee_id"], descending=[True, False]).select(
        "employee_id",
        "peer_group",
        "peer_group_n",
        "latest_cycle",
        "latest_raw",
        "latest_adjusted",
        "rater_effect",
        "pct_raw",
        "pct_adjusted",
        "pct_gap",
        "pct_gap_mean",
        "min_gap",
        "n_cycles",
        "reasons",
    )


#: the fewest cycles with a score a sustained rise or decline is judged on
TREND_MIN_CYCLES = 3
#: the least rise or fall per cycle (on the 0-1 score) a sustained list counts
TREND_MIN_CHANGE = 0.02


def decliners(
    profile: pl.DataFrame,
    alpha: float = 0.05,
    min_cycles: int = TREND_MIN_CYCLES,
    min_decline: float = TREND_MIN_CHANGE,
    top_band: float = 0.2,
    changes: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Sustained decliners: a significantly negative trajectory over at least ``min_cycles``.

    Parameters
    ----------
    profile
        Output of :func:`performance_profile`.
    alpha
        Two-sided level of the slope test (slope < 0 and p < alpha).
    min_cycles
        Minimum number of cycles with a score (:data:`TREND_MIN_CYCLES`).
    min_decline
        Materiality: the slope must fall by at least this much per cycle (0.02 = 0.08
        points per cycle on a 5-point scale); a tiny but "significant" slope is not a topic.
    changes
        The score changes (:func:`analytics.stats.attribution.score_changes`) of the scope:
        a person whose manager changed to one whose standard is not estimated is marked
        (``with_new_manager``, a first reason), since the move cannot be read as their own.

    Returns
    -------
    pl.DataFrame
        employee_id, peer_group, peer_group_n, n_cycles, first_cycle, latest_cycle,
        first_adjusted, latest_adjusted, with_new_manager, slope, slope_se, slope_ci95_low,
        slope_ci95_high, slope_p, alpha, min_decline, pct_adjusted, reasons (phrases);
        steepest first.

    Notes
    -----
    OLS slope of the rater-adjusted score on cycle order (see :func:`performance_profile`);
    its SE is at least ``slope_se_pooled``, the SE the cycle-to-cycle noise pooled over
    everyone gives (a person's own residuals have n - 2 df: 1 with 3 cycles, and 0 for a
    perfect line); z test and interval on that SE (rev24a item 5).

    References
    ----------
    Student (1908); Draper, N. R., & Smith, H. (1998). Applied Regression Analysis, 3rd ed.,
    Wiley, ch. 1 (slope standard error).
    """
    return _sustained(profile, -1, alpha, min_cycles, min_decline, top_band, changes)


def risers(
    profile: pl.DataFrame,
    alpha: float = 0.05,
    min_cycles: int = TREND_MIN_CYCLES,
    min_rise: float = TREND_MIN_CHANGE,
    top_band: float = 0.2,
    changes: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Sustained risers: a significantly positive trajectory over at least ``min_cycles``, the
    mirror of :func:`decliners` (same test, same materiality, same manager-change mark). Why: a
    person rising 合格 -> 良好 -> 优秀 appeared in no list when the potential rating (and so the
    9-box) was missing (rev23a item 8); the rise is evidence in its own right.

    Returns
    -------
    pl.DataFrame
        As :func:`decliners`, with ``min_rise`` for ``min_decline``; steepest rise first.
    """
    return _sustained(profile, 1, alpha, min_cycles, min_rise, top_band, changes)


def _new_manager_marks(changes: pl.DataFrame | None) -> pl.DataFrame:
    """One row per employee whose manager changed to one whose standard is not estimated in
    some pair of ``changes``: ``with_new_manager`` True and the phrase ``trend_new_manager`` (the
    latest such change)."""
    need = {"employee_id", "manager_changed", "manager_change_estimated", "to_cycle"}
    schema = {"employee_id": pl.String, "with_new_manager": pl.Boolean}
    if changes is None or not need <= set(changes.columns):
        return pl.DataFrame(schema=schema).with_columns(_mark=pl.lit(None))
    unsep = pl.col("manager_changed").fill_null(False) & ~pl.col(
        "manager_change_estimated"
    ).fill_null(False)
    old = pl.col("manager_from") if "manager_from" in changes.columns else pl.lit(None)
    new = pl.col("manager_to") if "manager_to" in changes.columns else pl.lit(None)
    return (
        changes.filter(unsep)
        .sort("to_cycle")
        .group_by("employee_id", maintain_order=True)
        .last()
        .select(
            pl.col("employee_id").cast(pl.String),
            with_new_manager=pl.lit(True),
            _mark=phrase(
                "trend_new_manager",
                old=old.cast(pl.String),
                new=new.cast(pl.String),
                cycle=pl.col("to_cycle").cast(pl.String),
            ),
        )
    )


def _sustained(
    profile: pl.DataFrame,
    sign: int,
    alpha: float,
    min_cycles: int,
    min_change: float,
    top_band: float,
    changes: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """People whose slope has ``sign`` (-1: falling, +1: rising), at least ``min_change`` per
    cycle and p < ``alpha`` on the floored SE, over ``min_cycles`` cycles or more:
    :func:`decliners` and :func:`risers`."""
    from scipy.special import ndtr  # scipy on first use, as in _trajectory

    slope = pl.col("slope") * sign
    threshold = "min_decline" if sign < 0 else "min_rise"
    # the SE floor: a stored profile from before it has no pooled SE and keeps its own
    pooled = pl.col("slope_se_pooled") if "slope_se_pooled" in profile.columns else None
    se = pl.col("slope_se") if pooled is None else pl.max_horizontal("slope_se", pooled)
    p = profile.with_columns(slope_se=se).with_columns(
        slope_ci95_low=pl.col("slope") - _Z95 * pl.col("slope_se"),
        slope_ci95_high=pl.col("slope") + _Z95 * pl.col("slope_se"),
        _z=(pl.col("slope") / pl.col("slope_se")).abs(),
    )
    p = p.with_columns(
        slope_p=pl.Series(2 * ndtr(-p["_z"].fill_null(np.nan).to_numpy())).fill_nan(None)
    )
    p = p.filter(
        (pl.col("n_cycles") >= min_cycles)
        # a slope of exactly min_change counts, whichever way its last bit fell (the stored
        # and the refitted profile differ by 1e-16 and disagreed on such a person)
        & (slope >= abs(min_change) - _TIE)
        & (slope > 0)
        & (pl.col("slope_p") < alpha)
    ).with_columns(alpha=pl.lit(float(alpha)), **{threshold: pl.lit(float(abs(min_change)))})
    moved = phrase(
        "declined" if sign < 0 else "rose",
        first=pl.col("first_adjusted"),
        first_cycle=pl.col("first_cycle"),
        latest=pl.col("latest_adjusted"),
        cycle=pl.col("latest_cycle"),
        pct=pl.col("pct_adjusted") * 100,
        group=pl.col("peer_group"),
    )
    marks = _new_manager_marks(changes)
    p = p.with_columns(pl.col("employee_id").cast(pl.String)).join(
        marks, on="employee_id", how="left"
    )
    # the manager change first: the rise cannot be read as this person's (rev24a item 5)
    p = _reasons(p, top_band, before=(pl.col("_mark"),) if marks.height else (), after=(moved,))
    p = p.with_columns(with_new_manager=pl.col("with_new_manager").fill_null(False))
    return p.sort([slope.alias("_s"), "employee_id"], descending=[True, False]).select(
        "employee_id",
        "peer_group",
        "peer_group_n",
        "n_cycles",
        "first_cycle",
        "latest_cycle",
        "first_adjusted",
        "latest_adjusted",
        "with_new_manager",
        "slope",
        "slope_se",
        "slope_ci95_low",
        "slope_ci95_high",
        "slope_p",
        "alpha",
        threshold,
        "pct_adjusted",
        "reasons",
    )
