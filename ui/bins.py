"""The meeting's grade bins (pages/meeting.py): one column per grade of the session's
guideline listing its people (adjusted score with its interval, the what-if's close-call
marker), or, when the people have a potential rating, the performance × potential grid. A
facilitator ticks people in one or more bins and moves them to a grade with a reason; the moves
go to the page's ``save``, the grade table's path (:func:`analytics.calibration.sessions.apply`:
the same rules and audit). Plain Streamlit has no drag-and-drop: a bin is a table whose rows
are ticked (``st.dataframe`` row selection), and one control below moves the ticked people."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import streamlit as st

from analytics.calibration import bins
from analytics.calibration.sessions import Session
from analytics.findings.units import Unit
from analytics.store import access
from analytics.text.labels import column_label
from analytics.threadsafe import each
from ui import cache, calibration, tables
from ui.i18n import choose, t

__all__ = ["DONE", "ERROR", "key_of", "people_of", "section"]

#: where the page's ``save`` says a refusal of a bin move, and where the move's confirmation
#: waits for the next run: both beside the move control, not at the top of the page
ERROR, DONE = "cs_bins_error", "cs_bins_done"

#: what a bin shows of a person (besides the id, hidden, that a tick selects)
SHOWN = ("name", "bin_score", "close_mark")


@st.cache_data(max_entries=16, show_spinner=False)
def _potential(path: str, data_key: str, cycle: str, people_key: str, _people: list):
    con, _ = access.connect_reader(path)
    try:
        return bins.session_potential(con, cycle, _people)
    finally:
        con.close()


def people_of(session: Session, version: str) -> pl.DataFrame:
    """The session's people in their bins (:func:`analytics.calibration.bins.bin_people`),
    with the adjusted scores and close calls the page's what-if reads (cached there) and the
    potential the import kept (cached per data version)."""
    data_key = version.rsplit(":", 1)[0]
    ids = session.grades["employee_id"].to_list()
    key = calibration.people_key(ids)  # not the ids: hashed one by one (session 38)
    potential = _potential(cache.db_path(), data_key, session.row["cycle_id"], key, ids)
    return bins.bin_people(
        session.grades,
        session.grades_allowed,
        calibration.adjusted(session),
        calibration.close_calls(session),
        potential,
    )


def key_of(session: Session, seen: dict[str, int]) -> str:
    """The bins' widget keys' stem: the session's stored version (a change by anyone redraws
    the bins, whose rows then hold other people, so the ticks start afresh) and the versions
    this browser saw (they grow after its own save and after a stale refusal: the refused
    ticks and reason are cleared, never saved again over the other change)."""
    row = session.row
    return f"cs_bin_{row['session_id']}_{row['version']}_{sum(seen.values())}"


def _score(people: pl.DataFrame, unit: Unit) -> pl.Series:
    """``3.42 (3.10–3.71)`` on the cycle's scale; empty without an adjusted score."""
    digits = 1 if unit.span >= 50 else 2

    def words(row: dict) -> str | None:
        if row["adjusted"] is None:
            return None
        lo, hi = unit.level(row["ci95_low"]), unit.level(row["ci95_high"])
        ends = f" ({lo:.{digits}f}–{hi:.{digits}f})" if lo is not None and hi is not None else ""
        return f"{unit.level(row['adjusted']):.{digits}f}{ends}"

    rows = people.select(pl.struct("adjusted", "ci95_low", "ci95_high")).to_series()
    return each(rows, words, pl.String, skip_nulls=False)  # on this thread (threadsafe.each)


def _bin(people: pl.DataFrame, key: str, lang: str, editable: bool) -> list[str]:
    """One bin's table; returns the ids of the people ticked in it."""
    if people.is_empty():
        st.caption(t("cs.bins_empty"))
        return []
    shown = people.select(
        pl.coalesce("name", "employee_id").alias("name"), "bin_score", "close_mark"
    )
    config = {  # pixel widths: the three fit a bin of a third of the page at 1280 px
        "name": st.column_config.Column(column_label("name", lang), width=72),
        "bin_score": st.column_config.Column(column_label("bin_score", lang), width=118),
        "close_mark": st.column_config.CheckboxColumn(column_label("close_mark", lang), width=44),
    }
    event = st.dataframe(
        tables.grid_data(shown),  # converted once per content (session 38)
        key=key,
        hide_index=True,
        column_config=config,
        on_select="rerun" if editable else "ignore",
        selection_mode="multi-row",
    )
    rows = event.selection.rows if editable and event is not None else []
    ids = people["employee_id"].to_list()
    return [ids[i] for i in rows if i < len(ids)]


def _grade_label(grade: str) -> str:
    return grade if grade != bins.NO_GRADE else t("cs.bins_no_grade")


#: bins side by side: three leave each bin room for a name, a score with its interval and
#: the close-call mark at a 1280 px window (five grades: S A B, then C D)
PER_ROW = 3


def _columns(people: pl.DataFrame, order: list[str], key: str, lang: str, edit: bool) -> list:
    """The bins of ``order`` (best first), :data:`PER_ROW` side by side; returns the ticked
    ids."""
    ticked: list[str] = []
    # the bins' grids offer no CSV of their own (column codes, a bin at a time): the session's
    # tables and the write-back hold these people with headers as shown
    tables.own_csv_only(key)
    for start in range(0, len(order), PER_ROW):
        for grade, col in zip(order[start : start + PER_ROW], st.columns(PER_ROW), strict=False):
            inside = people.filter(pl.col("bin") == grade)
            with col:
                st.markdown(t("cs.bins_head", grade=_grade_label(grade), n=inside.height))
                ticked += _bin(inside, f"{key}_{grade or 'none'}", lang, edit)
    return ticked


def _grid(people: pl.DataFrame, order: list[str], key: str, lang: str, edit: bool) -> list:
    """One row per grade (best first), one column per potential band (high first, and the
    people without a rating when there are any); returns the ticked ids."""
    bands = [b for b in bins.POTENTIAL_BANDS if b != "unrated" or (people["pot_band"] == b).any()]
    ticked: list[str] = []
    for grade in order:
        in_grade = people.filter(pl.col("bin") == grade)
        st.markdown(t("cs.bins_head", grade=_grade_label(grade), n=in_grade.height))
        for band, col in zip(bands, st.columns(len(bands)), strict=True):
            inside = in_grade.filter(pl.col("pot_band") == band)
            with col:
                st.caption(t("cs.bins_cell", band=t(f"cs.pot.{band}"), n=inside.height))
                ticked += _bin(inside, f"{key}_{band}_{grade or 'none'}", lang, edit)
    return ticked


def section(
    session: Session,
    people: pl.DataFrame,
    unit: Unit,
    lang: str,
    seen: dict[str, int],
    save: Callable[..., None],
) -> None:
    """Draw the bins of ``session`` (``people``: :func:`analytics.calibration.bins.bin_people`;
    ``unit``: the session cycle's scale) and, while the session is open, the move control:
    the ticked people go to ``save`` as moves decided on the versions in ``seen``."""
    row = session.row
    edit = row["status"] != "closed"
    allowed = session.grades_allowed
    people = people.with_columns(
        bin_score=_score(people, unit), close_mark=pl.col("close_call").fill_null(False)
    )
    order = allowed + ([bins.NO_GRADE] if (people["bin"] == bins.NO_GRADE).any() else [])
    key = key_of(session, seen)
    st.caption(t("cs.bins_help") if edit else t("cs.bins_closed"))
    st.caption(t("cs.bins_close_legend"))
    layouts = [t("cs.bins_by_grade"), t("cs.bins_grid")]  # words as options: AppTest-safe
    grid = (people["pot_band"] != "unrated").any() and st.radio(
        t("cs.bins_layout"), layouts, horizontal=True, key=f"cs_bins_layout_{lang}"
    ) == layouts[1]
    if grid:
        st.caption(t("cs.bins_grid_note"))
    ticked = (_grid if grid else _columns)(people, order, key, lang, edit)
    if not edit:
        return
    _move_control(people, ticked, allowed, key, lang, seen, save)


def _move_control(people, ticked, allowed, key, lang, seen, save) -> None:
    """The ticked people, where to, why; the button saves them through the page's ``save``."""
    names = dict(zip(people["employee_id"].to_list(), people["name"].to_list()))
    grade_of = dict(zip(people["employee_id"].to_list(), people["bin"].to_list()))
    if done := st.session_state.pop(DONE, None):  # the last move, said where it was made
        st.success(done, icon=":material/check:")
    if err := st.session_state.pop(ERROR, None):
        st.error(err)
    if ticked:
        who = [f"{names.get(e) or e} ({_grade_label(grade_of[e])})" for e in ticked]
        st.markdown(t("cs.bins_selected", n=len(ticked), people=t("common.sep").join(who)))
    else:
        st.caption(t("cs.bins_none_selected"))
    c1, c2, c3 = st.columns([1, 1, 2])
    grade = c1.selectbox(
        t("cs.bins_target"), allowed, key=f"{key}_target", placeholder=choose(allowed)
    )
    category = calibration.reason_category(c2, f"{key}_category", lang)
    text = c3.text_input(t("cs.bins_reason"), key=f"{key}_reason")
    go = f"{key}_go"  # set by the click before the run it starts (AppTest reruns a page once)
    st.button(
        t("cs.bins_move", n=len(ticked), grade=grade),
        key=f"{key}_move",
        disabled=not ticked,
        type="primary",
        on_click=st.session_state.__setitem__,
        args=(go, True),
    )
    if st.session_state.pop(go, False) and ticked:
        if not category or not (text or "").strip():  # said for the move, not for the first
            st.session_state[ERROR] = t("cs.bins_need_reason", n=len(ticked))  # person's id
            st.rerun()
        words = _moved_words(ticked, grade, names, grade_of)
        save(
            bins.moves_for(ticked, grade, category, text, seen),
            ERROR,
            lambda: st.session_state.__setitem__(DONE, words),
        )


def _moved_words(ticked: list[str], grade: str, names: dict, grade_of: dict) -> str:
    """The confirmation of a bin move: who moved from which grade, and who already had it
    (nothing changed for them, nothing audited). Without it the fresh, empty control after a
    save read as a move that did not happen (rev21b)."""
    moved = [f"{names.get(e) or e} ({_grade_label(grade_of[e])} → {grade})" for e in ticked
             if grade_of[e] != grade]  # fmt: skip
    same = [names.get(e) or e for e in ticked if grade_of[e] == grade]
    parts = [t("cs.bins_moved", n=len(moved), grade=grade, people=moved)] if moved else []
    if same:
        parts.append(t("cs.bins_unchanged", n=len(same), grade=grade, people=same))
    return " ".join(parts)
