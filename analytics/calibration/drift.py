"""Drift: who gets moved in calibration sessions, by rater (the person's manager) and by
department, and the managers whose people are moved down in most of their sessions.

Read from the signed-off sessions only (a session still in progress has not decided): each
person's move is their final grade against the grade the session proposed (the imported
grade, or the what-if's), in steps of the session's guideline (best grade first): ``up`` (a
better final grade), ``down`` or ``same``. A person's rater here is their manager on the
roster (``employees.manager_id``).

The finding: a manager with people in at least ``min_sessions`` (default 2) signed-off
sessions, whose people were moved down on balance (more of them down than up) in more than
half of those sessions. The counts are said with it (down in d of n sessions; people moved
down and up), so a reader sees how little two sessions are.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from analytics import schema as S
from analytics.store import access, calstore, db

__all__ = [
    "MIN_SESSIONS",
    "by_department",
    "by_rater",
    "flagged",
    "moves_of",
    "session_moves",
]

#: a manager needs people in at least this many signed-off sessions to be a finding
MIN_SESSIONS = 2


def moves_of(grades: pl.DataFrame, sessions: pl.DataFrame) -> pl.DataFrame:
    """One row per person and session: ``session_id, cycle_id, employee_id, department,
    move_direction`` (``up`` / ``down`` / ``same``) and ``move_steps`` (signed: positive up),
    from the sessions' grades (``session_id, employee_id, department, proposed, final``) and
    their rows (``session_id, cycle_id, guideline``: JSON, best grade first). A grade outside
    the guideline, or none, counts as ``same``."""
    order = {
        sid: {g: i for i, g in enumerate(json.loads(gl))}
        for sid, gl in sessions.select("session_id", "guideline").iter_rows()
    }
    steps = [
        (order[sid].get(p) - order[sid].get(f))
        if sid in order and order[sid].get(p) is not None and order[sid].get(f) is not None
        else 0
        for sid, p, f in grades.select("session_id", "proposed", "final").iter_rows()
    ]
    return (
        grades.with_columns(pl.Series("move_steps", steps, dtype=pl.Int64))
        .join(sessions.select("session_id", "cycle_id"), on="session_id", how="inner")
        .with_columns(
            move_direction=pl.when(pl.col("move_steps") > 0)
            .then(pl.lit("up"))
            .when(pl.col("move_steps") < 0)
            .then(pl.lit("down"))
            .otherwise(pl.lit("same"))
        )
        .select(
            "session_id", "cycle_id", "employee_id", "department", "move_direction", "move_steps"
        )
    )


def session_moves(path: str | Path) -> pl.DataFrame:
    """:func:`moves_of` of every signed-off session of the dataset at ``path`` (each person and
    cycle once: from the latest signed-off session holding them), with each person's manager as ``rater_id`` (the roster's ``manager_id``; null when none)."""
    store = calstore.store_path(path)
    empty = pl.DataFrame(
        schema={
            "session_id": pl.String,
            "cycle_id": pl.String,
            "employee_id": pl.String,
            "department": pl.String,
            "move_direction": pl.String,
            "move_steps": pl.Int64,
            "rater_id": pl.String,
        }
    )
    if not store.exists():
        return empty
    with calstore.opened(path) as con:
        sessions = db.query(
            con,
            f"SELECT session_id, cycle_id, guideline FROM {db.q(S.CAL_SESSIONS.name)} "
            "WHERE status = 'closed'",
        )
        grades = db.query(
            con,
            f"SELECT g.session_id, g.employee_id, g.department, g.proposed, g.final "
            f"FROM {db.q(S.CAL_GRADES.name)} g JOIN {db.q(S.CAL_SESSIONS.name)} s "
            "USING (session_id) WHERE s.status = 'closed' "
            # each person-cycle once: the latest signed-off session (older data may hold more)
            "QUALIFY row_number() OVER (PARTITION BY s.cycle_id, g.employee_id "
            "ORDER BY s.signed_at DESC, TRY_CAST(s.session_id AS INTEGER) DESC) = 1",
        )
    if sessions.is_empty():
        return empty
    con, _ = access.connect_reader(path)
    try:
        managers = db.query(
            con,
            f"SELECT employee_id, any_value(manager_id) AS rater_id FROM {db.q(S.EMPLOYEES.name)} "
            "GROUP BY employee_id",
        )
    finally:
        con.close()
    managers = managers.select(pl.all().cast(pl.String))
    return moves_of(grades, sessions).join(managers, on="employee_id", how="left")


def _counts(moves: pl.DataFrame, by: str) -> pl.DataFrame:
    per_session = moves.group_by(by, "session_id").agg(
        n=pl.len(),
        down=(pl.col("move_direction") == "down").sum(),
        up=(pl.col("move_direction") == "up").sum(),
    )
    return (
        per_session.group_by(by)
        .agg(
            sessions=pl.len(),
            down_sessions=(pl.col("down") > pl.col("up")).sum(),
            up_sessions=(pl.col("up") > pl.col("down")).sum(),
            n=pl.col("n").sum(),
            moved_down=pl.col("down").sum(),
            moved_up=pl.col("up").sum(),
        )
        .with_columns(
            pl.col(c).cast(pl.Int64)
            for c in ("sessions", "down_sessions", "up_sessions", "n", "moved_down", "moved_up")
        )
        .with_columns(
            moved_down_share=pl.col("moved_down") / pl.col("n"),
            moved_up_share=pl.col("moved_up") / pl.col("n"),
        )
    )


def by_rater(moves: pl.DataFrame, min_sessions: int = MIN_SESSIONS) -> pl.DataFrame:
    """Per manager (``rater_id``): ``sessions`` they had people in, ``down_sessions`` /
    ``up_sessions`` (their people moved down / up on balance), ``n`` (person-sessions),
    ``moved_down``, ``moved_up`` and their shares, and ``drift_down``: at least
    ``min_sessions`` sessions and down on balance in more than half. Flagged first."""
    out = _counts(moves.filter(pl.col("rater_id").is_not_null()), "rater_id").with_columns(
        drift_down=(pl.col("sessions") >= min_sessions)
        & (pl.col("down_sessions") * 2 > pl.col("sessions"))
    )
    return out.sort(
        ["drift_down", "down_sessions", "moved_down", "rater_id"],
        descending=[True, True, True, False],
    )


def by_department(moves: pl.DataFrame) -> pl.DataFrame:
    """Per department (``dept``, the person's as stored in the session): the same counts as
    :func:`by_rater` (without the finding), most moved down first; ``n`` is the group size
    the anonymity rule reads (a department of fewer than k people is suppressed below
    ``hr_admin``)."""
    return _counts(moves.rename({"department": "dept"}), "dept").sort(
        ["moved_down_share", "dept"], descending=[True, False]
    )


def flagged(raters: pl.DataFrame) -> list[dict]:
    """The findings of :func:`by_rater`: one dict per flagged manager (``rater_id``,
    ``down_sessions``, ``sessions``, ``moved_down``, ``moved_up``, ``n``)."""
    return (
        raters.filter(pl.col("drift_down"))
        .select("rater_id", "down_sessions", "sessions", "moved_down", "moved_up", "n")
        .to_dicts()
    )
