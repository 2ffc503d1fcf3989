"""Which dataset the session shows: the sidebar's choice, carried in the URL as ``?dataset=``.

Every database read of the pages goes through :func:`ui.cache.db_path`, which is the current
dataset's file (:mod:`analytics.store.datasets`: each dataset its own database), so a page can
never show two datasets at once. The choice is kept in the session and written into the URL on every run
(:func:`picker` says why not as a widget bound to it, like the filters of :mod:`ui.state`); the
sidebar shows it on every page when there is more than one dataset; with one dataset nothing
is shown and the default is used.

An unknown ``?dataset=`` (a deleted dataset, a typo in a shared link) stops the page with a
message naming the datasets there are, and a button that opens the first of them.
"""

from __future__ import annotations

import os
import threading

import streamlit as st

from analytics import schema as S
from analytics.export.report import file_part
from analytics.store import datasets
from analytics.store.datasets import Dataset
from ui.i18n import choose, get_lang, t
from ui.stinternals import write_bound_params
from ui.urlkeys import DRILLED_KEY, FILTER_PARAMS, LAST_PERSON_KEY, PERSON_KEY

__all__ = ["KEY", "current", "default_db", "export_name", "listing", "picker", "switch"]

#: the query parameter, and the session-state key of the dataset shown
KEY = "dataset"
#: the sidebar's selectbox (not bound to the URL: see :func:`picker`)
_WIDGET = "dataset_pick"
_PENDING = "_pending_dataset"
#: the filters of one dataset mean nothing in another, nor its people: cleared on a switch (the
#: sidebar's filters, a drill's cycles, the person shown and the person last shown)
_FILTERS = (*FILTER_PARAMS, DRILLED_KEY, PERSON_KEY, LAST_PERSON_KEY)
#: the people of one dataset are nobody in another: the person shown (``?employee=``, with its
#: change ``?pair=``; the URL owns them, no widget) and the rater detailed leave the URL too
_URL_PEOPLE = (PERSON_KEY, "pair", "rater")

_lock = threading.Lock()
_memo: dict[str, tuple[object, list[Dataset]]] = {}


def default_db() -> str:
    """The default database (the registry of datasets lies beside it)."""
    return os.environ.get("PERFLENS_DB", S.DEFAULT_DB)


def export_name(name: str) -> str:
    """A download's file name with the shown dataset's name after the product's prefix and the
    language before its extension: ``perflens_kappa.csv`` -> ``perflens_华东试点_kappa_zh.csv``
    (rev19d: two datasets' downloads had the same names; rev19e minor 11: the dataset's key,
    not its name, and a 中文 and an English download the same name)."""
    lang = get_lang()
    dataset = file_part(current().label(lang))
    stem, dot, ext = name.rpartition(".")
    stem, ext = (stem, f".{ext}") if dot else (name, "")
    head, sep, rest = stem.partition("_")
    named = f"{head}_{dataset}_{rest}" if sep and head == "perflens" else f"{dataset}_{stem}"
    return f"{named}_{lang}{ext}"


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
    """Show the dataset ``key`` from the next run on, with the filters of the one before
    cleared. Call ``st.rerun()`` after."""
    st.session_state[_PENDING] = key


def _clear_filters() -> None:
    for k in _FILTERS:
        st.session_state.pop(k, None)
    if any(k in st.query_params for k in _URL_PEOPLE):  # one URL change, not one a parameter
        write_bound_params(dict.fromkeys(_URL_PEOPLE))


def _picked() -> None:
    """The sidebar's choice changed: it is the session's dataset from now on."""
    st.session_state[KEY] = st.session_state[_WIDGET]
    _clear_filters()


def _label(key: str) -> str:
    lang = get_lang()
    return next((d.label(lang) for d in listing() if d.key == key), key)


def picker() -> None:
    """The sidebar's dataset choice (entry script, every page), with ``?dataset=KEY`` written
    into the URL on every run; stops the run on an unknown ``?dataset=``.

    Why not a widget bound to the query parameter like the filters: a bound selectbox writes
    its *worded* option into the URL (``?dataset=ACME+Ltd``, or a Chinese name) and drops a
    key it does not show. So the session keeps the key (``KEY``), the selectbox only shows
    it, and each run writes the key into the URL itself (a parameter bound to no widget may
    be set): after a page switch, a drill-down or an open-person route (whose
    ``switch_page`` replaces the query parameters) the next run puts it back."""
    ss = st.session_state
    pending = ss.pop(_PENDING, None)
    if pending is not None:
        _clear_filters()
        ss[KEY] = pending
    live = listing()
    keys = [d.key for d in live]
    if KEY not in ss and st.query_params.get(KEY):
        ss[KEY] = st.query_params.get(KEY)  # a link: its dataset
    wanted = ss.get(KEY)
    if wanted and wanted not in keys:
        lang = get_lang()
        known = ", ".join(f"{d.label(lang)} (?{KEY}={d.key})" for d in live)
        gone = next((d for d in datasets.deleted(default_db()) if d.key == wanted), None)
        if gone is not None:  # named as the user named it, not by its key (review of issue 19)
            said = t("dataset.deleted_url", name=gone.label(lang), at=gone.deleted_at, known=known)
        else:
            said = t("dataset.unknown_url", name=wanted, known=known)
        st.error(said, icon=":material/error:")
        if st.button(t("dataset.open_default", name=live[0].label(lang)), key="dataset_reset"):
            ss[KEY] = keys[0]
            st.query_params[KEY] = keys[0]
            st.rerun()
        st.stop()
    chosen = wanted or keys[0]
    shown = st.query_params.get(KEY)
    if (len(live) > 1 or shown) and shown != chosen:  # one dataset: no parameter needed
        st.query_params[KEY] = chosen
    if len(live) < 2:
        return
    ss[_WIDGET] = chosen
    st.sidebar.selectbox(
        t("dataset.pick"),
        keys,
        key=_WIDGET,
        format_func=_label,
        on_change=_picked,
        placeholder=choose(keys),
    )
