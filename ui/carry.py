"""The sidebar's address parameters (``?lang=``, ``?cycle=``, ``?dept=`` ...) carried across a
page change the session itself did not ask to drop them in.

Why: Streamlit's frontend takes to the next page only the parameters of widgets it has already
drawn, and it draws each kind of widget once that kind's code has loaded. On a browser's first
load of the app the sidebar's menu can show 0.1-3.5 s before the filters (session 33: a deep
link to ``/raters?lang=English&dept=…`` at 1400x900, 1 click in 2 too early), and a click on
it then opened the next page company-wide in Chinese, with nothing saying the filters were
lost (rev33a finding 2). Hiding the menu until the widgets are drawn is not possible from the
server (every element, a style sheet too, is drawn as lazily).

So the session remembers, at the end of each run of the entry script, the page it showed and
the values of these parameters (:func:`remember`), and the next run, before any of those
widgets is drawn, puts back the ones that are missing when it opens another page at the
browser's request (:func:`restore`): a click on the menu or on a link of ours. A page change
never drops a filter otherwise: a drawn widget always sends its parameter, and the session's own
changes (a drill-down, a route into a person, a breadcrumb, another dataset) go through
``st.switch_page`` or the parameters directly within a run, so what the run ends with is what it
meant; a page that draws no filters (the Data page) leaves them behind (:func:`ui.state.no_filters`).
A run stopped by the browser's next request remembers nothing at its end: the next run has
already begun over the same session (:func:`remember`). Back and Forward are left alone: the browser then restores an address as it was, and a
missing filter is what that address held. A new session (an address opened, a copied link)
remembers nothing and takes its address as it is.
"""

from __future__ import annotations

import streamlit as st

from ui.stinternals import (
    page_request,
    restore_query_params,
    shown_page,
    superseded,
    unchecked_state,
)
from ui.urlkeys import SIDEBAR_PARAMS

__all__ = ["CARRIED", "remember", "restore"]

#: the parameters of the widgets the entry script draws in every page's sidebar
CARRIED = SIDEBAR_PARAMS
#: session-state key: (the page the last run showed, its carried parameters)
_LAST = "_carried_params"


def _values(params) -> dict[str, str | list[str]]:
    """The carried parameters of ``params`` (the session's ``QueryParams``)."""
    values: dict[str, str | list[str]] = {}
    for key in CARRIED:
        found = params.get_all(key)
        if found:
            values[key] = found if len(found) > 1 or key == "cycle" else found[0]
    return values


def remember() -> None:
    """The page this run shows and the carried parameters' values, for the next run. Called
    once the sidebar's widgets are drawn (before the menu shows: the click that may come next
    finds them remembered) and again at the run's end, in its ``finally`` (what the run itself
    changed since: a drill, a route into a person). Written past Streamlit's stop check (a
    page's ``st.stop()`` ends a run so), but not by a run the browser's next request stopped:
    Streamlit starts that request's run at once, over the same session, and the stopped run,
    ending meanwhile, read the next run's page and address, which a click before the widgets
    were drawn had left without the parameters; it wrote them as the ones to carry, and the
    next run put nothing back (session 34, 1 click in 6 on a loaded machine: the next page in
    Chinese, company-wide). The next run carries what this run remembered before."""
    page = shown_page()
    with unchecked_state() as found:
        if found is not None and page:
            state, params = found
            values = _values(params)
            if superseded():  # asked after reading: see there
                return
            state[_LAST] = (page, values)


def restore() -> dict[str, str | list[str]]:
    """At the start of an entry run, before the sidebar's widgets: when the browser asked for
    another page than the last run showed (not by Back/Forward), put back each carried
    parameter that the last run had and the request lost. Returns what was put back."""
    last = st.session_state.get(_LAST)
    if last is None:
        return {}
    wanted, history = page_request()
    page, had = last
    if history or wanted is None or wanted == page:
        return {}
    lost = {key: value for key, value in had.items() if key not in st.query_params}
    restore_query_params(lost)
    return lost
