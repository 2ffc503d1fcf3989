"""Managers against an anonymous peer panel: leniency where the rater model cannot see it.

A wide export gives each person a manager rating (rater = manager id) and a peer rating whose
raters are not named (a panel's mean). The identified-rater model (:mod:`analytics.stats.raters`)
needs other *identified* raters of the same people, so it calls such a manager
``not_estimable`` / ``own_ratees_only``. Yet the peers did rate the same people in the same
cycle: the person's own level cancels in ``manager - peer``, and a manager whose gap is
larger than the company's is read as more lenient than the panel.

For manager ``j``: each ratee's gap ``d = manager - peer panel`` in every cycle they have both,
averaged per ratee over cycles (one value per ratee, so a ratee seen in four cycles counts
once: the interval respects repeated ratees), then over the ratees (``gap``). ``effect =
gap - centre``, where ``centre`` is the company's mean gap over all (manager, ratee) means, so
a general manager/peer offset is not read as leniency. ``se² = V_j (1 - 2 w_j) + s²_p / N``
(``w_j = n_j / N`` the manager's share of the centre, ``s²_p`` the pooled within-manager
variance of the ratee means, ``V_j = max(sd_j², s²_p) / n_j``: the manager's own variance where
it is the larger, with t on ``n_j - 1`` df, else the pooled one on its df; a noisy manager is
never judged on the others' variance, a small team's few values do not make a tiny one).
Judged with the leniency
rule: ``q < 0.05`` (Benjamini-Hochberg over the managers compared) and ``|effect| >=
threshold`` (0.3 SD of the employee scores, the rater model's materiality threshold).
See docs/methods.md, "Managers against an anonymous peer panel".
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.stats.multiplicity import bh
from analytics.text import phrase

__all__ = [
    "PANEL_MIN_RATEES",
    "PANEL_REASONS",
    "PANEL_STATUSES",
    "panel_leniency",
    "with_panel_reasons",
]

#: ratees a manager needs (with both a manager and a peer-panel rating) to be compared
PANEL_MIN_RATEES = 3
#: the model's ``status_reason`` codes of a manager it cannot estimate but the peer panel
#: compares (:func:`with_panel_reasons`)
PANEL_REASONS = ("own_ratees_peer_panel", "own_ratees_peer_panel_few")
#: ``status`` of a row: flagged (lenient/severe against the panel), clear, too few ratees
PANEL_STATUSES = ("flagged", "clear", "too_few")

_SCHEMA = {
    "rater_id": pl.String,
    "n_ratees": pl.UInt32,
    "n_pairs": pl.UInt32,
    "n_cycles": pl.UInt32,
    "gap_manager_peer": pl.Float64,
    "gap_centre": pl.Float64,
    "effect": pl.Float64,
    "se": pl.Float64,
    "ci95_low": pl.Float64,
    "ci95_high": pl.Float64,
    "effect_sd": pl.Float64,
    "threshold": pl.Float64,
    "p_value": pl.Float64,
    "q_value": pl.Float64,
    "status": pl.String,
    "flag": pl.String,
}


def _person_gaps(ratings: pl.DataFrame, pairs: pl.DataFrame | None) -> pl.LazyFrame:
    """One row per (cycle, ratee, manager): the manager's mean score minus the mean of the
    ratee's peer ratings in that cycle (every peer row, named or not: the panel). From the
    rows' sums per (cycle, ratee, rater, role) (``pairs``: keys.rating_pairs, its ``n`` and
    ``s``) when given: the same means from a frame half the size of the rows or less, and a
    manager's rows there are already one per (cycle, ratee, manager), so only the peers are
    grouped. The ids keep the ratings' dtype (Categorical: grouped on integer codes)."""
    key = ["cycle_id", "employee_id"]
    mean = (pl.col("s").sum() / pl.col("n").sum()).alias
    manager = (pl.col("rater_role") == "manager") & pl.col("rater_id").is_not_null()
    if pairs is None:
        finite = pl.col("score").is_not_null() & pl.col("score").is_finite()
        r = ratings.lazy().filter(finite).with_columns(n=pl.lit(1), s=pl.col("score"))
        mgr = r.filter(manager).group_by(*key, "rater_id").agg(mean("m"))
    else:
        r = pairs.lazy()
        mgr = r.filter(manager).select(*key, "rater_id", m=pl.col("s") / pl.col("n"))
    peer = r.filter(pl.col("rater_role") == "peer").group_by(key).agg(mean("p"))
    return mgr.join(peer, on=key, how="inner").with_columns((pl.col("m") - pl.col("p")).alias("d"))


def _employee_sd(ratings: pl.DataFrame) -> float:
    """SD of the (cycle, employee) mean non-self scores: the scale of the threshold."""
    sd = (
        ratings.lazy()
        .filter((pl.col("rater_role") != "self") & pl.col("score").is_finite())
        .group_by("cycle_id", "employee_id")
        .agg(pl.col("score").mean())
        .select(pl.col("score").std())
        .collect()
        .item()
    )
    return float(sd) if sd is not None else float("nan")


def panel_leniency(
    ratings: pl.DataFrame,
    model: pl.DataFrame | None = None,
    *,
    sd_employee: float | None = None,
    material_sd: float = 0.3,
    min_ratees: int = PANEL_MIN_RATEES,
    fdr: float = 0.05,
    pairs: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Each manager's leniency against the peer panel (module docstring), for the managers the
    rater model cannot estimate: ``model`` is its table (``rater_id``, ``status``); a manager
    whose status there is not ``not_estimable`` keeps the model's estimate and has no row here
    (without ``model`` every manager is compared). ``sd_employee``: the scale of the threshold
    (default: the SD of the (cycle, employee) mean non-self scores of ``ratings``). Scores on
    the 0-1 scale, as stored. Columns in ``_SCHEMA`` order plus ``reason`` (a phrase), largest
    effect first; empty when no manager has a ratee with both ratings. ``pairs``: the rows'
    sums per (cycle, ratee, rater, role) (:func:`analytics.stats.keys.rating_pairs`), read
    instead of the rows when given (the company part passes the ones it shares)."""
    keep = _estimated(model)
    if keep is not None and not _any_compared(ratings if pairs is None else pairs, keep):
        per = pl.DataFrame(schema=_PER_SCHEMA)  # every manager has the model's estimate
        return _panel_table(per, 0, float("nan"), float("nan"), 0.0, float("nan"), material_sd)
    sd = _employee_sd(ratings) if sd_employee is None else float(sd_employee)
    per = _per_manager(_person_gaps(ratings, pairs).collect())
    n_all = per["n_ratees"].sum()
    gap = per["gap_manager_peer"]
    centre = float((gap * per["n_ratees"]).sum() / n_all) if n_all else float("nan")
    big = per.filter(pl.col("n_ratees") >= 2)
    dfp = float((big["n_ratees"] - 1).sum())
    s2p = float(((big["n_ratees"] - 1) * big["_var"]).sum() / dfp) if dfp > 0 else float("nan")
    if keep is not None:
        per = per.join(keep, on="rater_id", how="anti")
    return _panel_table(per, n_all, centre, s2p, dfp, sd, material_sd, min_ratees, fdr)


#: the per-manager table before the tests (:func:`_per_manager`)
_PER_SCHEMA = {
    "rater_id": pl.String,
    "n_ratees": pl.UInt32,
    "n_pairs": pl.UInt32,
    "gap_manager_peer": pl.Float64,
    "_var": pl.Float64,
    "n_cycles": pl.UInt32,
}


def _estimated(model: pl.DataFrame | None) -> pl.DataFrame | None:
    """The managers the rater model estimates (``rater_id`` as String): they keep its estimate
    and get no row of the panel; None without a model (every manager is compared)."""
    if model is None or not model.height:
        return None
    return model.filter(pl.col("status") != "not_estimable").select(
        pl.col("rater_id").cast(pl.String)
    )


def _any_compared(rows: pl.DataFrame, keep: pl.DataFrame) -> bool:
    """Whether some manager of ``rows`` (ratings or their pairs) is not among ``keep``. Why:
    when the model estimates every manager (every ratee has another identified rater) the
    panel has no row, and its gaps (a group-by of every peer row, a join of every manager
    row) would be computed for the centre and pooled variance of rows nobody reads."""
    manager = (pl.col("rater_role") == "manager") & pl.col("rater_id").is_not_null()
    ids = rows.lazy().filter(manager).select(pl.col("rater_id").unique().cast(pl.String))
    return ids.join(keep.lazy(), on="rater_id", how="anti").limit(1).collect().height > 0


def _per_manager(gaps: pl.DataFrame) -> pl.DataFrame:
    """Each manager's ratees (one mean gap per ratee over the cycles), pairs, cycles, mean gap
    and the variance of the ratee means, in :data:`_PER_SCHEMA`."""
    per_ratee = gaps.group_by("rater_id", "employee_id").agg(
        pl.col("d").mean(), pl.len().alias("_k")
    )
    return (
        per_ratee.lazy()
        .group_by("rater_id")
        .agg(
            n_ratees=pl.len().cast(pl.UInt32),
            n_pairs=pl.col("_k").sum().cast(pl.UInt32),
            gap_manager_peer=pl.col("d").mean(),
            _var=pl.col("d").var(),
        )
        .join(
            gaps.lazy()
            .group_by("rater_id")
            .agg(n_cycles=pl.col("cycle_id").n_unique().cast(pl.UInt32)),
            on="rater_id",
        )
        .with_columns(pl.col("rater_id").cast(pl.String))  # one row per manager: text out
        .collect()
    )


def _panel_table(
    per: pl.DataFrame,
    n_all: int,
    centre: float,
    s2p: float,
    dfp: float,
    sd: float,
    material_sd: float,
    min_ratees: int = PANEL_MIN_RATEES,
    fdr: float = 0.05,
) -> pl.DataFrame:
    """The compared managers' rows of :func:`panel_leniency` from their ``per`` rows, the
    number of ratees of every manager ``n_all``, the centre, the pooled variance ``s2p`` on
    ``dfp`` degrees of freedom and the scale ``sd``. The same columns and dtypes whether or
    not a manager is left to compare."""
    n = pl.col("n_ratees").cast(pl.Float64)
    w = n / n_all if n_all else pl.lit(float("nan"))
    tested = pl.col("n_ratees") >= min_ratees
    out = per.with_columns(
        gap_centre=pl.lit(centre),
        effect=pl.col("gap_manager_peer") - centre,
        se=pl.when(tested).then(
            (
                pl.max_horizontal(pl.col("_var").fill_null(s2p), pl.lit(s2p)) / n * (1 - 2 * w)
                + (s2p / n_all if n_all else float("nan"))
            )
            .clip(lower_bound=0)
            .sqrt()
        ),
        threshold=pl.lit(material_sd * sd),
        effect_sd=(pl.col("gap_manager_peer") - centre) / sd,
    )
    return _with_verdicts(_with_tests(out, s2p, dfp), min_ratees, fdr)


def _with_tests(out: pl.DataFrame, s2p: float, dfp: float) -> pl.DataFrame:
    """``out`` with the 95% t interval, two-sided p and BH q of each effect: df ``n - 1`` where
    the manager's own variance is the larger, else the pooled variance's ``dfp``."""
    from scipy import stats as st

    df = np.maximum(out["n_ratees"].cast(pl.Float64).to_numpy() - 1, 1.0)
    own = (out["_var"].fill_null(0.0) > s2p).to_numpy()
    df = np.where(own, df, max(dfp, 1.0))
    se = out["se"].fill_null(np.nan).to_numpy()
    eff = out["effect"].to_numpy()
    tcrit = st.t.ppf(0.975, df)
    with np.errstate(divide="ignore", invalid="ignore"):
        tstat = eff / se
        p = np.where(se > 0, 2 * st.t.sf(np.abs(tstat), df), np.where(np.isnan(se), np.nan, 0.0))
    return out.with_columns(
        ci95_low=pl.Series(eff - tcrit * se).fill_nan(None),
        ci95_high=pl.Series(eff + tcrit * se).fill_nan(None),
        p_value=pl.Series(p).fill_nan(None),
        q_value=pl.Series(bh(p)).fill_nan(None),
    )


def _with_verdicts(out: pl.DataFrame, min_ratees: int, fdr: float) -> pl.DataFrame:
    """``out`` with ``status``, ``flag`` and the ``reason`` phrase, in ``_SCHEMA`` order,
    largest effect first. The rater model's two rules and words (rev25b item 4): ``lenient`` /
    ``severe`` when the whole 95% interval lies beyond the threshold; ``likely_lenient`` /
    ``likely_severe`` when q is below ``fdr`` and the effect at least the threshold but the
    interval crosses it (it printed "lenient" for both)."""
    tested = pl.col("n_ratees") >= min_ratees
    direction = pl.when(pl.col("effect") > 0).then(pl.lit("lenient")).otherwise(pl.lit("severe"))
    thr = pl.col("threshold")
    beyond = ((pl.col("ci95_low") > thr) & (pl.col("effect") >= thr)) | (
        (pl.col("ci95_high") < -thr) & (pl.col("effect") <= -thr)
    )
    strict = tested & beyond.fill_null(False)
    hit = (pl.col("q_value") < fdr) & (pl.col("effect").abs() >= thr)
    likely = tested & hit.fill_null(False) & ~strict
    out = out.with_columns(
        status=pl.when(~tested)
        .then(pl.lit("too_few"))
        .when(strict | likely)
        .then(pl.lit("flagged"))
        .otherwise(pl.lit("clear")),
        flag=pl.when(strict)
        .then(direction)
        .when(likely)
        .then(pl.concat_str(pl.lit("likely_"), direction)),
    )
    args = {
        "effect": pl.col("effect"),
        "lo": pl.col("ci95_low"),
        "hi": pl.col("ci95_high"),
        "n": pl.col("n_ratees").cast(pl.Int64),
        "pairs": pl.col("n_pairs").cast(pl.Int64),
        "q": pl.col("q_value"),
        "thr": pl.col("threshold"),
        "min": pl.lit(min_ratees, pl.Int64),
        "dir": direction,
    }
    reason = (
        pl.when(pl.col("status") == "too_few")
        .then(phrase("panel_too_few", **args))
        .when(pl.col("flag").str.starts_with("likely_"))
        .then(phrase("panel_flagged_likely", **args))
        .when(pl.col("status") == "flagged")
        .then(phrase("panel_flagged", **args))
        .otherwise(phrase("panel_clear", **args))
    )
    return (
        out.with_columns(reason=reason)
        .select([pl.col(c).cast(t) for c, t in _SCHEMA.items()] + [pl.col("reason")])
        .sort("effect", "rater_id", descending=[True, False], nulls_last=True)
    )


def with_panel_reasons(table: pl.DataFrame, panel: pl.DataFrame) -> pl.DataFrame:
    """The rater model's ``table`` with the true reason for each manager it calls ``not_estimable``
    / ``own_ratees_only`` whom ``panel`` (:func:`panel_leniency`) compares with the peers
    instead: "the model cannot use
    their ratees' peer ratings (no rater id); against the peers' mean: ..." with the estimate,
    its interval, q and the verdict, in place of "nobody else rates their people". Status and
    effect stay the model's (not estimable, null): the adjusted scores never subtract a
    comparison with the peers. A table without ``status_reason`` or a panel without rows comes
    back unchanged."""
    if "status_reason" not in table.columns or panel.height == 0:
        return table
    old = pl.col("status_reason")
    dtype = table.schema["status_reason"]
    have = dict(dict(dtype.to_schema())["params"].to_schema())  # type: ignore[union-attr]
    extra = {"n": pl.Int64, "effect": pl.Float64, "lo": pl.Float64, "hi": pl.Float64}
    extra |= {"pairs": pl.Int64, "q": pl.Float64, "thr": pl.Float64, "min": pl.Int64}
    extra |= {"verdict": pl.String}
    extra = {k: v for k, v in extra.items() if k not in have}
    rows = panel.select(
        pl.col("rater_id").cast(table.schema["rater_id"]),
        pl.col("status").alias("_ps"),
        pl.col("flag").alias("_pf"),
        pl.col("effect").alias("_pe"),
        pl.col("ci95_low").alias("_pl"),
        pl.col("ci95_high").alias("_ph"),
        pl.col("n_ratees").cast(pl.Int64).alias("_pn"),
        pl.col("n_pairs").cast(pl.Int64).alias("_pp"),
        pl.col("q_value").alias("_pq"),
        pl.col("threshold").alias("_pt"),
    )
    kept = [old.struct.field("params").struct.field(k).alias(k) for k in have]
    kept += [pl.lit(None, v).alias(k) for k, v in extra.items()]
    new = {k: pl.lit(None, v).alias(k) for k, v in {**have, **extra}.items()}
    new |= {
        "n": pl.col("_pn").alias("n"),
        "effect": pl.col("_pe").cast(have.get("effect", pl.Float64)).alias("effect"),
        "lo": pl.col("_pl").alias("lo"),
        "hi": pl.col("_ph").alias("hi"),
        "pairs": pl.col("_pp").alias("pairs"),
        "q": pl.col("_pq").cast(have.get("q", pl.Float64)).alias("q"),
        "thr": pl.col("_pt").cast(have.get("thr", pl.Float64)).alias("thr"),
        "min": pl.lit(PANEL_MIN_RATEES, have.get("min", pl.Int64)).alias("min"),
        "verdict": pl.col("_pf").fill_null("clear").alias("verdict"),
    }
    order = list(have) + list(extra)
    code = (
        pl.when(pl.col("_ps") == "too_few")
        .then(pl.lit(PANEL_REASONS[1]))
        .otherwise(pl.lit(PANEL_REASONS[0]))
    )
    # only "nobody else rates their people" is false here (no one *named* does; the peers
    # do): a set too small or a solve that failed keeps its own, true, reason
    own_only = old.struct.field("code") == "own_ratees_only"
    swap = (pl.col("status") == "not_estimable") & own_only & pl.col("_ps").is_not_null()
    reason = (
        pl.when(swap)
        .then(pl.struct(code.alias("code"), pl.struct([new[k] for k in order]).alias("params")))
        .otherwise(pl.struct(old.struct.field("code"), pl.struct(kept).alias("params")))
    )
    return (
        table.join(rows, on="rater_id", how="left", maintain_order="left")
        .with_columns(reason.alias("status_reason"))
        .drop(rows.columns[1:])
    )
