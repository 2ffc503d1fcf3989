"""Glue of the calibration session page (pages/meeting.py): who is making the change, the
session picker (``?session=``), the versions a person's grade was seen at (optimistic
concurrency), the adjusted scores of the session's scope (cached per data version), the bonus
tables and the what-if's close calls (cached per session version and parameters), the
person's evidence panel, the charts' frames; and the drift section of the rater page."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import streamlit as st

from analytics.auth.roles import Viewer
from analytics.calibration import bonus, drift, evidence, fit, sessions
from analytics.calibration.moves import Move, Refused
from analytics.calibration.sessions import Session
from analytics.export import figures
from analytics.findings.units import Unit
from analytics.store import access, calstore
from analytics.text import render_column
from analytics.threadsafe import each
from ui import cache, charts
from ui.auth import current_viewer
from ui.datasets import listing
from ui.i18n import choose, get_lang, t

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = [
    "adjusted",
    "author",
    "bonus_tables",
    "close_calls",
    "confirm",
    "dataset_name",
    "download_name",
    "drift_later",
    "drift_section",
    "editor_key",
    "evidence_panel",
    "fit_frame",
    "how_close",
    "move_form",
    "overlap_note",
    "pending_moves",
    "people_key",
    "pick_session",
    "reason_category",
    "seen_versions",
]

#: the address's parameter naming the open session (a copied link opens the same session)
SESSION_PARAM = "session"
#: session-state key: the words of the session the picker showed last (see pick_session)
_PICKER_WORDS = "cs_open_words"


def reason_category(where, key: str, lang: str) -> str | None:
    """The reason-category select box of a move (the move form) and of the pending moves
    (the meeting page), in ``where`` (a column or form): one box, worded alike in both."""
    from analytics.calibration.moves import REASON_CATEGORIES

    return where.selectbox(
        t("cs.category"),
        REASON_CATEGORIES,
        index=None,  # the user chooses: a preselected "KPI evidence" was recorded unchosen
        key=key,
        format_func=lambda c: t(f"calib.reason.{c}", lang),
        placeholder=choose(),
    )


def author() -> Viewer:
    """Who is making the change: the signed-in viewer (the local administrator when no
    sign-in is configured); the sessions layer checks their reach."""
    return current_viewer()


def refuse_unreachable(ids: list[str], path: str, who: Viewer, lang: str) -> None:
    """A session asked for by the address (``?session=``) that is not one of ``ids`` (another
    department's, or none) is refused in words, naming why
    (:func:`analytics.calibration.sessions.load` decides), and logged as refused: the same for
    every role, also for one with no session of its own yet."""
    wanted = st.query_params.get(SESSION_PARAM)
    if not wanted or wanted in ids or st.session_state.get("cs_open") is not None:
        return
    try:
        sessions.load(path, wanted, who)
    except Refused as exc:
        from ui import audit

        audit.refuse("session", wanted, exc.message(lang), say=st.error)


def pick_session(ids: list[str], labels: dict[str, str], path: str, who: Viewer, lang: str) -> str:
    """The session picker (``ids``: the sessions within the viewer's reach, newest first),
    kept in the address as ``?session=``; one out of reach opens the newest (after
    :func:`refuse_unreachable` said why)."""
    wanted = st.query_params.get(SESSION_PARAM)
    chosen = st.session_state.get("cs_open")
    if chosen not in ids:  # the first visit (?session= or the newest), or a session gone
        st.session_state["cs_open"] = wanted if wanted in ids else ids[0]
    elif labels.get(chosen) != st.session_state.get(_PICKER_WORDS):
        # Set again, so the browser is sent the option's current words: it keeps the words it
        # was sent ("#1 … （草稿）") and showed them after the first move made the session
        # 进行中, under "当前状态：进行中" (rev21 item 8); the option list itself is fresh.
        st.session_state["cs_open"] = chosen
    sid = st.selectbox(
        t("cs.open"), ids, format_func=labels.get, key="cs_open", placeholder=choose(ids)
    )
    st.session_state[_PICKER_WORDS] = labels.get(sid)
    if sid != wanted:
        st.query_params[SESSION_PARAM] = sid
    return sid


def confirm(moves: list[Move], grades: pl.DataFrame, key: str) -> Callable[[], None]:
    """What a save calls once it is stored: the confirmation naming each change ("王伟（1051）
    B → A"), kept under ``key`` for the run after it, where the page shows it beside the
    control that saved it (rev21 item 8: after 保存调整 nothing said it was saved, and the move
    was at the bottom of a long audit table). ``grades``: the session's, as shown before."""
    before = grades.filter(pl.col("employee_id").is_in([m.employee_id for m in moves]))
    name = dict(zip(before["employee_id"].to_list(), before["name"].to_list(), strict=True))
    old = dict(zip(before["employee_id"].to_list(), before["final"].to_list(), strict=True))
    changes = [
        t(
            "cs.saved_move",
            who=t("person.named", name=name[m.employee_id], id=m.employee_id)
            if name.get(m.employee_id)
            else m.employee_id,
            old=old.get(m.employee_id) or "—",
            new=m.grade,
        )
        for m in moves
    ]
    words = t("cs.saved", n=len(moves), changes=changes)
    return lambda: st.session_state.__setitem__(key, words)


def undo(path: str | Path, session: Session, author: Viewer, on_wait=None) -> None:
    """Undo ``author``'s last save, all of its people (:func:`sessions.undo`), and keep the
    words naming them (:func:`undone`) under ``cs_undone`` for the run after it."""
    rows = sessions.undo(path, session.row["session_id"], author, on_wait=on_wait)
    st.session_state["cs_undone"] = undone(rows, session.grades)


def undone(rows: list[dict], grades: pl.DataFrame) -> str:
    """What an undo took back, named as a save's confirmation names it ("王伟（1051）A → B",
    every person of the save, in the order they were moved): the tester saw nothing say that
    one of two people moved together had stayed moved. ``rows``: the undo's audit rows;
    ``grades``: the session's, with the names."""
    name = dict(zip(grades["employee_id"].to_list(), grades["name"].to_list(), strict=True))
    changes = [
        t(
            "cs.saved_move",
            who=t("person.named", name=name[r["employee_id"]], id=r["employee_id"])
            if name.get(r["employee_id"])
            else r["employee_id"],
            old=r["from_value"] or "—",
            new=r["to_value"] or "—",
        )
        for r in sorted(rows, key=lambda r: r["undoes"])
    ]
    return t("cs.undone", n=len(rows), changes=changes)


def person_labels(grades: pl.DataFrame) -> dict[str, str]:
    """Each of a session's people as every person picker words them ("1051 王伟 · 销售中心":
    :func:`ui.personpicker.option_label`)."""
    from ui.personpicker import option_label

    rows = grades.select("employee_id", "name", "department").iter_rows()
    return {e: option_label(e, n or None, d or None) for e, n, d in rows}


def move_form(
    session: Session,
    allowed: list[str],
    seen: dict[str, int],
    save: Callable[..., None],
    lang: str,
) -> None:
    """Move one person: the person, then their final grade (opening on the grade they have
    now), a reason category and a reason. The person is chosen outside the form, so that the
    grade shown follows the person chosen (inside a form it stayed on the first grade of the
    list, S, whoever was chosen: issue 19); the grade box is keyed on the person and their
    version, so it opens again on their current grade after any change. Saving the grade they
    already have records nothing and says so ("no change"), instead of a confirmation of a move
    that was not made. Inputs are kept on a refusal (a missing reason), said beside the form."""

    grades = session.grades
    labels = person_labels(grades)
    current = dict(zip(grades["employee_id"].to_list(), grades["final"].to_list()))
    version = dict(zip(grades["employee_id"].to_list(), grades["version"].to_list()))
    with st.container(border=True):
        st.markdown(t("cs.move_help"))
        c1, c2 = st.columns(2, vertical_alignment="bottom")
        person = c1.selectbox(
            t("cs.person"),
            list(labels),
            key="cs_person",
            format_func=labels.get,
            placeholder=choose(labels),
        )
        now = current.get(person)
        if person is not None:  # the grade they have, before a new one is picked (rev32a 7)
            was = dict(zip(grades["employee_id"].to_list(), grades["imported"].to_list()))
            c2.markdown(t("cs.grade_now", grade=now or "-", imported=was.get(person) or "-"))
        with st.form("cs_move", clear_on_submit=False, border=False):
            f1, f2 = st.columns(2)
            grade = f1.selectbox(
                t("cs.grade"),
                allowed,
                index=allowed.index(now) if now in allowed else None,
                key=f"cs_grade_{session.row['session_id']}_{person}_{version.get(person)}",
                placeholder=choose(allowed),
            )
            category = reason_category(f2, "cs_category", lang)
            text = st.text_input(t("cs.reason"), key="cs_reason")
            same = None
            st.form_submit_button(  # a flag set before the run the click starts (reruns
                t("cs.save"),  # within that run keep it; AppTest delivers it too)
                key="cs_save",
                on_click=st.session_state.__setitem__,
                args=("cs_save_go", True),
            )
            if st.session_state.pop("cs_save_go", False) and person is not None:
                if grade is None:
                    st.session_state["cs_form_error"] = t("cs.grade_missing")
                elif grade == now:  # nothing to move: said, not recorded
                    same = t("cs.no_change", who=_named(grades, person), grade=grade)
                else:
                    moves = [Move(person, grade, category, text, seen.get(person, 0))]
                    save(moves, "cs_form_error", confirm(moves, grades, "cs_form_done"))
            if err := st.session_state.pop("cs_form_error", None):
                st.error(err)
            if same:
                st.info(same, icon=":material/info:")
            if done := st.session_state.pop("cs_form_done", None):  # the move saved, named
                st.success(done, icon=":material/check:")


def _named(grades: pl.DataFrame, employee_id: str) -> str:
    """ "王伟（1051）", or the id alone when the roster has no name."""
    name = grades.filter(pl.col("employee_id") == employee_id)["name"]
    if name.len() and name[0]:
        return t("person.named", name=name[0], id=employee_id)
    return employee_id


def seen_versions(session: Session, refresh: bool = False) -> dict[str, int]:
    """Each person's version as this browser session last saw it: the base of its next change.
    Taken when the session is first opened here and after each own save or undo (``refresh``);
    a change by someone else meanwhile is then refused as stale, never overwritten."""
    key = f"cal_seen_{session.row['session_id']}"
    if refresh or key not in st.session_state:
        st.session_state[key] = dict(
            zip(session.grades["employee_id"].to_list(), session.grades["version"].to_list())
        )
    return st.session_state[key]


def download_name(path: str, session: Session, ext: str) -> str:
    """The write-back's file name: dataset, session, cycle and scope, so that two sessions'
    files (the demo's #1 and another dataset's #1) do not overwrite each other in Downloads."""
    import re

    row = session.row
    scope = "people" if row["scope_kind"] == "people" else (row["scope"] or "all")
    parts = [dataset_name(path), f"session{row['session_id']}", row["cycle_id"], scope]
    name = "_".join(re.sub(r'[\\/:*?"<>|\s]+', "-", str(p)).strip("-") for p in parts)
    return f"calibration_{name}.{ext}"


def dataset_name(path: str) -> str:
    """The name the user gave the dataset stored at ``path``, as they typed it (its key is
    lower-cased: 'XX制造2025-2026', not 'xx制造2025-2026', rev26a item 9); the file's stem
    for a database no dataset names."""
    here = Path(path).resolve()
    shown = next((d for d in listing() if Path(d.file).resolve() == here), None)
    return shown.label(get_lang()) if shown is not None else Path(path).stem


def overlap_note(path: str, session_id: str, cycle: str) -> str | None:
    """The warning after creating a session that shares people with other sessions of the
    cycle, naming them (only one of them can be signed off at a time); None when none."""
    other = sessions.overlapping(path, session_id)
    if other.is_empty():
        return None
    ids = other["session_id"].to_list()
    return t("calib.overlap_created", cycle=cycle, others=ids, n=int(other["n"].max()))


def pending_moves(
    pending: list[tuple], category: str, text: str, seen: dict[str, int]
) -> list[Move]:
    """The grade table's unsaved edits as moves, each on the version this browser saw (not
    the stored one): a person changed meanwhile by someone else is refused as stale."""
    return [Move(e, b, category, text, seen.get(e, 0)) for e, _, b in pending]


def editor_key(session: Session, seen: dict[str, int]) -> str:
    """The grade table's widget key: the session and the versions this browser saw (they
    only grow, so their sum changes with each own save or undo). Not the stored version: a
    change from another tab must leave this tab's unsaved edit in place, so that saving it
    sends the version it was decided on and is refused as stale, naming the other change."""
    return f"cs_editor_{session.row['session_id']}_{sum(seen.values())}"


@st.cache_resource(max_entries=8, show_spinner=False)
def _adjusted(path: str, data_key: str, cycle: str, department: str | None) -> pl.DataFrame:
    con, _ = access.connect_reader(path)
    try:
        return evidence.adjusted_of_scope(con, cycle, department)
    finally:
        con.close()


def people_key(ids: list[str]) -> str:
    """A cache key naming the people ``ids``, in order (their JSON): Streamlit's hasher took
    a tuple of a session's ids element by element, a tenth of a warm meeting run (session 38)."""
    return json.dumps(ids, ensure_ascii=False)


def adjusted(session: Session) -> pl.DataFrame:
    """The adjusted scores of the session's people (their cycle), looked up once a run. The
    scope's scores are kept per dataset, data version, cycle and department for every session
    of the process (shared, not copied: a Polars frame is not changed in place), and the
    session's people are taken from them. Why not per session's people: each new session of a
    department fitted the department's scores again (the meeting's first run)."""
    data_key = cache.version().rsplit(":", 1)[0]  # data and code version, not the file write
    row = session.row
    department = row["scope"] if row["scope_kind"] == "department" else None
    people = session.grades["employee_id"].to_list()
    args = (cache.db_path(), data_key, row["cycle_id"], department)
    return cache.in_run(
        ("adjusted", *args, people_key(people)),
        lambda: evidence.of_people(_adjusted(*args), people),
    )


def _session_key(session: Session) -> tuple[str, str, int]:
    """What a session's computed tables depend on besides their parameters: the dataset, the
    session and its version (one more with every change, sign-off and reopening)."""
    return cache.db_path(), session.row["session_id"], int(session.row["version"])


@st.cache_data(max_entries=32, show_spinner=False)
def _bonus(key: tuple, pool: float, coefficients: tuple, _people: pl.DataFrame):
    return bonus.session_bonus(_people, pool, dict(coefficients))


def bonus_tables(
    session: Session, pool: float, coefficients: dict[str, float]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The bonus pool before and after the session's moves (:func:`~analytics.calibration.
    bonus.session_bonus`), cached on the session's version and the parameters: a rerun that
    changed neither (a click elsewhere on the page) does not share the pool out again."""
    people = session.grades.select("employee_id", "department", "imported", "final")
    return _bonus(_session_key(session), float(pool), tuple(coefficients.items()), people)


@st.cache_data(max_entries=32, show_spinner=False)
def _close_calls(key: tuple, data_key: str, guideline: tuple, _adjusted, _grades):
    calls = fit.what_if(_adjusted, _grades, dict(guideline))
    if calls.height:
        calls = calls.filter((pl.col("move_direction") != "same") | pl.col("close_call"))
    return calls


def close_calls(session: Session) -> pl.DataFrame:
    """The guideline what-if's moves and close calls (:func:`~analytics.calibration.fit.
    what_if`), cached on the session's version, its guideline and the data version."""
    data_key = cache.version().rsplit(":", 1)[0]
    guideline = tuple(session.guideline.items())
    return _close_calls(
        _session_key(session), data_key, guideline, adjusted(session), session.grades
    )


def how_close(calls: pl.DataFrame, unit: Unit, lang: str) -> pl.DataFrame:
    """The what-if's ``calls`` with ``how_close``: how far each person is from the nearest
    grade boundary, in words a facilitator reads (on ``unit``'s scale, the session cycle's):
    a close call (the 95% interval spans the boundary), or the distance and how many standard
    errors it is, or the distance alone where the interval cannot be estimated."""
    digits = 1 if unit.span >= 50 else 2

    def words(row: dict) -> str | None:
        d = unit.diff(row["boundary_distance"])
        if d is None:
            return None
        d = f"{abs(d):.{digits}f}"  # as the table's scores are shown
        if row.get("tied") is not None:  # the order chose among equals: the meeting does
            at = f"{unit.level(row['adjusted']):.{digits}f}"
            return t("cs.tied_words", lang, n=row["tied"], score=at)
        if row["close_call"]:
            return t("cs.close_call_words", lang, d=d)
        if row["z"] is None:
            return t("cs.close_no_se_words", lang, d=d)
        return t("cs.close_z_words", lang, d=d, z=abs(row["z"]))

    cols = [c for c in ("boundary_distance", "z", "close_call", "tied", "adjusted") if c in calls]
    rows = calls.select(pl.struct(cols)).to_series()
    return calls.with_columns(how_close=each(rows, words, pl.String, skip_nulls=False))


def fit_frame(session: Session) -> pl.DataFrame:
    """The imported and the final grades' shares, as units of the guideline bars."""
    parts = []
    for column, code in (("imported", "cs.bars_imported"), ("final", "cs.bars_final")):
        f = fit.live_fit(session.grades, session.guideline, column)
        n = int(f["count"].sum())
        parts.append(
            f.select("grade", "share", "count").with_columns(
                unit=pl.lit(t(code)), n=pl.lit(n, pl.Int64)
            )
        )
    return pl.concat(parts)


def fit_bars(session: Session, lang: str) -> go.Figure:
    """The guideline bars of :func:`fit_frame` (imported against final grades), built once
    per grades shown (:func:`ui.charts.figure`): every run of the meeting page drew them
    again, most runs (a choice in a form, a tick) with the same grades. Keyed on the grades
    themselves, not the session's version, so no change to them can find an old figure."""
    g = session.grades
    key = (
        "cs_bars",
        lang,
        session.row["guideline"],
        tuple(g["imported"].to_list()),
        tuple(g["final"].to_list()),
    )
    return charts.figure(
        key, lambda: figures.guideline_bars(fit_frame(session), lang, session.guideline)
    )


def grade_editor(grades: pl.DataFrame, allowed: list[str], key: str, lang: str) -> list[tuple]:
    """The session's grade table with the final grade editable (a choice of the guideline's
    grades); returns the edits not saved yet as ``(employee_id, from, to)``. Nothing is saved
    here: the page asks for the reason first. ``key`` changes with every saved change, so the
    table starts again from what is stored."""
    from analytics.text.labels import column_label

    config = {c: st.column_config.Column(column_label(c, lang)) for c in grades.columns}
    config["final_grade"] = st.column_config.SelectboxColumn(
        column_label("final_grade", lang), options=allowed, required=True
    )
    edited = st.data_editor(
        grades,
        key=key,
        hide_index=True,
        column_config=config,
        disabled=[c for c in grades.columns if c != "final_grade"],
        num_rows="fixed",
    )
    changed = (
        grades.select("employee_id", pl.col("final_grade").alias("_was"))
        .join(edited.select("employee_id", "final_grade"), on="employee_id")
        .filter(pl.col("final_grade").ne_missing(pl.col("_was")))
    )
    return changed.select("employee_id", "_was", "final_grade").rows()


def scope_shift_note(session: Session, version: str) -> pl.DataFrame | None:
    """Beside the guideline's "N to move": the session department's own shift in the session's
    cycle against the rest of the company (points, 95% interval, n), from its department
    shifts over every cycle, and where the whole department moved, that moving grades to the
    guideline would pass that move on to individuals (rev24a item 4: 销售中心 2026H1 read
    "90 people to move" with no word that the whole centre fell 5-6 points that cycle).
    Nothing for a session of named people (no department). Returns the lines drawn
    (:func:`analytics.findings.stories.scope_shift_lines`; None when none), which the signed
    record repeats (rev25a item 10)."""
    from analytics.findings.scope import Scope
    from analytics.findings.stories import scope_shift_lines

    dept = session.row.get("scope")
    if session.row.get("scope_kind") != "department" or not dept:
        return None
    cycle = session.row["cycle_id"]
    try:
        shifts = cache.section("department_shifts", Scope(department=dept), version)
    except cache.OutOfScope:
        return None
    lines = scope_shift_lines(
        shifts, (cycle,), cache.unit((cycle,), version), cache.cycle_units(version)
    )
    for row in lines.iter_rows(named=True):
        words = render_column(pl.Series([row["line"]]), get_lang(), "reason")[0]
        if row["significant"]:
            st.warning(words, icon=":material/warning:")
        else:
            st.caption(words)
        charts.scale_break_note(st, row["from_cycle"], row["to_cycle"])  # s44 A 9
    return lines


def evidence_panel(session: Session, version: str) -> None:
    """The person's evidence one click from the grade table: a choice of the session's people
    and, for the one chosen, their grades in the session, the rater-adjusted score of the
    session's cycle with its interval, the sources, their raters with each rater's effect
    (peer and subordinate ids hidden below ``hr_admin``: ``View.person``), KPIs, outcomes of
    every cycle (the history) and appeals. Read through the viewer's view, as the person page."""
    from analytics.findings.scope import Scope
    from ui import charts, tables

    grades = session.grades
    names = dict(zip(grades["employee_id"].to_list(), grades["name"].to_list()))
    st.subheader(t("cs.evidence"))
    emp = st.selectbox(
        t("cs.evidence_pick"),
        list(names),
        index=None,
        key=f"cs_evidence_{session.row['session_id']}",
        format_func=person_labels(grades).get,  # as every person picker words them
        placeholder=t("cs.evidence_none"),
    )
    if not emp:
        return
    cycle = session.row["cycle_id"]
    unit = cache.unit((cycle,), version)  # the session cycle's scale
    row = grades.filter(pl.col("employee_id") == emp).row(0, named=True)
    try:
        rec = cache.person(emp, version)
        adjusted = cache.person_fit("adjusted", emp, (cycle,), version)  # the bins' fit
    except cache.OutOfScope as problem:  # moved out of the reach since the session began
        from ui import audit

        audit.refuse("person", emp, t(f"auth.{problem.code}", **problem.params))
        return
    st.markdown(
        t(
            "cs.evidence_head",
            name=names.get(emp) or emp,
            id=emp,
            dept=row["department"] or None,
            imported=row["imported"] or None,
            proposed=row["proposed"] or None,
            final=row["final"] or None,
        )
    )
    mine = adjusted.filter(pl.col("cycle_id") == cycle) if adjusted is not None else None
    if mine is not None and mine.height:
        a = mine.row(0, named=True)
        known = evidence.interval_known(a)  # rev21 M7: no zero-width interval
        st.markdown(
            t(
                "cs.evidence_adjusted" if known else "cs.evidence_adjusted_no_interval",
                cycle=cycle,
                adjusted=unit.level(a["adjusted"]),
                lo=unit.level(a["ci95_low"]),
                hi=unit.level(a["ci95_high"]),
                raw=unit.level(a["raw"]),
                n=a["n_raters"],
                score_scale=None if unit.mixed else unit.scale,  # the scale's decimals
            )
        )
    else:
        st.caption(t("cs.evidence_no_adjusted", cycle=cycle))
    # the change into the cycle in its parts, and whether it went against the department
    changes = cache.person_rows("attribution", emp, version)
    line = evidence.attribution_line(
        None if changes is None else charts.with_answer(changes, (), version),
        cache.person_rows("against_trend", emp, version),
        cycle,
        unit,
        cache.cycle_units(version),  # across a change of scale: 0-1, with the caveat
    )
    if line is not None:
        st.markdown(t(line[0], **line[1]))
        charts.scale_break_note(st, line[1]["from_cycle"], line[1]["to_cycle"])  # s44 A 9
    ratings = rec["ratings"].filter(pl.col("cycle_id") == cycle)
    for c, role in rec.get("suppressed", pl.DataFrame()).iter_rows():
        if c == cycle:
            k = cache.view(version).viewer.k
            st.caption(t("auth.peer_suppressed", cycle=c, role=t(f"role.{role}"), k=k))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('cs.evidence_sources')}**")
        tables.show(
            evidence.sources(ratings), key="cs_ev_sources", unit=unit, person_col=None, share=0.5
        )
    with right:
        st.markdown(f"**{t('person.kpis')}**")
        kpis = rec["kpis"].filter(pl.col("cycle_id") == cycle)
        tables.show(kpis, key="cs_ev_kpis", unit=unit, person_col=None, share=0.5)
    st.markdown(f"**{t('person.raters')}**")
    raters = cache.section("raters", Scope(cycles=(cycle,)), version)  # the adjusted score's fit
    tables.show(
        evidence.raters_of(ratings, raters, emp), key="cs_ev_raters", unit=unit, person_col=None
    )
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('person.outcomes')}**")
        tables.show(
            rec["outcomes"].drop("final_scale", strict=False),
            key="cs_ev_history",
            unit=unit,
            person_col=None,
            share=0.5,
        )
    with right:
        st.markdown(f"**{t('person.appeals')}**")
        tables.show(rec["appeals"], key="cs_ev_appeals", unit=unit, person_col=None, share=0.5)


@st.cache_data(max_entries=8, show_spinner=False)
def _drift(path: str, store: tuple | None, data_key: str, k: int):
    moves = drift.session_moves(path)
    grouped, known = drift.group_moves(path, moves)
    return drift.by_rater(moves), drift.by_department(moves), drift.by_group(grouped, k, known)


def drift_later(version: str) -> Callable[[], object]:
    """The drift section's moves (:func:`drift_section`) as the session's viewer's k groups
    them, to compute later on another thread (:func:`ui.cache.in_quiet`). Why: they are the
    same for every scope, and reading the sessions' people's groups (``drift.group_moves``)
    was 0.08 of the rater page's first visit at 40M ratings (session 30)."""
    path = cache.db_path()
    store = access.identity(calstore.store_path(path))
    k, key = cache.view(version).viewer.k, version.rsplit(":", 1)[0]
    return cache.on_dataset(path, lambda: _drift(path, store, key, k))


def drift_section(version: str) -> None:
    """Who gets moved in the signed-off sessions, by manager, by department and by group
    (gender, age band, ...: groups of fewer than the viewer's k people suppressed), and the
    managers whose people were moved down in most of their sessions (the rater page's
    finding; :mod:`analytics.calibration.drift`), as the viewer may see them. Cached on the
    sessions' file (every change rewrites it), the data version and k."""
    from ui import tables

    path = cache.db_path()
    store = access.identity(calstore.store_path(path))
    view = cache.view(version)
    k = view.viewer.k
    raters, depts, groups = _drift(path, store, version.rsplit(":", 1)[0], k)
    st.subheader(t("cs.drift"))
    st.caption(t("cs.drift_note"))
    if raters.is_empty() and depts.is_empty():
        st.caption(t("cs.drift_none"))
        return
    raters, depts = view.frame(raters), view.frame(depts)
    found = drift.flagged(raters)
    # the names of the raters said only (the roster is 210,000 people at 40M ratings)
    said = [f["rater_id"] for f in found]
    roster = cache.names(version).select("employee_id", "name")
    names = dict(roster.filter(pl.col("employee_id").is_in(said)).iter_rows()) if said else {}
    for f in found:
        who = names.get(f["rater_id"])
        st.warning(
            t(
                "cs.drift_flag",
                rater=f"{who} ({f['rater_id']})" if who else f["rater_id"],
                down=f["down_sessions"],
                sessions=f["sessions"],
                moved_down=f["moved_down"],
                moved_up=f["moved_up"],
                n=f["n"],
            )
        )
    if not found:
        st.caption(t("cs.drift_flag_none", min=drift.MIN_SESSIONS))
    tables.show(raters, key="raters_drift", person_col=None)
    tables.show(depts, key="raters_drift_depts", person_col=None)
    st.markdown(f"**{t('cs.drift_groups')}**")
    if groups.is_empty():
        st.caption(t("cs.drift_groups_none"))
        return
    st.caption(t("cs.drift_groups_note", k=k))
    tables.show(
        drift.readable_groups(groups, k, get_lang()), key="raters_drift_groups", person_col=None
    )
