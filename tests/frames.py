"""Small frames several test files build the same way."""

from __future__ import annotations

import polars as pl


def two_cycle_grades(grades: list[str]) -> pl.DataFrame:
    """``grades`` over two cycles (2025H2 the first half, 2026H1 the rest), scores 0-0.9 in turn:
    the input of the top-grade share's trend (``distributions.inflation_trend``)."""
    n = len(grades) // 2
    return pl.DataFrame(
        {
            "cycle_id": ["2025H2"] * n + ["2026H1"] * (len(grades) - n),
            "cycle_order": [1] * n + [2] * (len(grades) - n),
            "score": [0.1 * (i % 10) for i in range(len(grades))],
            "grade": grades,
        }
    )
