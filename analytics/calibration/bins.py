"""The grade bins and the performance × potential grid of a calibration session.

The meeting moves people by looking at who sits in which grade, not at a list: one bin per
grade of the session's guideline (best first), each listing its people with their
rater-adjusted score, its 95% interval and the what-if's close-call marker (the interval spans
a grade boundary, :func:`.fit.what_if`); with a potential rating, the same people on a grid of
potential band × final grade. A selection in the bins becomes :class:`~.moves.Move` rows that
go through :func:`.sessions.apply`, the grade table's path: the same rules, reasons and audit.
Moving on the grid changes the final (performance) grade only; potential stays as imported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import duckdb
import polars as pl

from analytics import schema as S
from analytics.calibration.moves import Move
from analytics.stats.potential import POTENTIAL_LEVELS
from analytics.store import db

__all__ = [
    "BIN_COLUMNS",
    "NO_GRADE",
    "POTENTIAL_BANDS",
    "bin_people",
    "moves_for",
    "session_potential",
]

#: the bin of people without a final grade (catalogue ``cs.bins_no_grade``); never a target
NO_GRADE = ""
#: potential bands of the grid, best first (catalogue ``cs.pot.<band>``); ``unrated``: none
POTENTIAL_BANDS: tuple[str, ...] = ("high", "medium", "low", "unrated")
_BAND_OF_LEVEL = {1.0: "high", 0.5: "medium", 0.0: "low"}

BIN_COLUMNS = (
    "employee_id",
    "name",
    "bin",
    "adjusted",
    "ci95_low",
    "ci95_high",
    "close_call",
    "potential",
    "pot_band",
)


def session_potential(
    con: duckdb.DuckDBPyConnection, cycle: str, people: Sequence[str]
) -> pl.DataFrame:
    """``employee_id, potential``: the potential rating the import kept for ``people`` in
    ``cycle`` (``OUTCOMES``; null when none)."""
    frame = db.query(
        con,
        f"SELECT employee_id, any_value(potential) AS potential FROM {db.q(S.OUTCOMES.name)} "
        "WHERE cycle_id = $c AND list_contains($ids, employee_id) GROUP BY employee_id",
        {"c": cycle, "ids": list(people)},
    )
    return frame.select(pl.col("employee_id").cast(pl.String), pl.col("potential").cast(pl.String))


def _band(potential: pl.Expr) -> pl.Expr:
    level = (
        potential.str.strip_chars()
        .str.to_lowercase()
        .replace_strict(POTENTIAL_LEVELS, default=None, return_dtype=pl.Float64)
    )
    return level.replace_strict(_BAND_OF_LEVEL, default=None, return_dtype=pl.String).fill_null(
        "unrated"
    )


def bin_people(
    grades: pl.DataFrame,
    allowed: Sequence[str],
    adjusted: pl.DataFrame | None = None,
    calls: pl.DataFrame | None = None,
    potential: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The session's people (``grades``: ``employee_id, name, final``) in their bins:
    :data:`BIN_COLUMNS`. ``bin`` is the final grade (:data:`NO_GRADE` without one);
    ``adjusted`` / ``ci95_low`` / ``ci95_high`` from ``adjusted`` (the session cycle's
    rater-adjusted scores, 0-1; null without ratings); ``close_call`` true where the what-if
    (``calls``: ``employee_id, close_call``) says the interval spans a grade boundary;
    ``potential`` as imported and its ``pot_band`` (:data:`POTENTIAL_BANDS`). Sorted by bin
    (``allowed``: best first, then no grade), then best adjusted score first, then id."""
    order = {g: i for i, g in enumerate(allowed)}
    out = grades.select(
        pl.col("employee_id").cast(pl.String),
        pl.col("name").cast(pl.String),
        pl.col("final").cast(pl.String).fill_null(NO_GRADE).alias("bin"),
    )
    score_cols = {"adjusted": pl.Float64, "ci95_low": pl.Float64, "ci95_high": pl.Float64}
    if adjusted is not None and adjusted.height:
        out = out.join(
            adjusted.select("employee_id", *score_cols).unique("employee_id", keep="first"),
            on="employee_id",
            how="left",
        )
    else:
        out = out.with_columns(pl.lit(None, t).alias(c) for c, t in score_cols.items())
    if calls is not None and calls.height:
        close = calls.filter(pl.col("close_call").fill_null(False)).get_column("employee_id")
        out = out.with_columns(close_call=pl.col("employee_id").is_in(close.to_list()))
    else:
        out = out.with_columns(close_call=pl.lit(False))
    if potential is not None and potential.height:
        out = out.join(potential.select("employee_id", "potential"), on="employee_id", how="left")
    else:
        out = out.with_columns(potential=pl.lit(None, pl.String))
    out = out.with_columns(pot_band=_band(pl.col("potential")))
    rank = pl.col("bin").replace_strict(order, default=len(order), return_dtype=pl.Int64)
    return (
        out.with_columns(_rank=rank)
        .sort(
            ["_rank", "adjusted", "employee_id"], descending=[False, True, False], nulls_last=True
        )
        .select(BIN_COLUMNS)
    )


def moves_for(
    selected: Sequence[str], grade: str, category: str, text: str, seen: Mapping[str, int]
) -> list[Move]:
    """The moves of the people ``selected`` in the bins to ``grade``, each decided on the
    version this browser saw of them (``seen``), exactly as the grade table's edits are."""
    return [Move(e, grade, category, text, seen.get(e, 0)) for e in dict.fromkeys(selected)]
