"""The person page's picker: one search box (name, id, department or team, among everyone the
viewer may look up, narrowed by the sidebar's department, team, level and job family) and the
list of the people it finds, each shown as "1051 王伟 · 销售中心"; a search that finds exactly
one person opens them; a table of the hits whose rows open the person.

Why the list cannot be typed in: Streamlit's select box filters its options as one types and,
when none matches, says "No results" in English, whatever the page's language (rev21 item 6:
typing 王伟 in a Chinese page). The search box does the finding (all people, not only the
listed ones), in the page's words; the list only shows what it found (at most ``pick_max``,
and says how many more a longer search would show).

Why the picker is not bound to ``?employee=`` (``bind="query-params"``) like the filters: a
bound select box keeps its *worded* option in the URL (``?employee=E000017+罗军``), so the
form every link, button, test and copied address uses (``?employee=E000017``) no longer
matched an option and the person was not opened (rev19e minor 3, taken back in session 20).
So the URL is the one truth about the person shown, and the picker follows it: each run reads
``?employee=`` and sets the picker to that id before drawing it; a choice in the picker (or a
search that finds one person) writes the id (and only the id) into the URL in its callback.
Browser Back and Forward, links in and out, and a dataset switch (which drops the parameter)
all go through the URL."""

from __future__ import annotations

import functools
from collections.abc import Collection

import polars as pl
import streamlit as st

from analytics.findings.person import match_people
from analytics.findings.scope import Scope, person_filter
from ui import audit, cache, tables
from ui.i18n import choose, get_lang, t
from ui.state import (
    LAST_PERSON_KEY,
    PAIR_PARAM,
    PERSON_KEY,
    current_scope,
    forget_other_pages_clicks,
)
from ui.stinternals import write_bound_params

__all__ = [
    "SEARCH_KEY",
    "find_among",
    "labels",
    "option_label",
    "pick_among",
    "pick_person",
    "shown_person",
]

#: the search box's widget key
SEARCH_KEY = "person_search"


def option_label(employee_id: str, name: str | None, department: str | None = None) -> str:
    """A person as a picker lists them: "1051 王伟 · 销售中心" (with ``department``), "1001 罗军";
    the id alone (and the department) when the roster has no name (a file without names: no
    "None")."""
    return _worded(employee_id, name, department, get_lang())


@functools.lru_cache(maxsize=1 << 16)
def _worded(employee_id: str, name: str | None, department: str | None, lang: str) -> str:
    """:func:`option_label` in ``lang``, kept: a meeting page words each of its session's
    people three times a run (its pickers and bins), a thousand catalogue lookups and
    formats that were a tenth of its warm run (session 38); the words are the catalogue's,
    fixed for the process."""
    if department:
        if name:
            return t("person.option_dept", lang, id=employee_id, name=name, dept=department)
        return t("person.option_id_dept", lang, id=employee_id, dept=department)
    return t("person.option", lang, id=employee_id, name=name) if name else employee_id


def labels(ids: list[str], version: str) -> dict[str, str]:
    """Each of ``ids`` as every person picker lists them ("1051 王伟 · 销售中心": the same words
    on the person page, the attribution page, the meeting and the appeal forms), among the
    people the viewer may look up; the id alone for anyone else (a pseudonymised view)."""
    listed = cache.people(version).filter(pl.col("employee_id").is_in(ids))
    known = {
        e: option_label(e, n, d)
        for e, n, d in listed.select("employee_id", "name", "department").iter_rows()
    }
    return {e: known.get(e, e) for e in ids}


def find_among(ids: Collection[str], query: str, version: str) -> list[str]:
    """The people of ``ids`` the person page's search finds for ``query`` (name, id,
    department or team, every word: :func:`analytics.findings.person.match_people`), in its
    order (exact id or name first); by id alone when the viewer sees no roster."""
    reach = cache.people(version)
    pool = reach.filter(pl.col("employee_id").is_in(list(ids)))
    if pool.height:
        return match_people(pool, query)["employee_id"].to_list()
    terms = query.lower().split()
    return sorted(e for e in ids if all(term in e.lower() for term in terms))


def pick_among(where, known: Collection[str], top: list[str], version: str, pick_max: int) -> str:
    """A person among ``known`` (the attribution page: everyone with a change in the scope),
    found as on the person page (one search box: name, id, department or team) and listed in
    its words; without a search, ``top`` (the largest movers) with the person page's last
    person first. Drawn in ``where`` (a column); returns the person chosen."""
    typed = where.text_input(
        t("person.search"), key="attr_find", placeholder=t("person.search_hint")
    ).strip()
    found = find_among(known, typed, version)[:pick_max] if typed else []
    if typed and not found:
        where.warning(t("attr.not_found", emp=typed))
    ids = found or list(top)
    last = st.session_state.get(LAST_PERSON_KEY)  # the person page's last person
    if not found and last in known and last not in ids:
        ids.insert(0, last)
    default = ids[0] if found or last not in ids else last
    shown = labels(ids, version)
    return where.selectbox(
        t("attr.pick"),
        ids,
        index=ids.index(default),
        key=f"attr_emp_{default}",
        format_func=shown.get,
        placeholder=choose(ids),
    )


def shown_person() -> str | None:
    """The person the URL asks for (``?employee=``), or None."""
    return st.query_params.get(PERSON_KEY) or None


def _open(chosen: str | None) -> None:
    """``chosen`` into the URL (one history entry, so Back returns to the person before);
    None takes the parameter out. The change shown (``?pair=``) belonged to the person
    before."""
    if chosen != shown_person():  # one URL change: one history entry
        write_bound_params({PERSON_KEY: chosen or None, PAIR_PARAM: None})


def _picked() -> None:
    """The picker's callback: the chosen id into the URL."""
    _open(st.session_state.get(PERSON_KEY))


def _searched(people: pl.DataFrame) -> None:
    """The search box's callback: a search that finds exactly one person opens them (typing
    an id or a unique name is the whole way to a person)."""
    hits = match_people(people, st.session_state.get(SEARCH_KEY) or "")
    if st.session_state.get(SEARCH_KEY) and hits.height == 1:
        _open(hits["employee_id"][0])


def _scope_filters() -> Scope:
    """The sidebar's department, team, level and job family (not its cycles or role)."""
    filters = current_scope()
    return Scope(
        department=filters.department,
        team=filters.team,
        level=filters.level,
        job_family=filters.job_family,
    )


def pick_person(version: str, pick_max: int) -> str | None:
    """Draw the search, the picker and the hits; returns the person shown (``?employee=``,
    when the viewer may look them up), who is always in the list, even outside the sidebar's
    filter (their history is company-wide). At most ``pick_max`` people are listed: a list of
    everyone would send 200,000 ids to the browser on each rerun."""
    forget_other_pages_clicks()  # a stale ?box=9 of the 9-box page (rev30a item 11)
    reach = cache.people(version)
    everyone = reach.height
    # The sidebar's department, team, level and job family narrow the picker and the search (a
    # person asked for by URL or another page opens all the same: their history is company-wide).
    filters = _scope_filters()
    people = reach.filter(person_filter(filters)) if filters.narrowed() else reach
    query = (st.session_state.get(SEARCH_KEY) or "").strip()
    st.text_input(
        t("person.search"),
        key=SEARCH_KEY,
        placeholder=t("person.search_hint"),
        on_change=_searched,
        args=(people,),
    )
    hits = match_people(people, query)
    ids = hits["employee_id"].head(pick_max).to_list()
    wanted = shown_person()
    rater_only = None
    if wanted and not reach["employee_id"].eq(wanted).any():  # unknown, or outside the reach
        # a rater a file named who is rated by no one (a director, an external reviewer): no
        # record of their own, but the people they rated (rev33b #3: a dead end before); named
        # only where the viewer may read the name (names30)
        rater = cache.names(version).filter(pl.col("employee_id") == wanted)["name"]
        if rater.len():
            st.info(t("person.rater_only", who=t("person.named", name=rater[0], id=wanted)))
            rater_only = wanted
        else:
            audit.refuse("person", wanted, t("auth.person_outside", employee_id=wanted))
        wanted = None
    elif wanted and wanted not in ids:
        ids.insert(0, wanted)
    # the listed people's names and departments only (the viewer's reach: cache.people is
    # clipped to it)
    listed = reach.filter(pl.col("employee_id").is_in(ids))
    shown = {
        e: option_label(e, n, d)
        for e, n, d in listed.select("employee_id", "name", "department").iter_rows()
    }
    # the picker follows the URL (Back, Forward, a link, another page's route into a person)
    if st.session_state.get(PERSON_KEY) != wanted:
        st.session_state[PERSON_KEY] = wanted
    if wanted:
        st.session_state[LAST_PERSON_KEY] = wanted  # the attribution page opens on them
    named = (reach["name"].fill_null("") != "").any()  # a roster with names (some have none)
    if ids:  # an empty list would read "No options to select" (English) in the box
        st.selectbox(
            t("person.pick" if named else "person.pick_ids"),
            ids,
            index=None,
            format_func=lambda e: shown.get(e, e),
            key=PERSON_KEY,
            on_change=_picked,
            filter_mode=None,  # found through the search box, in the page's words
            placeholder=t("person.none"),
        )
    _found_line(query, hits.height, people.height, pick_max)
    if filters.narrowed():
        where = " / ".join(
            v for v in (filters.department, filters.team, filters.level, filters.job_family) if v
        )
        st.caption(t("person.pick_scope", scope=where, n=people.height, total=everyone))
    if query and hits.height:  # a click on a row opens the person
        tables.show(
            hits.select("employee_id", "name", "department").head(pick_max),
            key="person_hits",
            rows_of=query,
        )
    return wanted or rater_only


def _found_line(query: str, found: int, total: int, pick_max: int) -> None:
    """What the list holds: everyone, what the search found, or the first ``pick_max`` of
    them and how many more a longer search would show; a search that found no one says so."""
    if query and not found:
        st.caption(t("person.search_none", query=query, total=total))
    elif found > pick_max:
        key = "person.pick_more_found" if query else "person.pick_more"
        st.caption(t(key, shown=pick_max, found=found, more=found - pick_max))
    elif query:
        st.caption(t("person.search_found", found=found, query=query))
    else:
        st.caption(t("person.pick_all", total=total))
