"""The names an import gave beside rater and manager ids (``rater_names``): written inside the
import's transaction, removed with its import, read as one name per id.

A rater who is not rated themselves (a director, an external reviewer, a manager who left)
has no roster row; the rater-name column of the file is then the only name there is. The
roster's name of an id wins over these (:func:`analytics.findings.names.known_names`).
"""

from __future__ import annotations

import duckdb
import polars as pl

from analytics import schema as S
from analytics.store import db

__all__ = ["read_rater_names", "store_rater_names"]

_NAMES_SCHEMA = {"employee_id": pl.String, "name": pl.String}


def store_rater_names(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, import_id: str) -> int:
    """Store ``frame`` (``rater_id, name``: one row per id) as ``import_id``'s names, inside
    the caller's transaction; returns the rows stored."""
    if frame.height == 0:
        return 0
    rows = S.RATER_NAMES.conform(frame.with_columns(pl.lit(import_id).alias("import_id")))
    con.register("_rater_names", rows.to_arrow())
    try:
        t = db.q(S.RATER_NAMES.name)
        cols = ", ".join(db.q(c) for c in S.RATER_NAMES.names)
        con.execute(f"DELETE FROM {t} WHERE import_id = $id", {"id": import_id})
        con.execute(f"INSERT INTO {t} ({cols}) SELECT {cols} FROM _rater_names")
    finally:
        con.unregister("_rater_names")
    return rows.height


def read_rater_names(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """``employee_id, name``: each id's name as the latest import that named it gave it (by the
    import log's start time; an import no longer in the log counts as the oldest). Empty for a
    database written before the table existed (a read-only reader does not create it)."""
    have = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = current_schema() AND table_name = $t",
        {"t": S.RATER_NAMES.name},
    ).fetchall()[0][0]
    if not have:
        return pl.DataFrame(schema=_NAMES_SCHEMA)
    sql = (
        f"SELECT n.rater_id AS employee_id, n.name FROM {db.q(S.RATER_NAMES.name)} n "
        f"LEFT JOIN {db.q(S.IMPORTS.name)} i USING (import_id) "
        "WHERE n.name IS NOT NULL AND trim(n.name) <> '' "
        "QUALIFY row_number() OVER (PARTITION BY n.rater_id "
        "ORDER BY i.started_at DESC NULLS LAST, n.import_id DESC) = 1 ORDER BY n.rater_id"
    )
    frame = con.sql(sql).pl()
    return frame.cast(_NAMES_SCHEMA) if frame.height else pl.DataFrame(schema=_NAMES_SCHEMA)
