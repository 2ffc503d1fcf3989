"""Adverse impact of a calibration session's grades, by group (gender, age band, location,
tenure, level, or a group column the mapping declares): pure functions, frames in, frames out.

For each group column and each group of at least ``k`` people (smaller groups are
suppressed: their numbers are never shown, nor used), and of at least :data:`MIN_COMPARE`
people (smaller groups are listed with their ``n`` as "too few to judge" and compared with
nothing, rev23a item 10):

- ``n``, the rate of top grades (the guideline's top bands, :func:`top_grades`: the two best
  grades of a scale of four or more, else the best one) among the final grades, and the rates of
  downward and upward moves in the session (final against proposed grade);
- the **four-fifths ratio** (``impact_ratio``): the group's top-grade rate over the highest
  group's (the reference; Uniform Guidelines, 29 CFR 1607.4(D));
- against the reference: the rate difference with Newcombe's hybrid score interval (method 10 of
  Newcombe 1998, built from Wilson intervals) and Fisher's exact test on the 2x2 table (exact
  at any count; Agresti, *Categorical Data Analysis*, 3.5);
- a **logistic regression** of top grade on the group (reference: the highest group) with the
  person's KPI result (:func:`kpi_scores`) and level as covariates: the group's odds ratio at
  equal KPI and level, Firth-penalised, with its profile penalised-likelihood 95% interval
  (:mod:`analytics.stats.firth`; a Wald interval fails where a small group is nearly separated,
  rev24b item 8). It says "cannot be estimated" (``or_estimable`` false, numbers empty) when the
  group or the reference has no top grade or only top grades in the model's people, the fit
  does not converge, an end of the interval is not reached, or the interval is uninformative
  (wider on the log scale than a Wald interval of standard error :data:`MAX_LOG_SE`).

**Level is a control, not a group to flag** (:data:`CONTROL_COLUMNS`, rev24b item 8): the
other groups are compared at equal level, and level is no protected attribute. Its groups'
rates are shown as context (``control`` true): no reference, four-fifths ratio, test or odds
ratio, and the verdict ``control`` says why.

One verdict per group column (:func:`verdicts`) says in words what the data shows and what it
does not prove. Methods: docs/methods.md "Adverse impact".
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from analytics.stats.distributions import tail_grades, top_bands

if TYPE_CHECKING:
    from analytics.stats.firth import Firth

__all__ = [
    "CONTROL_COLUMNS",
    "FOUR_FIFTHS",
    "GROUP_COLUMNS",
    "MAX_LOG_SE",
    "MIN_COMPARE",
    "UNCONTROLLED_WORDED",
    "VERDICTS",
    "WARN",
    "Adverse",
    "adverse_impact",
    "fisher_p",
    "group_odds_ratios",
    "group_rates",
    "kpi_scores",
    "newcombe_diff",
    "readable",
    "sentences",
    "top_grades",
    "verdicts",
    "warned_sentences",
    "wilson",
]

FOUR_FIFTHS = 0.8
#: verdicts the meeting shows as a warning (the others as information), counted in the
#: sign-off's confirmation and listed in the signed record
WARN = ("flagged", "below_unexplained", "inconclusive")
Z95 = 1.959963984540054
#: a log odds ratio with a larger standard error says nothing: "cannot be estimated"
MAX_LOG_SE = 3.0
#: a group of fewer people is too few to judge: one person moves its rate by more than 20
#: points, so it is listed with its n and takes no part in the reference, the tests, the
#: regression or the verdict (rev23a item 10: "M3 0.0%, Fisher p=0.014" on 4 people)
MIN_COMPARE = 5
#: the group columns the import recognises, in the order they are shown
GROUP_COLUMNS = ("gender", "age_band", "location", "tenure", "level")
#: group columns held equal in the others' regressions, not compared: their rates are context
CONTROL_COLUMNS = ("level",)


#: a guideline's grades best first, or the guideline itself (grade -> share): see top_grades
Grades = Sequence[str] | Mapping[str, float]


def top_grades(grades: Grades) -> list[str]:
    """The top grades: of a guideline (grade -> share, best first) the grades before its
    largest share, as the guideline table and the meeting count them
    (:func:`~analytics.stats.distributions.tail_grades`: A of A15/B60/C20/D5, not "A, B",
    rev30b item 6); of grades alone their top bands, the two best of four or more, else one
    (:func:`~analytics.stats.distributions.top_bands`, the rule the inflation trend uses)."""
    if isinstance(grades, Mapping):
        return tail_grades(grades)[0]
    return top_bands(grades)


# --------------------------------------------------------------------------------------------
# two proportions
# --------------------------------------------------------------------------------------------
def wilson(x: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval of the proportion ``x / n`` (Agresti & Coull 1998)."""
    if n <= 0:
        return (math.nan, math.nan)
    p = x / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z / den * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    # the ends at 0 and n are exactly 0 and 1 (not a rounding error of 1e-17 away)
    low = 0.0 if x == 0 else max(0.0, centre - half)
    return (low, 1.0 if x == n else min(1.0, centre + half))


def newcombe_diff(x1: int, n1: int, x2: int, n2: int, z: float = Z95) -> tuple[float, ...]:
    """``(d, low, high)``: the difference ``x1/n1 - x2/n2`` with Newcombe's hybrid score
    interval (Newcombe 1998, method 10)."""
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p1 - p2
    return (
        d,
        d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
        d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    )


def fisher_p(x1: int, n1: int, x2: int, n2: int) -> float:
    """Two-sided p of Fisher's exact test of ``x1/n1`` against ``x2/n2``."""
    from scipy.stats import fisher_exact

    return float(fisher_exact([[x1, n1 - x1], [x2, n2 - x2]]).pvalue)


# --------------------------------------------------------------------------------------------
# covariates
# --------------------------------------------------------------------------------------------
def kpi_scores(kpi: pl.DataFrame) -> pl.DataFrame:
    """``employee_id, kpi_score``: each person's KPI result as the mean, over their KPIs, of
    the z-score of the KPI's attainment (its actual value when no target gave an attainment)
    among the people of the frame. Sub-periods are averaged first. KPIs on different units
    (a sales amount, a count of customers) become comparable this way."""
    value = pl.coalesce(pl.col("attainment"), pl.col("actual"))
    per = (
        kpi.select("employee_id", "kpi", value.cast(pl.Float64).alias("v"))
        .drop_nulls()
        .group_by("employee_id", "kpi")
        .agg(pl.col("v").mean())
    )
    sd = pl.col("v").std().over("kpi")
    z = pl.when(sd > 0).then((pl.col("v") - pl.col("v").mean().over("kpi")) / sd)
    return (
        per.with_columns(z.alias("z"))
        .group_by("employee_id")
        .agg(pl.col("z").mean().alias("kpi_score"))
        .sort("employee_id")
    )


_DIGITS = re.compile(r"\d+")


def _level_design(level: pl.Series) -> np.ndarray | None:
    """Level as a covariate: its number (P4 -> 4) when every level has one, else one dummy per
    level but the first (a missing level is a level of its own); None without levels."""
    if level.null_count() == level.len():
        return None
    texts = level.cast(pl.String).fill_null("")
    nums = [_DIGITS.search(t) for t in texts.to_list()]
    if all(nums):
        x = np.array([float(m.group()) for m in nums])  # type: ignore[union-attr]
        return x[:, None] if x.std() > 0 else None
    values = sorted(set(texts.to_list()))
    if len(values) < 2:
        return None
    arr = np.array(texts.to_list())
    return np.column_stack([(arr == v).astype(float) for v in values[1:]])


# --------------------------------------------------------------------------------------------
# rates
# --------------------------------------------------------------------------------------------
def _ranked(people: pl.DataFrame, grades: Grades) -> pl.DataFrame:
    rank = {g: i for i, g in enumerate(grades)}  # 0 = best
    top = top_grades(grades)
    return people.with_columns(
        pl.col("final").is_in(top).alias("_top"),
        pl.col("final").replace_strict(rank, default=None, return_dtype=pl.Int32).alias("_f"),
        pl.col("proposed").replace_strict(rank, default=None, return_dtype=pl.Int32).alias("_p"),
    ).filter(pl.col("final").is_not_null())


def group_rates(people: pl.DataFrame, column: str, grades: Grades, k: int = 3) -> pl.DataFrame:
    """Per group of ``column``: ``n``, ``top_count``, ``top_rate``, ``down_rate``, ``up_rate``,
    ``impact_ratio`` (top rate over the highest group's), ``reference`` (the highest group),
    ``suppressed`` (fewer than ``k`` people: every number emptied, and left out of the
    reference) and ``too_few`` (at least ``k`` but fewer than :data:`MIN_COMPARE`: ``n``
    shown, every other number emptied, compared with nothing). People without a final grade
    or a value in ``column`` are left out."""
    ranked = _ranked(people, grades).filter(pl.col(column).is_not_null())
    out = (
        ranked.group_by(pl.col(column).cast(pl.String).alias("group"))
        .agg(
            pl.len().alias("n"),
            pl.col("_top").sum().cast(pl.Int64).alias("top_count"),
            (pl.col("_f") > pl.col("_p")).sum().cast(pl.Int64).alias("_down"),
            (pl.col("_f") < pl.col("_p")).sum().cast(pl.Int64).alias("_up"),
        )
        .with_columns(
            pl.col("n").cast(pl.Int64),
            (pl.col("n") < k).alias("suppressed"),
            ((pl.col("n") >= k) & (pl.col("n") < MIN_COMPARE)).alias("too_few"),
        )
        .with_columns(
            (pl.col("top_count") / pl.col("n")).alias("top_rate"),
            (pl.col("_down") / pl.col("n")).alias("down_rate"),
            (pl.col("_up") / pl.col("n")).alias("up_rate"),
        )
    )
    shown = out.filter(~pl.col("suppressed") & ~pl.col("too_few"))
    best = shown.sort(["top_rate", "n", "group"], descending=[True, True, False]).head(1)
    ref = best["group"][0] if best.height else None
    high = best["top_rate"][0] if best.height else None
    out = out.with_columns(
        (pl.col("group") == pl.lit(ref)).fill_null(False).alias("reference"),
        (pl.col("top_rate") / high if high else pl.lit(None, pl.Float64)).alias("impact_ratio"),
    )
    hide = ["top_count", "top_rate", "down_rate", "up_rate", "impact_ratio"]
    return (
        out.with_columns(
            [
                pl.when(pl.col("suppressed") | pl.col("too_few")).then(None).otherwise(c).alias(c)
                for c in hide
            ]
        )
        .select(
            pl.lit(column).alias("group_column"),
            "group",
            "n",
            "top_count",
            "top_rate",
            "impact_ratio",
            "down_rate",
            "up_rate",
            "reference",
            "suppressed",
            "too_few",
        )
        .sort(
            ["suppressed", "too_few", "reference", "group"], descending=[False, False, True, False]
        )
    )


# --------------------------------------------------------------------------------------------
# regression
# --------------------------------------------------------------------------------------------
_OR_COLUMNS = {
    "group": pl.String,
    "odds_ratio": pl.Float64,
    "or_ci95_low": pl.Float64,
    "or_ci95_high": pl.Float64,
    "or_estimable": pl.Boolean,
    # why there is no odds ratio: degenerate (a group with no or only top grades), unstable
    # (the fit did not converge or the covariates nearly separate the grades: the interval is
    # too wide to tell at this number of people), too_small (more coefficients than people)
    "or_reason": pl.String,
}


def group_odds_ratios(
    people: pl.DataFrame,
    column: str,
    reference: str,
    groups: Sequence[str],
    grades: Grades,
) -> tuple[pl.DataFrame, str]:
    """The logistic regression of top grade on ``column``'s ``groups`` (dummies against
    ``reference``), with ``kpi_score`` and ``level`` as covariates where present (people
    without a KPI score are left out when anyone has one): per group ``odds_ratio`` with its
    Firth-penalised estimate and profile penalised-likelihood 95% interval, or
    ``or_estimable`` false. Returns the frame and the controls used
    (``kpi_level``, ``kpi``, ``level``, ``none``, or ``none_level_compared``: nothing, level
    being the group compared and no KPI results)."""
    ranked = _ranked(people, grades).filter(
        pl.col(column).cast(pl.String).is_in([reference, *groups])
    )
    has_kpi = "kpi_score" in ranked.columns and ranked["kpi_score"].null_count() < ranked.height
    if has_kpi:
        ranked = ranked.filter(pl.col("kpi_score").is_not_null())
    # level is a covariate, unless it is the group compared
    level = _level_design(ranked["level"]) if "level" in ranked.columns else None
    level = None if column == "level" else level
    controls = {(True, True): "kpi_level", (True, False): "kpi", (False, True): "level"}.get(
        (has_kpi, level is not None), "none"
    )
    if controls == "none" and column == "level":  # not "the data has no levels" (rev23a 10)
        controls = "none_level_compared"
    others = [g for g in groups if g != reference]

    def empty(reason: str) -> pl.DataFrame:
        frame = pl.DataFrame(
            {"group": others, "or_estimable": [False] * len(others)}, schema_overrides=_OR_COLUMNS
        )
        return frame.with_columns(
            *[
                pl.lit(None, pl.Float64).alias(c)
                for c in ("odds_ratio", "or_ci95_low", "or_ci95_high")
            ],
            pl.lit(reason, pl.String).alias("or_reason"),
        ).select(list(_OR_COLUMNS))

    if not others or ranked.height == 0:
        return empty("too_small"), controls
    g = ranked[column].cast(pl.String).to_numpy()
    y = ranked["_top"].to_numpy().astype(float)
    cols = [np.ones(len(y))] + [(g == o).astype(float) for o in others]
    if has_kpi:
        cols.append(ranked["kpi_score"].to_numpy().astype(float))
    x = np.column_stack(cols if level is None else [*cols, level])

    # separation in the group or the reference: no top grade, or only top grades
    def varies(mask: np.ndarray) -> bool:
        return 0 < y[mask].sum() < mask.sum()

    if not varies(g == reference):
        return empty("degenerate"), controls
    if x.shape[1] >= len(y):
        return empty("too_small"), controls
    wanted = tuple(i for i, o in enumerate(others, start=1) if varies(g == o))
    fit, intervals = _fitted(y.tobytes(), x.astype(float).tobytes(), x.shape[1], wanted)
    rows = []
    for i, o in enumerate(others, start=1):
        degenerate = not varies(g == o)
        low, high = intervals.get(i, (None, None))
        # an end not reached, or an interval wider than a Wald one of MAX_LOG_SE: no estimate
        good = (
            fit.converged
            and not degenerate
            and low is not None
            and high is not None
            and high - low <= 2 * Z95 * MAX_LOG_SE
        )
        reason = None if good else ("degenerate" if degenerate else "unstable")
        rows.append(
            {
                "group": o,
                "odds_ratio": math.exp(float(fit.params[i])) if good else None,
                "or_ci95_low": math.exp(low) if good else None,
                "or_ci95_high": math.exp(high) if good else None,
                "or_estimable": good,
                "or_reason": reason,
            }
        )
    return pl.DataFrame(rows, schema=_OR_COLUMNS), controls


@functools.lru_cache(maxsize=64)
def _fitted(
    y: bytes, x: bytes, width: int, wanted: tuple[int, ...]
) -> tuple[Firth, dict[int, tuple[float | None, float | None]]]:
    """The Firth fit of ``y`` on the design ``x`` (``width`` columns; both as their bytes,
    so that they key the cache) and the profile interval of each coefficient of ``wanted``
    (none when the fit did not converge). Why remembered by content: the meeting page
    computes the section again after every move, and a move that leaves everyone's top grade
    as it was (B to C) leaves the regression's data as it was; its fit and intervals were
    most of a page run (0.5-1.5 CPU s on a team of 30). Anything that changes a number of
    the model (a top grade, a KPI, a group) changes the key."""
    from analytics.stats.firth import firth_logit, profile_interval

    ys = np.frombuffer(y, dtype=float)
    xs = np.frombuffer(x, dtype=float).reshape(-1, width)
    fit = firth_logit(ys, xs)
    if not fit.converged:
        return fit, {}
    return fit, {i: profile_interval(ys, xs, fit, i) for i in wanted}


# --------------------------------------------------------------------------------------------
# the whole section
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Adverse:
    """``groups``: one row per group column and group (rates, ratio, test, odds ratio);
    ``verdicts``: one row per group column (a ``verdict`` code of the ``adverse.verdict``
    catalogue family and its parameters); ``top``: the grades counted as top; ``k``: groups of
    fewer people are suppressed."""

    groups: pl.DataFrame
    verdicts: pl.DataFrame
    top: list[str]
    k: int = 3  # the anonymity threshold the groups were suppressed at


_TEST_COLUMNS = {
    "rate_diff": pl.Float64,
    "diff_ci95_low": pl.Float64,
    "diff_ci95_high": pl.Float64,
    "p_value": pl.Float64,
}


def _tests(rates: pl.DataFrame) -> pl.DataFrame:
    """Each shown group against the reference: rate difference, Newcombe interval, Fisher p."""
    ref = rates.filter(pl.col("reference"))
    rows = []
    for r in rates.iter_rows(named=True):
        if r["suppressed"] or r["too_few"] or r["reference"] or ref.is_empty():
            rows.append(dict.fromkeys(_TEST_COLUMNS))
            continue
        x2, n2 = int(ref["top_count"][0]), int(ref["n"][0])
        d, lo, hi = newcombe_diff(int(r["top_count"]), int(r["n"]), x2, n2)
        p = fisher_p(int(r["top_count"]), int(r["n"]), x2, n2)
        rows.append({"rate_diff": d, "diff_ci95_low": lo, "diff_ci95_high": hi, "p_value": p})
    return pl.DataFrame(rows, schema=_TEST_COLUMNS)


def adverse_impact(
    people: pl.DataFrame,
    group_columns: Sequence[str],
    grades: Grades,
    k: int = 3,
) -> Adverse:
    """The section for a session's ``people`` (``employee_id, proposed, final``, optional
    ``level`` and ``kpi_score``, and the group columns); ``grades``: the guideline's grades,
    best first, or the guideline (its top grades then the guideline table's, :func:`top_grades`); ``k``: the anonymity threshold (groups of fewer people are suppressed)."""
    parts = []
    controls: dict[str, str] = {}
    for column in group_columns:
        if column not in people.columns or people[column].null_count() == people.height:
            continue
        rates = group_rates(people, column, grades, k)
        if column in CONTROL_COLUMNS:  # context: rates only, nothing compared or flagged
            controls[column] = "control"
            parts.append(_context(rates))
            continue
        rates = pl.concat([rates, _tests(rates)], how="horizontal")
        shown = rates.filter(~pl.col("suppressed") & ~pl.col("too_few"))
        ref = shown.filter(pl.col("reference"))["group"].to_list()
        ors, controls[column] = (
            group_odds_ratios(people, column, ref[0], shown["group"].to_list(), grades)
            if ref
            else (pl.DataFrame(schema=_OR_COLUMNS), "none")
        )
        parts.append(rates.join(ors, on="group", how="left", maintain_order="left"))
    if not parts:
        groups = pl.DataFrame(schema=_groups_schema())
    else:
        groups = pl.concat(parts, how="vertical_relaxed")
    top = top_grades(grades)
    return Adverse(groups, verdicts(groups, top, controls, k), top, k)


def _context(rates: pl.DataFrame) -> pl.DataFrame:
    """A control column's rates as context: no reference, ratio, test or odds ratio."""
    return rates.with_columns(
        pl.lit(False).alias("reference"),
        pl.lit(None, pl.Float64).alias("impact_ratio"),
        *[pl.lit(None, t).alias(c) for c, t in _TEST_COLUMNS.items()],
        *[pl.lit(None, t).alias(c) for c, t in _OR_COLUMNS.items() if c != "group"],
    )


def _groups_schema() -> dict[str, pl.DataType]:
    return {
        "group_column": pl.String,
        "group": pl.String,
        "n": pl.Int64,
        "top_count": pl.Int64,
        "top_rate": pl.Float64,
        "impact_ratio": pl.Float64,
        "down_rate": pl.Float64,
        "up_rate": pl.Float64,
        "reference": pl.Boolean,
        "suppressed": pl.Boolean,
        "too_few": pl.Boolean,
        **_TEST_COLUMNS,
        **{c: t for c, t in _OR_COLUMNS.items() if c != "group"},
    }


_VERDICT_SCHEMA = {
    "group_column": pl.String,
    # flagged | below_unexplained | inconclusive | kpi_explains | no_gap | too_few | control
    "verdict": pl.String,
    # kpi_level | kpi | level | none | none_level_compared | control (a control column)
    "controls": pl.String,
    "group": pl.String,  # the group the sentence names (the worst)
    "n_groups": pl.Int64,  # groups flagged, or below four-fifths
    "reference": pl.String,
    "ratio": pl.Float64,  # the group's four-fifths ratio (its rate over the reference's)
    "rate": pl.Float64,  # the group's top-grade rate
    "ref_rate": pl.Float64,  # the reference's top-grade rate
    "why": pl.String,  # below_unexplained: why the controlled effect has no estimate
    "raw_odds_ratio": pl.Float64,
    "odds_ratio": pl.Float64,
    "or_ci95_low": pl.Float64,
    "or_ci95_high": pl.Float64,
    "p_value": pl.Float64,
    "top": pl.List(pl.String),
    "k": pl.Int64,
    "few": pl.List(pl.String),  # the groups too few to judge, each with its n ("M3 (n=4)")
    "min_n": pl.Int64,  # :data:`MIN_COMPARE`
}
#: worst first
VERDICTS = (
    "flagged",
    "below_unexplained",
    "inconclusive",
    "kpi_explains",
    "no_gap",
    "too_few",
    "control",
)


def _raw_odds_ratio(x1: int, n1: int, x2: int, n2: int) -> float | None:
    """The 2x2 table's odds ratio (x1/(n1-x1)) / (x2/(n2-x2)); None when a cell is 0."""
    if 0 in (x1, n1 - x1, x2, n2 - x2):
        return None
    return (x1 / (n1 - x1)) / (x2 / (n2 - x2))


def verdicts(
    groups: pl.DataFrame, top: Sequence[str], controls: dict[str, str], k: int = 3
) -> pl.DataFrame:
    """One verdict per group column, worst first (:data:`VERDICTS`):

    - ``flagged``: some group's odds ratio at equal KPI and level has its whole interval
      below 1 (the ratings are lower where the KPIs are not);
    - ``below_unexplained``: a group's top-grade rate is below four-fifths of the reference's
      and its controlled odds ratio cannot be estimated;
    - ``inconclusive``: below four-fifths, the controlled interval covers 1 but also the raw
      gap (its lower end is below the raw odds ratio): too uncertain to say which explains it;
    - ``kpi_explains``: every group below four-fifths has a controlled interval that covers 1
      and excludes the raw gap (lower end above the raw odds ratio): the KPI difference, not
      the rating, explains the gap;
    - ``no_gap``: no group below four-fifths and none flagged;
    - ``too_few``: fewer than two groups of at least :data:`MIN_COMPARE` people;
    - ``control``: a :data:`CONTROL_COLUMNS` column (``controls`` "control"): held equal in
      the other groups' regressions, its rates context only, nothing compared.

    ``few`` lists the groups too few to judge with their n (said after the verdict).

    ``group`` is the worst group (lowest ratio; for ``flagged``, the lowest odds ratio) and
    ``n_groups`` how many groups share the verdict."""
    rows = []
    for column in groups["group_column"].unique(maintain_order=True).to_list():
        g = groups.filter((pl.col("group_column") == column) & ~pl.col("suppressed"))
        few = g.filter(pl.col("too_few")).sort("group")
        g = g.filter(~pl.col("too_few"))
        ref = g.filter(pl.col("reference"))
        base = {
            "group_column": column,
            "controls": controls.get(column, "none"),
            "top": list(top),
            "k": k,
            "reference": ref["group"][0] if ref.height else None,
            "few": [f"{name} (n={n})" for name, n in few.select("group", "n").rows()],
            "min_n": MIN_COMPARE,
        }
        if base["controls"] == "control":  # level: held equal elsewhere, never flagged
            rows.append(base | {"verdict": "control", "n_groups": g.height})
            continue
        others = g.filter(~pl.col("reference"))
        if others.is_empty() or ref.is_empty():
            rows.append(base | {"verdict": "too_few", "n_groups": 0})
            continue
        x2, n2 = int(ref["top_count"][0]), int(ref["n"][0])
        raw = [
            _raw_odds_ratio(int(x), int(n), x2, n2)
            for x, n in others.select("top_count", "n").rows()
        ]
        others = others.with_columns(pl.Series("raw_odds_ratio", raw, dtype=pl.Float64))
        estimable = pl.col("or_estimable").fill_null(False)
        flagged = others.filter(estimable & (pl.col("or_ci95_high") < 1))
        below = others.filter(pl.col("impact_ratio") < FOUR_FIFTHS)
        unexplained = below.filter(~estimable)
        # the controlled interval rules out a gap as large as the raw one
        unsure = below.filter(
            estimable & (pl.col("or_ci95_low") <= pl.col("raw_odds_ratio").fill_null(0.0))
        )
        if flagged.height:
            worst, verdict = flagged.sort("odds_ratio"), "flagged"
        elif unexplained.height:
            worst, verdict = unexplained.sort("impact_ratio"), "below_unexplained"
        elif unsure.height:
            worst, verdict = unsure.sort("impact_ratio"), "inconclusive"
        elif below.height:
            worst, verdict = below.sort("impact_ratio"), "kpi_explains"
        else:
            worst, verdict = others.sort("impact_ratio"), "no_gap"
        w = worst.row(0, named=True)
        rows.append(
            base
            | {
                "verdict": verdict,
                "group": w["group"],
                "n_groups": (flagged if verdict == "flagged" else below).height,
                **{
                    c: w[c] for c in ("raw_odds_ratio", "odds_ratio", "or_ci95_low", "or_ci95_high")
                },
                "ratio": w["impact_ratio"],
                "rate": w["top_rate"],
                "ref_rate": ref["top_rate"][0],
                "why": (w.get("or_reason") or "unstable")
                if verdict == "below_unexplained"
                else None,
                "p_value": w["p_value"],
            }
        )
    order = {v: i for i, v in enumerate(VERDICTS)}
    frame = (
        pl.DataFrame(rows, schema=_VERDICT_SCHEMA) if rows else pl.DataFrame(schema=_VERDICT_SCHEMA)
    )
    return frame.sort(
        pl.col("verdict").replace_strict(order, return_dtype=pl.Int8), maintain_order=True
    )


def _verdict_key(verdict: str, controls: str | None) -> str:
    """The catalogue key of a verdict: its own wording when nothing could be controlled for
    (no KPI results, no levels), where "at equal ..." would claim a control that was not made."""
    if controls in ("none", "none_level_compared") and verdict in UNCONTROLLED_WORDED:
        return f"adverse.verdict.{verdict}_uncontrolled"
    return f"adverse.verdict.{verdict}"


#: the verdicts with their own words when nothing is controlled for (``kpi_explains`` needs a
#: control; ``too_few`` names none)
UNCONTROLLED_WORDED = ("flagged", "inconclusive", "below_unexplained", "no_gap")


# --------------------------------------------------------------------------------------------
# as people read it (the meeting page, the write-back workbook)
# --------------------------------------------------------------------------------------------
def sentences(result: Adverse, lang: str) -> pl.DataFrame:
    """``group_column, verdict, adverse_verdict``: each group column's verdict in words (the
    group column named in ``lang`` where the catalogue knows it: the workbook's first column
    shows no internal key)."""
    from analytics import text

    rows = []
    for r in result.verdicts.iter_rows(named=True):
        params = {key: v for key, v in r.items() if key not in ("group_column", "verdict")}
        column = r["group_column"]
        words = text.render(
            _verdict_key(r["verdict"], r["controls"]), lang, column=column, **params
        )
        if r["few"] and r["verdict"] != "control":  # too few to judge, with their n (rev23a 10)
            words += text.render("adverse.few_groups", lang, **params)
        code = f"adverse.group.{column}"
        named = text.render(code, lang) if code in text.entries() else column
        rows.append((named, r["verdict"], words))
    return pl.DataFrame(rows, schema=["group_column", "verdict", "adverse_verdict"], orient="row")


def warned_sentences(result: Adverse, lang: str) -> list[str]:
    """The verdicts said as a warning (:data:`WARN`) in words: the reminders the meeting page
    shows, counts in the sign-off's confirmation and the signed record repeats."""
    said = sentences(result, lang)
    if said.is_empty():
        return []
    return said.filter(pl.col("verdict").is_in(list(WARN)))["adverse_verdict"].to_list()


def readable(result: Adverse, lang: str) -> pl.DataFrame:
    """The groups as people read them: the group column worded, "cannot be estimated"
    (``or_note``) where the regression gave no odds ratio, "too few to judge" for a group under
    :data:`MIN_COMPARE` (its n shown), "context only" for a :data:`CONTROL_COLUMNS` column. Groups under ``k`` are left out (the section's caption says they are not
    shown); ratios are kept unrounded so the shown decimals are the true ones."""
    from analytics import text

    g = result.groups.filter(~pl.col("suppressed"))
    named = {
        c: text.render(f"adverse.group.{c}", lang)
        for c in g["group_column"].unique().to_list()
        if f"adverse.group.{c}" in text.entries()
    }
    missing = (
        ~pl.col("reference") & ~pl.col("suppressed") & ~pl.col("or_estimable").fill_null(False)
    )
    context = pl.col("group_column").is_in(list(CONTROL_COLUMNS))
    note = (
        pl.when(pl.col("too_few"))
        .then(pl.lit(text.render("adverse.too_few_to_judge", lang, min_n=MIN_COMPARE)))
        .when(context)
        .then(pl.lit(text.render("adverse.context_only", lang)))
        .when(missing)
        .then(pl.lit(text.render("adverse.not_estimable", lang)))
    )
    return g.select(
        pl.col("group_column").replace(named),
        "group",
        "n",
        "top_rate",
        "impact_ratio",
        "down_rate",
        "up_rate",
        "rate_diff",
        "diff_ci95_low",
        "diff_ci95_high",
        "p_value",
        "odds_ratio",
        "or_ci95_low",
        "or_ci95_high",
        note.alias("or_note"),
        "reference",
    )
