"""Calibration sessions, kept in a small DuckDB file of their own beside the dataset's database
(:mod:`analytics.store.calstore`: tables ``CAL_SESSIONS``, ``CAL_GRADES``, ``CAL_AUDIT`` of
:mod:`analytics.schema`); the people, their names and their result rows are read from the
dataset's database, which a session never writes.

Every change goes through one helper, :func:`_change`: under the store's lock (``on_wait`` is
called once when another change must end first), in one transaction, it reads the session as
it is, checks the version the caller decided on (``based_on``, when given), lets a pure function
of :mod:`.moves` decide, and writes the new grades, the session row (its ``version`` one more
per audit row, updated only if it is still the version read) and the audit rows together. A
crash at any point leaves the store as the last confirmed change left it; a refusal
(:class:`~.moves.Refused`) writes nothing. The audit table is only appended to.

Who: a change's author is a :class:`~analytics.auth.roles.Viewer` (the page's signed-in user,
the command line's ``--as``), whose reach must hold the session (:mod:`.reach`: refused
otherwise), or a plain name for a caller that has already decided (the operator's scripts).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from analytics import schema as S
from analytics import text
from analytics.auth.roles import Viewer
from analytics.calibration import moves as M
from analytics.calibration import reach
from analytics.calibration.moves import Move, Refused
from analytics.stats.distributions import DEFAULT_GUIDELINE, dataset_guideline
from analytics.store import access, calstore, db, removal
from analytics.store.settings import read_guideline, recorded_grades

__all__ = [
    "SCOPE_NAMED",
    "Session",
    "apply",
    "create",
    "id_order",
    "list_sessions",
    "load",
    "now",
    "overlapping",
    "reopen",
    "roster_names",
    "scope_people",
    "scope_words",
    "sign_off",
    "split_names",
    "undo",
]


@dataclass(frozen=True)
class Session:
    """One session as stored: its row, one row per person (``CAL_GRADES`` columns plus
    ``name``) and its audit trail (oldest first)."""

    row: dict
    grades: pl.DataFrame
    audit: pl.DataFrame

    @property
    def guideline(self) -> dict[str, float]:
        return json.loads(self.row["guideline"])

    @property
    def grades_allowed(self) -> list[str]:
        return list(self.guideline)


def now() -> datetime:
    """The time a change is recorded with: UTC, to the microsecond, without a zone."""
    return datetime.now(UTC).replace(tzinfo=None)


def _q(table: S.Table) -> str:
    return db.q(table.name)


def scope_people(
    con: duckdb.DuckDBPyConnection,
    cycle: str,
    department: str | None = None,
    people: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The people a session of ``cycle`` covers: those with an outcome or a rating in the
    cycle, in the department subtree (the unit and every path below it) or in the list;
    ``employee_id, name, department, imported`` (the imported grade, null when none)."""
    e, o, r = _q(S.EMPLOYEES), _q(S.OUTCOMES), _q(S.REVIEW_ROWS)
    frame = db.query(
        con,
        f"WITH present AS (SELECT employee_id FROM {o} WHERE cycle_id = $c UNION "
        f"SELECT DISTINCT employee_id FROM {r} WHERE cycle_id = $c) "
        "SELECT p.employee_id, any_value(e.name) AS name, any_value(e.department) AS department, "
        f"any_value(x.grade) AS imported FROM present p LEFT JOIN {e} e USING (employee_id) "
        f"LEFT JOIN {o} x ON x.employee_id = p.employee_id AND x.cycle_id = $c "
        "GROUP BY p.employee_id ORDER BY p.employee_id",
        {"c": cycle},
    )
    frame = frame.with_columns(
        pl.col("employee_id").cast(pl.String),
        pl.col("name").cast(pl.String),
        pl.col("department").cast(pl.String),
        pl.col("imported").cast(pl.String),
    )
    if department:
        frame = frame.filter(
            (pl.col("department") == department)
            | pl.col("department").str.starts_with(department.rstrip("/") + "/")
        )
    if people is not None:
        frame = frame.filter(pl.col("employee_id").is_in(list(people)))
    return frame


def _insert(con: duckdb.DuckDBPyConnection, table: S.Table, frame: pl.DataFrame) -> None:
    if frame.is_empty():
        return
    rows = table.conform(frame)  # noqa: F841 (read by name in the SQL below)
    cols = ", ".join(db.q(c) for c in table.names)
    con.execute(f"INSERT INTO {_q(table)} ({cols}) SELECT {cols} FROM rows")


Author = Viewer | str


def _name(author: Author) -> str:
    return author.user if isinstance(author, Viewer) else author


def _check(author: Author, row: dict, grades: pl.DataFrame) -> None:
    """The author's reach holds the session (a plain name: the caller has decided)."""
    if isinstance(author, Viewer):
        reach.check(author, row, grades.get_column("department").drop_nulls().to_list())


def split_names(text: str) -> list[str]:
    """Participants' names typed in one field: separated by commas (either width), "、",
    semicolons or new lines, never by spaces ("Priya Nair, Daniel Ong (Sales head)" is two
    people, rev30b item 2); each name trimmed, empty ones dropped."""
    return [p.strip() for p in re.split(r"[,，、;；\n]+", text or "") if p.strip()]


def create(
    path: str | Path,
    *,
    cycle: str,
    author: Author,
    department: str | None = None,
    people: Sequence[str] | None = None,
    facilitator: str | None = None,
    participants: Sequence[str] = (),
    guideline: Mapping[str, float] | None = None,
    proposed: pl.DataFrame | None = None,
    dataset: str = "default",
    at: datetime | None = None,
    on_wait: Callable[[], None] | None = None,
    start: str = "what_if",
) -> str:
    """A new session (status ``draft``) of ``cycle`` for a department subtree or a list of
    people; returns its id. Final grades start equal to the proposed ones: the imported grade,
    or ``proposed`` (``employee_id, grade``: the guideline what-if, :func:`.fit.what_if`) when
    given (``start``: ``what_if``, or ``stepwise`` for the step-wise moves, whose ``proposed`` holds
    only the people moved; people it does not rank, without ratings, keep the imported
    grade). ``guideline`` None: the dataset's own (:func:`~analytics.stats.distributions.
    dataset_guideline`; the S-D default where it has none). Refused when nobody is in scope, when an imported grade is not in the guideline
    (the meeting needs a guideline of the company's own grades), or when the scope is not
    within the author's reach (:func:`.reach.check_department`, :func:`.reach.check_people`)."""
    at = at or now()
    who = _name(author)
    con, _ = access.connect_reader(path)
    try:
        cohort = scope_people(con, cycle, department, people)
        if guideline is None:  # the dataset's own (rev23a item 4), S-D's only for S-D grades
            kept, _ = dataset_guideline(read_guideline(con), recorded_grades(con))
            guideline = kept or DEFAULT_GUIDELINE
    finally:
        con.close()
    guideline = dict(guideline)
    if isinstance(author, Viewer) and people is not None:
        reach.check_people(author, people, dict(cohort.select("employee_id", "department").rows()))
    elif isinstance(author, Viewer):
        reach.check_department(author, department)
    if cohort.is_empty():
        raise Refused("empty_scope", cycle=cycle, scope=department or ", ".join(people or ()))
    _check_guideline(cohort, guideline, cycle)
    grades = cohort.with_columns(proposed=pl.col("imported"))
    if proposed is None:
        start = "imported"
    else:
        if proposed.is_empty() and start != "stepwise":  # step-wise: nobody to move is a start
            raise Refused("no_ratings", cycle=cycle)
        grades = (
            grades.drop("proposed")
            .join(
                proposed.select("employee_id", pl.col("grade").alias("proposed")),
                on="employee_id",
                how="left",
            )
            .with_columns(pl.col("proposed").fill_null(pl.col("imported")))
        )
    with calstore.opened(path, on_wait) as con, db.transaction(con):
        (n,) = con.execute(
            f"SELECT coalesce(max(TRY_CAST(session_id AS INTEGER)), 0) + 1 FROM {_q(S.CAL_SESSIONS)}"
        ).fetchone()
        sid = str(n)
        session = {
            "session_id": sid,
            "dataset": dataset,
            "cycle_id": cycle,
            "scope_kind": "people" if people is not None else "department",
            "scope": json.dumps(list(people), ensure_ascii=False)
            if people is not None
            else department or "",
            "facilitator": facilitator or who,
            "participants": json.dumps(list(participants), ensure_ascii=False),
            "guideline": json.dumps(guideline, ensure_ascii=False),
            "start": start,
            "status": "draft",
            "created_by": who,
            "created_at": at,
            "version": 1,
        }
        _insert(con, S.CAL_SESSIONS, pl.DataFrame([session]))
        _insert(
            con,
            S.CAL_GRADES,
            grades.with_columns(
                session_id=pl.lit(sid), final=pl.col("proposed"), version=pl.lit(0, pl.Int64)
            ),
        )
        created = {
            "session_id": sid,
            "seq": 1,
            "change_seq": 1,
            "action": "create",
            "field": M.STATUS,
            "to_value": "draft",
            "author": who,
            "at": at,
        }
        rows = [
            created,
            *(
                {"session_id": sid, "at": at, "change_seq": 1} | r
                for r in _proposals(grades, guideline)
            ),
        ]
        _insert(con, S.CAL_AUDIT, pl.DataFrame(rows))
    return sid


def _check_guideline(cohort: pl.DataFrame, guideline: dict, cycle: str) -> None:
    """Refuse a session whose imported grades the guideline does not name, naming the cycle
    and who holds them (up to five), so a typo is fixed at its source (rev22)."""
    outside = sorted(set(cohort["imported"].drop_nulls().to_list()) - set(guideline))
    if not outside:
        return
    held = cohort.filter(pl.col("imported").is_in(outside)).sort("employee_id")
    people_named = [
        f"{e} {n} ({g})" if n else f"{e} ({g})"
        for e, n, g in held.select("employee_id", "name", "imported").head(5).iter_rows()
    ]
    raise Refused(
        "grades_outside",
        grades=outside,
        allowed=list(guideline),
        cycle=cycle,
        n=held.height,
        people=people_named,
    )


def _proposals(grades: pl.DataFrame, guideline: Mapping[str, float]) -> list[dict]:
    """The audit rows of a what-if start (after the create row, same session and time): one
    ``propose`` per person whose proposed grade differs from the imported one, by the
    what-if, its reason the rule (category ``what_if``, the guideline as text), so that the
    write-back says where every change came from. Not undoable: only ``move`` rows are."""
    rule = ", ".join(f"{g} {share:.0%}" for g, share in guideline.items())
    changed = grades.filter(pl.col("proposed").ne_missing(pl.col("imported")))
    return [
        {
            "seq": 2 + i,
            "employee_id": e,
            "action": "propose",
            "field": M.FINAL,
            "from_value": a,
            "to_value": b,
            "author": M.WHAT_IF,
            "reason_category": M.WHAT_IF,
            "reason_text": rule,
        }
        for i, (e, a, b) in enumerate(changed.select("employee_id", "imported", "proposed").rows())
    ]


def _read(con: duckdb.DuckDBPyConnection, session_id: str) -> Session:
    """The session as the store holds it (``name`` empty: the names are the dataset's)."""
    rows = db.query(
        con, f"SELECT * FROM {_q(S.CAL_SESSIONS)} WHERE session_id = $s", {"s": session_id}
    )
    if rows.is_empty():
        raise Refused("no_session", session=session_id)
    grades = db.query(
        con,
        f"SELECT * FROM {_q(S.CAL_GRADES)} WHERE session_id = $s ORDER BY employee_id",
        {"s": session_id},
    )
    audit = db.query(
        con,
        f"SELECT * FROM {_q(S.CAL_AUDIT)} WHERE session_id = $s ORDER BY seq",
        {"s": session_id},
    )
    grades = S.CAL_GRADES.conform(grades).with_columns(name=pl.lit(None, pl.String))
    return Session(
        S.CAL_SESSIONS.conform(rows).row(0, named=True), grades, S.CAL_AUDIT.conform(audit)
    )


def roster_names(path: str | Path, ids: Sequence[str]) -> pl.DataFrame:
    """``employee_id, name`` of ``ids`` from the dataset's roster (those it knows); read
    once per file and people (:func:`~analytics.store.access.read_once`: every load of a
    session asks, several times a page run)."""

    def read(con) -> pl.DataFrame:
        return db.query(
            con,
            f"SELECT employee_id, any_value(name) AS name FROM {_q(S.EMPLOYEES)} "
            "WHERE list_contains($ids, employee_id) GROUP BY ALL",
            {"ids": list(ids)},
        )

    names = access.read_once(path, ("roster_names", tuple(ids)), read)
    return names.select(pl.col("employee_id").cast(pl.String), pl.col("name").cast(pl.String))


def _with_names(path: str | Path, session: Session) -> Session:
    """The session's people with their names from the dataset's roster."""
    names = roster_names(path, session.grades["employee_id"].to_list())
    grades = session.grades.drop("name").join(names, on="employee_id", how="left")
    return Session(session.row, grades, session.audit)


#: how many people of a list session its scope names (the rest counted)
SCOPE_NAMED = 5


def scope_words(
    kind: str | None,
    scope: str | None,
    lang: str,
    names: Mapping[str, str | None] | None = None,
) -> str:
    """A session's scope as people read it: the department (the whole company when none), or
    for a list of people how many and the first :data:`SCOPE_NAMED` of them, with their names
    from ``names`` (given only where the reader may see names): "12 people: E000001 张伟,
    E000002 王芳, …". Why: ``calibrate list`` printed the stored list as Python wrote it
    (``["E000001", "E000002", ...]``, review of issue 21)."""
    if kind != "people":
        return scope or text.render(f"unit.{S.COMPANY_UNIT}", lang)
    try:
        people = [str(p) for p in json.loads(scope or "[]")]
    except (ValueError, TypeError):
        return scope or ""
    names = names or {}
    shown = [f"{p} {names[p]}" if names.get(p) else p for p in people[:SCOPE_NAMED]]
    if len(people) > SCOPE_NAMED:
        shown.append("…")
    return text.render(
        "calib.scope_people", lang, n=len(people), people=text.join_list(shown, lang)
    )


def load(path: str | Path, session_id: str, viewer: Viewer | None = None) -> Session:
    """The session as last confirmed, with the people's names; ``viewer``: refused
    (:mod:`.reach`) unless the session lies within their reach."""
    with calstore.opened(path) as con:
        session = _read(con, session_id)
    if viewer is not None:
        _check(viewer, session.row, session.grades)
    return _with_names(path, session)


def list_sessions(path: str | Path, viewer: Viewer | None = None) -> pl.DataFrame:
    """Every session (``viewer``: those within their reach; refused for a role that holds no
    meetings), newest first, with its headcount and how many final grades differ from the
    proposed ones (``grades_changed``); ``scope_kind`` and ``session_scope`` as stored (the
    people of a list as JSON: :func:`scope_words` words them)."""
    if viewer is not None and not reach.may_meet(viewer):
        raise Refused("role_no_sessions", user=viewer.user or "-", role=viewer.role)
    s, g = _q(S.CAL_SESSIONS), _q(S.CAL_GRADES)
    with calstore.opened(path) as con:
        frame = db.query(
            con,
            "SELECT s.session_id, s.cycle_id, s.scope_kind, s.scope AS session_scope, "
            "s.facilitator, s.status, s.signed_by, s.signed_at, s.created_by, s.created_at, "
            "s.version, count(g.employee_id) AS headcount, "
            "count(*) FILTER (WHERE g.final IS DISTINCT FROM g.proposed) AS grades_changed, "
            "list(DISTINCT g.department) FILTER (WHERE g.department IS NOT NULL) AS _depts "
            f"FROM {s} s LEFT JOIN {g} g ON g.session_id = s.session_id GROUP BY ALL",
        )
    if viewer is not None and frame.height:
        keep = [
            reach.sees(
                viewer,
                {"scope_kind": r["scope_kind"], "scope": r["session_scope"]},
                r["_depts"] or [],
            )
            for r in frame.iter_rows(named=True)
        ]
        frame = frame.filter(pl.Series(keep, dtype=pl.Boolean))
    return frame.drop("_depts").sort(
        pl.col("session_id").cast(pl.Int64, strict=False), descending=True
    )


def built_on_import(path: str | Path, import_id: str) -> pl.DataFrame:
    """The sessions (:func:`list_sessions` rows) of a cycle that ``import_id`` holds ratings
    or results of: what deleting that import leaves without its data (rev22: the delete
    confirmation did not mention a signed session built on those grades)."""
    con, _ = access.connect_reader(path)
    try:
        cycles = removal.import_cycles(con, import_id)
    finally:
        con.close()
    return list_sessions(path).filter(pl.col("cycle_id").is_in(cycles))


#: what a change decides from the session as stored: the new session row, the new grades
#: (None: unchanged) and the audit rows to append (none: nothing is written)
Decide = Callable[[Session], tuple[dict, pl.DataFrame | None, pl.DataFrame]]


def _change(
    path: str | Path,
    session_id: str,
    author: Author,
    decide: Decide,
    based_on: int | None = None,
    on_wait: Callable[[], None] | None = None,
    guard: Callable[[duckdb.DuckDBPyConnection, Session], None] | None = None,
) -> tuple[Session, pl.DataFrame]:
    """The one way a session changes: under the store's lock, in one transaction, read the
    session, check the author's reach and the version the change was decided on
    (``based_on``: the session's ``version`` the caller saw; else only each person's version,
    in :mod:`.moves`), decide, and write the persons whose version moved, the session row and
    the audit rows. Returns the session as read and the audit rows written."""
    with calstore.opened(path, on_wait) as con, db.transaction(con):
        before = _read(con, session_id)
        _check(author, before.row, before.grades)
        if based_on is not None and based_on != before.row["version"]:
            raise _stale_session(before, based_on)
        if guard is not None:
            guard(con, before)
        row, grades, audit = decide(before)
        if not audit.height:
            return before, audit
        # the rows of this change share its first seq: undo takes a whole save back
        audit = audit.with_columns(change_seq=pl.lit(int(audit["seq"].min()), pl.Int64))
        if grades is not None:
            changed = grades.join(
                before.grades.select("employee_id", pl.col("version").alias("_v")),
                on="employee_id",
            ).filter(pl.col("version") != pl.col("_v"))
            if changed.height:
                upd = changed.select("employee_id", "final", "version")  # noqa: F841 (SQL)
                con.execute(
                    f"UPDATE {_q(S.CAL_GRADES)} g SET final = upd.final, version = upd.version "
                    "FROM upd WHERE g.session_id = $s AND g.employee_id = upd.employee_id",
                    {"s": session_id},
                )
        (updated,) = con.execute(
            f"UPDATE {_q(S.CAL_SESSIONS)} SET status = $status, signed_by = $by, "
            "signed_at = $at, version = version + $n WHERE session_id = $s AND version = $v",
            {
                "status": row["status"],
                "by": row["signed_by"],
                "at": row["signed_at"],
                "n": audit.height,
                "s": session_id,
                "v": before.row["version"],
            },
        ).fetchone()
        if updated != 1:  # not reachable under the lock; a guard should the lock ever fail
            raise _stale_session(before, before.row["version"])
        _insert(con, S.CAL_AUDIT, audit)
    return before, audit


def _overlaps(con: duckdb.DuckDBPyConnection, session_id: str) -> pl.DataFrame:
    """``session_id, status, n``: the other sessions of the same cycle sharing people with
    ``session_id`` (how many), oldest first."""
    return db.query(
        con,
        f"SELECT o.session_id, o.status, count(*) AS n "
        f"FROM {_q(S.CAL_SESSIONS)} me JOIN {_q(S.CAL_GRADES)} mg ON mg.session_id = me.session_id "
        f"JOIN {_q(S.CAL_SESSIONS)} o ON o.cycle_id = me.cycle_id AND o.session_id <> me.session_id "
        f"JOIN {_q(S.CAL_GRADES)} og ON og.session_id = o.session_id "
        "AND og.employee_id = mg.employee_id "
        "WHERE me.session_id = $s GROUP BY o.session_id, o.status "
        "ORDER BY TRY_CAST(o.session_id AS INTEGER), o.session_id",
        {"s": session_id},
    )


def overlapping(path: str | Path, session_id: str) -> pl.DataFrame:
    """The other sessions of the same cycle that share people with ``session_id``
    (``session_id, status, n``): said when a session is created (the page, the CLI), and a
    signed-off one among them blocks this one's sign-off (:func:`sign_off`)."""
    with calstore.opened(path) as con:
        return _overlaps(con, session_id)


def _no_signed_overlap(con: duckdb.DuckDBPyConnection, session: Session) -> None:
    """One signed-off grade per person and cycle: refuse to sign off while another session
    of the cycle holding some of the same people is signed off (reopen that one first)."""
    other = _overlaps(con, session.row["session_id"]).filter(pl.col("status") == "closed")
    if other.height:
        raise Refused(
            "overlap_signed",
            session=session.row["session_id"],
            cycle=session.row["cycle_id"],
            others=other["session_id"].to_list(),
            n=int(other["n"].sum()),
        )


def _stale_session(session: Session, seen: int) -> Refused:
    """A change decided on version ``seen`` of a session changed since: the last change."""
    last = session.audit.sort("seq").row(-1, named=True) if session.audit.height else {}
    return Refused(
        "stale_session",
        session=session.row["session_id"],
        who=last.get("author") or "",
        when=M.when(last.get("at")),
        action=last.get("action") or "",
    )


def _started(row: dict) -> dict:
    return row | {"status": "in_progress"} if row["status"] == "draft" else row


def apply(
    path: str | Path,
    session_id: str,
    changes: Iterable[Move],
    author: Author,
    at: datetime | None = None,
    on_wait: Callable[[], None] | None = None,
) -> tuple[int, int]:
    """Apply moves (all or none, one transaction); returns (changed, unchanged). A draft
    session becomes ``in_progress``. Refusals: :class:`~.moves.Refused`."""
    at, changes, unchanged = at or now(), list(changes), []

    def decide(s: Session):
        grades, audit, same = M.apply_moves(
            s.row, s.grades, s.audit, changes, _name(author), at, s.grades_allowed
        )
        unchanged.append(same)
        return _started(s.row), grades, audit

    _, audit = _change(path, session_id, author, decide, on_wait=on_wait)
    return audit.height, unchanged[-1]


def undo(
    path: str | Path,
    session_id: str,
    author: Author,
    at: datetime | None = None,
    on_wait: Callable[[], None] | None = None,
) -> list[dict]:
    """Take back ``author``'s last change: all the moves saved together with their last
    move still standing (:func:`.moves.undo_last`), in one transaction, audited; returns the
    undo's audit rows (one per move taken back, the latest move first)."""
    at = at or now()

    def decide(s: Session):
        grades, audit = M.undo_last(s.row, s.grades, s.audit, _name(author), at)
        return s.row, grades, audit

    _, audit = _change(path, session_id, author, decide, on_wait=on_wait)
    return audit.rows(named=True)


def sign_off(
    path: str | Path,
    session_id: str,
    author: Author,
    at: datetime | None = None,
    on_wait: Callable[[], None] | None = None,
    based_on: int | None = None,
) -> None:
    """Close the session: signed by ``author`` at ``at`` (audited). ``based_on``: the
    session's version the signer saw; a change made since is refused (``stale_session``).
    Refused (``overlap_signed``) while another signed-off session of the cycle holds some of
    the same people: a person has one signed-off grade per cycle."""
    at = at or now()

    def decide(s: Session):
        row, audit = M.sign_off(s.row, s.audit, _name(author), at)
        return row, None, audit

    _change(
        path,
        session_id,
        author,
        decide,
        based_on=based_on,
        on_wait=on_wait,
        guard=_no_signed_overlap,
    )


def reopen(
    path: str | Path,
    session_id: str,
    author: Author,
    category: str,
    text: str,
    at: datetime | None = None,
    on_wait: Callable[[], None] | None = None,
) -> None:
    """Open a closed session again, with a reason (audited)."""
    at = at or now()

    def decide(s: Session):
        row, audit = M.reopen(s.row, s.audit, _name(author), at, category, text)
        return row, None, audit

    _change(path, session_id, author, decide, on_wait=on_wait)


def writeback_rows(path: str | Path, session: Session) -> pl.DataFrame:
    """The session's people with what the import kept of their result row (``OUTCOMES``: the
    final score as written, the grade, the potential) and the final grade, the change and
    the reason of the decision that stands: the last move not undone, else the what-if's
    proposal (a what-if start, reason category ``what_if``); kept also where the final grade
    came back to the imported one (the decision and its reason are the record). Null where
    nothing was decided."""
    con, _ = access.connect_reader(path)
    try:
        outcomes = db.query(
            con,
            f"SELECT employee_id, cycle_id, final_score_raw, potential FROM {_q(S.OUTCOMES)} "
            "WHERE cycle_id = $c",
            {"c": session.row["cycle_id"]},
        )
    finally:
        con.close()
    outcomes = outcomes.with_columns(pl.all().cast(pl.String))
    audit = session.audit
    undone = set(audit.get_column("undoes").drop_nulls().to_list())
    standing = (
        audit.filter(pl.col("action").is_in(["move", "propose"]) & ~pl.col("seq").is_in(undone))
        .sort("seq")
        .group_by("employee_id")
        .agg(pl.all().last())
        .select(
            "employee_id",
            "reason_category",
            "reason_text",
            pl.col("author").alias("changed_by"),
            pl.col("at").alias("changed_at"),
        )
    )
    g = session.grades
    changed = pl.col("final").ne_missing(pl.col("imported"))
    return (
        g.select("employee_id", "name", "department", "imported", "final")
        .join(outcomes, on="employee_id", how="left")
        .join(standing, on="employee_id", how="left")
        .with_columns(
            cycle_id=pl.lit(session.row["cycle_id"]),
            grade_change=pl.when(changed).then(
                pl.col("imported").fill_null("-") + " → " + pl.col("final").fill_null("-")
            ),
        )
        .select(
            "employee_id",
            "name",
            "department",
            "cycle_id",
            "final_score_raw",
            "potential",
            pl.col("imported").alias("grade"),
            pl.col("final").alias("final_grade"),
            "grade_change",
            "reason_category",
            "reason_text",
            "changed_by",
            "changed_at",
        )
        .sort(*id_order("employee_id"))
    )


def id_order(column: str) -> list[pl.Expr]:
    """Sort keys that order ids as people count them: all-digit ids by their number (1, 2,
    10, 100, not 1, 10, 100, 2), before the others by their text (rev28a item 6)."""
    digits = pl.col(column).str.contains(r"^\d+$").fill_null(False)
    number = pl.when(digits).then(pl.col(column).str.to_integer(strict=False))
    return [~digits, number, pl.col(column).str.len_chars(), pl.col(column)]
