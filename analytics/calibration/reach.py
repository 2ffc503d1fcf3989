"""Whose calibration sessions: a session is opened, listed, changed or exported only by a viewer
whose reach holds all of it.

- ``hr_admin``: every session.
- ``hrbp`` and ``dept_head``: the sessions whose scope lies inside their department subtrees
  (a department session: the department is one of the subtrees or below one; a session of a
  list of people: every person's department, as stored in the session, is inside). They create
  sessions only there; a list holding ids not found or outside is refused naming those ids, as
  one, and no department (:func:`check_people`).
- ``manager``, ``analyst`` and a user without a role: none. A manager's reach is their own
  team, too small a unit for a meeting that compares teams; an analyst sees people only under
  keyed-hash ids, and a meeting's grade table, reasons and write-back file are about named
  people, so a pseudonymised read-only session would show nothing the analyst's other pages do
  not show better (the distributions and the guideline fit, as aggregates). Both are refused
  with a message, and the meeting page is not offered to them.

Everything that reads or changes a session goes through :func:`check` (``sessions.load``,
``list_sessions`` filters with :func:`sees`), so the page, a crafted ``?session=`` address and
the command line's ``calibrate --as USER`` meet the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from analytics.auth.roles import Viewer
from analytics.calibration.moves import Refused

__all__ = [
    "MEETING_ROLES",
    "check",
    "check_department",
    "check_people",
    "department_paths",
    "inside",
    "may_meet",
    "sees",
]

#: the roles that hold calibration meetings (the page is offered to them)
MEETING_ROLES: tuple[str, ...] = ("hr_admin", "hrbp", "dept_head")


def inside(department: str | None, subtrees: Iterable[str]) -> bool:
    """``department`` is one of ``subtrees`` or below one (``研发中心/平台`` is inside
    ``研发中心``, ``研发中心X`` is not)."""
    if not department:
        return False
    return any(department == d or department.startswith(d.rstrip("/") + "/") for d in subtrees)


def department_paths(departments: Iterable[str | None]) -> set[str]:
    """Every department a role may name: each roster department and every subtree above it
    (``研发中心/平台`` gives ``研发中心`` and ``研发中心/平台``)."""
    out: set[str] = set()
    for d in departments:
        parts = (d or "").strip("/").split("/")
        out.update("/".join(parts[: i + 1]) for i in range(len(parts)) if parts[0])
    return out


def may_meet(viewer: Viewer) -> bool:
    """Whether the viewer's role takes part in calibration sessions at all."""
    return not viewer.denied and viewer.role in MEETING_ROLES


def _role(viewer: Viewer) -> None:
    if not may_meet(viewer):
        raise Refused("role_no_sessions", user=viewer.user or "-", role=viewer.role)


def check_department(viewer: Viewer, department: str | None) -> None:
    """A new session of ``department`` is within the reach: else :class:`Refused`
    ``scope_outside``, naming it (a list of people: :func:`check_people`)."""
    _role(viewer)
    if viewer.is_admin:
        return
    if not department or not inside(department, viewer.departments):
        raise Refused("scope_outside", scope=department or "-", reach=list(viewer.departments))


def check_people(
    viewer: Viewer, people: Iterable[str], departments: Mapping[str, str | None]
) -> None:
    """A new session of a list of ``people`` (``departments``: each person found and their
    department) is within the reach: else :class:`Refused` ``people_outside``, saying which
    of the listed ids were not found or lie outside it, as one, and naming no department
    (rev33b #1: "Customer Success, G&A lies outside your reach" mapped any id typed to its
    department; the person page says "not found or not in your scope" in the same way)."""
    _role(viewer)
    if viewer.is_admin:
        return
    listed = list(dict.fromkeys(people))
    outside = [p for p in listed if not inside(departments.get(p), viewer.departments)]
    if outside or not listed:
        raise Refused("people_outside", n=len(outside), ids=", ".join(outside) or "-")


def sees(viewer: Viewer, row: dict, departments: Iterable[str]) -> bool:
    """Whether the session (its stored ``row`` and its people's ``departments``) lies within
    the viewer's reach."""
    if not may_meet(viewer):
        return False
    if viewer.is_admin:
        return True
    if row["scope_kind"] == "department":
        return inside(row["scope"], viewer.departments)
    depts = list(departments)
    return bool(depts) and all(inside(d, viewer.departments) for d in depts)


def check(viewer: Viewer, row: dict, departments: Iterable[str]) -> None:
    """:class:`Refused` ``session_outside`` unless :func:`sees` (``role_no_sessions`` for a
    role that holds no meetings)."""
    _role(viewer)
    if not sees(viewer, row, departments):
        raise Refused("session_outside", session=row["session_id"], reach=list(viewer.departments))
