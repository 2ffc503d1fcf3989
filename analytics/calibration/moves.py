"""What a calibration session may change, as pure functions of its frames: moves with a
reason, undo of one's own last change (a whole save), sign-off and reopening. Each returns the
new frames and the audit rows to append; nothing here reads or writes a database
(:mod:`.sessions` does).

Optimistic concurrency: every person's row carries ``version`` (how many times their final
grade changed in the session). A move names the version it was made from (``based_on``); when
someone else changed the person since, the move is refused with :class:`Refused`
(``calib.stale``) naming the person and that other change (who, when, from, to).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from analytics import schema as S
from analytics.auth.roles import user_words
from analytics.text.render import iso_when, render

__all__ = [
    "ACTIONS",
    "REASON_CATEGORIES",
    "STATUSES",
    "WHAT_IF",
    "Move",
    "Refused",
    "apply_moves",
    "reopen",
    "sign_off",
    "undo_last",
    "when",
]

#: why a grade moved (catalogue family ``calib.reason``)
REASON_CATEGORIES: tuple[str, ...] = ("kpi_evidence", "rater_effect", "peer_evidence", "other")
#: a session's status (catalogue family ``calib.status``)
STATUSES: tuple[str, ...] = ("draft", "in_progress", "closed")
#: what an audit row records (catalogue family ``calib.action``)
ACTIONS: tuple[str, ...] = ("create", "propose", "move", "undo", "signoff", "reopen")
#: the author and reason category of a grade the what-if proposed at creation (``propose``)
WHAT_IF = "what_if"
FINAL = "final_grade"
STATUS = "status"


class Refused(Exception):
    """A change the session does not take: a code of the ``calib.`` catalogue family and its
    parameters, worded in the user's language by :meth:`message`. Nothing was written."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(render(f"calib.{code}", "en", **params))

    def message(self, lang: str) -> str:
        """The refusal in ``lang``; the user it names (``who``) as the rest of the screen
        names them: the local administrator as "本机管理员" / "local administrator", never
        its key ``local-admin`` (a red "local-admin 在本次校准会中没有可撤销的调整。")."""
        params = self.params
        if isinstance(params.get("who"), str) and params["who"]:
            params = params | {"who": user_words(params["who"], lang)}
        return render(f"calib.{self.code}", lang, **params)


@dataclass(frozen=True)
class Move:
    """One person's new final grade, why, and the person's ``version`` it was decided on."""

    employee_id: str
    grade: str
    category: str
    text: str
    based_on: int


def _audit_rows(rows: list[dict]) -> pl.DataFrame:
    return (
        S.CAL_AUDIT.conform(pl.DataFrame(rows, schema=S.CAL_AUDIT.columns))
        if rows
        else (S.CAL_AUDIT.empty())
    )


def _next_seq(audit: pl.DataFrame) -> int:
    return int(audit.get_column("seq").max() or 0) + 1 if audit.height else 1


def _last_change(audit: pl.DataFrame, employee_id: str) -> dict | None:
    rows = audit.filter(
        (pl.col("employee_id") == employee_id) & pl.col("action").is_in(["move", "undo"])
    ).sort("seq")
    return rows.row(-1, named=True) if rows.height else None


def _stale(audit: pl.DataFrame, employee_id: str) -> Refused:
    other = _last_change(audit, employee_id) or {}
    return Refused(
        "stale",
        person=employee_id,
        who=other.get("author") or "",
        when=when(other.get("at")),
        before=other.get("from_value") or "-",
        after=other.get("to_value") or "-",
    )


def when(at: datetime | None) -> str:
    """A change's time as messages show it: stored in UTC without a zone, said in the zone the
    screen says times in, with its offset (:func:`~analytics.text.render.iso_when`, left30
    item 4)."""
    return (iso_when(at) or "") if at else ""


def _open(session: dict) -> None:
    if session["status"] == "closed":
        raise Refused("closed", session=session["session_id"], who=session["signed_by"] or "")


def _reason(category: str | None, text: str, person: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Refused("no_reason", person=person)
    if not category:  # nothing chosen: no category is preselected (rev30b item 7)
        raise Refused("no_category", person=person)
    if category not in REASON_CATEGORIES:
        raise Refused(
            "bad_category", person=person, category=category, allowed=list(REASON_CATEGORIES)
        )
    return text


def apply_moves(
    session: dict,
    grades: pl.DataFrame,
    audit: pl.DataFrame,
    moves: Iterable[Move],
    author: str,
    at: datetime,
    allowed: Sequence[str],
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """The session's grades after ``moves`` (all or none: the first refusal raises), the audit
    rows they add, and how many moves changed nothing (the final grade was already that one:
    not audited). Every move needs a category of :data:`REASON_CATEGORIES` and a text; its
    grade must be one of ``allowed`` (the guideline's); its ``based_on`` must be the person's
    current version, else :class:`Refused` ``stale`` names the change made meanwhile."""
    _open(session)
    current = {r["employee_id"]: r for r in grades.iter_rows(named=True)}
    seq = _next_seq(audit)
    rows: list[dict] = []
    unchanged = 0
    for m in moves:
        person = current.get(m.employee_id)
        if person is None:
            raise Refused("not_in_session", person=m.employee_id, session=session["session_id"])
        if m.grade not in allowed:
            raise Refused("bad_grade", person=m.employee_id, grade=m.grade, allowed=list(allowed))
        text = _reason(m.category, m.text, m.employee_id)
        if m.based_on != person["version"]:
            raise _stale(audit, m.employee_id)
        if m.grade == person["final"]:
            unchanged += 1
            continue
        rows.append(
            {
                "session_id": session["session_id"],
                "seq": seq,
                "employee_id": m.employee_id,
                "action": "move",
                "field": FINAL,
                "from_value": person["final"],
                "to_value": m.grade,
                "author": author,
                "at": at,
                "reason_category": m.category,
                "reason_text": text,
            }
        )
        seq += 1
        current[m.employee_id] = person | {"final": m.grade, "version": person["version"] + 1}
    new = pl.DataFrame(list(current.values()), schema=grades.schema) if current else grades
    return new, _audit_rows(rows), unchanged


def _change() -> pl.Expr:
    """The change a row was saved with: ``change_seq`` (the first seq of its save), its own
    seq where none was written (a row an earlier version appended after the store's fill)."""
    return pl.col("change_seq").fill_null(pl.col("seq"))


def undo_last(
    session: dict, grades: pl.DataFrame, audit: pl.DataFrame, author: str, at: datetime
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Take back ``author``'s last change: every move of the last save (``change_seq``) that
    holds a move of theirs not yet taken back (two people moved at once are undone at once,
    not one at a time): each person's final grade returns to what it was before the save,
    one ``undo`` row per move (``undoes`` = the move's seq), all or none. Refused when the
    author has nothing to undo (``nothing_to_undo``) or someone changed one of those people
    since (``stale``: undo would overwrite their change)."""
    _open(session)
    undone = set(audit.get_column("undoes").drop_nulls().to_list())
    mine = audit.filter(
        (pl.col("author") == author) & (pl.col("action") == "move") & ~pl.col("seq").is_in(undone)
    ).with_columns(_change=_change())
    if not mine.height:
        raise Refused("nothing_to_undo", who=author)
    last = mine.sort("seq").row(-1, named=True)["_change"]
    # the latest first: a person moved twice in one save is taken back through both
    taken = mine.filter(pl.col("_change") == last).sort("seq", descending=True).rows(named=True)
    back: dict[str, str | None] = {}
    for move in taken:
        person = move["employee_id"]
        if person not in back:  # their latest move of the save must be their latest change
            latest = _last_change(audit, person)
            if latest is None or latest["seq"] != move["seq"]:
                raise _stale(audit, person)
        back[person] = move["from_value"]  # ends as the grade before their first move
    seq = _next_seq(audit)
    rows = [
        {
            "session_id": session["session_id"],
            "seq": seq + i,
            "employee_id": move["employee_id"],
            "action": "undo",
            "field": FINAL,
            "from_value": move["to_value"],
            "to_value": move["from_value"],
            "author": author,
            "at": at,
            "reason_category": move["reason_category"],
            "reason_text": move["reason_text"],
            "undoes": move["seq"],
        }
        for i, move in enumerate(taken)
    ]
    frame = pl.DataFrame(
        {"employee_id": list(back), "_back": list(back.values())},
        schema={"employee_id": pl.String, "_back": pl.String},
    )
    hit = pl.col("employee_id").is_in(list(back))
    new = (
        grades.join(frame, on="employee_id", how="left", maintain_order="left")
        .with_columns(
            final=pl.when(hit).then(pl.col("_back")).otherwise(pl.col("final")),
            version=pl.col("version") + hit.cast(pl.Int64),
        )
        .drop("_back")
    )
    return new, _audit_rows(rows)


def sign_off(
    session: dict, audit: pl.DataFrame, author: str, at: datetime
) -> tuple[dict, pl.DataFrame]:
    """The session closed by ``author`` at ``at``: the new session row and its audit row."""
    _open(session)
    row = _status_row(session, audit, "signoff", "closed", author, at, None, None)
    return session | {"status": "closed", "signed_by": author, "signed_at": at}, row


def reopen(
    session: dict, audit: pl.DataFrame, author: str, at: datetime, category: str, text: str
) -> tuple[dict, pl.DataFrame]:
    """A closed session opened again (a reason is required, as for a move); the sign-off stays
    in the audit trail, the session's ``signed_by`` / ``signed_at`` are cleared."""
    if session["status"] != "closed":
        raise Refused("not_closed", session=session["session_id"])
    if not (text or "").strip():  # not "#1: every change needs a reason" (rev32b item 7)
        raise Refused("reopen_no_reason", session=session["session_id"])
    text = _reason(category, text, f"#{session['session_id']}")
    row = _status_row(session, audit, "reopen", "in_progress", author, at, category, text)
    return session | {"status": "in_progress", "signed_by": None, "signed_at": None}, row


def _status_row(session, audit, action, to, author, at, category, text) -> pl.DataFrame:
    return _audit_rows(
        [
            {
                "session_id": session["session_id"],
                "seq": _next_seq(audit),
                "action": action,
                "field": STATUS,
                "from_value": session["status"],
                "to_value": to,
                "author": author,
                "at": at,
                "reason_category": category,
                "reason_text": text,
            }
        ]
    )
