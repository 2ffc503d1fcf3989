"""Appeals (申诉) recorded in the product: an appeal against a person's final grade of a cycle
(date, reason), and later its resolution (outcome, resolver, date, the grade after), each also
an entry of an append-only audit trail (who, when).

Where: a small DuckDB file of its own beside the dataset's database (``data/perflens.duckdb``
-> ``data/perflens.appeals.duckdb``; a named dataset's ``data/datasets/<key>.duckdb`` ->
``<key>.appeals.duckdb``), tables ``APPEAL_RECORDS`` and ``APPEAL_AUDIT`` of
:mod:`analytics.schema`. Why not the dataset's file: every write there copies the whole
database (:mod:`analytics.store.access`, about a second per GB) and replaces it, and an appeal
is a few hundred bytes. Writers take turns under an OS lock (``<file>.lock``) with a
short-lived connection each (a dashboard and a command line both write); readers never create
the file. Mode 0600, as the access log.

Appeals imported from an appeal sheet stay in the dataset's ``appeals`` table (they come and go
with their import); :func:`all_appeals` shows both, each row saying where it comes from.

Who may record or resolve one (:func:`check_may_edit`): ``hr_admin``, and ``hrbp`` or
``dept_head`` for the people inside their subtrees; nobody else. Refusals are
:class:`~analytics.calibration.moves.Refused` (``calib.appeal_*``): nothing is written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl

from analytics import schema as S
from analytics.calibration.moves import Refused
from analytics.findings.visibility import View
from analytics.store import access, datasets, db, sidestore
from analytics.threadsafe import each

__all__ = [
    "EDIT_ROLES",
    "all_appeals",
    "audit",
    "audit_frame",
    "check_may_edit",
    "check_role",
    "final_grade",
    "may_edit",
    "read",
    "record",
    "recorded",
    "resolve",
    "settle",
    "store_path",
    "submit",
]

#: roles that may record and resolve appeals (hrbp and dept_head: inside their reach only)
EDIT_ROLES = ("hr_admin", "hrbp", "dept_head")
_TYPES = {pl.String: "VARCHAR", pl.Date: "DATE", pl.Int64: "BIGINT"}
#: the combined frame's columns (imported and recorded appeals)
COLUMNS = (
    "appeal_source",
    "appeal_id",
    "cycle_id",
    "employee_id",
    "grade_before",
    "filed_at",
    "appeal_reason",
    "outcome",
    "resolver",
    "resolved_at",
    "grade_after",
    "recorded_by",
)


def store_path(dataset_db: str | Path) -> Path:
    """``data/perflens.duckdb`` -> ``data/perflens.appeals.duckdb`` (a sidecar of the dataset:
    moved into its archive folder when the dataset is deleted)."""
    return datasets.sidecar(dataset_db, datasets.APPEALS_SUFFIX)


def _ddl(table: S.Table) -> str:
    cols = ", ".join(
        f"{db.q(c)} {_TYPES.get(t, 'TIMESTAMP' if isinstance(t, pl.Datetime) else 'VARCHAR')}"
        for c, t in table.columns.items()
    )
    return f"CREATE TABLE IF NOT EXISTS {db.q(table.name)} ({cols})"


@contextlib.contextmanager
def _open(dataset_db: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The appeals file under its OS lock (created, mode 0600, when there is none), attached
    to the process's in-memory DuckDB instance (no instance of its own: 20-30 ms of CPU per
    read or change, :mod:`analytics.store.sidestore`)."""
    with sidestore.opened(store_path(dataset_db), attached=True) as con:
        for table in (S.APPEAL_RECORDS, S.APPEAL_AUDIT):
            con.execute(_ddl(table))
        yield con


def _insert(con: duckdb.DuckDBPyConnection, table: S.Table, rows: list[dict]) -> None:
    incoming = table.conform(pl.DataFrame(rows, schema=table.columns))  # noqa: F841 (SQL)
    cols = ", ".join(db.q(c) for c in table.names)
    con.execute(f"INSERT INTO {db.q(table.name)} ({cols}) SELECT {cols} FROM incoming")


def _next_seq(con: duckdb.DuckDBPyConnection) -> int:
    (n,) = con.execute(
        f"SELECT coalesce(max(seq), 0) + 1 FROM {db.q(S.APPEAL_AUDIT.name)}"
    ).fetchone()
    return int(n)


# --- who may ---------------------------------------------------------------------------------
def may_edit(view: View, employee_id: str) -> bool:
    """Whether the viewer may record or resolve ``employee_id``'s appeals."""
    v = view.viewer
    if v.role not in EDIT_ROLES or view.pseudonymised:
        return False
    return v.is_admin or view.sees(employee_id)


def check_role(view: View) -> None:
    """:class:`Refused` ``appeal_read_only`` for a role that only reads appeals (a manager, an
    analyst, a pseudonymised view): said before anything is looked up."""
    v = view.viewer
    if not v.denied and (v.role not in EDIT_ROLES or view.pseudonymised):
        raise Refused("appeal_read_only", who=v.user, role=v.role)


def check_may_edit(view: View, employee_id: str) -> None:
    """:class:`Refused` (``appeal_read_only``, ``appeal_not_allowed``) unless :func:`may_edit`."""
    check_role(view)
    if not may_edit(view, employee_id):
        raise Refused("appeal_not_allowed", who=view.viewer.user, person=employee_id)


# --- on a connection to the appeals file -----------------------------------------------------
def record(
    con: duckdb.DuckDBPyConnection,
    *,
    cycle: str,
    employee_id: str,
    grade: str | None,
    filed_at: date,
    reason: str,
    author: str,
    at: datetime,
    session_id: str | None = None,
) -> str:
    """A new open appeal and its audit row, in one transaction; returns its id (``A<n>``)."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused("appeal_no_reason", person=employee_id)
    if filed_at > at.date():
        raise Refused("appeal_in_future", person=employee_id, day=str(filed_at))
    with db.transaction(con):
        (n,) = con.execute(
            f"SELECT coalesce(max(TRY_CAST(substr(appeal_id, 2) AS INTEGER)), 0) + 1 "
            f"FROM {db.q(S.APPEAL_RECORDS.name)}"
        ).fetchone()
        aid = f"A{n}"
        row = {
            "appeal_id": aid,
            "cycle_id": cycle,
            "employee_id": employee_id,
            "grade_before": grade,
            "session_id": session_id,
            "filed_at": filed_at,
            "reason": reason,
            "recorded_by": author,
            "recorded_at": at,
        }
        _insert(con, S.APPEAL_RECORDS, [row])
        _insert(
            con,
            S.APPEAL_AUDIT,
            [
                {
                    "appeal_id": aid,
                    "seq": _next_seq(con),
                    "employee_id": employee_id,
                    "action": "record",
                    "field": "appeal",
                    "to_value": grade,
                    "author": author,
                    "at": at,
                    "reason_text": reason,
                    "session_id": session_id,
                }
            ],
        )
    return aid


def resolve(
    con: duckdb.DuckDBPyConnection,
    appeal_id: str,
    *,
    outcome: str,
    resolver: str,
    resolved_at: date,
    author: str,
    at: datetime,
    grade_after: str | None = None,
) -> dict:
    """Decide an open appeal: its outcome (``schema.APPEAL_OUTCOMES``), who decided and when,
    and the grade after (the grade before when upheld); audited. Returns the appeal's row.
    Refused for an unknown appeal, one already decided (naming who and when), an unknown
    outcome, a resolution before the appeal, a change without the new grade."""
    if outcome not in S.APPEAL_OUTCOMES:
        raise Refused("appeal_bad_outcome", outcome=outcome, allowed=list(S.APPEAL_OUTCOMES))
    with db.transaction(con):
        rows = db.query(
            con,
            f"SELECT * FROM {db.q(S.APPEAL_RECORDS.name)} WHERE appeal_id = $a",
            {"a": appeal_id},
        )
        if rows.is_empty():
            raise Refused("appeal_unknown", appeal=appeal_id)
        row = S.APPEAL_RECORDS.conform(rows).row(0, named=True)
        if row["outcome"] is not None:
            raise Refused(
                "appeal_decided",
                appeal=appeal_id,
                outcome=row["outcome"],
                who=row["resolver"] or "",
                day=str(row["resolved_at"] or ""),
            )
        if resolved_at < row["filed_at"]:
            raise Refused(
                "appeal_resolved_early",
                appeal=appeal_id,
                day=str(resolved_at),
                filed=str(row["filed_at"]),
            )
        after = row["grade_before"] if outcome == "upheld" else (grade_after or None)
        if outcome != "upheld" and not after:
            raise Refused("appeal_needs_grade", appeal=appeal_id)
        con.execute(
            f"UPDATE {db.q(S.APPEAL_RECORDS.name)} SET outcome = $o, resolver = $r, "
            "resolved_at = $d, grade_after = $g WHERE appeal_id = $a",
            {"o": outcome, "r": resolver, "d": resolved_at, "g": after, "a": appeal_id},
        )
        _insert(
            con,
            S.APPEAL_AUDIT,
            [
                {
                    "appeal_id": appeal_id,
                    "seq": _next_seq(con),
                    "employee_id": row["employee_id"],
                    "action": "resolve",
                    "field": "outcome",
                    "from_value": row["grade_before"],
                    "to_value": after,
                    "author": author,
                    "at": at,
                    "outcome": outcome,
                    "session_id": row["session_id"],
                }
            ],
        )
    return row | {
        "outcome": outcome,
        "resolver": resolver,
        "resolved_at": resolved_at,
        "grade_after": after,
    }


def read(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every recorded appeal, in the order recorded."""
    frame = db.query(con, f"SELECT * FROM {db.q(S.APPEAL_RECORDS.name)}")
    return S.APPEAL_RECORDS.conform(frame).sort(
        pl.col("appeal_id").str.slice(1).cast(pl.Int64, strict=False)
    )


# --- by the dataset's path -------------------------------------------------------------------
def final_grade(con: duckdb.DuckDBPyConnection, cycle: str, employee_id: str) -> str | None:
    """The person's imported grade of ``cycle`` (``outcomes``); :class:`Refused`
    (``appeal_no_grade``) when they have no result row in it."""
    rows = con.execute(
        f"SELECT grade FROM {db.q(S.OUTCOMES.name)} WHERE cycle_id = $c AND employee_id = $e",
        {"c": cycle, "e": employee_id},
    ).fetchall()
    if not rows:
        raise Refused("appeal_no_grade", person=employee_id, cycle=cycle)
    return rows[0][0]


def submit(
    dataset_db: str | Path,
    view: View,
    *,
    cycle: str,
    employee_id: str,
    filed_at: date,
    reason: str,
    at: datetime,
    grade: str | None = None,
    session_id: str | None = None,
) -> str:
    """Record an appeal as ``view``'s viewer: checked against their reach and the person's
    result row of ``cycle`` (the grade appealed: ``grade``, e.g. a session's final grade, else
    the imported one)."""
    check_may_edit(view, employee_id)
    con, _ = access.connect_reader(dataset_db)
    try:
        imported = final_grade(con, cycle, employee_id)
    finally:
        con.close()
    with _open(dataset_db) as store:
        return record(
            store,
            cycle=cycle,
            employee_id=employee_id,
            grade=grade or imported,
            filed_at=filed_at,
            reason=reason,
            author=view.viewer.user,
            at=at,
            session_id=session_id,
        )


def settle(
    dataset_db: str | Path,
    view: View,
    appeal_id: str,
    *,
    outcome: str,
    resolved_at: date,
    at: datetime,
    resolver: str | None = None,
    grade_after: str | None = None,
) -> dict:
    """Resolve a recorded appeal as ``view``'s viewer (the resolver defaults to them)."""
    check_role(view)
    with _open(dataset_db) as store:
        found = db.query(
            store,
            f"SELECT employee_id FROM {db.q(S.APPEAL_RECORDS.name)} WHERE appeal_id = $a",
            {"a": appeal_id},
        )
        if found.is_empty():
            raise Refused("appeal_unknown", appeal=appeal_id)
        check_may_edit(view, found["employee_id"][0])
        return resolve(
            store,
            appeal_id,
            outcome=outcome,
            resolver=(resolver or "").strip() or view.viewer.user,
            resolved_at=resolved_at,
            author=view.viewer.user,
            at=at,
            grade_after=grade_after,
        )


def recorded(dataset_db: str | Path) -> pl.DataFrame:
    """Every appeal recorded for the dataset (none when nothing was recorded: the file is not
    created by reading)."""
    if not store_path(dataset_db).exists():
        return S.APPEAL_RECORDS.empty()
    with _open(dataset_db) as con:
        return read(con)


def audit(dataset_db: str | Path) -> pl.DataFrame:
    """The appeals' audit trail, oldest first."""
    if not store_path(dataset_db).exists():
        return S.APPEAL_AUDIT.empty()
    with _open(dataset_db) as con:
        frame = db.query(con, f"SELECT * FROM {db.q(S.APPEAL_AUDIT.name)} ORDER BY seq")
    return S.APPEAL_AUDIT.conform(frame)


def audit_frame(trail: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The audit trail as people read it: the action worded, the time to the second in the
    zone the screen says times in, with its offset (:func:`~analytics.text.render.iso_when`:
    "2026-12-05 23:02:28+08:00", as the meeting's audit says it; it said the stored UTC time
    without a zone, left30 item 4)."""
    from analytics.text.render import iso_when, render

    words = {a: render(f"appeal_action.{a}", lang) for a in ("record", "resolve")}
    return trail.select(
        pl.col("seq").alias("audit_seq"),
        "appeal_id",
        pl.col("action").replace_strict(words, default=None).alias("audit_action"),
        "employee_id",
        "from_value",
        "to_value",
        "outcome",
        "reason_text",
        pl.col("author").alias("changed_by"),
        each(trail["at"], iso_when, pl.String).alias("changed_at"),
        "session_id",
    )


def all_appeals(
    con: duckdb.DuckDBPyConnection, dataset_db: str | Path, view: View | None = None
) -> pl.DataFrame:
    """The dataset's appeals, imported (``appeals`` of ``con``) and recorded, as one frame of
    :data:`COLUMNS` (``appeal_source``: ``imported`` | ``recorded``), as ``view`` may see them
    (rows of people outside the reach dropped; the reason left out when pseudonymised)."""
    imported = S.APPEALS.conform(db.query(con, f"SELECT * FROM {db.q(S.APPEALS.name)}"))
    mine = recorded(dataset_db)

    def shown(frame: pl.DataFrame, source: str) -> pl.DataFrame:
        own = {"appeal_source": pl.lit(source), "appeal_reason": pl.col("reason")}
        return frame.select(
            own.get(c, pl.col(c) if c in frame.columns else pl.lit(None, pl.String)).alias(c)
            for c in COLUMNS
        )

    frames = [shown(imported, "imported"), shown(mine, "recorded")]
    out = pl.concat(frames).sort("filed_at", "employee_id", nulls_last=True)
    return out if view is None else view.frame(out)
