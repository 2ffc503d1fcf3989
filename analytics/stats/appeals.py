"""Appeals (申诉) against final grades: how often people appeal and how often an appeal changes
the grade, by rater (the ratee's manager) and by department, how long appeals take, and
overturns as a signal about a rater.

Frames in, frames out; codes, no words (the sentences are ``appeals.*`` in the catalogue).

- **Rates with Wilson intervals** (Wilson 1927): the appeal rate is appealed person-cycles over
  graded person-cycles; the overturn rate is the appeals decided ``overturned`` or
  ``partially`` over the appeals decided (open ones are not in it).
- **Time to resolve**: days from the appeal to its resolution, median and interquartile range
  of the resolved appeals with both dates; open appeals are counted beside (``n_open``), not
  left out silently: a unit whose appeals stay open looks quick on the resolved ones alone.
- **Overturns as a rater signal**: a rater with at least :data:`MIN_DECIDED` decided appeals
  is compared with every other rater's decided appeals by a one-sided Fisher exact test (are
  this rater's grades overturned more often than the rest of the company's?), with Holm's
  correction across the raters tested (Holm 1979); the effect is the difference of the two
  overturn rates with Newcombe's hybrid score interval (Newcombe 1998, method 10, built on the
  Wilson intervals). Fewer decided appeals: ``too_few`` (cannot be estimated), never a verdict.

What it does not prove: an appeal reflects who chooses to appeal (people who expect to win,
who know the process, whose manager encouraged it), and an overturn the reviewer's judgement;
neither is a random sample of the rater's grades.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.stats.intervals import newcombe_difference, wilson_interval
from analytics.stats.multiplicity import holm

__all__ = [
    "ALPHA",
    "CHANGED",
    "MIN_DECIDED",
    "MIN_REST",
    "SIGNALS",
    "appeal_rates",
    "overturn_signal",
    "resolution_times",
]

#: outcomes that changed the grade (a partial change counts: the grade did not stand)
CHANGED = ("overturned", "partially")
#: decided appeals a rater needs before their overturn rate is tested
MIN_DECIDED = 5
#: decided appeals the rest of the company needs as the comparison
MIN_REST = 10
ALPHA = 0.05
#: a rater's signal (catalogue family ``appeal_signal``)
SIGNALS = ("high", "not_high", "too_few")


def _counts(
    graded: pl.DataFrame, appeals: pl.DataFrame, by: str, deduplicated: bool = False
) -> pl.DataFrame:
    """Per ``by``: graded person-cycles, appealed ones, decided and changed appeals."""
    keys = ["cycle_id", "employee_id"]
    per_person = appeals.group_by(keys).agg(
        n_app=pl.len(),
        n_dec=pl.col("outcome").is_not_null().sum(),
        n_chg=pl.col("outcome").is_in(CHANGED).sum(),
    )
    rows = graded.select(*keys, by)
    joined = (rows if deduplicated else rows.unique(keys)).join(per_person, on=keys, how="left")
    return (
        joined.filter(pl.col(by).is_not_null())
        .group_by(by)
        .agg(
            n=pl.len(),
            n_appealed=(pl.col("n_app").fill_null(0) > 0).sum(),
            n_decided=pl.col("n_dec").fill_null(0).sum(),
            n_overturned=pl.col("n_chg").fill_null(0).sum(),
        )
        .with_columns(
            pl.col(c).cast(pl.Int64) for c in ("n", "n_appealed", "n_decided", "n_overturned")
        )
    )


def _with_rates(frame: pl.DataFrame) -> pl.DataFrame:
    lo, hi = wilson_interval(frame["n_appealed"].to_numpy(), frame["n"].to_numpy())
    olo, ohi = wilson_interval(frame["n_overturned"].to_numpy(), frame["n_decided"].to_numpy())
    return frame.with_columns(
        appeal_rate=pl.when(pl.col("n") > 0).then(pl.col("n_appealed") / pl.col("n")),
        appeal_ci95_low=pl.Series(lo).fill_nan(None),
        appeal_ci95_high=pl.Series(hi).fill_nan(None),
        overturn_rate=pl.when(pl.col("n_decided") > 0).then(
            pl.col("n_overturned") / pl.col("n_decided")
        ),
        overturn_ci95_low=pl.Series(olo).fill_nan(None),
        overturn_ci95_high=pl.Series(ohi).fill_nan(None),
    )


def _onto_totals(counts: pl.DataFrame, totals: pl.DataFrame, by: str) -> pl.DataFrame:
    """``counts`` of the appealed person-cycles onto every unit's graded person-cycles."""
    more = ("n_appealed", "n_decided", "n_overturned")
    return (
        totals.filter(pl.col(by).is_not_null())
        .select(by, pl.col("n").cast(pl.Int64))
        .join(counts.drop("n"), on=by, how="left")
        .with_columns(pl.col(c).fill_null(0) for c in more)
    )


def appeal_rates(
    graded: pl.DataFrame,
    appeals: pl.DataFrame,
    by: str,
    deduplicated: bool = False,
    totals: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Appeal and overturn rates per ``by`` (a rater or a department column of ``graded``).

    ``graded``: one row per person and cycle with a final grade (``cycle_id, employee_id,
    <by>``; a person-cycle listed twice counts once, unless ``deduplicated`` says the caller
    made it one row already); ``appeals``: ``cycle_id, employee_id, outcome`` (null: open). An
    appeal of a person-cycle not in ``graded`` is left out (it has no rater or department to
    count for).
    Returns ``by, n, n_appealed, appeal_rate, appeal_ci95_low, appeal_ci95_high, n_decided,
    n_overturned, overturn_rate, overturn_ci95_low, overturn_ci95_high``, most appeals first.

    ``totals`` (``by, n``): every unit's graded person-cycles, counted by the caller; ``graded``
    then needs only the appealed person-cycles' rows (a unit with none is in ``totals`` alone).
    Why: at 40M ratings the company has 1.26M graded person-cycles, and counting them here per
    scope was most of the rater page's appeal statistics (session 28)."""
    counts = _counts(graded, appeals, by, deduplicated)
    out = _with_rates(counts if totals is None else _onto_totals(counts, totals, by))
    return out.sort(["n_appealed", by], descending=[True, False])


def overturn_signal(rates: pl.DataFrame, by: str = "rater_id") -> pl.DataFrame:
    """Whether a rater's grades are overturned on appeal more often than the rest of the
    company's: ``rates`` is :func:`appeal_rates` by rater. Adds ``rest_decided,
    rest_overturned, rest_rate`` (every other rater's decided appeals), ``overturn_diff``
    with ``diff_ci95_low/high`` (Newcombe), ``p_value`` (one-sided Fisher exact, greater),
    ``p_holm`` (Holm across the raters tested) and ``signal`` (:data:`SIGNALS`): ``high`` when
    ``p_holm < ALPHA``, ``too_few`` below :data:`MIN_DECIDED` decided appeals (or a rest below
    :data:`MIN_REST`), else ``not_high``. Sorted: signals first, then by p value.

    A rater below :data:`MIN_DECIDED` has no ``overturn_rate`` (nor its interval), and a
    ``too_few`` rater no ``overturn_diff`` (nor its interval): the sentences say these cannot be
    estimated, and a table showing 0% or 50% of one or two appeals beside them contradicted
    them (rev25a item 8). Their counts stay."""
    from scipy.stats import hypergeom

    if rates.is_empty():
        return rates.with_columns(
            pl.lit(None, pl.Int64).alias("rest_decided"),
            pl.lit(None, pl.Int64).alias("rest_overturned"),
            *(
                pl.lit(None, pl.Float64).alias(c)
                for c in (
                    "rest_rate",
                    "overturn_diff",
                    "diff_ci95_low",
                    "diff_ci95_high",
                    "p_value",
                    "p_holm",
                )
            ),
            pl.lit(None, pl.String).alias("signal"),
        )
    n_all = int(rates["n_decided"].sum())
    k_all = int(rates["n_overturned"].sum())
    k = rates["n_overturned"].to_numpy().astype(float)
    n = rates["n_decided"].to_numpy().astype(float)
    rest_n, rest_k = n_all - n, k_all - k
    d, lo, hi = newcombe_difference(k, n, rest_k, rest_n)
    testable = (n >= MIN_DECIDED) & (rest_n >= MIN_REST)
    # P(X >= k) for X ~ Hypergeometric(population n_all, successes k_all, draws n): Fisher's
    # exact test of the 2x2 table (rater vs rest) x (changed vs stood), one-sided
    # of the raters tested only: at 40M ratings ~200,000 raters, nearly all of them too few
    # (0.06 CPU s of a company's first rater page for values thrown away)
    p = np.full(k.shape, np.nan)
    p[testable] = hypergeom.sf(k[testable] - 1, n_all, k_all, n[testable])
    p_holm = np.full(p.shape, np.nan)
    if testable.any():
        p_holm[testable] = holm(p[testable])
    signal = np.where(~testable, "too_few", np.where(p_holm < ALPHA, "high", "not_high"))
    own = pl.Series(n >= MIN_DECIDED)  # the rater's own rate: too few decided, not estimated
    out = rates.with_columns(
        pl.when(own).then(pl.col(c)).alias(c)
        for c in ("overturn_rate", "overturn_ci95_low", "overturn_ci95_high")
    ).with_columns(
        rest_decided=pl.Series(rest_n.astype(np.int64)),
        rest_overturned=pl.Series(rest_k.astype(np.int64)),
        rest_rate=pl.Series(
            np.where(rest_n > 0, rest_k / np.where(rest_n > 0, rest_n, 1), np.nan)
        ).fill_nan(None),
        overturn_diff=pl.Series(np.where(testable, d, np.nan)).fill_nan(None),
        diff_ci95_low=pl.Series(np.where(testable, lo, np.nan)).fill_nan(None),
        diff_ci95_high=pl.Series(np.where(testable, hi, np.nan)).fill_nan(None),
        p_value=pl.Series(p).fill_nan(None),
        p_holm=pl.Series(p_holm).fill_nan(None),
        signal=pl.Series(signal, dtype=pl.String),
    )
    order = pl.col("signal").replace_strict(
        {"high": 0, "not_high": 1, "too_few": 2}, return_dtype=pl.Int8
    )
    return out.sort([order, pl.col("p_value"), pl.col(by)], nulls_last=True)


def resolution_times(
    appeals: pl.DataFrame, by: str | None = None, as_of: object | None = None
) -> pl.DataFrame:
    """Days from appeal to resolution per ``by`` (or overall): ``n_appeals``, ``n_open`` (no
    outcome yet), ``n_timed`` (resolved with both dates), ``median_days``, ``q1_days``,
    ``q3_days`` (of the timed ones; empty below 1) and, given ``as_of`` (a date),
    ``oldest_open_days``: how long the oldest open appeal has waited."""
    days = (pl.col("resolved_at") - pl.col("filed_at")).dt.total_days()
    frame = appeals.with_columns(
        _days=pl.when(pl.col("outcome").is_not_null()).then(days).cast(pl.Float64)
    )
    aggs = [
        pl.len().cast(pl.Int64).alias("n_appeals"),
        pl.col("outcome").is_null().sum().cast(pl.Int64).alias("n_open"),
        pl.col("_days").is_not_null().sum().cast(pl.Int64).alias("n_timed"),
        pl.col("_days").median().alias("median_days"),
        pl.col("_days").quantile(0.25, "linear").alias("q1_days"),
        pl.col("_days").quantile(0.75, "linear").alias("q3_days"),
    ]
    if as_of is not None:
        waited = (pl.lit(as_of, pl.Date) - pl.col("filed_at")).dt.total_days()
        aggs.append(
            pl.when(pl.col("outcome").is_null()).then(waited).max().alias("oldest_open_days")
        )
    if by is None:
        return frame.select(aggs)
    return frame.group_by(by).agg(aggs).sort(by)
