"""A person's grades as the signed-off calibration sessions decided them: what the person page
shows beside the imported grade (rev32b item 2: 1007 Andrew Lewis, moved Exceeds → Meets in a
signed-off session, still read "Exceeds" with Calibrated "—" on his page)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from analytics import schema as S
from analytics.auth.roles import user_words
from analytics.store import calstore, db
from analytics.text.render import format_when
from analytics.threadsafe import each

__all__ = ["SIGNED_COLUMNS", "latest_signed", "signed_grades", "with_signed_grades", "worded"]

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


def latest_signed(con: duckdb.DuckDBPyConnection, employee_id: str | None = None) -> pl.DataFrame:
    """Each person's grade per cycle from the latest signed-off session holding them (ties on
    ``signed_at``: the later session number): ``session_id, cycle_id, employee_id, department,
    proposed, final, signed_by, signed_at``, of ``employee_id`` alone when given, in a fixed
    row order. ``con``: the sessions' store (:func:`analytics.store.calstore.opened`). The one
    reading of what the meetings decided, for the person page and the drift of moves."""
    alone = "AND g.employee_id = $e " if employee_id is not None else ""
    return db.query(
        con,
        f"SELECT g.session_id, s.cycle_id, g.employee_id, g.department, g.proposed, g.final, "
        f"s.signed_by, s.signed_at "
        f"FROM {db.q(S.CAL_GRADES.name)} g JOIN {db.q(S.CAL_SESSIONS.name)} s "
        f"USING (session_id) WHERE s.status = 'closed' {alone}"
        # each person-cycle once: the latest signed-off session (older data may hold more)
        "QUALIFY row_number() OVER (PARTITION BY s.cycle_id, g.employee_id "
        "ORDER BY s.signed_at DESC, TRY_CAST(s.session_id AS INTEGER) DESC) = 1 "
        # a fixed row order: a window's rows come back in the order its threads finish
        "ORDER BY s.cycle_id, g.employee_id",
        {"e": str(employee_id)} if employee_id is not None else None,
    )


def signed_grades(path: str | Path, employee_id: str) -> pl.DataFrame:
    """``cycle_id, final_grade, session_id, signed_by, signed_at`` of ``employee_id``: per
    cycle, the grade of the latest signed-off session holding them (:func:`latest_signed`).
    No sessions' store: none (it is not created for a read)."""
    if not calstore.store_path(path).exists():
        return _empty()
    with calstore.opened(path) as con:
        out = latest_signed(con, employee_id)
    if not out.height:
        return _empty()
    return out.select(
        pl.col("cycle_id").cast(pl.String),
        pl.col("final").alias("final_grade"),
        pl.col("session_id").cast(pl.String),
        "signed_by",
        "signed_at",
    )


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


def worded(outcomes: pl.DataFrame, lang: str) -> pl.DataFrame:
    """``outcomes`` (:func:`with_signed_grades`) as the person page shows them and its CSV
    writes them: the signer as the meeting names them ("本机管理员" / "local administrator",
    not the key ``local-admin``) and the sign-off time as the meeting's record and audit say
    it ("2026年12月6日 17:59（UTC）"), not "2026-12-06T17:59:18.193149" without a zone (rev33a
    finding 5, rev33b nit 6). Unchanged without those columns."""
    out = []
    if "signed_by" in outcomes.columns:
        out.append(each(outcomes["signed_by"], lambda v: user_words(v, lang), pl.String))
    if "signed_at" in outcomes.columns:
        at = outcomes["signed_at"]
        if at.dtype == pl.Datetime and at.dtype.time_zone is None:  # stored in UTC
            at = at.dt.replace_time_zone("UTC")
        out.append(each(at, lambda v: format_when(v, lang), pl.String))
    return outcomes.with_columns(out)
