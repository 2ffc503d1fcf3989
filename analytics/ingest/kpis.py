"""The KPI results of a file: a long KPI table (指标 / 目标 / 实际) or KPIs one per column
(销售额, 新客户数), with attainment where a target is given."""

from __future__ import annotations

import polars as pl

from analytics import schema as S
from analytics.ingest.cells import as_numbers
from analytics.ingest.problems import Notice, problem_rows
from analytics.ingest.readers import ROW


def kpis_frame(
    base: pl.DataFrame, src_of: dict[str, str], lang: str
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    problems: list[pl.DataFrame] = []
    out = base.select(
        pl.col(ROW),
        pl.col("cycle_id"),
        pl.col("employee_id"),
        pl.col("kpi"),
        *[
            (pl.col(f) if f in base.columns else pl.lit(None, pl.String)).alias(f)
            for f in ("period", "target", "actual", "weight", "attainment")
        ],
    )
    problems.append(
        problem_rows(out, pl.col("kpi").is_null(), src_of["kpi"], pl.col("kpi"), "empty_kpi", lang)
    )
    out = out.filter(pl.col("kpi").is_not_null())
    for f in ("target", "actual", "weight", "attainment"):
        out, p = as_numbers(out, f, src_of.get(f, f), lang)
        problems.extend(p)
    out = out.with_columns(
        pl.coalesce(
            pl.col("attainment"),
            pl.when(pl.col("target") != 0).then(pl.col("actual") / pl.col("target")),
        ).alias("attainment")
    )
    return S.KPI_RESULTS.conform(out), problems


#: prefixes of the group and wide KPI columns in ``prepare``'s canonical frame
GROUP_PREFIX, KPI_PREFIX = "grp:", "kpi:"


def wide_kpis_frame(
    base: pl.DataFrame, columns: list[str], lang: str, rates: list[str] | None = None
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """KPIs given one per column (销售额, 新客户数): one ``kpi_results`` row per person, cycle
    and column, the header as the KPI's name and the cell as its actual value (no target, so
    no attainment: the adverse-impact check compares actual values within the KPI; in a column
    of ``rates``, 目标完成率 '120%', the cell is the attainment too, 1.2). A cell
    that is no number is quarantined and left out; a person repeated on several rows (one per
    rater) gives the first row's value."""
    problems: list[pl.DataFrame] = []
    parts = []
    for c in columns:
        one = base.select(
            pl.col(ROW), "cycle_id", "employee_id", pl.col(f"{KPI_PREFIX}{c}").alias("actual")
        )
        one, p = as_numbers(one, "actual", c, lang)
        problems.extend(p)
        if c in (rates or ()):  # 目标完成率 '120%' (1.2 here): the attainment itself
            one = one.with_columns(pl.col("actual").alias("attainment"))
        parts.append(one.with_columns(pl.lit(c).alias("kpi")))
    out = pl.concat(parts).filter(pl.col("actual").is_not_null())
    kept = out.unique(["cycle_id", "employee_id", "kpi"], keep="first", maintain_order=True)
    return S.KPI_RESULTS.conform(kept), problems


def wide_kpis_differ(base: pl.DataFrame, columns: list[str], file: str) -> list[Notice]:
    """The people whose rows give one KPI column different values in one cycle (a 360 file's
    self row 120%, its manager row 95%): the first row's value is kept, said in a warning
    per column with a few examples (values and rows), never chosen without a word."""
    said: list[Notice] = []
    for c in columns:
        col = pl.col(f"{KPI_PREFIX}{c}").cast(pl.String).str.strip_chars()
        differ = (
            base.select(pl.col(ROW), "cycle_id", "employee_id", col.alias("v"))
            .filter(pl.col("v").is_not_null() & (pl.col("v") != ""))
            .group_by("employee_id", "cycle_id", maintain_order=True)
            .agg(pl.col("v"), pl.col(ROW))
            .filter(pl.col("v").list.n_unique() > 1)
        )
        if not differ.height:
            continue
        examples = [
            f"{e} {cy}: " + " / ".join(f"{v} ({r})" for v, r in zip(vs, rows, strict=True))
            for e, cy, vs, rows in differ.head(3).iter_rows()
        ]
        params = {"file": file, "column": c, "n": differ.height, "examples": examples}
        said.append(("kpi_values_differ", params))
    return said
