"""The person score: one number per person and cycle from their ratings, defined once.

Every page, export and analysis that shows a person's score or its change (the distributions'
rating-based score, the rater-adjusted scores, the score changes and their attribution, the
performance profile and the high-potential list built on it) takes its weights from here, so
the same person's score and change are the same number everywhere (issue 18: the
distributions weighted manager 0.6 / peer 0.2 / skip-level 0.2 while the other analyses
averaged the rating rows, and one group's change read -0.129 on one page and -0.044 on
another).

Definition (``docs/methods.md``, "The person score"): rater j of role r(j) gives person i in
cycle t the rows x_k with dimension weights d_k (null -> 1, NaN -> 1, negative -> 0); the
rater's view is ``s_j = sum d_k x_k / sum d_k`` and their weight in the score

    w_j = W_r(j) / sum_{roles r present} W_r  x  D_j / D_r(j)

with W_r the role weight (:data:`DEFAULT_ROLE_WEIGHTS`, or the dataset's), D_j = sum d_k of
rater j and D_r the same summed over the raters of role r. The raw score is ``sum_j w_j s_j``
(= the role-weighted mean of the role means, the pooled dimension-weighted mean of each
role's rows); the rater-adjusted score subtracts ``sum_j w_j b_j`` (b_j rater j's estimated
leniency). Roles with weight 0 (self, upward by default) do not count; a person who lacks a
role that has weight is scored on the roles present, their weights renormalised.

Pure, vectorised functions over Polars frames; no words, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import polars as pl

from analytics import schema as S
from analytics.stats.checks import require_columns
from analytics.stats.keys import PAIR_KEYS, ROW, dense_codes, gather_rows, group_codes

__all__ = [
    "DEFAULT_ROLE_WEIGHTS",
    "RaterViews",
    "dimension_weight",
    "dimension_weighted_means",
    "person_scores",
    "person_scores_from_pairs",
    "rater_means",
    "rater_means_from_pairs",
    "rater_views_from_pairs",
    "rater_weights_from_pairs",
    "role_weights",
    "views_of",
    "weighted_roles",
    "with_rater_weights",
]

DEFAULT_ROLE_WEIGHTS: dict[str, float] = {
    "manager": 0.6,
    "peer": 0.2,
    "skip_level": 0.2,
    "self": 0.0,
    "subordinate": 0.0,
}
"""Default role weights of the person score (self and upward ratings excluded)."""


def role_weights(weights: Mapping[str, float] | None = None) -> dict[str, float]:
    """The role weights to use: ``weights`` checked (every value finite and >= 0, a positive
    sum, roles of :data:`analytics.schema.RATER_ROLES` only) with the roles it does not name at
    0; None: :data:`DEFAULT_ROLE_WEIGHTS`. Raises ValueError otherwise."""
    if weights is None:
        return dict(DEFAULT_ROLE_WEIGHTS)
    out = dict.fromkeys(S.RATER_ROLES, 0.0)
    for role, value in weights.items():
        if role not in out:
            raise ValueError(f"unknown rater role {role!r} in role weights: {list(out)}")
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"role weight of {role!r} is not a number: {value!r}") from None
        if isinstance(value, bool) or not math.isfinite(v) or v < 0:
            raise ValueError(f"role weights must be finite and >= 0, got {role}={value!r}")
        out[role] = v
    if sum(out.values()) <= 0:
        raise ValueError(f"role weights must have a positive sum, got {dict(weights)}")
    return out


def weighted_roles(weights: Mapping[str, float] | None = None) -> list[str]:
    """The roles with a positive weight, in :data:`analytics.schema.RATER_ROLES` order."""
    w = role_weights(weights)
    return [r for r in S.RATER_ROLES if w[r] > 0]


def _weight_of_role(weights: Mapping[str, float]) -> pl.Expr:
    """Each row's role weight (0 for a role not weighted or a null role): a when-chain, cheap
    on a Categorical role column."""
    expr: pl.Expr = pl.lit(0.0, dtype=pl.Float64)
    for role in reversed([r for r, v in weights.items() if v > 0]):
        expr = pl.when(pl.col("rater_role") == role).then(pl.lit(weights[role])).otherwise(expr)
    return expr


def _pairs_weighted_alike(ratings: pl.DataFrame, pairs: pl.DataFrame) -> bool:
    """Whether the shared pass's dimension-weight sums (keys.rating_pairs: null weight 1, rows
    with a weight <= 0 left out) are the ones defined here (null or NaN weight 1, negative 0):
    they differ only for a NaN weight."""
    if not {"n", "_sw", "_sws", ROW, "rater_role"} <= set(pairs.columns):
        return False
    if "weight" not in ratings.columns:
        return True
    w = ratings["weight"]
    return not (w.dtype.is_float() and bool(w.is_nan().any()))


def rater_means(
    ratings: pl.DataFrame,
    weights: Mapping[str, float] | None = None,
    extra: Sequence[str] = (),
    keys: Sequence[str] = PAIR_KEYS,
) -> pl.LazyFrame:
    """Each rater's view of each person in each cycle, for the roles with a positive weight.

    Returns a lazy frame per (cycle_id, employee_id, rater_id, rater_role): ``n`` (rating rows
    with a finite score), ``d`` (their dimension-weight sum), ``s`` (the dimension-weighted
    mean, ``sum d_k x_k / d``), ``_row`` (the first row's index in ``ratings``) and the
    ``extra`` columns of ``ratings`` taken at that row. Raters whose rows all weigh 0 are left
    out (they add nothing to the score). ``keys``: the grouping, one rater of one person in one
    cycle (another cycle key than ``cycle_id``, e.g. ``cycle_order``, groups the rows by it)."""
    return _rater_means(ratings, None, weights, extra, keys)


def rater_means_from_pairs(
    ratings: pl.DataFrame,
    pairs: pl.DataFrame,
    weights: Mapping[str, float] | None = None,
    extra: Sequence[str] = (),
) -> pl.LazyFrame:
    """:func:`rater_means` (keyed by :data:`~analytics.stats.keys.PAIR_KEYS`) starting from
    ``pairs`` = :func:`analytics.stats.keys.rating_pairs` of these ratings: the rows are then
    not grouped again. Why: several company models start from the same pairs. The rows are
    grouped after all when the pairs' weight sums are not the score's (a NaN dimension weight,
    or pairs without the weighted sums), so the result is :func:`rater_means`' either way."""
    return _rater_means(ratings, pairs, weights, extra, PAIR_KEYS)


def dimension_weight(ratings: pl.DataFrame) -> pl.Expr:
    """Each rating row's dimension weight d_k as the person score reads it: the ``weight``
    column with null or NaN as 1 and a negative weight as 0 (1 without the column)."""
    if "weight" not in ratings.columns:
        return pl.lit(1.0)
    return pl.col("weight").cast(pl.Float64).fill_nan(None).fill_null(1.0).clip(lower_bound=0.0)


def dimension_weighted_means(ratings: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """The mean score of ``ratings`` per ``by`` as the person score weighs a rater's rows
    (``sum d_k x_k / sum d_k``, :func:`dimension_weight`): ``by``, ``score`` and ``n`` (the
    rows that count, weight > 0). A group whose rows all weigh 0 (the KPI and 价值观 columns
    kept beside a company's 总分) has no mean and is left out. Why: the person page's chart
    averaged KPI 82.9, 价值观 81.3 and 总分 82.4 into 82.2 while the score is the 总分's 82.4
    (rev24a item 3); every per-person mean shown beside the score is this one."""
    by = list(by)
    require_columns(ratings, [*by, "score"], "ratings")
    score = pl.col("score").cast(pl.Float64)
    w = dimension_weight(ratings)
    return (
        ratings.lazy()
        .filter(score.is_not_null() & score.is_finite())
        .with_columns(_w=w)
        .filter(pl.col("_w") > 0)
        .group_by(by, maintain_order=True)
        .agg(score=(score * pl.col("_w")).sum() / pl.col("_w").sum(), n=pl.len())
        .collect()
    )


def _rater_means(
    ratings: pl.DataFrame,
    pairs: pl.DataFrame | None,
    weights: Mapping[str, float] | None,
    extra: Sequence[str],
    keys: Sequence[str],
) -> pl.LazyFrame:
    keys = list(keys)
    require_columns(ratings, [*keys, "score"], "ratings")
    roles = weighted_roles(weights)
    if pairs is not None and keys == list(PAIR_KEYS) and _pairs_weighted_alike(ratings, pairs):
        per = (
            pairs.lazy()
            .filter(pl.col("rater_role").is_in(roles) & (pl.col("_sw") > 0))
            .select(*PAIR_KEYS, ROW, n="n", d="_sw", s=pl.col("_sws") / pl.col("_sw"))
        )
    else:
        w = dimension_weight(ratings)
        score = pl.col("score").cast(pl.Float64)
        per = (
            ratings.lazy()
            .with_row_index(ROW)
            .filter(pl.col("rater_role").is_in(roles) & score.is_not_null() & score.is_finite())
            .select(*keys, ROW, _w=w, _ws=w * score)
            .group_by(*keys)
            .agg(n=pl.len(), d=pl.col("_w").sum(), _ws=pl.col("_ws").sum(), _row=pl.col(ROW).min())
            .filter(pl.col("d") > 0)
            .with_columns(s=pl.col("_ws") / pl.col("d"))
            .drop("_ws")
        )
    if extra:
        per = per.collect()
        per = per.with_columns(gather_rows(ratings, per[ROW], extra)).lazy()
    return per


def with_rater_weights(
    per_rater: pl.LazyFrame,
    weights: Mapping[str, float] | None = None,
    keys: Sequence[str] = ("cycle_id", "employee_id"),
) -> pl.LazyFrame:
    """``per_rater`` (one row per rater of a person, with ``rater_role`` and ``d``, as
    :func:`rater_means`) with ``w``: the rater's weight in the person's score,
    ``W_r / sum_{r present} W_r x d_j / D_r``. The weights of each person sum to 1; raters of
    roles with weight 0 are left out."""
    w = role_weights(weights)
    keys = list(keys)
    return (
        per_rater.with_columns(_W=_weight_of_role(w))
        .filter((pl.col("_W") > 0) & (pl.col("d") > 0))
        .with_columns(
            _share=pl.col("_W") * pl.col("d") / pl.col("d").sum().over(*keys, "rater_role")
        )
        .with_columns(w=pl.col("_share") / pl.col("_share").sum().over(keys))
        .drop("_W", "_share")
    )


def rater_weights_from_pairs(
    ratings: pl.DataFrame,
    pairs: pl.DataFrame,
    weights: Mapping[str, float] | None = None,
) -> pl.DataFrame:
    """:func:`with_rater_weights` of :func:`rater_means_from_pairs` (per cycle_id and person),
    collected, with each pair's ``cycle_order`` when ``ratings`` has one. Why: the person
    score, the adjusted scores and the score changes all start from these weights; computed
    once, the company models pass them on (``weighted=``, best as :func:`rater_views_from_pairs`)
    instead of each taking two window sums over the million pairs of 8M ratings again."""
    return rater_views_from_pairs(ratings, pairs, weights).frame


def rater_views_from_pairs(
    ratings: pl.DataFrame,
    pairs: pl.DataFrame,
    weights: Mapping[str, float] | None = None,
) -> RaterViews:
    """:func:`rater_weights_from_pairs` as :class:`RaterViews`: the views grouped to (cycle_id,
    person) first, and the weights' two sums (each role's dimension weights D_r of a person,
    then the person's shares) taken over that grouping as ``np.bincount``, not as two window
    sums that hash the (cycle, person) keys twice more."""
    role_w = role_weights(weights)
    extra = ["cycle_order"] if "cycle_order" in ratings.columns else []
    per = (
        rater_means_from_pairs(ratings, pairs, weights, extra)
        .with_columns(_W=_weight_of_role(role_w))
        .filter((pl.col("_W") > 0) & (pl.col("d") > 0))
        .collect()
    )
    views = RaterViews(per.drop("_W"))
    role, k = dense_codes(per["rater_role"])
    cell = views.code * k + role  # (cycle, person, role)
    d = per["d"].to_numpy()
    share = per["_W"].to_numpy() * d / np.bincount(cell, weights=d, minlength=views.size * k)[cell]
    views.frame = views.frame.with_columns(w=share / views.sum(share)[views.code])
    return views


class RaterViews:
    """The raters' views of people with their weights in the person score (one row per rater
    of a person in a cycle: ``w``, ``s``, ``n``, ``_row`` ..., as :func:`rater_weights_from_pairs`),
    grouped once by ``keys`` (cycle and person).

    Why: the person scores, the adjusted scores and the score changes each summed these views
    per (cycle, person) with a hash group-by of their own on two text keys (three group-bys of
    the 5.5M views of 40M ratings). Grouped once (:func:`~analytics.stats.keys.group_codes`),
    each takes its sums as ``np.bincount`` over the shared codes, and the groups come in the
    keys' sort order, the order those parts are handed out in. A statistic that takes
    ``weighted`` takes this in place of the frame; the findings layer builds it once."""

    def __init__(self, frame: pl.DataFrame, keys: Sequence[str] = ("cycle_id", "employee_id")):
        self.frame = frame
        self.keys = tuple(keys)
        grouped = group_codes(frame, self.keys)
        if grouped is None:  # keys this does not rank (floats): codes from a sort
            ranked = frame.select(pl.struct(*self.keys).rank("dense")).to_series()
            grouped = (ranked.to_numpy().astype(np.int64) - 1, int(ranked.max() or 0))
        self.code, self.size = grouped
        self._count: np.ndarray | None = None

    def count(self) -> np.ndarray:
        """The rows (raters) of each group."""
        if self._count is None:
            self._count = np.bincount(self.code, minlength=self.size)
        return self._count

    def sum(self, values: np.ndarray) -> np.ndarray:
        """``values`` (one per row, no NaN unless it should spread) summed per group, as
        float64 (which ``np.bincount`` gives an empty frame's as int64)."""
        sums = np.bincount(self.code, weights=values, minlength=self.size)
        return sums.astype(np.float64, copy=False)

    def any(self, mask: np.ndarray) -> np.ndarray:
        """Whether some row of the group is in ``mask``."""
        return np.bincount(self.code[mask], minlength=self.size) > 0

    def min(self, values: np.ndarray) -> np.ndarray:
        """The least of ``values`` (integers) per group."""
        out = np.full(self.size, np.iinfo(values.dtype).max, dtype=values.dtype)
        np.minimum.at(out, self.code, values)
        return out

    def std(self, values: np.ndarray) -> pl.Series:
        """The sample standard deviation of ``values`` per group (two passes: the mean, then
        the squared deviations), null for a group of one row, as Polars' ``std``."""
        n = self.count()
        mean = self.sum(values) / np.maximum(n, 1)
        dev = values - mean[self.code]
        var = self.sum(dev * dev) / np.maximum(n - 1, 1)
        return pl.Series(np.sqrt(var)).scatter(np.flatnonzero(n < 2), None)

    def n_unique(self, column: str) -> np.ndarray:
        """The distinct values of ``column`` (a few: the roles) per group."""
        codes, k = dense_codes(self.frame[column])
        seen = np.bincount(self.code * k + codes, minlength=self.size * k) > 0
        return seen.reshape(self.size, k).sum(axis=1)

    def key_frame(self, columns: Sequence[str] | None = None) -> pl.DataFrame:
        """``columns`` (default: the keys) at the first row of each group, in group order."""
        first = np.empty(self.size, dtype=np.int64)
        first[self.code[::-1]] = np.arange(self.code.size - 1, -1, -1)
        return self.frame.select(list(columns or self.keys))[first]

    def per_row(self, side: pl.DataFrame, on: Sequence[str]) -> pl.DataFrame:
        """``side`` (one row per ``on``) matched to each row (a left join in row order)."""
        return (
            self.frame.select(list(on))
            .join(side, on=list(on), how="left", maintain_order="left")
            .drop(list(on))
        )


def views_of(weighted: pl.DataFrame | RaterViews) -> RaterViews:
    """``weighted`` as :class:`RaterViews` grouped by (cycle_id, employee_id): as given, or
    grouped now."""
    return weighted if isinstance(weighted, RaterViews) else RaterViews(weighted)


def person_scores(
    ratings: pl.DataFrame,
    effects: pl.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
) -> pl.DataFrame:
    """The person score of everyone rated, per cycle: raw and rater-adjusted.

    Parameters
    ----------
    ratings
        Long ratings frame: cycle_id, employee_id, rater_id, rater_role, score, optionally
        weight (a dimension weight).
    effects
        Optional (rater_id, effect): each rater's estimated leniency in score units
        (``analytics.stats.raters.rater_effects``); raters without one count 0.
    weights
        Role weights (:func:`role_weights`); None: :data:`DEFAULT_ROLE_WEIGHTS`.

    Returns
    -------
    pl.DataFrame
        cycle_id, employee_id (as in ``ratings``), score (raw), effect (``sum w_j b_j``),
        adjusted (score - effect), n_raters, n_ratings, n_sources (roles that count), sorted
        by cycle and employee. People with no rating of a weighted role are absent.
    """
    return _person_scores(ratings, effects, weights, None)


def person_scores_from_pairs(
    ratings: pl.DataFrame,
    pairs: pl.DataFrame,
    effects: pl.DataFrame | None = None,
    weights: Mapping[str, float] | None = None,
    weighted: pl.DataFrame | RaterViews | None = None,
) -> pl.DataFrame:
    """:func:`person_scores` starting from ``pairs`` = :func:`analytics.stats.keys.rating_pairs`
    of these ratings (see :func:`rater_means_from_pairs`): the same scores, one grouping of the
    rating rows fewer. ``weighted``: :func:`rater_weights_from_pairs` of the same ratings,
    pairs and weights when already at hand (or :func:`rater_views_from_pairs`: grouped too)."""
    return _person_scores(ratings, effects, weights, pairs, weighted)


def _person_scores(
    ratings: pl.DataFrame,
    effects: pl.DataFrame | None,
    weights: Mapping[str, float] | None,
    pairs: pl.DataFrame | None,
    weighted: pl.DataFrame | RaterViews | None = None,
) -> pl.DataFrame:
    views = views_of(
        weighted
        if weighted is not None
        else with_rater_weights(
            _rater_means(ratings, pairs, weights, (), PAIR_KEYS), weights
        ).collect()
    )
    w = views.frame["w"].to_numpy()
    score = views.sum(w * views.frame["s"].to_numpy())
    effect = np.zeros(views.size)
    if effects is not None:
        require_columns(effects, ["rater_id", "effect"], "effects")
        eff = effects.select(
            pl.col("rater_id").cast(ratings.schema["rater_id"]),
            _b=pl.col("effect").cast(pl.Float64).fill_nan(None),
        ).filter(pl.col("rater_id").is_not_null())
        b = views.per_row(eff.unique("rater_id"), ["rater_id"])["_b"].fill_null(0.0).to_numpy()
        effect = views.sum(w * b)
    # the groups come in (cycle_id, employee_id) order: the sorted order, with no sort
    return views.key_frame(["cycle_id", "employee_id"]).with_columns(
        score=score,
        effect=effect,
        n_raters=pl.Series(views.count(), dtype=pl.Int64),
        n_ratings=pl.Series(views.sum(views.frame["n"].to_numpy().astype(np.float64))).cast(
            pl.Int64
        ),
        n_sources=pl.Series(views.n_unique("rater_role"), dtype=pl.Int64),
        adjusted=pl.Series(score - effect),
    )
