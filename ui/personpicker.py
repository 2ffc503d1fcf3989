"""The person page's picker: a select box over the people the viewer may look up, each shown
as "id name" (typing a name or an id in it narrows its list), narrowed by the sidebar's
department, team, level and job family, with a search by name, id or department whose rows
open the person.

Why the picker is not bound to ``?employee=`` (``bind="query-params"``) like the filters: a
bound select box keeps its *worded* option in the URL (``?employee=E000017+罗军``), so the
form every link, button, test and copied address uses (``?employee=E000017``) no longer
matched an option and the person was not opened (rev19e minor 3, taken back in session 20).
So the URL is the one truth about the person shown, and the picker follows it: each run reads
``?employee=`` and sets the picker to that id before drawing it; a choice in the picker writes
the id (and only the id) into the URL in its callback. Browser Back and Forward, links in and
out, and a dataset switch (which drops the parameter) all go through the URL."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics.findings.scope import Scope, person_filter
from ui import audit, cache, tables
from ui.i18n import t
from ui.state import LAST_PERSON_KEY, PAIR_PARAM, PERSON_KEY, current_scope
from ui.stinternals import write_bound_params

__all__ = ["option_label", "pick_person", "shown_person"]


def option_label(employee_id: str, name: str | None) -> str:
    """A person as a picker lists them: "1001 罗军"; the id alone when the roster has no name
    (a file without names: no "None")."""
    return t("person.option", id=employee_id, name=name) if name else employee_id


def shown_person() -> str | None:
    """The person the URL asks for (``?employee=``), or None."""
    return st.query_params.get(PERSON_KEY) or None


def _picked() -> None:
    """The picker's callback: the chosen id into the URL (one history entry, so Back returns
    to the person before); cleared, the parameter leaves it. The change shown (``?pair=``)
    belonged to the person before."""
    chosen = st.session_state.get(PERSON_KEY)
    if chosen != shown_person():  # one URL change: one history entry
        write_bound_params({PERSON_KEY: chosen or None, PAIR_PARAM: None})


def pick_person(version: str, pick_max: int) -> str | None:
    """Draw the picker and the search (at most ``pick_max`` people listed: a list of every
    person would send 200,000 ids to the browser on each rerun); returns the person shown
    (``?employee=``, when the viewer may look them up), who is always in the list, even
    outside the sidebar's filter (their history is company-wide)."""
    people = cache.people(version)
    reach = people
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
    wanted = shown_person()
    if wanted and not reach["employee_id"].eq(wanted).any():  # unknown, or outside the reach
        st.warning(t("auth.person_outside", employee_id=wanted), icon=":material/lock:")
        audit.refused("person", wanted)
        wanted = None
    elif wanted and wanted not in ids:
        ids.insert(0, wanted)
    # the listed people's names only (the viewer's reach: cache.people is clipped to it)
    listed = reach.filter(pl.col("employee_id").is_in(ids))
    names = dict(zip(listed["employee_id"].to_list(), listed["name"].to_list(), strict=True))
    # the picker follows the URL (Back, Forward, a link, another page's route into a person)
    if st.session_state.get(PERSON_KEY) != wanted:
        st.session_state[PERSON_KEY] = wanted
    if wanted:
        st.session_state[LAST_PERSON_KEY] = wanted  # the attribution page opens on them
    named = (reach["name"].fill_null("") != "").any()  # a roster with names (some have none)
    st.selectbox(
        t("person.pick" if named else "person.pick_ids"),
        ids,
        index=None,
        format_func=lambda e: option_label(e, names.get(e)),
        key=PERSON_KEY,
        on_change=_picked,
        filter_mode="contains",  # typing "罗军" or "1001" keeps the options that contain it
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
    return wanted
