"""A session's start from the guideline: the guideline applied to the adjusted ranking of the
people in scope (:func:`.fit.what_if`), or the step-wise moves that reach it (:func:`.fit.
stepwise_moves`, chosen by the adjusted scores): the proposed grades :func:`.sessions.create`
takes. Shared by the ``calibrate create --start what_if|stepwise`` command and the page's
new-session form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from analytics.calibration import evidence, fit, sessions
from analytics.calibration.moves import Refused
from analytics.stats.distributions import DEFAULT_GUIDELINE
from analytics.store import access

__all__ = ["STARTS", "guideline_start"]

#: the starts from the guideline (``start`` of a session): the adjusted ranking re-grades
#: everyone; the step-wise moves only the people at the over- or under-full grades' boundaries,
#: one grade each
STARTS = ("what_if", "stepwise")


def guideline_start(
    path: str | Path,
    cycle: str,
    department: str | None,
    people: Sequence[str] | None,
    guideline: Mapping[str, float] | None,
    start: str = "what_if",
) -> pl.DataFrame:
    """The proposed grades of the people in scope (``employee_id, grade``) by ``start``
    (:data:`STARTS`): the what-if's grade of everyone it ranks, or the step-wise moves' new grade
    of the people they move."""
    con, _ = access.connect_reader(path)
    try:
        cohort = sessions.scope_people(con, cycle, department, people)
        adjusted = evidence.adjusted_in_scope(
            con, cycle, cohort["employee_id"].to_list(), department
        )
    finally:
        con.close()
    current = cohort.rename({"imported": "final"})
    rule = guideline or DEFAULT_GUIDELINE
    if start == "stepwise":
        if adjusted.is_empty():  # no ratings: nothing to choose the movers by (as the what-if)
            raise Refused("no_ratings", cycle=cycle)
        return fit.stepwise_moves(adjusted, current, rule)
    out = fit.what_if(adjusted, current, rule)
    return out.select("employee_id", pl.col("what_if_grade").alias("grade"))
