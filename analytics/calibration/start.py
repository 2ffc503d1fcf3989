"""A session's start from the what-if: the guideline applied to the adjusted ranking of the
people in scope (:func:`.fit.what_if`), the proposed grades :func:`.sessions.create` takes.
Shared by the ``calibrate create --start what_if`` command and the page's new-session form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from analytics.calibration import evidence, fit, sessions
from analytics.stats.distributions import DEFAULT_GUIDELINE
from analytics.store import access

__all__ = ["what_if_start"]


def what_if_start(
    path: str | Path,
    cycle: str,
    department: str | None,
    people: Sequence[str] | None,
    guideline: Mapping[str, float] | None,
) -> pl.DataFrame:
    """The what-if grades of the people in scope (``employee_id, grade``)."""
    con, _ = access.connect_reader(path)
    try:
        cohort = sessions.scope_people(con, cycle, department, people)
        adjusted = evidence.adjusted_in_scope(
            con, cycle, cohort["employee_id"].to_list(), department
        )
    finally:
        con.close()
    out = fit.what_if(
        adjusted, cohort.rename({"imported": "final"}), guideline or DEFAULT_GUIDELINE
    )
    return out.select("employee_id", pl.col("what_if_grade").alias("grade"))
