"""What the bonus pool of a session reads besides its grades: each person's imported final
score (the ranking scheme's tie-break inside a grade) and, when a column of the export is
chosen as the base amount, that column's cells (:mod:`analytics.calibration.original`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl

from analytics import schema as S
from analytics.calibration.bonus import base_amounts
from analytics.calibration.moves import Refused
from analytics.calibration.original import Original
from analytics.calibration.sessions import Session
from analytics.store import access, db

__all__ = ["base_columns", "bonus_people"]


def base_columns(original: Original | None) -> list[str]:
    """The export's columns a base amount can come from: every original column but the id."""
    if original is None:
        return []
    return [h for h in original.headers if h != original.id_header]


def bonus_people(
    path: str | Path,
    session: Session,
    original: Original | None = None,
    base: str | None = None,
    bands: Mapping[str, float] | None = None,
) -> pl.DataFrame:
    """``employee_id, department, imported, final, score`` (the imported final score, 0-1)
    and, with ``base`` (a column of ``original``), ``base``. Refused (``base_unknown``) for a
    column the export does not have."""
    g = session.grades.select("employee_id", "department", "imported", "final")
    cycle, ids = session.row["cycle_id"], g["employee_id"].to_list()
    scores = access.read_once(  # once per file and people: asked on every meeting page run
        path,
        ("bonus_scores", cycle, tuple(ids)),
        lambda con: db.query(
            con,
            f"SELECT employee_id, final_score AS score FROM {db.q(S.OUTCOMES.name)} "
            "WHERE cycle_id = $c AND list_contains($ids, employee_id)",
            {"c": cycle, "ids": ids},
        ),
    )
    out = g.join(scores, on="employee_id", how="left")
    if base is None:
        return out
    if original is None or base not in original.headers:
        raise Refused("base_unknown", column=base)
    at = original.headers.index(base)
    cells = {}
    for emp in out["employee_id"].to_list():
        row = original.typed(emp)
        cells[emp] = None if row is None else row[at]
    return out.join(base_amounts(cells, base, bands), on="employee_id", how="left")
