"""A person's attributes from a file: the roster (``employees``, a person's last row wins) and
the group attributes (``person_groups``: gender, age band, tenure, declared columns)."""

from __future__ import annotations

import polars as pl

from analytics import schema as S
from analytics.ingest.cells import as_dates
from analytics.ingest.detect import ROSTER_FIELDS, Detection
from analytics.ingest.kpis import GROUP_PREFIX
from analytics.ingest.problems import Context
from analytics.ingest.readers import ROW


def groups_frame(base: pl.DataFrame, det: Detection) -> pl.DataFrame:
    """``person_groups`` rows of a table: one per person, cycle (null without a cycle column)
    and group column with a value; a person's last row wins."""
    cycle = pl.col("cycle_id") if "cycle_id" in base.columns else pl.lit(None, pl.String)
    parts = [
        base.select(
            pl.col(ROW),
            "employee_id",
            cycle.alias("cycle_id"),
            pl.lit(g).alias("group_column"),
            pl.col(f"{GROUP_PREFIX}{g}").cast(pl.String).str.strip_chars().alias("value"),
        )
        for g in dict.fromkeys(det.group_columns.values())
    ]
    out = (
        pl.concat(parts)
        .filter(pl.col("value").is_not_null() & (pl.col("value") != ""))
        .sort(ROW)
        .unique(["employee_id", "cycle_id", "group_column"], keep="last", maintain_order=True)
    )
    return S.PERSON_GROUPS.conform(out)


def employees_frame(
    base: pl.DataFrame, src_of: dict[str, str], ctx: Context
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """The roster of a file (an employee's last row wins); a hire date that is no date is
    quarantined and left empty."""
    problems: list[pl.DataFrame] = []
    if "hire_date" in base.columns:
        base, problems, warns = as_dates(
            base, "hire_date", src_of.get("hire_date", "hire_date"), ctx.lang, ctx.file
        )
        ctx.warnings.extend(warns)
        # one reason per (row, cell): a roster repeated on every rating row says it once
        problems = [p.unique(["row_number", "column"]) for p in problems]
    cols = [f for f in ROSTER_FIELDS if f in base.columns]
    order = ["cycle_id", ROW] if "cycle_id" in base.columns else [ROW]
    out = (
        base.sort(order)
        .select(["employee_id", *cols, ROW])
        .unique("employee_id", keep="last", maintain_order=True)
    )
    # each person's source row: two sheets that disagree on a person are named by row
    ctx.origins[S.EMPLOYEES.name] = out.select(pl.col(ROW).alias("_row"))
    return S.EMPLOYEES.conform(out), problems
