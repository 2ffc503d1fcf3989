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
from analytics.findings.graded import graded_people
from analytics.findings.scope import Scope, person_filter
from analytics.findings.stored import available
from analytics.findings.visibility import View
from analytics.stats import appeals as A
from analytics.store import db
from analytics.store import parts as store

__all__ = [
    "AppealFindings",
    "appeal_findings",
    "graded_counts",
    "graded_people",
    "sentences",
    "stores_graded",
]


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
    con: duckdb.DuckDBPyConnection, appeals: pl.DataFrame, scope: Scope
) -> tuple[list[str] | None, pl.DataFrame | None, pl.DataFrame]:
    """``scope``'s cycles (None: every cycle) and people (None: everyone; else a frame of
    ``employee_id``: its department subtree, team, level, job family), and the appeals in
    them; the rater role does not narrow a grade."""
    cycles, ids = None, None
    if scope.cycles:
        cycles = list(scope.cycles)
        appeals = appeals.filter(pl.col("cycle_id").cast(pl.String).is_in(cycles))
    if scope.department or scope.team or scope.level or scope.job_family:
        people = db.query(
            con,
            f"SELECT employee_id, department, team, level, job_family FROM {db.q(S.EMPLOYEES.name)}",
        ).with_columns(pl.all().cast(pl.String))
        ids = people.filter(person_filter(scope).fill_null(False)).select("employee_id")
        appeals = appeals.filter(pl.col("employee_id").cast(pl.String).is_in(ids["employee_id"]))
    return cycles, ids, appeals


def stores_graded(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store holds a current copy of who graded whom (``mat_graded``)."""
    if store.GRADED not in available(con):
        return False
    cur = con.cursor()
    try:
        cur.execute(f"SELECT 1 FROM {db.q(store.GRADED)} LIMIT 0")
        return True
    except duckdb.CatalogException:
        return False
    finally:
        cur.close()


def _graded_source(cur: duckdb.DuckDBPyConnection, graded: pl.DataFrame | None) -> str:
    """Who graded whom as a table of ``cur``: ``graded`` when given, else the copy stored at fit
    time when current, else computed (:func:`graded_people`, which scans every rating row)."""
    if graded is None and stores_graded(cur):
        return db.q(store.GRADED)
    frame = graded_people(cur) if graded is None else graded
    cur.register("_graded", frame.select(_COLUMNS).cast(pl.String).to_arrow())
    return "_graded"


_COLUMNS = ("cycle_id", "employee_id", "rater_id", "department")


def graded_counts(
    con: duckdb.DuckDBPyConnection,
    keys: pl.DataFrame,
    cycles: list[str] | None = None,
    people: tuple[pl.DataFrame, ...] = (),
    graded: pl.DataFrame | None = None,
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """The graded person-cycles (one row each: :func:`graded_people`, stored at fit time) of
    ``cycles`` (None: every cycle) whose person is in every frame of ``people``
    (``employee_id``): how many per rater, per department and in all (``{"rater_id": (rater_id,
    n), "department": (department, n), "unit": (unit, n)}``, a null rater or department left
    out, ``unit`` empty when none), and the rows of the person-cycles in ``keys`` (``cycle_id,
    employee_id``: the appealed ones). One DuckDB aggregate over the stored table: the rows are
    never read into Python (at 40M ratings, 1.26M of them; reading them, deduplicating and
    grouping them three times was 0.8-0.9 of the company's first rater page, session 27)."""
    cur = con.cursor()
    try:
        source = _graded_source(cur, graded)
        where = ["TRUE"]
        if cycles is not None:
            where.append("list_contains($cycles, cycle_id)")
        for i, frame in enumerate(people):
            cur.register(
                f"_people{i}", frame.select(pl.col("employee_id").cast(pl.String)).to_arrow()
            )
            where.append(f"employee_id IN (SELECT employee_id FROM _people{i})")
        cond = " AND ".join(where)
        params = {"cycles": cycles} if cycles is not None else None
        sums = cur.sql(
            f"""SELECT rater_id, department, grouping(rater_id) AS r, grouping(department) AS d,
                count(*) AS n FROM {source} WHERE {cond}
                GROUP BY GROUPING SETS ((rater_id), (department), ())""",
            params=params,
        ).pl()
        cur.register(
            "_keys", keys.select(pl.col(c).cast(pl.String) for c in keys.columns).to_arrow()
        )
        rows = cur.sql(
            f"SELECT {', '.join(_COLUMNS)} FROM {source} SEMI JOIN _keys USING (cycle_id, employee_id)"
            f" WHERE {cond}",
            params=params,
        ).pl()
    finally:
        cur.close()
    out = {
        col: sums.filter((pl.col(flag) == 0) & pl.col(col).is_not_null()).select(col, "n")
        for col, flag in (("rater_id", "r"), ("department", "d"))
    }
    company = sums.filter((pl.col("r") == 1) & (pl.col("d") == 1) & (pl.col("n") > 0))
    out["unit"] = company.select(unit=pl.lit(S.COMPANY_UNIT), n="n")
    return out, rows.cast(pl.String)


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
    stored at fit time (read by one aggregate, :func:`graded_counts`), or computed where the
    store has none (it scans every rating row: 1-3 CPU s at 40M ratings)."""
    appeals = all_appeals(con, dataset_db)
    scoped = scope is not None and bool(
        scope.cycles or scope.department or scope.team or scope.level or scope.job_family
    )
    cycles, ids = None, None
    if scoped:
        cycles, ids, appeals = _in_scope(con, appeals, scope)
    people = () if ids is None else (ids,)
    keys = appeals.select("cycle_id", "employee_id").unique()
    totals, rows = graded_counts(con, keys, cycles, people, graded)

    def rates(rows: pl.DataFrame, totals: dict, by: str) -> pl.DataFrame:
        return A.appeal_rates(rows, appeals, by, deduplicated=True, totals=totals[by])

    by_rater = A.overturn_signal(rates(rows, totals, "rater_id"))
    by_dept = rates(rows, totals, "department")
    company = rates(rows.with_columns(unit=pl.lit(S.COMPANY_UNIT)), totals, "unit")
    times = A.resolution_times(appeals, as_of=as_of)
    if view is not None and not view.is_everything:
        by_rater = view.frame(by_rater)
        allowed = view.allowed
        if allowed is not None:  # a department's rates from the people in the reach only
            mine = pl.DataFrame({"employee_id": list(allowed)}, schema={"employee_id": pl.String})
            totals, rows = graded_counts(con, keys, cycles, (*people, mine), graded)
            by_dept = rates(rows, totals, "department")
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
