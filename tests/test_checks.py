"""checks.require_columns: one error type and wording for every statistic's input check."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.stats import distributions, gaps, raters, reliability
from analytics.stats.checks import require_columns


def test_require_columns() -> None:
    frame = pl.DataFrame({"a": [1], "b": [2]})
    require_columns(frame, ["a", "b"])
    with pytest.raises(TypeError, match="scores must be a polars DataFrame, got dict"):
        require_columns({"a": [1]}, ["a"], "scores")
    with pytest.raises(ValueError, match=r"column\(s\) not in ratings: \['c'\]"):
        require_columns(frame, ["a", "c"], "ratings")
    with pytest.raises(ValueError, match="must be distinct"):
        require_columns(frame, ["a", "a"], distinct=True)
    require_columns(frame, ["a", "a"])  # repeats are fine unless asked


def test_the_statistics_use_it() -> None:
    lacking = pl.DataFrame({"cycle_id": ["c"], "employee_id": ["e"]})
    for call in (
        lambda: raters.rater_effects(lacking),
        lambda: gaps.source_means(lacking),
        lambda: distributions.employee_scores(lacking),
    ):
        with pytest.raises(ValueError, match=r"column\(s\) not in ratings"):
            call()
    with pytest.raises(ValueError, match=r"column\(s\) not in data"):
        reliability.icc(lacking, "employee_id", "rater_id", "score")
