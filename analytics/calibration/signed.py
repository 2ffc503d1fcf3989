"""A person's grades as the signed-off calibration sessions decided them: what the person page
shows beside the imported grade (rev32b item 2: 1007 Andrew Lewis, moved Exceeds → Meets in a
signed-off session, still read "Exceeds" with Calibrated "—" on his page)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from analytics import schema as S
from analytics.store import calstore, db

__all__ = ["SIGNED_COLUMNS", "signed_grades", "with_signed_grades"]

#: the columns a signed-off session adds to a person's outcomes
SIGNED_COLUMNS = ("final_grade", "session_id", "signed_by", "signed_at")


def _empty() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "cycle_id": pl.String,
            "final_grade": pl.String,
            "session_id": pl.String,
            "signed_by": pl.String,
            "signed_at": pl.Datetime("us"),
        }
    )


def signed_grades(path: str | Path, employee_id: str) -> pl.DataFrame:
    """``cycle_id, final_grade, session_id, signed_by, signed_at`` of ``employee_id``: per
    cycle, the grade of the latest signed-off session holding them (as
    :func:`analytics.calibration.drift.session_moves` reads them). No sessions' store: none
    (it is not created for a read)."""
    if not calstore.store_path(path).exists():
        return _empty()
    with calstore.opened(path) as con:
        out = db.query(
            con,
            f"SELECT s.cycle_id, g.final AS final_grade, s.session_id, s.signed_by, s.signed_at "
            f"FROM {db.q(S.CAL_GRADES.name)} g JOIN {db.q(S.CAL_SESSIONS.name)} s "
            "USING (session_id) WHERE s.status = 'closed' AND g.employee_id = $e "
            "QUALIFY row_number() OVER (PARTITION BY s.cycle_id "
            "ORDER BY s.signed_at DESC, TRY_CAST(s.session_id AS INTEGER) DESC) = 1 "
            "ORDER BY s.cycle_id",
            {"e": str(employee_id)},
        )
    return out.cast({"cycle_id": pl.String, "session_id": pl.String}) if out.height else _empty()


def with_signed_grades(outcomes: pl.DataFrame, signed: pl.DataFrame) -> pl.DataFrame:
    """``outcomes`` (a person's, one row per cycle) with the signed-off session's grade
    (:func:`signed_grades`) beside the imported one: ``calibrated`` true where a session
    decided the cycle, and ``final_grade``, ``session_id``, ``signed_by``, ``signed_at``.
    Unchanged where no signed-off session holds the person."""
    if signed.is_empty() or "cycle_id" not in outcomes.columns:
        return outcomes
    out = outcomes.with_columns(pl.col("cycle_id").cast(pl.String)).join(
        signed, on="cycle_id", how="left", maintain_order="left"
    )
    if "calibrated" in out.columns:
        decided = pl.col("session_id").is_not_null()
        out = out.with_columns(
            calibrated=pl.when(decided).then(True).otherwise(pl.col("calibrated"))
        )
    at = out.columns.index("grade") + 1 if "grade" in out.columns else len(outcomes.columns)
    rest = [c for c in out.columns if c not in SIGNED_COLUMNS]
    return out.select(*rest[:at], *SIGNED_COLUMNS, *rest[at:])
