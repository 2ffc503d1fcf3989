"""What the meeting reads beside its grades, from the dataset: the rater-adjusted scores with
their intervals (the ``adjusted`` part of :mod:`analytics.findings`), for the what-if."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import polars as pl

from analytics.findings.lazyscope import load_scope_lazy
from analytics.findings.scope import Scope
from analytics.findings.sections import compute_section

__all__ = ["adjusted_in_scope"]


def adjusted_in_scope(
    con: duckdb.DuckDBPyConnection,
    cycle: str,
    people: Sequence[str],
    department: str | None = None,
) -> pl.DataFrame:
    """``employee_id, adjusted, se, ci95_low, ci95_high`` of ``people`` in ``cycle`` (read from
    the stored part when current, else fitted); empty when the cycle has no ratings."""
    data = load_scope_lazy(con, Scope(cycles=(cycle,), department=department or None))
    frame = compute_section("adjusted", data)
    cols = ["employee_id", "adjusted", "se", "ci95_low", "ci95_high"]
    if frame is None or frame.is_empty():
        return pl.DataFrame(schema=dict.fromkeys(cols, pl.Float64) | {"employee_id": pl.String})
    return frame.filter(
        (pl.col("cycle_id") == cycle) & pl.col("employee_id").is_in(list(people))
    ).select(cols)
