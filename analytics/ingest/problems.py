"""What the stages of :func:`analytics.ingest.prepare.prepare` report: quarantine records
(one per bad cell, with its reason worded and its parameters kept), the notices of the import
report, and the context the stages share. One schema so every stage's records concatenate."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import polars as pl

from analytics.ingest.readers import ROW
from analytics.ingest.scales import ScaleBook, ScaleChoice
from analytics.text.messages import render

Notice = tuple[str, dict]  # (message code, its parameters): a line of the import report


QUARANTINE_SCHEMA = {
    "row_number": pl.Int64,
    "column": pl.String,
    "raw_value": pl.String,
    "reason_code": pl.String,
    "reason": pl.String,
    "reason_params": pl.String,
}


def problem_rows(
    frame: pl.DataFrame,
    mask: pl.Expr,
    column: str | pl.Expr,
    value: pl.Expr,
    code: str | pl.Expr,
    lang: str,
    **params: object,
) -> pl.DataFrame:
    """Quarantine records for the rows of ``frame`` where ``mask`` holds."""
    col_expr = pl.lit(column) if isinstance(column, str) else column
    code_expr = pl.lit(code) if isinstance(code, str) else code
    sub = frame.filter(mask)
    if sub.height == 0:
        return pl.DataFrame(schema=QUARANTINE_SCHEMA)
    out = sub.select(
        pl.col(ROW).alias("row_number"),
        col_expr.cast(pl.String).alias("column"),
        value.cast(pl.String).alias("raw_value"),
        code_expr.alias("reason_code"),
    )
    codes = out.get_column("reason_code").unique().to_list()
    text = {c: render(c, lang, **params) for c in codes}
    return out.with_columns(
        pl.col("reason_code").replace_strict(text, return_dtype=pl.String).alias("reason"),
        pl.lit(json.dumps(params, ensure_ascii=False, default=str)).alias("reason_params"),
    )


@dataclass
class Context:
    """What the stages of :func:`prepare` share besides the frame."""

    file: str
    lang: str
    book: ScaleBook | None
    warnings: list[Notice]
    scales: list[ScaleChoice]
    # table -> each row's source row (and, for ratings, source column), in the frame's order
    origins: dict[str, pl.DataFrame] = field(default_factory=dict)
    notes: list[Notice] = field(default_factory=list)  # what was read, said once
    # stored (employee, manager) pairs (ingest.managers.known_managers): roles inferred by them
    managers: pl.DataFrame | None = None


def score_problem_rows(
    frame: pl.DataFrame, column: str | pl.Expr, raw_col: str, lang: str
) -> list[pl.DataFrame]:
    """Quarantine records of the rows with a ``score_problem``, each reason naming its scale."""
    bad = frame.filter(pl.col("score_problem").is_not_null())
    out = []
    for scale in bad.get_column("scale").unique().to_list():
        sel = pl.col("scale").is_null() if scale is None else pl.col("scale") == scale
        out.append(
            problem_rows(
                bad,
                sel,
                column,
                pl.col(raw_col),
                pl.col("score_problem"),
                lang,
                scale=scale or "1-5 / 1-10 / 0-100",
            )
        )
    return out
