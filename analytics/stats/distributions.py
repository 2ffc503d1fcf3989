"""Score distributions per unit: summaries, guideline fit, unit comparisons, inflation trends.

The unit of analysis is the *person* in a cycle (one score per cycle x employee), not the
single rating: a department with many raters per person must not weigh more than one with
few. :func:`employee_scores` builds that frame from the long ratings frame; every other
function takes it. All functions are pure and vectorised (Polars in, Polars out); see
``docs/methods.md`` for the methods note.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import polars as pl

from analytics import schema as S
from analytics.stats.apportion import largest_remainder
from analytics.stats.checks import require_columns
from analytics.stats.intervals import t_critical, wilson_interval
from analytics.stats.keys import KEY, ROW, align_keys, as_string, gather_rows, group_key, sorted_by
from analytics.stats.multiplicity import holm
from analytics.stats.person_score import (
    DEFAULT_ROLE_WEIGHTS,
    RaterViews,
    person_scores,
    person_scores_from_pairs,
    role_weights,
)
from analytics.stats.quantiles import t_quantile

__all__ = [
    "DEFAULT_GUIDELINE",
    "DEFAULT_ROLE_WEIGHTS",
    "GUIDELINE_DIRECTIONS",
    "TIE_DECIMALS",
    "GuidelineError",
    "check_guideline",
    "compare_units",
    "dataset_guideline",
    "department_level",
    "department_paths",
    "employee_scores",
    "employee_scores_from_pairs",
    "grade_shares",
    "grades_outside",
    "guideline_fit_grades",
    "guideline_fit_units",
    "guideline_targets",
    "inflation_trend",
    "inflation_within_scales",
    "recorded_grade_shares",
    "scale_of",
    "summary",
    "tail_grades",
]


DEFAULT_GUIDELINE: dict[str, float] = {"S": 0.10, "A": 0.20, "B": 0.50, "C": 0.15, "D": 0.05}
"""Default forced-distribution guideline (share of people per grade)."""

_ATTRS: tuple[str, ...] = ("cycle_order", "department", "team", "level", "job_family")
_UNIT = "__unit__"
_CONST = "__all__"
_SIM_CELLS = 4_000_000  # bound on the floats held per simulation / pair-matrix chunk


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _as_list(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def _valid_scores(scores: pl.DataFrame, value: str) -> pl.DataFrame:
    """Rows with a finite score (nulls and NaNs dropped), score cast to Float64."""
    return scores.with_columns(pl.col(value).cast(pl.Float64).fill_nan(None)).filter(
        pl.col(value).is_not_null()
    )


def _group_agg(frame: pl.DataFrame, by: list[str], aggs: list[pl.Expr]) -> pl.DataFrame:
    if by:
        return frame.group_by(by).agg(aggs).sort(by, nulls_last=True)
    return frame.select(aggs)


def _grade_order(present: Sequence[str]) -> list[str]:
    """Present grades in their scale's order (best first), else sorted."""
    present = [g for g in dict.fromkeys(present) if g is not None]
    keys = {g: S.grade_key(g) for g in present}
    for scale in S.GRADE_KEYS.values():
        if set(keys.values()) <= set(scale):
            return sorted(present, key=lambda g: scale.index(keys[g]))
    return sorted(present)


#: every grade label of the known scales, as they name themselves
_SCALE_LABELS = frozenset(g for labels in S.GRADE_SCALES.values() for g in labels)


def top_bands(grades: Sequence[str]) -> list[str]:
    """The top bands of a grade scale listed best first: the two best of four or more grades,
    else the best one (S+A of S-D, 优秀+良好 of 优秀-待改进)."""
    grades = list(grades)
    return grades[:2] if len(grades) >= 4 else grades[:1]


class GuidelineError(ValueError):
    """A guideline that cannot be used: ``code`` of the ``guideline.`` catalogue family
    (``empty``, ``negative``, ``sum``) and its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(f"guideline {code}: {params}")


def check_guideline(guideline: Mapping[str, float]) -> dict[str, float]:
    """``guideline`` (grade -> share, best first) as floats, checked: at least one grade,
    every share a number of at least 0, the shares summing to 1 (within 0.0005, so that
    percentages of one decimal are read exactly). :class:`GuidelineError` otherwise."""
    out = {str(g).strip(): float(v) for g, v in guideline.items() if str(g).strip()}
    if not out:
        raise GuidelineError("empty")
    bad = [g for g, v in out.items() if not (math.isfinite(v) and v >= 0)]
    if bad:
        raise GuidelineError("negative", grades=bad)
    total = sum(out.values())
    if abs(total - 1.0) > 5e-4:
        raise GuidelineError("sum", total=total)
    return out


def scale_of(present: Sequence[str | None]) -> list[str]:
    """The grades of the scale the recorded grades ``present`` are on, best first: the known
    scale's labels (:data:`analytics.schema.GRADE_SCALES`) where every recorded grade is one
    of them (its four-grade form before the five-grade one), else the recorded grades in scale
    order; the S-D scale when nothing is recorded (grades are then derived from scores)."""
    keys = {S.grade_key(g) for g in present if g is not None}
    if not keys:
        return list(S.GRADE_SCALES["SABCD"])
    fits = [n for n, scale in S.GRADE_KEYS.items() if keys <= set(scale)]
    if fits:
        return list(S.GRADE_SCALES[min(fits, key=lambda n: len(S.GRADE_KEYS[n]))])
    return _grade_order([g for g in dict.fromkeys(present) if g is not None])


def dataset_guideline(
    stored: Mapping[str, float] | None, present: Sequence[str | None]
) -> tuple[dict[str, float] | None, list[str]]:
    """The guideline a dataset applies and its grades, best first: the one it keeps
    (``stored``); else the code default :data:`DEFAULT_GUIDELINE` when the recorded grades
    ``present`` are S-D (or none are recorded); else None (no shares yet: they must be entered)
    with the recorded scale's grades (:func:`scale_of`), so that a company grading
    优秀/良好/合格/待改进 is asked for its own shares, not compared with S-D (rev23a item 4).
    "S-D" means an S is recorded and every grade is one of S-D: a company grading A/B/C/D
    (20/50/25/5) fits inside S-D too, and was judged against S 10% with an "S" row of people
    to move (rev29a item 3); its grades are asked for as recorded, A/B/C/D."""
    if stored:
        return dict(stored), list(stored)
    grades = scale_of(present)
    if grades != list(DEFAULT_GUIDELINE):
        return None, _own_grades(grades, present)
    keys = {S.grade_key(g) for g in present if g is not None}
    if not keys or "S" in keys:
        return dict(DEFAULT_GUIDELINE), grades
    return None, _grade_order([g for g in present if g is not None])


#: recorded grades from which the form lists only those (fewer: the scale's, as a sparse
#: dataset may not show every grade yet)
OWN_GRADES_MIN = 3


def _own_grades(scale: list[str], present: Sequence[str | None]) -> list[str]:
    """The grades a guideline is asked for: the scale's (:func:`scale_of`) in the spelling the
    data records ('Exceeds', not 'Exceeds Expectations'), and only the recorded ones when at
    least :data:`OWN_GRADES_MIN` are. Why: the form offered 'Outstanding / Exceeds
    Expectations …' to a company grading Exceeds/Meets/Partially Meets/Does Not Meet, and then
    compared nothing, as no recorded grade was named (rev31b item 3)."""
    spelt = {S.grade_key(g): g for g in dict.fromkeys(present) if g is not None}
    own = [spelt.get(S.grade_key(g), g) for g in scale]
    if len(spelt) < OWN_GRADES_MIN:
        return own
    return [g for g in own if S.grade_key(g) in spelt]


def recorded_top_grades(
    present: Sequence[str | None], guideline: Mapping[str, float] | None = None
) -> list[str]:
    """The grades a top-grade share counts, on the company's own scale: the guideline's top
    grades (:func:`tail_grades`: A of A 15 / B 60 / C 20 / D 5, S+A of the S-D default) when
    one is kept (``guideline``) or applies (:func:`dataset_guideline`: S-D grades), else the
    top bands (:func:`top_bands`) of the recorded grades' scale (A+B of A/B/C/D, 优秀+良好 of
    优秀-待改进); then any recorded spelling of them (full-width, lower case). Empty when no
    guideline is kept and the grades ``present`` are on no known scale: which grades are "top"
    cannot be told, so a top-grade share cannot be estimated. Why: a company grading
    优秀/良好/合格/待改进 has no S or A, and counting those letters showed a top share of 0% in
    every cycle (rev23a); a company grading A/B/C/D was read on the S-D scale, its top share
    named "S+A" (rev30b item 11)."""
    keys = {g: S.grade_key(g) for g in dict.fromkeys(present) if g is not None}
    if not keys and not guideline:
        return []
    applied, grades = dataset_guideline(guideline, list(keys))
    if applied:
        labels = tail_grades(applied)[0]
    elif any(set(keys.values()) <= set(scale) for scale in S.GRADE_KEYS.values()):
        # the whole scale's top bands, not the form's recorded grades (fixrev31b: a company
        # never grading Outstanding still counts Exceeds alone, not Exceeds+Meets)
        full = scale_of(list(keys))
        labels = top_bands(grades if full == list(DEFAULT_GUIDELINE) else full)
    else:
        return []
    top = {S.grade_key(g) for g in labels}
    return labels + [g for g, k in keys.items() if k in top and g not in labels]


def _nan_to_null(frame: pl.DataFrame) -> pl.DataFrame:
    floats = [c for c, t in frame.schema.items() if t == pl.Float64]
    return frame.with_columns([pl.col(c).fill_nan(None) for c in floats])


def _ncx2_lambda(stat: np.ndarray, dfree: np.ndarray, target: float) -> np.ndarray:
    """Noncentrality lambda with ``ncx2.cdf(stat, df, lambda) == target`` (0 if none >= 0).

    The cdf falls monotonically in lambda, so a vectorised bracket-and-bisect suffices.
    """
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import special, stats

    stat = np.asarray(stat, float)
    dfree = np.asarray(dfree, float)
    out = np.full(stat.shape, np.nan)
    ok = np.isfinite(stat) & (dfree > 0)
    if not ok.any():
        return out
    x, d = stat[ok], dfree[ok]
    at_zero = stats.chi2.cdf(x, d)
    res = np.zeros(x.shape)
    need = at_zero > target
    if need.any():
        xs, ds = x[need], d[need]
        lo = np.zeros(xs.shape)
        hi = np.maximum(10.0, 2.0 * xs)
        # every x here is above 0 (its cdf at lambda 0 is above the target) and every lambda
        # tried is: ``ncx2.cdf`` there is ``special.chndtr`` itself (the same numbers), called
        # directly when the df are finite. Why: its argument checks and masks were 90% of the
        # bisection's CPU (7.4 ms a call for 13 units, 0.75 ms direct), and a refresh of the
        # 300-person demo bisects about 100 times (every scope's guideline and unit tests)
        cdf = special.chndtr if np.isfinite(ds).all() else stats.ncx2.cdf
        for _ in range(64):  # grow the bracket until cdf(hi) < target
            bad = cdf(xs, ds, hi) >= target
            if not bad.any():
                break
            hi = np.where(bad, hi * 2.0, hi)
        for _ in range(100):  # bisection to ~1e-30 relative width
            mid = 0.5 * (lo + hi)
            above = cdf(xs, ds, mid) > target
            lo = np.where(above, mid, lo)
            hi = np.where(above, hi, mid)
            if np.all(hi - lo <= 1e-10 * np.maximum(1.0, hi)):
                break
        res[need] = 0.5 * (lo + hi)
    out[ok] = res
    return out


# --------------------------------------------------------------------------------------------
# employee scores
# --------------------------------------------------------------------------------------------


def employee_scores(
    ratings: pl.DataFrame,
    outcomes: pl.DataFrame | None = None,
    by_role_weights: Mapping[str, float] | None = None,
) -> pl.DataFrame:
    """One score per (cycle_id, employee_id): the people-level unit of every distribution.

    Distributions describe people, not ratings: an employee with eight peer ratings must not
    count eight times. The recorded outcome (``final_score``) wins when given (the score the
    company decided, which its grades and guideline are about); otherwise the score is the
    person score of :mod:`analytics.stats.person_score` (``rating_score``, always given: the
    number the other pages show for the person).

    Parameters
    ----------
    ratings : pl.DataFrame
        Long ratings frame (``db.ratings_frame``): cycle_id, cycle_order, employee_id,
        rater_role, score, weight, department, team, level, job_family.
    outcomes : pl.DataFrame, optional
        ``schema.OUTCOMES`` rows; ``final_score`` replaces the rating-based score and
        ``grade`` is carried when present.
    by_role_weights : mapping, optional
        Weight per rater role (:func:`analytics.stats.person_score.role_weights`); roles not
        named get 0. Default :data:`DEFAULT_ROLE_WEIGHTS` (manager 0.6, peer 0.2, skip_level
        0.2, self and subordinate 0).

    Returns
    -------
    pl.DataFrame
        cycle_id, cycle_order, employee_id, department, team, level, job_family, score,
        score_source ("outcome" | "ratings"), rating_score, n_ratings, n_sources, grade.
        Employees with neither an outcome score nor any positively weighted source (e.g.
        self ratings only) are dropped.

    Notes
    -----
    Rating score (:func:`analytics.stats.person_score.person_scores`): source mean of role r
    ``m_r = sum(w_d * x) / sum(w_d)`` over that role's ratings, with ``w_d`` the rating's
    ``weight`` (null/NaN -> 1, negative -> 0); ``sum_r W_r m_r / sum_r W_r`` over the roles
    present with ``W_r > 0``, i.e. the role weights are renormalised over the sources an
    employee actually has. ``n_ratings`` counts every rating row with a score (self too).

    References
    ----------
    Bracken, D. W., Timmreck, C. W., & Church, A. H. (2001). *The Handbook of Multisource
    Feedback*. Jossey-Bass (source weighting in 360-degree feedback).
    """
    return _employee_scores(ratings, outcomes, by_role_weights, None)


def employee_scores_from_pairs(
    ratings: pl.DataFrame,
    pairs: pl.DataFrame,
    outcomes: pl.DataFrame | None = None,
    by_role_weights: Mapping[str, float] | None = None,
    weighted: pl.DataFrame | RaterViews | None = None,
) -> pl.DataFrame:
    """:func:`employee_scores` with the role sums from ``pairs`` =
    :func:`analytics.stats.keys.rating_pairs` of ``ratings``: its per-pair weighted sums (a few
    million pairs instead of every rating row). The person score groups the rows again when a
    weight is NaN (counted 1 in the score, left out of the pairs' sums), so the scores are the
    same. ``weighted``: the raters' weights in the person score when already at hand
    (:func:`analytics.stats.person_score.rater_weights_from_pairs` of the same inputs, or
    its :func:`~analytics.stats.person_score.rater_views_from_pairs`, grouped once for all)."""
    return _employee_scores(ratings, outcomes, by_role_weights, pairs, weighted)


_EMPLOYEE_SCORE_COLUMNS = (
    "cycle_id",
    "cycle_order",
    "employee_id",
    "department",
    "team",
    "level",
    "job_family",
    "score",
    "score_source",
    "rating_score",
    "n_ratings",
    "n_sources",
    "grade",
)


def _employee_scores(
    ratings: pl.DataFrame,
    outcomes: pl.DataFrame | None,
    by_role_weights: Mapping[str, float] | None,
    pairs: pl.DataFrame | None,
    weighted: pl.DataFrame | RaterViews | None = None,
) -> pl.DataFrame:
    """:func:`employee_scores` in its stages; ``pairs`` / ``weighted``: the shared pass."""
    require_columns(ratings, ["cycle_id", "employee_id", "rater_role", "score"], "ratings")
    weights = role_weights(by_role_weights)
    attrs = [c for c in _ATTRS if c in ratings.columns]
    keys = ["cycle_id", "employee_id"]
    emp = _rated_people(ratings, pairs, keys)
    # the person score (analytics.stats.person_score): the one definition of the rating score
    scored = (
        person_scores(ratings, None, weights)
        if pairs is None
        else person_scores_from_pairs(ratings, pairs, None, weights, weighted)
    )
    person = scored.select(*keys, rating_score="score", n_sources="n_sources")
    # the first valid rating row of each person carries the attributes
    emp = _sorted_people(emp.with_columns(gather_rows(ratings, emp["_r"], [*keys, *attrs])))
    # the joins keep that order; on the ratings' own key dtypes, then text out as String
    emp = as_string(
        emp.join(
            align_keys(person, emp.schema, keys), on=keys, how="left", maintain_order="left"
        ).with_columns(pl.col("n_sources").fill_null(0))
    )
    emp = _with_outcome_scores(emp.lazy(), outcomes, keys)
    for c in _ATTRS:
        if c not in attrs:
            emp = emp.with_columns(
                pl.lit(None, dtype=pl.Int64 if c == "cycle_order" else pl.String).alias(c)
            )
    return emp.select(_EMPLOYEE_SCORE_COLUMNS).collect()


def _sorted_people(emp: pl.DataFrame) -> pl.DataFrame:
    """The rated people in the order :func:`employee_scores` hands them out (cycle order,
    cycle, person; text as text). Sorted before the joins, on the ratings' Categorical codes:
    the same order as sorting the String columns at the end, without hashing 1.26M ids of
    40M ratings twice again for their text ranks (an Enum key, ranked by its categories'
    order, is sorted as text)."""
    order = [c for c in ("cycle_order", "cycle_id", "employee_id") if c in emp.columns]
    enums = [c for c in order if isinstance(emp.schema[c], pl.Enum)]
    return sorted_by(as_string(emp, enums) if enums else emp, order, nulls_last=True).drop("_r")


def _rated_people(
    ratings: pl.DataFrame, pairs: pl.DataFrame | None, keys: list[str]
) -> pl.DataFrame:
    """Each rated (cycle, person): count of valid ratings and first row, shared pass or rows."""
    if pairs is not None and {"n", ROW} <= set(pairs.columns):
        # the shared pass: per pair the rows' count and first row
        lf = pairs.lazy().select(*keys, _n="n", _r=ROW)
        frame, count = pairs, pl.col("_n").sum()
    else:
        # keys only through the aggregation: the attributes are gathered at one row per person
        lf = (
            ratings.lazy()
            .with_row_index(ROW)
            .select(*keys, _r=ROW, score=pl.col("score").cast(pl.Float64))
            .filter(pl.col("score").is_not_null() & pl.col("score").is_finite())
        )
        frame, count = ratings, pl.len()
    # one integer key (packed codes of a Categorical frame), the ids come back with the rows
    return (
        lf.group_by(*group_key(frame, keys))
        .agg(count.cast(pl.Int64).alias("n_ratings"), pl.col("_r").min())
        .drop(KEY, *keys, strict=False)
        .collect()
    )


def _outcome_columns(outcomes: pl.DataFrame, score: str) -> list[pl.Expr]:
    """The keys as text, the final score (as ``score``; NaN and absent: null) and the grade
    (absent: null) of ``outcomes``."""
    return [
        pl.col("cycle_id").cast(pl.String),
        pl.col("employee_id").cast(pl.String),
        (
            pl.col("final_score").cast(pl.Float64).fill_nan(None)
            if "final_score" in outcomes.columns
            else pl.lit(None, dtype=pl.Float64)
        ).alias(score),
        (
            pl.col("grade").cast(pl.String)
            if "grade" in outcomes.columns
            else pl.lit(None, dtype=pl.String)
        ).alias("grade"),
    ]


def outcome_scores(
    outcomes: pl.DataFrame, employees: pl.DataFrame, cycles: pl.DataFrame | None = None
) -> pl.DataFrame:
    """:func:`employee_scores` of a dataset (or scope) of results only: one row per person and
    cycle with a recorded final score or grade, the score the final score (``score_source``
    "outcome"), the person's department, team, level and job family from ``employees`` and the
    cycle's ``ordering`` from ``cycles``. No rating: ``rating_score`` null, ``n_ratings`` and
    ``n_sources`` 0. A person with a grade and no score keeps the grade (the guideline fit reads
    it) with a null score (the score's summaries leave it out). Session 45 helper R: such a
    dataset showed no analysis at all."""
    require_columns(outcomes, ["cycle_id", "employee_id"], "outcomes")
    keys = ["cycle_id", "employee_id"]
    oc = outcomes.select(_outcome_columns(outcomes, "score")).filter(
        pl.col("score").is_not_null() | pl.col("grade").is_not_null()
    )
    oc = oc.unique(subset=keys, keep="first", maintain_order=True)
    attrs = [c for c in _ATTRS if c != "cycle_order"]
    people = employees.select(
        pl.col("employee_id").cast(pl.String),
        *[
            pl.col(c).cast(pl.String)
            if c in employees.columns
            else pl.lit(None, pl.String).alias(c)
            for c in attrs
        ],
    ).unique("employee_id", keep="first")
    order = (
        cycles.select(pl.col("cycle_id").cast(pl.String), pl.col("ordering").cast(pl.Int64))
        if cycles is not None and "ordering" in cycles.columns
        else pl.DataFrame(schema={"cycle_id": pl.String, "ordering": pl.Int64})
    )
    return (
        oc.join(people, on="employee_id", how="inner")
        .join(order.unique("cycle_id"), on="cycle_id", how="left")
        .with_columns(
            pl.col("ordering").alias("cycle_order"),
            pl.lit("outcome").alias("score_source"),
            pl.lit(None, dtype=pl.Float64).alias("rating_score"),
            pl.lit(0, dtype=pl.Int64).alias("n_ratings"),
            pl.lit(0, dtype=pl.UInt32).alias("n_sources"),
        )
        .select(_EMPLOYEE_SCORE_COLUMNS)
        .sort("cycle_order", "cycle_id", "employee_id", nulls_last=True)
    )


def _with_outcome_scores(
    emp: pl.LazyFrame, outcomes: pl.DataFrame | None, keys: list[str]
) -> pl.LazyFrame:
    """The score judged on: recorded final score, else the rating score; its source, grade."""
    if outcomes is not None:
        require_columns(outcomes, ["cycle_id", "employee_id"], "outcomes")
        oc = (
            outcomes.lazy()
            .select(_outcome_columns(outcomes, "_final"))
            .unique(subset=keys, keep="first")
        )
        emp = emp.join(oc, on=keys, how="left", maintain_order="left")
    else:
        emp = emp.with_columns(
            pl.lit(None, dtype=pl.Float64).alias("_final"),
            pl.lit(None, dtype=pl.String).alias("grade"),
        )
    return emp.with_columns(
        pl.coalesce("_final", "rating_score").alias("score"),
        pl.when(pl.col("_final").is_not_null())
        .then(pl.lit("outcome"))
        .when(pl.col("rating_score").is_not_null())
        .then(pl.lit("ratings"))
        .otherwise(None)
        .alias("score_source"),
    ).filter(pl.col("score").is_not_null())


def department_paths(
    frame: pl.DataFrame, column: str = "department", alias: str = "unit"
) -> pl.DataFrame:
    """Each row once per department path it belongs to, at every depth (销售中心/华东区 -> rows
    with ``alias`` 销售中心 and 销售中心/华东区): a unit then holds its whole subtree, as a
    department scope does. Rows without a path are dropped."""
    parts = frame.with_columns(
        pl.col(column).cast(pl.String).str.split("/").alias("_p")
    ).drop_nulls("_p")
    depth = int(parts["_p"].list.len().max() or 0)
    if not depth:
        return frame.clear().with_columns(pl.lit(None, pl.String).alias(alias))
    return pl.concat(
        [
            parts.filter(pl.col("_p").list.len() >= k).with_columns(
                pl.col("_p").list.head(k).list.join("/").alias(alias)
            )
            for k in range(1, depth + 1)
        ]
    ).drop("_p")


def department_level(
    scores: pl.DataFrame, depth: int, column: str = "department", alias: str | None = None
) -> pl.DataFrame:
    """Roll department paths up to their first ``depth`` levels (销售中心/华东区 -> 销售中心).

    Lets every grouping function compare department *subtrees* without a separate API.

    Parameters
    ----------
    scores : pl.DataFrame
        Any frame with a path column.
    depth : int
        Number of path levels kept (>= 1).
    column, alias : str
        Path column; the truncated path replaces it unless ``alias`` names a new column.

    Notes
    -----
    The path is split on ``/`` after stripping leading/trailing slashes; paths shallower than
    ``depth`` are kept whole.
    """
    require_columns(scores, [column], "scores")
    if not isinstance(depth, int) or depth < 1:
        raise ValueError(f"depth must be an integer >= 1, got {depth!r}")
    path = pl.col(column).cast(pl.String)
    cut = path.str.strip_chars("/").str.split("/").list.head(depth).list.join("/")
    # the string work on the few distinct paths only, then a lookup per row
    paths = scores.select(path.unique().drop_nulls()).with_columns(cut.alias("_cut"))
    expr = path.replace_strict(paths[column], paths["_cut"], default=None, return_dtype=pl.String)
    return scores.with_columns(expr.alias(alias or column))


# --------------------------------------------------------------------------------------------
# summary and grade shares
# --------------------------------------------------------------------------------------------


def grade_shares(
    scores: pl.DataFrame,
    by: Sequence[str] | str | None,
    grades: Sequence[str] | None = ("S", "A", "B", "C", "D"),
    conf: float = 0.95,
) -> pl.DataFrame:
    """Long table of grade counts and shares per unit, zero rows included.

    Parameters
    ----------
    scores : pl.DataFrame
        Output of :func:`employee_scores` (needs ``grade``).
    by : list of str
        Unit columns (empty/None = whole frame).
    grades : sequence of str, optional
        Grades always listed (zero counts included), best first; grades present in the data
        but not listed are appended in scale order. None = only the grades present.

    Returns
    -------
    pl.DataFrame
        by..., grade, n (people with a grade in the unit), count, share, share_lo, share_hi
        (Wilson 95% interval).

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *JASA*, 22(158), 209-212.
    """
    by = _as_list(by)
    require_columns(scores, [*by, "grade"], "scores")
    graded = scores.filter(pl.col("grade").is_not_null())
    present = graded.get_column("grade").unique().to_list()
    listed = list(grades) if grades is not None else []
    extra = [g for g in _grade_order(present) if g not in listed]
    order = listed + extra
    key = by or [_CONST]
    if not by:
        graded = graded.with_columns(pl.lit(1).alias(_CONST))
    units = graded.group_by(key).agg(pl.len().cast(pl.Int64).alias("n"))
    grid = units.join(pl.DataFrame({"grade": order}, schema={"grade": pl.String}), how="cross")
    counts = graded.group_by([*key, "grade"]).agg(pl.len().cast(pl.Int64).alias("count"))
    out = (
        grid.join(counts, on=[*key, "grade"], how="left", nulls_equal=True)
        .with_columns(pl.col("count").fill_null(0))
        .with_columns(pl.col("grade").replace_strict(order, list(range(len(order)))).alias("_g"))
        .sort([*key, "_g"], nulls_last=True)
        .drop("_g")
    )
    lo, hi = wilson_interval(
        out.get_column("count").to_numpy(), out.get_column("n").to_numpy(), conf
    )
    out = out.with_columns(
        (pl.col("count") / pl.col("n")).alias("share"),
        pl.Series("share_lo", lo),
        pl.Series("share_hi", hi),
    )
    if not by:
        out = out.drop(_CONST)
    return out.select([*by, "grade", "n", "count", "share", "share_lo", "share_hi"])


def summary(
    scores: pl.DataFrame,
    by: Sequence[str] | str | None,
    min_n: int = 5,
    value: str = "score",
    conf: float = 0.95,
    grades: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Per-unit distribution summary of people's scores, with grade shares.

    Parameters
    ----------
    scores : pl.DataFrame
        Output of :func:`employee_scores` (one row per person and cycle).
    by : list of str
        Unit columns, e.g. ``["cycle_id", "department"]``; empty = one row for everything.
        Use :func:`department_level` first to group by department subtree.
    min_n : int
        Units with ``n < min_n`` get ``small_n = True`` (too few people to read a shape).
    value : str
        Score column.
    grades : sequence of str, optional
        The scale's grades, best first, each given a ``share_<grade>`` column even where no
        unit of ``scores`` has anyone in it (a scope of sales units without one 优秀 showed no
        优秀 column at all, the number its meeting needs: rev24a item 9). None: the grades
        present.

    Returns
    -------
    pl.DataFrame
        by..., n, mean, sd, mean_lo, mean_hi, median, q1, q3, iqr, skewness, kurtosis,
        min_n, small_n, and when grades exist n_graded and ``share_<grade>`` per grade of
        ``grades`` and per grade present (scale order; 0 where a unit has no one in that grade,
        null where it has no grades).

    Notes
    -----
    ``sd`` uses ddof = 1; quartiles use linear interpolation (numpy's default, Hyndman & Fan
    type 7). Skewness is the adjusted Fisher-Pearson G1 = g1 * sqrt(n(n-1)) / (n-2) (n >= 3),
    kurtosis the bias-corrected excess G2 = ((n+1) g2 + 6)(n-1) / ((n-2)(n-3)) (n >= 4), equal
    to ``scipy.stats.skew/kurtosis(bias=False)``. Mean CI: mean +/- t(0.975, n-1) sd / sqrt(n).

    References
    ----------
    Joanes, D. N., & Gill, C. A. (1998). Comparing measures of sample skewness and kurtosis.
    *The Statistician*, 47(1), 183-189.
    Hyndman, R. J., & Fan, Y. (1996). Sample quantiles in statistical packages. *The American
    Statistician*, 50(4), 361-365.
    """
    by = _as_list(by)
    require_columns(scores, [*by, value], "scores")
    df = _valid_scores(scores, value)
    x = pl.col(value)
    n = pl.len()
    aggs = [
        n.cast(pl.Int64).alias("n"),
        x.mean().alias("mean"),
        x.std(ddof=1).alias("sd"),
        x.median().alias("median"),
        x.quantile(0.25, interpolation="linear").alias("q1"),
        x.quantile(0.75, interpolation="linear").alias("q3"),
        pl.when(n >= 3).then(x.skew(bias=False)).otherwise(None).alias("skewness"),
        pl.when(n >= 4).then(x.kurtosis(fisher=True, bias=False)).otherwise(None).alias("kurtosis"),
    ]
    out = _group_agg(df, by, aggs)
    nn = out.get_column("n").to_numpy()
    half = t_critical(nn, conf) * out.get_column("sd").to_numpy() / np.sqrt(np.maximum(nn, 1))
    out = out.with_columns(
        (pl.col("q3") - pl.col("q1")).alias("iqr"),
        (pl.col("mean") - pl.Series(half)).alias("mean_lo"),
        (pl.col("mean") + pl.Series(half)).alias("mean_hi"),
        pl.lit(int(min_n), dtype=pl.Int64).alias("min_n"),
        (pl.col("n") < min_n).alias("small_n"),
    ).select(
        *by,
        "n",
        "mean",
        "sd",
        "mean_lo",
        "mean_hi",
        "median",
        "q1",
        "q3",
        "iqr",
        "skewness",
        "kurtosis",
        "min_n",
        "small_n",
    )
    out = _nan_to_null(out)
    if "grade" in df.columns and df.get_column("grade").drop_nulls().len() > 0:
        long = grade_shares(df, by, grades=grades)
        order = long.get_column("grade").unique(maintain_order=True).to_list()
        key = by or [_CONST]
        if not by:
            long = long.with_columns(pl.lit(1).alias(_CONST))
            out = out.with_columns(pl.lit(1).alias(_CONST))
        wide = long.select(
            *key, pl.col("n").alias("n_graded"), ("share_" + pl.col("grade")).alias("g"), "share"
        ).pivot(on="g", index=[*key, "n_graded"], values="share")
        wide = wide.select(*key, "n_graded", *[f"share_{g}" for g in order])
        out = out.join(wide, on=key, how="left", nulls_equal=True).with_columns(
            pl.col("n_graded").fill_null(0)
        )
        if not by:
            out = out.drop(_CONST)
    return out


# --------------------------------------------------------------------------------------------
# guideline fit
# --------------------------------------------------------------------------------------------


def _derive_grades(df: pl.DataFrame, value: str, guideline: Mapping[str, float]) -> pl.DataFrame:
    """Grades from score ranks by the guideline's cumulative shares, company-wide per cycle."""
    grades = list(guideline)
    cum = np.cumsum([guideline[g] for g in grades])
    cum[-1] = np.inf
    part = ["cycle_id"] if "cycle_id" in df.columns else []
    pos = pl.col(value).rank("min", descending=True) - 1
    tot = pl.len()
    if part:
        pos, tot = pos.over(part), tot.over(part)
    df = df.with_columns((pos / tot).alias("_pos"))
    # + 1e-9 so that a position exactly on a boundary (6/20 = 0.3) is not lost to float noise
    idx = np.searchsorted(cum, df.get_column("_pos").to_numpy() + 1e-9, side="right")
    idx = np.minimum(idx, len(grades) - 1)
    labels = pl.Series("grade", np.asarray(grades, dtype=object)[idx], dtype=pl.String)
    return df.with_columns(labels).drop("_pos")


def guideline_targets(n: int, guideline: Mapping[str, float]) -> dict[str, int]:
    """How many of ``n`` people each grade gets under the guideline: the largest-remainder
    (Hamilton) allocation the guideline fit's ``target_count`` uses (ties: the larger share,
    then the grade listed first). Sums to ``n``."""
    shares = np.array([float(v) for v in guideline.values()])
    counts = largest_remainder(np.array([n]), shares)[0]
    return {g: int(c) for g, c in zip(guideline, counts)}


class _GradeCounts(NamedTuple):
    """Observed grade counts per unit: the input of both guideline fits."""

    units: pl.DataFrame  # by..., n, n_ungraded, unit index
    key: list[str]  # the unit columns (a constant one when ``by`` is empty)
    grades: list[str]
    shares: np.ndarray
    obs: np.ndarray  # units x grades
    source: str  # "recorded" or "derived"


def recorded_grade_shares(shares: pl.DataFrame) -> pl.DataFrame:
    """The rows of :func:`grade_shares` whose grade someone in the scope holds, in the table's
    order (scale order). Why: the S-D grades are always listed with zero counts; a company
    grading 优秀/良好/合格/待改进 would see an empty S-D chart beside its own grades."""
    recorded = shares.filter(pl.col("count") > 0).get_column("grade").unique()
    return shares.filter(pl.col("grade").is_in(recorded.implode()))


def grades_outside(scores: pl.DataFrame, guideline: Mapping[str, float]) -> list[str]:
    """The recorded grades of ``scores`` that the guideline does not name (sorted; empty when
    there are no recorded grades, which are then derived from the scores by the guideline).
    Why: a company grading 优秀/良好/合格/待改进 against the default S-D guideline has no
    guideline fit to show until it declares its own; the fit must say so, not fail."""
    if "grade" not in scores.columns:
        return []
    present = scores.get_column("grade").drop_nulls().unique().to_list()
    return [g for g in _grade_order(present) if g not in guideline]  # in scale order


def _grade_counts(
    scores: pl.DataFrame,
    by: Sequence[str] | str | None,
    guideline: Mapping[str, float] | None,
    value: str,
) -> _GradeCounts:
    """Check the guideline, derive grades when none are recorded, count them per unit."""
    by = _as_list(by)
    guideline = dict(DEFAULT_GUIDELINE if guideline is None else guideline)
    if not guideline:
        raise ValueError("guideline must name at least one grade")
    shares = np.array([float(v) for v in guideline.values()])
    if np.any(~np.isfinite(shares)) or np.any(shares < 0) or abs(shares.sum() - 1.0) > 1e-6:
        raise ValueError(f"guideline shares must be >= 0 and sum to 1, got {guideline}")
    require_columns(scores, [*by, value], "scores")
    grades = list(guideline)
    k = len(grades)

    df = scores
    if "grade" not in df.columns or df.get_column("grade").drop_nulls().len() == 0:
        df = _derive_grades(_valid_scores(df.drop("grade", strict=False), value), value, guideline)
        source = "derived"
    else:
        source = "recorded"
    key = by or [_CONST]
    if not by:
        df = df.with_columns(pl.lit(1).alias(_CONST))
    unknown = sorted(set(df.get_column("grade").drop_nulls().unique().to_list()) - set(grades))
    if unknown:
        raise ValueError(f"grades {unknown} are not in the guideline {grades}")

    units = (
        df.group_by(key)
        .agg(
            pl.col("grade").is_not_null().sum().cast(pl.Int64).alias("n"),
            pl.col("grade").is_null().sum().cast(pl.Int64).alias("n_ungraded"),
        )
        .sort(key, nulls_last=True)
        .with_row_index(_UNIT)
    )
    cells = (
        df.filter(pl.col("grade").is_not_null())
        .join(units.select(*key, _UNIT), on=key, how="left", nulls_equal=True)
        .select(
            pl.col(_UNIT).cast(pl.Int64),
            pl.col("grade")
            .replace_strict(grades, list(range(k)), return_dtype=pl.Int64)
            .alias("_g"),
        )
    )
    n_units = units.height
    obs = (
        np.bincount(
            cells.get_column(_UNIT).to_numpy() * k + cells.get_column("_g").to_numpy(),
            minlength=n_units * k,
        )
        .reshape(n_units, k)
        .astype(float)
    )
    return _GradeCounts(units, key, grades, shares, obs, source)


#: direction codes of a unit's departure from the guideline (catalogue family ``direction``)
GUIDELINE_DIRECTIONS: tuple[str, ...] = (
    "inflated",
    "deflated",
    "mixed",
    "mixed_middle",
    "mixed_ends",
    "in_line",
    "in_line_sides",
    "too_small",
)

_REF_MAX = 1024  # reference distributions kept (one per unit size and guideline)
_REF_CACHE: OrderedDict[tuple, tuple[np.ndarray, int, int]] = OrderedDict()
_REF_LOCK = threading.Lock()


def _reference_one(n: int, shares: np.ndarray, n_sim: int, seed: int) -> tuple:
    """What ``n_sim`` compliant units of ``n`` people show: multinomial(n, guideline) draws,
    their chi-square values sorted (the Monte-Carlo reference) and the median and 90th
    percentile of their people to move (the smallest m with P(moves <= m) >= 0.5 / 0.9).
    Seeded by (seed, n): the same numbers whichever other sizes are asked for, in any order."""
    pos = shares > 0
    p_pos = shares[pos] / shares[pos].sum()
    rng = np.random.default_rng([seed, n])
    sim = np.zeros((n_sim, shares.size))
    sim[:, pos] = rng.multinomial(n, p_pos, size=n_sim)
    e = n * p_pos
    chi2 = np.sort(((sim[:, pos] - e) ** 2 / e).sum(axis=1)) if n > 0 else np.zeros(n_sim)
    target = largest_remainder(np.array([n]), shares)[0]
    moves = np.maximum(sim - target, 0).sum(axis=1)
    med, p90 = np.quantile(moves, [0.5, 0.9], method="inverted_cdf")
    return chi2, int(med), int(p90)


def _references(
    sizes: np.ndarray, shares: np.ndarray, n_sim: int, seed: int
) -> list[tuple[np.ndarray, int, int]]:
    """:func:`_reference_one` per distinct unit size, computed once per (size, guideline,
    n_sim, seed) in the process and kept (the least recently used dropped beyond
    :data:`_REF_MAX`). One vectorised draw per size, never one per unit."""
    key_g = tuple(float(s) for s in shares)
    out = []
    for n in sizes.tolist():
        key = (int(n), key_g, int(n_sim), int(seed))
        with _REF_LOCK:
            hit = _REF_CACHE.get(key)
            if hit is not None:
                _REF_CACHE.move_to_end(key)
        if hit is None:
            hit = _reference_one(int(n), shares, int(n_sim), int(seed))
            with _REF_LOCK:
                _REF_CACHE[key] = hit
                while len(_REF_CACHE) > _REF_MAX:
                    _REF_CACHE.popitem(last=False)
        out.append(hit)
    return out


def _reference_fit(
    chi2: np.ndarray, n: np.ndarray, low: np.ndarray, shares: np.ndarray, n_sim: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per unit: the Monte-Carlo p-value of ``chi2`` for the units flagged ``low`` (NaN
    elsewhere) and the median and 90th percentile of people to move in a compliant unit of its
    size (-1 where a unit has nobody graded or ``n_sim`` is 0)."""
    n_units = chi2.size
    pval_mc = np.full(n_units, np.nan)
    med = np.full(n_units, -1, np.int64)
    p90 = np.full(n_units, -1, np.int64)
    has = n > 0
    if n_sim <= 0 or not has.any():
        return pval_mc, med, p90
    sizes, which = np.unique(n[has].astype(np.int64), return_inverse=True)
    refs = _references(sizes, shares, n_sim, seed)
    med[has] = np.array([r[1] for r in refs], np.int64)[which]
    p90[has] = np.array([r[2] for r in refs], np.int64)[which]
    idx_all = np.flatnonzero(has)
    sel = low[idx_all] & np.isfinite(chi2[idx_all])
    idx, which = idx_all[sel], which[sel]
    if idx.size:
        # count sims >= observed per unit with one searchsorted on offset-stacked rows
        ref = np.stack([refs[i][0] for i in range(sizes.size)])
        span = np.nanmax(np.where(np.isfinite(ref), ref, 0.0)) + np.nanmax(chi2[idx]) + 1.0
        flat = (ref + span * np.arange(sizes.size)[:, None]).ravel()
        obs_c = chi2[idx] - 1e-9 * np.maximum(1.0, chi2[idx]) + span * which
        ge = (which + 1) * n_sim - np.searchsorted(flat, obs_c, side="left")
        pval_mc[idx] = (1.0 + ge) / (n_sim + 1.0)
    return pval_mc, med, p90


def _tail_split(shares: np.ndarray) -> tuple[int, int]:
    """The top grades are ``[:top]``, the bottom grades ``[bottom:]``: those listed before and
    after the guideline's largest share (S+A and C+D of S 10% / A 20% / B 50% / C 15% / D 5%);
    with none before (after) it, the first (last) grade alone."""
    mode = int(np.argmax(shares))
    k = shares.size
    return max(mode, 1), min(mode + 1, k - 1) if k > 1 else 0


def tail_grades(guideline: Mapping[str, float]) -> tuple[list[str], list[str]]:
    """The guideline's top and bottom grades as the fit counts them (:func:`_tail_split`):
    S+A and C+D of the default, 优秀 and 合格+待改进 of 优秀 20 / 良好 40 / 合格 30 / 待改进 10."""
    grades = list(guideline)
    if not grades:
        return [], []
    top, bottom = _tail_split(np.array([float(v) for v in guideline.values()]))
    return grades[:top], grades[bottom:]


def _excess(count: np.ndarray, n: np.ndarray, expected: float, conf: float) -> dict:
    """The signed excess of a group of grades per unit: ``share - guideline share``, its
    interval the Wilson interval of the share shifted by the guideline share, ``p`` the
    two-sided exact binomial test against the guideline share (the smaller tail doubled)."""
    from scipy import stats

    lo, hi = wilson_interval(count, n, conf)
    with np.errstate(divide="ignore", invalid="ignore"):
        excess = np.where(n > 0, count / n - expected, np.nan)
    tails = np.minimum(stats.binom.cdf(count, n, expected), stats.binom.sf(count - 1, n, expected))
    p = np.where(n > 0, np.minimum(1.0, 2.0 * tails), np.nan)
    return {
        "expected": expected,
        "count": count.astype(np.int64),
        "excess": excess,
        "lo": lo - expected,
        "hi": hi - expected,
        "p": p,
    }


def _direction(
    significant: np.ndarray, judged: np.ndarray, top: dict, bottom: dict, alpha: float
) -> np.ndarray:
    """``inflated`` / ``deflated`` / ``mixed`` for the units off the guideline, ``in_line``
    for the judged others (``in_line_sides`` where the top or bottom share's own interval
    excludes its guideline share all the same), ``too_small`` for units too small to judge. A side (top or bottom
    grades) speaks when its own binomial test is below ``alpha``; with neither speaking, the
    signs of both excesses decide. Up: more top or fewer bottom grades; down: the reverse;
    both or neither: mixed; both ends short (the middle grades crowded): ``mixed_middle``;
    both ends crowded: ``mixed_ends``."""
    t, b = np.nan_to_num(top["excess"]), np.nan_to_num(bottom["excess"])
    ts, bs = top["p"] < alpha, bottom["p"] < alpha
    speaks = ts | bs
    up = np.where(speaks, (ts & (t > 0)) | (bs & (b < 0)), (t > 0) | (b < 0))
    down = np.where(speaks, (ts & (t < 0)) | (bs & (b > 0)), (t < 0) | (b > 0))
    way = np.where(up & ~down, "inflated", np.where(down & ~up, "deflated", "mixed"))
    # both ends off the same way: which way, in words (rev27a item 7: 职能中心 had 10.5 points
    # fewer 优秀 and 12.6 fewer 合格+待改进, the grades bunched in the middle, read "mixed")
    ends = up & down
    way = np.where(ends & (t < 0) & (b < 0), "mixed_middle", way)
    way = np.where(ends & (t > 0) & (b > 0), "mixed_ends", way)
    # within chance, yet a side's own interval excludes its guideline share: said apart, so
    # the sentence says which test decides and why they disagree (rev23b item 11)
    with np.errstate(invalid="ignore"):
        sides = (
            (np.nan_to_num(top["lo"]) > 0)
            | (np.nan_to_num(top["hi"]) < 0)
            | (np.nan_to_num(bottom["lo"]) > 0)
            | (np.nan_to_num(bottom["hi"]) < 0)
        )
    calm = np.where(sides, "in_line_sides", "in_line")
    return np.where(~judged, "too_small", np.where(significant, way, calm))


def _unit_fit(
    counts: _GradeCounts,
    min_n: int,
    min_expected: float,
    n_sim: int,
    seed: int,
    conf: float,
    min_expected_tail: float = 1.0,
    alpha: float = 0.05,
) -> tuple[pl.DataFrame, np.ndarray, np.ndarray]:
    """The per-unit statistics, and the expected and target counts per unit and grade."""
    obs, shares = counts.obs, counts.shares
    f = _fit_tests(obs, shares, min_expected)
    n, chi2, dfree = f["n"], f["chi2"], f["df"]
    f["pval_mc"], f["move_med"], f["move_p90"] = _reference_fit(
        chi2, n, f["low"], shares, n_sim, seed
    )
    lam_lo = _ncx2_lambda(chi2, dfree, 1.0 - (1.0 - conf) / 2.0)
    lam_hi = _ncx2_lambda(chi2, dfree, (1.0 - conf) / 2.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        f["w_lo"] = np.sqrt(lam_lo / n)
        f["w_hi"] = np.sqrt(lam_hi / n)
    target = largest_remainder(n, shares)
    f["move"] = np.maximum(obs - target, 0).sum(axis=1).astype(np.int64)
    k_top, k_bottom = _tail_split(shares)
    top = _excess(obs[:, :k_top].sum(axis=1), n, float(shares[:k_top].sum()), conf)
    bottom = _excess(obs[:, k_bottom:].sum(axis=1), n, float(shares[k_bottom:].sum()), conf)

    # judged: enough people, and enough expected in the top and in the bottom grades
    tail_exp = n * min(top["expected"], bottom["expected"])
    judged = f["valid"] & (n >= min_n) & (tail_exp >= min_expected_tail)
    f["judged"] = judged
    f["p_used"] = np.where(judged, np.where(f["low"], f["pval_mc"], f["pval"]), np.nan)
    f["p_holm"] = holm(f["p_used"])  # one family: the units judged here
    f["significant"] = judged & (np.nan_to_num(f["p_holm"], nan=1.0) < alpha)
    f["direction"] = _direction(f["significant"], judged, top, bottom, alpha)
    tails = {
        "top": ("+".join(counts.grades[:k_top]), top),
        "bottom": ("+".join(counts.grades[k_bottom:]), bottom),
    }
    unit_stats = _unit_fit_frame(counts, f, tails, min_n, min_expected)
    return _nan_to_null(unit_stats), f["exp"], target


def _fit_tests(obs: np.ndarray, shares: np.ndarray, min_expected: float) -> dict:
    """Per unit: chi-square and G tests against the guideline, Cohen's w, low expected counts."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import stats

    n = obs.sum(axis=1)
    exp = n[:, None] * shares[None, :]
    pos = shares > 0
    dfree = np.full(obs.shape[0], float(pos.sum() - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(exp > 0, (obs - exp) ** 2 / exp, np.where(obs > 0, np.inf, 0.0))
        chi2 = terms.sum(axis=1)
        gterms = np.where(obs > 0, obs * np.log(obs / exp), 0.0)
        gstat = 2.0 * gterms.sum(axis=1)
        w = np.sqrt(chi2 / n)
    valid = (n > 0) & (dfree > 0)
    chi2 = np.where(valid, chi2, np.nan)
    gstat = np.where(valid, gstat, np.nan)
    min_exp = np.where(n > 0, exp[:, pos].min(axis=1) if pos.any() else 0.0, np.nan)
    return {
        "n": n,
        "exp": exp,
        "df": dfree,
        "valid": valid,
        "chi2": chi2,
        "gstat": gstat,
        "w": np.where(valid, w, np.nan),
        "pval": np.where(valid, stats.chi2.sf(chi2, dfree), np.nan),
        "g_pval": np.where(valid, stats.chi2.sf(gstat, dfree), np.nan),
        "min_exp": min_exp,
        "low": valid & (min_exp < min_expected),
    }


def _unit_fit_frame(
    counts: _GradeCounts, f: dict, tails: dict, min_n: int, min_expected: float
) -> pl.DataFrame:
    """The units' frame with the fit's arrays and both tails' excess as its columns."""
    move, move_p90 = f["move"], f["move_p90"]

    def tail(side: str) -> list[pl.Expr | pl.Series]:
        grades, t = tails[side]
        return [
            pl.lit(grades).alias(f"{side}_grades"),
            pl.Series(f"{side}_count", t["count"]),
            pl.lit(float(t["expected"])).alias(f"{side}_expected_share"),
            pl.Series(f"{side}_excess", t["excess"]),
            pl.Series(f"{side}_excess_lo", t["lo"]),
            pl.Series(f"{side}_excess_hi", t["hi"]),
            pl.Series(f"{side}_p", t["p"]),
        ]

    return counts.units.drop(_UNIT).with_columns(
        pl.lit(counts.source).alias("grade_source"),
        pl.Series("chi2", f["chi2"]),
        pl.Series("df", f["df"].astype(np.int64)),
        pl.Series("pval", f["pval"]),
        pl.Series("g_stat", f["gstat"]),
        pl.Series("g_pval", f["g_pval"]),
        pl.Series("pval_mc", f["pval_mc"]),
        pl.Series("min_expected_count", f["min_exp"]),
        pl.lit(float(min_expected)).alias("min_expected"),
        pl.Series("low_expected", f["low"]),
        pl.Series("w", f["w"]),
        pl.Series("w_lo", f["w_lo"]),
        pl.Series("w_hi", f["w_hi"]),
        pl.Series("people_to_move", move),
        pl.Series("move_median", np.where(f["move_med"] >= 0, f["move_med"], np.nan))
        .fill_nan(None)
        .cast(pl.Int64),
        pl.Series("move_p90", np.where(move_p90 >= 0, move_p90, np.nan))
        .fill_nan(None)
        .cast(pl.Int64),
        pl.Series("moves_above_p90", (move > move_p90) & (move_p90 >= 0)),
        *tail("top"),
        *tail("bottom"),
        pl.Series("judged", f["judged"]),
        pl.Series("p_used", f["p_used"]),
        pl.Series("p_holm", f["p_holm"]),
        pl.Series("significant", f["significant"]),
        pl.Series("direction", f["direction"], dtype=pl.String),
        pl.lit(int(min_n), dtype=pl.Int64).alias("min_n"),
        (pl.col("n") < min_n).alias("small_n"),
    )


def guideline_fit_units(
    scores: pl.DataFrame,
    by: Sequence[str] | str | None,
    guideline: Mapping[str, float] | None = None,
    min_n: int = 5,
    min_expected: float = 5.0,
    n_sim: int = 2000,
    seed: int = 0,
    value: str = "score",
    conf: float = 0.95,
    min_expected_tail: float = 1.0,
    alpha: float = 0.05,
) -> pl.DataFrame:
    """How far each unit's grade distribution is from the forced-distribution guideline.

    Calibration meetings ask three things: which way a unit departs (too many top grades or
    too few), whether that is more than chance for a unit of its size, and how many people
    would have to change grade to comply (``people_to_move``) against what a compliant unit of
    the same size shows anyway (``move_median``, ``move_p90``).

    Parameters
    ----------
    scores : pl.DataFrame
        Output of :func:`employee_scores`. When ``grade`` is absent or entirely null, grades
        are derived from ``value`` by the guideline quantiles, company-wide within each cycle
        (``grade_source = "derived"``); otherwise rows with a null grade are left out.
    by : list of str
        Unit columns. One row per person is meant: pass one cycle's scores (or include
        ``cycle_id``, and then every unit-cycle is one member of the Holm family).
    guideline : mapping grade -> share
        Shares summing to 1, best grade first. Default :data:`DEFAULT_GUIDELINE`.
    min_n, min_expected : numbers
        ``small_n`` flags units with fewer people; ``low_expected`` flags units whose smallest
        expected count is below ``min_expected`` (chi-square approximation unreliable: the
        Monte-Carlo ``pval_mc`` is used there).
    min_expected_tail : float
        A unit is judged (``judged``) when it has at least ``min_n`` people and at least this
        many people expected both in the top and in the bottom grades; the others get no
        ``p_used`` and the direction ``too_small``.
    n_sim, seed : int
        Multinomial draws per unit size and their seed: ``pval_mc`` and the reference range of
        people to move. Cached per (size, guideline, n_sim, seed) in the process.
    alpha : float
        Level of the Holm-adjusted flag (``significant``) and of the sides' binomial tests
        that give the direction.

    Returns
    -------
    pl.DataFrame
        One row per unit: by..., n, n_ungraded, grade_source, chi2, df, pval, g_stat, g_pval,
        pval_mc (only for low_expected units), min_expected_count, min_expected,
        low_expected, w, w_lo, w_hi, people_to_move, move_median, move_p90, moves_above_p90,
        top_grades, top_count, top_expected_share, top_excess, top_excess_lo, top_excess_hi,
        top_p, the same six for ``bottom_``, judged, p_used, p_holm, significant, direction
        (:data:`GUIDELINE_DIRECTIONS`), min_n, small_n. :func:`guideline_fit_grades` gives
        the same per unit and grade.

    Notes
    -----
    ``chi2 = sum (O - E)^2 / E``, ``G = 2 sum O ln(O/E)``, both on df = k - 1 (k = grades
    with a positive share). ``pval_mc`` = (1 + #{chi2* >= chi2}) / (n_sim + 1) from
    multinomial(n, guideline) draws (one set of draws per distinct unit size n). Effect size
    Cohen's w = sqrt(chi2 / n) (the goodness-of-fit analogue of Cramér's V); its CI inverts
    the noncentral chi-square cdf for lambda and reports sqrt(lambda / n). ``target_count``
    is the largest-remainder (Hamilton) allocation of n to the guideline shares (ties: larger
    share, then listed first); ``people_to_move = sum max(O - T, 0) = L1(O, T) / 2``, the
    minimum number of grade changes that turn the observed counts into the target counts.
    ``move_median`` / ``move_p90``: the median and 90th percentile (inverted cdf) of
    ``people_to_move`` over the same draws: what a unit that follows the guideline shows by
    chance alone; ``moves_above_p90`` marks units beyond it.
    Direction: ``top_excess`` = share of the grades listed before the guideline's largest
    share minus their guideline share, ``bottom_excess`` the same for the grades after it,
    each with the Wilson interval of that share shifted by the guideline share and the exact
    two-sided binomial test (``top_p``, ``bottom_p``). ``p_used`` is ``pval_mc`` where
    ``low_expected``, else ``pval``; ``p_holm`` is Holm's adjustment over the judged units;
    ``significant = p_holm < alpha``; ``direction`` of a significant unit is ``inflated``
    (more top or fewer bottom grades), ``deflated`` (the reverse) or ``mixed``
    (:func:`_direction`); ``in_line`` for the other judged units (no clear departure, not
    "fits"; ``in_line_sides`` where a side's interval excludes its guideline share though the
    test of all grades does not decide so), ``too_small`` for the units not judged.

    References
    ----------
    Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences* (2nd ed.),
    ch. 7. Sokal, R. R., & Rohlf, F. J. (2012). *Biometry* (4th ed.), G-test.
    Smithson, M. (2003). *Confidence Intervals*. Sage (noncentral chi-square intervals).
    Hope, A. C. A. (1968). A simplified Monte Carlo significance test procedure. *JRSS B*,
    30(3), 582-598. Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics*, 6(2), 65-70. Wilson, E. B. (1927). Probable
    inference. *JASA*, 22(158), 209-212.
    """
    counts = _grade_counts(scores, by, guideline, value)
    unit_stats = _unit_fit(
        counts, min_n, min_expected, n_sim, seed, conf, min_expected_tail, alpha
    )[0]
    return unit_stats if _as_list(by) else unit_stats.drop(_CONST)


def guideline_fit_grades(
    scores: pl.DataFrame,
    by: Sequence[str] | str | None,
    guideline: Mapping[str, float] | None = None,
    min_n: int = 5,
    min_expected: float = 5.0,
    n_sim: int = 2000,
    seed: int = 0,
    value: str = "score",
    conf: float = 0.95,
    min_expected_tail: float = 1.0,
    alpha: float = 0.05,
) -> pl.DataFrame:
    """:func:`guideline_fit_units` per unit and grade: what a calibration meeting moves.

    Returns
    -------
    pl.DataFrame
        One row per unit and guideline grade (best first): by..., grade, n, count, share,
        expected_share, expected_count, target_count, diff_share, diff_count, then the
        unit's statistics of :func:`guideline_fit_units` repeated on each of its rows.
    """
    counts = _grade_counts(scores, by, guideline, value)
    unit_stats, exp, target = _unit_fit(
        counts, min_n, min_expected, n_sim, seed, conf, min_expected_tail, alpha
    )
    units, key, grades, shares, obs = counts[:5]
    n_units, k = units.height, len(grades)
    by = _as_list(by)
    g_rows = pl.DataFrame(
        {
            _UNIT: np.repeat(np.arange(n_units), k),
            "grade": np.tile(np.asarray(grades, dtype=object), n_units),
            "count": obs.ravel().astype(np.int64),
            "expected_share": np.tile(shares, n_units),
            "expected_count": exp.ravel(),
            "target_count": target.ravel(),
        },
        schema_overrides={"grade": pl.String, _UNIT: pl.UInt32},
    )
    out = (
        units.select(_UNIT, *key)
        .join(g_rows, on=_UNIT, how="left")
        .join(unit_stats, on=key, how="left", nulls_equal=True)
        .with_columns(
            pl.when(pl.col("n") > 0)
            .then(pl.col("count") / pl.col("n"))
            .otherwise(None)
            .alias("share"),
        )
        .with_columns(
            (pl.col("share") - pl.col("expected_share")).alias("diff_share"),
            (pl.col("count") - pl.col("target_count")).alias("diff_count"),
        )
        .sort(_UNIT, maintain_order=True)
        .drop(_UNIT)
    )
    cols = [
        *key,
        "grade",
        "n",
        "count",
        "share",
        "expected_share",
        "expected_count",
        "target_count",
        "diff_share",
        "diff_count",
        *[c for c in unit_stats.columns if c not in (*key, "n")],
    ]
    out = out.select(cols)
    return out.drop(_CONST) if not by else out


# --------------------------------------------------------------------------------------------
# unit comparisons
# --------------------------------------------------------------------------------------------


def _compare_one(
    x: np.ndarray,
    g: np.ndarray,
    k: int,
    conf: float,
    max_pair_units: int = 50,
) -> tuple[dict, np.ndarray, np.ndarray, dict | None]:
    """Kruskal-Wallis and all pairwise Mann-Whitney statistics for one stratum."""
    omni, n_i, mean_rank, vid, n_values = _kruskal_wallis(x, g, k, conf)
    omni["pairs_computed"] = omni["k"] <= max_pair_units
    if not omni["pairs_computed"]:
        return omni, n_i, mean_rank, None
    return omni, n_i, mean_rank, _mann_whitney_pairs(vid, n_values, g, n_i, conf)


def _kruskal_wallis(
    x: np.ndarray, g: np.ndarray, k: int, conf: float
) -> tuple[dict, np.ndarray, np.ndarray, np.ndarray, int]:
    """Kruskal-Wallis with epsilon squared and its interval; unit sizes, mean ranks, value ids."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import stats

    N = x.size
    n_i = np.bincount(g, minlength=k).astype(float)
    uniq, vid, t = np.unique(x, return_inverse=True, return_counts=True)
    cum = np.cumsum(t)
    midrank = cum - (t - 1) / 2.0
    ranks = midrank[vid]
    R = np.bincount(g, weights=ranks, minlength=k)
    present = n_i > 0
    k_eff = int(present.sum())
    tie = 1.0 - (t.astype(float) ** 3 - t).sum() / (N**3 - N) if N > 1 else 0.0
    if k_eff >= 2 and tie > 0:
        ssq = (R[present] ** 2 / n_i[present]).sum()
        h = (12.0 / (N * (N + 1.0)) * ssq - 3.0 * (N + 1.0)) / tie
        p = float(stats.chi2.sf(h, k_eff - 1))
        eps = h / (N - 1.0)
    else:
        h, p, eps = np.nan, np.nan, np.nan
    # CI for the population epsilon^2 from H ~ noncentral chi2(df, lambda), lambda ~ N eps^2
    alpha = 1.0 - conf
    dfa = np.array([k_eff - 1.0])
    lam_lo = _ncx2_lambda(np.array([h]), dfa, 1.0 - alpha / 2.0)[0]
    lam_hi = _ncx2_lambda(np.array([h]), dfa, alpha / 2.0)[0]
    omni = {
        "n": N,
        "k": k_eff,
        "H": h,
        "df": k_eff - 1,
        "pval": p,
        "epsilon_sq": eps,
        "epsilon_sq_adj": max(0.0, (h - (k_eff - 1)) / (N - 1.0)) if np.isfinite(h) else np.nan,
        "epsilon_sq_lo": lam_lo / (N - 1.0),
        "epsilon_sq_hi": lam_hi / (N - 1.0),
    }
    mean_rank = np.where(present, R / np.maximum(n_i, 1), np.nan)
    return omni, n_i, mean_rank, vid, uniq.size


def _u_statistics(
    vid: np.ndarray, n_values: int, g: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of units' Mann-Whitney U and the count sums the tie terms need, chunked."""
    from scipy import sparse

    N = vid.size
    M = sparse.csr_matrix((np.ones(N), (vid, g)), shape=(n_values, k))
    MT = M.T.tocsr()
    M2 = M.multiply(M).tocsr()
    U = np.empty((k, k))
    cross = np.asarray((M2.T @ M).todense())  # [a, b] = sum_u m_a^2 m_b
    s3 = np.asarray(M2.multiply(M).sum(axis=0)).ravel()  # sum_u m_a^3
    chunk = max(1, _SIM_CELLS // max(n_values, 1))
    for start in range(0, k, chunk):
        cols = slice(start, min(k, start + chunk))
        Mc = np.asarray(M[:, cols].todense())
        Cc = np.cumsum(Mc, axis=0)
        U[:, cols] = MT @ (Cc - Mc / 2.0)
    return U, cross, s3


def _mann_whitney_pairs(
    vid: np.ndarray, n_values: int, g: np.ndarray, n_i: np.ndarray, conf: float
) -> dict:
    """Pairwise Mann-Whitney tests (tie-corrected, Holm) with AUC and rank-biserial interval."""
    from scipy import stats

    k = n_i.size
    present = n_i > 0
    U, cross, s3 = _u_statistics(vid, n_values, g, k)
    sq_b = cross.T  # [a, b] = sum_u m_a m_b^2
    ia, ib = np.triu_indices(k, 1)
    keep = present[ia] & present[ib]
    ia, ib = ia[keep], ib[keep]
    na, nb = n_i[ia], n_i[ib]
    u1 = U[ia, ib]
    nt = na + nb
    t3 = s3[ia] + s3[ib] + 3.0 * cross[ia, ib] + 3.0 * sq_b[ia, ib]
    tie_term = t3 - nt
    mu = na * nb / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.sqrt(na * nb / 12.0 * ((nt + 1.0) - tie_term / (nt * (nt - 1.0))))
        umax = np.maximum(u1, na * nb - u1)
        z = (umax - mu - 0.5) / sd
        z_signed = np.where(sd > 0, (u1 - mu) / sd, np.nan)
        pp = np.clip(2.0 * stats.norm.sf(z), 0.0, 1.0)
        pp = np.where(sd > 0, pp, np.nan)
        auc = u1 / (na * nb)
        q1 = auc / (2.0 - auc)
        q2 = 2.0 * auc**2 / (1.0 + auc)
        var = (auc * (1 - auc) + (na - 1) * (q1 - auc**2) + (nb - 1) * (q2 - auc**2)) / (na * nb)
        se = np.sqrt(np.maximum(var, 0.0))
    zc = stats.norm.ppf(0.5 + conf / 2.0)
    return {
        "a": ia,
        "b": ib,
        "n_a": na.astype(np.int64),
        "n_b": nb.astype(np.int64),
        "U": u1,
        "z": z_signed,
        "pval": pp,
        "pval_holm": holm(pp),
        "auc": auc,
        "auc_se": se,
        "r_rb": 2 * auc - 1,
        "r_rb_lo": 2 * np.clip(auc - zc * se, 0, 1) - 1,
        "r_rb_hi": 2 * np.clip(auc + zc * se, 0, 1) - 1,
    }


def _compare_stratum(
    part: pl.DataFrame,
    by: str,
    value: str,
    fixed: dict[str, object],
    conf: float,
    max_pair_units: int,
) -> tuple[dict, pl.DataFrame, pl.DataFrame | None] | None:
    """One stratum of :func:`compare_units` (``fixed``: its ``within`` values): the omnibus
    row, the units' mean ranks and medians, the pairwise comparisons (None when skipped);
    None for a stratum without units."""
    names = part.get_column(by).unique().sort().to_list()
    if not names:
        return None
    g = (
        part.get_column(by)
        .replace_strict(names, list(range(len(names))), return_dtype=pl.Int64)
        .to_numpy()
    )
    x = part.get_column(value).to_numpy().astype(float)
    omni, n_i, mean_rank, pairs = _compare_one(x, g, len(names), conf, max_pair_units)
    omni_row = {**fixed, **omni}
    med = part.group_by(by).agg(pl.col(value).median().alias("median"))
    units = pl.DataFrame(
        {by: names, "n": n_i.astype(np.int64), "mean_rank": mean_rank},
        schema_overrides={by: part.schema[by]},
    ).join(med, on=by, how="left")
    units = units.with_columns(pl.lit(v).alias(c) for c, v in fixed.items())
    if pairs is None:
        return omni_row, units, None
    names_arr = np.asarray(names, dtype=object)
    pf = pl.DataFrame(
        {
            "unit_a": names_arr[pairs.pop("a")].tolist(),
            "unit_b": names_arr[pairs.pop("b")].tolist(),
            **pairs,
        },
        schema_overrides={"unit_a": part.schema[by], "unit_b": part.schema[by]},
    )
    return omni_row, units, pf.with_columns(pl.lit(v).alias(c) for c, v in fixed.items())


#: the decimals the unit comparisons rank scores at (:func:`compare_units`): far below any
#: real difference of scores, far above the noise of summing them in another order
TIE_DECIMALS = 9


def compare_units(
    scores: pl.DataFrame,
    by: str,
    within: Sequence[str] | str | None = None,
    value: str = "score",
    min_n: int = 5,
    conf: float = 0.95,
    max_pair_units: int = 50,
) -> dict[str, pl.DataFrame]:
    """Do units differ in their score distributions, and which pairs differ by how much?

    Parameters
    ----------
    scores : pl.DataFrame
        Output of :func:`employee_scores`.
    by : str
        Unit column (e.g. ``department`` after :func:`department_level`).
    within : list of str, optional
        Strata analysed separately, typically ``["cycle_id"]``: pooling cycles would count
        the same person several times. None = one analysis over all rows.
    min_n : int
        Units with fewer people are still tested but flagged ``small_n``.
    max_pair_units : int
        Pairwise tests only when a stratum has at most this many units (50 units = 1225
        pairs); beyond that ``pairs_computed`` is False and no pairs are returned (compare
        fewer, larger units, e.g. via :func:`department_level`).

    Returns
    -------
    dict of pl.DataFrame
        ``omnibus``: within..., n, k, H, df, pval, epsilon_sq, epsilon_sq_adj, epsilon_sq_lo,
        epsilon_sq_hi, pairs_computed. ``units``: within..., unit, n, mean_rank, median,
        min_n, small_n.
        ``pairs``: within..., unit_a, unit_b, n_a, n_b, U (of unit_a), z, pval, pval_holm,
        auc = P(a > b) + P(a = b)/2, auc_se, r_rb (rank-biserial r = Cliff's delta =
        2 auc - 1), r_rb_lo, r_rb_hi, small_n.

    Notes
    -----
    Kruskal-Wallis H with the tie correction ``1 - sum(t^3 - t)/(N^3 - N)``, chi-square df =
    k - 1; epsilon^2 = H / (N - 1), which is biased upward by about (k - 1)/(N - 1);
    ``epsilon_sq_adj = max(0, (H - df)/(N - 1))`` removes that bias. The CI targets the
    population epsilon^2 = lambda / (N - 1) under H ~ noncentral chi2(df, lambda) (the local-
    alternative limit of H, Andrews 1954), inverting the noncentral cdf as for Cohen's w; it
    always contains ``epsilon_sq_adj``. (A within-unit percentile bootstrap was rejected: its
    coverage of the population value fell to 0-80 % in simulation, worst for many small
    units.) Mann-Whitney U is asymptotic (normal, tie-corrected variance, continuity
    correction; identical to ``scipy.stats.mannwhitneyu(method="asymptotic")``); Holm's
    correction is applied over all pairs of a stratum. The r_rb CI is the Hanley-McNeil
    normal interval for the AUC, mapped by r = 2 AUC - 1 and clipped to [-1, 1].

    References
    ----------
    Kruskal, W. H., & Wallis, W. A. (1952). *JASA*, 47(260), 583-621.
    Tomczak, M., & Tomczak, E. (2014). The need to report effect size estimates revisited.
    *Trends in Sport Sciences*, 1(21), 19-25 (epsilon-squared).
    Andrews, F. C. (1954). Asymptotic behavior of some rank tests for analysis of variance.
    *Ann. Math. Stat.*, 25(4), 724-736.
    Mann, H. B., & Whitney, D. R. (1947). *Ann. Math. Stat.*, 18(1), 50-60.
    Holm, S. (1979). *Scand. J. Statist.*, 6(2), 65-70.
    Hanley, J. A., & McNeil, B. J. (1982). *Radiology*, 143(1), 29-36.
    Kerby, D. S. (2014). The simple difference formula. *Comprehensive Psychology*, 3, 1.
    """
    if not isinstance(by, str):
        raise TypeError(f"by must be one column name, got {by!r}")
    within = _as_list(within)
    require_columns(scores, [by, *within, value], "scores")
    # ranks of scores rounded to TIE_DECIMALS: two equal scores (0.75 × 80 + 0.25 × 80) summed
    # in another order differ in the 16th digit, and a tie broken by that moved H from 46.18
    # to 46.22 between the stored and the freshly computed scores (rev30a item 11)
    df = (
        _valid_scores(scores, value)
        .filter(pl.col(by).is_not_null())
        .with_columns(pl.col(value).round(TIE_DECIMALS))
    )
    strata = df.select(within).unique().sort(within, nulls_last=True).rows() if within else [()]
    omni_rows: list[dict] = []
    unit_frames: list[pl.DataFrame] = []
    pair_frames: list[pl.DataFrame] = []
    parts = df.partition_by(within, as_dict=True) if within else {(): df}
    for key in strata:  # a handful of cycles
        part = parts[tuple(key)]
        fixed = dict(zip(within, key))
        found = _compare_stratum(part, by, value, fixed, conf, max_pair_units)
        if found is None:
            continue
        omni, units, pairs = found
        omni_rows.append(omni)
        unit_frames.append(units)
        if pairs is not None:
            pair_frames.append(pairs)

    return _assemble_comparison(
        omni_rows,
        unit_frames,
        pair_frames,
        {c: df.schema[c] for c in within},
        df.schema[by],
        by,
        min_n,
    )


def _assemble_comparison(
    omni_rows: list[dict],
    unit_frames: list[pl.DataFrame],
    pair_frames: list[pl.DataFrame],
    wschema: dict[str, pl.DataType],
    unit_t: pl.DataType,
    by: str,
    min_n: int,
) -> dict[str, pl.DataFrame]:
    """Stage 2 of :func:`compare_units`: the strata's rows as three typed frames, empty ones
    with their schema (a caller joins on them), small units flagged, NaN as null."""
    f64, i64 = pl.Float64, pl.Int64
    omni_schema = {
        **wschema,
        "n": i64,
        "k": i64,
        "H": f64,
        "df": i64,
        "pval": f64,
        "epsilon_sq": f64,
        "epsilon_sq_adj": f64,
        "epsilon_sq_lo": f64,
        "epsilon_sq_hi": f64,
        "pairs_computed": pl.Boolean,
    }
    unit_schema = {
        **wschema,
        "unit": unit_t,
        "n": i64,
        "mean_rank": f64,
        "median": f64,
        "min_n": i64,
        "small_n": pl.Boolean,
    }
    pair_schema = {
        **wschema,
        "unit_a": unit_t,
        "unit_b": unit_t,
        "n_a": i64,
        "n_b": i64,
        "U": f64,
        "z": f64,
        "pval": f64,
        "pval_holm": f64,
        "auc": f64,
        "auc_se": f64,
        "r_rb": f64,
        "r_rb_lo": f64,
        "r_rb_hi": f64,
        "small_n": pl.Boolean,
    }
    omnibus = pl.DataFrame(schema=omni_schema)
    if omni_rows:
        omnibus = pl.DataFrame(omni_rows, schema_overrides=wschema).select(list(omni_schema))
    units_df = pl.DataFrame(schema=unit_schema)
    if unit_frames:
        units_df = (
            pl.concat(unit_frames, how="vertical_relaxed")
            .with_columns(
                pl.lit(int(min_n), dtype=pl.Int64).alias("min_n"),
                (pl.col("n") < min_n).alias("small_n"),
            )
            .select(
                *wschema, pl.col(by).alias("unit"), "n", "mean_rank", "median", "min_n", "small_n"
            )
        )
    pairs_df = pl.DataFrame(schema=pair_schema)
    if pair_frames:
        pairs_df = (
            pl.concat(pair_frames, how="vertical_relaxed")
            .with_columns(((pl.col("n_a") < min_n) | (pl.col("n_b") < min_n)).alias("small_n"))
            .select(list(pair_schema))
        )
    omnibus, units_df, pairs_df = (
        _nan_to_null(f.cast(sch, strict=False))  # type: ignore[arg-type]
        for f, sch in ((omnibus, omni_schema), (units_df, unit_schema), (pairs_df, pair_schema))
    )
    return {"omnibus": omnibus, "units": units_df, "pairs": pairs_df}


# --------------------------------------------------------------------------------------------
# inflation trend
# --------------------------------------------------------------------------------------------


def _cycle_means(
    df: pl.DataFrame,
    key: list[str],
    value: str,
    top_grades: Sequence[str],
    has_grade: bool,
    conf: float,
) -> pl.DataFrame:
    """Stage 1 of :func:`inflation_trend`: per unit and cycle the mean with its t interval and
    the top-grade share with its Wilson interval."""
    top = list(top_grades)
    g_expr = pl.col("grade") if has_grade else pl.lit(None, dtype=pl.String)
    x = pl.col(value)
    per_cycle = (
        df.group_by([*key, "cycle_id", "cycle_order"])
        .agg(
            pl.len().cast(pl.Int64).alias("n"),
            x.mean().alias("mean"),
            x.std(ddof=1).alias("sd"),
            g_expr.is_not_null().sum().cast(pl.Int64).alias("n_graded"),
            g_expr.is_in(top).fill_null(False).sum().cast(pl.Int64).alias("n_top"),
        )
        .sort([*key, "cycle_order", "cycle_id"], nulls_last=True)
    )
    nn = per_cycle.get_column("n").to_numpy()
    half = t_critical(nn, conf) * per_cycle.get_column("sd").to_numpy() / np.sqrt(np.maximum(nn, 1))
    ng = per_cycle.get_column("n_graded").to_numpy()
    nt = per_cycle.get_column("n_top").to_numpy()
    lo, hi = wilson_interval(nt, ng, conf)
    per_cycle = per_cycle.with_columns(
        (pl.col("mean") - pl.Series(half)).alias("mean_lo"),
        (pl.col("mean") + pl.Series(half)).alias("mean_hi"),
        pl.when(pl.col("n_graded") > 0)
        .then(pl.col("n_top") / pl.col("n_graded"))
        .otherwise(None)
        .alias("top_share"),
        pl.Series("top_share_lo", lo),
        pl.Series("top_share_hi", hi),
    )
    return per_cycle


def _score_slope(df: pl.DataFrame, key: list[str], value: str, conf: float) -> pl.DataFrame:
    """Stage 2 of :func:`inflation_trend`: the OLS slope of the score on cycle order per unit,
    from sufficient statistics, with its t interval and p-value.

    With ``employee_id`` the slope's SE is cluster-robust by person (CR1: one person's scores
    in several cycles are not independent; Liang & Zeger 1986, Cameron & Miller 2015) on
    people - 1 df (rev24b: 168 people in two cycles were read as 336 independent scores, an
    interval three times too wide); without it, the classical OLS SE on n - 2 df."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy import stats

    x = pl.col(value)
    t = pl.col("cycle_order").cast(pl.Float64)
    people = "employee_id" in df.columns
    ols = (
        df.group_by(key)
        .agg(
            pl.len().cast(pl.Int64).alias("trend_n"),
            pl.col("cycle_id").n_unique().cast(pl.Int64).alias("n_cycles"),
            (pl.col("employee_id").n_unique() if people else pl.len())
            .cast(pl.Int64)
            .alias("trend_people"),
            t.mean().alias("_tm"),
            x.mean().alias("_ym"),
            ((t - t.mean()) ** 2).sum().alias("_stt"),
            ((t - t.mean()) * (x - x.mean())).sum().alias("_sty"),
            ((x - x.mean()) ** 2).sum().alias("_syy"),
        )
        .sort(key, nulls_last=True)
    )
    n = ols.get_column("trend_n").to_numpy().astype(float)
    stt = ols.get_column("_stt").to_numpy()
    sty = ols.get_column("_sty").to_numpy()
    syy = ols.get_column("_syy").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = np.where(stt > 0, sty / stt, np.nan)
        if people:  # the sandwich: per person the sum of (t - tm) * residual, squared
            g = ols.get_column("trend_people").to_numpy().astype(float)
            meat = _cluster_meat(df, ols.with_columns(pl.Series("_b", slope)), key, value, t)
            factor = g / (g - 1) * (n - 1) / (n - 2)
            dfe = g - 1
            se = np.where((dfe > 0) & (n > 2) & (stt > 0), np.sqrt(factor * meat) / stt, np.nan)
        else:
            sse = np.maximum(syy - slope * sty, 0.0)
            dfe = n - 2
            se = np.where((dfe > 0) & (stt > 0), np.sqrt(sse / dfe / stt), np.nan)
        tstat = slope / se
    ok = (dfe > 0) & np.isfinite(se)
    tcrit = t_quantile(np.where(ok, dfe, np.nan), 0.5 + conf / 2.0)
    pv = np.full(n.shape, np.nan)
    pv[ok] = 2.0 * stats.t.sf(np.abs(tstat[ok]), dfe[ok])
    ols = ols.with_columns(
        pl.Series("slope", slope),
        pl.Series("slope_se", se),
        pl.Series("slope_lo", slope - tcrit * se),
        pl.Series("slope_hi", slope + tcrit * se),
        pl.Series("slope_pval", pv),
    ).drop("_tm", "_ym", "_stt", "_sty", "_syy")

    return ols


def _cluster_meat(
    df: pl.DataFrame, fitted: pl.DataFrame, key: list[str], value: str, t: pl.Expr
) -> np.ndarray:
    """Per unit of ``fitted`` (its order): the sum over people of (sum over their scores of
    (t - mean t) * residual)^2, the middle of the cluster-robust sandwich of the slope."""
    resid = (pl.col(value) - pl.col("_ym")) - pl.col("_b") * (t - pl.col("_tm"))
    per_person = (
        df.join(fitted.select(*key, "_tm", "_ym", "_b"), on=key, how="left", nulls_equal=True)
        .group_by(*key, "employee_id")
        .agg(((t - pl.col("_tm")) * resid).sum().alias("_s"))
        .group_by(key)
        .agg((pl.col("_s") ** 2).sum().alias("_meat"))
    )
    joined = fitted.select(key).join(per_person, on=key, how="left", nulls_equal=True)
    return joined.get_column("_meat").fill_null(np.nan).to_numpy()


def _top_share_trend(
    per_cycle: pl.DataFrame,
    key: list[str],
    conf: float,
    df: pl.DataFrame | None = None,
    top_grades: Sequence[str] = (),
) -> pl.DataFrame:
    """Stage 3 of :func:`inflation_trend`: the trend of the top-grade share per unit, its
    slope (the least-squares change of the share per cycle step) with an interval and a test.

    With people (``df`` has ``employee_id``): the linear-probability slope of "top grade" (1/0)
    on cycle order over the graded scores, its SE cluster-robust by person as the mean's
    (:func:`_score_slope`: CR1, t on people - 1 df; rev25b item 3: the same 168 people graded in
    two cycles were tested as 336 independent grades). ``top_slope_t`` is then that slope's t
    and ``top_slope_pval`` its p (named ``ca_z``/``ca_pval`` before session 26, when they were
    the Cochran-Armitage test's). Without people: the Cochran-Armitage test on the per-cycle
    counts (``top_slope_t`` its z), its slope's interval from the per-cycle binomial variances."""
    if df is not None and "employee_id" in df.columns:
        graded = df.filter(pl.col("grade").is_not_null()).with_columns(
            pl.col("grade").is_in(list(top_grades)).cast(pl.Float64).alias("_top")
        )
        lpm = _score_slope(graded, key, "_top", conf)
        return lpm.select(
            *key,
            pl.col("trend_n").alias("top_trend_n"),
            pl.col("trend_people").alias("top_trend_people"),
            pl.col("slope").alias("top_slope"),
            pl.col("slope_se").alias("top_slope_se"),
            pl.col("slope_lo").alias("top_slope_lo"),
            pl.col("slope_hi").alias("top_slope_hi"),
            pl.when(pl.col("slope_se") > 0)
            .then(pl.col("slope") / pl.col("slope_se"))
            .alias("top_slope_t"),
            pl.col("slope_pval").alias("top_slope_pval"),
        )
    from scipy import stats

    ti = pl.col("cycle_order").cast(pl.Float64)
    ni = pl.col("n_graded").cast(pl.Float64)
    xi = pl.col("n_top").cast(pl.Float64)
    tbar = (ni * ti).sum() / ni.sum()
    ca = (
        per_cycle.filter(pl.col("n_graded") > 0)
        .group_by(key)
        .agg(
            ni.sum().alias("_N"),
            xi.sum().alias("_X"),
            (xi * (ti - tbar)).sum().alias("_T"),
            (ni * (ti - tbar) ** 2).sum().alias("_Stt"),
            (ni * (ti - tbar) ** 2 * (xi / ni) * (1 - xi / ni)).sum().alias("_V1"),
        )
    )
    NN = ca.get_column("_N").to_numpy()
    XX = ca.get_column("_X").to_numpy()
    TT = ca.get_column("_T").to_numpy()
    St = ca.get_column("_Stt").to_numpy()
    V1 = ca.get_column("_V1").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        pbar = XX / NN
        v0 = pbar * (1 - pbar) * St
        z = np.where(v0 > 0, TT / np.sqrt(v0), np.nan)
        b = np.where(St > 0, TT / St, np.nan)
        bse = np.where(St > 0, np.sqrt(V1) / St, np.nan)
    zc = stats.norm.ppf(0.5 + conf / 2.0)
    ca = ca.select(
        *key,
        pl.col("_N").cast(pl.Int64).alias("top_trend_n"),
        pl.lit(None, dtype=pl.Int64).alias("top_trend_people"),  # no person ids: not known
        pl.Series("top_slope", b),
        pl.Series("top_slope_se", bse),
        pl.Series("top_slope_lo", b - zc * bse),
        pl.Series("top_slope_hi", b + zc * bse),
        pl.Series("top_slope_t", z),
        pl.Series("top_slope_pval", 2.0 * stats.norm.sf(np.abs(z))),
    )
    return ca


def inflation_trend(
    scores: pl.DataFrame,
    by: Sequence[str] | str | None = None,
    value: str = "score",
    top_grades: Sequence[str] | None = None,
    conf: float = 0.95,
    guideline: Mapping[str, float] | None = None,
) -> pl.DataFrame:
    """Are scores and top grades drifting upward over cycles (rating inflation)?

    Parameters
    ----------
    scores : pl.DataFrame
        Output of :func:`employee_scores` (needs cycle_id, cycle_order).
    by : list of str, optional
        Units with their own trend (e.g. ``["department"]``); None = company.
    top_grades : sequence of str, optional
        Grades counted as "top". Default: the top bands of the recorded grades' scale
        (:func:`recorded_top_grades`: S+A, 优秀+良好), or the top grades of ``guideline``
        (A of A 15 / B 60 / C 20 / D 5). Top shares need recorded grades on a known scale or
        a guideline; they are null when ``grade`` is absent or its scale is not known.
    guideline : mapping of grade to share, optional
        The dataset's kept guideline, whose top grades the share counts.

    Returns
    -------
    pl.DataFrame
        One row per unit and cycle: by..., cycle_id, cycle_order, n, mean, sd, mean_lo,
        mean_hi, n_graded, n_top, top_share, top_share_lo, top_share_hi; and the unit's trend
        (repeated on each of its cycles): trend_n, trend_people, n_cycles, slope, slope_se, slope_lo,
        slope_hi, slope_pval, top_trend_n, top_trend_people, top_slope, top_slope_se,
        top_slope_lo, top_slope_hi, top_slope_t, top_slope_pval; top_grades, the grades counted as top ("S+A"; null
        without a top share).

    Notes
    -----
    ``slope``: OLS of employee scores on cycle_order, in score units per cycle step; its SE
    cluster-robust by person (CR1, t with people - 1 df) when ``employee_id`` is given
    (``trend_people``), else classical (t with n - 2 df).
    Top share: Wilson interval per cycle. ``top_slope = T / sum n_i (t_i - tbar)^2`` (``T =
    sum x_i (t_i - tbar)``) is the least-squares change of the share per cycle step. With
    ``employee_id`` it is the linear-probability slope of "top grade" (1/0) on cycle_order, its
    SE cluster-robust by person as the mean's (CR1, t on people - 1 df; ``top_slope_t`` its t,
    ``top_slope_pval`` its p, ``top_trend_people`` the graded people): the same people are graded in every cycle. Without it, the
    Cochran-Armitage test with scores t = cycle_order: ``Var0 = pbar (1 - pbar) sum n_i (t_i -
    tbar)^2``, ``z = T / sqrt(Var0)``, and the CI from the binomial variance per cycle,
    ``sum n_i (t_i - tbar)^2 p_i (1 - p_i) / Stt^2``.

    References
    ----------
    Armitage, P. (1955). Tests for linear trends in proportions and frequencies.
    *Biometrics*, 11(3), 375-386. Agresti, A. (2013). *Categorical Data Analysis* (3rd ed.),
    section 3.4 (linear trend in proportions). Liang, K.-Y., & Zeger, S. L. (1986).
    Longitudinal data analysis using generalized linear models. *Biometrika*, 73(1), 13-22.
    """
    by = _as_list(by)
    require_columns(scores, [*by, "cycle_id", "cycle_order", value], "scores")
    df = _valid_scores(scores, value).filter(pl.col("cycle_order").is_not_null())
    key = by or [_CONST]
    if not by:
        df = df.with_columns(pl.lit(1).alias(_CONST))
    has_grade = "grade" in df.columns and df.get_column("grade").drop_nulls().len() > 0
    if top_grades is None:
        present = df.get_column("grade").unique().to_list() if has_grade else []
        top_grades = recorded_top_grades(present, guideline)
    has_top = has_grade and bool(top_grades)  # grades on no known scale: no top share
    per_cycle = _cycle_means(df, key, value, top_grades, has_grade, conf)
    ols = _score_slope(df, key, value, conf)
    ca = _top_share_trend(per_cycle, key, conf, df if has_top else None, top_grades)
    out = per_cycle.join(ols, on=key, how="left", nulls_equal=True).join(
        ca, on=key, how="left", nulls_equal=True
    )
    if not has_top:
        out = out.with_columns(
            pl.lit(None, dtype=pl.Float64).alias(c)
            for c in (
                "top_share",
                "top_share_lo",
                "top_share_hi",
                "top_slope",
                "top_slope_se",
                "top_slope_lo",
                "top_slope_hi",
                "top_slope_t",
                "top_slope_pval",
            )
        ).with_columns(
            pl.lit(None, dtype=pl.Int64).alias("n_top"),
            pl.lit(None, dtype=pl.Int64).alias("top_trend_n"),
            pl.lit(None, dtype=pl.Int64).alias("top_trend_people"),
        )
    cols = [
        *by,
        "cycle_id",
        "cycle_order",
        "n",
        "mean",
        "sd",
        "mean_lo",
        "mean_hi",
        "n_graded",
        "n_top",
        "top_share",
        "top_share_lo",
        "top_share_hi",
        "trend_n",
        "trend_people",
        "n_cycles",
        "slope",
        "slope_se",
        "slope_lo",
        "slope_hi",
        "slope_pval",
        "top_trend_n",
        "top_trend_people",
        "top_slope",
        "top_slope_se",
        "top_slope_lo",
        "top_slope_hi",
        "top_slope_t",
        "top_slope_pval",
        "top_grades",
    ]
    # the grades counted as top, as the data records them ("S+A", "优秀+良好", "Exceeds", not
    # the scale's "Outstanding+Exceeds Expectations": rev31b item 5); else as the scale names them
    named = _top_names(top_grades, df.get_column("grade").unique().to_list() if has_grade else [])
    out = out.with_columns(
        pl.lit("+".join(named) if has_top else None, dtype=pl.String).alias("top_grades")
    )
    return _nan_to_null(out.sort([*key, "cycle_order", "cycle_id"], nulls_last=True).select(cols))


def _top_names(top_grades: Sequence[str], present: Sequence[str | None]) -> list[str]:
    """The top grades' names for a label: those recorded (``present``), else the scale's."""
    seen = set(present)
    return (
        [g for g in top_grades if g in seen]
        or [g for g in top_grades if g in _SCALE_LABELS]
        or list(top_grades)
    )


def inflation_within_scales(
    scores: pl.DataFrame, scales: pl.DataFrame | None, **options: object
) -> pl.DataFrame:
    """:func:`inflation_trend` within each run of consecutive cycles on one scale: a change of
    scale (1-5 to 0-100) is a break in the series, across which the 0-1 score
    ``(x - lo) / (hi - lo)`` compares only if the two scales' ends mean the same (rev23b item
    9). ``scales``: ``cycle_id, scale`` (no rows, or None: one scale throughout). Adds
    ``segment`` (1, 2, ... in cycle order) and ``segment_scale`` (the run's scale; null on one
    scale) to every row; each segment has its own slope, interval, p and top-share trend."""
    cycles = (
        scores.select("cycle_id", "cycle_order")
        .drop_nulls("cycle_order")
        .unique()
        .sort("cycle_order", "cycle_id")
    )
    known = {} if scales is None else dict(scales.select("cycle_id", "scale").rows())
    names = [known.get(c) for c in cycles["cycle_id"].to_list()]
    if len(set(names)) <= 1:
        out = inflation_trend(scores, **options)  # type: ignore[arg-type]
        return out.with_columns(
            pl.lit(1, pl.Int32).alias("segment"),
            # null on one scale, whatever the caller knew of it: a stored cycle's rows are the
            # same whether its scope was fitted alone or with the others (test_incremental)
            pl.lit(None, pl.String).alias("segment_scale"),
        )
    segment, runs = 0, []
    for i, name in enumerate(names):
        segment += i == 0 or name != names[i - 1]
        runs.append(segment)
    seg = cycles.select("cycle_id").with_columns(
        pl.Series("segment", runs, dtype=pl.Int32), pl.Series("segment_scale", names, pl.String)
    )
    out = inflation_trend(scores.join(seg, on="cycle_id"), by="segment", **options)  # type: ignore[arg-type]
    return out.join(seg, on=["cycle_id", "segment"], how="left").select(
        pl.exclude("segment", "segment_scale"), "segment", "segment_scale"
    )
