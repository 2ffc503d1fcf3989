"""The first look :func:`analytics.ingest.prepare.prepare` takes at a table's cells, before
totals rows and placeholders: a header line repeated inside the data is skipped, Excel error
cells are quarantined one by one, and percentages in weight and attainment columns are read as
fractions ('40%' = 0.4, as a plain 0.4). Each is said to the user; the rules are in
:mod:`analytics.ingest.screen`."""

from __future__ import annotations

import polars as pl

from analytics.ingest.detect import Detection
from analytics.ingest.kpis import GROUP_PREFIX, KPI_PREFIX
from analytics.ingest.problems import Notice, problem_rows
from analytics.ingest.readers import ROW
from analytics.ingest.screen import percent_fraction, screen

__all__ = ["first_look", "source_headers"]


def source_headers(det: Detection) -> dict[str, str]:
    """Each column of the canonical frame -> the header the file gave it."""
    out = {f: c for c, f in det.mapping.items()} | {c: c for c in det.dimension_columns}
    out |= {f"{GROUP_PREFIX}{g}": c for c, g in det.group_columns.items()}
    return out | {f"{KPI_PREFIX}{c}": c for c in det.kpi_columns}


def first_look(
    base: pl.DataFrame,
    det: Detection,
    file: str,
    lang: str,
    notes: list[Notice],
    warnings: list[Notice],
) -> tuple[pl.DataFrame, list[pl.DataFrame]]:
    """``base`` without repeated header rows, its Excel error cells empty and its '40%'
    weights as 0.4; the error cells' quarantine records. Notes and warnings are appended."""
    headers = source_headers(det)
    base, errors, repeats = screen(base, headers, ROW)
    if repeats:
        notes.append(("header_repeated_skipped", {"file": file, "rows": repeats}))
    problems = []
    if errors.height:
        shown = [f"{r}:{c}={v}" for r, c, v in errors.head(5).iter_rows()]
        notes.append(
            ("excel_errors_quarantined", {"file": file, "n": errors.height, "cells": shown})
        )
        problems.append(
            problem_rows(errors, pl.lit(True), pl.col("column"), pl.col("raw"), "excel_error", lang)
        )
    # weights, attainment and KPIs one a column (回款率 '90%'): a percentage is a fraction
    kpis = [f"{KPI_PREFIX}{c}" for c in det.kpi_columns]
    for f in ("weight", "attainment", *kpis):
        base, mixed = percent_fraction(base, f)
        if mixed:
            warnings.append(("percent_mixed", {"file": file, "column": headers.get(f, f)}))
    return base, problems
