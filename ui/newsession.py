"""The session page's "new session" form (pages/meeting.py): cycle, scope (a department and
everything below it, or a list of people), facilitator, participants, the start (imported
grades or the what-if) and the guideline: what ``calibrate create`` takes, in the page; and
the open session's people line (facilitator, participants, start, guideline)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import streamlit as st

from analytics.auth.roles import Viewer, user_from_words, user_words
from analytics.calibration import sessions
from analytics.calibration.fit import guideline_text, parse_guideline, start_counts
from analytics.calibration.moves import Refused
from analytics.calibration.sessions import Session
from analytics.calibration.start import STARTS, guideline_start
from ui import cache
from ui import guideline as dataset_guideline
from ui.i18n import choose, get_lang, t
from ui.state import current_scope

__all__ = ["form", "none_yet", "people_line", "refusal", "split_list"]


def split_list(text: str) -> list[str]:
    """Names or ids separated by commas (either width), semicolons, spaces or new lines."""
    return [p for p in re.split(r"[,，;；\s]+", text) if p]


def form(path: str, who: Viewer, options: dict, waiting: Callable[[], None], open_: bool) -> None:
    """The form; a created session becomes the open one, a refusal is kept for the page to
    show (``cs_error``). Choices are worded in the language of this run (``lang``, bound in
    their ``format_func``)."""
    lang = get_lang()
    # keyed (a notice above must not collapse the form); the key names whether the page opens
    # it, so it still opens when the page asks
    with st.expander(t("cs.new"), expanded=open_, key=f"cs_new_{open_}"):
        c1, c2 = st.columns(2)
        cycles = options["cycles"][::-1]
        scope = current_scope()  # the sidebar's cycle and department start the form (rev28a)
        cycle = c1.selectbox(
            t("cs.cycle"),
            cycles,
            index=_at(cycles, scope.cycles[-1] if scope.cycles else None),
            key="cs_cycle",
            placeholder=choose(cycles),
        )
        kind = c2.radio(
            t("cs.scope_kind"),
            ("department", "people"),
            format_func=lambda v: t(f"cs.scope_kind.{v}", lang),
            horizontal=True,
            key="cs_scope_kind",
        )
        dept, people = None, None
        if kind == "department":
            depts = options["departments"]
            dept = st.selectbox(
                t("cs.department"),
                depts,
                index=_at(depts, scope.department),
                key="cs_dept",
                placeholder=choose(depts),
            )
        else:
            people = split_list(st.text_area(t("cs.people"), key="cs_people"))
        c3, c4 = st.columns(2)
        # prefilled with the user as the sidebar names them (not the key "local-admin")
        facilitator = c3.text_input(
            t("cs.facilitator"), user_words(who.user, lang) or "", key="cs_facilitator"
        )
        participants = sessions.split_names(
            c4.text_input(t("cs.participants"), key="cs_participants")
        )
        c5, c6 = st.columns(2)
        start = c5.radio(
            t("cs.start"),
            ("imported", *STARTS),
            format_func=lambda v: t(f"calib.start.{v}", lang),
            key="cs_start",
        )
        c5.caption(t("cs.start_note"))  # the re-grading against the step-wise moves (s44 A 5)
        # the dataset's own guideline, in percentages (rev23a item 4; the fractions of rev19d
        # "S=0.1,A=0.2,…" are still read), or its grades with the shares to fill in
        value, hint = dataset_guideline.start_text(cache.version())
        guideline_text = c6.text_input(t("cs.guideline"), value, key="cs_gl", placeholder=hint)
        if st.button(t("cs.create"), key="cs_create"):
            try:
                guideline = parse_guideline(guideline_text, _grades())
                proposed = None
                if start in STARTS:
                    proposed = guideline_start(path, cycle, dept, people, guideline, start)
                sid = sessions.create(
                    path,
                    cycle=cycle,
                    department=dept,
                    people=people,
                    facilitator=user_from_words(facilitator) or None,
                    participants=participants,
                    guideline=guideline,
                    proposed=proposed,
                    author=who,
                    on_wait=waiting,
                    start=start,
                )
                st.session_state["cs_open"] = sid
            except Refused as exc:
                st.session_state["cs_error"] = refusal(exc, lang)
            st.rerun()


def none_yet() -> str:
    """ "No session yet: create one ... above", for the scope the form has chosen: a department,
    or a list of people (it said "for a department" whatever was chosen)."""
    people = st.session_state.get("cs_scope_kind") == "people"
    return t("cs.none_people" if people else "cs.none")


#: a refusal of the viewer's reach -> what it refused (``ui.audit.refused``) and its parameter
_OUTSIDE = {"people_outside": ("people", "ids"), "scope_outside": ("department", "scope")}


def refusal(exc: Refused, lang: str) -> str:
    """A refused new session in words; one outside the viewer's reach (people or a department
    they may not see) is logged and says whom to ask, as every refusal of scope does."""
    if exc.code not in _OUTSIDE:
        return exc.message(lang)
    from ui import audit

    what, param = _OUTSIDE[exc.code]
    audit.refused(what, str(exc.params[param]))
    return audit.asking(exc.message(lang))


def _at(choices: list[str], chosen: str | None) -> int:
    """The place of the sidebar's choice among the form's, else the first."""
    return choices.index(chosen) if chosen in choices else 0


def _grades() -> list[str]:
    """The dataset's grades, best first (a refused guideline's example is written in them)."""
    guideline, grades = dataset_guideline.current(cache.version())
    return list(guideline or grades)


def people_line(session: Session) -> str:
    """Facilitator, participants, start and guideline of the open session, in words; for a
    start from the guideline, how many grades it changed beside the fewest moves that reach the
    guideline (the packet's "people to move"): s44 A 5, "需调整 50 人" in the packet and 112
    grades changed by the ranking start, with nothing saying why."""
    row = session.row
    names = json.loads(row["participants"] or "[]")
    line = t(
        "cs.people_line",
        facilitator=user_words(row["facilitator"], get_lang()) or "-",
        participants=("、" if get_lang() == "zh" else ", ").join(names) or "-",
        start=t(f"calib.start.{row['start']}"),
        guideline=guideline_text(session.guideline),
    )
    if row["start"] not in STARTS:
        return line
    changed, fewest = start_counts(session.grades, session.guideline)
    return f"{line}\n\n{t('cs.start_summary', changed=changed, fewest=fewest)}"
