"""Names beside the ids of a few rows (a chart's points, a table's page) from the whole roster:
:func:`~analytics.findings.names.with_names` with the roster narrowed to those ids first.

Why apart from :mod:`analytics.findings.names`: that module is in the stored parts' code
(:func:`analytics.findings.methods.code_version`), and a change to it refits the store; this one
is used by what is drawn only.
"""

from __future__ import annotations

import polars as pl

from analytics.findings.names import NAME_COLUMNS, with_names

__all__ = ["with_few_names"]


def with_few_names(frame: pl.DataFrame, names: pl.DataFrame | None) -> pl.DataFrame:
    """:func:`~analytics.findings.names.with_names` of ``frame``, the same frame, with only the
    roster's rows of its ids looked up when it is much smaller than the roster. Why: a join
    hashes the whole roster (210,000 people at 40M ratings: 0.01 CPU s for a page of 50 rows,
    0.002 with the roster narrowed; a rater chart names eight groups of points, a page shows
    several tables, session 30)."""
    if names is None or names.height <= 8 * frame.height:
        return with_names(frame, names)
    ids = [
        frame[c]
        for c, name_col in NAME_COLUMNS.items()
        if c in frame.columns and name_col not in frame.columns and frame.schema[c] == pl.String
    ]
    if not ids:
        return frame
    wanted = pl.concat(ids).drop_nulls().unique()
    found = names.filter(pl.col("employee_id").is_in(wanted.implode()))
    # none of the ids has a name: any one roster row joins none of them, and the name columns
    # are added all null, as the whole roster adds them
    return with_names(frame, found if found.height else names.head(1))
