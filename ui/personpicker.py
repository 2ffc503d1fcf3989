"""The person page's picker: a select box bound to ``?employee=`` over the people the viewer
may look up, narrowed by the sidebar's department, team, level and job family, with a search
by name, id or department whose rows open the person."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.findings.scope import Scope, person_filter
from ui import audit, cache, tables
from ui.i18n import t
from ui.state import PERSON_KEY, current_scope

__all__ = ["pick_person"]


def pick_person(version: str, pick_max: int) -> None:
    """Draw the picker and the search (at most ``pick_max`` people listed: a list of every
    person would send 200,000 ids to the browser on each rerun); the person asked for by
    another page or the URL is always in the list, even outside the sidebar's filter (their
    history is company-wide), unless the viewer may not look them up."""
    people = cache.people(version)
    everyone = people.height
    # The sidebar's department, team, level and job family narrow the picker and the search (a
    # person asked for by URL or another page opens all the same: their history is company-wide).
    filters = current_scope()
    filters = Scope(
        department=filters.department,
        team=filters.team,
        level=filters.level,
        job_family=filters.job_family,
    )
    if filters.narrowed():
        people = people.filter(person_filter(filters))
    # The picker lists the search's matches (or the first ids), at most pick_max: a list of every
    # person would send 200,000 ids to the browser on each rerun. The person asked for by another
    # page or the URL is always in it.
    query = (st.session_state.get("person_search") or "").strip()
    hits = (
        people.filter(
            pl.col("name").str.contains(query, literal=True)
            | pl.col("employee_id").str.contains(query, literal=True)
            | pl.col("department").str.contains(query, literal=True)
        )
        if query
        else people
    )
    ids = hits["employee_id"].head(pick_max).to_list()
    wanted = st.session_state.get(PERSON_KEY) or st.query_params.get(PERSON_KEY)
    reachable = cache.people(version)["employee_id"]
    if wanted and wanted not in ids and reachable.eq(wanted).any():
        ids.insert(0, wanted)
    elif wanted and not reachable.eq(wanted).any():  # unknown, or outside the reach
        st.warning(t("auth.person_outside", employee_id=wanted), icon=":material/lock:")
        audit.refused("person", wanted)
    st.selectbox(
        t("person.pick"),
        ids,
        index=None,
        key=PERSON_KEY,  # ?employee= in the URL: a copied link opens the same person
        bind="query-params",
        placeholder=t("person.none"),
    )
    st.text_input(t("person.search"), key="person_search")
    st.caption(t("person.pick_note", shown=len(ids), total=people.height))
    if filters.narrowed():
        where = " / ".join(
            v for v in (filters.department, filters.team, filters.level, filters.job_family) if v
        )
        st.caption(t("person.pick_scope", scope=where, n=people.height, total=everyone))
    if query:  # find by name, id or department; a click on a row opens the person
        shown = hits.select("employee_id", "name", "department").head(pick_max)
        tables.show(shown, key="person_hits")
