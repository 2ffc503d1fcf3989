"""The outcomes table of a file: final scores (on their own scale), grades (and the grade scale
they belong to), potential, calibrated. A file repeating a person's outcome on every rater's
row states one fact; a different one conflicts."""

from __future__ import annotations

import polars as pl

from analytics import schema as S
from analytics.ingest.mapping import Mapping
from analytics.ingest.problems import Context, Notice, problem_rows, score_problem_rows
from analytics.ingest.readers import ROW
from analytics.ingest.scales import grade_labels, normalise_scores


def outcome_columns(base: pl.DataFrame) -> set[str]:
    """The outcome columns a table carries (as ``outcomes_frame`` reads them): the final score
    (or a lone score with no rater), grade, potential, calibrated."""
    out = {f for f in ("grade", "potential", "calibrated") if f in base.columns}
    if "final_score" in base.columns or (
        "score" in base.columns and "rater_id" not in base.columns
    ):
        out |= {"final_score_raw", "final_score"}
    return out


def grade_column_line(outcomes: pl.DataFrame, column: str, file: str) -> list[Notice]:
    """The grade scale a grade column's labels belong to, said like a score's scale: the one
    holding them all, or every one that does (the grades are stored as written; the scale is
    what the guideline check reads them on); a warning when no known scale holds them."""
    labels = {S.grade_key(g) for g in outcomes.get_column("grade").drop_nulls().unique().to_list()}
    fits = [n for n, labs in S.GRADE_KEYS.items() if labels and labels <= set(labs)]
    whole = [n for n in fits if len(S.GRADE_SCALES[n]) == len(labels)]
    fits = whole if len(whole) == 1 else fits
    if not fits:
        if not labels:
            return []
        shown = sorted(outcomes.get_column("grade").drop_nulls().unique().to_list())[:6]
        known = [grade_labels(n) for n in S.GRADE_SCALES]
        return [
            (
                "grade_column_no_scale",
                {"file": file, "column": column, "labels": shown, "known": known},
            )
        ]
    scales = [grade_labels(n) for n in fits]
    return [("grade_column_scale", {"file": file, "column": column, "scales": scales})]


def outcomes_frame(
    base: pl.DataFrame, src_of: dict[str, str], mapping: Mapping, ctx: Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """Final scores, grades, potential: a bad final score is quarantined alone, the row's
    grade and potential still load."""
    lang = ctx.lang
    problems: list[pl.DataFrame] = []
    score_field = (
        "final_score"
        if "final_score" in base.columns
        else ("score" if "score" in base.columns and "rater_id" not in base.columns else None)
    )
    cols = {"cycle_id": pl.col("cycle_id"), "employee_id": pl.col("employee_id"), ROW: pl.col(ROW)}
    for f in ("grade", "potential", "calibrated"):
        cols[f] = pl.col(f) if f in base.columns else pl.lit(None, pl.String)
    cols["final_score_raw"] = pl.col(score_field) if score_field else pl.lit(None, pl.String)
    out = base.select([e.alias(k) for k, e in cols.items()])
    out = out.filter(
        pl.any_horizontal(pl.col("final_score_raw", "grade", "potential").is_not_null())
    )
    if score_field:
        # a final score's scale is declared under its column's name (never by "*")
        final = mapping.scales.get(src_of[score_field])
        out, choices = normalise_scores(
            out,
            "final_score_raw",
            ["cycle_id"],
            {S.OVERALL: final} if final is not None else None,
            kind="final",
            book=ctx.book,
            file=ctx.file,
            label=src_of[score_field],
        )
        ctx.scales.extend(choices)
        bad = pl.col("final_score_raw").is_not_null() & pl.col("score").is_null()
        out = out.with_columns(
            pl.when(bad)
            .then(pl.coalesce(pl.col("score_problem"), pl.lit("not_a_score")))
            .alias("score_problem")
        )
        problems.extend(score_problem_rows(out, src_of[score_field], "final_score_raw", lang))
        out = out.with_columns(
            pl.when(bad).then(None).otherwise(pl.col("final_score_raw")).alias("final_score_raw")
        ).rename({"score": "final_score"})
    truthy = ["是", "y", "yes", "true", "1", "已校准", "t"]
    out = out.with_columns(
        pl.when(pl.col("calibrated").is_null())
        .then(None)
        .otherwise(pl.col("calibrated").str.to_lowercase().is_in(truthy))
        .alias("calibrated")
    )
    # a file with one row per rater repeats the person's grade on each row: the same outcome
    # again is the same fact (kept once, nothing quarantined); a different one conflicts
    key = ("cycle_id", "employee_id")
    fields = [
        c for c in ("final_score_raw", "grade", "potential", "calibrated") if c in out.columns
    ]
    out = out.sort(ROW)
    dup = pl.col(ROW) != pl.col(ROW).min().over(key)
    differs = pl.any_horizontal([pl.col(c).ne_missing(pl.col(c).first().over(key)) for c in fields])
    label = next((src_of[f] for f in ("grade", "final_score", "potential") if f in src_of), None)
    problems.append(
        problem_rows(
            out,
            dup & differs,
            label or src_of["employee_id"],
            pl.concat_str(
                [pl.col(c).cast(pl.String) for c in fields], separator=" / ", ignore_nulls=True
            ),
            "conflicting_outcome",
            lang,
        )
    )
    ctx.origins["outcomes"] = out.filter(~dup).select(pl.col(ROW).alias("_row"))
    return S.OUTCOMES.conform(out.filter(~dup)), problems
