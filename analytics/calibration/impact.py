"""What the adverse-impact check reads from the dataset for a session's people: their group
columns (``person_groups``, and location and level from ``employees``), their KPI results of
the session's cycle; then :func:`analytics.calibration.adverse.adverse_impact`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import duckdb
import polars as pl

from analytics import schema as S
from analytics.calibration.adverse import GROUP_COLUMNS, Adverse, adverse_impact, kpi_scores
from analytics.calibration.sessions import Session
from analytics.store import access, db

__all__ = [
    "TENURE_BANDS",
    "dataset_groups",
    "for_grades",
    "for_session",
    "group_values",
    "person_facts",
    "session_people",
    "with_grades",
]

#: years of service -> band, for a tenure column given as a number of years
TENURE_BANDS: tuple[tuple[float, str], ...] = (
    (1, "0-1"),
    (3, "1-3"),
    (5, "3-5"),
    (10, "5-10"),
    (float("inf"), "10+"),
)


def _tenure_bands(values: pl.Series) -> pl.Series:
    """A tenure column of numbers (years) in bands; text values (3-5年) as they are."""
    num = values.cast(pl.Float64, strict=False)
    if values.drop_nulls().len() == 0 or num.null_count() > values.null_count():
        return values
    expr = pl.when(pl.lit(False)).then(pl.lit(None, pl.String))
    for upper, label in TENURE_BANDS:
        expr = expr.when(pl.col("t") < upper).then(pl.lit(label))
    return pl.DataFrame({"t": num}).select(expr.alias("t"))["t"].alias(values.name)


def session_people(
    con: duckdb.DuckDBPyConnection, cycle: str, grades: pl.DataFrame
) -> tuple[pl.DataFrame, list[str]]:
    """``grades`` (``employee_id, proposed, final``) with ``level``, ``kpi_score`` and one
    column per group column any of them has; and the group columns, in display order. A
    group value of the session's cycle wins over one stored without a cycle."""
    return with_grades(grades, person_facts(con, cycle, grades["employee_id"].to_list()))


def person_facts(con: duckdb.DuckDBPyConnection, cycle: str, ids: list[str]) -> pl.DataFrame:
    """What the dataset says of the people ``ids`` in ``cycle`` (one row each, in that order):
    ``location``, ``level``, a column per group column, the KPI columns. Apart from the
    grades: a move in the meeting changes a grade, never these, so the page reads them once
    per session's people and dataset version, not after every move (:func:`with_grades`)."""
    params = {"ids": ids}
    emp = db.query(
        con,
        f"SELECT e.employee_id, e.location, e.level FROM {db.q(S.EMPLOYEES.name)} e "
        "WHERE list_contains($ids, e.employee_id)",
        params,
    )
    groups = db.query(
        con,
        f"SELECT g.employee_id, g.group_column, g.value FROM {db.q(S.PERSON_GROUPS.name)} g "
        "WHERE list_contains($ids, g.employee_id) AND (g.cycle_id = $c OR g.cycle_id IS NULL) "
        "QUALIFY row_number() OVER (PARTITION BY g.employee_id, g.group_column "
        "ORDER BY g.cycle_id NULLS LAST) = 1",
        params | {"c": cycle},
    )
    kpi = db.query(
        con,
        f"SELECT k.employee_id, k.kpi, k.attainment, k.actual FROM {db.q(S.KPI_RESULTS.name)} k "
        "WHERE list_contains($ids, k.employee_id) AND k.cycle_id = $c",
        params | {"c": cycle},
    )
    facts = pl.DataFrame({"employee_id": ids}, schema={"employee_id": pl.String}).join(
        emp.with_columns(pl.col("location", "level").cast(pl.String)),
        on="employee_id",
        how="left",
        maintain_order="left",
    )
    if groups.height:
        wide = groups.pivot(on="group_column", index="employee_id", values="value")
        if "tenure" in wide.columns:
            wide = wide.with_columns(_tenure_bands(wide["tenure"]))
        facts = facts.join(
            wide.drop([c for c in ("location", "level") if c in wide.columns]),
            on="employee_id",
            how="left",
            maintain_order="left",
        )
    if kpi.height:
        facts = facts.join(kpi_scores(kpi), on="employee_id", how="left", maintain_order="left")
    return facts


def with_grades(grades: pl.DataFrame, facts: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """:func:`session_people` from the session's ``grades`` and :func:`person_facts` of
    its people."""
    people = grades.select("employee_id", "proposed", "final").join(
        facts,
        on="employee_id",
        how="left",
        maintain_order="left",
    )
    present = [c for c in people.columns if people[c].null_count() < people.height]
    known = [c for c in GROUP_COLUMNS if c in present]
    declared = sorted(c for c in present if c not in {*GROUP_COLUMNS, *people.columns[:3]})
    return people, known + [c for c in declared if c != "kpi_score"]


def group_values(con: duckdb.DuckDBPyConnection, pairs: pl.DataFrame) -> pl.DataFrame:
    """``employee_id, cycle_id, group_column, group``: the group each person of ``pairs``
    (``employee_id, cycle_id``) belongs to in that cycle, by every group column they have a
    value of: ``person_groups`` (a value of the cycle wins over one stored without a cycle;
    tenure in years banded, as :func:`session_people` reads it), and location and level from
    ``employees``. For drift by group (:mod:`.drift`), across sessions of several cycles."""
    out_schema = {
        "employee_id": pl.String,
        "cycle_id": pl.String,
        "group_column": pl.String,
        "group": pl.String,
    }
    if pairs.is_empty():
        return pl.DataFrame(schema=out_schema)
    wanted = pairs.select(
        pl.col("employee_id").cast(pl.String), pl.col("cycle_id").cast(pl.String)
    ).unique()
    params = {
        "ids": wanted["employee_id"].to_list(),
        "cycles": wanted["cycle_id"].to_list(),
    }
    pairs_sql = "WITH p AS (SELECT unnest($ids) AS employee_id, unnest($cycles) AS cycle_id) "
    groups = db.query(
        con,
        pairs_sql + 'SELECT p.employee_id, p.cycle_id, g.group_column, g.value AS "group" '
        f"FROM p JOIN {db.q(S.PERSON_GROUPS.name)} g ON g.employee_id = p.employee_id "
        "AND (g.cycle_id = p.cycle_id OR g.cycle_id IS NULL) "
        "QUALIFY row_number() OVER (PARTITION BY p.employee_id, p.cycle_id, g.group_column "
        "ORDER BY g.cycle_id NULLS LAST) = 1",
        params,
    )
    roster = db.query(
        con,
        pairs_sql + "SELECT p.employee_id, p.cycle_id, any_value(e.location) AS location, "
        f"any_value(e.level) AS level FROM p JOIN {db.q(S.EMPLOYEES.name)} e "
        "ON e.employee_id = p.employee_id GROUP BY ALL",
        params,
    )
    parts = [groups.select(pl.all().cast(pl.String))] if groups.height else []
    if parts and "tenure" in parts[0]["group_column"].to_list():
        g = parts[0]
        tenure = g.filter(pl.col("group_column") == "tenure")
        parts = [
            g.filter(pl.col("group_column") != "tenure"),
            tenure.with_columns(_tenure_bands(tenure["group"])),
        ]
    if roster.height:
        parts.append(
            roster.select(pl.all().cast(pl.String))
            .unpivot(["location", "level"], index=["employee_id", "cycle_id"])
            .select(
                "employee_id",
                "cycle_id",
                pl.col("variable").alias("group_column"),
                pl.col("value").alias("group"),
            )
        )
    frames = [p.select(list(out_schema)).cast(out_schema) for p in parts]
    if not frames:
        return pl.DataFrame(schema=out_schema)
    return (
        pl.concat(frames)
        .drop_nulls("group")
        .unique(["employee_id", "cycle_id", "group_column"], keep="first", maintain_order=True)
    )


def dataset_groups(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """``group_column, group``: every group the dataset knows (``person_groups`` in any cycle,
    tenure banded; location and level of ``employees``), so that a group whose people were
    in no signed-off session is listed as such, not as a rate of 0."""
    groups = db.query(
        con,
        f'SELECT DISTINCT group_column, value AS "group" FROM {db.q(S.PERSON_GROUPS.name)} '
        "WHERE value IS NOT NULL",
    ).select(pl.all().cast(pl.String))
    tenure = groups.filter(pl.col("group_column") == "tenure")
    roster = db.query(
        con,
        f"SELECT DISTINCT 'location' AS group_column, location AS \"group\" "
        f"FROM {db.q(S.EMPLOYEES.name)} WHERE location IS NOT NULL UNION "
        f"SELECT DISTINCT 'level', level FROM {db.q(S.EMPLOYEES.name)} WHERE level IS NOT NULL",
    ).select(pl.all().cast(pl.String))
    return (
        pl.concat(
            [
                groups.filter(pl.col("group_column") != "tenure"),
                tenure.with_columns(_tenure_bands(tenure["group"])),
                roster,
            ]
        )
        .unique()
        .sort("group_column", "group")
    )


def for_session(path: str | Path, session: Session, k: int = 3) -> Adverse:
    """The adverse-impact section of ``session`` (its final grades against its proposed ones),
    read from the dataset at ``path``; ``k``: the viewer's anonymity threshold. (The meeting
    page keeps its people's facts and calls :func:`for_grades` itself: ``ui.adverse``.)"""
    con, _ = access.connect_reader(path)
    try:
        facts = person_facts(con, session.row["cycle_id"], session.grades["employee_id"].to_list())
    finally:
        con.close()
    return for_grades(session.grades, facts, session.guideline, k)


def for_grades(
    grades: pl.DataFrame, facts: pl.DataFrame, guideline: Mapping[str, float], k: int = 3
) -> Adverse:
    """The adverse-impact section of a session's ``grades`` (``employee_id, proposed,
    final``) with its people's :func:`person_facts` and its ``guideline``: all it depends on,
    so a caller may keep it for the same grades whatever the session (``ui.adverse``)."""
    people, columns = with_grades(grades, facts)
    # the guideline itself: its top grades are the guideline table's (rev30b item 6)
    return adverse_impact(people, columns, guideline, k)
