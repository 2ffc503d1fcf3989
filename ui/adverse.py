"""The calibration meeting's adverse-impact section (pages/meeting.py calls :func:`section`):
one sentence per group column, a warning where a group's top-grade rate is below four-fifths
or lower at equal KPIs, never a block; the groups in detail below."""

from __future__ import annotations

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
def _result(path: str, data_key: str, sid: str, version: int, k: int, _session: Session):
    row, ids = _session.row, tuple(_session.grades["employee_id"].to_list())
    facts = _facts(path, data_key, row["cycle_id"], ids)
    return impact.for_session(path, _session, k, facts=facts)


def section(path: str, session: Session, lang: str) -> Adverse:
    """Draw the section for ``session`` of the dataset at ``path``; returns it (for the
    write-back workbook)."""
    k = current_viewer().k
    data_key = cache.version().rsplit(":", 1)[0]
    row = session.row
    result = _result(str(path), data_key, row["session_id"], row["version"], k, session)
    st.subheader(t("adverse.title"))
    if result.verdicts.is_empty():
        st.caption(t("adverse.none"))
        return result
    st.caption(t("adverse.intro", top=result.top, k=k, min_n=MIN_COMPARE))
    for verdict, words in sentences(result, lang).select("verdict", "adverse_verdict").rows():
        (st.warning if verdict in WARN else st.info)(words)
    with st.expander(t("adverse.details")):
        tables.show(readable(result, lang), key="cs_adverse", person_col=None)
    return result
