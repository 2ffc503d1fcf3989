"""Who was graded in each cycle and by whom: computed from every manager rating, stored at fit
time (``mat_graded``, :func:`analytics.findings.materialise.refresh`) and read back by the
appeal statistics (:mod:`analytics.calibration.appeal_findings`) and the rater page.

The rater of a graded person-cycle is the person's manager in that cycle: the rater who rated
them in the ``manager`` role (the one with most rating rows when several did, the smallest id
among those tied), else the roster's ``manager_id``. The rows come ordered by cycle and person (one
row each), so two builds of the same data store identical rows.

Why stored: the GROUP BY over every manager rating cost 1-3 CPU s at 40M ratings, and the first
rater page of a large scope paid it (session 25: 2.3 of the company's 3.0 CPU s were outside the
page thread, most of it this). Stored with the overview's counts (they scan every rating too),
under its own fingerprint (:data:`analytics.findings.methods.STORE_METHODS`); a store without a
current copy (written before it, or by other code) is answered by the GROUP BY, as before.
"""

from __future__ import annotations

import duckdb
import polars as pl

from analytics import schema as S
from analytics.findings.stored import available
from analytics.store import db
from analytics.store import parts as store

__all__ = ["graded_people", "stored_graded", "who_graded"]


def graded_people(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per person and cycle with a final grade: ``cycle_id, employee_id, rater_id``
    (their manager that cycle) and ``department``, computed from the rating rows."""
    o, r, e = db.q(S.OUTCOMES.name), db.q(S.REVIEW_ROWS.name), db.q(S.EMPLOYEES.name)
    frame = db.query(
        con,
        f"""
        WITH m AS (
            SELECT cycle_id, employee_id, first(rater_id ORDER BY n DESC, rater_id) AS rater_id
            FROM (
                SELECT cycle_id, employee_id, rater_id, count(*) AS n FROM {r}
                WHERE rater_role = 'manager' AND rater_id IS NOT NULL GROUP BY ALL)
            GROUP BY ALL)
        SELECT g.cycle_id, g.employee_id, coalesce(m.rater_id, x.manager_id) AS rater_id,
               x.department
        FROM (SELECT DISTINCT cycle_id, employee_id FROM {o} WHERE grade IS NOT NULL) g
        LEFT JOIN m USING (cycle_id, employee_id)
        LEFT JOIN {e} x USING (employee_id)
        ORDER BY g.cycle_id, g.employee_id""",
    )
    return frame.with_columns(pl.all().cast(pl.String))


def stored_graded(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """:func:`graded_people` as stored at fit time, when the store holds a current copy (for
    this data version and code, :mod:`analytics.findings.stored`); else None."""
    schemas = available(con)
    if store.GRADED not in schemas:
        return None
    try:
        return store.read_part(con, store.GRADED, schemas[store.GRADED])
    except duckdb.CatalogException:
        return None


def who_graded(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Who was graded by whom: the stored copy (:func:`stored_graded`), else computed."""
    frame = stored_graded(con)
    return graded_people(con) if frame is None else frame
