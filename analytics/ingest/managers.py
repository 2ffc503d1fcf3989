"""Who is known to manage whom, from what the database keeps: a file with rater ids but no
rater role column would otherwise make every rating a peer rating, also the ones by the
person's manager (a role dropped between two exports of the same review)."""

from __future__ import annotations

import duckdb
import polars as pl

from analytics import schema as S
from analytics.ingest.detect import Detection
from analytics.store import db

__all__ = ["KNOWN_MANAGERS", "known_managers", "roles_may_be_inferred"]

#: the columns of :func:`known_managers`
KNOWN_MANAGERS = {"employee_id": pl.String, "rater_id": pl.String, "known_from": pl.String}


def roles_may_be_inferred(dets: list[Detection]) -> bool:
    """True when a table names raters but its roles may be missing (no role column, or blank
    role cells): only then are the known managers read."""
    return any(
        "rater_id" in d.mapping.values() and d.shape != "wide_role" for d in dets if d is not None
    )


def known_managers(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Each stored (employee, manager) pair: the rater of a stored manager (上级) rating, with
    the cycles of those ratings in ``known_from``, or the employee's stored manager
    (``known_from`` empty)."""
    rows, emp = db.q(S.REVIEW_ROWS.name), db.q(S.EMPLOYEES.name)
    got = con.execute(
        "SELECT employee_id, rater_id, string_agg(DISTINCT cycle_id, ', ' ORDER BY cycle_id) "
        f"FROM (SELECT employee_id, rater_id, cycle_id FROM {rows} "
        "WHERE rater_role = 'manager' AND rater_id IS NOT NULL "
        f"UNION ALL SELECT employee_id, manager_id, NULL FROM {emp} "
        "WHERE manager_id IS NOT NULL) GROUP BY ALL"
    ).fetchall()
    return pl.DataFrame(got, schema=KNOWN_MANAGERS, orient="row")
