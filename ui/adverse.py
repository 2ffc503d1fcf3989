"""The calibration meeting's adverse-impact section (pages/meeting.py calls :func:`section`):
one sentence per group column, a warning where a group's top-grade rate is below four-fifths
or lower at equal KPIs, never a block; the groups in detail below."""

from __future__ import annotations

import json

import polars as pl
import streamlit as st

from analytics.calibration import impact
from analytics.calibration.adverse import MIN_COMPARE, WARN, Adverse, readable, sentences
from analytics.calibration.sessions import Session
from analytics.store import access
from ui import cache, tables
from ui.auth import current_viewer
from ui.i18n import t

__all__ = ["WARN", "section"]


@st.cache_data(max_entries=16, show_spinner=False)
def _facts(path: str, data_key: str, cycle: str, ids: tuple[str, ...]) -> pl.DataFrame:
    """The dataset's side of the section (groups, level, KPIs), read once per session's
    people and dataset version: a move changes none of it, and reading it again after each
    move opened the dataset's file (about 50 ms of CPU) for the same rows."""
    con, _ = access.connect_reader(path)
    try:
        return impact.person_facts(con, cycle, list(ids))
    finally:
        con.close()


@st.cache_data(max_entries=16, show_spinner=False)
def _result(
    path: str, data_key: str, cycle: str, grades_key: str, guideline: str, k: int, _grades
) -> Adverse:
    ids = tuple(_grades["employee_id"].to_list())
    facts = _facts(path, data_key, cycle, ids)
    return impact.for_grades(_grades, facts, json.loads(guideline), k)


def grades_key(session: Session) -> str:
    """What the section reads of ``session``'s grades, as a cache key: each person's id,
    proposed and final grade, in order (their JSON: Streamlit's hasher takes a list element
    by element). Why not the session's id and version: the section is the same for the same
    people and grades, and a new session of a team (its grades as imported), or a move undone,
    computed it again (the Firth fits of its odds ratios: most of a new session's first run)."""
    g = session.grades
    rows = [g["employee_id"].to_list(), g["proposed"].to_list(), g["final"].to_list()]
    return json.dumps(rows, ensure_ascii=False)


def section(path: str, session: Session, lang: str) -> Adverse:
    """Draw the section for ``session`` of the dataset at ``path``; returns it (for the
    write-back workbook)."""
    k = current_viewer().k
    data_key = cache.version().rsplit(":", 1)[0]
    row = session.row  # the guideline as stored (JSON), the grades as their key
    key = grades_key(session)
    result = _result(str(path), data_key, row["cycle_id"], key, row["guideline"], k, session.grades)
    st.subheader(t("adverse.title"))
    if result.verdicts.is_empty():
        st.caption(t("adverse.none"))
        return result
    st.caption(t("adverse.intro", top=result.top, k=k, min_n=MIN_COMPARE))
    for verdict, words in sentences(result, lang).select("verdict", "adverse_verdict").rows():
        (st.warning if verdict in WARN else st.info)(words)
    with st.expander(t("adverse.details"), key="adverse_details"):
        tables.show(readable(result, lang), key="cs_adverse", person_col=None)
    return result
