"""Appeal statistics of a dataset as a viewer may see them: who was graded and by whom, the
appeals (imported and recorded, :func:`.appeals.all_appeals`), and the frames and sentences of
:mod:`analytics.stats.appeals`.

The rater of a graded person-cycle is the person's manager in that cycle
(:mod:`analytics.findings.graded`, stored at fit time). Rates are computed company-wide and then narrowed to the viewer's reach
(:meth:`~analytics.findings.visibility.View.frame`): a department head sees the raters and
departments inside their subtree, compared with the whole company (an aggregate).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from analytics import schema as S
from analytics.calibration.appeals import all_appeals
from analytics.findings.graded import graded_people, who_graded
from analytics.findings.scope import Scope, person_filter
from analytics.findings.visibility import View
from analytics.stats import appeals as A
from analytics.store import db

__all__ = ["AppealFindings", "appeal_findings", "graded_people", "sentences"]


@dataclass(frozen=True)
class AppealFindings:
    """``by_rater`` (rates and the overturn signal), ``by_department`` (rates),
    ``times`` (time to resolve, overall, one row), ``company`` (the company's rates, one row),
    ``appeals`` (the rows themselves), all within the viewer's reach."""

    by_rater: pl.DataFrame
    by_department: pl.DataFrame
    times: pl.DataFrame
    company: pl.DataFrame
    appeals: pl.DataFrame
    #: narrowed to a scope (cycles, people): the sentences say "in this scope", not the company
    scoped: bool = False


def _in_scope(
    con: duckdb.DuckDBPyConnection, graded: pl.DataFrame, appeals: pl.DataFrame, scope: Scope
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The graded person-cycles and appeals of ``scope``'s cycles and people (its department
    subtree, team, level, job family); the rater role does not narrow a grade."""
    if scope.cycles:
        cycles = list(scope.cycles)
        graded = graded.filter(pl.col("cycle_id").is_in(cycles))
        appeals = appeals.filter(pl.col("cycle_id").cast(pl.String).is_in(cycles))
    if scope.department or scope.team or scope.level or scope.job_family:
        people = db.query(
            con,
            f"SELECT employee_id, department, team, level, job_family FROM {db.q(S.EMPLOYEES.name)}",
        ).with_columns(pl.all().cast(pl.String))
        ids = people.filter(person_filter(scope).fill_null(False))["employee_id"].to_list()
        graded = graded.filter(pl.col("employee_id").is_in(ids))
        appeals = appeals.filter(pl.col("employee_id").cast(pl.String).is_in(ids))
    return graded, appeals


def appeal_findings(
    con: duckdb.DuckDBPyConnection,
    dataset_db: str | Path,
    view: View | None = None,
    as_of: date | None = None,
    scope: Scope | None = None,
    graded: pl.DataFrame | None = None,
) -> AppealFindings:
    """The dataset's appeal statistics (every cycle), narrowed to ``view``; with ``scope``,
    to its cycles and people (the rates, the raters' signal and the times within them).
    ``graded``: :func:`graded_people` of ``con`` when the caller has it already; else the copy
    stored at fit time (:func:`analytics.findings.graded.who_graded`), or computed where the
    store has none (it scans every rating row: 1-3 CPU s at 40M ratings)."""
    graded = who_graded(con) if graded is None else graded
    appeals = all_appeals(con, dataset_db)
    scoped = scope is not None and bool(
        scope.cycles or scope.department or scope.team or scope.level or scope.job_family
    )
    if scoped:
        graded, appeals = _in_scope(con, graded, appeals, scope)
    # one row per person-cycle once, not in each count below: at 40M ratings the company's
    # 1.26M graded person-cycles took ~0.17 CPU s to deduplicate, three times a rater page
    graded = graded.unique(["cycle_id", "employee_id"])
    by_rater = A.overturn_signal(A.appeal_rates(graded, appeals, "rater_id", deduplicated=True))
    by_dept = A.appeal_rates(graded, appeals, "department", deduplicated=True)
    company = A.appeal_rates(
        graded.with_columns(unit=pl.lit(S.COMPANY_UNIT)), appeals, "unit", deduplicated=True
    )
    times = A.resolution_times(appeals, as_of=as_of)
    if view is not None and not view.is_everything:
        by_rater = view.frame(by_rater)
        allowed = view.allowed
        if allowed is not None:  # a department's rates from the people in the reach only
            mine = graded.filter(pl.col("employee_id").is_in(list(allowed)))
            by_dept = A.appeal_rates(mine, appeals, "department", deduplicated=True)
        by_dept = view.frame(by_dept.rename({"department": "dept"}))
        by_dept = by_dept.rename({"dept": "department"})
        appeals = view.frame(appeals)
        times = A.resolution_times(appeals, as_of=as_of)
    return AppealFindings(by_rater, by_dept, times, company, appeals, scoped)


def sentences(found: AppealFindings) -> list[tuple[str, dict]]:
    """What the appeal statistics say, as ``(catalogue code, params)``: the company's rates,
    the raters whose overturn rate stands out (or that none does, and how many could not be
    estimated), the time to resolve, and what the numbers do not prove."""
    out: list[tuple[str, dict]] = []
    if found.company.is_empty() or not found.company["n_appealed"].sum():
        return [("appeals.none", {})]
    c = found.company.row(0, named=True)
    head = "appeals.scope" if found.scoped else "appeals.company"
    out.append(
        (
            head if c["n_decided"] else f"{head}_undecided",
            {
                "n": c["n"],
                "appealed": c["n_appealed"],
                "rate": c["appeal_rate"],
                "lo": c["appeal_ci95_low"],
                "hi": c["appeal_ci95_high"],
                "decided": c["n_decided"],
                "overturned": c["n_overturned"],
                "orate": c["overturn_rate"],
                "olo": c["overturn_ci95_low"],
                "ohi": c["overturn_ci95_high"],
            },
        )
    )
    r = found.by_rater
    high = r.filter(pl.col("signal") == "high") if r.height else r
    tested = int((r["signal"] != "too_few").sum()) if r.height else 0
    too_few = int((r["signal"] == "too_few").sum()) if r.height else 0
    for row in high.iter_rows(named=True):
        out.append(
            (
                "appeals.signal_high",
                {
                    "rater": row["rater_id"],
                    "overturned": row["n_overturned"],
                    "decided": row["n_decided"],
                    "rate": row["overturn_rate"],
                    "rest": row["rest_rate"],
                    "diff": row["overturn_diff"],
                    "lo": row["diff_ci95_low"],
                    "hi": row["diff_ci95_high"],
                    "p": row["p_holm"],
                },
            )
        )
    if not high.height and tested:  # "Of the 0 raters that can be estimated" (rev23b 14)
        out.append(("appeals.signal_none", {"tested": tested, "min": A.MIN_DECIDED}))
    if too_few:
        code = "appeals.cannot_estimate" if tested else "appeals.cannot_estimate_any"
        out.append((code, {"n": too_few, "min": A.MIN_DECIDED}))
    if found.times.height:
        t = found.times.row(0, named=True)
        if t["n_timed"]:
            out.append(
                (
                    "appeals.times",
                    {
                        "median": t["median_days"],
                        "q1": t["q1_days"],
                        "q3": t["q3_days"],
                        "n": t["n_timed"],
                        "open": t["n_open"],
                    },
                )
            )
        else:
            out.append(("appeals.times_none", {"open": t["n_open"]}))
    out.append(("appeals.not_proof", {}))
    return out
