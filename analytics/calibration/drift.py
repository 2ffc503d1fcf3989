"""Drift: who gets moved in calibration sessions, by rater (the person's manager), by
department and by group (gender, age band, tenure, location, level, or a group column the
mapping declares), and the managers whose people are moved down in most of their sessions.

Read from the signed-off sessions only (a session still in progress has not decided): each
person's move is their final grade against the grade the session proposed (the imported
grade, or the what-if's), in steps of the session's guideline (best grade first): ``up`` (a
better final grade), ``down`` or ``same``. A person's rater here is their manager on the
roster (``employees.manager_id``).

The finding: a manager with people in at least ``min_sessions`` (default 2) signed-off
sessions, whose people were moved down on balance (more of them down than up) in more than
half of those sessions. The counts are said with it (down in d of n sessions; people moved
down and up), so a reader sees how little two sessions are.

By group (:func:`by_group`): the shares of person-sessions moved down and up, each with its
Wilson 95% interval (as the adverse-impact rates, :func:`.adverse.wilson`) and the counts;
each person-session counts once (someone in two sessions twice, so the interval is a little
narrow where the same people recur); a group of fewer than ``k`` people is suppressed (no number shown, the reason said, as in the
adverse-impact section), and a group none of whose people was in a signed-off session says
"cannot be estimated" instead of a rate of 0.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from analytics import schema as S
from analytics.calibration import signed
from analytics.calibration.adverse import GROUP_COLUMNS, wilson
from analytics.calibration.impact import dataset_groups, group_values
from analytics.store import access, calstore, db

__all__ = [
    "GROUP_DRIFT_COLUMNS",
    "MIN_SESSIONS",
    "by_department",
    "by_group",
    "by_rater",
    "flagged",
    "group_moves",
    "moves_of",
    "readable_groups",
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
        grades = signed.latest_signed(con).select(
            "session_id", "employee_id", "department", "proposed", "final"
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


def group_moves(path: str | Path, moves: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``moves`` (:func:`session_moves`) with one row per person-session and group column
    the person has a value of in the session's cycle (``group_column, group``:
    :func:`.impact.group_values`), and every group the dataset knows
    (:func:`.impact.dataset_groups`), read from the dataset at ``path``."""
    con, _ = access.connect_reader(path)
    try:
        values = group_values(con, moves.select("employee_id", "cycle_id"))
        known = dataset_groups(con)
    finally:
        con.close()
    grouped = moves.join(values, on=["employee_id", "cycle_id"], how="inner")
    return grouped, known


#: :func:`by_group`'s columns
GROUP_DRIFT_COLUMNS = (
    "group_column",
    "group",
    "people",
    "sessions",
    "n",
    "moved_down",
    "moved_down_share",
    "down_ci95_low",
    "down_ci95_high",
    "moved_up",
    "moved_up_share",
    "up_ci95_low",
    "up_ci95_high",
    "estimable",
    "suppressed",
)


def _wilson_ends(x: pl.Series, n: pl.Series) -> tuple[list, list]:
    ends = [wilson(int(a), int(b)) if b else (None, None) for a, b in zip(x, n, strict=True)]
    return [e[0] for e in ends], [e[1] for e in ends]


def by_group(grouped: pl.DataFrame, k: int = 3, known: pl.DataFrame | None = None) -> pl.DataFrame:
    """Per group column and group (``grouped``: :func:`group_moves`): ``people`` (distinct
    persons), ``sessions``, ``n`` (person-sessions), ``moved_down`` / ``moved_up`` with their
    shares of ``n`` and Wilson 95% intervals (``down_ci95_*``, ``up_ci95_*``). ``known``
    (``group_column, group``) adds the groups with no person in a signed-off session:
    ``estimable`` false, every number null (not 0). ``suppressed``: fewer than ``k`` people,
    every number null. Sorted by group column (:data:`.adverse.GROUP_COLUMNS` first), then
    most moved down first, the groups without a number last."""
    counts = (
        grouped.group_by("group_column", "group")
        .agg(
            people=pl.col("employee_id").n_unique(),
            sessions=pl.col("session_id").n_unique(),
            n=pl.len(),
            moved_down=(pl.col("move_direction") == "down").sum(),
            moved_up=(pl.col("move_direction") == "up").sum(),
        )
        .with_columns(pl.col("people", "sessions", "n", "moved_down", "moved_up").cast(pl.Int64))
    )
    if known is not None and known.height:
        absent = known.select("group_column", "group").join(
            counts.select("group_column", "group"), on=["group_column", "group"], how="anti"
        )
        counts = pl.concat([counts, absent], how="diagonal_relaxed")
    down_lo, down_hi = _wilson_ends(counts["moved_down"].fill_null(0), counts["n"].fill_null(0))
    up_lo, up_hi = _wilson_ends(counts["moved_up"].fill_null(0), counts["n"].fill_null(0))
    out = counts.with_columns(
        moved_down_share=pl.col("moved_down") / pl.col("n"),
        moved_up_share=pl.col("moved_up") / pl.col("n"),
        down_ci95_low=pl.Series(down_lo, dtype=pl.Float64),
        down_ci95_high=pl.Series(down_hi, dtype=pl.Float64),
        up_ci95_low=pl.Series(up_lo, dtype=pl.Float64),
        up_ci95_high=pl.Series(up_hi, dtype=pl.Float64),
        estimable=pl.col("n").fill_null(0) > 0,
    ).with_columns(suppressed=pl.col("estimable") & (pl.col("people") < k))
    numbers = [c for c in GROUP_DRIFT_COLUMNS[2:] if c not in ("estimable", "suppressed")]
    hide = pl.col("suppressed") | ~pl.col("estimable")
    order = {c: i for i, c in enumerate(GROUP_COLUMNS)}  # the known columns first, in order
    column_rank = pl.col("group_column").replace_strict(
        order, default=len(order), return_dtype=pl.Int64
    )
    return (
        out.with_columns(pl.when(hide).then(None).otherwise(pl.col(c)).alias(c) for c in numbers)
        .sort(
            [column_rank, "group_column", "estimable", "suppressed", "moved_down_share", "group"],
            descending=[False, False, True, False, True, False],
            nulls_last=True,
        )
        .select(GROUP_DRIFT_COLUMNS)
    )


def readable_groups(groups: pl.DataFrame, k: int, lang: str) -> pl.DataFrame:
    """:func:`by_group` as people read it: the group column worded (as the adverse-impact
    section words it), the reason a suppressed group shows no number (``privacy``), and
    "cannot be estimated" (``drift_note``) where nobody of the group was in a session."""
    from analytics import text

    named = {
        c: text.render(f"adverse.group.{c}", lang)
        for c in groups["group_column"].unique().to_list()
        if f"adverse.group.{c}" in text.entries()
    }
    return groups.select(
        pl.col("group_column").replace(named),
        *GROUP_DRIFT_COLUMNS[1:-2],
        pl.when(~pl.col("estimable"))
        .then(pl.lit(text.render("cs.drift_not_estimable", lang)))
        .alias("drift_note"),
        pl.when(pl.col("suppressed"))
        .then(text.phrase("suppressed_fewer_than_k", k=k))
        .alias("privacy"),
    )
