"""Names beside ids: wherever a person appears in a table or an export, their name from the
imported roster stands next to their id (HR reads names; ids are for lookups).

A pure join from frames to frames, applied where tables are shown and exported, not inside the
statistics: the fitted parts stay keyed by id, and a pseudonymised export can leave names out by
not calling it.
"""

from __future__ import annotations

import polars as pl

__all__ = ["NAME_COLUMNS", "known_names", "roster_names", "with_names"]

#: id column -> the name column put right after it
NAME_COLUMNS: dict[str, str] = {
    "employee_id": "name",
    "rater_id": "rater_name",
    "manager_id": "manager_name",
    "manager_from": "manager_from_name",
    "manager_to": "manager_to_name",
    "manager_new": "manager_new_name",
    "manager_kept": "manager_kept_name",
}


def roster_names(employees: pl.DataFrame) -> pl.DataFrame:
    """``employee_id, name`` of every rostered person with a name (one row per id)."""
    if "name" not in employees.columns or employees.height == 0:
        return pl.DataFrame(schema={"employee_id": pl.String, "name": pl.String})
    return (
        employees.select(pl.col("employee_id").cast(pl.String), pl.col("name").cast(pl.String))
        .filter(pl.col("name").is_not_null() & (pl.col("name").str.strip_chars() != ""))
        .unique("employee_id", keep="first")
    )


def known_names(employees: pl.DataFrame, rater_names: pl.DataFrame | None) -> pl.DataFrame:
    """``employee_id, name`` of every rostered person with a name, and of every other rater or
    manager a file named beside their id (``rater_names``:
    :func:`analytics.store.raternames.read_rater_names`): the roster's name wins."""
    roster = roster_names(employees)
    if rater_names is None or rater_names.height == 0:
        return roster
    others = rater_names.select(
        pl.col("employee_id").cast(pl.String), pl.col("name").cast(pl.String)
    ).join(roster.select("employee_id"), on="employee_id", how="anti")
    return pl.concat([roster, others]) if others.height else roster


def with_names(frame: pl.DataFrame, names: pl.DataFrame | None) -> pl.DataFrame:
    """``frame`` with a name column after each person-id column it has (``rater_id`` →
    ``rater_name`` …); rows, their order and the other columns unchanged. A name column the
    frame already has is kept as it is; an id with no name in the roster gets null."""
    if names is None or names.height == 0:
        return frame
    out = frame
    for id_col, name_col in NAME_COLUMNS.items():
        if id_col not in out.columns or name_col in out.columns:
            continue
        if out.schema[id_col] != pl.String:
            continue
        lookup = names.rename({"employee_id": id_col, "name": name_col})
        joined = out.join(lookup, on=id_col, how="left", maintain_order="left")
        cols = list(out.columns)
        cols.insert(cols.index(id_col) + 1, name_col)
        out = joined.select(cols)
    return out
