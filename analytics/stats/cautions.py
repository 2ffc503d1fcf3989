"""Cautions on ranked and listed people whose score rests on a manager the ratings cannot
correct for.

A manager-only export gives each person one rater a cycle: a manager's standard and their
team's real level are one number (:mod:`analytics.stats.links`). The ranking cannot be
corrected for it, but a row whose rating manager is flagged (lenient or severe through the
links across cycles, or central tendency with a team far from its department), or whose team
stands far from the rest of its department, says so with the number (rev25a item 1).

Pure, vectorised Polars; the sentences are codes with parameters (the catalogue words them).
"""

from __future__ import annotations

import polars as pl

from analytics.text import phrase

__all__ = [
    "RATER_CAUTIONS",
    "person_managers",
    "rater_cautions",
    "with_rater_cautions",
]

#: the caution codes (catalogue ``reason.<code>``)
RATER_CAUTIONS = ("caution_linked_rater", "caution_flat_team", "caution_team_gap")


def person_managers(changes: pl.DataFrame | None) -> pl.DataFrame:
    """``employee_id, rater_id``: each person's managers in the cycles of ``changes`` (the
    score changes of :func:`analytics.stats.attribution.score_changes`: the manager before and
    after each change), one row per distinct pair."""
    schema = {"employee_id": pl.String, "rater_id": pl.String}
    if changes is None or not {"manager_from", "manager_to"} <= set(changes.columns):
        return pl.DataFrame(schema=schema)
    return (
        pl.concat(
            [
                changes.select(
                    pl.col("employee_id").cast(pl.String),
                    pl.col(c).cast(pl.String).alias("rater_id"),
                )
                for c in ("manager_from", "manager_to")
            ]
        )
        .drop_nulls()
        .unique(maintain_order=True)
    )


def rater_cautions(raters: pl.DataFrame) -> pl.DataFrame:
    """``rater_id, caution``: one phrase per rater whose people's rank cannot be trusted, null
    for the others.

    - ``caution_linked_rater``: flagged lenient or severe through the links across cycles
      (``interval_method`` = ``links``), which is subtracted from nobody's score;
    - ``caution_flat_team``: central tendency (``ct_status`` flagged) and the team's 95%
      interval against the rest of its department entirely beyond the materiality threshold;
    - ``caution_team_gap``: the team's interval entirely beyond the threshold, without a flag.

    Raters whose effect the same-ratee model estimates are subtracted from the adjusted score
    already and get none."""
    cols = set(raters.columns)
    thr = pl.col("threshold") if "threshold" in cols else pl.lit(0.0)
    linked = (
        (pl.col("interval_method") == "links") & pl.col("flag").is_in(["lenient", "severe"])
        if {"interval_method", "flag"} <= cols
        else pl.lit(False)
    )
    if {"team_diff", "team_ci95_low", "team_ci95_high"} <= cols:
        far = (pl.col("team_ci95_low") > thr) | (pl.col("team_ci95_high") < -thr)
    else:
        far = pl.lit(False)
    flat = far & (pl.col("ct_status") == "flagged") if "ct_status" in cols else pl.lit(False)
    rater = pl.col("rater_id").cast(pl.String)
    team = {
        "rater": rater,
        "gap": pl.col("team_diff") if "team_diff" in cols else pl.lit(None, pl.Float64),
        "lo": pl.col("team_ci95_low") if "team_diff" in cols else pl.lit(None, pl.Float64),
        "hi": pl.col("team_ci95_high") if "team_diff" in cols else pl.lit(None, pl.Float64),
        "n": pl.col("team_people") if "team_people" in cols else pl.lit(None, pl.Int64),
    }
    link = {
        "rater": rater,
        "dir": pl.col("flag") if "flag" in cols else pl.lit(None, pl.String),
        "effect": pl.col("effect") if "effect" in cols else pl.lit(None, pl.Float64),
        "n": pl.col("n_shared_ratees").cast(pl.Int64)
        if "n_shared_ratees" in cols
        else pl.lit(None, pl.Int64),
    }
    return raters.select(
        rater.alias("rater_id"),
        caution=pl.when(linked.fill_null(False))
        .then(phrase("caution_linked_rater", **link))
        .when(flat.fill_null(False))
        .then(phrase("caution_flat_team", **team))
        .when(far.fill_null(False))
        .then(phrase("caution_team_gap", **team)),
    ).filter(pl.col("caution").is_not_null())


def with_rater_cautions(
    rows: pl.DataFrame, changes: pl.DataFrame | None, raters: pl.DataFrame | None
) -> pl.DataFrame:
    """``rows`` (with ``employee_id``) with ``caution``: the list of :func:`rater_cautions` of
    the person's managers (:func:`person_managers`), empty when none; row order kept."""
    empty = pl.lit([], pl.List(pl.Null))
    if raters is None or raters.height == 0 or rows.height == 0:
        return rows.with_columns(caution=empty)
    said = person_managers(changes).join(rater_cautions(raters), on="rater_id", how="inner")
    per = said.group_by("employee_id", maintain_order=True).agg(pl.col("caution"))
    key = rows.schema["employee_id"]
    out = rows.join(
        per.with_columns(pl.col("employee_id").cast(key)),
        on="employee_id",
        how="left",
        maintain_order="left",
    )
    if per.height == 0:
        return out.with_columns(caution=empty)
    return out.with_columns(pl.col("caution").fill_null([]))
