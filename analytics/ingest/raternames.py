"""The names a file gives beside its rater ids (评价人姓名, Reviewer Name) and manager ids
(上级姓名, Manager Name): one name per id, kept in ``rater_names`` so that a rater who is no
ratee (a director, an external reviewer, a manager who left) is shown by name.

One id written with two names in one file: the latest row's name is kept (the file's order
within its cycles, as the roster keeps a person's latest row), and a warning names the file,
the id, each name with its rows and the name kept. A name that differs from the roster's name
of the same id: the roster's is shown, said in a warning (:func:`roster_differs`).
"""

from __future__ import annotations

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest.problems import Notice
from analytics.ingest.readers import ROW

__all__ = ["NAME_OF_ID", "rater_names_frame", "roster_differs"]

#: name field -> the id field whose people it names
NAME_OF_ID: dict[str, str] = {"rater_name": "rater_id", "manager_name": "manager_id"}
#: ids and rows named in one warning (the count says the rest)
SHOWN = 5
_ROSTER = {"employee_id": pl.String, "name": pl.String}


def rater_names_frame(base: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list[Notice]]:
    """``rater_id, name`` (one row per id: its latest row's name) from the file's rater-name
    and manager-name columns, and a warning for the ids written with more than one name."""
    parts = [
        base.select(
            pl.col(ROW),
            pl.col("cycle_id") if "cycle_id" in base.columns else pl.lit(None, pl.String),
            pl.col(id_col).cast(pl.String).alias("rater_id"),
            pl.col(name_col).cast(pl.String).str.strip_chars().alias("name"),
        )
        for name_col, id_col in NAME_OF_ID.items()
        if name_col in base.columns and id_col in base.columns
    ]
    if not parts:
        return pl.DataFrame(schema={"rater_id": pl.String, "name": pl.String}), []
    rows = (
        pl.concat(parts)
        .filter(pl.col("rater_id").is_not_null() & (pl.col("name").str.len_chars() > 0))
        .sort(pl.col("cycle_id"), ROW, nulls_last=False, maintain_order=True)
    )
    kept = rows.unique("rater_id", keep="last", maintain_order=True).select("rater_id", "name")
    return kept.sort("rater_id"), _two_names(rows, kept, file)


def _two_names(rows: pl.DataFrame, kept: pl.DataFrame, file: str) -> list[Notice]:
    """A warning naming the ids written with two or more names: each name with its rows."""
    per = (
        rows.group_by("rater_id", "name", maintain_order=True)
        .agg(pl.col(ROW).sort().alias("rows"))
        .with_columns(pl.len().over("rater_id").alias("_names"))
        .filter(pl.col("_names") > 1)
    )
    if not per.height:
        return []
    ids = per.get_column("rater_id").unique(maintain_order=True).to_list()
    chosen = dict(kept.filter(pl.col("rater_id").is_in(ids)).iter_rows())
    people = []
    for rid in ids[:SHOWN]:
        mine = per.filter(pl.col("rater_id") == rid)
        said = " / ".join(
            f"{n} ({', '.join(str(r) for r in rs[:SHOWN])}{', …' if len(rs) > SHOWN else ''})"
            for n, rs in mine.select("name", "rows").iter_rows()
        )
        people.append(f"{rid}: {said} → {chosen[rid]}")
    return [("rater_two_names", {"file": file, "n": len(ids), "people": people})]


def roster_differs(
    con: duckdb.DuckDBPyConnection,
    names: pl.DataFrame,
    file: str,
    roster: pl.DataFrame | None = None,
) -> list[Notice]:
    """A warning naming the ids whose roster name differs from the name the file gives beside
    them: the roster's is shown. The roster is the stored one (the import asks once the file's
    roster rows are written); ``roster`` (``employee_id, name``: the file's own roster, for the
    preview) comes first."""
    if not names.height:
        return []
    own = pl.DataFrame(schema=_ROSTER) if roster is None else roster.select(*_ROSTER).cast(_ROSTER)
    con.register("_file_names", names.select("rater_id", "name").to_arrow())
    con.register("_file_roster", own.to_arrow())
    try:
        rows = con.execute(
            "SELECT n.rater_id, n.name, coalesce(f.name, e.name) AS r FROM _file_names n "
            f"LEFT JOIN {S.EMPLOYEES.name} e ON e.employee_id = n.rater_id "
            "LEFT JOIN (SELECT employee_id, any_value(name) AS name FROM _file_roster "
            "WHERE trim(name) <> '' GROUP BY ALL) f ON f.employee_id = n.rater_id "
            "WHERE trim(coalesce(f.name, e.name, '')) <> '' "
            "AND lower(replace(r, ' ', '')) <> lower(replace(n.name, ' ', '')) "
            "ORDER BY n.rater_id"
        ).fetchall()
    finally:
        con.unregister("_file_names")
        con.unregister("_file_roster")
    if not rows:
        return []
    people = [f"{rid}: {given} → {roster}" for rid, given, roster in rows[:SHOWN]]
    return [("rater_name_not_roster", {"file": file, "n": len(rows), "people": people})]
