"""One employee's record: ratings by cycle/source/dimension, outcomes, appeals, raters."""

from __future__ import annotations

import duckdb
import polars as pl

from analytics.store import db

__all__ = ["person_frames", "search_people"]


def person_frames(con: duckdb.DuckDBPyConnection, employee_id: str) -> dict[str, pl.DataFrame]:
    """Frames for the person page (parameterised queries only)."""
    p = {"e": employee_id}
    return {
        "employee": db.query(con, "SELECT * FROM employees WHERE employee_id = $e", p),
        "ratings": db.query(
            con,
            """
            SELECT r.cycle_id, c.ordering AS cycle_order, r.rater_id, r.rater_role, r.dimension,
                   r.score_raw, r.score, r.scale, r.comment
            FROM reviews r LEFT JOIN cycles c USING (cycle_id)
            WHERE r.employee_id = $e ORDER BY c.ordering, r.rater_role, r.rater_id, r.dimension""",
            p,
        ),
        "outcomes": db.query(
            con,
            """
            SELECT o.cycle_id, o.final_score_raw, o.final_score, o.grade, o.potential, o.calibrated
            FROM outcomes o LEFT JOIN cycles c USING (cycle_id)
            WHERE o.employee_id = $e ORDER BY c.ordering""",
            p,
        ),
        "appeals": db.query(
            con,
            """
            SELECT cycle_id, filed_at, reason, status, grade_before, grade_after
            FROM appeals WHERE employee_id = $e ORDER BY filed_at""",
            p,
        ),
        "kpis": db.query(
            con,
            """
            SELECT cycle_id, kpi, period, target, actual, weight, attainment
            FROM kpi_results WHERE employee_id = $e ORDER BY cycle_id, kpi, period""",
            p,
        ),
        "rated_by_them": db.query(
            con,
            """
            SELECT cycle_id, employee_id, rater_role, avg(score) AS mean_score, count(*) AS n
            FROM reviews WHERE rater_id = $e AND employee_id <> $e
            GROUP BY ALL ORDER BY cycle_id, employee_id""",
            p,
        ),
    }


def search_people(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """id + name + department of everyone, for the person picker."""
    return db.query(con, "SELECT employee_id, name, department FROM employees ORDER BY employee_id")
