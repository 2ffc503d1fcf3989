"""Which dataset the session shows: the sidebar's choice, carried in the URL as ``?dataset=``.

Every database read of the pages goes through :func:`ui.cache.db_path`, which is the current
dataset's file (:mod:`analytics.store.datasets`: each dataset its own database), so a page can
never show two datasets at once. The choice is a widget bound to the query parameter (like the
filters, :mod:`ui.state`), drawn by the entry script on every page when there is more than
one dataset; with one dataset nothing is shown and the default is used.

An unknown ``?dataset=`` (a deleted dataset, a typo in a shared link) stops the page with a
message naming the datasets there are, and a button that opens the first of them.
"""

from __future__ import annotations

import contextlib
import os
import threading

import streamlit as st
from streamlit.errors import StreamlitAPIException

from analytics import schema as S
from analytics.store import datasets
from analytics.store.datasets import Dataset
from ui.i18n import get_lang, t

__all__ = ["KEY", "current", "default_db", "listing", "picker", "switch"]

#: the widget key and query parameter
KEY = "dataset"
_PENDING = "_pending_dataset"
#: the filters of one dataset mean nothing in another: cleared on a switch
_FILTERS = ("cycle", "dept", "team", "level", "family", "role", "employee", "_drilled_cycles")

_lock = threading.Lock()
_memo: dict[str, tuple[object, list[Dataset]]] = {}


def default_db() -> str:
    """The default database (the registry of datasets lies beside it)."""
    return os.environ.get("PERFLENS_DB", S.DEFAULT_DB)


def listing() -> list[Dataset]:
    """The datasets there are (read again only when the registry file changed)."""
    base = default_db()
    path = datasets.registry_path(base)
    try:
        st_ = path.stat()
        stamp: object = (st_.st_ino, st_.st_mtime_ns, st_.st_size)
    except FileNotFoundError:
        stamp = None
    with _lock:
        memo = _memo.get(base)
        if memo is None or memo[0] != stamp:
            memo = (stamp, datasets.live(base))
            _memo[base] = memo
    return memo[1]


def _wanted() -> str | None:
    try:
        return st.session_state.get(KEY) or st.query_params.get(KEY)
    except Exception:  # noqa: BLE001 - outside a script run (a background thread)
        return None


def current() -> Dataset:
    """The session's dataset; the first one (the default, unless deleted) when none is chosen
    or the one chosen is gone (the entry script has already said so and stopped)."""
    live = listing()
    wanted = _wanted()
    for d in live:
        if d.key == wanted:
            return d
    return live[0]


def switch(key: str) -> None:
    """Show the dataset ``key`` from the next run on (the bound widget can only change before
    it is drawn), with the filters of the one before cleared. Call ``st.rerun()`` after."""
    st.session_state[_PENDING] = key


def _clear_filters() -> None:
    for k in _FILTERS:
        st.session_state.pop(k, None)


def _label(key: str) -> str:
    lang = get_lang()
    return next((d.label(lang) for d in listing() if d.key == key), key)


def picker() -> None:
    """The sidebar's dataset choice (entry script, every page); stops the run on an unknown
    ``?dataset=``."""
    ss = st.session_state
    pending = ss.pop(_PENDING, None)
    if pending is not None:
        _clear_filters()
        ss[KEY] = pending
        # a choice not drawn in the run before (one dataset until now) is not bound yet, and
        # Streamlit writes a value set through the session into the URL only for a widget
        # drawn before: the URL is set here. A bound one refuses, and writes it back itself.
        with contextlib.suppress(StreamlitAPIException):
            st.query_params[KEY] = pending
    live = listing()
    keys = [d.key for d in live]
    wanted = _wanted()
    if wanted and wanted not in keys:
        lang = get_lang()
        known = ", ".join(f"{d.label(lang)} (?{KEY}={d.key})" for d in live)
        st.error(t("dataset.unknown_url", name=wanted, known=known), icon=":material/error:")
        if st.button(t("dataset.open_default", name=live[0].label(lang)), key="dataset_reset"):
            ss.pop(KEY, None)
            if KEY in st.query_params:
                del st.query_params[KEY]
            ss[_PENDING] = keys[0]
            st.rerun()
        st.stop()
    if len(live) < 2:
        return
    if KEY not in ss:
        ss[KEY] = wanted or keys[0]
    st.sidebar.selectbox(
        t("dataset.pick"),
        keys,
        key=KEY,
        bind="query-params",
        format_func=_label,
        on_change=_clear_filters,
    )
