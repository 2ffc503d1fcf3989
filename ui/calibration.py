"""Glue of the calibration session page (pages/meeting.py): who is making the
change, the versions a person's grade was seen at (optimistic concurrency), the adjusted
scores of the session's scope (cached per data version, not per file write: every saved move
replaces the file) and the charts' frames."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.auth.roles import Viewer
from analytics.calibration import evidence, fit, sessions
from analytics.calibration.moves import Refused
from analytics.calibration.sessions import Session
from analytics.store import access
from ui import cache
from ui.auth import current_viewer
from ui.i18n import t

__all__ = ["adjusted", "author", "fit_frame", "pick_session", "seen_versions"]

#: the address's parameter naming the open session (a copied link opens the same session)
SESSION_PARAM = "session"


def author() -> Viewer:
    """Who is making the change: the signed-in viewer (the local administrator when no
    sign-in is configured); the sessions layer checks their reach."""
    return current_viewer()


def pick_session(ids: list[str], labels: dict[str, str], path: str, who: Viewer, lang: str) -> str:
    """The session picker (``ids``: the sessions within the viewer's reach, newest first),
    kept in the address as ``?session=``. A session asked for by the address that is not one
    of them (another department's, or none) is refused in words, naming why
    (:func:`analytics.calibration.sessions.load` decides), and the picker opens the newest."""
    wanted = st.query_params.get(SESSION_PARAM)
    if wanted and wanted not in ids and st.session_state.get("cs_open") is None:
        try:
            sessions.load(path, wanted, who)
        except Refused as exc:
            st.error(exc.message(lang), icon=":material/lock:")
    index = ids.index(wanted) if wanted in ids else 0
    sid = st.selectbox(t("cs.open"), ids, index=index, format_func=labels.get, key="cs_open")
    if sid != wanted:
        st.query_params[SESSION_PARAM] = sid
    return sid


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


@st.cache_data(max_entries=16, show_spinner=False)
def _adjusted(path: str, data_key: str, cycle: str, people: tuple, department: str | None):
    con, _ = access.connect_reader(path)
    try:
        return evidence.adjusted_in_scope(con, cycle, list(people), department)
    finally:
        con.close()


def adjusted(session: Session) -> pl.DataFrame:
    """The adjusted scores of the session's people (their cycle)."""
    data_key = cache.version().rsplit(":", 1)[0]  # data and code version, not the file write
    row = session.row
    department = row["scope"] if row["scope_kind"] == "department" else None
    people = tuple(session.grades["employee_id"].to_list())
    return _adjusted(cache.db_path(), data_key, row["cycle_id"], people, department)


def fit_frame(session: Session) -> pl.DataFrame:
    """The imported and the final grades' shares, as units of the guideline bars."""
    parts = []
    for column, code in (("imported", "cs.bars_imported"), ("final", "cs.bars_final")):
        f = fit.live_fit(session.grades, session.guideline, column)
        n = int(f["count"].sum())
        parts.append(
            f.select("grade", "share").with_columns(unit=pl.lit(t(code)), n=pl.lit(n, pl.Int64))
        )
    return pl.concat(parts)


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
