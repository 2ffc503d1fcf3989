"""Detect rating scales and normalise raw scores onto one common 0-1 scale.

Rule (docs/methods.md, "Score normalisation"):
- numeric values: the scale is declared, or detected per (cycle, dimension) as the smallest
  standard scale whose upper end covers the 99.5th percentile of the values: 1-5, 1-10, 0-100
  (lower end 0 instead of 1 when a 0 occurs). score = (x - lo) / (hi - lo). Values outside
  [lo, hi] are quarantined.
- grade labels (S/A/B/C/D, A-E, 优秀/良好/合格/待改进/不合格): the first known grade scale that
  contains every label of the group; score = (k - 1 - rank) / (k - 1), best grade = 1, worst = 0.
"""

from __future__ import annotations

import unicodedata

import polars as pl

from analytics import schema as S

__all__ = ["grade_score_table", "normalise_scores", "parse_scale"]

_NUMERIC_HIGHS = (5.0, 10.0, 100.0)


def parse_scale(text: str) -> tuple[float, float] | tuple[str, None]:
    """'1-5' -> (1.0, 5.0); 'grade:SABCD' -> ('SABCD', None)."""
    text = text.strip()
    if text.startswith("grade:"):
        name = text.split(":", 1)[1]
        if name not in S.GRADE_SCALES:
            raise ValueError(f"unknown grade scale {name!r}; known: {', '.join(S.GRADE_SCALES)}")
        return name, None
    lo, hi = text.split("-", 1)
    return float(lo), float(hi)


def grade_score_table() -> pl.DataFrame:
    """(grade_scale, grade label, normalised score) for every known ordinal scale."""
    rows = []
    for name, labels in S.GRADE_SCALES.items():
        k = len(labels)
        for rank, label in enumerate(labels):
            rows.append((name, label, (k - 1 - rank) / (k - 1)))
    return pl.DataFrame(rows, schema=["grade_scale", "grade_key", "grade_score"], orient="row")


def _grade_keys(values: pl.Series) -> dict[str, str]:
    """NFKC + upper case per *distinct* label (so full-width Ｓ equals S, 'a' equals 'A')."""
    return {v: unicodedata.normalize("NFKC", v).upper() for v in values.drop_nulls().unique()}


def _numeric_scales(df: pl.DataFrame, group_cols: list[str]) -> pl.DataFrame:
    """Per group, the numeric scale (``_lo``-``_hi``) its numbers fit: the smallest usual top
    above the 99.5th percentile; 0-based for 0-100 or for values below 1."""
    stats = (
        df.filter(pl.col("_num").is_not_null())
        .group_by(group_cols)
        .agg(
            pl.col("_num").quantile(0.995, "nearest").alias("_p"),
            pl.col("_num").min().alias("_min"),
        )
    )
    hi_expr = pl.lit(None, dtype=pl.Float64)
    for high in reversed(_NUMERIC_HIGHS):
        hi_expr = pl.when(pl.col("_p") <= high).then(pl.lit(high)).otherwise(hi_expr)
    stats = stats.with_columns(hi_expr.alias("_hi")).with_columns(
        pl.when((pl.col("_hi") == 100.0) | (pl.col("_min") < 1.0))
        .then(pl.lit(0.0))
        .otherwise(pl.lit(1.0))
        .alias("_lo")
    )
    return stats


def _grade_scales(df: pl.DataFrame, group_cols: list[str], stats: pl.DataFrame) -> pl.DataFrame:
    """``stats`` with each group's grade scale: the one that covers most of its grade labels
    (ties: the earlier of schema.GRADE_SCALES)."""
    gtable = grade_score_table()
    labels = df.filter(pl.col("_gkey").is_not_null()).select([*group_cols, "_gkey"]).unique()
    if labels.height:
        cover = (
            labels.join(gtable, left_on="_gkey", right_on="grade_key", how="inner")
            .group_by([*group_cols, "grade_scale"])
            .agg(pl.len().alias("_hits"))
            .with_columns(
                pl.col("grade_scale")
                .replace_strict({n: i for i, n in enumerate(S.GRADE_SCALES)}, return_dtype=pl.Int32)
                .alias("_pref")
            )
            .sort(
                [*group_cols, "_hits", "_pref"],
                descending=[False] * len(group_cols) + [True, False],
            )
            .group_by(group_cols, maintain_order=True)
            .first()
            .select([*group_cols, "grade_scale"])
        )
        stats = stats.join(cover, on=group_cols, how="full", coalesce=True)
    else:
        stats = stats.with_columns(pl.lit(None, dtype=pl.String).alias("grade_scale"))
    return stats


def _declared_scales(
    df: pl.DataFrame, declared: dict[str, str], dimension_col: str | None
) -> pl.DataFrame:
    """Declared scales override detection, per dimension (or ``"*"`` for every row)."""
    for key, text in declared.items():
        lo, hi = parse_scale(text)
        sel = pl.lit(True) if key == "*" or dimension_col is None else pl.col(dimension_col) == key
        if hi is None:
            df = df.with_columns(
                pl.when(sel).then(pl.lit(lo)).otherwise(pl.col("grade_scale")).alias("grade_scale")
            )
        else:
            df = df.with_columns(
                pl.when(sel).then(pl.lit(lo)).otherwise(pl.col("_lo")).alias("_lo"),
                pl.when(sel).then(pl.lit(hi)).otherwise(pl.col("_hi")).alias("_hi"),
            )
    return df


def normalise_scores(
    frame: pl.DataFrame,
    raw_col: str,
    group_cols: list[str],
    declared: dict[str, str] | None = None,
    dimension_col: str | None = None,
) -> pl.DataFrame:
    """Add ``score`` (0-1), ``scale`` and ``score_problem`` (null, not_a_score, out_of_range).

    ``declared`` maps a dimension name (or ``"*"``) to a scale text such as ``"1-5"`` or
    ``"grade:SABCD"``; it overrides detection for those rows.
    """
    raw = pl.col(raw_col).cast(pl.String).str.strip_chars()
    df = frame.with_columns(
        raw.str.strip_suffix("%").cast(pl.Float64, strict=False).alias("_num"),
    )
    df = df.with_columns(
        pl.when(pl.col("_num").is_null() & raw.is_not_null() & (raw != ""))
        .then(raw)
        .otherwise(None)
        .alias("_gradetxt")
    )
    keys = _grade_keys(df.get_column("_gradetxt"))
    df = df.with_columns(
        pl.col("_gradetxt")
        .replace_strict(keys, default=None, return_dtype=pl.String)
        .alias("_gkey")
    )
    stats = _grade_scales(df, group_cols, _numeric_scales(df, group_cols))
    df = df.join(stats, on=group_cols, how="left")
    if declared:
        df = _declared_scales(df, declared, dimension_col)
    gtable = grade_score_table()
    df = df.join(
        gtable.rename({"grade_scale": "_gs"}),
        left_on=["grade_scale", "_gkey"],
        right_on=["_gs", "grade_key"],
        how="left",
    )
    num_ok = pl.col("_num").is_between(pl.col("_lo"), pl.col("_hi"))
    fmt = lambda v: v.cast(pl.Int64).cast(pl.String)  # noqa: E731
    df = df.with_columns(
        pl.when(pl.col("_num").is_not_null() & num_ok)
        .then((pl.col("_num") - pl.col("_lo")) / (pl.col("_hi") - pl.col("_lo")))
        .when(pl.col("grade_score").is_not_null())
        .then(pl.col("grade_score"))
        .otherwise(None)
        .alias("score"),
        pl.when(pl.col("_num").is_not_null())
        .then(pl.concat_str([fmt(pl.col("_lo")), pl.lit("-"), fmt(pl.col("_hi"))]))
        .when(pl.col("_gkey").is_not_null())
        .then(pl.lit("grade:") + pl.col("grade_scale"))
        .alias("scale"),
        pl.when(pl.col("_num").is_not_null() & ~num_ok.fill_null(False))
        .then(pl.lit("out_of_range"))
        .when(pl.col("_gkey").is_not_null() & pl.col("grade_score").is_null())
        .then(pl.lit("not_a_score"))
        .alias("score_problem"),
    )
    return df.drop(
        ["_num", "_gradetxt", "_gkey", "_p", "_min", "_hi", "_lo", "grade_scale", "grade_score"],
        strict=False,
    )
