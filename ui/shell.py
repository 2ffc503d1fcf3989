"""Guard for pages opened directly (deep link on a fresh server).

Streamlit decides per process whether an app uses the legacy ``pages/`` folder (MPA v1), and
that legacy path runs a page *without* the entry script, so the language switch and the shared
filters would be missing. ``st.navigation`` turns the legacy mode off; a page that finds it still
on turns it off and reruns, so the entry script (``dashboard.py``) drives every run.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

__all__ = ["ensure_entry", "page_start"]


def ensure_entry() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_start(title_key: str, breadcrumb: bool = True):
    """The prologue every analysis page shares: entry guard, language, scope, data version,
    title and breadcrumb. Returns ``(lang, scope, version)``."""
    from ui import cache, state
    from ui.i18n import get_lang, t

    ensure_entry()
    scope = state.current_scope()
    st.title(t(title_key))
    if breadcrumb:
        state.breadcrumb(scope)
    return get_lang(), scope, cache.version()
